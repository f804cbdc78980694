// The plan's optional "flag_alias" (the flag's second name in the HTTP API).

#include "io/planjson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace rampart;

namespace {

QJsonObject demoPlan()
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    EXPECT_TRUE(plan);
    return io::planToJson(*plan);
}

TEST(PlanFlagAlias, IsReadWrittenAndOptional)
{
    QJsonObject json = demoPlan();
    ASSERT_EQ(json.value(QStringLiteral("flag_alias")).toString(), QStringLiteral("ml-agent-rollout"));
    auto plan = io::parsePlan(json);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->flagAlias, "ml-agent-rollout");

    json.remove(QStringLiteral("flag_alias"));
    plan = io::parsePlan(json);
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_TRUE(plan->flagAlias.empty());
    EXPECT_FALSE(io::planToJson(*plan).contains(QStringLiteral("flag_alias")));
}

TEST(PlanFlagAlias, WrongTypeNamesTheField)
{
    QJsonObject json = demoPlan();
    json.insert(QStringLiteral("flag_alias"), 7);
    auto plan = io::parsePlan(json);
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().field, "flag_alias");
}

} // namespace
