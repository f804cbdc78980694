#include "pgsession.h"

#include "embeddedsql.h"
#include "stats/redact.h"

#include <QUrl>

#include <cctype>
#include <cstring>
#include <set>

namespace rampart::store {

namespace {

bool isUri(const std::string &s)
{
    return s.rfind("postgresql://", 0) == 0 || s.rfind("postgres://", 0) == 0;
}

std::string percentEncode(const std::string &s)
{
    return QUrl::toPercentEncoding(QString::fromStdString(s)).toStdString();
}

std::string quoteConninfoValue(const std::string &s)
{
    std::string quoted = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

// The first line of a libpq/libpqxx message, without the trailing newline and with every
// credential masked: libpq quotes a URI it cannot parse whole, password included.
std::string firstLine(const char *message)
{
    std::string s = redactCredentials(message ? message : "");
    const auto end = s.find('\n');
    if (end != std::string::npos)
        s.resize(end);
    while (!s.empty() && (s.back() == '.' || std::isspace(static_cast<unsigned char>(s.back()))))
        s.pop_back();
    return s;
}

// "001_schema.sql" → 1; 0 for files that are not migrations.
int migrationVersion(const char *name)
{
    if (std::strlen(name) < 5 || !std::isdigit(name[0]) || !std::isdigit(name[1]) || !std::isdigit(name[2])
        || name[3] != '_')
        return 0;
    return (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
}

} // namespace

std::string buildConninfo(const std::string &uri, const std::string &password, int connectTimeoutSeconds)
{
    const std::string timeout = std::to_string(connectTimeoutSeconds > 0 ? connectTimeoutSeconds : 2);
    if (isUri(uri)) {
        std::string s = uri + (uri.find('?') == std::string::npos ? "?" : "&");
        s += "connect_timeout=" + timeout + "&application_name=rampart";
        if (!password.empty())
            s += "&password=" + percentEncode(password);
        return s;
    }
    std::string s = uri + " connect_timeout=" + timeout + " application_name=rampart";
    if (!password.empty())
        s += " password=" + quoteConninfoValue(password);
    return s;
}

std::string describeTarget(const std::string &uri)
{
    if (!isUri(uri))
        return "the configured database";
    const QUrl url(QString::fromStdString(uri));
    std::string s = url.host().toStdString();
    if (url.port() > 0)
        s += ":" + std::to_string(url.port());
    return s + url.path().toStdString();
}

int applyMigrations(pqxx::connection &connection)
{
    pqxx::work txn(connection);
    // Serializes concurrent starts against the same database.
    txn.exec("SELECT pg_advisory_xact_lock(727172)");
    if (txn.exec("SELECT to_regclass('rampart.schema_migrations') IS NULL")[0][0].as<bool>()) {
        txn.exec("CREATE SCHEMA IF NOT EXISTS rampart; "
                 "CREATE TABLE rampart.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                 "applied_at timestamptz NOT NULL DEFAULT now())");
    }
    std::set<int> applied;
    for (const auto &row : txn.exec("SELECT version FROM rampart.schema_migrations"))
        applied.insert(row[0].as<int>());
    for (const sql::File &file : sql::files()) {
        const int version = migrationVersion(file.name);
        if (version == 0 || applied.count(version))
            continue;
        txn.exec(file.text);
        txn.exec_params("INSERT INTO rampart.schema_migrations (version, name) VALUES ($1, $2)", version,
                        std::string(file.name));
        applied.insert(version);
    }
    txn.commit();
    return applied.empty() ? 0 : *applied.rbegin();
}

PgSession::PgSession(std::string conninfo, std::string displayName, PgStoreOptions options)
    : m_conninfo(std::move(conninfo)), m_displayName(std::move(displayName)), m_options(std::move(options))
{
}

Result<pqxx::connection *> PgSession::connection()
{
    if (m_connection && m_connection->is_open())
        return m_connection.get();
    m_connection.reset();
    if (auto status = connect(); !status)
        return status.error();
    return m_connection.get();
}

void PgSession::drop()
{
    m_connection.reset();
}

Status PgSession::connect()
{
    try {
        m_connection = std::make_unique<pqxx::connection>(m_conninfo);
        if (m_options.applyMigrations)
            applyMigrations(*m_connection);
        pqxx::nontransaction setup(*m_connection);
        setup.exec("SET TIME ZONE 'UTC'");
        // Compiling a plan costs more than the store's short aggregates ever take to run.
        setup.exec("SET jit = off");
        if (!m_options.role.empty())
            setup.exec("SET ROLE " + m_connection->quote_name(m_options.role));
        setup.commit();
        return Done{};
    } catch (...) {
        Error error = failure("open a connection");
        drop();
        return error;
    }
}

Error PgSession::failure(const char *what)
{
    const std::string where = "PostgreSQL at " + m_displayName;
    try {
        throw;
    } catch (const pqxx::broken_connection &e) {
        drop();
        return makeError(storeerrc::Unavailable, "database_url",
                         where + " cannot be reached (" + firstLine(e.what()) + "), so the store could not " + what + ".");
    } catch (const pqxx::insufficient_privilege &e) {
        return makeError(storeerrc::PermissionDenied, "",
                         "The database role may not " + std::string(what) + ": " + firstLine(e.what()) + ".");
    } catch (const pqxx::in_doubt_error &e) {
        drop();
        return makeError(storeerrc::Unavailable, "database_url",
                         where + " went away while committing, so it is unknown whether the store could " + what + ".");
    } catch (const pqxx::sql_error &e) {
        // lock_timeout (55P03) and statement_timeout (57014): the server is there but cannot
        // serve us in time; callers treat it like an outage (the audit record stays queued).
        if (e.sqlstate() == "55P03" || e.sqlstate() == "57014")
            return makeError(storeerrc::Unavailable, "database_url",
                             where + " did not finish in time (" + firstLine(e.what()) + "), so the store could not "
                                 + what + ".");
        // No SQLSTATE means libpq itself failed: the connection is gone.
        if (e.sqlstate().empty() || !m_connection || !m_connection->is_open()) {
            drop();
            return makeError(storeerrc::Unavailable, "database_url",
                             where + " stopped answering (" + firstLine(e.what()) + "), so the store could not " + what + ".");
        }
        return makeError(storeerrc::QueryFailed, "", "The database refused to " + std::string(what) + ": " + firstLine(e.what()) + ".");
    } catch (const std::exception &e) {
        if (m_connection && !m_connection->is_open()) {
            drop();
            return makeError(storeerrc::Unavailable, "database_url",
                             where + " stopped answering (" + firstLine(e.what()) + "), so the store could not " + what + ".");
        }
        return makeError(storeerrc::QueryFailed, "", "The store could not " + std::string(what) + ": " + firstLine(e.what()) + ".");
    } catch (...) {
        return makeError(storeerrc::QueryFailed, "", "The store could not " + std::string(what) + " (unknown error).");
    }
}

} // namespace rampart::store
