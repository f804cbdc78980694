// Tests for core/rollout/plan.h: the semantic plan checks, each naming the JSON path.

#include "rolloutfixture.h"

#include "rollout/plan.h"

#include <gtest/gtest.h>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

std::string fieldOf(const Plan &plan)
{
    const auto e = validatePlan(plan);
    return e ? e->field : std::string("<valid>");
}

} // namespace

TEST(PlanValidation, DocumentationKeeperPlanIsValid)
{
    const auto e = validatePlan(documentationKeeperPlan());
    EXPECT_FALSE(e.has_value()) << e->message;
}

TEST(PlanValidation, StagesMustIncrease)
{
    Plan p = documentationKeeperPlan();
    p.stages[2].percentage = 20.0;
    EXPECT_EQ(fieldOf(p), "stages[2].percentage");
}

TEST(PlanValidation, PercentagesStayWithin0And100)
{
    Plan p = documentationKeeperPlan();
    p.stages[0].percentage = 0.0;
    EXPECT_EQ(fieldOf(p), "stages[0].percentage");
    p = documentationKeeperPlan();
    p.stages[4].percentage = 120.0;
    EXPECT_EQ(fieldOf(p), "stages[4].percentage");
}

TEST(PlanValidation, LastStageIs100)
{
    Plan p = documentationKeeperPlan();
    p.stages.pop_back();
    EXPECT_EQ(fieldOf(p), "stages[3].percentage");
}

TEST(PlanValidation, BusinessGateMustNameAKnownMetric)
{
    Plan p = documentationKeeperPlan();
    p.stages[2].businessGates[0].metric = "acuracy";
    EXPECT_EQ(fieldOf(p), "stages[2].business_gates[0].metric");
    p = documentationKeeperPlan();
    p.finalAssessment.businessGates[1].metric = "nps";
    EXPECT_EQ(fieldOf(p), "final_assessment.business_gates[1].metric");
}

TEST(PlanValidation, NeedsAPrimaryMetricWithAnEffect)
{
    Plan p = documentationKeeperPlan();
    p.metrics[0].minimumDetectableEffect = 0.0;
    EXPECT_EQ(fieldOf(p), "metrics[0].minimum_detectable_effect");
    p = documentationKeeperPlan();
    p.metrics[0].role = MetricRole::Business;
    p.metrics[1].role = MetricRole::Business;
    EXPECT_EQ(fieldOf(p), "metrics");
}

TEST(PlanValidation, MetricNamesAreUnique)
{
    Plan p = documentationKeeperPlan();
    p.metrics[1].name = "accuracy";
    EXPECT_EQ(fieldOf(p), "metrics[1].name");
}

TEST(PlanValidation, TestMustSuitTheMetricKind)
{
    Plan p = documentationKeeperPlan();
    p.metrics[1].test = MetricTest::Fisher; // handling time is continuous
    EXPECT_EQ(fieldOf(p), "metrics[1].test");
}

TEST(PlanValidation, DesignParametersInRange)
{
    Plan p = documentationKeeperPlan();
    p.alpha = 1.5;
    EXPECT_EQ(fieldOf(p), "alpha");
    p = documentationKeeperPlan();
    p.power = 0.0;
    EXPECT_EQ(fieldOf(p), "power");
    p = documentationKeeperPlan();
    p.breachesBeforeRollback = 0;
    EXPECT_EQ(fieldOf(p), "breaches_before_rollback");
}

TEST(PlanLookup, StageIndexByPercentage)
{
    const Plan p = documentationKeeperPlan();
    EXPECT_EQ(p.stageIndex(25.0), 1u);
    EXPECT_FALSE(p.stageIndex(30.0).has_value());
    ASSERT_NE(p.metric("latency_ms"), nullptr);
    EXPECT_EQ(p.metric("nope"), nullptr);
}

TEST(PlanValidation, StageNamesAreUniqueAndSignOffNamesARole)
{
    Plan p = documentationKeeperPlan();
    p.stages[3].name = "half";
    EXPECT_EQ(fieldOf(p), "stages[3].name");
    p = documentationKeeperPlan();
    p.stages[1].signOff.role.clear();
    EXPECT_EQ(fieldOf(p), "stages[1].sign_off.role");
}

TEST(PlanValidation, StabilityPeriodNotNegative)
{
    Plan p = documentationKeeperPlan();
    p.finalAssessment.stabilityPeriod = std::chrono::hours(-1);
    EXPECT_EQ(fieldOf(p), "final_assessment.stability_days");
}

TEST(PlanValidation, OrderMessageShowsPlainPercentages)
{
    Plan p = documentationKeeperPlan();
    p.stages[2].percentage = 20.0;
    EXPECT_NE(validatePlan(p)->message.find("(25%)"), std::string::npos) << validatePlan(p)->message;
}

// Issue 8 item 10: numbers are bounded before they reach the engine.
TEST(PlanValidation, NumbersAreBounded)
{
    Plan p = documentationKeeperPlan();
    p.metrics[0].minimumDetectableEffect = 1e5;
    ASSERT_TRUE(validatePlan(p).has_value());
    EXPECT_EQ(validatePlan(p)->field, "metrics[0].minimum_detectable_effect");
    p = documentationKeeperPlan();
    p.looks = 0;
    EXPECT_EQ(validatePlan(p)->field, "looks");
    p = documentationKeeperPlan();
    p.guardrailAlpha = 0.0;
    EXPECT_EQ(validatePlan(p)->field, "guardrail_alpha");
    p = documentationKeeperPlan();
    p.stages[1].minimumDwell = std::chrono::hours(24 * 400);
    EXPECT_EQ(validatePlan(p)->field, "stages[1].min_dwell_hours");
    p = documentationKeeperPlan();
    p.metrics[3].nonInferiorityMargin = 50.0;
    EXPECT_EQ(validatePlan(p)->field, "metrics[3].non_inferiority_margin");
    EXPECT_FALSE(validatePlan(documentationKeeperPlan()).has_value());
}
