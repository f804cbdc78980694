// The main window's always-visible controls: Roll back (click and shortcut, no dialog),
// the confirmation and failure banners, a change made by another operator, Hold and Resume.
// The rollback path is wired here the way the controller will wire it: the request goes to
// a FlagStore write and the read-back value comes back to showRollbackConfirmed().

#include "banner.h"
#include "mainwindow.h"
#include "modeltesting.h"
#include "reasonprompt.h"
#include "screenshot.h"
#include "topbar.h"

#include "flags/flagstore.h"
#include "flags/redisflagstore.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using rampart::widgets::Banner;
using rampart::widgets::MainWindow;
using namespace rampart::testing;
namespace flags = rampart::flags;

namespace {

struct Fixture
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    rampart::console::ExampleScenario s = scenario("ready-for-signoff");
    MainWindow window{&settings};

    Fixture()
    {
        rampart::console::feedWindow(window, s);
        window.resize(1200, 800);
        window.show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(&window));
    }

    /// What the controller does on rollbackRequested(): write the flag, read it back.
    void wireRollbackTo(flags::FlagStore &store)
    {
        QObject::connect(&window, &MainWindow::rollbackRequested, &window, [this, &store] {
            flags::FlagWrite write;
            write.percentage = 0.0;
            write.stage = "rollback";
            write.updatedBy = "operator";
            write.reason = "manual rollback from the console";
            auto result = store.write(s.plan.flag, write);
            if (result)
                window.showRollbackConfirmed(*result, QDateTime::currentDateTime());
            else
                window.showCommandFailed(QStringLiteral("Roll back"), QString::fromStdString(result.error().message));
        });
    }
};

} // namespace

TEST(MainWindow, RollBackClickWritesTheFlagAndShowsTheConfirmedValue)
{
    Fixture f;
    auto store = flags::makeMemoryFlagStore();
    f.wireRollbackTo(*store);
    QSignalSpy requested(&f.window, &MainWindow::rollbackRequested);
    QTest::mouseClick(f.window.topBar()->rollbackButton(), Qt::LeftButton);
    ASSERT_EQ(requested.count(), 1);
    const auto stored = store->read(f.s.plan.flag);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->percentage, 0.0);
    EXPECT_TRUE(f.window.banner()->isVisible());
    EXPECT_EQ(f.window.banner()->kind(), Banner::Kind::Success);
    EXPECT_TRUE(f.window.banner()->text().contains(QStringLiteral("0%"))) << f.window.banner()->text().toStdString();
    EXPECT_TRUE(f.window.topBar()->percentageText().startsWith(QStringLiteral("0%")));
    // At 0% there is nothing left to roll back.
    EXPECT_FALSE(f.window.topBar()->rollbackButton()->isEnabled());
}

TEST(MainWindow, RollBackHasAKeyboardShortcutAndNoDialog)
{
    Fixture f;
    QSignalSpy requested(&f.window, &MainWindow::rollbackRequested);
    QTest::keyClick(&f.window, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    // A button's shortcut animates the press for a moment before it clicks.
    EXPECT_TRUE(requested.count() == 1 || requested.wait(2000));
    EXPECT_EQ(requested.count(), 1);
    EXPECT_EQ(QApplication::activeModalWidget(), nullptr);
}

TEST(MainWindow, AFailedWriteShowsARedBannerAndLeavesTheButtonReady)
{
    Fixture f;
    // A Redis nobody listens on: port 1 on loopback refuses at once.
    flags::RedisFlagStore::Options options;
    options.url = "redis://127.0.0.1:1/0";
    options.connectTimeout = std::chrono::milliseconds(200);
    auto store = flags::RedisFlagStore::create(options);
    ASSERT_TRUE(store.ok());
    f.wireRollbackTo(**store);
    QTest::mouseClick(f.window.topBar()->rollbackButton(), Qt::LeftButton);
    EXPECT_TRUE(f.window.banner()->isVisible());
    EXPECT_EQ(f.window.banner()->kind(), Banner::Kind::Error);
    EXPECT_TRUE(f.window.banner()->text().startsWith(QStringLiteral("Roll back failed:"))) << f.window.banner()->text().toStdString();
    EXPECT_TRUE(f.window.topBar()->rollbackButton()->isEnabled()) << "ready to retry";
    EXPECT_TRUE(f.window.topBar()->percentageText().startsWith(QStringLiteral("25%"))) << "nothing confirmed, nothing changed";
}

TEST(MainWindow, AChangeByAnotherOperatorAppearsInTheTopBar)
{
    Fixture f;
    auto store = flags::makeMemoryFlagStore();
    flags::FlagWrite write;
    write.percentage = 50.0;
    write.stage = "stakeholder-review";
    write.updatedBy = "bob";
    write.reason = "advance after sign-off";
    auto written = store->write(f.s.plan.flag, write);
    ASSERT_TRUE(written.ok());
    // The controller forwards every flag change it reads (or is published) to this slot.
    f.window.setFlagState(*written, QDateTime::currentDateTime());
    EXPECT_EQ(f.window.shownFlagVersion(), written->version);
    EXPECT_TRUE(f.window.topBar()->percentageText().startsWith(QStringLiteral("50%")))
        << f.window.topBar()->percentageText().toStdString();
    EXPECT_TRUE(f.window.topBar()->connectionText().endsWith(QStringLiteral("changed by bob")))
        << f.window.topBar()->connectionText().toStdString();
    f.window.setConnectionState(true, QString());
    EXPECT_EQ(f.window.topBar()->connectionText(), QStringLiteral("● connected · changed by bob"));
    EXPECT_TRUE(f.window.topBar()->findChild<QPushButton *>(QStringLiteral("rollbackButton"))->isEnabled());
}

TEST(MainWindow, HoldAsksForAReasonInlineAndEmitsIt)
{
    Fixture f;
    QSignalSpy hold(&f.window, &MainWindow::holdRequested);
    QTest::mouseClick(f.window.topBar()->holdButton(), Qt::LeftButton);
    ASSERT_TRUE(f.window.prompt()->isVisible());
    EXPECT_FALSE(f.window.prompt()->confirmButton()->isEnabled());
    QTest::keyClicks(f.window.prompt()->editor(), QStringLiteral("latency spike under investigation"));
    QTest::keyClick(f.window.prompt()->editor(), Qt::Key_Return);
    ASSERT_EQ(hold.count(), 1);
    EXPECT_EQ(hold.at(0).at(0).toString(), QStringLiteral("latency spike under investigation"));
    EXPECT_FALSE(f.window.prompt()->isVisible());
}

TEST(MainWindow, ResumeNeedsAWrittenJustificationAfterARollback)
{
    Fixture f;
    auto snapshot = f.s.timeline();
    auto rolled = rampart::rollout::manualRollback(f.s.plan, f.s.state, "alice", "regression", f.s.now);
    ASSERT_TRUE(rolled.ok());
    snapshot.state = rolled->state;
    snapshot.history.push_back(rolled->event);
    EXPECT_FALSE(f.window.topBar()->resumeButton()->isEnabled());
    f.window.setTimeline(snapshot);
    ASSERT_TRUE(f.window.topBar()->resumeButton()->isEnabled());
    QSignalSpy resume(&f.window, &MainWindow::resumeRequested);
    QTest::mouseClick(f.window.topBar()->resumeButton(), Qt::LeftButton);
    QTest::keyClicks(f.window.prompt()->editor(), QStringLiteral("fixed"));
    EXPECT_FALSE(f.window.prompt()->confirmButton()->isEnabled()) << "5 characters are not a justification";
    QTest::keyClick(f.window.prompt()->editor(), Qt::Key_Return);
    EXPECT_EQ(resume.count(), 0);
    QTest::keyClicks(f.window.prompt()->editor(), QStringLiteral(" in release 2.3.1, latency back to 60 ms"));
    QTest::keyClick(f.window.prompt()->editor(), Qt::Key_Return);
    ASSERT_EQ(resume.count(), 1);
}

TEST(MainWindow, PagesAreReachableByNameAndKeyboard)
{
    Fixture f;
    for (const QString &name : MainWindow::pageNames()) {
        EXPECT_TRUE(f.window.showPage(name));
        EXPECT_EQ(f.window.currentPageName(), name);
    }
    EXPECT_FALSE(f.window.showPage(QStringLiteral("nope")));
    QTest::keyClick(&f.window, Qt::Key_4, Qt::ControlModifier);
    EXPECT_EQ(f.window.currentPageName(), QStringLiteral("planner"));
}

TEST(MainWindow, EveryControlHasAnAccessibleNameOrALabel)
{
    Fixture f;
    // A label's buddy gives its control a name for screen readers and a mnemonic.
    QSet<const QWidget *> labelled;
    for (const QLabel *label : f.window.findChildren<QLabel *>()) {
        if (label->buddy())
            labelled.insert(label->buddy());
    }
    QStringList unnamed;
    auto check = [&](QWidget *w, const QString &visibleText) {
        // Qt's own parts of a view or an editor (headers, corner and clear buttons) are named by Qt.
        const QString cls = QString::fromLatin1(w->metaObject()->className());
        if (qobject_cast<QHeaderView *>(w) || cls == QLatin1String("QTableCornerButton") || cls == QLatin1String("QLineEditIconButton"))
            return;
        if (!w->accessibleName().isEmpty() || labelled.contains(w) || !visibleText.isEmpty())
            return;
        unnamed << QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(' ') + w->objectName() + QLatin1Char('<')
                + QString::fromLatin1(w->parentWidget() ? w->parentWidget()->metaObject()->className() : "");
    };
    for (QAbstractButton *b : f.window.findChildren<QAbstractButton *>())
        check(b, b->text());
    for (QWidget *w : f.window.findChildren<QLineEdit *>()) {
        if (!qobject_cast<QAbstractSpinBox *>(w->parentWidget()) && !qobject_cast<QComboBox *>(w->parentWidget()))
            check(w, QString());
    }
    for (QWidget *w : f.window.findChildren<QAbstractSpinBox *>())
        check(w, QString());
    for (QWidget *w : f.window.findChildren<QComboBox *>())
        check(w, QString());
    for (QWidget *w : f.window.findChildren<QPlainTextEdit *>())
        check(w, QString());
    for (QAbstractItemView *v : f.window.findChildren<QAbstractItemView *>()) {
        if (qobject_cast<QComboBox *>(v->parentWidget()) || v->parentWidget() == nullptr || v->objectName().startsWith(QLatin1String("qt_")))
            continue;
        if (v->window() != &f.window)
            continue; // a combo box's popup
        check(v, QString());
    }
    EXPECT_TRUE(unnamed.isEmpty()) << unnamed.join(QStringLiteral(", ")).toStdString();
}

TEST(MainWindow, TabIsNotTrappedInTablesAndReachesRollBack)
{
    Fixture f;
    f.window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&f.window));
    QWidget *start = QApplication::focusWidget();
    bool reached = false;
    QStringList chain;
    for (int i = 0; i < 80 && !reached; ++i) {
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : static_cast<QWidget *>(&f.window), Qt::Key_Tab);
        reached = QApplication::focusWidget() == f.window.topBar()->rollbackButton();
        chain << QString::fromLatin1(QApplication::focusWidget() ? QApplication::focusWidget()->metaObject()->className() : "-");
    }
    EXPECT_TRUE(reached) << "Roll back is in the tab chain (started at "
                         << (start ? start->metaObject()->className() : "nothing") << "): " << chain.join(QStringLiteral(" ")).toStdString();
}
