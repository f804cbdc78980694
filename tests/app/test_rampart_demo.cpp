// Tests for app/rampart/demomode.h (offscreen): the console's embedded default plays the demo
// in the real main window. A shortened run: the screenshot mode saves every page at the
// canary's sign-off (the first moment, a simulated day in); the demo bar shows the simulated
// day, stage and answers; the user's Roll back goes through the controller, reaches the
// flag, and switches the autopilot off; switched on again, it resumes. The whole rollout to completion is played by
// tests/core/service/test_demorun.cpp (and by scripts/demo).

#include "demomode.h"

#include "../core/service/controllertestsupport.h"

#include "demobar.h"
#include "mainwindow.h"

#include <QCheckBox>
#include <QImage>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <gtest/gtest.h>

using namespace rampart;
using namespace rampart::console;
using rampart::service::testing::waitUntil;
using namespace std::chrono_literals;

namespace {

class DemoModeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        languages.install(QStringLiteral("en"));
    }

    DemoModeOptions options()
    {
        DemoModeOptions o;
        o.directory = dir.filePath(QStringLiteral("workspace"));
        o.speed = 0.0; // as fast as possible
        o.language = QStringLiteral("en");
        return o;
    }

    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    LanguageInstaller languages;
};

widgets::DemoBar *demoBar(widgets::MainWindow *window)
{
    return window ? window->findChild<widgets::DemoBar *>() : nullptr;
}

} // namespace

TEST_F(DemoModeTest, ScreenshotRunSavesEveryPageAtTheCanarySignOff)
{
    DemoModeOptions o = options();
    o.screenshotDir = dir.filePath(QStringLiteral("shots"));
    o.autopilot = false; // the screenshot run always flies on autopilot
    DemoMode demo(o, &settings, &languages);
    ASSERT_TRUE(demo.start().ok());
    EXPECT_TRUE(demo.workspace().startsWith(o.directory + QStringLiteral("/demo-"))) << demo.workspace().toStdString();
    EXPECT_TRUE(demo.run()->progress().autopilot);

    const int pages = widgets::MainWindow::pageNames().size();
    ASSERT_TRUE(waitUntil([&] { return demo.screenshots().size() >= pages; }, 180s));
    for (int i = 0; i < pages; ++i) {
        const QString file = demo.screenshots().at(i);
        EXPECT_TRUE(file.contains(QStringLiteral("01-canary-signoff-") + widgets::MainWindow::pageNames().at(i) + QStringLiteral("-en.png")))
            << file.toStdString();
        const QImage image(file);
        ASSERT_FALSE(image.isNull()) << file.toStdString();
        EXPECT_EQ(image.size(), QSize(1280, 860));
    }
    // The canary's 24 h dwell passed on the simulated clock, and its sign-off came from the
    // autopilot only once the sign-off was all it lacked.
    const service::DemoProgress &p = demo.run()->progress();
    EXPECT_GE(p.now - p.start, std::chrono::hours(24));
    EXPECT_LT(p.now - p.start, std::chrono::hours(30));
    EXPECT_GT(p.eventsWritten, 0);
    widgets::DemoBar *bar = demoBar(demo.window());
    ASSERT_NE(bar, nullptr);
    EXPECT_TRUE(bar->statusText().contains(QStringLiteral("canary"))) << bar->statusText().toStdString();
    EXPECT_TRUE(bar->statusText().contains(QStringLiteral("simulated answers"))) << bar->statusText().toStdString();
    EXPECT_TRUE(bar->lastEvent().contains(QStringLiteral("signed off stage canary"))) << bar->lastEvent().toStdString();
}

TEST_F(DemoModeTest, UserRollbackGoesThroughTheControllerAndSwitchesTheAutopilotOff)
{
    DemoMode demo(options(), &settings, &languages);
    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(waitUntil([&] { return demo.run()->progress().ticks >= 3 && demo.run()->progress().percentage == 5.0; }, 60s));
    ASSERT_TRUE(demo.run()->progress().autopilot);

    auto *rollback = demo.window()->findChild<QPushButton *>(QStringLiteral("rollbackButton"));
    ASSERT_NE(rollback, nullptr);
    ASSERT_TRUE(waitUntil([&] { return rollback->isEnabled(); }, 10s));
    QTest::mouseClick(rollback, Qt::LeftButton);

    ASSERT_TRUE(waitUntil([&] { return !demo.run()->progress().autopilot; }, 30s));
    widgets::DemoBar *bar = demoBar(demo.window());
    ASSERT_NE(bar, nullptr);
    EXPECT_TRUE(waitUntil([&] { return bar->lastEvent().contains(QStringLiteral("autopilot is off")); }, 10s))
        << bar->lastEvent().toStdString();
    // No stable stage yet: the rollback goes to 0 %, and the demo keeps ticking at it.
    EXPECT_TRUE(waitUntil([&] { return demo.run()->progress().status == rollout::RolloutStatus::RolledBack; }, 30s));
    const int ticks = demo.run()->progress().ticks;
    EXPECT_TRUE(waitUntil([&] { return demo.run()->progress().ticks > ticks + 2; }, 30s));
    EXPECT_EQ(demo.run()->progress().percentage, 0.0);
    EXPECT_EQ(demo.run()->progress().resumes, 0); // the autopilot is off: the rollback stays

    // Switched on again, the autopilot resumes 12 simulated hours after the rollback, from
    // the first stage (there is no stable one yet).
    auto *autopilot = demo.window()->findChild<QCheckBox *>(QStringLiteral("demoAutopilot"));
    ASSERT_NE(autopilot, nullptr);
    QTest::mouseClick(autopilot, Qt::LeftButton, {}, QPoint(5, autopilot->height() / 2));
    EXPECT_TRUE(demo.run()->progress().autopilot);
    ASSERT_TRUE(waitUntil([&] { return demo.run()->progress().resumes == 1; }, 60s));
    EXPECT_TRUE(waitUntil([&] { return demo.run()->progress().percentage == 5.0; }, 10s));
    EXPECT_EQ(demo.run()->progress().rollbacks, 0); // the controller rolled nothing back itself
}

TEST_F(DemoModeTest, PauseFromTheBarStopsTheSimulatedClock)
{
    DemoModeOptions o = options();
    o.speed = 50.0; // 72 ms a tick: slow enough to pause between ticks
    DemoMode demo(o, &settings, &languages);
    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(waitUntil([&] { return demo.run()->progress().ticks >= 2; }, 60s));
    auto *pause = demo.window()->findChild<QPushButton *>(QStringLiteral("demoPauseButton"));
    ASSERT_NE(pause, nullptr);
    QTest::mouseClick(pause, Qt::LeftButton);
    EXPECT_TRUE(demo.run()->progress().paused);
    QTest::qWait(300); // a step in flight completes
    const int ticks = demo.run()->progress().ticks;
    QTest::qWait(700);
    EXPECT_EQ(demo.run()->progress().ticks, ticks);
    QTest::mouseClick(pause, Qt::LeftButton);
    EXPECT_TRUE(waitUntil([&] { return demo.run()->progress().ticks > ticks; }, 30s));
}
