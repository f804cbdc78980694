// The PostgreSQL evidence store at scale (needs RAMPART_TEST_DATABASE_URL, a superuser):
//  - BM_IngestCopy: events/s through PgEvidenceStore::ingest (COPY → staging → events, units,
//    rollups), 100,000 events a batch (target ≥ 100,000 events/s);
//  - BM_Summaries10M: summaries() for a window over 10 million events (target < 200 ms);
//  - BM_RawEventsQuery: what a user would otherwise run — one aggregate over the raw events
//    (the psql side is tests/bench/store_reference.sh).
// The 10M-event database, rampart_bench_store_10m, is generated in SQL on first use (about a
// minute) and kept for later runs; drop it with store_reference.sh --clean.

#include "store/eventfile.h"
#include "store/pgevidencestore.h"

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include <QUrl>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <unistd.h>

using namespace rampart;

namespace {

constexpr const char *kTenMillionDb = "rampart_bench_store_10m";
constexpr std::int64_t kTenMillion = 10'000'000;
constexpr std::int64_t kWindowStart = 1714521600; // 2024-05-01T00:00:00Z
constexpr std::int64_t kWindowSeconds = 7 * 24 * 3600;

std::string serverUrl()
{
    const char *url = std::getenv("RAMPART_TEST_DATABASE_URL");
    return url ? std::string(url) : std::string();
}

std::string databaseUrl(const std::string &database)
{
    QUrl url(QString::fromStdString(serverUrl()));
    url.setPath(QLatin1Char('/') + QString::fromStdString(database));
    return url.toString().toStdString();
}

void admin(const std::string &sql)
{
    pqxx::connection c(serverUrl());
    pqxx::nontransaction txn(c);
    txn.exec(sql);
}

bool databaseExists(const std::string &name)
{
    pqxx::connection c(serverUrl());
    pqxx::nontransaction txn(c);
    return !txn.exec("SELECT 1 FROM pg_database WHERE datname = " + txn.quote(name)).empty();
}

std::vector<store::Event> batch(std::int64_t first, int count, bool withIds = true)
{
    std::mt19937_64 random(static_cast<std::uint64_t>(first));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<store::Event> events(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        store::Event &e = events[static_cast<std::size_t>(i)];
        e.at = rollout::TimePoint{rollout::Duration{kWindowStart + (first + i) / 20}};
        e.agent = "bench-agent";
        e.cohort = uniform(random) < 0.3 ? "treatment" : "control";
        e.unitId = "u" + std::to_string(first + i);
        e.latencyMs = 50.0 + 400.0 * uniform(random);
        e.correct = uniform(random) < 0.8;
        e.satisfaction = 1 + static_cast<int>(uniform(random) * 5);
        e.handlingTimeMin = 2.0 + 10.0 * uniform(random);
        e.error = uniform(random) < 0.02;
        if (withIds) // as from line first + i + 2 of a file
            e.eventId = store::derivedEventId(first + i + 2, e);
    }
    return events;
}

void BM_IngestCopy(benchmark::State &state)
{
    if (serverUrl().empty()) {
        state.SkipWithError("RAMPART_TEST_DATABASE_URL is not set");
        return;
    }
    const std::string name = "rampart_bench_ingest_" + std::to_string(::getpid());
    admin("CREATE DATABASE " + name);
    {
        auto opened = store::PgEvidenceStore::open(databaseUrl(name), "");
        if (!opened) {
            state.SkipWithError(opened.error().message.c_str());
        } else {
            const int size = static_cast<int>(state.range(0));
            std::int64_t next = 0;
            for (auto _ : state) {
                state.PauseTiming();
                const auto events = batch(next, size, state.range(1) != 0);
                next += size;
                state.ResumeTiming();
                auto report = (*opened)->ingest(events);
                if (!report || report->accepted != size) {
                    state.SkipWithError(report ? "rows were skipped" : report.error().message.c_str());
                    break;
                }
            }
            state.SetItemsProcessed(state.iterations() * size);
        }
    }
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}
// Second argument: 1 = every event has an id (as every file ingest does: the unique
// (agent, event_id) index and ON CONFLICT DO NOTHING), 0 = no ids.
BENCHMARK(BM_IngestCopy)->Args({100000, 1})->Args({100000, 0})->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

// 10M events over one week (~1,000 a minute), straight into rampart.events in SQL, then the
// rollups rebuilt from them by the store's own aggregation.
const char *const kGenerate = R"sql(
INSERT INTO rampart.events (at, agent, cohort, unit_id, latency_ms, correct, satisfaction, handling_time_min, error)
SELECT to_timestamp(1714521600 + (i * 604800) / 10000000),
       'bench-agent',
       CASE WHEN random() < 0.3 THEN 'treatment' ELSE 'control' END,
       'u' || i,
       50 + 400 * random(),
       random() < 0.8,
       1 + floor(random() * 5)::int,
       2 + 10 * random(),
       random() < 0.02
FROM generate_series(0::bigint, 9999999) AS i)sql";

std::unique_ptr<store::PgEvidenceStore> generateTenMillion(std::string &error)
{
    const bool fresh = !databaseExists(kTenMillionDb);
    if (fresh)
        admin(std::string("CREATE DATABASE ") + kTenMillionDb);
    auto opened = store::PgEvidenceStore::open(databaseUrl(kTenMillionDb), "");
    if (!opened) {
        error = opened.error().message;
        return nullptr;
    }
    pqxx::connection c(databaseUrl(kTenMillionDb));
    pqxx::work txn(c);
    if (txn.exec("SELECT count(*) FROM rampart.events")[0][0].as<std::int64_t>() != kTenMillion) {
        txn.exec("TRUNCATE rampart.events, rampart.rollups");
        txn.exec(kGenerate);
        txn.commit();
        if (auto rebuilt = (*opened)->rebuildRollups("bench-agent"); !rebuilt) {
            error = rebuilt.error().message;
            return nullptr;
        }
        pqxx::nontransaction analyze(c);
        analyze.exec("VACUUM ANALYZE rampart.events");
        analyze.exec("VACUUM ANALYZE rampart.rollups");
    }
    return std::move(opened).value();
}

std::unique_ptr<store::PgEvidenceStore> tenMillionStore(std::string &error)
{
    try {
        return generateTenMillion(error);
    } catch (const std::exception &e) {
        error = e.what();
        return nullptr;
    }
}

void BM_Summaries10M(benchmark::State &state)
{
    if (serverUrl().empty()) {
        state.SkipWithError("RAMPART_TEST_DATABASE_URL is not set");
        return;
    }
    std::string error;
    auto store = tenMillionStore(error);
    if (!store) {
        state.SkipWithError(error.c_str());
        return;
    }
    const rollout::TimePoint from{rollout::Duration{kWindowStart}};
    const rollout::TimePoint to{rollout::Duration{kWindowStart + kWindowSeconds}};
    std::int64_t events = 0;
    for (auto _ : state) {
        auto summaries = store->summaries("bench-agent", "control", "treatment", from, to);
        if (!summaries || summaries->empty()) {
            state.SkipWithError(summaries ? "no summaries" : summaries.error().message.c_str());
            break;
        }
        const auto &errors = summaries->back(); // error_rate counts every event
        events = errors.control.summary.count() + errors.treatment.summary.count();
        benchmark::DoNotOptimize(summaries);
    }
    state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_Summaries10M)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// The raw-events aggregate a user would otherwise run in psql (store_reference.sh runs the
// same text through psql).
const char *const kRawQuery = R"sql(
SELECT cohort, count(*), avg(latency_ms), stddev_samp(latency_ms), min(latency_ms), max(latency_ms),
       avg(correct::int), avg(satisfaction), stddev_samp(satisfaction), avg(handling_time_min),
       stddev_samp(handling_time_min), avg(error::int),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
FROM rampart.events
WHERE agent = 'bench-agent' AND at >= '2024-05-01T00:00:00Z' AND at < '2024-05-08T00:00:00Z'
  AND cohort IN ('control', 'treatment')
GROUP BY cohort)sql";

void BM_RawEventsQuery(benchmark::State &state)
{
    if (serverUrl().empty()) {
        state.SkipWithError("RAMPART_TEST_DATABASE_URL is not set");
        return;
    }
    std::string error;
    if (!tenMillionStore(error)) {
        state.SkipWithError(error.c_str());
        return;
    }
    pqxx::connection c(databaseUrl(kTenMillionDb));
    for (auto _ : state) {
        pqxx::read_transaction txn(c);
        benchmark::DoNotOptimize(txn.exec(kRawQuery));
    }
}
BENCHMARK(BM_RawEventsQuery)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

} // namespace
