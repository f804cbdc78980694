// The rollout's commands and reads a client of `serve` needs to drive a rollout (team mode,
// docs/api.md): start, advance, resume and rollback beside hold and sign-off; the plan, the
// caller's identity, the stage history, the audit trail and the evidence behind a decision.

#include "api/apihelpers.h"

#include "api/streamhub.h"
#include "io/evidencejson.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "service/snapshotjson.h"
#include "store/evidencestore.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace rampart::api {

using namespace detail;

std::optional<Principal> ApiService::authenticate(const QByteArray &authorization) const
{
    const QByteArray h = authorization.trimmed();
    if (!h.startsWith("Bearer "))
        return std::nullopt;
    return m_tokens.authenticate(h.mid(7).trimmed());
}

ApiResponse ApiService::commandAnswer(const char *command, const Principal &who,
                                      const std::optional<service::CommandResult> &result, const std::optional<bool> *stateSaved)
{
    m_views->invalidate();
    if (!result)
        return errorResponse(504, "timeout", "",
                             std::string("The controller did not confirm the ") + command + " in time; read the state before retrying.");
    if (result->error) {
        const std::string &code = result->error->code;
        // The state moved under the request (another operator, the watchdog, new evidence):
        // 409 with the controller's sentence, so the client re-reads and decides again.
        if (code == "invalid_transition" || code == "version_conflict" || code == "advance_refused"
            || code == "evidence_incomplete")
            return errorResponse(409, code == "version_conflict" ? "state_moved" : "not_allowed", "", result->error->message);
        return fromError(*result->error);
    }
    QJsonObject out{{QStringLiteral("command"), QString::fromLatin1(command)},
                    {QStringLiteral("actor"), qs(who.name)},
                    {QStringLiteral("audit_queued"), result->auditQueued}};
    if (stateSaved) {
        out.insert(QStringLiteral("state_recorded"), stateSaved->has_value());
        out.insert(QStringLiteral("state_saved"), stateSaved->value_or(false));
    }
    if (result->flag) {
        out.insert(QStringLiteral("percentage"), result->flag->percentage);
        out.insert(QStringLiteral("version"), double(result->flag->version));
        out.insert(QStringLiteral("stage"), qs(result->flag->stage));
        out.insert(QStringLiteral("flag"), service::flagToJson(*result->flag));
    }
    return json(200, out);
}

ApiResponse ApiService::rolloutCommand(const QString &command, const QJsonObject &body, const Principal &who)
{
    if (!m_controller)
        return errorResponse(503, "read_only", "", "This instance does not act on the rollout.");
    auto why = optionalString(body, "reason");
    if (!why)
        return fromError(why.error());
    auto version = optionalNumber(body, "flag_version");
    if (!version)
        return fromError(version.error());
    if (*version && (**version < 0 || **version != std::floor(**version)))
        return errorResponse(400, "invalid_argument", "flag_version", "\"flag_version\" must be a whole number ≥ 0.");
    const std::string reason = why->value_or(QString()).trimmed().toStdString();
    // The flag version the caller's decision was based on (compare-and-set); without one, the
    // flag as it is now.
    const auto basedOn = [&]() -> Result<std::int64_t> {
        if (*version)
            return static_cast<std::int64_t>(**version);
        auto view = m_views->view(true);
        if (!view)
            return view.error();
        if (!(*view)->assembled.flag)
            return makeError("store_unavailable", "redis_url", "The flag could not be read.");
        return (*view)->assembled.flag->version;
    };
    if (command == QLatin1String("start"))
        return commandAnswer("start", who, waitFor(m_controller->startRollout(who.name)));
    if (command == QLatin1String("rollback")) {
        // Like the flag endpoint's rollback: the 200 waits (bounded) until the state follows.
        std::optional<bool> stateSaved;
        const auto result
            = waitFor(m_controller->rollback(who.name, reason.empty() ? "rollback requested through the API" : reason), &stateSaved);
        return commandAnswer("rollback", who, result, &stateSaved);
    }
    if (command == QLatin1String("stop")) {
        // The kill switch: 0% now, whatever the last stable stage; always with a reason.
        if (reason.size() < 5)
            return errorResponse(
                400, "missing_field", "reason",
                "The kill switch needs a \"reason\" (at least 5 characters): it is the audit record's.");
        // Already at 0% (or never written): confirmed, not written again (a second press, or a
        // retry after a lost answer).
        if (service::ControllerBackends *b = m_views->backends()) {
            auto flag = b->flags->read(m_views->plan().flag);
            if ((flag && flag->percentage == 0.0) || (!flag && flag.error().code == flags::flagerrc::NotFound))
                return json(200,
                            {{QStringLiteral("command"), QStringLiteral("stop")},
                             {QStringLiteral("already_applied"), true},
                             {QStringLiteral("actor"), qs(who.name)},
                             {QStringLiteral("percentage"), 0.0}});
        }
        std::optional<bool> stateSaved;
        const auto result = waitFor(m_controller->killSwitch(who.name, reason), &stateSaved);
        return commandAnswer("stop", who, result, &stateSaved);
    }
    if (command == QLatin1String("advance")) {
        auto v = basedOn();
        if (!v)
            return fromError(v.error());
        return commandAnswer("advance", who, waitFor(m_controller->requestAdvance(who.name, *v)));
    }
    if (command == QLatin1String("resume")) {
        if (reason.size() < 5)
            return errorResponse(400, "missing_field", "reason",
                                 "A resume needs a \"reason\": why the hold is over (at least 5 characters).");
        auto v = basedOn();
        if (!v)
            return fromError(v.error());
        return commandAnswer("resume", who, waitFor(m_controller->resume(who.name, reason, *v)));
    }
    return errorResponse(404, "not_found", "",
                         "No rollout command \"" + command.toStdString()
                             + "\" (start, advance, hold, resume, rollback, stop, sign-off).");
}

ApiResponse ApiService::history()
{
    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    QJsonArray rows;
    for (const rollout::TransitionEvent &e : (*view)->history)
        rows.append(io::transitionToJson(e));
    return json(200, {{QStringLiteral("agent"), qs(m_views->plan().agent)}, {QStringLiteral("history"), rows}});
}

ApiResponse ApiService::auditRead(const QString &query)
{
    const QUrlQuery q(query);
    bool ok = true;
    const qint64 after = q.hasQueryItem(QStringLiteral("after")) ? q.queryItemValue(QStringLiteral("after")).toLongLong(&ok) : 0;
    if (!ok || after < 0)
        return errorResponse(400, "invalid_argument", "after", "after must be an audit record id (a whole number ≥ 0).");
    const int limit = q.hasQueryItem(QStringLiteral("limit")) ? q.queryItemValue(QStringLiteral("limit")).toInt(&ok) : 100;
    if (!ok || limit < 1 || limit > 1000)
        return errorResponse(400, "invalid_argument", "limit", "limit must be a whole number from 1 to 1000.");
    service::ControllerBackends *b = m_views->backends();
    if (!b || !b->store)
        return errorResponse(503, "store_unavailable", "", "The audit trail's store cannot be opened.");
    auto rows = b->store->auditTrail(after, limit);
    if (!rows)
        return fromError(rows.error());
    QJsonArray out;
    for (const store::AuditEntry &e : *rows)
        out.append(service::auditEntryToJson(e));
    return json(200, {{QStringLiteral("records"), out},
                      {QStringLiteral("next_after"), rows->empty() ? after : static_cast<qint64>(rows->back().id)},
                      {QStringLiteral("more"), static_cast<int>(rows->size()) == limit}});
}

ApiResponse ApiService::auditImport(const QJsonObject &body, const Principal &who)
{
    const QJsonValue records = body.value(QLatin1String("records"));
    if (!records.isArray() || records.toArray().isEmpty() || records.toArray().size() > 1000)
        return errorResponse(400, "wrong_type", "records", "\"records\" must be an array of 1 to 1000 audit records.");
    const rollout::Plan &plan = m_views->plan();
    std::vector<store::AuditEntry> entries;
    const QJsonArray array = records.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const std::string path = "records[" + std::to_string(i) + "]";
        auto e = service::auditEntryFromJson(array.at(i).toObject(), path);
        if (!e)
            return fromError(e.error());
        // A client imports only its own flag writes: never a record under another name, of
        // another flag, or of anything but a rollback.
        if (e->actor != who.name)
            return errorResponse(403, "forbidden", path + ".actor",
                                 path + " is by " + e->actor + "; a token imports only its own records (" + who.name
                                     + ").");
        if (e->subject != plan.flag || (e->action != "rollback"))
            return errorResponse(400, "invalid_argument", path,
                                 path + " must be a rollback of the flag " + plan.flag + " (a break-glass record).");
        entries.push_back(std::move(e).value());
    }
    service::ControllerBackends *b = m_views->backends();
    if (!b || !b->store)
        return errorResponse(503, "store_unavailable", "", "The audit trail's store cannot be opened.");
    auto stored = b->store->appendAuditBatch(entries);
    if (!stored)
        return fromError(stored.error());
    QJsonArray ids;
    for (const store::AuditEntry &e : entries)
        ids.append(qs(e.recordId));
    return json(200,
                {{QStringLiteral("stored"), static_cast<qint64>(stored->stored)},
                 {QStringLiteral("already_stored"), static_cast<qint64>(stored->alreadyStored)},
                 {QStringLiteral("record_ids"), ids}});
}

ApiResponse ApiService::evidenceRead(const std::string &hash)
{
    if (m_stream)
        if (auto document = m_stream->evidence(hash))
            return json(200, {{QStringLiteral("evidence_hash"), qs(hash)}, {QStringLiteral("evidence"), *document}});
    if (auto view = m_views->view(); view && (*view)->evidenceHash == hash)
        return json(200, {{QStringLiteral("evidence_hash"), qs(hash)}, {QStringLiteral("evidence"), (*view)->evidenceDocument}});
    return errorResponse(404, "not_found", "hash",
                         "No evidence with hash " + hash
                             + " is held here: this instance keeps the current view's and the last 64 evaluations' evidence.");
}

ApiResponse ApiService::planRead()
{
    return json(200, io::planToJson(m_views->plan()));
}

} // namespace rampart::api
