#pragma once

// Leader election between several `rampartctl serve` / `watch` instances that share one
// PostgreSQL and one Redis: only the leader runs a RolloutController (acts on decisions and
// commands); the others serve reads and forward commands to it. docs/controller.md
// ("Several instances, one actor").

#include "rollout/clock.h"
#include "service/rolloutcontroller.h"
#include "stats/result.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace rampart::service {

/// The instance that holds the lock, as it advertises itself in rampart.cluster_leader.
struct LeaderInfo
{
    std::string instance;  ///< its name (--instance, default host:pid)
    std::string apiUrl;    ///< where it serves the API ("" for a watchdog)
    std::string flagUrl;   ///< where it serves /api/flags/… ("" for a watchdog)
    std::int64_t term = 0; ///< increases with every hand-over
    rollout::TimePoint since;
    rollout::TimePoint heartbeat; ///< the leader's last heartbeat (database clock)
    bool operator==(const LeaderInfo &) const = default;
};

enum class LeaderRole {
    Starting,     ///< not connected yet
    Leader,       ///< holds the lock: this instance acts
    Follower,     ///< another instance holds it
    Disconnected, ///< no database session: acts on nothing, retries
};
const char *leaderRoleName(LeaderRole role);

struct LeadershipStatus
{
    LeaderRole role = LeaderRole::Starting;
    std::string instance;              ///< this instance
    std::optional<LeaderInfo> leader;  ///< the advertised leader (this one when Leader)
    std::int64_t changes = 0;          ///< how often this instance's role changed
    std::string note;                  ///< the last error sentence, if any
    bool operator==(const LeadershipStatus &) const = default;
};

struct LeaderElectionOptions
{
    std::string databaseUrl;      ///< libpq URI or key=value string (no password in it)
    std::string databasePassword;
    std::string agent;            ///< the rollout: one leader per agent
    std::string instance;         ///< this instance's name
    std::string apiUrl;           ///< advertised for forwarding (may be empty)
    std::string flagUrl;
    /// How often a follower tries the lock and a leader sends its heartbeat.
    std::chrono::milliseconds pollInterval{250};
    /// Bound on every statement and on unacknowledged TCP data (statement_timeout,
    /// tcp_user_timeout): a leader whose session stalls this long steps down.
    std::chrono::milliseconds sessionTimeout{2000};
    /// TCP keepalive (both ends of the session): a dead holder's session ends after about
    /// idle + interval × count seconds, which releases the lock.
    int keepaliveIdleSeconds = 2;
    int keepaliveIntervalSeconds = 1;
    int keepaliveCount = 3;
};

/// The advisory lock key of an agent: pg_try_advisory_lock(LeaderLockClass, leaderLockObject(agent)).
inline constexpr std::int32_t LeaderLockClass = 0x52414D50; // "RAMP"
/// FNV-1a of the agent name, folded to 32 bits.
std::int32_t leaderLockObject(const std::string &agent);

/**
 * Leader election by a session-level PostgreSQL advisory lock.
 *
 * A thread of its own keeps one dedicated connection (libpq, TCP keepalives on the client
 * and — through the session's tcp_keepalives_* settings — on the server, tcp_user_timeout and
 * statement_timeout = sessionTimeout). Every pollInterval a follower tries
 * `pg_try_advisory_lock(LeaderLockClass, leaderLockObject(agent))` and reads the advertised
 * leader; the winner upserts its row in `rampart.cluster_leader` (term + 1) and becomes
 * Leader. A leader heartbeats (updates the row and checks in pg_locks that its session still
 * holds the lock); when a heartbeat fails or the connection breaks it steps down at once
 * (Disconnected) and reconnects as a candidate.
 *
 * Hand-over: a holder that dies closes its socket (kill -9: at once) or stops answering
 * keepalives (a dead machine: ≈ idle + interval × count s); either way PostgreSQL ends its
 * session, which releases the lock, and the next follower's try wins. A holder cut off from
 * the database steps down after sessionTimeout, before the server gives the lock away.
 *
 * status() may be called from any thread; statusChanged is emitted from the election's
 * thread (receivers in other threads get it queued).
 */
class LeaderElection : public QObject
{
    Q_OBJECT
public:
    explicit LeaderElection(LeaderElectionOptions options, QObject *parent = nullptr);
    ~LeaderElection() override; ///< stop()

    void start();
    /// Ends the thread; a leader clears its advertisement and releases the lock first.
    void stop();

    LeadershipStatus status() const;
    bool isLeader() const { return m_leader.load(); }
    const LeaderElectionOptions &options() const { return m_options; }

Q_SIGNALS:
    void statusChanged(rampart::service::LeadershipStatus status);

private:
    struct Session;
    void run();
    void publish(LeadershipStatus next);

    LeaderElectionOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    LeadershipStatus m_status;
    std::atomic<bool> m_leader{false};
    std::thread m_thread;
};

/**
 * The controller of an instance that may or may not lead: with no election it is made and
 * started at once (a single instance); with one, it is made and started when the election
 * says Leader and stopped and destroyed as soon as it says anything else, so an instance
 * acts only while it holds the lock. Lives in (and is driven from) the caller's thread.
 * `serve` and `watch` use it.
 */
class LeaderControl : public QObject
{
    Q_OBJECT
public:
    using Factory = std::function<std::unique_ptr<RolloutController>()>;
    LeaderControl(LeaderElection *election, Factory factory, QObject *parent = nullptr);
    ~LeaderControl() override; ///< stops the controller, then the election

    void start();
    /// Stops the controller first (no act after this), then the election (which resigns).
    void stop();
    RolloutController *controller() const { return m_controller.get(); }
    LeaderElection *election() const { return m_election; }

Q_SIGNALS:
    /// A controller was made and is about to start: connect to its signals here.
    void controllerCreated(rampart::service::RolloutController *controller);
    /// The controller was started (commands may be given now).
    void controllerStarted(rampart::service::RolloutController *controller);
    /// The controller is about to stop and be destroyed (this instance no longer leads).
    void controllerStopping(rampart::service::RolloutController *controller);
    void statusChanged(rampart::service::LeadershipStatus status);

private:
    void apply(const LeadershipStatus &status);
    void startController();
    void stopController();

    LeaderElection *m_election;
    Factory m_factory;
    std::unique_ptr<RolloutController> m_controller;
};

/// Registers LeadershipStatus for queued connections (the constructor calls it).
void registerLeaderTypes();

} // namespace rampart::service

Q_DECLARE_METATYPE(rampart::service::LeadershipStatus)
