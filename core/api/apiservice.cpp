#include "api/apiservice.h"

#include "api/apihelpers.h"

#include "api/agentmetrics.h"
#include "io/decisionjson.h"
#include "io/evidencejson.h"
#include "io/statejson.h"
#include "io/statsjson.h"
#include "service/snapshotjson.h"
#include "store/rolloutrecords.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace rampart::api {

namespace detail {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

ApiResponse json(int status, const QJsonObject &object)
{
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json"};
}

ApiResponse fromError(const Error &e)
{
    int status = 400;
    if (e.code == "store_unavailable" || e.code == "telemetry_unavailable" || e.code == "not_started" || e.code == "busy")
        status = 503;
    else if (e.code == "version_conflict" || e.code == "invalid_transition")
        status = 409;
    else if (e.code == "state_unreadable" || e.code == "store_query_failed" || e.code == "audit_chain_broken"
             || e.code == "write_not_confirmed")
        status = 500;
    return errorResponse(status, e.code, e.field, e.message);
}

/// Optional number field: absent → nullopt; wrong type → error naming it.
Result<std::optional<double>> optionalNumber(const QJsonObject &body, const char *field)
{
    const QJsonValue v = body.value(QLatin1String(field));
    if (v.isUndefined() || v.isNull())
        return std::optional<double>();
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return makeError("wrong_type", field, std::string("\"") + field + "\" must be a number.");
    return std::optional<double>(v.toDouble());
}

Result<std::optional<QString>> optionalString(const QJsonObject &body, const char *field)
{
    const QJsonValue v = body.value(QLatin1String(field));
    if (v.isUndefined() || v.isNull())
        return std::optional<QString>();
    if (!v.isString())
        return makeError("wrong_type", field, std::string("\"") + field + "\" must be a string.");
    return std::optional<QString>(v.toString());
}

QString pathSegment(const QString &path, int index)
{
    return path.section(QLatin1Char('/'), index, index);
}

} // namespace detail

using namespace detail;

ApiResponse errorResponse(int status, const std::string &code, const std::string &field, const std::string &message)
{
    QJsonObject o{{QStringLiteral("error"), qs(code)}, {QStringLiteral("message"), qs(message)}};
    if (!field.empty())
        o.insert(QStringLiteral("field"), qs(field));
    return json(status, o);
}

QStringList exportedMetricNames()
{
    return {QStringLiteral("rampart_rollout_percentage"),     QStringLiteral("rampart_rollout_flag_version"),
            QStringLiteral("rampart_rollout_stage_index"),    QStringLiteral("rampart_rollout_status"),
            QStringLiteral("rampart_rollout_decision"),       QStringLiteral("rampart_gate_status"),
            QStringLiteral("rampart_sequential_looks_taken"), QStringLiteral("rampart_evidence_missing_parts"),
            QStringLiteral("rampart_flag_write_latency_seconds"), QStringLiteral("rampart_metric_mean"),
            QStringLiteral("rampart_api_responses_total"),      QStringLiteral("rampart_cluster_leader"),
            QStringLiteral("rampart_cluster_term"),             QStringLiteral("rampart_api_forwarded_total")};
}

ApiService::ApiService(std::shared_ptr<RolloutViewSource> views, service::RolloutController *controller, TokenStore tokens,
                       ApiOptions options)
    : m_views(std::move(views)), m_controller(controller), m_tokens(std::move(tokens)), m_options(options)
{
    follow(controller);
}

ApiService::~ApiService() = default;

void ApiService::follow(service::RolloutController *controller)
{
    m_context = std::make_unique<QObject>(); // drops the previous controller's connections
    m_finished.clear();
    m_recorded.reset();
    const auto wake = [this] {
        for (QEventLoop *loop : m_waiting)
            loop->quit();
    };
    if (!controller) {
        wake();
        return;
    }
    // Queued from the controller's threads to this one: delivered in the wait's loop.
    QObject::connect(controller, &service::RolloutController::commandFinished, m_context.get(),
                     [this, wake](const service::CommandResult &r) {
                         if (r.kind == service::CommandKind::Evaluate)
                             return;
                         m_finished.insert_or_assign(r.id, r);
                         while (m_finished.size() > 256) // results nobody waits for (timed out)
                             m_finished.erase(m_finished.begin());
                         wake();
                     });
    QObject::connect(controller, &service::RolloutController::rollbackRecorded, m_context.get(),
                     [this, wake](std::int64_t version, bool saved) {
                         if (!m_recorded || version >= m_recorded->first)
                             m_recorded = std::pair{version, saved};
                         wake();
                     });
    // An instance that steps down destroys its controller (maybe while a request waits).
    QObject::connect(controller, &QObject::destroyed, m_context.get(), wake);
}

bool ApiService::rateLimited(const QString &remote)
{
    const double rate = m_options.limits.requestsPerSecond;
    if (rate <= 0)
        return false;
    const auto now = std::chrono::steady_clock::now();
    const double burst = 2.0 * rate;
    auto [it, inserted] = m_buckets.try_emplace(remote, Bucket{burst, now});
    Bucket &b = it->second;
    if (!inserted) {
        b.tokens = std::min(burst, b.tokens + std::chrono::duration<double>(now - b.at).count() * rate);
        b.at = now;
    }
    if (b.tokens < 1.0)
        return true;
    b.tokens -= 1.0;
    if (m_buckets.size() > 10000) // forget idle clients
        std::erase_if(m_buckets, [&](const auto &kv) { return now - kv.second.at > std::chrono::seconds(10); });
    return false;
}

ApiResponse ApiService::handle(const ApiRequest &request)
{
    ApiResponse r = [&]() -> ApiResponse {
        if (rateLimited(request.remote))
            return errorResponse(429, "rate_limited", "", "Too many requests from this address; slow down.");
        if (request.body.size() > m_options.limits.maxBodyBytes)
            return errorResponse(413, "body_too_large", "body",
                                 "The request body is larger than " + std::to_string(m_options.limits.maxBodyBytes) + " bytes.");
        // The body is JSON whatever the content type says (curl -d sends a form type).
        QJsonObject body;
        if (!request.body.trimmed().isEmpty()) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(request.body, &pe);
            if (pe.error != QJsonParseError::NoError)
                return errorResponse(400, "malformed_json", "body",
                                     "The body is not valid JSON: " + pe.errorString().toStdString() + " at offset "
                                         + std::to_string(pe.offset) + ".");
            if (!doc.isObject())
                return errorResponse(400, "wrong_type", "body", "The body must be a JSON object.");
            body = doc.object();
        }
        std::optional<Principal> who;
        if (!request.authorization.isEmpty() && !(who = authenticate(request.authorization)))
            return errorResponse(401, "unauthorized", "authorization", "The bearer token is not valid.");
        return route(request, body, who);
    }();
    ++m_responses[r.status];
    return r;
}

ApiResponse ApiService::route(const ApiRequest &request, const QJsonObject &body, const std::optional<Principal> &who)
{
    const QString &path = request.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    const auto methodNotAllowed = [&] {
        return errorResponse(405, "method_not_allowed", "", "Method " + request.method.toStdString() + " is not allowed on "
                                                                + path.toStdString() + ".");
    };
    const auto needs = [&](Role role) -> std::optional<ApiResponse> {
        if (!who)
            return errorResponse(401, "unauthorized", "authorization",
                                 "This request changes state: send \"Authorization: Bearer <token>\".");
        if (!allows(who->role, role))
            return errorResponse(403, "forbidden", "", "Role " + std::string(roleName(who->role)) + " may not do this; it needs "
                                                           + roleName(role) + ".");
        return std::nullopt;
    };

    if (request.listener != ApiRequest::Listener::Api && path.startsWith(QLatin1String("/api/flags/"))) {
        const QString flag = path.mid(11);
        if (flag.isEmpty() || flag.contains(QLatin1Char('/')))
            return errorResponse(404, "not_found", "flag", "No such flag endpoint.");
        if (get)
            return flagRead(flag.toStdString());
        if (!post)
            return methodNotAllowed();
        if (auto denied = needs(Role::Operator))
            return *denied;
        if (auto forwarded = forwardIfFollower(request))
            return *forwarded;
        return flagWrite(flag.toStdString(), body, *who);
    }
    if (request.listener == ApiRequest::Listener::Flags)
        return errorResponse(404, "not_found", "", "This listener serves only /api/flags/<flag>.");
    if (path == QLatin1String("/health"))
        return json(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                          {QStringLiteral("role"), m_election ? QString::fromLatin1(service::leaderRoleName(m_election->status().role))
                                                              : QStringLiteral("single")},
                          {QStringLiteral("acting"), m_controller != nullptr}});
    // Reads without arguments: GET (or HEAD) only.
    using Read = ApiResponse (ApiService::*)();
    static const std::pair<QLatin1String, Read> reads[]
        = {{QLatin1String("/api/cluster"), &ApiService::cluster},
           {QLatin1String("/metrics"), &ApiService::prometheus},
           {QLatin1String("/api/rollout/state"), &ApiService::state},
           {QLatin1String("/api/rollout/plan"), &ApiService::planRead},
           {QLatin1String("/api/rollout/history"), &ApiService::history}};
    for (const auto &[readPath, read] : reads)
        if (path == readPath)
            return get ? (this->*read)() : methodNotAllowed();
    if (path == QLatin1String("/api/statistics/significance-test")) {
        if (!get && !post)
            return methodNotAllowed();
        return significance(body);
    }
    if (path == QLatin1String("/api/statistics/sample-size")) {
        if (!post)
            return methodNotAllowed();
        return sampleSize(body);
    }
    if (path == QLatin1String("/api/rollout/decision")) {
        if (!get && !post)
            return methodNotAllowed();
        return decision(body, request.ifNoneMatch);
    }
    if (path == QLatin1String("/api/rollout/sign-off")) {
        if (!post)
            return methodNotAllowed();
        if (auto denied = needs(Role::Stakeholder))
            return *denied;
        if (auto forwarded = forwardIfFollower(request))
            return *forwarded;
        return signOff(body, *who);
    }
    if (path == QLatin1String("/api/rollout/hold")) {
        if (!post)
            return methodNotAllowed();
        if (auto denied = needs(Role::Operator))
            return *denied;
        if (auto forwarded = forwardIfFollower(request))
            return *forwarded;
        return hold(body, *who);
    }
    if (path == QLatin1String("/api/stream"))
        return errorResponse(
            426, "upgrade_required", "",
            "/api/stream is a WebSocket: open it with ws:// or wss:// (docs/api.md, \"GET /api/stream\").");
    if (path == QLatin1String("/api/whoami")) {
        if (!get)
            return methodNotAllowed();
        if (!who)
            return errorResponse(401, "unauthorized", "authorization",
                                 "Send \"Authorization: Bearer <token>\" to be known.");
        return json(200,
                    {{QStringLiteral("name"), qs(who->name)},
                     {QStringLiteral("role"), QString::fromLatin1(roleName(who->role))}});
    }
    if (path == QLatin1String("/api/audit/import")) {
        if (!post)
            return methodNotAllowed();
        if (auto denied = needs(Role::Operator))
            return *denied;
        return auditImport(body, *who);
    }
    if (path == QLatin1String("/api/audit")) {
        if (!get)
            return methodNotAllowed();
        return auditRead(request.query);
    }
    if (path.startsWith(QLatin1String("/api/evidence/")) && path.count(QLatin1Char('/')) == 3) {
        if (!get)
            return methodNotAllowed();
        return evidenceRead(pathSegment(path, 3).toStdString());
    }
    if (path.startsWith(QLatin1String("/api/rollout/")) && path.count(QLatin1Char('/')) == 3) {
        static const QStringList commands{QStringLiteral("start"), QStringLiteral("advance"), QStringLiteral("resume"),
                                          QStringLiteral("rollback"), QStringLiteral("stop")};
        const QString command = pathSegment(path, 3);
        if (commands.contains(command)) {
            if (!post)
                return methodNotAllowed();
            if (auto denied = needs(Role::Operator))
                return *denied;
            if (auto forwarded = forwardIfFollower(request))
                return *forwarded;
            return rolloutCommand(command, body, *who);
        }
    }
    if (path.startsWith(QLatin1String("/api/metrics/")) && path.count(QLatin1Char('/')) == 4) {
        if (!get)
            return methodNotAllowed();
        return agentMetrics(pathSegment(path, 3).toStdString(), pathSegment(path, 4), request.query);
    }
    return errorResponse(404, "not_found", "", "No endpoint " + path.toStdString() + " (see docs/api.md).");
}

ApiResponse ApiService::decision(const QJsonObject &body, const QByteArray &ifNoneMatch)
{
    auto current = optionalNumber(body, "current_percentage");
    auto target = optionalNumber(body, "target_percentage");
    if (!current)
        return fromError(current.error());
    if (!target)
        return fromError(target.error());
    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    const RolloutView &v = **view;
    const rollout::Plan &plan = m_views->plan();
    const double saved = v.loaded.state.percentage(plan);
    if (m_decisionBytes.view != *view) {
        m_decisionBytes.view = *view;
        m_decisionBytes.body = QJsonDocument(decisionJson(plan, v)).toJson(QJsonDocument::Compact);
        // From the bytes themselves: the same answer has the same tag, whichever view or
        // instance served it, and any change (evaluated_at included) makes a new one.
        m_decisionBytes.etag = '"'
            + QCryptographicHash::hash(m_decisionBytes.body, QCryptographicHash::Sha256)
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                  .left(27)
            + '"';
    }
    // The caller's numbers only add fields about the request; the decision is the saved state's.
    QJsonObject extra;
    if (*current && std::fabs(**current - saved) > 1e-9)
        extra.insert(QStringLiteral("note"),
                     QStringLiteral("current_percentage %1 differs from the saved state (%2%); the "
                                    "decision is made on the saved state.")
                         .arg(**current)
                         .arg(saved));
    if (*target) {
        const auto stage = v.loaded.state.stage;
        const bool isNext = stage && *stage + 1 < plan.stages.size()
            && std::fabs(plan.stages[*stage + 1].percentage - **target) < 1e-9;
        extra.insert(QStringLiteral("target_percentage_requested"), **target);
        extra.insert(QStringLiteral("target_is_next_stage"), isNext);
    }
    if (extra.isEmpty()) {
        if (!ifNoneMatch.isEmpty() && ifNoneMatch.trimmed() == m_decisionBytes.etag)
            return {304, {}, "application/json", m_decisionBytes.etag};
        return {200, m_decisionBytes.body, "application/json", m_decisionBytes.etag};
    }
    // The cached object's bytes with the request's fields appended (none of them is in it).
    QByteArray out = m_decisionBytes.body;
    out.chop(1);
    out += ',' + QJsonDocument(extra).toJson(QJsonDocument::Compact).mid(1);
    return {200, out, "application/json", {}};
}

QJsonObject ApiService::decisionJson(const rollout::Plan &plan, const RolloutView &v)
{
    const double saved = v.loaded.state.percentage(plan);
    QJsonObject out;
    if (v.decision) {
        out = io::decisionToJson(*v.decision);
        const char *d = v.decision->action == rollout::Action::Rollback ? "rollback"
            : (v.decision->action == rollout::Action::Advance || v.decision->action == rollout::Action::Complete) ? "advance"
                                                                                                                   : "hold";
        out.insert(QStringLiteral("decision"), QString::fromLatin1(d));
        out.insert(QStringLiteral("action"), QString::fromLatin1(rollout::actionName(v.decision->action)));
    } else {
        out.insert(QStringLiteral("decision"), QStringLiteral("hold"));
        out.insert(QStringLiteral("action"), QStringLiteral("none"));
        out.insert(QStringLiteral("reason"), QStringLiteral("The rollout is %1 at %2%: there is nothing to move.")
                                                 .arg(QString::fromLatin1(rollout::statusName(v.loaded.state.status)))
                                                 .arg(saved));
        out.insert(QStringLiteral("reasons"), QJsonArray());
        out.insert(QStringLiteral("gates"), QJsonArray());
    }
    out.insert(QStringLiteral("status"), QString::fromLatin1(rollout::statusName(v.loaded.state.status)));
    out.insert(QStringLiteral("saved_percentage"), saved);
    out.insert(QStringLiteral("evidence_hash"), qs(v.evidenceHash));
    QJsonArray missing;
    for (const service::MissingPart &m : v.assembled.missing)
        missing.append(QJsonObject{{QStringLiteral("part"), qs(m.part)}, {QStringLiteral("gate"), qs(m.gate)},
                                   {QStringLiteral("code"), qs(m.code)}, {QStringLiteral("message"), qs(m.message)}});
    out.insert(QStringLiteral("missing"), missing);
    return out;
}

ApiResponse ApiService::state()
{
    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    const RolloutView &v = **view;
    QJsonObject out = io::stateToJson(m_views->plan(), v.loaded.state);
    QJsonArray problems;
    for (const service::StateProblem &p : v.loaded.problems)
        problems.append(QJsonObject{{QStringLiteral("code"), qs(p.code)}, {QStringLiteral("message"), qs(p.message)}});
    return json(200, {{QStringLiteral("state"), out},
                      {QStringLiteral("percentage"), v.loaded.state.percentage(m_views->plan())},
                      {QStringLiteral("problems"), problems}});
}

ApiResponse ApiService::flagRead(const std::string &flag)
{
    const rollout::Plan &plan = m_views->plan();
    if (flag != plan.flag && (plan.flagAlias.empty() || flag != plan.flagAlias))
        return errorResponse(404, "unknown_flag", "flag", "This service drives the flag " + plan.flag + ", not " + flag + ".");
    auto *b = m_views->backends();
    if (!b)
        return errorResponse(503, "store_unavailable", "redis_url", "The flag store cannot be opened.");
    auto f = b->flags->read(plan.flag);
    flags::FlagState s;
    if (f)
        s = *f;
    else if (f.error().code != "not_found")
        return fromError(f.error());
    s.name = plan.flag;
    QJsonObject out = service::flagToJson(s);
    out.insert(QStringLiteral("alias"), qs(plan.flagAlias));
    return json(200, out);
}

std::optional<service::CommandResult> ApiService::waitFor(std::uint64_t id, std::optional<bool> *stateSaved)
{
    // Rollbacks recorded by the worker, by flag version: the lane confirms a rollback as soon
    // as the flag holds it, and the worker saves the state right after. With `stateSaved`,
    // the same wait goes on (at most StateFollowTimeout) until the state follows the flag.
    service::RolloutController *const controller = m_controller;
    std::optional<service::CommandResult> result;
    const auto deadline = std::chrono::steady_clock::now() + m_options.limits.commandTimeout;
    std::optional<std::chrono::steady_clock::time_point> followUntil;
    for (;;) {
        if (!result) {
            if (auto it = m_finished.find(id); it != m_finished.end()) {
                result = std::move(it->second);
                m_finished.erase(it);
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (result) {
            if (!stateSaved || result->error || !result->flag
                || (result->kind != service::CommandKind::Rollback && result->kind != service::CommandKind::KillSwitch))
                break;
            if (m_recorded && m_recorded->first >= result->flag->version) {
                *stateSaved = m_recorded->second;
                break;
            }
            if (!followUntil)
                followUntil = now + StateFollowTimeout;
        }
        const auto until = followUntil ? std::min(*followUntil, deadline) : deadline;
        if (now >= until || m_controller != controller)
            break;
        QEventLoop loop;
        QTimer::singleShot(std::chrono::duration_cast<std::chrono::milliseconds>(until - now)
                               + std::chrono::milliseconds(1),
                           &loop, &QEventLoop::quit);
        m_waiting.push_back(&loop);
        loop.exec();
        std::erase(m_waiting, &loop);
    }
    return result;
}

ApiResponse ApiService::flagWrite(const std::string &flag, const QJsonObject &body, const Principal &who)
{
    const rollout::Plan &plan = m_views->plan();
    if (flag != plan.flag && (plan.flagAlias.empty() || flag != plan.flagAlias))
        return errorResponse(404, "unknown_flag", "flag", "This service drives the flag " + plan.flag + ", not " + flag + ".");
    if (!m_controller)
        return errorResponse(503, "read_only", "", "This instance does not act on the rollout.");
    const QJsonValue pv = body.value(QLatin1String("percentage"));
    if (pv.isUndefined())
        return errorResponse(400, "missing_field", "percentage", "The required field \"percentage\" is missing.");
    if (!pv.isDouble() || !(pv.toDouble() >= 0.0 && pv.toDouble() <= 100.0))
        return errorResponse(400, "wrong_type", "percentage", "\"percentage\" must be a number from 0 to 100.");
    auto why = optionalString(body, "reason");
    if (!why)
        return fromError(why.error());
    const double wanted = pv.toDouble();

    // A rollback must not wait for an evidence assembly: it is judged on the cached view's
    // state and the flag as Redis has it now. An advance is judged on a fresh view.
    QElapsedTimer timer;
    timer.start();
    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    double current = (*view)->assembled.flag ? (*view)->assembled.flag->percentage : (*view)->loaded.state.percentage(plan);
    if (auto *b = m_views->backends())
        if (auto f = b->flags->read(plan.flag))
            current = f->percentage;
    {
        const rollout::RolloutState &s0 = (*view)->loaded.state;
        const double target = s0.lastStableStage ? plan.stages[*s0.lastStableStage].percentage : 0.0;
        if (!(wanted < current && std::fabs(wanted - target) < 1e-9)) {
            view = m_views->view(true);
            if (!view)
                return fromError(view.error());
        }
    }
    const RolloutView &v = **view;
    const rollout::RolloutState &s = v.loaded.state;
    const double rollbackTo = s.lastStableStage ? plan.stages[*s.lastStableStage].percentage : 0.0;
    const auto refuse = [&](const std::string &message, const QJsonArray &reasons) {
        ApiResponse r = errorResponse(409, "not_allowed", "percentage", message);
        QJsonObject o = QJsonDocument::fromJson(r.body).object();
        o.insert(QStringLiteral("reasons"), reasons);
        o.insert(QStringLiteral("current_percentage"), current);
        r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        return r;
    };

    // A rollback that is already in effect (the flag is at the rollback target, e.g. a retry
    // after a leader died between writing and answering) is confirmed, not refused and not
    // written again.
    const bool aboveTarget = s.stage && plan.stages[*s.stage].percentage > rollbackTo + 1e-9;
    if (std::fabs(wanted - current) < 1e-9 && std::fabs(wanted - rollbackTo) < 1e-9
        && (s.status == rollout::RolloutStatus::RolledBack || aboveTarget))
        return json(200, {{QStringLiteral("command"), QStringLiteral("rollback")},
                          {QStringLiteral("already_applied"), true},
                          {QStringLiteral("actor"), qs(who.name)},
                          {QStringLiteral("percentage"), current}});

    std::uint64_t id = 0;
    QString kind;
    if (wanted < current && std::fabs(wanted - rollbackTo) < 1e-9) {
        id = m_controller->rollback(who.name, why->value_or(QStringLiteral("rollback requested through the API")).toStdString());
        kind = QStringLiteral("rollback");
    } else {
        const auto stage = s.stage;
        const bool running = s.status == rollout::RolloutStatus::Running || s.status == rollout::RolloutStatus::Holding
            || s.status == rollout::RolloutStatus::AwaitingSignOff;
        const bool isNext = running && stage && *stage + 1 < plan.stages.size()
            && std::fabs(plan.stages[*stage + 1].percentage - wanted) < 1e-9;
        if (!isNext) {
            std::string msg = "Only the plan's next stage or a rollback may be written. The rollout is "
                + std::string(rollout::statusName(s.status)) + " at " + QString::number(current).toStdString() + "%";
            if (running && stage && *stage + 1 < plan.stages.size())
                msg += "; the next stage is " + QString::number(plan.stages[*stage + 1].percentage).toStdString() + "%";
            msg += "; a rollback goes to " + QString::number(rollbackTo).toStdString() + "%.";
            return refuse(msg, {});
        }
        if (!v.decision || v.decision->action != rollout::Action::Advance) {
            QJsonObject d = v.decision ? io::decisionToJson(*v.decision) : QJsonObject();
            return refuse("The gates do not pass: the decision is "
                              + std::string(v.decision ? rollout::actionName(v.decision->action) : "none") + ".",
                          d.value(QStringLiteral("reasons")).toArray());
        }
        if (!v.assembled.flag)
            return errorResponse(503, "store_unavailable", "redis_url", "The flag could not be read.");
        id = m_controller->requestAdvance(who.name, v.assembled.flag->version);
        kind = QStringLiteral("advance");
    }
    // State in step with the flag (issue 16): a rollback's 200 waits (bounded) until the state
    // transition is saved, so the next read of the state or the decision already shows it.
    std::optional<bool> stateSaved;
    const auto result = waitFor(id, &stateSaved);
    const bool stateRecorded = stateSaved.has_value();
    m_views->invalidate();
    if (!result)
        return errorResponse(504, "timeout", "", "The controller did not confirm the write in time.");
    if (result->error) {
        if (result->error->code == "version_conflict" || result->error->code == "evidence_incomplete"
            || result->error->code == "invalid_transition")
            return refuse(result->error->message, {});
        return fromError(*result->error);
    }
    m_lastFlagWriteSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    QJsonObject out{{QStringLiteral("command"), kind},
                    {QStringLiteral("actor"), qs(who.name)},
                    {QStringLiteral("audit_queued"), result->auditQueued},
                    {QStringLiteral("latency_ms"), *m_lastFlagWriteSeconds * 1000.0}};
    if (kind == QLatin1String("rollback")) {
        out.insert(QStringLiteral("state_recorded"), stateRecorded);
        out.insert(QStringLiteral("state_saved"), stateSaved.value_or(false));
    }
    if (result->flag) {
        out.insert(QStringLiteral("percentage"), result->flag->percentage);
        out.insert(QStringLiteral("version"), double(result->flag->version));
        out.insert(QStringLiteral("stage"), qs(result->flag->stage));
    }
    return json(200, out);
}

ApiResponse ApiService::signOff(const QJsonObject &body, const Principal &who)
{
    if (!m_controller)
        return errorResponse(503, "read_only", "", "This instance does not act on the rollout.");
    const QJsonValue approve = body.value(QLatin1String("approve"));
    if (!approve.isBool())
        return errorResponse(400, "wrong_type", "approve", "\"approve\" must be true or false.");
    auto comment = optionalString(body, "comment");
    auto hash = optionalString(body, "evidence_hash");
    if (!comment)
        return fromError(comment.error());
    if (!hash)
        return fromError(hash.error());
    std::string evidenceHash = hash->value_or(QString()).toStdString();
    if (evidenceHash.empty()) {
        auto view = m_views->view(true);
        if (!view)
            return fromError(view.error());
        evidenceHash = (*view)->evidenceHash;
    }
    const auto result = waitFor(m_controller->signOff(who.name, roleName(who.role), approve.toBool(),
                                                      comment->value_or(QString()).toStdString(), evidenceHash));
    m_views->invalidate();
    if (!result)
        return errorResponse(504, "timeout", "", "The controller did not confirm the sign-off in time.");
    if (result->error)
        return fromError(*result->error);
    return json(200, {{QStringLiteral("signed_off_by"), qs(who.name)},
                      {QStringLiteral("approve"), approve.toBool()},
                      {QStringLiteral("evidence_hash"), qs(evidenceHash)},
                      {QStringLiteral("audit_queued"), result->auditQueued}});
}

ApiResponse ApiService::agentMetrics(const std::string &agent, const QString &which, const QString &query)
{
    const rollout::Plan &plan = m_views->plan();
    if (agent != plan.agent)
        return errorResponse(404, "unknown_agent", "agent", "This service runs the rollout of " + plan.agent + ", not " + agent + ".");
    static const QStringList known{QStringLiteral("stability"), QStringLiteral("comparison"), QStringLiteral("business-impact"),
                                   QStringLiteral("long-term-stability"), QStringLiteral("final-assessment")};
    if (!known.contains(which))
        return errorResponse(404, "not_found", "", "No agent metric \"" + which.toStdString() + "\" (" + known.join(QStringLiteral(", ")).toStdString() + ").");
    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    const bool namedStage
        = which == QLatin1String("stability") && QUrlQuery(query).hasQueryItem(QStringLiteral("stage"));
    auto out = namedStage ? stageStability(**view, query) : agentMetricsJson(plan, **view, which);
    if (!out)
        return out.error().code == "not_found" ? errorResponse(404, "not_found", "", out.error().message) : fromError(out.error());
    return json(200, *out);
}

Result<QJsonObject> ApiService::stageStability(const RolloutView &view, const QString &query)
{
    const rollout::Plan &plan = m_views->plan();
    const QString text = QUrlQuery(query).queryItemValue(QStringLiteral("stage"), QUrl::FullyDecoded).trimmed();
    bool ok = false;
    const double percentage = text.endsWith(QLatin1Char('%')) ? text.chopped(1).toDouble(&ok) : text.toDouble(&ok);
    const auto stage = std::find_if(plan.stages.begin(), plan.stages.end(), [&](const rollout::StageSpec &st) {
        return ok && std::fabs(st.percentage - percentage) < 1e-9;
    });
    if (stage == plan.stages.end()) {
        std::string known;
        for (const rollout::StageSpec &st : plan.stages)
            known += (known.empty() ? "" : ", ") + QString::number(st.percentage).toStdString();
        return makeError(errc::InvalidArgument, "stage",
                         "stage must be one of the plan's stage percentages (" + known + "), got \""
                             + text.toStdString() + "\".");
    }
    const rollout::TimePoint now = view.at;
    const std::vector<StageWindow> windows = stageWindows(view.history, percentage, now);
    QJsonObject out = agentMetricsCommon(plan, view);
    out.insert(QStringLiteral("stage"), percentage);
    out.insert(QStringLiteral("stage_source"), QStringLiteral("query"));
    out.insert(QStringLiteral("incidents_window"), QStringLiteral("stage"));
    QJsonArray spans;
    for (const StageWindow &w : windows)
        spans.append(QJsonObject{{QStringLiteral("from"), io::formatTime(w.from)},
                                 {QStringLiteral("to"), io::formatTime(w.to)}});
    out.insert(QStringLiteral("windows"), spans);
    service::ControllerBackends *b = m_views->backends();
    auto *records = b ? dynamic_cast<store::RolloutRecords *>(b->store.get()) : nullptr;
    std::optional<int> incidents = windows.empty() ? std::optional<int>() : std::optional<int>(0);
    for (const StageWindow &w : windows) {
        auto n = records ? records->incidentCount(plan.agent, w.from, w.to)
                         : Result<int>(makeError("store_unavailable", "", ""));
        if (!n) {
            incidents.reset();
            break;
        }
        *incidents += *n;
    }
    out.insert(QStringLiteral("incidents_count"), incidents ? QJsonValue(*incidents) : QJsonValue());
    // Uptime over the last window, from the plan's uptime gate averaged by Prometheus.
    std::optional<double> uptime;
    const auto gate = std::find_if(plan.serviceGates.begin(), plan.serviceGates.end(), isUptimeGate);
    if (!windows.empty() && gate != plan.serviceGates.end() && !gate->query.empty() && b && b->telemetry) {
        const StageWindow &last = windows.back();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(last.to - last.from).count();
        if (seconds >= 60) {
            const QString expr
                = QStringLiteral("avg_over_time((%1)[%2s:1m])").arg(QString::fromStdString(gate->query)).arg(seconds);
            if (auto r = b->telemetry->instantQuery(expr, last.to);
                r && !r->series.empty() && !r->series.front().samples.empty())
                uptime = r->series.front().samples.back().value;
        }
    }
    out.insert(QStringLiteral("uptime_percentage"),
               uptime && std::isfinite(*uptime) ? QJsonValue(*uptime) : QJsonValue());
    if (windows.empty())
        out.insert(QStringLiteral("note"), QStringLiteral("The rollout has not been at this stage."));
    return out;
}

ApiResponse ApiService::prometheus()
{
    auto view = m_views->view();
    QByteArray text;
    if (view)
        text = prometheusExposition(m_views->plan(), **view, m_lastFlagWriteSeconds);
    text += "# HELP rampart_api_responses_total HTTP API responses by status code.\n"
            "# TYPE rampart_api_responses_total counter\n";
    for (const auto &[code, n] : m_responses)
        text += "rampart_api_responses_total{code=\"" + QByteArray::number(code) + "\"} " + QByteArray::number(n) + "\n";
    text += clusterExposition();
    return {view ? 200 : 503, text, "text/plain; version=0.0.4"};
}

} // namespace rampart::api
