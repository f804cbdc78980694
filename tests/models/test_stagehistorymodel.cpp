// StageHistoryModel: transitions made by the real state machine.

#include "modeltesting.h"
#include "stagehistorymodel.h"

using rampart::models::StageHistoryModel;
using namespace rampart::testing;
namespace rollout = rampart::rollout;

TEST(StageHistoryModel, ShowsEveryTransitionInOrderWithOverrides)
{
    const auto s = scenario("ready-for-signoff");
    std::vector<rollout::TransitionEvent> history = s.history;
    auto hold = rollout::manualHold(s.plan, s.state, "alice", "investigating", s.now);
    ASSERT_TRUE(hold.ok());
    history.push_back(hold->event);
    auto over = rollout::overrideAdvance(s.plan, hold->state, s.decision, "carol",
                                         "the sign-off is delayed by travel; approved by phone", s.evidenceHash.toStdString(),
                                         s.now + std::chrono::hours(1));
    ASSERT_TRUE(over.ok()) << over.error().message;
    history.push_back(over->event);

    StageHistoryModel model;
    auto tester = attachTester(&model);
    model.setData(history);
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.index(1, StageHistoryModel::ActorColumn).data().toString(), QStringLiteral("alice"));
    EXPECT_EQ(model.index(1, 0).data(StageHistoryModel::ToStatusRole).toInt(), static_cast<int>(rollout::RolloutStatus::Holding));
    EXPECT_FALSE(model.index(1, 0).data(StageHistoryModel::OverrideRole).toBool());
    EXPECT_TRUE(model.index(2, 0).data(StageHistoryModel::OverrideRole).toBool());
    EXPECT_EQ(model.index(2, StageHistoryModel::HashColumn).data().toString(), s.evidenceHash.left(12));
    EXPECT_EQ(model.event(2)->toPercentage, s.plan.stages[*s.state.stage + 1].percentage);
    EXPECT_EQ(model.event(3), nullptr);
}
