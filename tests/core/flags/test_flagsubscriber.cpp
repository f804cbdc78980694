// Tests for core/flags/flagsubscriber.h against real redis-server processes: a write made
// through another connection arrives at once; a server that dies turns the state to down,
// and the subscription comes back (and delivers again) when the server does. Skipped when
// redis-server is not installed.

#include "flags/flagsubscriber.h"
#include "flags/redisflagstore.h"

#include "redistestsupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using namespace rampart;
using namespace rampart::flags;
using namespace rampart::flags::testing;
using namespace std::chrono_literals;

namespace {

/// What the subscriber reported, for the test thread to wait on.
struct Inbox
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> payloads;
    std::vector<SubscriptionState> states;

    FlagSubscriber::ChangeHandler onChange()
    {
        return [this](const std::string &p) {
            std::lock_guard lock(mutex);
            payloads.push_back(p);
            changed.notify_all();
        };
    }
    FlagSubscriber::StateHandler onState()
    {
        return [this](SubscriptionState s, const std::string &) {
            std::lock_guard lock(mutex);
            states.push_back(s);
            changed.notify_all();
        };
    }
    template <typename Pred>
    bool waitFor(Pred pred, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, timeout, [&] { return pred(); });
    }
};

std::unique_ptr<RedisFlagStore> storeFor(const RedisTarget &t)
{
    RedisFlagStore::Options o;
    o.url = t.url;
    o.password = t.password;
    auto s = RedisFlagStore::create(o);
    return s ? std::move(s).value() : nullptr;
}

} // namespace

TEST(FlagSubscriber, ChangeArrivesWithinASecondAndSurvivesARestartOfRedis)
{
    RedisServer server("s3cret");
    if (!server.start())
        GTEST_SKIP() << "redis-server could not be started";
    const std::string flag = uniqueFlagName("subscriber");
    Inbox inbox;
    FlagSubscriber::Options options;
    options.url = server.target().url;
    options.password = server.target().password;
    options.retryInterval = 100ms;
    auto subscriber = FlagSubscriber::start(options, flag, inbox.onChange(), inbox.onState());
    ASSERT_TRUE(subscriber.ok()) << subscriber.error().message;
    ASSERT_TRUE(inbox.waitFor([&] { return !inbox.states.empty() && inbox.states.back() == SubscriptionState::Subscribed; }, 5s));

    auto store = storeFor(server.target());
    const auto before = std::chrono::steady_clock::now();
    ASSERT_TRUE(store->write(flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    ASSERT_TRUE(inbox.waitFor([&] { return inbox.payloads.size() == 1; }, 1s));
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
    EXPECT_NE(inbox.payloads[0].find("\"percentage\":25"), std::string::npos) << inbox.payloads[0];
    EXPECT_NE(inbox.payloads[0].find("\"updated_by\":\"ops:anna\""), std::string::npos) << inbox.payloads[0];

    server.signal(SIGKILL);
    ASSERT_TRUE(inbox.waitFor([&] { return inbox.states.back() == SubscriptionState::Down; }, 5s));
    EXPECT_EQ((*subscriber)->state(), SubscriptionState::Down);

    ASSERT_TRUE(server.start());
    ASSERT_TRUE(inbox.waitFor([&] { return inbox.states.back() == SubscriptionState::Subscribed; }, 5s));
    auto again = storeFor(server.target());
    ASSERT_TRUE(again->write(flag, {0.0, "rollback", "ops:ben", "errors", std::nullopt}).ok());
    ASSERT_TRUE(inbox.waitFor([&] { return inbox.payloads.size() == 2; }, 1s));
    EXPECT_NE(inbox.payloads[1].find("\"stage\":\"rollback\""), std::string::npos) << inbox.payloads[1];
}

TEST(FlagSubscriber, WrongPasswordIsDownWithTheReasonNotSubscribed)
{
    RedisServer server("s3cret");
    if (!server.start())
        GTEST_SKIP() << "redis-server could not be started";
    std::string note;
    std::mutex mutex;
    std::vector<SubscriptionState> states;
    FlagSubscriber::Options options;
    options.url = server.target().url;
    options.password = "wrong";
    auto subscriber = FlagSubscriber::start(options, uniqueFlagName("subscriber-auth"), {},
                                            [&](SubscriptionState s, const std::string &n) {
                                                std::lock_guard lock(mutex);
                                                states.push_back(s);
                                                note = n;
                                            });
    ASSERT_TRUE(subscriber.ok());
    std::this_thread::sleep_for(300ms);
    std::lock_guard lock(mutex);
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back(), SubscriptionState::Down);
    EXPECT_NE(note.find("AUTH"), std::string::npos) << note;
}

TEST(FlagSubscriber, BadUrlOrFlagNameIsRefusedAtStart)
{
    EXPECT_EQ(FlagSubscriber::start({"http://x", "", 1000ms, 500ms}, "f", {}, {}).error().field, "url");
    EXPECT_FALSE(FlagSubscriber::start({"redis://127.0.0.1:1/0", "", 1000ms, 500ms}, "bad name!", {}, {}).ok());
}
