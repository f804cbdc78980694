// Tests for core/stats/accumulator.h
#include "stats/accumulator.h"
#include "stats/ttest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace rampart::stats;

namespace {

void expectRelative(double actual, double expected, double rel)
{
    EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected;
}

std::vector<double> randomSample(std::size_t n, unsigned seed)
{
    std::mt19937_64 engine(seed);
    std::lognormal_distribution<double> revenue(3.0, 0.8);
    std::vector<double> values(n);
    for (double &v : values)
        v = revenue(engine);
    return values;
}

RunningSummary addAll(const std::vector<double> &values)
{
    RunningSummary s;
    for (double v : values)
        s.add(v);
    return s;
}

void expectSameSummary(const RunningSummary &actual, const RunningSummary &expected)
{
    EXPECT_EQ(actual.count(), expected.count());
    expectRelative(actual.mean(), expected.mean(), 1e-12);
    expectRelative(actual.variance(), expected.variance(), 1e-12);
    EXPECT_EQ(actual.min(), expected.min());
    EXPECT_EQ(actual.max(), expected.max());
    EXPECT_EQ(actual.successes(), expected.successes());
}

} // namespace

TEST(RunningSummary, EmptyHasZeroCountAndVariance)
{
    const RunningSummary s;
    EXPECT_EQ(s.count(), 0);
    EXPECT_EQ(s.variance(), 0.0);
    EXPECT_EQ(s.sum(), 0.0);
}

TEST(RunningSummary, VarianceOfSingleValueIsZero)
{
    RunningSummary s;
    s.add(42.0);
    EXPECT_EQ(s.count(), 1);
    EXPECT_EQ(s.mean(), 42.0);
    EXPECT_EQ(s.variance(), 0.0);
    EXPECT_EQ(s.standardDeviation(), 0.0);
    EXPECT_EQ(s.min(), 42.0);
    EXPECT_EQ(s.max(), 42.0);
}

TEST(RunningSummary, WelfordMatchesTwoPassMoments)
{
    const auto values = randomSample(10000, 1);
    const auto s = addAll(values);
    double sum = 0.0;
    for (double v : values)
        sum += v;
    const double mean = sum / static_cast<double>(values.size());
    double m2 = 0.0;
    for (double v : values)
        m2 += (v - mean) * (v - mean);
    expectRelative(s.mean(), mean, 1e-12);
    expectRelative(s.m2(), m2, 1e-12);
    expectRelative(s.variance(), m2 / static_cast<double>(values.size() - 1), 1e-12);
    expectRelative(s.sum(), sum, 1e-12);
}

TEST(RunningSummary, MergingChunksEqualsAddingAll)
{
    const auto values = randomSample(10007, 2);
    const auto all = addAll(values);
    // Uneven chunks, like per-minute rollups of different sizes.
    RunningSummary merged;
    std::size_t start = 0;
    for (std::size_t chunk = 1; start < values.size(); chunk = chunk * 3 + 7) {
        const std::size_t end = std::min(values.size(), start + chunk);
        merged.merge(addAll({values.begin() + static_cast<std::ptrdiff_t>(start),
                             values.begin() + static_cast<std::ptrdiff_t>(end)}));
        start = end;
    }
    expectSameSummary(merged, all);
}

TEST(RunningSummary, MergeIsOrderIndependent)
{
    const auto values = randomSample(3000, 3);
    const auto first = addAll({values.begin(), values.begin() + 1000});
    const auto second = addAll({values.begin() + 1000, values.end()});
    RunningSummary ab = first;
    ab.merge(second);
    RunningSummary ba = second;
    ba.merge(first);
    expectSameSummary(ab, ba);
}

TEST(RunningSummary, MergeWithEmpty)
{
    const auto s = addAll(randomSample(100, 4));
    RunningSummary left = s;
    left.merge(RunningSummary{});
    expectSameSummary(left, s);
    RunningSummary right;
    right.merge(s);
    expectSameSummary(right, s);
}

TEST(RunningSummary, FromMomentsRoundTrips)
{
    const auto s = addAll(randomSample(500, 5));
    const auto rebuilt = RunningSummary::fromMoments(s.count(), s.mean(), s.m2(), s.min(), s.max(), 7);
    EXPECT_EQ(rebuilt.count(), s.count());
    EXPECT_EQ(rebuilt.mean(), s.mean());
    EXPECT_EQ(rebuilt.m2(), s.m2());
    EXPECT_EQ(rebuilt.min(), s.min());
    EXPECT_EQ(rebuilt.max(), s.max());
    EXPECT_EQ(rebuilt.successes(), 7);
}

TEST(RunningSummary, FromSumsMatchesWelford)
{
    const auto values = randomSample(2000, 6);
    const auto s = addAll(values);
    double sum = 0.0;
    double sumOfSquares = 0.0;
    for (double v : values) {
        sum += v;
        sumOfSquares += v * v;
    }
    const auto rebuilt = RunningSummary::fromSums(s.count(), sum, sumOfSquares, s.min(), s.max());
    EXPECT_EQ(rebuilt.count(), s.count());
    expectRelative(rebuilt.mean(), s.mean(), 1e-12);
    // Σx² − (Σx)²/n loses a few digits to cancellation, hence the looser tolerance.
    expectRelative(rebuilt.variance(), s.variance(), 1e-9);
}

TEST(RunningSummary, FromSumsClampsNegativeM2)
{
    // (Σx)²/n slightly above Σx² by rounding must not yield a negative variance.
    const auto s = RunningSummary::fromSums(3, 3.0, 3.0 - 1e-15, 1.0, 1.0);
    EXPECT_EQ(s.m2(), 0.0);
    EXPECT_EQ(s.variance(), 0.0);
}

TEST(RunningSummary, AddOutcomeCountsSuccesses)
{
    RunningSummary s;
    for (int i = 0; i < 10; ++i)
        s.addOutcome(i % 4 == 0); // successes at 0, 4, 8
    EXPECT_EQ(s.count(), 10);
    EXPECT_EQ(s.successes(), 3);
    EXPECT_DOUBLE_EQ(s.mean(), 0.3);
    // Bernoulli sample variance: n p (1 − p) / (n − 1)
    EXPECT_DOUBLE_EQ(s.variance(), 10 * 0.3 * 0.7 / 9);
    EXPECT_EQ(s.min(), 0.0);
    EXPECT_EQ(s.max(), 1.0);

    RunningSummary other;
    other.addOutcome(true);
    s.merge(other);
    EXPECT_EQ(s.successes(), 4);
}

TEST(RunningSummary, SummaryFeedsTTestLikeRawValues)
{
    const auto a = randomSample(400, 7);
    auto b = randomSample(300, 8);
    for (double &v : b)
        v *= 1.1;
    const auto fromSummary = tTest(addAll(a).summary(), addAll(b).summary(), TTestKind::Welch);
    const auto fromRaw = tTest(std::span<const double>(a), std::span<const double>(b), TTestKind::Welch);
    ASSERT_TRUE(fromSummary.ok());
    ASSERT_TRUE(fromRaw.ok());
    expectRelative(fromSummary->t, fromRaw->t, 1e-10);
    expectRelative(fromSummary->df, fromRaw->df, 1e-10);
    expectRelative(fromSummary->pValue, fromRaw->pValue, 1e-9);
    expectRelative(fromSummary->ci.low, fromRaw->ci.low, 1e-10);
    expectRelative(fromSummary->ci.high, fromRaw->ci.high, 1e-10);
}
