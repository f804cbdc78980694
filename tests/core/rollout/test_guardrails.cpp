// Tests for core/rollout/guardrails.cpp: guardrails as always-valid tests, with missing,
// too small and degenerate data held (issue 7, causes 1 and 2).

#include "decisionhelpers.h"
#include "rolloutfixture.h"

#include "rollout/gateengine.h"

#include <gtest/gtest.h>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

class GuardrailTest : public ::testing::Test
{
protected:
    Plan plan = documentationKeeperPlan();
    TimePoint now = t0();

    Decision atCanary(const Evidence &e) { return GateEngine::evaluate(plan, runningAt(0, now, 30h), e, now); }
    Decision at25(const Evidence &e) { return GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now); }
};

} // namespace

// Issue 7, cause 1: control 4/462, ML 1/19 gave p = 0.032 by the pooled z-test and rolled back.
TEST_F(GuardrailTest, ErrorRateOneOfNineteenIsNotARollback)
{
    Evidence e = healthyEvidence(now, 5.0, 19);
    e.controlUnits = 462;
    e.metrics[4] = {"error_rate", cohort(binary(462, 4)), cohort(binary(19, 1))};
    const Decision held = atCanary(e);
    EXPECT_NE(held.action, Action::Rollback) << describeReasons(held);
    EXPECT_NE(findReason(held, reason::GuardrailSampleTooSmall), nullptr) << describeReasons(held);

    plan.minimumGuardrailSamples = 0; // even judged at once, the exact test sees no evidence
    const Decision judged = atCanary(e);
    EXPECT_EQ(findReason(judged, reason::GuardrailDegraded), nullptr) << describeReasons(judged);
}

TEST_F(GuardrailTest, ErrorRateClearlyWorseRollsBack)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[4] = {"error_rate", cohort(binary(3600, 36)), cohort(binary(1200, 60))}; // 5% vs 1%
    const Decision d = at25(e);
    EXPECT_EQ(d.action, Action::Rollback) << describeReasons(d);
    const Reason *r = findReason(d, reason::GuardrailDegraded);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->gate, "metric:error_rate");
    // The family's 0.05 is shared by three tests: latency mean, latency P95, error rate.
    ASSERT_NE(findArg(r->args, "alpha"), nullptr);
    EXPECT_NEAR(*findArg(r->args, "alpha")->number, 0.05 / 3.0, 1e-15);
}

// Issue 7, cause 2: a guardrail never passes without evidence.
TEST_F(GuardrailTest, MissingLatencyHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics.erase(e.metrics.begin() + 3);
    const Decision d = at25(e);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_NE(findReason(d, reason::GuardrailMissing), nullptr) << describeReasons(d);
    EXPECT_EQ(findGate(d, "metric:latency_ms")->status, GateStatus::Pending);
    EXPECT_EQ(findGate(d, "metric:latency_ms")->code, reason::GuardrailMissing);
}

TEST_F(GuardrailTest, BothStandardDeviationsZeroHold)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[3] = {"latency_ms", latency(3600, 62.0, 0.0), latency(1200, 63.0, 0.0)};
    const Decision d = at25(e);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_NE(findReason(d, reason::GuardrailDegenerate), nullptr) << describeReasons(d);
}

TEST_F(GuardrailTest, OneMlUnitAt950MsHolds)
{
    Evidence e = healthyEvidence(now, 5.0, 1);
    e.controlUnits = 19;
    e.metrics[3] = {"latency_ms", latency(19, 62.0, 18.0), latency(1, 950.0, 0.0)};
    const Decision d = atCanary(e);
    EXPECT_EQ(d.action, Action::Hold) << describeReasons(d);
    const Reason *r = findReason(d, reason::GuardrailSampleTooSmall);
    ASSERT_NE(r, nullptr) << describeReasons(d);
    EXPECT_EQ(*findArg(r->args, "observed")->number, 1.0);
    EXPECT_EQ(findArg(r->args, "observed")->unit, "units");
}

TEST_F(GuardrailTest, MissingP95Holds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[3].treatment.p95.reset();
    const Decision d = at25(e);
    EXPECT_NE(findReason(d, reason::GuardrailMissing), nullptr) << describeReasons(d);
}

TEST_F(GuardrailTest, P95DegradationBeyondTheMarginRollsBackWhenTheMeanDoesNot)
{
    Evidence e = healthyEvidence(now, 25.0);
    CohortMetric slowTail = latency(1200, 62.5, 18.0);
    slowTail.p95 = 140.0; // +50% at the tail, mean unchanged
    e.metrics[3].treatment = slowTail;
    const Decision d = at25(e);
    EXPECT_EQ(d.action, Action::Rollback) << describeReasons(d);
    const Reason *r = findReason(d, reason::GuardrailDegraded);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(findArg(r->args, "statistic")->text, "p95");
}

TEST_F(GuardrailTest, HealthyGuardrailsPassAndShowNonInferiority)
{
    const Decision d = at25(healthyEvidence(now, 25.0));
    EXPECT_EQ(findGate(d, "metric:latency_ms")->status, GateStatus::Pass);
    EXPECT_EQ(findGate(d, "metric:latency_ms")->code, rowcode::Pass);
    bool shown = false;
    for (const MetricAnalysis &a : d.metrics)
        if (a.metric == "latency_ms" && a.statistic == "mean")
            shown = a.nonInferiorityP && *a.nonInferiorityP < 0.05 / 3.0;
    EXPECT_TRUE(shown);
}
