#include "gateengine.h"

#include "evaluation.h"
#include "metricanalysis.h"

#include "stats/srm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

namespace rampart::rollout {

namespace detail {

std::string num(double value, int precision)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    return buffer;
}

std::string count(std::int64_t value)
{
    return std::to_string(value);
}

std::string hours(Duration d)
{
    const double h = static_cast<double>(d.count()) / 3600.0;
    if (std::fabs(h) >= 100.0) {
        char buffer[48];
        std::snprintf(buffer, sizeof buffer, "%.0f h", h);
        return buffer;
    }
    return num(h, 3) + " h";
}

ReasonArgs observedArgs(std::optional<double> observed, std::optional<double> threshold, const std::string &unit)
{
    ReasonArgs args;
    if (observed)
        args.push_back(numberArg("observed", *observed, unit));
    if (threshold)
        args.push_back(numberArg("threshold", *threshold, unit));
    return args;
}

} // namespace detail

namespace {

using detail::count;
using detail::Evaluation;
using detail::hours;
using detail::num;
using detail::observedArgs;

double inHours(Duration d)
{
    return static_cast<double>(d.count()) / 3600.0;
}

// Readings dated in the future (beyond the clock-skew allowance), a stale snapshot and a
// stage that starts after `now` are holds: a decision is never taken on such evidence.
void checkTimestamps(Evaluation &ev)
{
    const Duration skew = ev.plan.clockSkew;
    const TimePoint captured = ev.evidence.capturedAt;
    if (captured > ev.now + skew) {
        const double ahead = inHours(captured - ev.now);
        ev.row("captured_at", "Snapshot time", GateStatus::Fail, "Captured " + hours(captured - ev.now) + " in the future.");
        ev.hold(reason::EvidenceFromFuture, "captured_at",
                "The snapshot is dated " + hours(captured - ev.now) + " after now (clock-skew allowance "
                    + hours(skew) + "); the clocks disagree.",
                ahead, inHours(skew), observedArgs(ahead, inHours(skew), "h"));
        ev.distrust("the snapshot is dated in the future");
    } else if (ev.now - captured > ev.plan.evidenceMaxAge) {
        const double age = inHours(ev.now - captured);
        ev.row("captured_at", "Snapshot time", GateStatus::Fail, "Captured " + hours(ev.now - captured) + " ago.");
        ev.hold(reason::EvidenceStale, "captured_at",
                "The snapshot was captured " + hours(ev.now - captured) + " ago (limit " + hours(ev.plan.evidenceMaxAge) + ").",
                age, inHours(ev.plan.evidenceMaxAge), observedArgs(age, inHours(ev.plan.evidenceMaxAge), "h"));
        ev.distrust("the snapshot is stale");
    } else {
        ev.row("captured_at", "Snapshot time", GateStatus::Pass, "Captured " + hours(ev.now - captured) + " ago.", std::nullopt,
               std::nullopt,
               {numberArg("age", inHours(ev.now - captured), "h"), numberArg("limit", inHours(ev.plan.evidenceMaxAge), "h")});
    }
    if (ev.state.stageStartedAt > ev.now + skew) {
        ev.row("stage_started_at", "Stage start", GateStatus::Fail, "The stage starts in the future.");
        ev.hold(reason::StageStartInFuture, "stage_started_at",
                "The stage is recorded as starting " + hours(ev.state.stageStartedAt - ev.now) + " after now.",
                inHours(ev.state.stageStartedAt - ev.now), inHours(skew));
        ev.distrust("the stage starts in the future");
    }
    for (const Gauge &g : ev.evidence.gauges) {
        if (g.sampledAt && *g.sampledAt > ev.now + skew) {
            ev.hold(reason::TelemetryFromFuture, g.name,
                    "The " + g.name + " reading is dated " + hours(*g.sampledAt - ev.now) + " after now (allowance "
                        + hours(skew) + ").",
                    inHours(*g.sampledAt - ev.now), inHours(skew),
                    {textArg("gauge", g.name), numberArg("observed", inHours(*g.sampledAt - ev.now), "h"),
                     numberArg("threshold", inHours(skew), "h")});
            ev.distrust("telemetry dated in the future");
        }
    }
    for (const SignOff &s : ev.evidence.signOffs) {
        if (s.at > ev.now + skew) {
            ev.hold(reason::SignOffFromFuture, "signoff",
                    "The sign-off by " + s.approver + " is dated " + hours(s.at - ev.now) + " after now; it does not count.",
                    inHours(s.at - ev.now), inHours(skew), {textArg("approver", s.approver), numberArg("observed", inHours(s.at - ev.now), "h")});
        }
    }
}

void checkFlag(Evaluation &ev)
{
    if (!ev.evidence.flag) {
        ev.row("flag", "Feature flag", GateStatus::Pending, "The flag was not read.");
        ev.hold(reason::FlagMismatch, "flag", "The feature flag was not read, so the traffic split is unknown.");
        ev.distrust("the flag was not read");
        return;
    }
    const double actual = ev.evidence.flag->percentage;
    if (std::fabs(actual - ev.stage.percentage) > 1e-9) {
        ev.row("flag", "Feature flag", GateStatus::Fail, "The flag says " + num(actual) + "%.", actual, ev.stage.percentage);
        ev.hold(reason::FlagMismatch, "flag",
                "The feature flag is at " + num(actual) + "% but the rollout is at the " + num(ev.stage.percentage)
                    + "% stage.",
                actual, ev.stage.percentage, observedArgs(actual, ev.stage.percentage, "%"));
        ev.distrust("the flag disagrees with the stage");
        return;
    }
    ev.row("flag", "Feature flag", GateStatus::Pass, "The flag is at " + num(actual) + "%.", actual, ev.stage.percentage);
}

void checkServiceGates(Evaluation &ev)
{
    for (const ServiceGate &gate : ev.plan.serviceGates) {
        const std::string label = gate.label.empty() ? gate.name : gate.label;
        int breaches = 0;
        if (auto it = ev.state.consecutiveBreaches.find(gate.name); it != ev.state.consecutiveBreaches.end())
            breaches = it->second;
        const Gauge *gauge = ev.evidence.gauge(gate.name);
        if (!gauge || !gauge->value) {
            ev.decision.consecutiveBreaches[gate.name] = breaches;
            ev.row(gate.name, label, GateStatus::Pending, "No reading.", std::nullopt, gate.threshold);
            ev.hold(reason::TelemetryMissing, gate.name, "No telemetry for " + label + "; it is missing, not zero.",
                    std::nullopt, gate.threshold, {textArg("gauge", gate.name)});
            ev.distrust("telemetry " + gate.name + " missing");
            continue;
        }
        const double value = *gauge->value;
        if (!gauge->sampledAt || ev.now - *gauge->sampledAt > ev.plan.telemetryMaxAge) {
            ev.decision.consecutiveBreaches[gate.name] = breaches;
            const std::string age = gauge->sampledAt ? "is " + hours(ev.now - *gauge->sampledAt) + " old" : "has no timestamp";
            ev.row(gate.name, label, GateStatus::Pending, "The reading " + age + ".", value, gate.threshold);
            ev.hold(reason::TelemetryStale, gate.name,
                    "The " + label + " reading " + age + " (limit " + hours(ev.plan.telemetryMaxAge) + ").", value,
                    gate.threshold,
                    {textArg("gauge", gate.name),
                     numberArg("age", gauge->sampledAt ? inHours(ev.now - *gauge->sampledAt) : -1.0, "h"),
                     numberArg("limit", inHours(ev.plan.telemetryMaxAge), "h")});
            ev.distrust("telemetry " + gate.name + " stale");
            continue;
        }
        const bool breached = gate.comparison == Comparison::Below ? !(value < gate.threshold) : !(value > gate.threshold);
        const std::string op = gate.comparison == Comparison::Below ? " < " : " > ";
        breaches = breached ? breaches + 1 : 0;
        ev.decision.consecutiveBreaches[gate.name] = breaches;
        if (!breached) {
            ev.row(gate.name, label, GateStatus::Pass, num(value) + op + num(gate.threshold) + ".", value, gate.threshold);
            continue;
        }
        const std::string what = label + " is " + num(value) + ", the gate requires" + op + num(gate.threshold);
        ev.row(gate.name, label, GateStatus::Fail, what + ".", value, gate.threshold);
        if (breaches >= ev.plan.breachesBeforeRollback) {
            ev.rollback(reason::ServiceBreachRollback, gate.name,
                        what + ", breached for " + std::to_string(breaches) + " consecutive evaluations.", value,
                        gate.threshold,
                        {textArg("gauge", gate.name), numberArg("observed", value), numberArg("threshold", gate.threshold),
                         numberArg("breaches", breaches)});
        } else {
            ev.hold(reason::ServiceBreach, gate.name,
                    what + " (breach " + std::to_string(breaches) + " of " + std::to_string(ev.plan.breachesBeforeRollback)
                        + " before rollback).",
                    value, gate.threshold,
                    {textArg("gauge", gate.name), numberArg("observed", value), numberArg("threshold", gate.threshold),
                     numberArg("breaches", breaches), numberArg("breaches_before_rollback", ev.plan.breachesBeforeRollback)});
        }
    }
}

void checkIncidents(Evaluation &ev, std::optional<int> maximum, const char *gate)
{
    if (!maximum)
        return;
    const int incidents = ev.evidence.incidents;
    if (incidents <= *maximum) {
        ev.row(gate, "Incidents", GateStatus::Pass, std::to_string(incidents) + " of at most " + std::to_string(*maximum) + ".",
               incidents, *maximum);
        return;
    }
    ev.row(gate, "Incidents", GateStatus::Fail, std::to_string(incidents) + " incidents.", incidents, *maximum);
    ev.hold(reason::IncidentsExceeded, gate,
            std::to_string(incidents) + " incidents in this stage; at most " + std::to_string(*maximum) + " are allowed.",
            incidents, *maximum, observedArgs(incidents, *maximum, "incidents"));
}

void checkSampleRatio(Evaluation &ev)
{
    const std::int64_t control = ev.evidence.controlUnits;
    const std::int64_t treatment = ev.evidence.treatmentUnits;
    const double share = ev.stage.percentage / 100.0;
    if (control + treatment == 0) {
        ev.row("srm", "Sample ratio", GateStatus::Pending, "No units assigned yet.");
        return;
    }
    if (share >= 1.0) {
        // At 100% nobody should be in control; any control unit is a leak.
        if (control == 0) {
            ev.row("srm", "Sample ratio", GateStatus::Pass, "All units on the new behaviour.");
        } else {
            ev.row("srm", "Sample ratio", GateStatus::Fail, count(control) + " units still in control at 100%.");
            ev.hold(reason::SampleRatioMismatch, "srm",
                    "Sample ratio mismatch: " + count(control) + " units were assigned to control at the 100% stage.",
                    static_cast<double>(control), 0.0, observedArgs(static_cast<double>(control), 0.0, "units"));
            ev.distrust("sample ratio mismatch");
        }
        return;
    }
    const std::array<std::int64_t, 2> observed{control, treatment};
    const std::array<double, 2> expected{1.0 - share, share};
    auto srm = stats::sampleRatioMismatch(observed, expected, ev.plan.srmThreshold);
    if (!srm) {
        ev.row("srm", "Sample ratio", GateStatus::Pending, srm.error().message);
        return;
    }
    const double observedShare = static_cast<double>(treatment) / static_cast<double>(control + treatment);
    const std::string detail = "treatment share " + num(100.0 * observedShare) + "% vs planned " + num(ev.stage.percentage)
        + "%, p = " + num(srm->pValue, 3);
    if (!srm->mismatch) {
        ev.row("srm", "Sample ratio", GateStatus::Pass, detail + ".", srm->pValue, ev.plan.srmThreshold);
        return;
    }
    ev.row("srm", "Sample ratio", GateStatus::Fail, detail + ".", srm->pValue, ev.plan.srmThreshold);
    ev.hold(reason::SampleRatioMismatch, "srm",
            "Sample ratio mismatch: " + detail + " < " + num(ev.plan.srmThreshold) + "; assignment is broken.",
            srm->pValue, ev.plan.srmThreshold,
            {numberArg("p_value", srm->pValue, "p"), numberArg("threshold", ev.plan.srmThreshold, "p"),
             numberArg("observed_share", observedShare, "fraction"), numberArg("planned_share", share, "fraction")});
    ev.distrust("sample ratio mismatch");
}

void checkDwell(Evaluation &ev)
{
    const Duration dwelt = ev.now - ev.state.stageStartedAt;
    const Duration needed = ev.stage.minimumDwell;
    if (dwelt >= needed) {
        ev.row("dwell", "Minimum dwell", GateStatus::Pass, hours(dwelt) + " of " + hours(needed) + ".",
               static_cast<double>(dwelt.count()) / 3600.0, static_cast<double>(needed.count()) / 3600.0);
        return;
    }
    ev.ready = false;
    ev.row("dwell", "Minimum dwell", GateStatus::Pending, hours(dwelt) + " of " + hours(needed) + ".",
           static_cast<double>(dwelt.count()) / 3600.0, static_cast<double>(needed.count()) / 3600.0);
    ev.hold(reason::DwellNotReached, "dwell",
            "Minimum dwell not reached: " + hours(dwelt) + " of " + hours(needed) + " at " + num(ev.stage.percentage) + "%.",
            static_cast<double>(dwelt.count()) / 3600.0, static_cast<double>(needed.count()) / 3600.0,
            observedArgs(inHours(dwelt), inHours(needed), "h"));
}

void checkLoadTest(Evaluation &ev)
{
    const auto &test = ev.evidence.loadTest;
    if (!test || ev.stageIndex + 1 >= ev.plan.stages.size())
        return;
    const double next = ev.plan.stages[ev.stageIndex + 1].percentage;
    if (std::fabs(test->percentage - next) > 1e-9) {
        ev.row("load_test", "Load test", GateStatus::Pending,
               "The last load test ran at " + num(test->percentage) + "%, not at the next stage's " + num(next) + "%.");
        return;
    }
    const std::string detail = "at " + num(next) + "%: P95 " + num(test->p95LatencyMs) + " ms, errors "
        + num(100.0 * test->errorRate, 3) + "%";
    if (test->passed) {
        ev.row("load_test", "Load test", GateStatus::Pass, "Passed " + detail + ".", test->p95LatencyMs);
        return;
    }
    ev.row("load_test", "Load test", GateStatus::Fail, "Failed " + detail + ".", test->p95LatencyMs);
    ev.hold(reason::LoadTestFailed, "load_test", "The load test at the next stage's traffic failed (" + detail + ").",
            test->p95LatencyMs, std::nullopt,
            {numberArg("percentage", next, "%"), numberArg("p95_latency", test->p95LatencyMs, "ms"),
             numberArg("error_rate", test->errorRate, "fraction")});
}

void checkSignOffs(Evaluation &ev)
{
    const SignOffRule &rule = ev.stage.signOff;
    if (rule.approvers <= 0)
        return;
    // Each approver's latest word on leaving this stage counts.
    std::map<std::string, const SignOff *> latest;
    for (const SignOff &s : ev.evidence.signOffs) {
        if (s.role != rule.role || std::fabs(s.fromPercentage - ev.stage.percentage) > 1e-9 || s.at < ev.state.stageStartedAt
            || s.at > ev.now + ev.plan.clockSkew)
            continue;
        auto &slot = latest[s.approver];
        if (!slot || s.at >= slot->at)
            slot = &s;
    }
    int approvals = 0;
    std::vector<std::string> rejecters;
    for (const auto &[approver, s] : latest) {
        if (s->approve)
            ++approvals;
        else
            rejecters.push_back(approver);
    }
    const std::string tally = std::to_string(approvals) + " of " + std::to_string(rule.approvers) + " " + rule.role + " approvals";
    if (!rejecters.empty()) {
        std::string who;
        for (const std::string &r : rejecters)
            who += (who.empty() ? "" : ", ") + r;
        ev.row("signoff", "Sign-off", GateStatus::Fail, "Rejected by " + who + ".", approvals, rule.approvers);
        ev.hold(reason::SignOffRejected, "signoff", "Sign-off rejected by " + who + " (" + tally + ").", approvals, rule.approvers,
                {textArg("approvers", who), numberArg("observed", approvals), numberArg("threshold", rule.approvers),
                 textArg("role", rule.role)});
        return;
    }
    if (approvals >= rule.approvers) {
        ev.row("signoff", "Sign-off", GateStatus::Pass, tally + ".", approvals, rule.approvers);
        return;
    }
    ev.row("signoff", "Sign-off", GateStatus::Pending, tally + ".", approvals, rule.approvers);
    ev.hold(reason::SignOffMissing, "signoff", "Waiting for sign-off: " + tally + ".", approvals, rule.approvers,
            {numberArg("observed", approvals), numberArg("threshold", rule.approvers), textArg("role", rule.role)});
}

void checkFinalAssessment(Evaluation &ev, bool atFull = true)
{
    const FinalAssessment &final = ev.plan.finalAssessment;
    const Duration stable = atFull ? ev.now - ev.state.stageStartedAt : Duration::zero();
    if (!atFull) {
        ev.row("stability", "Stability at 100%", GateStatus::Pending,
               "Not at 100%: 0 h of " + hours(final.stabilityPeriod) + ".");
        ev.hold(reason::StabilityPeriod, "stability", "The rollout is not at 100%; the stability period has not begun.",
                0.0, inHours(final.stabilityPeriod), observedArgs(0.0, inHours(final.stabilityPeriod), "h"));
    } else if (stable < final.stabilityPeriod) {
        ev.row("stability", "Stability at 100%", GateStatus::Pending, hours(stable) + " of " + hours(final.stabilityPeriod) + ".");
        ev.hold(reason::StabilityPeriod, "stability",
                "Stability period at 100% not over: " + hours(stable) + " of " + hours(final.stabilityPeriod) + ".",
                inHours(stable), inHours(final.stabilityPeriod), observedArgs(inHours(stable), inHours(final.stabilityPeriod), "h"));
    } else {
        ev.row("stability", "Stability at 100%", GateStatus::Pass, hours(stable) + " of " + hours(final.stabilityPeriod) + ".");
    }
    checkIncidents(ev, final.maximumIncidents, "final_incidents");
    detail::checkBusinessGates(ev, final.businessGates);
}

Decision notRunning(const RolloutState &state, TimePoint now)
{
    Decision d;
    d.action = Action::Hold;
    d.evaluatedAt = now;
    d.reasons.push_back({reason::NotRunning, "state", std::string("The rollout is ") + statusName(state.status) + "; there is nothing to evaluate.", {}, {},
                         {textArg("status", statusName(state.status))}});
    return d;
}

void conclude(Evaluation &ev)
{
    Decision &d = ev.decision;
    // Rows without arguments of their own get their observed value and threshold, typed
    // with the unit their gate measures in (service gates: the gauge's own unit).
    // Never destroyed: a controller thread may still conclude an evaluation while the process exits.
    static const auto &units = *new const std::map<std::string, std::string>{{"dwell", "h"},
                                                                             {"flag", "%"},
                                                                             {"srm", "p"},
                                                                             {"sample", "units"},
                                                                             {"incidents", "incidents"},
                                                                             {"final_incidents", "incidents"},
                                                                             {"signoff", "approvals"},
                                                                             {"load_test", "ms"}};
    for (GateRow &row : d.gates) {
        if (row.code.empty())
            row.code = row.status == GateStatus::Fail ? rowcode::Fail : rowcode::Pending;
        if (row.args.empty()) {
            const auto unit = units.find(row.gate);
            row.args = observedArgs(row.observed, row.threshold, unit == units.end() ? std::string() : unit->second);
        }
    }
    const bool last = ev.stageIndex + 1 == ev.plan.stages.size();
    if (!ev.rollbacks.empty()) {
        d.action = Action::Rollback;
        d.terminal = std::all_of(ev.rollbacks.begin(), ev.rollbacks.end(), [](const Reason &r) {
            return r.code == reason::SequentialTestExhausted || r.code == reason::Futility;
        });
        d.targetPercentage = ev.state.lastStableStage ? ev.plan.stages[*ev.state.lastStableStage].percentage : 0.0;
        d.reasons = std::move(ev.rollbacks);
        d.reasons.insert(d.reasons.end(), ev.holds.begin(), ev.holds.end());
    } else if (!ev.holds.empty()) {
        d.action = Action::Hold;
        d.targetPercentage = ev.stage.percentage;
        d.reasons = std::move(ev.holds);
    } else if (last) {
        d.action = Action::Complete;
        d.targetPercentage = 100.0;
        d.reasons.push_back({reason::AllGatesPass, "", "Every gate of the final assessment passes; the rollout is complete.", {}, {}, {}});
    } else {
        d.action = Action::Advance;
        d.targetPercentage = ev.plan.stages[ev.stageIndex + 1].percentage;
        d.reasons.push_back({reason::AllGatesPass, "",
                             "Every gate passes and the sign-offs are present: advance from " + num(ev.stage.percentage) + "% to "
                                 + num(d.targetPercentage) + "%.",
                             {}, {}, {numberArg("from", ev.stage.percentage, "%"), numberArg("to", d.targetPercentage, "%")}});
    }
}

} // namespace

Decision GateEngine::evaluate(const Plan &plan, const RolloutState &state, const Evidence &evidence, TimePoint now)
{
    const bool running = state.status == RolloutStatus::Running || state.status == RolloutStatus::Holding
        || state.status == RolloutStatus::AwaitingSignOff;
    if (!running || !state.stage || *state.stage >= plan.stages.size())
        return notRunning(state, now);
    Decision decision;
    decision.evaluatedAt = now;
    decision.currentPercentage = plan.stages[*state.stage].percentage;
    Evaluation ev{plan, state, evidence, now, *state.stage, plan.stages[*state.stage], decision, {}, {}, true, true, {}};
    const bool last = ev.stageIndex + 1 == plan.stages.size();
    checkTimestamps(ev);
    checkFlag(ev);
    checkServiceGates(ev);
    checkIncidents(ev, ev.stage.maximumIncidents, "incidents");
    checkSampleRatio(ev);
    detail::checkGuardrails(ev);
    checkDwell(ev);
    checkSample(ev);
    checkSignificance(ev);
    detail::checkBusinessGates(ev, ev.stage.businessGates);
    if (last)
        checkFinalAssessment(ev);
    checkLoadTest(ev);
    checkSignOffs(ev);
    conclude(ev);
    return decision;
}

FinalAssessmentResult assessFinal(const Plan &plan, const RolloutState &state, const Evidence &evidence, TimePoint now)
{
    FinalAssessmentResult result;
    if (plan.stages.empty())
        return result;
    const std::size_t last = plan.stages.size() - 1;
    const std::size_t index = state.stage && *state.stage <= last ? *state.stage : last;
    const bool atFull = state.stage && *state.stage == last && state.status != RolloutStatus::RolledBack
        && state.status != RolloutStatus::Pending;
    Decision decision;
    decision.evaluatedAt = now;
    Evaluation ev{plan, state, evidence, now, index, plan.stages[index], decision, {}, {}, true, true, {}};
    checkFinalAssessment(ev, atFull);
    conclude(ev);
    result.rows = std::move(decision.gates);
    result.passes = !result.rows.empty() && std::all_of(result.rows.begin(), result.rows.end(), [](const GateRow &r) {
        return r.status == GateStatus::Pass;
    });
    return result;
}

Result<Transition> requestAdvance(const Plan &plan, const RolloutState &state, const Evidence &evidence,
                                  const std::string &actor, const std::string &evidenceHash, TimePoint now)
{
    const Decision decision = GateEngine::evaluate(plan, state, evidence, now);
    if (decision.action != Action::Advance) {
        std::string why;
        for (const Reason &r : decision.reasons)
            why += " " + r.message;
        return makeError("advance_refused", "", std::string("The advance was refused: the evidence now says ")
                                                    + actionName(decision.action) + "." + why);
    }
    return applyDecision(plan, state, decision, actor, evidenceHash, now);
}

} // namespace rampart::rollout