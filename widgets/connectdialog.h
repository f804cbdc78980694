#pragma once

// Team mode's connection dialog (docs/user-guide.md, "Connecting to your team's Rampart"):
// the server's URL, the bearer token (never shown; kept in the desktop keychain when asked,
// never in a settings file) and an optional CA certificate for https. Shown by
// `rampart --connect URL` when no token file is given and the keychain has no token for URL.

#include <QDialog>
#include <QString>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace rampart::widgets {

class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    void setServerUrl(const QString &url);
    QString serverUrl() const;
    QString token() const;
    QString caFile() const;
    void setCaFile(const QString &file);
    bool rememberToken() const;
    /// A sentence under the fields (e.g. why the token was not found in the keychain).
    void setNote(const QString &text);

    /// What is wrong with the fields, or empty when they can be used: the URL must be http://
    /// or https:// with a host and without user information or a query; the token must not
    /// be empty; a CA file must exist.
    QString problem() const;

    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *tokenEdit() const { return m_token; }
    QLineEdit *caEdit() const { return m_ca; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QString problemText() const;

    /// The keychain service and key a server's token is kept under.
    static QString keychainService();
    static QString keychainKey(const QString &serverUrl);

private:
    void update();

    QLineEdit *m_url;
    QLineEdit *m_token;
    QLineEdit *m_ca;
    QCheckBox *m_remember;
    QLabel *m_problem;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
};

} // namespace rampart::widgets
