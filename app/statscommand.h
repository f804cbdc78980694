#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl stats <command> [--json '<object>']`; arguments after "stats".
int runStatsCli(const QStringList &arguments);

} // namespace rampart::cli
