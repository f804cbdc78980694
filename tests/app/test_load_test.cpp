// scripts/load-test.sh end to end on loopback: the flag in the test Redis, the stand-in
// serving system (`rampartctl simulate --serve`) started by the script, wrk with the pacing
// script, a Prometheus of the test's own scraping the stand-in, the result stored in a SQLite
// workspace (or, for the passing run whose PostgreSQL gate needs PostgreSQL timings, the test
// PostgreSQL) where the gate engine reads the latest load test. Short runs (10–15 s) stand in
// for the 300 s of the real procedure. Needs the test Redis (scripts/test), wrk and
// prometheus; skipped without them. The plan is the demo plan under an agent name of the
// test's own, so no other test's rollout sees these load tests.

#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>

namespace {

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

class LoadTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
        if (!redis)
            GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed (scripts/test starts Redis)";
        for (const char *tool : {"wrk", "prometheus", "jq", "curl"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                GTEST_SKIP() << tool << " is not installed";
        ASSERT_TRUE(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLocal8Bit(redis));
        if (const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD"))
            m_env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(password));
        m_env.insert(QStringLiteral("RAMPARTCTL"), QStringLiteral(RAMPARTCTL_PATH));
        m_env.remove(QStringLiteral("RAMPART_DATABASE_URL"));
        m_workspace = m_dir.filePath(QStringLiteral("ws.rampart"));
        // The demo plan with its own flag (tests share the Redis) and resource thresholds this
        // shared 2-core test machine can meet: the test is about the pipeline, not the machine.
        m_plan = m_dir.filePath(QStringLiteral("plan.json"));
        QFile in(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
        ASSERT_TRUE(in.open(QIODevice::ReadOnly));
        QJsonObject plan = QJsonDocument::fromJson(in.readAll()).object();
        m_agent = QStringLiteral("loadtest-e2e-%1").arg(QCoreApplication::applicationPid());
        plan.insert(QStringLiteral("agent"), m_agent);
        plan.insert(QStringLiteral("flag"), m_agent + QStringLiteral(".ml-answers"));
        QJsonArray gates = plan.value(QStringLiteral("service_gates")).toArray();
        for (qsizetype i = 0; i < gates.size(); ++i) {
            QJsonObject g = gates.at(i).toObject();
            const QString name = g.value(QStringLiteral("name")).toString();
            g.insert(QStringLiteral("query"), g.value(QStringLiteral("query")).toString().replace(QStringLiteral("documentation-keeper"), m_agent));
            if (name == QLatin1String("cpu_percent") || name == QLatin1String("memory_percent"))
                g.insert(QStringLiteral("threshold"), 100.5);
            else if (name == QLatin1String("postgres_p95_ms") || name == QLatin1String("redis_p95_ms"))
                g.insert(QStringLiteral("threshold"), 2000);
            gates.replace(i, g);
        }
        plan.insert(QStringLiteral("service_gates"), gates);
        QFile out(m_plan);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(plan).toJson());
    }

    void TearDown() override
    {
        if (m_prometheus.state() != QProcess::NotRunning) {
            m_prometheus.terminate();
            if (!m_prometheus.waitForFinished(5000))
                m_prometheus.kill();
        }
    }

    /// A Prometheus scraping the stand-in's port every second as job "documentation-keeper".
    void startPrometheus(quint16 standInPort)
    {
        const quint16 port = freePort();
        QFile config(m_dir.filePath(QStringLiteral("prometheus.yml")));
        ASSERT_TRUE(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                                    "  - job_name: %1\n    static_configs:\n      - targets: ['127.0.0.1:%2']\n")
                         .arg(m_agent)
                         .arg(standInPort)
                         .toUtf8());
        config.close();
        m_prometheus.start(QStringLiteral("prometheus"),
                           {QStringLiteral("--config.file=") + config.fileName(),
                            QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("prometheus-data")),
                            QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port)});
        ASSERT_TRUE(m_prometheus.waitForStarted(10000));
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
        bool ready = false;
        for (int i = 0; i < 100 && !ready; ++i) {
            QProcess curl;
            curl.start(QStringLiteral("curl"), {QStringLiteral("-sf"), url + QStringLiteral("/-/ready")});
            ready = curl.waitForFinished(5000) && curl.exitCode() == 0;
            if (!ready)
                QThread::msleep(200);
        }
        ASSERT_TRUE(ready) << "prometheus did not become ready";
        m_env.insert(QStringLiteral("RAMPART_PROMETHEUS_URL"), url);
    }

    struct Run
    {
        int exitCode = -1;
        QJsonObject result;
        QByteArray err;
    };

    /// Runs with the test PostgreSQL as the store (the stand-in's events and the result).
    bool usePostgres()
    {
        const char *pg = std::getenv("RAMPART_TEST_DATABASE_URL");
        if (!pg)
            return false;
        m_env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromLocal8Bit(pg));
        m_postgres = QString::fromLocal8Bit(pg);
        return true;
    }

    Run loadTest(const QStringList &extra)
    {
        const QString output = m_dir.filePath(QStringLiteral("result-%1.json").arg(++m_runs));
        QProcess script;
        script.setProcessEnvironment(m_env);
        script.start(QStringLiteral(RAMPART_SOURCE_DIR "/scripts/load-test.sh"),
                     QStringList{QStringLiteral("--plan"), m_plan, QStringLiteral("--output"), output, QStringLiteral("--sample-interval"),
                                 QStringLiteral("2")}
                         + (m_postgres.isEmpty() ? QStringList{QStringLiteral("--workspace"), m_workspace} : QStringList{})
                         + extra);
        EXPECT_TRUE(script.waitForStarted(10000));
        EXPECT_TRUE(script.waitForFinished(180000));
        Run run{script.exitCode(), {}, script.readAllStandardError()};
        QFile file(output);
        if (file.open(QIODevice::ReadOnly))
            run.result = QJsonDocument::fromJson(file.readAll()).object();
        return run;
    }

    std::optional<rampart::rollout::LoadTestResult> latestRecorded()
    {
        std::unique_ptr<rampart::store::RolloutRecords> records;
        if (m_postgres.isEmpty()) {
            auto store = rampart::store::SqliteEvidenceStore::open(m_workspace);
            EXPECT_TRUE(store) << store.error().message;
            if (!store)
                return std::nullopt;
            records = std::move(store).value();
        } else {
            auto store = rampart::store::PgEvidenceStore::open(m_postgres.toStdString(), "");
            EXPECT_TRUE(store) << store.error().message;
            if (!store)
                return std::nullopt;
            records = std::move(store).value();
        }
        auto latest = records->latestLoadTest(m_agent.toStdString());
        EXPECT_TRUE(latest) << latest.error().message;
        return latest ? *latest : std::nullopt;
    }

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_plan;
    QString m_workspace;
    QString m_agent;
    QString m_postgres; ///< the store is this PostgreSQL when set, else the workspace
    QProcess m_prometheus;
    int m_runs = 0;
};

TEST_F(LoadTest, PassesEndToEndOnLoopbackAndIsStoredAsTheLatestLoadTest)
{
    if (!usePostgres())
        GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is needed: the PostgreSQL gate reads the stand-in's PostgreSQL timings";
    const quint16 standIn = freePort();
    ASSERT_NO_FATAL_FAILURE(startPrometheus(standIn));
    const Run run = loadTest({QStringLiteral("--target-percentage"), QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("15s"),
                              QStringLiteral("--requests-per-second"), QStringLiteral("100"), QStringLiteral("--stand-in-listen"),
                              QStringLiteral("127.0.0.1:%1").arg(standIn),
                              // scripts/test runs two tests at a time on two cores: the stand-in's
                              // ~82 ms P95 gets headroom; the default 100 ms gate is measured in
                              // docs/benchmarks.md and fails in the degraded case below.
                              QStringLiteral("--p95-threshold"), QStringLiteral("250")});
    const QJsonObject &r = run.result;
    ASSERT_FALSE(r.isEmpty()) << run.err.constData();
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(r.value(QStringLiteral("passed")).toBool()) << QJsonDocument(r).toJson().constData();
    // The fixed rate held: 100/s for 15 s, within 10%.
    EXPECT_NEAR(r.value(QStringLiteral("achieved_rps")).toDouble(), 100.0, 10.0);
    EXPECT_NEAR(r.value(QStringLiteral("answers")).toDouble(), 1500.0, 150.0);
    const double p50 = r.value(QStringLiteral("p50_latency_ms")).toDouble(), p95 = r.value(QStringLiteral("p95_latency_ms")).toDouble(),
                 p99 = r.value(QStringLiteral("p99_latency_ms")).toDouble();
    // The stand-in answers after LogNormal latencies with medians 30/31 ms: P50 near them.
    EXPECT_GT(p50, 20.0);
    EXPECT_LT(p50, 60.0);
    EXPECT_LE(p50, p95);
    EXPECT_LE(p95, p99);
    EXPECT_LT(p95, 250.0);
    // Every resource gate was sampled during the run, and passed.
    const QJsonArray resources = r.value(QStringLiteral("resources")).toArray();
    EXPECT_EQ(resources.size(), 4);
    for (const QJsonValue &g : resources) {
        EXPECT_GE(g.toObject().value(QStringLiteral("samples")).toInt(), 3) << QJsonDocument(g.toObject()).toJson().constData();
        EXPECT_TRUE(g.toObject().value(QStringLiteral("passes")).toBool()) << QJsonDocument(g.toObject()).toJson().constData();
    }
    // The stand-in routed at the flag's 50%: the ML share within 4 binomial standard errors.
    const QJsonObject answers = r.value(QStringLiteral("stand_in")).toObject().value(QStringLiteral("answers")).toObject();
    const double ml = answers.value(QStringLiteral("ml")).toDouble(), total = ml + answers.value(QStringLiteral("deterministic")).toDouble();
    ASSERT_GT(total, 1000.0);
    EXPECT_NEAR(ml / total, 0.5, 4.0 * std::sqrt(0.25 / total));
    EXPECT_EQ(r.value(QStringLiteral("stand_in")).toObject().value(QStringLiteral("events_pending")).toInt(), 0);

    const auto latest = latestRecorded();
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->percentage, 50.0);
    EXPECT_TRUE(latest->passed);
    EXPECT_DOUBLE_EQ(latest->p95LatencyMs, p95);
    EXPECT_DOUBLE_EQ(latest->errorRate, r.value(QStringLiteral("error_rate")).toDouble());
}

TEST_F(LoadTest, ADegradedTreatmentFailsTheLatencyGateAndIsStoredAsFailed)
{
    const Run run = loadTest({QStringLiteral("--target-percentage"), QStringLiteral("75"), QStringLiteral("--duration"), QStringLiteral("10s"),
                              QStringLiteral("--requests-per-second"), QStringLiteral("80"), QStringLiteral("--resource-gates"),
                              QStringLiteral("none"), QStringLiteral("--stand-in-arg"), QStringLiteral("--fault"), QStringLiteral("--stand-in-arg"),
                              QStringLiteral("latency:3x@0s")});
    ASSERT_FALSE(run.result.isEmpty()) << run.err.constData();
    EXPECT_EQ(run.exitCode, 1) << run.err.constData();
    EXPECT_FALSE(run.result.value(QStringLiteral("passed")).toBool());
    EXPECT_TRUE(run.result.value(QStringLiteral("failures")).toArray().contains(QStringLiteral("p95_latency_ms")));
    // ML latency x3 (P95 ~ 247 ms) on 75% of the traffic puts the overall P95 far above the 100 ms gate.
    EXPECT_GT(run.result.value(QStringLiteral("p95_latency_ms")).toDouble(), 150.0);
    const auto latest = latestRecorded();
    ASSERT_TRUE(latest.has_value());
    EXPECT_EQ(latest->percentage, 75.0);
    EXPECT_FALSE(latest->passed);
}

// The reason for the pacing script: a 3 s server stall in a 15 s run at 100/s holds back
// ~300 scheduled requests, but each of the connections has only one request in flight when
// it begins. Latency measured from the actual send (plain wrk) charges the stall to those
// few (~2% of requests: P95 unaffected); measured from the intended send time it is charged
// to every request that should have gone out during it (~20%: P95 over a second).
TEST_F(LoadTest, CorrectedLatencyShowsAServerStallThatUncorrectedLatencyHides)
{
    const Run run = loadTest({QStringLiteral("--target-percentage"), QStringLiteral("50"), QStringLiteral("--duration"), QStringLiteral("15s"),
                              QStringLiteral("--requests-per-second"), QStringLiteral("100"), QStringLiteral("--resource-gates"),
                              QStringLiteral("none"), QStringLiteral("--no-record"), QStringLiteral("--stand-in-arg"), QStringLiteral("--stall"),
                              QStringLiteral("--stand-in-arg"), QStringLiteral("3s@6s")});
    ASSERT_FALSE(run.result.isEmpty()) << run.err.constData();
    const QJsonObject corrected = run.result.value(QStringLiteral("latency_ms")).toObject();
    const QJsonObject uncorrected = run.result.value(QStringLiteral("uncorrected_latency_ms")).toObject();
    EXPECT_GT(corrected.value(QStringLiteral("p95")).toDouble(), 1000.0) << QJsonDocument(run.result).toJson().constData();
    EXPECT_LT(uncorrected.value(QStringLiteral("p95")).toDouble(), 200.0) << QJsonDocument(run.result).toJson().constData();
    // Both saw the stall itself at the top.
    EXPECT_GT(corrected.value(QStringLiteral("max")).toDouble(), 2500.0);
    EXPECT_GT(uncorrected.value(QStringLiteral("max")).toDouble(), 2500.0);
    EXPECT_EQ(run.exitCode, 1) << "the stall must fail the P95 gate";
    EXPECT_TRUE(run.result.value(QStringLiteral("failures")).toArray().contains(QStringLiteral("p95_latency_ms")));
}

} // namespace
