// Tests for core/rollout/significance.cpp: the primaries as one group-sequential test —
// stratified by stage, looks only on trustworthy data, intersection-union without Holm,
// jointly powered maximum information, optional futility (issue 7, causes 3 to 7).

#include "decisionhelpers.h"
#include "rolloutfixture.h"

#include "rollout/gateengine.h"
#include "stats/distributions.h"
#include "stats/gsdesign.h"
#include "stats/sequential.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rampart;
using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

class SignificanceTest : public ::testing::Test
{
protected:
    Plan plan = documentationKeeperPlan();
    TimePoint now = t0();

    Decision at25(const Evidence &e, const RolloutState &s) { return GateEngine::evaluate(plan, s, e, now); }
    Decision at25(const Evidence &e) { return at25(e, runningAt(1, now, 50h)); }
};

std::optional<double> zOf(const Decision &d, const std::string &metric)
{
    for (const MetricAnalysis &a : d.metrics)
        if (a.metric == metric && a.role == "primary")
            return a.z;
    return std::nullopt;
}

} // namespace

// Issue 7, cause 3: all successes used up a look without a p-value, and the rollout then
// held for good.
TEST_F(SignificanceTest, DegenerateDataDoesNotUseALook)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[0] = {"accuracy", cohort(binary(3600, 3600)), cohort(binary(1200, 1200))};
    const Decision d = at25(e);
    EXPECT_NE(findReason(d, reason::PrimaryDegenerate), nullptr) << describeReasons(d);
    EXPECT_TRUE(!d.look || !d.look->taken); // no information: no look, nothing spent
    // The next, informative snapshot takes the look.
    const Decision next = at25(healthyEvidence(now, 25.0));
    ASSERT_TRUE(next.look.has_value());
    EXPECT_TRUE(next.look->taken);
    EXPECT_EQ(next.look->index, 1);
}

// Issue 7, cause 4: the sample-ratio-mismatch example took (and crossed) the final look.
TEST_F(SignificanceTest, SampleRatioMismatchTakesNoLook)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.treatmentUnits = 1500; // 29% instead of 25%
    const Decision d = at25(e);
    EXPECT_NE(findReason(d, reason::SampleRatioMismatch), nullptr);
    EXPECT_NE(findReason(d, reason::LookSkipped), nullptr) << describeReasons(d);
    EXPECT_TRUE(!d.look || !d.look->taken);
}

// Issue 7, cause 5: a drift common to both cohorts between a 1:19 and a 1:3 stage.
TEST_F(SignificanceTest, StratifiedByStageACommonDriftCreatesNoEffect)
{
    Evidence e = healthyEvidence(now, 25.0);
    // Accuracy 0.70 in both cohorts during the canary, 0.80 in both during the 25% stage.
    const MetricEvidence canary{"accuracy", cohort(binary(912, 638)), cohort(binary(48, 34))};
    const MetricEvidence early{"accuracy", cohort(binary(3600, 2880)), cohort(binary(1200, 960))};
    e.metrics[0] = {"accuracy", cohort(binary(4512, 638 + 2880)), cohort(binary(1248, 34 + 960))};
    const Decision pooled = at25(e);
    ASSERT_TRUE(zOf(pooled, "accuracy").has_value());
    EXPECT_GT(*zOf(pooled, "accuracy"), 1.2); // Simpson's paradox when pooled
    e.stages = {StageEvidence{5.0, {canary, e.metrics[1]}}, StageEvidence{25.0, {early, e.metrics[1]}}};
    const Decision stratified = at25(e);
    ASSERT_TRUE(zOf(stratified, "accuracy").has_value());
    EXPECT_NEAR(*zOf(stratified, "accuracy"), 0.0, 0.1);
}

// Issue 7, cause 6: one-sided p ≈ 0.018 and 0.020 at the final look held for good under Holm.
TEST_F(SignificanceTest, BothPrimariesBeyondTheFinalBoundaryAdvanceWithoutHolm)
{
    plan.metrics[0].kind = MetricKind::Continuous; // two continuous primaries, exact z by construction
    const std::vector<double> t{0.25, 0.5, 0.75, 1.0};
    auto bounds = stats::groupSequentialBoundaries(t, 0.025, stats::SpendingFunction::OBrienFleming, 1);
    ASSERT_TRUE(bounds);
    RolloutState state = runningAt(1, now, 50h);
    for (int k = 0; k < 3; ++k)
        state.looks.push_back({t[k], bounds->z[k], bounds->nominalP[k]});
    // n_t = 1600, n_c = 4800, sd 1: se = √(1/1600 + 1/4800); z = Φ⁻¹(1 − p).
    const double se = std::sqrt(1.0 / 1600 + 1.0 / 4800);
    const double zAccuracy = stats::dist::normalIsf(0.018), zHandling = stats::dist::normalIsf(0.020);
    ASSERT_LT(bounds->z[3], zHandling); // the final boundary (≈ 2.02) lies below both
    Evidence e = healthyEvidence(now, 25.0, 1600);
    e.metrics[0] = {"accuracy", cohort(continuous(4800, 0.0, 1.0)), cohort(continuous(1600, zAccuracy * se, 1.0))};
    e.metrics[1] = {"handling_time_min", cohort(continuous(4800, 10.0, 1.0)), cohort(continuous(1600, 10.0 - zHandling * se, 1.0))};
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    const Decision d = at25(e, state);
    ASSERT_TRUE(d.look.has_value());
    EXPECT_TRUE(d.look->taken);
    EXPECT_TRUE(d.look->final);
    EXPECT_NEAR(d.look->boundaryZ, bounds->z[3], 1e-9);
    EXPECT_TRUE(d.look->crossed);
    EXPECT_EQ(d.action, Action::Advance) << describeReasons(d);
}

TEST_F(SignificanceTest, EachPrimaryKeepsItsCrossingAcrossLooks)
{
    RolloutState state = runningAt(1, now, 50h);
    state.looks = {{0.3, 3.6, 0.00016}};
    state.primaryCrossedAt = {{"handling_time_min", 1}};
    const Decision d = at25(healthyEvidence(now, 25.0), state); // t ≈ 0.86: look 2 is due
    ASSERT_TRUE(d.look.has_value());
    EXPECT_TRUE(d.look->taken);
    EXPECT_EQ(d.look->crossedMetrics, std::vector<std::string>{"accuracy"});
    EXPECT_TRUE(d.look->crossed);
}

TEST_F(SignificanceTest, MaximumInformationGivesJointPowerOverThePlannedLooks)
{
    const Decision d = at25(healthyEvidence(now, 25.0));
    // Two primaries, power 0.8 jointly: each √0.8; four looks of OBF-type spending of 0.025.
    const double marginal = std::sqrt(0.8);
    const double z = stats::dist::normalIsf(0.025) + stats::dist::normalIsf(1.0 - marginal);
    auto inflation = stats::informationInflation(4, 0.025, marginal, stats::SpendingFunction::OBrienFleming);
    ASSERT_TRUE(inflation);
    EXPECT_NEAR(d.sample.maximumInformation, *inflation * (z / 0.1) * (z / 0.1), 1e-6);
    const std::vector<double> t{0.25, 0.5, 0.75, 1.0};
    auto bounds = stats::groupSequentialBoundaries(t, 0.025, stats::SpendingFunction::OBrienFleming, 1);
    auto power = stats::sequentialCrossingProbability(t, bounds->z, 0.1 * std::sqrt(d.sample.maximumInformation));
    ASSERT_TRUE(power);
    EXPECT_NEAR(*power * *power, 0.8, 1e-4); // independent primaries: joint power = product
}

TEST_F(SignificanceTest, NonBindingFutilityRecommendsRollingBackWhenPlanned)
{
    plan.futility = true;
    plan.stages[1].minimumSamplesPerCohort = 0;
    RolloutState state = runningAt(1, now, 50h);
    state.looks = {{0.25, 4.33, 7.4e-6}};
    Evidence e = healthyEvidence(now, 25.0, 720); // t ≈ 0.51: look 2
    e.metrics[0] = {"accuracy", cohort(binary(2160, 1728)), cohort(binary(720, 570))}; // 79.2% vs 80%
    const Decision d = at25(e, state);
    EXPECT_EQ(d.action, Action::Rollback) << describeReasons(d);
    EXPECT_NE(findReason(d, reason::Futility), nullptr);
    plan.futility = false;
    EXPECT_NE(at25(e, state).action, Action::Rollback);
}

// Found by the console's demo (tests/core/service/test_demorun.cpp): after a resume the
// 25% stage's 48 h dwell held the first look back until the information was complete
// (t ≥ 1). The look was then computed at fractions {1, 1}, whose boundaries do not exist, so
// no look was ever taken and the rollout held for good with "the data are not trustworthy ()".
// A look taken at full information is the design's final look.
TEST_F(SignificanceTest, AFirstLookDueAfterFullInformationIsTheFinalLook)
{
    const Decision d = at25(healthyEvidence(now, 25.0, 12000));
    ASSERT_GE(d.sample.informationFraction, 1.0);
    EXPECT_EQ(findReason(d, reason::LookSkipped), nullptr) << describeReasons(d);
    ASSERT_TRUE(d.look.has_value()) << describeReasons(d);
    EXPECT_TRUE(d.look->taken);
    EXPECT_TRUE(d.look->final);
    EXPECT_EQ(d.look->index, 1);
    EXPECT_DOUBLE_EQ(d.look->informationFraction, 1.0);
    // One look at full information spends the whole two-sided alpha = 0.05:
    // scipy.stats.norm.ppf(1 - 0.05 / 2) = 1.959963984540054.
    EXPECT_NEAR(d.look->boundaryZ, 1.959963984540054, 1e-6);
    EXPECT_TRUE(d.look->crossed);
}
