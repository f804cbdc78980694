// StageTimelineModel: stages of the plan with states, dwell progress, events and the
// projected completion computed from the plan's dwell times and the decision's sample wait.

#include "modeltesting.h"
#include "stagetimelinemodel.h"

#include <algorithm>

using rampart::models::StageTimelineModel;
using State = StageTimelineModel::StageState;
using namespace rampart::testing;
namespace rollout = rampart::rollout;

TEST(StageTimelineModel, OneRowPerStagePlusStabilityUnderTheTester)
{
    for (const char *name : AllScenarios) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        StageTimelineModel model;
        auto tester = attachTester(&model);
        model.setData(s.timeline());
        EXPECT_EQ(model.rowCount(), static_cast<int>(s.plan.stages.size()) + 1);
    }
}

TEST(StageTimelineModel, ExamplesAtTwentyFivePercentShowCanaryDoneAndTheStageCurrent)
{
    const auto s = scenario("ready-for-signoff");
    StageTimelineModel model;
    model.setData(s.timeline());
    const std::size_t current = *s.state.stage;
    for (int r = 0; r < model.rowCount(); ++r) {
        const auto state = static_cast<State>(model.index(r, 0).data(StageTimelineModel::StateRole).toInt());
        if (static_cast<std::size_t>(r) < current)
            EXPECT_EQ(state, State::Done) << r;
        else if (static_cast<std::size_t>(r) == current)
            EXPECT_EQ(state, State::Current) << r;
        else
            EXPECT_EQ(state, State::Upcoming) << r;
    }
    const double dwelt = static_cast<double>((s.now - s.state.stageStartedAt).count());
    const double needed = static_cast<double>(s.plan.stages[current].minimumDwell.count());
    EXPECT_DOUBLE_EQ(model.index(static_cast<int>(current), 0).data(StageTimelineModel::ProgressRole).toDouble(),
                     std::min(1.0, dwelt / needed));
}

TEST(StageTimelineModel, ProjectedCompletionAddsTheRemainingDwellsAndStability)
{
    for (const char *name : {"ready-for-signoff", "insufficient-sample"}) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        StageTimelineModel model;
        model.setData(s.timeline());
        const std::size_t current = *s.state.stage;
        rollout::TimePoint end = std::max({s.state.stageStartedAt + s.plan.stages[current].minimumDwell,
                                           s.now + s.decision.sample.projectedWait.value_or(rollout::Duration{0}), s.now});
        for (std::size_t i = current + 1; i < s.plan.stages.size(); ++i)
            end += s.plan.stages[i].minimumDwell;
        end += s.plan.finalAssessment.stabilityPeriod;
        ASSERT_TRUE(model.projectedCompletion().has_value());
        EXPECT_EQ(model.projectedCompletion()->time_since_epoch().count(), end.time_since_epoch().count());
    }
}

TEST(StageTimelineModel, InsufficientSampleProjectsLaterThanReadyForSignOff)
{
    // Same stage, same dwell; only the sample still needed differs, so it must end later.
    const auto ready = scenario("ready-for-signoff");
    const auto shortSample = scenario("insufficient-sample");
    ASSERT_TRUE(shortSample.decision.sample.projectedWait.has_value());
    StageTimelineModel a, b;
    a.setData(ready.timeline());
    b.setData(shortSample.timeline());
    ASSERT_TRUE(a.projectedCompletion() && b.projectedCompletion());
    EXPECT_GT(*b.projectedCompletion(), *a.projectedCompletion());
}

TEST(StageTimelineModel, CountsHoldsRollbacksAndSignOffsFromRealTransitions)
{
    auto s = scenario("ready-for-signoff");
    rollout::RolloutState state = s.state;
    auto hold = rollout::manualHold(s.plan, state, "alice", "investigating a spike", s.now);
    ASSERT_TRUE(hold.ok());
    auto rollback = rollout::manualRollback(s.plan, hold->state, "bob", "latency regression", s.now + std::chrono::hours(1));
    ASSERT_TRUE(rollback.ok());
    auto snapshot = s.timeline();
    snapshot.history.push_back(hold->event);
    snapshot.history.push_back(rollback->event);
    snapshot.state = rollback->state;
    StageTimelineModel model;
    auto tester = attachTester(&model);
    model.setData(snapshot);
    const int stage25 = static_cast<int>(*s.state.stage);
    EXPECT_EQ(model.index(stage25, 0).data(StageTimelineModel::HoldsRole).toInt(), 1);
    EXPECT_EQ(model.index(stage25, 0).data(StageTimelineModel::RollbacksRole).toInt(), 1);
    EXPECT_EQ(model.index(stage25, 0).data(StageTimelineModel::SignOffsRole).toInt(), 0);
}
