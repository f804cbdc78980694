#pragma once

// The JSON face of core/stats: one request object in, one response object out, for every
// statistics command. Shared by `rampartctl stats`, the HTTP API and the GUI's calculator,
// so field names and error paths are defined exactly once.

#include "stats/result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace rampart::io {

struct StatsCommandInfo
{
    QString name;
    QString summary; ///< one line for --help
    QString example; ///< a valid request for --help
};

/// Every statistics command in display order.
const QList<StatsCommandInfo> &statsCommands();

/**
 * Runs one statistics command on a request object. On success the response holds the
 * command's documented fields (docs/cli.md); on failure the Error names the JSON path.
 * Unknown commands give jsonerrc::UnknownCommand; unknown fields jsonerrc::UnknownField.
 * A successful response never contains NaN or infinity (they become null).
 */
Result<QJsonObject> runStatsCommand(const QString &command, const QJsonObject &request);

} // namespace rampart::io
