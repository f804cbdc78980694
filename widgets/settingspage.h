#pragma once

// Settings: the Redis, PostgreSQL and Prometheus connections, each with a test button run
// on the thread pool; passwords in the desktop keychain (QtKeychain) or the environment —
// never in the plain-text settings file; the language (system by default) and the
// evaluation interval.

#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace rampart::widgets {

class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    enum class Service { Redis, PostgreSQL, Prometheus };

    explicit SettingsPage(QSettings *settings, QWidget *parent = nullptr);

    QLineEdit *urlEdit(Service service) const;
    QPushButton *testButton(Service service) const;
    QLabel *resultLabel(Service service) const;
    QComboBox *languageBox() const { return m_language; }
    QSpinBox *intervalBox() const { return m_interval; }
    /// The evaluation interval the operator chose here, if ever (else the controller's own).
    std::optional<int> savedEvaluationInterval() const;
    /// Shows the interval the controller runs at, without saving it or emitting a change.
    void showEvaluationInterval(int seconds);

    /// The keychain service name passwords are stored under.
    static QString keychainService();

public Q_SLOTS:
    void testConnection(rampart::widgets::SettingsPage::Service service);

Q_SIGNALS:
    void connectionTested(rampart::widgets::SettingsPage::Service service, bool ok, const QString &message);
    void evaluationIntervalChanged(int seconds);
    /// "pl", "en" or "" (follow the system); the window host rebuilds the window in it.
    void languageChanged(const QString &language);

private:
    struct Row
    {
        QLineEdit *url = nullptr;
        QLineEdit *password = nullptr; ///< null for Prometheus
        QPushButton *test = nullptr;
        QLabel *result = nullptr;
        quint64 generation = 0;
    };
    Row &row(Service service);
    const Row &row(Service service) const;
    void buildRow(Service service, const QString &title, const QString &placeholder, bool hasPassword, QFormLayout *form);
    void savePassword(Service service);
    void loadPassword(Service service);
    static QString settingsKey(Service service);
    static QString environmentPassword(Service service);

    QSettings *m_settings;
    Row m_rows[3];
    QComboBox *m_language;
    QSpinBox *m_interval;
};

} // namespace rampart::widgets
