#pragma once

#include <QString>
#include <QStringList>

namespace rampart::cli {

/// `rampartctl watch --plan FILE [--interval 60s] [--once] [--workspace FILE] [--actor NAME]`.
int runWatchCli(const QStringList &arguments, const QString &configFile);

/// `rampartctl decide --live --plan FILE [--workspace FILE] [--now ISO8601]`: the decision the
/// watchdog would take now, from the real sources, without acting.
int runDecideLiveCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
