#include "windowhost.h"

#include "mainwindow.h"
#include "settingspage.h"

#include "io/datapaths.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

namespace rampart::console {

QString LanguageInstaller::choose(const QString &option, const QSettings &settings)
{
    QString lang = option;
    if (lang.isEmpty())
        lang = settings.value(QStringLiteral("language")).toString();
    if (lang.isEmpty())
        lang = QLocale::system().language() == QLocale::Polish ? QStringLiteral("pl") : QStringLiteral("en");
    return lang;
}

LanguageInstaller::~LanguageInstaller()
{
    uninstall();
}

void LanguageInstaller::uninstall()
{
    for (QTranslator **t : {&m_own, &m_qt}) {
        if (*t) {
            QApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

void LanguageInstaller::install(const QString &language)
{
    uninstall();
    m_language = language;
    QLocale::setDefault(language == QStringLiteral("pl") ? QLocale(QLocale::Polish, QLocale::Poland)
                                                         : QLocale(QLocale::English, QLocale::UnitedKingdom));
    m_own = new QTranslator;
    // The data directory's copy first (an installed translation can be updated without a
    // rebuild; docs/packaging.md), else the one embedded in the program.
    const QString file = QStringLiteral("rampart_%1.qm").arg(language);
    if (m_own->load(io::dataFile(QStringLiteral("translations/") + file))
        || m_own->load(QStringLiteral(":/i18n/") + file))
        QApplication::installTranslator(m_own);
    m_qt = new QTranslator;
    if (m_qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(m_qt);
}

WindowHost::WindowHost(QSettings *settings, LanguageInstaller *languages, Feeder feed, QObject *parent)
    : QObject(parent), m_settings(settings), m_languages(languages), m_feed(std::move(feed))
{
}

WindowHost::~WindowHost()
{
    delete m_window;
}

void WindowHost::build()
{
    widgets::MainWindow *old = m_window;
    auto *window = new widgets::MainWindow(m_settings);
    if (old) {
        window->setGeometry(old->geometry());
        window->showPage(old->currentPageName());
    } else {
        window->resize(1280, 860);
    }
    connect(window->settingsPage(), &widgets::SettingsPage::languageChanged, this, &WindowHost::switchLanguage);
    m_window = window;
    if (m_feed)
        m_feed(*window);
    if (old) {
        window->show();
        old->hide();
        old->deleteLater();
    }
    Q_EMIT windowBuilt(window);
}

void WindowHost::switchLanguage(const QString &language)
{
    const QString lang = language.isEmpty() ? LanguageInstaller::choose(QString(), QSettings()) : language;
    if (lang == m_languages->language())
        return;
    m_languages->install(lang);
    // Not from inside the old window's own signal: rebuild once control is back in the loop.
    QTimer::singleShot(0, this, &WindowHost::build);
}

} // namespace rampart::console
