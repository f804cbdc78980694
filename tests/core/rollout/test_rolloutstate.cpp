// Tests for core/rollout/rolloutstate.h: the only legal moves of a rollout, each an audit event.

#include "rolloutfixture.h"

#include "rollout/gateengine.h"
#include "rollout/rolloutstate.h"

#include <gtest/gtest.h>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

Decision decisionAt(double current, Action action, double target, std::vector<Reason> reasons = {})
{
    Decision d;
    d.currentPercentage = current;
    d.action = action;
    d.targetPercentage = target;
    d.reasons = std::move(reasons);
    return d;
}

class RolloutStateTest : public ::testing::Test
{
protected:
    Plan plan = documentationKeeperPlan();
    TimePoint now = t0();
};

} // namespace

TEST_F(RolloutStateTest, StartsAtTheFirstStage)
{
    auto t = startRollout(plan, RolloutState{}, "ops:anna", now);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->state.status, RolloutStatus::Running);
    EXPECT_EQ(t->state.stage, 0u);
    EXPECT_EQ(t->state.stageStartedAt, now);
    EXPECT_EQ(t->state.rolloutStartedAt, now);
    EXPECT_EQ(t->event.fromStatus, RolloutStatus::Pending);
    EXPECT_DOUBLE_EQ(t->event.toPercentage, 5.0);
    EXPECT_EQ(t->event.actor, "ops:anna");
}

TEST_F(RolloutStateTest, CannotStartTwice)
{
    auto t = startRollout(plan, runningAt(1, now, 1h), "ops:anna", now);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "invalid_transition");
}

TEST_F(RolloutStateTest, AdvanceGoesToTheNextStageAndRemembersTheStableOne)
{
    const RolloutState state = runningAt(1, now, 50h);
    auto t = applyDecision(plan, state, decisionAt(25, Action::Advance, 50), "watchdog", "abc123", now);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->state.stage, 2u);
    EXPECT_EQ(t->state.lastStableStage, 1u);
    EXPECT_EQ(t->state.stageStartedAt, now);
    EXPECT_DOUBLE_EQ(t->event.fromPercentage, 25.0);
    EXPECT_DOUBLE_EQ(t->event.toPercentage, 50.0);
    EXPECT_EQ(t->event.evidenceHash, "abc123");
}

TEST_F(RolloutStateTest, AdvanceCannotSkipAStage)
{
    auto t = applyDecision(plan, runningAt(1, now, 50h), decisionAt(25, Action::Advance, 75), "watchdog", "", now);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "invalid_transition");
}

TEST_F(RolloutStateTest, DecisionForAnotherStageIsRefused)
{
    auto t = applyDecision(plan, runningAt(2, now, 5h), decisionAt(25, Action::Advance, 50), "watchdog", "", now);
    EXPECT_FALSE(t.ok());
}

TEST_F(RolloutStateTest, RollbackGoesToTheLastStableStage)
{
    auto t = applyDecision(plan, runningAt(2, now, 5h), decisionAt(50, Action::Rollback, 25), "watchdog", "", now);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(t->state.status, RolloutStatus::RolledBack);
    EXPECT_EQ(t->state.stage, 1u);
    EXPECT_DOUBLE_EQ(t->event.toPercentage, 25.0);
}

TEST_F(RolloutStateTest, RollbackFromTheFirstStageGoesToZero)
{
    auto t = applyDecision(plan, runningAt(0, now, 5h), decisionAt(5, Action::Rollback, 0), "watchdog", "", now);
    ASSERT_TRUE(t.ok());
    EXPECT_FALSE(t->state.stage.has_value());
    EXPECT_DOUBLE_EQ(t->event.toPercentage, 0.0);
}

TEST_F(RolloutStateTest, HoldWithOnlySignOffMissingAwaitsSignOff)
{
    const Decision d = decisionAt(25, Action::Hold, 25, {{reason::SignOffMissing, "signoff", "Waiting.", {}, {}, {}}});
    auto t = applyDecision(plan, runningAt(1, now, 50h), d, "watchdog", "", now);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->state.status, RolloutStatus::AwaitingSignOff);
}

TEST_F(RolloutStateTest, HoldForOtherReasonsIsHolding)
{
    const Decision d = decisionAt(25, Action::Hold, 25,
                                  {{reason::SignOffMissing, "signoff", "Waiting.", {}, {}, {}},
                                   {reason::DwellNotReached, "dwell", "Not yet.", {}, {}, {}}});
    auto t = applyDecision(plan, runningAt(1, now, 5h), d, "watchdog", "", now);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->state.status, RolloutStatus::Holding);
    EXPECT_EQ(t->state.stageStartedAt, now - 5h); // a hold does not restart the stage clock
}

TEST_F(RolloutStateTest, LooksAndBreachesAreCarried)
{
    Decision d = decisionAt(25, Action::Hold, 25, {{reason::NotSignificant, "significance", "No.", {}, {}, {}}});
    d.look = Look{1, 0.4, 2.9, 0.0019, true, false, 0.45, {}, false, std::nullopt};
    d.consecutiveBreaches = {{"p95_latency_ms", 2}};
    auto t = applyDecision(plan, runningAt(1, now, 50h), d, "watchdog", "", now);
    ASSERT_TRUE(t.ok());
    ASSERT_EQ(t->state.looks.size(), 1u);
    EXPECT_DOUBLE_EQ(t->state.looks[0].nominalAlpha, 0.0019);
    EXPECT_FALSE(t->state.efficacyLook.has_value());
    EXPECT_EQ(t->state.consecutiveBreaches.at("p95_latency_ms"), 2);

    d.look = Look{2, 0.6, 2.5, 0.006, true, true, 0.65, {"accuracy"}, false, std::nullopt};
    auto t2 = applyDecision(plan, t->state, d, "watchdog", "", now);
    ASSERT_TRUE(t2.ok());
    EXPECT_EQ(t2->state.efficacyLook, 2);
    // Each primary's crossing is kept (intersection-union: efficacy once all have crossed).
    EXPECT_EQ(t2->state.primaryCrossedAt.at("accuracy"), 2);
}

TEST_F(RolloutStateTest, OverrideNeedsAWrittenJustification)
{
    const Decision d = decisionAt(25, Action::Hold, 25, {{reason::NotSignificant, "significance", "Not significant.", {}, {}, {}}});
    auto refused = overrideAdvance(plan, runningAt(1, now, 50h), d, "ops:anna", "because", "", now);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "justification");

    auto t = overrideAdvance(plan, runningAt(1, now, 50h), d, "ops:anna",
                             "Accuracy gain confirmed by manual review of 400 answers.", "h", now);
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_TRUE(t->event.override);
    EXPECT_EQ(t->state.stage, 2u);
    EXPECT_NE(t->event.reason.find("Not significant."), std::string::npos); // what was overridden is recorded
}

TEST_F(RolloutStateTest, RollbackCannotBeOverridden)
{
    const Decision d = decisionAt(25, Action::Rollback, 5, {{reason::GuardrailDegraded, "metric:latency_ms", "Worse.", {}, {}, {}}});
    auto t = overrideAdvance(plan, runningAt(1, now, 50h), d, "ops:anna", "I am sure this is fine, really, trust me.", "", now);
    EXPECT_FALSE(t.ok());
}

TEST_F(RolloutStateTest, OneClickHoldAndRollback)
{
    auto hold = manualHold(plan, runningAt(2, now, 5h), "oncall:piotr", "pager alert", now);
    ASSERT_TRUE(hold.ok());
    EXPECT_EQ(hold->state.status, RolloutStatus::Holding);
    auto back = manualRollback(plan, hold->state, "oncall:piotr", "pager alert", now);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->state.status, RolloutStatus::RolledBack);
    EXPECT_DOUBLE_EQ(back->event.toPercentage, 25.0);
    EXPECT_FALSE(manualRollback(plan, back->state, "oncall:piotr", "again", now).ok());
}

TEST_F(RolloutStateTest, CompleteFinishesTheRollout)
{
    auto t = applyDecision(plan, runningAt(4, now, 200h), decisionAt(100, Action::Complete, 100), "watchdog", "", now);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->state.status, RolloutStatus::Completed);
    const Decision d = GateEngine::evaluate(plan, t->state, healthyEvidence(now, 100.0), now);
    EXPECT_EQ(d.reasons.at(0).code, "not_running");
}
