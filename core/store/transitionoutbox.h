#pragma once

// The durable queue in front of the stage history (issue 9): a transition the controller
// has made (a rollback above all) is written to a local file and fsync'd before the store is
// asked, so PostgreSQL being down — or the process dying before it comes back — never loses
// the row. docs/store.md, "The stage-history outbox".

#include "store/evidencestore.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace rampart::store {

/// One queued stage-history row.
struct PendingTransition
{
    std::string recordId; ///< unique; storing it twice stores it once (EvidenceStore::recordTransitionOnce)
    std::string agent;
    rollout::TransitionEvent event;
};

/// What deliver() did.
struct TransitionDelivery
{
    int stored = 0;     ///< rows handed to the store and accepted (new or already there)
    int pending = 0;    ///< rows still queued (the store failed on the first of them)
    int damaged = 0;    ///< unreadable lines moved to stage-history-outbox.damaged
    std::optional<Error> error; ///< why the first pending row was not stored
};

/**
 * `stage-history-outbox.jsonl` in a directory (the audit outbox's; created 0700, the file
 * 0600): one line per transition, `v1 <16 hex digits of sha256(json)> <json>`, appended and
 * fsync'd before append() returns. deliver() stores the queued rows oldest first with
 * EvidenceStore::recordTransitionOnce (idempotent by record id: a commit whose answer was
 * lost is not stored twice) and removes them from the file, which is rewritten whole
 * (temporary file, fsync, rename). It stops at the first row the store refuses, so the
 * history keeps its order. A line that fails its checksum (torn by a crash) is moved to
 * `stage-history-outbox.damaged`, never silently dropped. Appends and rewrites take a
 * flock(2) lock on `.transitions.lock`; no lock is held while the store is called, so an
 * append never waits for PostgreSQL.
 */
class TransitionOutbox
{
public:
    explicit TransitionOutbox(QString directory);

    QString directory() const { return m_directory; }

    /// Queues the row durably; answers its record id (a UUID).
    Result<std::string> append(const std::string &agent, const rollout::TransitionEvent &event);
    /// The queued rows, oldest first.
    Result<std::vector<PendingTransition>> pending() const;
    /// Stores the queued rows in order and dequeues those stored (see the class comment).
    Result<TransitionDelivery> deliver(EvidenceStore &store);

private:
    QString m_directory;
};

} // namespace rampart::store
