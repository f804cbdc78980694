#include "backends.h"

#include "flags/redisflagstore.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

namespace rampart::service {

Result<std::shared_ptr<flags::FlagStore>> openFlagStore(const io::Connections &connections, std::chrono::milliseconds timeout)
{
    if (connections.redisUrl.isEmpty())
        return makeError(flags::flagerrc::Unavailable, "redis_url",
                         "No Redis is configured: set RAMPART_REDIS_URL (redis://[user@]host:port/db) or "
                         "\"redis_url\" in the config file.");
    flags::RedisFlagStoreOptions options;
    options.url = connections.redisUrl.toStdString();
    options.password = connections.redisPassword.toStdString();
    options.commandTimeout = timeout;
    auto store = flags::RedisFlagStore::create(std::move(options));
    if (!store)
        return store.error();
    return std::shared_ptr<flags::FlagStore>(std::move(store).value());
}

Result<ControllerBackends> openBackends(const io::Connections &connections, const BackendOptions &options)
{
    ControllerBackends b;
    auto flagStore = openFlagStore(connections, options.redisTimeout);
    if (!flagStore)
        return flagStore.error();
    b.flags = std::move(flagStore).value();
    if (!options.workspace.isEmpty()) {
        auto opened = store::SqliteEvidenceStore::open(options.workspace);
        if (!opened)
            return opened.error();
        b.store = std::move(opened).value();
    } else if (!connections.databaseUrl.isEmpty()) {
        store::PgStoreOptions pg;
        pg.connectLazily = true;
        auto opened = store::PgEvidenceStore::open(connections.databaseUrl.toStdString(),
                                                   connections.databasePassword.toStdString(), pg);
        if (!opened)
            return opened.error();
        b.store = std::move(opened).value();
    } else {
        return makeError(store::storeerrc::Unavailable, "database_url",
                         "No evidence store is configured: set RAMPART_DATABASE_URL or give --workspace FILE.");
    }
    // The same key as the flag commands: a keyed chain must never continue unkeyed.
    auto key = io::readAuditKey();
    if (!key)
        return key.error();
    if (!key->empty())
        b.store->setAuditKey(*key);
    if (!connections.prometheusUrl.isEmpty())
        b.telemetry.emplace(QUrl(connections.prometheusUrl));
    return b;
}

ControllerConfig controllerConfig(rollout::Plan plan, const io::Connections &connections, const BackendOptions &options,
                                  std::string actor, std::chrono::milliseconds interval)
{
    ControllerConfig c;
    c.plan = std::move(plan);
    c.actor = std::move(actor);
    c.interval = interval;
    c.outboxDirectory = connections.outboxDirectory;
    c.makeBackends = [connections, options] { return openBackends(connections, options); };
    c.makeRollbackFlagStore = [connections, options] { return openFlagStore(connections, options.redisTimeout); };
    c.subscription.url = connections.redisUrl.toStdString();
    c.subscription.password = connections.redisPassword.toStdString();
    return c;
}

} // namespace rampart::service
