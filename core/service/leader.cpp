#include "service/leader.h"

#include "store/pgsession.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <tuple>
#include <vector>

namespace rampart::service {

namespace {

struct ResultDeleter
{
    void operator()(PGresult *r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

bool isUriConninfo(const std::string &s)
{
    return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

/// The election's conninfo: the store's (timeout, application name, password) plus TCP
/// keepalives and tcp_user_timeout on the client end.
std::string electionConninfo(const LeaderElectionOptions &o)
{
    const int connectTimeout = std::max(1, static_cast<int>((o.sessionTimeout.count() + 999) / 1000));
    std::string s = store::buildConninfo(o.databaseUrl, o.databasePassword, connectTimeout);
    const std::vector<std::pair<std::string, std::string>> extra{
        {"keepalives", "1"},
        {"keepalives_idle", std::to_string(o.keepaliveIdleSeconds)},
        {"keepalives_interval", std::to_string(o.keepaliveIntervalSeconds)},
        {"keepalives_count", std::to_string(o.keepaliveCount)},
        {"tcp_user_timeout", std::to_string(o.sessionTimeout.count())}};
    const bool uri = isUriConninfo(s);
    for (const auto &[k, v] : extra)
        s += (uri ? "&" : " ") + k + "=" + v;
    return s;
}

rollout::TimePoint fromEpoch(const char *text)
{
    return rollout::TimePoint{rollout::Duration{std::strtoll(text, nullptr, 10)}};
}

} // namespace

const char *leaderRoleName(LeaderRole role)
{
    switch (role) {
    case LeaderRole::Starting: return "starting";
    case LeaderRole::Leader: return "leader";
    case LeaderRole::Follower: return "follower";
    case LeaderRole::Disconnected: return "disconnected";
    }
    return "unknown";
}

std::int32_t leaderLockObject(const std::string &agent)
{
    std::uint64_t h = 1469598103934665603ull; // FNV-1a, 64 bit
    for (const unsigned char c : agent) {
        h ^= c;
        h *= 1099511628211ull;
    }
    // Non-negative, so pg_locks.objid (an oid) compares equal to it.
    return static_cast<std::int32_t>((h ^ (h >> 32)) & 0x7fffffffu);
}

void registerLeaderTypes()
{
    static const bool once = [] {
        qRegisterMetaType<rampart::service::LeadershipStatus>("rampart::service::LeadershipStatus");
        return true;
    }();
    (void)once;
}

/// The dedicated connection and the statements of the election (all on the election thread).
struct LeaderElection::Session
{
    explicit Session(const LeaderElectionOptions &o) : options(o), lockObject(leaderLockObject(o.agent)) {}
    ~Session() { close(); }

    void close()
    {
        if (conn)
            PQfinish(conn);
        conn = nullptr;
    }

    /// Runs `sql` with text parameters; empty result (and `error` set) when it failed.
    PgResult exec(const char *sql, const std::vector<std::string> &params = {})
    {
        std::vector<const char *> values;
        for (const std::string &p : params)
            values.push_back(p.c_str());
        PgResult r(PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            error = r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn);
            while (!error.empty() && (error.back() == '\n' || error.back() == ' '))
                error.pop_back();
            return nullptr;
        }
        return r;
    }

    bool connect()
    {
        close();
        conn = PQconnectdb(electionConninfo(options).c_str());
        if (PQstatus(conn) != CONNECTION_OK) {
            error = PQerrorMessage(conn);
            while (!error.empty() && error.back() == '\n')
                error.pop_back();
            close();
            return false;
        }
        const std::string timeout = std::to_string(options.sessionTimeout.count());
        // The server end of the keepalive: a holder whose machine dies loses its session (and
        // the lock) after about idle + interval × count seconds.
        const std::string setup = "SET statement_timeout = " + timeout + "; SET lock_timeout = " + timeout
            + "; SET tcp_keepalives_idle = " + std::to_string(options.keepaliveIdleSeconds)
            + "; SET tcp_keepalives_interval = " + std::to_string(options.keepaliveIntervalSeconds)
            + "; SET tcp_keepalives_count = " + std::to_string(options.keepaliveCount)
            + "; SET tcp_user_timeout = " + timeout + "; SET application_name = 'rampart-leader'";
        PgResult r(PQexec(conn, setup.c_str()));
        if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
            error = PQerrorMessage(conn);
            close();
            return false;
        }
        // The advertisement table; created under a transaction-level lock so that several
        // instances starting together do not race on CREATE TABLE.
        if (!exec("BEGIN") || !exec("SELECT pg_advisory_xact_lock(1380011344, 0)")
            || !exec("CREATE SCHEMA IF NOT EXISTS rampart")
            || !exec("CREATE TABLE IF NOT EXISTS rampart.cluster_leader (agent text PRIMARY KEY, instance text NOT NULL, "
                     "api_url text NOT NULL DEFAULT '', flag_url text NOT NULL DEFAULT '', term bigint NOT NULL, "
                     "since timestamptz NOT NULL, heartbeat timestamptz NOT NULL)")
            || !exec("COMMIT")) {
            const std::string why = error;
            close();
            error = why;
            return false;
        }
        return true;
    }

    std::optional<bool> tryLock()
    {
        auto r = exec("SELECT pg_try_advisory_lock($1::int, $2::int)",
                      {std::to_string(LeaderLockClass), std::to_string(lockObject)});
        if (!r)
            return std::nullopt;
        return std::string(PQgetvalue(r.get(), 0, 0)) == "t";
    }

    /// Upserts this instance's advertisement with the next term.
    std::optional<LeaderInfo> advertise()
    {
        auto r = exec("INSERT INTO rampart.cluster_leader AS c (agent, instance, api_url, flag_url, term, since, heartbeat) "
                      "VALUES ($1, $2, $3, $4, 1, now(), now()) ON CONFLICT (agent) DO UPDATE SET instance = EXCLUDED.instance, "
                      "api_url = EXCLUDED.api_url, flag_url = EXCLUDED.flag_url, term = c.term + 1, since = now(), "
                      "heartbeat = now() RETURNING instance, api_url, flag_url, term, extract(epoch FROM since)::bigint, "
                      "extract(epoch FROM heartbeat)::bigint",
                      {options.agent, options.instance, options.apiUrl, options.flagUrl});
        if (!r)
            return std::nullopt;
        return row(r.get());
    }

    /// A leader's heartbeat: its row is still its own and its session still holds the lock.
    std::optional<LeaderInfo> heartbeat(std::int64_t term)
    {
        auto held = exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid "
                         "AND objid = $2::int::oid AND objsubid = 2 AND granted AND pid = pg_backend_pid()",
                         {std::to_string(LeaderLockClass), std::to_string(lockObject)});
        if (!held)
            return std::nullopt;
        if (std::string(PQgetvalue(held.get(), 0, 0)) != "1") {
            error = "the session no longer holds the leader lock";
            return std::nullopt;
        }
        auto r = exec("UPDATE rampart.cluster_leader SET heartbeat = now() WHERE agent = $1 AND instance = $2 AND term = $3 "
                      "RETURNING instance, api_url, flag_url, term, extract(epoch FROM since)::bigint, "
                      "extract(epoch FROM heartbeat)::bigint",
                      {options.agent, options.instance, std::to_string(term)});
        if (!r)
            return std::nullopt;
        if (PQntuples(r.get()) != 1) {
            error = "another instance took over the leader row";
            return std::nullopt;
        }
        return row(r.get());
    }

    /// The advertised leader (a follower's view); empty optional inside when none.
    std::optional<std::optional<LeaderInfo>> advertised()
    {
        auto r = exec("SELECT instance, api_url, flag_url, term, extract(epoch FROM since)::bigint, "
                      "extract(epoch FROM heartbeat)::bigint FROM rampart.cluster_leader WHERE agent = $1",
                      {options.agent});
        if (!r)
            return std::nullopt;
        if (PQntuples(r.get()) == 0 || std::string(PQgetvalue(r.get(), 0, 0)).empty())
            return std::optional<LeaderInfo>();
        return row(r.get());
    }

    /// A clean stop: the row says nobody leads (the term stays) and the lock is released.
    void resign()
    {
        exec("UPDATE rampart.cluster_leader SET instance = '', api_url = '', flag_url = '', heartbeat = now() "
             "WHERE agent = $1 AND instance = $2",
             {options.agent, options.instance});
        exec("SELECT pg_advisory_unlock($1::int, $2::int)", {std::to_string(LeaderLockClass), std::to_string(lockObject)});
    }

    static LeaderInfo row(PGresult *r)
    {
        LeaderInfo i;
        i.instance = PQgetvalue(r, 0, 0);
        i.apiUrl = PQgetvalue(r, 0, 1);
        i.flagUrl = PQgetvalue(r, 0, 2);
        i.term = std::strtoll(PQgetvalue(r, 0, 3), nullptr, 10);
        i.since = fromEpoch(PQgetvalue(r, 0, 4));
        i.heartbeat = fromEpoch(PQgetvalue(r, 0, 5));
        return i;
    }

    const LeaderElectionOptions &options;
    const std::int32_t lockObject;
    PGconn *conn = nullptr;
    std::string error;
};

LeaderElection::LeaderElection(LeaderElectionOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    registerLeaderTypes();
    m_status.instance = m_options.instance;
}

LeaderElection::~LeaderElection()
{
    stop();
}

void LeaderElection::start()
{
    if (m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread = std::thread([this] { run(); });
}

void LeaderElection::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

LeadershipStatus LeaderElection::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

void LeaderElection::publish(LeadershipStatus next)
{
    bool changed = false;
    {
        std::lock_guard lock(m_mutex);
        const auto key = [](const LeadershipStatus &s) {
            return std::tuple(s.role, s.leader ? s.leader->instance : std::string(), s.leader ? s.leader->term : 0,
                              s.leader ? s.leader->apiUrl : std::string());
        };
        changed = key(next) != key(m_status);
        next.changes = m_status.changes + (next.role != m_status.role ? 1 : 0);
        m_status = next;
        m_leader.store(next.role == LeaderRole::Leader);
    }
    if (changed)
        Q_EMIT statusChanged(next);
}

void LeaderElection::run()
{
    Session session(m_options);
    std::optional<std::int64_t> term; // set while this instance leads
    const auto sleep = [this](std::chrono::milliseconds d) {
        std::unique_lock lock(m_mutex);
        return !m_wake.wait_for(lock, d, [this] { return m_stopping; });
    };
    const auto base = [this](LeaderRole role) {
        LeadershipStatus s;
        s.role = role;
        s.instance = m_options.instance;
        return s;
    };
    const auto disconnected = [&](const std::string &why) {
        term.reset();
        session.close();
        LeadershipStatus s = base(LeaderRole::Disconnected);
        s.note = why;
        publish(s);
    };
    do {
        if (!session.conn && !session.connect()) {
            disconnected("The leader election cannot reach PostgreSQL: " + session.error);
            continue;
        }
        if (term) {
            auto info = session.heartbeat(*term);
            if (!info) {
                disconnected("Stepped down: " + session.error);
                continue;
            }
            LeadershipStatus s = base(LeaderRole::Leader);
            s.leader = *info;
            publish(s);
            continue;
        }
        auto locked = session.tryLock();
        if (!locked) {
            disconnected("The leader election lost its session: " + session.error);
            continue;
        }
        if (*locked) {
            auto info = session.advertise();
            if (!info) {
                disconnected("Could not advertise the leadership: " + session.error);
                continue;
            }
            term = info->term;
            LeadershipStatus s = base(LeaderRole::Leader);
            s.leader = *info;
            publish(s);
            continue;
        }
        auto leader = session.advertised();
        if (!leader) {
            disconnected("The leader election lost its session: " + session.error);
            continue;
        }
        LeadershipStatus s = base(LeaderRole::Follower);
        s.leader = *leader;
        publish(s);
    } while (sleep(m_options.pollInterval));

    if (term && session.conn)
        session.resign();
    session.close();
    if (term) {
        LeadershipStatus s = base(LeaderRole::Disconnected);
        s.note = "Stopped.";
        publish(s);
    }
}

LeaderControl::LeaderControl(LeaderElection *election, Factory factory, QObject *parent)
    : QObject(parent), m_election(election), m_factory(std::move(factory))
{
    if (m_election)
        connect(m_election, &LeaderElection::statusChanged, this, &LeaderControl::apply, Qt::QueuedConnection);
}

LeaderControl::~LeaderControl()
{
    stop();
}

void LeaderControl::start()
{
    if (!m_election) {
        startController();
        return;
    }
    m_election->start();
}

void LeaderControl::stop()
{
    stopController();
    if (m_election)
        m_election->stop();
}

void LeaderControl::apply(const LeadershipStatus &)
{
    // The queued status may be old: act on the election's present one.
    const LeadershipStatus now = m_election->status();
    if (now.role == LeaderRole::Leader)
        startController();
    else
        stopController();
    Q_EMIT statusChanged(now);
}

void LeaderControl::startController()
{
    if (m_controller)
        return;
    m_controller = m_factory();
    Q_EMIT controllerCreated(m_controller.get());
    m_controller->start();
    Q_EMIT controllerStarted(m_controller.get());
}

void LeaderControl::stopController()
{
    if (!m_controller)
        return;
    Q_EMIT controllerStopping(m_controller.get());
    m_controller->stop();
    m_controller.reset();
}

} // namespace rampart::service
