// The rollback lane of RolloutController: a thread that does nothing but rollbacks, on a
// flag-store connection of its own, so a rollback never queues behind an evaluation.

#include "controllerworker.h"

#include <QDir>

namespace rampart::service {

using namespace rampart::rollout;

RollbackLane::RollbackLane(RolloutController &controller) : m_c(controller)
{
    m_clock = controller.m_config.clock ? controller.m_config.clock : std::make_shared<SystemClock>();
}

RollbackLane::~RollbackLane() = default;

void RollbackLane::init()
{
    const ControllerConfig &config = m_c.m_config;
    if (config.makeRollbackFlagStore) {
        auto flags = config.makeRollbackFlagStore();
        if (!flags) {
            Q_EMIT m_c.failed(flags.error());
        } else {
            m_flags = std::move(flags).value();
            (void)m_flags->read(config.plan.flag); // connect now, not on the first rollback
        }
    }
    const QString dir = outboxDirectoryOf(config);
    QDir().mkpath(dir);
    // No store here: the record is appended (fsync'd) to the outbox and the worker moves it
    // into the audit chain. So a rollback waits for Redis and a local file, nothing else.
    m_outbox = std::make_unique<store::OutboxAuditWriter>(nullptr, dir);
    m_sink = std::make_unique<OutboxAuditSink>(*m_outbox);
    if (m_flags)
        m_service = std::make_unique<RolloutService>(config.plan.flag, *m_flags, *m_sink, *m_clock);
}

void RollbackLane::setSharedFlagStore(std::shared_ptr<flags::FlagStore> flags)
{
    if (m_flags)
        return;
    m_flags = std::move(flags);
    m_service = std::make_unique<RolloutService>(m_c.m_config.plan.flag, *m_flags, *m_sink, *m_clock);
}

void RollbackLane::rollback(std::uint64_t id, const std::string &actor, const std::string &why, bool toZero)
{
    m_c.m_rollbackEpoch.fetch_add(1);
    CommandResult result;
    result.id = id;
    result.kind = toZero ? CommandKind::KillSwitch : CommandKind::Rollback;
    if (!m_service) {
        result.error = makeError(flags::flagerrc::Unavailable, "flag", "No flag store is available for the rollback.");
        Q_EMIT m_c.commandFinished(result);
        return;
    }
    // Confirmed as soon as the flag holds the rollback (its intent record already fsync'd):
    // the outcome record and the version mark are kept after the confirmation.
    bool confirmed = false;
    auto change
        = m_service->rollback(actor, why, toZero ? 0.0 : m_c.m_rollbackTarget.load(), [&](const FlagChange &applied) {
              confirmed = true;
              CommandResult early = result;
              early.flag = applied.flag;
              early.auditQueued = applied.auditQueued;
              Q_EMIT m_c.flagChanged(applied.flag);
              Q_EMIT m_c.commandFinished(early);
          });
    if (!change) {
        result.error = change.error();
        if (!confirmed)
            Q_EMIT m_c.commandFinished(result);
        return;
    }
    if (!confirmed) {
        result.flag = change->flag;
        result.auditQueued = change->auditQueued;
        Q_EMIT m_c.flagChanged(change->flag);
        Q_EMIT m_c.commandFinished(result);
    }
    ControllerWorker *worker = m_c.m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker, flag = change->flag, actor, why, toZero] { worker->rollbackWritten(flag, actor, why, toZero); },
        Qt::QueuedConnection);
}

} // namespace rampart::service
