// Tests for core/stats/stratified.h
// Reference values: statsmodels 0.13.5 / scipy 1.10.1, the exact calls cited per test.
#include "stats/stratified.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

namespace {
#define EXPECT_REL(actual, expected) EXPECT_NEAR((actual), (expected), 1e-9 * std::fabs(expected))

// tables [[t succ, t fail], [c succ, c fail]]: [[40, 8], [700, 212]] and [[310, 50], [850, 230]]
const std::vector<BinaryStratum> TwoStages{{40, 48, 700, 912}, {310, 360, 850, 1080}};
} // namespace

TEST(CochranMantelHaenszel, MatchesStatsmodelsStratifiedTable)
{
    // st = statsmodels.stats.contingency_tables.StratifiedTable([t1, t2])
    // st.test_null_odds(correction=False): statistic 10.499226466073992, pvalue 0.0011942452960727046
    // st.oddsratio_pooled = 1.650687622789784
    auto r = cochranMantelHaenszel(TwoStages);
    ASSERT_TRUE(r);
    EXPECT_REL(r->z * r->z, 10.499226466073992);
    EXPECT_REL(r->pValue, 0.0011942452960727046);
    EXPECT_REL(r->commonOddsRatio, 1.650687622789784);
    EXPECT_EQ(r->strataUsed, 2);
}

TEST(CochranMantelHaenszel, OneSidedUsesTheNormalTailOfZ)
{
    // z = (Σa − ΣE)/√ΣV = 3.2402509881294677; scipy.stats.norm.sf(z) = 0.0005971226480363486
    auto greater = cochranMantelHaenszel(TwoStages, Alternative::Greater);
    auto less = cochranMantelHaenszel(TwoStages, Alternative::Less);
    ASSERT_TRUE(greater && less);
    EXPECT_REL(greater->z, 3.2402509881294677);
    EXPECT_REL(greater->pValue, 0.0005971226480363486);
    EXPECT_NEAR(less->pValue, 1.0 - 0.0005971226480363486, 1e-12);
}

TEST(CochranMantelHaenszel, SimpsonsParadoxDoesNotCreateAnEffect)
{
    // Same success rate in both cohorts within each stage; the rate drifts between stages
    // whose splits differ (1:19 then 1:3). Pooling would show a large "effect"; CMH shows none.
    const std::vector<BinaryStratum> strata{{40, 50, 760, 950}, {300, 500, 900, 1500}};
    auto r = cochranMantelHaenszel(strata, Alternative::Greater);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->z, 0.0, 1e-12);
    EXPECT_NEAR(r->riskDifference, 0.0, 1e-12);
}

TEST(CochranMantelHaenszel, UninformativeStrataAreSkippedAndAllUninformativeIsAnError)
{
    const std::vector<BinaryStratum> withEmpty{{40, 48, 700, 912}, {0, 0, 5, 10}, {310, 360, 850, 1080}, {5, 5, 9, 9}};
    auto r = cochranMantelHaenszel(withEmpty);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->strataUsed, 2);
    EXPECT_REL(r->z * r->z, 10.499226466073992);
    const std::vector<BinaryStratum> allSuccess{{10, 10, 20, 20}};
    auto d = cochranMantelHaenszel(allSuccess);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, errc::DegenerateData);
}

TEST(CochranMantelHaenszel, RefusesImpossibleCounts)
{
    const std::vector<BinaryStratum> bad{{11, 10, 1, 5}};
    auto r = cochranMantelHaenszel(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "strata[0]");
    EXPECT_FALSE(cochranMantelHaenszel({}));
}

TEST(StratifiedMeanDifference, MatchesStatsmodelsFixedEffectCombination)
{
    // eff = [11.4-13.9, 11.9-13.1]; var = sd_t²/n_t + sd_c²/n_c with sd_t [4.1, 4.3], n_t [48, 360],
    // sd_c [4.6, 4.4], n_c [912, 1080];
    // statsmodels.stats.meta_analysis.combine_effects(eff, var, method_re='chi2', use_t=False):
    // mean_effect_fe = -1.4034644977595574, sd_eff_w_fe = 0.2417495461075359;
    // scipy.stats.norm.cdf(z) = 3.2097000526511836e-09 (Less)
    const std::vector<MomentStratum> strata{{{48, 11.4, 4.1}, {912, 13.9, 4.6}}, {{360, 11.9, 4.3}, {1080, 13.1, 4.4}}};
    auto r = stratifiedMeanDifference(strata, 1.0, Alternative::Less);
    ASSERT_TRUE(r);
    EXPECT_REL(r->estimate, -1.4034644977595574);
    EXPECT_REL(r->standardError, 0.2417495461075359);
    EXPECT_NEAR(r->pValue, 3.2097000526511836e-09, 1e-6 * 3.2097000526511836e-09);
    EXPECT_REL(r->information, 48.0 * 912 / 960 + 360.0 * 1080 / 1440);
}

TEST(StratifiedMeanDifference, RelativeMarginScalesTheControlMean)
{
    // eff = mt − 1.1·mc, var = sd_t²/n_t + 1.21·sd_c²/n_c for mt [66, 64], sd_t [19, 18], n_t [150, 400],
    // mc [62, 61], sd_c [18, 17.5], n_c [2850, 1200]; combine_effects(...): mean_effect_fe =
    // -2.825112052775604, sd_eff_w_fe = 0.8815243533297658
    const std::vector<MomentStratum> strata{{{150, 66.0, 19.0}, {2850, 62.0, 18.0}}, {{400, 64.0, 18.0}, {1200, 61.0, 17.5}}};
    auto r = stratifiedMeanDifference(strata, 1.1, Alternative::Greater);
    ASSERT_TRUE(r);
    EXPECT_REL(r->estimate, -2.825112052775604);
    EXPECT_REL(r->standardError, 0.8815243533297658);
}

TEST(StratifiedMeanDifference, DegenerateAndTooSmallDataAreErrors)
{
    const std::vector<MomentStratum> zeroSd{{{10, 5.0, 0.0}, {10, 5.0, 0.0}}};
    auto z = stratifiedMeanDifference(zeroSd);
    ASSERT_FALSE(z);
    EXPECT_EQ(z.error().code, errc::DegenerateData);
    const std::vector<MomentStratum> tiny{{{1, 950.0, 0.0}, {100, 60.0, 10.0}}};
    auto t = stratifiedMeanDifference(tiny);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, errc::InsufficientData);
    const std::vector<MomentStratum> negative{{{10, 5.0, -1.0}, {10, 5.0, 1.0}}};
    EXPECT_EQ(stratifiedMeanDifference(negative).error().field, "strata[0]");
    EXPECT_EQ(stratifiedMeanDifference(zeroSd, 0.0).error().field, "control_scale");
}
