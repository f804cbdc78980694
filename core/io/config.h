#pragma once

// Where Rampart's backends are. From a JSON config file (--config FILE, default
// <user config dir>/rampart/config.json) and the environment, the environment winning:
//   RAMPART_REDIS_URL       redis://[user@]host:port/db
//   RAMPART_DATABASE_URL    a libpq URI, postgresql://user@host:port/db
//   RAMPART_PROMETHEUS_URL  http://host:port
// Passwords never come from the command line: RAMPART_REDIS_PASSWORD or
// RAMPART_REDIS_PASSWORD_FILE (or "redis_password_file" in the config file); PostgreSQL's
// from PGPASSWORD / ~/.pgpass as libpq reads them, or RAMPART_DATABASE_PASSWORD_FILE.
// A password inside a URL (user information or a `password=` query key) or a libpq
// key=value string is refused, so it cannot leak through `ps` or shell history, and no
// message ever quotes a credential (stats/redact.h). Password files must be private
// (readSecretFile).

#include "stats/result.h"

#include <QString>

#include <cstddef>
#include <string>

namespace rampart::io {

struct Connections
{
    QString redisUrl;
    QString redisPassword;
    QString databaseUrl;
    QString databasePassword;
    QString prometheusUrl;
    QString outboxDirectory; ///< where audit records wait while PostgreSQL is unreachable
    QString configFile;      ///< the file that was read, if any
};

/// The largest secret file readSecretFile() accepts.
inline constexpr std::size_t MaxSecretFileBytes = 64 * 1024;

/**
 * Reads a secret (a password, an HMAC key) from `path`, refusing what libpq and ssh refuse:
 * anything but a regular file (a FIFO or a device never blocks the caller), a mode that
 * gives group or others any access ("io_error"/"insecure_permissions", naming `field`, the
 * path and the octal mode, e.g. 0644), an empty file and one larger than
 * MaxSecretFileBytes. One trailing "\n" or "\r\n" is removed; nothing else is trimmed.
 * Symbolic links are followed, as libpq does.
 */
Result<std::string> readSecretFile(const QString &path, const char *field);

/**
 * Refuses a connection string that carries a credential: a password in a URL's user
 * information, a credential key (`password`, `sslpassword`, `token`, …) in its query, or a
 * `password=` in a libpq key=value string (when `allowConninfo`: database_url may be one).
 * A URL that does not parse is reported with every credential masked. Empty is fine.
 */
Status refuseCredentialsIn(const QString &connection, const char *field, bool allowConninfo = false);

/**
 * The audit chain's HMAC key (docs/store.md): read with readSecretFile from `explicitPath`
 * (a --key-file option) or else from RAMPART_AUDIT_KEY_FILE; empty when neither is given.
 * A key shorter than 16 bytes is refused ("audit_key_file"). Every writer of the audit trail
 * (the flag commands, the controller, the watchdog, the API) keys it the same way, so a
 * keyed chain never continues unkeyed.
 */
Result<std::string> readAuditKey(const QString &explicitPath = {});

/// The default config file: <QStandardPaths::AppConfigLocation>/config.json.
QString defaultConfigFile();

/**
 * Reads the config file (a missing default file is fine; a missing explicit one is an
 * "io_error") and applies the environment. Errors name the offending key.
 */
Result<Connections> loadConnections(const QString &configFile = {});

} // namespace rampart::io
