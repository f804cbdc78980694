#include "prometheusclient.h"

#include "stats/redact.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace rampart::telemetry {

namespace {

using namespace telemetryerrc;

struct Request
{
    QString endpoint; ///< "query" or "query_range"
    QByteArray body;  ///< application/x-www-form-urlencoded
};

using MaybeResult = std::optional<Result<QueryResult>>;

Error error(const char *code, const QString &message, std::string field = {})
{
    return makeError(code, std::move(field), message.toStdString());
}

QUrl endpointUrl(const QUrl &base, const QString &endpoint)
{
    QUrl url = base;
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/v1/") + endpoint);
    url.setQuery(QString());
    return url;
}

QString urlText(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QByteArray formField(const char *name, const QByteArray &value)
{
    return QByteArray(name) + '=' + QUrl::toPercentEncoding(QString::fromUtf8(value));
}

QByteArray unixTime(rollout::TimePoint t)
{
    return QByteArray::number(static_cast<qlonglong>(t.time_since_epoch().count()));
}

// Prometheus sends sample values as strings, with Go's spellings of the special values.
std::optional<double> parseSampleValue(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    if (text == QLatin1String("NaN"))
        return std::numeric_limits<double>::quiet_NaN();
    if (text == QLatin1String("+Inf") || text == QLatin1String("Inf"))
        return std::numeric_limits<double>::infinity();
    if (text == QLatin1String("-Inf"))
        return -std::numeric_limits<double>::infinity();
    bool ok = false;
    const double number = text.toDouble(&ok);
    return ok ? std::optional<double>(number) : std::nullopt;
}

std::optional<Sample> parseSample(const QJsonValue &value)
{
    const QJsonArray pair = value.toArray();
    if (!value.isArray() || pair.size() != 2 || !pair.at(0).isDouble())
        return std::nullopt;
    const auto number = parseSampleValue(pair.at(1));
    if (!number)
        return std::nullopt;
    return Sample{pair.at(0).toDouble(), *number};
}

std::optional<Series> parseSeries(const QJsonValue &value, bool matrix)
{
    const QJsonObject object = value.toObject();
    Series series;
    const QJsonObject metric = object.value(QStringLiteral("metric")).toObject();
    for (auto it = metric.begin(); it != metric.end(); ++it)
        series.labels.insert(it.key(), it.value().toString());
    if (matrix) {
        for (const QJsonValue &item : object.value(QStringLiteral("values")).toArray()) {
            const auto sample = parseSample(item);
            if (!sample)
                return std::nullopt;
            series.samples.push_back(*sample);
        }
        return series;
    }
    const auto sample = parseSample(object.value(QStringLiteral("value")));
    if (!sample)
        return std::nullopt;
    series.samples.push_back(*sample);
    return series;
}

// The text of a Prometheus error envelope {"status":"error","errorType":…,"error":…}, or the
// start of the body when it is not one.
QString prometheusErrorText(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString text = object.value(QStringLiteral("error")).toString();
    if (!text.isEmpty())
        return text;
    return QString::fromUtf8(body.left(200)).trimmed();
}

Result<QueryResult> parseData(const QJsonObject &data, const QString &url)
{
    QueryResult result;
    result.resultType = data.value(QStringLiteral("resultType")).toString();
    const QJsonValue payload = data.value(QStringLiteral("result"));
    const auto bad = [&](const QString &what) {
        return error(BadResponse, QStringLiteral("Prometheus at %1 sent a malformed %2 result: %3.")
                                      .arg(url, result.resultType.isEmpty() ? QStringLiteral("query") : result.resultType, what));
    };
    if (result.resultType == QLatin1String("scalar")) {
        const auto sample = parseSample(payload);
        if (!sample)
            return bad(QStringLiteral("the value is not a [time, \"number\"] pair"));
        result.series.push_back(Series{{}, {*sample}});
        return result;
    }
    if (result.resultType != QLatin1String("vector") && result.resultType != QLatin1String("matrix"))
        return bad(QStringLiteral("the result type is not vector, matrix or scalar"));
    if (!payload.isArray())
        return bad(QStringLiteral("\"result\" is not an array"));
    const bool matrix = result.resultType == QLatin1String("matrix");
    for (const QJsonValue &item : payload.toArray()) {
        auto series = parseSeries(item, matrix);
        if (!series)
            return bad(QStringLiteral("a series has no valid samples"));
        result.series.push_back(std::move(*series));
    }
    return result;
}

Result<QueryResult> parseSuccess(const QByteArray &body, const QString &url)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(BadResponse, QStringLiteral("Prometheus at %1 did not answer with a JSON object (%2).")
                                      .arg(url, parseError.error != QJsonParseError::NoError
                                                    ? parseError.errorString()
                                                    : QStringLiteral("not an object")));
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("status")).toString() != QLatin1String("success"))
        return error(BadResponse, QStringLiteral("Prometheus at %1 answered HTTP 200 without success: %2.")
                                      .arg(url, prometheusErrorText(body)));
    if (!object.value(QStringLiteral("data")).isObject())
        return error(BadResponse, QStringLiteral("Prometheus at %1 sent no \"data\" object.").arg(url));
    auto result = parseData(object.value(QStringLiteral("data")).toObject(), url);
    if (result.ok()) {
        for (const QJsonValue &warning : object.value(QStringLiteral("warnings")).toArray())
            result.value().warnings.append(warning.toString());
    }
    return result;
}

Result<QueryResult> replyResult(QNetworkReply *reply, const QString &url, std::chrono::milliseconds timeout)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0)
        return parseResponse(status, reply->readAll(), url);
    const auto err = reply->error();
    // A transfer timeout aborts the reply; Qt reports it as a cancellation or a timeout.
    if (err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError)
        return error(Unavailable, QStringLiteral("Prometheus at %1 did not answer within %2 ms.")
                                      .arg(url)
                                      .arg(static_cast<qlonglong>(timeout.count())));
    // Qt's error strings may quote the request URL; no credential may pass through them.
    return error(Unavailable, QStringLiteral("Prometheus at %1 cannot be reached: %2.")
                                  .arg(url, QString::fromStdString(redactCredentials(reply->errorString().toStdString()))));
}

// Sends every request at once on a local manager and waits on a local event loop, so the
// calling thread needs no running event loop of its own.
std::vector<Result<QueryResult>> runRequests(const QUrl &base, std::chrono::milliseconds timeout,
                                             const std::vector<Request> &requests)
{
    std::vector<MaybeResult> results(requests.size());
    if (!QCoreApplication::instance()) {
        const Error noApp = error(Unavailable, QStringLiteral("Prometheus at %1 cannot be queried: no QCoreApplication exists.")
                                                   .arg(urlText(base)));
        return std::vector<Result<QueryResult>>(requests.size(), noApp);
    }
    QNetworkAccessManager manager;
    QEventLoop loop;
    std::size_t pending = requests.size();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const QUrl url = endpointUrl(base, requests[i].endpoint);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
        request.setTransferTimeout(static_cast<int>(timeout.count()));
        QNetworkReply *reply = manager.post(request, requests[i].body);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, i, reply, url] {
            results[i] = replyResult(reply, urlText(url), timeout);
            reply->deleteLater();
            if (--pending == 0)
                loop.quit();
        });
    }
    // A backstop in case a reply never finishes (the transfer timeout restarts on progress).
    QTimer backstop;
    backstop.setSingleShot(true);
    QObject::connect(&backstop, &QTimer::timeout, &loop, [&manager] {
        for (QNetworkReply *reply : manager.findChildren<QNetworkReply *>())
            reply->abort();
    });
    backstop.start(timeout + std::chrono::milliseconds(1000));
    if (pending > 0)
        loop.exec();
    // The loop also ends when the thread is told to quit (a controller stopping): replies
    // still out are aborted and answered as interrupted, never read from an empty slot.
    if (pending > 0) {
        for (QNetworkReply *reply : manager.findChildren<QNetworkReply *>()) {
            QObject::disconnect(reply, nullptr, &loop, nullptr);
            reply->abort();
        }
    }
    std::vector<Result<QueryResult>> out;
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i)
        out.push_back(results[i]
                          ? std::move(*results[i])
                          : Result<QueryResult>(error(Unavailable,
                                                      QStringLiteral("The query to %1 was interrupted: "
                                                                     "its thread is stopping.")
                                                          .arg(urlText(endpointUrl(base, requests[i].endpoint))))));
    return out;
}

Result<QueryResult> runOne(const QUrl &base, std::chrono::milliseconds timeout, Request request)
{
    auto results = runRequests(base, timeout, {std::move(request)});
    return std::move(results.front());
}

Request instantRequest(const QString &expr, std::optional<rollout::TimePoint> at)
{
    QByteArray body = formField("query", expr.toUtf8());
    if (at)
        body += '&' + formField("time", unixTime(*at));
    return Request{QStringLiteral("query"), body};
}

QString escapeLabelValue(const std::string &value)
{
    QString text = QString::fromStdString(value);
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return text;
}

// Reads a gauge out of an instant query answer: exactly one finite sample, or a note.
GaugeReading toReading(GaugeReading reading, const Result<QueryResult> &result)
{
    if (!result) {
        reading.note = result.error().message;
        return reading;
    }
    const auto &series = result->series;
    if (series.empty()) {
        reading.note = "No data: the query returned an empty result.";
        return reading;
    }
    if (series.size() > 1 || series.front().samples.size() != 1) {
        reading.note = "The query returned " + std::to_string(series.size())
            + " series; a gate needs exactly one (aggregate with sum, avg or max).";
        return reading;
    }
    const Sample &sample = series.front().samples.front();
    if (!std::isfinite(sample.value)) {
        reading.note = std::isnan(sample.value) ? "The query returned NaN (e.g. a rate over no traffic)."
                                                : "The query returned an infinite value.";
        return reading;
    }
    reading.gauge.value = sample.value;
    reading.gauge.sampledAt = sample.at();
    return reading;
}

/// Applies a freshness answer (`max(timestamp(selector))`) to a reading that has a value:
/// the sample time of the freshest data behind the selector becomes the gauge's sampledAt
/// when it is older than what the gauge has; no sample at all (a scrape target down: its
/// series got Prometheus' staleness marker) leaves the gauge without a timestamp, which
/// the engine reports as telemetry_stale. A failed freshness query changes nothing.
void applyFreshness(GaugeReading &reading, const std::string &selector, const Result<QueryResult> &result)
{
    if (!reading.gauge.value)
        return;
    if (!result) {
        reading.note += (reading.note.empty() ? "" : " ") + std::string("The age of ") + selector
                      + " could not be read: " + result.error().message;
        return;
    }
    std::optional<double> newest;
    for (const Series &series : result->series)
        for (const Sample &sample : series.samples)
            if (std::isfinite(sample.value))
                newest = newest ? std::max(*newest, sample.value) : sample.value;
    if (!newest) {
        reading.gauge.sampledAt.reset();
        reading.note += (reading.note.empty() ? "" : " ") + std::string("Stale: ") + selector
                      + " has no sample within Prometheus' lookback window (is its scrape target down?).";
        return;
    }
    const rollout::TimePoint at(std::chrono::seconds(static_cast<std::int64_t>(std::floor(*newest))));
    if (reading.gauge.sampledAt && at < *reading.gauge.sampledAt)
        reading.gauge.sampledAt = at;
}

template <typename T, typename Work>
QFuture<T> runInPool(Work work)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, work]() mutable {
        promise->addResult(work());
        promise->finish();
    });
    return future;
}

} // namespace

rollout::TimePoint Sample::at() const
{
    return rollout::TimePoint(std::chrono::seconds(static_cast<std::int64_t>(std::floor(unixSeconds))));
}

std::vector<rollout::Gauge> gaugesOf(const std::vector<GaugeReading> &readings)
{
    std::vector<rollout::Gauge> gauges;
    gauges.reserve(readings.size());
    for (const auto &reading : readings)
        gauges.push_back(reading.gauge);
    return gauges;
}

QString defaultGateQuery(const std::string &gateName)
{
    // Kept identical to resources/plans/documentation-keeper.json (a unit test checks it).
    static const QMap<QString, QString> defaults = {
        {QStringLiteral("p95_latency_ms"),
         QStringLiteral("histogram_quantile(0.95, sum by (le) (rate(rampart_answer_latency_seconds_bucket{agent=\"$agent\"}[5m]))) * 1000")},
        {QStringLiteral("postgres_p95_ms"),
         QStringLiteral("histogram_quantile(0.95, sum by (le) (rate(rampart_postgres_query_duration_seconds_bucket{agent=\"$agent\"}[5m]))) * 1000")},
        {QStringLiteral("redis_p95_ms"),
         QStringLiteral("histogram_quantile(0.95, sum by (le) (rate(rampart_redis_command_duration_seconds_bucket{agent=\"$agent\"}[5m]))) * 1000")},
        {QStringLiteral("cpu_percent"),
         QStringLiteral("100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\", job=\"$agent\"}[5m])))")},
        {QStringLiteral("memory_percent"),
         QStringLiteral("100 * (1 - sum(node_memory_MemAvailable_bytes{job=\"$agent\"}) / sum(node_memory_MemTotal_bytes{job=\"$agent\"}))")},
        {QStringLiteral("uptime_percent"), QStringLiteral("100 * avg(avg_over_time(up{job=\"$agent\"}[24h]))")},
    };
    return defaults.value(QString::fromStdString(gateName));
}

QString gateQuery(const rollout::ServiceGate &gate, const std::string &agent)
{
    QString query = gate.query.empty() ? defaultGateQuery(gate.name) : QString::fromStdString(gate.query);
    query.replace(QStringLiteral("$agent"), escapeLabelValue(agent));
    return query;
}

namespace {

bool identStart(QChar c) { return c.isLetter() || c == QLatin1Char('_') || c == QLatin1Char(':'); }
bool identChar(QChar c) { return identStart(c) || c.isDigit(); }

/// Index just past the quoted string starting at `i` (", ' or `; backslash escapes in the first two).
qsizetype skipString(const QString &q, qsizetype i)
{
    const QChar quote = q[i];
    for (++i; i < q.size(); ++i) {
        if (q[i] == QLatin1Char('\\') && quote != QLatin1Char('`'))
            ++i;
        else if (q[i] == quote)
            return i + 1;
    }
    return q.size();
}

/// Index just past the bracketed group opening at `i` (`(`…`)`, `{`…`}`, `[`…`]`), strings skipped.
qsizetype skipGroup(const QString &q, qsizetype i)
{
    const QChar open = q[i];
    const QChar close = open == QLatin1Char('(') ? QLatin1Char(')') : open == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
    int depth = 0;
    for (; i < q.size(); ++i) {
        const QChar c = q[i];
        if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            i = skipString(q, i) - 1;
        } else if (c == open) {
            ++depth;
        } else if (c == close && --depth == 0) {
            return i + 1;
        }
    }
    return q.size();
}

qsizetype skipSpace(const QString &q, qsizetype i)
{
    while (i < q.size() && q[i].isSpace())
        ++i;
    return i;
}

} // namespace

QStringList vectorSelectors(const QString &query)
{
    // Keywords that are not metric names; the ones taking a label list skip it.
    static const QStringList listKeywords = {QStringLiteral("by"), QStringLiteral("without"), QStringLiteral("on"),
                                             QStringLiteral("ignoring"), QStringLiteral("group_left"),
                                             QStringLiteral("group_right")};
    static const QStringList aggregations = {
        QStringLiteral("sum"),    QStringLiteral("min"),    QStringLiteral("max"),         QStringLiteral("avg"),
        QStringLiteral("group"),  QStringLiteral("stddev"), QStringLiteral("stdvar"),      QStringLiteral("count"),
        QStringLiteral("count_values"), QStringLiteral("bottomk"), QStringLiteral("topk"), QStringLiteral("quantile")};
    static const QStringList keywords = {QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("unless"),
                                         QStringLiteral("bool"), QStringLiteral("offset"), QStringLiteral("atan2"),
                                         QStringLiteral("inf"), QStringLiteral("nan"), QStringLiteral("start"),
                                         QStringLiteral("end")};
    QStringList selectors;
    qsizetype i = 0;
    while (i < query.size()) {
        const QChar c = query[i];
        if (c == QLatin1Char('#')) { // a comment runs to the end of the line
            while (i < query.size() && query[i] != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')) {
            i = skipString(query, i);
        } else if (c == QLatin1Char('[')) { // a range or subquery: durations, no selectors
            i = skipGroup(query, i);
        } else if (c.isDigit() || (c == QLatin1Char('.') && i + 1 < query.size() && query[i + 1].isDigit())) {
            while (i < query.size() && (query[i].isLetterOrNumber() || query[i] == QLatin1Char('.')))
                ++i; // numbers and durations (1e3, 0x1f, 5m)
        } else if (identStart(c) || c == QLatin1Char('{')) {
            qsizetype end = i;
            while (end < query.size() && identChar(query[end]))
                ++end;
            const QString name = query.mid(i, end - i);
            qsizetype next = skipSpace(query, end);
            if (listKeywords.contains(name.toLower())) { // by (le), on (job), group_left (x): label names
                i = next < query.size() && query[next] == QLatin1Char('(') ? skipGroup(query, next) : end;
                continue;
            }
            if (!name.isEmpty() && next < query.size() && query[next] == QLatin1Char('(')) {
                i = end; // a function or an aggregation: its arguments are read on
                continue;
            }
            if (keywords.contains(name.toLower()) || aggregations.contains(name.toLower())) {
                i = end;
                continue;
            }
            QString selector = name;
            if (next < query.size() && query[next] == QLatin1Char('{')) {
                const qsizetype close = skipGroup(query, next);
                selector += query.mid(next, close - next);
                end = close;
            }
            i = end;
            // An offset or @ modifier shifts the data in time: its freshness says nothing about now.
            qsizetype after = skipSpace(query, end);
            if (after < query.size() && query[after] == QLatin1Char('[')) {
                after = skipSpace(query, skipGroup(query, after));
            }
            const bool shifted = query.mid(after, 6).compare(QLatin1String("offset"), Qt::CaseInsensitive) == 0
                              || (after < query.size() && query[after] == QLatin1Char('@'));
            if (!selector.isEmpty() && !shifted && !selectors.contains(selector))
                selectors.push_back(selector);
        } else {
            ++i;
        }
    }
    return selectors;
}

QString freshnessQuery(const QString &selector)
{
    return QStringLiteral("max(timestamp(%1)) # rampart:freshness").arg(selector);
}

Result<QueryResult> parseResponse(int status, const QByteArray &body, const QString &url)
{
    if (status >= 500)
        return error(Unavailable, QStringLiteral("Prometheus at %1 answered HTTP %2: %3.")
                                      .arg(url)
                                      .arg(status)
                                      .arg(prometheusErrorText(body)));
    // 400: the expression does not parse; 422: it parses but cannot be evaluated.
    if (status == 400 || status == 422)
        return error(BadQuery, QStringLiteral("Prometheus rejected the query: %1").arg(prometheusErrorText(body)),
                     "query");
    if (status != 200)
        return error(BadResponse, QStringLiteral("Prometheus at %1 answered HTTP %2: %3.")
                                      .arg(url)
                                      .arg(status)
                                      .arg(prometheusErrorText(body)));
    return parseSuccess(body, url);
}

PrometheusClient::PrometheusClient(QUrl baseUrl, std::chrono::milliseconds timeout)
    : m_baseUrl(std::move(baseUrl)), m_timeout(timeout)
{
}

Result<QueryResult> PrometheusClient::instantQuery(const QString &expr, std::optional<rollout::TimePoint> at) const
{
    return runOne(m_baseUrl, m_timeout, instantRequest(expr, at));
}

Result<QueryResult> PrometheusClient::rangeQuery(const QString &expr, rollout::TimePoint start, rollout::TimePoint end,
                                                 rollout::Duration step) const
{
    if (end < start)
        return makeError(errc::InvalidArgument, "end", "The range ends before it starts.");
    if (step.count() <= 0)
        return makeError(errc::InvalidArgument, "step", "The range step must be at least one second.");
    const QByteArray body = formField("query", expr.toUtf8()) + '&' + formField("start", unixTime(start)) + '&'
        + formField("end", unixTime(end)) + '&' + formField("step", QByteArray::number(static_cast<qlonglong>(step.count())));
    return runOne(m_baseUrl, m_timeout, Request{QStringLiteral("query_range"), body});
}

std::vector<GaugeReading> PrometheusClient::readGauges(const rollout::Plan &plan, const std::string &agent,
                                                       rollout::TimePoint now) const
{
    std::vector<GaugeReading> readings;
    std::vector<Request> requests;
    std::vector<std::size_t> requestOf; // reading index of each request
    // The freshness queries of every selector, sent in the same batch as the gauges.
    struct Freshness
    {
        std::size_t reading;
        std::string selector;
    };
    std::vector<Freshness> freshness;
    for (const auto &gate : plan.serviceGates) {
        GaugeReading reading;
        reading.gauge.name = gate.name;
        const QString query = gateQuery(gate, agent);
        reading.query = query.toStdString();
        if (reading.query.empty()) {
            reading.note = "Gate " + gate.name + " has no query and there is no default for that name.";
        } else {
            requestOf.push_back(readings.size());
            requests.push_back(instantRequest(query, now));
            for (const QString &selector : vectorSelectors(query))
                freshness.push_back({readings.size(), selector.toStdString()});
        }
        readings.push_back(std::move(reading));
    }
    if (requests.empty())
        return readings;
    const std::size_t gaugeRequests = requests.size();
    for (const Freshness &f : freshness)
        requests.push_back(instantRequest(freshnessQuery(QString::fromStdString(f.selector)), now));
    const auto results = runRequests(m_baseUrl, m_timeout, requests);
    for (std::size_t i = 0; i < gaugeRequests; ++i)
        readings[requestOf[i]] = toReading(std::move(readings[requestOf[i]]), results[i]);
    for (std::size_t i = 0; i < freshness.size(); ++i)
        applyFreshness(readings[freshness[i].reading], freshness[i].selector, results[gaugeRequests + i]);
    return readings;
}

QFuture<Result<QueryResult>> PrometheusClient::instantQueryAsync(const QString &expr,
                                                                 std::optional<rollout::TimePoint> at) const
{
    const PrometheusClient client = *this;
    return runInPool<Result<QueryResult>>([client, expr, at] { return client.instantQuery(expr, at); });
}

QFuture<Result<QueryResult>> PrometheusClient::rangeQueryAsync(const QString &expr, rollout::TimePoint start,
                                                               rollout::TimePoint end, rollout::Duration step) const
{
    const PrometheusClient client = *this;
    return runInPool<Result<QueryResult>>(
        [client, expr, start, end, step] { return client.rangeQuery(expr, start, end, step); });
}

QFuture<std::vector<GaugeReading>> PrometheusClient::readGaugesAsync(const rollout::Plan &plan, const std::string &agent,
                                                                     rollout::TimePoint now) const
{
    const PrometheusClient client = *this;
    return runInPool<std::vector<GaugeReading>>([client, plan, agent, now] { return client.readGauges(plan, agent, now); });
}

} // namespace rampart::telemetry
