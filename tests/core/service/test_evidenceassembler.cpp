// Tests for core/service/evidenceassembler.h: evidence from a SQLite workspace, the flag
// store, a Prometheus stand-in and the rollout records, with the right windows; a source
// that does not answer is a missing part with a note, never a zero.

#include "service/evidenceassembler.h"

#include "controllertestsupport.h"
#include "../rollout/rolloutfixture.h"
#include "../telemetry/fakeprometheus.h"

#include "rollout/gateengine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

using namespace rampart;
using namespace rampart::service;
using namespace rampart::service::testing;
using namespace rampart::rollout;
using namespace rampart::rollout::testing;
using namespace std::chrono_literals;
using rampart::telemetry::testing::CannedResponse;
using rampart::telemetry::testing::FakePrometheus;
using rampart::telemetry::testing::FakeRequest;
using rampart::telemetry::testing::successBody;
using rampart::telemetry::testing::vectorBody;

namespace {

/// The plan's gates ask Prometheus for their own name, so the fake can answer per gate.
Plan planWithNamedQueries()
{
    Plan plan = documentationKeeperPlan();
    for (ServiceGate &g : plan.serviceGates)
        g.query = g.name;
    return plan;
}

QByteArray epochText(TimePoint t)
{
    return QByteArray::number(static_cast<qlonglong>(t.time_since_epoch().count()));
}

class AssemblerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto opened = store::SqliteEvidenceStore::open(QStringLiteral(":memory:"));
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        workspace = std::move(opened).value();
        prometheus.setHandler([this](const FakeRequest &request) {
            const QString q = request.form.value(QStringLiteral("query"));
            const QByteArray t = request.form.value(QStringLiteral("time")).toLatin1();
            const double at = t.toDouble();
            if (q == QLatin1String("p95_latency_ms"))
                return CannedResponse{200, vectorBody({"84"}, at), true};
            if (q == QLatin1String("cpu_percent"))
                return CannedResponse{200, vectorBody({"55"}, at), true};
            if (q == QLatin1String("uptime_percent"))
                return CannedResponse{200, vectorBody({"99.98"}, at), true};
            return CannedResponse{200, successBody("vector", "[]"), true};
        });
    }

    Plan plan = planWithNamedQueries();
    std::unique_ptr<store::SqliteEvidenceStore> workspace;
    std::unique_ptr<flags::FlagStore> flagStore = flags::makeMemoryFlagStore();
    FakePrometheus prometheus;
    telemetry::PrometheusClient client{prometheus.url()};
    // Minute-aligned: the store's windows are whole rollup minutes (a stage that starts
    // mid-minute counts from the next whole minute).
    TimePoint now = std::chrono::floor<std::chrono::minutes>(t0());
};

} // namespace

TEST_F(AssemblerTest, EveryPartFromItsSourceWithTheRightWindows)
{
    const RolloutState state = runningAt(1, now, 2h, 26h); // 25%, stage began 2 h ago
    // 24 h before the stage (at 5%) and 2 h in it (at 25%), 1 control : 3 treatment.
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, state.rolloutStartedAt, 60, 19, 1)).ok());
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, state.stageStartedAt, 120, 3, 1, 60.0, 12)).ok());
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    ASSERT_TRUE(workspace->recordSignOff(plan.agent, approval("ops:ben", 25.0, now - 10min)).ok());
    ASSERT_TRUE(workspace->recordIncident(plan.agent, {now - 3h, "minor", "before the stage"}).ok());
    ASSERT_TRUE(workspace->recordIncident(plan.agent, {now - 1h, "major", "in the stage"}).ok());
    ASSERT_TRUE(workspace->recordLoadTest(plan.agent, {25.0, 90.0, 0.01, true}, now - 5h).ok());
    ASSERT_TRUE(workspace->recordLoadTest(plan.agent, {50.0, 88.0, 0.002, true}, now - 4h).ok());

    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    const AssembledEvidence a = assembler.assemble(state, now);
    EXPECT_TRUE(a.complete());
    EXPECT_TRUE(a.missing.empty()) << a.missing.front().message;
    const Evidence &e = a.evidence;
    EXPECT_EQ(e.capturedAt, now);
    ASSERT_TRUE(e.flag.has_value());
    EXPECT_EQ(e.flag->percentage, 25.0);
    EXPECT_EQ(e.flag->version, 1);
    EXPECT_EQ(a.flag->updatedBy, "ops:anna");
    // Units only since the stage began: 120 minutes × (3 control, 1 treatment).
    EXPECT_EQ(e.controlUnits, 360);
    EXPECT_EQ(e.treatmentUnits, 120);
    // Metrics since the rollout began: both stages.
    const MetricEvidence *accuracy = e.metric("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_EQ(accuracy->control.summary.count(), 60 * 19 + 360);
    EXPECT_EQ(accuracy->treatment.summary.count(), 60 + 120);
    ASSERT_EQ(e.gauges.size(), 3u);
    EXPECT_EQ(e.gauge("p95_latency_ms")->value, 84.0);
    EXPECT_EQ(e.gauge("uptime_percent")->value, 99.98);
    EXPECT_EQ(e.gauge("cpu_percent")->sampledAt, now);
    for (const auto &request : prometheus.requests())
        EXPECT_EQ(request.form.value(QStringLiteral("time")).toLatin1(), epochText(now));
    ASSERT_EQ(e.signOffs.size(), 1u);
    EXPECT_EQ(e.signOffs[0].approver, "ops:ben");
    EXPECT_EQ(e.incidents, 1); // the one before the stage does not count
    ASSERT_TRUE(e.loadTest.has_value());
    EXPECT_EQ(e.loadTest->percentage, 50.0); // the latest
}

// Stratified analysis needs the outcomes within each stable split: the stage history cuts the
// rollout into strata (a hold at the same split continues its stratum), so a drift common to
// both cohorts between 5% and 25% cannot create an effect.
TEST_F(AssemblerTest, StagesAreTheStrataOfTheRecordedStageHistory)
{
    const RolloutState state = runningAt(1, now, 2h, 26h); // 25%, stage began 2 h ago
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, state.rolloutStartedAt, 60, 19, 1)).ok());
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, state.stageStartedAt, 120, 3, 1, 60.0, 12)).ok());
    const auto transition = [](TimePoint at, RolloutStatus to, double from, double pct) {
        TransitionEvent e;
        e.actor = "ops:anna";
        e.at = at;
        e.fromStatus = RolloutStatus::Running;
        e.toStatus = to;
        e.fromPercentage = from;
        e.toPercentage = pct;
        e.reason = "test";
        return e;
    };
    ASSERT_TRUE(workspace->recordTransition(plan.agent, transition(state.rolloutStartedAt, RolloutStatus::Running, 0, 5)).ok());
    ASSERT_TRUE(workspace->recordTransition(plan.agent, transition(state.stageStartedAt, RolloutStatus::Running, 5, 25)).ok());
    ASSERT_TRUE(workspace->recordTransition(plan.agent, transition(now - 1h, RolloutStatus::Holding, 25, 25)).ok());
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());

    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    const AssembledEvidence a = assembler.assemble(state, now);
    EXPECT_FALSE(a.isMissing(part::Stages));
    const Evidence &e = a.evidence;
    ASSERT_EQ(e.stages.size(), 2u);
    EXPECT_EQ(e.stages[0].percentage, 5.0);
    EXPECT_EQ(e.stages[1].percentage, 25.0);
    const MetricEvidence *early = e.stages[0].metric("accuracy");
    const MetricEvidence *late = e.stages[1].metric("accuracy");
    ASSERT_NE(early, nullptr);
    ASSERT_NE(late, nullptr);
    EXPECT_EQ(early->control.summary.count(), 60 * 19);
    EXPECT_EQ(early->treatment.summary.count(), 60);
    EXPECT_EQ(late->control.summary.count(), 360); // the hold did not start a new stratum
    EXPECT_EQ(late->treatment.summary.count(), 120);
    // The strata add up to the cumulative summary.
    EXPECT_EQ(early->control.summary.count() + late->control.summary.count(),
              e.metric("accuracy")->control.summary.count());
}

TEST_F(AssemblerTest, StoreDownLeavesEveryStorePartMissingNeverZero)
{
    DownStore downStore;
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    EvidenceAssembler assembler(plan, {&downStore, &downStore, flagStore.get(), &client});
    const AssembledEvidence a = assembler.assemble(runningAt(1, now, 50h), now);
    EXPECT_FALSE(a.complete());
    for (const char *name : {part::Metrics, part::Units, part::SignOffs, part::Incidents, part::LoadTest})
        EXPECT_TRUE(a.isMissing(name)) << name;
    for (const MissingPart &m : a.missing)
        EXPECT_EQ(m.code, store::storeerrc::Unavailable) << m.part;
    EXPECT_FALSE(a.missing.front().message.empty());
    // One failed query is enough to know the store is down: it is not asked five times.
    EXPECT_EQ(downStore.calls.load(), 1);
    // The other sources still answer.
    EXPECT_TRUE(a.evidence.flag.has_value());
    EXPECT_EQ(a.evidence.gauge("cpu_percent")->value, 55.0);
    // And the engine cannot pass on it.
    const Decision d = GateEngine::evaluate(plan, runningAt(1, now, 50h), a.evidence, now);
    EXPECT_NE(d.action, Action::Advance);
}

TEST_F(AssemblerTest, PrometheusDownGivesMissingGaugesAndATelemetryHold)
{
    FakePrometheus deadServer;
    const QUrl url = deadServer.url();
    std::optional<telemetry::PrometheusClient> deadClient;
    {
        FakePrometheus gone; // closed at once: connection refused on its port
        deadClient.emplace(gone.url(), 500ms);
    }
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, now - 50h, 60, 3, 1)).ok());
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &*deadClient});
    const RolloutState state = runningAt(1, now, 50h);
    const AssembledEvidence a = assembler.assemble(state, now);
    ASSERT_EQ(a.evidence.gauges.size(), 3u);
    int missing = 0;
    for (const MissingPart &m : a.missing) {
        EXPECT_EQ(m.part, part::Gauges);
        EXPECT_FALSE(m.message.empty());
        ++missing;
    }
    EXPECT_EQ(missing, 3);
    for (const Gauge &g : a.evidence.gauges)
        EXPECT_FALSE(g.value.has_value()) << g.name;
    const Decision d = GateEngine::evaluate(plan, state, a.evidence, now);
    EXPECT_EQ(d.action, Action::Hold);
    bool telemetryMissing = false;
    for (const Reason &r : d.reasons)
        telemetryMissing = telemetryMissing || r.code == reason::TelemetryMissing;
    EXPECT_TRUE(telemetryMissing);
}

TEST_F(AssemblerTest, NoPrometheusConfiguredIsMissingNotPassing)
{
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), nullptr});
    const AssembledEvidence a = assembler.assemble(runningAt(1, now, 50h), now);
    ASSERT_EQ(a.evidence.gauges.size(), 3u);
    EXPECT_TRUE(a.isMissing(part::Gauges));
    EXPECT_EQ(a.missing.front().code, "not_configured");
}

TEST_F(AssemblerTest, FlagNeverWrittenReadsAsZeroAtVersionZero)
{
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    const AssembledEvidence a = assembler.assemble(RolloutState{}, now);
    ASSERT_TRUE(a.evidence.flag.has_value());
    EXPECT_EQ(a.evidence.flag->percentage, 0.0);
    EXPECT_EQ(a.evidence.flag->version, 0);
    EXPECT_FALSE(a.isMissing(part::Flag));
    // Pending: no windows, so no metrics and no units, and they are not "missing".
    EXPECT_TRUE(a.evidence.metrics.empty());
    EXPECT_FALSE(a.isMissing(part::Metrics));
}

TEST_F(AssemblerTest, PreemptionStopsBetweenSteps)
{
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    int checks = 0;
    const AssembledEvidence a = assembler.assemble(runningAt(1, now, 50h), now, [&] { return ++checks >= 1; });
    EXPECT_TRUE(a.preempted);
    EXPECT_FALSE(a.complete());
    EXPECT_TRUE(a.evidence.flag.has_value()); // read before the first check
    EXPECT_TRUE(prometheus.requests().empty()); // nothing after it
}

TEST_F(AssemblerTest, RolloutRecordsRoundTripInTheWorkspace)
{
    auto none = workspace->loadRolloutState(plan.agent);
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_FALSE(none->has_value());
    store::SavedRolloutState s{plan.agent, "{\"x\":1}", "running", 25.0, 4, now, 0, "watchdog"};
    auto first = workspace->saveRolloutState(s);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->revision, 1);
    s.status = "rolled_back";
    s.flagVersion = 5;
    EXPECT_EQ(workspace->saveRolloutState(s)->revision, 2);
    auto loaded = workspace->loadRolloutState(plan.agent);
    ASSERT_TRUE(loaded.ok() && loaded->has_value());
    EXPECT_EQ((*loaded)->status, "rolled_back");
    EXPECT_EQ((*loaded)->flagVersion, 5);
    EXPECT_EQ((*loaded)->revision, 2);
    EXPECT_EQ((*loaded)->savedAt, now);
    EXPECT_EQ((*loaded)->stateJson, "{\"x\":1}");
}

// Issue 9: telemetry_stale never came out of a real Prometheus, because a gauge was dated by
// the evaluation time. Dated by the data behind it, a gauge whose series has no current
// sample (its scrape target down) is stale: a hold, never a pass.
TEST_F(AssemblerTest, AGaugeWhoseDataIsGoneIsStaleAndHolds)
{
    prometheus.setHandlesFreshness(true);
    prometheus.setHandler([](const FakeRequest &request) {
        const QString q = request.form.value(QStringLiteral("query"));
        const double at = request.form.value(QStringLiteral("time")).toDouble();
        if (q.contains(QLatin1String("# rampart:freshness"))) {
            if (q.contains(QLatin1String("p95_latency_ms")))
                return CannedResponse{200, successBody("vector", "[]"), true}; // the target is down
            return CannedResponse{200, vectorBody({QByteArray::number(at - 30, 'f', 0)}, at), true};
        }
        const QByteArray value = q == QLatin1String("p95_latency_ms") ? "84" : q == QLatin1String("cpu_percent") ? "55" : "99.98";
        return CannedResponse{200, vectorBody({value}, at), true};
    });
    ASSERT_TRUE(workspace->ingest(stageEvents(plan.agent, now - 50h, 60, 3, 1)).ok());
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    const RolloutState state = runningAt(1, now, 50h);
    const AssembledEvidence a = assembler.assemble(state, now);
    const Gauge *p95 = a.evidence.gauge("p95_latency_ms");
    ASSERT_NE(p95, nullptr);
    EXPECT_EQ(p95->value, 84.0);
    EXPECT_FALSE(p95->sampledAt.has_value());
    EXPECT_EQ(a.evidence.gauge("cpu_percent")->sampledAt, now - 30s) << "dated by its data";
    ASSERT_TRUE(a.isMissing(part::Gauges));
    EXPECT_EQ(a.missing.back().code, "telemetry_stale");
    EXPECT_EQ(a.missing.back().gate, "p95_latency_ms");
    const Decision d = GateEngine::evaluate(plan, state, a.evidence, now);
    EXPECT_NE(d.action, Action::Advance);
    bool stale = false;
    for (const Reason &r : d.reasons)
        stale = stale || (r.code == reason::TelemetryStale && r.gate == "p95_latency_ms");
    EXPECT_TRUE(stale);
}

// Issue 9: the assembler reads whole hours from the hourly rollups. The Evidence it builds —
// cumulative metrics, the per-stage strata, the units — is the same as from the minutes.
TEST_F(AssemblerTest, EvidenceFromHourlyRollupsEqualsEvidenceFromMinutes)
{
    // 5% for 26 h 17 min, then 25% since a stage start in the middle of an hour and a minute.
    const TimePoint started = now - 31h - 17min;
    const TimePoint stage = now - 4h - 43min - 20s;
    const RolloutState state = runningAt(1, now, now - stage, now - started);
    auto first = stageEvents(plan.agent, started, static_cast<int>((stage - started) / 1min) + 1, 3, 1);
    auto second = stageEvents(plan.agent, stage, static_cast<int>((now - stage) / 1min), 2, 2, 58.0, 12);
    for (auto *events : {&first, &second})
        for (store::Event &e : *events) { // multiples of 1/8: every sum exact in any order
            e.latencyMs = std::round(*e.latencyMs * 8.0) / 8.0;
            e.handlingTimeMin = std::round(*e.handlingTimeMin * 8.0) / 8.0;
        }
    ASSERT_TRUE(workspace->ingest(first).ok());
    ASSERT_TRUE(workspace->ingest(second).ok());
    for (const auto &[at, from, to] : {std::tuple{started, 0.0, 5.0}, std::tuple{stage, 5.0, 25.0}}) {
        TransitionEvent e;
        e.actor = "ops:anna";
        e.at = at;
        e.fromStatus = from == 0.0 ? RolloutStatus::Pending : RolloutStatus::Running;
        e.toStatus = RolloutStatus::Running;
        e.fromPercentage = from;
        e.toPercentage = to;
        ASSERT_TRUE(workspace->recordTransition(plan.agent, e).ok());
    }
    EvidenceAssembler assembler(plan, {workspace.get(), workspace.get(), flagStore.get(), &client});
    workspace->setUseHourlyRollups(true);
    const Evidence hourly = assembler.assemble(state, now).evidence;
    workspace->setUseHourlyRollups(false);
    const Evidence minutes = assembler.assemble(state, now).evidence;
    workspace->setUseHourlyRollups(true);

    const auto same = [](const std::vector<MetricEvidence> &a, const std::vector<MetricEvidence> &b) {
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            SCOPED_TRACE(a[i].metric);
            ASSERT_EQ(a[i].metric, b[i].metric);
            for (const auto &[x, y] : {std::pair{&a[i].control, &b[i].control}, std::pair{&a[i].treatment, &b[i].treatment}}) {
                EXPECT_EQ(x->summary.count(), y->summary.count());
                EXPECT_EQ(x->summary.mean(), y->summary.mean());
                EXPECT_EQ(x->summary.m2(), y->summary.m2());
                EXPECT_EQ(x->summary.min(), y->summary.min());
                EXPECT_EQ(x->summary.max(), y->summary.max());
                EXPECT_EQ(x->summary.successes(), y->summary.successes());
                EXPECT_EQ(x->levelCounts, y->levelCounts);
                EXPECT_EQ(x->p95, y->p95);
            }
        }
    };
    ASSERT_FALSE(hourly.metrics.empty());
    same(hourly.metrics, minutes.metrics);
    ASSERT_EQ(hourly.stages.size(), 2u);
    ASSERT_EQ(hourly.stages.size(), minutes.stages.size());
    for (std::size_t s = 0; s < hourly.stages.size(); ++s) {
        EXPECT_EQ(hourly.stages[s].percentage, minutes.stages[s].percentage);
        same(hourly.stages[s].metrics, minutes.stages[s].metrics);
    }
    EXPECT_EQ(hourly.controlUnits, minutes.controlUnits);
    EXPECT_EQ(hourly.treatmentUnits, minutes.treatmentUnits);
    EXPECT_GT(hourly.controlUnits, 0);
    // And the same decision.
    EXPECT_EQ(GateEngine::evaluate(plan, state, hourly, now).action, GateEngine::evaluate(plan, state, minutes, now).action);
}
