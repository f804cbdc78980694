// OutboxAuditWriter (label: integration): while PostgreSQL is down, audit records wait in a
// local outbox; flushed on reconnect, they join the chain with their original time and actor.
// Issue 8: a torn line, kill -9 during a flush, a flush that holds the lock, a session that
// holds the chain head, the file modes.

#include "pgtestdb.h"

#include "store/outbox.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <chrono>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace rampart;
using namespace rampart::testing;

namespace {

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);
constexpr const char *kClosedPort = "postgresql://postgres@127.0.0.1:1/postgres";

store::AuditEntry rollback(int i, const std::string &actor = "alice")
{
    store::AuditEntry e;
    e.at = kStart + std::chrono::minutes(i);
    e.actor = actor;
    e.action = "rollback";
    e.subject = "doc-keeper";
    e.detailJson = R"({"to":0,"reason":"error rate breach"})";
    return e;
}

std::unique_ptr<store::PgEvidenceStore> unreachableStore()
{
    store::PgStoreOptions options;
    options.connectLazily = true;
    options.connectTimeoutSeconds = 1;
    auto s = store::PgEvidenceStore::open(kClosedPort, "", options);
    EXPECT_TRUE(s.ok());
    return std::move(s).value();
}

} // namespace

TEST(OutboxAuditWriter, QueuesWhileTheStoreIsUnreachable)
{
    QTemporaryDir dir;
    auto down = unreachableStore();
    store::OutboxAuditWriter writer(down.get(), dir.path());
    auto written = writer.append(rollback(0));
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_TRUE(written->queued);
    ASSERT_TRUE(writer.append(rollback(1, "bob")).ok());
    auto pending = writer.pending();
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 2u);
    EXPECT_EQ((*pending)[1].actor, "bob");
    EXPECT_EQ((*pending)[1].at, kStart + std::chrono::minutes(1));
    EXPECT_EQ((*pending)[0].detailJson, R"({"reason":"error rate breach","to":0})") << "kept canonical (RFC 8785)";
    EXPECT_FALSE((*pending)[0].recordId.empty());
    EXPECT_NE((*pending)[0].recordId, (*pending)[1].recordId);

    auto flushed = writer.flush();
    ASSERT_FALSE(flushed.ok());
    EXPECT_EQ(flushed.error().code, store::storeerrc::Unavailable);
    EXPECT_EQ(writer.pending()->size(), 2u) << "nothing lost by a failed flush";
}

// Issue 22, item 8: while PostgreSQL was down every CLI write left a .sending segment of its
// own (1,344 after 1,500 writes). Failed flushes now leave one, and nothing is lost or reordered.
TEST(OutboxAuditWriter, FailedFlushesLeaveOneSegmentAndKeepTheOrder)
{
    QTemporaryDir dir;
    auto down = unreachableStore();
    store::OutboxAuditWriter writer(down.get(), dir.path());
    for (int i = 0; i < 6; ++i) {
        ASSERT_TRUE(writer.append(rollback(i, "op" + std::to_string(i))).ok());
        EXPECT_FALSE(writer.flush().ok());
    }
    const QStringList sending = QDir(dir.path()).entryList({QStringLiteral("*.sending")}, QDir::Files);
    EXPECT_EQ(sending.size(), 1) << sending.join(QLatin1Char(' ')).toStdString();
    auto pending = writer.pending();
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 6u);
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ((*pending)[static_cast<std::size_t>(i)].actor, "op" + std::to_string(i));
}

TEST(OutboxAuditWriter, WithoutAStoreEverythingQueues)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(nullptr, dir.path());
    ASSERT_TRUE(writer.append(rollback(0)).ok());
    EXPECT_EQ(writer.pending()->size(), 1u);
}

TEST_F(PgStoreTest, OutboxFlushesIntoTheChainOnReconnect)
{
    QTemporaryDir dir;
    ASSERT_TRUE(store().appendAudit(rollback(-10, "earlier")).ok());
    {
        auto down = unreachableStore();
        store::OutboxAuditWriter offline(down.get(), dir.path());
        ASSERT_TRUE(offline.append(rollback(0, "alice"))->queued);
        ASSERT_TRUE(offline.append(rollback(1, "bob"))->queued);
    }
    // Back online (a new process, say): the next record waits for the queue to go first.
    store::OutboxAuditWriter online(&store(), dir.path());
    auto written = online.append(rollback(2, "carol"));
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_FALSE(written->queued);
    EXPECT_EQ(written->entry.id, 4);
    EXPECT_TRUE(online.pending()->empty());
    EXPECT_FALSE(QFile::exists(online.outboxFile()));

    auto trail = store().auditTrail(0, 100);
    ASSERT_TRUE(trail.ok());
    ASSERT_EQ(trail->size(), 4u);
    EXPECT_EQ((*trail)[1].actor, "alice");
    EXPECT_EQ((*trail)[1].at, kStart) << "the original time is kept";
    EXPECT_EQ((*trail)[2].actor, "bob");
    EXPECT_EQ((*trail)[3].actor, "carol");
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->rowsChecked, 4);
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
}

TEST_F(PgStoreTest, ExplicitFlushReportsHowManyWereStored)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(nullptr, dir.path());
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(writer.append(rollback(i)).ok());
    writer.setStore(&store());
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored, 3);
    EXPECT_EQ(writer.flush()->stored, 0);
    EXPECT_EQ(store().auditTrail(0, 10)->size(), 3u);
}

TEST_F(PgStoreTest, RefusedRecordsAreReturnedAndStayQueued)
{
    QTemporaryDir dir;
    store::PgStoreOptions viewer;
    viewer.role = "rampart_viewer";
    auto asViewer = openStore(database().url(), viewer);
    store::OutboxAuditWriter writer(asViewer.get(), dir.path());
    auto written = writer.append(rollback(0));
    ASSERT_FALSE(written.ok());
    EXPECT_EQ(written.error().code, store::storeerrc::PermissionDenied);
    EXPECT_EQ(writer.pending()->size(), 1u) << "kept for a flush with the right role, never dropped";
}

TEST_F(PgStoreTest, LostConnectionIsUnavailableOnceThenTheStoreReconnects)
{
    QTemporaryDir dir;
    ASSERT_TRUE(store().appendAudit(rollback(0)).ok());
    // Kill the store's server process, as a restart of PostgreSQL would.
    database().exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name = 'rampart'");
    store::OutboxAuditWriter writer(&store(), dir.path());
    auto during = writer.append(rollback(1, "bob"));
    ASSERT_TRUE(during.ok()) << during.error().message; // stored after a reconnect, or queued
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    auto trail = store().auditTrail(0, 10);
    ASSERT_TRUE(trail.ok()) << trail.error().message;
    ASSERT_EQ(trail->size(), 2u);
    EXPECT_EQ((*trail)[1].actor, "bob");
    EXPECT_FALSE(store().verifyAudit()->firstBadId.has_value());
}

// ---- issue 8 -------------------------------------------------------------------------------

namespace {

std::int64_t auditRows(rampart::testing::TestDatabase &db)
{
    return db.exec("SELECT count(*) FROM rampart.audit_log")[0][0].as<std::int64_t>();
}

} // namespace

TEST_F(PgStoreTest, TornOutboxLineIsReportedAndLaterRecordsAreKept)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(nullptr, dir.path());
    ASSERT_TRUE(writer.enqueue(rollback(0, "alice")).ok());
    {
        // A crash half-way through an append: a line with no end.
        QFile file(writer.outboxFile());
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("v2 0123456789abcdef {\"action\":\"rollb");
    }
    ASSERT_TRUE(writer.enqueue(rollback(1, "bob")).ok()) << "the next append starts on its own line";
    ASSERT_TRUE(writer.enqueue(rollback(2, "carol")).ok());
    auto waiting = writer.contents();
    ASSERT_TRUE(waiting.ok());
    EXPECT_EQ(waiting->records.size(), 3u);
    ASSERT_EQ(waiting->damage.size(), 1u);
    EXPECT_NE(waiting->damage[0].find("line 2"), std::string::npos) << waiting->damage[0];

    writer.setStore(&store());
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored, 3) << "every record after the torn line is stored";
    EXPECT_EQ(flushed->damagedLines, 1) << "the damage is reported";
    QFile damaged(writer.damagedFile());
    ASSERT_TRUE(damaged.open(QIODevice::ReadOnly)) << "and the torn bytes are kept, not dropped";
    EXPECT_TRUE(damaged.readAll().contains("{\"action\":\"rollb"));
    const auto trail = store().auditTrail(0, 10);
    ASSERT_EQ(trail->size(), 3u);
    EXPECT_EQ((*trail)[2].actor, "carol");
}

TEST_F(PgStoreTest, DamagedChecksumIsReportedNotStored)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(nullptr, dir.path());
    ASSERT_TRUE(writer.enqueue(rollback(0, "alice")).ok());
    ASSERT_TRUE(writer.enqueue(rollback(1, "bob")).ok());
    {
        QFile file(writer.outboxFile());
        ASSERT_TRUE(file.open(QIODevice::ReadWrite));
        QByteArray text = file.readAll();
        text.replace("\"bob\"", "\"eve\""); // a flipped byte on disk
        file.seek(0);
        file.write(text);
    }
    writer.setStore(&store());
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok());
    EXPECT_EQ(flushed->stored, 1);
    EXPECT_EQ(flushed->damagedLines, 1);
    EXPECT_EQ(store().auditTrail(0, 10)->size(), 1u) << "a record that fails its checksum is never stored";
}

TEST_F(PgStoreTest, KillDuringAFlushOf3000ThenFlushAgainStoresEachExactlyOnce)
{
    QTemporaryDir dir;
    {
        store::OutboxAuditWriter offline(nullptr, dir.path());
        std::vector<store::AuditEntry> records;
        for (int i = 0; i < 3000; ++i)
            records.push_back(rollback(i, "writer-" + std::to_string(i)));
        ASSERT_TRUE(offline.enqueueAll(std::move(records)).ok());
    }
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto own = store::PgEvidenceStore::open(database().url(), "");
        if (!own.ok())
            ::_exit(2);
        store::OutboxAuditWriter flusher(own.value().get(), dir.path());
        (void)flusher.flush();
        ::_exit(0);
    }
    // Kill it as soon as the first batches are in, mid-way through.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::int64_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        seen = auditRows(database());
        if (seen > 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    const std::int64_t afterKill = auditRows(database());
    RecordProperty("rows_when_killed", static_cast<int>(afterKill));
    EXPECT_GT(afterKill, 0);
    EXPECT_LT(afterKill, 3000) << "the kill did not land mid-flush; the test shows nothing";

    store::OutboxAuditWriter again(&store(), dir.path());
    auto flushed = again.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored + flushed->alreadyStored, 3000);
    EXPECT_EQ(flushed->stored, 3000 - afterKill);
    EXPECT_EQ(auditRows(database()), 3000) << "exactly 3000 rows, none twice";
    EXPECT_EQ(database().exec("SELECT count(DISTINCT record_id) FROM rampart.audit_log")[0][0].as<int>(), 3000);
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
    EXPECT_TRUE(again.pending()->empty());
}

TEST_F(PgStoreTest, AppendNeverWaitsBehindARunningFlush)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(&store(), dir.path());
    ASSERT_TRUE(writer.flush().ok()); // creates the directory and its lock files
    // Another process is in the middle of a (stuck) flush: it holds the flush lock.
    const int fd = ::open(QFile::encodeName(QDir(dir.path()).filePath(QStringLiteral(".flush.lock"))).constData(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    const auto started = std::chrono::steady_clock::now();
    auto written = writer.append(rollback(0));
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_TRUE(written->queued) << "kept durably, delivered by the running or the next flush";
    EXPECT_LT(took, std::chrono::milliseconds(200));
    EXPECT_EQ(writer.flush(std::chrono::milliseconds(50)).error().code, store::outboxerrc::Busy);
    ::flock(fd, LOCK_UN);
    ::close(fd);
    EXPECT_EQ(writer.flush()->stored, 1);
}

TEST(OutboxAuditWriter, FilesAre0600InA0700Directory)
{
    QTemporaryDir parent;
    const QString directory = QDir(parent.path()).filePath(QStringLiteral("outbox/nested"));
    const mode_t previous = ::umask(0);
    store::OutboxAuditWriter writer(nullptr, directory);
    auto kept = writer.enqueue(rollback(0));
    ::umask(previous);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    struct stat st{};
    ASSERT_EQ(::stat(QFile::encodeName(directory).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat(QFile::encodeName(writer.outboxFile()).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_FALSE(kept->osUser.empty()) << "the OS user is recorded";
}

// Issue 22, item 8: an outbox directory or file found world-readable was used as it was.
TEST(OutboxAuditWriter, AnExisting0777DirectoryAnd0666FileAreMadePrivate)
{
    QTemporaryDir parent;
    const QString directory = QDir(parent.path()).filePath(QStringLiteral("shared"));
    ASSERT_EQ(::mkdir(QFile::encodeName(directory).constData(), 0700), 0);
    ASSERT_EQ(::chmod(QFile::encodeName(directory).constData(), 0777), 0);
    {
        store::OutboxAuditWriter first(nullptr, directory);
        ASSERT_TRUE(first.enqueue(rollback(0)).ok());
        ASSERT_EQ(::chmod(QFile::encodeName(first.outboxFile()).constData(), 0666), 0);
        ASSERT_EQ(::chmod(QFile::encodeName(directory).constData(), 0777), 0);
    }
    store::OutboxAuditWriter writer(nullptr, directory);
    auto kept = writer.enqueue(rollback(1, "bob"));
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    struct stat st
    {};
    ASSERT_EQ(::stat(QFile::encodeName(directory).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat(QFile::encodeName(writer.outboxFile()).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(PgStoreTest, RecordNoStoreWillTakeIsSetAsideNotBlockingTheQueue)
{
    QTemporaryDir dir;
    store::OutboxAuditWriter writer(nullptr, dir.path());
    auto bad = rollback(0, "alice");
    bad.detailJson = "not json";
    ASSERT_TRUE(writer.enqueue(bad).ok());
    ASSERT_TRUE(writer.enqueue(rollback(1, "bob")).ok());
    writer.setStore(&store());
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored, 1);
    EXPECT_EQ(flushed->damagedLines, 1);
    EXPECT_TRUE(writer.pending()->empty()) << "the queue is not stuck behind it";
    QFile damaged(writer.damagedFile());
    ASSERT_TRUE(damaged.open(QIODevice::ReadOnly));
    EXPECT_TRUE(damaged.readAll().contains("not json")) << "kept for a human";
}
