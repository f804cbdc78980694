#include "consolesession.h"

#include "banner.h"
#include "settingspage.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdlib>

namespace rampart::console {

QDateTime toDateTime(rollout::TimePoint at)
{
    return QDateTime::fromSecsSinceEpoch(at.time_since_epoch().count(), Qt::UTC).toLocalTime();
}

std::string ConsoleSession::defaultActor()
{
    for (const char *name : {"USER", "LOGNAME", "USERNAME"}) {
        const char *value = std::getenv(name);
        if (value && *value)
            return std::string("os:") + value;
    }
    return "os:unknown";
}

ConsoleSession::ConsoleSession(service::ControllerConfig config, std::string actor, QObject *parent)
    : RolloutSession(parent),
      m_controller(std::make_unique<service::RolloutController>(std::move(config))),
      m_actor(std::move(actor))
{
    using service::RolloutController;
    // The controller emits from its threads; these connections are queued to this (UI) thread.
    connect(m_controller.get(), &RolloutController::evaluated, this, &ConsoleSession::onEvaluated);
    connect(m_controller.get(), &RolloutController::stateChanged, this, &ConsoleSession::onStateChanged);
    connect(m_controller.get(), &RolloutController::flagChanged, this, &ConsoleSession::onFlagChanged);
    connect(m_controller.get(), &RolloutController::healthChanged, this, &ConsoleSession::onHealthChanged);
    connect(m_controller.get(), &RolloutController::commandFinished, this, &ConsoleSession::onCommandFinished);
}

ConsoleSession::~ConsoleSession()
{
    stop();
}

void ConsoleSession::start()
{
    m_controller->start();
}

void ConsoleSession::stop()
{
    m_controller->stop();
}

void ConsoleSession::feed(widgets::MainWindow &window)
{
    if (m_window && m_window != &window)
        disconnect(m_window, nullptr, this, nullptr);
    m_window = &window;
    using widgets::MainWindow;
    service::RolloutController *c = m_controller.get();
    // The window is the context: a rebuilt (deleted) window drops its connections itself.
    connect(&window, &MainWindow::rollbackRequested, this, [this, c] {
        c->rollback(m_actor, "rollback button in the console");
    });
    connect(&window, &MainWindow::stopRequested, this,
            [this, c](const QString &reason) { c->killSwitch(m_actor, reason.toStdString()); });
    connect(&window, &MainWindow::holdRequested, this, [this, c](const QString &reason) {
        c->hold(m_actor, reason.toStdString());
    });
    connect(&window, &MainWindow::resumeRequested, this, [this, c](const QString &justification) {
        c->resume(m_actor, justification.toStdString(), m_window ? m_window->shownFlagVersion() : 0);
    });
    connect(&window, &MainWindow::signOffRequested, this,
            [c](bool approve, const QString &name, const QString &role, const QString &comment, const QString &hash) {
                c->signOff(name.toStdString(), role.toStdString(), approve, comment.toStdString(), hash.toStdString());
            });
    connect(&window, &MainWindow::advanceRequested, this, [this, c](const QString &) {
        c->requestAdvance(m_actor, m_window ? m_window->shownFlagVersion() : 0);
    });
    connect(&window, &MainWindow::overrideRequested, this, [this, c](const QString &justification, const QString &) {
        c->overrideAdvance(m_actor, justification.toStdString(), m_window ? m_window->shownFlagVersion() : 0);
    });
    // The evaluation interval: the one chosen in Settings, else the controller's configured one.
    if (const auto seconds = window.settingsPage()->savedEvaluationInterval())
        c->setEvaluationInterval(std::chrono::seconds(*seconds));
    else
        window.settingsPage()->showEvaluationInterval(
            static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(c->evaluationInterval()).count()));
    connect(&window, &MainWindow::evaluationIntervalChanged, this,
            [c](int seconds) { c->setEvaluationInterval(std::chrono::seconds(seconds)); });

    window.setPlan(m_controller->plan());
    window.setSourceDescription(QString());
    showHealth();
    if (m_flag)
        window.setFlagState(*m_flag, toDateTime(m_flag->updatedAt));
    showTimeline();
    showEvaluation();
}

void ConsoleSession::onEvaluated(const service::EvaluationPtr &snapshot)
{
    if (!snapshot || (m_evaluation && snapshot->generation < m_evaluation->generation))
        return; // an older evaluation delivered late
    m_evaluation = snapshot;
    if (snapshot->evidence.flag)
        onFlagChanged(*snapshot->evidence.flag);
    showEvaluation();
    showTimeline();
}

void ConsoleSession::onStateChanged(const service::StatePtr &state)
{
    if (!state)
        return;
    m_state = state;
    if (state->checked)
        m_problems = state->problems;
    if (m_firstState && m_startWhenPending && state->state.status == rollout::RolloutStatus::Pending)
        m_controller->startRollout(m_actor);
    m_firstState = false;
    showTimeline();
}

void ConsoleSession::onFlagChanged(const flags::FlagState &flag)
{
    if (m_flag && flag.version < m_flag->version)
        return;
    m_flag = flag;
    if (m_window)
        m_window->setFlagState(flag, toDateTime(flag.updatedAt));
}

void ConsoleSession::onHealthChanged(const service::ConnectionHealth &health)
{
    m_health = health;
    showHealth();
}

void ConsoleSession::onCommandFinished(const service::CommandResult &result)
{
    if (result.flag)
        onFlagChanged(*result.flag);
    if (!m_window)
        return;
    if (!result.ok()) {
        m_window->showCommandFailed(QString::fromUtf8(service::commandName(result.kind)),
                                    QString::fromStdString(result.error->message));
        return;
    }
    if ((result.kind == service::CommandKind::Rollback || result.kind == service::CommandKind::KillSwitch)
        && result.flag)
        m_window->showRollbackConfirmed(*result.flag, QDateTime::currentDateTime());
}

void ConsoleSession::showTimeline()
{
    if (!m_window || !m_state)
        return;
    models::TimelineSnapshot t;
    t.plan = m_controller->plan();
    t.state = m_state->state;
    t.history = m_state->history;
    for (const service::StateProblem &p : m_problems)
        t.problems.push_back({p.code, p.message});
    t.now = m_evaluation ? m_evaluation->at : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (m_evaluation) {
        t.signOffs = m_evaluation->evidence.evidence.signOffs;
        if (m_evaluation->decision)
            t.sampleWait = m_evaluation->decision->sample.projectedWait;
    }
    m_window->setTimeline(t);
}

void ConsoleSession::showEvaluation()
{
    if (!m_window || !m_evaluation || !m_evaluation->decision)
        return;
    const auto &e = *m_evaluation;
    m_window->setDecision(*e.decision, QString::fromStdString(e.evidenceHash));
    m_window->setEvaluationInput(models::EvaluationInput{m_controller->plan(), e.state, e.evidence.evidence, e.at, *e.decision});
}

void ConsoleSession::showHealth()
{
    if (!m_window || !m_health)
        return;
    using service::ConnectionState;
    const auto down = [](ConnectionState s) { return s == ConnectionState::Unavailable; };
    const bool ok = !down(m_health->store) && !down(m_health->flagStore) && !down(m_health->telemetry);
    m_window->setConnectionState(ok, QString::fromStdString(m_health->note));
}

} // namespace rampart::console
