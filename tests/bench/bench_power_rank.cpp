// Benchmarks for core/stats/power.h, srm.h, multipletesting.h and mannwhitney.h.
// Inputs follow tests/bench/reference_timings.py where C++ can reproduce them.
#include "stats/mannwhitney.h"
#include "stats/multipletesting.h"
#include "stats/power.h"
#include "stats/srm.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

using namespace rampart::stats;

namespace {

PowerDesign tDesign(double effect, double ratio)
{
    PowerDesign d;
    d.test = PowerTest::TwoSampleT;
    d.effectSize = effect;
    d.alpha = 0.05;
    d.ratio = ratio;
    return d;
}

void BM_SampleSizeTTest(benchmark::State &state)
{
    const PowerDesign design = tDesign(0.1, 1.0);
    for (auto _ : state) {
        auto r = solveNobs1(design, 0.8);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_SampleSizeTTest);

void BM_SampleSizeTTestRatio3(benchmark::State &state)
{
    const PowerDesign design = tDesign(0.1, 3.0);
    for (auto _ : state) {
        auto r = solveNobs1(design, 0.8);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_SampleSizeTTestRatio3);

void BM_SampleSizeProportions(benchmark::State &state)
{
    PowerDesign design = tDesign(cohensH(0.12, 0.10).value(), 1.0);
    design.test = PowerTest::TwoProportions;
    for (auto _ : state) {
        auto r = solveNobs1(design, 0.8);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_SampleSizeProportions);

void BM_PowerTTest(benchmark::State &state)
{
    const PowerDesign design = tDesign(0.1, 1.0);
    for (auto _ : state) {
        auto r = power(design, 1571.0);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_PowerTTest);

void BM_SrmTwoCohorts(benchmark::State &state)
{
    const std::vector<std::int64_t> observed{25400, 74600};
    const std::vector<double> fractions{0.25, 0.75};
    for (auto _ : state) {
        auto r = sampleRatioMismatch(observed, fractions);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_SrmTwoCohorts);

const std::vector<double> kFivePValues{0.01, 0.04, 0.03, 0.2, 0.001};

void BM_AdjustHolm5(benchmark::State &state)
{
    for (auto _ : state) {
        auto r = adjustPValues(kFivePValues, AdjustMethod::Holm);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_AdjustHolm5);

void BM_AdjustBH5(benchmark::State &state)
{
    for (auto _ : state) {
        auto r = adjustPValues(kFivePValues, AdjustMethod::BenjaminiHochberg);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_AdjustBH5);

// Deterministic samples with ties on a 0.1 grid (the unit test's LARGE_A/B); the Python
// reference draws 200 normals per side instead, which costs the same to rank.
std::vector<double> gridSample(int multiplier, double offset)
{
    std::vector<double> v;
    for (int i = 0; i < 200; ++i)
        v.push_back(static_cast<double>(i * multiplier % 200) / 10.0 + offset);
    return v;
}

void BM_MannWhitneyAsymptotic200(benchmark::State &state)
{
    const auto a = gridSample(37, 0.0);
    const auto b = gridSample(53, 6.0);
    for (auto _ : state) {
        auto r = mannWhitneyU(a, b, MannWhitneyMethod::Asymptotic);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_MannWhitneyAsymptotic200);

void BM_MannWhitneyExact8(benchmark::State &state)
{
    const std::vector<double> a{1.1, 2.4, 3.3, 4.8, 5.2, 6.9, 7.7, 8.1};
    const std::vector<double> b{0.5, 1.9, 2.2, 3.9, 4.1, 5.5, 6.3, 9.4};
    for (auto _ : state) {
        auto r = mannWhitneyU(a, b, MannWhitneyMethod::Exact);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_MannWhitneyExact8);

} // namespace
