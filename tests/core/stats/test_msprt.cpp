// Tests for core/stats/msprt.h
// Reference values: scipy 1.10.1, the exact calls cited per test.
#include "stats/msprt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

using namespace rampart;
using namespace rampart::stats;

TEST(NormalMixtureSprt, MatchesTheRatioOfNormalDensities)
{
    // scipy.stats.norm.pdf(3.0, 0, sqrt(1.5 + 4.0)) / scipy.stats.norm.pdf(3.0, 0, sqrt(1.5)) = 4.628240108819684
    auto r = normalMixtureSprt(3.0, 1.5, 0.0, 4.0);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->likelihoodRatio, 4.628240108819684, 1e-12 * 4.628240108819684);
    EXPECT_NEAR(r->pValue, 1.0 / 4.628240108819684, 1e-12);
    auto greater = normalMixtureSprt(3.0, 1.5, 0.0, 4.0, Alternative::Greater);
    auto less = normalMixtureSprt(3.0, 1.5, 0.0, 4.0, Alternative::Less);
    ASSERT_TRUE(greater && less);
    EXPECT_NEAR(greater->pValue, 1.0 / 4.628240108819684, 1e-12);
    EXPECT_EQ(less->pValue, 1.0); // the estimate lies on the null side
}

TEST(NormalMixtureSprt, StaysValidUnderContinuousMonitoring)
{
    // A true null monitored after every one of 400 observations: the chance of ever
    // rejecting at 0.05 stays below 0.05 (Ville), where a fixed z-test at every look would
    // reject far more often. 2000 replicates; the bound is 0.05 + 3 MC standard errors.
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    int rejected = 0;
    for (int rep = 0; rep < 2000; ++rep) {
        double sum = 0.0;
        for (int n = 1; n <= 400; ++n) {
            sum += noise(rng);
            auto r = normalMixtureSprt(sum / n, 1.0 / n, 0.0, 0.1, Alternative::Greater);
            if (r && r->rejects(0.05)) {
                ++rejected;
                break;
            }
        }
    }
    EXPECT_LE(rejected / 2000.0, 0.05 + 3.0 * std::sqrt(0.05 * 0.95 / 2000));
}

TEST(NormalMixtureSprt, RefusesBadInput)
{
    EXPECT_EQ(normalMixtureSprt(NAN, 1.0, 0.0, 1.0).error().field, "estimate");
    EXPECT_EQ(normalMixtureSprt(1.0, 0.0, 0.0, 1.0).error().field, "variance");
    EXPECT_EQ(normalMixtureSprt(1.0, 1.0, 0.0, -1.0).error().field, "mixing_variance");
}

TEST(ConditionalEventMixtureSprt, MatchesScipyQuadrature)
{
    // integrand(u) = Π_s (q_s(e^u r0)/q_s(r0))^xt (…)^xc · 2·norm.pdf(u, 0, τ), τ = log(2),
    // q(r, π) = rπ/(rπ + 1 − π); scipy.integrate.quad(integrand, 0, 12τ, limit=200):
    const double tau = std::log(2.0);
    const std::vector<EventStratum> small{{1, 4, 0.05}, {6, 9, 0.25}};
    auto a = conditionalEventMixtureSprt(small, 1.0, tau);
    ASSERT_TRUE(a);
    EXPECT_NEAR(a->likelihoodRatio, 2.446401739432655, 1e-8 * 2.446401739432655);
    const std::vector<EventStratum> larger{{10, 60, 0.05}, {90, 240, 0.25}};
    auto b = conditionalEventMixtureSprt(larger, 1.0, tau);
    ASSERT_TRUE(b);
    EXPECT_NEAR(b->likelihoodRatio, 1.3094240351559898, 1e-8 * 1.3094240351559898);
    const std::vector<EventStratum> margin{{3, 12, 0.25}};
    auto c = conditionalEventMixtureSprt(margin, 1.2, tau);
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->likelihoodRatio, 0.42058052564621556, 1e-8 * 0.42058052564621556);
}

TEST(ConditionalEventMixtureSprt, LargeCountsWithASharpPeakMatchScipy)
{
    // log Λ by scipy.integrate.quad(exp(logf(u) − max), 0, 12τ, points=[mode], epsrel=1e-13) + max
    // (the script in the comment above, counts (460, 3540, 0.1) and (900, 2400, 0.25)): 6.621553313273715;
    // and with no treatment event at all, (0, 3, 0.05): −0.12288380046645772.
    const double tau = std::log(2.0);
    const std::vector<EventStratum> large{{460, 3540, 0.1}, {900, 2400, 0.25}};
    auto a = conditionalEventMixtureSprt(large, 1.0, tau);
    ASSERT_TRUE(a);
    EXPECT_NEAR(std::log(a->likelihoodRatio), 6.621553313273715, 1e-8);
    const std::vector<EventStratum> none{{0, 3, 0.05}};
    auto b = conditionalEventMixtureSprt(none, 1.0, tau);
    ASSERT_TRUE(b);
    EXPECT_NEAR(std::log(b->likelihoodRatio), -0.12288380046645772, 1e-8);
    EXPECT_EQ(b->pValue, 1.0);
}

TEST(ConditionalEventMixtureSprt, OneErrorInTheCanaryIsNotARollback)
{
    // The issue-7 example: control 4/462, ML 1/19 (p = 0.032 by the pooled z-test).
    // 5 errors, one of them in a cohort holding 19/481 of the units: no evidence.
    const std::vector<EventStratum> canary{{1, 4, 19.0 / 481.0}};
    auto r = conditionalEventMixtureSprt(canary, 1.0, std::log(2.0));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->rejects(0.05 / 3));
}

TEST(ConditionalEventMixtureSprt, RefusesBadInput)
{
    const std::vector<EventStratum> share{{1, 1, 1.0}};
    EXPECT_EQ(conditionalEventMixtureSprt(share, 1.0, 1.0).error().field, "strata[0]");
    const std::vector<EventStratum> ok{{1, 1, 0.5}};
    EXPECT_EQ(conditionalEventMixtureSprt(ok, 0.0, 1.0).error().field, "null_rate_ratio");
    EXPECT_EQ(conditionalEventMixtureSprt(ok, 1.0, 0.0).error().field, "prior_scale");
    const std::vector<EventStratum> huge{{2'000'000'000, 1, 0.5}};
    EXPECT_EQ(conditionalEventMixtureSprt(huge, 1.0, 1.0).error().field, "strata[0]");
}
