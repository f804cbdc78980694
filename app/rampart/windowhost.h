#pragma once

// Owns the main window and switches the language live: a new language installs its
// translators and rebuilds the window (every string is set again from tr()), fed again with
// the latest snapshots, on the same page with the same geometry.

#include "mainwindow.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QSettings;
class QTranslator;

namespace rampart::console {

/// Installs the console's and Qt's translations for `language` ("pl" or "en") and makes it
/// the default locale (numbers, dates); replaces whatever an earlier call installed.
class LanguageInstaller
{
public:
    LanguageInstaller() = default;
    ~LanguageInstaller();
    LanguageInstaller(const LanguageInstaller &) = delete;
    LanguageInstaller &operator=(const LanguageInstaller &) = delete;

    /// "pl" or "en": `option` if given, else the saved setting, else the system language.
    static QString choose(const QString &option, const QSettings &settings);
    void install(const QString &language);
    QString language() const { return m_language; }

private:
    void uninstall();

    QTranslator *m_own = nullptr;
    QTranslator *m_qt = nullptr;
    QString m_language;
};

class WindowHost : public QObject
{
    Q_OBJECT

public:
    using Feeder = std::function<void(widgets::MainWindow &)>;

    WindowHost(QSettings *settings, LanguageInstaller *languages, Feeder feed, QObject *parent = nullptr);
    ~WindowHost() override;

    widgets::MainWindow *window() const { return m_window; }
    /// Creates (or re-creates) the window in the installed language and feeds it.
    void build();

Q_SIGNALS:
    void windowBuilt(rampart::widgets::MainWindow *window);

private:
    void switchLanguage(const QString &language);

    QSettings *m_settings;
    LanguageInstaller *m_languages;
    Feeder m_feed;
    QPointer<widgets::MainWindow> m_window;
};

} // namespace rampart::console
