#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl simulate …`; arguments after "simulate".
int runSimulateCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
