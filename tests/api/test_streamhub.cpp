// The live stream's numbering (core/api/streamhub.h): every event gets the next number; a
// client that names its last number in this epoch gets exactly what came after; a client
// from another epoch, from the future or from before what is kept gets a reset with the
// latest event of every kind, in order. Also the codecs the stream's events are made of.

#include "api/streamhub.h"

#include "io/planjson.h"
#include "io/statejson.h"
#include "service/snapshotjson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace rampart;

namespace {

rollout::Plan shippedPlan()
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    EXPECT_TRUE(plan) << plan.error().message;
    return plan ? *plan : rollout::Plan{};
}

std::uint64_t seqOf(const QByteArray &event)
{
    return static_cast<std::uint64_t>(QJsonDocument::fromJson(event).object().value(QStringLiteral("seq")).toInteger());
}

QString typeOf(const QByteArray &event)
{
    return QJsonDocument::fromJson(event).object().value(QStringLiteral("type")).toString();
}

TEST(StreamHub, AReconnectingClientGetsExactlyWhatItMissed)
{
    api::StreamHub hub(shippedPlan(), 16);
    for (int i = 0; i < 10; ++i)
        hub.publish({{QStringLiteral("type"), i % 2 ? QStringLiteral("flag") : QStringLiteral("health")}});
    EXPECT_EQ(hub.lastSeq(), 10u);
    const auto missed = hub.since(hub.epoch(), 7);
    EXPECT_FALSE(missed.reset);
    ASSERT_EQ(missed.events.size(), 3u);
    EXPECT_EQ(seqOf(missed.events[0]), 8u);
    EXPECT_EQ(seqOf(missed.events[2]), 10u);
    const auto upToDate = hub.since(hub.epoch(), 10);
    EXPECT_FALSE(upToDate.reset);
    EXPECT_TRUE(upToDate.events.empty());
}

TEST(StreamHub, AnUnknownPositionGetsTheLatestOfEveryKindInOrder)
{
    api::StreamHub hub(shippedPlan(), 16);
    hub.publish({{QStringLiteral("type"), QStringLiteral("state")}});      // 1
    hub.publish({{QStringLiteral("type"), QStringLiteral("flag")}});       // 2
    hub.publish({{QStringLiteral("type"), QStringLiteral("command")}});    // 3: not part of a reset
    hub.publish({{QStringLiteral("type"), QStringLiteral("evaluation")}}); // 4
    hub.publish({{QStringLiteral("type"), QStringLiteral("flag")}});       // 5
    for (const auto &catchup : {hub.since("another-epoch", 3), hub.since(hub.epoch(), 99), hub.since(hub.epoch(), std::nullopt)}) {
        EXPECT_TRUE(catchup.reset);
        ASSERT_EQ(catchup.events.size(), 3u);
        EXPECT_EQ(seqOf(catchup.events[0]), 1u);
        EXPECT_EQ(typeOf(catchup.events[0]), QStringLiteral("state"));
        EXPECT_EQ(seqOf(catchup.events[1]), 4u);
        EXPECT_EQ(seqOf(catchup.events[2]), 5u);
    }
}

TEST(StreamHub, APositionOlderThanWhatIsKeptIsAReset)
{
    api::StreamHub hub(shippedPlan(), 16);
    for (int i = 0; i < 40; ++i)
        hub.publish({{QStringLiteral("type"), QStringLiteral("flag")}});
    EXPECT_TRUE(hub.since(hub.epoch(), 10).reset) << "events 11–24 are no longer kept";
    const auto kept = hub.since(hub.epoch(), 24);
    EXPECT_FALSE(kept.reset);
    EXPECT_EQ(kept.events.size(), 16u);
    api::StreamHub other(shippedPlan());
    EXPECT_NE(other.epoch(), hub.epoch()) << "each process has its own epoch";
}

TEST(StreamHub, NewAuditRecordsArePublishedInOrderAndTheHistoryIsNotReplayed)
{
    std::vector<store::AuditEntry> trail;
    bool down = false;
    const auto add = [&](const char *actor, const char *action) {
        store::AuditEntry e;
        e.id = static_cast<std::int64_t>(trail.size()) + 1;
        e.actor = actor;
        e.action = action;
        e.subject = "flag";
        e.detailJson = "{}";
        e.recordId = "r" + std::to_string(e.id);
        trail.push_back(e);
    };
    add("olga", "transition");
    add("sam", "sign_off");
    api::StreamHub hub(shippedPlan(), 64);
    std::vector<QJsonObject> events;
    QObject::connect(&hub, &api::StreamHub::published, &hub, [&](std::uint64_t, const QByteArray &m) {
        events.push_back(QJsonDocument::fromJson(m).object());
    });
    hub.setAuditReader(
        [&](std::int64_t after, int limit) -> Result<std::vector<store::AuditEntry>> {
            if (down)
                return makeError("store_unavailable", "", "down");
            std::vector<store::AuditEntry> out;
            for (const store::AuditEntry &e : trail)
                if (e.id > after && static_cast<int>(out.size()) < limit)
                    out.push_back(e);
            return out;
        },
        std::chrono::hours(1));
    EXPECT_TRUE(events.empty()) << "the records before the hub started are not replayed";
    add("olga", "rollback");
    down = true;
    hub.pollAudit();
    EXPECT_TRUE(events.empty()) << "the store is down: nothing, and nothing lost";
    down = false;
    add("sam", "sign_off");
    hub.pollAudit();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].value(QStringLiteral("type")).toString(), QStringLiteral("audit"));
    EXPECT_EQ(events[0][QStringLiteral("record")][QStringLiteral("action")].toString(), QStringLiteral("rollback"));
    EXPECT_EQ(events[1][QStringLiteral("record")][QStringLiteral("actor")].toString(), QStringLiteral("sam"));
    hub.pollAudit();
    EXPECT_EQ(events.size(), 2u) << "each record once";
}

TEST(StreamCodecs, FlagAndTransitionRoundTrip)
{
    flags::FlagState f;
    f.name = "ml-agent-rollout";
    f.percentage = 25;
    f.stage = "early";
    f.version = 7;
    f.updatedBy = "olga";
    f.updatedAt = rollout::TimePoint(std::chrono::seconds(1'800'000'000));
    f.reason = "advance";
    f.changeId = "c-1";
    const flags::FlagState back = service::flagFromJson(service::flagToJson(f));
    EXPECT_EQ(back.name, f.name);
    EXPECT_EQ(back.percentage, f.percentage);
    EXPECT_EQ(back.stage, f.stage);
    EXPECT_EQ(back.version, f.version);
    EXPECT_EQ(back.updatedBy, f.updatedBy);
    EXPECT_EQ(back.updatedAt, f.updatedAt);
    EXPECT_EQ(back.reason, f.reason);
    EXPECT_EQ(back.changeId, f.changeId);

    const rollout::TransitionEvent t{"olga", rollout::TimePoint(std::chrono::seconds(1'800'000'000)), rollout::RolloutStatus::Running,
                                     rollout::RolloutStatus::RolledBack, 25.0, 5.0, "pager", "abc", false};
    auto parsed = io::transitionFromJson(io::transitionToJson(t));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->actor, t.actor);
    EXPECT_EQ(parsed->at, t.at);
    EXPECT_EQ(parsed->fromStatus, t.fromStatus);
    EXPECT_EQ(parsed->toStatus, t.toStatus);
    EXPECT_EQ(parsed->toPercentage, t.toPercentage);
    EXPECT_EQ(parsed->reason, t.reason);
    QJsonObject bad = io::transitionToJson(t);
    bad.insert(QStringLiteral("to_status"), QStringLiteral("sideways"));
    auto refused = io::transitionFromJson(bad, QStringLiteral("history[3]"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "history[3].to_status");
}

} // namespace
