// The Rollout page: the controller's saved-state problems in a red banner that a re-sent
// report does not bring back once dismissed, and the events of a stage with their times.

#include "banner.h"
#include "gatetablemodel.h"
#include "modeltesting.h"
#include "rolloutpage.h"
#include "stagetimelinemodel.h"
#include "wording.h"

#include <QListWidget>
#include <QTableView>
#include <QTreeView>
#include <QToolButton>

using namespace rampart;
using rampart::widgets::Banner;
using rampart::widgets::RolloutPage;
using namespace rampart::testing;

namespace {

QStringList eventLines(const RolloutPage &page)
{
    QStringList lines;
    for (int i = 0; i < page.eventList()->count(); ++i)
        lines << page.eventList()->item(i)->text();
    return lines;
}

} // namespace

TEST(RolloutPage, SavedStateProblemsShowARedBannerUntilTheReportChanges)
{
    const auto s = scenario("ready-for-signoff");
    models::GateTableModel gates;
    RolloutPage page(&gates);
    auto snapshot = s.timeline();
    page.setTimeline(snapshot);
    EXPECT_TRUE(page.problemBanner()->isHidden()) << "no problems, no banner";

    snapshot.problems.push_back({"state_flag_mismatch", "The flag reads 50% but the saved state is at 25%."});
    page.setTimeline(snapshot);
    ASSERT_FALSE(page.problemBanner()->isHidden());
    EXPECT_EQ(page.problemBanner()->kind(), Banner::Kind::Error);
    EXPECT_TRUE(page.problemBanner()->text().contains(QStringLiteral("disagrees with the flag"))) << page.problemBanner()->text().toStdString();
    EXPECT_TRUE(page.problemBanner()->text().contains(QStringLiteral("The flag reads 50%")));

    // Dismissed by the operator: the same report on the next update stays dismissed.
    page.problemBanner()->findChild<QToolButton *>()->click();
    EXPECT_TRUE(page.problemBanner()->isHidden());
    page.setTimeline(snapshot);
    EXPECT_TRUE(page.problemBanner()->isHidden());

    // A different report shows again; a load that finds none hides it.
    snapshot.problems.push_back({"state_history_mismatch", "The last transition ends at 5%."});
    page.setTimeline(snapshot);
    EXPECT_FALSE(page.problemBanner()->isHidden());
    EXPECT_TRUE(page.problemBanner()->text().contains(QStringLiteral("stage history")));
    snapshot.problems.clear();
    page.setTimeline(snapshot);
    EXPECT_TRUE(page.problemBanner()->isHidden());
}

TEST(RolloutPage, TheCurrentStageEventsAreListedWithTheirTimesAndAnotherStageOnSelection)
{
    const auto s = scenario("ready-for-signoff");
    auto hold = rollout::manualHold(s.plan, s.state, "alice", "investigating a spike", s.now);
    ASSERT_TRUE(hold.ok());
    auto snapshot = s.timeline();
    snapshot.history.push_back(hold->event);
    snapshot.state = hold->state;
    models::GateTableModel gates;
    RolloutPage page(&gates);
    page.setTimeline(snapshot);

    const int current = static_cast<int>(*s.state.stage);
    EXPECT_EQ(page.timelineView()->currentIndex().row(), current);
    const QStringList lines = eventLines(page);
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_TRUE(lines.back().contains(QStringLiteral("held by alice"))) << lines.join(QLatin1Char('|')).toStdString();
    EXPECT_TRUE(lines.back().startsWith(models::Wording::dateTime(s.now)));

    // The first stage: the start of the rollout.
    page.timelineView()->setCurrentIndex(page.timelineModel()->index(0, 0));
    const QStringList first = eventLines(page);
    ASSERT_FALSE(first.isEmpty());
    EXPECT_TRUE(first.front().contains(QStringLiteral("started by"))) << first.front().toStdString();
    // The operator's choice survives the next update.
    page.setTimeline(snapshot);
    EXPECT_EQ(page.timelineView()->currentIndex().row(), 0);

    // A stage with nothing in it says so.
    page.timelineView()->setCurrentIndex(page.timelineModel()->index(3, 0));
    EXPECT_EQ(eventLines(page), QStringList{QStringLiteral("No holds, rollbacks or sign-offs in this stage.")});
}

TEST(RolloutPage, TabGoesFromTheStagesToTheirEventsToTheGates)
{
    models::GateTableModel gates;
    RolloutPage page(&gates);
    QList<QWidget *> chain;
    for (QWidget *w = page.nextInFocusChain(); w && w != &page; w = w->nextInFocusChain())
        chain << w;
    const auto at = [&](QWidget *w) { return chain.indexOf(w); };
    ASSERT_GE(at(page.timelineView()), 0);
    EXPECT_LT(at(page.timelineView()), at(page.eventList()));
    EXPECT_LT(at(page.eventList()), at(page.gateView()));
}
