#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl decide --plan FILE --evidence FILE [--now ISO8601]`; arguments after "decide".
int runDecideCli(const QStringList &arguments);

} // namespace rampart::cli
