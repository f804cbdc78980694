// Integration tests for core/telemetry/prometheusclient.h against a real Prometheus that
// scrapes itself every second (job "prometheus"): scripts/test starts it and exports
// RAMPART_TEST_PROMETHEUS_URL. Skipped when that variable is absent.
#include "telemetry/prometheusclient.h"

#include <QThread>

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
    EXPECT_EQ(readings[0].gauge.sampledAt, now);
    EXPECT_FALSE(readings[1].gauge.value.has_value());
    EXPECT_FALSE(readings[1].note.empty());
}
