// Settings: connection tests run off the UI thread and report failures in words; no
// password ever reaches the settings file.

#include "settingspage.h"

#include <gtest/gtest.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using rampart::widgets::SettingsPage;
using Service = SettingsPage::Service;

TEST(SettingsPage, ARefusedConnectionIsReportedWithoutBlocking)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SettingsPage page(&settings);
    QSignalSpy tested(&page, &SettingsPage::connectionTested);
    for (auto [service, url] : {std::pair{Service::Redis, QStringLiteral("redis://127.0.0.1:1/0")},
                                std::pair{Service::Prometheus, QStringLiteral("http://127.0.0.1:1")}}) {
        tested.clear();
        page.urlEdit(service)->setText(url);
        QTest::mouseClick(page.testButton(service), Qt::LeftButton);
        EXPECT_EQ(page.resultLabel(service)->text(), QStringLiteral("Testing…"));
        ASSERT_TRUE(tested.wait(10000));
        EXPECT_FALSE(tested.at(0).at(1).toBool());
        EXPECT_TRUE(page.resultLabel(service)->text().startsWith(QStringLiteral("✗ ")));
        EXPECT_GT(page.resultLabel(service)->text().size(), 3) << "the reason is given";
    }
}

TEST(SettingsPage, PasswordsNeverReachTheSettingsFile)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings settings(file, QSettings::IniFormat);
        SettingsPage page(&settings);
        page.urlEdit(Service::Redis)->setText(QStringLiteral("redis://127.0.0.1:6379/0"));
        QMetaObject::invokeMethod(page.urlEdit(Service::Redis), "editingFinished");
        auto *password = page.findChild<QLineEdit *>(QString(), Qt::FindChildrenRecursively);
        for (QLineEdit *edit : page.findChildren<QLineEdit *>()) {
            if (edit->echoMode() == QLineEdit::Password && edit->isEnabled()) {
                password = edit;
                break;
            }
        }
        ASSERT_NE(password, nullptr);
        password->setText(QStringLiteral("s3cret-do-not-store"));
        QMetaObject::invokeMethod(password, "editingFinished");
        QTest::qWait(300); // the keychain job may answer (or fail) meanwhile
        settings.sync();
    }
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    EXPECT_TRUE(content.contains("redis://127.0.0.1:6379/0"));
    EXPECT_FALSE(content.contains("s3cret")) << content.toStdString();
}

TEST(SettingsPage, LanguageAndIntervalAreSaved)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SettingsPage page(&settings);
    QSignalSpy language(&page, &SettingsPage::languageChanged);
    page.languageBox()->setCurrentIndex(page.languageBox()->findData(QStringLiteral("pl")));
    ASSERT_EQ(language.count(), 1);
    EXPECT_EQ(settings.value(QStringLiteral("language")).toString(), QStringLiteral("pl"));
}

TEST(SettingsPage, EvaluationIntervalIsSavedAndSignalledOnlyWhenTheOperatorChangesIt)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SettingsPage page(&settings);
    QSignalSpy changed(&page, &SettingsPage::evaluationIntervalChanged);
    EXPECT_FALSE(page.savedEvaluationInterval().has_value()) << "never chosen: the controller's own applies";
    page.showEvaluationInterval(15); // what the controller runs at
    EXPECT_EQ(page.intervalBox()->value(), 15);
    EXPECT_EQ(changed.count(), 0);
    EXPECT_FALSE(page.savedEvaluationInterval().has_value());

    page.intervalBox()->setValue(30);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.at(0).at(0).toInt(), 30);
    EXPECT_EQ(page.savedEvaluationInterval(), 30);
    SettingsPage reopened(&settings);
    EXPECT_EQ(reopened.intervalBox()->value(), 30);
}

TEST(SettingsPage, LanguageFollowsTheSystemByDefault)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SettingsPage page(&settings);
    EXPECT_EQ(page.languageBox()->currentData().toString(), QString()) << "empty = follow the system";
}
