// Tests for core/telemetry/prometheusclient.h against an in-process fake server.
// Answer shapes follow https://prometheus.io/docs/prometheus/latest/querying/api/.
#include "telemetry/prometheusclient.h"

#include "fakeprometheus.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTimer>

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

using namespace rampart;
using namespace rampart::telemetry;
using namespace rampart::telemetry::testing;
using namespace std::chrono_literals;

namespace {

const rollout::TimePoint kNow{std::chrono::seconds(1700000000)};

rollout::ServiceGate gate(const std::string &name, const std::string &query = {})
{
    rollout::ServiceGate g;
    g.name = name;
    g.query = query;
    return g;
}

rollout::Plan planWithGates(std::vector<rollout::ServiceGate> gates)
{
    rollout::Plan plan;
    plan.agent = "documentation-keeper";
    plan.serviceGates = std::move(gates);
    return plan;
}

void expectError(const Result<QueryResult> &result, const char *code)
{
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, code) << result.error().message;
    EXPECT_FALSE(result.error().message.empty());
}

// A URL on which nothing listens: a port just released by a server.
QUrl refusingUrl()
{
    QTcpServer server;
    EXPECT_TRUE(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    server.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace

TEST(PrometheusClient, DefaultTimeoutIsTwoSeconds)
{
    EXPECT_EQ(PrometheusClient(QUrl(QStringLiteral("http://localhost:9090"))).timeout(), 2000ms);
}

TEST(PrometheusClient, InstantQueryParsesTheSingleSampleOfAVector)
{
    FakePrometheus server;
    server.respond(200, successBody("vector", R"([{"metric":{"__name__":"up","job":"prometheus"},"value":[1700000000.5,"1"]}])"));
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("up"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->resultType, QStringLiteral("vector"));
    ASSERT_EQ(result->series.size(), 1u);
    EXPECT_EQ(result->series[0].labels.value(QStringLiteral("job")), QStringLiteral("prometheus"));
    ASSERT_EQ(result->series[0].samples.size(), 1u);
    EXPECT_DOUBLE_EQ(result->series[0].samples[0].value, 1.0);
    EXPECT_DOUBLE_EQ(result->series[0].samples[0].unixSeconds, 1700000000.5);
    EXPECT_EQ(result->series[0].samples[0].at(), kNow);
}

TEST(PrometheusClient, InstantQueryPostsTheExpressionAndTimeAsAForm)
{
    FakePrometheus server;
    // "+" must arrive as a plus, not as the space a raw "+" means in a form body.
    const QString expr = QStringLiteral(R"(sum(rate(x{a="b c"}[5m])) + 1)");
    ASSERT_TRUE(PrometheusClient(server.url()).instantQuery(expr, kNow).ok());
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].path, "/api/v1/query");
    EXPECT_EQ(requests[0].form.value(QStringLiteral("query")), expr);
    EXPECT_EQ(requests[0].form.value(QStringLiteral("time")), QStringLiteral("1700000000"));
}

TEST(PrometheusClient, BaseUrlPathPrefixIsKept)
{
    FakePrometheus server;
    QUrl base = server.url();
    base.setPath(QStringLiteral("/prometheus/"));
    ASSERT_TRUE(PrometheusClient(base).instantQuery(QStringLiteral("up")).ok());
    EXPECT_EQ(server.requests().at(0).path, "/prometheus/api/v1/query");
}

TEST(PrometheusClient, ScalarResultBecomesOneUnlabelledSeries)
{
    FakePrometheus server;
    server.respond(200, successBody("scalar", R"([1700000000,"2"])"));
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("1+1"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->series.size(), 1u);
    EXPECT_TRUE(result->series[0].labels.isEmpty());
    EXPECT_DOUBLE_EQ(result->series[0].samples.at(0).value, 2.0);
}

TEST(PrometheusClient, EmptyVectorIsASuccessWithNoSeries)
{
    FakePrometheus server;
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("absent_metric"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(result->series.empty());
}

TEST(PrometheusClient, SpecialSampleValuesAreParsed)
{
    FakePrometheus server;
    server.respond(200, vectorBody({"NaN", "+Inf", "-Inf", "1e3"}));
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("x"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->series.size(), 4u);
    EXPECT_TRUE(std::isnan(result->series[0].samples[0].value));
    EXPECT_EQ(result->series[1].samples[0].value, INFINITY);
    EXPECT_EQ(result->series[2].samples[0].value, -INFINITY);
    EXPECT_DOUBLE_EQ(result->series[3].samples[0].value, 1000.0);
}

TEST(PrometheusClient, RangeQueryParsesAMatrixAndSendsTheRange)
{
    FakePrometheus server;
    server.respond(200, successBody("matrix", R"([{"metric":{"job":"p"},"values":[[1700000000,"1"],[1700000001,"0.5"]]}])"));
    const auto result = PrometheusClient(server.url()).rangeQuery(QStringLiteral("up"), kNow - 10s, kNow, 1s);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->resultType, QStringLiteral("matrix"));
    ASSERT_EQ(result->series.size(), 1u);
    ASSERT_EQ(result->series[0].samples.size(), 2u);
    EXPECT_DOUBLE_EQ(result->series[0].samples[1].value, 0.5);
    const auto request = server.requests().at(0);
    EXPECT_EQ(request.path, "/api/v1/query_range");
    EXPECT_EQ(request.form.value(QStringLiteral("start")), QStringLiteral("1699999990"));
    EXPECT_EQ(request.form.value(QStringLiteral("end")), QStringLiteral("1700000000"));
    EXPECT_EQ(request.form.value(QStringLiteral("step")), QStringLiteral("1"));
}

TEST(PrometheusClient, RangeQueryRejectsAnInvertedRangeOrZeroStepWithoutAsking)
{
    FakePrometheus server;
    const PrometheusClient client(server.url());
    const auto inverted = client.rangeQuery(QStringLiteral("up"), kNow, kNow - 1s, 1s);
    expectError(inverted, errc::InvalidArgument);
    EXPECT_EQ(inverted.error().field, "end");
    const auto zeroStep = client.rangeQuery(QStringLiteral("up"), kNow - 10s, kNow, 0s);
    expectError(zeroStep, errc::InvalidArgument);
    EXPECT_EQ(zeroStep.error().field, "step");
    EXPECT_TRUE(server.requests().empty());
}

TEST(PrometheusClient, Http400IsABadQueryWithPrometheusOwnText)
{
    FakePrometheus server;
    server.respond(400, R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"})");
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("sum("));
    expectError(result, telemetryerrc::BadQuery);
    EXPECT_NE(result.error().message.find("1:5: parse error: unclosed left parenthesis"), std::string::npos);
    EXPECT_EQ(result.error().field, "query");
}

TEST(PrometheusClient, Http422IsABadQuery)
{
    FakePrometheus server;
    server.respond(422, R"({"status":"error","errorType":"execution","error":"many-to-many matching not allowed"})");
    expectError(PrometheusClient(server.url()).instantQuery(QStringLiteral("a / b")), telemetryerrc::BadQuery);
}

TEST(PrometheusClient, Http503IsUnavailableNamingTheUrl)
{
    FakePrometheus server;
    server.respond(503, R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})");
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("up"));
    expectError(result, telemetryerrc::Unavailable);
    const std::string url = server.url().toString().toStdString() + "/api/v1/query";
    EXPECT_NE(result.error().message.find(url), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("503"), std::string::npos);
}

TEST(PrometheusClient, ServerThatNeverAnswersTimesOutWithinTheConfiguredTime)
{
    FakePrometheus server;
    server.neverAnswer();
    QElapsedTimer elapsed;
    elapsed.start();
    const auto result = PrometheusClient(server.url(), 300ms).instantQuery(QStringLiteral("up"));
    const qint64 ms = elapsed.elapsed();
    expectError(result, telemetryerrc::Unavailable);
    EXPECT_NE(result.error().message.find("300 ms"), std::string::npos) << result.error().message;
    EXPECT_GE(ms, 250);
    EXPECT_LT(ms, 1300);
    EXPECT_EQ(server.requests().size(), 1u);
}

TEST(PrometheusClient, ConnectionRefusedIsUnavailableNamingTheUrl)
{
    const QUrl url = refusingUrl();
    const auto result = PrometheusClient(url).instantQuery(QStringLiteral("up"));
    expectError(result, telemetryerrc::Unavailable);
    EXPECT_NE(result.error().message.find(url.toString().toStdString()), std::string::npos) << result.error().message;
}

TEST(PrometheusClient, MalformedAnswersAreBadResponses)
{
    FakePrometheus server;
    const PrometheusClient client(server.url());
    const std::vector<std::pair<int, QByteArray>> answers = {
        {200, "<html>not json</html>"},
        {200, R"({"status":"error","error":"odd"})"},
        {200, R"({"status":"success"})"},
        {200, successBody("string", R"([1700000000,"text"])")},
        {200, successBody("vector", R"([{"metric":{},"value":[1700000000,"not a number"]}])")},
        {200, successBody("vector", R"({"not":"an array"})")},
        {404, "404 page not found"},
    };
    for (const auto &[status, body] : answers) {
        server.respond(status, body);
        expectError(client.instantQuery(QStringLiteral("up")), telemetryerrc::BadResponse);
    }
}

TEST(PrometheusClient, ParseResponseNeedsNoNetwork)
{
    const auto result = parseResponse(200, vectorBody({"42"}), QStringLiteral("http://x/api/v1/query"));
    ASSERT_TRUE(result.ok());
    EXPECT_DOUBLE_EQ(result->series.at(0).samples.at(0).value, 42.0);
    expectError(parseResponse(500, "boom", QStringLiteral("http://x")), telemetryerrc::Unavailable);
}

TEST(PrometheusClient, WarningsAreKept)
{
    FakePrometheus server;
    server.respond(200, R"({"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial"]})");
    const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("up"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->warnings, QStringList{QStringLiteral("partial")});
}

TEST(GateQuery, DefaultsSubstituteTheAgent)
{
    EXPECT_EQ(gateQuery(gate("p95_latency_ms"), "kb"),
              QStringLiteral("histogram_quantile(0.95, sum by (le) (rate(rampart_answer_latency_seconds_bucket{agent=\"kb\"}[5m]))) * 1000"));
    EXPECT_EQ(gateQuery(gate("cpu_percent", "x{job=\"$agent\"}"), "a\"b"), QStringLiteral("x{job=\"a\\\"b\"}"));
    EXPECT_TRUE(gateQuery(gate("no_such_gate"), "kb").isEmpty());
}

// The defaults must say what the shipped plan says, so a plan without queries behaves the same.
TEST(GateQuery, DefaultsMatchTheShippedPlan)
{
    QFile file(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QJsonObject plan = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray gates = plan.value(QStringLiteral("service_gates")).toArray();
    ASSERT_EQ(gates.size(), 6);
    for (const QJsonValue &value : gates) {
        const std::string name = value[QStringLiteral("name")].toString().toStdString();
        EXPECT_EQ(gateQuery(gate(name), "documentation-keeper"), value[QStringLiteral("query")].toString()) << name;
    }
}

TEST(ReadGauges, OneReadingPerGateInPlanOrderWithValueAndSampleTime)
{
    FakePrometheus server;
    server.setHandler([](const FakeRequest &request) {
        const QString query = request.form.value(QStringLiteral("query"));
        if (query.contains(QStringLiteral("rampart_answer_latency")))
            return CannedResponse{200, vectorBody({"87.5"}, 1699999990.0), true};
        if (query.contains(QStringLiteral("node_cpu")))
            return CannedResponse{200, vectorBody({"41"}), true};
        return CannedResponse{200, successBody("vector", "[]"), true};
    });
    const auto plan = planWithGates({gate("p95_latency_ms"), gate("cpu_percent"), gate("uptime_percent")});
    const auto readings = PrometheusClient(server.url()).readGauges(plan, "documentation-keeper", kNow);
    ASSERT_EQ(readings.size(), 3u);
    EXPECT_EQ(readings[0].gauge.name, "p95_latency_ms");
    EXPECT_EQ(readings[0].gauge.value, 87.5);
    EXPECT_EQ(readings[0].gauge.sampledAt, kNow - 10s);
    EXPECT_TRUE(readings[0].note.empty());
    EXPECT_NE(readings[0].query.find("agent=\"documentation-keeper\""), std::string::npos);
    EXPECT_EQ(readings[1].gauge.value, 41.0);
    EXPECT_EQ(readings[2].gauge.name, "uptime_percent");
    EXPECT_FALSE(readings[2].gauge.value.has_value());
    EXPECT_NE(readings[2].note.find("No data"), std::string::npos);
    for (const auto &request : server.requests())
        EXPECT_EQ(request.form.value(QStringLiteral("time")), QStringLiteral("1700000000"));
    EXPECT_EQ(gaugesOf(readings).size(), 3u);
}

TEST(ReadGauges, NaNInfinityAndSeveralSeriesAreMissingNeverZero)
{
    FakePrometheus server;
    server.setHandler([](const FakeRequest &request) {
        const QString query = request.form.value(QStringLiteral("query"));
        if (query == QLatin1String("nan"))
            return CannedResponse{200, vectorBody({"NaN"}), true};
        if (query == QLatin1String("inf"))
            return CannedResponse{200, vectorBody({"+Inf"}), true};
        return CannedResponse{200, vectorBody({"1", "2"}), true};
    });
    const auto plan = planWithGates({gate("a", "nan"), gate("b", "inf"), gate("c", "two")});
    const auto readings = PrometheusClient(server.url()).readGauges(plan, "kb", kNow);
    ASSERT_EQ(readings.size(), 3u);
    for (const auto &reading : readings) {
        EXPECT_FALSE(reading.gauge.value.has_value()) << reading.gauge.name;
        EXPECT_FALSE(reading.gauge.sampledAt.has_value()) << reading.gauge.name;
        EXPECT_FALSE(reading.note.empty()) << reading.gauge.name;
    }
    EXPECT_NE(readings[0].note.find("NaN"), std::string::npos);
    EXPECT_NE(readings[1].note.find("infinite"), std::string::npos);
    EXPECT_NE(readings[2].note.find("2 series"), std::string::npos);
}

TEST(ReadGauges, GateWithoutQueryIsMissingAndNotAsked)
{
    FakePrometheus server;
    const auto readings = PrometheusClient(server.url()).readGauges(planWithGates({gate("queue_depth")}), "kb", kNow);
    ASSERT_EQ(readings.size(), 1u);
    EXPECT_FALSE(readings[0].gauge.value.has_value());
    EXPECT_NE(readings[0].note.find("no query"), std::string::npos);
    EXPECT_TRUE(server.requests().empty());
}

TEST(ReadGauges, RejectedQueryAndUnreachableServerLeaveGaugesMissing)
{
    FakePrometheus server;
    server.respond(400, R"({"status":"error","errorType":"bad_data","error":"parse error"})");
    const auto plan = planWithGates({gate("p95_latency_ms"), gate("cpu_percent")});
    for (const auto &reading : PrometheusClient(server.url()).readGauges(plan, "kb", kNow)) {
        EXPECT_FALSE(reading.gauge.value.has_value());
        EXPECT_NE(reading.note.find("parse error"), std::string::npos);
    }
    for (const auto &reading : PrometheusClient(refusingUrl()).readGauges(plan, "kb", kNow)) {
        EXPECT_FALSE(reading.gauge.value.has_value());
        EXPECT_NE(reading.note.find("cannot be reached"), std::string::npos) << reading.note;
    }
}

TEST(ReadGauges, QueriesRunConcurrentlySoTheCallTakesAboutOneTimeout)
{
    FakePrometheus server;
    server.neverAnswer();
    const auto plan = planWithGates({gate("p95_latency_ms"), gate("cpu_percent"), gate("memory_percent"),
                                     gate("uptime_percent")});
    QElapsedTimer elapsed;
    elapsed.start();
    const auto readings = PrometheusClient(server.url(), 300ms).readGauges(plan, "kb", kNow);
    EXPECT_LT(elapsed.elapsed(), 1000);
    for (const auto &reading : readings)
        EXPECT_NE(reading.note.find("did not answer"), std::string::npos) << reading.note;
}

TEST(PrometheusClientAsync, InstantQueryAsyncDeliversTheResultThroughAFuture)
{
    FakePrometheus server;
    server.respond(200, vectorBody({"7"}));
    auto future = PrometheusClient(server.url()).instantQueryAsync(QStringLiteral("up"));
    future.waitForFinished();
    const auto result = future.result();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_DOUBLE_EQ(result->series.at(0).samples.at(0).value, 7.0);
}

TEST(PrometheusClientAsync, ContinuationRunsOnTheContextThread)
{
    FakePrometheus server;
    server.respond(200, vectorBody({"3"}));
    QObject context;
    QEventLoop loop;
    std::optional<double> seen;
    bool onThisThread = false;
    const auto plan = planWithGates({gate("cpu_percent")});
    PrometheusClient(server.url()).readGaugesAsync(plan, "kb", kNow).then(&context, [&](std::vector<GaugeReading> readings) {
        seen = readings.at(0).gauge.value;
        onThisThread = QThread::currentThread() == context.thread();
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(seen, 3.0);
    EXPECT_TRUE(onThisThread);
}

TEST(PrometheusClientAsync, RangeQueryAsyncReportsErrorsAsValues)
{
    auto future = PrometheusClient(refusingUrl()).rangeQueryAsync(QStringLiteral("up"), kNow - 10s, kNow, 1s);
    future.waitForFinished();
    expectError(future.result(), telemetryerrc::Unavailable);
}

TEST(PrometheusClient, BlockingCallWorksFromAThreadWithoutAnEventLoop)
{
    FakePrometheus server;
    server.respond(200, vectorBody({"5"}));
    std::optional<double> value;
    std::thread worker([&] {
        const auto result = PrometheusClient(server.url()).instantQuery(QStringLiteral("up"));
        if (result.ok())
            value = result->series.at(0).samples.at(0).value;
    });
    worker.join();
    EXPECT_EQ(value, 5.0);
}

// issue 8, item 14: no credential of the base URL reaches a message.
TEST(PrometheusClient, MessagesNeverQuoteCredentialsOfTheBaseUrl)
{
    const QUrl base(QStringLiteral("http://user:hunter2@127.0.0.1:1/prom?token=hunter2"));
    const auto result = PrometheusClient(base, std::chrono::milliseconds(500)).instantQuery(QStringLiteral("up"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message.find("hunter2"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("127.0.0.1:1"), std::string::npos) << result.error().message;
}

// ---- Freshness: a gauge is dated by the data behind it (issue 9) --------------------------

TEST(VectorSelectors, FindsTheSelectorsBehindTheDefaultGateQueries)
{
    const auto selectors = [](const char *query) { return vectorSelectors(QString::fromUtf8(query)); };
    EXPECT_EQ(selectors("histogram_quantile(0.95, sum by (le) (rate(rampart_answer_latency_seconds_bucket"
                        "{agent=\"kb\"}[5m]))) * 1000"),
              QStringList{QStringLiteral("rampart_answer_latency_seconds_bucket{agent=\"kb\"}")});
    EXPECT_EQ(selectors("100 * (1 - sum(node_memory_MemAvailable_bytes{job=\"kb\"}) / "
                        "sum(node_memory_MemTotal_bytes{job=\"kb\"}))"),
              (QStringList{QStringLiteral("node_memory_MemAvailable_bytes{job=\"kb\"}"),
                           QStringLiteral("node_memory_MemTotal_bytes{job=\"kb\"}")}));
    EXPECT_EQ(selectors("100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\", job=\"kb\"}[5m])))"),
              QStringList{QStringLiteral("node_cpu_seconds_total{mode=\"idle\", job=\"kb\"}")});
    EXPECT_EQ(selectors("p95_latency_ms"), QStringList{QStringLiteral("p95_latency_ms")});
    EXPECT_EQ(selectors("{__name__=\"up\", job=\"a}b\"}"), QStringList{QStringLiteral("{__name__=\"up\", job=\"a}b\"}")});
    // Label lists of by/on/ignoring/group_left, strings, offsets, subqueries and comments.
    EXPECT_EQ(selectors("sum without (instance) (a{x=\"sum(b)\"}) / on (job) group_left (le) c # d e"),
              (QStringList{QStringLiteral("a{x=\"sum(b)\"}"), QStringLiteral("c")}));
    EXPECT_EQ(selectors("rate(a[5m] offset 1h) + max_over_time(b[10m:1m]) and bool 1e3"), QStringList{QStringLiteral("b")});
    EXPECT_TRUE(selectors("vector(1) + 2").isEmpty());
    EXPECT_EQ(freshnessQuery(QStringLiteral("up{job=\"kb\"}")),
              QStringLiteral("max(timestamp(up{job=\"kb\"})) # rampart:freshness"));
}

TEST(ReadGauges, AGaugeIsDatedByTheOldestDataBehindIt)
{
    FakePrometheus server;
    server.setHandlesFreshness(true);
    server.setHandler([](const FakeRequest &request) {
        const QString query = request.form.value(QStringLiteral("query"));
        if (query.startsWith(QLatin1String("max(timestamp(a)")))
            return CannedResponse{200, vectorBody({"1699999900"}), true};        // 100 s old
        if (query.startsWith(QLatin1String("max(timestamp(b)")))
            return CannedResponse{200, vectorBody({"1699999990.7"}), true};      // 10 s old
        if (query.startsWith(QLatin1String("max(timestamp(gone)")))
            return CannedResponse{200, successBody("vector", "[]"), true};      // target down
        if (query.startsWith(QLatin1String("max(timestamp(broken)")))
            return CannedResponse{400, R"({"status":"error","error":"bad"})", true};
        return CannedResponse{200, vectorBody({"3"}, 1700000000.0), true};
    });
    const auto plan = planWithGates({gate("two", "a / b"), gate("down", "max_over_time(gone[5m])"),
                                     gate("unknown", "broken"), gate("constant", "vector(3)")});
    const auto readings = PrometheusClient(server.url()).readGauges(plan, "kb", kNow);
    ASSERT_EQ(readings.size(), 4u);
    EXPECT_EQ(readings[0].gauge.value, 3.0);
    EXPECT_EQ(readings[0].gauge.sampledAt, kNow - 100s) << "the older of the two selectors";
    EXPECT_EQ(readings[1].gauge.value, 3.0) << "the value stays; only its date goes";
    EXPECT_FALSE(readings[1].gauge.sampledAt.has_value());
    EXPECT_NE(readings[1].note.find("Stale: gone has no sample"), std::string::npos) << readings[1].note;
    EXPECT_EQ(readings[2].gauge.sampledAt, kNow) << "a failed freshness query keeps the evaluation time";
    EXPECT_NE(readings[2].note.find("could not be read"), std::string::npos) << readings[2].note;
    EXPECT_EQ(readings[3].gauge.sampledAt, kNow) << "no selector, nothing to date";
    EXPECT_TRUE(readings[3].note.empty());
}
