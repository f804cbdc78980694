// The stage-history outbox (core/store/transitionoutbox.h): a transition made while
// PostgreSQL is down is kept on disk, survives the process, and is stored exactly once when
// the server is back. Against a private PostgreSQL this test kills (SIGKILL) and restarts
// (label: integration; needs root, as scripts/lib/services.sh does, to run the server as
// "postgres"). The SQLite part runs everywhere.

#include "pgtestdb.h"

#include "store/sqliteevidencestore.h"
#include "store/transitionoutbox.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <thread>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

using namespace rampart;
using namespace rampart::testing;
using store::TransitionOutbox;

namespace {

rollout::TransitionEvent transition(rollout::RolloutStatus from, rollout::RolloutStatus to, double fromPct, double toPct,
                                    int minute, const std::string &reason)
{
    rollout::TransitionEvent e;
    e.actor = "watchdog";
    e.at = utc(2026, 12, 1, 4, minute);
    e.fromStatus = from;
    e.toStatus = to;
    e.fromPercentage = fromPct;
    e.toPercentage = toPct;
    e.reason = reason;
    e.evidenceHash = "abc";
    return e;
}

/// A PostgreSQL server of this test's own, so it can be killed without hurting other tests.
class PrivatePostgres
{
public:
    bool start(std::string *why)
    {
        const struct passwd *pg = ::getpwnam("postgres");
        if (::geteuid() != 0 || !pg) {
            *why = "needs root and a postgres user (as scripts/lib/services.sh)";
            return false;
        }
        m_bin = findBin();
        if (m_bin.empty()) {
            *why = "no /usr/lib/postgresql/*/bin";
            return false;
        }
        std::random_device device;
        m_port = 20000 + static_cast<int>(device() % 30000);
        m_data = m_dir.path().toStdString() + "/pg";
        QDir().mkpath(QString::fromStdString(m_data));
        if (::chown(m_dir.path().toLocal8Bit().constData(), pg->pw_uid, pg->pw_gid) != 0
            || ::chown(m_data.c_str(), pg->pw_uid, pg->pw_gid) != 0) {
            *why = "chown failed";
            return false;
        }
        if (run("runuser -u postgres -- " + m_bin + "/initdb -D " + m_data + " -A trust -U postgres >/dev/null 2>&1") != 0) {
            *why = "initdb failed";
            return false;
        }
        if (!up()) {
            *why = "pg_ctl start failed";
            return false;
        }
        return true;
    }
    bool up()
    {
        return run("runuser -u postgres -- " + m_bin + "/pg_ctl -D " + m_data + " -o \"-p " + std::to_string(m_port) +
                   " -k " + m_data + " -c listen_addresses=127.0.0.1\" -l " + m_data + "/log -w -t 60 start >/dev/null 2>&1") == 0;
    }
    /// SIGKILL to the whole server (a crash: the postmaster and its backends, as the OOM
    /// killer or a power cut would leave it). pg_ctl starts the postmaster in a session of
    /// its own, so its process group is the server's alone.
    void kill()
    {
        std::ifstream pid(m_data + "/postmaster.pid");
        long p = 0;
        pid >> p;
        if (p > 0) {
            const pid_t group = ::getpgid(static_cast<pid_t>(p));
            if (group > 0 && group != ::getpgrp())
                ::kill(-group, SIGKILL);
            else
                ::kill(static_cast<pid_t>(p), SIGKILL);
        }
        // In a container whose PID 1 does not reap orphans, the killed postmaster stays a
        // zombie and pg_ctl would take its pid file for a running server: once it is dead (or
        // a zombie), its pid file and socket lock file are stale, as after a power cut, and go.
        for (int i = 0; i < 100 && p > 0; ++i) {
            std::ifstream stat("/proc/" + std::to_string(p) + "/stat");
            std::string pidField, comm, stateField;
            if (!(stat >> pidField >> comm >> stateField) || stateField == "Z") {
                std::remove((m_data + "/postmaster.pid").c_str());
                std::remove((m_data + "/.s.PGSQL." + std::to_string(m_port) + ".lock").c_str());
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        // Wait until the port stops answering.
        for (int i = 0; i < 100 && run("runuser -u postgres -- " + m_bin + "/pg_isready -q -h 127.0.0.1 -p " +
                                       std::to_string(m_port)) == 0;
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ~PrivatePostgres()
    {
        if (!m_bin.empty() && !m_data.empty())
            run("runuser -u postgres -- " + m_bin + "/pg_ctl -D " + m_data + " -m immediate -w stop >/dev/null 2>&1");
    }
    std::string url() const { return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/postgres"; }

private:
    static int run(const std::string &command) { return std::system(command.c_str()); }
    static std::string findBin()
    {
        const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        return versions.isEmpty() ? std::string() : "/usr/lib/postgresql/" + versions.last().toStdString() + "/bin";
    }

    QTemporaryDir m_dir;
    std::string m_bin;
    std::string m_data;
    int m_port = 0;
};

} // namespace

TEST(TransitionOutbox, QueuesDurablyAndStoresOnceInOrder)
{
    QTemporaryDir dir;
    auto store = store::SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(store.ok());
    TransitionOutbox outbox(dir.path());
    using rollout::RolloutStatus;
    const auto a = outbox.append("kb", transition(RolloutStatus::Pending, RolloutStatus::Running, 0, 5, 1, "start"));
    const auto b = outbox.append("kb", transition(RolloutStatus::Running, RolloutStatus::RolledBack, 5, 0, 2, "latency"));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
    // Another instance (a restarted process) sees the same queue.
    const auto queued = TransitionOutbox(dir.path()).pending();
    ASSERT_TRUE(queued.ok());
    ASSERT_EQ(queued->size(), 2u);
    EXPECT_EQ((*queued)[1].recordId, *b);
    EXPECT_EQ((*queued)[1].event.reason, "latency");
    EXPECT_EQ((*queued)[1].event.toStatus, RolloutStatus::RolledBack);

    const auto delivered = outbox.deliver(**store);
    ASSERT_TRUE(delivered.ok()) << delivered.error().message;
    EXPECT_EQ(delivered->stored, 2);
    EXPECT_EQ(delivered->pending, 0);
    EXPECT_TRUE(outbox.pending()->empty());
    // The same rows again (a retry after a lost answer): stored once.
    for (const auto &p : *queued)
        ASSERT_TRUE((*store)->recordTransitionOnce(p.agent, p.event, p.recordId).ok());
    const auto history = (*store)->stageHistory("kb");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].reason, "start");
    EXPECT_EQ((*history)[1].reason, "latency");
}

TEST(TransitionOutbox, ATornLineIsSetAsideNotLost)
{
    QTemporaryDir dir;
    TransitionOutbox outbox(dir.path());
    using rollout::RolloutStatus;
    ASSERT_TRUE(outbox.append("kb", transition(RolloutStatus::Pending, RolloutStatus::Running, 0, 5, 1, "start")).ok());
    {
        QFile file(dir.filePath(QStringLiteral("stage-history-outbox.jsonl")));
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("v1 0123456789abcdef {\"record_id\":\"torn"); // a crash in the middle of a line
    }
    ASSERT_TRUE(outbox.append("kb", transition(RolloutStatus::Running, RolloutStatus::Holding, 5, 5, 3, "hold")).ok());
    EXPECT_EQ(outbox.pending()->size(), 2u) << "the append after the torn line starts on a new line";
    auto store = store::SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(store.ok());
    const auto delivered = outbox.deliver(**store);
    ASSERT_TRUE(delivered.ok());
    EXPECT_EQ(delivered->stored, 2);
    EXPECT_EQ(delivered->damaged, 1);
    QFile damaged(dir.filePath(QStringLiteral("stage-history-outbox.damaged")));
    ASSERT_TRUE(damaged.open(QIODevice::ReadOnly));
    EXPECT_TRUE(damaged.readAll().contains("torn"));
}

// The fault the issue names: PostgreSQL killed while the controller rolls back, the process
// restarted before the server is back; the row is stored when it is, once.
TEST(TransitionOutbox, StageHistorySurvivesPostgresKilledAndTheProcessRestarted)
{
    PrivatePostgres server;
    std::string why;
    if (!server.start(&why))
        GTEST_SKIP() << "no private PostgreSQL: " << why;
    QTemporaryDir dir;
    store::PgStoreOptions lazy;
    lazy.connectLazily = true;
    using rollout::RolloutStatus;
    {
        auto store = store::PgEvidenceStore::open(server.url(), "", lazy);
        ASSERT_TRUE(store.ok());
        TransitionOutbox outbox(dir.path());
        ASSERT_TRUE(outbox.append("kb", transition(RolloutStatus::Pending, RolloutStatus::Running, 0, 5, 1, "start")).ok());
        const auto first = outbox.deliver(**store);
        ASSERT_TRUE(first.ok()) << first.error().message;
        ASSERT_EQ(first->stored, 1);

        server.kill();
        ASSERT_TRUE(outbox.append("kb", transition(RolloutStatus::Running, RolloutStatus::RolledBack, 5, 0, 2,
                                                   "guardrail latency_ms breached")).ok());
        const auto down = outbox.deliver(**store);
        ASSERT_FALSE(down.ok());
        EXPECT_EQ(down.error().code, store::storeerrc::Unavailable);
        EXPECT_EQ(outbox.pending()->size(), 1u);
    } // the process "exits" with the row queued on disk

    ASSERT_TRUE(server.up()) << "restart after the kill";
    auto store = store::PgEvidenceStore::open(server.url(), "");
    ASSERT_TRUE(store.ok()) << store.error().message;
    TransitionOutbox restarted(dir.path());
    const auto queued = restarted.pending();
    ASSERT_EQ(queued->size(), 1u);
    const auto back = restarted.deliver(**store);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->stored, 1);
    EXPECT_TRUE(restarted.pending()->empty());
    // A retry of the same row (its first commit's answer lost) stores nothing.
    ASSERT_TRUE((*store)->recordTransitionOnce("kb", (*queued)[0].event, (*queued)[0].recordId).ok());
    const auto history = (*store)->stageHistory("kb");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[1].toStatus, RolloutStatus::RolledBack);
    EXPECT_EQ((*history)[1].reason, "guardrail latency_ms breached");
}
