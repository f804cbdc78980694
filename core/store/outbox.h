#pragma once

// Audit records must survive a PostgreSQL outage: a rollback never waits for the database
// (docs/store.md, "The outbox").

#include "evidencestore.h"

#include <QString>

#include <vector>

namespace rampart::store {

/// What became of one audit record handed to OutboxAuditWriter::append.
struct AuditWrite
{
    AuditEntry entry;    ///< as stored (id and hashes set), or as queued (id 0)
    bool queued = false; ///< true: the store was unavailable, the record waits in the outbox
};

/**
 * Writes audit records through an EvidenceStore, parking them in a local outbox while the
 * store is unavailable. The outbox is one JSON Lines file, `audit-outbox.jsonl`, in a
 * directory; each record is appended as one line and fsync'd before append() returns, so a
 * queued record survives a crash. flush() replays the queue in order into the store — each
 * record takes its place at the end of the chain then, keeping its original time and actor —
 * and shortens the file only after the records are stored. While anything is queued, new
 * records queue behind it, so the trail keeps the order in which things happened.
 *
 * Several processes may share a directory: every file access holds a QLockFile.
 */
class OutboxAuditWriter
{
public:
    /// `store` may be null (nothing to write to yet: every record is queued); it is not owned.
    OutboxAuditWriter(EvidenceStore *store, QString directory);

    void setStore(EvidenceStore *store) { m_store = store; }
    QString outboxFile() const;

    /**
     * Appends `entry` to the store, or to the outbox when the store reports
     * storeerrc::Unavailable (or there is none). Other store errors (a refused privilege, a
     * detail that is not JSON) are returned, not queued. Fails only if the outbox cannot be
     * written either.
     */
    Result<AuditWrite> append(const AuditEntry &entry);

    /**
     * Replays every queued record into the store, oldest first. Returns how many were stored.
     * Stops at the first failure and keeps the records not yet stored (nothing is lost, nothing
     * is stored twice).
     */
    Result<int> flush();

    /// The records waiting in the outbox, oldest first.
    Result<std::vector<AuditEntry>> pending() const;

private:
    Result<std::vector<AuditEntry>> readQueue() const;
    Status enqueue(const AuditEntry &entry);
    Status rewriteQueue(const std::vector<AuditEntry> &remaining);

    EvidenceStore *m_store;
    QString m_directory;
};

} // namespace rampart::store
