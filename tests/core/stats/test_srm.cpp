// Tests for core/stats/srm.h
// Reference values: tests/reference/gen_power_rank.py (scipy 1.10.1).
#include "stats/srm.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kRel = 1e-6;

#define EXPECT_REL(actual, expected) EXPECT_NEAR((actual), (expected), kRel * std::fabs(expected))

using Counts = std::vector<std::int64_t>;
using Fractions = std::vector<double>;

SrmResult run(const Counts &observed, const Fractions &fractions, double threshold = 0.001)
{
    auto r = sampleRatioMismatch(observed, fractions, threshold);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : SrmResult{};
}

} // namespace

TEST(Srm, EvenSplitWithinNoise)
{
    // scipy.stats.chisquare([5000, 5200], f_exp=[5100.0, 5100.0])
    const auto r = run({5000, 5200}, {0.5, 0.5});
    EXPECT_REL(r.chi2, 3.9215686274509802);
    EXPECT_REL(r.pValue, 0.047670380656161498);
    EXPECT_EQ(r.dof, 1);
    EXPECT_FALSE(r.mismatch);
    EXPECT_EQ(r.expectedCounts, (Fractions{5100.0, 5100.0}));
}

TEST(Srm, QuarterStageSplit)
{
    // scipy.stats.chisquare([25400, 74600], f_exp=[25000.0, 75000.0])
    const auto r = run({25400, 74600}, {0.25, 0.75});
    EXPECT_REL(r.chi2, 8.5333333333333332);
    EXPECT_REL(r.pValue, 0.0034870048921413857);
    EXPECT_FALSE(r.mismatch);
    // The same data flags a mismatch at a looser threshold.
    EXPECT_TRUE(run({25400, 74600}, {0.25, 0.75}, 0.01).mismatch);
}

TEST(Srm, ClearMismatchTinyPValue)
{
    // scipy.stats.chisquare([50000, 53000], f_exp=[51500.0, 51500.0])
    const auto r = run({50000, 53000}, {0.5, 0.5});
    EXPECT_REL(r.chi2, 87.378640776699029);
    EXPECT_REL(r.pValue, 8.9613031421387833e-21);
    EXPECT_TRUE(r.mismatch);
}

TEST(Srm, ThreeCohorts)
{
    // scipy.stats.chisquare([2050, 2950, 5000], f_exp=[2000.0, 3000.0, 5000.0])
    const auto r = run({2050, 2950, 5000}, {0.2, 0.3, 0.5});
    EXPECT_REL(r.chi2, 2.0833333333333335);
    EXPECT_REL(r.pValue, 0.35286608145884896);
    EXPECT_EQ(r.dof, 2);
}

TEST(Srm, EmptyCohortIsAllowed)
{
    // scipy.stats.chisquare([0, 10], f_exp=[5.0, 5.0])
    const auto r = run({0, 10}, {0.5, 0.5});
    EXPECT_REL(r.chi2, 10.0);
    EXPECT_REL(r.pValue, 0.001565402258002549);
}

TEST(SrmWeights, WeightsOneTwoThreeAreNormalised)
{
    // Issue 7 item 10. scipy.stats.chisquare([105, 190, 305], f_exp=600*np.array([1, 2, 3])/6)
    auto r = sampleRatioMismatchWeights(Counts{105, 190, 305}, Fractions{1.0, 2.0, 3.0});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_REL(r->chi2, 0.8333333333333334);
    EXPECT_REL(r->pValue, 0.6592406302004438);
    EXPECT_REL(r->expectedCounts[2], 300.0);
}

TEST(SrmWeights, PlannedCountsAreWeightsToo)
{
    // scipy.stats.chisquare([2450, 7550], f_exp=[2500, 7500])
    auto r = sampleRatioMismatchWeights(Counts{2450, 7550}, Fractions{2500.0, 7500.0});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_REL(r->chi2, 1.3333333333333333);
    EXPECT_REL(r->pValue, 0.24821307898992026);
    // Weights at the ends of the double range are scaled before summing, so nothing overflows.
    auto huge = sampleRatioMismatchWeights(Counts{2450, 7550}, Fractions{0.5e308, 1.5e308});
    ASSERT_TRUE(huge.ok()) << huge.error().message;
    EXPECT_REL(huge->chi2, 1.3333333333333333);
}

TEST(SrmWeights, BadWeightsNameTheirIndex)
{
    using rampart::testing::expectError;
    expectError(sampleRatioMismatchWeights(Counts{10, 10}, Fractions{1.0, 0.0}), errc::InvalidArgument,
                "expected_weights[1]");
    expectError(sampleRatioMismatchWeights(Counts{10, 10}, Fractions{-1.0, 2.0}), errc::InvalidArgument,
                "expected_weights[0]");
    expectError(sampleRatioMismatchWeights(Counts{10, 10}, Fractions{1.0, std::nan("")}), errc::InvalidArgument,
                "expected_weights[1]");
    expectError(sampleRatioMismatchWeights(Counts{10, 10}, Fractions{1.0}), errc::InvalidArgument,
                "expected_weights");
    expectError(sampleRatioMismatchWeights(Counts{10, 10}, Fractions{1e308, 1e-308}), errc::InvalidArgument,
                "expected_weights[1]");
}

TEST(SrmErrors, TotalBeyond2To53IsRefusedNotOverflowed)
{
    using rampart::testing::expectError;
    const std::int64_t big = std::int64_t{1} << 62;
    expectError(sampleRatioMismatch(Counts{big, big, big}, Fractions{0.25, 0.25, 0.5}), errc::InvalidArgument,
                "observed");
}

TEST(SrmErrors, TooFewCohorts)
{
    expectError(sampleRatioMismatch(Counts{100}, Fractions{1.0}), errc::InsufficientData, "observed");
}

TEST(SrmErrors, NegativeCount)
{
    expectError(sampleRatioMismatch(Counts{100, -1}, Fractions{0.5, 0.5}), errc::InvalidArgument, "observed[1]");
}

TEST(SrmErrors, ZeroTotal)
{
    expectError(sampleRatioMismatch(Counts{0, 0}, Fractions{0.5, 0.5}), errc::InsufficientData, "observed");
}

TEST(SrmErrors, SizeMismatch)
{
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.2, 0.3, 0.5}), errc::InvalidArgument,
                "expected_fractions");
}

TEST(SrmErrors, FractionsOutsideOpenUnitOrNotSummingToOne)
{
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.0, 1.0}), errc::InvalidArgument,
                "expected_fractions[0]");
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.5, std::numeric_limits<double>::quiet_NaN()}),
                errc::InvalidArgument, "expected_fractions[1]");
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.5, 0.6}), errc::InvalidArgument,
                "expected_fractions");
}

TEST(SrmErrors, ThresholdOutsideOpenUnit)
{
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.5, 0.5}, 0.0), errc::InvalidArgument, "threshold");
    expectError(sampleRatioMismatch(Counts{10, 20}, Fractions{0.5, 0.5}, 1.0), errc::InvalidArgument, "threshold");
}
