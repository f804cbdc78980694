#pragma once

// The HTTP API's use cases, independent of the transport: a request in, a response out
// (tests and the fuzz target call handle() directly; app/servecommand binds it to
// QHttpServer). Reads stand on RolloutViewSource, writes on the RolloutController's commands
// (compare-and-set advance, pre-empting rollback, sign-off), each audited by the controller.
// Contract: docs/api.md.

#include "api/auth.h"
#include "api/rolloutview.h"
#include "service/leader.h"
#include "service/rolloutcontroller.h"

#include <QByteArray>
#include <QEventLoop>
#include <QJsonObject>
#include <QString>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace rampart::api {

struct ApiRequest
{
    QByteArray method;        ///< "GET", "POST", …
    QString path;             ///< decoded path, e.g. /api/flags/ml-agent-rollout
    QByteArray body;
    QByteArray authorization; ///< the Authorization header, if any
    QString remote;           ///< the client address (rate limit key)
    /// X-Rampart-Forwarded-By: the follower that forwarded this command (never forwarded again).
    QByteArray forwardedBy;
    /// The listener the request came in on: the flag endpoints may have a port of their own.
    enum class Listener { Both, Api, Flags } listener = Listener::Both;
    /// If-None-Match: an ETag the client holds (GET /api/rollout/decision answers 304 to it).
    QByteArray ifNoneMatch = {};
    /// The URL's query, undecoded (e.g. "stage=5" for /api/metrics/<agent>/stability).
    QString query = {};
};

struct ApiResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QByteArray etag = {}; ///< sent as the ETag header when not empty
};

struct ApiLimits
{
    qsizetype maxBodyBytes = 64 * 1024;
    /// Requests per second per client address (token bucket, burst = 2 s worth); 0 = no limit.
    double requestsPerSecond = 200.0;
    std::chrono::milliseconds commandTimeout{10000}; ///< how long a write waits for the controller
};

struct ApiOptions
{
    ApiLimits limits;
};

/// The metrics /metrics exports (names only; the Grafana dashboard test checks against them).
QStringList exportedMetricNames();

class CommandForwarder;
class StreamHub;

class ApiService
{
public:
    /// `tokens` may be empty: every write is then refused with 401. `controller` may be null
    /// (read-only service): writes answer 503.
    ApiService(std::shared_ptr<RolloutViewSource> views, service::RolloutController *controller, TokenStore tokens,
               ApiOptions options);
    ~ApiService();
    ApiService(const ApiService &) = delete;
    ApiService &operator=(const ApiService &) = delete;

    /// Handles one request. May run a local event loop while a write waits for the controller.
    ApiResponse handle(const ApiRequest &request);
    std::size_t tokenCount() const { return m_tokens.size(); }

    /// The controller this instance acts through; null while it does not lead (several
    /// instances: only the leader has one). Call from the thread that calls handle().
    void setController(service::RolloutController *controller);
    /**
     * Several instances (docs/api.md): with an election, a write that arrives while this
     * instance has no controller is forwarded to the advertised leader (waiting up to the
     * command timeout for one during a hand-over); GET /api/cluster, /health and /metrics say
     * who leads. Null (the default): a single instance, the controller always acts.
     */
    void setCluster(const service::LeaderElection *election);
    /// The live stream's hub: GET /api/evidence/<hash> also finds the evidence of recent
    /// evaluations in it. May be null.
    void setStream(const StreamHub *hub) { m_stream = hub; }
    /// The principal of an "Authorization: Bearer <token>" header (the stream's check).
    std::optional<Principal> authenticate(const QByteArray &authorization) const;

private:
    ApiResponse route(const ApiRequest &request, const QJsonObject &body, const std::optional<Principal> &who);
    ApiResponse significance(const QJsonObject &body);
    ApiResponse sampleSize(const QJsonObject &body);
    ApiResponse decision(const QJsonObject &body, const QByteArray &ifNoneMatch);
    /// The decision's answer for a view, without the fields a request's own numbers add.
    static QJsonObject decisionJson(const rollout::Plan &plan, const RolloutView &view);
    ApiResponse state();
    ApiResponse flagRead(const std::string &flag);
    ApiResponse flagWrite(const std::string &flag, const QJsonObject &body, const Principal &who);
    ApiResponse signOff(const QJsonObject &body, const Principal &who);
    ApiResponse hold(const QJsonObject &body, const Principal &who);
    /// POST /api/rollout/{start,advance,resume,rollback,stop} (apirollout.cpp).
    ApiResponse rolloutCommand(const QString &command, const QJsonObject &body, const Principal &who);
    /// A command's answer: 200 with the flag, 409 when the state moved or the move is not
    /// allowed, 504 when the controller did not answer, the error's status otherwise.
    ApiResponse commandAnswer(const char *command, const Principal &who,
                              const std::optional<service::CommandResult> &result,
                              const std::optional<bool> *stateSaved = nullptr);
    ApiResponse history();
    /// POST /api/audit/import: a console's break-glass records, stored by record id (once).
    ApiResponse auditImport(const QJsonObject &body, const Principal &who);
    ApiResponse auditRead(const QString &query);
    ApiResponse evidenceRead(const std::string &hash);
    ApiResponse planRead();
    ApiResponse agentMetrics(const std::string &agent, const QString &which, const QString &query);
    /// /stability?stage=P: incidents (from the store) and uptime (from Prometheus) of the
    /// named stage's windows; without a stage, the current one.
    Result<QJsonObject> stageStability(const RolloutView &view, const QString &query);
    ApiResponse prometheus();
    ApiResponse cluster();
    QByteArray clusterExposition() const;
    /// Empty: act here. Otherwise the leader's (or a 503's) answer to a forwarded write.
    std::optional<ApiResponse> forwardIfFollower(const ApiRequest &request);
    bool rateLimited(const QString &remote);
    /// The command's result (empty: no answer within the command timeout). With `stateSaved`, a
    /// rollback's wait goes on until the worker has recorded it in the state (then set to
    /// whether that save succeeded) or StateFollowTimeout has passed (then left empty).
    std::optional<service::CommandResult> waitFor(std::uint64_t id, std::optional<bool> *stateSaved = nullptr);
    /// How long a rollback's answer waits for the worker to record the state after the flag.
    static constexpr std::chrono::milliseconds StateFollowTimeout{2000};

    /// Follows the controller's results from the moment it is set, so a result emitted
    /// before a request starts waiting for it (a command refused at once) is not lost.
    void follow(service::RolloutController *controller);

    std::shared_ptr<RolloutViewSource> m_views;
    service::RolloutController *m_controller;
    std::unique_ptr<QObject> m_context;                         ///< receiver of the controller's signals (API thread)
    std::map<std::uint64_t, service::CommandResult> m_finished; ///< results not yet taken, by id
    std::optional<std::pair<std::int64_t, bool>> m_recorded;    ///< the last rollback the worker recorded
    std::vector<QEventLoop *> m_waiting;                        ///< the waits to wake on a result
    TokenStore m_tokens;
    ApiOptions m_options;
    struct Bucket
    {
        double tokens = 0.0;
        std::chrono::steady_clock::time_point at;
    };
    std::map<QString, Bucket> m_buckets;
    std::optional<double> m_lastFlagWriteSeconds;
    std::map<int, std::int64_t> m_responses; ///< per status code, for /metrics
    const service::LeaderElection *m_election = nullptr;
    /// The decision's answer serialised once per view (issue 16): the bytes every request for
    /// that view gets, and their ETag (a digest of the bytes).
    struct DecisionBytes
    {
        RolloutViewPtr view;
        QByteArray body;
        QByteArray etag;
    };
    DecisionBytes m_decisionBytes;
    /// POST /api/statistics/sample-size answers by the request's canonical JSON.
    std::map<QByteArray, ApiResponse> m_sampleSizeMemo;
    static constexpr std::size_t SampleSizeMemoLimit = 256;
    std::shared_ptr<CommandForwarder> m_forwarder;
    std::int64_t m_forwarded = 0; ///< writes forwarded to the leader, for /metrics
    const StreamHub *m_stream = nullptr;
};

/// A JSON error response: {"error": code, "field": field, "message": message}.
ApiResponse errorResponse(int status, const std::string &code, const std::string &field, const std::string &message);

} // namespace rampart::api
