// StageTimelineModel: stages of the plan with states, dwell progress, events and the
// projected completion computed from the plan's dwell times and the decision's sample wait.

#include "modeltesting.h"
#include "stagetimelinemodel.h"
#include "wording.h"

#include <algorithm>

using namespace rampart;
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

TEST(StageTimelineModel, EveryStageListsItsEventsWithTimesOldestFirst)
{
    auto s = scenario("ready-for-signoff");
    const int stage25 = static_cast<int>(*s.state.stage);
    auto hold = rollout::manualHold(s.plan, s.state, "alice", "investigating a spike", s.now);
    ASSERT_TRUE(hold.ok());
    auto rollback = rollout::manualRollback(s.plan, hold->state, "bob", "latency regression", s.now + std::chrono::hours(1));
    ASSERT_TRUE(rollback.ok());
    auto snapshot = s.timeline();
    // Delivered out of order on purpose: the model sorts by time.
    snapshot.history.push_back(rollback->event);
    snapshot.history.push_back(hold->event);
    rollout::SignOff rejected;
    rejected.approver = "carol";
    rejected.role = "product owner";
    rejected.approve = false;
    rejected.comment = "not yet";
    rejected.fromPercentage = s.plan.stages[static_cast<std::size_t>(stage25)].percentage;
    rejected.at = s.now + std::chrono::minutes(30);
    snapshot.signOffs.push_back(rejected);
    snapshot.state = rollback->state;
    StageTimelineModel model;
    auto tester = attachTester(&model);
    model.setData(snapshot);

    const QStringList events = model.index(stage25, 0).data(StageTimelineModel::EventsRole).toStringList();
    ASSERT_GE(events.size(), 3);
    const QStringList last3 = events.mid(events.size() - 3);
    EXPECT_TRUE(last3[0].contains(QStringLiteral("held by alice: "))) << last3[0].toStdString();
    EXPECT_TRUE(last3[0].endsWith(QStringLiteral("investigating a spike"))) << "the recorded reason follows";
    EXPECT_TRUE(last3[1].contains(QStringLiteral("rejected by carol (product owner): not yet"))) << last3[1].toStdString();
    EXPECT_TRUE(last3[2].contains(QStringLiteral("rolled back to"))) << last3[2].toStdString();
    EXPECT_TRUE(last3[2].contains(QStringLiteral("by bob: "))) << last3[2].toStdString();
    EXPECT_TRUE(last3[2].endsWith(QStringLiteral("latency regression")));
    EXPECT_TRUE(last3[0].startsWith(models::Wording::dateTime(s.now))) << "each event starts with its time";
    EXPECT_EQ(model.index(stage25, StageTimelineModel::EventsColumn).data(Qt::ToolTipRole).toString(),
              events.join(QLatin1Char('\n')));
    EXPECT_EQ(model.index(stage25, 0).data(StageTimelineModel::SignOffsRole).toInt(), 0) << "a rejection is no sign-off";
    // The stage the rollback went to lists it as an arrival; an untouched stage lists nothing.
    const int stability = model.rowCount() - 1;
    EXPECT_TRUE(model.index(stability, 0).data(StageTimelineModel::EventsRole).toStringList().isEmpty());
}

// Issue 10: after a rollback at 50% the strip marked the 25% stage (where traffic went back to)
// "Rolled back" and the stage table showed it with "0 holds, 0 rollbacks".
TEST(StageTimelineModel, StageStripMarksTheStageRolledBackFrom)
{
    auto s = scenario("ready-for-signoff");
    const std::size_t stable = *s.state.stage;
    ASSERT_LT(stable + 1, s.plan.stages.size());
    rollout::RolloutState at50 = s.state;
    at50.stage = stable + 1;
    at50.lastStableStage = stable;
    at50.status = rollout::RolloutStatus::Running;
    auto hold = rollout::manualHold(s.plan, at50, "alice", "investigating a spike", s.now);
    ASSERT_TRUE(hold.ok());
    auto rollback
        = rollout::manualRollback(s.plan, hold->state, "bob", "latency regression", s.now + std::chrono::hours(1));
    ASSERT_TRUE(rollback.ok());
    ASSERT_EQ(rollback->state.stage, stable) << "the rollback goes back to the last stable stage";
    auto snapshot = s.timeline();
    snapshot.history.push_back(hold->event);
    snapshot.history.push_back(rollback->event);
    snapshot.state = rollback->state;
    StageTimelineModel model;
    auto tester = attachTester(&model);
    model.setData(snapshot);
    const int from = static_cast<int>(stable + 1);
    const int to = static_cast<int>(stable);
    EXPECT_EQ(static_cast<State>(model.index(from, 0).data(StageTimelineModel::StateRole).toInt()), State::RolledBack);
    EXPECT_EQ(static_cast<State>(model.index(to, 0).data(StageTimelineModel::StateRole).toInt()), State::Done);
    EXPECT_EQ(model.index(from, 0).data(StageTimelineModel::HoldsRole).toInt(), 1);
    EXPECT_EQ(model.index(from, 0).data(StageTimelineModel::RollbacksRole).toInt(), 1);
    EXPECT_TRUE(
        model.index(from, StageTimelineModel::EventsColumn).data().toString().startsWith(QStringLiteral("1 hold")))
        << model.index(from, StageTimelineModel::EventsColumn).data().toString().toStdString();
    for (int r = from + 1; r < model.rowCount(); ++r)
        EXPECT_EQ(static_cast<State>(model.index(r, 0).data(StageTimelineModel::StateRole).toInt()), State::Upcoming)
            << r;
    EXPECT_FALSE(model.projectedCompletion()) << "a rolled-back rollout projects no completion";
}
