// GateEngine::evaluate for the documentation-keeper plan with six metrics (target < 50 µs).

#include "../core/rollout/rolloutfixture.h"

#include "rollout/gateengine.h"

#include <benchmark/benchmark.h>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

Plan sixMetricPlan()
{
    Plan plan = documentationKeeperPlan();
    plan.metrics.push_back({"escalation_rate", "Escalations", MetricKind::Binary, Direction::LowerIsBetter,
                            MetricRole::Guardrail, 0.0, 0.0, MetricTest::Auto, 0});
    return plan;
}

Evidence sixMetricEvidence(TimePoint now)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics.push_back({"escalation_rate", cohort(binary(3600, 180)), cohort(binary(1200, 55))});
    e.signOffs = {approval("ewa", 25.0, now - std::chrono::hours(1))};
    return e;
}

// The common case: the watchdog re-evaluating a stage whose look is already taken.
void BM_EvaluateSixMetrics(benchmark::State &state)
{
    const Plan plan = sixMetricPlan();
    const TimePoint now = t0();
    RolloutState rollout = runningAt(1, now, std::chrono::hours(50));
    rollout.looks = {{1.0, 1.959963985, 0.025}};
    rollout.efficacyLook = 1;
    const Evidence evidence = sixMetricEvidence(now);
    for (auto _ : state) {
        Decision d = GateEngine::evaluate(plan, rollout, evidence, now);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_EvaluateSixMetrics);

// An evaluation that takes a sequential look (boundaries come from the per-thread cache
// after the first call; the uncached integration is BM_BoundariesK5* in rampart_bench_stats).
void BM_EvaluateSixMetricsTakingALook(benchmark::State &state)
{
    const Plan plan = sixMetricPlan();
    const TimePoint now = t0();
    const RolloutState rollout = runningAt(1, now, std::chrono::hours(50));
    const Evidence evidence = sixMetricEvidence(now);
    for (auto _ : state) {
        Decision d = GateEngine::evaluate(plan, rollout, evidence, now);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_EvaluateSixMetricsTakingALook);

// The realistic case: evidence in two stage strata (5% and 25%), every guardrail tested by
// its always-valid test (the rare-event one integrates numerically), a look taken.
void BM_EvaluateSixMetricsStratified(benchmark::State &state)
{
    const Plan plan = sixMetricPlan();
    const TimePoint now = t0();
    const RolloutState rollout = runningAt(1, now, std::chrono::hours(50));
    Evidence evidence = sixMetricEvidence(now);
    const Evidence canary = healthyEvidence(now, 5.0, 150);
    StageEvidence first{5.0, canary.metrics};
    first.metrics.push_back({"escalation_rate", cohort(binary(2850, 140)), cohort(binary(150, 8))});
    evidence.stages = {first, StageEvidence{25.0, evidence.metrics}};
    for (auto _ : state) {
        Decision d = GateEngine::evaluate(plan, rollout, evidence, now);
        benchmark::DoNotOptimize(d);
    }
}
BENCHMARK(BM_EvaluateSixMetricsStratified);

} // namespace
