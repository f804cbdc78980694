// Tests for core/stats/power.h
// Reference values: tests/reference/gen_power_rank.py (statsmodels 0.13.5, scipy 1.10.1).
#include "stats/power.h"
#include "stats/distributions.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kClosed = 1e-6;   // closed forms (power, Cohen's h)
constexpr double kSolved = 1e-4;   // iterative solves (statsmodels solve_power)
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

#define EXPECT_REL(actual, expected, rel) EXPECT_NEAR((actual), (expected), (rel) * std::fabs(expected))

PowerDesign tDesign(double effect, double ratio = 1.0, Alternative alternative = Alternative::TwoSided)
{
    PowerDesign d;
    d.test = PowerTest::TwoSampleT;
    d.effectSize = effect;
    d.alpha = 0.05;
    d.ratio = ratio;
    d.alternative = alternative;
    return d;
}

PowerDesign propDesign(double ratio = 1.0, Alternative alternative = Alternative::TwoSided)
{
    PowerDesign d = tDesign(-0.063982102986058553, ratio, alternative); // proportion_effectsize(0.10, 0.12)
    d.test = PowerTest::TwoProportions;
    return d;
}

template <typename T>
T value(const Result<T> &r)
{
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : T{};
}

} // namespace

// --- t-test power (closed form) ---------------------------------------------------------

TEST(PowerTTest, TwoSidedIncludesBothTails)
{
    // statsmodels TTestIndPower().power(effect_size=0.1, nobs1=1000, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(power(tDesign(0.1), 1000)), 0.60836670580917807, kClosed);
    // statsmodels TTestIndPower().power(effect_size=-0.1, nobs1=1000, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(power(tDesign(-0.1), 1000)), 0.60836670580917807, kClosed);
    // statsmodels TTestIndPower().power(effect_size=0.5, nobs1=10, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(power(tDesign(0.5), 10)), 0.18509565629118482, kClosed);
}

TEST(PowerTTest, UnequalSplit)
{
    // statsmodels TTestIndPower().power(effect_size=0.1, nobs1=1000, alpha=0.05, ratio=3.0, alternative='two-sided')
    EXPECT_REL(value(power(tDesign(0.1, 3.0), 1000)), 0.78171412536389351, kClosed);
    // statsmodels TTestIndPower().power(effect_size=0.02, nobs1=250000, alpha=0.05, ratio=0.25, alternative='two-sided')
    EXPECT_REL(value(power(tDesign(0.02, 0.25), 250000)), 0.99400023637796597, kClosed);
}

TEST(PowerTTest, OneSidedUsesTheMatchingTail)
{
    // statsmodels TTestIndPower().power(effect_size=0.1, nobs1=1000, alpha=0.05, ratio=1.0, alternative='larger')
    EXPECT_REL(value(power(tDesign(0.1, 1.0, Alternative::Greater), 1000)), 0.72255793344701691, kClosed);
    // statsmodels TTestIndPower().power(effect_size=-0.1, nobs1=1000, alpha=0.05, ratio=1.0, alternative='smaller')
    EXPECT_REL(value(power(tDesign(-0.1, 1.0, Alternative::Less), 1000)), 0.72255793344701691, kClosed);
    // statsmodels TTestIndPower().power(effect_size=0.1, nobs1=1000, alpha=0.05, ratio=1.0, alternative='smaller')
    EXPECT_REL(value(power(tDesign(0.1, 1.0, Alternative::Less), 1000)), 5.219281873036774e-05, kClosed);
}

// --- solving for n_a ------------------------------------------------------------------

TEST(PowerSolveNobs, CanonicalSmallEffect)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(0.1), 0.8)), 1570.7330430520035, kSolved);
}

TEST(PowerSolveNobs, RampStageRatios)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=3.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(0.1, 3.0), 0.8)), 1046.9951331799866, kSolved);
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=0.3333333333333333, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(0.1, 1.0 / 3.0), 0.8)), 3140.9853993352276, kSolved);
    // statsmodels TTestIndPower().solve_power(effect_size=-0.25, power=0.8, alpha=0.05, ratio=3.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(-0.25, 3.0), 0.8)), 167.92389025579857, kSolved);
}

TEST(PowerSolveNobs, OneSided)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=1.0, alternative='larger')
    EXPECT_REL(value(solveNobs1(tDesign(0.1, 1.0, Alternative::Greater), 0.8)), 1237.1883875940359, kSolved);
    // statsmodels TTestIndPower().solve_power(effect_size=-0.1, power=0.8, alpha=0.05, ratio=1.0, alternative='smaller')
    EXPECT_REL(value(solveNobs1(tDesign(-0.1, 1.0, Alternative::Less), 0.8)), 1237.1883875940359, kSolved);
}

TEST(PowerSolveNobs, TinyAndLargeEffects)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.01, power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(0.01), 0.8)), 156978.17055570384, kSolved);
    // statsmodels TTestIndPower().solve_power(effect_size=2.0, power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(2.0), 0.8)), 5.0899945678829068, kSolved);
}

TEST(PowerSolveNobs, RoundTripsThroughPower)
{
    const auto n = value(solveNobs1(tDesign(0.1, 3.0), 0.9));
    EXPECT_NEAR(value(power(tDesign(0.1, 3.0), n)), 0.9, 1e-9);
}

// --- sample size (rounded) ---------------------------------------------------------------

TEST(PowerSampleSize, RoundsUpPerCohort)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=1.0) = 1570.733
    const auto s = value(sampleSize(tDesign(0.1), 0.8));
    EXPECT_REL(s.nobs1, 1570.7330430520035, kSolved);
    EXPECT_EQ(s.nA, 1571);
    EXPECT_EQ(s.nB, 1571);
    EXPECT_EQ(s.total, 3142);
}

TEST(PowerSampleSize, QuarterStageSplit)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=3.0) = 1046.995;
    // n_b = ceil(1046.995 * 3) = ceil(3140.985)
    const auto s = value(sampleSize(tDesign(0.1, 3.0), 0.8));
    EXPECT_EQ(s.nA, 1047);
    EXPECT_EQ(s.nB, 3141);
    EXPECT_EQ(s.total, 4188);
}

// --- proportions ------------------------------------------------------------------------

TEST(PowerProportions, CohensH)
{
    // statsmodels proportion_effectsize(0.10, 0.12)
    EXPECT_REL(value(cohensH(0.10, 0.12)), -0.063982102986058553, kClosed);
    // statsmodels proportion_effectsize(0.5, 0.25)
    EXPECT_REL(value(cohensH(0.5, 0.25)), 0.5235987755982987, kClosed);
}

TEST(PowerProportions, PowerMatchesNormalIndPower)
{
    // statsmodels NormalIndPower().power(effect_size=proportion_effectsize(0.10, 0.12), nobs1=3000, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(power(propDesign(), 3000)), 0.69779361866109946, kClosed);
    // ... alternative='larger'
    EXPECT_REL(value(power(propDesign(1.0, Alternative::Greater), 3000)), 1.8709059341428913e-05, kClosed);
    // ... alternative='smaller'
    EXPECT_REL(value(power(propDesign(1.0, Alternative::Less), 3000)), 0.79762347434283676, kClosed);
}

TEST(PowerProportions, SolveNobs)
{
    // statsmodels NormalIndPower().solve_power(effect_size=proportion_effectsize(0.10, 0.12), power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(propDesign(), 0.8)), 3834.595739884031, kSolved);
    // ... ratio=3.0, alternative='two-sided'
    EXPECT_REL(value(solveNobs1(propDesign(3.0), 0.8)), 2556.397159987645, kSolved);
    // ... ratio=1.0, alternative='smaller'
    EXPECT_REL(value(solveNobs1(propDesign(1.0, Alternative::Less), 0.8)), 3020.5158564624139, kSolved);
}

// --- minimum detectable effect ------------------------------------------------------------

TEST(PowerSolveEffect, TTest)
{
    // statsmodels TTestIndPower().solve_power(effect_size=None, nobs1=1000, power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveEffectSize(tDesign(0.0), 1000, 0.8)), 0.12535080836170756, kSolved);
    // ... ratio=3.0, alternative='two-sided'
    EXPECT_REL(value(solveEffectSize(tDesign(0.0, 3.0), 1000, 0.8)), 0.10232387764060819, kSolved);
    // ... ratio=1.0, alternative='larger'
    EXPECT_REL(value(solveEffectSize(tDesign(0.0, 1.0, Alternative::Greater), 1000, 0.8)), 0.11123443480315012,
               kSolved);
    // ... ratio=1.0, alternative='smaller' (negative, as statsmodels)
    EXPECT_REL(value(solveEffectSize(tDesign(0.0, 1.0, Alternative::Less), 1000, 0.8)), -0.11123443480315012,
               kSolved);
}

TEST(PowerSolveEffect, Proportions)
{
    // statsmodels NormalIndPower().solve_power(effect_size=None, nobs1=5000, power=0.9, alpha=0.01, ratio=1.0)
    PowerDesign d = propDesign();
    d.alpha = 0.01;
    EXPECT_REL(value(solveEffectSize(d, 5000, 0.9)), 0.077149831719983894, kSolved);
}

// --- errors -------------------------------------------------------------------------------

TEST(PowerErrors, ZeroEffectCannotBeDetected)
{
    expectError(solveNobs1(tDesign(0.0), 0.8), errc::InvalidArgument, "effect_size");
    expectError(sampleSize(tDesign(0.0), 0.8), errc::InvalidArgument, "effect_size");
    expectError(solveNobs1(tDesign(kNaN), 0.8), errc::InvalidArgument, "effect_size");
}

TEST(PowerErrors, PowerAndAlphaOutsideUnitInterval)
{
    expectError(solveNobs1(tDesign(0.1), 0.0), errc::InvalidArgument, "power");
    expectError(solveNobs1(tDesign(0.1), 1.0), errc::InvalidArgument, "power");
    expectError(solveEffectSize(tDesign(0.0), 100, 1.5), errc::InvalidArgument, "power");
    PowerDesign d = tDesign(0.1);
    d.alpha = 0.0;
    expectError(solveNobs1(d, 0.8), errc::InvalidArgument, "alpha");
    d.alpha = 1.0;
    expectError(power(d, 100), errc::InvalidArgument, "alpha");
}

TEST(PowerErrors, TargetPowerAtOrBelowAlpha)
{
    expectError(solveNobs1(tDesign(0.1), 0.05), errc::InvalidArgument, "power");
    expectError(solveNobs1(tDesign(0.1), 0.01), errc::InvalidArgument, "power");
    expectError(solveEffectSize(tDesign(0.0), 100, 0.04), errc::InvalidArgument, "power");
}

TEST(PowerErrors, RatioMustBePositive)
{
    expectError(solveNobs1(tDesign(0.1, 0.0), 0.8), errc::InvalidArgument, "ratio");
    expectError(power(tDesign(0.1, -1.0), 100), errc::InvalidArgument, "ratio");
}

TEST(PowerErrors, NobsMustExceedOne)
{
    expectError(power(tDesign(0.1), 1.0), errc::InvalidArgument, "n_a");
    expectError(power(tDesign(0.1), kNaN), errc::InvalidArgument, "n_a");
    expectError(power(tDesign(0.1), std::numeric_limits<double>::infinity()), errc::InvalidArgument, "n_a");
    expectError(solveEffectSize(tDesign(0.0), 0.5, 0.8), errc::InvalidArgument, "n_a");
    // n_a = 1.5, n_b = 0.15: df = −0.35
    expectError(power(tDesign(0.1, 0.1), 1.5), errc::InvalidArgument, "n_a");
}

TEST(PowerErrors, ProportionsOutsideClosedUnit)
{
    expectError(cohensH(-0.01, 0.5), errc::InvalidArgument, "p1");
    expectError(cohensH(0.5, 1.01), errc::InvalidArgument, "p2");
    expectError(cohensH(kNaN, 0.5), errc::InvalidArgument, "p1");
}

TEST(PowerProportions, CohensHIsDefinedAtZeroAndOne)
{
    // Issue 7 item 10: statsmodels proportion_effectsize(0, 0.1), (1, 0), (0.05, 0)
    EXPECT_REL(value(cohensH(0.0, 0.1)), -0.6435011087932844, kClosed);
    EXPECT_REL(value(cohensH(1.0, 0.0)), 3.141592653589793, kClosed);
    EXPECT_REL(value(cohensH(0.05, 0.0)), 0.4510268117962624, kClosed);
    // statsmodels NormalIndPower().solve_power(effect_size=proportion_effectsize(0, 0.1), power=0.8, alpha=0.05, ratio=1)
    PowerDesign d = propDesign();
    d.effectSize = value(cohensH(0.0, 0.1));
    EXPECT_REL(value(solveNobs1(d, 0.8)), 37.908621134537555, kSolved);
    // ... proportion_effectsize(0.05, 0), ratio=3, alternative='larger'
    PowerDesign larger = propDesign(3.0, Alternative::Greater);
    larger.effectSize = value(cohensH(0.05, 0.0));
    EXPECT_REL(value(solveNobs1(larger, 0.8)), 40.523053423899746, kSolved);
    // NormalIndPower().power(effect_size=proportion_effectsize(1, 0.9), nobs1=50, alpha=0.05, ratio=1)
    PowerDesign one = propDesign();
    one.effectSize = value(cohensH(1.0, 0.9));
    EXPECT_REL(value(power(one, 50)), 0.895721312493625, kClosed);
}

// ---- hostile input (issue 8 items 10-12) ------------------------------------------------

TEST(PowerHostileInput, HugeEffectSizeIsRefusedNotAnUncaughtRoundingError)
{
    // Was: `stats sample-size {"effect_size":100000}` aborted on boost::math::rounding_error.
    expectError(sampleSize(tDesign(100000.0), 0.8), errc::InvalidArgument, "effect_size");
    expectError(power(tDesign(-1e5), 100), errc::InvalidArgument, "effect_size");
    // |d| = 1000 is allowed, and is so large that the smallest sample already has the power.
    expectError(sampleSize(tDesign(1000.0), 0.8), errc::InvalidArgument, "effect_size");
}

TEST(PowerHostileInput, HugeNonCentralityGivesAPowerNotAnUncaughtRoundingError)
{
    // Was: `stats power {"effect_size":0.1,"n_a":1e12}` aborted (δ²/2 = 2.5e9 > INT_MAX in Boost's
    // non_central_t). statsmodels TTestIndPower().power(effect_size=0.02, nobs1=3e6, alpha=0.05) = 1.0
    EXPECT_EQ(value(power(tDesign(0.1), 1e11)), 1.0);
    EXPECT_EQ(value(power(tDesign(999.0), 1e11)), 1.0);
    EXPECT_EQ(value(power(tDesign(-999.0, 1.0, Alternative::Greater), 1e11)), 0.0);
    EXPECT_REL(value(power(tDesign(0.02), 3e6)), 1.0, 1e-12);
    // Beyond the total of 1e12 observations: a clear error.
    expectError(power(tDesign(0.1), 1e12), errc::InvalidArgument, "n_a");
}

TEST(PowerHostileInput, MdeWithRatio1e308ReturnsAtOnce)
{
    // Was: `stats mde {"n_a":1000,"ratio":1e308}` never returned (the bracket widening started at 0).
    expectError(solveEffectSize(tDesign(0.0, 1e308), 1000, 0.8), errc::InvalidArgument, "ratio");
    expectError(solveEffectSize(tDesign(0.0, 1e-308), 1000, 0.8), errc::InvalidArgument, "ratio");
    // The extreme ratios still allowed are answered.
    EXPECT_GT(value(solveEffectSize(tDesign(0.0, 1e6), 1000, 0.8)), 0.0);
    EXPECT_GT(value(solveEffectSize(tDesign(0.0, 1e-6), 1e6, 0.8)), 0.0);
}

TEST(PowerHostileInput, SampleSizeWithRatio1e20IsAnErrorNotInt64Min)
{
    // Was: `stats sample-size {"effect_size":0.1,"ratio":1e20}` exited 0 with n_b = INT64_MIN.
    expectError(sampleSize(tDesign(0.1, 1e20), 0.8), errc::InvalidArgument, "ratio");
    // At the largest ratio allowed, every count is positive and the total is their sum.
    const SampleSize s = value(sampleSize(tDesign(0.1, 1e6), 0.8));
    EXPECT_GT(s.nA, 0);
    EXPECT_GT(s.nB, s.nA);
    EXPECT_EQ(s.total, s.nA + s.nB);
    // A tiny effect at a huge ratio needs more than 1e12 observations: unattainable.
    expectError(sampleSize(tDesign(1e-5, 1e6), 0.8), errc::InvalidArgument, "effect_size");
}

TEST(PowerErrors, EffectAgainstOneSidedAlternativeIsUnattainable)
{
    expectError(solveNobs1(tDesign(0.1, 1.0, Alternative::Less), 0.8), errc::InvalidArgument, "effect_size");
    expectError(solveNobs1(tDesign(-0.1, 1.0, Alternative::Greater), 0.8), errc::InvalidArgument, "effect_size");
}

TEST(PowerErrors, EffectTooSmallForAnyRealisticSample)
{
    const auto r = solveNobs1(tDesign(1e-9), 0.8);
    expectError(r, errc::InvalidArgument, "effect_size");
}

TEST(PowerSolveNobs, VeryLargeDegreesOfFreedom)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.001, power=0.8, alpha=0.05, ratio=1.0, alternative='two-sided')
    EXPECT_REL(value(solveNobs1(tDesign(0.001), 0.8)), 15697721.97901716, kSolved);
}

TEST(NonCentralT, HugeNonCentralitySwitchesToAbramowitzStegunWithoutAJump)
{
    // Boost 1.74's non_central_t throws rounding_error for δ²/2 > INT_MAX whatever the policy,
    // so from δ²/2 = 1e9 (δ ≈ 44721) the A&S 26.7.10 approximation takes over.
    // scipy.stats.nct.cdf(44750.0, 1e6, 44700.0) (Boost side) and nct.cdf(44750.0, 1e6, 44730.0) (A&S side)
    EXPECT_NEAR(dist::nonCentralTCdf(44750.0, 1e6, 44700.0), 0.9428504112951549, 1e-6);
    EXPECT_NEAR(dist::nonCentralTCdf(44750.0, 1e6, 44730.0), 0.7360814271102358, 2e-3);
    // scipy.stats.nct.sf(44650.0, 4000.0, 44700.0) and nct.sf(44650.0, 4000.0, 44730.0)
    EXPECT_NEAR(dist::nonCentralTSf(44650.0, 4000.0, 44700.0), 0.5428407648777378, 1e-6);
    EXPECT_NEAR(dist::nonCentralTSf(44650.0, 4000.0, 44730.0), 0.5665742225491348, 2e-3);
    // Far beyond: finite, no exception.
    EXPECT_EQ(dist::nonCentralTSf(2.0, 1e11, 1e8), 1.0);
    EXPECT_TRUE(std::isnan(dist::nonCentralTCdf(2.0, 0.0, 1.0)));
}
