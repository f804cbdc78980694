// Tests for core/service/demorun.h: the demo driver plays resources/plans/documentation-keeper.json
// (without its service gates: demoPlan) through the real controller on a SQLite workspace
// and the in-memory flag store, on a stepped clock. The latency regression injected at the
// third stage is rolled back by the controller itself (the latency guardrail); after the
// autopilot's Resume the rollout runs to completion.

#include "service/demorun.h"

#include "controllertestsupport.h"
#include "io/planjson.h"
#include "store/sqliteevidencestore.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <map>

using namespace rampart;
using namespace rampart::service;
using namespace std::chrono_literals;

namespace {

rollout::Plan loadDemoPlan()
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    EXPECT_TRUE(plan.ok());
    return demoPlan(*plan);
}

/// A controller on a fresh workspace with the in-memory flag store and a stepped clock, as
/// the console's demo mode builds it.
struct DemoFixture
{
    QTemporaryDir dir;
    rollout::Plan plan = loadDemoPlan();
    std::shared_ptr<SteppedClock> clock
        = std::make_shared<SteppedClock>(rollout::TimePoint(std::chrono::seconds(1'795'000'000 / 3600 * 3600)));
    std::shared_ptr<flags::FlagStore> flagStore{flags::makeMemoryFlagStore(clock)};
    QString workspace = dir.filePath(QStringLiteral("demo.rampart"));
    std::unique_ptr<RolloutController> controller;

    DemoFixture()
    {
        ControllerConfig c;
        c.plan = plan;
        c.actor = "rampart-controller";
        c.interval = 0ms;
        c.outboxDirectory = dir.filePath(QStringLiteral("outbox"));
        c.clock = clock;
        c.makeBackends = [ws = workspace, f = flagStore]() -> Result<ControllerBackends> {
            auto opened = store::SqliteEvidenceStore::open(ws);
            if (!opened)
                return opened.error();
            ControllerBackends b;
            b.store = std::move(opened).value();
            b.flags = f;
            return b;
        };
        controller = std::make_unique<RolloutController>(c);
        controller->start();
    }
    ~DemoFixture() { controller->stop(); }

    DemoRunOptions options() const
    {
        DemoRunOptions o;
        o.workspace = workspace;
        o.flags = flagStore;
        o.clock = clock;
        o.autopilot = true;
        return o;
    }
};

} // namespace

TEST(DemoRun, RegressionIsRolledBackByTheControllerAndTheResumedRolloutCompletes)
{
    DemoFixture f;
    DemoRun demo(f.options(), f.controller.get());
    std::vector<DemoEvent> events;
    std::string log;
    QObject::connect(&demo, &DemoRun::happened, [&](const DemoEvent &e) {
        events.push_back(e);
        log += e.stage + " " + std::to_string(e.percentage) + ": " + e.detail + "\n";
    });
    // Every evaluation's decision, to check the reasons the controller gave along the way.
    std::vector<EvaluationPtr> evaluations;
    QObject::connect(f.controller.get(), &RolloutController::evaluated,
                     [&](const EvaluationPtr &e) { evaluations.push_back(e); });
    std::optional<std::pair<bool, QString>> finished;
    QObject::connect(&demo, &DemoRun::finished, [&](bool ok, const QString &why) { finished = std::make_pair(ok, why); });
    const rollout::TimePoint start = f.clock->now();

    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(service::testing::waitUntil([&] { return finished.has_value(); }, 600s)) << log;
    EXPECT_TRUE(finished->first) << finished->second.toStdString() << "\n" << log;

    const DemoProgress &p = demo.progress();
    EXPECT_EQ(p.status, rollout::RolloutStatus::Completed) << log;
    EXPECT_EQ(p.rollbacks, 1) << log;
    EXPECT_EQ(p.resumes, 1) << log;
    // 25, 50 (rolled back to 25), then 50, 75 and 100 again after the resume.
    EXPECT_EQ(p.advances, 5) << log;
    ASSERT_TRUE(p.rollbackReason.has_value());
    EXPECT_EQ(p.rollbackReason->code, rollout::reason::GuardrailDegraded);
    EXPECT_EQ(p.rollbackReason->gate, "metric:latency_ms") << p.rollbackReason->message;

    // The rollback: at the regression's stage (50%), to the last stable stage (25%).
    const auto rolledBack = std::find_if(events.begin(), events.end(),
                                         [](const DemoEvent &e) { return e.kind == DemoEvent::Kind::RolledBack; });
    ASSERT_NE(rolledBack, events.end());
    const auto injected = std::find_if(events.begin(), events.end(),
                                       [](const DemoEvent &e) { return e.kind == DemoEvent::Kind::RegressionInjected; });
    ASSERT_NE(injected, events.end());
    EXPECT_LT(injected - events.begin(), rolledBack - events.begin());
    EXPECT_EQ(injected->stage, f.plan.stages[2].name);

    auto history = store::SqliteEvidenceStore::open(f.workspace);
    ASSERT_TRUE(history.ok());
    auto transitions = (*history)->stageHistory(f.plan.agent);
    ASSERT_TRUE(transitions.ok());
    std::vector<rollout::TransitionEvent> rollbacks;
    for (const auto &t : *transitions)
        if (t.toStatus == rollout::RolloutStatus::RolledBack)
            rollbacks.push_back(t);
    ASSERT_EQ(rollbacks.size(), 1u);
    EXPECT_EQ(rollbacks[0].fromPercentage, 50.0);
    EXPECT_EQ(rollbacks[0].toPercentage, 25.0);

    // Completed at 100% after the final stage's dwell and the 7 days of stability.
    const auto flag = f.flagStore->read(f.plan.flag);
    ASSERT_TRUE(flag.ok());
    EXPECT_EQ(flag->percentage, 100.0);
    rollout::TimePoint fullSince{};
    for (const auto &t : *transitions)
        if (t.toPercentage == 100.0 && t.fromPercentage < 100.0)
            fullSince = t.at;
    ASSERT_NE(fullSince, rollout::TimePoint{});
    EXPECT_GE(f.clock->now() - fullSince, std::chrono::hours(24 * 7)) << "completed before 7 days at 100%";
    EXPECT_LT(f.clock->now() - fullSince, std::chrono::hours(24 * 7 + 24 + 2 * 24)) << "took far longer than planned";
    // A two-week rollout (plus the rollback's detour), not a shortcut.
    EXPECT_GE(f.clock->now() - start, std::chrono::hours(24 * 14));

    // Traffic went in at the flag's percentage: the store holds both cohorts.
    auto units = (*history)->units(f.plan.agent, f.plan.controlCohort, f.plan.treatmentCohort, start, f.clock->now());
    ASSERT_TRUE(units.ok());
    EXPECT_GT(units->first, 0);
    EXPECT_GT(units->second, units->first); // most of the two weeks ran at 50% and above
    EXPECT_EQ(units->first + units->second, p.eventsWritten);
}

// The bug: the draft driver wrote a span of traffic AHEAD of the clock (the span [T, T+1h)
// while the clock read T) and did not wait for its advance command before the next span,
// so the new stage, stamped at T, began with an hour of traffic split by the OLD
// percentage, and the sample-ratio check failed at the start of every stage.
TEST(DemoRun, NoSampleRatioMismatchAtTheStartOfAStage)
{
    DemoFixture f;
    DemoRunOptions o = f.options();
    o.regressionStage.reset(); // a clean rollout: only the stage boundaries matter here
    DemoRun demo(o, f.controller.get());
    std::map<std::string, int> srmHolds; // stage name → evaluations that held on SRM
    QObject::connect(f.controller.get(), &RolloutController::evaluated, [&](const EvaluationPtr &e) {
        if (!e->decision || !e->state.stage)
            return;
        for (const auto &r : e->decision->reasons)
            if (r.code == rollout::reason::SampleRatioMismatch)
                ++srmHolds[f.plan.stages[*e->state.stage].name];
    });
    std::optional<bool> completed;
    QObject::connect(&demo, &DemoRun::finished, [&](bool ok, const QString &) { completed = ok; });
    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(service::testing::waitUntil([&] { return completed.has_value(); }, 600s));
    EXPECT_TRUE(*completed);
    EXPECT_EQ(demo.progress().rollbacks, 0);
    EXPECT_EQ(demo.progress().advances, 4); // 5% is the start; 25, 50, 75 and 100% are advances
    for (const auto &[stage, count] : srmHolds)
        ADD_FAILURE() << count << " evaluations held on a sample ratio mismatch at stage " << stage;
}

TEST(DemoRun, WithoutAutopilotTheRolloutWaitsForTheSignOff)
{
    DemoFixture f;
    DemoRunOptions o = f.options();
    o.autopilot = false;
    o.maxTicks = 40; // the canary stage's 24 h dwell and then some
    DemoRun demo(o, f.controller.get());
    EvaluationPtr last;
    QObject::connect(f.controller.get(), &RolloutController::evaluated, [&](const EvaluationPtr &e) { last = e; });
    std::optional<std::pair<bool, QString>> finished;
    QObject::connect(&demo, &DemoRun::finished, [&](bool ok, const QString &why) { finished = std::make_pair(ok, why); });
    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(service::testing::waitUntil([&] { return finished.has_value(); }, 120s));
    EXPECT_FALSE(finished->first);
    EXPECT_TRUE(finished->second.startsWith(QStringLiteral("demo_out_of_time"))) << finished->second.toStdString();
    EXPECT_EQ(demo.progress().signOffs, 0);
    EXPECT_EQ(demo.progress().advances, 0);
    ASSERT_TRUE(last && last->decision);
    EXPECT_EQ(last->state.stage, std::optional<std::size_t>(0));
    ASSERT_FALSE(last->decision->reasons.empty());
    EXPECT_EQ(last->decision->reasons.front().code, rollout::reason::SignOffMissing);
    EXPECT_EQ(f.flagStore->read(f.plan.flag)->percentage, 5.0);
}

TEST(DemoRun, AUserHoldSwitchesTheAutopilotOff)
{
    DemoFixture f;
    DemoRunOptions o = f.options();
    o.maxTicks = 12;
    DemoRun demo(o, f.controller.get());
    bool tookOver = false;
    QObject::connect(&demo, &DemoRun::happened, [&](const DemoEvent &e) {
        tookOver = tookOver || e.kind == DemoEvent::Kind::UserTookOver;
    });
    std::optional<bool> completed;
    QObject::connect(&demo, &DemoRun::finished, [&](bool ok, const QString &) { completed = ok; });
    ASSERT_TRUE(demo.start().ok());
    ASSERT_TRUE(service::testing::waitUntil([&] { return demo.progress().ticks >= 3; }, 60s));
    f.controller->hold("os:tester", "Checking the canary by hand.");
    ASSERT_TRUE(service::testing::waitUntil([&] { return tookOver; }, 30s));
    EXPECT_FALSE(demo.progress().autopilot);
    ASSERT_TRUE(service::testing::waitUntil([&] { return completed.has_value(); }, 60s));
    EXPECT_EQ(demo.progress().status, rollout::RolloutStatus::Holding);
    EXPECT_EQ(demo.progress().advances, 0);
}

TEST(DemoRun, BadOptionsAreErrorsNamingTheField)
{
    DemoFixture f;
    {
        DemoRunOptions o = f.options();
        o.flags.reset();
        EXPECT_EQ(DemoRun(o, f.controller.get()).start().error().field, "flags");
    }
    {
        DemoRunOptions o = f.options();
        o.step = std::chrono::hours(2);
        EXPECT_EQ(DemoRun(o, f.controller.get()).start().error().field, "step");
    }
    {
        DemoRunOptions o = f.options();
        o.regressionStage = 5;
        EXPECT_EQ(DemoRun(o, f.controller.get()).start().error().field, "regression_stage");
    }
    {
        DemoRunOptions o = f.options();
        o.latencyFactor = std::nan("");
        EXPECT_EQ(DemoRun(o, f.controller.get()).start().error().field, "latency_factor");
    }
    {
        DemoRunOptions o = f.options();
        o.workspace.clear();
        EXPECT_EQ(DemoRun(o, f.controller.get()).start().error().field, "workspace");
    }
}

TEST(DemoRun, DemoPlanDropsOnlyTheServiceGates)
{
    auto full = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    ASSERT_TRUE(full.ok());
    ASSERT_FALSE(full->serviceGates.empty());
    const rollout::Plan demo = demoPlan(*full);
    EXPECT_TRUE(demo.serviceGates.empty());
    EXPECT_EQ(demo.stages.size(), full->stages.size());
    EXPECT_EQ(demo.metrics.size(), full->metrics.size());
}
