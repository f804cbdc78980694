#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl ingest FILE…`; arguments after "ingest".
int runIngestCli(const QStringList &arguments, const QString &configFile);
/// `rampartctl audit verify`; arguments after "audit".
int runAuditCli(const QStringList &arguments, const QString &configFile);
/// `rampartctl archive export --agent NAME --to FILE.rampart`; arguments after "archive".
int runArchiveCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
