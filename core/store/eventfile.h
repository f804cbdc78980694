#pragma once

// Outcome-event files and their ingest, the use case behind `rampartctl ingest`
// (docs/store.md, "Loading events"): CSV with a header row (RFC 4180 quoting, quoted fields
// may span lines) or JSON Lines. Every row is checked before the store sees it; a bad row is
// counted with its file and line and never stops the run. Every event carries an id, so a
// rerun of the same file adds nothing (the stores ignore an id they already hold).

#include "evidencestore.h"

#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::store {

/// Limits a row must keep (bytes of UTF-8; times in Unix seconds, UTC).
namespace eventlimits {
inline constexpr std::int64_t EarliestTime = 0;            ///< 1970-01-01T00:00:00Z
inline constexpr std::int64_t LatestTime = 253402300799;   ///< 9999-12-31T23:59:59Z
inline constexpr std::size_t MaxNameBytes = 256;           ///< agent, cohort, event_id
inline constexpr std::size_t MaxUnitIdBytes = 1024;
inline constexpr double MaxLatencyMs = 1e9;                ///< about 11.6 days; keeps Σx² finite
inline constexpr double MaxHandlingTimeMin = 1e7;          ///< about 19 years
inline constexpr std::size_t MaxRecordBytes = 1024 * 1024; ///< one CSV record or JSON line
} // namespace eventlimits

/**
 * The first thing wrong with an event, as a short sentence ("time 1e13 is outside
 * 1970-01-01..9999-12-31", "agent contains a NUL character", "latency_ms is negative"), or
 * empty when both stores accept it. Checks, in order: time range; agent, cohort, unit_id
 * present; every text valid UTF-8, free of NUL and within its byte limit; latency_ms and
 * handling_time_min finite, not negative and within their limits; satisfaction 1..5.
 * Both stores run it before writing anything, so no row can abort a batch.
 */
std::string eventProblem(const Event &event);

/**
 * The id given to an event read from line `line` of a file that has no event_id column:
 * "L<line>-" followed by the first 16 hex digits of sha256 over the line number and the
 * event's fields (time, agent, cohort, unit, outcomes). The same file read again gives the
 * same ids, and two identical rows on different lines stay two events; two different rows
 * on the same line of two files collide with probability 2^-64.
 */
std::string derivedEventId(std::int64_t line, const Event &event);

/// What one run of ingestEventFiles did.
struct EventFileReport
{
    std::int64_t rows = 0;       ///< data rows read (header and blank lines excluded)
    std::int64_t accepted = 0;   ///< new events stored
    std::int64_t duplicates = 0; ///< events whose id the store already held (a rerun)
    std::int64_t skipped = 0;    ///< bad rows, never stored
    std::vector<std::string> problems; ///< the first 10, "events.csv:55000: time … is outside …"
};

struct EventFileOptions
{
    QString defaultAgent;           ///< for rows without an agent (--agent)
    std::size_t batchSize = 50000;  ///< events per store transaction
};

/**
 * Checks that `path` can be ingested at all: a readable regular file, and for CSV a header
 * whose columns are all event fields (time|at|timestamp, agent, cohort, unit_id|unit,
 * latency_ms, correct, satisfaction, handling_time_min, error, event_id) including time,
 * cohort, unit_id and — unless `haveDefaultAgent` — agent. Errors: "io_error",
 * "unknown_column", "missing_column", field "<path>:1" for the header ones.
 */
Status checkEventFile(const QString &path, bool haveDefaultAgent);

/**
 * Reads every file (after checkEventFile on all of them), checks each row and hands the
 * good ones to `store` in batches of options.batchSize. A row is bad when it does not parse
 * (wrong field count, unreadable number or time, an unclosed quote, a line over
 * MaxRecordBytes) or eventProblem() names something. Ids come from a CSV file's event_id
 * (or id) column, required on every row when the header has it, or a JSON line's event_id
 * (or id) key, required non-empty when present; otherwise from derivedEventId().
 * A store error stops the run and is returned; batches stored before it stay stored, and
 * running the same files again stores only what is missing.
 */
Result<EventFileReport> ingestEventFiles(EvidenceStore &store, const std::vector<QString> &files,
                                         const EventFileOptions &options = {});

} // namespace rampart::store
