// Flag store latency: one compare-and-set write (EVALSHA + HGETALL read-back) and one read,
// against the Redis in RAMPART_TEST_REDIS_URL (password: RAMPART_TEST_REDIS_PASSWORD).
// Reports p50/p99 per call in microseconds as counters. Target: p99 < 2 ms on loopback.
// Reference: tests/bench/flag_reference.sh does the same with redis-cli.

#include "flags/redisflagstore.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unistd.h>
#include <vector>

using namespace rampart::flags;

namespace {

std::unique_ptr<RedisFlagStore> openStore(benchmark::State &state)
{
    const char *url = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!url || !*url) {
        state.SkipWithError("RAMPART_TEST_REDIS_URL is not set (scripts/bench or scripts/test start a Redis)");
        return nullptr;
    }
    RedisFlagStoreOptions options;
    options.url = url;
    const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
    options.password = password ? password : "";
    auto store = RedisFlagStore::create(options);
    if (!store) {
        state.SkipWithError(store.error().message.c_str());
        return nullptr;
    }
    if (auto ping = store.value()->ping(); !ping) {
        state.SkipWithError(ping.error().message.c_str());
        return nullptr;
    }
    return std::move(store).value();
}

std::string benchFlag()
{
    return "bench-flag-" + std::to_string(::getpid());
}

double percentileMicros(std::vector<double> &samples, double q)
{
    if (samples.empty())
        return 0.0;
    const auto k = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
    std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k), samples.end());
    return samples[k];
}

void reportPercentiles(benchmark::State &state, std::vector<double> &samples)
{
    state.counters["p50_us"] = percentileMicros(samples, 0.50);
    state.counters["p99_us"] = percentileMicros(samples, 0.99);
    state.counters["max_us"] = samples.empty() ? 0.0 : *std::max_element(samples.begin(), samples.end());
}

template <typename Call>
void timeEachIteration(benchmark::State &state, Call &&call)
{
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(state.max_iterations));
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const bool ok = call();
        samples.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
        if (!ok) {
            state.SkipWithError("a flag call failed");
            break;
        }
    }
    reportPercentiles(state, samples);
}

/// The rollout step: compare-and-set against the version just written, then read back.
void BM_FlagWriteWithReadBack(benchmark::State &state)
{
    auto store = openStore(state);
    if (!store)
        return;
    const std::string flag = benchFlag();
    auto seed = store->write(flag, FlagWrite{0, "bench", "bench", "seed", std::nullopt});
    if (!seed) {
        state.SkipWithError(seed.error().message.c_str());
        return;
    }
    std::int64_t version = seed->version;
    double percentage = 0;
    timeEachIteration(state, [&] {
        percentage = percentage >= 100 ? 0 : percentage + 5;
        auto r = store->write(flag, FlagWrite{percentage, "bench", "bench", "benchmark write", version});
        if (r)
            version = r->version;
        return r.ok();
    });
}
BENCHMARK(BM_FlagWriteWithReadBack)->Iterations(5000)->Unit(benchmark::kMicrosecond);

/// What the console's poller does every refresh.
void BM_FlagRead(benchmark::State &state)
{
    auto store = openStore(state);
    if (!store)
        return;
    const std::string flag = benchFlag();
    if (!store->write(flag, FlagWrite{25, "bench", "bench", "seed", std::nullopt})) {
        state.SkipWithError("seeding the flag failed");
        return;
    }
    timeEachIteration(state, [&] { return store->read(flag).ok(); });
}
BENCHMARK(BM_FlagRead)->Iterations(5000)->Unit(benchmark::kMicrosecond);

/// The serving side's per-request cost.
void BM_BucketOf(benchmark::State &state)
{
    std::uint64_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(bucketOf(std::to_string(i++), "checkout-ranker"));
}
BENCHMARK(BM_BucketOf);

} // namespace
