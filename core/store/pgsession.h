#pragma once

// Internal to core/store: the connection behind PgEvidenceStore, the migration runner, and
// the one place where libpqxx exceptions become Error values.

#include "evidencestore.h"
#include "pgevidencestore.h"

#include <pqxx/pqxx>

#include <memory>
#include <string>

namespace rampart::store {

class PgSession
{
public:
    PgSession(std::string conninfo, std::string displayName, PgStoreOptions options);

    /// The open connection; connects, migrates and sets the role first when there is none.
    Result<pqxx::connection *> connection();
    /// Forgets a broken connection, so the next call reconnects.
    void drop();
    const PgStoreOptions &options() const { return m_options; }
    /// Inside a catch block: the current exception as an Error (dropping the connection if
    /// it is the connection that failed). `what` names the operation, e.g. "append an audit row".
    Error failure(const char *what);

private:
    Status connect();

    std::string m_conninfo;
    std::string m_displayName;
    PgStoreOptions m_options;
    std::unique_ptr<pqxx::connection> m_connection;
};

/// Builds the libpq conninfo: the URI (or key=value string) plus connect_timeout,
/// application_name and the password, if any.
std::string buildConninfo(const std::string &uri, const std::string &password, int connectTimeoutSeconds);
/// "host:port/db" for messages (never the password).
std::string describeTarget(const std::string &uri);

/// Applies every pending migration in one transaction; returns the schema version.
int applyMigrations(pqxx::connection &connection);

/// Runs `body(connection)` and turns every exception into an Error.
template <typename T, typename Body>
Result<T> guarded(PgSession &session, const char *what, Body &&body)
{
    auto connection = session.connection();
    if (!connection)
        return connection.error();
    try {
        return body(**connection);
    } catch (...) {
        return session.failure(what);
    }
}

inline std::int64_t epochSeconds(rollout::TimePoint t)
{
    return static_cast<std::int64_t>(t.time_since_epoch().count());
}

inline rollout::TimePoint fromEpochSeconds(std::int64_t seconds)
{
    return rollout::TimePoint{rollout::Duration{seconds}};
}

} // namespace rampart::store
