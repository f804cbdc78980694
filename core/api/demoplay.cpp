#include "api/demoplay.h"

#include "service/backends.h"
#include "service/rolloutcontroller.h"
#include "sim/simulator.h"
#include "store/sqliteevidencestore.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTimer>

#include <optional>

namespace rampart::api {

namespace {

/// Runs one controller command and waits for its result (and the snapshots before it).
class Driver
{
public:
    explicit Driver(service::RolloutController &c) : m_c(c)
    {
        QObject::connect(&c, &service::RolloutController::evaluated, &m_context,
                         [this](const service::EvaluationPtr &e) { m_last = e; });
        QObject::connect(&c, &service::RolloutController::stateChanged, &m_context,
                         [this](const service::StatePtr &s) { m_state = s; });
        QObject::connect(&c, &service::RolloutController::commandFinished, &m_context,
                         [this](const service::CommandResult &r) {
                             m_results.push_back(r);
                             if (m_loop)
                                 m_loop->quit();
                         });
    }

    Result<service::CommandResult> wait(std::uint64_t id)
    {
        for (int spins = 0; spins < 600; ++spins) {
            for (const auto &r : m_results)
                if (r.id == id) {
                    if (r.error)
                        return *r.error;
                    return r;
                }
            QEventLoop loop;
            m_loop = &loop;
            QTimer::singleShot(100, &loop, &QEventLoop::quit);
            loop.exec();
            m_loop = nullptr;
        }
        return makeError("timeout", "", "The controller did not finish a command within 60 s.");
    }

    /// Waits until the first state has been loaded.
    service::StatePtr firstState()
    {
        for (int spins = 0; spins < 300 && !m_state; ++spins) {
            QEventLoop loop;
            QTimer::singleShot(100, &loop, &QEventLoop::quit);
            loop.exec();
        }
        return m_state;
    }

    service::EvaluationPtr last() const { return m_last; }
    service::StatePtr state() const { return m_state; }

private:
    service::RolloutController &m_c;
    QObject m_context;
    service::EvaluationPtr m_last;
    service::StatePtr m_state;
    std::vector<service::CommandResult> m_results;
    QEventLoop *m_loop = nullptr;
};

std::string reasonsText(const rollout::Decision &d)
{
    std::string out;
    for (const rollout::Reason &r : d.reasons)
        out += (out.empty() ? "" : "; ") + r.code + ": " + r.message;
    return out;
}

} // namespace

Result<DemoPlaySummary> playDemo(const DemoPlayOptions &o)
{
    const auto say = [&](const std::string &line) {
        if (o.progress)
            o.progress(line);
    };
    if (o.workspace.isEmpty())
        return makeError("usage", "workspace", "A workspace file is required.");
    const QFileInfo info(o.workspace);
    if (!info.absoluteDir().exists())
        return makeError("io_error", "workspace", "The directory of " + o.workspace.toStdString() + " does not exist.");

    // The simulator's own connections, on this thread.
    auto simStore = store::SqliteEvidenceStore::open(o.workspace);
    if (!simStore)
        return simStore.error();
    if (auto history = (*simStore)->stageHistory(o.plan.agent); history && !history->empty())
        return makeError("usage", "workspace", "The workspace already holds a rollout of " + o.plan.agent
                                                   + "; play the demo into a new workspace.");
    auto simFlags = service::openFlagStore(o.connections);
    if (!simFlags)
        return simFlags.error();

    const rollout::TimePoint start
        = std::chrono::floor<std::chrono::minutes>(rollout::SystemClock().now() - o.lookback);
    auto clock = std::make_shared<SteppedClock>(start);
    service::BackendOptions backendOptions;
    backendOptions.workspace = o.workspace;
    io::Connections connections = o.connections;
    if (connections.outboxDirectory.isEmpty())
        connections.outboxDirectory = o.workspace + QStringLiteral(".outbox");
    QDir().mkpath(connections.outboxDirectory);
    service::ControllerConfig config = service::controllerConfig(o.plan, connections, backendOptions, "rampart-demo",
                                                                 std::chrono::milliseconds(0));
    config.clock = clock;
    config.subscription.url.clear(); // poll: the demo is the only writer
    service::RolloutController controller(config);
    Driver driver(controller);
    controller.start();
    const auto stopController = qScopeGuard([&] { controller.stop(); });
    if (!driver.firstState())
        return makeError("timeout", "", "The controller did not load the rollout state.");

    DemoPlaySummary summary;
    summary.start = start;
    if (auto r = driver.wait(controller.startRollout(o.operatorName)); !r)
        return r.error();
    say("started the rollout at " + std::to_string(int(o.plan.stages.front().percentage)) + "%");

    const rollout::TimePoint limit = rollout::SystemClock().now() - std::chrono::minutes(5);
    bool simulateNext = true;
    for (std::uint64_t index = 0;; ++index) {
        if (simulateNext) {
            if (clock->now() + o.step > limit)
                return makeError("demo_out_of_time", "lookback",
                                 "The rollout did not finish before the present; give a longer lookback (now at "
                                     + std::to_string(summary.evaluations) + " evaluations).");
            sim::SimulationConfig sc;
            sc.agent = o.plan.agent;
            sc.flag = o.plan.flag;
            sc.controlCohort = o.plan.controlCohort;
            sc.treatmentCohort = o.plan.treatmentCohort;
            sc.start = clock->now();
            sc.duration = o.step;
            sc.step = std::min<rollout::Duration>(o.step, std::chrono::minutes(10));
            sc.unitsPerHour = o.unitsPerHour;
            sc.control = o.control;
            sc.treatment = o.treatment;
            sc.seed = o.seed * 1000003u + index;
            auto ran = sim::simulate(sc, **simFlags, **simStore);
            if (!ran)
                return ran.error();
            summary.eventsWritten += ran->eventsWritten;
            clock->advance(o.step);
        }
        simulateNext = true;
        if (auto r = driver.wait(controller.evaluateNow()); !r)
            return r.error();
        ++summary.evaluations;
        const service::EvaluationPtr e = driver.last();
        const service::StatePtr s = driver.state();
        const rollout::RolloutState &state = s ? s->state : e->state;
        const double pct = state.percentage(o.plan);
        if (state.status == rollout::RolloutStatus::Completed
            || (o.untilPercentage < 100.0 && pct >= o.untilPercentage)) {
            summary.status = rollout::statusName(state.status);
            summary.percentage = pct;
            break;
        }
        if (!e || !e->decision)
            continue;
        const rollout::Decision &d = *e->decision;
        if (d.action == rollout::Action::Rollback)
            return makeError("demo_rolled_back", "", "The demo rollout was rolled back: " + reasonsText(d));
        if (d.action == rollout::Action::Advance && e->evidence.flag) {
            if (auto r = driver.wait(controller.requestAdvance(o.operatorName, e->evidence.flag->version)); !r)
                return r.error();
            ++summary.advances;
            say("advanced to " + std::to_string(int(d.targetPercentage)) + "% at simulated hour "
                + std::to_string(std::chrono::duration_cast<std::chrono::hours>(clock->now() - start).count()));
            continue;
        }
        const bool onlySignOff = !d.reasons.empty()
            && std::all_of(d.reasons.begin(), d.reasons.end(),
                           [](const rollout::Reason &r) { return r.code == rollout::reason::SignOffMissing; });
        if (d.action == rollout::Action::Hold && onlySignOff && state.stage) {
            const rollout::SignOffRule &rule = o.plan.stages[*state.stage].signOff;
            for (int i = 1; i <= rule.approvers; ++i) {
                const std::string who = "demo-" + rule.role + "-" + std::to_string(i);
                if (auto r = driver.wait(controller.signOff(who, rule.role, true, "Demo sign-off on the evidence shown.",
                                                            e->evidenceHash));
                    !r)
                    return r.error();
                ++summary.signOffs;
            }
            say("signed off stage " + o.plan.stages[*state.stage].name);
            simulateNext = false; // evaluate again at once
        }
    }
    summary.end = clock->now();
    say("finished: " + summary.status + " at " + std::to_string(int(summary.percentage)) + "%");
    return summary;
}

} // namespace rampart::api
