#pragma once

// Where Rampart's backends are. From a JSON config file (--config FILE, default
// <user config dir>/rampart/config.json) and the environment, the environment winning:
//   RAMPART_REDIS_URL       redis://[user@]host:port/db
//   RAMPART_DATABASE_URL    a libpq URI, postgresql://user@host:port/db
//   RAMPART_PROMETHEUS_URL  http://host:port
// Passwords never come from the command line: RAMPART_REDIS_PASSWORD or
// RAMPART_REDIS_PASSWORD_FILE (or "redis_password_file" in the config file); PostgreSQL's
// from PGPASSWORD / ~/.pgpass as libpq reads them, or RAMPART_DATABASE_PASSWORD_FILE.
// A password inside a URL is refused, so it cannot leak through `ps` or shell history.

#include "stats/result.h"

#include <QString>

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

/// The default config file: <QStandardPaths::AppConfigLocation>/config.json.
QString defaultConfigFile();

/**
 * Reads the config file (a missing default file is fine; a missing explicit one is an
 * "io_error") and applies the environment. Errors name the offending key.
 */
Result<Connections> loadConnections(const QString &configFile = {});

/**
 * Reads a secret (a password or the audit HMAC key) from `path`: a regular file, not
 * readable or writable by group or others (as libpq and ssh insist), at most 64 KiB. One
 * trailing newline is dropped. Errors name `field`.
 */
Result<std::string> readSecretFile(const QString &path, const char *field);

} // namespace rampart::io
