// CohortTrendModel: each cohort's estimate and the difference, with confidence intervals,
// one row per evaluation; checked against scipy/statsmodels.

#include "cohorttrendmodel.h"
#include "modeltesting.h"

#include <QSignalSpy>

using namespace rampart;
using rampart::models::CohortTrendModel;
using rampart::models::TrendPoint;
using namespace rampart::testing;
using namespace std::chrono_literals;

namespace {

/// n units with this mean and sample standard deviation.
stats::RunningSummary summary(std::int64_t n, double mean, double sd)
{
    const double m2 = sd * sd * static_cast<double>(n - 1);
    return stats::RunningSummary::fromMoments(n, mean, m2, mean - 3 * sd, mean + 3 * sd);
}

rollout::MetricEvidence continuous(const std::string &name, std::int64_t nc, double mc, double sc, std::int64_t nt,
                                   double mt, double st)
{
    rollout::MetricEvidence m;
    m.metric = name;
    m.control.summary = summary(nc, mc, sc);
    m.treatment.summary = summary(nt, mt, st);
    return m;
}

rollout::Plan planWith(std::initializer_list<const char *> names)
{
    rollout::Plan plan;
    for (const char *n : names) {
        rollout::MetricSpec spec;
        spec.name = n;
        plan.metrics.push_back(spec);
    }
    return plan;
}

rollout::Evidence evidenceWith(std::vector<rollout::MetricEvidence> metrics)
{
    rollout::Evidence e;
    e.metrics = std::move(metrics);
    return e;
}

const rollout::TimePoint T0 = rollout::TimePoint{} + 1'700'000'000s;

} // namespace

TEST(CohortTrend, IntervalsMatchScipyForAContinuousMetric)
{
    const auto p = models::trendPoint(continuous("m", 50, 10.0, 2.0, 30, 11.0, 3.0), T0);
    ASSERT_TRUE(p.ok()) << p.error().message;
    // scipy.stats.t.interval(0.95, 49, loc=10, scale=2/sqrt(50))
    EXPECT_NEAR(p->controlLow, 9.431606289755253, 1e-9);
    EXPECT_NEAR(p->controlHigh, 10.568393710244747, 1e-9);
    // scipy.stats.t.interval(0.95, 29, loc=11, scale=3/sqrt(30))
    EXPECT_NEAR(p->treatmentLow, 9.8797815897257, 1e-9);
    EXPECT_NEAR(p->treatmentHigh, 12.1202184102743, 1e-9);
    // Welch: df = (vt+vc)²/(vt²/29 + vc²/49) = 44.64975193663504 with vt = 9/30, vc = 4/50;
    // scipy.stats.t.interval(0.95, 44.64975193663504, loc=1, scale=sqrt(9/30 + 4/50))
    EXPECT_DOUBLE_EQ(p->difference, 1.0);
    // (Boost's t quantile at a fractional df agrees with scipy's to about 1e-9 relative.)
    EXPECT_NEAR(p->differenceLow, -0.24184557923591354, 1e-8);
    EXPECT_NEAR(p->differenceHigh, 2.2418455792359135, 1e-8);
    EXPECT_EQ(p->controlN, 50);
    EXPECT_EQ(p->treatmentN, 30);
}

TEST(CohortTrend, IntervalsMatchStatsmodelsForABinaryMetric)
{
    rollout::MetricEvidence m;
    m.metric = "accepted";
    for (int i = 0; i < 100; ++i)
        m.control.summary.add(i < 40 ? 1.0 : 0.0); // 40 of 100
    for (int i = 0; i < 120; ++i)
        m.treatment.summary.add(i < 55 ? 1.0 : 0.0); // 55 of 120
    const auto p = models::trendPoint(m, T0);
    ASSERT_TRUE(p.ok());
    // statsmodels DescrStatsW(x).tconfint_mean(0.05) on the 0/1 outcomes
    EXPECT_NEAR(p->controlLow, 0.30230391080493196, 1e-9);
    EXPECT_NEAR(p->controlHigh, 0.4976960891950681, 1e-9);
    EXPECT_NEAR(p->treatmentLow, 0.3678912843130347, 1e-9);
    EXPECT_NEAR(p->treatmentHigh, 0.5487753823536319, 1e-9);
    // statsmodels CompareMeans(DescrStatsW(y), DescrStatsW(x)).tconfint_diff(alpha=0.05, usevar="unequal")
    EXPECT_NEAR(p->differenceLow, -0.07405380162233713, 1e-9);
    EXPECT_NEAR(p->differenceHigh, 0.19072046828900371, 1e-9);
}

TEST(CohortTrend, ConfidenceLevelIsHonoured)
{
    const auto p = models::trendPoint(continuous("m", 50, 10.0, 2.0, 30, 11.0, 3.0), T0, 0.90);
    ASSERT_TRUE(p.ok());
    // scipy.stats.t.interval(0.90, 49, loc=10, scale=2/sqrt(50))
    EXPECT_NEAR(p->controlLow, 9.525799798129228, 1e-9);
    EXPECT_NEAR(p->controlHigh, 10.474200201870772, 1e-9);
}

TEST(CohortTrend, BadInputIsAnErrorNamingTheField)
{
    const auto tiny = models::trendPoint(continuous("latency_ms", 1, 10.0, 0.0, 30, 11.0, 3.0), T0);
    ASSERT_FALSE(tiny.ok());
    EXPECT_EQ(tiny.error().code, errc::InsufficientData);
    EXPECT_EQ(tiny.error().field, "latency_ms.control");
    const auto tinyMl = models::trendPoint(continuous("latency_ms", 30, 10.0, 1.0, 1, 11.0, 0.0), T0);
    ASSERT_FALSE(tinyMl.ok());
    EXPECT_EQ(tinyMl.error().field, "latency_ms.treatment");
    const auto level = models::trendPoint(continuous("m", 50, 10.0, 2.0, 30, 11.0, 3.0), T0, 1.0);
    ASSERT_FALSE(level.ok());
    EXPECT_EQ(level.error().field, "confidence");
}

TEST(CohortTrend, ZeroVarianceGivesAPointIntervalNotNaN)
{
    const auto p = models::trendPoint(continuous("m", 20, 1.0, 0.0, 20, 1.0, 0.0), T0);
    ASSERT_TRUE(p.ok());
    for (double v : {p->controlLow, p->controlHigh, p->treatmentLow, p->treatmentHigh, p->differenceLow, p->differenceHigh})
        EXPECT_TRUE(std::isfinite(v));
    EXPECT_DOUBLE_EQ(p->differenceLow, 0.0);
    EXPECT_DOUBLE_EQ(p->differenceHigh, 0.0);
}

TEST(CohortTrendModel, EachEvaluationAppendsARowToTheShownMetric)
{
    CohortTrendModel model;
    auto tester = attachTester(&model);
    const auto plan = planWith({"a", "b"});
    model.setMetric("b");
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (int i = 0; i < 5; ++i) {
        model.append(evidenceWith({continuous("a", 100 + i, 1.0, 1.0, 100, 2.0, 1.0), continuous("b", 100, 5.0 + i, 1.0, 100, 6.0, 1.0)}),
                     plan, T0 + std::chrono::minutes(i));
    }
    EXPECT_EQ(model.rowCount(), 5);
    EXPECT_EQ(inserted.count(), 5) << "a point is inserted, not the series rebuilt";
    EXPECT_EQ(reset.count(), 0);
    EXPECT_DOUBLE_EQ(model.index(3, CohortTrendModel::ControlMeanColumn).data().toDouble(), 8.0);
    EXPECT_DOUBLE_EQ(model.index(3, CohortTrendModel::TimeColumn).data().toDouble(),
                     static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>((T0 + 3min).time_since_epoch()).count()));
    EXPECT_DOUBLE_EQ(model.index(3, CohortTrendModel::ZeroColumn).data().toDouble(), 0.0);
    EXPECT_EQ(model.metrics(), (std::vector<std::string>{"a", "b"}));
    model.setMetric("a");
    EXPECT_EQ(model.rowCount(), 5);
    EXPECT_DOUBLE_EQ(model.index(0, CohortTrendModel::DifferenceColumn).data().toDouble(), 1.0);
    const auto [lo, hi] = model.range({CohortTrendModel::DifferenceLowColumn, CohortTrendModel::DifferenceHighColumn});
    EXPECT_LT(lo, 1.0);
    EXPECT_GT(hi, 1.0);
}

TEST(CohortTrendModel, ResentEvaluationReplacesAndLateOneIsIgnored)
{
    CohortTrendModel model;
    auto tester = attachTester(&model);
    const auto plan = planWith({"a"});
    model.setMetric("a");
    model.append(evidenceWith({continuous("a", 100, 1.0, 1.0, 100, 2.0, 1.0)}), plan, T0 + 2min);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.append(evidenceWith({continuous("a", 100, 1.5, 1.0, 100, 2.0, 1.0)}), plan, T0 + 2min); // the same evaluation re-sent
    EXPECT_EQ(model.rowCount(), 1);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_DOUBLE_EQ(model.index(0, CohortTrendModel::ControlMeanColumn).data().toDouble(), 1.5);
    model.append(evidenceWith({continuous("a", 100, 9.0, 1.0, 100, 2.0, 1.0)}), plan, T0 + 1min); // late
    EXPECT_EQ(model.rowCount(), 1);
    EXPECT_DOUBLE_EQ(model.index(0, CohortTrendModel::ControlMeanColumn).data().toDouble(), 1.5);
}

TEST(CohortTrendModel, MetricWithoutEnoughUnitsGetsNoPointAndUnknownMetricsAreSkipped)
{
    CohortTrendModel model;
    auto tester = attachTester(&model);
    const auto plan = planWith({"a", "b"});
    model.setMetric("a");
    model.append(evidenceWith({continuous("a", 1, 1.0, 0.0, 100, 2.0, 1.0), continuous("b", 10, 1.0, 1.0, 10, 2.0, 1.0),
                               continuous("not_in_plan", 10, 1.0, 1.0, 10, 2.0, 1.0)}),
                 plan, T0);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.pointCount("b"), 1);
    EXPECT_EQ(model.pointCount("not_in_plan"), 0);
    EXPECT_EQ(model.metrics(), (std::vector<std::string>{"b"}));
}

TEST(CohortTrendModel, MemoryStaysBoundedAndTheNewestHalfKeepsFullResolution)
{
    CohortTrendModel model;
    auto tester = attachTester(&model);
    model.setCapacity(100);
    const auto plan = planWith({"a", "b"});
    model.setMetric("a");
    for (int i = 0; i < 1000; ++i)
        model.append(evidenceWith({continuous("a", 100, i, 1.0, 100, i, 1.0), continuous("b", 100, i, 1.0, 100, i, 1.0)}), plan,
                     T0 + std::chrono::minutes(i));
    EXPECT_LE(model.rowCount(), 100);
    EXPECT_LE(model.pointCount("b"), 100);
    EXPECT_GE(model.rowCount(), 50);
    // Time order is kept, the latest point is there, and the last rows are one minute apart.
    for (int r = 1; r < model.rowCount(); ++r)
        EXPECT_LT(model.point(r - 1)->at, model.point(r)->at);
    EXPECT_EQ(model.point(model.rowCount() - 1)->at, T0 + 999min);
    EXPECT_EQ(model.point(model.rowCount() - 1)->at - model.point(model.rowCount() - 2)->at, 1min);
    // The oldest point survives thinning, so the chart still starts at the beginning.
    EXPECT_EQ(model.point(0)->at, T0);
}

TEST(CohortTrendModel, ClearForgetsEverything)
{
    CohortTrendModel model;
    auto tester = attachTester(&model);
    const auto plan = planWith({"a"});
    model.setMetric("a");
    model.append(evidenceWith({continuous("a", 100, 1.0, 1.0, 100, 2.0, 1.0)}), plan, T0);
    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_TRUE(model.metrics().empty());
    EXPECT_EQ(model.headerData(CohortTrendModel::DifferenceColumn, Qt::Horizontal).toString(), QStringLiteral("Difference"));
}

// Issue 18: a console evaluating every second keeps a point per 30 s, the newest estimate
// sliding forward in the newest point, so memory stays flat over an hour.
TEST(CohortTrendModel, EvaluationsSecondsApartShareOnePointPerMinimumSpacing)
{
    const rollout::Plan plan = planWith({"a"});
    CohortTrendModel model;
    for (int i = 0; i <= 120; ++i)
        model.append(evidenceWith({continuous("a", 100, 1.0 + i / 100.0, 1.0, 100, 2.0, 1.0)}), plan,
                     T0 + std::chrono::seconds(i));
    model.setMetric("a");
    // Points at 0 s, 30 s, 60 s, 90 s and the newest (120 s): never two within 30 s but the newest.
    ASSERT_EQ(model.rowCount(), 5);
    EXPECT_EQ(model.point(0)->at, T0);
    EXPECT_EQ(model.point(1)->at, T0 + 30s);
    EXPECT_EQ(model.point(3)->at, T0 + 90s);
    EXPECT_EQ(model.point(4)->at, T0 + 120s);
    EXPECT_DOUBLE_EQ(model.point(4)->controlMean, 2.2) << "the newest point is the newest estimate";
}
