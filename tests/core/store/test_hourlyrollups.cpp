// The two rollup levels (PostgreSQL migration 007, SQLite format version 5): the hourly rows
// are kept by ingest and archive import from the same rows as the minutes, stay put on an
// idempotent rerun, are backfilled by the migration, and summaries()/units() read from them
// give the same answer as from the minutes alone and as from the raw events.
// SQLite tests always run; PostgreSQL ones need RAMPART_TEST_DATABASE_URL (label: integration).

#include "pgtestdb.h"
#include "storetestdata.h"

#include "store/sqliteevidencestore.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QVariant>

#include <cmath>

using namespace rampart;
using namespace rampart::testing;
using rollout::Duration;
using rollout::TimePoint;
using store::PgEvidenceStore;
using store::SqliteEvidenceStore;

namespace {

/// Values that are multiples of 1/8, so every sum of them (and of their squares) is exact in
/// double arithmetic whatever the order: the two levels must then agree bit for bit.
std::vector<store::Event> exactEvents(TimePoint start, int count, Duration spacing, unsigned seed = 7)
{
    auto events = syntheticEvents(start, count, spacing, seed);
    int i = 0;
    for (store::Event &e : events) {
        if (e.latencyMs)
            e.latencyMs = std::round(*e.latencyMs * 8.0) / 8.0;
        if (e.handlingTimeMin)
            e.handlingTimeMin = std::round(*e.handlingTimeMin * 8.0) / 8.0;
        e.eventId = "e" + std::to_string(i++);
    }
    return events;
}

const TimePoint kStart = utc(2024, 5, 1, 10, 17, 23);

/// Windows that cut minutes, hours and days at awkward places, and one inside one hour.
std::vector<std::pair<TimePoint, TimePoint>> windows()
{
    return {
        {kStart, kStart + std::chrono::hours(80)},                                   // everything
        {utc(2024, 5, 1, 12, 0, 0), utc(2024, 5, 3, 12, 0, 0)},                      // whole hours only
        {utc(2024, 5, 1, 12, 30, 30), utc(2024, 5, 3, 7, 59, 1)},                    // mid-minute ends
        {utc(2024, 5, 2, 3, 10, 0), utc(2024, 5, 2, 3, 50, 0)},                      // inside one hour
        {utc(2024, 5, 2, 3, 10, 0), utc(2024, 5, 2, 5, 0, 1)},                       // one whole hour and ends
        {utc(2024, 5, 2, 23, 59, 59), utc(2024, 5, 3, 1, 0, 0)},                     // crossing midnight
        {utc(2024, 5, 3, 0, 0, 0), utc(2024, 5, 3, 0, 0, 0)},                        // empty
    };
}

void expectSameCohort(const rollout::CohortMetric &a, const rollout::CohortMetric &b, const std::string &what)
{
    SCOPED_TRACE(what);
    EXPECT_EQ(a.summary.count(), b.summary.count());
    EXPECT_EQ(a.summary.mean(), b.summary.mean());
    EXPECT_EQ(a.summary.m2(), b.summary.m2());
    EXPECT_EQ(a.summary.successes(), b.summary.successes());
    if (a.summary.count() > 0) {
        EXPECT_EQ(a.summary.min(), b.summary.min());
        EXPECT_EQ(a.summary.max(), b.summary.max());
    }
    EXPECT_EQ(a.levelCounts, b.levelCounts);
    EXPECT_EQ(a.p95, b.p95);
}

void expectSameSummaries(const std::vector<rollout::MetricEvidence> &a, const std::vector<rollout::MetricEvidence> &b)
{
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].metric, b[i].metric);
        expectSameCohort(a[i].control, b[i].control, a[i].metric + "/control");
        expectSameCohort(a[i].treatment, b[i].treatment, a[i].metric + "/treatment");
    }
}

/// The raw-event reference (storetestdata.h): whole minutes, so the window's ends are
/// rounded up to the next minute as the stores resolve them.
void expectMatchesRawEvents(const std::vector<rollout::MetricEvidence> &actual, const std::vector<store::Event> &events,
                            TimePoint from, TimePoint to)
{
    const auto up = [](TimePoint t) {
        const auto s = t.time_since_epoch().count();
        return TimePoint(Duration((s + 59) / 60 * 60));
    };
    const auto reference = referenceSummaries(events, up(from), up(to));
    ASSERT_EQ(actual.size(), reference.size());
    for (const auto &m : actual) {
        for (const auto &[cohort, metric] : {std::pair{"control", &m.control}, std::pair{"treatment", &m.treatment}}) {
            SCOPED_TRACE(m.metric + "/" + cohort);
            const auto &expected = reference.at(m.metric).at(cohort).summary;
            ASSERT_EQ(metric->summary.count(), expected.count());
            EXPECT_NEAR(metric->summary.mean(), expected.mean(), 1e-9 * std::max(1.0, std::fabs(expected.mean())));
            EXPECT_NEAR(metric->summary.variance(), expected.variance(),
                        1e-9 * std::max(1.0, std::fabs(expected.variance())));
            EXPECT_EQ(metric->summary.successes(), expected.successes());
        }
    }
}

/// Every window, hourly against minutes only against the raw events; units too.
template <typename Store>
void expectLevelsAgree(Store &store, const std::vector<store::Event> &events)
{
    for (const auto &[from, to] : windows()) {
        SCOPED_TRACE(store::auditTime(from) + " .. " + store::auditTime(to));
        store.setUseHourlyRollups(true);
        const auto hourly = store.summaries("doc-keeper", "control", "treatment", from, to);
        const auto hourlyUnits = store.units("doc-keeper", "control", "treatment", from, to);
        store.setUseHourlyRollups(false);
        const auto minutes = store.summaries("doc-keeper", "control", "treatment", from, to);
        const auto minuteUnits = store.units("doc-keeper", "control", "treatment", from, to);
        store.setUseHourlyRollups(true);
        ASSERT_TRUE(hourly.ok()) << hourly.error().message;
        ASSERT_TRUE(minutes.ok()) << minutes.error().message;
        ASSERT_TRUE(hourlyUnits.ok() && minuteUnits.ok());
        expectSameSummaries(*hourly, *minutes);
        EXPECT_EQ(*hourlyUnits, *minuteUnits);
        expectMatchesRawEvents(*hourly, events, from, to);
    }
}

} // namespace

TEST(RollupWindow, SplitsIntoWholeHoursAndTheMinutesAtTheEnds)
{
    const auto w = store::splitRollupWindow(utc(2024, 5, 1, 10, 17, 23), utc(2024, 5, 1, 13, 5, 0));
    EXPECT_EQ(w.hourFrom, utc(2024, 5, 1, 11));
    EXPECT_EQ(w.hourTo, utc(2024, 5, 1, 13));
    EXPECT_TRUE(w.hasHours());

    const auto aligned = store::splitRollupWindow(utc(2024, 5, 1, 11), utc(2024, 5, 1, 13));
    EXPECT_EQ(aligned.hourFrom, utc(2024, 5, 1, 11));
    EXPECT_EQ(aligned.hourTo, utc(2024, 5, 1, 13));

    // Less than a whole hour inside: everything from the minutes.
    const auto inside = store::splitRollupWindow(utc(2024, 5, 1, 10, 1), utc(2024, 5, 1, 11, 59, 59));
    EXPECT_FALSE(inside.hasHours());
    EXPECT_EQ(inside.hourFrom, inside.to);
    EXPECT_EQ(inside.hourTo, inside.to);

    const auto off = store::splitRollupWindow(utc(2024, 5, 1), utc(2024, 5, 3), false);
    EXPECT_FALSE(off.hasHours());

    const auto reversed = store::splitRollupWindow(utc(2024, 5, 3), utc(2024, 5, 1));
    EXPECT_FALSE(reversed.hasHours());
}

TEST(SqliteHourlyRollups, SummariesFromHoursEqualThoseFromMinutesAndRawEvents)
{
    auto store = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(store.ok());
    const auto events = exactEvents(kStart, 20000, Duration(13)); // ~72 h
    ASSERT_TRUE((*store)->ingest(events).ok());
    expectLevelsAgree(**store, events);
}

namespace {

/// Rows of a table as text, in key order, to compare a table before and after.
std::vector<std::string> tableRows(SqliteEvidenceStore &store, const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(store.connectionName()));
    EXPECT_TRUE(q.exec(sql));
    std::vector<std::string> rows;
    while (q.next()) {
        std::string row;
        for (int i = 0; i < q.record().count(); ++i)
            row += q.value(i).toString().toStdString() + "|";
        rows.push_back(row);
    }
    return rows;
}

const QString kHourlyFromMinutes = QStringLiteral(
    "SELECT agent, metric, cohort, minute - minute % 3600 AS h, SUM(n), SUM(sum), SUM(sum_sq), SUM(successes),"
    " MIN(min), MAX(max) FROM rollups GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
const QString kHourly = QStringLiteral(
    "SELECT agent, metric, cohort, hour, n, sum, sum_sq, successes, min, max FROM rollups_hourly ORDER BY 1, 2, 3, 4");
const QString kHourlyBucketsFromMinutes = QStringLiteral(
    "SELECT agent, metric, cohort, minute - minute % 3600, bucket, SUM(count) FROM rollup_buckets"
    " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
const QString kHourlyBuckets = QStringLiteral(
    "SELECT agent, metric, cohort, hour, bucket, count FROM rollup_buckets_hourly ORDER BY 1, 2, 3, 4, 5");

} // namespace

TEST(SqliteHourlyRollups, IngestKeepsTheHoursTheSumOfTheMinutesAndARerunChangesNothing)
{
    auto store = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(store.ok());
    const auto events = exactEvents(kStart, 6000, Duration(29));
    // In three batches that share hours, then the whole file again (all duplicates).
    const std::vector<store::Event> a(events.begin(), events.begin() + 2000);
    const std::vector<store::Event> b(events.begin() + 2000, events.begin() + 4100);
    const std::vector<store::Event> c(events.begin() + 4100, events.end());
    for (const auto *batch : {&a, &b, &c})
        ASSERT_TRUE((*store)->ingest(*batch).ok());
    const auto hourly = tableRows(**store, kHourly);
    ASSERT_FALSE(hourly.empty());
    EXPECT_EQ(hourly, tableRows(**store, kHourlyFromMinutes));
    EXPECT_EQ(tableRows(**store, kHourlyBuckets), tableRows(**store, kHourlyBucketsFromMinutes));

    const auto again = (*store)->ingest(events);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->accepted, 0);
    EXPECT_EQ(again->duplicates, static_cast<std::int64_t>(events.size()));
    EXPECT_EQ(tableRows(**store, kHourly), hourly) << "a rerun must not grow the hourly rollups";
}

TEST(SqliteHourlyRollups, ArchiveImportKeepsBothLevels)
{
    auto source = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    auto archive = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(source.ok() && archive.ok());
    const auto events = exactEvents(kStart, 8000, Duration(31));
    ASSERT_TRUE((*source)->ingest(events).ok());
    ASSERT_TRUE((*archive)->importRollups(*(*source)->rollups("doc-keeper")).ok());
    EXPECT_EQ(tableRows(**archive, kHourly), tableRows(**source, kHourly));
    EXPECT_EQ(tableRows(**archive, kHourlyBuckets), tableRows(**source, kHourlyBuckets));
    expectLevelsAgree(**archive, events);
}

TEST(SqliteHourlyRollups, MigrationBackfillsTheHoursOfAnOlderWorkspace)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.rampart"));
    const auto events = exactEvents(kStart, 5000, Duration(37));
    std::vector<std::string> expected;
    {
        auto store = SqliteEvidenceStore::open(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->ingest(events).ok());
        expected = tableRows(**store, kHourly);
        // Back to format version 4: no hourly tables (5), no stage-history record ids (6).
        QSqlQuery q(QSqlDatabase::database((*store)->connectionName()));
        for (const char *sql : {"DROP TABLE rollups_hourly", "DROP TABLE rollup_buckets_hourly",
                                "DROP INDEX stage_history_record_id", "ALTER TABLE stage_history DROP COLUMN record_id",
                                "UPDATE meta SET value = '4' WHERE key = 'format_version'", "PRAGMA user_version = 4"})
            ASSERT_TRUE(q.exec(QString::fromLatin1(sql))) << sql;
    }
    auto reopened = SqliteEvidenceStore::open(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    EXPECT_EQ(*(*reopened)->meta("format_version"), std::optional<std::string>(std::to_string(SqliteEvidenceStore::formatVersion())));
    EXPECT_EQ(tableRows(**reopened, kHourly), expected);
    EXPECT_EQ(tableRows(**reopened, kHourlyBuckets), tableRows(**reopened, kHourlyBucketsFromMinutes));
    expectLevelsAgree(**reopened, events);
}

// ---- PostgreSQL ----------------------------------------------------------------------------

namespace {

const std::string kPgHourly =
    "SELECT agent, extract(epoch FROM hour)::bigint, cohort, metric, n, sum, sum_sq, successes, min, max, "
    "buckets::text FROM rampart.rollups_hourly ORDER BY 1, 2, 3, 4";
const std::string kPgHourlyFromMinutes =
    "SELECT agent, extract(epoch FROM date_trunc('hour', minute, 'UTC'))::bigint, cohort, metric, sum(n), sum(sum), "
    "sum(sum_sq), sum(successes), min(min), max(max), rampart.sum_buckets(buckets)::text FROM rampart.rollups "
    "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

std::vector<std::string> pgRows(TestDatabase &db, const std::string &sql)
{
    std::vector<std::string> rows;
    for (const auto &row : db.exec(sql)) {
        std::string text;
        for (const auto &field : row)
            text += std::string(field.is_null() ? "NULL" : field.c_str()) + "|";
        rows.push_back(text);
    }
    return rows;
}

} // namespace

TEST_F(PgStoreTest, HourlyRollupsGiveTheSameSummariesAsMinutesAndRawEvents)
{
    const auto events = exactEvents(kStart, 20000, Duration(13));
    ASSERT_TRUE(store().ingest(events).ok());
    expectLevelsAgree(store(), events);
}

TEST_F(PgStoreTest, HourlyRollupsAreTheSumOfTheMinutesAndARerunChangesNothing)
{
    const auto events = exactEvents(kStart, 6000, Duration(29));
    const std::vector<store::Event> a(events.begin(), events.begin() + 2000);
    const std::vector<store::Event> b(events.begin() + 2000, events.end());
    ASSERT_TRUE(store().ingest(a).ok());
    ASSERT_TRUE(store().ingest(b).ok());
    const auto hourly = pgRows(database(), kPgHourly);
    ASSERT_FALSE(hourly.empty());
    EXPECT_EQ(hourly, pgRows(database(), kPgHourlyFromMinutes));

    const auto again = store().ingest(events);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->accepted, 0);
    EXPECT_EQ(pgRows(database(), kPgHourly), hourly) << "a rerun must not grow the hourly rollups";

    // rebuildRollups recomputes both levels from the raw events: the same rows.
    ASSERT_TRUE(store().rebuildRollups("doc-keeper").ok());
    EXPECT_EQ(pgRows(database(), kPgHourly), hourly);
}

TEST_F(PgStoreTest, HourlyRollupsFollowAnArchiveImport)
{
    const auto events = exactEvents(kStart, 8000, Duration(31));
    auto source = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    ASSERT_TRUE(source.ok());
    ASSERT_TRUE((*source)->ingest(events).ok());
    ASSERT_TRUE(store().importRollups(*(*source)->rollups("doc-keeper")).ok());
    EXPECT_EQ(pgRows(database(), kPgHourly), pgRows(database(), kPgHourlyFromMinutes));
    expectLevelsAgree(store(), events);
}

TEST_F(PgStoreTest, MigrationBackfillsHourlyRollups)
{
    const auto events = exactEvents(kStart, 5000, Duration(37));
    ASSERT_TRUE(store().ingest(events).ok());
    const auto expected = pgRows(database(), kPgHourly);
    database().exec("DROP TABLE rampart.rollups_hourly; DROP AGGREGATE rampart.sum_buckets(bigint[]); "
                    "DROP INDEX rampart.stage_history_record_id; ALTER TABLE rampart.stage_history DROP COLUMN record_id; "
                    "DELETE FROM rampart.schema_migrations WHERE version IN (7, 8)");
    auto reopened = openStore(database().url());
    ASSERT_NE(reopened, nullptr);
    EXPECT_EQ(pgRows(database(), kPgHourly), expected);
    expectLevelsAgree(*reopened, events);
}
