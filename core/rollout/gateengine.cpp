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
    return num(static_cast<double>(d.count()) / 3600.0, 3) + " h";
}

} // namespace detail

namespace {

using detail::count;
using detail::Evaluation;
using detail::hours;
using detail::num;

void checkFlag(Evaluation &ev)
{
    if (!ev.evidence.flag) {
        ev.row("flag", "Feature flag", GateStatus::Pending, "The flag was not read.");
        ev.hold(reason::FlagMismatch, "flag", "The feature flag was not read, so the traffic split is unknown.");
        return;
    }
    const double actual = ev.evidence.flag->percentage;
    if (std::fabs(actual - ev.stage.percentage) > 1e-9) {
        ev.row("flag", "Feature flag", GateStatus::Fail, "The flag says " + num(actual) + "%.", actual, ev.stage.percentage);
        ev.hold(reason::FlagMismatch, "flag",
                "The feature flag is at " + num(actual) + "% but the rollout is at the " + num(ev.stage.percentage)
                    + "% stage.",
                actual, ev.stage.percentage);
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
            ev.hold(reason::TelemetryMissing, gate.name, "No telemetry for " + label + "; it is missing, not zero.");
            continue;
        }
        const double value = *gauge->value;
        if (!gauge->sampledAt || ev.now - *gauge->sampledAt > ev.plan.telemetryMaxAge) {
            ev.decision.consecutiveBreaches[gate.name] = breaches;
            const std::string age = gauge->sampledAt ? "is " + hours(ev.now - *gauge->sampledAt) + " old" : "has no timestamp";
            ev.row(gate.name, label, GateStatus::Pending, "The reading " + age + ".", value, gate.threshold);
            ev.hold(reason::TelemetryStale, gate.name,
                    "The " + label + " reading " + age + " (limit " + hours(ev.plan.telemetryMaxAge) + ").", value,
                    gate.threshold);
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
                        gate.threshold);
        } else {
            ev.hold(reason::ServiceBreach, gate.name,
                    what + " (breach " + std::to_string(breaches) + " of " + std::to_string(ev.plan.breachesBeforeRollback)
                        + " before rollback).",
                    value, gate.threshold);
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
            incidents, *maximum);
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
                    "Sample ratio mismatch: " + count(control) + " units were assigned to control at the 100% stage.");
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
            srm->pValue, ev.plan.srmThreshold);
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
            static_cast<double>(dwelt.count()) / 3600.0, static_cast<double>(needed.count()) / 3600.0);
}

void checkGuardrails(Evaluation &ev)
{
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Guardrail)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        const std::string gate = "metric:" + spec.name;
        const std::string label = spec.label.empty() ? spec.name : spec.label;
        if (!e || !detail::comparable(*e)) {
            ev.row(gate, label, GateStatus::Pending, "Not enough data in both cohorts yet.");
            continue;
        }
        MetricAnalysis a = detail::analyseGuardrail(spec, *e, ev.plan.alpha);
        const std::string change = a.relativeChange ? num(100.0 * *a.relativeChange, 3) + "%" : "n/a";
        const std::string p = a.pValue ? num(*a.pValue, 3) : "n/a";
        if (a.degraded) {
            ev.row(gate, label, GateStatus::Fail, "Worse by " + change + " (p = " + p + ").", a.pValue, ev.plan.alpha);
            ev.rollback(reason::GuardrailDegraded, gate,
                        label + " degraded significantly: " + num(a.treatmentMean) + " vs " + num(a.controlMean)
                            + " (" + change + ", p = " + p + " < " + num(ev.plan.alpha) + ").",
                        a.pValue, ev.plan.alpha);
        } else {
            ev.row(gate, label, GateStatus::Pass, "Change " + change + ", no significant degradation (p = " + p + ").",
                   a.pValue, ev.plan.alpha);
        }
        ev.decision.metrics.push_back(std::move(a));
    }
}
void checkBusinessGates(Evaluation &ev, const std::vector<BusinessGate> &gates)
{
    for (const BusinessGate &gate : gates) {
        const MetricSpec *spec = ev.plan.metric(gate.metric);
        const MetricEvidence *e = ev.evidence.metric(gate.metric);
        const std::string id = "business:" + gate.metric;
        const std::string label = spec && !spec->label.empty() ? spec->label : gate.metric;
        const bool relative = gate.measure == BusinessGate::Measure::RelativeImprovement;
        std::optional<double> observed;
        if (spec && e && e->treatment.summary.count() > 0)
            observed = relative ? detail::relativeImprovement(*spec, *e) : std::optional<double>(e->treatment.summary.mean());
        const auto show = [&](double v) { return relative ? num(100.0 * v, 3) + "%" : num(v, 4); };
        if (!observed) {
            ev.row(id, label, GateStatus::Pending, "No data yet.", std::nullopt, gate.threshold);
            ev.hold(reason::BusinessGateUnmet, id, "Business gate on " + label + " has no data yet.", std::nullopt, gate.threshold);
            continue;
        }
        const bool higher = !spec || spec->direction == Direction::HigherIsBetter || relative;
        const bool met = higher ? *observed > gate.threshold : *observed < gate.threshold;
        const std::string what = (relative ? "improvement " : "mean ") + show(*observed) + (higher ? ", needs > " : ", needs < ")
            + show(gate.threshold);
        ev.row(id, label, met ? GateStatus::Pass : GateStatus::Fail, what + ".", observed, gate.threshold);
        if (!met)
            ev.hold(reason::BusinessGateUnmet, id, "Business gate unmet: " + label + " " + what + ".", observed, gate.threshold);
    }
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
            test->p95LatencyMs);
}

void checkSignOffs(Evaluation &ev)
{
    const SignOffRule &rule = ev.stage.signOff;
    if (rule.approvers <= 0)
        return;
    // Each approver's latest word on leaving this stage counts.
    std::map<std::string, const SignOff *> latest;
    for (const SignOff &s : ev.evidence.signOffs) {
        if (s.role != rule.role || std::fabs(s.fromPercentage - ev.stage.percentage) > 1e-9 || s.at < ev.state.stageStartedAt)
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
        ev.hold(reason::SignOffRejected, "signoff", "Sign-off rejected by " + who + " (" + tally + ").", approvals, rule.approvers);
        return;
    }
    if (approvals >= rule.approvers) {
        ev.row("signoff", "Sign-off", GateStatus::Pass, tally + ".", approvals, rule.approvers);
        return;
    }
    ev.row("signoff", "Sign-off", GateStatus::Pending, tally + ".", approvals, rule.approvers);
    ev.hold(reason::SignOffMissing, "signoff", "Waiting for sign-off: " + tally + ".", approvals, rule.approvers);
}

void checkFinalAssessment(Evaluation &ev)
{
    const FinalAssessment &final = ev.plan.finalAssessment;
    const Duration stable = ev.now - ev.state.stageStartedAt;
    if (stable < final.stabilityPeriod) {
        ev.row("stability", "Stability at 100%", GateStatus::Pending, hours(stable) + " of " + hours(final.stabilityPeriod) + ".");
        ev.hold(reason::StabilityPeriod, "stability",
                "Stability period at 100% not over: " + hours(stable) + " of " + hours(final.stabilityPeriod) + ".");
    } else {
        ev.row("stability", "Stability at 100%", GateStatus::Pass, hours(stable) + " of " + hours(final.stabilityPeriod) + ".");
    }
    checkIncidents(ev, final.maximumIncidents, "final_incidents");
    checkBusinessGates(ev, final.businessGates);
}

Decision notRunning(const RolloutState &state, TimePoint now)
{
    Decision d;
    d.action = Action::Hold;
    d.evaluatedAt = now;
    d.reasons.push_back({"not_running", "state", std::string("The rollout is ") + statusName(state.status) + "; there is nothing to evaluate.", {}, {}});
    return d;
}

void conclude(Evaluation &ev)
{
    Decision &d = ev.decision;
    const bool last = ev.stageIndex + 1 == ev.plan.stages.size();
    if (!ev.rollbacks.empty()) {
        d.action = Action::Rollback;
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
        d.reasons.push_back({reason::AllGatesPass, "", "Every gate of the final assessment passes; the rollout is complete.", {}, {}});
    } else {
        d.action = Action::Advance;
        d.targetPercentage = ev.plan.stages[ev.stageIndex + 1].percentage;
        d.reasons.push_back({reason::AllGatesPass, "",
                             "Every gate passes and the sign-offs are present: advance from " + num(ev.stage.percentage) + "% to "
                                 + num(d.targetPercentage) + "%.",
                             {}, {}});
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
    Evaluation ev{plan, state, evidence, now, *state.stage, plan.stages[*state.stage], decision, {}, {}, true};
    const bool last = ev.stageIndex + 1 == plan.stages.size();
    checkFlag(ev);
    checkServiceGates(ev);
    checkIncidents(ev, ev.stage.maximumIncidents, "incidents");
    checkSampleRatio(ev);
    checkGuardrails(ev);
    checkDwell(ev);
    checkSample(ev);
    checkSignificance(ev);
    checkBusinessGates(ev, ev.stage.businessGates);
    if (last)
        checkFinalAssessment(ev);
    checkLoadTest(ev);
    checkSignOffs(ev);
    conclude(ev);
    return decision;
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