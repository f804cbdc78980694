#pragma once

// The live stream of `rampartctl serve` (docs/api.md, "GET /api/stream"): every evaluation
// snapshot (with the state and the evidence document it was judged on), state transition,
// flag change, connection health and command result of the controller this instance acts
// through, each numbered. A client that reconnects names the last number it has and gets
// what it missed (or, when that is no longer held, a reset: the latest of every kind).
//
// StreamHub is transport-free (tests drive it with a controller); StreamServer binds it to
// WebSocket connections upgraded by the API's QHttpServer, authenticated with the same
// bearer tokens as the HTTP requests.

#include "api/auth.h"
#include "service/rolloutcontroller.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QAbstractHttpServer;
class QWebSocket;

namespace rampart::api {

class StreamHub : public QObject
{
    Q_OBJECT

public:
    /// Keeps the last `capacity` events for clients that reconnect.
    explicit StreamHub(rollout::Plan plan, std::size_t capacity = 4096, QObject *parent = nullptr);

    /// The controller whose signals are published (null: none, e.g. a follower). Asks it for
    /// an evaluation when none has been published yet, so a new client sees one.
    void setController(service::RolloutController *controller);
    service::RolloutController *controller() const { return m_controller; }

    /// This hub's epoch: numbers are comparable only within one epoch (one process).
    const QByteArray &epoch() const { return m_epoch; }
    std::uint64_t lastSeq() const { return m_seq; }
    const rollout::Plan &plan() const { return m_plan; }

    struct Catchup
    {
        bool reset = false;              ///< the client's position is unknown here: start over
        std::vector<QByteArray> events;  ///< in sequence order
    };
    /// What a client that has seen everything up to `after` in `epoch` missed. A different
    /// epoch, a number ahead of this hub or one older than the events kept gives a reset with
    /// the latest event of every kind (state, evaluation, flag, health).
    Catchup since(const QByteArray &epoch, std::optional<std::uint64_t> after) const;

    /// The evidence document behind a recent evaluation (the last 64 distinct hashes).
    std::optional<QJsonObject> evidence(const std::string &hash) const;

    /// Adds `event` (an object with "type") with the next sequence number; emits published.
    void publish(QJsonObject event);

    /// Where audit records are read from (the API's store): every `interval` the records
    /// after the last one seen are published as "audit" events (sign-offs, flag writes,
    /// transitions, break-glass imports — whoever made them). The first read only finds
    /// where the trail ends: a new hub does not replay the history (GET /api/audit does).
    using AuditReader = std::function<Result<std::vector<store::AuditEntry>>(std::int64_t afterId, int limit)>;
    void setAuditReader(AuditReader reader, std::chrono::milliseconds interval = std::chrono::milliseconds(1000));
    /// Reads and publishes the new audit records now (also what the timer does).
    void pollAudit();

    // The controller's snapshots as stream events (also the HTTP reads' bodies).
    static QJsonObject evaluationEvent(const rollout::Plan &plan, const service::EvaluationSnapshot &snapshot,
                                       QJsonObject *evidenceDocument = nullptr);
    static QJsonObject stateEvent(const rollout::Plan &plan, const service::StateSnapshot &state);
    static QJsonObject flagEvent(const flags::FlagState &flag);

Q_SIGNALS:
    void published(std::uint64_t seq, const QByteArray &message);

private:
    void onEvaluated(const service::EvaluationPtr &snapshot);

    rollout::Plan m_plan;
    std::size_t m_capacity;
    QByteArray m_epoch;
    std::uint64_t m_seq = 0;
    std::deque<std::pair<std::uint64_t, QByteArray>> m_events;
    std::map<QString, std::pair<std::uint64_t, QByteArray>> m_latest; ///< by type
    std::uint64_t m_lastGeneration = 0;
    std::deque<std::pair<std::string, QJsonObject>> m_evidence;
    QPointer<service::RolloutController> m_controller;
    std::vector<QMetaObject::Connection> m_connections;
    AuditReader m_auditReader;
    std::optional<std::int64_t> m_lastAuditId; ///< empty until the end of the trail is found
    QTimer *m_auditTimer = nullptr;
};

/// What a stream connection is told first: who it is and whether this instance acts.
struct StreamGreeting
{
    bool acting = false;      ///< this instance leads (its controller publishes)
    QString instance;         ///< this instance's name ("" for a single instance)
    QString leaderUrl;        ///< where the leader's API is, when another instance leads
};

/**
 * Serves GET /api/stream (WebSocket upgrade) on `server`: checks the bearer token with
 * `authenticate` (a missing or bad one gets an "error" message, then a close with code 1008), reads
 * `after` and `epoch` from the query, sends a "hello", then the catch-up, then every event.
 * A client that falls more than `maxBuffered` bytes behind is closed (1001, "too far behind") so it reconnects
 * and catches up from its last number instead of growing the server's memory.
 */
class StreamServer : public QObject
{
    Q_OBJECT

public:
    StreamServer(QAbstractHttpServer &server, StreamHub &hub,
                 std::function<std::optional<Principal>(const QByteArray &authorization)> authenticate,
                 std::function<StreamGreeting()> greeting, QObject *parent = nullptr);
    ~StreamServer() override;
    std::size_t clientCount() const { return m_clients.size(); }
    static constexpr qint64 maxBuffered = 8 * 1024 * 1024;

private:
    void accept(std::unique_ptr<QWebSocket> socket);
    void send(std::uint64_t seq, const QByteArray &message);

    StreamHub &m_hub;
    std::function<std::optional<Principal>(const QByteArray &)> m_authenticate;
    std::function<StreamGreeting()> m_greeting;
    std::vector<QWebSocket *> m_clients;
};

} // namespace rampart::api
