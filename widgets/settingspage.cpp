#include "settingspage.h"

#include "offthread.h"
#include "flags/redisflagstore.h"
#include "store/pgevidencestore.h"
#include "telemetry/prometheusclient.h"

#include <qt6keychain/keychain.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace rampart::widgets {

namespace {

struct TestOutcome
{
    bool ok = false;
    QString message;
};

TestOutcome testService(SettingsPage::Service service, const QString &url, const QString &password)
{
    using Service = SettingsPage::Service;
    if (url.trimmed().isEmpty())
        return {false, QCoreApplication::translate("rampart::widgets::SettingsPage", "No address given.")};
    if (service == Service::Redis) {
        flags::RedisFlagStore::Options options;
        options.url = url.toStdString();
        options.password = password.toStdString();
        auto store = flags::RedisFlagStore::create(options);
        if (!store)
            return {false, QString::fromStdString(store.error().message)};
        auto pong = (*store)->ping();
        return pong ? TestOutcome{true, QString()} : TestOutcome{false, QString::fromStdString(pong.error().message)};
    }
    if (service == Service::PostgreSQL) {
        store::PgStoreOptions options;
        options.applyMigrations = false;
        auto store = store::PgEvidenceStore::open(url.toStdString(), password.toStdString(), options);
        if (!store)
            return {false, QString::fromStdString(store.error().message)};
        auto version = (*store)->schemaVersion();
        return version ? TestOutcome{true, QString()} : TestOutcome{false, QString::fromStdString(version.error().message)};
    }
    telemetry::PrometheusClient client{QUrl(url)};
    auto answer = client.instantQuery(QStringLiteral("1"));
    return answer ? TestOutcome{true, QString()} : TestOutcome{false, QString::fromStdString(answer.error().message)};
}

} // namespace

SettingsPage::SettingsPage(QSettings *settings, QWidget *parent)
    : QWidget(parent), m_settings(settings), m_language(new QComboBox(this)), m_interval(new QSpinBox(this))
{
    auto *connections = new QGroupBox(tr("Connections"), this);
    auto *form = new QFormLayout(connections);
    buildRow(Service::Redis, tr("&Redis"), QStringLiteral("redis://127.0.0.1:6379/0"), true, form);
    buildRow(Service::PostgreSQL, tr("&PostgreSQL"), QStringLiteral("postgresql://rampart@127.0.0.1:5432/rampart"), true, form);
    buildRow(Service::Prometheus, tr("Pro&metheus"), QStringLiteral("http://127.0.0.1:9090"), false, form);
    auto *secrets = new QLabel(tr("Passwords are kept in the desktop keychain, or read from RAMPART_REDIS_PASSWORD and "
                                  "PGPASSWORD; they are never written to the settings file."),
                               connections);
    secrets->setWordWrap(true);
    form->addRow(secrets);

    auto *general = new QGroupBox(tr("General"), this);
    auto *generalForm = new QFormLayout(general);
    m_language->addItem(tr("Follow the system"), QString());
    m_language->addItem(QStringLiteral("Polski"), QStringLiteral("pl"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->setAccessibleName(tr("Language"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings->value(QStringLiteral("language")).toString())));
    m_interval->setRange(5, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setValue(m_settings->value(QStringLiteral("evaluation_interval_s"), 60).toInt());
    m_interval->setAccessibleName(tr("Evaluation interval"));
    generalForm->addRow(tr("&Language:"), m_language);
    generalForm->addRow(tr("&Evaluation interval:"), m_interval);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(connections);
    layout->addWidget(general);
    layout->addStretch(1);

    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        const QString language = m_language->currentData().toString();
        m_settings->setValue(QStringLiteral("language"), language);
        Q_EMIT languageChanged(language);
    });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int seconds) {
        m_settings->setValue(QStringLiteral("evaluation_interval_s"), seconds);
        Q_EMIT evaluationIntervalChanged(seconds);
    });
}

std::optional<int> SettingsPage::savedEvaluationInterval() const
{
    const QString key = QStringLiteral("evaluation_interval_s");
    if (!m_settings->contains(key))
        return std::nullopt;
    return std::clamp(m_settings->value(key).toInt(), m_interval->minimum(), m_interval->maximum());
}

void SettingsPage::showEvaluationInterval(int seconds)
{
    const QSignalBlocker block(m_interval);
    m_interval->setValue(seconds);
}

QString SettingsPage::keychainService()
{
    return QStringLiteral("rampart");
}

QString SettingsPage::settingsKey(Service service)
{
    switch (service) {
    case Service::Redis: return QStringLiteral("redis");
    case Service::PostgreSQL: return QStringLiteral("postgresql");
    case Service::Prometheus: return QStringLiteral("prometheus");
    }
    return {};
}

QString SettingsPage::environmentPassword(Service service)
{
    if (service == Service::Redis)
        return qEnvironmentVariable("RAMPART_REDIS_PASSWORD");
    if (service == Service::PostgreSQL)
        return qEnvironmentVariable("PGPASSWORD");
    return {};
}

SettingsPage::Row &SettingsPage::row(Service service)
{
    return m_rows[static_cast<int>(service)];
}

const SettingsPage::Row &SettingsPage::row(Service service) const
{
    return m_rows[static_cast<int>(service)];
}

QLineEdit *SettingsPage::urlEdit(Service service) const
{
    return row(service).url;
}

QPushButton *SettingsPage::testButton(Service service) const
{
    return row(service).test;
}

QLabel *SettingsPage::resultLabel(Service service) const
{
    return row(service).result;
}

void SettingsPage::buildRow(Service service, const QString &title, const QString &placeholder, bool hasPassword,
                            QFormLayout *form)
{
    Row &r = row(service);
    auto *line = new QWidget(this);
    auto *h = new QHBoxLayout(line);
    h->setContentsMargins(0, 0, 0, 0);
    r.url = new QLineEdit(line);
    r.url->setPlaceholderText(placeholder);
    r.url->setText(m_settings->value(settingsKey(service) + QStringLiteral("/url")).toString());
    r.url->setAccessibleName(tr("%1 address").arg(QString(title).remove(QLatin1Char('&'))));
    h->addWidget(r.url, 2);
    if (hasPassword) {
        r.password = new QLineEdit(line);
        r.password->setEchoMode(QLineEdit::Password);
        r.password->setAccessibleName(tr("%1 password").arg(QString(title).remove(QLatin1Char('&'))));
        const QString fromEnv = environmentPassword(service);
        if (!fromEnv.isEmpty()) {
            r.password->setPlaceholderText(tr("from the environment"));
            r.password->setEnabled(false);
        } else {
            r.password->setPlaceholderText(tr("password (keychain)"));
            loadPassword(service);
            connect(r.password, &QLineEdit::editingFinished, this, [this, service] { savePassword(service); });
        }
        h->addWidget(r.password, 1);
    }
    r.test = new QPushButton(tr("Test"), line);
    r.test->setAccessibleName(tr("Test the %1 connection").arg(QString(title).remove(QLatin1Char('&'))));
    h->addWidget(r.test);
    r.result = new QLabel(line);
    r.result->setMinimumWidth(160);
    r.result->setWordWrap(true);
    h->addWidget(r.result, 1);
    form->addRow(title + QLatin1Char(':'), line);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(line)))
        label->setBuddy(r.url);
    connect(r.url, &QLineEdit::editingFinished, this,
            [this, service] { m_settings->setValue(settingsKey(service) + QStringLiteral("/url"), row(service).url->text().trimmed()); });
    connect(r.test, &QPushButton::clicked, this, [this, service] { testConnection(service); });
}

void SettingsPage::testConnection(Service service)
{
    Row &r = row(service);
    const quint64 generation = ++r.generation;
    const QString url = r.url->text().trimmed();
    QString password = environmentPassword(service);
    if (password.isEmpty() && r.password)
        password = r.password->text();
    r.result->setText(tr("Testing…"));
    r.result->setStyleSheet(QString());
    runOffUiThread(
        this, [service, url, password] { return testService(service, url, password); },
        [this, service, generation] { return generation == row(service).generation; },
        [this, service](const TestOutcome &outcome) {
            Row &tested = row(service);
            tested.result->setText(outcome.ok ? tr("✓ connected") : tr("✗ %1").arg(outcome.message));
            tested.result->setStyleSheet(outcome.ok ? QStringLiteral("color: #2e9d4f;")
                                                    : QStringLiteral("color: #d93a3a;"));
            Q_EMIT connectionTested(service, outcome.ok, outcome.message);
        });
}

void SettingsPage::savePassword(Service service)
{
    auto *job = new QKeychain::WritePasswordJob(keychainService(), this);
    job->setInsecureFallback(false); // never a plain-text copy
    job->setKey(settingsKey(service));
    job->setTextData(row(service).password->text());
    connect(job, &QKeychain::Job::finished, this, [this, service](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError)
            row(service).result->setText(tr("Keychain unavailable (%1); use the environment.").arg(j->errorString()));
    });
    job->start();
}

void SettingsPage::loadPassword(Service service)
{
    auto *job = new QKeychain::ReadPasswordJob(keychainService(), this);
    job->setInsecureFallback(false);
    job->setKey(settingsKey(service));
    connect(job, &QKeychain::Job::finished, this, [this, service](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError)
            row(service).password->setText(static_cast<QKeychain::ReadPasswordJob *>(j)->textData());
    });
    job->start();
}

} // namespace rampart::widgets
