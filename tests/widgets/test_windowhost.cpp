// Switching the language in Settings rebuilds the window live, fed again, on the same page.

#include "mainwindow.h"
#include "modeltesting.h"
#include "screenshot.h"
#include "settingspage.h"
#include "windowhost.h"

#include <QComboBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

using rampart::console::LanguageInstaller;
using rampart::console::WindowHost;
using namespace rampart::testing;

TEST(WindowHost, ChangingTheLanguageRebuildsTheWindowOnTheSamePage)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    const auto s = scenario("ready-for-signoff");
    LanguageInstaller languages;
    languages.install(QStringLiteral("en"));
    int fed = 0;
    WindowHost host(&settings, &languages, [&](rampart::widgets::MainWindow &w) {
        rampart::console::feedWindow(w, s);
        ++fed;
    });
    host.build();
    ASSERT_EQ(fed, 1);
    QPointer<rampart::widgets::MainWindow> first = host.window();
    first->showPage(QStringLiteral("settings"));
    first->show();
    QSignalSpy built(&host, &WindowHost::windowBuilt);
    QComboBox *box = first->settingsPage()->languageBox();
    box->setCurrentIndex(box->findData(QStringLiteral("pl")));
    ASSERT_TRUE(built.wait(5000));
    EXPECT_EQ(fed, 2) << "the new window is fed again";
    EXPECT_EQ(languages.language(), QStringLiteral("pl"));
    EXPECT_EQ(QLocale().language(), QLocale::Polish) << "numbers and dates follow";
    ASSERT_NE(host.window(), first.data());
    EXPECT_EQ(host.window()->currentPageName(), QStringLiteral("settings"));
    EXPECT_EQ(settings.value(QStringLiteral("language")).toString(), QStringLiteral("pl"));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    EXPECT_TRUE(first.isNull()) << "the old window is gone";
    languages.install(QStringLiteral("en"));
}
