// Benchmarks for core/stats/ttest.h and core/stats/contingency.h.
#include "stats/contingency.h"
#include "stats/ttest.h"

#include <benchmark/benchmark.h>

using namespace rampart::stats;

namespace {

const SampleSummary kControl{48213, 10.21, 3.37};
const SampleSummary kTreatment{47988, 10.34, 3.52};

void BM_WelchTFromSummaries(benchmark::State &state)
{
    for (auto _ : state) {
        auto r = tTest(kTreatment, kControl, TTestKind::Welch);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_WelchTFromSummaries);

void BM_StudentTFromSummaries(benchmark::State &state)
{
    for (auto _ : state) {
        auto r = tTest(kTreatment, kControl, TTestKind::Student);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_StudentTFromSummaries);

void BM_ChiSquare2x2(benchmark::State &state)
{
    const CountTable table{{1245, 48755}, {1321, 48679}};
    for (auto _ : state) {
        auto r = chiSquareIndependence(table, true);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_ChiSquare2x2);

void BM_ChiSquare3x4(benchmark::State &state)
{
    const CountTable table{{120, 95, 130, 112}, {118, 125, 122, 116}, {130, 112, 114, 125}};
    for (auto _ : state) {
        auto r = chiSquareIndependence(table, true);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_ChiSquare3x4);

void BM_Fisher2x2Hundreds(benchmark::State &state)
{
    const std::array<std::array<std::int64_t, 2>, 2> table{{{120, 180}, {150, 160}}};
    for (auto _ : state) {
        auto r = fisherExact(table);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_Fisher2x2Hundreds);

void BM_TwoProportionZNewcombe(benchmark::State &state)
{
    const ProportionSample control{1245, 50000};
    const ProportionSample treatment{1321, 50000};
    for (auto _ : state) {
        auto r = twoProportionZTest(treatment, control);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_TwoProportionZNewcombe);

} // namespace
