// Tests for core/stats/gsdesign.h
// Reference values: scipy 1.10.1 multivariate normal (Genz), the exact calls cited per test.
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

TEST(InformationInflation, RefusesBadInput)
{
    EXPECT_EQ(informationInflation(0, 0.025, 0.9, SpendingFunction::OBrienFleming).error().field, "looks");
    EXPECT_EQ(informationInflation(4, 0.6, 0.9, SpendingFunction::OBrienFleming).error().field, "alpha");
    EXPECT_EQ(informationInflation(4, 0.025, 1.0, SpendingFunction::OBrienFleming).error().field, "power");
}
