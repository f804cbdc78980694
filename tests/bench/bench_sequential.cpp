// Benchmarks for core/stats/sequential.h — target: K = 5 boundaries in < 5 ms.
#include "stats/gsdesign.h"
#include "stats/sequential.h"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using rampart::stats::SpendingFunction;

void runBoundaries(benchmark::State &state, const std::vector<double> &fractions, double alpha,
                   SpendingFunction spending, int sides)
{
    for (auto _ : state) {
        auto result = rampart::stats::groupSequentialBoundaries(fractions, alpha, spending, sides);
        benchmark::DoNotOptimize(result);
    }
}

const std::vector<double> EqualK5{0.2, 0.4, 0.6, 0.8, 1.0};

void BM_BoundariesK5OBF(benchmark::State &state)
{
    runBoundaries(state, EqualK5, 0.025, SpendingFunction::OBrienFleming, 1);
}
BENCHMARK(BM_BoundariesK5OBF)->Unit(benchmark::kMillisecond);

void BM_BoundariesK5Pocock(benchmark::State &state)
{
    runBoundaries(state, EqualK5, 0.025, SpendingFunction::Pocock, 1);
}
BENCHMARK(BM_BoundariesK5Pocock)->Unit(benchmark::kMillisecond);

void BM_BoundariesRolloutFractions(benchmark::State &state)
{
    // The staged rollout 5% → 25% → 50% → 75% → 100%, two-sided.
    runBoundaries(state, {0.05, 0.25, 0.5, 0.75, 1.0}, 0.05, SpendingFunction::OBrienFleming, 2);
}
BENCHMARK(BM_BoundariesRolloutFractions)->Unit(benchmark::kMillisecond);

} // namespace

// The shipped plan's design constant (issue 16): 4 O'Brien–Fleming-type looks, one-sided
// α = 0.025, marginal power √0.8. Uncached: what a process pays once for its plan.
void BM_InformationInflationShippedPlan(benchmark::State &state)
{
    for (auto _ : state) {
        auto r = rampart::stats::informationInflation(4, 0.025, 0.8944271909999159, SpendingFunction::OBrienFleming);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_InformationInflationShippedPlan)->Unit(benchmark::kMillisecond);
