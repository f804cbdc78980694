// rampart: the operator console on the live rollout controller (ConsoleSession). With no
// configuration it plays the demo (DemoMode): a new SQLite workspace, the in-memory flag
// store and the simulator on a stepped clock, a whole two-week rollout in about five minutes.
// --no-demo opens the embedded workspace on the system clock instead (no simulated traffic).
// A screenshot shows a snapshot of an example scenario evaluated by the real GateEngine
// (--scenario); --demo-screenshots DIR plays the demo offscreen and saves every page as it goes.
//
//   rampart [--demo-dir DIR] [--demo-speed H] [--demo-autopilot on|off] [--lang pl|en]
//   rampart --demo-screenshots DIR [--lang pl|en] [--demo-speed 0]
//   rampart --no-demo [--demo-dir DIR]
//   rampart --connect URL --token-file FILE [--ca-file PEM]   (team mode: a client of `serve`)
//   rampart --connect URL --token-file FILE --team-screenshots DIR   (every page once live, then exit)
//   rampart --screenshot FILE --page NAME [--lang pl|en] [--scenario NAME] [--size WxH]

#include "auditpage.h"
#include "consolesession.h"
#include "demomode.h"
#include "examplescenario.h"
#include "historypage.h"
#include "mainwindow.h"
#include "remotesession.h"
#include "screenshot.h"
#include "windowhost.h"

#include "flags/flagstore.h"
#include "io/planjson.h"
#include "store/sqliteevidencestore.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTranslator>

#include <cmath>
#include <cstring>

namespace {

/// A dark palette on the Fusion style, for operators in dark rooms (and to check that every
/// colour the console adds stays readable on it).
void applyDarkPalette()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x20, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x2f, 0x31, 0x35));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x41));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Mid, QColor(0x60, 0x63, 0x68));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    QApplication::setPalette(p);
}

/// Quits the application once the watched window has painted for the first time.
class FirstFrameExit : public QObject
{
protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};

int fail(const QString &message)
{
    QTextStream(stderr) << "rampart: " << message << '\n';
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    // A screenshot needs no display: pick the offscreen platform unless one was chosen.
    for (int i = 1; i < argc; ++i) {
        if ((std::strcmp(argv[i], "--screenshot") == 0 || std::strcmp(argv[i], "--demo-screenshots") == 0
             || std::strcmp(argv[i], "--team-screenshots") == 0)
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("rampart"));
    QApplication::setOrganizationName(QStringLiteral("rampart"));
    QApplication::setApplicationVersion(QStringLiteral(RAMPART_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rampart operator console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Render a page to this PNG and exit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("Page to show: ") + rampart::widgets::MainWindow::pageNames().join(QStringLiteral(", ")),
                                  QStringLiteral("NAME"), QStringLiteral("rollout"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language: pl or en (default: the system's)."),
                                  QStringLiteral("LANG"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("Example evidence to show (resources/examples/evidence-NAME.json)."),
                                      QStringLiteral("NAME"), QStringLiteral("ready-for-signoff"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size for the screenshot."),
                                  QStringLiteral("WxH"), QStringLiteral("1280x860"));
    const QCommandLineOption palette(QStringLiteral("palette"), QStringLiteral("Colour palette: system (default) or dark."),
                                     QStringLiteral("NAME"), QStringLiteral("system"));
    const QCommandLineOption firstFrame(QStringLiteral("quit-after-first-frame"),
                                        QStringLiteral("Exit right after the window's first paint (start-up benchmark)."));
    const QCommandLineOption demoDir(QStringLiteral("demo-dir"),
                                     QStringLiteral("Directory of the embedded workspace (default: the app data dir)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption demoSpeed(QStringLiteral("demo-speed"),
                                       QStringLiteral("Demo speed in simulated hours per second (default 1.3: about five "
                                                      "minutes for the whole rollout; 0: as fast as possible)."),
                                       QStringLiteral("H"));
    const QCommandLineOption demoAutopilot(QStringLiteral("demo-autopilot"),
                                           QStringLiteral("on (default): the demo signs off, advances and resumes by itself; "
                                                          "off: you do it."),
                                           QStringLiteral("on|off"), QStringLiteral("on"));
    const QCommandLineOption demoScreenshots(QStringLiteral("demo-screenshots"),
                                             QStringLiteral("Play the demo offscreen, save every page at each stage's sign-off, "
                                                            "the rollback and the end into DIR, print the paths and exit."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption noDemo(QStringLiteral("no-demo"),
                                    QStringLiteral("Open the embedded workspace on the system clock, without the simulated demo."));
    const QCommandLineOption connectTo(
        QStringLiteral("connect"),
        QStringLiteral("Team mode: follow and drive the rollout of this `rampartctl serve` "
                       "(or RAMPART_SERVER_URL)."),
        QStringLiteral("URL"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QStringLiteral("Team mode: the bearer token's file, private to you (or "
                                                      "RAMPART_SERVER_TOKEN_FILE)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        QStringLiteral("Team mode: PEM CA certificate to trust for https (or RAMPART_SERVER_CA_FILE)."),
        QStringLiteral("FILE"));
    const QCommandLineOption teamScreenshots(
        QStringLiteral("team-screenshots"),
        QStringLiteral("Team mode: once connected and an evaluation is shown, save "
                       "every page into DIR, print the paths and exit."),
        QStringLiteral("DIR"));
    const QCommandLineOption breakGlassRedis(
        QStringLiteral("break-glass-redis"),
        QStringLiteral("Team mode: roll back straight in this Redis when the server "
                       "cannot be reached (or RAMPART_BREAK_GLASS_REDIS_URL; password from "
                       "RAMPART_BREAK_GLASS_REDIS_PASSWORD_FILE or RAMPART_REDIS_PASSWORD)."),
        QStringLiteral("URL"));
    parser.addOptions({screenshot, page, lang, scenario, size, palette, firstFrame, demoDir, demoSpeed, demoAutopilot,
                       demoScreenshots, noDemo, connectTo, tokenFile, caFile, teamScreenshots, breakGlassRedis});
    parser.process(app);

    const QString language = parser.value(lang);
    if (!language.isEmpty() && language != QStringLiteral("pl") && language != QStringLiteral("en"))
        return fail(QStringLiteral("--lang must be pl or en, not \"%1\".").arg(language));
    if (parser.value(palette) == QStringLiteral("dark"))
        applyDarkPalette();
    else if (parser.value(palette) != QStringLiteral("system"))
        return fail(QStringLiteral("--palette must be system or dark, not \"%1\".").arg(parser.value(palette)));
    QSettings settings;
    rampart::console::LanguageInstaller languages;
    languages.install(rampart::console::LanguageInstaller::choose(language, settings));

    auto example = rampart::console::loadExampleScenario(parser.value(scenario));
    if (!example)
        return fail(QString::fromStdString(example.error().message));

    QTemporaryDir temp;
    const QString workspace = temp.filePath(QStringLiteral("example.rampart"));
    if (auto ok = rampart::console::writeExampleWorkspace(workspace, *example); !ok)
        return fail(QString::fromStdString(ok.error().message));

    if (!rampart::widgets::MainWindow::pageNames().contains(parser.value(page)))
        return fail(QStringLiteral("unknown page \"%1\"; pages: %2")
                        .arg(parser.value(page), rampart::widgets::MainWindow::pageNames().join(QStringLiteral(", "))));
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    const QSize windowSize(wh.value(0).toInt() > 0 ? wh.value(0).toInt() : 1280, wh.value(1).toInt() > 0 ? wh.value(1).toInt() : 860);

    if (parser.isSet(screenshot)) {
        rampart::widgets::MainWindow window(&settings);
        window.resize(windowSize);
        rampart::console::feedWindow(window, *example);
        if (!rampart::console::loadWorkspaceInto(window, workspace))
            return fail(QStringLiteral("the example workspace did not load"));
        auto saved = rampart::console::saveScreenshot(window, parser.value(page), parser.value(screenshot));
        if (!saved)
            return fail(QString::fromStdString(saved.error().message));
        QTextStream(stdout) << parser.value(screenshot) << '\n';
        return 0;
    }

    // Team mode: the window on a rollout served by `rampartctl serve`.
    auto remote
        = rampart::console::remoteOptionsFrom(parser.value(connectTo), parser.value(tokenFile), parser.value(caFile));
    if (!remote)
        return fail(QString::fromStdString(remote.error().message));
    if (*remote) {
        const QString outbox
            = QDir(parser.isSet(demoDir) ? parser.value(demoDir)
                                         : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                  .filePath(QStringLiteral("break-glass-outbox"));
        rampart::console::RemoteOptions options = **remote;
        if (auto added = rampart::console::addBreakGlass(options, parser.value(breakGlassRedis), outbox); !added)
            return fail(QString::fromStdString(added.error().message));
        std::unique_ptr<rampart::console::RemoteSession> session;
        std::unique_ptr<rampart::console::WindowHost> host;
        FirstFrameExit firstFrameExit;
        rampart::console::obtainToken(
            std::move(options),
            [&](rampart::console::RemoteOptions withToken) {
                session = std::make_unique<rampart::console::RemoteSession>(std::move(withToken));
                host = std::make_unique<rampart::console::WindowHost>(
                    &settings, &languages, [s = session.get()](rampart::widgets::MainWindow &w) { s->feed(w); });
                host->build();
                host->window()->resize(windowSize);
                host->window()->showPage(parser.value(page));
                if (parser.isSet(firstFrame))
                    host->window()->installEventFilter(&firstFrameExit);
                host->window()->show();
                session->start();
                if (parser.isSet(teamScreenshots))
                    rampart::console::saveTeamScreenshots(*session, *host, parser.value(teamScreenshots));
            },
            [] {
                QTextStream(stderr) << "rampart: no token given; not connected.\n";
                QCoreApplication::exit(2);
            });
        const int code = app.exec();
        host.reset(); // the window before the session it is fed by
        session.reset();
        return code;
    }
    if (parser.isSet(teamScreenshots))
        return fail(QStringLiteral("--team-screenshots needs --connect (or RAMPART_SERVER_URL)."));

    if (!parser.isSet(noDemo)) {
        rampart::console::DemoModeOptions o;
        o.directory = parser.value(demoDir);
        o.language = languages.language();
        o.page = parser.value(page);
        o.windowSize = windowSize;
        o.screenshotDir = parser.value(demoScreenshots);
        if (parser.isSet(demoSpeed)) {
            bool ok = false;
            o.speed = parser.value(demoSpeed).toDouble(&ok);
            if (!ok || !std::isfinite(o.speed) || o.speed < 0.0 || o.speed > 1000.0)
                return fail(QStringLiteral("--demo-speed must be a number of simulated hours per second from 0 to 1000, not \"%1\".")
                                .arg(parser.value(demoSpeed)));
        } else if (!o.screenshotDir.isEmpty()) {
            o.speed = 0.0; // the screenshot run goes as fast as it can
        }
        const QString autopilot = parser.value(demoAutopilot);
        if (autopilot != QStringLiteral("on") && autopilot != QStringLiteral("off"))
            return fail(QStringLiteral("--demo-autopilot must be on or off, not \"%1\".").arg(autopilot));
        o.autopilot = autopilot == QStringLiteral("on");
        FirstFrameExit demoFirstFrame;
        rampart::console::DemoMode demo(o, &settings, &languages);
        if (auto started = demo.start(); !started)
            return fail(QString::fromStdString(started.error().message));
        if (parser.isSet(firstFrame))
            demo.window()->installEventFilter(&demoFirstFrame);
        QObject::connect(&demo, &rampart::console::DemoMode::finished, &app, [](int code) { QCoreApplication::exit(code); });
        return app.exec();
    }

    // --no-demo: the interactive window on the live controller: the embedded workspace, the in-memory
    // flag store, the documentation-keeper plan. Rebuilt in the new language when Settings
    // switches it, and fed again with the controller's latest snapshots.
    const QString dataDir = parser.isSet(demoDir) ? parser.value(demoDir)
                                                  : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dataDir))
        return fail(QStringLiteral("cannot create the workspace directory %1").arg(dataDir));
    const QString liveWorkspace = QDir(dataDir).filePath(QStringLiteral("demo.rampart"));
    auto livePlan = rampart::io::loadPlanFile(rampart::console::resourcesDirectory()
                                              + QStringLiteral("/plans/documentation-keeper.json"));
    if (!livePlan)
        return fail(QString::fromStdString(livePlan.error().message));
    rampart::service::ControllerConfig config;
    config.plan = *livePlan;
    config.actor = "rampart-controller";
    config.outboxDirectory = QDir(dataDir).filePath(QStringLiteral("outbox"));
    auto clock = std::make_shared<rampart::rollout::SystemClock>();
    config.clock = clock;
    std::shared_ptr<rampart::flags::FlagStore> memoryFlags(rampart::flags::makeMemoryFlagStore(clock));
    config.makeBackends = [liveWorkspace, memoryFlags]() -> rampart::Result<rampart::service::ControllerBackends> {
        auto opened = rampart::store::SqliteEvidenceStore::open(liveWorkspace);
        if (!opened)
            return opened.error();
        rampart::service::ControllerBackends b;
        b.store = std::move(opened).value();
        b.flags = memoryFlags;
        return b;
    };
    const std::string actor = settings.value(QStringLiteral("operator/name")).toString().isEmpty()
                                  ? rampart::console::ConsoleSession::defaultActor()
                                  : settings.value(QStringLiteral("operator/name")).toString().toStdString();
    rampart::console::ConsoleSession session(std::move(config), actor);
    session.setStartWhenPending(true); // a new embedded workspace starts its rollout
    rampart::console::WindowHost host(&settings, &languages, [&session, liveWorkspace](rampart::widgets::MainWindow &w) {
        session.feed(w);
        w.auditPage()->openFile(liveWorkspace); // both load on the thread pool
        w.historyPage()->openFile(liveWorkspace);
    });
    host.build();
    host.window()->resize(windowSize);
    host.window()->showPage(parser.value(page));
    FirstFrameExit firstFrameExit;
    if (parser.isSet(firstFrame))
        host.window()->installEventFilter(&firstFrameExit);
    host.window()->show();
    session.start();
    return app.exec();
}
