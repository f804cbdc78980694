#include "service/demorun.h"

#include "store/sqliteevidencestore.h"

#include <QMetaObject>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace rampart::service {

namespace {

bool onlySignOffMissing(const rollout::Decision &d)
{
    return d.action == rollout::Action::Hold && !d.reasons.empty()
        && std::all_of(d.reasons.begin(), d.reasons.end(),
                       [](const rollout::Reason &r) { return r.code == rollout::reason::SignOffMissing; });
}

/// Owns the simulator's connection to the workspace, on the traffic thread (SQLite
/// connections belong to the thread that opened them).
class TrafficContext : public QObject
{
public:
    std::unique_ptr<store::SqliteEvidenceStore> store;
};

} // namespace

rollout::Plan demoPlan(rollout::Plan plan)
{
    plan.serviceGates.clear();
    return plan;
}

DemoRun::DemoRun(DemoRunOptions options, RolloutController *controller, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_controller(controller)
{
    m_progress.autopilot = m_options.autopilot;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DemoRun::tick);
    connect(m_controller, &RolloutController::evaluated, this, &DemoRun::onEvaluated);
    connect(m_controller, &RolloutController::stateChanged, this, &DemoRun::onStateChanged);
    connect(m_controller, &RolloutController::commandFinished, this, &DemoRun::onCommandFinished);
}

DemoRun::~DemoRun()
{
    stop();
}

Status DemoRun::start()
{
    const auto bad = [](const char *field, const std::string &message) {
        return makeError("invalid_argument", field, message);
    };
    if (m_running || m_progress.finished)
        return bad("demo", "The demo has already been started.");
    if (!m_controller)
        return bad("controller", "The demo needs the controller it drives.");
    if (!m_options.flags)
        return bad("flags", "The demo needs the controller's flag store.");
    if (!m_options.clock)
        return bad("clock", "The demo needs the controller's stepped clock.");
    if (m_options.workspace.isEmpty())
        return bad("workspace", "The demo needs the SQLite workspace the controller reads.");
    if (m_options.step < std::chrono::minutes(1) || m_options.step > std::chrono::hours(1))
        return bad("step", "The demo step must be between 1 minute and 1 hour of simulated time.");
    if (m_options.tickInterval.count() < 0)
        return bad("tick_interval", "The real time between ticks cannot be negative.");
    if (!(std::isfinite(m_options.unitsPerHour) && m_options.unitsPerHour > 0.0))
        return bad("units_per_hour", "The demo traffic must be a positive number of units per hour.");
    if (!(std::isfinite(m_options.latencyFactor) && m_options.latencyFactor >= 1.0))
        return bad("latency_factor", "The injected latency factor must be a finite number of at least 1.");
    if (m_options.regressionStage && *m_options.regressionStage >= m_controller->plan().stages.size())
        return bad("regression_stage", "The regression stage must be one of the plan's stages.");
    if (m_options.maxTicks <= 0)
        return bad("max_ticks", "The demo needs at least one tick.");

    m_trafficThread = new QThread;
    m_trafficThread->setObjectName(QStringLiteral("rampart-demo-traffic"));
    m_trafficContext = new TrafficContext;
    m_trafficContext->moveToThread(m_trafficThread);
    connect(m_trafficThread, &QThread::finished, m_trafficContext, &QObject::deleteLater);
    m_trafficThread->start();

    m_running = true;
    m_progress.start = m_progress.now = m_options.clock->now();
    emitEvent(DemoEvent::Kind::Started, "The demo started.");
    scheduleTick();
    return Done{};
}

void DemoRun::stop()
{
    m_running = false;
    m_timer.stop();
    if (m_trafficThread) {
        m_trafficThread->quit(); // a step in flight finishes first; its result is dropped
        m_trafficThread->wait();
        delete m_trafficThread;
        m_trafficThread = nullptr;
        m_trafficContext = nullptr; // deleted by the thread's finished()
    }
}

void DemoRun::setPaused(bool paused)
{
    if (m_progress.paused == paused)
        return;
    m_progress.paused = paused;
    if (!paused) {
        afterActing(); // acting that the pause held back
        scheduleTick();
    }
    Q_EMIT progressed(m_progress);
}

void DemoRun::setAutopilot(bool on)
{
    if (m_progress.autopilot == on)
        return;
    m_options.autopilot = on;
    m_progress.autopilot = on;
    Q_EMIT progressed(m_progress);
    // The rollout may be waiting for exactly what the autopilot does: evaluate again now
    // (without new traffic) and act on that.
    if (on && m_running && m_phase == Phase::Idle && m_pending.empty()) {
        m_timer.stop();
        m_phase = Phase::Acting;
        m_reevaluate = true;
        afterActing();
    }
}

void DemoRun::setTickInterval(std::chrono::milliseconds interval)
{
    m_options.tickInterval = std::max(std::chrono::milliseconds(0), interval);
}

std::uint64_t DemoRun::own(std::uint64_t commandId)
{
    m_ownCommands.insert(commandId);
    m_pending.insert(commandId);
    return commandId;
}

void DemoRun::scheduleTick(std::chrono::milliseconds delay)
{
    if (delay.count() < 0) {
        // A steady cadence: the tick's own work counts towards the interval.
        const auto spent = std::chrono::milliseconds(m_sinceTick.isValid() ? m_sinceTick.elapsed() : 0);
        delay = std::max(std::chrono::milliseconds(0), m_options.tickInterval - spent);
    }
    if (m_running && !m_progress.paused && m_phase == Phase::Idle && m_pending.empty() && !m_timer.isActive())
        m_timer.start(static_cast<int>(delay.count()));
}

const rollout::RolloutState *DemoRun::currentState() const
{
    // stateChanged carries every change; before the first one (the controller loaded its
    // state before the driver connected), the last evaluation's state is the current one.
    if (m_state)
        return &m_state->state;
    return m_lastEvaluation ? &m_lastEvaluation->state : nullptr;
}

void DemoRun::emitEvent(DemoEvent::Kind kind, std::string detail)
{
    DemoEvent event;
    event.kind = kind;
    event.at = m_options.clock ? m_options.clock->now() : rollout::TimePoint{};
    const rollout::Plan &plan = m_controller->plan();
    if (m_progress.stage && *m_progress.stage < plan.stages.size())
        event.stage = plan.stages[*m_progress.stage].name;
    event.percentage = m_progress.percentage;
    event.detail = std::move(detail);
    if (kind == DemoEvent::Kind::RolledBack && m_lastEvaluation && m_lastEvaluation->decision)
        event.reasons = m_lastEvaluation->decision->reasons;
    if (kind == DemoEvent::Kind::SignedOff && m_progress.stage && *m_progress.stage < plan.stages.size())
        event.count = plan.stages[*m_progress.stage].signOff.approvers;
    Q_EMIT happened(event);
}

void DemoRun::finish(bool completed, const QString &why)
{
    if (m_progress.finished)
        return;
    m_progress.finished = true;
    stop();
    if (completed)
        emitEvent(DemoEvent::Kind::Completed, "The rollout completed.");
    else
        emitEvent(DemoEvent::Kind::Stopped, why.toStdString());
    Q_EMIT progressed(m_progress);
    Q_EMIT finished(completed, why);
}

void DemoRun::tick()
{
    if (!m_running || m_progress.paused || m_phase != Phase::Idle || !m_pending.empty())
        return;
    const rollout::RolloutState *current = currentState();
    if (!current) { // the state was loaded before the driver connected: ask for an evaluation
        m_phase = Phase::Evaluating;
        m_evaluateCommand = own(m_controller->evaluateNow());
        return;
    }
    if (current->status == rollout::RolloutStatus::Pending) {
        m_phase = Phase::Acting;
        own(m_controller->startRollout(m_options.operatorName));
        return;
    }
    if (m_progress.ticks >= m_options.maxTicks) {
        finish(false, QStringLiteral("demo_out_of_time: the rollout did not finish in %1 ticks.").arg(m_options.maxTicks));
        return;
    }
    ++m_progress.ticks;
    m_sinceTick.start();
    const rollout::Plan &plan = m_controller->plan();
    const rollout::RolloutState &state = *current;
    const bool wasActive = m_progress.regressionActive;
    m_progress.regressionActive = !m_regressionDone && m_options.regressionStage && state.stage
        && *state.stage == *m_options.regressionStage && state.status != rollout::RolloutStatus::RolledBack;
    if (m_progress.regressionActive && !wasActive)
        emitEvent(DemoEvent::Kind::RegressionInjected, "A latency regression was injected into the ML cohort.");

    // The clock moves first, then the span that just passed is written, with the flag read
    // once at its start. Every command — the driver's or the user's, made while the traffic
    // is written — is stamped at or after the end of that span, so a new stage's window never
    // holds traffic split by the previous stage's percentage (the SRM seen at the start of
    // every stage when the span was written ahead of the clock; test_demorun.cpp).
    const rollout::TimePoint spanStart = m_options.clock->now();
    m_options.clock->advance(m_options.step);
    m_progress.now = m_options.clock->now();

    sim::SimulationConfig config;
    config.agent = plan.agent;
    config.flag = plan.flag;
    config.controlCohort = plan.controlCohort;
    config.treatmentCohort = plan.treatmentCohort;
    config.start = spanStart;
    config.duration = m_options.step;
    config.step = m_options.step; // one flag read per span (see above)
    config.unitsPerHour = m_options.unitsPerHour;
    config.seed = m_options.seed * 1000003u + static_cast<std::uint64_t>(m_progress.ticks); // unit ids differ per tick
    config.control = m_options.control;
    config.treatment = m_options.treatment;
    if (m_progress.regressionActive)
        config.faults.push_back(sim::Fault{sim::FaultKind::LatencyDegradation, m_options.latencyFactor, rollout::Duration{0}});

    m_phase = Phase::Simulating;
    auto *context = static_cast<TrafficContext *>(m_trafficContext);
    const QString workspace = m_options.workspace;
    const std::shared_ptr<flags::FlagStore> flagStore = m_options.flags;
    QMetaObject::invokeMethod(context, [this, context, workspace, flagStore, config]() {
        Result<sim::SimulationSummary> result = makeError("io_error", "workspace", "The workspace is not open.");
        if (!context->store) {
            auto opened = store::SqliteEvidenceStore::open(workspace);
            if (opened)
                context->store = std::move(opened).value();
            else
                result = opened.error();
        }
        if (context->store)
            result = sim::simulate(config, *flagStore, *context->store);
        // Back on the driver's thread; dropped if the driver is gone by then.
        QMetaObject::invokeMethod(this, [this, result]() { onSimulated(result); }, Qt::QueuedConnection);
    });
}

void DemoRun::onSimulated(const Result<sim::SimulationSummary> &result)
{
    if (!m_running || m_phase != Phase::Simulating)
        return;
    if (!result) {
        m_phase = Phase::Idle;
        finish(false, QString::fromStdString("The simulator failed: " + result.error().message));
        return;
    }
    m_progress.eventsWritten += result->eventsWritten;
    m_phase = Phase::Evaluating;
    m_evaluateCommand = own(m_controller->evaluateNow());
}

void DemoRun::onEvaluated(const EvaluationPtr &snapshot)
{
    if (!snapshot || (m_lastEvaluation && snapshot->generation <= m_lastEvaluation->generation))
        return;
    m_lastEvaluation = snapshot;
}

void DemoRun::onStateChanged(const StatePtr &state)
{
    if (!state)
        return;
    m_state = state;
    m_progress.status = state->state.status;
    m_progress.stage = state->state.stage;
    m_progress.percentage = state->state.percentage(m_controller->plan());
}

void DemoRun::onCommandFinished(const CommandResult &result)
{
    const bool mine = m_ownCommands.erase(result.id) > 0;
    m_pending.erase(result.id);
    if (!mine) {
        // The user (or another operator) changed course: the rollout is theirs now.
        const bool takesOver = result.ok()
            && (result.kind == CommandKind::Hold || result.kind == CommandKind::Rollback
                || result.kind == CommandKind::KillSwitch || result.kind == CommandKind::Resume
                || result.kind == CommandKind::Override);
        if (takesOver && (result.kind == CommandKind::Rollback || result.kind == CommandKind::KillSwitch)) {
            ++m_epoch; // a stage resumed later is signed off again
            m_rolledBackAt = m_options.clock ? m_options.clock->now() : rollout::TimePoint{};
        }
        if (takesOver && m_options.autopilot) {
            setAutopilot(false);
            emitEvent(DemoEvent::Kind::UserTookOver, "Someone else gave a command: the autopilot switched off.");
        }
        return;
    }
    if (!m_running)
        return;
    switch (result.kind) {
    case CommandKind::Evaluate:
        if (result.id != m_evaluateCommand)
            break;
        m_phase = Phase::Acting;
        if (!result.ok()) { // e.g. the controller is still making its backends: try again soon
            m_phase = Phase::Idle;
            scheduleTick(std::max(m_options.tickInterval, std::chrono::milliseconds(100)));
            return;
        }
        ++m_progress.evaluations;
        if (m_lastEvaluation && m_lastEvaluation->generation > m_actedGeneration) {
            m_actedGeneration = m_lastEvaluation->generation;
            actOn(*m_lastEvaluation);
        }
        break;
    case CommandKind::Start:
        if (!result.ok()) {
            const rollout::RolloutState *current = currentState();
            if (!current || current->status == rollout::RolloutStatus::Pending) {
                m_phase = Phase::Idle;
                finish(false, QString::fromStdString("The rollout could not be started: " + result.error->message));
                return;
            }
        }
        break;
    case CommandKind::SignOff:
        if (result.ok())
            ++m_progress.signOffs;
        break;
    case CommandKind::RequestAdvance:
        if (result.ok()) {
            ++m_progress.advances;
            if (result.flag)
                m_progress.percentage = result.flag->percentage;
            emitEvent(DemoEvent::Kind::Advanced, "The autopilot advanced the rollout.");
        }
        break;
    case CommandKind::Resume:
        if (result.ok()) {
            ++m_progress.resumes;
            if (result.flag)
                m_progress.percentage = result.flag->percentage;
            emitEvent(DemoEvent::Kind::Resumed, "The autopilot resumed the rollout.");
        }
        break;
    default:
        break;
    }
    afterActing();
}

void DemoRun::actOn(const EvaluationSnapshot &e)
{
    const rollout::Plan &plan = m_controller->plan();
    const rollout::RolloutState &state = *currentState();
    m_progress.status = state.status;
    m_progress.stage = state.stage;
    // The state's percentage, not the evidence's flag: that was read before the evaluation
    // acted (a rollback's evidence still says 50 % when the flag is already at 25 %).
    m_progress.percentage = state.percentage(plan);
    const std::int64_t version = e.evidence.flag ? e.evidence.flag->version : 0;

    if (e.acted == acted::RolledBack) {
        ++m_progress.rollbacks;
        ++m_epoch;
        m_regressionDone = true; // the fix ships with the resume
        m_progress.regressionActive = false;
        m_rolledBackAt = e.at;
        if (e.decision && !e.decision->reasons.empty())
            m_progress.rollbackReason = e.decision->reasons.front();
        std::string why;
        if (e.decision)
            for (const auto &r : e.decision->reasons)
                why += (why.empty() ? "" : "; ") + r.message;
        emitEvent(DemoEvent::Kind::RolledBack, "The controller rolled back by itself: " + why);
    }
    Q_EMIT progressed(m_progress);
    if (state.status == rollout::RolloutStatus::Completed) {
        m_phase = Phase::Idle;
        finish(true, QString());
        return;
    }
    if (!m_options.autopilot)
        return;
    if (state.status == rollout::RolloutStatus::RolledBack) {
        // The controller's rollback or a user's (when the autopilot is switched on again).
        if (e.at - m_rolledBackAt >= m_options.resumeAfter)
            own(m_controller->resume(m_options.operatorName,
                                     "The latency regression was fixed and verified on the staging cluster.", version));
        return;
    }
    if (!state.stage || !e.decision || *state.stage >= plan.stages.size())
        return;
    const std::size_t index = *state.stage;
    const rollout::SignOffRule &rule = plan.stages[index].signOff;
    const std::string key = std::to_string(m_epoch) + ":" + std::to_string(index);
    if (onlySignOffMissing(*e.decision) && rule.approvers > 0 && !m_signedFor.count(key)) {
        m_signedFor.insert(key);
        for (int k = 1; k <= rule.approvers; ++k)
            own(m_controller->signOff(m_options.stakeholderPrefix + "-" + std::to_string(k), rule.role, true,
                                      "Demo autopilot: the evidence was reviewed.", e.evidenceHash));
        m_reevaluate = true; // the advance is decided on the next evaluation, without new traffic
        emitEvent(DemoEvent::Kind::SignedOff, "The autopilot signed the stage off.");
    } else if (e.acted == acted::AwaitingAdvance) {
        own(m_controller->requestAdvance(m_options.operatorName, version));
    }
}

void DemoRun::afterActing()
{
    // A pause holds the driver between steps: no new traffic, and no re-evaluation that
    // could act (the console's screenshots are taken meanwhile).
    if (m_phase != Phase::Acting || !m_pending.empty() || !m_running || m_progress.paused)
        return;
    if (m_reevaluate) {
        m_reevaluate = false;
        m_phase = Phase::Evaluating;
        m_evaluateCommand = own(m_controller->evaluateNow());
        return;
    }
    m_phase = Phase::Idle;
    scheduleTick();
}

} // namespace rampart::service
