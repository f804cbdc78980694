// The team-mode connection dialog (widgets/connectdialog.h): Connect stays disabled, with a
// sentence saying why, until the URL is an http(s) URL with a host and no credentials or
// query, a token is given and a named CA file exists; the token is never shown.

#include "connectdialog.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryFile>

#include <gtest/gtest.h>

using rampart::widgets::ConnectDialog;

namespace {

bool canConnect(const ConnectDialog &d)
{
    return d.buttons()->button(QDialogButtonBox::Ok)->isEnabled();
}

TEST(ConnectDialog, ConnectIsEnabledOnlyForAUsableUrlAndToken)
{
    ConnectDialog d;
    EXPECT_FALSE(canConnect(d));
    EXPECT_EQ(d.problemText(), QStringLiteral("Enter the server's URL."));
    d.urlEdit()->setText(QStringLiteral("ftp://rampart.example"));
    EXPECT_FALSE(canConnect(d));
    EXPECT_TRUE(d.problemText().contains(QLatin1String("http:// or https://")));
    d.urlEdit()->setText(QStringLiteral("https://olga:secret@rampart.example:8093"));
    EXPECT_FALSE(canConnect(d));
    EXPECT_TRUE(d.problemText().contains(QLatin1String("no user name, password or query")));
    EXPECT_FALSE(d.problemText().contains(QLatin1String("secret"))) << "the password is not echoed";
    d.urlEdit()->setText(QStringLiteral("https://rampart.example:8093"));
    EXPECT_EQ(d.problemText(), QStringLiteral("Enter your bearer token."));
    d.tokenEdit()->setText(QStringLiteral("tok-123"));
    EXPECT_TRUE(canConnect(d)) << d.problemText().toStdString();
    EXPECT_EQ(d.tokenEdit()->echoMode(), QLineEdit::Password);
    EXPECT_EQ(d.token(), QStringLiteral("tok-123"));
    d.caEdit()->setText(QStringLiteral("/nonexistent/ca.pem"));
    EXPECT_FALSE(canConnect(d));
    QTemporaryFile ca;
    ASSERT_TRUE(ca.open());
    d.caEdit()->setText(ca.fileName());
    EXPECT_TRUE(canConnect(d));
}

TEST(ConnectDialog, TheKeychainKeyIsPerServer)
{
    EXPECT_EQ(ConnectDialog::keychainKey(QStringLiteral("https://a.example:8093/")),
              ConnectDialog::keychainKey(QStringLiteral("https://a.example:8093")));
    EXPECT_NE(ConnectDialog::keychainKey(QStringLiteral("https://a.example:8093")),
              ConnectDialog::keychainKey(QStringLiteral("https://b.example:8093")));
}

} // namespace
