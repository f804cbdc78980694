#pragma once

// Break-glass rollback (issue 18, docs/user-guide.md "Connecting to your team's Rampart"):
// when the console cannot reach `rampartctl serve`, the on-call rolls back straight in Redis
// through the same audited path as every flag write (RolloutService: the intent record
// fsync'd to a local outbox first, then the write, then the outcome record), confirmed by
// reading the flag back. The records wait in the console's outbox until the server is
// reachable again, which stores them by record id (POST /api/audit/import): exactly once.

#include "flags/flagstore.h"
#include "service/rolloutservice.h"
#include "stats/result.h"

#include <QString>

#include <set>
#include <string>
#include <vector>

namespace rampart::service {

struct BreakGlassOptions
{
    std::string redisUrl;      ///< redis://host:port/db (no password in it)
    std::string redisPassword; ///< from the environment or a private file, never the URL
    QString outboxDirectory;   ///< the console's own outbox
    std::string flag;          ///< the plan's flag
    std::string actor;         ///< the token's principal, as the server knew it
};

struct BreakGlassResult
{
    FlagChange change;          ///< the write (its flag as the write script returned it)
    flags::FlagState readBack;  ///< the flag read again from Redis after the write
};

/// The rollback to `targetPercentage` (blocking: Redis and an fsync; run it off the UI thread).
Result<BreakGlassResult> breakGlassRollback(const BreakGlassOptions &options, double targetPercentage, const std::string &why);

/// The records waiting in `outboxDirectory` (oldest first).
Result<std::vector<store::AuditEntry>> breakGlassPending(const QString &outboxDirectory);

/// Removes from the outbox the records whose ids the server confirmed stored; a record it did
/// not confirm stays (and everything after it, in order). Returns how many were removed.
Result<std::int64_t> breakGlassForget(const QString &outboxDirectory, const std::set<std::string> &storedRecordIds);

} // namespace rampart::service
