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

#include <algorithm>
#include <cstdlib>
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

void assembleAndEvaluate(benchmark::State &state, store::EvidenceStore &store, store::RolloutRecords &records)
{
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
    assembleAndEvaluate(state, **store, **store);
}
BENCHMARK(BM_AssembleEvaluatePostgres)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_AssembleEvaluateSqlite(benchmark::State &state)
{
    QTemporaryDir dir;
    auto store = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("bench.rampart")));
    if (!store || !(*store)->importRollups(rollups())) {
        state.SkipWithError("could not build the SQLite workspace");
        return;
    }
    assembleAndEvaluate(state, **store, **store);
}
BENCHMARK(BM_AssembleEvaluateSqlite)->Unit(benchmark::kMillisecond)->MinTime(2.0);

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
