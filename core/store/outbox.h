#pragma once

// Audit records must survive a PostgreSQL outage and a crash: a rollback never waits for the
// database (docs/store.md, "The outbox").

#include "evidencestore.h"

#include <QString>

#include <chrono>
#include <functional>
#include <vector>

namespace rampart::store {

namespace outboxerrc {
inline constexpr const char *Busy = "outbox_busy"; ///< another process is flushing right now
inline constexpr const char *Io = "io_error";      ///< the outbox cannot be written
} // namespace outboxerrc

/// What became of one audit record handed to OutboxAuditWriter::append.
struct AuditWrite
{
    AuditEntry entry;    ///< as stored (id and hashes set), or as queued (id 0, record id set)
    bool queued = false; ///< true: not stored yet, the record waits in the outbox
};

/// What a flush did.
struct OutboxFlushReport
{
    std::int64_t stored = 0;        ///< records that became new audit rows
    std::int64_t alreadyStored = 0; ///< records whose id was already stored (a repeated flush)
    std::int64_t damagedLines = 0;  ///< unreadable lines moved to damagedFile (never dropped)
    QString damagedFile;
    std::vector<AuditEntry> rows;   ///< the stored rows, in outbox order
};

/// Everything waiting in the outbox.
struct OutboxContents
{
    std::vector<AuditEntry> records; ///< oldest first
    std::vector<std::string> damage; ///< "audit-outbox.jsonl line 7: checksum mismatch", …
};

/**
 * The durable queue in front of the audit trail. Every record is first appended to
 * `audit-outbox.jsonl` in a directory (0700; files 0600) as one checksummed line,
 *
 *     v2 <first 16 hex digits of sha256(json)> <json>\n
 *
 * and fsync'd (the file, and the directory when the file is new) before enqueue() returns; it
 * carries a unique record id, so storing it is idempotent (AuditEntry::recordId). flush()
 * moves the file aside as a segment (`audit-outbox.<n>.sending`, under a lock held for
 * microseconds), stores the segment's records in order with EvidenceStore::appendAuditBatch
 * and removes the segment only after the store has committed them. A flush cut short (kill -9)
 * leaves the segment; the next flush stores what is missing and skips what is stored.
 *
 * A line that cannot be read (torn by a crash, or damaged) is reported and moved to
 * `audit-outbox.damaged` when its segment is flushed; the records after it are kept and
 * stored. Appending never waits behind a flush: appends and flushes take different locks
 * (flock(2), released by the kernel when a process dies).
 */
class OutboxAuditWriter
{
public:
    /// `store` may be null (nothing to write to yet: every record is queued); it is not owned.
    OutboxAuditWriter(EvidenceStore *store, QString directory);

    void setStore(EvidenceStore *store) { m_store = store; }
    QString directory() const { return m_directory; }
    QString outboxFile() const;
    QString damagedFile() const;

    /**
     * Makes `entry` durable in the outbox (gives it a record id when it has none, and the OS
     * user when it has none). Returns the entry as queued. Fails only when the outbox cannot
     * be written (errc io_error, naming the file).
     */
    Result<AuditEntry> enqueue(AuditEntry entry);
    /// enqueue() for many records with one fsync (all or, if the write fails, none reported).
    Result<std::vector<AuditEntry>> enqueueAll(std::vector<AuditEntry> entries);

    /**
     * enqueue(), then one flush attempt that does not wait for a flush running elsewhere.
     * Store errors other than "unavailable" (a refused privilege, a detail that is not JSON)
     * are returned; the record then stays queued.
     */
    Result<AuditWrite> append(const AuditEntry &entry);

    /**
     * Stores every queued record, oldest first. Waits up to `wait` for a flush running in
     * another process, then fails with outboxerrc::Busy. Stops at the first store failure
     * and keeps what is not stored; nothing is ever stored twice.
     */
    Result<OutboxFlushReport> flush(std::chrono::milliseconds wait = std::chrono::milliseconds(10000));
    /// Stores a batch of records somewhere else than an EvidenceStore (the console's
    /// break-glass outbox: the server has stored them): the result as appendAuditBatch gives it.
    using BatchStore = std::function<Result<AuditBatchResult>(const std::vector<AuditEntry> &)>;
    /// flush() through `store` instead of the writer's EvidenceStore.
    Result<OutboxFlushReport> flushWith(const BatchStore &store,
                                        std::chrono::milliseconds wait = std::chrono::milliseconds(10000));

    /// The records waiting in the outbox, oldest first (damaged lines are left out).
    Result<std::vector<AuditEntry>> pending() const;
    /// The records waiting and the damage found reading them.
    Result<OutboxContents> contents() const;

    /// The highest flag version this outbox has seen for `flag`: queued records and the
    /// high-water mark noted by noteFlagVersion (0 when none).
    std::int64_t highestFlagVersion(const std::string &flag) const;
    /// Remembers (durably) that `flag` reached `version`, so versions never go back even when
    /// Redis and PostgreSQL are both unreachable or Redis lost its data.
    Status noteFlagVersion(const std::string &flag, std::int64_t version);

private:
    /// Stores the segments a flush took, oldest first; each is removed once stored.
    Status flushSegments(OutboxFlushReport &report, const BatchStore &store);

    EvidenceStore *m_store;
    QString m_directory;
};

/// The operating-system user of this process (getpwuid of the effective uid; "uid:N" when it
/// has no name).
std::string currentOsUser();

/// A new random record id (UUID v4, 36 characters).
std::string newRecordId();

} // namespace rampart::store
