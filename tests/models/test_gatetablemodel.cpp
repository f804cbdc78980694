// GateTableModel: one row per gate of a real Decision, each opening to its evidence.

#include "gatetablemodel.h"
#include "modeltesting.h"

#include <thread>

using rampart::models::GateTableModel;
using rampart::rollout::GateStatus;
using namespace rampart::testing;

namespace {

int rowOf(const GateTableModel &model, const QString &gate)
{
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data(GateTableModel::GateIdRole).toString() == gate)
            return r;
    }
    return -1;
}

} // namespace

TEST(GateTableModel, PassesTheModelTesterForEveryExample)
{
    for (const char *name : AllScenarios) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        GateTableModel model;
        auto tester = attachTester(&model);
        model.setData(s.decision, s.plan);
        ASSERT_EQ(model.rowCount(), static_cast<int>(s.decision.gates.size()));
        for (int r = 0; r < model.rowCount(); ++r) {
            const auto &gate = s.decision.gates[static_cast<std::size_t>(r)];
            EXPECT_EQ(model.index(r, 0).data(GateTableModel::StatusRole).toInt(), static_cast<int>(gate.status));
            EXPECT_EQ(model.index(r, 0).data(GateTableModel::GateIdRole).toString().toStdString(), gate.gate);
            EXPECT_GE(model.rowCount(model.index(r, 0)), 1) << "every gate opens to its evidence";
            EXPECT_EQ(model.index(0, 1, model.index(r, 0)).data().toString().toStdString(), gate.detail)
                << "the engine's own sentence is the first evidence line";
        }
        model.clear();
        EXPECT_EQ(model.rowCount(), 0);
    }
}

TEST(GateTableModel, ReadyForSignOffHasOnlyTheSignOffOpen)
{
    const auto s = scenario("ready-for-signoff");
    GateTableModel model;
    model.setData(s.decision, s.plan);
    EXPECT_EQ(model.openGateCount(), 1);
    const int signOff = rowOf(model, QStringLiteral("signoff"));
    ASSERT_GE(signOff, 0);
    EXPECT_EQ(model.index(signOff, 0).data(GateTableModel::StatusRole).toInt(), static_cast<int>(GateStatus::Pending));
}

TEST(GateTableModel, GuardrailBreachFailsTheLatencyGuardrailWithItsPValue)
{
    const auto s = scenario("guardrail-breach");
    GateTableModel model;
    model.setData(s.decision, s.plan);
    const int row = rowOf(model, QStringLiteral("metric:latency_ms"));
    ASSERT_GE(row, 0);
    EXPECT_EQ(model.index(row, 0).data(GateTableModel::StatusRole).toInt(), static_cast<int>(GateStatus::Fail));
    const QString reason = model.index(row, GateTableModel::ReasonColumn).data().toString();
    EXPECT_TRUE(reason.contains(QStringLiteral("degraded significantly"))) << reason.toStdString();
    // The evidence names the test and both means the engine compared.
    QStringList keys;
    const QModelIndex parent = model.index(row, 0);
    for (int c = 0; c < model.rowCount(parent); ++c)
        keys << model.index(c, 0, parent).data().toString();
    EXPECT_TRUE(keys.contains(QStringLiteral("Test")));
    EXPECT_TRUE(keys.contains(QStringLiteral("Control mean")));
    EXPECT_TRUE(keys.contains(QStringLiteral("ML mean")));
    // ... and the always-valid test's own numbers, which decided it.
    EXPECT_TRUE(keys.contains(QStringLiteral("Test statistic z"))) << keys.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(keys.contains(QStringLiteral("Statistic compared")));
}

TEST(GateTableModel, ServiceGateEvidenceShowsThePlansQuery)
{
    const auto s = scenario("advance");
    GateTableModel model;
    model.setData(s.decision, s.plan);
    const int row = rowOf(model, QStringLiteral("p95_latency_ms"));
    ASSERT_GE(row, 0);
    const QModelIndex parent = model.index(row, 0);
    QString query;
    for (int c = 0; c < model.rowCount(parent); ++c) {
        if (model.index(c, 0, parent).data().toString() == QStringLiteral("Query"))
            query = model.index(c, 1, parent).data().toString();
    }
    EXPECT_EQ(query.toStdString(), s.plan.serviceGates.front().query);
}

TEST(GateTableModelDeathTest, SetDataFromAnotherThreadAborts)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    const auto s = scenario("advance");
    EXPECT_DEATH(
        {
            GateTableModel model;
            std::thread worker([&] { model.setData(s.decision, s.plan); });
            worker.join();
        },
        "GateTableModel::setData called from a thread");
}

// Bug: a latency guardrail's mean and P95 rows share the gate id "metric:latency_ms"; both
// were labelled alike and both showed the mean's reason (with the mean's p-value).
TEST(GateTableModel, LatencyP95RowHasItsOwnNameAndItsOwnReason)
{
    const auto s = scenario("guardrail-breach");
    GateTableModel model;
    model.setData(s.decision, s.plan);
    std::vector<int> rows;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(GateTableModel::GateIdRole).toString() == QStringLiteral("metric:latency_ms"))
            rows.push_back(r);
    ASSERT_EQ(rows.size(), 2u);
    const QString meanLabel = model.index(rows[0], GateTableModel::GateColumn).data().toString();
    const QString p95Label = model.index(rows[1], GateTableModel::GateColumn).data().toString();
    EXPECT_NE(meanLabel, p95Label);
    EXPECT_TRUE(p95Label.endsWith(QStringLiteral("(P95)"))) << p95Label.toStdString();
    const QString meanReason = model.index(rows[0], GateTableModel::ReasonColumn).data().toString();
    const QString p95Reason = model.index(rows[1], GateTableModel::ReasonColumn).data().toString();
    EXPECT_NE(meanReason, p95Reason);
    // Each reason quotes its own row's p-value (the row's observed value).
    EXPECT_TRUE(p95Reason.contains(model.index(rows[1], GateTableModel::ObservedColumn).data().toString()))
        << p95Reason.toStdString() << " / " << model.index(rows[1], GateTableModel::ObservedColumn).data().toString().toStdString();
}
