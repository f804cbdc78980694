// Integration tests for core/telemetry/prometheusclient.h against a real Prometheus that
// scrapes itself every second (job "prometheus"): scripts/test starts it and exports
// RAMPART_TEST_PROMETHEUS_URL. Skipped when that variable is absent.
#include "telemetry/prometheusclient.h"

#include "fakeprometheus.h"

#include <QDir>
#include <QFile>
#include <QThread>
#include <QUuid>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

using namespace rampart;
using namespace rampart::telemetry;
using namespace std::chrono_literals;

namespace {

class PrometheusIntegration : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const char *url = std::getenv("RAMPART_TEST_PROMETHEUS_URL");
        if (!url || !*url)
            GTEST_SKIP() << "RAMPART_TEST_PROMETHEUS_URL is not set (scripts/test starts a Prometheus)";
        m_client.emplace(QUrl(QString::fromUtf8(url)), 5000ms);
        waitForFirstScrape();
    }

    // The server answers before its first self-scrape lands; poll up{job="prometheus"} for ~15 s.
    void waitForFirstScrape()
    {
        for (int attempt = 0; attempt < 60; ++attempt) {
            const auto result = m_client->instantQuery(QStringLiteral("up{job=\"prometheus\"}"));
            if (result.ok() && result->series.size() == 1)
                return;
            QThread::msleep(250);
        }
        FAIL() << "up{job=\"prometheus\"} had no sample after 15 s";
    }

    std::optional<PrometheusClient> m_client;
};

} // namespace

TEST_F(PrometheusIntegration, InstantQueryReadsTheSelfScrape)
{
    const auto result = m_client->instantQuery(QStringLiteral("up{job=\"prometheus\"}"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->resultType, QStringLiteral("vector"));
    ASSERT_EQ(result->series.size(), 1u);
    EXPECT_EQ(result->series[0].labels.value(QStringLiteral("job")), QStringLiteral("prometheus"));
    EXPECT_EQ(result->series[0].labels.value(QStringLiteral("__name__")), QStringLiteral("up"));
    EXPECT_DOUBLE_EQ(result->series[0].samples.at(0).value, 1.0);
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    EXPECT_LT(std::chrono::abs(result->series[0].samples[0].at() - now), 30s);
}

TEST_F(PrometheusIntegration, RangeQueryOverTheLastTenSeconds)
{
    QThread::msleep(2000); // at least a couple of scrapes inside the window
    const auto end = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto result = m_client->rangeQuery(QStringLiteral("up{job=\"prometheus\"}"), end - 10s, end, 1s);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->resultType, QStringLiteral("matrix"));
    ASSERT_EQ(result->series.size(), 1u);
    const auto &samples = result->series[0].samples;
    ASSERT_GE(samples.size(), 2u);
    EXPECT_LE(samples.size(), 11u);
    for (const auto &sample : samples) {
        EXPECT_DOUBLE_EQ(sample.value, 1.0);
        EXPECT_GE(sample.at(), end - 10s);
        EXPECT_LE(sample.at(), end);
    }
}

TEST_F(PrometheusIntegration, BadPromQLIsABadQueryWithPrometheusText)
{
    const auto result = m_client->instantQuery(QStringLiteral("sum(rate(up[1m]"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, telemetryerrc::BadQuery) << result.error().message;
    EXPECT_NE(result.error().message.find("parse error"), std::string::npos) << result.error().message;
}

TEST_F(PrometheusIntegration, ReadGaugesFromARealServer)
{
    rollout::Plan plan;
    rollout::ServiceGate up;
    up.name = "uptime_percent";
    up.query = "100 * avg(up{job=\"$agent\"})";
    rollout::ServiceGate latency;
    latency.name = "p95_latency_ms"; // the default query: no such histogram here
    plan.serviceGates = {up, latency};
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto readings = m_client->readGauges(plan, "prometheus", now);
    ASSERT_EQ(readings.size(), 2u);
    EXPECT_EQ(readings[0].gauge.value, 100.0) << readings[0].note;
    // Dated by the scrape behind it (every second), not by the evaluation time.
    ASSERT_TRUE(readings[0].gauge.sampledAt.has_value()) << readings[0].note;
    EXPECT_LE(*readings[0].gauge.sampledAt, now);
    EXPECT_GE(*readings[0].gauge.sampledAt, now - 5s);
    EXPECT_FALSE(readings[1].gauge.value.has_value());
    EXPECT_FALSE(readings[1].note.empty());
}

namespace {

/// A scrape target of the real Prometheus: an in-process HTTP server serving `metrics`,
/// registered through the file_sd directory scripts/lib/services.sh configures
/// (RAMPART_TEST_PROMETHEUS_TARGETS_DIR), with a label `probe` unique to this test.
class ScrapeTarget
{
public:
    explicit ScrapeTarget(const QByteArray &metrics)
        : m_probe(QUuid::createUuid().toString(QUuid::Id128).left(12)), m_server(std::make_unique<testing_fake>())
    {
        m_server->setHandler([metrics](const rampart::telemetry::testing::FakeRequest &) {
            return rampart::telemetry::testing::CannedResponse{200, metrics, true};
        });
        const char *dir = std::getenv("RAMPART_TEST_PROMETHEUS_TARGETS_DIR");
        m_file = QDir(QString::fromUtf8(dir ? dir : "")).filePath(m_probe + QStringLiteral(".json"));
        QFile file(m_file + QStringLiteral(".tmp"));
        if (file.open(QIODevice::WriteOnly)) {
            file.write(QStringLiteral("[{\"targets\": [\"127.0.0.1:%1\"], \"labels\": {\"probe\": \"%2\"}}]")
                           .arg(m_server->url().port())
                           .arg(m_probe)
                           .toUtf8());
            file.close();
            QFile::rename(m_file + QStringLiteral(".tmp"), m_file); // whole, never half-written
        }
    }
    ~ScrapeTarget() { QFile::remove(m_file); }

    /// The label matcher of this target's series.
    std::string matcher() const { return "probe=\"" + m_probe.toStdString() + "\""; }
    /// Takes the target down: its port closes, the next scrape fails.
    void stop() { m_server.reset(); }

private:
    using testing_fake = rampart::telemetry::testing::FakePrometheus;
    QString m_probe;
    std::unique_ptr<testing_fake> m_server;
    QString m_file;
};

rollout::ServiceGate gateWithQuery(const std::string &name, const std::string &query)
{
    rollout::ServiceGate gate;
    gate.name = name;
    gate.query = query;
    return gate;
}

rollout::TimePoint wallNow()
{
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace

// A gauge whose samples carry their own (old) timestamps: the value answers, but it is dated
// by its sample, so a plan's tolerance (Plan::telemetryMaxAge) makes it stale.
TEST_F(PrometheusIntegration, AGaugeIsDatedByItsSampleNotByTheEvaluation)
{
    if (!std::getenv("RAMPART_TEST_PROMETHEUS_TARGETS_DIR"))
        GTEST_SKIP() << "RAMPART_TEST_PROMETHEUS_TARGETS_DIR is not set (scripts/lib/services.sh sets it)";
    const auto written = wallNow() - 120s; // inside the 5 min lookback, older than a 60 s tolerance
    const QByteArray ms = QByteArray::number(static_cast<qlonglong>(written.time_since_epoch().count()) * 1000);
    ScrapeTarget target("rampart_test_fresh 5\nrampart_test_old 7 " + ms + "\n");
    const QString fresh = QString::fromStdString("rampart_test_fresh{" + target.matcher() + "}");
    bool scraped = false;
    for (int attempt = 0; attempt < 80 && !scraped; ++attempt) {
        const auto r = m_client->instantQuery(fresh);
        scraped = r.ok() && r->series.size() == 1;
        if (!scraped)
            QThread::msleep(250);
    }
    ASSERT_TRUE(scraped) << "the test target was not scraped within 20 s";
    QThread::msleep(2000); // readGauges evaluates at a whole second: let it lie after the first scrape

    rollout::Plan plan;
    plan.telemetryMaxAge = 60s;
    plan.serviceGates = {gateWithQuery("fresh", "max(rampart_test_fresh{" + target.matcher() + "})"),
                         gateWithQuery("old", "max(rampart_test_old{" + target.matcher() + "})")};
    const auto now = wallNow();
    const auto readings = m_client->readGauges(plan, "kb", now);
    ASSERT_EQ(readings.size(), 2u);
    ASSERT_EQ(readings[0].gauge.value, 5.0) << readings[0].note;
    ASSERT_TRUE(readings[0].gauge.sampledAt.has_value());
    EXPECT_LE(now - *readings[0].gauge.sampledAt, plan.telemetryMaxAge) << "fresh data is not stale";
    ASSERT_EQ(readings[1].gauge.value, 7.0) << readings[1].note;
    ASSERT_TRUE(readings[1].gauge.sampledAt.has_value()) << readings[1].note;
    EXPECT_EQ(*readings[1].gauge.sampledAt, written);
    EXPECT_GT(now - *readings[1].gauge.sampledAt, plan.telemetryMaxAge) << "the engine's telemetry_stale test";
}

// The scrape target goes down: a query over a range (max_over_time, rate) still answers from
// the old samples for minutes, but the series behind it has no current sample (Prometheus'
// staleness marker): the gauge keeps its value and loses its date, which the engine reports
// as telemetry_stale.
TEST_F(PrometheusIntegration, AScrapeTargetDownMakesItsGaugeStale)
{
    if (!std::getenv("RAMPART_TEST_PROMETHEUS_TARGETS_DIR"))
        GTEST_SKIP() << "RAMPART_TEST_PROMETHEUS_TARGETS_DIR is not set (scripts/lib/services.sh sets it)";
    ScrapeTarget target("rampart_test_queue_depth 12\n");
    const std::string series = "rampart_test_queue_depth{" + target.matcher() + "}";
    rollout::Plan plan;
    plan.serviceGates = {gateWithQuery("queue", "max(max_over_time(" + series + "[2m]))")};
    bool scraped = false;
    for (int attempt = 0; attempt < 80 && !scraped; ++attempt) {
        const auto r = m_client->instantQuery(QString::fromStdString(series));
        scraped = r.ok() && r->series.size() == 1;
        if (!scraped)
            QThread::msleep(250);
    }
    ASSERT_TRUE(scraped) << "the test target was not scraped within 20 s";
    QThread::msleep(2000); // readGauges evaluates at a whole second: let it lie after the first scrape
    const auto up = m_client->readGauges(plan, "kb", wallNow());
    ASSERT_EQ(up.at(0).gauge.value, 12.0) << up.at(0).note;
    ASSERT_TRUE(up.at(0).gauge.sampledAt.has_value()) << up.at(0).note;

    target.stop();
    bool down = false;
    for (int attempt = 0; attempt < 80 && !down; ++attempt) {
        const auto r = m_client->instantQuery(QString::fromStdString("up{" + target.matcher() + "}"));
        down = r.ok() && r->series.size() == 1 && r->series[0].samples.at(0).value == 0.0;
        if (!down)
            QThread::msleep(250);
    }
    ASSERT_TRUE(down) << "Prometheus did not notice the target down within 20 s";
    QThread::msleep(1500); // the staleness marker follows the failed scrape
    const auto readings = m_client->readGauges(plan, "kb", wallNow());
    ASSERT_EQ(readings.size(), 1u);
    EXPECT_EQ(readings[0].gauge.value, 12.0) << "max_over_time still answers from the old samples";
    EXPECT_FALSE(readings[0].gauge.sampledAt.has_value()) << readings[0].note;
    EXPECT_NE(readings[0].note.find("Stale"), std::string::npos) << readings[0].note;
}
