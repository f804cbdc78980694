// Tests for core/service/rolloutservice.h: the audit intent is kept before the flag is
// touched and the outcome after (applied, refused, not applied, unknown); a lost answer is
// reconciled by reading the flag back; versions never go below the audit trail's; transitions
// that move traffic are compare-and-sets against the decision's version (issues 8 and 9).

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

constexpr const char *kFlag = "documentation-keeper.ml-answers";

/// Keeps entries in memory; can be told to refuse keeping (a full disk) or to queue.
class RecordingSink : public AuditSink
{
public:
    bool refuseKeep = false;
    bool queue = false;
    std::int64_t floor = 0;
    std::vector<store::AuditEntry> entries;
    std::vector<std::pair<std::string, std::int64_t>> noted;

    Status keep(const store::AuditEntry &entry) override
    {
        if (refuseKeep)
            return makeError("io_error", "outbox_directory", "The disk is full.");
        entries.push_back(entry);
        entries.back().id = static_cast<std::int64_t>(entries.size());
        return Done{};
    }
    AuditDelivery deliver(const std::string &recordId) override
    {
        AuditDelivery d;
        d.queued = queue;
        if (!queue)
            for (const auto &e : entries)
                if (e.recordId == recordId)
                    d.stored = e;
        return d;
    }
    std::int64_t localFloor = 0;
    int storeQueries = 0;
    std::int64_t highestFlagVersion(const std::string &) override
    {
        ++storeQueries;
        return floor;
    }
    std::int64_t localFlagVersion(const std::string &) override { return localFloor; }
    void noteFlagVersion(const std::string &flag, std::int64_t version) override { noted.emplace_back(flag, version); }
};

/// A flag store in front of the memory store whose answers can be lost (issue 8, item 1:
/// Redis answers after the timeout).
class LossyFlagStore : public flags::FlagStore
{
public:
    explicit LossyFlagStore(RecordingSink &sink) : m_sink(sink) {}
    enum class Write { Normal, AppliedButAnswerLost, LostBeforeApplied, AppliedOverwrittenAnswerLost };
    Write writeMode = Write::Normal;
    int failingReads = 0;                 ///< the next reads answer Unavailable
    std::size_t entriesSeenAtWrite = 0;   ///< audit entries kept when the write arrived

    Result<flags::FlagState> read(const std::string &flag) override
    {
        if (failingReads > 0) {
            --failingReads;
            return makeError(flags::flagerrc::Unavailable, "", "Redis did not answer.");
        }
        return m_inner->read(flag);
    }
    Result<flags::FlagState> write(const std::string &flag, const flags::FlagWrite &change) override
    {
        entriesSeenAtWrite = m_sink.entries.size();
        const bool missing = !m_inner->read(flag).ok();
        if (writeMode == Write::LostBeforeApplied && (change.floorIsFinal || !missing))
            return makeError(flags::flagerrc::Unavailable, "", "Redis did not answer within 1000 ms.");
        auto written = m_inner->write(flag, change);
        if (!written && written.error().code == flags::flagerrc::FloorNeeded)
            return written; // answered: nothing written yet
        if (writeMode == Write::AppliedOverwrittenAnswerLost) {
            flags::FlagWrite other = change; // another operator's write lands right after ours
            other.changeId = "someone-else";
            other.expectedVersion.reset();
            (void)m_inner->write(flag, other);
        }
        if (writeMode != Write::Normal)
            return makeError(flags::flagerrc::Unavailable, "", "Redis did not answer within 1000 ms.");
        return written;
    }
    Result<std::optional<std::int64_t>> appliedVersion(const std::string &flag, const std::string &changeId) override
    {
        if (failingReads > 0) {
            --failingReads;
            return makeError(flags::flagerrc::Unavailable, "", "Redis did not answer.");
        }
        return m_inner->appliedVersion(flag, changeId);
    }

private:
    RecordingSink &m_sink;
    std::unique_ptr<flags::FlagStore> m_inner = flags::makeMemoryFlagStore();
};

QJsonObject detailOf(const store::AuditEntry &e)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(e.detailJson)).object();
}

QString phaseOf(const store::AuditEntry &e)
{
    return detailOf(e).value(QStringLiteral("phase")).toString();
}

QString outcomeOf(const store::AuditEntry &e)
{
    return detailOf(e).value(QStringLiteral("outcome")).toString();
}

class RolloutServiceTest : public ::testing::Test
{
protected:
    RecordingSink sink;
    LossyFlagStore flagStore{sink};
    rollout::ManualClock clock{rollout::testing::t0()};
    RolloutService service{kFlag, flagStore, sink, clock};
};

} // namespace

TEST_F(RolloutServiceTest, IntentIsKeptBeforeTheFlagAndTheOutcomeAfter)
{
    auto change = service.setPercentage(5.0, "canary", "ops:anna", "start the canary");
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_DOUBLE_EQ(change->flag.percentage, 5.0);
    EXPECT_EQ(change->flag.version, 1);
    EXPECT_EQ(change->flag.changeId, change->changeId) << "the flag carries the change id";
    EXPECT_EQ(flagStore.entriesSeenAtWrite, 1u) << "the intent was kept before the compare-and-set";
    ASSERT_EQ(sink.entries.size(), 2u);
    const store::AuditEntry &intent = sink.entries[0];
    const store::AuditEntry &outcome = sink.entries[1];
    EXPECT_EQ(phaseOf(intent), QStringLiteral("intent"));
    EXPECT_EQ(intent.recordId, change->changeId + "/intent");
    EXPECT_FALSE(intent.flagVersion.has_value());
    EXPECT_EQ(phaseOf(outcome), QStringLiteral("outcome"));
    EXPECT_EQ(outcomeOf(outcome), QStringLiteral("applied"));
    EXPECT_EQ(outcome.recordId, change->changeId + "/outcome");
    EXPECT_EQ(outcome.flagVersion, std::optional<std::int64_t>(1));
    EXPECT_EQ(outcome.action, "flag_write");
    EXPECT_EQ(outcome.actor, "ops:anna");
    EXPECT_EQ(outcome.subject, kFlag);
    EXPECT_EQ(outcome.at, clock.now());
    EXPECT_EQ(detailOf(outcome).value(QStringLiteral("flag")).toObject().value(QStringLiteral("version")).toInteger(), 1);
    EXPECT_EQ(detailOf(outcome).value(QStringLiteral("reason")).toString(), QStringLiteral("start the canary"));
    ASSERT_TRUE(change->audit.has_value());
    EXPECT_EQ(change->audit->recordId, outcome.recordId);
    ASSERT_EQ(sink.noted.size(), 1u);
    EXPECT_EQ(sink.noted[0].second, 1);
}

TEST_F(RolloutServiceTest, LostCompareAndSetIsRecordedAsRefused)
{
    ASSERT_TRUE(service.setPercentage(5.0, "canary", "ops:anna", "start").ok());
    auto stale = service.setPercentage(25.0, "significance", "ops:jan", "advance", 0);
    expectError(stale, flags::flagerrc::VersionConflict, "expected_version");
    ASSERT_EQ(sink.entries.size(), 4u);
    EXPECT_EQ(phaseOf(sink.entries[2]), QStringLiteral("intent"));
    EXPECT_EQ(outcomeOf(sink.entries[3]), QStringLiteral("refused"));
    EXPECT_FALSE(sink.entries[3].flagVersion.has_value()) << "no flag version for a refused write";
    EXPECT_DOUBLE_EQ(flagStore.read(kFlag)->percentage, 5.0);
}

TEST_F(RolloutServiceTest, IntentThatCannotBeKeptLeavesTheFlagAlone)
{
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    sink.refuseKeep = true;
    auto refused = service.rollback("oncall:piotr", "latency alert");
    expectError(refused, serviceerrc::AuditUnavailable, "outbox_directory");
    EXPECT_EQ(flagStore.read(kFlag)->version, 1) << "no flag change without its audit record";
}

TEST_F(RolloutServiceTest, RollbackWhileTheStoreIsDownIsQueued)
{
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    sink.queue = true;
    auto queued = service.rollback("oncall:piotr", "latency alert");
    ASSERT_TRUE(queued.ok());
    EXPECT_TRUE(queued->auditQueued);
    EXPECT_FALSE(queued->audit.has_value());
    EXPECT_DOUBLE_EQ(queued->flag.percentage, 0.0);
    EXPECT_EQ(queued->flag.stage, "rollback");
}

TEST_F(RolloutServiceTest, AnswerLostAfterTheTimeoutIsReconciledAsApplied)
{
    flagStore.writeMode = LossyFlagStore::Write::AppliedButAnswerLost;
    auto change = service.rollback("oncall:piotr", "latency alert");
    ASSERT_TRUE(change.ok()) << "the flag changed, so this is no 'unavailable': " << change.error().message;
    EXPECT_TRUE(change->reconciled);
    EXPECT_EQ(change->flag.version, 1);
    EXPECT_EQ(outcomeOf(sink.entries.back()), QStringLiteral("applied"));
    EXPECT_EQ(sink.entries.back().flagVersion, std::optional<std::int64_t>(1));
}

TEST_F(RolloutServiceTest, WriteLostBeforeItAppliedIsNotAppliedUnderCompareAndSet)
{
    ASSERT_TRUE(service.setPercentage(5.0, "canary", "ops:anna", "start").ok());
    flagStore.writeMode = LossyFlagStore::Write::LostBeforeApplied;
    auto change = service.setPercentage(25.0, "significance", "ops:anna", "advance", 1);
    expectError(change, flags::flagerrc::Unavailable, "");
    EXPECT_EQ(outcomeOf(sink.entries.back()), QStringLiteral("not_applied"));
}

TEST_F(RolloutServiceTest, AnswerLostAndOverwrittenIsStillReconciledAsApplied)
{
    flagStore.writeMode = LossyFlagStore::Write::AppliedOverwrittenAnswerLost;
    auto change = service.rollback("oncall:piotr", "latency alert");
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_TRUE(change->reconciled);
    EXPECT_EQ(change->flag.version, 1) << "ours was version 1, the later write version 2";
    EXPECT_EQ(sink.entries.back().flagVersion, std::optional<std::int64_t>(1));
}

TEST_F(RolloutServiceTest, RollbackLostBeforeItAppliedIsKnownNotApplied)
{
    flagStore.writeMode = LossyFlagStore::Write::LostBeforeApplied;
    auto change = service.rollback("oncall:piotr", "latency alert");
    expectError(change, flags::flagerrc::Unavailable, "");
    EXPECT_EQ(outcomeOf(sink.entries.back()), QStringLiteral("not_applied"));
}

TEST_F(RolloutServiceTest, OutcomeIsUnknownWhenTheReadBackFailsToo)
{
    service.setReconcileBudget(std::chrono::milliseconds(200));
    flagStore.writeMode = LossyFlagStore::Write::AppliedButAnswerLost;
    flagStore.failingReads = 1000;
    auto change = service.rollback("oncall:piotr", "latency alert");
    expectError(change, serviceerrc::OutcomeUnknown, "flag");
    EXPECT_EQ(outcomeOf(sink.entries.back()), QStringLiteral("unknown"));
}

TEST_F(RolloutServiceTest, VersionsStartAboveTheAuditTrailsHighest)
{
    sink.floor = 41; // Redis lost the flag; the audit trail knows version 41 was handed out
    auto change = service.setPercentage(5.0, "canary", "ops:anna", "start", 0);
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_EQ(change->flag.version, 42);
    EXPECT_EQ(detailOf(sink.entries[1]).value(QStringLiteral("version_floor")).toInteger(), 41);
}

TEST_F(RolloutServiceTest, TheAuditTrailIsAskedOnlyWhenTheFlagIsMissing)
{
    sink.floor = 41;
    ASSERT_TRUE(service.rollback("oncall:piotr", "first write").ok());
    EXPECT_EQ(sink.storeQueries, 1) << "a missing flag needs the trail's floor";
    auto second = service.rollback("oncall:piotr", "second write");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->flag.version, 43);
    EXPECT_EQ(sink.storeQueries, 1) << "an existing flag continues from its own version: no wait for the store";
}

TEST_F(RolloutServiceTest, BadWriteIsRefusedBeforeAnyRecord)
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
    auto applied = service.applyTransition(plan, *started, 0);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_DOUBLE_EQ(applied->flag.percentage, 5.0);
    EXPECT_EQ(applied->flag.stage, "canary");
    EXPECT_EQ(sink.entries.back().action, "transition");

    auto held = rollout::manualHold(plan, started->state, "oncall:piotr", "pager", clock.now());
    ASSERT_TRUE(held.ok());
    auto recorded = service.applyTransition(plan, *held, applied->flag.version);
    ASSERT_TRUE(recorded.ok());
    EXPECT_EQ(recorded->flag.version, applied->flag.version); // no flag write for a hold
    EXPECT_EQ(detailOf(sink.entries.back()).value(QStringLiteral("to_status")).toString(), QStringLiteral("holding"));
}

TEST_F(RolloutServiceTest, StaleAdvanceNeverOverwritesARollback)
{
    const rollout::Plan plan = rollout::testing::documentationKeeperPlan();
    auto started = rollout::startRollout(plan, rollout::RolloutState{}, "ops:anna", clock.now());
    ASSERT_TRUE(started.ok());
    expectError(service.applyTransition(plan, *started, std::nullopt), serviceerrc::ExpectedVersionRequired,
                "expected_version");
    auto applied = service.applyTransition(plan, *started, 0);
    ASSERT_TRUE(applied.ok());
    // Another operator rolls back; this controller still acts on version 1.
    ASSERT_TRUE(service.rollback("oncall:piotr", "latency alert").ok());
    auto stale = rollout::startRollout(plan, rollout::RolloutState{}, "ops:anna", clock.now());
    ASSERT_TRUE(stale.ok());
    expectError(service.applyTransition(plan, *stale, applied->flag.version), flags::flagerrc::VersionConflict,
                "expected_version");
    EXPECT_EQ(flagStore.read(kFlag)->stage, "rollback");
    // A rollback transition needs no version.
    auto rolledBack = rollout::manualRollback(plan, started->state, "oncall:piotr", "again", clock.now());
    ASSERT_TRUE(rolledBack.ok()) << rolledBack.error().message;
    ASSERT_TRUE(service.applyTransition(plan, *rolledBack, std::nullopt).ok());
}

// Rollback latency (issue 11): the rollback lane confirms once the flag holds the rollback and
// its intent record is kept, before the version mark and the outcome record (two fsyncs on
// the outbox) — they still follow, in the same call.
TEST_F(RolloutServiceTest, RollbackConfirmsOnceAppliedBeforeTheOutcomeRecord)
{
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    const std::size_t before = sink.entries.size();
    int calls = 0;
    auto change = service.rollback("oncall:piotr", "latency alert", 5.0, [&](const FlagChange &applied) {
        ++calls;
        EXPECT_DOUBLE_EQ(applied.flag.percentage, 5.0);
        EXPECT_DOUBLE_EQ(flagStore.read(kFlag)->percentage, 5.0) << "confirmed only once the flag holds it";
        EXPECT_TRUE(applied.auditQueued);
        ASSERT_EQ(sink.entries.size(), before + 1) << "the intent record is kept, the outcome not yet";
        EXPECT_EQ(phaseOf(sink.entries.back()), QStringLiteral("intent"));
        EXPECT_EQ(sink.noted.size(), 1u) << "the version mark comes after the confirmation";
    });
    ASSERT_TRUE(change.ok()) << change.error().message;
    EXPECT_EQ(calls, 1);
    ASSERT_EQ(sink.entries.size(), before + 2);
    EXPECT_EQ(outcomeOf(sink.entries.back()), QStringLiteral("applied"));
    EXPECT_EQ(sink.noted.size(), 2u);
}

TEST_F(RolloutServiceTest, ARollbackThatIsNotAppliedIsNeverConfirmedEarly)
{
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance").ok());
    flagStore.writeMode = LossyFlagStore::Write::LostBeforeApplied;
    bool called = false;
    auto change = service.rollback("oncall:piotr", "latency alert", 0.0, [&](const FlagChange &) { called = true; });
    EXPECT_FALSE(change.ok());
    EXPECT_FALSE(called);
}
