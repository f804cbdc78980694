// The Cohorts page merges bursts of decisions with a short timer and draws the sequential
// boundary computed off the UI thread.

#include "cohortspage.h"
#include "modeltesting.h"

#include <QSignalSpy>

using rampart::widgets::CohortsPage;
using namespace rampart::testing;

TEST(CohortsPage, ABurstOfDecisionsResetsTheModelOnce)
{
    const auto a = scenario("ready-for-signoff");
    const auto b = scenario("guardrail-breach");
    CohortsPage page;
    page.setRolloutState(a.state);
    QSignalSpy resets(page.metricsModel(), &QAbstractItemModel::modelReset);
    for (int i = 0; i < 10; ++i)
        page.setDecision(i % 2 ? b.decision : a.decision, a.plan);
    EXPECT_EQ(resets.count(), 0) << "nothing is drawn inside the burst";
    ASSERT_TRUE(resets.wait(2000));
    EXPECT_EQ(resets.count(), 1);
    // The last decision of the burst (guardrail-breach) is the one shown.
    bool degraded = false;
    for (int r = 0; r < page.metricsModel()->rowCount(); ++r)
        degraded = degraded || page.metricsModel()->index(r, rampart::models::MetricsModel::VerdictColumn).data().toString()
                                   == QStringLiteral("Degraded");
    EXPECT_TRUE(degraded);
}

TEST(CohortsPage, DrawsTheBoundaryAndTheLookOfTheDecision)
{
    const auto s = scenario("ready-for-signoff");
    CohortsPage page;
    QSignalSpy shown(&page, &CohortsPage::boundaryShown);
    page.setRolloutState(s.state);
    page.setDecision(s.decision, s.plan);
    page.flush();
    ASSERT_TRUE(shown.wait(10000));
    EXPECT_GT(page.boundaryModel()->curveRows(), 0);
    EXPECT_EQ(page.boundaryModel()->lookRows(), 1);
    EXPECT_GE(page.boundaryModel()->observedRow(), 0);
    EXPECT_TRUE(page.lookText().startsWith(QStringLiteral("Sequential look 1"))) << page.lookText().toStdString();
    EXPECT_TRUE(page.srmText().startsWith(QStringLiteral("Sample ratio: Pass")));
}
