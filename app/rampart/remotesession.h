#pragma once

// Team mode (docs/user-guide.md, "Connecting to your team's Rampart"): the console as a
// client of `rampartctl serve`. The server's live stream (GET /api/stream, a WebSocket)
// brings every evaluation, state, flag and health event, numbered; the window's buttons
// become the API's commands under the bearer token, so the audit trail and the sign-offs name
// the token's principal, never a typed name.
//
// Truth first: the top bar says "connected" only while the stream is open and the server
// has greeted it; the moment it drops (or a heartbeat goes unanswered for two intervals) it
// says "disconnected" and every command is disabled. A reconnect asks for the events after
// the last number seen, so nothing is missed and nothing applied twice. The decision shown is
// re-derived here by the same gate engine from the state and evidence the server sent, and
// checked against the server's: the evidence hash a stakeholder signs is the hash of what
// this window shows.

#include "rolloutsession.h"

#include "flags/flagstore.h"
#include "rollout/decision.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"
#include "store/evidencestore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include <chrono>
#include <functional>
#include <optional>

namespace rampart::console {

struct RemoteOptions
{
    QUrl server;          ///< http(s)://host:port of `rampartctl serve`
    QByteArray token;     ///< the bearer token (never shown, never logged)
    QString caFile = {};  ///< PEM CA certificate(s) to trust for https, besides the system's
    /// The stream is pinged this often; no answer within two intervals counts as a drop.
    std::chrono::milliseconds heartbeat{1000};
    /// Break-glass: Redis to roll back in when the server cannot be reached (empty: none; the
    /// disconnected console then says it cannot roll back), its password, and the directory
    /// where the audit records wait for the server.
    std::string breakGlassRedisUrl = {};
    std::string breakGlassRedisPassword = {};
    QString breakGlassOutbox = {};
};

/**
 * The server's URL and token as the console's options and environment give them:
 * `--connect URL` or RAMPART_SERVER_URL, the token from `--token-file FILE` or
 * RAMPART_SERVER_TOKEN_FILE (a file others may not read; its first line is the token; none:
 * an empty token, for obtainToken). Errors name what is wrong (usage, insecure_permissions,
 * io_error). Empty when no server is named.
 */
Result<std::optional<RemoteOptions>> remoteOptionsFrom(const QString &urlOption, const QString &tokenFileOption,
                                                       const QString &caFileOption);
/**
 * Break-glass from `--break-glass-redis URL` or RAMPART_BREAK_GLASS_REDIS_URL, the password
 * from RAMPART_BREAK_GLASS_REDIS_PASSWORD_FILE (private) or RAMPART_REDIS_PASSWORD, the outbox
 * in `outboxDirectory`. A URL with a password in it is refused without echoing it.
 */
Status addBreakGlass(RemoteOptions &options, const QString &urlOption, const QString &outboxDirectory);

/// Calls `done` with a token: the one given, else the desktop keychain's for the server, else
/// the connection dialog's (kept in the keychain when asked); `cancelled` when the dialog is.
void obtainToken(RemoteOptions options, std::function<void(RemoteOptions)> done, std::function<void()> cancelled);

class RemoteSession : public RolloutSession
{
    Q_OBJECT

public:
    explicit RemoteSession(RemoteOptions options, QObject *parent = nullptr);
    ~RemoteSession() override;

    void start() override;
    void stop() override;
    void feed(widgets::MainWindow &window) override;
    /// Drops the stream (if open) and connects again at once, asking for the events after
    /// the last number seen.
    void reconnect();

    /// The stream is open and greeted: the only state shown as "connected".
    bool isConnected() const { return m_greeted; }
    QString principal() const { return m_principal; }
    QString role() const { return m_role; }
    std::uint64_t lastSeq() const { return m_seq; }
    const std::optional<rollout::Plan> &plan() const { return m_plan; }
    const std::optional<flags::FlagState> &flag() const { return m_flag; }
    std::optional<rollout::RolloutStatus> status() const;
    /// Events applied so far, by type (tests: nothing doubled after a reconnect).
    int appliedCount(const QString &type) const;

Q_SIGNALS:
    void connectionChanged(bool connected);
    void eventApplied(quint64 seq, const QString &type);
    /// A command's HTTP answer (status 0: no answer).
    void commandAnswered(const QString &command, int status);
    /// A break-glass rollback finished (ok: written and read back from Redis).
    void breakGlassDone(bool ok, const QString &message);
    /// Break-glass audit records the server confirmed stored (after a reconnect).
    void breakGlassDelivered(qint64 records);

private:
    void open();
    void onText(const QString &text);
    void onClosed();
    void dropped(const QString &why);
    void applyHello(const QJsonObject &hello);
    void applyState(const QJsonObject &event);
    void applyEvaluation(const QJsonObject &event);
    void applyFlag(const flags::FlagState &flag);
    void send(const QString &command, const QString &path, const QJsonObject &body);
    bool breakGlassReady() const;
    /// The server's audit trail for the Audit page: pages of GET /api/audit after the newest
    /// record held, then the stream's "audit" events.
    void fetchAudit();
    void addAudit(const QJsonObject &record);
    void showAudit();
    /// The History page from the stream: the stage history, the current stage's sign-offs and
    /// the audited transitions of this flag.
    void showHistory();
    void breakGlass(const QString &command, const QString &reason);
    void deliverBreakGlass();
    void answered(const QString &command, int status, const QJsonObject &body, const QString &networkError);
    QNetworkRequest request(const QString &path) const;
    void showAll();
    void showConnection();
    void showPermissions();
    void showTimeline();
    void showEvaluation();

    RemoteOptions m_options;
    QSslConfiguration m_ssl;
    QWebSocket m_socket;
    QNetworkAccessManager m_net;
    QTimer m_reconnect;
    QTimer m_heartbeat;
    std::chrono::steady_clock::time_point m_lastPong;
    bool m_running = false;
    bool m_greeted = false;
    bool m_fatal = false; ///< the server refused the token: no reconnect loop
    QString m_dropReason;
    QPointer<widgets::MainWindow> m_window;

    QByteArray m_epoch;
    std::uint64_t m_seq = 0;
    QString m_principal;
    QString m_role;
    bool m_acting = false;
    QString m_instance;
    QString m_leaderUrl;
    QString m_health;
    std::optional<rollout::Plan> m_plan;
    std::optional<rollout::RolloutState> m_state;
    std::vector<rollout::TransitionEvent> m_history;
    std::vector<std::pair<std::string, std::string>> m_problems;
    struct Evaluation
    {
        rollout::TimePoint at;
        rollout::RolloutState state;
        rollout::Evidence evidence;
        std::optional<rollout::Decision> decision;
        QString hash;
    };
    std::optional<Evaluation> m_evaluation;
    std::optional<flags::FlagState> m_flag;
    std::map<QString, int> m_applied;
    std::vector<store::AuditEntry> m_audit; ///< the newest AuditKept, oldest first
    bool m_fetchingAudit = false;
    static constexpr std::size_t AuditKept = 10000;
    bool m_breakGlassBusy = false;
    bool m_delivering = false;
};

class WindowHost;

/**
 * `rampart --connect … --team-screenshots DIR`: once `session` is connected and has shown an
 * evaluation, saves every page of the host's window as DIR/team-<page>.png, prints the paths
 * and exits the application with 0; if that has not happened within 60 s, says what the top
 * bar says on stderr and exits with 1. For scripts/demo --team without a display.
 */
void saveTeamScreenshots(RemoteSession &session, WindowHost &host, const QString &dir);

} // namespace rampart::console
