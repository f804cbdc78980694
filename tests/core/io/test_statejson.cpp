// Tests for core/io/statejson.h: the saved rollout state round-trips exactly (boundaries
// bit-identical), a state that no longer fits the plan is refused naming the field, and a
// live evidence document reads back through parseDecideInput into the same snapshot.

#include "io/evidencejson.h"
#include "io/statejson.h"

#include "../rollout/rolloutfixture.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace rampart;
using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

RolloutState stateWithLooks()
{
    RolloutState s = runningAt(2, t0(), std::chrono::hours(30));
    s.status = RolloutStatus::AwaitingSignOff;
    // Boundaries as Lan-DeMets O'Brien-Fleming gives them: values with no short decimal form.
    s.looks = {{0.2731, 4.877033909039161, 5.386454e-07}, {0.5012345678901234, 2.962774014583524, 0.001524553371102}};
    s.efficacyLook = 2;
    s.primaryCrossedAt = {{"accuracy", 1}, {"handling_time_min", 2}};
    s.consecutiveBreaches = {{"p95_latency_ms", 2}, {"cpu_percent", 0}};
    return s;
}

} // namespace

TEST(StateJson, RoundTripKeepsEveryFieldAndBoundaryBitIdentical)
{
    const Plan plan = documentationKeeperPlan();
    const RolloutState s = stateWithLooks();
    auto back = io::stateFromText(io::stateToText(plan, s), plan);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->status, s.status);
    EXPECT_EQ(back->stage, s.stage);
    EXPECT_EQ(back->lastStableStage, s.lastStableStage);
    EXPECT_EQ(back->rolloutStartedAt, s.rolloutStartedAt);
    EXPECT_EQ(back->stageStartedAt, s.stageStartedAt);
    ASSERT_EQ(back->looks.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        // Exact equality on purpose: a reloaded boundary must be the one recorded.
        EXPECT_EQ(back->looks[i].boundaryZ, s.looks[i].boundaryZ);
        EXPECT_EQ(back->looks[i].informationFraction, s.looks[i].informationFraction);
        EXPECT_EQ(back->looks[i].nominalAlpha, s.looks[i].nominalAlpha);
    }
    EXPECT_EQ(back->efficacyLook, 2);
    EXPECT_EQ(back->primaryCrossedAt, s.primaryCrossedAt);
    EXPECT_EQ(back->consecutiveBreaches, s.consecutiveBreaches);
}

// A primary's crossing look is part of the sequential test's memory: a restart must not
// forget it, and a saved look that was never taken (or a metric the plan lacks) is refused.
TEST(StateJson, PrimaryCrossedAtANeverTakenLookOrUnknownMetricIsRefused)
{
    const Plan plan = documentationKeeperPlan();
    QJsonObject o = io::stateToJson(plan, stateWithLooks());
    o.insert(QStringLiteral("primary_crossed_at"), QJsonObject{{QStringLiteral("accuracy"), 3}});
    auto back = io::stateFromJson(o, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "primary_crossed_at.accuracy");
    o.insert(QStringLiteral("primary_crossed_at"), QJsonObject{{QStringLiteral("no_such_metric"), 1}});
    back = io::stateFromJson(o, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "primary_crossed_at.no_such_metric");
    o.remove(QStringLiteral("primary_crossed_at")); // a state saved before the field existed
    back = io::stateFromJson(o, plan);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->primaryCrossedAt.empty());
}

TEST(StateJson, PendingStateHasNoStage)
{
    const Plan plan = documentationKeeperPlan();
    const RolloutState pending;
    const QJsonObject o = io::stateToJson(plan, pending);
    EXPECT_TRUE(o.value(QStringLiteral("stage")).isNull());
    EXPECT_EQ(o.value(QStringLiteral("percentage")).toDouble(), 0.0);
    auto back = io::stateFromJson(o, plan);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->status, RolloutStatus::Pending);
    EXPECT_FALSE(back->stage.has_value());
}

TEST(StateJson, StageWhosePercentageChangedInThePlanIsRefused)
{
    Plan plan = documentationKeeperPlan();
    const std::string text = io::stateToText(plan, stateWithLooks());
    plan.stages[2].percentage = 40.0; // the plan was edited under the rollout
    auto back = io::stateFromText(text, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "percentage");
}

TEST(StateJson, StageIndexOutsideThePlanIsRefused)
{
    const Plan plan = documentationKeeperPlan();
    QJsonObject o = io::stateToJson(plan, stateWithLooks());
    o.insert(QStringLiteral("stage"), 9);
    auto back = io::stateFromJson(o, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "stage");
}

TEST(StateJson, EfficacyLookNeverTakenIsRefused)
{
    const Plan plan = documentationKeeperPlan();
    QJsonObject o = io::stateToJson(plan, stateWithLooks());
    o.insert(QStringLiteral("efficacy_look"), 3); // only two looks were taken
    auto back = io::stateFromJson(o, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "efficacy_look");
}

TEST(StateJson, NonFiniteBoundaryIsRefusedNamingTheLook)
{
    const Plan plan = documentationKeeperPlan();
    QJsonObject o = io::stateToJson(plan, stateWithLooks());
    QJsonArray looks = o.value(QStringLiteral("looks")).toArray();
    QJsonObject first = looks.at(1).toObject();
    first.insert(QStringLiteral("information_fraction"), 1.5);
    looks.replace(1, first);
    o.insert(QStringLiteral("looks"), looks);
    auto back = io::stateFromJson(o, plan);
    ASSERT_FALSE(back.ok());
    EXPECT_EQ(back.error().field, "looks[1].information_fraction");
}

TEST(StateJson, UnknownStatusAndUnknownFieldAreRefused)
{
    const Plan plan = documentationKeeperPlan();
    QJsonObject o = io::stateToJson(plan, stateWithLooks());
    o.insert(QStringLiteral("status"), QStringLiteral("flying"));
    EXPECT_EQ(io::stateFromJson(o, plan).error().field, "status");
    o = io::stateToJson(plan, stateWithLooks());
    o.insert(QStringLiteral("efficacy"), 1);
    EXPECT_EQ(io::stateFromJson(o, plan).error().code, "unknown_field");
    EXPECT_EQ(io::stateFromText("not json", plan).error().code, "invalid_json");
}

TEST(StateJson, EvidenceDocumentReadsBackThroughDecideInput)
{
    const Plan plan = documentationKeeperPlan();
    const RolloutState s = stateWithLooks();
    Evidence e = healthyEvidence(t0(), 50.0);
    e.signOffs = {approval("ops:anna", 50.0, t0() - std::chrono::hours(1))};
    e.incidents = 1;
    e.loadTest = LoadTestResult{75.0, 81.5, 0.002, true};
    e.gauges[1].value.reset(); // a missing gauge stays missing
    const QJsonObject document = io::evidenceDocument(plan, s, e);
    auto input = io::parseDecideInput(document, plan, t0());
    ASSERT_TRUE(input.ok()) << input.error().message;
    EXPECT_EQ(input->state.stage, s.stage);
    EXPECT_EQ(input->state.looks.size(), 2u);
    EXPECT_EQ(input->state.looks[0].boundaryZ, s.looks[0].boundaryZ);
    EXPECT_EQ(input->state.efficacyLook, 2);
    const Evidence &r = input->evidence;
    EXPECT_EQ(r.capturedAt, e.capturedAt);
    EXPECT_EQ(r.controlUnits, e.controlUnits);
    EXPECT_EQ(r.treatmentUnits, e.treatmentUnits);
    EXPECT_EQ(r.flag->version, 7);
    EXPECT_EQ(r.incidents, 1);
    ASSERT_TRUE(r.loadTest.has_value());
    EXPECT_TRUE(r.loadTest->passed);
    ASSERT_EQ(r.metrics.size(), e.metrics.size());
    const MetricEvidence *accuracy = r.metric("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_EQ(accuracy->treatment.summary.successes(), e.metric("accuracy")->treatment.summary.successes());
    const MetricEvidence *handling = r.metric("handling_time_min");
    EXPECT_NEAR(handling->control.summary.standardDeviation(), 4.6, 1e-12);
    EXPECT_EQ(r.metric("satisfaction")->treatment.levelCounts, e.metric("satisfaction")->treatment.levelCounts);
    ASSERT_NE(r.gauge("cpu_percent"), nullptr);
    EXPECT_FALSE(r.gauge("cpu_percent")->value.has_value());
    EXPECT_DOUBLE_EQ(*r.gauge("p95_latency_ms")->value, 84.0);
    ASSERT_EQ(r.signOffs.size(), 1u);
    EXPECT_EQ(r.signOffs[0].approver, "ops:anna");
    // The same snapshot always hashes the same.
    EXPECT_EQ(io::evidenceHash(document), io::evidenceHash(io::evidenceDocument(plan, s, e)));
}
