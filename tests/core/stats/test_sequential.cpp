// Tests for core/stats/sequential.h
//
// Reference boundaries: tests/reference/gen_sequential.py — scipy.stats.multivariate_normal.cdf
// (Genz, abseps = releps = 1e-10, maxpts = 2e6; exact bivariate method for two looks) on
// Cov(Z_i, Z_j) = √(t_i/t_j) for the exit probabilities, + scipy.optimize.brentq per look
// (scipy 1.10.1). Genz's randomised error is ~1e-9 in probability, < 1e-7 in z; the C++
// recursive integration (r = 32) agrees with it to < 2e-7, so the tolerance below is 1e-6.

#include "stats/sequential.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace rampart::stats {
namespace {

constexpr double ScipyTolerance = 1e-6;
const std::vector<double> EqualK5{0.2, 0.4, 0.6, 0.8, 1.0};
const std::vector<double> Rollout{0.05, 0.25, 0.5, 0.75, 1.0};
const std::vector<double> ThreeLooks{0.2, 0.5, 1.0};

SequentialBoundaries boundaries(const std::vector<double> &t, double alpha, SpendingFunction spending, int sides)
{
    auto result = groupSequentialBoundaries(t, alpha, spending, sides);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : SequentialBoundaries{};
}

void expectBoundaries(const SequentialBoundaries &b, const std::vector<double> &z, const std::vector<double> &spent,
                      double tolerance = ScipyTolerance)
{
    ASSERT_EQ(b.z.size(), z.size());
    ASSERT_EQ(b.alphaSpent.size(), spent.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        EXPECT_NEAR(b.z[k], z[k], tolerance) << "look " << k;
        EXPECT_NEAR(b.alphaSpent[k], spent[k], 1e-9 * spent[k]) << "look " << k;
        const double tail = b.sides == 2 ? std::erfc(b.z[k] / std::sqrt(2.0)) : 0.5 * std::erfc(b.z[k] / std::sqrt(2.0));
        EXPECT_NEAR(b.nominalP[k], tail, 1e-12 * tail + 1e-300) << "look " << k;
    }
}

// ---- spending functions -----------------------------------------------------------------

TEST(SpentAlpha, ObrienFlemingMatchesClosedForm)
{
    // scipy.stats.norm: 2 * norm.sf(norm.isf(alpha / 2) / sqrt(t)) (gen_sequential.py)
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.025, 0.05), 1.197360676e-23, 1e-9 * 1.197360676e-23);
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.025, 0.2), 5.388712629e-07, 1e-9 * 5.388712629e-07);
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.025, 0.5), 0.001525322758, 1e-12);
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.05, 0.05), 1.864033326e-18, 1e-9 * 1.864033326e-18);
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.05, 0.2), 1.172644684e-05, 1e-14);
    EXPECT_NEAR(spentAlpha(SpendingFunction::OBrienFleming, 0.05, 0.5), 0.005574596681, 1e-12);
}

TEST(SpentAlpha, PocockMatchesClosedForm)
{
    // alpha * log(1 + (e - 1) t) (gen_sequential.py)
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.025, 0.05), 0.002060552822, 1e-12);
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.025, 0.2), 0.007384863228, 1e-12);
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.025, 0.5), 0.01550286267, 1e-11);
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.05, 0.05), 0.004121105644, 1e-12);
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.05, 0.2), 0.01476972646, 1e-11);
    EXPECT_NEAR(spentAlpha(SpendingFunction::Pocock, 0.05, 0.5), 0.03100572535, 1e-11);
}

TEST(SpentAlpha, EndpointsAreZeroAndExactlyAlpha)
{
    for (auto spending : {SpendingFunction::OBrienFleming, SpendingFunction::Pocock}) {
        EXPECT_EQ(spentAlpha(spending, 0.05, 0.0), 0.0);
        EXPECT_EQ(spentAlpha(spending, 0.05, 1.0), 0.05);
        EXPECT_EQ(spentAlpha(spending, 0.025, 1.5), 0.025); // clamped
        EXPECT_TRUE(std::isnan(spentAlpha(spending, 0.05, std::nan(""))));
        EXPECT_TRUE(std::isnan(spentAlpha(spending, 1.5, 0.5)));
    }
}

TEST(SpentAlpha, IsIncreasingInInformation)
{
    for (auto spending : {SpendingFunction::OBrienFleming, SpendingFunction::Pocock}) {
        double previous = 0.0;
        for (int i = 1; i <= 100; ++i) {
            const double current = spentAlpha(spending, 0.05, i / 100.0);
            EXPECT_GT(current, previous) << "t = " << i / 100.0;
            previous = current;
        }
    }
}

TEST(SpendingFunctionNames, RoundTripAndAliases)
{
    for (auto spending : {SpendingFunction::OBrienFleming, SpendingFunction::Pocock})
        EXPECT_EQ(parseSpendingFunction(spendingFunctionName(spending)), spending);
    EXPECT_EQ(spendingFunctionName(SpendingFunction::OBrienFleming), "obrien-fleming");
    EXPECT_EQ(spendingFunctionName(SpendingFunction::Pocock), "pocock");
    EXPECT_EQ(parseSpendingFunction("of"), SpendingFunction::OBrienFleming);
    EXPECT_EQ(parseSpendingFunction("OBF"), SpendingFunction::OBrienFleming);
    EXPECT_EQ(parseSpendingFunction("Pocock"), SpendingFunction::Pocock);
    EXPECT_FALSE(parseSpendingFunction("haybittle-peto").has_value());
    EXPECT_FALSE(parseSpendingFunction("").has_value());
}

// ---- boundaries against the scipy reference ------------------------------------------------

TEST(GroupSequentialBoundaries, SingleLookIsTheFixedSampleTest)
{
    // norm.isf(0.025) and norm.isf(0.05)
    auto two = boundaries({1.0}, 0.05, SpendingFunction::OBrienFleming, 2);
    expectBoundaries(two, {1.959963985}, {0.05}, 1e-9);
    auto one = boundaries({1.0}, 0.05, SpendingFunction::Pocock, 1);
    expectBoundaries(one, {1.644853627}, {0.05}, 1e-9);
    EXPECT_NEAR(two.nominalP[0], 0.05, 1e-15);
    EXPECT_NEAR(one.nominalP[0], 0.05, 1e-15);
}

TEST(GroupSequentialBoundaries, K5EquallySpacedOBrienFlemingOneSided)
{
    // tests/reference/gen_sequential.py: scipy.stats.multivariate_normal.cdf + brentq, K=5 equally
    // spaced, one-sided alpha=0.025, OBF
    auto b = boundaries(EqualK5, 0.025, SpendingFunction::OBrienFleming, 1);
    expectBoundaries(b, {4.876884949, 3.357011922, 2.680280064, 2.289816767, 2.031032045},
                     {5.388712629e-07, 0.0003941517567, 0.003808063311, 0.01221179035, 0.025});
}

TEST(GroupSequentialBoundaries, K5OBrienFlemingMatchesPublishedGsDesignValues)
{
    // Lan-DeMets O'Brien-Fleming type, K=5 equally spaced, one-sided 0.025: gsDesign sfLDOF
    // (Jennison & Turnbull 2000, ch. 7) upper bounds 4.8769, 3.3569, 2.6803, 2.2898, 2.0310.
    // Printed to 4 decimals from gsDesign's r = 18 grid with probability tolerance 1e-6, so
    // look 2 (3.35701 here and in scipy) differs from the quoted 3.3569 by 1.1e-4.
    auto b = boundaries(EqualK5, 0.025, SpendingFunction::OBrienFleming, 1);
    const std::vector<double> published{4.8769, 3.3569, 2.6803, 2.2898, 2.0310};
    for (std::size_t k = 0; k < published.size(); ++k)
        EXPECT_NEAR(b.z[k], published[k], 1.5e-4) << "look " << k;
}

TEST(GroupSequentialBoundaries, TwoSidedSpendsHalfAlphaPerSideAsDeMetsLan1994)
{
    // Issue 7 item 10: two-sided alpha = 0.05, O'Brien-Fleming-type spending, 5 equal looks must
    // give 4.877, 3.357, 2.680, 2.290, 2.031 (DeMets & Lan 1994; gsDesign gsDesign(k=5,
    // test.type=2, alpha=0.025, sfu=sfLDOF), ldbounds bounds(1:5/5, iuse=1, alpha=c(0.025,0.025))
    // and rpact getDesignGroupSequential(kMax=5, alpha=0.05, sided=2, typeOfDesign="asOF") agree).
    // Before the fix the total alpha was put into the one-sided formula: 4.383 ... 2.064.
    auto b = boundaries(EqualK5, 0.05, SpendingFunction::OBrienFleming, 2);
    const std::vector<double> published{4.877, 3.357, 2.680, 2.290, 2.031};
    for (std::size_t k = 0; k < published.size(); ++k)
        EXPECT_NEAR(b.z[k], published[k], 6e-4) << "look " << k;
    // Each tail is the one-sided alpha/2 design: the same boundaries to quadrature accuracy.
    auto oneSided = boundaries(EqualK5, 0.025, SpendingFunction::OBrienFleming, 1);
    for (std::size_t k = 0; k < published.size(); ++k) {
        EXPECT_NEAR(b.z[k], oneSided.z[k], 2e-7) << "look " << k;
        EXPECT_NEAR(b.alphaSpent[k], 2.0 * oneSided.alphaSpent[k], 1e-15) << "look " << k;
    }
}

TEST(GroupSequentialBoundaries, K5EquallySpacedPocockOneSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, K=5 equally spaced, one-sided 0.025, Pocock
    auto b = boundaries(EqualK5, 0.025, SpendingFunction::Pocock, 1);
    expectBoundaries(b, {2.437976688, 2.426813858, 2.410194142, 2.396649277, 2.385999663},
                     {0.007384863228, 0.01307842909, 0.01771282667, 0.02162099313, 0.025});
}

TEST(GroupSequentialBoundaries, K5EquallySpacedOBrienFlemingTwoSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, K=5 equally spaced, two-sided 0.05
    // (alpha/2 per side), OBF
    auto b = boundaries(EqualK5, 0.05, SpendingFunction::OBrienFleming, 2);
    expectBoundaries(b, {4.876884949, 3.357011922, 2.680280067, 2.28981677, 2.031032035},
                     {1.077742526e-06, 0.0007883035134, 0.007616126622, 0.02442358069, 0.05});
}

TEST(GroupSequentialBoundaries, K5EquallySpacedPocockTwoSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, K=5 equally spaced, two-sided 0.05, Pocock
    auto b = boundaries(EqualK5, 0.05, SpendingFunction::Pocock, 2);
    expectBoundaries(b, {2.437976688, 2.426813858, 2.41019384, 2.396645399, 2.385984488},
                     {0.01476972646, 0.02615685818, 0.03542565334, 0.04324198626, 0.05});
}

TEST(GroupSequentialBoundaries, RolloutFractionsOBrienFlemingTwoSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, t = [0.05, 0.25, 0.5, 0.75, 1],
    // two-sided 0.05 (alpha/2 per side), OBF. Look 1 spends 2.4e-23: its boundary is the exact
    // marginal quantile.
    auto b = boundaries(Rollout, 0.05, SpendingFunction::OBrienFleming, 2);
    expectBoundaries(b, {9.955145577, 4.332633646, 2.963131724, 2.359044306, 2.014090151},
                     {2.394721353e-23, 1.473361687e-05, 0.003050645516, 0.01929864991, 0.05});
}

TEST(GroupSequentialBoundaries, RolloutFractionsPocockTwoSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, t = [0.05, 0.25, 0.5, 0.75, 1],
    // two-sided 0.05, Pocock
    auto b = boundaries(Rollout, 0.05, SpendingFunction::Pocock, 2);
    expectBoundaries(b, {2.868739881, 2.45053206, 2.379450278, 2.363836165, 2.35365581},
                     {0.004121105644, 0.01786870098, 0.03100572535, 0.04139944696, 0.05});
}

TEST(GroupSequentialBoundaries, RolloutFractionsOBrienFlemingOneSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, t = [0.05, 0.25, 0.5, 0.75, 1],
    // one-sided 0.025, OBF. Look 1 spends 1.2e-23.
    auto b = boundaries(Rollout, 0.025, SpendingFunction::OBrienFleming, 1);
    expectBoundaries(b, {9.955145577, 4.332633646, 2.963131672, 2.3590443, 2.014090149},
                     {1.197360676e-23, 7.366808436e-06, 0.001525322758, 0.009649324954, 0.025});
}

TEST(GroupSequentialBoundaries, ThreeUnequalLooksOBrienFlemingTwoSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, t = [0.2, 0.5, 1], two-sided 0.05
    // (alpha/2 per side), OBF
    auto b = boundaries(ThreeLooks, 0.05, SpendingFunction::OBrienFleming, 2);
    expectBoundaries(b, {4.876884949, 2.962629246, 1.968596456}, {1.077742526e-06, 0.003050645516, 0.05});
}

TEST(GroupSequentialBoundaries, ThreeUnequalLooksPocockOneSided)
{
    // gen_sequential.py: multivariate_normal.cdf + brentq, t = [0.2, 0.5, 1], one-sided 0.05, Pocock
    auto b = boundaries(ThreeLooks, 0.05, SpendingFunction::Pocock, 1);
    expectBoundaries(b, {2.176211453, 2.043513774, 1.911911527}, {0.01476972646, 0.03100572535, 0.05});
}

TEST(GroupSequentialBoundaries, EchoesItsInputs)
{
    auto b = boundaries(Rollout, 0.05, SpendingFunction::Pocock, 1);
    EXPECT_EQ(b.informationFractions, Rollout);
    EXPECT_EQ(b.alpha, 0.05);
    EXPECT_EQ(b.sides, 1);
    EXPECT_EQ(b.spending, SpendingFunction::Pocock);
    EXPECT_EQ(b.nominalP.size(), Rollout.size());
}

// ---- numerical behaviour -----------------------------------------------------------------

TEST(GroupSequentialBoundaries, DoublingTheGridChangesBoundariesByLessThan1e7)
{
    struct Case
    {
        std::vector<double> t;
        double alpha;
        SpendingFunction spending;
        int sides;
    };
    const std::vector<Case> cases{{EqualK5, 0.025, SpendingFunction::OBrienFleming, 1},
                                  {EqualK5, 0.05, SpendingFunction::OBrienFleming, 2},
                                  {EqualK5, 0.05, SpendingFunction::Pocock, 2},
                                  {Rollout, 0.05, SpendingFunction::OBrienFleming, 2},
                                  {Rollout, 0.025, SpendingFunction::OBrienFleming, 1},
                                  {ThreeLooks, 0.05, SpendingFunction::Pocock, 1}};
    for (const auto &c : cases) {
        auto coarse = detail::groupSequentialBoundariesWithGrid(c.t, c.alpha, c.spending, c.sides, 32);
        auto fine = detail::groupSequentialBoundariesWithGrid(c.t, c.alpha, c.spending, c.sides, 64);
        ASSERT_TRUE(coarse.ok() && fine.ok());
        for (std::size_t k = 0; k < c.t.size(); ++k)
            EXPECT_NEAR(coarse->z[k], fine->z[k], 1e-7) << "t_k = " << c.t[k] << ", sides " << c.sides;
    }
}

TEST(GroupSequentialBoundaries, DefaultGridIsR32)
{
    auto viaDefault = groupSequentialBoundaries(EqualK5, 0.05, SpendingFunction::OBrienFleming, 2);
    auto viaDetail = detail::groupSequentialBoundariesWithGrid(EqualK5, 0.05, SpendingFunction::OBrienFleming, 2, 32);
    ASSERT_TRUE(viaDefault.ok() && viaDetail.ok());
    EXPECT_EQ(viaDefault->z, viaDetail->z);
}

TEST(GroupSequentialBoundaries, TinyEarlyFractionsGiveFiniteCappedBoundaries)
{
    // OBF at t = 1e-4 spends 2Φ̄(196) — zero in double precision; the boundary is capped.
    const std::vector<double> t{1e-4, 1e-3, 0.01, 0.05, 0.3, 1.0};
    for (int sides : {1, 2}) {
        auto b = boundaries(t, 0.025, SpendingFunction::OBrienFleming, sides);
        ASSERT_EQ(b.z.size(), t.size());
        EXPECT_EQ(b.z[0], 40.0);
        for (std::size_t k = 0; k < t.size(); ++k) {
            EXPECT_TRUE(std::isfinite(b.z[k]) && b.z[k] <= 40.0) << "look " << k;
            EXPECT_TRUE(std::isfinite(b.nominalP[k]) && b.nominalP[k] >= 0.0) << "look " << k;
        }
        EXPECT_GT(b.z[4], b.z[5]);
    }
}

TEST(GroupSequentialBoundaries, ManyLooksAndExtremeAlphasStayFinite)
{
    std::vector<double> t;
    for (int i = 1; i <= 20; ++i)
        t.push_back(i / 20.0);
    for (auto spending : {SpendingFunction::OBrienFleming, SpendingFunction::Pocock}) {
        for (double alpha : {1e-6, 0.01, 0.3, 0.49}) {
            for (int sides : {1, 2}) {
                auto b = boundaries(t, alpha, spending, sides);
                ASSERT_EQ(b.z.size(), t.size());
                for (std::size_t k = 0; k < t.size(); ++k)
                    EXPECT_TRUE(std::isfinite(b.z[k]) && std::isfinite(b.nominalP[k]))
                        << "alpha " << alpha << " sides " << sides << " look " << k;
            }
        }
        auto wide = boundaries(t, 0.95, spending, 2);
        ASSERT_EQ(wide.z.size(), t.size());
        EXPECT_GT(wide.z.back(), 0.0);
    }
}

TEST(GroupSequentialBoundaries, OBrienFlemingBoundariesDecreaseAcrossLooks)
{
    auto b = boundaries(Rollout, 0.05, SpendingFunction::OBrienFleming, 2);
    for (std::size_t k = 1; k < b.z.size(); ++k)
        EXPECT_LT(b.z[k], b.z[k - 1]);
}

/// Fraction of simulated null sequences that cross: Z_k = S_k / √t_k, S_k with independent
/// N(0, t_k − t_{k−1}) increments.
double simulatedCrossingRate(const SequentialBoundaries &b, int sequences, std::uint64_t seed)
{
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    int crossed = 0;
    for (int n = 0; n < sequences; ++n) {
        double score = 0.0;
        double previousT = 0.0;
        for (std::size_t k = 0; k < b.z.size(); ++k) {
            const double t = b.informationFractions[k];
            score += std::sqrt(t - previousT) * normal(engine);
            previousT = t;
            const double z = score / std::sqrt(t);
            if ((b.sides == 2 ? std::fabs(z) : z) >= b.z[k]) {
                ++crossed;
                break;
            }
        }
    }
    return static_cast<double>(crossed) / sequences;
}

TEST(GroupSequentialBoundaries, MonteCarloCrossingRateUnderNullIsAlpha)
{
    constexpr int Sequences = 200000;
    struct Case
    {
        std::vector<double> t;
        double alpha;
        SpendingFunction spending;
        int sides;
    };
    const std::vector<Case> cases{{Rollout, 0.05, SpendingFunction::OBrienFleming, 2},
                                  {Rollout, 0.05, SpendingFunction::Pocock, 1}};
    std::uint64_t seed = 20240601;
    for (const auto &c : cases) {
        auto b = boundaries(c.t, c.alpha, c.spending, c.sides);
        const double rate = simulatedCrossingRate(b, Sequences, seed++);
        const double standardError = std::sqrt(c.alpha * (1.0 - c.alpha) / Sequences);
        EXPECT_NEAR(rate, c.alpha, 4.0 * standardError) << "sides " << c.sides;
    }
}

TEST(GroupSequentialBoundaries, MonteCarloDetectsNaiveRepeatedTesting)
{
    // The simulation has the power to see the problem spending solves: testing every look at
    // the fixed-sample 1.96 crosses far more often than 5% (Armitage et al. 1969: ~14% for 5 looks).
    SequentialBoundaries naive;
    naive.informationFractions = EqualK5;
    naive.z.assign(EqualK5.size(), 1.959963985);
    naive.sides = 2;
    const double rate = simulatedCrossingRate(naive, 200000, 7);
    EXPECT_GT(rate, 0.05 + 0.05);
}

// ---- errors ------------------------------------------------------------------------------

void expectInvalid(const std::vector<double> &t, double alpha, int sides, const std::string &field)
{
    auto result = groupSequentialBoundaries(t, alpha, SpendingFunction::OBrienFleming, sides);
    ASSERT_FALSE(result.ok()) << field;
    EXPECT_EQ(result.error().code, errc::InvalidArgument);
    EXPECT_EQ(result.error().field, field);
    EXPECT_FALSE(result.error().message.empty());
}

TEST(GroupSequentialBoundariesErrors, EmptyFractions)
{
    expectInvalid({}, 0.05, 2, "information_fractions");
}

TEST(GroupSequentialBoundariesErrors, FractionOutOfRangeOrNotFiniteNamesItsIndex)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expectInvalid({0.0, 0.5, 1.0}, 0.05, 2, "information_fractions[0]");
    expectInvalid({-0.2, 1.0}, 0.05, 2, "information_fractions[0]");
    expectInvalid({0.2, 1.5}, 0.05, 2, "information_fractions[1]");
    expectInvalid({0.2, nan, 1.0}, 0.05, 2, "information_fractions[1]");
    expectInvalid({0.2, 0.5, inf}, 0.05, 2, "information_fractions[2]");
}

TEST(GroupSequentialBoundariesErrors, FractionsNotStrictlyIncreasing)
{
    expectInvalid({0.5, 0.25, 1.0}, 0.05, 2, "information_fractions[1]");
    expectInvalid({0.2, 0.5, 0.5, 1.0}, 0.05, 1, "information_fractions[2]");
}

TEST(GroupSequentialBoundariesErrors, LastFractionMustBeOne)
{
    auto result = groupSequentialBoundaries(std::vector<double>{0.25, 0.5, 0.9}, 0.05,
                                            SpendingFunction::Pocock, 2);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, errc::InvalidArgument);
    EXPECT_EQ(result.error().field, "information_fractions[2]");
    EXPECT_NE(result.error().message.find("end at 1"), std::string::npos) << result.error().message;
}

TEST(GroupSequentialBoundariesErrors, AlphaOutsideItsRange)
{
    expectInvalid(EqualK5, 0.0, 2, "alpha");
    expectInvalid(EqualK5, 1.0, 2, "alpha");
    expectInvalid(EqualK5, -0.05, 1, "alpha");
    expectInvalid(EqualK5, std::numeric_limits<double>::quiet_NaN(), 2, "alpha");
    expectInvalid(EqualK5, 0.5, 1, "alpha"); // one-sided needs alpha < 0.5
    EXPECT_TRUE(groupSequentialBoundaries(EqualK5, 0.5, SpendingFunction::Pocock, 2).ok());
}

TEST(GroupSequentialBoundariesErrors, SidesMustBeOneOrTwo)
{
    expectInvalid(EqualK5, 0.05, 0, "sides");
    expectInvalid(EqualK5, 0.05, 3, "sides");
    expectInvalid(EqualK5, 0.05, -2, "sides");
}

TEST(GroupSequentialBoundariesErrors, GridParameterTooSmall)
{
    auto result = detail::groupSequentialBoundariesWithGrid(EqualK5, 0.05, SpendingFunction::Pocock, 2, 1);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "grid_r");
}


TEST(GroupSequentialBoundariesErrors, MoreThan200LooksAreRefusedNotComputedForMinutes)
{
    // Hostile input: an 8 MiB request could list a million looks at ~1 ms each.
    std::vector<double> many(201);
    for (std::size_t i = 0; i < many.size(); ++i)
        many[i] = static_cast<double>(i + 1) / static_cast<double>(many.size());
    expectInvalid(many, 0.05, 2, "information_fractions");
    many.resize(200);
    for (std::size_t i = 0; i < many.size(); ++i)
        many[i] = static_cast<double>(i + 1) / static_cast<double>(many.size());
    auto b = groupSequentialBoundaries(many, 0.05, SpendingFunction::OBrienFleming, 2);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(b->z.size(), 200u);
    EXPECT_NEAR(b->alphaSpent.back(), 0.05, 1e-15);
}

} // namespace
} // namespace rampart::stats

