#include "service/breakglass.h"

#include "flags/redisflagstore.h"
#include "rollout/clock.h"
#include "store/outbox.h"

namespace rampart::service {

Result<BreakGlassResult> breakGlassRollback(const BreakGlassOptions &options, double targetPercentage, const std::string &why)
{
    if (options.redisUrl.empty())
        return makeError(errc::InvalidArgument, "redis_url", "Break-glass needs the Redis address (redis://host:port/db).");
    if (options.actor.empty())
        return makeError(errc::InvalidArgument, "actor", "Break-glass needs the operator's name from the server's token.");
    flags::RedisFlagStoreOptions fo;
    fo.url = options.redisUrl;
    fo.password = options.redisPassword;
    auto flags = flags::RedisFlagStore::create(fo);
    if (!flags)
        return flags.error();
    store::OutboxAuditWriter writer(nullptr, options.outboxDirectory);
    OutboxAuditSink sink(writer);
    const rollout::SystemClock clock;
    RolloutService service(options.flag, **flags, sink, clock);
    auto change = service.rollback(options.actor, "BREAK-GLASS (server unreachable): " + why, targetPercentage);
    if (!change)
        return change.error();
    auto readBack = (*flags)->read(options.flag);
    if (!readBack)
        return makeError(readBack.error().code, readBack.error().field,
                         "The rollback was written (version " + std::to_string(change->flag.version)
                             + ") but the read-back failed: " + readBack.error().message);
    return BreakGlassResult{std::move(change).value(), std::move(readBack).value()};
}

Result<std::vector<store::AuditEntry>> breakGlassPending(const QString &outboxDirectory)
{
    return store::OutboxAuditWriter(nullptr, outboxDirectory).pending();
}

Result<std::int64_t> breakGlassForget(const QString &outboxDirectory, const std::set<std::string> &storedRecordIds)
{
    store::OutboxAuditWriter writer(nullptr, outboxDirectory);
    auto report = writer.flushWith([&](const std::vector<store::AuditEntry> &records) -> Result<store::AuditBatchResult> {
        for (const store::AuditEntry &r : records)
            if (!storedRecordIds.count(r.recordId))
                return makeError(store::storeerrc::Unavailable, "audit",
                                 "Record " + r.recordId + " has not been stored by the server yet.");
        return store::AuditBatchResult{0, static_cast<std::int64_t>(records.size()), records};
    });
    if (!report)
        return report.error();
    return report->alreadyStored;
}

} // namespace rampart::service
