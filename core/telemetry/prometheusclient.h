#pragma once

// A small client for the Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/):
// instant and range queries, and the service-gate gauges of a rollout plan. Usage and the
// threading rules: docs/telemetry.md.

#include "rollout/clock.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "stats/result.h"

#include <QFuture>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rampart::telemetry {

/// Error codes of the telemetry layer (besides rampart::errc).
namespace telemetryerrc {
/// Connection refused, host not found, timeout, HTTP 5xx; the message names the URL.
inline constexpr const char *Unavailable = "telemetry_unavailable";
/// HTTP 400/422: Prometheus rejected the expression; the message carries its own error text.
inline constexpr const char *BadQuery = "telemetry_bad_query";
/// The answer is not a Prometheus API answer: invalid JSON, missing fields, unexpected status.
inline constexpr const char *BadResponse = "telemetry_bad_response";
} // namespace telemetryerrc

/// One sample: the evaluation (instant query) or step (range query) timestamp and the value.
struct Sample
{
    double unixSeconds = 0.0; ///< as Prometheus reports it, fractional seconds since the epoch
    double value = 0.0;       ///< may be NaN or ±Inf: Prometheus sends "NaN", "+Inf", "-Inf"

    /// The timestamp at the engine's resolution (whole seconds, rounded down).
    rollout::TimePoint at() const;
};

/// One time series: its label set and its samples (one for an instant vector or a scalar).
struct Series
{
    QMap<QString, QString> labels; ///< includes "__name__" when Prometheus sends it
    std::vector<Sample> samples;
};

/// A parsed query answer ("data" of the API envelope).
struct QueryResult
{
    /// "vector" or "scalar" for instant queries, "matrix" for range queries. A "string"
    /// result is reported as telemetry_bad_response: no gate can use it.
    QString resultType;
    /// Scalars become one series without labels and with one sample.
    std::vector<Series> series;
    QStringList warnings; ///< Prometheus' "warnings", if any
};

/// A service gate's reading with the reason it has no value.
struct GaugeReading
{
    rollout::Gauge gauge; ///< name = the gate's name; value empty when missing, never 0
    std::string query;    ///< the PromQL sent, after $agent substitution
    /// Why the gauge is missing (empty result, NaN, several series, Prometheus error, no
    /// query); empty when the gauge has a value.
    std::string note;
};

/// The gauges of readings, in order (what rollout::Evidence::gauges takes).
std::vector<rollout::Gauge> gaugesOf(const std::vector<GaugeReading> &readings);

/**
 * The PromQL used for a service gate: the gate's own query, or when empty the default for
 * its name (p95_latency_ms, postgres_p95_ms, redis_p95_ms, cpu_percent, memory_percent,
 * uptime_percent; see docs/telemetry.md), with every "$agent" replaced by the agent name
 * escaped for a PromQL string literal. Empty when the gate has no query and no default.
 */
QString gateQuery(const rollout::ServiceGate &gate, const std::string &agent);

/// The built-in query for a gate name with the "$agent" placeholder; empty if none.
QString defaultGateQuery(const std::string &gateName);

/**
 * The instant-vector selectors of a PromQL expression (`name{matchers}` or `{matchers}`,
 * without their range), in order, each once: what the data behind a gauge is read from.
 * Function names, aggregation keywords and their label lists, strings, numbers, durations
 * and comments are not selectors; a selector with an `offset` or `@` modifier is left out
 * (its data is meant to be old). A small lexer, not a full PromQL parser.
 */
QStringList vectorSelectors(const QString &query);

/**
 * The query that dates the freshest sample behind `selector`: `max(timestamp(selector))`
 * (Prometheus' timestamp() of a plain selector is the sample's own scrape time, not the
 * evaluation time), followed by the comment `# rampart:freshness` so a stand-in server can
 * tell it apart.
 */
QString freshnessQuery(const QString &selector);

/**
 * A Prometheus HTTP API client. A value type, cheap to copy and safe to share across
 * threads: it holds only the server URL and the timeout. Every call creates its own
 * QNetworkAccessManager in the calling (or worker) thread, so no object is shared between
 * threads.
 *
 * Blocking calls (instantQuery, rangeQuery, readGauges) run a local QEventLoop and work in
 * any thread, including one with no running event loop; a QCoreApplication must exist.
 * They must not be called on the UI thread: use the *Async variants there, which run the
 * blocking call on QThreadPool::globalInstance() and return a QFuture (chain a callback
 * with QFuture::then(context, …) to get the result on the context's thread).
 *
 * Requests are HTTP POSTs with a form-encoded body (Prometheus accepts POST on both
 * endpoints), so long expressions never hit URL length limits and "+" is sent as %2B.
 */
class PrometheusClient
{
public:
    static constexpr std::chrono::milliseconds DefaultTimeout{2000};

    /// baseUrl is the server root, e.g. http://prometheus:9090 (a path prefix is kept).
    explicit PrometheusClient(QUrl baseUrl, std::chrono::milliseconds timeout = DefaultTimeout);

    const QUrl &baseUrl() const { return m_baseUrl; }
    std::chrono::milliseconds timeout() const { return m_timeout; }

    /**
     * /api/v1/query: evaluates expr at `at` (Prometheus' "now" if empty).
     * Errors: telemetry_unavailable, telemetry_bad_query, telemetry_bad_response.
     */
    Result<QueryResult> instantQuery(const QString &expr, std::optional<rollout::TimePoint> at = {}) const;

    /**
     * /api/v1/query_range over [start, end] with resolution step. invalid_argument when
     * end < start or step ≤ 0; otherwise the errors of instantQuery().
     */
    Result<QueryResult> rangeQuery(const QString &expr, rollout::TimePoint start, rollout::TimePoint end,
                                   rollout::Duration step) const;

    /**
     * One reading per service gate of the plan, in the plan's order, each evaluated at `now`
     * (the queries run concurrently, so the call takes at most about one timeout). A gauge
     * has a value only when the answer holds exactly one finite sample. Its sampledAt is the
     * age of the data behind it: with each gate query go freshness queries
     * (freshnessQuery() of every vectorSelectors() of it), and sampledAt is the oldest of
     * their newest sample times (never later than the evaluation time). A selector with no
     * sample in Prometheus' lookback window while the gauge still has a value (a scrape
     * target down: rate() over the last 5 min keeps answering from old samples) leaves
     * sampledAt empty and says so in the note; the engine then holds with telemetry_stale.
     * A freshness query that fails leaves the evaluation time and adds a note. Never fails:
     * an unreachable server or a rejected query leaves the gauge missing with a note.
     */
    std::vector<GaugeReading> readGauges(const rollout::Plan &plan, const std::string &agent,
                                         rollout::TimePoint now) const;

    /// instantQuery() on the global thread pool.
    QFuture<Result<QueryResult>> instantQueryAsync(const QString &expr,
                                                   std::optional<rollout::TimePoint> at = {}) const;
    /// rangeQuery() on the global thread pool.
    QFuture<Result<QueryResult>> rangeQueryAsync(const QString &expr, rollout::TimePoint start,
                                                 rollout::TimePoint end, rollout::Duration step) const;
    /// readGauges() on the global thread pool.
    QFuture<std::vector<GaugeReading>> readGaugesAsync(const rollout::Plan &plan, const std::string &agent,
                                                       rollout::TimePoint now) const;

private:
    QUrl m_baseUrl;
    std::chrono::milliseconds m_timeout;
};

/**
 * Parses a Prometheus API answer. status is the HTTP status (0 when the transport failed
 * before one arrived); url names the endpoint in messages. Exposed for tests and for
 * callers that fetch the body themselves.
 */
Result<QueryResult> parseResponse(int status, const QByteArray &body, const QString &url);

} // namespace rampart::telemetry
