// The sign-off page: Advance only when the engine says advance; approve/reject carry the
// evidence hash; an override needs a written justification.

#include "changechart.h"
#include "modeltesting.h"
#include "reasonprompt.h"
#include "signoffpage.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using rampart::widgets::SignOffPage;
using namespace rampart::testing;
namespace models = rampart::models;

namespace {

struct Page
{
    models::GateTableModel gates;
    models::MetricsModel metrics;
    SignOffPage page{&gates, &metrics};

    explicit Page(const rampart::console::ExampleScenario &s)
    {
        gates.setData(s.decision, s.plan);
        metrics.setData(s.decision, s.plan);
        page.setDecision(s.decision, s.plan, s.evidenceHash);
        page.show();
    }
};

} // namespace

TEST(SignOffPage, AdvanceIsDisabledWhileAnyGateFailsOrIsPending)
{
    for (const char *name : {"guardrail-breach", "insufficient-sample", "srm", "ready-for-signoff"}) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        ASSERT_NE(s.decision.action, rampart::rollout::Action::Advance);
        Page p(s);
        EXPECT_GT(p.gates.openGateCount(), 0);
        EXPECT_FALSE(p.page.advanceButton()->isEnabled());
    }
}

TEST(SignOffPage, AdvanceIsEnabledWhenTheEngineSaysAdvance)
{
    const auto s = scenario("advance");
    ASSERT_EQ(s.decision.action, rampart::rollout::Action::Advance);
    Page p(s);
    EXPECT_EQ(p.gates.openGateCount(), 0);
    ASSERT_TRUE(p.page.advanceButton()->isEnabled());
    QSignalSpy advance(&p.page, &SignOffPage::advanceRequested);
    QTest::mouseClick(p.page.advanceButton(), Qt::LeftButton);
    ASSERT_EQ(advance.count(), 1);
    EXPECT_EQ(advance.at(0).at(0).toString(), s.evidenceHash);
}

TEST(SignOffPage, ApprovalCarriesNameRoleCommentAndTheEvidenceHash)
{
    const auto s = scenario("ready-for-signoff");
    Page p(s);
    EXPECT_FALSE(p.page.approveButton()->isEnabled()) << "no name, no approval";
    QTest::keyClicks(p.page.nameEdit(), QStringLiteral("Anna Nowak"));
    p.page.commentEdit()->setPlainText(QStringLiteral("accuracy gain is convincing"));
    ASSERT_TRUE(p.page.approveButton()->isEnabled());
    QSignalSpy signOff(&p.page, &SignOffPage::signOffRequested);
    QTest::mouseClick(p.page.approveButton(), Qt::LeftButton);
    ASSERT_EQ(signOff.count(), 1);
    const auto args = signOff.at(0);
    EXPECT_TRUE(args.at(0).toBool());
    EXPECT_EQ(args.at(1).toString(), QStringLiteral("Anna Nowak"));
    EXPECT_EQ(args.at(2).toString().toStdString(), s.plan.stages[*s.state.stage].signOff.role);
    EXPECT_EQ(args.at(3).toString(), QStringLiteral("accuracy gain is convincing"));
    EXPECT_EQ(args.at(4).toString(), s.evidenceHash);
    EXPECT_EQ(p.page.evidenceHash().size(), 64) << "SHA-256 hex";
}

TEST(SignOffPage, ApprovingARollbackIsNotOffered)
{
    const auto s = scenario("guardrail-breach");
    ASSERT_EQ(s.decision.action, rampart::rollout::Action::Rollback);
    Page p(s);
    QTest::keyClicks(p.page.nameEdit(), QStringLiteral("Anna Nowak"));
    EXPECT_FALSE(p.page.approveButton()->isEnabled());
    EXPECT_TRUE(p.page.rejectButton()->isEnabled());
    EXPECT_FALSE(p.page.overrideButton()->isEnabled()) << "never override a rollback";
}

TEST(SignOffPage, AnOverrideNeedsAWrittenJustification)
{
    const auto s = scenario("insufficient-sample");
    Page p(s);
    ASSERT_TRUE(p.page.overrideButton()->isEnabled());
    QSignalSpy override(&p.page, &SignOffPage::overrideRequested);
    QTest::mouseClick(p.page.overrideButton(), Qt::LeftButton);
    ASSERT_TRUE(p.page.overridePrompt()->isVisible());
    QTest::keyClicks(p.page.overridePrompt()->editor(), QStringLiteral("too short"));
    EXPECT_FALSE(p.page.overridePrompt()->confirmButton()->isEnabled());
    QTest::keyClicks(p.page.overridePrompt()->editor(), QStringLiteral(": the sample is 3 units short of 1047"));
    QTest::keyClick(p.page.overridePrompt()->editor(), Qt::Key_Return);
    ASSERT_EQ(override.count(), 1);
    EXPECT_EQ(override.at(0).at(1).toString(), s.evidenceHash);
}

TEST(SignOffPage, ShowsTheKeyChartOfTheEvidenceBeingApproved)
{
    const auto s = scenario("ready-for-signoff");
    Page p(s);
    auto *chart = p.page.findChild<rampart::widgets::ChangeChartView *>();
    ASSERT_NE(chart, nullptr);
    const auto series = chart->chart()->series();
    ASSERT_EQ(series.size(), 1);
    auto *bars = qobject_cast<QBarSeries *>(series.front());
    ASSERT_NE(bars, nullptr);
    ASSERT_EQ(bars->barSets().size(), 1);
    // One bar per metric row, the relative change in percent, read from the same model.
    ASSERT_EQ(bars->barSets().front()->count(), p.metrics.rowCount());
    for (int r = 0; r < p.metrics.rowCount(); ++r) {
        const QVariant change = p.metrics.index(r, models::MetricsModel::ChangeColumn).data(models::MetricsModel::NumericRole);
        EXPECT_NEAR(bars->barSets().front()->at(r), change.isValid() ? change.toDouble() * 100.0 : 0.0, 1e-9);
    }
}
