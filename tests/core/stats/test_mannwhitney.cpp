// Tests for core/stats/mannwhitney.h
// Reference values: tests/reference/gen_power_rank.py (scipy 1.10.1); sample names below
// match the generator's constants.
#include "stats/mannwhitney.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kRel = 1e-6;

#define EXPECT_REL(actual, expected) EXPECT_NEAR((actual), (expected), kRel * std::fabs(expected))

using Vec = std::vector<double>;

const Vec kMales{19, 22, 16, 29, 24};
const Vec kFemales{20, 11, 17, 12};
const Vec kSmallA{1.1, 2.3, 3.5};
const Vec kWideB{0.5, 4.2, 5.1, 6.0, 7.7, 8.1, 9.0, 9.9, 10.5, 11.2};
const Vec kTiesA{1, 2, 2, 3, 3, 3, 4, 5, 6, 7};
const Vec kTiesB{2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 9};
const Vec kNoTies9A{0.5, 1.7, 2.2, 3.9, 4.1, 5.6, 6.3, 7.8, 8.4};
const Vec kNoTies9B{1.1, 2.9, 3.3, 4.6, 5.2, 6.8, 7.1, 8.9, 9.5, 10.2};

Vec largeA()
{
    Vec v;
    for (int i = 0; i < 200; ++i)
        v.push_back(static_cast<double>(i * 37 % 200) / 10.0);
    return v;
}

Vec largeB()
{
    Vec v;
    for (int i = 0; i < 200; ++i)
        v.push_back(static_cast<double>(i * 53 % 200) / 10.0 + 6.0);
    return v;
}

Vec shifted(int n, double offset)
{
    Vec v;
    for (int i = 0; i < n; ++i)
        v.push_back(i + offset);
    return v;
}

MannWhitneyResult run(const Vec &a, const Vec &b, MannWhitneyMethod method, Alternative alternative,
                      bool continuity = true)
{
    auto r = mannWhitneyU(a, b, method, alternative, continuity);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : MannWhitneyResult{};
}

constexpr auto kAuto = MannWhitneyMethod::Auto;
constexpr auto kExact = MannWhitneyMethod::Exact;
constexpr auto kAsymptotic = MannWhitneyMethod::Asymptotic;
constexpr auto kTwo = Alternative::TwoSided;
constexpr auto kLess = Alternative::Less;
constexpr auto kGreater = Alternative::Greater;

} // namespace

// --- exact ---------------------------------------------------------------------------------

TEST(MannWhitneyExact, ScipyDocExampleAllAlternatives)
{
    // scipy.stats.mannwhitneyu(males, females, alternative='two-sided', method='exact')
    auto r = run(kMales, kFemales, kExact, kTwo);
    EXPECT_EQ(r.u, 17.0);
    EXPECT_REL(r.pValue, 0.1111111111111111);
    EXPECT_EQ(r.method, kExact);
    // scipy.stats.mannwhitneyu(males, females, alternative='less', method='exact')
    EXPECT_REL(run(kMales, kFemales, kExact, kLess).pValue, 0.96825396825396837);
    // scipy.stats.mannwhitneyu(males, females, alternative='greater', method='exact')
    EXPECT_REL(run(kMales, kFemales, kExact, kGreater).pValue, 0.055555555555555552);
}

TEST(MannWhitneyExact, OneSmallSampleAllAlternatives)
{
    // scipy.stats.mannwhitneyu([1.1, 2.3, 3.5], [0.5, 4.2, ..., 11.2], alternative='two-sided', method='auto')
    auto r = run(kSmallA, kWideB, kAuto, kTwo);
    EXPECT_EQ(r.u, 3.0);
    EXPECT_REL(r.pValue, 0.048951048951048952);
    // ... alternative='less'
    EXPECT_REL(run(kSmallA, kWideB, kAuto, kLess).pValue, 0.024475524475524476);
    // ... alternative='greater'
    EXPECT_REL(run(kSmallA, kWideB, kAuto, kGreater).pValue, 0.98601398601398627);
}

TEST(MannWhitneyExact, NineByTenOnRequest)
{
    // scipy.stats.mannwhitneyu(NOTIES9_A, NOTIES9_B, alternative='two-sided', method='exact')
    auto r = run(kNoTies9A, kNoTies9B, kExact, kTwo);
    EXPECT_EQ(r.u, 32.0);
    EXPECT_REL(r.pValue, 0.31537812033168078);
    // ... alternative='less'
    EXPECT_REL(run(kNoTies9A, kNoTies9B, kExact, kLess).pValue, 0.15768906016584039);
    // ... alternative='greater'
    EXPECT_REL(run(kNoTies9A, kNoTies9B, kExact, kGreater).pValue, 0.86124401913875626);
}

TEST(MannWhitneyExact, FiftyPerSideTinyPValue)
{
    const Vec a = shifted(50, 0.0);
    const Vec b = shifted(50, 35.5);
    const auto start = std::chrono::steady_clock::now();
    // scipy.stats.mannwhitneyu(EXACT50_A, EXACT50_B, alternative='two-sided', method='exact')
    auto r = run(a, b, kExact, kTwo);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.u, 105.0);
    EXPECT_REL(r.pValue, 5.9179705720975181e-20);
    // ... alternative='less'
    EXPECT_REL(run(a, b, kExact, kLess).pValue, 2.9589852860487591e-20);
    // ... alternative='greater'
    EXPECT_EQ(run(a, b, kExact, kGreater).pValue, 1.0);
    EXPECT_LT(std::chrono::duration<double>(elapsed).count(), 0.5);
}

TEST(MannWhitneyExact, TiedUIsTruncatedLikeScipy)
{
    // scipy.stats.mannwhitneyu([1, 2, 3], [2, 4, 5], alternative='two-sided', method='exact'): U = 1.5
    auto r = run({1, 2, 3}, {2, 4, 5}, kExact, kTwo);
    EXPECT_EQ(r.u, 1.5);
    EXPECT_REL(r.pValue, 0.4);
    // ... alternative='less'
    EXPECT_REL(run({1, 2, 3}, {2, 4, 5}, kExact, kLess).pValue, 0.2);
    // ... alternative='greater'
    EXPECT_REL(run({1, 2, 3}, {2, 4, 5}, kExact, kGreater).pValue, 0.95);
}

TEST(MannWhitneyExact, TwoSidedIsClippedAtOne)
{
    // scipy.stats.mannwhitneyu([1, 2], [3], alternative='two-sided', method='exact')
    auto r = run({1, 2}, {3}, kExact, kTwo);
    EXPECT_EQ(r.u, 0.0);
    EXPECT_REL(r.pValue, 0.66666666666666663);
    // ... alternative='less'
    EXPECT_REL(run({1, 2}, {3}, kExact, kLess).pValue, 0.33333333333333331);
    // ... alternative='greater'
    EXPECT_EQ(run({1, 2}, {3}, kExact, kGreater).pValue, 1.0);
    // U = m·n/2 doubles the central mass past 1.
    EXPECT_EQ(run({1, 4}, {2, 3}, kExact, kTwo).pValue, 1.0);
}

// --- asymptotic ----------------------------------------------------------------------------

TEST(MannWhitneyAsymptotic, TiesWithContinuity)
{
    // scipy.stats.mannwhitneyu(TIES_A, TIES_B, use_continuity=True, alternative='two-sided', method='auto')
    auto r = run(kTiesA, kTiesB, kAuto, kTwo);
    EXPECT_EQ(r.u, 25.5);
    EXPECT_REL(r.pValue, 0.039503942505958838);
    EXPECT_EQ(r.method, kAsymptotic);
    // ... alternative='less'
    EXPECT_REL(run(kTiesA, kTiesB, kAuto, kLess).pValue, 0.019751971252979419);
    // ... alternative='greater'
    EXPECT_REL(run(kTiesA, kTiesB, kAuto, kGreater).pValue, 0.98340986753723092);
}

TEST(MannWhitneyAsymptotic, TiesWithoutContinuity)
{
    // scipy.stats.mannwhitneyu(TIES_A, TIES_B, use_continuity=False, alternative='two-sided', method='auto')
    EXPECT_REL(run(kTiesA, kTiesB, kAuto, kTwo, false).pValue, 0.036224632849257206);
    // ... alternative='less'
    EXPECT_REL(run(kTiesA, kTiesB, kAuto, kLess, false).pValue, 0.018112316424628603);
    // ... alternative='greater'
    EXPECT_REL(run(kTiesA, kTiesB, kAuto, kGreater, false).pValue, 0.98188768357537137);
}

TEST(MannWhitneyAsymptotic, LargeSampleTinyPValue)
{
    // scipy.stats.mannwhitneyu(LARGE_A, LARGE_B, alternative='two-sided', method='auto')
    auto r = run(largeA(), largeB(), kAuto, kTwo);
    EXPECT_EQ(r.u, 9800.0);
    EXPECT_REL(r.pValue, 1.1236961844645107e-18);
    EXPECT_EQ(r.method, kAsymptotic);
    // ... alternative='less'
    EXPECT_REL(run(largeA(), largeB(), kAuto, kLess).pValue, 5.6184809223225534e-19);
    // ... alternative='greater'
    EXPECT_EQ(run(largeA(), largeB(), kAuto, kGreater).pValue, 1.0);
}

// --- method choice -------------------------------------------------------------------------

TEST(MannWhitneyAuto, SmallWithoutTiesIsExact)
{
    EXPECT_EQ(run(kMales, kFemales, kAuto, kTwo).method, kExact);
    // One side ≤ 8 is enough, as in scipy.
    EXPECT_EQ(run(kSmallA, kWideB, kAuto, kTwo).method, kExact);
}

TEST(MannWhitneyAuto, TiesAreAsymptotic)
{
    EXPECT_EQ(run({1, 2, 2}, {3, 4}, kAuto, kTwo).method, kAsymptotic);
}

TEST(MannWhitneyAuto, BothAboveEightIsAsymptotic)
{
    // scipy.stats.mannwhitneyu(NOTIES9_A, NOTIES9_B, alternative='two-sided', method='auto')
    auto r = run(kNoTies9A, kNoTies9B, kAuto, kTwo);
    EXPECT_EQ(r.method, kAsymptotic);
    EXPECT_REL(r.pValue, 0.30743416592739536);
    // ... alternative='less'
    EXPECT_REL(run(kNoTies9A, kNoTies9B, kAuto, kLess).pValue, 0.15371708296369768);
    // ... alternative='greater'
    EXPECT_REL(run(kNoTies9A, kNoTies9B, kAuto, kGreater).pValue, 0.86482792967261002);
}

// --- errors --------------------------------------------------------------------------------

TEST(MannWhitneyErrors, AllIdenticalIsDegenerate)
{
    // scipy returns p = 1 (continuity) or NaN (no continuity) here; a zero variance is an error.
    expectError(mannWhitneyU(Vec(5, 3.0), Vec(4, 3.0)), errc::DegenerateData, "");
    expectError(mannWhitneyU(Vec(5, 3.0), Vec(4, 3.0), kAsymptotic, kTwo, false), errc::DegenerateData, "");
}

TEST(MannWhitneyErrors, EmptySample)
{
    expectError(mannWhitneyU(Vec{}, Vec{1.0}), errc::InsufficientData, "a");
    expectError(mannWhitneyU(Vec{1.0}, Vec{}), errc::InsufficientData, "b");
}

TEST(MannWhitneyErrors, NonFiniteValue)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expectError(mannWhitneyU(Vec{1.0, 2.0, nan}, Vec{1.0}), errc::InvalidArgument, "a[2]");
    expectError(mannWhitneyU(Vec{1.0}, Vec{inf, 2.0}), errc::InvalidArgument, "b[0]");
}

TEST(MannWhitneyErrors, ExactTooLarge)
{
    expectError(mannWhitneyU(shifted(101, 0.0), shifted(100, 0.5), kExact), errc::InvalidArgument, "method");
}

// ---- ordinal data given as counts per level ---------------------------------------------

TEST(MannWhitneyFromCounts, MatchesScipyOnTheExpandedValues)
{
    // x = np.repeat([1,2,3,4,5], [12,18,60,140,170]); y = np.repeat([1,2,3,4,5], [40,44,190,300,226])
    // scipy.stats.mannwhitneyu(x, y, method='asymptotic', alternative=...)
    const std::vector<std::int64_t> a{12, 18, 60, 140, 170};
    const std::vector<std::int64_t> b{40, 44, 190, 300, 226};
    const struct
    {
        Alternative alternative;
        double p;
    } cases[] = {{Alternative::TwoSided, 1.5625891164318014e-07},
                 {Alternative::Greater, 7.812945582159007e-08},
                 {Alternative::Less, 0.9999999219491958}};
    for (const auto &c : cases) {
        auto r = mannWhitneyUFromCounts(a, b, c.alternative);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_DOUBLE_EQ(r->u, 188246.0);
        EXPECT_NEAR(r->pValue, c.p, 1e-6 * c.p);
        EXPECT_EQ(r->method, MannWhitneyMethod::Asymptotic);
    }
}

TEST(MannWhitneyFromCounts, LargeCohorts)
{
    // scipy.stats.mannwhitneyu(np.repeat(levels, [100,200,300,900,1500]),
    //     np.repeat(levels, [300,300,900,1800,2700]), method='asymptotic', alternative='greater')
    const std::vector<std::int64_t> a{100, 200, 300, 900, 1500};
    const std::vector<std::int64_t> b{300, 300, 900, 1800, 2700};
    auto r = mannWhitneyUFromCounts(a, b, Alternative::Greater);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r->u, 9555000.0);
    EXPECT_NEAR(r->pValue, 1.4911759979657292e-07, 1e-6 * 1.49e-7);
}

TEST(MannWhitneyFromCounts, BadCounts)
{
    const std::vector<std::int64_t> five{1, 2, 3, 4, 5};
    const std::vector<std::int64_t> four{1, 2, 3, 4};
    EXPECT_FALSE(mannWhitneyUFromCounts(five, four).ok());
    const std::vector<std::int64_t> negative{1, -2, 3, 4, 5};
    auto r = mannWhitneyUFromCounts(five, negative);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "b[1]");
    const std::vector<std::int64_t> empty{0, 0, 0, 0, 0};
    EXPECT_EQ(mannWhitneyUFromCounts(empty, five).error().code, errc::InsufficientData);
    const std::vector<std::int64_t> oneLevelA{0, 0, 7, 0, 0};
    const std::vector<std::int64_t> oneLevelB{0, 0, 9, 0, 0};
    EXPECT_EQ(mannWhitneyUFromCounts(oneLevelA, oneLevelB).error().code, errc::DegenerateData);
}

TEST(MannWhitney, AutoBeyondTheExactLimitFallsBackToAsymptotic)
{
    // 3 × 5000 untied values: scipy's auto would recurse exactly; ours takes the asymptotic test
    // (the exact recurrence would cost (n_a n_b)²). scipy.stats.mannwhitneyu([0.5, 1.5, 2.5],
    // np.arange(5000) + 0.25, method='asymptotic').pvalue
    Vec b(5000);
    for (std::size_t i = 0; i < b.size(); ++i)
        b[i] = static_cast<double>(i) + 0.25;
    auto r = mannWhitneyU(Vec{0.5, 1.5, 2.5}, b);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->method, MannWhitneyMethod::Asymptotic);
    EXPECT_NEAR(r->pValue, 0.002733654979824928, 1e-6 * 0.002733654979824928);
    // An explicit exact request that large is still refused, naming the field.
    expectError(mannWhitneyU(Vec{0.5, 1.5, 2.5}, b, MannWhitneyMethod::Exact), errc::InvalidArgument, "method");
}

TEST(MannWhitneyCounts, TotalsBeyond2To53AreRefusedNotOverflowed)
{
    const std::int64_t big = std::int64_t{1} << 62;
    expectError(mannWhitneyUFromCounts(std::vector<std::int64_t>{big, big}, std::vector<std::int64_t>{big, 1}),
                errc::InvalidArgument, "a");
}
