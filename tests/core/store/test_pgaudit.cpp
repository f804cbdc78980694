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
