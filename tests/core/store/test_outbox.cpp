// OutboxAuditWriter (label: integration): while PostgreSQL is down, audit records wait in a
// local outbox; flushed on reconnect, they join the chain with their original time and actor.
// Issue 8: a torn line, kill -9 during a flush, a flush that holds the lock, a session that
// holds the chain head, the file modes.

#include "pgtestdb.h"

#include "store/outbox.h"

#include <QFile>
#include <QTemporaryDir>

#include <chrono>

using namespace rampart;
using namespace rampart::testing;

namespace {

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);
constexpr const char *kClosedPort = "postgresql://postgres@127.0.0.1:1/postgres";

store::AuditEntry rollback(int i, const std::string &actor = "alice")
{
    return store::AuditEntry{0, kStart + std::chrono::minutes(i), actor, "rollback", "doc-keeper",
                             R"({"to":0,"reason":"error rate breach"})", "", ""};
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

int lines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return static_cast<int>(file.readAll().count('\n'));
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
