#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl flag get|set|rollback …`; arguments after "flag".
int runFlagCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
