#pragma once

// The backends of a live controller from the connection settings (core/io/config.h): the
// one place the CLI, the console and the HTTP API turn "where things are" into stores.

#include "io/config.h"
#include "service/rolloutcontroller.h"

#include <QString>

#include <chrono>
#include <memory>
#include <string>

namespace rampart::service {

struct BackendOptions
{
    /// A SQLite workspace to use instead of PostgreSQL (also when a database URL is set).
    QString workspace;
    /// The Redis round-trip bound for flag reads and writes.
    std::chrono::milliseconds redisTimeout{1000};
};

/// The Redis flag store of the settings; store_unavailable naming redis_url when none is set.
Result<std::shared_ptr<flags::FlagStore>> openFlagStore(const io::Connections &connections,
                                                        std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

/**
 * Store, flag store and telemetry client. The evidence store is the workspace when one is
 * given, else PostgreSQL opened lazily (it exists while the database is down and reports
 * store_unavailable per call, so a watchdog still starts and still rolls back); the
 * Prometheus client only when a URL is set. Call on the thread that will use them.
 */
Result<ControllerBackends> openBackends(const io::Connections &connections, const BackendOptions &options);

/**
 * A controller configuration over these settings: backends made on the worker thread, a
 * second Redis connection for the rollback lane, the change subscription on a third, and
 * the outbox directory of the settings.
 */
ControllerConfig controllerConfig(rollout::Plan plan, const io::Connections &connections, const BackendOptions &options,
                                  std::string actor, std::chrono::milliseconds interval);

} // namespace rampart::service
