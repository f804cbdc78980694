#pragma once

// Use cases every front end shares, kept out of the CLI: the offline archive export and the
// mapping of errors to process exit codes (rampartctl, the watchdog; the HTTP API maps the
// same error codes to statuses).

#include "store/evidencestore.h"
#include "stats/result.h"

#include <QString>

#include <cstdint>
#include <string>

namespace rampart::service {

/// Process exit codes of the command-line front ends (docs/cli.md).
namespace exitcode {
inline constexpr int Ok = 0;
inline constexpr int Failure = 1;     ///< internal: a broken audit chain, a refused statement
inline constexpr int BadInput = 2;    ///< the request or the command line is wrong
inline constexpr int Conflict = 3;    ///< a compare-and-set lost: someone else changed the flag first
inline constexpr int Unavailable = 4; ///< a backend (Redis, PostgreSQL, Prometheus) cannot be reached
} // namespace exitcode

/**
 * The exit code for an error: store_unavailable / telemetry_unavailable → 4, version_conflict
 * → 3, audit_chain_broken, store_query_failed and write_not_confirmed → 1, anything else
 * (invalid_argument, usage, not found, invalid_transition, …) → 2.
 */
int exitCodeFor(const Error &error);

struct ArchiveRequest
{
    std::string agent;
    QString to;             ///< the .rampart file to write
    std::string planJson;   ///< compact JSON of a valid plan to embed (meta.plan); empty: none
    std::string sourceDescription; ///< meta.source, e.g. "sqlite:/path" or the database URL (never a password)
    bool force = false;     ///< replace an existing file
};

struct ArchiveCounts
{
    QString path;           ///< the archive written (absolute)
    std::int64_t rollups = 0;
    std::int64_t auditRows = 0;
    std::int64_t signOffs = 0;
    std::int64_t transitions = 0;
};

/// The destination check exportArchive starts with (a front end may check it before opening
/// the source): the directory exists, the file is not a directory, and it exists only with force.
Status checkArchiveDestination(const ArchiveRequest &request);

/**
 * Copies one rollout — the agent's rollups, stage history and sign-offs, and the whole audit
 * trail (the chain spans every agent, so only all of it verifies) — from `source` into one
 * offline SQLite file (docs/workspace.md). The file is written aside, its audit chain
 * verified, then renamed into place: a failed export leaves nothing behind. Errors: io_error
 * / file_exists (field "to"), unknown_agent, the source's errors, audit_chain_broken.
 */
Result<ArchiveCounts> exportArchive(store::EvidenceStore &source, const ArchiveRequest &request);

} // namespace rampart::service
