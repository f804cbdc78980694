// Tests for core/rollout/businessgates.cpp: business gates with their interval and minimum
// sample, and satisfaction by Mann–Whitney on level counts (issue 7, cause 8).

#include "decisionhelpers.h"
#include "rolloutfixture.h"

#include "rollout/gateengine.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

class BusinessGateTest : public ::testing::Test
{
protected:
    Plan plan = documentationKeeperPlan();
    TimePoint now = t0();

    Decision at50(const Evidence &e) { return GateEngine::evaluate(plan, runningAt(2, now, 50h), e, now); }
    Evidence evidence50(std::int64_t treatment = 4000)
    {
        Evidence e = healthyEvidence(now, 50.0, treatment);
        e.signOffs = {approval("ewa", 50.0, now - 1h), approval("jan", 50.0, now - 1h)};
        return e;
    }
};

} // namespace

// Issue 7, cause 8: ML 10/10 against 80% passed "accuracy improves > 15%".
TEST_F(BusinessGateTest, TenOfTenAgainstEightyPercentDoesNotPass)
{
    plan.stages[2].businessGates = {{"accuracy", BusinessGate::Measure::RelativeImprovement, 0.15}};
    Evidence e = evidence50();
    e.metrics[0] = {"accuracy", cohort(binary(1000, 800)), cohort(binary(10, 10))};
    const Decision small = at50(e);
    EXPECT_EQ(small.action, Action::Hold);
    EXPECT_NE(findReason(small, reason::BusinessGateSampleTooSmall), nullptr) << describeReasons(small);

    plan.stages[2].businessGates[0].minimumSamples = 0; // judged on its interval: the lower bound is far below 15%
    const Decision judged = at50(e);
    const Reason *r = findReason(judged, reason::BusinessGateUnmet);
    ASSERT_NE(r, nullptr) << describeReasons(judged);
    EXPECT_NEAR(*findArg(r->args, "estimate")->number, 0.25, 1e-12);
    EXPECT_LT(*r->observed, 0.15); // the lower confidence bound
}

TEST_F(BusinessGateTest, LiftIntervalIsTheDeltaMethodOnTheLogRatio)
{
    plan.stages[2].businessGates = {{"accuracy", BusinessGate::Measure::RelativeImprovement, 0.05}};
    Evidence e = evidence50();
    e.metrics[0] = {"accuracy", cohort(binary(4000, 3200)), cohort(binary(4000, 3520))};
    const Decision d = at50(e);
    const GateRow *g = findGate(d, "business:accuracy");
    ASSERT_NE(g, nullptr);
    // p̃ = (x + ½)/(n + 1); se² = p̃_t(1−p̃_t)/(n m_t²) + p̃_c(1−p̃_c)/(n m_c²); CI = exp(log(0.88/0.80) ± 1.959964·se) − 1
    // numpy: pt=3520.5/4001; pc=3200.5/4001; se=sqrt(pt*(1-pt)/4000/0.88**2 + pc*(1-pc)/4000/0.8**2)
    //        low = exp(log(1.1) - 1.959963984540054*se) - 1 = 0.08333466...
    const double pt = 3520.5 / 4001, pc = 3200.5 / 4001;
    const double se = std::sqrt(pt * (1 - pt) / 4000 / (0.88 * 0.88) + pc * (1 - pc) / 4000 / (0.8 * 0.8));
    EXPECT_NEAR(*findArg(g->args, "ci_low")->number, std::exp(std::log(1.1) - 1.959963984540054 * se) - 1.0, 1e-9);
    EXPECT_NEAR(*findArg(g->args, "ci_high")->number, std::exp(std::log(1.1) + 1.959963984540054 * se) - 1.0, 1e-9);
    EXPECT_EQ(g->status, GateStatus::Pass);
}

TEST_F(BusinessGateTest, SatisfactionIsComparedByMannWhitneyOnLevelCounts)
{
    plan.stages[2].businessGates = {{"satisfaction", BusinessGate::Measure::MannWhitney, 0.025}};
    const Decision better = at50(evidence50()); // the fixture's ML cohort rates higher
    EXPECT_EQ(findGate(better, "business:satisfaction:mann_whitney")->status, GateStatus::Pass) << describeReasons(better);
    Evidence same = evidence50();
    same.metrics[2].treatment = same.metrics[2].control;
    const Decision d = at50(same);
    EXPECT_NE(findReason(d, reason::BusinessGateUnmet), nullptr) << describeReasons(d);
}

TEST_F(BusinessGateTest, TreatmentMeanGateUsesTheConfidenceBound)
{
    plan.stages[2].businessGates = {{"satisfaction", BusinessGate::Measure::TreatmentMean, 4.2}};
    Evidence e = evidence50(150);
    e.metrics[2].treatment = ordinal({2, 3, 15, 45, 85}); // mean 4.39 over 150, lower bound near 4.25
    const Decision estimate = [&] {
        plan.stages[2].businessGates[0].basis = BusinessGate::Basis::Estimate;
        return at50(e);
    }();
    EXPECT_EQ(findGate(estimate, "business:satisfaction")->status, GateStatus::Pass);
    plan.stages[2].businessGates[0].basis = BusinessGate::Basis::ConfidenceBound;
    plan.stages[2].businessGates[0].threshold = 4.35;
    const Decision bound = at50(e);
    EXPECT_EQ(findGate(bound, "business:satisfaction")->status, GateStatus::Fail);
}
