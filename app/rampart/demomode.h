#pragma once

// The console's embedded default (docs/user-guide.md, "The demo"): a new SQLite workspace,
// the in-memory flag store and the traffic simulator on a stepped clock, driven by
// service::DemoRun through the real RolloutController, shown in the real main window with a
// DemoBar above the pages. A whole two-week rollout plays in about five minutes (speed 1.3
// simulated hours per second): stages advance, the autopilot signs off (or waits for the
// user), an injected latency regression is rolled back by the controller, the autopilot
// resumes. With a screenshot directory it runs offscreen as fast as it can, saves every page
// at each stage's sign-off, the rollback and the end, prints the paths and finishes.

#include "consolesession.h"
#include "demobar.h"
#include "windowhost.h"

#include "service/demorun.h"

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>
#include <optional>

class QSettings;

namespace rampart::console {

struct DemoModeOptions
{
    QString directory;       ///< where the workspace is created; empty: a temporary directory
    double speed = 1.3;      ///< simulated hours per real second; 0: as fast as possible
    bool autopilot = true;
    QString screenshotDir;   ///< non-empty: the offscreen screenshot run
    QString language = QStringLiteral("en"); ///< for the screenshot file names
    QString page = QStringLiteral("rollout");
    QSize windowSize{1280, 860};
    std::uint64_t seed = 7;
};

class DemoMode : public QObject
{
    Q_OBJECT

public:
    DemoMode(DemoModeOptions options, QSettings *settings, LanguageInstaller *languages, QObject *parent = nullptr);
    ~DemoMode() override;

    /// Creates the workspace, the controller and the window, and starts the demo.
    Status start();
    QString workspace() const { return m_workspace; }
    widgets::MainWindow *window() const { return m_host ? m_host->window() : nullptr; }
    service::DemoRun *run() const { return m_run.get(); }
    /// The screenshots saved so far (the screenshot run).
    const QStringList &screenshots() const { return m_screenshots; }

    /// The event in the user's language (the rollback with its first reason, worded).
    static QString describe(const service::DemoEvent &event, const rollout::Plan &plan);

Q_SIGNALS:
    /// The screenshot run is over (0: the rollout completed, 1: it did not).
    void finished(int exitCode);

private:
    void feed(widgets::MainWindow &window);
    void onEvent(const service::DemoEvent &event);
    void onProgress(const service::DemoProgress &progress);
    void onFinished(bool completed, const QString &why);
    void showProgress();
    void takeScreenshots(const QString &moment, bool last);

    DemoModeOptions m_options;
    QSettings *m_settings;
    LanguageInstaller *m_languages;
    std::optional<QTemporaryDir> m_tempDir;
    QString m_workspace;
    std::shared_ptr<service::SteppedClock> m_clock;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<service::DemoRun> m_run;
    std::unique_ptr<WindowHost> m_host;
    QPointer<widgets::DemoBar> m_bar;
    std::optional<service::DemoEvent> m_lastEvent;
    QStringList m_screenshots;
    int m_moment = 0;
    bool m_completed = false;
    QTextStream m_out{stdout};
};

} // namespace rampart::console
