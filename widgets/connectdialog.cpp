#include "connectdialog.h"

#include "settingspage.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace rampart::widgets {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit(this)), m_token(new QLineEdit(this)), m_ca(new QLineEdit(this)),
      m_remember(new QCheckBox(tr("Remember the token in the desktop keychain"), this)), m_problem(new QLabel(this)),
      m_note(new QLabel(this)), m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to your team's Rampart"));
    m_url->setPlaceholderText(QStringLiteral("https://rampart.example:8093"));
    m_url->setAccessibleName(tr("Server URL"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Bearer token"));
    m_token->setPlaceholderText(tr("the token your administrator gave you"));
    m_ca->setAccessibleName(tr("CA certificate file"));
    m_ca->setPlaceholderText(tr("optional: PEM file of a private CA"));
    m_remember->setChecked(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d93a3a;"));
    m_problem->setWordWrap(true);
    m_note->setWordWrap(true);
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_ca, 1);
    caRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Server"), m_url);
    form->addRow(tr("Token"), m_token);
    form->addRow(tr("CA certificate"), caRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), QString(), tr("PEM files (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_ca->setText(file);
    });
    for (QLineEdit *edit : {m_url, m_token, m_ca})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::update);
    update();
}

void ConnectDialog::setServerUrl(const QString &url)
{
    m_url->setText(url);
    if (!url.isEmpty())
        m_token->setFocus();
}

QString ConnectDialog::serverUrl() const
{
    return m_url->text().trimmed();
}

QString ConnectDialog::token() const
{
    return m_token->text().trimmed();
}

QString ConnectDialog::caFile() const
{
    return m_ca->text().trimmed();
}

void ConnectDialog::setCaFile(const QString &file)
{
    m_ca->setText(file);
}

bool ConnectDialog::rememberToken() const
{
    return m_remember->isChecked();
}

void ConnectDialog::setNote(const QString &text)
{
    m_note->setText(text);
}

QString ConnectDialog::problemText() const
{
    return m_problem->text();
}

QString ConnectDialog::problem() const
{
    const QUrl url(serverUrl(), QUrl::StrictMode);
    if (serverUrl().isEmpty())
        return tr("Enter the server's URL.");
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
        return tr("The server must be an http:// or https:// URL with a host, e.g. https://rampart.example:8093.");
    if (!url.userInfo().isEmpty() || url.hasQuery())
        return tr("The URL takes no user name, password or query: the token goes in its own field.");
    if (token().isEmpty())
        return tr("Enter your bearer token.");
    if (!caFile().isEmpty() && !QFileInfo(caFile()).isReadable())
        return tr("The CA certificate file %1 cannot be read.").arg(caFile());
    return {};
}

void ConnectDialog::update()
{
    const QString p = problem();
    m_problem->setText(p);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

QString ConnectDialog::keychainService()
{
    return SettingsPage::keychainService();
}

QString ConnectDialog::keychainKey(const QString &serverUrl)
{
    const QUrl url(serverUrl.trimmed());
    return QStringLiteral("server-token:") + url.scheme() + QStringLiteral("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

} // namespace rampart::widgets
