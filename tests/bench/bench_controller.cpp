// The live controller's speed targets (docs/benchmarks.md):
//  - BM_AssembleEvaluatePostgres: EvidenceAssembler::assemble + GateEngine::evaluate from
//    PostgreSQL holding 14 days of per-minute rollups (target < 100 ms);
//  - BM_AssembleEvaluateSqlite: the same from a SQLite workspace (target < 50 ms);
//  - BM_RollbackWithEvaluationInFlight: RolloutController::rollback() → the flag written and
//    confirmed in Redis (the lane's flagChanged: CAS script, read-back, audit record fsync'd
//    to the outbox), and → the change published by Redis, while the worker is stuck in a
//    slow query (target p99 < 5 ms).
// Needs RAMPART_TEST_DATABASE_URL (a superuser) and RAMPART_TEST_REDIS_URL; a benchmark whose
// server is missing reports an error and is skipped.

#include "service/backends.h"
#include "service/evidenceassembler.h"
#include "service/rolloutcontroller.h"

#include "controllertestsupport.h"

#include "io/planjson.h"
#include "rollout/gateengine.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QThread>
#include <QTemporaryDir>
#include <QUrl>

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include "service/savedstate.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

using namespace rampart;
using namespace std::chrono_literals;

namespace {

constexpr int kDays = 14;
constexpr const char *kAgent = "documentation-keeper";
constexpr const char *kPgDatabase = "rampart_bench_controller_14d";

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string withDatabase(const std::string &server, const std::string &database)
{
    QUrl url(QString::fromStdString(server));
    url.setPath(QLatin1Char('/') + QString::fromStdString(database));
    return url.toString().toStdString();
}

rollout::Plan benchPlan()
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    return plan ? *plan : rollout::Plan{};
}

rollout::TimePoint endOfData()
{
    return rollout::TimePoint{rollout::Duration{1795000020 / 60 * 60}};
}

/// 14 days × 1440 minutes × 5 event metrics × 2 cohorts of rollups (all the metrics the
/// store derives from events), with latency histograms and satisfaction level counts.
std::vector<store::RollupRow> rollups()
{
    std::mt19937 random(3);
    std::uniform_int_distribution<int> jitter(0, 6);
    const auto bounds = store::latencyBucketBounds();
    std::vector<store::RollupRow> rows;
    const rollout::TimePoint start = endOfData() - std::chrono::hours(24 * kDays);
    for (int m = 0; m < kDays * 1440; ++m) {
        const rollout::TimePoint minute = start + std::chrono::minutes(m);
        for (const char *cohort : {"deterministic", "ml"}) {
            const std::int64_t n = (cohort[0] == 'm' ? 5 : 15) + jitter(random);
            for (const char *metric : store::metric::All) {
                store::RollupRow r{minute, kAgent, cohort, metric, n, 0.0, 0.0, 0, 0.0, 0.0, {}};
                const std::string name = metric;
                if (name == store::metric::Accuracy || name == store::metric::ErrorRate) {
                    r.successes = name == store::metric::Accuracy ? n * 8 / 10 : n / 50;
                    r.sum = static_cast<double>(r.successes);
                    r.sumOfSquares = r.sum;
                    r.max = 1.0;
                } else if (name == store::metric::Satisfaction) {
                    r.buckets = {n / 10, n / 10, n / 5, n / 4, n - n / 10 - n / 10 - n / 5 - n / 4};
                    for (std::size_t k = 0; k < 5; ++k) {
                        r.sum += static_cast<double>(r.buckets[k] * static_cast<std::int64_t>(k + 1));
                        r.sumOfSquares += static_cast<double>(r.buckets[k] * static_cast<std::int64_t>((k + 1) * (k + 1)));
                    }
                    r.min = 1.0;
                    r.max = 5.0;
                } else {
                    const double mean = name == store::metric::Latency ? 60.0 : 12.0;
                    r.sum = mean * static_cast<double>(n);
                    r.sumOfSquares = (mean * mean + 25.0) * static_cast<double>(n);
                    r.min = mean / 2;
                    r.max = mean * 2;
                    if (name == store::metric::Latency) {
                        r.buckets.assign(bounds.size(), 0);
                        r.buckets[std::min<std::size_t>(bounds.size() - 1, 6)] = n;
                    }
                }
                rows.push_back(std::move(r));
            }
        }
    }
    return rows;
}

rollout::RolloutState runningAtHalf()
{
    rollout::RolloutState s;
    s.status = rollout::RolloutStatus::Running;
    s.stage = 2;
    s.lastStableStage = 1;
    s.rolloutStartedAt = endOfData() - std::chrono::hours(24 * kDays);
    s.stageStartedAt = endOfData() - std::chrono::hours(72);
    return s;
}

/// The stage history of runningAtHalf(): 5% from the start, 25% after 4 days, 50% for the
/// last 72 h, so the assembler reads one stratum per split as well as the whole window.
void recordHistory(store::EvidenceStore &store)
{
    if (auto history = store.stageHistory(kAgent); !history || !history->empty())
        return;
    const rollout::TimePoint start = endOfData() - std::chrono::hours(24 * kDays);
    const std::vector<std::pair<rollout::TimePoint, std::pair<double, double>>> steps = {
        {start, {0.0, 5.0}},
        {start + std::chrono::hours(24 * 4), {5.0, 25.0}},
        {endOfData() - std::chrono::hours(72), {25.0, 50.0}}};
    for (const auto &[at, split] : steps) {
        rollout::TransitionEvent e;
        e.actor = "bench";
        e.at = at;
        e.fromStatus = split.first == 0.0 ? rollout::RolloutStatus::Pending : rollout::RolloutStatus::Running;
        e.toStatus = rollout::RolloutStatus::Running;
        e.fromPercentage = split.first;
        e.toPercentage = split.second;
        e.reason = "bench";
        (void)store.recordTransition(kAgent, e);
    }
}

void assembleAndEvaluate(benchmark::State &state, store::EvidenceStore &store, store::RolloutRecords &records)
{
    recordHistory(store);
    const rollout::Plan plan = benchPlan();
    auto flags = flags::makeMemoryFlagStore();
    (void)flags->write(plan.flag, {50.0, "half", "bench", "bench", std::nullopt});
    service::EvidenceAssembler assembler(plan, {&store, &records, flags.get(), nullptr});
    const rollout::RolloutState s = runningAtHalf();
    const rollout::TimePoint now = endOfData();
    for (auto _ : state) {
        const service::AssembledEvidence a = assembler.assemble(s, now);
        const rollout::Decision d = rollout::GateEngine::evaluate(plan, s, a.evidence, now);
        benchmark::DoNotOptimize(d);
        if (a.isMissing(service::part::Metrics)) {
            state.SkipWithError("the store did not answer");
            return;
        }
    }
    state.counters["rollup_rows"] = static_cast<double>(kDays * 1440 * 5 * 2);
}

void BM_AssembleEvaluatePostgres(benchmark::State &state)
{
    const std::string server = env("RAMPART_TEST_DATABASE_URL");
    if (server.empty()) {
        state.SkipWithError("RAMPART_TEST_DATABASE_URL is not set");
        return;
    }
    {
        pqxx::connection c(server);
        pqxx::nontransaction txn(c);
        if (txn.exec(std::string("SELECT 1 FROM pg_database WHERE datname = '") + kPgDatabase + "'").empty())
            txn.exec(std::string("CREATE DATABASE ") + kPgDatabase);
    }
    auto store = store::PgEvidenceStore::open(withDatabase(server, kPgDatabase), "");
    if (!store) {
        state.SkipWithError(store.error().message.c_str());
        return;
    }
    if ((*store)->rollups(kAgent)->empty())
        if (auto ok = (*store)->importRollups(rollups()); !ok) {
            state.SkipWithError(ok.error().message.c_str());
            return;
        }
    (*store)->setUseHourlyRollups(state.range(0) != 0);
    assembleAndEvaluate(state, **store, **store);
}
// Argument: 1 = whole hours from the hourly rollups (the default), 0 = every minute.
BENCHMARK(BM_AssembleEvaluatePostgres)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_AssembleEvaluateSqlite(benchmark::State &state)
{
    QTemporaryDir dir;
    auto store = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("bench.rampart")));
    if (!store || !(*store)->importRollups(rollups())) {
        state.SkipWithError("could not build the SQLite workspace");
        return;
    }
    (*store)->setUseHourlyRollups(state.range(0) != 0);
    assembleAndEvaluate(state, **store, **store);
}
BENCHMARK(BM_AssembleEvaluateSqlite)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->MinTime(2.0);

/// Resident set size of this process in KiB (/proc/self/status VmRSS).
long rssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

/// The console's controller path end to end: a RolloutController over a SQLite workspace
/// holding 14 days of rollups and the saved state of runningAtHalf(), an in-memory flag
/// store, a manual clock that moves 5 s per evaluation (the console's refresh), no
/// Prometheus. One iteration = evaluateNow() → the `evaluated` snapshot received on this
/// thread (assembly on the worker, the engine, the snapshot's evidence hash, the queued hop
/// back): the 14-day refresh. The counters give the RSS growth over an hour of them
/// (720 evaluations after a warm-up of 20), i.e. whether the loop leaks.
void BM_ControllerFourteenDayRefresh(benchmark::State &state)
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws.rampart"));
    const rollout::Plan plan = benchPlan();
    const rollout::RolloutState running = runningAtHalf();
    auto clock = std::make_shared<rollout::ManualClock>(endOfData());
    std::shared_ptr<flags::FlagStore> flagStore = flags::makeMemoryFlagStore(clock);
    {
        auto store = store::SqliteEvidenceStore::open(workspace);
        if (!store || !(*store)->importRollups(rollups())) {
            state.SkipWithError("could not build the SQLite workspace");
            return;
        }
        recordHistory(**store);
        auto flag = flagStore->write(plan.flag, {50.0, "half", "bench", "bench", std::nullopt});
        if (!flag || !service::saveState(**store, plan, running, flag->version, "bench", endOfData())) {
            state.SkipWithError("could not save the rollout state");
            return;
        }
    }
    service::ControllerConfig config;
    config.plan = plan;
    config.actor = "bench";
    config.interval = 0ms;
    config.outboxDirectory = dir.filePath(QStringLiteral("outbox"));
    config.clock = clock;
    config.makeBackends = [workspace, flagStore]() -> Result<service::ControllerBackends> {
        auto ws = store::SqliteEvidenceStore::open(workspace);
        if (!ws)
            return ws.error();
        service::ControllerBackends b;
        b.store = std::move(ws).value();
        b.flags = flagStore;
        return b;
    };
    service::RolloutController controller(std::move(config));
    std::atomic<int> evaluations{0};
    std::atomic<bool> decided{true};
    QObject::connect(&controller, &service::RolloutController::evaluated, &controller,
                     [&](service::EvaluationPtr snapshot) {
                         decided = decided.load() && snapshot->decision.has_value()
                                && !snapshot->evidence.isMissing(service::part::Metrics);
                         ++evaluations;
                     });
    controller.start();
    const auto refresh = [&] {
        const int before = evaluations.load();
        controller.evaluateNow();
        return service::testing::waitUntil([&] { return evaluations.load() > before; }, 10s);
    };
    for (int i = 0; i < 20; ++i) { // warm-up: caches, the first plan solve, SQLite's page cache
        clock->advance(5s);
        if (!refresh()) {
            state.SkipWithError("no evaluation within 10 s");
            controller.stop();
            return;
        }
    }
    const long rssBefore = rssKiB();
    std::int64_t done = 0;
    for (auto _ : state) {
        clock->advance(5s);
        if (!refresh()) {
            state.SkipWithError("no evaluation within 10 s");
            break;
        }
        ++done;
    }
    const long rssAfter = rssKiB();
    controller.stop();
    if (!decided.load())
        state.SkipWithError("an evaluation had no decision or no metrics");
    state.counters["evaluations"] = static_cast<double>(done);
    state.counters["rss_before_kib"] = static_cast<double>(rssBefore);
    state.counters["rss_growth_kib"] = static_cast<double>(rssAfter - rssBefore);
}
// An hour of refreshes every 5 s.
BENCHMARK(BM_ControllerFourteenDayRefresh)->Unit(benchmark::kMillisecond)->Iterations(720);

/// Rollback latencies while the worker is stuck in a slow store query. Each iteration holds
/// a fresh evaluation in the query, times the rollback, then lets the worker finish (record
/// the transition, flush the outbox), as it would in service.
void BM_RollbackWithEvaluationInFlight(benchmark::State &state)
{
    const std::string redis = env("RAMPART_TEST_REDIS_URL");
    if (redis.empty()) {
        state.SkipWithError("RAMPART_TEST_REDIS_URL is needed");
        return;
    }
    io::Connections connections;
    connections.redisUrl = QString::fromStdString(redis);
    connections.redisPassword = QString::fromStdString(env("RAMPART_TEST_REDIS_PASSWORD"));
    QTemporaryDir dir;
    connections.outboxDirectory = dir.path();
    rollout::Plan plan = benchPlan();
    plan.flag = "bench-controller-rollback-" + std::to_string(::getpid());
    service::testing::Gate gate;
    service::ControllerConfig config = service::controllerConfig(plan, connections, {}, "bench", 0ms);
    const QString workspace = dir.filePath(QStringLiteral("ws.rampart"));
    auto flagsFor = config.makeRollbackFlagStore;
    config.makeBackends = [workspace, flagsFor, &gate]() -> Result<service::ControllerBackends> {
        auto ws = store::SqliteEvidenceStore::open(workspace);
        if (!ws)
            return ws.error();
        auto f = flagsFor();
        if (!f)
            return f.error();
        service::ControllerBackends b;
        b.store = std::make_unique<service::testing::GatedStore>(std::move(ws).value(), gate);
        b.flags = *f;
        return b;
    };
    service::RolloutController controller(std::move(config));
    // Both observers run on the thread that emits (no event-loop delay in the figures): the
    // lane after the write is confirmed by read-back and its audit record is in the outbox;
    // the subscriber as soon as Redis publishes the change (the moment it is in Redis).
    std::atomic<std::int64_t> laneVersion{0}, laneAtNs{0}, publishedVersion{0}, publishedAtNs{0};
    QObject::connect(&controller, &service::RolloutController::flagChanged, &controller,
                     [&](flags::FlagState f) {
                         const std::int64_t t = std::chrono::steady_clock::now().time_since_epoch().count();
                         if (QThread::currentThread()->objectName() == QLatin1String("rampart-rollback")) {
                             laneAtNs = t;
                             laneVersion = f.version;
                         } else if (f.version > publishedVersion.load()) {
                             publishedAtNs = t;
                             publishedVersion = f.version;
                         }
                     },
                     Qt::DirectConnection);
    std::atomic<int> evaluations{0};
    QObject::connect(&controller, &service::RolloutController::evaluated, &controller,
                     [&](service::EvaluationPtr) { ++evaluations; }, Qt::DirectConnection);
    controller.start();
    controller.startRollout("bench");
    service::testing::waitUntil([] { return false; }, 500ms); // started, subscribed
    std::vector<double> confirmed, published;
    for (auto _ : state) {
        state.PauseTiming();
        const int before = evaluations.load();
        gate.arm();
        controller.evaluateNow();
        if (!service::testing::waitUntil([&] { return gate.waiting(); }, 5s)) {
            state.SkipWithError("the evaluation never reached the store");
            break;
        }
        const std::int64_t lastLane = laneVersion.load();
        const std::int64_t lastPublished = publishedVersion.load();
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        controller.rollback("bench", "benchmark rollback");
        while (laneVersion.load() == lastLane)
            std::this_thread::yield();
        const bool stillStuck = gate.waiting();
        const auto at = [](std::int64_t ns) { return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ns)); };
        const double us = std::chrono::duration<double, std::micro>(at(laneAtNs.load()) - start).count();
        state.SetIterationTime(us / 1e6);
        state.PauseTiming();
        confirmed.push_back(us);
        service::testing::waitUntil([&] { return publishedVersion.load() != lastPublished; }, 2s);
        published.push_back(std::chrono::duration<double, std::micro>(at(publishedAtNs.load()) - start).count());
        if (!stillStuck) {
            state.SkipWithError("the evaluation was no longer in flight during the rollback");
            break;
        }
        gate.release();
        service::testing::waitUntil([&] { return evaluations.load() > before; }, 5s);
        service::testing::waitUntil([] { return false; }, 5ms); // the worker records and flushes
        state.ResumeTiming();
    }
    gate.release();
    controller.stop();
    const auto pct = [](std::vector<double> v, double q) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    state.counters["confirmed_p50_us"] = pct(confirmed, 0.50);
    state.counters["confirmed_p99_us"] = pct(confirmed, 0.99);
    state.counters["published_p50_us"] = pct(published, 0.50);
    state.counters["published_p99_us"] = pct(published, 0.99);
}
BENCHMARK(BM_RollbackWithEvaluationInFlight)->UseManualTime()->Unit(benchmark::kMicrosecond)->Iterations(300);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
