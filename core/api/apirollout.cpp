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
    return errorResponse(404, "not_found", "", "No rollout command \"" + command.toStdString()
                                                   + "\" (start, advance, hold, resume, rollback, sign-off).");
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
