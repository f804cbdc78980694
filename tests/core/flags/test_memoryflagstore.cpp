// The in-memory FlagStore: versions, compare-and-set, conflicts, validation, async helpers.

#include "flags/flagstore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

using namespace rampart::flags;
using namespace std::chrono;

namespace {

FlagWrite change(double percentage, std::optional<std::int64_t> expected = std::nullopt)
{
    FlagWrite w;
    w.percentage = percentage;
    w.stage = std::to_string(static_cast<int>(percentage)) + "%";
    w.updatedBy = "alice";
    w.reason = "test";
    w.expectedVersion = expected;
    return w;
}

} // namespace

TEST(MemoryFlagStore, UnwrittenFlagIsNotFound)
{
    auto store = makeMemoryFlagStore();
    const auto r = store->read("ranker");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::NotFound);
}

TEST(MemoryFlagStore, WriteBumpsTheVersionAndStampsTheClock)
{
    const rampart::rollout::TimePoint t0 = sys_days(2024y / June / 3) + 9h;
    auto clock = std::make_shared<rampart::rollout::ManualClock>(t0);
    auto store = makeMemoryFlagStore(clock);
    const auto first = store->write("ranker", change(5, 0));
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->version, 1);
    EXPECT_EQ(first->updatedAt, t0);
    clock->advance(hours(48));
    const auto second = store->write("ranker", change(25, 1));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->version, 2);
    EXPECT_EQ(second->updatedAt, t0 + hours(48));
    const auto read = store->read("ranker");
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->percentage, 25);
    EXPECT_EQ(read->stage, "25%");
    EXPECT_EQ(read->updatedBy, "alice");
    EXPECT_EQ(read->name, "ranker");
}

TEST(MemoryFlagStore, StaleExpectedVersionIsAConflictNamingBothVersions)
{
    auto store = makeMemoryFlagStore();
    ASSERT_TRUE(store->write("ranker", change(5)).ok());
    ASSERT_TRUE(store->write("ranker", change(25)).ok());
    const auto r = store->write("ranker", change(50, 1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, flagerrc::VersionConflict);
    EXPECT_NE(r.error().message.find("expected version 1"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("version 2"), std::string::npos) << r.error().message;
    EXPECT_EQ(store->read("ranker")->percentage, 25); // unchanged
}

TEST(MemoryFlagStore, ExpectingVersionZeroMeansTheFlagMustNotExist)
{
    auto store = makeMemoryFlagStore();
    const auto conflict = store->write("new-flag", change(5, 3));
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, flagerrc::VersionConflict);
    EXPECT_EQ(store->read("new-flag").error().code, flagerrc::NotFound); // a lost CAS creates nothing
    ASSERT_TRUE(store->write("new-flag", change(5, 0)).ok());
    EXPECT_EQ(store->write("new-flag", change(5, 0)).error().code, flagerrc::VersionConflict);
}

TEST(MemoryFlagStore, InvalidWritesAreRejectedBeforeTouchingTheFlag)
{
    auto store = makeMemoryFlagStore();
    FlagWrite bad = change(120);
    const auto r = store->write("ranker", bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, rampart::errc::InvalidArgument);
    EXPECT_EQ(r.error().field, "percentage");
    EXPECT_EQ(store->write("bad name", change(5)).error().field, "flag");
    EXPECT_EQ(store->read("ranker").error().code, flagerrc::NotFound);
}

TEST(MemoryFlagStore, ConcurrentCompareAndSetLosesNoUpdate)
{
    auto store = makeMemoryFlagStore();
    ASSERT_TRUE(store->write("ranker", change(0)).ok());
    constexpr int writers = 8, perWriter = 500;
    std::vector<std::vector<std::int64_t>> versions(writers);
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            while (static_cast<int>(versions[w].size()) < perWriter) {
                const auto current = store->read("ranker");
                const auto r = store->write("ranker", change(w, current->version));
                if (r.ok())
                    versions[w].push_back(r->version);
                else
                    EXPECT_EQ(r.error().code, flagerrc::VersionConflict);
            }
        });
    for (auto &t : threads)
        t.join();
    std::set<std::int64_t> all;
    for (const auto &own : versions) {
        for (std::size_t i = 1; i < own.size(); ++i)
            EXPECT_LT(own[i - 1], own[i]);
        all.insert(own.begin(), own.end());
    }
    EXPECT_EQ(all.size(), std::size_t{writers * perWriter});
    EXPECT_EQ(store->read("ranker")->version, 1 + writers * perWriter);
}

TEST(MemoryFlagStore, VersionFloorKeepsVersionsGoingUp)
{
    auto store = makeMemoryFlagStore();
    FlagWrite write = change(50);
    write.versionFloor = 41;
    write.changeId = "c-1";
    const auto w = store->write("ranker", write);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w->version, 42) << "max(stored 0, floor 41) + 1";
    EXPECT_EQ(w->changeId, "c-1");
    write.versionFloor = 3; // below the stored version: the stored one counts
    EXPECT_EQ(store->write("ranker", write)->version, 43);
}
