// Tests for core/stats/multipletesting.h
// Reference values: tests/reference/gen_power_rank.py (statsmodels 0.13.5).
#include "stats/multipletesting.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kRel = 1e-12; // closed form: the same arithmetic as statsmodels

using Doubles = std::vector<double>;
using Flags = std::vector<bool>;

void expectAdjusted(const Doubles &p, AdjustMethod method, const Doubles &adjusted, const Flags &reject)
{
    auto r = adjustPValues(p, method, 0.05);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->adjusted.size(), adjusted.size());
    for (std::size_t i = 0; i < adjusted.size(); ++i)
        EXPECT_NEAR(r->adjusted[i], adjusted[i], kRel * adjusted[i]) << "index " << i;
    EXPECT_EQ(r->reject, reject);
}

const Doubles kUnsorted{0.01, 0.04, 0.03, 0.005, 0.2};
const Doubles kTies{0.02, 0.02, 0.01, 0.04, 0.04};
const Doubles kLarge{0.3, 0.6, 0.9, 0.5};
const Doubles kCluster{0.012, 0.5, 0.011, 0.013, 0.9, 0.001};

} // namespace

TEST(AdjustBonferroni, MatchesStatsmodels)
{
    // multipletests([0.01, 0.04, 0.03, 0.005, 0.2], alpha=0.05, method='bonferroni')
    expectAdjusted(kUnsorted, AdjustMethod::Bonferroni, {0.05, 0.2, 0.15, 0.025, 1.0},
                   {true, false, false, true, false});
    // multipletests([0.02, 0.02, 0.01, 0.04, 0.04], alpha=0.05, method='bonferroni')
    expectAdjusted(kTies, AdjustMethod::Bonferroni, {0.1, 0.1, 0.05, 0.2, 0.2}, {false, false, true, false, false});
    // multipletests([0.3, 0.6, 0.9, 0.5], alpha=0.05, method='bonferroni')
    expectAdjusted(kLarge, AdjustMethod::Bonferroni, {1, 1, 1, 1}, {false, false, false, false});
    // multipletests([0.012, 0.5, 0.011, 0.013, 0.9, 0.001], alpha=0.05, method='bonferroni')
    expectAdjusted(kCluster, AdjustMethod::Bonferroni, {0.072000000000000008, 1, 0.066000000000000003, 0.078, 1, 0.006},
                   {false, false, false, false, false, true});
}

TEST(AdjustHolm, MatchesStatsmodels)
{
    // multipletests([0.01, 0.04, 0.03, 0.005, 0.2], alpha=0.05, method='holm')
    expectAdjusted(kUnsorted, AdjustMethod::Holm, {0.04, 0.089999999999999997, 0.089999999999999997, 0.025, 0.2},
                   {true, false, false, true, false});
    // multipletests([0.02, 0.02, 0.01, 0.04, 0.04], alpha=0.05, method='holm'): p = 0.01 sits exactly on α/m
    expectAdjusted(kTies, AdjustMethod::Holm, {0.08, 0.08, 0.05, 0.08, 0.08}, {false, false, true, false, false});
    // multipletests([0.3, 0.6, 0.9, 0.5], alpha=0.05, method='holm')
    expectAdjusted(kLarge, AdjustMethod::Holm, {1, 1, 1, 1}, {false, false, false, false});
    // multipletests([0.012, 0.5, 0.011, 0.013, 0.9, 0.001], alpha=0.05, method='holm')
    expectAdjusted(kCluster, AdjustMethod::Holm,
                   {0.054999999999999993, 1, 0.054999999999999993, 0.054999999999999993, 1, 0.006},
                   {false, false, false, false, false, true});
}

TEST(AdjustBenjaminiHochberg, MatchesStatsmodels)
{
    // multipletests([0.01, 0.04, 0.03, 0.005, 0.2], alpha=0.05, method='fdr_bh')
    expectAdjusted(kUnsorted, AdjustMethod::BenjaminiHochberg,
                   {0.024999999999999998, 0.049999999999999996, 0.049999999999999996, 0.024999999999999998, 0.2},
                   {true, true, true, true, false});
    // multipletests([0.02, 0.02, 0.01, 0.04, 0.04], alpha=0.05, method='fdr_bh')
    expectAdjusted(kTies, AdjustMethod::BenjaminiHochberg,
                   {0.033333333333333333, 0.033333333333333333, 0.033333333333333333, 0.04, 0.04},
                   {true, true, true, true, true});
    // multipletests([0.3, 0.6, 0.9, 0.5], alpha=0.05, method='fdr_bh')
    expectAdjusted(kLarge, AdjustMethod::BenjaminiHochberg,
                   {0.79999999999999993, 0.79999999999999993, 0.9, 0.79999999999999993}, {false, false, false, false});
    // multipletests([0.012, 0.5, 0.011, 0.013, 0.9, 0.001], alpha=0.05, method='fdr_bh')
    expectAdjusted(kCluster, AdjustMethod::BenjaminiHochberg, {0.0195, 0.6, 0.0195, 0.0195, 0.9, 0.006},
                   {true, false, true, true, false, true});
}

TEST(Adjust, SingleValueIsUnchanged)
{
    for (auto method : {AdjustMethod::Bonferroni, AdjustMethod::Holm, AdjustMethod::BenjaminiHochberg})
        expectAdjusted({0.03}, method, {0.03}, {true});
}

// Hand-derived: 0 and 1 are fixed points of every method (statsmodels gives the same).
TEST(Adjust, ExtremesStayInUnitInterval)
{
    for (auto method : {AdjustMethod::Bonferroni, AdjustMethod::Holm, AdjustMethod::BenjaminiHochberg})
        expectAdjusted({0.0, 1.0}, method, {0.0, 1.0}, {true, false});
}

TEST(AdjustMethodNames, RoundTrip)
{
    for (auto method : {AdjustMethod::Bonferroni, AdjustMethod::Holm, AdjustMethod::BenjaminiHochberg})
        EXPECT_EQ(parseAdjustMethod(adjustMethodName(method)), method);
    EXPECT_EQ(parseAdjustMethod("fdr_bh"), AdjustMethod::BenjaminiHochberg);
    EXPECT_EQ(parseAdjustMethod("bh"), AdjustMethod::BenjaminiHochberg);
    EXPECT_EQ(adjustMethodName(AdjustMethod::Holm), "holm");
    EXPECT_FALSE(parseAdjustMethod("sidak").has_value());
    EXPECT_FALSE(parseAdjustMethod("").has_value());
}

TEST(AdjustErrors, EmptyInput)
{
    expectError(adjustPValues(Doubles{}, AdjustMethod::Holm), errc::InsufficientData, "p_values");
}

TEST(AdjustErrors, PValueOutsideUnitInterval)
{
    expectError(adjustPValues(Doubles{0.1, 0.2, 1.5}, AdjustMethod::Holm), errc::InvalidArgument, "p_values[2]");
    expectError(adjustPValues(Doubles{0.1, 0.2, -0.1}, AdjustMethod::Bonferroni), errc::InvalidArgument, "p_values[2]");
    expectError(adjustPValues(Doubles{0.1, 0.2, std::numeric_limits<double>::quiet_NaN()},
                              AdjustMethod::BenjaminiHochberg),
                errc::InvalidArgument, "p_values[2]");
}

TEST(AdjustErrors, AlphaOutsideOpenUnit)
{
    expectError(adjustPValues(Doubles{0.1}, AdjustMethod::Holm, 0.0), errc::InvalidArgument, "alpha");
    expectError(adjustPValues(Doubles{0.1}, AdjustMethod::Holm, 1.0), errc::InvalidArgument, "alpha");
}
