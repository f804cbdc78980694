#pragma once

// The wiring between one RolloutController and the console window (docs/user-guide.md,
// "The console on the live controller"): the controller's snapshots go into the window's
// slots on the UI thread, the window's buttons become the controller's commands under the
// operator's name, and command results become the green or red banner. One session per
// WindowHost: when the host rebuilds the window (language switch) it calls feed(), which
// attaches the new window and re-sends the latest snapshots.

#include "mainwindow.h"
#include "rolloutsession.h"
#include "service/rolloutcontroller.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>
#include <string>

namespace rampart::console {

class ConsoleSession : public RolloutSession
{
    Q_OBJECT

public:
    /// Owns a controller made from `config`; `actor` is who the operator's commands are by.
    ConsoleSession(service::ControllerConfig config, std::string actor, QObject *parent = nullptr);
    ~ConsoleSession() override;

    service::RolloutController *controller() const { return m_controller.get(); }
    const std::string &actor() const { return m_actor; }

    /// Starts the controller (its threads, the saved state, the timer).
    void start() override;
    /// The embedded workspace: when the first state loaded is Pending (a new workspace), the
    /// rollout is started under the operator's name. Off by default.
    void setStartWhenPending(bool on) { m_startWhenPending = on; }
    void stop() override;

    /// Attaches `window` (detaching the previous one) and shows the latest snapshots in it.
    /// This is the WindowHost's feeder.
    void feed(widgets::MainWindow &window) override;

    /// The operating-system user ("os:<name>"), the default actor when Settings gives none.
    static std::string defaultActor();

private:
    void onEvaluated(const service::EvaluationPtr &snapshot);
    void onStateChanged(const service::StatePtr &state);
    void onFlagChanged(const flags::FlagState &flag);
    void onHealthChanged(const service::ConnectionHealth &health);
    void onCommandFinished(const service::CommandResult &result);
    void showTimeline();
    void showEvaluation();
    void showHealth();

    std::unique_ptr<service::RolloutController> m_controller;
    std::string m_actor;
    QPointer<widgets::MainWindow> m_window;
    service::EvaluationPtr m_evaluation;
    service::StatePtr m_state;
    std::vector<service::StateProblem> m_problems; ///< from the last load of the state (checked)
    std::optional<flags::FlagState> m_flag;
    std::optional<service::ConnectionHealth> m_health;
    bool m_startWhenPending = false;
    bool m_firstState = true;
};

/// A QDateTime (local time) for a rollout time point.
QDateTime toDateTime(rollout::TimePoint at);

} // namespace rampart::console
