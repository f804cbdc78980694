// RedisFlagStore against the test Redis from scripts/test (RAMPART_TEST_REDIS_URL, with
// requirepass): wire format, compare-and-set under 8 concurrent writers with a PUBLISH
// subscriber counting every change, EVALSHA/NOSCRIPT, AUTH.

#include "flags/redisflagstore.h"
#include "redistestsupport.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <regex>
#include <set>
#include <thread>
#include <vector>

using namespace rampart::flags;
using namespace rampart::flags::testing;

namespace {

#define REQUIRE_TEST_REDIS(target)                                                                         \
    const auto target##Opt = sharedTestRedis();                                                            \
    if (!target##Opt)                                                                                      \
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is not set; run scripts/test to start a Redis";            \
    const RedisTarget &target = *target##Opt

std::unique_ptr<RedisFlagStore> storeFor(const RedisTarget &target, std::string password)
{
    RedisFlagStoreOptions options;
    options.url = target.url;
    options.password = std::move(password);
    auto store = RedisFlagStore::create(options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store).value();
}

FlagWrite change(double percentage, std::optional<std::int64_t> expected = std::nullopt, std::string stage = "25%")
{
    FlagWrite w;
    w.percentage = percentage;
    w.stage = std::move(stage);
    w.updatedBy = "integration-test";
    w.reason = "testing the store";
    w.expectedVersion = expected;
    return w;
}

/// Deletes a flag's hash when the test ends, pass or fail.
struct FlagCleanup
{
    RedisTarget target;
    std::string flag;
    ~FlagCleanup()
    {
        if (auto c = connectRaw(target))
            rawCommand(c.get(), "DEL %s", RedisFlagStore::keyOf(flag));
    }
};

/// SUBSCRIBEs to a channel on its own connection and collects messages until told to stop.
class Subscriber
{
public:
    Subscriber(const RedisTarget &target, const std::string &channel) : m_context(connectRaw(target, 200))
    {
        if (!m_context)
            return;
        auto *reply = static_cast<redisReply *>(redisCommand(m_context.get(), "SUBSCRIBE %s", channel.c_str()));
        m_subscribed = reply && reply->type == REDIS_REPLY_ARRAY;
        freeReplyObject(reply);
        if (m_subscribed)
            m_thread = std::thread([this] { collect(); });
    }
    ~Subscriber() { stop(); }
    bool subscribed() const { return m_subscribed; }

    /// Waits until @p count messages arrived (or @p timeout passed), then stops.
    std::vector<std::string> waitFor(std::size_t count, std::chrono::seconds timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (m_count.load() < count && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        stop();
        return m_messages;
    }

private:
    void collect()
    {
        while (!m_stop.load()) {
            void *raw = nullptr;
            if (redisGetReply(m_context.get(), &raw) != REDIS_OK) {
                if (m_context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    m_context->err = 0; // a read timeout: poll m_stop again
                    continue;
                }
                return;
            }
            auto *reply = static_cast<redisReply *>(raw);
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) {
                m_messages.emplace_back(reply->element[2]->str, reply->element[2]->len);
                ++m_count;
            }
            freeReplyObject(reply);
        }
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

    RawContext m_context;
    bool m_subscribed = false;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<std::size_t> m_count{0};
    std::vector<std::string> m_messages; // read only after stop()
};

std::int64_t versionInMessage(const std::string &json)
{
    static const std::regex version(R"re("version":(\d+))re");
    std::smatch match;
    return std::regex_search(json, match, version) ? std::stoll(match[1]) : -1;
}

} // namespace

TEST(RedisFlagStore, UnwrittenFlagIsNotFound)
{
    REQUIRE_TEST_REDIS(target);
    auto store = storeFor(target, target.password);
    const auto r = store->read(uniqueFlagName("missing"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::NotFound);
}

TEST(RedisFlagStore, WriteStoresTheDocumentedHash)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("wire");
    FlagCleanup cleanup{target, flag};
    auto store = storeFor(target, target.password);
    const auto written = store->write(flag, change(12.5, 0, "5%"));
    ASSERT_TRUE(written.ok()) << written.error().message;
    EXPECT_EQ(written->version, 1);
    EXPECT_EQ(written->percentage, 12.5);

    auto raw = connectRaw(target);
    ASSERT_TRUE(raw);
    const std::string key = RedisFlagStore::keyOf(flag);
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s percentage", key), "12.5");
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s version", key), "1");
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s stage", key), "5%");
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s updated_by", key), "integration-test");
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s reason", key), "testing the store");
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s updated_at", key), formatTimestamp(written->updatedAt));
    EXPECT_EQ(rawCommand(raw.get(), "HGET %s change_id", key), "") << "no change id was given";
    EXPECT_EQ(rawCommand(raw.get(), "HLEN %s", key), "7");

    const auto read = store->read(flag);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->version, 1);
    EXPECT_EQ(read->updatedAt, written->updatedAt);
}

TEST(RedisFlagStore, AppliedChangesAreRememberedByChangeId)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("applied");
    FlagCleanup cleanup{target, flag};
    auto store = storeFor(target, target.password);
    FlagWrite first = change(5);
    first.changeId = "change-a";
    FlagWrite second = change(25);
    second.changeId = "change-b";
    ASSERT_TRUE(store->write(flag, first).ok());
    ASSERT_TRUE(store->write(flag, second).ok());
    EXPECT_EQ(store->read(flag)->changeId, "change-b");
    EXPECT_EQ(*store->appliedVersion(flag, "change-a"), std::optional<std::int64_t>(1)) << "overwritten, still known";
    EXPECT_EQ(*store->appliedVersion(flag, "change-b"), std::optional<std::int64_t>(2));
    EXPECT_EQ(*store->appliedVersion(flag, "never-written"), std::nullopt);
    auto raw = connectRaw(target);
    rawCommand(raw.get(), "DEL %s", RedisFlagStore::appliedKeyOf(flag));
}

TEST(RedisFlagStore, StaleExpectedVersionIsAConflictNamingBothVersions)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("conflict");
    FlagCleanup cleanup{target, flag};
    auto store = storeFor(target, target.password);
    ASSERT_TRUE(store->write(flag, change(5)).ok());
    ASSERT_TRUE(store->write(flag, change(25)).ok());
    const auto r = store->write(flag, change(50, 1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::VersionConflict);
    EXPECT_NE(r.error().message.find("expected version 1"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("has version 2"), std::string::npos) << r.error().message;
    EXPECT_EQ(store->read(flag)->percentage, 25);
}

TEST(RedisFlagStore, EightWritersThousandTransitionsEachLoseNothing)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("concurrent");
    FlagCleanup cleanup{target, flag};
    constexpr int writers = 8, perWriter = 1000;
    {
        auto seed = storeFor(target, target.password);
        ASSERT_TRUE(seed->write(flag, change(0, 0)).ok()); // version 1, before the subscriber
    }
    Subscriber subscriber(target, RedisFlagStore::channelOf(flag));
    ASSERT_TRUE(subscriber.subscribed());

    std::vector<std::vector<std::int64_t>> versions(writers);
    std::vector<int> conflicts(writers, 0);
    std::vector<std::string> failures(writers);
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            auto store = storeFor(target, target.password); // one connection per writer
            while (static_cast<int>(versions[w].size()) < perWriter && failures[w].empty()) {
                const auto current = store->read(flag);
                if (!current) {
                    failures[w] = current.error().message;
                    break;
                }
                const auto r = store->write(flag, change(w * 10, current->version, "w" + std::to_string(w)));
                if (r)
                    versions[w].push_back(r->version);
                else if (r.error().code == flagerrc::VersionConflict)
                    ++conflicts[w];
                else
                    failures[w] = r.error().message;
            }
        });
    for (auto &t : threads)
        t.join();

    std::set<std::int64_t> all;
    int totalConflicts = 0;
    for (int w = 0; w < writers; ++w) {
        EXPECT_TRUE(failures[w].empty()) << "writer " << w << ": " << failures[w];
        for (std::size_t i = 1; i < versions[w].size(); ++i)
            ASSERT_LT(versions[w][i - 1], versions[w][i]) << "writer " << w;
        all.insert(versions[w].begin(), versions[w].end());
        totalConflicts += conflicts[w];
    }
    EXPECT_EQ(all.size(), std::size_t{writers * perWriter}) << "a version was handed out twice";
    auto store = storeFor(target, target.password);
    EXPECT_EQ(store->read(flag)->version, 1 + writers * perWriter) << "final version = seed + successes";

    const auto messages = subscriber.waitFor(writers * perWriter, std::chrono::seconds(10));
    EXPECT_EQ(messages.size(), std::size_t{writers * perWriter}) << "one PUBLISH per successful write";
    std::set<std::int64_t> published;
    for (const auto &m : messages)
        published.insert(versionInMessage(m));
    EXPECT_EQ(published, all);
    RecordProperty("conflicts", totalConflicts);
    std::cout << "[ measured ] 8000 successes, " << totalConflicts << " conflicts retried, " << messages.size()
              << " messages received\n";
}

TEST(RedisFlagStore, OneStoreSharedByEightThreadsIsSafe)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("shared");
    FlagCleanup cleanup{target, flag};
    auto store = storeFor(target, target.password);
    std::atomic<int> successes{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 8; ++w)
        threads.emplace_back([&] {
            for (int i = 0; i < 100; ++i) {
                auto r = store->write(flag, change(50));
                successes += r.ok();
            }
        });
    for (auto &t : threads)
        t.join();
    EXPECT_EQ(successes.load(), 800);
    EXPECT_EQ(store->read(flag)->version, 800);
}

TEST(RedisFlagStore, PublishedMessageIsTheDocumentedJson)
{
    REQUIRE_TEST_REDIS(target);
    const std::string flag = uniqueFlagName("message");
    FlagCleanup cleanup{target, flag};
    Subscriber subscriber(target, RedisFlagStore::channelOf(flag));
    ASSERT_TRUE(subscriber.subscribed());
    auto store = storeFor(target, target.password);
    const auto written = store->write(flag, change(25, 0, "25%"));
    ASSERT_TRUE(written.ok());
    const auto messages = subscriber.waitFor(1, std::chrono::seconds(5));
    ASSERT_EQ(messages.size(), 1u);
    const std::string &m = messages.front();
    for (const std::string &part : {"\"flag\":\"" + flag + "\"", std::string("\"version\":1"),
                                   std::string("\"percentage\":25"), std::string("\"stage\":\"25%\""),
                                   std::string("\"updated_by\":\"integration-test\""),
                                   "\"updated_at\":\"" + formatTimestamp(written->updatedAt) + "\"",
                                   std::string("\"reason\":\"testing the store\"")})
        EXPECT_NE(m.find(part), std::string::npos) << part << " not in " << m;
}

TEST(RedisFlagStore, WrongPasswordIsUnavailableWithAClearMessage)
{
    REQUIRE_TEST_REDIS(target);
    auto store = storeFor(target, "not-the-password");
    const auto r = store->read(uniqueFlagName("auth"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::Unavailable);
    EXPECT_NE(r.error().message.find(target.host + ":" + std::to_string(target.port)), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("WRONGPASS"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find("not-the-password"), std::string::npos) << "the password leaked";
}

TEST(RedisFlagStore, MissingPasswordIsUnavailableSayingNoneWasGiven)
{
    REQUIRE_TEST_REDIS(target);
    if (target.password.empty())
        GTEST_SKIP() << "the test Redis has no password";
    auto store = storeFor(target, "");
    const auto r = store->write(uniqueFlagName("noauth"), change(5));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::Unavailable);
    EXPECT_NE(r.error().message.find("no password was given"), std::string::npos) << r.error().message;
}

TEST(RedisFlagStore, RightPasswordWorksAndPingAnswers)
{
    REQUIRE_TEST_REDIS(target);
    auto store = storeFor(target, target.password);
    const auto ping = store->ping();
    EXPECT_TRUE(ping.ok()) << ping.error().message;
}
