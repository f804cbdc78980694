// Tests for core/stats/gsdesign.h
// Reference values: scipy 1.10.1 multivariate normal (Genz), the exact calls cited per test;
// the inflation factors from tests/reference/gen_gsdesign.py.
#include "stats/gsdesign.h"

#include "stats/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

TEST(SequentialCrossingProbability, MatchesScipyMultivariateNormal)
{
    // t = [1/3, 2/3, 1], c = [3.7103, 2.5114, 1.9930], θ = 2.8; cov_ij = sqrt(min/max),
    // mean = θ√t: 1 − scipy.stats.multivariate_normal(mean, cov).cdf(c) = 0.7945412413942522,
    // and with mean 0: 0.025002863672647258 (Genz, MC error ~1e-5).
    const std::vector<double> t{1.0 / 3, 2.0 / 3, 1.0};
    const std::vector<double> c{3.7103, 2.5114, 1.9930};
    auto power = sequentialCrossingProbability(t, c, 2.8);
    auto size = sequentialCrossingProbability(t, c, 0.0);
    ASSERT_TRUE(power && size);
    EXPECT_NEAR(*power, 0.7945412413942522, 1e-4);
    EXPECT_NEAR(*size, 0.025002863672647258, 5e-5);
}

TEST(SequentialCrossingProbability, OneLookIsTheNormalTail)
{
    const std::vector<double> t{1.0};
    const std::vector<double> c{1.959963984540054};
    auto p = sequentialCrossingProbability(t, c, 2.8);
    ASSERT_TRUE(p);
    EXPECT_NEAR(*p, dist::normalSf(1.959963984540054 - 2.8), 1e-12);
}

TEST(InformationInflation, GivesThePlannedPowerAtTheInflatedInformation)
{
    auto r = informationInflation(4, 0.025, 0.9, SpendingFunction::OBrienFleming);
    ASSERT_TRUE(r);
    // O'Brien–Fleming-type designs cost a few per cent of information (J&T 2000, Table 7.6: ~1.02).
    EXPECT_GT(*r, 1.0);
    EXPECT_LT(*r, 1.05);
    const std::vector<double> t{0.25, 0.5, 0.75, 1.0};
    auto bounds = groupSequentialBoundaries(t, 0.025, SpendingFunction::OBrienFleming, 1);
    ASSERT_TRUE(bounds);
    const double drift = (dist::normalIsf(0.025) + dist::normalIsf(0.1)) * std::sqrt(*r);
    auto power = sequentialCrossingProbability(t, bounds->z, drift);
    ASSERT_TRUE(power);
    EXPECT_NEAR(*power, 0.9, 1e-5);
    auto pocock = informationInflation(4, 0.025, 0.9, SpendingFunction::Pocock);
    ASSERT_TRUE(pocock);
    EXPECT_GT(*pocock, *r); // Pocock spends early and pays more information
    EXPECT_EQ(*informationInflation(1, 0.025, 0.9, SpendingFunction::OBrienFleming), 1.0);
}

TEST(SequentialCrossingProbability, ConvergesAsTheGridIsRefined)
{
    // J&T's grid at r = 18 (the default) against r = 96 on the designs a plan uses: the power
    // at the planned drift and the size at drift 0 move by < 1e-6.
    for (auto spending : {SpendingFunction::OBrienFleming, SpendingFunction::Pocock}) {
        for (int looks : {2, 4, 5}) {
            std::vector<double> t;
            for (int k = 1; k <= looks; ++k)
                t.push_back(static_cast<double>(k) / looks);
            auto bounds = groupSequentialBoundaries(t, 0.025, spending, 1);
            ASSERT_TRUE(bounds);
            for (double drift : {0.0, 2.5, 3.3}) {
                auto coarse = sequentialCrossingProbability(t, bounds->z, drift);
                auto fine = detail::sequentialCrossingProbabilityWithGrid(t, bounds->z, drift, 96);
                ASSERT_TRUE(coarse && fine);
                EXPECT_NEAR(*coarse, *fine, 1e-6) << looks << " looks, drift " << drift;
            }
        }
    }
}

TEST(InformationInflation, MatchesScipyMultivariateNormal)
{
    // tests/reference/gen_gsdesign.py: brentq on 1 − scipy.stats.multivariate_normal.cdf(c,
    // mean = θ√R·√t, cov = √(t_i/t_j)) (Genz, abseps = releps = 1e-10) with scipy's own
    // boundaries; power √0.8 is the shipped plan's marginal power for two primaries.
    struct Case
    {
        SpendingFunction spending;
        int looks;
        double power;
        double scipy;
    };
    const Case cases[] = {
        {SpendingFunction::OBrienFleming, 2, 0.9, 1.0034179348764092},
        {SpendingFunction::OBrienFleming, 3, 0.9, 1.0118527600279934},
        {SpendingFunction::OBrienFleming, 4, 0.9, 1.0182800223720256},
        {SpendingFunction::OBrienFleming, 4, std::sqrt(0.8), 1.0183702180017022},
        {SpendingFunction::Pocock, 2, 0.9, 1.1110465833712446},
        {SpendingFunction::Pocock, 3, 0.9, 1.1542201885897299},
        {SpendingFunction::Pocock, 4, 0.9, 1.177587003091268},
        {SpendingFunction::Pocock, 4, std::sqrt(0.8), 1.1787976933487754},
    };
    for (const Case &c : cases) {
        auto r = informationInflation(c.looks, 0.025, c.power, c.spending);
        ASSERT_TRUE(r);
        EXPECT_NEAR(*r, c.scipy, 1e-6) << spendingFunctionName(c.spending) << ", " << c.looks << " looks";
    }
}

TEST(InformationInflation, StaysWithinTheOldUniformGridsErrorOfItsValues)
{
    // The values the 801-node uniform trapezoid grid gave before the J&T grid replaced it
    // (commit c7c1b5d). That grid was ~6e-6 off scipy (1.018375962973 against scipy's
    // 1.0183702180 for the shipped plan), so the new values, within 1e-6 of scipy above,
    // stay within 1e-5 of the old ones: no plan's maximum information moves by more.
    EXPECT_NEAR(*informationInflation(4, 0.025, std::sqrt(0.8), SpendingFunction::OBrienFleming), 1.018375962973, 1e-5);
    EXPECT_NEAR(*informationInflation(4, 0.025, 0.9, SpendingFunction::Pocock), 1.177593857050, 1e-5);
    EXPECT_NEAR(*informationInflation(2, 0.025, 0.9, SpendingFunction::Pocock), 1.111039787531, 1e-5);
}

TEST(InformationInflation, RefusesBadInput)
{
    EXPECT_EQ(informationInflation(0, 0.025, 0.9, SpendingFunction::OBrienFleming).error().field, "looks");
    EXPECT_EQ(informationInflation(4, 0.6, 0.9, SpendingFunction::OBrienFleming).error().field, "alpha");
    EXPECT_EQ(informationInflation(4, 0.025, 1.0, SpendingFunction::OBrienFleming).error().field, "power");
}
