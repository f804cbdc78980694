// Tests for core/service/rolloutservice.h: every flag write is a compare-and-set followed by
// an audit record; a failing audit never undoes a write; transitions move the flag.

#include "service/rolloutservice.h"

#include "../rollout/rolloutfixture.h"
#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>

using namespace rampart;
using namespace rampart::service;
using rampart::testing::expectError;

namespace {

/// Collects entries; can be told to fail (store down, no outbox) or to queue (outbox).
class RecordingSink : public AuditSink
{
public:
    enum class Mode { Store, Queue, Fail };
    Mode mode = Mode::Store;
    std::vector<store::AuditEntry> entries;

    Result<store::AuditEntry> append(store::AuditEntry entry, bool &queued) override
    {
        queued = mode == Mode::Queue;
        if (mode == Mode::Fail)
            return makeError(store::storeerrc::Unavailable, "", "The audit store is down.");
        entry.id = static_cast<std::int64_t>(entries.size()) + 1;
        entries.push_back(entry);
        return entry;
    }
};

QJsonObject detailOf(const store::AuditEntry &e)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(e.detailJson)).object();
}

class RolloutServiceTest : public ::testing::Test
{
protected:
    std::unique_ptr<flags::FlagStore> flagStore = flags::makeMemoryFlagStore();
    RecordingSink sink;
    rollout::ManualClock clock{rollout::testing::t0()};
    RolloutService service{"documentation-keeper.ml-answers", *flagStore, sink, clock};
};

} // namespace

TEST_F(RolloutServiceTest, WriteIsAuditedWithTheNewVersion)
{
    auto change = service.setPercentage(5.0, "canary", "ops:anna", "start the canary");
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_DOUBLE_EQ(change->flag.percentage, 5.0);
    EXPECT_EQ(change->flag.version, 1);
    ASSERT_EQ(sink.entries.size(), 1u);
    const store::AuditEntry &e = sink.entries[0];
    EXPECT_EQ(e.action, "flag_write");
    EXPECT_EQ(e.actor, "ops:anna");
    EXPECT_EQ(e.subject, "documentation-keeper.ml-answers");
    EXPECT_EQ(e.at, clock.now());
    EXPECT_EQ(detailOf(e).value(QStringLiteral("flag")).toObject().value(QStringLiteral("version")).toInt(), 1);
    EXPECT_EQ(detailOf(e).value(QStringLiteral("reason")).toString(), QStringLiteral("start the canary"));
}

TEST_F(RolloutServiceTest, LostCompareAndSetWritesNoAudit)
{
    ASSERT_TRUE(service.setPercentage(5.0, "canary", "ops:anna", "start").ok());
    auto stale = service.setPercentage(25.0, "significance", "ops:jan", "advance", 0);
    expectError(stale, flags::flagerrc::VersionConflict, "expected_version");
    EXPECT_EQ(sink.entries.size(), 1u);
    EXPECT_DOUBLE_EQ(flagStore->read("documentation-keeper.ml-answers")->percentage, 5.0);
}

TEST_F(RolloutServiceTest, RollbackSucceedsWhenTheAuditIsQueuedOrLost)
{
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    sink.mode = RecordingSink::Mode::Queue;
    auto queued = service.rollback("oncall:piotr", "latency alert");
    ASSERT_TRUE(queued.ok());
    EXPECT_TRUE(queued->auditQueued);
    EXPECT_DOUBLE_EQ(queued->flag.percentage, 0.0);
    EXPECT_EQ(queued->flag.stage, "rollback");

    sink.mode = RecordingSink::Mode::Fail;
    auto lost = service.rollback("oncall:piotr", "again");
    ASSERT_TRUE(lost.ok()); // the flag write stands
    EXPECT_FALSE(lost->auditError.empty());
    EXPECT_EQ(flagStore->read("documentation-keeper.ml-answers")->version, 3);
}

TEST_F(RolloutServiceTest, BadWriteIsRefusedBeforeTheStore)
{
    expectError(service.setPercentage(120.0, "x", "ops:anna", "typo"), errc::InvalidArgument, "percentage");
    expectError(service.setPercentage(50.0, "x", "", "no actor"), errc::InvalidArgument, "updated_by");
    EXPECT_TRUE(sink.entries.empty());
}

TEST_F(RolloutServiceTest, TransitionsMoveTheFlagAndHoldsOnlyRecord)
{
    const rollout::Plan plan = rollout::testing::documentationKeeperPlan();
    auto started = rollout::startRollout(plan, rollout::RolloutState{}, "ops:anna", clock.now());
    ASSERT_TRUE(started.ok());
    auto applied = service.applyTransition(plan, *started);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_DOUBLE_EQ(applied->flag.percentage, 5.0);
    EXPECT_EQ(applied->flag.stage, "canary");
    EXPECT_EQ(sink.entries.back().action, "transition");

    auto held = rollout::manualHold(plan, started->state, "oncall:piotr", "pager", clock.now());
    ASSERT_TRUE(held.ok());
    auto recorded = service.applyTransition(plan, *held);
    ASSERT_TRUE(recorded.ok());
    EXPECT_EQ(recorded->flag.version, applied->flag.version); // no flag write for a hold
    EXPECT_EQ(detailOf(sink.entries.back()).value(QStringLiteral("to_status")).toString(), QStringLiteral("holding"));
}
