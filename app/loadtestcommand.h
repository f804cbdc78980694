#pragma once

#include <QStringList>

namespace rampart::cli {

/// `rampartctl load-test gauges|record …`; arguments after "load-test". docs/load-testing.md.
int runLoadTestCli(const QStringList &arguments, const QString &configFile);

} // namespace rampart::cli
