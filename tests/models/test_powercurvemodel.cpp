// PowerCurveModel: the planner's curve as a table for QVXYModelMapper.

#include "modeltesting.h"
#include "powercurvemodel.h"

using rampart::models::PowerCurveModel;
using namespace rampart::testing;

TEST(PowerCurveModel, ExposesTotalsAndThePowerOfEachSplit)
{
    rampart::models::PlannerInput in;
    in.effectSize = 0.1;
    in.curvePoints = 30;
    auto plan = rampart::models::computePlan(in);
    ASSERT_TRUE(plan.ok());
    PowerCurveModel model;
    auto tester = attachTester(&model);
    model.setCurve(plan->curve);
    ASSERT_EQ(model.rowCount(), 30);
    ASSERT_EQ(model.columnCount(), 4);
    for (int r = 0; r < 30; ++r) {
        EXPECT_DOUBLE_EQ(model.index(r, 0).data().toDouble(), plan->curve.totals[static_cast<std::size_t>(r)]);
        for (int k = 0; k < 3; ++k)
            EXPECT_DOUBLE_EQ(model.index(r, k + 1).data().toDouble(), plan->curve.power[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)]);
    }
    EXPECT_DOUBLE_EQ(model.maximumTotal(), plan->curve.totals.back());
    model.setCurve({});
    EXPECT_EQ(model.rowCount(), 0);
}
