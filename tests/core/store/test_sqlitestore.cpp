// SqliteEvidenceStore: the embedded workspace and archive format (docs/workspace.md).
// Summaries are checked against RunningSummary computed in C++ from the same events.

#include "resultexpect.h"
#include "sqlitetestdata.h"

#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QVariant>

#include <cmath>
#include <map>

using namespace rampart;
using rampart::store::SqliteEvidenceStore;
namespace rt = rampart::testing;
using rampart::testing::at;
using rampart::testing::expectRelativeNear;
using rampart::testing::makeEvents;
using rampart::testing::valueOf;

namespace {

constexpr const char *Agent = "documentation-keeper";

std::unique_ptr<SqliteEvidenceStore> openStore(const QString &path = QStringLiteral(":memory:"))
{
    auto store = SqliteEvidenceStore::open(path);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

QSqlQuery rawQuery(const SqliteEvidenceStore &store)
{
    return QSqlQuery(QSqlDatabase::database(store.connectionName()));
}

struct Expected
{
    stats::RunningSummary summary;
    std::vector<std::int64_t> levels = std::vector<std::int64_t>(5, 0);
};

/// metric → cohort → the summary computed in C++ from events in [from, to).
std::map<std::string, std::map<std::string, Expected>> expectedSummaries(const std::vector<store::Event> &events,
                                                                         rollout::TimePoint from, rollout::TimePoint to)
{
    std::map<std::string, std::map<std::string, Expected>> out;
    for (const auto &e : events) {
        if (e.at < from || e.at >= to)
            continue;
        if (e.correct)
            out["accuracy"][e.cohort].summary.addOutcome(*e.correct);
        if (e.latencyMs)
            out["latency_ms"][e.cohort].summary.add(*e.latencyMs);
        if (e.satisfaction) {
            out["satisfaction"][e.cohort].summary.add(*e.satisfaction);
            ++out["satisfaction"][e.cohort].levels[static_cast<std::size_t>(*e.satisfaction - 1)];
        }
        if (e.handlingTimeMin)
            out["handling_time_min"][e.cohort].summary.add(*e.handlingTimeMin);
        out["error_rate"][e.cohort].summary.addOutcome(e.error);
    }
    return out;
}

void expectSameSummary(const stats::RunningSummary &actual, const stats::RunningSummary &expected,
                       const std::string &what)
{
    SCOPED_TRACE(what);
    ASSERT_EQ(actual.count(), expected.count());
    EXPECT_EQ(actual.successes(), expected.successes());
    expectRelativeNear(actual.mean(), expected.mean(), 1e-9);
    expectRelativeNear(actual.variance(), expected.variance(), 1e-9);
    EXPECT_EQ(actual.min(), expected.min());
    EXPECT_EQ(actual.max(), expected.max());
}

void expectSummariesMatch(const std::vector<rollout::MetricEvidence> &actual, const std::vector<store::Event> &events,
                          rollout::TimePoint from, rollout::TimePoint to)
{
    const auto expected = expectedSummaries(events, from, to);
    ASSERT_EQ(actual.size(), expected.size());
    for (const auto &metric : actual) {
        ASSERT_TRUE(expected.count(metric.metric)) << metric.metric;
        const auto &cohorts = expected.at(metric.metric);
        expectSameSummary(metric.control.summary, cohorts.at("deterministic").summary, metric.metric + " control");
        expectSameSummary(metric.treatment.summary, cohorts.at("ml").summary, metric.metric + " treatment");
        if (metric.metric == "satisfaction") {
            EXPECT_EQ(metric.control.levelCounts, cohorts.at("deterministic").levels);
            EXPECT_EQ(metric.treatment.levelCounts, cohorts.at("ml").levels);
        }
    }
}

} // namespace

TEST(SqliteStore, SummariesEqualRunningSummariesOfTheSameEvents)
{
    auto store = openStore();
    const auto events = makeEvents(Agent, 3000, 180);
    const auto report = valueOf(store->ingest(events));
    EXPECT_EQ(report.accepted, 3000);
    EXPECT_EQ(report.skipped, 0);
    const auto summaries = valueOf(store->summaries(Agent, "deterministic", "ml", at(0), at(180)));
    expectSummariesMatch(summaries, events, at(0), at(180));
}

TEST(SqliteStore, MetricsComeInThePostgresStoresOrder)
{
    auto store = openStore();
    ASSERT_TRUE(store->ingest(makeEvents(Agent, 300, 10)).ok());
    std::vector<std::string> names;
    for (const auto &m : valueOf(store->summaries(Agent, "deterministic", "ml", at(0), at(10))))
        names.push_back(m.metric);
    EXPECT_EQ(names, (std::vector<std::string>{"accuracy", "latency_ms", "satisfaction", "handling_time_min", "error_rate"}));
}

TEST(SqliteStore, IngestingInTwoBatchesEqualsOneBatch)
{
    auto store = openStore();
    const auto events = makeEvents(Agent, 1000, 30);
    ASSERT_TRUE(store->ingest({events.begin(), events.begin() + 400}).ok());
    ASSERT_TRUE(store->ingest({events.begin() + 400, events.end()}).ok());
    expectSummariesMatch(valueOf(store->summaries(Agent, "deterministic", "ml", at(0), at(30))), events, at(0), at(30));
}

TEST(SqliteStore, LatencyHistogramGivesTheSharedP95Estimate)
{
    auto store = openStore();
    ASSERT_TRUE(store->ingest(makeEvents(Agent, 2000, 60)).ok());
    const auto summaries = valueOf(store->summaries(Agent, "deterministic", "ml", at(0), at(60)));
    const auto latency = std::find_if(summaries.begin(), summaries.end(),
                                      [](const auto &m) { return m.metric == "latency_ms"; });
    ASSERT_NE(latency, summaries.end());
    ASSERT_TRUE(latency->control.p95.has_value());
    EXPECT_GE(*latency->control.p95, latency->control.summary.mean());
    EXPECT_LE(*latency->control.p95, latency->control.summary.max());
    EXPECT_FALSE(summaries.back().control.p95.has_value()); // error_rate has no histogram
}

TEST(SqliteStore, WindowIsHalfOpenAtMinuteResolution)
{
    auto store = openStore();
    std::vector<store::Event> events;
    for (const auto &t : {at(0, 0), at(0, 59), at(1, 0), at(59, 59), at(60, 0)}) {
        store::Event e{t, Agent, "deterministic", "u", 100.0, true, 4, 10.0, false, {}};
        events.push_back(e);
    }
    ASSERT_TRUE(store->ingest(events).ok());
    const auto first = valueOf(store->summaries(Agent, "deterministic", "ml", at(0), at(60)));
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first.front().control.summary.count(), 4); // 10:00:00 .. 10:59:59, not 11:00
    EXPECT_EQ(first.front().treatment.summary.count(), 0);
    const auto later = valueOf(store->summaries(Agent, "deterministic", "ml", at(1), at(61)));
    EXPECT_EQ(later.front().control.summary.count(), 3); // the minute 10:00 left the window
    EXPECT_TRUE(valueOf(store->summaries(Agent, "deterministic", "ml", at(61), at(120))).empty());
    EXPECT_EQ(valueOf(store->units(Agent, "deterministic", "ml", at(0), at(60))), (std::pair<std::int64_t, std::int64_t>{4, 0}));
}

TEST(SqliteStore, UnitsCountEventsPerCohort)
{
    auto store = openStore();
    const auto events = makeEvents(Agent, 900, 30);
    ASSERT_TRUE(store->ingest(events).ok());
    std::int64_t control = 0, treatment = 0;
    for (const auto &e : events)
        (e.cohort == "ml" ? treatment : control) += e.at < at(20) ? 1 : 0;
    EXPECT_EQ(valueOf(store->units(Agent, "deterministic", "ml", at(0), at(20))), std::make_pair(control, treatment));
    EXPECT_EQ(valueOf(store->units("other-agent", "deterministic", "ml", at(0), at(20))),
              (std::pair<std::int64_t, std::int64_t>{0, 0}));
}

TEST(SqliteStore, BadRowsAreSkippedAndCountedNeverFatal)
{
    auto store = openStore();
    auto good = makeEvents(Agent, 5, 5);
    std::vector<store::Event> events = good;
    auto bad = [&](auto change) {
        store::Event e = good.front();
        change(e);
        events.push_back(e);
    };
    bad([](store::Event &e) { e.latencyMs = -1.0; });
    bad([](store::Event &e) { e.latencyMs = std::nan(""); });
    bad([](store::Event &e) { e.satisfaction = 0; });
    bad([](store::Event &e) { e.satisfaction = 6; });
    bad([](store::Event &e) { e.cohort.clear(); });
    bad([](store::Event &e) { e.agent.clear(); });
    bad([](store::Event &e) { e.unitId.clear(); });
    bad([](store::Event &e) { e.handlingTimeMin = -3.0; });
    const auto report = valueOf(store->ingest(events));
    EXPECT_EQ(report.accepted, 5);
    EXPECT_EQ(report.skipped, 8);
    ASSERT_EQ(report.firstProblems.size(), 8u);
    EXPECT_EQ(report.firstProblems.front().rfind("event 6: latency_ms is negative", 0), 0u) << report.firstProblems.front();
    const auto units = valueOf(store->units(Agent, "deterministic", "ml", at(0), at(10)));
    EXPECT_EQ(units.first + units.second, 5);
}

TEST(SqliteStore, FirstProblemsAreCappedAtTen)
{
    auto store = openStore();
    std::vector<store::Event> events(25, store::Event{at(0), Agent, "", "u", {}, {}, {}, {}, false, {}});
    const auto report = valueOf(store->ingest(events));
    EXPECT_EQ(report.skipped, 25);
    EXPECT_EQ(report.firstProblems.size(), 10u);
}

TEST(SqliteStore, AuditAppendsLinkTheChainAndVerify)
{
    auto store = openStore();
    std::string previous;
    for (int i = 0; i < 3; ++i) {
        const auto entry = valueOf(store->appendAudit(rt::auditEntry("transition", i)));
        EXPECT_EQ(entry.id, i + 1);
        EXPECT_EQ(entry.previousHash, previous); // the first row links to ''
        EXPECT_EQ(entry.hash, store::auditHash(entry));
        previous = entry.hash;
    }
    const auto verification = valueOf(store->verifyAudit());
    EXPECT_EQ(verification.rowsChecked, 3);
    EXPECT_FALSE(verification.firstBadId.has_value());
    const auto page = valueOf(store->auditTrail(1, 1));
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page.front().id, 2);
    EXPECT_EQ(page.front().detailJson, rt::auditEntry("transition", 1).detailJson);
}

TEST(SqliteStore, AuditTriggerRefusesUpdateAndDelete)
{
    auto store = openStore();
    ASSERT_TRUE(store->appendAudit(rt::auditEntry("flag_write", 0)).ok());
    QSqlQuery q = rawQuery(*store);
    EXPECT_FALSE(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")));
    EXPECT_TRUE(q.lastError().text().contains(QStringLiteral("append-only"))) << q.lastError().text().toStdString();
    EXPECT_FALSE(q.exec(QStringLiteral("DELETE FROM audit_log")));
    EXPECT_EQ(valueOf(store->auditTrail(0, 10)).size(), 1u);
}

TEST(SqliteStore, TamperingIsNamedByTheFirstBadRow)
{
    auto store = openStore();
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(store->appendAudit(rt::auditEntry("transition", i)).ok());
    QSqlQuery q = rawQuery(*store);
    ASSERT_TRUE(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
    ASSERT_TRUE(q.exec(QStringLiteral("UPDATE audit_log SET detail = '{\"to_percentage\":100}' WHERE id = 3")));
    const auto verification = valueOf(store->verifyAudit());
    EXPECT_EQ(verification.firstBadId, std::optional<std::int64_t>(3));
    EXPECT_EQ(verification.rowsChecked, 3);
    EXPECT_NE(verification.problem.find("Audit row 3"), std::string::npos) << verification.problem;
}

TEST(SqliteStore, ARelinkedRowIsNamedToo)
{
    auto store = openStore();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(store->appendAudit(rt::auditEntry("transition", i)).ok());
    QSqlQuery q = rawQuery(*store);
    ASSERT_TRUE(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
    ASSERT_TRUE(q.exec(QStringLiteral("UPDATE audit_log SET previous_hash = 'forged' WHERE id = 2")));
    EXPECT_EQ(valueOf(store->verifyAudit()).firstBadId, std::optional<std::int64_t>(2));
}

TEST(SqliteStore, ImportAuditKeepsRowsVerbatim)
{
    auto source = openStore();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(source->appendAudit(rt::auditEntry("transition", i)).ok());
    const auto rows = valueOf(source->auditTrail(0, 100));
    auto archive = openStore();
    ASSERT_TRUE(archive->importAudit({rows.begin(), rows.begin() + 2}).ok());
    ASSERT_TRUE(archive->importAudit({rows.begin() + 2, rows.end()}).ok());
    const auto copied = valueOf(archive->auditTrail(0, 100));
    ASSERT_EQ(copied.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(copied[i].id, rows[i].id);
        EXPECT_EQ(copied[i].hash, rows[i].hash);
        EXPECT_EQ(copied[i].at, rows[i].at);
    }
    EXPECT_FALSE(valueOf(archive->verifyAudit()).firstBadId.has_value());
    // Appending continues the imported chain.
    EXPECT_EQ(valueOf(archive->appendAudit(rt::auditEntry("sign_off", 9))).previousHash, rows.back().hash);
}

TEST(SqliteStore, ImportAuditRefusesABrokenChain)
{
    auto source = openStore();
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(source->appendAudit(rt::auditEntry("transition", i)).ok());
    auto rows = valueOf(source->auditTrail(0, 100));
    auto archive = openStore();
    const auto skipped = archive->importAudit({rows[0], rows[2]});
    rt::expectError(skipped, store::storeerrc::Corrupt, "entries[1].previous_hash");
    EXPECT_TRUE(valueOf(archive->auditTrail(0, 100)).empty()) << "a refused batch leaves nothing behind";
    rt::expectError(archive->importAudit({rows[1]}), store::storeerrc::Corrupt, "entries[0].previous_hash");
    rows[1].id = 1; // a row that does not come after the one before it
    ASSERT_TRUE(archive->importAudit({rows[0]}).ok());
    rt::expectError(archive->importAudit({rows[1]}), store::storeerrc::Corrupt, "entries[0].id");
}

TEST(SqliteStore, ImportRollupsMergesWithExistingMinutes)
{
    auto store = openStore();
    store::Event e{at(5, 10), Agent, "ml", "u1", 40.0, true, 2, 10.0, false, {}};
    ASSERT_TRUE(store->ingest({e}).ok());
    const auto rows = valueOf(store->rollups(Agent));
    ASSERT_EQ(rows.size(), 5u);
    std::vector<store::RollupRow> imported;
    for (auto row : rows) {
        if (row.metric == "latency_ms") {
            row.n = 3, row.sum = 30.0 + 700.0 + 1.0, row.sumOfSquares = 900.0 + 490000.0 + 1.0, row.min = 1.0, row.max = 700.0;
            std::fill(row.buckets.begin(), row.buckets.end(), 0);
            row.buckets[1] = 1, row.buckets[5] = 1, row.buckets[12] = 1;
            imported.push_back(row);
            row.minute = at(6); // a new minute is added as it is
            imported.push_back(row);
        }
    }
    ASSERT_TRUE(store->importRollups(imported).ok());
    const auto after = valueOf(store->rollups(Agent));
    ASSERT_EQ(after.size(), 6u);
    const auto latency = std::find_if(after.begin(), after.end(), [](const auto &r) {
        return r.metric == "latency_ms" && r.minute == at(5);
    });
    ASSERT_NE(latency, after.end());
    EXPECT_EQ(latency->n, 4);
    EXPECT_DOUBLE_EQ(latency->sum, 771.0);
    EXPECT_DOUBLE_EQ(latency->sumOfSquares, 1600.0 + 490901.0);
    EXPECT_EQ(latency->min, 1.0);
    EXPECT_EQ(latency->max, 700.0);
    ASSERT_EQ(latency->buckets.size(), store::latencyBucketBounds().size());
    // 1 ms in [1, 2), 30 and 40 ms in [20, 50), 700 ms in [500, 750): latencyBucketBounds()
    std::vector<std::int64_t> buckets(latency->buckets.size(), 0);
    buckets[1] = 1, buckets[5] = 2, buckets[12] = 1;
    EXPECT_EQ(latency->buckets, buckets);
}

TEST(SqliteStore, RollupsCopiedIntoAnotherStoreGiveTheSameSummaries)
{
    auto source = openStore();
    const auto events = makeEvents(Agent, 2000, 90);
    ASSERT_TRUE(source->ingest(events).ok());
    ASSERT_TRUE(source->ingest(makeEvents("another-agent", 50, 5)).ok());
    auto archive = openStore();
    ASSERT_TRUE(archive->importRollups(valueOf(source->rollups(Agent))).ok());
    EXPECT_TRUE(valueOf(archive->rollups("another-agent")).empty());
    expectSummariesMatch(valueOf(archive->summaries(Agent, "deterministic", "ml", at(10), at(70))), events, at(10), at(70));
    EXPECT_EQ(valueOf(archive->units(Agent, "deterministic", "ml", at(0), at(90))),
              valueOf(source->units(Agent, "deterministic", "ml", at(0), at(90))));
}

TEST(SqliteStore, ImportRollupsRefusesRowsWithoutKeys)
{
    auto store = openStore();
    store::RollupRow row{at(0), Agent, "", "accuracy", 1, 1.0, 1.0, 1, 1.0, 1.0, {}};
    rt::expectError(store->importRollups({row}), errc::InvalidArgument, "rows[0]");
}

TEST(SqliteStore, SignOffsAndStageHistoryRoundTrip)
{
    auto store = openStore();
    auto rollback = rt::transition(25, 5, 30);
    rollback.toStatus = rollout::RolloutStatus::RolledBack;
    rollback.override = true;
    ASSERT_TRUE(store->recordTransition(Agent, rt::transition(5, 25, 10)).ok());
    ASSERT_TRUE(store->recordTransition(Agent, rollback).ok());
    ASSERT_TRUE(store->recordTransition("another-agent", rt::transition(0, 5, 1)).ok());
    auto rejection = rt::signOff("cto@example.com", 12);
    rejection.approve = false;
    ASSERT_TRUE(store->recordSignOff(Agent, rt::signOff("pm@example.com", 11)).ok());
    ASSERT_TRUE(store->recordSignOff(Agent, rejection).ok());

    const auto history = valueOf(store->stageHistory(Agent));
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[1].toStatus, rollout::RolloutStatus::RolledBack);
    EXPECT_TRUE(history[1].override);
    EXPECT_EQ(history[1].at, at(30));
    EXPECT_EQ(history[0].reason, "Every gate passed.");
    const auto signOffs = valueOf(store->signOffs(Agent));
    ASSERT_EQ(signOffs.size(), 2u);
    EXPECT_EQ(signOffs[0].approver, "pm@example.com");
    EXPECT_FALSE(signOffs[1].approve);
    EXPECT_EQ(signOffs[1].fromPercentage, 5.0);
}

TEST(SqliteStore, MetaHoldsTheFormatVersion)
{
    auto store = openStore();
    EXPECT_EQ(valueOf(store->meta("format_version")), std::optional<std::string>("6"));
    EXPECT_TRUE(valueOf(store->meta("created_at")).has_value());
    EXPECT_FALSE(valueOf(store->meta("plan")).has_value());
    ASSERT_TRUE(store->setMeta("agent", Agent).ok());
    EXPECT_EQ(valueOf(store->meta("agent")), std::optional<std::string>(Agent));
    rt::expectError(store->setMeta("format_version", "9"), errc::InvalidArgument, "key");
}

TEST(SqliteStore, FileWorkspaceUsesWalAndKeepsItsData)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("workspace.rampart"));
    {
        auto store = openStore(path);
        QSqlQuery q = rawQuery(*store);
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        EXPECT_EQ(q.value(0).toString(), QStringLiteral("wal"));
        q.finish(); // an unfinished statement would keep the next transaction from committing
        EXPECT_EQ(valueOf(store->ingest(makeEvents(Agent, 100, 10))).accepted, 100);
        EXPECT_TRUE(valueOf(store->appendAudit(rt::auditEntry("transition", 0))).id == 1);
    }
    auto reopened = openStore(path);
    EXPECT_EQ(valueOf(reopened->auditTrail(0, 10)).size(), 1u);
    EXPECT_FALSE(valueOf(reopened->rollups(Agent)).empty());
}

TEST(SqliteStore, EachInstanceHasItsOwnConnection)
{
    auto a = openStore();
    auto b = openStore();
    EXPECT_NE(a->connectionName(), b->connectionName());
    ASSERT_TRUE(a->ingest(makeEvents(Agent, 10, 1)).ok());
    EXPECT_TRUE(valueOf(b->rollups(Agent)).empty());
    const QString name = a->connectionName();
    a.reset();
    EXPECT_FALSE(QSqlDatabase::contains(name)) << "the connection is removed with its store";
}

TEST(SqliteStore, ANewerFormatIsRefused)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.rampart"));
    {
        auto store = openStore(path);
        ASSERT_TRUE(rawQuery(*store).exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    rt::expectError(SqliteEvidenceStore::open(path), "unsupported_format", "path");
}

TEST(SqliteStore, AFormat2WorkspaceGainsEventIdsWhenOpened)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.rampart"));
    {
        auto store = openStore(path);
        store::Event e{at(0), Agent, "ml", "u1", 40.0, true, 2, 10.0, false, {}};
        ASSERT_TRUE(store->ingest({e}).ok());
        // Back to format 2 (before 003_event_ids.sql): no event_id column, no unique index,
        // none of 004's controller tables, 005's hourly rollups or 006's record ids.
        for (const char *sql : {"DROP INDEX events_agent_event_id", "ALTER TABLE events DROP COLUMN event_id",
                                "DROP TABLE rollout_state", "DROP TABLE incidents", "DROP TABLE load_tests",
                                "DROP TABLE rollups_hourly", "DROP TABLE rollup_buckets_hourly",
                                "DROP INDEX stage_history_record_id", "ALTER TABLE stage_history DROP COLUMN record_id",
                                "UPDATE meta SET value = '2' WHERE key = 'format_version'", "PRAGMA user_version = 2"})
            ASSERT_TRUE(rawQuery(*store).exec(QString::fromLatin1(sql))) << sql;
    }
    auto store = openStore(path);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(valueOf(store->meta("format_version")), std::optional<std::string>("6"));
    store::Event e{at(1), Agent, "ml", "u2", 41.0, true, 2, 10.0, false, "e-1"};
    auto first = store->ingest({e, e});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->accepted, 1);
    EXPECT_EQ(first->duplicates, 1);
    QSqlQuery q = rawQuery(*store);
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*), count(event_id) FROM events")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 2); // the old row is kept, without an id
    EXPECT_EQ(q.value(1).toInt(), 1);
}

TEST(SqliteStore, AFileInAMissingDirectoryIsUnavailable)
{
    QTemporaryDir dir;
    rt::expectError(SqliteEvidenceStore::open(dir.filePath(QStringLiteral("missing/workspace.rampart"))),
                         store::storeerrc::Unavailable, "path");
}

TEST(SqliteStore, AFileThatIsNotSqliteIsRefused)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    const auto store = SqliteEvidenceStore::open(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, store::storeerrc::QueryFailed) << store.error().message;
    EXPECT_NE(store.error().message.find("SQLite"), std::string::npos) << store.error().message;
}

// Bug found by the API's tests: the controller's worker and a read view opened one new
// workspace at the same moment; both read format 0, and the second to get the write lock
// applied 001_workspace.sql again ("table meta already exists"). The version is now read
// again under the lock.
TEST(SqliteStore, ConnectionsOpeningOneNewWorkspaceAtOnceAllSucceed)
{
    QTemporaryDir dir;
    for (int round = 0; round < 10; ++round) {
        const QString path = dir.filePath(QStringLiteral("race-%1.rampart").arg(round));
        std::vector<std::string> failures(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&failures, &path, i] {
                auto opened = SqliteEvidenceStore::open(path);
                if (!opened)
                    failures[static_cast<std::size_t>(i)] = opened.error().message;
            });
        for (std::thread &t : threads)
            t.join();
        for (const std::string &f : failures)
            EXPECT_EQ(f, "") << "round " << round;
        auto store = openStore(path);
        ASSERT_NE(store, nullptr);
        EXPECT_EQ(valueOf(store->meta("format_version")),
                  std::optional<std::string>(std::to_string(SqliteEvidenceStore::formatVersion())));
    }
}
