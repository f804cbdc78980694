#pragma once

// The one brain behind the console, the HTTP API and the watchdog: a QObject that owns the
// stores, the flag store and the telemetry client on one worker thread, evaluates on a timer,
// emits typed immutable snapshots and takes commands as queued calls with a result signal.
// A rollback pre-empts everything: it runs on a lane of its own. docs/controller.md.

#include "flags/flagstore.h"
#include "flags/flagsubscriber.h"
#include "rollout/decision.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "service/evidenceassembler.h"
#include "service/savedstate.h"
#include "store/evidencestore.h"
#include "store/rolloutrecords.h"
#include "telemetry/prometheusclient.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QThread;

namespace rampart::service {

/// How a backend answers, as last seen.
enum class ConnectionState { Unknown, Connected, Unavailable, NotConfigured };
const char *connectionStateName(ConnectionState state);

/// The health of every connection the controller holds; emitted whenever one changes.
struct ConnectionHealth
{
    ConnectionState store = ConnectionState::Unknown;
    ConnectionState flagStore = ConnectionState::Unknown;
    ConnectionState telemetry = ConnectionState::Unknown;
    /// The change subscription; while it is not Subscribed the controller polls the flag.
    std::optional<flags::SubscriptionState> subscription; ///< empty: no subscriber (in-memory flag)
    std::string note; ///< the last sentence about a change, e.g. the store's error
    bool operator==(const ConnectionHealth &) const = default;
};

/// What the controller did with an evaluation.
namespace acted {
inline constexpr const char *Nothing = "none";                ///< not running: nothing to judge
inline constexpr const char *Recorded = "recorded";           ///< looks/breach counts saved, no move
inline constexpr const char *Held = "held";                   ///< a hold was recorded (status changed)
inline constexpr const char *RolledBack = "rolled_back";      ///< the flag was rolled back, audited, state saved
inline constexpr const char *Completed = "completed";
/// The final look passed without efficacy (Decision::terminal): held, the rollback is the
/// operator's to make (or an override under an amended plan). Never executed unattended.
inline constexpr const char *RollbackRecommended = "rollback_recommended";
inline constexpr const char *AwaitingAdvance = "awaiting_advance"; ///< advance decided: only the advance command moves
inline constexpr const char *Preempted = "preempted";         ///< a rollback arrived meanwhile: dropped
inline constexpr const char *Failed = "failed";               ///< acting failed (see failed())
} // namespace acted

/// One evaluation: the state judged, the evidence, the decision and what was done.
struct EvaluationSnapshot
{
    std::uint64_t generation = 0;     ///< increases with each evaluation; consumers drop older ones
    rollout::TimePoint at;
    rollout::RolloutState state;       ///< the state the decision was made in
    AssembledEvidence evidence;
    std::optional<rollout::Decision> decision; ///< empty when the rollout is not running
    std::string evidenceHash;          ///< io::evidenceHash of the evidence document
    std::string acted = acted::Nothing;
    std::string actionDetail;          ///< a sentence when acting failed or was refused
};

/// The rollout state as the controller now holds it.
struct StateSnapshot
{
    rollout::RolloutState state;
    std::int64_t revision = 0;         ///< the store's revision of the saved row (0: never saved)
    std::vector<StateProblem> problems; ///< disagreements found when the state was loaded
    /// The state was (re)loaded and checked: `problems` is the verdict. False for a state the
    /// controller itself moved (its problems are empty because nothing was checked).
    bool checked = false;
    /// The stage history as the controller knows it (stored rows, then rows still waiting to
    /// be stored), oldest first: the console's timeline of holds, rollbacks and advances.
    std::vector<rollout::TransitionEvent> history;
};

enum class CommandKind {
    Start,
    SignOff,
    RequestAdvance,
    Override,
    Hold,
    Rollback,
    KillSwitch,
    Resume,
    RecordIncident,
    Evaluate
};
const char *commandName(CommandKind kind);

struct CommandResult
{
    std::uint64_t id = 0;   ///< the id the command call returned
    CommandKind kind = CommandKind::Evaluate;
    std::optional<Error> error; ///< empty: done
    std::optional<flags::FlagState> flag; ///< the flag after a write
    bool auditQueued = false;  ///< the audit record waits in the outbox (store unavailable)
    bool ok() const { return !error; }
};

using EvaluationPtr = std::shared_ptr<const EvaluationSnapshot>;
using StatePtr = std::shared_ptr<const StateSnapshot>;

/// The backends of one lane, made on the thread that uses them (SQLite connections are
/// per-thread). The controller owns them.
struct ControllerBackends
{
    std::unique_ptr<store::EvidenceStore> store; ///< must also be a store::RolloutRecords
    std::shared_ptr<flags::FlagStore> flags;
    std::optional<telemetry::PrometheusClient> telemetry;
};

struct ControllerConfig
{
    rollout::Plan plan;
    std::string actor = "rampart-controller"; ///< who the controller's own writes are by
    std::chrono::milliseconds interval{60000};   ///< timed evaluation; 0 = only on request
    std::chrono::milliseconds flagPollInterval{1000}; ///< polling while the subscription is down
    QString outboxDirectory;                     ///< audit records wait here when the store is down
    /// Made on the worker thread: the evaluation lane's store, flag store and telemetry.
    std::function<Result<ControllerBackends>()> makeBackends;
    /// Made on the rollback lane's thread: a flag store of its own (its own connection, so a
    /// rollback never queues behind an evaluation's flag read). Null: share the worker's.
    std::function<Result<std::shared_ptr<flags::FlagStore>>()> makeRollbackFlagStore;
    /// Options for the change subscription; empty URL: no subscription (poll only).
    flags::FlagSubscriberOptions subscription;
    std::shared_ptr<const rollout::Clock> clock; ///< system clock when null
};

class ControllerWorker;
class RollbackLane;

/**
 * The live rollout controller.
 *
 * Threads: the object itself lives in the thread that made it (usually the UI thread); its
 * work runs on a worker thread (evaluation, commands, the store) and on a rollback lane
 * (a second thread with its own flag-store connection). Every public call returns at once;
 * results come back as signals, delivered queued to receivers in other threads. Call the
 * public functions from the thread the object lives in (start/stop/commands are not meant to
 * race each other); the signals may be emitted from any of the controller's threads.
 *
 * Pre-emption: a rollback is written by the lane immediately, without a version check; it
 * bumps an epoch that the worker checks between the steps of an evaluation and before acting
 * on one, so an evaluation in flight is dropped, never applied after the rollback. The state
 * transition is then recorded by the worker (after the slow query, if one is in flight); the
 * audit record goes through the outbox.
 */
class RolloutController : public QObject
{
    Q_OBJECT
public:
    explicit RolloutController(ControllerConfig config, QObject *parent = nullptr);
    ~RolloutController() override;

    /// Starts the threads: makes the backends, loads the saved state (stateChanged), starts
    /// the subscription and the timer. Failures to build the backends are reported by failed()
    /// and retried at each evaluation. A command given before start() (or after stop())
    /// finishes with error "not_started".
    void start();
    /// Stops the timer and the threads (waits for an evaluation in flight to end).
    void stop();

    // Commands: each returns an id, and commandFinished(result) with that id follows.
    std::uint64_t startRollout(const std::string &actor);
    std::uint64_t signOff(const std::string &actor, const std::string &role, bool approve, const std::string &comment,
                          const std::string &evidenceHash);
    /// The advance button: refused unless the flag still has `basedOnFlagVersion` (the
    /// version of the snapshot the operator saw) and a fresh evaluation says advance on
    /// complete evidence. The flag write is a compare-and-set against that version.
    std::uint64_t requestAdvance(const std::string &actor, std::int64_t basedOnFlagVersion);
    std::uint64_t overrideAdvance(const std::string &actor, const std::string &justification,
                                  std::int64_t basedOnFlagVersion);
    std::uint64_t hold(const std::string &actor, const std::string &why);
    /// Pre-empts everything (see the class comment).
    std::uint64_t rollback(const std::string &actor, const std::string &why);
    /// The kill switch: like rollback (the lane, pre-empting everything), but to 0% whatever
    /// the last stable stage (rollout::killSwitch); also on a completed rollout.
    std::uint64_t killSwitch(const std::string &actor, const std::string &why);
    std::uint64_t resume(const std::string &actor, const std::string &why, std::int64_t basedOnFlagVersion);
    std::uint64_t recordIncident(const std::string &actor, const std::string &severity, const std::string &summary);
    /// Evaluates now (besides the timer).
    std::uint64_t evaluateNow();

    /// Changes the timed evaluation's interval (0 = only on request). Before start() it
    /// replaces the configured one; afterwards it is queued to the worker, which restarts its
    /// timer with it (an evaluation in flight is not interrupted).
    void setEvaluationInterval(std::chrono::milliseconds interval);
    /// The interval last set (configured or by setEvaluationInterval).
    std::chrono::milliseconds evaluationInterval() const { return m_interval.load(); }

    const rollout::Plan &plan() const;

Q_SIGNALS:
    void evaluated(rampart::service::EvaluationPtr snapshot);
    void stateChanged(rampart::service::StatePtr state);
    void flagChanged(rampart::flags::FlagState flag);
    void healthChanged(rampart::service::ConnectionHealth health);
    void commandFinished(rampart::service::CommandResult result);
    /// A rollback the lane wrote (commandFinished already said so) has been recorded by the
    /// worker: the state transition saved (stateSaved) or, when the rollout was not running,
    /// nothing to move. Readers of the saved state (the API's view) wait for this, so a state
    /// read after a confirmed rollback shows it.
    void rollbackRecorded(std::int64_t flagVersion, bool stateSaved);
    /// Something went wrong outside a command (backends could not be made, a state could not
    /// be saved or loaded, a timed rollback could not be written).
    void failed(rampart::Error error);

private:
    friend class ControllerWorker;
    friend class RollbackLane;
    std::uint64_t nextId() { return ++m_lastId; }
    template <typename F>
    std::uint64_t post(QObject *target, std::uint64_t id, CommandKind kind, F &&f);

    ControllerConfig m_config;
    std::atomic<std::uint64_t> m_lastId{0};
    /// Bumped by every rollback the lane starts; evaluations compare it before and after.
    std::atomic<std::uint64_t> m_rollbackEpoch{0};
    /// The percentage a rollback now goes to (the last stable stage), kept by the worker.
    std::atomic<double> m_rollbackTarget{0.0};
    std::atomic<std::chrono::milliseconds> m_interval{std::chrono::milliseconds{0}};
    QThread *m_workerThread = nullptr;
    QThread *m_laneThread = nullptr;
    ControllerWorker *m_worker = nullptr;
    RollbackLane *m_lane = nullptr;
};

/// Registers the snapshot types for queued connections (called by the constructor).
void registerControllerTypes();

} // namespace rampart::service

Q_DECLARE_METATYPE(rampart::service::EvaluationPtr)
Q_DECLARE_METATYPE(rampart::service::StatePtr)
Q_DECLARE_METATYPE(rampart::flags::FlagState)
Q_DECLARE_METATYPE(rampart::service::ConnectionHealth)
Q_DECLARE_METATYPE(rampart::service::CommandResult)
Q_DECLARE_METATYPE(rampart::Error)
