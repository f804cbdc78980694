#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl plan validate FILE` and `rampartctl plan show FILE`; arguments after "plan".
int runPlanCli(const QStringList &arguments);

} // namespace rampart::cli
