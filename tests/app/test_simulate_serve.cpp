// `rampartctl simulate --serve`: the stand-in serving system over HTTP (app/simserve.h).
// Routing follows the flag with the serving system's sticky bucketing, every answer is one
// event in the store, /metrics speaks the Prometheus text format. The flag-change case needs
// the test Redis (scripts/test starts it) and is skipped without it.

#include "clirun.h"

#include "flags/flagstore.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>

namespace {

using rampart::testing::expectCliError;
using rampart::testing::runRampartctl;

const char *kAgent = "documentation-keeper";
const char *kFlag = "documentation-keeper.ml-answers";

/// A running `simulate --serve`; terminated (SIGTERM: it writes what is pending) on destruction.
struct StandIn
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QString url;

    void start(const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(RAMPARTCTL_PATH), QStringList{QStringLiteral("simulate"), QStringLiteral("--serve"),
                                                                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--agent"),
                                                                     QString::fromLatin1(kAgent), QStringLiteral("--flag"),
                                                                     QString::fromLatin1(kFlag)}
                                                             + arguments);
        ASSERT_TRUE(process->waitForStarted(10000));
        for (int i = 0; i < 100 && !process->canReadLine(); ++i)
            process->waitForReadyRead(100);
        const QByteArray line = process->readLine();
        const QJsonObject listening = QJsonDocument::fromJson(line).object();
        ASSERT_EQ(listening.value(QStringLiteral("type")).toString(), QStringLiteral("listening"))
            << line.constData() << process->readAllStandardError().constData();
        url = listening.value(QStringLiteral("url")).toString();
    }

    /// Stops it and returns its {"type":"summary"} line.
    QJsonObject stop()
    {
        process->terminate();
        EXPECT_TRUE(process->waitForFinished(20000));
        EXPECT_EQ(process->exitCode(), 0) << process->readAllStandardError().constData();
        QJsonObject summary;
        for (const QByteArray &line : process->readAllStandardOutput().split('\n'))
            if (const QJsonObject o = QJsonDocument::fromJson(line).object(); o.value(QStringLiteral("type")) == QStringLiteral("summary"))
                summary = o;
        return summary;
    }

    ~StandIn()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(2000);
        }
    }
};

/// GETs every path in one curl run (one connection); one parsed body per path.
std::vector<QJsonObject> getAll(const QString &base, const QStringList &paths, std::vector<int> *codes = nullptr)
{
    QStringList args{QStringLiteral("-s"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}\n")};
    for (const QString &p : paths)
        args << base + p;
    QProcess curl;
    curl.start(QStringLiteral("curl"), args);
    EXPECT_TRUE(curl.waitForFinished(60000));
    const QList<QByteArray> lines = curl.readAllStandardOutput().split('\n');
    std::vector<QJsonObject> out;
    for (qsizetype i = 0; i + 1 < lines.size(); i += 2) {
        out.push_back(QJsonDocument::fromJson(lines.at(i)).object());
        if (codes)
            codes->push_back(lines.at(i + 1).toInt());
    }
    EXPECT_EQ(out.size(), static_cast<std::size_t>(paths.size()));
    return out;
}

QStringList answerPaths(int n, const QString &prefix)
{
    QStringList paths;
    for (int i = 0; i < n; ++i)
        paths << QStringLiteral("/answer?user=%1-%2").arg(prefix).arg(i);
    return paths;
}

TEST(SimulateServe, RoutesByTheFlagWithStickyBucketingAndStoresOneEventPerAnswer)
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws.rampart"));
    StandIn standIn;
    ASSERT_NO_FATAL_FAILURE(standIn.start({QStringLiteral("--flag-store"), QStringLiteral("memory:30"), QStringLiteral("--store"),
                                           QStringLiteral("sqlite:") + workspace, QStringLiteral("--delay-scale"), QStringLiteral("0")}));
    const auto first = getAll(standIn.url, answerPaths(400, QStringLiteral("u")));
    const auto again = getAll(standIn.url, answerPaths(400, QStringLiteral("u")));
    std::int64_t ml = 0;
    for (int i = 0; i < 400; ++i) {
        const std::string user = "u-" + std::to_string(i);
        const bool treated = rampart::flags::inTreatment(user, kFlag, 30.0);
        EXPECT_EQ(first[i].value(QStringLiteral("cohort")).toString(), treated ? QStringLiteral("ml") : QStringLiteral("deterministic"))
            << user;
        EXPECT_EQ(again[i].value(QStringLiteral("cohort")), first[i].value(QStringLiteral("cohort"))) << user << " changed cohort";
        EXPECT_EQ(first[i].value(QStringLiteral("percentage")).toDouble(), 30.0);
        ml += treated ? 1 : 0;
    }
    // 400 users at 30%: the realised share lies within 4 binomial standard errors.
    EXPECT_NEAR(ml / 400.0, 0.30, 4.0 * std::sqrt(0.3 * 0.7 / 400.0));

    std::vector<int> codes;
    const auto bad = getAll(standIn.url, {QStringLiteral("/answer"), QStringLiteral("/nowhere")}, &codes);
    EXPECT_EQ(codes, (std::vector<int>{400, 404}));
    EXPECT_EQ(bad[0].value(QStringLiteral("field")).toString(), QStringLiteral("user"));

    QProcess curl;
    curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), standIn.url + QStringLiteral("/metrics")});
    ASSERT_TRUE(curl.waitForFinished(10000));
    const QByteArray metrics = curl.readAllStandardOutput();
    EXPECT_TRUE(metrics.contains("rampart_answer_latency_seconds_count{agent=\"documentation-keeper\",cohort=\"ml\"} " + QByteArray::number(2 * ml)))
        << metrics.left(2000).constData();
    EXPECT_TRUE(metrics.contains("rampart_answer_latency_seconds_bucket{agent=\"documentation-keeper\",cohort=\"deterministic\",le=\"+Inf\"} "
                                 + QByteArray::number(800 - 2 * ml)));
    EXPECT_TRUE(metrics.contains("rampart_sqlite_query_duration_seconds_count{agent=\"documentation-keeper\"}"));
    EXPECT_TRUE(metrics.contains("node_memory_MemAvailable_bytes "));
    EXPECT_TRUE(metrics.contains("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}"));

    const QJsonObject summary = standIn.stop();
    EXPECT_EQ(summary.value(QStringLiteral("events_written")).toInt(), 800);
    EXPECT_EQ(summary.value(QStringLiteral("events_pending")).toInt(), 0);
    EXPECT_EQ(summary.value(QStringLiteral("bad_requests")).toInt(), 1);

    // The events are in the store, as the controller's evidence reads them.
    auto store = rampart::store::SqliteEvidenceStore::open(workspace);
    ASSERT_TRUE(store) << store.error().message;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto units = (*store)->units(kAgent, "deterministic", "ml", now - std::chrono::hours(1), now + std::chrono::hours(1));
    ASSERT_TRUE(units) << units.error().message;
    EXPECT_EQ(units->first + units->second, 800);
    EXPECT_EQ(units->second, 2 * ml);
}

TEST(SimulateServe, RaisingTheFlagOnlyMovesUsersFromControlToTreatmentAndArrivesBySubscription)
{
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed (scripts/test starts Redis)";
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLocal8Bit(redis));
    if (const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD"))
        env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(password));
    const QString flag = QStringLiteral("loadtest-sticky-%1").arg(QCoreApplication::applicationPid());
    const auto setFlag = [&](const char *pct) {
        const auto run = runRampartctl({QStringLiteral("flag"), QStringLiteral("set"), flag, QString::fromLatin1(pct), QStringLiteral("--by"),
                                        QStringLiteral("test"), QStringLiteral("--reason"), QStringLiteral("sticky test")},
                                       {}, env);
        ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    };
    ASSERT_NO_FATAL_FAILURE(setFlag("25"));
    QTemporaryDir dir;
    StandIn standIn;
    standIn.process->setProcessEnvironment(env);
    // A poll of a minute: the change must arrive by the subscription.
    standIn.process->start(QStringLiteral(RAMPARTCTL_PATH),
                           {QStringLiteral("simulate"), QStringLiteral("--serve"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--agent"),
                            QString::fromLatin1(kAgent), QStringLiteral("--flag"), flag, QStringLiteral("--flag-store"), QStringLiteral("redis"),
                            QStringLiteral("--store"), QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("ws.rampart")),
                            QStringLiteral("--delay-scale"), QStringLiteral("0"), QStringLiteral("--flag-poll-ms"), QStringLiteral("60000")});
    ASSERT_TRUE(standIn.process->waitForStarted(10000));
    for (int i = 0; i < 100 && !standIn.process->canReadLine(); ++i)
        standIn.process->waitForReadyRead(100);
    standIn.url = QJsonDocument::fromJson(standIn.process->readLine()).object().value(QStringLiteral("url")).toString();
    ASSERT_FALSE(standIn.url.isEmpty()) << standIn.process->readAllStandardError().constData();

    const auto at25 = getAll(standIn.url, answerPaths(400, QStringLiteral("s")));
    ASSERT_NO_FATAL_FAILURE(setFlag("50"));
    QElapsedTimer timer;
    timer.start();
    while (getAll(standIn.url, {QStringLiteral("/flag")})[0].value(QStringLiteral("percentage")).toDouble() != 50.0 && timer.elapsed() < 5000)
        QThread::msleep(20);
    EXPECT_LT(timer.elapsed(), 3000) << "the change did not arrive by the subscription";
    const auto at50 = getAll(standIn.url, answerPaths(400, QStringLiteral("s")));
    int moved = 0;
    for (int i = 0; i < 400; ++i) {
        const bool was = at25[i].value(QStringLiteral("cohort")).toString() == QStringLiteral("ml");
        const bool is = at50[i].value(QStringLiteral("cohort")).toString() == QStringLiteral("ml");
        EXPECT_TRUE(!was || is) << "user s-" << i << " left the treatment when the flag went up";
        moved += (!was && is) ? 1 : 0;
        EXPECT_EQ(is, rampart::flags::inTreatment("s-" + std::to_string(i), flag.toStdString(), 50.0));
    }
    EXPECT_GT(moved, 0);
    EXPECT_EQ(at50[0].value(QStringLiteral("percentage")).toDouble(), 50.0);
    standIn.stop();
}

// resources/grafana/load-test.json parses, and every metric its queries name is one the
// stand-in's /metrics exports (with PostgreSQL when the test database is there; with a SQLite
// store the PostgreSQL histogram has its rampart_sqlite_ twin).
TEST(SimulateServe, TheLoadTestDashboardNamesOnlyMetricsTheStandInExports)
{
    QFile file(QStringLiteral(RAMPART_SOURCE_DIR "/resources/grafana/load-test.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonObject dashboard = QJsonDocument::fromJson(file.readAll(), &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString store = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("ws.rampart"));
    if (const char *pg = std::getenv("RAMPART_TEST_DATABASE_URL")) {
        env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromLocal8Bit(pg));
        store = QStringLiteral("postgres");
    }
    StandIn standIn;
    ASSERT_NO_FATAL_FAILURE(standIn.start({QStringLiteral("--flag-store"), QStringLiteral("memory:50"), QStringLiteral("--store"), store,
                                           QStringLiteral("--delay-scale"), QStringLiteral("0")},
                                          env));
    getAll(standIn.url, answerPaths(20, QStringLiteral("d")));
    QThread::msleep(400); // one batch written: the store histogram has a sample
    QProcess curl;
    curl.start(QStringLiteral("curl"), {QStringLiteral("-s"), standIn.url + QStringLiteral("/metrics")});
    ASSERT_TRUE(curl.waitForFinished(10000));
    QByteArray metrics = curl.readAllStandardOutput();
    if (store != QLatin1String("postgres"))
        metrics.replace("rampart_sqlite_query_duration_seconds", "rampart_postgres_query_duration_seconds");
    const QRegularExpression name(QStringLiteral("\\b((?:rampart|node|process)_[a-zA-Z0-9_]+)"));
    int checked = 0;
    for (const QJsonValue &panel : dashboard.value(QStringLiteral("panels")).toArray()) {
        const QJsonArray targets = panel.toObject().value(QStringLiteral("targets")).toArray();
        ASSERT_FALSE(targets.isEmpty()) << panel.toObject().value(QStringLiteral("title")).toString().toStdString();
        for (const QJsonValue &target : targets) {
            const QString expr = target.toObject().value(QStringLiteral("expr")).toString();
            auto it = name.globalMatch(expr);
            ASSERT_TRUE(it.hasNext()) << expr.toStdString();
            while (it.hasNext()) {
                const QByteArray metric = it.next().captured(1).toLatin1();
                EXPECT_TRUE(metrics.contains("\n" + metric + "{") || metrics.contains("\n" + metric + " "))
                    << metric.constData() << " in " << expr.toStdString();
                ++checked;
            }
        }
    }
    EXPECT_GE(checked, 15);
    standIn.stop();
}

TEST(SimulateServe, BadServeOptionsAreUsageErrorsNamingTheField)
{
    expectCliError(runRampartctl({QStringLiteral("simulate"), QStringLiteral("--serve"), QStringLiteral("10.1.2.3:80"), QStringLiteral("--agent"),
                                  QStringLiteral("a"), QStringLiteral("--flag"), QStringLiteral("f"), QStringLiteral("--flag-store"),
                                  QStringLiteral("memory:5")}),
                   "usage", "serve");
    expectCliError(runRampartctl({QStringLiteral("simulate"), QStringLiteral("--serve"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--agent"),
                                  QStringLiteral("a"), QStringLiteral("--flag"), QStringLiteral("f"), QStringLiteral("--flag-store"),
                                  QStringLiteral("memory:5"), QStringLiteral("--stall"), QStringLiteral("soon")}),
                   "invalid_argument", "stall");
    expectCliError(runRampartctl({QStringLiteral("simulate"), QStringLiteral("--serve"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--agent"),
                                  QStringLiteral("a"), QStringLiteral("--flag"), QStringLiteral("f"), QStringLiteral("--flag-store"),
                                  QStringLiteral("memory:5"), QStringLiteral("--delay-scale"), QStringLiteral("-1")}),
                   "invalid_argument", "delay-scale");
    // The default store is PostgreSQL: without a database that is a usage error, not a crash.
    QProcessEnvironment noDatabase = QProcessEnvironment::systemEnvironment();
    noDatabase.remove(QStringLiteral("RAMPART_DATABASE_URL"));
    noDatabase.remove(QStringLiteral("XDG_CONFIG_HOME"));
    noDatabase.insert(QStringLiteral("HOME"), QStringLiteral("/nonexistent"));
    expectCliError(runRampartctl({QStringLiteral("simulate"), QStringLiteral("--serve"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--agent"),
                                  QStringLiteral("a"), QStringLiteral("--flag"), QStringLiteral("f"), QStringLiteral("--flag-store"),
                                  QStringLiteral("memory:5")},
                                 {}, noDatabase),
                   "usage", "");
}

} // namespace
