// The planner page computes off the UI thread and drops stale results.

#include "plannerpage.h"

#include <gtest/gtest.h>

#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using rampart::widgets::PlannerPage;

TEST(PlannerPage, ShowsTheSampleSizesOfTheThreeSplits)
{
    PlannerPage page;
    QSignalSpy shown(&page, &PlannerPage::resultShown);
    ASSERT_TRUE(shown.wait(10000));
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, alpha=0.05, power=0.8, ratio=3):
    // nobs1 = 1046.995… → 1047 ML units and 3141 deterministic (1:3).
    EXPECT_EQ(page.resultTable()->item(1, 0)->text(), QStringLiteral("1,047"));
    EXPECT_EQ(page.resultTable()->item(1, 1)->text(), QStringLiteral("3,141"));
    EXPECT_EQ(page.curveModel()->rowCount(), 60);
}

TEST(PlannerPage, StaleResultsAreDroppedByGeneration)
{
    PlannerPage page;
    QSignalSpy shown(&page, &PlannerPage::resultShown);
    ASSERT_TRUE(shown.wait(10000));
    shown.clear();
    page.effectSizeBox()->setValue(0.2);
    page.recompute();
    page.effectSizeBox()->setValue(0.5);
    page.recompute(); // the first of these two is now stale
    ASSERT_TRUE(shown.wait(10000));
    QTest::qWait(200); // let the stale one finish too
    EXPECT_EQ(shown.count(), 1) << "only the newest answer reaches the screen";
    EXPECT_GE(page.droppedResults(), 1);
    // d = 0.5 at 1:1: statsmodels TTestIndPower().solve_power(effect_size=0.5, alpha=0.05,
    // power=0.8, ratio=1) = 63.765… → 64 per cohort.
    EXPECT_EQ(page.resultTable()->item(2, 0)->text(), QStringLiteral("64"));
}

