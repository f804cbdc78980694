#pragma once

#include <QString>
#include <QStringList>

namespace rampart::cli {

/// `rampartctl decide --plan FILE --evidence FILE [--now ISO8601]`; arguments after "decide".
/// With --live: runDecideLiveCli (app/watchcommand.h), from the real sources.
int runDecideCli(const QStringList &arguments, const QString &configFile = {});

} // namespace rampart::cli
