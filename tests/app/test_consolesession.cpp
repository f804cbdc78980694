// Tests for app/rampart/consolesession.h (offscreen): the window fed by a live controller on
// a SQLite workspace and the in-memory flag store. The rollback button's result is the value
// read back from the flag store, shown in the green banner and the top bar; a change made by
// another controller (another operator) appears in the window; a failed command is a red
// banner; a rebuilt window is fed the latest snapshots again.

#include "consolesession.h"

#include "banner.h"
#include "rolloutpage.h"
#include "settingspage.h"
#include "stagetimelinemodel.h"
#include "topbar.h"

#include "../core/rollout/rolloutfixture.h"
#include "../core/service/controllertestsupport.h"

#include "flags/flagstore.h"
#include "service/savedstate.h"
#include "store/sqliteevidencestore.h"

#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QSettings>
#include <QTest>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace rampart;
using namespace rampart::console;
using namespace rampart::rollout::testing;
using rampart::service::testing::waitUntil;
using namespace std::chrono_literals;

namespace {

class ConsoleSessionTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        plan = documentationKeeperPlan();
        plan.serviceGates.resize(1); // p95 only, read from no Prometheus (missing)
        flagStore = std::shared_ptr<flags::FlagStore>(flags::makeMemoryFlagStore(clock));
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    }

    service::ControllerConfig config(const std::string &actor)
    {
        service::ControllerConfig c;
        c.plan = plan;
        c.actor = actor;
        c.interval = 0ms;
        c.flagPollInterval = 20ms; // the in-memory store has no subscription: polled
        c.outboxDirectory = dir.filePath(QStringLiteral("outbox-") + QString::fromStdString(actor));
        c.clock = clock;
        const QString path = dir.filePath(QStringLiteral("workspace.rampart"));
        auto flags = flagStore;
        c.makeBackends = [path, flags]() -> Result<service::ControllerBackends> {
            auto opened = store::SqliteEvidenceStore::open(path);
            if (!opened)
                return opened.error();
            service::ControllerBackends b;
            b.store = std::move(opened).value();
            b.flags = flags;
            return b;
        };
        return c;
    }

    /// Starts the rollout through `session`'s controller and waits for the window to show 5 %.
    void startRollout(ConsoleSession &session, widgets::MainWindow &window)
    {
        bool done = false;
        QObject::connect(session.controller(), &service::RolloutController::commandFinished, &window,
                         [&done](const service::CommandResult &r) { done = r.kind == service::CommandKind::Start && r.ok(); });
        session.controller()->startRollout("ops:anna");
        ASSERT_TRUE(waitUntil([&] { return done && window.shownFlagVersion() > 0; }));
    }

    QTemporaryDir dir;
    rollout::Plan plan;
    std::shared_ptr<rollout::ManualClock> clock = std::make_shared<rollout::ManualClock>(std::chrono::floor<std::chrono::minutes>(t0()));
    std::shared_ptr<flags::FlagStore> flagStore;
    std::unique_ptr<QSettings> settings;
};

} // namespace

TEST_F(ConsoleSessionTest, RollbackButtonShowsTheValueReadBackFromTheFlagStore)
{
    ConsoleSession session(config("watchdog"), "os:anna");
    widgets::MainWindow window(settings.get());
    session.feed(window);
    session.start();
    startRollout(session, window);
    const std::int64_t before = window.shownFlagVersion();
    EXPECT_TRUE(window.topBar()->percentageText().contains(QStringLiteral("5"))) << window.topBar()->percentageText().toStdString();

    window.topBar()->rollbackButton()->click();
    ASSERT_TRUE(waitUntil([&] { return window.banner()->kind() == widgets::Banner::Kind::Success; }))
        << window.banner()->text().toStdString();

    auto flag = flagStore->read(plan.flag);
    ASSERT_TRUE(flag.ok());
    EXPECT_EQ(flag->percentage, 0.0);
    EXPECT_EQ(flag->updatedBy, "os:anna"); // the operator, not the controller's own actor
    EXPECT_GT(flag->version, before);
    EXPECT_EQ(window.shownFlagVersion(), flag->version);
    EXPECT_TRUE(window.banner()->text().contains(QString::number(flag->version))) << window.banner()->text().toStdString();
    session.stop();
}

TEST_F(ConsoleSessionTest, AnotherControllersChangeAppearsInTheWindow)
{
    ConsoleSession mine(config("watchdog"), "os:anna");
    widgets::MainWindow window(settings.get());
    mine.feed(window);
    mine.start();
    startRollout(mine, window);
    const std::int64_t started = window.shownFlagVersion();

    service::RolloutController other(config("other-console"));
    std::optional<service::CommandResult> result;
    QObject::connect(&other, &service::RolloutController::commandFinished, &window,
                     [&result](const service::CommandResult &r) { result = r; });
    bool loaded = false;
    QObject::connect(&other, &service::RolloutController::stateChanged, &window, [&loaded](const service::StatePtr &) { loaded = true; });
    other.start();
    ASSERT_TRUE(waitUntil([&] { return loaded; })); // its backends are made and the state read
    other.rollback("ops:ben", "error spike seen on the other console");
    ASSERT_TRUE(waitUntil([&] { return result.has_value(); }));
    ASSERT_TRUE(result->ok()) << result->error->message;
    // My controller polls the flag and the window follows; no banner, the top bar changes.
    ASSERT_TRUE(waitUntil([&] { return window.shownFlagVersion() > started; }));
    EXPECT_EQ(window.shownFlagVersion(), flagStore->read(plan.flag)->version);
    EXPECT_NE(window.banner()->kind(), widgets::Banner::Kind::Success);
    other.stop();
    mine.stop();
}

TEST_F(ConsoleSessionTest, RefusedCommandIsARedBanner)
{
    ConsoleSession session(config("watchdog"), "os:anna");
    widgets::MainWindow window(settings.get());
    session.feed(window);
    session.start();
    // Not started: an advance is refused; the window says so in red.
    Q_EMIT window.advanceRequested(QStringLiteral("no-hash"));
    ASSERT_TRUE(waitUntil([&] { return window.banner()->kind() == widgets::Banner::Kind::Error; }));
    EXPECT_FALSE(window.banner()->text().isEmpty());
    session.stop();
}

TEST_F(ConsoleSessionTest, RebuiltWindowIsFedTheLatestSnapshotsAndItsButtonsWork)
{
    ConsoleSession session(config("watchdog"), "os:anna");
    auto first = std::make_unique<widgets::MainWindow>(settings.get());
    session.feed(*first);
    session.start();
    startRollout(session, *first);
    const std::int64_t version = first->shownFlagVersion();
    first.reset(); // the language switch deletes the window and builds a new one

    widgets::MainWindow second(settings.get());
    session.feed(second);
    EXPECT_EQ(second.shownFlagVersion(), version);
    second.topBar()->rollbackButton()->click();
    ASSERT_TRUE(waitUntil([&] { return second.banner()->kind() == widgets::Banner::Kind::Success; }));
    EXPECT_EQ(flagStore->read(plan.flag)->percentage, 0.0);
    session.stop();
}

TEST_F(ConsoleSessionTest, NewEmbeddedWorkspaceStartsItsRolloutWhenAsked)
{
    ConsoleSession session(config("watchdog"), "os:anna");
    session.setStartWhenPending(true);
    widgets::MainWindow window(settings.get());
    session.feed(window);
    session.start();
    ASSERT_TRUE(waitUntil([&] { return window.shownFlagVersion() > 0; }));
    auto flag = flagStore->read(plan.flag);
    ASSERT_TRUE(flag.ok());
    EXPECT_EQ(flag->percentage, 5.0);
    EXPECT_EQ(flag->updatedBy, "os:anna");
    session.stop();

    // A second start on the same workspace finds it running and does not start it again.
    ConsoleSession again(config("watchdog"), "os:ben");
    again.setStartWhenPending(true);
    bool loaded = false;
    QObject::connect(again.controller(), &service::RolloutController::stateChanged, &window,
                     [&loaded](const service::StatePtr &) { loaded = true; });
    again.start();
    ASSERT_TRUE(waitUntil([&] { return loaded; }));
    QTest::qWait(100);
    EXPECT_EQ(flagStore->read(plan.flag)->version, flag->version);
    again.stop();
}

TEST_F(ConsoleSessionTest, EvaluationIntervalFromSettingsReachesTheController)
{
    settings->setValue(QStringLiteral("evaluation_interval_s"), 7); // chosen in an earlier session
    ConsoleSession session(config("watchdog"), "os:anna");
    widgets::MainWindow window(settings.get());
    session.feed(window);
    EXPECT_EQ(session.controller()->evaluationInterval(), 7s);
    session.start();
    window.settingsPage()->intervalBox()->setValue(12);
    EXPECT_EQ(session.controller()->evaluationInterval(), 12s);
    session.stop();
}

TEST_F(ConsoleSessionTest, SavedStateProblemsAndTheStageHistoryReachTheRolloutPage)
{
    {
        auto ws = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("workspace.rampart")));
        ASSERT_TRUE(ws.ok());
        const rollout::RolloutState s = runningAt(1, clock->now(), 30h);
        ASSERT_TRUE((*ws)->recordTransition(plan.agent, {"ops:anna", s.stageStartedAt, rollout::RolloutStatus::Running,
                                                         rollout::RolloutStatus::Running, 5.0, 25.0, "advance", "", false})
                        .ok());
        ASSERT_TRUE(service::saveState(**ws, plan, s, 1, "watchdog", clock->now()).ok());
    }
    ASSERT_TRUE(flagStore->write(plan.flag, {50.0, "half", "ops:someone", "by hand", std::nullopt}).ok());
    ConsoleSession session(config("watchdog"), "os:anna");
    widgets::MainWindow window(settings.get());
    session.feed(window);
    session.start();
    auto *banner = window.rolloutPage()->problemBanner();
    ASSERT_TRUE(waitUntil([&] { return !banner->isHidden(); }));
    EXPECT_EQ(banner->kind(), widgets::Banner::Kind::Error);
    EXPECT_TRUE(banner->text().contains(QStringLiteral("disagrees with the flag"))) << banner->text().toStdString();
    // The stage history came with the state: the 25% stage lists its entry.
    window.rolloutPage()->timelineView()->setCurrentIndex(window.rolloutPage()->timelineModel()->index(1, 0));
    ASSERT_GT(window.rolloutPage()->eventList()->count(), 0);
    EXPECT_TRUE(window.rolloutPage()->eventList()->item(0)->text().contains(QStringLiteral("entered from")))
        << window.rolloutPage()->eventList()->item(0)->text().toStdString();
    // A transition the controller makes afterwards does not clear the report (nothing re-checked it).
    bool held = false;
    QObject::connect(session.controller(), &service::RolloutController::commandFinished, &window,
                     [&held](const service::CommandResult &r) { held = r.kind == service::CommandKind::Hold && r.ok(); });
    Q_EMIT window.holdRequested(QStringLiteral("checking the flag by hand"));
    ASSERT_TRUE(waitUntil([&] { return held; }));
    QTest::qWait(50);
    EXPECT_FALSE(banner->isHidden());
    session.stop();
}
