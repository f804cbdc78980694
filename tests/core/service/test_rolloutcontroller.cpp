// Tests for core/service/rolloutcontroller.h on a SQLite workspace and the in-memory flag
// store: commands with result signals, saved state that a restart continues exactly, a
// state that disagrees with the flag reported (not fixed), a rollback that pre-empts a
// stuck evaluation, a stale advance refused with a version conflict, and the watchdog's own
// rollback on a sustained service breach.

#include "service/rolloutcontroller.h"
#include "service/rolloutservice.h"

#include "controllertestsupport.h"
#include "../rollout/rolloutfixture.h"
#include "../telemetry/fakeprometheus.h"

#include "io/statejson.h"

#include <QTemporaryDir>

#include <thread>

#include <gtest/gtest.h>

using namespace rampart;
using namespace rampart::service;
using namespace rampart::service::testing;
using namespace rampart::rollout;
using namespace rampart::rollout::testing;
using namespace std::chrono_literals;

namespace {

/// Everything one controller emitted, collected on the test's thread.
struct Recorder : QObject
{
    std::vector<EvaluationPtr> evaluations;
    std::vector<StatePtr> states;
    std::vector<flags::FlagState> flagsSeen;
    std::vector<CommandResult> results;
    std::vector<ConnectionHealth> health;
    std::vector<Error> failures;

    void attach(RolloutController &c)
    {
        connect(&c, &RolloutController::evaluated, this, [this](EvaluationPtr e) { evaluations.push_back(e); });
        connect(&c, &RolloutController::stateChanged, this, [this](StatePtr s) { states.push_back(s); });
        connect(&c, &RolloutController::flagChanged, this, [this](flags::FlagState f) { flagsSeen.push_back(f); });
        connect(&c, &RolloutController::commandFinished, this, [this](CommandResult r) { results.push_back(r); });
        connect(&c, &RolloutController::healthChanged, this, [this](ConnectionHealth h) { health.push_back(h); });
        connect(&c, &RolloutController::failed, this, [this](Error e) { failures.push_back(e); });
    }
    const CommandResult *result(std::uint64_t id) const
    {
        for (const CommandResult &r : results)
            if (r.id == id)
                return &r;
        return nullptr;
    }
    CommandResult waitFor(std::uint64_t id, std::chrono::milliseconds timeout = 5s)
    {
        EXPECT_TRUE(waitUntil([&] { return result(id) != nullptr; }, timeout)) << "command " << id;
        return result(id) ? *result(id) : CommandResult{};
    }
};

class ControllerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        plan = documentationKeeperPlan();
        plan.serviceGates.resize(1); // p95_latency_ms only; read from no Prometheus (missing)
        flagStore = std::shared_ptr<flags::FlagStore>(flags::makeMemoryFlagStore(clock));
    }

    QString workspacePath() const { return dir.filePath(QStringLiteral("workspace.rampart")); }

    ControllerConfig config(const std::string &actor = "watchdog", Gate *gate = nullptr)
    {
        ControllerConfig c;
        c.plan = plan;
        c.actor = actor;
        c.interval = 0ms; // evaluations on request only: the tests decide when
        c.flagPollInterval = 50ms;
        c.outboxDirectory = dir.filePath(QStringLiteral("outbox"));
        c.clock = clock;
        const QString path = workspacePath();
        auto flagStoreCopy = flagStore;
        c.makeBackends = [path, flagStoreCopy, gate]() -> Result<ControllerBackends> {
            auto opened = store::SqliteEvidenceStore::open(path);
            if (!opened)
                return opened.error();
            ControllerBackends b;
            if (gate)
                b.store = std::make_unique<GatedStore>(std::move(opened).value(), *gate);
            else
                b.store = std::move(opened).value();
            b.flags = flagStoreCopy;
            return b;
        };
        return c;
    }

    std::unique_ptr<store::SqliteEvidenceStore> openWorkspace()
    {
        auto opened = store::SqliteEvidenceStore::open(workspacePath());
        EXPECT_TRUE(opened.ok());
        return opened ? std::move(opened).value() : nullptr;
    }

    QTemporaryDir dir;
    Plan plan;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(std::chrono::floor<std::chrono::minutes>(t0()));
    std::shared_ptr<flags::FlagStore> flagStore;
};

} // namespace

TEST_F(ControllerTest, StartWritesTheFlagRecordsHistoryAndSavesTheState)
{
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(waitUntil([&] { return !rec.states.empty(); })); // the (empty) saved state was loaded
    EXPECT_EQ(rec.states.front()->state.status, RolloutStatus::Pending);

    const CommandResult r = rec.waitFor(controller.startRollout("ops:anna"));
    ASSERT_TRUE(r.ok()) << r.error->message;
    ASSERT_TRUE(r.flag.has_value());
    EXPECT_EQ(r.flag->percentage, 5.0);
    EXPECT_EQ(rec.states.back()->state.status, RolloutStatus::Running);
    EXPECT_EQ(rec.states.back()->revision, 1);
    controller.stop();

    auto ws = openWorkspace();
    auto saved = ws->loadRolloutState(plan.agent);
    ASSERT_TRUE(saved.ok() && saved->has_value());
    EXPECT_EQ((*saved)->status, "running");
    EXPECT_EQ((*saved)->flagVersion, r.flag->version);
    auto history = ws->stageHistory(plan.agent);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ(history->back().toPercentage, 5.0);
    auto trail = ws->auditTrail(0, 10);
    ASSERT_TRUE(trail.ok());
    ASSERT_FALSE(trail->empty());
    EXPECT_EQ(trail->back().action, "transition");
}

TEST_F(ControllerTest, RestartContinuesWithTheSameLooksBoundariesAndBreachCounts)
{
    // A state as a controller left it before being killed between two looks.
    RolloutState s = runningAt(1, clock->now(), 30h);
    s.looks = {{0.31, 4.4204592306, 4.9e-06}};
    s.consecutiveBreaches = {{"p95_latency_ms", 2}};
    {
        auto ws = openWorkspace();
        ASSERT_TRUE(ws->recordTransition(plan.agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running,
                                                      RolloutStatus::Running, 5.0, 25.0, "advance", "", false})
                        .ok());
        ASSERT_TRUE(saveState(*ws, plan, s, 2, "watchdog", clock->now()).ok());
    }
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(waitUntil([&] { return !rec.states.empty(); }));
    const StateSnapshot &loaded = *rec.states.front();
    EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().message;
    EXPECT_EQ(loaded.state.stage, s.stage);
    ASSERT_EQ(loaded.state.looks.size(), 1u);
    EXPECT_EQ(loaded.state.looks[0].boundaryZ, 4.4204592306); // exactly the recorded boundary
    EXPECT_EQ(loaded.state.consecutiveBreaches.at("p95_latency_ms"), 2);
    EXPECT_EQ(loaded.revision, 1);

    // The next evaluation judges against the recorded look (no new data: no new look).
    rec.waitFor(controller.evaluateNow());
    ASSERT_FALSE(rec.evaluations.empty());
    const EvaluationSnapshot &e = *rec.evaluations.back();
    EXPECT_EQ(e.state.looks.size(), 1u);
    ASSERT_TRUE(e.decision.has_value());
    ASSERT_TRUE(e.decision->look.has_value());
    EXPECT_EQ(e.decision->look->index, 1);
    EXPECT_FALSE(e.decision->look->taken);
    EXPECT_EQ(e.decision->look->boundaryZ, 4.4204592306);
}

TEST_F(ControllerTest, StateDisagreeingWithTheFlagIsReportedNotFixed)
{
    const RolloutState s = runningAt(1, clock->now(), 30h);
    {
        auto ws = openWorkspace();
        ASSERT_TRUE(ws->recordTransition(plan.agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running,
                                                      RolloutStatus::Running, 5.0, 25.0, "advance", "", false})
                        .ok());
        ASSERT_TRUE(saveState(*ws, plan, s, 1, "watchdog", clock->now()).ok());
    }
    ASSERT_TRUE(flagStore->write(plan.flag, {50.0, "half", "ops:someone", "by hand", std::nullopt}).ok());
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(waitUntil([&] { return !rec.states.empty(); }));
    const StateSnapshot &loaded = *rec.states.front();
    EXPECT_TRUE(loaded.checked);
    ASSERT_EQ(loaded.problems.size(), 1u);
    EXPECT_EQ(loaded.problems[0].code, stateerrc::FlagMismatch);
    EXPECT_NE(loaded.problems[0].message.find("50%"), std::string::npos);
    EXPECT_EQ(loaded.state.percentage(plan), 25.0); // as saved: not silently moved to 50%
    EXPECT_EQ(flagStore->read(plan.flag)->percentage, 50.0);
}

TEST_F(ControllerTest, RollbackPreemptsAnEvaluationStuckInASlowQuery)
{
    Gate gate;
    RolloutController controller(config("watchdog", &gate));
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(rec.waitFor(controller.startRollout("ops:anna")).ok());
    const std::int64_t started = flagStore->read(plan.flag)->version;

    gate.arm();
    controller.evaluateNow();
    ASSERT_TRUE(waitUntil([&] { return gate.waiting(); })); // the evaluation is stuck in summaries()

    const auto before = std::chrono::steady_clock::now();
    const std::uint64_t id = controller.rollback("ops:ben", "p95 latency alarm");
    const CommandResult r = rec.waitFor(id, 2s);
    const auto took = std::chrono::steady_clock::now() - before;
    ASSERT_TRUE(r.ok()) << r.error->message;
    EXPECT_TRUE(gate.waiting()); // still stuck: the rollback did not wait for it
    EXPECT_LT(took, 1s);
    auto flag = flagStore->read(plan.flag);
    EXPECT_EQ(flag->percentage, 0.0);
    EXPECT_EQ(flag->stage, "rollback");
    EXPECT_GT(flag->version, started);
    EXPECT_TRUE(r.auditQueued); // the record waits in the outbox, not on the database

    gate.release();
    ASSERT_TRUE(waitUntil([&] {
        return !rec.states.empty() && rec.states.back()->state.status == RolloutStatus::RolledBack;
    }));
    ASSERT_FALSE(rec.evaluations.empty());
    EXPECT_EQ(rec.evaluations.back()->acted, acted::Preempted); // never acted on after the rollback
    controller.stop();

    auto ws = openWorkspace();
    auto saved = ws->loadRolloutState(plan.agent);
    ASSERT_TRUE(saved.ok() && saved->has_value());
    EXPECT_EQ((*saved)->status, "rolled_back");
    auto history = ws->stageHistory(plan.agent);
    EXPECT_NE(history->back().reason.find("p95 latency alarm"), std::string::npos);
    // The outbox was flushed into the audit chain, which still verifies.
    auto trail = ws->auditTrail(0, 100);
    bool rollbackAudited = false;
    for (const auto &e : *trail)
        rollbackAudited = rollbackAudited || e.action == "rollback";
    EXPECT_TRUE(rollbackAudited);
    EXPECT_FALSE(ws->verifyAudit()->firstBadId.has_value());
}

TEST_F(ControllerTest, StaleAdvanceIsRefusedWithAVersionConflict)
{
    RolloutController a(config("controller-a"));
    Recorder recA;
    recA.attach(a);
    a.start();
    ASSERT_TRUE(recA.waitFor(a.startRollout("ops:anna")).ok());
    const std::int64_t seen = flagStore->read(plan.flag)->version; // what B's operator saw

    RolloutController b(config("controller-b"));
    Recorder recB;
    recB.attach(b);
    b.start();
    ASSERT_TRUE(waitUntil([&] { return !recB.states.empty(); }));

    ASSERT_TRUE(recA.waitFor(a.rollback("ops:anna", "error spike")).ok());
    const CommandResult refused = recB.waitFor(b.requestAdvance("ops:ben", seen));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error->code, flags::flagerrc::VersionConflict);
    EXPECT_EQ(flagStore->read(plan.flag)->percentage, 0.0); // the rollback stands

    // B shows the rollback (flag at once, state from the store) within 1 s, by polling here
    // (the in-memory store has no change channel).
    EXPECT_TRUE(waitUntil([&] {
        return !recB.flagsSeen.empty() && recB.flagsSeen.back().stage == "rollback" && !recB.states.empty()
            && recB.states.back()->state.status == RolloutStatus::RolledBack;
    }, 1s));
}

TEST_F(ControllerTest, SustainedServiceBreachIsRolledBackByTheWatchdogItself)
{
    // A gauge that reads 150 ms against a 100 ms gate: fed by a fake Prometheus.
    RolloutState s = runningAt(1, clock->now(), 30h);
    s.consecutiveBreaches = {{"p95_latency_ms", plan.breachesBeforeRollback - 1}};
    {
        auto ws = openWorkspace();
        ASSERT_TRUE(ws->recordTransition(plan.agent, {"ops:anna", s.stageStartedAt, RolloutStatus::Running,
                                                      RolloutStatus::Running, 5.0, 25.0, "advance", "", false})
                        .ok());
        ASSERT_TRUE(saveState(*ws, plan, s, 1, "watchdog", clock->now()).ok());
    }
    ASSERT_TRUE(flagStore->write(plan.flag, {25.0, "early", "ops:anna", "advance", std::nullopt}).ok());
    telemetry::testing::FakePrometheus prometheus;
    prometheus.setHandler([](const telemetry::testing::FakeRequest &request) {
        return telemetry::testing::CannedResponse{
            200, telemetry::testing::vectorBody({"150"}, request.form.value(QStringLiteral("time")).toDouble()), true};
    });
    ControllerConfig c = config();
    auto inner = c.makeBackends;
    const QUrl url = prometheus.url();
    c.makeBackends = [inner, url]() -> Result<ControllerBackends> {
        auto b = inner();
        if (b)
            b.value().telemetry.emplace(url);
        return b;
    };
    RolloutController controller(std::move(c));
    Recorder rec;
    rec.attach(controller);
    controller.start();
    rec.waitFor(controller.evaluateNow());
    ASSERT_FALSE(rec.evaluations.empty());
    const EvaluationSnapshot &e = *rec.evaluations.back();
    ASSERT_TRUE(e.decision.has_value());
    EXPECT_EQ(e.decision->action, Action::Rollback);
    EXPECT_EQ(e.acted, acted::RolledBack);
    EXPECT_EQ(flagStore->read(plan.flag)->percentage, 5.0); // back to the last stable stage
    EXPECT_EQ(rec.states.back()->state.status, RolloutStatus::RolledBack);
}

TEST_F(ControllerTest, SignOffIncidentHoldRollbackAndResumeAreRecorded)
{
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(rec.waitFor(controller.startRollout("ops:anna")).ok());

    const CommandResult signed_ = rec.waitFor(controller.signOff("ops:ben", "stakeholder", true, "fine by me", "abc123"));
    ASSERT_TRUE(signed_.ok()) << signed_.error->message;
    const CommandResult incident = rec.waitFor(controller.recordIncident("ops:ben", "major", "wrong answers for Polish queries"));
    ASSERT_TRUE(incident.ok()) << incident.error->message;
    const CommandResult noSummary = rec.waitFor(controller.recordIncident("ops:ben", "minor", ""));
    ASSERT_FALSE(noSummary.ok());
    EXPECT_EQ(noSummary.error->field, "summary");

    ASSERT_TRUE(rec.waitFor(controller.hold("ops:anna", "waiting for the incident review")).ok());
    EXPECT_EQ(rec.states.back()->state.status, RolloutStatus::Holding);
    ASSERT_TRUE(rec.waitFor(controller.rollback("ops:anna", "incident")).ok());
    ASSERT_TRUE(waitUntil([&] { return rec.states.back()->state.status == RolloutStatus::RolledBack; }));
    const std::int64_t version = flagStore->read(plan.flag)->version;
    // A resume on a stale version is refused; on the current one it runs again at 5%.
    const CommandResult stale = rec.waitFor(controller.resume("ops:anna", "review done", version - 1));
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error->code, flags::flagerrc::VersionConflict);
    const CommandResult resumed = rec.waitFor(controller.resume("ops:anna", "review done", version));
    ASSERT_TRUE(resumed.ok()) << resumed.error->message;
    EXPECT_EQ(resumed.flag->percentage, 5.0);
    EXPECT_EQ(rec.states.back()->state.status, RolloutStatus::Running);
    // A new attempt: the evidence window and the sequential test start again at the resume,
    // so what caused the rollback no longer counts against the fixed version.
    EXPECT_EQ(rec.states.back()->state.rolloutStartedAt, clock->now());
    EXPECT_EQ(rec.states.back()->state.stageStartedAt, clock->now());
    EXPECT_TRUE(rec.states.back()->state.looks.empty());
    EXPECT_FALSE(rec.states.back()->state.efficacyLook.has_value());
    controller.stop();

    auto ws = openWorkspace();
    auto signOffs = ws->signOffs(plan.agent);
    ASSERT_EQ(signOffs->size(), 1u);
    EXPECT_EQ(signOffs->front().evidenceHash, "abc123");
    EXPECT_EQ(signOffs->front().fromPercentage, 5.0);
    EXPECT_EQ(*ws->incidentCount(plan.agent, clock->now() - 1h, clock->now() + 1h), 1);
    auto history = ws->stageHistory(plan.agent);
    // start, the holds (the evaluation after the sign-off holds too: no sample yet), the
    // rollback, the resume — in that order.
    ASSERT_GE(history->size(), 4u);
    EXPECT_EQ(history->front().fromStatus, RolloutStatus::Pending);
    EXPECT_EQ(history->at(history->size() - 2).toStatus, RolloutStatus::RolledBack);
    EXPECT_EQ(history->back().fromStatus, RolloutStatus::RolledBack);
    EXPECT_EQ(history->back().toStatus, RolloutStatus::Running);
    EXPECT_NE(history->back().reason.find("review done"), std::string::npos);
    std::vector<std::string> actions;
    const auto trail = ws->auditTrail(0, 100);
    ASSERT_TRUE(trail.ok());
    for (const auto &e : *trail)
        actions.push_back(e.action);
    for (const char *a : {"sign_off", "incident", "rollback"})
        EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
    EXPECT_FALSE(ws->verifyAudit()->firstBadId.has_value());
}

TEST_F(ControllerTest, CommandBeforeStartIsAnsweredNotLost)
{
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    const CommandResult r = rec.waitFor(controller.rollback("ops:anna", "too early"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->code, "not_started");
}

// The compare-and-set under every state-moving write the controller makes: even if the
// pre-check passed, a flag moved in between makes the write itself fail.
TEST_F(ControllerTest, ApplyTransitionAgainstAStaleVersionIsAVersionConflict)
{
    struct NullSink : AuditSink
    {
        Status keep(const store::AuditEntry &) override { return Done{}; }
        AuditDelivery deliver(const std::string &) override { return {}; }
        std::int64_t highestFlagVersion(const std::string &) override { return 0; }
        void noteFlagVersion(const std::string &, std::int64_t) override {}
    } sink;
    RolloutService service(plan.flag, *flagStore, sink, *clock);
    auto started = rollout::startRollout(plan, RolloutState{}, "ops:anna", clock->now());
    ASSERT_TRUE(started.ok());
    ASSERT_TRUE(flagStore->write(plan.flag, {0.0, "rollback", "ops:ben", "rolled back meanwhile", std::nullopt}).ok());
    auto stale = service.applyTransition(plan, *started, 0); // decided when the flag was never written
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, flags::flagerrc::VersionConflict);
    EXPECT_EQ(flagStore->read(plan.flag)->stage, "rollback"); // the rollback stands
    // Without an expected version (what only a rollback may use) a start is refused outright.
    auto unversioned = service.applyTransition(plan, *started, std::nullopt);
    ASSERT_FALSE(unversioned.ok());
    EXPECT_EQ(unversioned.error().code, serviceerrc::ExpectedVersionRequired);
}

TEST_F(ControllerTest, EvaluationIntervalChangedWhileRunningRestartsTheTimer)
{
    RolloutController controller(config()); // interval 0: no timed evaluation
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(rec.waitFor(controller.startRollout("ops:anna")).ok());
    std::this_thread::sleep_for(300ms);
    QCoreApplication::processEvents();
    EXPECT_TRUE(rec.evaluations.empty()) << "no timer yet, nothing was requested";

    controller.setEvaluationInterval(40ms);
    EXPECT_EQ(controller.evaluationInterval(), 40ms);
    ASSERT_TRUE(waitUntil([&] { return rec.evaluations.size() >= 3; }, 5s)) << "the new timer evaluates by itself";

    controller.setEvaluationInterval(0ms);
    std::this_thread::sleep_for(200ms); // let an evaluation in flight land
    QCoreApplication::processEvents();
    const std::size_t stopped = rec.evaluations.size();
    std::this_thread::sleep_for(400ms);
    QCoreApplication::processEvents();
    EXPECT_EQ(rec.evaluations.size(), stopped) << "interval 0 stops the timer";
    controller.stop();
}

TEST_F(ControllerTest, EvaluationIntervalSetBeforeStartIsTheOneUsed)
{
    RolloutController controller(config());
    controller.setEvaluationInterval(-5ms);
    EXPECT_EQ(controller.evaluationInterval(), 0ms) << "a negative interval means none";
    controller.setEvaluationInterval(40ms);
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(rec.waitFor(controller.startRollout("ops:anna")).ok());
    ASSERT_TRUE(waitUntil([&] { return rec.evaluations.size() >= 2; }, 5s));
    controller.stop();
}

TEST_F(ControllerTest, StateSnapshotCarriesTheStageHistory)
{
    {
        auto ws = openWorkspace();
        ASSERT_TRUE(ws->recordTransition(plan.agent, {"ops:anna", clock->now() - 2h, RolloutStatus::Pending,
                                                      RolloutStatus::Running, 0.0, 5.0, "start", "", false})
                        .ok());
        ASSERT_TRUE(saveState(*ws, plan, runningAt(0, clock->now(), 2h), 0, "watchdog", clock->now()).ok());
    }
    ASSERT_TRUE(flagStore->write(plan.flag, {5.0, "canary", "ops:anna", "start", std::nullopt}).ok());
    RolloutController controller(config());
    Recorder rec;
    rec.attach(controller);
    controller.start();
    ASSERT_TRUE(waitUntil([&] { return !rec.states.empty(); }));
    ASSERT_EQ(rec.states.front()->history.size(), 1u) << "the stored history comes with the loaded state";
    EXPECT_EQ(rec.states.front()->history.front().actor, "ops:anna");

    EXPECT_TRUE(rec.states.front()->checked);
    EXPECT_TRUE(rec.states.front()->problems.empty());
    ASSERT_TRUE(rec.waitFor(controller.hold("ops:ben", "looking at a dashboard")).ok());
    EXPECT_FALSE(rec.states.back()->checked) << "a state the controller moved was not re-checked";
    const auto &history = rec.states.back()->history;
    ASSERT_EQ(history.size(), 2u) << "a transition is appended as it is made";
    EXPECT_EQ(history.back().toStatus, RolloutStatus::Holding);
    EXPECT_EQ(history.back().actor, "ops:ben");
    controller.stop();
}
