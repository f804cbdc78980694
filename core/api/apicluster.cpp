// ApiService with several instances (docs/api.md "Several instances, one actor"): who leads,
// and a follower's writes forwarded to the leader; and the operator's hold command.

#include "api/apiservice.h"

#include "api/apihelpers.h"
#include "api/forwarder.h"
#include "io/evidencejson.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>

namespace rampart::api {

using namespace detail;

namespace {

QByteArray labelValue(const std::string &s)
{
    QByteArray out;
    for (const char c : s) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

void ApiService::setController(service::RolloutController *controller)
{
    m_controller = controller;
    follow(controller);
    m_views->invalidate();
}

void ApiService::setCluster(const service::LeaderElection *election)
{
    m_election = election;
    if (election && !m_forwarder)
        m_forwarder = std::make_shared<CommandForwarder>();
}

std::optional<ApiResponse> ApiService::forwardIfFollower(const ApiRequest &request)
{
    if (!m_election)
        return std::nullopt;
    const std::string me = m_election->options().instance;
    QElapsedTimer waited;
    waited.start();
    const auto left = [&] { return m_options.limits.commandTimeout - std::chrono::milliseconds(waited.elapsed()); };
    std::string lastProblem = "no instance leads the rollout";
    for (;;) {
        const service::LeadershipStatus st = m_election->status();
        if (m_controller && st.role == service::LeaderRole::Leader)
            return std::nullopt; // this instance acts
        if (!request.forwardedBy.isEmpty())
            return errorResponse(503, "not_leader", "",
                                 "This instance (" + me + ") does not lead the rollout; the command forwarded by "
                                     + request.forwardedBy.toStdString() + " was not executed.");
        if (st.role == service::LeaderRole::Follower && st.leader && st.leader->instance != me) {
            const service::LeaderInfo &l = *st.leader;
            const bool flagPath = request.path.startsWith(QLatin1String("/api/flags/"));
            const std::string &url = flagPath && !l.flagUrl.empty() ? l.flagUrl : l.apiUrl;
            if (url.empty())
                return errorResponse(503, "leader_not_serving", "",
                                     "The leader " + l.instance + " serves no API (a watchdog); send commands to it "
                                     "through an instance that leads and serves, or to its flag store directly.");
            ++m_forwarded;
            auto answer = m_forwarder->forward(request, QString::fromStdString(url), QString::fromStdString(me),
                                               std::max(left(), std::chrono::milliseconds(500)));
            if (answer) {
                QJsonObject o = QJsonDocument::fromJson(answer->body).object();
                if (!(answer->status == 503 && o.value(QStringLiteral("error")).toString() == QLatin1String("not_leader"))) {
                    if (!o.isEmpty()) {
                        o.insert(QStringLiteral("forwarded_to"), qs(l.instance));
                        answer->body = QJsonDocument(o).toJson(QJsonDocument::Compact);
                    }
                    return answer;
                }
                lastProblem = "the advertised leader " + l.instance + " no longer leads";
            } else {
                // No HTTP answer: the leader is gone (or going). The command is retried on
                // the next leader; a retried write is safe because commands name a target
                // percentage (an applied rollback is confirmed, a stale advance refused).
                lastProblem = "the leader " + l.instance + " at " + url + " did not answer";
            }
        } else if (st.role == service::LeaderRole::Disconnected) {
            lastProblem = "this instance cannot reach PostgreSQL (" + st.note + ")";
        }
        if (left() <= std::chrono::milliseconds(0))
            return errorResponse(503, "no_leader", "",
                                 "The command was not executed: " + lastProblem + " (waited "
                                     + std::to_string(waited.elapsed()) + " ms). Try again.");
        QEventLoop pause; // serve other requests (and the election's signals) meanwhile
        QTimer::singleShot(100, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

ApiResponse ApiService::cluster()
{
    QJsonObject out{{QStringLiteral("enabled"), m_election != nullptr}, {QStringLiteral("acting"), m_controller != nullptr}};
    if (!m_election) {
        out.insert(QStringLiteral("role"), QStringLiteral("single"));
        out.insert(QStringLiteral("leader"), QJsonValue::Null);
        return json(200, out);
    }
    const service::LeadershipStatus st = m_election->status();
    out.insert(QStringLiteral("instance"), qs(st.instance));
    out.insert(QStringLiteral("role"), QString::fromLatin1(service::leaderRoleName(st.role)));
    out.insert(QStringLiteral("role_changes"), double(st.changes));
    out.insert(QStringLiteral("agent"), qs(m_election->options().agent));
    if (!st.note.empty())
        out.insert(QStringLiteral("note"), qs(st.note));
    if (st.leader)
        out.insert(QStringLiteral("leader"), QJsonObject{{QStringLiteral("instance"), qs(st.leader->instance)},
                                                         {QStringLiteral("api_url"), qs(st.leader->apiUrl)},
                                                         {QStringLiteral("flag_url"), qs(st.leader->flagUrl)},
                                                         {QStringLiteral("term"), double(st.leader->term)},
                                                         {QStringLiteral("since"), io::formatTime(st.leader->since)},
                                                         {QStringLiteral("heartbeat"), io::formatTime(st.leader->heartbeat)}});
    else
        out.insert(QStringLiteral("leader"), QJsonValue::Null);
    return json(200, out);
}

QByteArray ApiService::clusterExposition() const
{
    const service::LeadershipStatus st = m_election ? m_election->status() : service::LeadershipStatus{};
    const std::string instance = m_election ? st.instance : std::string();
    const bool leads = m_election ? st.role == service::LeaderRole::Leader && m_controller : m_controller != nullptr;
    const QByteArray label = "{agent=\"" + labelValue(m_views->plan().agent) + "\",instance=\"" + labelValue(instance) + "\"}";
    QByteArray text;
    text += "# HELP rampart_cluster_leader 1 when this instance leads (acts on decisions and commands), else 0.\n"
            "# TYPE rampart_cluster_leader gauge\n"
            "rampart_cluster_leader" + label + " " + (leads ? "1" : "0") + "\n";
    text += "# HELP rampart_cluster_term The leadership term this instance last saw (0: single instance).\n"
            "# TYPE rampart_cluster_term gauge\n"
            "rampart_cluster_term" + label + " " + QByteArray::number(qint64(st.leader ? st.leader->term : 0)) + "\n";
    text += "# HELP rampart_api_forwarded_total Writes this instance forwarded to the leader.\n"
            "# TYPE rampart_api_forwarded_total counter\n"
            "rampart_api_forwarded_total" + label + " " + QByteArray::number(qint64(m_forwarded)) + "\n";
    return text;
}

ApiResponse ApiService::hold(const QJsonObject &body, const Principal &who)
{
    if (!m_controller)
        return errorResponse(503, "read_only", "", "This instance does not act on the rollout.");
    auto why = optionalString(body, "reason");
    if (!why)
        return fromError(why.error());
    return commandAnswer("hold", who,
                         waitFor(m_controller->hold(
                             who.name, why->value_or(QStringLiteral("hold requested through the API")).toStdString())));
}

} // namespace rampart::api
