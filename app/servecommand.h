#pragma once

#include <QString>
#include <QStringList>

namespace rampart::cli {

/// `rampartctl serve`: the headless HTTP API (docs/api.md).
int runServeCli(const QStringList &arguments, const QString &configFile);
/// `rampartctl demo play|telemetry`: play a plan to completion through the real controller,
/// or serve the stand-in telemetry of the simulated serving system (docs/api.md).
int runDemoCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
