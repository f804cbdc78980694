// Tests for core/rollout/gateengine.h: one test per rule of docs/decision-rules.md.

#include "rolloutfixture.h"

#include "rollout/gateengine.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace rampart::rollout;
using namespace rampart::rollout::testing;

namespace {

bool hasReason(const Decision &d, const std::string &code)
{
    return std::any_of(d.reasons.begin(), d.reasons.end(), [&](const Reason &r) { return r.code == code; });
}

const Reason *reasonOf(const Decision &d, const std::string &code)
{
    for (const Reason &r : d.reasons)
        if (r.code == code)
            return &r;
    return nullptr;
}

const GateRow *gateOf(const Decision &d, const std::string &gate)
{
    for (const GateRow &g : d.gates)
        if (g.gate == gate)
            return &g;
    return nullptr;
}

std::string reasonCodes(const Decision &d)
{
    std::string s;
    for (const Reason &r : d.reasons)
        s += r.code + ": " + r.message + "\n";
    return s;
}

class GateEngineTest : public ::testing::Test
{
protected:
    Plan plan = documentationKeeperPlan();
    TimePoint now = t0();
};

} // namespace

TEST_F(GateEngineTest, AdvancesWhenEveryGatePassesAndSignedOff)
{
    const RolloutState state = runningAt(1, now, 50h);
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, state, e, now);
    EXPECT_EQ(d.action, Action::Advance) << reasonCodes(d);
    EXPECT_DOUBLE_EQ(d.currentPercentage, 25.0);
    EXPECT_DOUBLE_EQ(d.targetPercentage, 50.0); // the next stage only
    ASSERT_TRUE(d.look.has_value());
    EXPECT_TRUE(d.look->taken);
    EXPECT_TRUE(d.look->crossed);
    for (const GateRow &g : d.gates)
        EXPECT_EQ(g.status, GateStatus::Pass) << g.gate << ": " << g.detail;
}

TEST_F(GateEngineTest, HoldsForSignOffWhenEverythingElsePasses)
{
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), healthyEvidence(now, 25.0), now);
    EXPECT_EQ(d.action, Action::Hold);
    ASSERT_EQ(d.reasons.size(), 1u) << reasonCodes(d);
    EXPECT_EQ(d.reasons[0].code, reason::SignOffMissing);
    EXPECT_NE(d.reasons[0].message.find("0 of 1"), std::string::npos);
}

TEST_F(GateEngineTest, SignOffFromAnEarlierStageDoesNotCount)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 5.0, now - 60h)}; // approved leaving 5%, not 25%
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_TRUE(hasReason(d, reason::SignOffMissing)) << reasonCodes(d);
}

TEST_F(GateEngineTest, SignOffNeedsDistinctApprovers)
{
    Evidence e = healthyEvidence(now, 50.0);
    e.signOffs = {approval("ewa", 50.0, now - 2h), approval("ewa", 50.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, runningAt(2, now, 50h), e, now);
    ASSERT_TRUE(hasReason(d, reason::SignOffMissing)) << reasonCodes(d);
    EXPECT_NE(reasonOf(d, reason::SignOffMissing)->message.find("1 of 2"), std::string::npos);
}

TEST_F(GateEngineTest, LatestRejectionHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 25.0, now - 3h), approval("ewa", 25.0, now - 1h, false)};
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::SignOffRejected)) << reasonCodes(d);
}

TEST_F(GateEngineTest, HoldsBeforeMinimumDwell)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 20h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    const Reason *r = reasonOf(d, reason::DwellNotReached);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_NE(r->message.find("20 h of 48 h"), std::string::npos) << r->message;
}

TEST_F(GateEngineTest, InsufficientSampleNamesTheNumbers)
{
    // The stage's own minimum (1000 per cohort); the efficacy test itself needs no fixed
    // sample: its looks follow the information (test_significance.cpp).
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), healthyEvidence(now, 25.0, 812), now);
    EXPECT_EQ(d.action, Action::Hold);
    const Reason *r = reasonOf(d, reason::InsufficientSample);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_NE(r->message.find("insufficient sample size: 812 of 1000 per cohort"), std::string::npos) << r->message;
    EXPECT_EQ(d.sample.requiredTreatment, 1000);
    EXPECT_EQ(d.sample.requiredControl, 1000);
    EXPECT_EQ(d.sample.treatment, 812);
    ASSERT_TRUE(d.sample.projectedWait.has_value());
    EXPECT_GT(d.sample.projectedWait->count(), 0);
    // No sequential look is taken before the stage is ready.
    EXPECT_FALSE(d.look && d.look->taken);
}

TEST_F(GateEngineTest, StageMinimumSampleAppliesWithoutSignificance)
{
    plan.stages[1].requireSignificance = false;
    plan.stages[1].minimumSamplesPerCohort = 1000;
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), healthyEvidence(now, 25.0, 900), now);
    const Reason *r = reasonOf(d, reason::InsufficientSample);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_NE(r->message.find("900 of 1000"), std::string::npos) << r->message;
}

TEST_F(GateEngineTest, HoldsOnSampleRatioMismatch)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.treatmentUnits = 1500; // 1500 : 3600 is 29.4%, not 25% (scipy.stats.chisquare p ≈ 3e-13)
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::SampleRatioMismatch)) << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "srm")->status, GateStatus::Fail);
}

TEST_F(GateEngineTest, MissingTelemetryIsAHoldNotAZero)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges.erase(e.gauges.begin()); // no P95 reading at all
    e.gauges[0].value.reset();        // CPU present but without a value
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_EQ(std::count_if(d.reasons.begin(), d.reasons.end(),
                            [](const Reason &r) { return r.code == reason::TelemetryMissing; }),
              2)
        << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "p95_latency_ms")->status, GateStatus::Pending);
}

TEST_F(GateEngineTest, StaleTelemetryHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges[1].sampledAt = now - 20min; // plan allows 5 min
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    const Reason *r = reasonOf(d, reason::TelemetryStale);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_EQ(r->gate, "cpu_percent");
}

TEST_F(GateEngineTest, ServiceBreachHoldsThenRollsBackAfterConsecutiveBreaches)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges[0].value = 131.0; // P95 latency over 100 ms
    RolloutState state = runningAt(1, now, 50h);

    Decision first = GateEngine::evaluate(plan, state, e, now);
    EXPECT_EQ(first.action, Action::Hold);
    EXPECT_TRUE(hasReason(first, reason::ServiceBreach)) << reasonCodes(first);
    EXPECT_EQ(first.consecutiveBreaches.at("p95_latency_ms"), 1);

    state.consecutiveBreaches["p95_latency_ms"] = 2;
    Decision third = GateEngine::evaluate(plan, state, e, now);
    EXPECT_EQ(third.action, Action::Rollback) << reasonCodes(third);
    EXPECT_DOUBLE_EQ(third.targetPercentage, 5.0); // the last stable stage
    EXPECT_EQ(third.reasons.front().code, reason::ServiceBreachRollback);
    EXPECT_EQ(third.consecutiveBreaches.at("p95_latency_ms"), 3);
}

TEST_F(GateEngineTest, RecoveredGateResetsTheBreachCount)
{
    RolloutState state = runningAt(1, now, 50h);
    state.consecutiveBreaches["p95_latency_ms"] = 2;
    const Decision d = GateEngine::evaluate(plan, state, healthyEvidence(now, 25.0), now);
    EXPECT_EQ(d.consecutiveBreaches.at("p95_latency_ms"), 0);
}

TEST_F(GateEngineTest, UptimeGateComparesAbove)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges[2].value = 99.5;
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    const Reason *r = reasonOf(d, reason::ServiceBreach);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_EQ(r->gate, "uptime_percent");
}

TEST_F(GateEngineTest, SignificantGuardrailDegradationRollsBack)
{
    Evidence e = healthyEvidence(now, 25.0);
    // Latency 62 → 95 ms: far beyond the 10% margin.
    e.metrics[3].treatment = cohort(continuous(1200, 95.0, 20.0));
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Rollback) << reasonCodes(d);
    EXPECT_EQ(d.reasons.front().code, reason::GuardrailDegraded);
    EXPECT_EQ(d.reasons.front().gate, "metric:latency_ms");
    EXPECT_FALSE(d.terminal);
    EXPECT_DOUBLE_EQ(d.targetPercentage, 5.0);
}

TEST_F(GateEngineTest, DegradationWithinTheMarginIsTolerated)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[3].treatment = latency(1200, 64.0, 18.0); // +3%, margin is 10%
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_NE(d.action, Action::Rollback) << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "metric:latency_ms")->status, GateStatus::Pass);
}

TEST_F(GateEngineTest, RollbackFromTheFirstStageGoesToZero)
{
    Evidence e = healthyEvidence(now, 5.0, 300);
    e.metrics[4].treatment = cohort(binary(300, 60)); // 20% errors vs 1%
    const Decision d = GateEngine::evaluate(plan, runningAt(0, now, 30h), e, now);
    EXPECT_EQ(d.action, Action::Rollback) << reasonCodes(d);
    EXPECT_DOUBLE_EQ(d.targetPercentage, 0.0);
}

TEST_F(GateEngineTest, HoldsWhenPrimaryMetricsAreNotSignificant)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[0].treatment = cohort(binary(1200, 962));              // 80.2% vs 80%
    e.metrics[1].treatment = cohort(continuous(1200, 13.85, 4.6));   // no real change
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    const Reason *r = reasonOf(d, reason::NotSignificant);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    ASSERT_TRUE(d.look.has_value());
    EXPECT_TRUE(d.look->taken);
    EXPECT_FALSE(d.look->crossed);
}

TEST_F(GateEngineTest, EarlierEfficacyCarriesToLaterStages)
{
    RolloutState state = runningAt(1, now, 50h);
    state.looks = {{0.4, 2.9, 0.0019}};
    state.efficacyLook = 1;
    Evidence e = healthyEvidence(now, 25.0);
    e.metrics[1].treatment = cohort(continuous(1200, 13.85, 4.6)); // later data alone would not be significant
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, state, e, now);
    EXPECT_EQ(d.action, Action::Advance) << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "significance")->status, GateStatus::Pass);
}

TEST_F(GateEngineTest, NoNewLookUntilTheNextPlannedFraction)
{
    RolloutState state = runningAt(1, now, 50h);
    state.looks = {{0.3, 3.6, 0.00016}}; // look 1 of 4 taken; look 2 is due at t = 0.5
    const Decision d = GateEngine::evaluate(plan, state, healthyEvidence(now, 25.0, 560), now); // t ≈ 0.4
    ASSERT_TRUE(d.look.has_value());
    EXPECT_FALSE(d.look->taken);
    EXPECT_EQ(d.look->index, 1);
    ASSERT_TRUE(d.look->nextLookAt.has_value());
    EXPECT_DOUBLE_EQ(*d.look->nextLookAt, 0.5);
    EXPECT_TRUE(hasReason(d, reason::NotSignificant)) << reasonCodes(d);
}

TEST_F(GateEngineTest, FinalLookWithoutEfficacyRecommendsRollingBack)
{
    RolloutState state = runningAt(1, now, 50h);
    state.looks = {{1.0, 1.959963985, 0.025}}; // the final look was taken and not crossed
    const Decision d = GateEngine::evaluate(plan, state, healthyEvidence(now, 25.0), now);
    EXPECT_EQ(d.action, Action::Rollback) << reasonCodes(d);
    EXPECT_EQ(d.reasons.front().code, reason::SequentialTestExhausted);
    EXPECT_DOUBLE_EQ(d.targetPercentage, 5.0); // the last stable stage, never a hold forever
    EXPECT_TRUE(d.terminal); // a recommendation, not a safety rollback
}

TEST_F(GateEngineTest, BusinessGateUnmetHolds)
{
    plan.stages[2].businessGates = {{"accuracy", BusinessGate::Measure::RelativeImprovement, 0.15, BusinessGate::Basis::Estimate}};
    Evidence e = healthyEvidence(now, 50.0, 4000); // accuracy +10%, gate wants > 15%
    e.signOffs = {approval("ewa", 50.0, now - 1h), approval("jan", 50.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, runningAt(2, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    const Reason *r = reasonOf(d, reason::BusinessGateUnmet);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_NEAR(*r->observed, 0.10, 1e-3);
    EXPECT_DOUBLE_EQ(*r->threshold, 0.15);
}

TEST_F(GateEngineTest, IncidentsAboveTheStageLimitHold)
{
    Evidence e = healthyEvidence(now, 5.0, 300);
    e.incidents = 1;
    const Decision d = GateEngine::evaluate(plan, runningAt(0, now, 30h), e, now);
    EXPECT_TRUE(hasReason(d, reason::IncidentsExceeded)) << reasonCodes(d);
}

TEST_F(GateEngineTest, FlagAtTheWrongPercentageHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.flag->percentage = 50.0;
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_TRUE(hasReason(d, reason::FlagMismatch)) << reasonCodes(d);
}

TEST_F(GateEngineTest, CompletesAfterTheStabilityPeriodAt100)
{
    const Decision early = GateEngine::evaluate(plan, runningAt(4, now, 30h), healthyEvidence(now, 100.0), now);
    EXPECT_EQ(early.action, Action::Hold);
    EXPECT_TRUE(hasReason(early, reason::StabilityPeriod)) << reasonCodes(early);

    const Decision done = GateEngine::evaluate(plan, runningAt(4, now, std::chrono::hours(24 * 7 + 1)), healthyEvidence(now, 100.0), now);
    EXPECT_EQ(done.action, Action::Complete) << reasonCodes(done);
    EXPECT_DOUBLE_EQ(done.targetPercentage, 100.0);
}

TEST_F(GateEngineTest, FinalBusinessGatesMustHold)
{
    Evidence e = healthyEvidence(now, 100.0);
    e.metrics[2].treatment = ordinal({50, 50, 300, 400, 400}); // mean ≈ 3.8 < 4.2
    const Decision d = GateEngine::evaluate(plan, runningAt(4, now, std::chrono::hours(24 * 8)), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    const Reason *r = reasonOf(d, reason::BusinessGateUnmet);
    ASSERT_NE(r, nullptr) << reasonCodes(d);
    EXPECT_EQ(r->gate, "business:satisfaction");
}

TEST_F(GateEngineTest, EveryReasonIsAlwaysGiven)
{
    // Several problems at once: each is reported, not just the first.
    Evidence e = healthyEvidence(now, 25.0, 500);
    e.gauges.clear();
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 10h), e, now);
    EXPECT_TRUE(hasReason(d, reason::TelemetryMissing));
    EXPECT_TRUE(hasReason(d, reason::DwellNotReached));
    EXPECT_TRUE(hasReason(d, reason::InsufficientSample));
    EXPECT_TRUE(hasReason(d, reason::SignOffMissing));
    for (const Reason &r : d.reasons)
        EXPECT_FALSE(r.message.empty()) << r.code;
}

TEST_F(GateEngineTest, NotRunningRolloutIsNotEvaluated)
{
    RolloutState state;
    const Decision d = GateEngine::evaluate(plan, state, healthyEvidence(now, 25.0), now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_EQ(d.reasons.at(0).code, "not_running");
}

TEST_F(GateEngineTest, AdvanceAfterSignOffReEvaluatesAndRefusesWorseEvidence)
{
    const RolloutState state = runningAt(1, now, 50h);
    Evidence signedOff = healthyEvidence(now, 25.0);
    signedOff.signOffs = {approval("ewa", 25.0, now - 1h)};
    auto moved = requestAdvance(plan, state, signedOff, "ops:anna", "hash-seen", now);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
    EXPECT_EQ(moved->state.stage, 2u);
    EXPECT_EQ(moved->event.evidenceHash, "hash-seen");

    // Between the sign-off and the click the CPU gate started failing.
    Evidence worse = signedOff;
    worse.gauges[1].value = 93.0;
    auto refused = requestAdvance(plan, state, worse, "ops:anna", "hash-now", now);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "advance_refused");
    EXPECT_NE(refused.error().message.find("CPU is 93"), std::string::npos) << refused.error().message;
}

TEST_F(GateEngineTest, FailedLoadTestAtTheNextLevelHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    e.loadTest = LoadTestResult{50.0, 140.0, 0.03, false};
    Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::LoadTestFailed)) << reasonCodes(d);

    e.loadTest = LoadTestResult{50.0, 72.0, 0.001, true};
    d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Advance) << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "load_test")->status, GateStatus::Pass);

    e.loadTest = LoadTestResult{75.0, 140.0, 0.03, false}; // another level: shown, not blocking
    d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Advance) << reasonCodes(d);
    EXPECT_EQ(gateOf(d, "load_test")->status, GateStatus::Pending);
}

// Issue 7, cause 9: timestamps are checked.
TEST_F(GateEngineTest, GaugeDatedADayInTheFutureHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges[1].sampledAt = now + 24h;
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::TelemetryFromFuture)) << reasonCodes(d);
}

TEST_F(GateEngineTest, SnapshotCapturedSevenWeeksAgoHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.capturedAt = now - std::chrono::hours(24 * 49);
    e.signOffs = {approval("ewa", 25.0, now - 1h)};
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::EvidenceStale)) << reasonCodes(d);
}

TEST_F(GateEngineTest, SnapshotFromTheFutureHolds)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.capturedAt = now + 1h;
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_TRUE(hasReason(d, reason::EvidenceFromFuture)) << reasonCodes(d);
}

TEST_F(GateEngineTest, SignOffDatedAfterNowDoesNotCount)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.signOffs = {approval("ewa", 25.0, now + 3h)};
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Hold);
    EXPECT_TRUE(hasReason(d, reason::SignOffFromFuture)) << reasonCodes(d);
    EXPECT_TRUE(hasReason(d, reason::SignOffMissing)) << reasonCodes(d);
}

TEST_F(GateEngineTest, ClockSkewWithinTheAllowanceIsAccepted)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.gauges[0].sampledAt = now + 60s; // allowance 120 s
    e.signOffs = {approval("ewa", 25.0, now + 30s)};
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    EXPECT_EQ(d.action, Action::Advance) << reasonCodes(d);
}

TEST_F(GateEngineTest, EveryGateRowHasACode)
{
    Evidence e = healthyEvidence(now, 25.0);
    e.controlUnits = e.treatmentUnits = 0; // the SRM row is pending without a reason of its own
    e.loadTest = LoadTestResult{75.0, 80.0, 0.01, true}; // not at the next stage: pending
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), e, now);
    for (const GateRow &g : d.gates)
        EXPECT_FALSE(g.code.empty()) << g.gate;
    EXPECT_EQ(gateOf(d, "srm")->code, rowcode::Pending);
    EXPECT_EQ(gateOf(d, "dwell")->code, rowcode::Pass);
    // A passing row carries its numbers typed too: 50 h of 48 h.
    const GateRow *dwell = gateOf(d, "dwell");
    ASSERT_EQ(dwell->args.size(), 2u);
    EXPECT_EQ(dwell->args[0].name, "observed");
    EXPECT_DOUBLE_EQ(*dwell->args[0].number, 50.0);
    EXPECT_EQ(dwell->args[0].unit, "h");
}
