// Tests for core/stats/ttest.h
// Reference values: tests/reference/gen_ttest_contingency.py (scipy 1.10.1, statsmodels 0.13.5).
#include "stats/ttest.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kRel = 1e-6;
constexpr double kInf = std::numeric_limits<double>::infinity();

#define EXPECT_REL(actual, expected) EXPECT_NEAR((actual), (expected), kRel * std::fabs(expected))

const SampleSummary kA{50, 10.2, 2.1};
const SampleSummary kB{80, 9.1, 3.3};
// Large cohorts with a small difference: p-values around 1e-19.
const SampleSummary kLargeA{200000, 5.31, 1.0};
const SampleSummary kLargeB{200000, 5.28, 1.1};

const std::vector<double> kRawA{12.1, 9.8, 11.4, 10.9, 13.2, 8.7, 10.1, 12.6, 11.8, 9.5, 10.4, 12.9};
const std::vector<double> kRawB{9.2, 10.6, 8.1, 9.9, 11.3, 7.8, 9.4, 10.2, 8.8, 9.7, 10.9, 8.5, 9.1, 10.0, 7.9};

TTestResult run(const SampleSummary &a, const SampleSummary &b, TTestKind kind,
                Alternative alternative = Alternative::TwoSided, double level = 0.95)
{
    auto r = tTest(a, b, kind, alternative, level);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : TTestResult{};
}

TTestResult runRaw(TTestKind kind, Alternative alternative = Alternative::TwoSided, double level = 0.95)
{
    auto r = tTest(std::span<const double>(kRawA), std::span<const double>(kRawB), kind, alternative, level);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : TTestResult{};
}

} // namespace

// --- Welch from summaries -------------------------------------------------------------

TEST(TTestWelch, TwoSidedMatchesScipy)
{
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=False, alternative='two-sided')
    const auto r = run(kA, kB, TTestKind::Welch);
    EXPECT_REL(r.t, 2.3224899691382994);
    EXPECT_REL(r.pValue, 0.021785710811476747);
    // Welch–Satterthwaite df and se, computed explicitly in the generator script.
    EXPECT_REL(r.df, 127.9418005796969);
    EXPECT_REL(r.standardError, 0.47362960211540833);
    EXPECT_REL(r.meanDiff, 1.1);
}

TEST(TTestWelch, OneSidedMatchScipy)
{
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=False, alternative='less')
    EXPECT_REL(run(kA, kB, TTestKind::Welch, Alternative::Less).pValue, 0.98910714459426163);
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=False, alternative='greater')
    EXPECT_REL(run(kA, kB, TTestKind::Welch, Alternative::Greater).pValue, 0.010892855405738373);
}

TEST(TTestWelch, ConfidenceIntervalAtSeveralLevels)
{
    // d ∓ scipy.stats.t.ppf(0.975, df) * se with the Welch df (generator script)
    auto r = run(kA, kB, TTestKind::Welch, Alternative::TwoSided, 0.95);
    EXPECT_REL(r.ci.low, 0.16283884464152232);
    EXPECT_REL(r.ci.high, 2.037161155358477);
    EXPECT_DOUBLE_EQ(r.confidenceLevel, 0.95);
    // d ∓ scipy.stats.t.ppf(0.95, df) * se
    r = run(kA, kB, TTestKind::Welch, Alternative::TwoSided, 0.9);
    EXPECT_REL(r.ci.low, 0.31526645233825812);
    EXPECT_REL(r.ci.high, 1.8847335476617411);
    // d ∓ scipy.stats.t.ppf(0.995, df) * se
    r = run(kA, kB, TTestKind::Welch, Alternative::TwoSided, 0.99);
    EXPECT_REL(r.ci.low, -0.13844804280723544);
    EXPECT_REL(r.ci.high, 2.3384480428072347);
}

TEST(TTestWelch, OneSidedIntervalsAreOpenOnOneEnd)
{
    // greater: [d − scipy.stats.t.ppf(0.95, df) * se, +inf)
    auto r = run(kA, kB, TTestKind::Welch, Alternative::Greater);
    EXPECT_REL(r.ci.low, 0.31526645233825812);
    EXPECT_EQ(r.ci.high, kInf);
    // less: (−inf, d + scipy.stats.t.ppf(0.95, df) * se]
    r = run(kA, kB, TTestKind::Welch, Alternative::Less);
    EXPECT_EQ(r.ci.low, -kInf);
    EXPECT_REL(r.ci.high, 1.8847335476617411);
}

TEST(TTestWelch, TinyPValueKeepsRelativeAccuracy)
{
    // scipy.stats.ttest_ind_from_stats(5.31, 1.0, 200000, 5.28, 1.1, 200000, equal_var=False, alternative='two-sided')
    auto r = run(kLargeA, kLargeB, TTestKind::Welch);
    EXPECT_REL(r.t, 9.0248525639426092);
    EXPECT_REL(r.pValue, 1.8071021540586166e-19);
    // scipy.stats.ttest_ind_from_stats(5.31, 1.0, 200000, 5.28, 1.1, 200000, equal_var=False, alternative='greater')
    EXPECT_REL(run(kLargeA, kLargeB, TTestKind::Welch, Alternative::Greater).pValue, 9.0355107702930829e-20);
    // scipy.stats.ttest_ind_from_stats(5.31, 1.0, 200000, 5.28, 1.1, 200000, equal_var=False, alternative='less')
    EXPECT_REL(run(kLargeA, kLargeB, TTestKind::Welch, Alternative::Less).pValue, 1.0);
}

// --- Student from summaries -----------------------------------------------------------

TEST(TTestStudent, MatchesScipyForEveryAlternative)
{
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=True, alternative='two-sided')
    auto r = run(kA, kB, TTestKind::Student);
    EXPECT_REL(r.t, 2.1041134134653228);
    EXPECT_REL(r.pValue, 0.037324840740115869);
    EXPECT_DOUBLE_EQ(r.df, 128.0);
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=True, alternative='less')
    EXPECT_REL(run(kA, kB, TTestKind::Student, Alternative::Less).pValue, 0.98133757962994206);
    // scipy.stats.ttest_ind_from_stats(10.2, 2.1, 50, 9.1, 3.3, 80, equal_var=True, alternative='greater')
    EXPECT_REL(run(kA, kB, TTestKind::Student, Alternative::Greater).pValue, 0.018662420370057935);
}

TEST(TTestStudent, PooledStandardErrorAndInterval)
{
    // d ∓ scipy.stats.t.ppf(0.975, 128) * sp * sqrt(1/50 + 1/80) (generator script)
    const auto r = run(kA, kB, TTestKind::Student);
    EXPECT_REL(r.standardError, 0.52278550811972591);
    EXPECT_REL(r.ci.low, 0.065579554377062976);
    EXPECT_REL(r.ci.high, 2.1344204456229363);
}

TEST(TTestStudent, TinyPValueKeepsRelativeAccuracy)
{
    // scipy.stats.ttest_ind_from_stats(5.31, 1.0, 200000, 5.28, 1.1, 200000, equal_var=True, alternative='two-sided')
    EXPECT_REL(run(kLargeA, kLargeB, TTestKind::Student).pValue, 1.8070328704225748e-19);
    // scipy.stats.ttest_ind_from_stats(5.31, 1.0, 200000, 5.28, 1.1, 200000, equal_var=True, alternative='greater')
    EXPECT_REL(run(kLargeA, kLargeB, TTestKind::Student, Alternative::Greater).pValue, 9.0351643521128741e-20);
}

// --- relative lift --------------------------------------------------------------------

TEST(TTestRelativeLift, DeltaMethodInterval)
{
    // L = 10.2/9.1 − 1; CI L ∓ scipy.stats.norm.ppf(0.975) * sqrt(var) (generator script)
    auto r = run(kA, kB, TTestKind::Welch);
    ASSERT_TRUE(r.relativeLift.has_value());
    EXPECT_REL(r.relativeLift->estimate, 0.12087912087912089);
    EXPECT_REL(r.relativeLift->ci.low, 0.011220249409074429);
    EXPECT_REL(r.relativeLift->ci.high, 0.23053799234916736);
    // scipy.stats.norm.ppf(0.95) at level 0.9
    r = run(kA, kB, TTestKind::Welch, Alternative::TwoSided, 0.9);
    EXPECT_REL(r.relativeLift->ci.low, 0.028850494900445348);
    EXPECT_REL(r.relativeLift->ci.high, 0.21290774685779645);
}

TEST(TTestRelativeLift, OneSidedFollowsAlternative)
{
    // greater: [L − scipy.stats.norm.ppf(0.95) * sqrt(var), +inf)
    auto r = run(kA, kB, TTestKind::Welch, Alternative::Greater);
    EXPECT_REL(r.relativeLift->ci.low, 0.028850494900445348);
    EXPECT_EQ(r.relativeLift->ci.high, kInf);
    r = run(kA, kB, TTestKind::Welch, Alternative::Less);
    EXPECT_EQ(r.relativeLift->ci.low, -kInf);
    EXPECT_REL(r.relativeLift->ci.high, 0.21290774685779645);
}

TEST(TTestRelativeLift, AbsentWhenControlMeanIsZero)
{
    const auto r = run(kA, SampleSummary{80, 0.0, 3.3}, TTestKind::Welch);
    EXPECT_FALSE(r.relativeLift.has_value());
}

// --- raw samples ----------------------------------------------------------------------

TEST(TTestRaw, WelchMatchesScipyAndStatsmodels)
{
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=False, alternative='two-sided')
    auto r = runRaw(TTestKind::Welch);
    EXPECT_REL(r.t, 3.3625359044535887);
    EXPECT_REL(r.pValue, 0.0031084673655566676);
    // statsmodels CompareMeans(DescrStatsW(RAW_A), DescrStatsW(RAW_B)).tconfint_diff(alpha=0.05, alternative='two-sided', usevar='unequal')
    EXPECT_REL(r.ci.low, 0.64137367183490235);
    EXPECT_REL(r.ci.high, 2.7386263281650933);
    // ... tconfint_diff(alpha=0.1, alternative='two-sided', usevar='unequal')
    r = runRaw(TTestKind::Welch, Alternative::TwoSided, 0.9);
    EXPECT_REL(r.ci.low, 0.82301959594358787);
    EXPECT_REL(r.ci.high, 2.5569804040564077);
    // ... tconfint_diff(alpha=0.01, alternative='two-sided', usevar='unequal')
    r = runRaw(TTestKind::Welch, Alternative::TwoSided, 0.99);
    EXPECT_REL(r.ci.low, 0.25943917206072475);
    EXPECT_REL(r.ci.high, 3.1205608279392707);
}

TEST(TTestRaw, WelchOneSided)
{
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=False, alternative='greater')
    auto r = runRaw(TTestKind::Welch, Alternative::Greater);
    EXPECT_REL(r.pValue, 0.0015542336827783338);
    // statsmodels ... tconfint_diff(alpha=0.05, alternative='larger', usevar='unequal')
    EXPECT_REL(r.ci.low, 0.82301959594358753);
    EXPECT_EQ(r.ci.high, kInf);
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=False, alternative='less')
    r = runRaw(TTestKind::Welch, Alternative::Less);
    EXPECT_REL(r.pValue, 0.99844576631722171);
    // statsmodels ... tconfint_diff(alpha=0.05, alternative='smaller', usevar='unequal')
    EXPECT_EQ(r.ci.low, -kInf);
    EXPECT_REL(r.ci.high, 2.5569804040564077);
}

TEST(TTestRaw, StudentMatchesScipyAndStatsmodels)
{
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=True, alternative='two-sided')
    auto r = runRaw(TTestKind::Student);
    EXPECT_REL(r.t, 3.4738382612816694);
    EXPECT_REL(r.pValue, 0.0018851097221694031);
    // statsmodels CompareMeans(DescrStatsW(RAW_A), DescrStatsW(RAW_B)).tconfint_diff(alpha=0.05, alternative='two-sided', usevar='pooled')
    EXPECT_REL(r.ci.low, 0.68804772348010745);
    EXPECT_REL(r.ci.high, 2.691952276519888);
    // ... tconfint_diff(alpha=0.01, alternative='two-sided', usevar='pooled')
    r = runRaw(TTestKind::Student, Alternative::TwoSided, 0.99);
    EXPECT_REL(r.ci.low, 0.33393038167120603);
    EXPECT_REL(r.ci.high, 3.0460696183287892);
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=True, alternative='less'), ... usevar='pooled', 'smaller'
    r = runRaw(TTestKind::Student, Alternative::Less);
    EXPECT_REL(r.pValue, 0.99905744513891537);
    EXPECT_REL(r.ci.high, 2.5209995081494192);
    // scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=True, alternative='greater'), ... usevar='pooled', 'larger'
    r = runRaw(TTestKind::Student, Alternative::Greater);
    EXPECT_REL(r.pValue, 0.00094255486108470155);
    EXPECT_REL(r.ci.low, 0.85900049185057636);
}

TEST(TTestRaw, SummarizeMatchesNumpy)
{
    // numpy.mean(RAW_A), numpy.std(RAW_A, ddof=1)
    const auto s = summarize(kRawA);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->n, 12);
    EXPECT_REL(s->mean, 11.116666666666667);
    EXPECT_REL(s->sd, 1.4465214282630736);
}

TEST(TTestRaw, SummarizeRejectsEmptyAndNonFinite)
{
    const auto empty = summarize({});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, errc::InsufficientData);
    const std::vector<double> bad{1.0, std::nan("")};
    const auto nan = summarize(bad);
    ASSERT_FALSE(nan.ok());
    EXPECT_EQ(nan.error().field, "values[1]");
}

// --- errors ---------------------------------------------------------------------------

TEST(TTestErrors, TooFewObservations)
{
    expectError(tTest(SampleSummary{1, 1.0, 1.0}, kB, TTestKind::Welch), errc::InsufficientData, "a.n");
    expectError(tTest(kA, SampleSummary{0, 1.0, 1.0}, TTestKind::Student), errc::InsufficientData, "b.n");
}

TEST(TTestErrors, NegativeStandardDeviation)
{
    expectError(tTest(SampleSummary{10, 1.0, -0.5}, kB, TTestKind::Welch), errc::InvalidArgument, "a.sd");
    expectError(tTest(kA, SampleSummary{10, 1.0, -0.5}, TTestKind::Welch), errc::InvalidArgument, "b.sd");
}

TEST(TTestErrors, NonFiniteMeanOrSd)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    expectError(tTest(SampleSummary{10, nan, 1.0}, kB, TTestKind::Welch), errc::InvalidArgument, "a.mean");
    expectError(tTest(kA, SampleSummary{10, kInf, 1.0}, TTestKind::Welch), errc::InvalidArgument, "b.mean");
    expectError(tTest(SampleSummary{10, 1.0, nan}, kB, TTestKind::Welch), errc::InvalidArgument, "a.sd");
    expectError(tTest(kA, SampleSummary{10, 1.0, kInf}, TTestKind::Student), errc::InvalidArgument, "b.sd");
}

TEST(TTestErrors, BothStandardDeviationsZero)
{
    const auto r = tTest(SampleSummary{10, 1.0, 0.0}, SampleSummary{10, 2.0, 0.0}, TTestKind::Welch);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::DegenerateData);
    const std::vector<double> constant{3.0, 3.0, 3.0};
    const auto raw = tTest(std::span<const double>(constant), std::span<const double>(constant), TTestKind::Student);
    ASSERT_FALSE(raw.ok());
    EXPECT_EQ(raw.error().code, errc::DegenerateData);
}

TEST(TTestErrors, OneZeroStandardDeviationIsFine)
{
    const auto r = tTest(SampleSummary{10, 1.0, 0.0}, SampleSummary{10, 2.0, 1.0}, TTestKind::Welch);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(std::isfinite(r->t));
    EXPECT_TRUE(std::isfinite(r->df));
}

TEST(TTestErrors, ConfidenceLevelOutsideOpenUnit)
{
    for (double level : {0.0, 1.0, -0.2, 1.5, std::nan("")})
        expectError(tTest(kA, kB, TTestKind::Welch, Alternative::TwoSided, level), errc::InvalidArgument,
                    "confidence_level");
}

TEST(TTestErrors, RawSamples)
{
    const std::vector<double> one{1.0};
    const std::vector<double> bad{1.0, 2.0, 3.0, kInf, 5.0};
    expectError(tTest(std::span<const double>(one), std::span<const double>(kRawB), TTestKind::Welch),
                errc::InsufficientData, "a");
    expectError(tTest(std::span<const double>(kRawA), std::span<const double>(), TTestKind::Welch),
                errc::InsufficientData, "b");
    expectError(tTest(std::span<const double>(bad), std::span<const double>(kRawB), TTestKind::Welch),
                errc::InvalidArgument, "a[3]");
    expectError(tTest(std::span<const double>(kRawA), std::span<const double>(bad), TTestKind::Welch),
                errc::InvalidArgument, "b[3]");
}

TEST(TTestErrors, OverflowingInputsAreRejectedNotNaN)
{
    const auto r = tTest(SampleSummary{10, 1e300, 1e300}, SampleSummary{10, -1e300, 1e300}, TTestKind::Welch);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errc::InvalidArgument);
}
