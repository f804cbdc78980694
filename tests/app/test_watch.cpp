// Black-box tests of `rampartctl watch` and `decide --live` on a SQLite workspace, the test
// Redis and the test Prometheus (scripts/test; skipped without RAMPART_TEST_REDIS_URL and
// RAMPART_TEST_PROMETHEUS_URL): one JSON line per evaluation, a clean exit on SIGTERM, and
// a watchdog SIGKILLed between two looks that continues with the recorded boundaries.

#include "clirun.h"

#include "flags/redisflagstore.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/samplingplan.h"
#include "service/savedstate.h"
#include "stats/sequential.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <csignal>
#include <random>

using namespace rampart;
using namespace rampart::rollout;
using namespace std::chrono_literals;

namespace {

struct Env
{
    std::string redisUrl;
    std::string redisPassword;
    std::string prometheusUrl;
};

std::optional<Env> environment()
{
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    const char *prometheus = std::getenv("RAMPART_TEST_PROMETHEUS_URL");
    if (!redis || !prometheus)
        return std::nullopt;
    const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
    return Env{redis, password ? password : "", prometheus};
}

#define REQUIRE_ENV()                                                                                                  \
    const auto env = environment();                                                                                    \
    if (!env)                                                                                                          \
    GTEST_SKIP() << "RAMPART_TEST_REDIS_URL and RAMPART_TEST_PROMETHEUS_URL are needed (scripts/test sets them)"

std::vector<QJsonObject> jsonLines(const QByteArray &text)
{
    std::vector<QJsonObject> out;
    for (const QByteArray &line : text.split('\n'))
        if (!line.trimmed().isEmpty())
            out.push_back(QJsonDocument::fromJson(line).object());
    return out;
}

/// `units` per cohort with the same outcome distributions (no effect: no look crosses).
std::vector<store::Event> equalCohorts(const std::string &agent, TimePoint from, int units, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<store::Event> events;
    for (int i = 0; i < 2 * units; ++i) {
        store::Event e;
        e.at = from + std::chrono::seconds(i * 7);
        e.agent = agent;
        e.cohort = i % 2 == 0 ? "deterministic" : "ml";
        e.unitId = "s" + std::to_string(seed) + "-" + std::to_string(i);
        e.latencyMs = 40.0 + 5.0 * noise(random);
        e.correct = uniform(random) < 0.8;
        e.satisfaction = 1 + static_cast<int>(uniform(random) * 5.0);
        e.handlingTimeMin = std::max(0.5, 12.0 + 3.0 * noise(random));
        e.error = uniform(random) < 0.01;
        events.push_back(e);
    }
    return events;
}

class WatchTest : public ::testing::Test
{
protected:
    void setUpRollout(const Env &e, std::size_t stage, Duration inStage)
    {
        ASSERT_TRUE(dir.isValid());
        // The shipped plan, with its own flag and gates Prometheus answers from its engine.
        QFile in(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
        ASSERT_TRUE(in.open(QIODevice::ReadOnly));
        QJsonObject plan = QJsonDocument::fromJson(in.readAll()).object();
        flagName = "it-watch-" + std::to_string(::getpid()) + "-" + std::to_string(++counter());
        plan.insert(QStringLiteral("flag"), QString::fromStdString(flagName));
        plan.insert(QStringLiteral("service_gates"),
                    QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("p95_latency_ms")},
                                           {QStringLiteral("comparison"), QStringLiteral("below")},
                                           {QStringLiteral("threshold"), 100},
                                           {QStringLiteral("query"), QStringLiteral("vector(50)")}}});
        planFile = dir.filePath(QStringLiteral("plan.json"));
        QFile out(planFile);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(plan).toJson());
        out.close();
        auto parsed = io::loadPlanFile(planFile);
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        thePlan = *parsed;

        workspace = dir.filePath(QStringLiteral("workspace.rampart"));
        auto ws = store::SqliteEvidenceStore::open(workspace);
        ASSERT_TRUE(ws.ok());
        const TimePoint now = SystemClock().now();
        RolloutState s;
        s.status = RolloutStatus::Running;
        s.stage = stage;
        s.stageStartedAt = now - inStage;
        s.rolloutStartedAt = now - inStage - 100h;
        if (stage > 0)
            s.lastStableStage = stage - 1;
        const double pct = thePlan.stages[stage].percentage;
        ASSERT_TRUE((*ws)->recordTransition(thePlan.agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running,
                                                            RolloutStatus::Running, stage > 0 ? thePlan.stages[stage - 1].percentage : 0.0,
                                                            pct, "advance", "", false})
                        .ok());
        flags::RedisFlagStoreOptions options;
        options.url = e.redisUrl;
        options.password = e.redisPassword;
        auto flags = flags::RedisFlagStore::create(options);
        ASSERT_TRUE(flags.ok());
        auto written = (*flags)->write(flagName, {pct, thePlan.stages[stage].name, "ops:anna", "advance", std::nullopt});
        ASSERT_TRUE(written.ok()) << written.error().message;
        ASSERT_TRUE(service::saveState(**ws, thePlan, s, written->version, "ops:anna", now).ok());
        stageStartedAt = s.stageStartedAt;

        processEnv = QProcessEnvironment::systemEnvironment();
        processEnv.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromStdString(e.redisUrl));
        processEnv.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromStdString(e.redisPassword));
        processEnv.insert(QStringLiteral("RAMPART_PROMETHEUS_URL"), QString::fromStdString(e.prometheusUrl));
        processEnv.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), dir.filePath(QStringLiteral("outbox")));
        processEnv.remove(QStringLiteral("RAMPART_DATABASE_URL"));
    }

    Status ingest(int units, unsigned seed)
    {
        auto ws = store::SqliteEvidenceStore::open(workspace);
        if (!ws)
            return ws.error();
        auto report = (*ws)->ingest(equalCohorts(thePlan.agent, stageStartedAt + 1min, units, seed));
        if (!report)
            return report.error();
        return Done{};
    }

    RolloutState savedState()
    {
        auto ws = store::SqliteEvidenceStore::open(workspace);
        EXPECT_TRUE(ws.ok());
        auto saved = (*ws)->loadRolloutState(thePlan.agent);
        EXPECT_TRUE(saved.ok() && saved->has_value());
        auto state = io::stateFromText((*saved)->stateJson, thePlan);
        EXPECT_TRUE(state.ok());
        return state ? *state : RolloutState{};
    }

    QStringList watchArguments(const QStringList &extra) const
    {
        return QStringList{QStringLiteral("watch"), QStringLiteral("--plan"), planFile, QStringLiteral("--workspace"), workspace,
                           QStringLiteral("--actor"), QStringLiteral("watchdog-test")}
            + extra;
    }

    static int &counter()
    {
        static int n = 0;
        return n;
    }

    QTemporaryDir dir;
    QString planFile;
    QString workspace;
    std::string flagName;
    Plan thePlan;
    TimePoint stageStartedAt;
    QProcessEnvironment processEnv;
};

} // namespace

TEST_F(WatchTest, OncePrintsOneJsonLinePerEvaluationAndExits)
{
    REQUIRE_ENV();
    setUpRollout(*env, 1, 50h);
    const auto run = rampart::testing::runRampartctl(watchArguments({QStringLiteral("--once")}), {}, processEnv);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u) << run.out.constData();
    const QJsonObject &e = lines.front();
    EXPECT_EQ(e.value(QStringLiteral("type")).toString(), QStringLiteral("evaluation"));
    EXPECT_EQ(e.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
    EXPECT_EQ(e.value(QStringLiteral("percentage")).toDouble(), 25.0);
    EXPECT_EQ(e.value(QStringLiteral("decision")).toString(), QStringLiteral("hold")); // no sample yet
    EXPECT_EQ(e.value(QStringLiteral("flag")).toObject().value(QStringLiteral("percentage")).toDouble(), 25.0);
    EXPECT_EQ(e.value(QStringLiteral("evidence_hash")).toString().size(), 64);
    EXPECT_TRUE(e.value(QStringLiteral("missing")).toArray().isEmpty()) << run.out.constData();
}

TEST_F(WatchTest, SigtermEndsTheWatchdogCleanly)
{
    REQUIRE_ENV();
    setUpRollout(*env, 1, 50h);
    QProcess process;
    process.setProcessEnvironment(processEnv);
    process.start(QStringLiteral(RAMPARTCTL_PATH), watchArguments({QStringLiteral("--interval"), QStringLiteral("200ms")}));
    ASSERT_TRUE(process.waitForStarted(10000));
    QByteArray out;
    for (int i = 0; i < 100 && out.count('\n') < 2; ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    ASSERT_GE(out.count('\n'), 2) << "two evaluations on the 200 ms timer";
    process.terminate(); // SIGTERM
    ASSERT_TRUE(process.waitForFinished(5000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().constData();
    out += process.readAllStandardOutput();
    for (const QJsonObject &line : jsonLines(out))
        EXPECT_EQ(line.value(QStringLiteral("type")).toString(), QStringLiteral("evaluation"));
}

TEST_F(WatchTest, KilledBetweenTwoLooksTheRestartUsesTheRecordedBoundaries)
{
    REQUIRE_ENV();
    // 50%: no significance requirement, but the sequential test still looks at its planned
    // information fractions (k/4): 800 units per cohort pass the first, 1600 the second.
    setUpRollout(*env, 2, 50h);
    ASSERT_TRUE(ingest(800, 1).ok());

    QProcess process;
    process.setProcessEnvironment(processEnv);
    process.start(QStringLiteral(RAMPARTCTL_PATH), watchArguments({QStringLiteral("--interval"), QStringLiteral("200ms")}));
    ASSERT_TRUE(process.waitForStarted(10000));
    QByteArray out;
    bool looked = false;
    for (int i = 0; i < 100 && !looked; ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        for (const QJsonObject &line : jsonLines(out))
            looked = looked || line.value(QStringLiteral("looks_taken")).toInt() >= 1;
    }
    ASSERT_TRUE(looked) << out.constData();
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    process.waitForFinished(5000);
    EXPECT_EQ(process.exitStatus(), QProcess::CrashExit);

    const RolloutState before = savedState();
    ASSERT_EQ(before.looks.size(), 1u);
    const LookRecord first = before.looks[0];
    ASSERT_GT(first.informationFraction, 0.0);
    ASSERT_LT(first.informationFraction, 0.8);

    ASSERT_TRUE(ingest(800, 2).ok()); // more traffic while the watchdog was down
    const auto run = rampart::testing::runRampartctl(watchArguments({QStringLiteral("--once")}), {}, processEnv);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u);
    const QJsonObject look = lines.front().value(QStringLiteral("look")).toObject();
    EXPECT_EQ(look.value(QStringLiteral("index")).toInt(), 2) << run.out.constData();
    EXPECT_TRUE(look.value(QStringLiteral("taken")).toBool());

    const RolloutState after = savedState();
    ASSERT_EQ(after.looks.size(), 2u);
    // Look 1 is exactly as recorded before the kill: no alpha spent twice.
    EXPECT_EQ(after.looks[0].informationFraction, first.informationFraction);
    EXPECT_EQ(after.looks[0].boundaryZ, first.boundaryZ);
    EXPECT_EQ(after.looks[0].nominalAlpha, first.nominalAlpha);
    // Look 2's boundary is the one for the schedule (t1 recorded, t2, 1): the restart spent
    // alpha from the recorded first look on, not from a fresh schedule.
    const std::vector<double> schedule{first.informationFraction, after.looks[1].informationFraction, 1.0};
    auto bounds = stats::groupSequentialBoundaries(schedule, thePlan.alpha / 2.0, thePlan.spending, 1);
    ASSERT_TRUE(bounds.ok());
    EXPECT_DOUBLE_EQ(after.looks[1].boundaryZ, bounds->z[1]);
    const std::vector<double> fresh{after.looks[1].informationFraction, 1.0};
    auto freshBounds = stats::groupSequentialBoundaries(fresh, thePlan.alpha / 2.0, thePlan.spending, 1);
    EXPECT_NE(after.looks[1].boundaryZ, freshBounds->z[0]);
}

TEST_F(WatchTest, DecideLiveReadsTheSavedStateAndActsOnNothing)
{
    REQUIRE_ENV();
    setUpRollout(*env, 1, 50h);
    const auto run = rampart::testing::runRampartctl({QStringLiteral("decide"), QStringLiteral("--live"), QStringLiteral("--plan"), planFile,
                                             QStringLiteral("--workspace"), workspace},
                                            {}, processEnv);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QJsonObject out = rampart::testing::jsonObject(run.out);
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_EQ(out.value(QStringLiteral("state")).toObject().value(QStringLiteral("stage")).toInt(), 1);
    EXPECT_TRUE(out.value(QStringLiteral("state_problems")).toArray().isEmpty());
    EXPECT_EQ(out.value(QStringLiteral("evidence_hash")).toString().size(), 64);
    // The evidence document reads back through the offline decide.
    QFile evidence(dir.filePath(QStringLiteral("evidence.json")));
    ASSERT_TRUE(evidence.open(QIODevice::WriteOnly));
    evidence.write(QJsonDocument(out.value(QStringLiteral("evidence")).toObject()).toJson());
    evidence.close();
    const auto offline = rampart::testing::runRampartctl({QStringLiteral("decide"), QStringLiteral("--plan"), planFile, QStringLiteral("--evidence"),
                                                 evidence.fileName()},
                                                {}, processEnv);
    ASSERT_EQ(offline.exitCode, 0) << offline.err.constData();
    EXPECT_EQ(rampart::testing::jsonObject(offline.out).value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    // Nothing was written: the saved state is untouched (revision 1).
    auto ws = store::SqliteEvidenceStore::open(workspace);
    EXPECT_EQ((*ws)->loadRolloutState(thePlan.agent)->value().revision, 1);
}

// Several watchdogs on one PostgreSQL (issue 11): only the leader evaluates and acts; the
// other stands by and takes over when the leader is SIGKILLed.
TEST(WatchCluster, OnlyTheLeaderEvaluatesAndAStandbyTakesOverWhenItIsKilled)
{
    const char *pg = std::getenv("RAMPART_TEST_DATABASE_URL");
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!pg || !redis)
        GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL and RAMPART_TEST_REDIS_URL are needed (scripts/test sets them)";
    const char *redisPassword = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
    QTemporaryDir dir;
    QFile in(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    ASSERT_TRUE(in.open(QIODevice::ReadOnly));
    QJsonObject planJson = QJsonDocument::fromJson(in.readAll()).object();
    const std::string suffix = std::to_string(::getpid()) + "-" + std::to_string(SystemClock().now().time_since_epoch().count());
    const std::string flag = "it-watch-cluster-" + suffix;
    const std::string agent = "it-watch-cluster-agent-" + suffix;
    planJson.insert(QStringLiteral("flag"), QString::fromStdString(flag));
    planJson.insert(QStringLiteral("agent"), QString::fromStdString(agent));
    planJson.insert(QStringLiteral("service_gates"), QJsonArray());
    const QString planFile = dir.filePath(QStringLiteral("plan.json"));
    QFile out(planFile);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(planJson).toJson());
    out.close();
    auto plan = io::loadPlanFile(planFile);
    ASSERT_TRUE(plan.ok()) << plan.error().message;

    // Running at 25% since 50 h, saved in PostgreSQL, the flag in Redis.
    auto store = store::PgEvidenceStore::open(pg, "");
    ASSERT_TRUE(store.ok()) << store.error().message;
    const TimePoint now = SystemClock().now();
    RolloutState s;
    s.status = RolloutStatus::Running;
    s.stage = 1;
    s.stageStartedAt = now - 50h;
    s.rolloutStartedAt = now - 150h;
    s.lastStableStage = 0;
    ASSERT_TRUE((*store)->recordTransition(agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running, RolloutStatus::Running,
                                                   5.0, 25.0, "advance", "", false})
                    .ok());
    flags::RedisFlagStoreOptions fo;
    fo.url = redis;
    fo.password = redisPassword ? redisPassword : "";
    auto flags = flags::RedisFlagStore::create(fo);
    ASSERT_TRUE(flags.ok());
    auto written = (*flags)->write(flag, {25.0, plan->stages[1].name, "ops:anna", "advance", std::nullopt});
    ASSERT_TRUE(written.ok());
    ASSERT_TRUE(service::saveState(**store, *plan, s, written->version, "ops:anna", now).ok());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromLocal8Bit(pg));
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLocal8Bit(redis));
    env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(redisPassword ? redisPassword : ""));
    env.remove(QStringLiteral("RAMPART_PROMETHEUS_URL"));
    struct Watchdog // stdout (evaluations) and stderr (cluster lines) merged: one JSON line each
    {
        QProcess process;
        QByteArray out;
        void drain()
        {
            if (process.state() == QProcess::Running)
                process.waitForReadyRead(10);
            out += process.readAll();
        }
    };
    Watchdog w[2];
    for (int i = 0; i < 2; ++i) {
        env.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), dir.filePath(QStringLiteral("outbox-%1").arg(i)));
        w[i].process.setProcessEnvironment(env);
        w[i].process.setProcessChannelMode(QProcess::MergedChannels);
        w[i].process.start(QStringLiteral(RAMPARTCTL_PATH),
                           {QStringLiteral("watch"), QStringLiteral("--plan"), planFile, QStringLiteral("--interval"),
                            QStringLiteral("200ms"), QStringLiteral("--instance"), QStringLiteral("w%1").arg(i)});
        ASSERT_TRUE(w[i].process.waitForStarted(10000));
    }
    const auto evaluations = [](const QByteArray &text) {
        int n = 0;
        for (const QJsonObject &line : jsonLines(text))
            n += line.value(QStringLiteral("type")).toString() == QLatin1String("evaluation") ? 1 : 0;
        return n;
    };
    const auto settle = [&](int ms) {
        for (int k = 0; k < ms / 50; ++k) {
            QThread::msleep(50);
            w[0].drain();
            w[1].drain();
        }
    };
    settle(4000);
    const int e0 = evaluations(w[0].out), e1 = evaluations(w[1].out);
    ASSERT_TRUE((e0 > 0) != (e1 > 0)) << "exactly one watchdog evaluates: " << e0 << " / " << e1 << "\n"
                                      << w[0].out.constData() << "\n" << w[1].out.constData();
    const int leader = e0 > 0 ? 0 : 1, standby = 1 - leader;
    EXPECT_NE(w[standby].out.indexOf("\"role\":\"follower\""), -1) << w[standby].out.constData();

    ::kill(static_cast<pid_t>(w[leader].process.processId()), SIGKILL);
    w[leader].process.waitForFinished(5000);
    QElapsedTimer takeover;
    takeover.start();
    while (evaluations(w[standby].out) == 0 && takeover.elapsed() < 10000)
        settle(50);
    EXPECT_GT(evaluations(w[standby].out), 0) << w[standby].out.constData();
    EXPECT_LT(takeover.elapsed(), 5000);
    EXPECT_NE(w[standby].out.indexOf("\"role\":\"leader\""), -1) << w[standby].out.constData();
    w[standby].process.terminate();
    ASSERT_TRUE(w[standby].process.waitForFinished(10000));
    EXPECT_EQ(w[standby].process.exitCode(), 0);
}
