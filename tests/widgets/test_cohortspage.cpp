// The Cohorts page merges bursts of decisions with a short timer and draws the sequential
// boundary computed off the UI thread.

#include "cohortspage.h"
#include "modeltesting.h"
#include "trendcharts.h"

#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>

#include <cmath>

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

TEST(CohortsPage, EvaluationsOverTimeFeedTheEstimateAndDifferenceChartsThroughTheModel)
{
    const auto s = scenario("ready-for-signoff");
    CohortsPage page;
    page.setRolloutState(s.state);
    QSignalSpy inserted(page.trendModel(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 3; ++i)
        page.setEvaluationInput({s.plan, s.state, s.evidence, s.now + std::chrono::minutes(i), s.decision});
    EXPECT_EQ(page.trendModel()->rowCount(), 0) << "merged by the timer, not drawn inside the burst";
    page.flush();
    auto *box = page.trendCharts()->metricBox();
    ASSERT_GT(box->count(), 0) << "one entry per metric with points";
    EXPECT_EQ(page.trendModel()->metric(), box->currentData().toString().toStdString());
    EXPECT_EQ(page.trendModel()->rowCount(), 3);

    // The charts read the model: every line of both charts has a point per evaluation.
    for (QChart *chart : {page.trendCharts()->estimateChart(), page.trendCharts()->differenceChart()}) {
        int lines = 0;
        for (QAbstractSeries *series : chart->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(series)) {
                EXPECT_EQ(line->count(), 3) << line->name().toStdString();
                ++lines;
            } else if (auto *band = qobject_cast<QAreaSeries *>(series)) {
                EXPECT_EQ(band->upperSeries()->count(), 3);
                EXPECT_EQ(band->lowerSeries()->count(), 3);
            }
        }
        EXPECT_GE(lines, 2);
    }
    // Choosing another metric shows its own points.
    if (box->count() > 1) {
        box->setCurrentIndex(1);
        EXPECT_EQ(page.trendModel()->metric(), box->itemData(1).toString().toStdString());
        EXPECT_EQ(page.trendModel()->rowCount(), 3);
    }
    // A resumed rollout is a new attempt: its evidence window restarts, so do the charts.
    rampart::rollout::RolloutState resumed = s.state;
    resumed.rolloutStartedAt = s.now + std::chrono::hours(1);
    page.setRolloutState(resumed);
    EXPECT_EQ(page.trendModel()->rowCount(), 0);
}

TEST(CohortsPage, TheTimeAndValueAxesCoverEveryPointOfALongSession)
{
    const auto s = scenario("ready-for-signoff");
    CohortsPage page;
    page.resize(1200, 900);
    page.setRolloutState(s.state);
    // An hour of evaluations whose samples grow and whose means drift: intervals narrow.
    for (int i = 1; i <= 60; ++i) {
        auto evidence = s.evidence;
        for (auto &m : evidence.metrics) {
            for (auto *c : {&m.control, &m.treatment}) {
                const auto &old = c->summary;
                const std::int64_t n = std::max<std::int64_t>(2, old.count() * i / 60);
                const double mean = old.mean() * (1.0 + 0.02 * std::sin(i / 5.0));
                c->summary = rampart::stats::RunningSummary::fromMoments(n, mean, old.variance() * static_cast<double>(n - 1),
                                                                         old.min(), old.max());
            }
        }
        page.setEvaluationInput({s.plan, s.state, evidence, s.now + std::chrono::minutes(i), s.decision});
        if (i % 10 == 0)
            page.flush();
    }
    page.flush();
    ASSERT_EQ(page.trendModel()->rowCount(), 60);
    for (QChart *chart : {page.trendCharts()->estimateChart(), page.trendCharts()->differenceChart()}) {
        auto *x = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).value(0));
        auto *y = qobject_cast<QValueAxis *>(chart->axes(Qt::Vertical).value(0));
        ASSERT_NE(x, nullptr);
        ASSERT_NE(y, nullptr);
        for (QAbstractSeries *series : chart->series()) {
            QList<QPointF> points;
            if (auto *line = qobject_cast<QLineSeries *>(series))
                points = line->points();
            else if (auto *band = qobject_cast<QAreaSeries *>(series))
                points = band->upperSeries()->points() + band->lowerSeries()->points();
            for (const QPointF &p : points) {
                EXPECT_GE(p.x(), static_cast<double>(x->min().toMSecsSinceEpoch()));
                EXPECT_LE(p.x(), static_cast<double>(x->max().toMSecsSinceEpoch()));
                EXPECT_GE(p.y(), y->min()) << series->name().toStdString();
                EXPECT_LE(p.y(), y->max()) << series->name().toStdString();
            }
        }
    }
    if (const QString grab = qEnvironmentVariable("RAMPART_TEST_GRAB"); !grab.isEmpty()) {
        page.show();
        QTest::qWait(100);
        page.grab().save(grab);
    }
}
