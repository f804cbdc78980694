// The SQLite workspace's audit log after the schema moved to resources/sql/sqlite (label:
// unit): a format-1 file upgrades to format 2 in place, its rows still verify, and new rows
// are idempotent by record id and carry the flag version (issue 8).

#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace rampart;

namespace {

const rollout::TimePoint kAt{rollout::Duration{1795176000}};

store::AuditEntry record(const std::string &recordId, std::optional<std::int64_t> version = {})
{
    store::AuditEntry e;
    e.at = kAt;
    e.actor = "oncall:piotr";
    e.action = "rollback";
    e.subject = "doc-keeper";
    e.detailJson = R"({"reason":"drill"})";
    e.recordId = recordId;
    e.flagVersion = version;
    return e;
}

} // namespace

TEST(SqliteAudit, FormatOneFileUpgradesAndItsRowsStillVerify)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.rampart"));
    // What a format-1 workspace holds: the audit log as it was, one legacy row.
    store::AuditEntry legacy = record("");
    legacy.id = 1;
    legacy.chain = store::auditchain::Legacy;
    legacy.hash = store::auditHash(legacy);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("format1"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")));
        // Format 1's events table, which later formats extend (003_event_ids.sql).
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
                                          " agent TEXT NOT NULL, cohort TEXT NOT NULL, unit_id TEXT NOT NULL,"
                                          " latency_ms REAL, correct INTEGER, satisfaction INTEGER,"
                                          " handling_time_min REAL, error INTEGER NOT NULL)")));
        // Format 1's rollup and stage-history tables, which formats 5 and 6 build on.
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE rollups (agent TEXT NOT NULL, metric TEXT NOT NULL,"
                                          " cohort TEXT NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL,"
                                          " sum REAL NOT NULL, sum_sq REAL NOT NULL, successes INTEGER NOT NULL,"
                                          " min REAL NOT NULL, max REAL NOT NULL,"
                                          " PRIMARY KEY (agent, metric, cohort, minute)) WITHOUT ROWID")));
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE rollup_buckets (agent TEXT NOT NULL, metric TEXT NOT NULL,"
                                          " cohort TEXT NOT NULL, minute INTEGER NOT NULL, bucket INTEGER NOT NULL,"
                                          " count INTEGER NOT NULL,"
                                          " PRIMARY KEY (agent, metric, cohort, minute, bucket)) WITHOUT ROWID")));
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE stage_history (id INTEGER PRIMARY KEY, agent TEXT NOT NULL,"
                                          " actor TEXT NOT NULL, at INTEGER NOT NULL, from_status TEXT NOT NULL,"
                                          " to_status TEXT NOT NULL, from_percentage REAL NOT NULL,"
                                          " to_percentage REAL NOT NULL, reason TEXT NOT NULL,"
                                          " evidence_hash TEXT NOT NULL, override INTEGER NOT NULL)")));
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
                                          " actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,"
                                          " detail TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL)")));
        q.prepare(QStringLiteral("INSERT INTO audit_log VALUES (1, ?, ?, ?, ?, ?, '', ?)"));
        q.addBindValue(qlonglong(1795176000));
        q.addBindValue(QString::fromStdString(legacy.actor));
        q.addBindValue(QString::fromStdString(legacy.action));
        q.addBindValue(QString::fromStdString(legacy.subject));
        q.addBindValue(QString::fromStdString(legacy.detailJson));
        q.addBindValue(QString::fromStdString(legacy.hash));
        ASSERT_TRUE(q.exec());
        ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO meta VALUES ('format_version', '1')")));
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA user_version = 1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("format1"));

    auto opened = store::SqliteEvidenceStore::open(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    auto &s = *opened.value();
    EXPECT_EQ(*s.meta("format_version"), std::optional<std::string>("6"));
    EXPECT_EQ(store::SqliteEvidenceStore::formatVersion(), 6);
    ASSERT_TRUE(s.appendAudit(record("c1/outcome", 9)).ok());
    auto v = s.verifyAudit();
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
    EXPECT_EQ(v->legacyRows, 1);
    EXPECT_EQ(v->unkeyedRows, 1);
}

TEST(SqliteAudit, RecordIdsAreIdempotentAndVersionsAreRemembered)
{
    auto opened = store::SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(opened.ok());
    auto &s = *opened.value();
    auto batch = s.appendAuditBatch({record("a/intent"), record("a/outcome", 4), record("a/intent")});
    ASSERT_TRUE(batch.ok()) << batch.error().message;
    EXPECT_EQ(batch->stored, 2);
    EXPECT_EQ(batch->alreadyStored, 1);
    EXPECT_EQ(batch->rows[2].id, batch->rows[0].id);
    EXPECT_EQ(*s.highestFlagVersion("doc-keeper"), 4);
    s.setAuditKey("workspace-key-0123456789abcdef");
    ASSERT_TRUE(s.appendAudit(record("b/outcome", 5)).ok());
    auto v = s.verifyAudit();
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->firstBadId.has_value()) << v->problem;
    EXPECT_EQ(v->keyedRows, 1);
}
