// MetricsModel: the decision's metric analyses, numbers unchanged.

#include "metricsmodel.h"
#include "modeltesting.h"

using rampart::models::MetricsModel;
using namespace rampart::testing;

TEST(MetricsModel, CarriesEveryAnalysisOfTheDecisionExactly)
{
    for (const char *name : AllScenarios) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        MetricsModel model;
        auto tester = attachTester(&model);
        model.setData(s.decision, s.plan);
        ASSERT_EQ(model.rowCount(), static_cast<int>(s.decision.metrics.size()));
        for (int r = 0; r < model.rowCount(); ++r) {
            const auto &a = s.decision.metrics[static_cast<std::size_t>(r)];
            EXPECT_EQ(model.index(r, 0).data(MetricsModel::MetricIdRole).toString().toStdString(), a.metric);
            EXPECT_DOUBLE_EQ(model.index(r, MetricsModel::ControlColumn).data(MetricsModel::NumericRole).toDouble(), a.controlMean);
            EXPECT_DOUBLE_EQ(model.index(r, MetricsModel::TreatmentColumn).data(MetricsModel::NumericRole).toDouble(), a.treatmentMean);
            if (a.pValue)
                EXPECT_DOUBLE_EQ(model.index(r, MetricsModel::PValueColumn).data(MetricsModel::NumericRole).toDouble(), *a.pValue);
            else
                EXPECT_FALSE(model.index(r, MetricsModel::PValueColumn).data(MetricsModel::NumericRole).isValid());
        }
    }
}

TEST(MetricsModel, LabelsComeFromThePlan)
{
    const auto s = scenario("advance");
    MetricsModel model;
    model.setData(s.decision, s.plan);
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto *spec = s.plan.metric(model.index(r, 0).data(MetricsModel::MetricIdRole).toString().toStdString());
        ASSERT_NE(spec, nullptr);
        const bool p95 = s.decision.metrics[static_cast<std::size_t>(r)].statistic == "p95";
        EXPECT_EQ(model.index(r, MetricsModel::MetricColumn).data().toString().toStdString(),
                  p95 ? spec->label + " (P95)" : spec->label);
    }
}

// Bug found in a screenshot: the latency guardrail's mean and P95 rows had one name, the bar
// chart's category axis merged them, and every later bar carried the wrong metric's name.
TEST(MetricsModel, EveryRowHasItsOwnName)
{
    for (const char *name : AllScenarios) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        MetricsModel model;
        model.setData(s.decision, s.plan);
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names << model.index(r, MetricsModel::MetricColumn).data().toString();
        EXPECT_EQ(names.removeDuplicates(), 0) << names.join(QStringLiteral(", ")).toStdString();
    }
}

TEST(MetricsModel, GuardrailBreachShowsTheLatencyAsDegraded)
{
    const auto s = scenario("guardrail-breach");
    MetricsModel model;
    model.setData(s.decision, s.plan);
    bool found = false;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data(MetricsModel::MetricIdRole).toString() == QStringLiteral("latency_ms")) {
            found = true;
            EXPECT_EQ(model.index(r, MetricsModel::VerdictColumn).data().toString(), QStringLiteral("Degraded"));
        }
    }
    EXPECT_TRUE(found);
}
