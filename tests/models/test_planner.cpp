// computePlan: sample size, MDE and power for the splits 1:19, 1:3, 1:1 against statsmodels.

#include "planner.h"

#include <gtest/gtest.h>

#include <cmath>

using rampart::models::computePlan;
using rampart::models::PlannerInput;
namespace stats = rampart::stats;

TEST(Planner, SampleSizesMatchStatsmodelsTTestIndPower)
{
    // statsmodels.stats.power.TTestIndPower().solve_power(effect_size=0.1, alpha=0.05,
    // power=0.8, ratio=r) for r = 19, 3, 1 gives nobs1 = 826.2918905945023,
    // 1046.9951331799866, 1570.7330430520035; n_B = ceil(nobs1 * r).
    PlannerInput in;
    in.effectSize = 0.1;
    in.unitsPerHour = 100.0;
    auto r = computePlan(in);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const double nobs1[] = {826.2918905945023, 1046.9951331799866, 1570.7330430520035};
    const std::int64_t nA[] = {827, 1047, 1571};
    const std::int64_t nB[] = {15700, 3141, 1571};
    for (int k = 0; k < 3; ++k) {
        const auto &split = r->splits[static_cast<std::size_t>(k)];
        EXPECT_NEAR(split.sampleSize.nobs1, nobs1[k], 1e-6 * nobs1[k]) << k;
        EXPECT_EQ(split.sampleSize.nA, nA[k]) << k;
        EXPECT_EQ(split.sampleSize.nB, nB[k]) << k;
        // Both cohorts fill together: hours = max(nA / (rate·share), nB / (rate·(1−share))).
        const double share = rampart::models::PlannerShares[static_cast<std::size_t>(k)];
        EXPECT_DOUBLE_EQ(split.hours, std::max(nA[k] / (100.0 * share), nB[k] / (100.0 * (1.0 - share))));
    }
}

TEST(Planner, ProportionsUseTheNormalApproximation)
{
    // statsmodels NormalIndPower().solve_power(effect_size=0.2, alpha=0.05, power=0.8,
    // ratio=r): nobs1 = 206.54896071031746 (r=19), 261.6286836594123 (3), 392.4430232577885 (1).
    PlannerInput in;
    in.test = stats::PowerTest::TwoProportions;
    in.effectSize = 0.2;
    auto r = computePlan(in);
    ASSERT_TRUE(r.ok());
    const double nobs1[] = {206.54896071031746, 261.6286836594123, 392.4430232577885};
    for (int k = 0; k < 3; ++k)
        EXPECT_NEAR(r->splits[static_cast<std::size_t>(k)].sampleSize.nobs1, nobs1[k], 1e-6 * nobs1[k]) << k;
}

TEST(Planner, MinimumDetectableEffectAndPowerAtAPlannedTotal)
{
    // MDE: the root of TTestIndPower().power(effect_size=e, nobs1=10000*s, alpha=0.05,
    // ratio=(1-s)/s) - 0.8 by scipy.optimize.brentq(f, 0.01, 0.5, xtol=1e-15). (statsmodels'
    // own solve_power stops early: at s = 0.5 it returns 0.05603520727377586, whose power is
    // 0.79997, so the tighter root is the reference.) Power at effect 0.1:
    // TTestIndPower().power(effect_size=0.1, nobs1=10000*s, alpha=0.05, ratio=(1-s)/s).
    //   s=0.05: 0.12855773748497354, 0.5867999502461592
    //   s=0.25: 0.06470597555897004, 0.991099871211332
    //   s=0.50: 0.05603701861072305, 0.9988153630087326
    PlannerInput in;
    in.effectSize = 0.1;
    in.plannedTotal = 10000;
    auto r = computePlan(in);
    ASSERT_TRUE(r.ok());
    const double mde[] = {0.12855773748497354, 0.06470597555897004, 0.05603701861072305};
    const double power[] = {0.5867999502461592, 0.991099871211332, 0.9988153630087326};
    for (int k = 0; k < 3; ++k) {
        const auto &split = r->splits[static_cast<std::size_t>(k)];
        ASSERT_TRUE(split.mde && split.achievedPower) << k;
        EXPECT_NEAR(*split.mde, mde[k], 1e-6 * mde[k]) << k;
        EXPECT_NEAR(*split.achievedPower, power[k], 1e-6) << k;
    }
}

TEST(Planner, PowerCurveRisesAndReachesTheTargetAtTheRequiredTotal)
{
    PlannerInput in;
    in.effectSize = 0.1;
    in.curvePoints = 80;
    auto r = computePlan(in);
    ASSERT_TRUE(r.ok());
    const auto &curve = r->curve;
    ASSERT_EQ(curve.totals.size(), 80u);
    for (std::size_t k = 0; k < 3; ++k) {
        for (std::size_t i = 1; i < curve.totals.size(); ++i)
            EXPECT_GE(curve.power[i][k], curve.power[i - 1][k] - 1e-12);
        // The curve ends at 1.25 × the largest required total, beyond every split's need.
        EXPECT_GT(curve.power.back()[k], 0.8);
    }
}

TEST(Planner, BadInputNamesTheField)
{
    PlannerInput in;
    in.effectSize = 0.0;
    auto r = computePlan(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "effect_size");
    in.effectSize = 0.1;
    in.unitsPerHour = std::nan("");
    r = computePlan(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "units_per_hour");
    in.unitsPerHour = 10;
    in.power = 0.01;
    r = computePlan(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "power");
}
