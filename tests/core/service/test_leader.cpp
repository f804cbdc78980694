// LeaderElection and LeaderControl against the test PostgreSQL (scripts/test; skipped without
// RAMPART_TEST_DATABASE_URL): one leader per agent, followers see who leads, a stopped leader
// resigns and a follower takes over, a leader whose session is terminated steps down at once,
// and LeaderControl runs a controller only while its instance leads.

#include "service/leader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <libpq-fe.h>

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

using namespace rampart;
using namespace rampart::service;
using namespace std::chrono_literals;

namespace {

std::string databaseUrl()
{
    const char *url = std::getenv("RAMPART_TEST_DATABASE_URL");
    return url ? url : "";
}

#define REQUIRE_PG()                                                                                                   \
    if (databaseUrl().empty())                                                                                         \
    GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is needed (scripts/test starts PostgreSQL)"

std::string uniqueAgent(const char *what)
{
    return std::string("it-leader-") + what + "-" + std::to_string(QCoreApplication::applicationPid()) + "-"
        + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

LeaderElectionOptions options(const std::string &agent, const std::string &instance)
{
    LeaderElectionOptions o;
    o.databaseUrl = databaseUrl();
    o.agent = agent;
    o.instance = instance;
    o.apiUrl = "http://127.0.0.1:1/" + instance;
    o.pollInterval = 100ms;
    return o;
}

/// Processes events until `done` or `within` passed; whether `done` held.
bool waitUntil(const std::function<bool()> &done, std::chrono::milliseconds within = 10s)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > within.count())
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

/// Runs one statement on a connection of its own (the test's, not the election's).
void runSql(const std::string &sql)
{
    PGconn *c = PQconnectdb(databaseUrl().c_str());
    ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
    PGresult *r = PQexec(c, sql.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK) << PQerrorMessage(c);
    PQclear(r);
    PQfinish(c);
}

} // namespace

TEST(LeaderLock, TheObjectKeyIsAStableNonNegativeHashOfTheAgent)
{
    EXPECT_EQ(leaderLockObject("documentation-keeper"), leaderLockObject("documentation-keeper"));
    EXPECT_NE(leaderLockObject("documentation-keeper"), leaderLockObject("documentation-keeper2"));
    EXPECT_GE(leaderLockObject(""), 0);
    for (const char *a : {"a", "b", "it-leader", "ml-agent-rollout", "\xff\xfe"})
        EXPECT_GE(leaderLockObject(a), 0) << a;
}

TEST(LeaderElection, OneLeadsTheOtherFollowsAndKnowsWho)
{
    REQUIRE_PG();
    const std::string agent = uniqueAgent("one");
    LeaderElection a(options(agent, "a"));
    a.start();
    ASSERT_TRUE(waitUntil([&] { return a.isLeader(); })) << a.status().note;
    LeaderElection b(options(agent, "b"));
    b.start();
    ASSERT_TRUE(waitUntil([&] { return b.status().role == LeaderRole::Follower; })) << b.status().note;
    const LeadershipStatus sb = b.status();
    ASSERT_TRUE(sb.leader);
    EXPECT_EQ(sb.leader->instance, "a");
    EXPECT_EQ(sb.leader->apiUrl, "http://127.0.0.1:1/a");
    EXPECT_FALSE(b.isLeader());
    // Another agent is another lock: its first instance leads at once.
    LeaderElection other(options(uniqueAgent("other"), "c"));
    other.start();
    EXPECT_TRUE(waitUntil([&] { return other.isLeader(); }));
    // A stopped leader resigns; the follower takes over with the next term.
    const std::int64_t term = a.status().leader->term;
    a.stop();
    ASSERT_TRUE(waitUntil([&] { return b.isLeader(); }, 3s));
    EXPECT_EQ(b.status().leader->instance, "b");
    EXPECT_EQ(b.status().leader->term, term + 1);
}

TEST(LeaderElection, ALeaderWhoseSessionIsTerminatedStepsDownAndAnotherTakesOver)
{
    REQUIRE_PG();
    const std::string agent = uniqueAgent("terminated");
    LeaderElection a(options(agent, "a"));
    a.start();
    ASSERT_TRUE(waitUntil([&] { return a.isLeader(); }));
    LeaderElection b(options(agent, "b"));
    b.start();
    ASSERT_TRUE(waitUntil([&] { return b.status().role == LeaderRole::Follower; }));
    // The server ends the leader's session (as it does when the holder's keepalives stop).
    runSql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
           + std::to_string(LeaderLockClass) + " AND objid = " + std::to_string(leaderLockObject(agent)) + " AND granted");
    // Starting → Leader → Disconnected: the old leader noticed at its next heartbeat.
    ASSERT_TRUE(waitUntil([&] { return a.status().changes >= 2 || b.isLeader(); }, 3s)) << a.status().note;
    ASSERT_TRUE(waitUntil([&] { return b.isLeader() || a.isLeader(); }, 3s));
    // Exactly one leads again, and it is never both at once.
    EXPECT_NE(a.isLeader(), b.isLeader());
    EXPECT_GE(a.status().changes + b.status().changes, 2);
}

TEST(LeaderControl, RunsTheControllerOnlyWhileItsInstanceLeads)
{
    REQUIRE_PG();
    const std::string agent = uniqueAgent("control");
    int made = 0;
    // The controller itself is not under test: one with no backends (it reports failed()).
    const auto factory = [&] {
        ++made;
        ControllerConfig c;
        c.plan.agent = agent;
        c.plan.flag = agent;
        c.interval = 0ms;
        c.makeBackends = []() -> Result<ControllerBackends> { return makeError("store_unavailable", "database_url", "none"); };
        return std::make_unique<RolloutController>(c);
    };
    LeaderElection ea(options(agent, "a"));
    LeaderControl a(&ea, factory);
    a.start();
    ASSERT_TRUE(waitUntil([&] { return a.controller() != nullptr; }));
    LeaderElection eb(options(agent, "b"));
    LeaderControl b(&eb, factory);
    b.start();
    ASSERT_TRUE(waitUntil([&] { return eb.status().role == LeaderRole::Follower; }));
    EXPECT_EQ(b.controller(), nullptr);
    a.stop();
    EXPECT_EQ(a.controller(), nullptr);
    ASSERT_TRUE(waitUntil([&] { return b.controller() != nullptr; }, 3s));
    EXPECT_EQ(made, 2);
}

TEST(LeaderControl, WithoutAnElectionTheControllerRunsAtOnce)
{
    bool created = false;
    LeaderControl single(nullptr, [&] {
        ControllerConfig c;
        c.interval = 0ms;
        c.makeBackends = []() -> Result<ControllerBackends> { return makeError("store_unavailable", "database_url", "none"); };
        return std::make_unique<RolloutController>(c);
    });
    QObject::connect(&single, &LeaderControl::controllerCreated, &single, [&](RolloutController *) { created = true; });
    single.start();
    EXPECT_TRUE(created);
    EXPECT_NE(single.controller(), nullptr);
    single.stop();
    EXPECT_EQ(single.controller(), nullptr);
}
