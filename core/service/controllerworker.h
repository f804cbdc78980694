#pragma once

// Internal to core/service: the two threads behind RolloutController. ControllerWorker owns
// the backends and does the evaluations and commands (controllerworker.cpp); RollbackLane
// writes rollbacks on a flag-store connection of its own (rollbacklane.cpp). docs/controller.md.

#include "rolloutcontroller.h"
#include "rolloutservice.h"
#include "store/outbox.h"
#include "store/transitionoutbox.h"

#include <QObject>

#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace rampart::service {

/// Where audit records wait: the configured directory, else <app data>/outbox.
QString outboxDirectoryOf(const ControllerConfig &config);

class ControllerWorker : public QObject
{
    Q_OBJECT
public:
    explicit ControllerWorker(RolloutController &controller);
    ~ControllerWorker() override;

    // Everything below runs on the worker thread (queued from RolloutController).
    void init();
    void shutdown();
    void evaluate(std::uint64_t commandId);
    void startRollout(std::uint64_t id, const std::string &actor);
    void signOff(std::uint64_t id, const std::string &actor, const std::string &role, bool approve,
                 const std::string &comment, const std::string &evidenceHash);
    void advance(std::uint64_t id, const std::string &actor, std::int64_t basedOn, const std::optional<std::string> &justification);
    void hold(std::uint64_t id, const std::string &actor, const std::string &why);
    void resume(std::uint64_t id, const std::string &actor, const std::string &why, std::int64_t basedOn);
    void recordIncident(std::uint64_t id, const std::string &actor, const std::string &severity, const std::string &summary);
    /// The lane wrote a rollback: record the transition, save the state, flush the outbox.
    /// The lane wrote a rollback (`toZero`: the kill switch): record the state transition.
    void rollbackWritten(const flags::FlagState &flag, const std::string &actor, const std::string &why, bool toZero);
    /// A flag change seen by the subscriber (or the poll).
    void flagSeen(const flags::FlagState &flag);
    void subscriptionChanged(flags::SubscriptionState state, const std::string &note);
    /// Restarts the evaluation timer with `interval` (0: stops it; evaluations on request only).
    void setInterval(std::chrono::milliseconds interval);

    std::shared_ptr<flags::FlagStore> flagStore() const { return m_backends.flags; }

private:
    bool ready(std::uint64_t id, CommandKind kind);
    void finish(std::uint64_t id, CommandKind kind, std::optional<Error> error, std::optional<flags::FlagState> flag = {},
                bool queued = false);
    /// Makes a transition the controller's state: stage history, saved state, signals.
    void commit(const rollout::Transition &transition, std::int64_t flagVersion);
    void saveCurrent(std::int64_t flagVersion);
    bool loadSavedState();
    void reloadState();
    void pollFlag();
    void updateHealth(const AssembledEvidence &evidence);
    void setHealth(const ConnectionHealth &health);
    void flushRecords();
    std::optional<Error> audit(const std::string &actor, const std::string &action, const std::string &detailJson, bool &queued);
    rollout::TimePoint now() const;
    /// The snapshot stateChanged carries: the state, its revision and the stage history.
    /// `problems` given: the state was just loaded and checked.
    StatePtr stateSnapshot(std::optional<std::vector<StateProblem>> problems = std::nullopt) const;

    RolloutController &m_c;
    ControllerBackends m_backends;
    store::RolloutRecords *m_records = nullptr;
    std::unique_ptr<EvidenceAssembler> m_assembler;
    std::unique_ptr<store::OutboxAuditWriter> m_outbox;     ///< stores into m_backends.store, on this thread
    std::unique_ptr<store::OutboxAuditWriter> m_sinkWriter; ///< the same outbox, no store: m_sink's
    std::unique_ptr<OutboxAuditSink> m_sink;
    std::unique_ptr<RolloutService> m_service;
    std::unique_ptr<flags::FlagSubscriber> m_subscriber;
    std::shared_ptr<const rollout::Clock> m_clock;
    QTimer *m_timer = nullptr;
    QTimer *m_pollTimer = nullptr;

    bool m_initialised = false;
    bool m_stopping = false;
    bool m_stateLoaded = false;
    rollout::RolloutState m_state;
    std::int64_t m_revision = 0;
    bool m_unsaved = false;                               ///< the last save failed: retry
    std::vector<rollout::TransitionEvent> m_unrecorded;   ///< stage-history rows the disk outbox refused too
    std::unique_ptr<store::TransitionOutbox> m_transitions; ///< stage-history rows on disk until stored (issue 9)
    std::vector<rollout::TransitionEvent> m_history;      ///< as loaded, plus every transition since
    std::optional<flags::FlagState> m_flag;
    ConnectionHealth m_health;
    std::uint64_t m_generation = 0;
};

class RollbackLane : public QObject
{
    Q_OBJECT
public:
    explicit RollbackLane(RolloutController &controller);
    ~RollbackLane() override;
    void init();
    void setSharedFlagStore(std::shared_ptr<flags::FlagStore> flags);
    /// To the last stable stage, or to 0% with `toZero` (the kill switch).
    void rollback(std::uint64_t id, const std::string &actor, const std::string &why, bool toZero);

private:
    RolloutController &m_c;
    std::shared_ptr<flags::FlagStore> m_flags;
    std::unique_ptr<store::OutboxAuditWriter> m_outbox;
    std::unique_ptr<OutboxAuditSink> m_sink;
    std::unique_ptr<RolloutService> m_service;
    std::shared_ptr<const rollout::Clock> m_clock;
};

} // namespace rampart::service
