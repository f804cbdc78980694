// Tests for core/stats/rankpower.h
// Reference values: Noether (1987) evaluated with scipy 1.10.1:
// z = norm.isf(α') + norm.isf(1 − power); N = z²/(12 c (1 − c)(p − ½)²).
#include "stats/rankpower.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace rampart;
using namespace rampart::stats;

TEST(MannWhitneySampleSize, MatchesNoethersFormula)
{
    // p = 0.6, α = 0.05 two-sided, power 0.8, c = 0.25: N = 348.8390993044042
    auto r = mannWhitneySampleSize(0.6, 0.05, 0.8, 0.25);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->total, 348.8390993044042, 1e-9 * 348.8);
    EXPECT_EQ(r->treatment, 88);
    EXPECT_EQ(r->control, 262);
    // d = 0.1 under a normal shift: p = norm.cdf(0.1/sqrt(2)) = 0.5281859888985083,
    // c = 0.5: N = 3293.213346295104
    EXPECT_NEAR(probabilityOfSuperiority(0.1), 0.5281859888985083, 1e-14);
    auto d = mannWhitneySampleSize(probabilityOfSuperiority(0.1), 0.05, 0.8, 0.5);
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->total, 3293.213346295104, 1e-9 * 3293.2);
}

TEST(MannWhitneySampleSize, RefusesBadInput)
{
    EXPECT_EQ(mannWhitneySampleSize(0.5, 0.05, 0.8, 0.5).error().field, "probability");
    EXPECT_EQ(mannWhitneySampleSize(0.6, 0.0, 0.8, 0.5).error().field, "alpha");
    EXPECT_EQ(mannWhitneySampleSize(0.6, 0.05, 1.0, 0.5).error().field, "power");
    EXPECT_EQ(mannWhitneySampleSize(0.6, 0.05, 0.8, 1.0).error().field, "treatment_share");
}
