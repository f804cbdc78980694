// Ingest into PostgreSQL (label: integration): bad rows are skipped and counted, never
// fatal; rollups export, import and rebuild to the same numbers.

#include "pgtestdb.h"
#include "storetestdata.h"

#include "store/eventfile.h"

#include <QFile>
#include <QTemporaryDir>

#include <thread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

using namespace rampart;
using namespace rampart::testing;

namespace {

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);

store::Event good(int second)
{
    store::Event e;
    e.at = kStart + std::chrono::seconds(second);
    e.agent = "doc-keeper";
    e.cohort = "control";
    e.unitId = "u" + std::to_string(second);
    e.latencyMs = 120.0;
    e.correct = true;
    e.satisfaction = 4;
    return e;
}

store::Event withId(int second)
{
    store::Event e = good(second);
    e.eventId = "e" + std::to_string(second);
    return e;
}

} // namespace

TEST_F(PgStoreTest, BadRowsAreSkippedAndCountedNeverFatal)
{
    std::vector<store::Event> events;
    for (int i = 0; i < 10; ++i)
        events.push_back(good(i));
    events[1].cohort.clear();                      // NULL cohort
    events[3].latencyMs = -5.0;                    // negative latency
    events[4].satisfaction = 9;                    // outside 1..5
    events[5].unitId.clear();                      // no unit
    events[6].handlingTimeMin = -1.0;              // negative handling time
    events[7].latencyMs = std::numeric_limits<double>::quiet_NaN();
    events[8].agent.clear();                       // no agent
    events[9].cohort = "tab\tand\nnewline\\";      // odd but legal text survives COPY
    auto report = store().ingest(events);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 3);
    EXPECT_EQ(report->skipped, 7);
    const std::vector<std::string> expected = {
        "event 2: cohort is missing",          "event 4: latency_ms is negative",
        "event 5: satisfaction is outside 1..5", "event 6: unit_id is missing",
        "event 7: handling_time_min is negative", "event 8: latency_ms is not a finite number",
        "event 9: agent is missing"};
    EXPECT_EQ(report->firstProblems, expected);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 3);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events WHERE cohort = E'tab\\tand\\nnewline\\\\'")[0][0].as<int>(), 1);
}

TEST_F(PgStoreTest, ProblemsNameTheirOriginAndStopAtTen)
{
    std::vector<store::Event> events;
    std::vector<std::string> origins;
    for (int i = 0; i < 25; ++i) {
        events.push_back(good(i));
        events.back().latencyMs = -1.0;
        origins.push_back("events.csv:" + std::to_string(i + 2));
    }
    auto report = store().ingest(events, origins);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->accepted, 0);
    EXPECT_EQ(report->skipped, 25);
    ASSERT_EQ(report->firstProblems.size(), 10u);
    EXPECT_EQ(report->firstProblems.front(), "events.csv:2: latency_ms is negative");
    EXPECT_FALSE(store().ingest(events, {"only one"}).ok());
}

TEST_F(PgStoreTest, AnEmptyBatchIsFine)
{
    auto report = store().ingest({});
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->accepted, 0);
}

TEST_F(PgStoreTest, RebuildingRollupsFromEventsGivesTheSameRows)
{
    ASSERT_TRUE(store().ingest(syntheticEvents(kStart, 2000)).ok());
    auto before = store().rollups("doc-keeper");
    ASSERT_TRUE(before.ok());
    ASSERT_FALSE(before->empty());
    ASSERT_TRUE(store().rebuildRollups("doc-keeper").ok());
    auto after = store().rollups("doc-keeper");
    ASSERT_TRUE(after.ok());
    ASSERT_EQ(after->size(), before->size());
    for (std::size_t i = 0; i < after->size(); ++i) {
        EXPECT_EQ((*after)[i].n, (*before)[i].n);
        EXPECT_NEAR((*after)[i].sum, (*before)[i].sum, 1e-9 * std::fabs((*before)[i].sum));
        EXPECT_EQ((*after)[i].buckets, (*before)[i].buckets);
    }
}

TEST_F(PgStoreTest, ExportedRollupsImportIntoAnotherDatabaseUnchanged)
{
    ASSERT_TRUE(store().ingest(syntheticEvents(kStart, 1500)).ok());
    auto rows = store().rollups("doc-keeper");
    ASSERT_TRUE(rows.ok());
    const auto latency = std::find_if(rows->begin(), rows->end(), [](const auto &r) { return r.metric == "latency_ms"; });
    ASSERT_NE(latency, rows->end());
    EXPECT_EQ(latency->buckets.size(), store::latencyBucketBounds().size());

    TestDatabase other(testServerUrl());
    auto target = openStore(other.url());
    ASSERT_NE(target, nullptr);
    ASSERT_TRUE(target->importRollups(*rows).ok());
    const auto to = kStart + std::chrono::hours(1);
    auto a = store().summaries("doc-keeper", "control", "treatment", kStart, to);
    auto b = target->summaries("doc-keeper", "control", "treatment", kStart, to);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        EXPECT_EQ((*a)[i].control.summary.count(), (*b)[i].control.summary.count());
        // The hour's sums were added in another order in each database (ingest vs import of
        // the minute rows), so the last bit may differ (docs/store.md, "Two rollup levels").
        EXPECT_DOUBLE_EQ((*a)[i].control.summary.mean(), (*b)[i].control.summary.mean());
        EXPECT_EQ((*a)[i].treatment.levelCounts, (*b)[i].treatment.levelCounts);
    }
    // Importing again merges: every count doubles.
    ASSERT_TRUE(target->importRollups(*rows).ok());
    auto twice = target->summaries("doc-keeper", "control", "treatment", kStart, to);
    EXPECT_EQ((*twice)[0].control.summary.count(), 2 * (*a)[0].control.summary.count());
}

TEST_F(PgStoreTest, ARepeatedKeyInOneImportIsMerged)
{
    store::RollupRow r;
    r.minute = kStart;
    r.agent = "doc-keeper";
    r.cohort = "control";
    r.metric = "satisfaction";
    r.n = 3;
    r.sum = 12.0;
    r.sumOfSquares = 50.0;
    r.min = 3.0;
    r.max = 5.0;
    r.buckets = {0, 0, 1, 1, 1};
    store::RollupRow other = r;
    other.min = 1.0;
    other.buckets = {1, 0, 0, 1, 1};
    ASSERT_TRUE(store().importRollups({r, other}).ok());
    auto rows = store().rollups("doc-keeper");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ((*rows)[0].n, 6);
    EXPECT_EQ((*rows)[0].min, 1.0);
    EXPECT_EQ((*rows)[0].buckets, (std::vector<std::int64_t>{1, 0, 1, 2, 2}));
}

// ---- idempotent ingest and rows the database would refuse (issue 8, item 9) -----------------

TEST_F(PgStoreTest, ATimestampPastYear9999IsSkippedInsteadOfAbortingTheBatch)
{
    std::vector<store::Event> events;
    for (int i = 0; i < 5; ++i)
        events.push_back(withId(i));
    events[2].at = rollout::TimePoint{rollout::Duration{10000000000000}}; // 1e13: to_timestamp would fail
    auto report = store().ingest(events);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 4);
    EXPECT_EQ(report->skipped, 1);
    EXPECT_EQ(report->firstProblems, std::vector<std::string>{"event 3: time 10000000000000 is outside 1970-01-01..9999-12-31"});
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 4);
}

TEST_F(PgStoreTest, ANulInAnAgentNameIsRefusedNotTruncated)
{
    std::vector<store::Event> events = {withId(0), withId(1)};
    events[0].agent = std::string("doc\0evil", 8);
    auto report = store().ingest(events);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 1);
    EXPECT_EQ(report->firstProblems, std::vector<std::string>{"event 1: agent contains a NUL character"});
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events WHERE agent = 'doc'")[0][0].as<int>(), 0);
}

TEST_F(PgStoreTest, RetryingABatchStoresNothingTwice)
{
    std::vector<store::Event> events;
    for (int i = 0; i < 50; ++i)
        events.push_back(withId(i));
    events.push_back(withId(7)); // the same id twice in one batch
    auto first = store().ingest(events);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->accepted, 50);
    EXPECT_EQ(first->duplicates, 1);
    const auto rollupsBefore = store().rollups("doc-keeper");
    ASSERT_TRUE(rollupsBefore.ok());
    auto retry = store().ingest(events);
    ASSERT_TRUE(retry.ok()) << retry.error().message;
    EXPECT_EQ(retry->accepted, 0);
    EXPECT_EQ(retry->duplicates, 51);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 50);
    const auto rollupsAfter = store().rollups("doc-keeper");
    ASSERT_TRUE(rollupsAfter.ok());
    ASSERT_EQ(rollupsAfter->size(), rollupsBefore->size());
    for (std::size_t i = 0; i < rollupsAfter->size(); ++i)
        EXPECT_EQ((*rollupsAfter)[i].n, (*rollupsBefore)[i].n) << (*rollupsAfter)[i].metric;
    // The same id under another agent is another event; events without an id are never merged.
    std::vector<store::Event> more = {withId(1), good(1), good(1)};
    more[0].agent = "other-agent";
    auto third = store().ingest(more);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ(third->accepted, 3);
}

TEST_F(PgStoreTest, TheIngesterRoleCanLoadEventsIdempotently)
{
    store::PgStoreOptions ingester;
    ingester.role = "rampart_ingester";
    auto asIngester = openStore(database().url(), ingester);
    ASSERT_NE(asIngester, nullptr);
    const std::vector<store::Event> events = {withId(0), withId(1)};
    auto first = asIngester->ingest(events);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->accepted, 2);
    auto second = asIngester->ingest(events);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->duplicates, 2);
}

TEST_F(PgStoreTest, AFileWithABadRowAtLine55000IngestsTheRestAndARerunAddsNothing)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.csv"));
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("time,agent,cohort,unit_id,latency_ms,correct\n");
        for (int line = 2; line <= 60001; ++line) {
            const std::string at = line == 55000 ? "10000000000000" : std::to_string(1714564800 + line % 3600);
            const std::string row = at + ",doc-keeper," + (line % 2 ? "control" : "treatment") + ",u"
                                  + std::to_string(line) + "," + std::to_string(100 + line % 50) + ",true\n";
            f.write(row.data(), static_cast<qint64>(row.size()));
        }
    }
    auto first = store::ingestEventFiles(store(), {path});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->rows, 60000);
    EXPECT_EQ(first->accepted, 59999);
    EXPECT_EQ(first->skipped, 1);
    EXPECT_EQ(first->problems,
              std::vector<std::string>{"events.csv:55000: time \"10000000000000\" is outside 1970-01-01..9999-12-31"});
    auto rerun = store::ingestEventFiles(store(), {path});
    ASSERT_TRUE(rerun.ok()) << rerun.error().message;
    EXPECT_EQ(rerun->accepted, 0);
    EXPECT_EQ(rerun->duplicates, 59999);
    EXPECT_EQ(rerun->skipped, 1);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 59999);
    EXPECT_EQ(database().exec("SELECT sum(n) FROM rampart.rollups WHERE metric = 'latency_ms'")[0][0].as<int>(), 59999);
}

TEST_F(PgStoreTest, TwoConcurrentIngestsOfOneFileStoreEachEventOnce)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("both.csv"));
    {
        QFile f(path);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("time,agent,cohort,unit_id,latency_ms\n");
        for (int line = 2; line <= 20001; ++line)
            f.write(QByteArray::number(1714564800 + line % 600) + ",doc-keeper,control,u" + QByteArray::number(line) + ",100\n");
    }
    auto a = openStore(database().url());
    auto b = openStore(database().url());
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    store::EventFileOptions options;
    options.batchSize = 3000;
    std::optional<Result<store::EventFileReport>> ra, rb;
    std::thread first([&] { ra = store::ingestEventFiles(*a, {path}, options); });
    std::thread second([&] { rb = store::ingestEventFiles(*b, {path}, options); });
    first.join();
    second.join();
    ASSERT_TRUE(ra->ok()) << ra->error().message;
    ASSERT_TRUE(rb->ok()) << rb->error().message;
    EXPECT_EQ((*ra)->accepted + (*rb)->accepted, 20000);
    EXPECT_EQ((*ra)->duplicates + (*rb)->duplicates, 20000);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 20000);
    EXPECT_EQ(database().exec("SELECT sum(n) FROM rampart.rollups WHERE metric = 'latency_ms'")[0][0].as<int>(), 20000);
}
