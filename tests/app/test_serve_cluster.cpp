// Several `rampartctl serve` instances on the test PostgreSQL and Redis (scripts/test; skipped
// without RAMPART_TEST_DATABASE_URL and RAMPART_TEST_REDIS_URL): one leader by advisory lock,
// the others forward commands to it; the leader SIGKILLed, another takes over within a bound,
// every command sent before, during and after the hand-over is executed exactly once.

#include "clirun.h"

#include "flags/redisflagstore.h"
#include "httpcall.h"
#include "serveprocess.h"
#include "io/planjson.h"
#include "rollout/clock.h"
#include "service/savedstate.h"
#include "store/pgevidencestore.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <memory>
#include <set>

using namespace rampart;
using namespace rampart::rollout;
using namespace std::chrono_literals;

namespace {

const QByteArray OperatorToken = "olga-operator-token-0001";
const QByteArray StakeholderToken = "sam-stakeholder-token-01";

using Reply = rampart::testing::HttpReply;
using rampart::testing::http;
using rampart::testing::pause;

struct Instance
{
    QString name;
    QString api;
    std::unique_ptr<QProcess> process;
    bool alive() const { return process && process->state() == QProcess::Running; }
};

class ServeClusterTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const char *pg = std::getenv("RAMPART_TEST_DATABASE_URL");
        const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
        if (!pg || !redis)
            GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL and RAMPART_TEST_REDIS_URL are needed (scripts/test sets them)";
        const char *redisPassword = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
        m_pgUrl = pg;
        ASSERT_TRUE(m_dir.isValid());
        m_net.setProxy(QNetworkProxy::NoProxy);

        const auto own = rampart::testing::writeOwnPlan(m_dir.filePath(QStringLiteral("plan.json")), "it-cluster");
        ASSERT_FALSE(own.file.isEmpty());
        m_planFile = own.file;
        m_flag = own.flag;
        m_agent = own.agent;
        auto parsed = io::loadPlanFile(m_planFile);
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        m_plan = *parsed;

        // Running at 50% (stage 2) since 50 h; the last stable stage is 25%.
        auto store = store::PgEvidenceStore::open(m_pgUrl, "");
        ASSERT_TRUE(store.ok()) << store.error().message;
        const TimePoint now = SystemClock().now();
        RolloutState s;
        s.status = RolloutStatus::Running;
        s.stage = 2;
        s.stageStartedAt = now - 50h;
        s.rolloutStartedAt = now - 150h;
        s.lastStableStage = 1;
        ASSERT_TRUE((*store)->recordTransition(m_agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running, RolloutStatus::Running,
                                                         25.0, 50.0, "advance", "", false})
                        .ok());
        flags::RedisFlagStoreOptions fo;
        fo.url = redis;
        fo.password = redisPassword ? redisPassword : "";
        auto flags = flags::RedisFlagStore::create(fo);
        ASSERT_TRUE(flags.ok());
        m_flags = std::move(flags).value();
        auto written = m_flags->write(m_flag, {50.0, m_plan.stages[2].name, "ops:anna", "advance", std::nullopt});
        ASSERT_TRUE(written.ok()) << written.error().message;
        ASSERT_TRUE(service::saveState(**store, m_plan, s, written->version, "ops:anna", now).ok());

        m_tokens = m_dir.filePath(QStringLiteral("tokens"));
        ASSERT_TRUE(rampart::testing::writeTokenFile(m_tokens, "operator olga " + OperatorToken + "\nstakeholder sam " + StakeholderToken + "\n"));
        m_env = rampart::testing::serveEnvironment(m_pgUrl);
    }

    void TearDown() override
    {
        for (Instance &i : m_instances)
            if (i.alive()) {
                i.process->terminate();
                if (!i.process->waitForFinished(10000))
                    i.process->kill();
            }
    }

    Instance &launch(const QString &name)
    {
        Instance i;
        i.name = name;
        i.process = std::make_unique<QProcess>();
        QProcessEnvironment env = m_env;
        env.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), m_dir.filePath(QStringLiteral("outbox-") + name));
        i.process->setProcessEnvironment(env);
        i.process->start(QStringLiteral(RAMPARTCTL_PATH),
                         {QStringLiteral("serve"), QStringLiteral("--plan"), m_planFile, QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--tokens"), m_tokens, QStringLiteral("--interval"),
                          QStringLiteral("1"), QStringLiteral("--rate-limit"), QStringLiteral("0"), QStringLiteral("--instance"), name});
        EXPECT_TRUE(i.process->waitForStarted(10000));
        for (int k = 0; k < 300 && !i.process->canReadLine(); ++k)
            i.process->waitForReadyRead(100);
        const QJsonObject listening = rampart::testing::jsonObject(i.process->readLine());
        i.api = listening.value(QStringLiteral("api")).toString();
        EXPECT_TRUE(listening.value(QStringLiteral("cluster")).toBool()) << i.process->readAllStandardError().constData();
        m_instances.push_back(std::move(i));
        return m_instances.back();
    }

    /// Waits until every live instance names the same leader; that leader's name ("" on timeout).
    QString agreedLeader(std::chrono::milliseconds within, const QString &notThis = {})
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < within.count()) {
            std::set<QString> named;
            int leaders = 0;
            bool allAnswered = true;
            QString leader;
            for (Instance &i : m_instances) {
                if (!i.alive())
                    continue;
                const Reply r = http(m_net, "GET", i.api + QStringLiteral("/api/cluster"));
                if (r.status != 200) {
                    allAnswered = false;
                    continue;
                }
                const QString role = r.json.value(QStringLiteral("role")).toString();
                if (role == QLatin1String("leader") && r.json.value(QStringLiteral("acting")).toBool()) {
                    ++leaders;
                    leader = i.name;
                }
                named.insert(r.json.value(QStringLiteral("leader")).toObject().value(QStringLiteral("instance")).toString());
            }
            if (allAnswered && leaders == 1 && named.size() == 1 && *named.begin() == leader && leader != notThis)
                return leader;
            pause(50);
        }
        return {};
    }

    Instance &byName(const QString &name)
    {
        for (Instance &i : m_instances)
            if (i.name == name)
                return i;
        ADD_FAILURE() << "no instance " << name.toStdString();
        return m_instances.front();
    }

    Reply signOff(const Instance &via, const QString &comment)
    {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("approve"), true}, {QStringLiteral("comment"), comment}})
                                    .toJson(QJsonDocument::Compact);
        return http(m_net, "POST", via.api + QStringLiteral("/api/rollout/sign-off"), body, StakeholderToken);
    }

    QTemporaryDir m_dir;
    std::string m_pgUrl;
    std::string m_flag;
    std::string m_agent;
    QString m_planFile;
    QString m_tokens;
    Plan m_plan;
    std::shared_ptr<flags::FlagStore> m_flags;
    QProcessEnvironment m_env;
    QNetworkAccessManager m_net;
    std::vector<Instance> m_instances;
};

} // namespace

TEST_F(ServeClusterTest, KillingTheLeaderHandsOverWithinABoundAndNoCommandIsLostOrActedTwice)
{
    launch(QStringLiteral("node-a"));
    launch(QStringLiteral("node-b"));
    launch(QStringLiteral("node-c"));
    const QString first = agreedLeader(15s);
    ASSERT_FALSE(first.isEmpty()) << "three instances never agreed on one leader";

    // Who leads is visible in /metrics: 1 on the leader, 0 on the others.
    for (Instance &i : m_instances) {
        const Reply m = http(m_net, "GET", i.api + QStringLiteral("/metrics"));
        const QByteArray line = "rampart_cluster_leader{agent=\"" + QByteArray::fromStdString(m_agent) + "\",instance=\""
            + i.name.toUtf8() + "\"} " + (i.name == first ? "1" : "0");
        EXPECT_NE(m.raw.indexOf(line), -1) << i.name.toStdString() << "\n" << m.raw.constData();
    }

    std::vector<QString> followers;
    for (Instance &i : m_instances)
        if (i.name != first)
            followers.push_back(i.name);
    ASSERT_EQ(followers.size(), 2u);

    // Commands sent to the followers are forwarded to the leader and executed there.
    std::vector<QString> sent;
    for (int k = 0; k < 4; ++k) {
        const QString comment = QStringLiteral("before-%1").arg(k);
        const Reply r = signOff(byName(followers[k % 2]), comment);
        ASSERT_EQ(r.status, 200) << r.raw.constData();
        EXPECT_EQ(r.json.value(QStringLiteral("forwarded_to")).toString(), first) << r.raw.constData();
        sent.push_back(comment);
    }

    // kill -9 the leader, then at once send a command to each survivor: they wait for the
    // next leader and forward to it.
    QElapsedTimer handover;
    ::kill(static_cast<pid_t>(byName(first).process->processId()), SIGKILL);
    handover.start();
    byName(first).process->waitForFinished(5000);
    for (int k = 0; k < 2; ++k) {
        const QString comment = QStringLiteral("during-%1").arg(k);
        const Reply r = signOff(byName(followers[k]), comment);
        EXPECT_EQ(r.status, 200) << r.raw.constData();
        std::fprintf(stderr, "[cluster] %s via %s at +%lld ms: %d, forwarded to %s\n", comment.toUtf8().constData(),
                     followers[k].toUtf8().constData(), static_cast<long long>(handover.elapsed()), r.status,
                     r.json.value(QStringLiteral("forwarded_to")).toString().toUtf8().constData());
        if (r.status == 200)
            sent.push_back(comment);
    }
    const QString second = agreedLeader(10s, first);
    const qint64 takeoverMs = handover.elapsed();
    ASSERT_FALSE(second.isEmpty()) << "no survivor took over";
    EXPECT_NE(second, first);
    // The bound: the lock is released when the dead holder's socket closes, the survivors try
    // every 250 ms, and the new leader starts its controller.
    EXPECT_LT(takeoverMs, 5000) << "hand-over took " << takeoverMs << " ms";
    std::fprintf(stderr, "[cluster] leader %s killed; %s leads after %lld ms\n", first.toUtf8().constData(),
                 second.toUtf8().constData(), static_cast<long long>(takeoverMs));
    const Reply cluster = http(m_net, "GET", byName(second).api + QStringLiteral("/api/cluster"));
    EXPECT_EQ(cluster.json.value(QStringLiteral("role")).toString(), QStringLiteral("leader"));
    EXPECT_GE(cluster.json.value(QStringLiteral("leader")).toObject().value(QStringLiteral("term")).toInt(), 2);

    const QString survivorFollower = followers[0] == second ? followers[1] : followers[0];
    for (int k = 0; k < 2; ++k) {
        const QString comment = QStringLiteral("after-%1").arg(k);
        const Reply r = signOff(byName(k == 0 ? survivorFollower : second), comment);
        ASSERT_EQ(r.status, 200) << r.raw.constData();
        sent.push_back(comment);
    }

    // A rollback through the follower: written once; the same command again (a client's
    // retry) is confirmed as already applied, not written a second time.
    const Reply rollback = http(m_net, "POST", byName(survivorFollower).api + QStringLiteral("/api/flags/")
                                    + QString::fromStdString(m_flag), R"({"percentage": 25, "reason": "cluster test"})",
                                OperatorToken);
    ASSERT_EQ(rollback.status, 200) << rollback.raw.constData();
    EXPECT_EQ(rollback.json.value(QStringLiteral("command")).toString(), QStringLiteral("rollback"));
    EXPECT_EQ(rollback.json.value(QStringLiteral("forwarded_to")).toString(), second);
    const auto versionAfter = m_flags->read(m_flag);
    ASSERT_TRUE(versionAfter.ok());
    EXPECT_EQ(versionAfter->percentage, 25.0);
    const Reply again = http(m_net, "POST", byName(second).api + QStringLiteral("/api/flags/") + QString::fromStdString(m_flag),
                             R"({"percentage": 25})", OperatorToken);
    EXPECT_EQ(again.status, 200) << again.raw.constData();
    EXPECT_TRUE(again.json.value(QStringLiteral("already_applied")).toBool()) << again.raw.constData();
    const auto versionAgain = m_flags->read(m_flag);
    ASSERT_TRUE(versionAgain.ok());
    EXPECT_EQ(versionAgain->version, versionAfter->version) << "a retried rollback wrote the flag again";

    // Every command once in the store: each sign-off comment exactly once, one rollback.
    auto store = store::PgEvidenceStore::open(m_pgUrl, "");
    ASSERT_TRUE(store.ok());
    std::map<std::string, int> seen;
    std::vector<rollout::TransitionEvent> history;
    for (int k = 0; k < 100; ++k) { // the rollback's transition is recorded just after the write
        auto signOffs = (*store)->signOffs(m_agent);
        ASSERT_TRUE(signOffs.ok()) << signOffs.error().message;
        seen.clear();
        for (const rollout::SignOff &s : *signOffs)
            ++seen[s.comment];
        auto h = (*store)->stageHistory(m_agent);
        ASSERT_TRUE(h.ok());
        history = *h;
        const bool rolledBack = std::any_of(history.begin(), history.end(),
                                            [](const TransitionEvent &e) { return e.toStatus == RolloutStatus::RolledBack; });
        if (rolledBack && seen.size() >= sent.size())
            break;
        pause(100);
    }
    for (const QString &c : sent)
        EXPECT_EQ(seen[c.toStdString()], 1) << "sign-off " << c.toStdString();
    EXPECT_EQ(seen.size(), sent.size());
    int rollbacks = 0; // hold transitions are by the controller, rollbacks by olga through the API
    std::set<std::string> controllerActors;
    for (const TransitionEvent &e : history) {
        std::fprintf(stderr, "[cluster] transition by %s: %s -> %s, %g%% -> %g%%\n", e.actor.c_str(),
                     rollout::statusName(e.fromStatus), rollout::statusName(e.toStatus), e.fromPercentage, e.toPercentage);
        rollbacks += e.toStatus == RolloutStatus::RolledBack ? 1 : 0;
        if (e.actor.rfind("rampart-serve@", 0) == 0)
            controllerActors.insert(e.actor);
    }
    EXPECT_EQ(rollbacks, 1);
    // The timed hold decision (no data yet) was acted on once, by the first leader; the next
    // leader loaded the saved state and did not hold again.
    const auto holds = std::count_if(history.begin(), history.end(), [](const TransitionEvent &e) {
        return e.toStatus == RolloutStatus::Holding && e.fromStatus != RolloutStatus::Holding;
    });
    EXPECT_EQ(holds, 1);
    // Only leaders' controllers ever acted (the third instance never led).
    for (const std::string &a : controllerActors)
        EXPECT_TRUE(a == "rampart-serve@" + first.toStdString() || a == "rampart-serve@" + second.toStdString()) << a;
}

TEST_F(ServeClusterTest, AStoppedLeaderResignsAndAFollowerTakesOverAtOnce)
{
    launch(QStringLiteral("node-x"));
    launch(QStringLiteral("node-y"));
    const QString first = agreedLeader(15s);
    ASSERT_FALSE(first.isEmpty());
    QElapsedTimer handover;
    byName(first).process->terminate(); // SIGTERM: the controller stops, the election resigns
    handover.start();
    ASSERT_TRUE(byName(first).process->waitForFinished(10000));
    EXPECT_EQ(byName(first).process->exitCode(), 0);
    const QString second = agreedLeader(10s, first);
    ASSERT_FALSE(second.isEmpty());
    EXPECT_LT(handover.elapsed(), 3000);
    const Reply health = http(m_net, "GET", byName(second).api + QStringLiteral("/health"));
    EXPECT_EQ(health.json.value(QStringLiteral("role")).toString(), QStringLiteral("leader")) << health.raw.constData();
}
