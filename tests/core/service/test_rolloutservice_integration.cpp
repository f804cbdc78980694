// RolloutService on real servers: Redis for the flag, PostgreSQL for the audit trail
// (scripts/test starts both; the tests skip without RAMPART_TEST_REDIS_URL and
// RAMPART_TEST_DATABASE_URL).

#include "service/rolloutservice.h"

#include "flags/redisflagstore.h"
#include "store/outbox.h"
#include "store/pgevidencestore.h"

#include "pgtestdb.h"
#include "redistestsupport.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <atomic>
#include <set>
#include <thread>

using namespace rampart;
using namespace rampart::flags::testing;

namespace {

#define REQUIRE_SERVERS(redis)                                                                      \
    const auto redis = sharedTestRedis();                                                           \
    if (!redis || rampart::testing::testServerUrl().empty())                                        \
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL and RAMPART_TEST_DATABASE_URL are needed (scripts/test sets them)"

std::unique_ptr<flags::FlagStore> redisStore(const RedisTarget &target)
{
    flags::RedisFlagStore::Options options;
    options.url = target.url;
    options.password = target.password;
    auto store = flags::RedisFlagStore::create(options);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

std::unique_ptr<store::PgEvidenceStore> pgStore(const std::string &url, bool lazily = false)
{
    store::PgStoreOptions options;
    options.connectLazily = lazily;
    auto s = store::PgEvidenceStore::open(url, "", options);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s).value() : nullptr;
}

} // namespace

TEST(RolloutServiceIntegration, FourWritersEachWriteAuditedOnce)
{
    REQUIRE_SERVERS(redis);
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    QTemporaryDir outbox;
    const std::string flag = uniqueFlagName("service-cas");
    pgStore(db.url()); // migrate once before the writers start
    constexpr int Writers = 4;
    constexpr int TransitionsEach = 150;
    std::atomic<int> conflicts{0};
    std::vector<std::vector<std::int64_t>> versions(Writers);
    std::vector<std::string> problems(Writers);
    std::vector<std::thread> threads;
    for (int w = 0; w < Writers; ++w) {
        threads.emplace_back([&, w] {
            rollout::SystemClock clock;
            auto flags = redisStore(*redis);
            auto evidence = pgStore(db.url());
            if (!flags || !evidence)
                return;
            store::OutboxAuditWriter writer(evidence.get(), outbox.path());
            service::OutboxAuditSink sink(writer, evidence.get());
            service::RolloutService service(flag, *flags, sink, clock);
            const std::string actor = "writer-" + std::to_string(w);
            while (static_cast<int>(versions[w].size()) < TransitionsEach) {
                auto current = flags->read(flag);
                const std::int64_t expected = current ? current->version : 0;
                const double percentage = static_cast<double>((expected * 5) % 101);
                auto change = service.setPercentage(percentage, "cas", actor, "concurrency test", expected);
                if (!change) {
                    if (change.error().code == flags::flagerrc::VersionConflict) {
                        ++conflicts;
                        continue;
                    }
                    problems[w] = change.error().message;
                    return;
                }
                if (!change->auditError.empty()) {
                    problems[w] = "audit not kept: " + change->auditError;
                    return;
                }
                versions[w].push_back(change->flag.version);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    std::set<std::int64_t> all;
    for (int w = 0; w < Writers; ++w) {
        ASSERT_TRUE(problems[w].empty()) << problems[w];
        ASSERT_EQ(versions[w].size(), static_cast<std::size_t>(TransitionsEach));
        EXPECT_TRUE(std::is_sorted(versions[w].begin(), versions[w].end()));
        all.insert(versions[w].begin(), versions[w].end());
    }
    EXPECT_EQ(all.size(), static_cast<std::size_t>(Writers * TransitionsEach)); // no update lost
    EXPECT_EQ(*all.rbegin(), Writers * TransitionsEach);
    auto evidence = pgStore(db.url());
    store::OutboxAuditWriter rest(evidence.get(), outbox.path());
    ASSERT_TRUE(rest.flush().ok()); // what waited behind another writer's flush
    const std::size_t attempts = static_cast<std::size_t>(Writers * TransitionsEach + conflicts.load());
    auto trail = evidence->auditTrail(0, static_cast<int>(2 * attempts + 10));
    ASSERT_TRUE(trail.ok()) << trail.error().message;
    EXPECT_EQ(trail->size(), 2 * attempts) << "an intent and an outcome for every attempt";
    std::set<std::int64_t> recorded;
    for (const auto &row : *trail) {
        if (row.flagVersion) {
            EXPECT_TRUE(recorded.insert(*row.flagVersion).second) << "version " << *row.flagVersion << " twice";
        }
    }
    EXPECT_EQ(recorded, all) << "applied outcomes match the flag versions one to one";
    auto verified = evidence->verifyAudit();
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(verified->firstBadId.has_value()) << verified->problem;
    RecordProperty("conflicts_retried", conflicts.load());
}

TEST(RolloutServiceIntegration, RollbackSucceedsWhilePostgresIsDownAndTheAuditFollowsLater)
{
    REQUIRE_SERVERS(redis);
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    QTemporaryDir outbox;
    const std::string flag = uniqueFlagName("service-pg-down");
    rollout::SystemClock clock;
    auto flags = redisStore(*redis);
    ASSERT_TRUE(flags);

    // PostgreSQL "down": the store points at a port where nothing listens.
    const std::string downUrl = "postgresql://postgres@127.0.0.1:" + std::to_string(freePort()) + "/" + db.name();
    auto unreachable = pgStore(downUrl, /*lazily=*/true);
    ASSERT_TRUE(unreachable);
    store::OutboxAuditWriter writer(unreachable.get(), outbox.path());
    service::OutboxAuditSink sink(writer, unreachable.get());
    service::RolloutService service(flag, *flags, sink, clock);
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    const auto started = std::chrono::steady_clock::now();
    auto rolledBack = service.rollback("oncall:piotr", "latency regression");
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(rolledBack.ok()) << rolledBack.error().message;
    EXPECT_TRUE(rolledBack->auditQueued);
    EXPECT_DOUBLE_EQ(flags->read(flag)->percentage, 0.0); // the rollback is in effect
    EXPECT_LT(took, std::chrono::seconds(5)) << "a rollback must not wait long for the database";
    ASSERT_EQ(writer.pending()->size(), 4u); // intent and outcome of both writes wait, in order

    // PostgreSQL back: flush delivers them, the chain verifies, nothing lost or doubled.
    auto reachable = pgStore(db.url());
    writer.setStore(reachable.get());
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored, 4);
    EXPECT_TRUE(writer.pending()->empty());
    auto trail = reachable->auditTrail(0, 10);
    ASSERT_TRUE(trail.ok());
    ASSERT_EQ(trail->size(), 4u);
    EXPECT_EQ((*trail)[0].action, "flag_write");
    EXPECT_EQ((*trail)[1].flagVersion, std::optional<std::int64_t>(1));
    EXPECT_EQ((*trail)[3].action, "rollback");
    EXPECT_EQ((*trail)[3].actor, "oncall:piotr");
    EXPECT_EQ((*trail)[3].flagVersion, std::optional<std::int64_t>(2));
    EXPECT_FALSE((*trail)[3].osUser.empty()) << "the OS user is recorded beside the claimed actor";
    EXPECT_EQ((*trail)[3].dbRole, "postgres") << "the database login that stored it";
    EXPECT_FALSE(reachable->verifyAudit()->firstBadId.has_value());
}
