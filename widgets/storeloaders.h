#pragma once

// Reading a workspace or a .rampart archive for the Audit and History pages. Blocking
// functions meant for a worker thread (QtConcurrent): each opens its own SQLite connection
// on the calling thread, reads, and closes it, as Qt Sql requires.

#include "snapshots.h"

#include "stats/result.h"

#include <QString>

#include <vector>

namespace rampart::widgets {

struct HistorySnapshot
{
    QString source;
    QString agent;
    std::vector<rollout::TransitionEvent> history;
    std::vector<rollout::SignOff> signOffs;
    std::vector<store::AuditEntry> decisions; ///< audit rows recording transitions and overrides
};

/// The whole audit trail of an existing workspace or archive, and its chain verification.
/// "io_error" when the file does not exist (it is never created).
Result<models::AuditSnapshot> loadAuditSnapshot(const QString &path);

/// The stage history and sign-offs of the agent recorded in the file (meta "agent"; when
/// absent, `fallbackAgent`).
Result<HistorySnapshot> loadHistorySnapshot(const QString &path, const QString &fallbackAgent);

} // namespace rampart::widgets
