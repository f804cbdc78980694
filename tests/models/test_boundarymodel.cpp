// The sequential-boundary chart data: the engine's look rule over a grid of fractions,
// the looks taken, and the weakest primary metric on the same z scale.

#include "boundarymodel.h"
#include "modeltesting.h"

#include "stats/distributions.h"

using rampart::models::BoundaryModel;
using rampart::models::computeBoundary;
using namespace rampart::testing;

TEST(BoundaryModel, CurveFollowsOBrienFlemingSpendingWithoutEarlierLooks)
{
    const auto s = scenario("ready-for-signoff");
    ASSERT_TRUE(s.state.looks.empty());
    auto snapshot = computeBoundary(s.plan, s.state, s.decision, 20);
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    ASSERT_EQ(snapshot->curve.size(), 20u);
    // A first look at t uses the marginal quantile of the spent alpha (one-sided 0.025):
    //   t = 1:   scipy.stats.norm.isf(0.025) = 1.9599639845400545
    //   t = 0.5: a = 2 - 2*norm.cdf(norm.ppf(1 - 0.025/2)/sqrt(0.5)) = 0.0015253227579890005,
    //            norm.isf(a) = 2.9625880427275484
    EXPECT_NEAR(snapshot->curve[19].second, 1.9599639845400545, 1e-7);
    EXPECT_DOUBLE_EQ(snapshot->curve[9].first, 0.5);
    EXPECT_NEAR(snapshot->curve[9].second, 2.9625880427275484, 1e-7);
    for (std::size_t i = 1; i < snapshot->curve.size(); ++i)
        EXPECT_LT(snapshot->curve[i].second, snapshot->curve[i - 1].second) << "O'Brien-Fleming boundaries fall";
}

TEST(BoundaryModel, TheDecisionsLookAndTheWeakestPrimaryAreOnTheChart)
{
    const auto s = scenario("ready-for-signoff");
    ASSERT_TRUE(s.decision.look.has_value());
    auto snapshot = computeBoundary(s.plan, s.state, s.decision);
    ASSERT_TRUE(snapshot.ok());
    ASSERT_EQ(snapshot->looks.size(), 1u);
    EXPECT_DOUBLE_EQ(snapshot->looks[0].first, s.decision.look->informationFraction);
    EXPECT_DOUBLE_EQ(snapshot->looks[0].second, s.decision.look->boundaryZ);
    ASSERT_TRUE(snapshot->observed.has_value());
    double weakest = 1e9;
    for (const auto &a : s.decision.metrics) {
        if (a.role == "primary") {
            ASSERT_TRUE(a.z.has_value()) << a.metric; // the engine's stratified statistic
            weakest = std::min(weakest, *a.z);
        }
    }
    EXPECT_DOUBLE_EQ(snapshot->observed->second, weakest);
    EXPECT_EQ(snapshot->observed->second > s.decision.look->boundaryZ, s.decision.look->crossed)
        << "above the boundary on the chart exactly when the engine says crossed";

    BoundaryModel model;
    auto tester = attachTester(&model);
    model.setData(*snapshot);
    EXPECT_EQ(model.rowCount(), 20 + 1 + 1);
    EXPECT_EQ(model.firstLookRow(), 20);
    EXPECT_EQ(model.observedRow(), 21);
    EXPECT_DOUBLE_EQ(model.index(21, BoundaryModel::ZColumn).data().toDouble(), weakest);
}

TEST(BoundaryModel, LooksTakenShapeTheBoundaryAfterThem)
{
    auto s = scenario("ready-for-signoff");
    auto plain = computeBoundary(s.plan, s.state, s.decision, 10);
    s.state.looks.push_back({0.3, 3.0, rampart::stats::dist::normalSf(3.0)});
    auto withLook = computeBoundary(s.plan, s.state, s.decision, 10);
    ASSERT_TRUE(plain.ok() && withLook.ok());
    // Up to the look the rule is unchanged; after it, alpha already spent raises the bar.
    EXPECT_DOUBLE_EQ(withLook->curve[1].second, plain->curve[1].second);
    EXPECT_GT(withLook->curve[9].second, plain->curve[9].second);
    EXPECT_EQ(withLook->looks.size(), 2u);
}
