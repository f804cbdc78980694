// The audit trail in PostgreSQL (label: integration): a hash chain that verify walks, that
// nobody can edit through the store's roles, and whose tampering verify pins to a row.

#include "pgtestdb.h"

#include <chrono>
#include <thread>

using namespace rampart;
using namespace rampart::testing;

namespace {

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);

store::AuditEntry entry(int i)
{
    return store::AuditEntry{0, kStart + std::chrono::minutes(i), "alice", "transition", "doc-keeper",
                             R"({"to":25,"from":5,"reason":"gate passed"})", "", ""};
}

void appendFive(store::PgEvidenceStore &s)
{
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(s.appendAudit(entry(i)).ok());
}

} // namespace

TEST_F(PgStoreTest, AppendsFormAChain)
{
    auto first = store().appendAudit(entry(0));
    auto second = store().appendAudit(entry(1));
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->id, 1);
    EXPECT_EQ(first->previousHash, "");
    EXPECT_EQ(first->hash, store::auditHash(*first));
    EXPECT_EQ(first->detailJson, R"({"from":5,"reason":"gate passed","to":25})") << "stored canonical";
    EXPECT_EQ(second->id, 2);
    EXPECT_EQ(second->previousHash, first->hash);
    auto trail = store().auditTrail(0, 100);
    ASSERT_TRUE(trail.ok());
    ASSERT_EQ(trail->size(), 2u);
    EXPECT_EQ((*trail)[1].hash, second->hash);
    EXPECT_EQ((*trail)[1].at, kStart + std::chrono::minutes(1));
    EXPECT_EQ(store().auditTrail(1, 100)->size(), 1u);
}

TEST_F(PgStoreTest, DetailThatIsNotJsonIsRefused)
{
    auto bad = entry(0);
    bad.detailJson = "not json";
    EXPECT_EQ(store().appendAudit(bad).error().code, errc::InvalidArgument);
}

TEST_F(PgStoreTest, IntactChainVerifies)
{
    appendFive(store());
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->rowsChecked, 5);
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
}

TEST_F(PgStoreTest, EmptyChainVerifies)
{
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->rowsChecked, 0);
    EXPECT_FALSE(v->firstBadId.has_value());
}

TEST_F(PgStoreTest, AuditLogIsAppendOnlyEvenForItsOwner)
{
    appendFive(store());
    EXPECT_THROW(database().exec("UPDATE rampart.audit_log SET actor = 'mallory' WHERE id = 3"), pqxx::sql_error);
    EXPECT_THROW(database().exec("DELETE FROM rampart.audit_log WHERE id = 3"), pqxx::sql_error);
    EXPECT_THROW(database().exec("TRUNCATE rampart.audit_log"), pqxx::sql_error);
    EXPECT_FALSE(store().verifyAudit()->firstBadId.has_value());
}

TEST_F(PgStoreTest, TamperedRowIsNamedByVerify)
{
    appendFive(store());
    database().exec("ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;"
                    "UPDATE rampart.audit_log SET actor = 'mallory' WHERE id = 3;"
                    "ALTER TABLE rampart.audit_log ENABLE TRIGGER audit_log_append_only");
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok());
    ASSERT_TRUE(v->firstBadId.has_value());
    EXPECT_EQ(*v->firstBadId, 3);
    EXPECT_EQ(v->rowsChecked, 2);
    EXPECT_NE(v->problem.find("row 3"), std::string::npos) << v->problem;
}

TEST_F(PgStoreTest, DeletedRowsAreFoundInTheMiddleAndAtTheEnd)
{
    appendFive(store());
    database().exec("ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;"
                    "DELETE FROM rampart.audit_log WHERE id = 5;"
                    "ALTER TABLE rampart.audit_log ENABLE TRIGGER audit_log_append_only");
    EXPECT_EQ(*store().verifyAudit()->firstBadId, 5) << "the head still records row 5";
    database().exec("ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;"
                    "DELETE FROM rampart.audit_log WHERE id = 2;"
                    "ALTER TABLE rampart.audit_log ENABLE TRIGGER audit_log_append_only");
    EXPECT_EQ(*store().verifyAudit()->firstBadId, 3);
}

TEST_F(PgStoreTest, ImportKeepsHashesAndRefusesABrokenContinuation)
{
    appendFive(store());
    auto rows = store().auditTrail(0, 100);
    ASSERT_TRUE(rows.ok());

    TestDatabase other(testServerUrl());
    auto target = openStore(other.url());
    ASSERT_NE(target, nullptr);
    ASSERT_TRUE(target->importAudit(*rows).ok());
    auto copied = target->auditTrail(0, 100);
    ASSERT_EQ(copied->size(), 5u);
    EXPECT_EQ(copied->back().hash, rows->back().hash);
    EXPECT_FALSE(target->verifyAudit()->firstBadId.has_value());
    // The chain continues after an import.
    auto next = target->appendAudit(entry(9));
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->id, 6);
    EXPECT_EQ(next->previousHash, rows->back().hash);

    auto forged = rows->front(); // does not continue row 6
    EXPECT_EQ(target->importAudit({forged}).error().code, store::storeerrc::Corrupt);
    EXPECT_EQ(target->auditTrail(0, 100)->size(), 6u) << "nothing imported";
}

TEST_F(PgStoreTest, ConcurrentAppendsKeepTheChainIntact)
{
    auto second = openStore(database().url());
    ASSERT_NE(second, nullptr);
    std::thread other([&] {
        for (int i = 0; i < 40; ++i)
            EXPECT_TRUE(second->appendAudit(entry(i)).ok());
    });
    for (int i = 0; i < 40; ++i)
        EXPECT_TRUE(store().appendAudit(entry(100 + i)).ok());
    other.join();
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->rowsChecked, 80);
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
}

// ---- issue 8: idempotent, bounded, attributed, keyed ----------------------------------------

namespace {

constexpr const char *kAuditKey = "test-audit-key-0123456789abcdef";

/// What a database superuser can do: switch the trigger off, rewrite rows and recompute the
/// chain with the unkeyed sha256 (chain 2 by default, or keeping the row's chain number).
void rewriteAsSuperuser(rampart::testing::TestDatabase &db, store::PgEvidenceStore &reader, std::int64_t editedId,
                        bool keepChainNumber)
{
    auto trail = reader.auditTrail(0, 100);
    ASSERT_TRUE(trail.ok());
    std::string previous;
    std::string sql = "ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;";
    for (store::AuditEntry row : *trail) {
        if (row.id == editedId)
            row.detailJson = R"({"from":5,"reason":"nothing to see","to":100})";
        if (!keepChainNumber)
            row.chain = store::auditchain::Sha256;
        const int chain = row.chain;
        row.chain = store::auditchain::Sha256; // the superuser has no key: sha256 is all there is
        row.previousHash = previous;
        const std::string hash = store::auditHash(row);
        sql += "UPDATE rampart.audit_log SET detail = '" + row.detailJson + "', previous_hash = '" + previous
             + "', hash = '" + hash + "', chain = " + std::to_string(chain) + " WHERE id = " + std::to_string(row.id)
             + ";";
        previous = hash;
    }
    sql += "UPDATE rampart.audit_head SET last_hash = '" + previous + "';";
    sql += "ALTER TABLE rampart.audit_log ENABLE TRIGGER audit_log_append_only;";
    db.exec(sql);
}

} // namespace

TEST_F(PgStoreTest, SameRecordIdIsStoredOnce)
{
    auto e = entry(0);
    e.recordId = "change-1/intent";
    auto first = store().appendAudit(e);
    auto again = store().appendAudit(e);
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(again->id, first->id) << "the stored row comes back, nothing is appended";
    auto batch = store().appendAuditBatch({e, entry(1)});
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    EXPECT_EQ(batch->alreadyStored, 1);
    EXPECT_EQ(batch->stored, 1);
    EXPECT_EQ(store().auditTrail(0, 10)->size(), 2u);
}

TEST_F(PgStoreTest, RowsCarryTheLoginBesideTheClaimedActor)
{
    auto e = entry(0);
    e.osUser = "piotr";
    e.flagVersion = 12;
    auto stored = store().appendAudit(e);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->dbRole, "postgres") << "session_user, not a claim";
    EXPECT_EQ(stored->actor, "alice");
    const auto row = store().auditTrail(0, 1)->front();
    EXPECT_EQ(row.osUser, "piotr");
    EXPECT_EQ(row.dbRole, "postgres");
    EXPECT_EQ(row.chain, store::auditchain::Sha256);
    EXPECT_EQ(*store().highestFlagVersion("doc-keeper"), 12);
    EXPECT_EQ(*store().highestFlagVersion("another-flag"), 0);
}

TEST_F(PgStoreTest, AppendWaitsABoundedTimeForALockedChainHead)
{
    pqxx::connection other(database().url());
    pqxx::work holding(other);
    holding.exec("SELECT * FROM rampart.audit_head FOR UPDATE");
    const auto started = std::chrono::steady_clock::now();
    auto blocked = store().appendAudit(entry(0));
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, store::storeerrc::Unavailable) << blocked.error().message;
    EXPECT_LT(took, std::chrono::milliseconds(1500)) << "lock_timeout bounds the wait";
    holding.abort();
    EXPECT_TRUE(store().appendAudit(entry(0)).ok()) << "the same connection works afterwards";
}

TEST_F(PgStoreTest, KeyedChainVerifiesOnlyWithItsKey)
{
    store().setAuditKey(kAuditKey);
    appendFive(store());
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
    EXPECT_EQ(v->keyedRows, 5);

    auto reader = openStore(database().url());
    auto noKey = reader->verifyAudit();
    ASSERT_TRUE(noKey.ok());
    EXPECT_FALSE(noKey->firstBadId.has_value()) << "the links hold";
    EXPECT_EQ(noKey->uncheckedRows, 5) << "but no HMAC was checked";
    EXPECT_EQ(noKey->keyedRows, 0);
    reader->setAuditKey("a-different-key-0123456789abcdef");
    auto wrongKey = reader->verifyAudit();
    ASSERT_TRUE(wrongKey.ok());
    EXPECT_EQ(wrongKey->firstBadId, std::optional<std::int64_t>(1));
}

TEST_F(PgStoreTest, SuperuserWhoRewritesTheChainFailsVerify)
{
    store().setAuditKey(kAuditKey);
    appendFive(store());
    // Row 3 rewritten, every later hash recomputed, the chain numbers kept (3 = keyed).
    rewriteAsSuperuser(database(), store(), 3, /*keepChainNumber=*/true);
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->firstBadId, std::optional<std::int64_t>(1)) << "no sha256 passes for an HMAC: " << v->problem;
}

TEST_F(PgStoreTest, SuperuserWhoDowngradesTheChainToUnkeyedFailsVerify)
{
    store().setAuditKey(kAuditKey);
    appendFive(store());
    // The whole trail rewritten as a consistent unkeyed (chain 2) trail.
    rewriteAsSuperuser(database(), store(), 3, /*keepChainNumber=*/false);
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    ASSERT_TRUE(v->firstBadId.has_value()) << "an unkeyed trail does not pass with a key";
    EXPECT_NE(v->problem.find("not keyed"), std::string::npos) << v->problem;
}

TEST_F(PgStoreTest, LegacyRowsStillVerifyAndTheChainGoesOnKeyed)
{
    // A row as written before migration 004: chain 1, Qt's JSON, no record id.
    auto legacy = entry(0);
    legacy.id = 1;
    legacy.detailJson = R"({"from":5,"reason":"gate passed","to":25})";
    legacy.chain = store::auditchain::Legacy;
    legacy.hash = store::auditHash(legacy);
    ASSERT_TRUE(store().importAudit({legacy}).ok());
    store().setAuditKey(kAuditKey);
    ASSERT_TRUE(store().appendAudit(entry(1)).ok());
    auto v = store().verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
    EXPECT_EQ(v->legacyRows, 1);
    EXPECT_EQ(v->keyedRows, 1);
}
