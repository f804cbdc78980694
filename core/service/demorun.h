#pragma once

// The demo driver: plays a rollout plan through a REAL RolloutController with the traffic
// simulator (core/sim) as the serving system, on a stepped clock that the controller reads.
// Each tick writes one step of simulated traffic into the workspace (at the flag the store
// holds now) on a thread of its own, moves the clock one step and asks the controller to
// evaluate. A latency regression is injected while the rollout is at a chosen stage, so the
// controller's latency guardrail rolls the rollout back by itself; after Resume the
// regression is gone (the fix shipped). With autopilot the driver also acts as the
// stakeholder and the operator: it signs off when the sign-off is all the stage lacks, presses
// advance when the controller waits for it, and resumes after the controller's rollback.
// A command given by someone else (the user in the console: hold, roll back, resume, sign
// off) hands the rollout to them: the autopilot switches itself off. docs/simulator.md.

#include "flags/flagstore.h"
#include "rollout/clock.h"
#include "rollout/decision.h"
#include "rollout/plan.h"
#include "service/rolloutcontroller.h"
#include "sim/simulator.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

class QThread;

namespace rampart::service {

using rollout::SteppedClock; ///< (core/rollout/clock.h)

/**
 * The plan the demo plays: `plan` without its service gates. The demo has no monitoring
 * system; gauges that no Prometheus answers would be missing evidence, and the controller
 * never advances on incomplete evidence. The latency guardrail on the simulated events
 * (the evidence store) is what catches the injected regression.
 */
rollout::Plan demoPlan(rollout::Plan plan);

struct DemoRunOptions
{
    QString workspace;                   ///< the SQLite workspace the controller reads
    std::shared_ptr<flags::FlagStore> flags;
    std::shared_ptr<SteppedClock> clock; ///< the controller's clock (ControllerConfig::clock)
    rollout::Duration step{std::chrono::hours(1)}; ///< simulated time per tick (1 min … 24 h)
    /// Real time from one tick's start to the next (0: at once); a tick that takes longer
    /// is followed at once.
    std::chrono::milliseconds tickInterval{0};
    double unitsPerHour = 400.0;
    std::uint64_t seed = 7;
    sim::CohortEffects control = sim::defaultControlEffects();
    sim::CohortEffects treatment = sim::demoTreatmentEffects();
    /// The stage (index into the plan's stages) during which the treatment's latency is
    /// multiplied by `latencyFactor`, until the first rollback; empty: no regression.
    std::optional<std::size_t> regressionStage = 2;
    double latencyFactor = 3.0;
    bool autopilot = false;              ///< sign off, advance and resume as the people would
    /// Simulated time between a rollback (the controller's, or the user's when the autopilot
    /// is switched on again) and the autopilot's Resume (the team finds and fixes the
    /// regression meanwhile; the console shows the rolled-back state).
    rollout::Duration resumeAfter{std::chrono::hours(12)};
    std::string operatorName = "demo-operator";
    std::string stakeholderPrefix = "demo-stakeholder";
    int maxTicks = 24 * 60;              ///< stops (demo_out_of_time) after this many ticks
};

/// Something the demo saw or did, typed so the console words it in the user's language.
struct DemoEvent
{
    enum class Kind {
        Started,           ///< the driver started (and the rollout, if it was pending)
        RegressionInjected, ///< the treatment's latency is now `latencyFactor` × (at `stage`)
        SignedOff,         ///< the autopilot signed the stage off (`count` approvers)
        Advanced,          ///< the rollout moved to `stage` at `percentage`
        RolledBack,        ///< the controller rolled back by itself; `reasons` say why
        Resumed,           ///< the rollout resumed at `stage`/`percentage`
        UserTookOver,      ///< someone else gave a command: the autopilot switched off
        Completed,         ///< the rollout completed
        Stopped            ///< the demo stopped without completing; `detail` says why
    };
    Kind kind = Kind::Started;
    rollout::TimePoint at;     ///< simulated time
    std::string stage;         ///< the plan's stage name, when one applies
    double percentage = 0.0;
    int count = 0;
    std::vector<rollout::Reason> reasons;
    std::string detail;        ///< an English sentence (logs); the console words `kind` itself
};

/// What the driver has seen so far.
struct DemoProgress
{
    int ticks = 0;
    int evaluations = 0;
    int signOffs = 0;
    int advances = 0;
    int rollbacks = 0;   ///< rollbacks the controller made by itself
    int resumes = 0;
    bool regressionActive = false;
    bool autopilot = false;
    bool paused = false;
    bool finished = false;
    std::int64_t eventsWritten = 0;
    rollout::TimePoint start;     ///< simulated time when the driver started
    rollout::TimePoint now;       ///< simulated time now
    rollout::RolloutStatus status = rollout::RolloutStatus::Pending;
    std::optional<std::size_t> stage;
    double percentage = 0.0;
    std::optional<rollout::Reason> rollbackReason; ///< the first reason of the last rollback
};

class DemoRun : public QObject
{
    Q_OBJECT
public:
    /// `controller` must be configured with options.clock and options.flags and evaluate only
    /// on request (ControllerConfig::interval 0); it is not owned and must outlive the run.
    DemoRun(DemoRunOptions options, RolloutController *controller, QObject *parent = nullptr);
    ~DemoRun() override;

    /// Checks the options and starts ticking (the rollout is started if it is pending).
    /// Errors: invalid_argument naming the option ("flags", "clock", "step", "workspace", ...).
    Status start();
    /// Stops for good (the traffic thread ends; a step in flight is finished first).
    void stop();
    /// Pauses or continues the ticks (a step in flight completes).
    void setPaused(bool paused);
    void setAutopilot(bool on);
    /// Real time between ticks; takes effect at the next tick.
    void setTickInterval(std::chrono::milliseconds interval);
    const DemoProgress &progress() const { return m_progress; }
    const DemoRunOptions &options() const { return m_options; }

Q_SIGNALS:
    void happened(const rampart::service::DemoEvent &event);
    /// After every evaluation the driver saw, and on pause / autopilot changes.
    void progressed(const rampart::service::DemoProgress &progress);
    void finished(bool completed, const QString &why);

private:
    enum class Phase { Idle, Simulating, Evaluating, Acting };
    void tick();
    void onSimulated(const Result<sim::SimulationSummary> &result);
    void onEvaluated(const EvaluationPtr &snapshot);
    void onStateChanged(const StatePtr &state);
    void onCommandFinished(const CommandResult &result);
    void actOn(const EvaluationSnapshot &e);
    void afterActing();
    void scheduleTick(std::chrono::milliseconds delay = std::chrono::milliseconds(-1));
    const rollout::RolloutState *currentState() const;
    void emitEvent(DemoEvent::Kind kind, std::string detail = {});
    void finish(bool completed, const QString &why);
    std::uint64_t own(std::uint64_t commandId);

    DemoRunOptions m_options;
    RolloutController *m_controller;
    QThread *m_trafficThread = nullptr;
    QObject *m_trafficContext = nullptr; ///< lives in m_trafficThread; owns the simulator's store
    QTimer m_timer;
    QElapsedTimer m_sinceTick;             ///< since the last tick started
    DemoProgress m_progress;
    Phase m_phase = Phase::Idle;
    bool m_running = false;
    bool m_regressionDone = false;
    bool m_reevaluate = false;             ///< evaluate again (without new traffic) after acting
    std::uint64_t m_evaluateCommand = 0;
    std::set<std::uint64_t> m_ownCommands; ///< commands the driver gave (others are the user's)
    std::set<std::uint64_t> m_pending;     ///< own commands not finished yet
    EvaluationPtr m_lastEvaluation;
    std::uint64_t m_actedGeneration = 0;   ///< the last evaluation acted on
    rollout::TimePoint m_rolledBackAt;
    StatePtr m_state;
    std::set<std::string> m_signedFor;     ///< "<epoch>:<stage>" already signed
    int m_epoch = 0;                       ///< bumped by each rollback (a resumed stage is signed again)
};

} // namespace rampart::service
