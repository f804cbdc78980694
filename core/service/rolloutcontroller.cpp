#include "rolloutcontroller.h"

#include "controllerworker.h"

#include <QMetaType>
#include <QThread>

#include <algorithm>

namespace rampart::service {

const char *connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Unknown: return "unknown";
    case ConnectionState::Connected: return "connected";
    case ConnectionState::Unavailable: return "unavailable";
    case ConnectionState::NotConfigured: return "not_configured";
    }
    return "unknown";
}

const char *commandName(CommandKind kind)
{
    switch (kind) {
    case CommandKind::Start: return "start";
    case CommandKind::SignOff: return "sign_off";
    case CommandKind::RequestAdvance: return "advance";
    case CommandKind::Override: return "override";
    case CommandKind::Hold: return "hold";
    case CommandKind::Rollback: return "rollback";
    case CommandKind::KillSwitch: return "kill_switch";
    case CommandKind::Resume: return "resume";
    case CommandKind::RecordIncident: return "incident";
    case CommandKind::Evaluate: return "evaluate";
    }
    return "evaluate";
}

void registerControllerTypes()
{
    qRegisterMetaType<EvaluationPtr>("rampart::service::EvaluationPtr");
    qRegisterMetaType<StatePtr>("rampart::service::StatePtr");
    qRegisterMetaType<flags::FlagState>("rampart::flags::FlagState");
    qRegisterMetaType<ConnectionHealth>("rampart::service::ConnectionHealth");
    qRegisterMetaType<CommandResult>("rampart::service::CommandResult");
    qRegisterMetaType<Error>("rampart::Error");
}

RolloutController::RolloutController(ControllerConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
    m_interval.store(m_config.interval);
    registerControllerTypes();
}

RolloutController::~RolloutController()
{
    stop();
}

const rollout::Plan &RolloutController::plan() const
{
    return m_config.plan;
}

void RolloutController::start()
{
    if (m_workerThread)
        return;
    m_workerThread = new QThread();
    m_workerThread->setObjectName(QStringLiteral("rampart-controller"));
    m_laneThread = new QThread();
    m_laneThread->setObjectName(QStringLiteral("rampart-rollback"));
    m_worker = new ControllerWorker(*this);
    m_lane = new RollbackLane(*this);
    m_worker->moveToThread(m_workerThread);
    m_lane->moveToThread(m_laneThread);
    m_laneThread->start();
    m_workerThread->start();
    QMetaObject::invokeMethod(m_lane, [lane = m_lane] { lane->init(); }, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->init(); }, Qt::QueuedConnection);
}

void RolloutController::stop()
{
    if (!m_workerThread)
        return;
    // Objects are destroyed on their own threads (their timers and connections live there).
    // The worker stops first (no more timers, no more init that would post to the lane), then
    // the lane goes (anything it posted to the worker is queued before the worker's deletion).
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(m_lane, [lane = m_lane] { delete lane; }, Qt::BlockingQueuedConnection);
    // Not `delete` through a blocking call: while the worker waits for Prometheus in a nested
    // event loop, that call ran inside it and freed the worker under its own stack (demo play
    // crashed at exit, 1 run in 4). deleteLater waits until that stack has unwound, at the
    // latest until the thread finishes, which wait() below waits for.
    m_worker->deleteLater();
    m_worker = nullptr;
    m_lane = nullptr;
    for (QThread *t : {m_workerThread, m_laneThread}) {
        t->quit();
        t->wait();
        delete t;
    }
    m_workerThread = nullptr;
    m_laneThread = nullptr;
}

namespace {

} // namespace

template <typename F>
std::uint64_t RolloutController::post(QObject *target, std::uint64_t id, CommandKind kind, F &&f)
{
    if (!target) {
        // Not started (or stopped): the command still gets its answer, after the call returns.
        CommandResult r;
        r.id = id;
        r.kind = kind;
        r.error = makeError("not_started", "", "The controller is not running: call start() first.");
        QMetaObject::invokeMethod(this, [this, r] { Q_EMIT commandFinished(r); }, Qt::QueuedConnection);
        return id;
    }
    QMetaObject::invokeMethod(target, std::forward<F>(f), Qt::QueuedConnection);
    return id;
}

std::uint64_t RolloutController::startRollout(const std::string &actor)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::Start, [w = m_worker, id, actor] { w->startRollout(id, actor); });
}

std::uint64_t RolloutController::signOff(const std::string &actor, const std::string &role, bool approve,
                                         const std::string &comment, const std::string &evidenceHash)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::SignOff, [w = m_worker, id, actor, role, approve, comment, evidenceHash] {
        w->signOff(id, actor, role, approve, comment, evidenceHash);
    });
}

std::uint64_t RolloutController::requestAdvance(const std::string &actor, std::int64_t basedOnFlagVersion)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::RequestAdvance, [w = m_worker, id, actor, basedOnFlagVersion] { w->advance(id, actor, basedOnFlagVersion, std::nullopt); });
}

std::uint64_t RolloutController::overrideAdvance(const std::string &actor, const std::string &justification,
                                                 std::int64_t basedOnFlagVersion)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::Override, [w = m_worker, id, actor, justification, basedOnFlagVersion] {
        w->advance(id, actor, basedOnFlagVersion, justification);
    });
}

std::uint64_t RolloutController::hold(const std::string &actor, const std::string &why)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::Hold, [w = m_worker, id, actor, why] { w->hold(id, actor, why); });
}

std::uint64_t RolloutController::rollback(const std::string &actor, const std::string &why)
{
    const std::uint64_t id = nextId();
    // Bumped here too, so an evaluation in flight stops at its next step even before the
    // lane thread has picked the command up.
    m_rollbackEpoch.fetch_add(1);
    return post(m_lane, id, CommandKind::Rollback,
                [l = m_lane, id, actor, why] { l->rollback(id, actor, why, false); });
}

std::uint64_t RolloutController::killSwitch(const std::string &actor, const std::string &why)
{
    const std::uint64_t id = nextId();
    m_rollbackEpoch.fetch_add(1);
    return post(m_lane, id, CommandKind::KillSwitch,
                [l = m_lane, id, actor, why] { l->rollback(id, actor, why, true); });
}

std::uint64_t RolloutController::resume(const std::string &actor, const std::string &why, std::int64_t basedOnFlagVersion)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::Resume, [w = m_worker, id, actor, why, basedOnFlagVersion] { w->resume(id, actor, why, basedOnFlagVersion); });
}

std::uint64_t RolloutController::recordIncident(const std::string &actor, const std::string &severity, const std::string &summary)
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::RecordIncident, [w = m_worker, id, actor, severity, summary] { w->recordIncident(id, actor, severity, summary); });
}

std::uint64_t RolloutController::evaluateNow()
{
    const std::uint64_t id = nextId();
    return post(m_worker, id, CommandKind::Evaluate, [w = m_worker, id] { w->evaluate(id); });
}

void RolloutController::setEvaluationInterval(std::chrono::milliseconds interval)
{
    interval = std::max(interval, std::chrono::milliseconds{0});
    m_interval.store(interval);
    if (!m_worker) {
        m_config.interval = interval; // init() reads it when the worker starts
        return;
    }
    QMetaObject::invokeMethod(m_worker, [w = m_worker, interval] { w->setInterval(interval); }, Qt::QueuedConnection);
}

} // namespace rampart::service
