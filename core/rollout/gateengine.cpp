#include "gateengine.h"

#include "metricanalysis.h"
#include "samplingplan.h"

#include "stats/multipletesting.h"
#include "stats/sequential.h"
#include "stats/srm.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace rampart::rollout {

namespace {

// A new sequential look needs at least this much more information than the last one, so
// evaluating every minute does not turn into hundreds of looks.
constexpr double MinimumLookStep = 0.05;

std::string num(double value, int precision = 4)
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

struct Evaluation
{
    const Plan &plan;
    const RolloutState &state;
    const Evidence &evidence;
    TimePoint now;
    std::size_t stageIndex;
    const StageSpec &stage;
    Decision &decision;
    std::vector<Reason> rollbacks;
    std::vector<Reason> holds;
    bool ready = true; ///< dwell and sample requirements met: a sequential look may be taken

    void row(std::string gate, std::string label, GateStatus status, std::string detail,
             std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt)
    {
        decision.gates.push_back({std::move(gate), std::move(label), status, std::move(detail), observed, threshold});
    }
    void hold(const char *code, std::string gate, std::string message, std::optional<double> observed = std::nullopt,
              std::optional<double> threshold = std::nullopt)
    {
        holds.push_back({code, std::move(gate), std::move(message), observed, threshold});
    }
    void rollback(const char *code, std::string gate, std::string message,
                  std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt)
    {
        rollbacks.push_back({code, std::move(gate), std::move(message), observed, threshold});
    }
};

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

// Units observed per cohort for the comparison: the smallest n over the primary metrics.
detail::CohortSample observedSample(const Evaluation &ev)
{
    bool any = false;
    detail::CohortSample have{INT64_MAX, INT64_MAX};
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Primary)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        any = true;
        have.treatment = std::min(have.treatment, e ? e->treatment.summary.count() : 0);
        have.control = std::min(have.control, e ? e->control.summary.count() : 0);
    }
    return any ? have : detail::CohortSample{};
}

void projectWait(Evaluation &ev, const detail::CohortSample &need, const detail::CohortSample &have)
{
    // The traffic rate of this stage: units assigned since it began, per hour.
    SampleRequirement &s = ev.decision.sample;
    const double stageHours = static_cast<double>((ev.now - ev.state.stageStartedAt).count()) / 3600.0;
    const double units = static_cast<double>(ev.evidence.controlUnits + ev.evidence.treatmentUnits);
    if (stageHours <= 0.0 || units <= 0.0)
        return;
    s.unitsPerHour = units / stageHours;
    const double share = ev.stage.percentage / 100.0;
    double waitHours = 0.0;
    if (need.treatment > have.treatment)
        waitHours = std::max(waitHours, static_cast<double>(need.treatment - have.treatment) / (s.unitsPerHour * share));
    if (need.control > have.control && share < 1.0)
        waitHours = std::max(waitHours, static_cast<double>(need.control - have.control) / (s.unitsPerHour * (1.0 - share)));
    s.projectedWait = Duration(static_cast<std::int64_t>(std::ceil(waitHours * 3600.0)));
}

void checkSample(Evaluation &ev)
{
    detail::CohortSample need{ev.stage.minimumSamplesPerCohort, ev.stage.percentage < 100.0 ? ev.stage.minimumSamplesPerCohort : 0};
    if (ev.stage.requireSignificance) {
        auto planned = detail::requiredSample(ev.plan, ev.stage.percentage);
        if (!planned) {
            ev.ready = false;
            ev.row("sample", "Sample size", GateStatus::Pending, planned.error().message);
            ev.hold(reason::InsufficientSample, "sample", planned.error().message);
            return;
        }
        need.treatment = std::max(need.treatment, planned->treatment);
        need.control = std::max(need.control, planned->control);
    }
    const detail::CohortSample have = observedSample(ev);
    SampleRequirement &s = ev.decision.sample;
    s.requiredTreatment = need.treatment;
    s.requiredControl = need.control;
    s.treatment = have.treatment;
    s.control = have.control;
    projectWait(ev, need, have);
    const std::string detail = ev.plan.treatmentCohort + " " + count(have.treatment) + " of " + count(need.treatment) + ", "
        + ev.plan.controlCohort + " " + count(have.control) + " of " + count(need.control);
    if (have.treatment >= need.treatment && have.control >= need.control) {
        ev.row("sample", "Sample size", GateStatus::Pass, detail + ".");
        return;
    }
    ev.ready = false;
    // Report the cohort furthest from its requirement, in the words operators search for.
    const bool treatmentShort = static_cast<double>(have.treatment) / static_cast<double>(std::max<std::int64_t>(need.treatment, 1))
        <= static_cast<double>(have.control) / static_cast<double>(std::max<std::int64_t>(need.control, 1));
    const std::int64_t shortHave = treatmentShort ? have.treatment : have.control;
    const std::int64_t shortNeed = treatmentShort ? need.treatment : need.control;
    std::string message = "insufficient sample size: " + count(shortHave) + " of " + count(shortNeed) + " per cohort ("
        + detail + ")";
    if (s.projectedWait)
        message += "; about " + hours(*s.projectedWait) + " more at the current traffic";
    ev.row("sample", "Sample size", GateStatus::Pending, detail + ".", static_cast<double>(shortHave),
           static_cast<double>(shortNeed));
    ev.hold(reason::InsufficientSample, "sample", message + ".", static_cast<double>(shortHave),
            static_cast<double>(shortNeed));
}

std::vector<MetricAnalysis> analysePrimaries(const Evaluation &ev)
{
    std::vector<MetricAnalysis> out;
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Primary)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        out.push_back(e ? detail::analysePrimary(spec, *e) : MetricAnalysis{spec.name, "primary", {}, 0, 0, {}, {}, {}, false, false});
    }
    return out;
}

// Holm (or the plan's method) across primary metrics at the look's nominal alpha.
bool crossesBoundary(const Evaluation &ev, std::vector<MetricAnalysis> &primaries, double nominalAlpha)
{
    std::vector<double> pValues;
    for (const MetricAnalysis &a : primaries) {
        if (!a.pValue)
            return false;
        pValues.push_back(*a.pValue);
    }
    auto adjusted = stats::adjustPValues(pValues, ev.plan.adjustment, nominalAlpha);
    if (!adjusted)
        return false;
    bool all = true;
    for (std::size_t i = 0; i < primaries.size(); ++i) {
        primaries[i].adjustedPValue = adjusted->adjusted[i];
        primaries[i].significant = adjusted->reject[i];
        all = all && adjusted->reject[i];
    }
    return all;
}

// Boundaries depend only on the look schedule; a watchdog re-evaluating the same schedule
// (or a simulation replaying it) should not pay for the integration again.
Result<stats::SequentialBoundaries> cachedBoundaries(const std::vector<double> &fractions, double alpha,
                                                     stats::SpendingFunction spending)
{
    using Key = std::tuple<std::vector<double>, double, int>;
    thread_local std::map<Key, Result<stats::SequentialBoundaries>> cache;
    Key key{fractions, alpha, static_cast<int>(spending)};
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    if (cache.size() > 256)
        cache.clear();
    auto bounds = stats::groupSequentialBoundaries(fractions, alpha, spending, 1);
    cache.emplace(std::move(key), bounds);
    return bounds;
}

/// Takes a new look when the stage is ready and enough information has accrued since the
/// last one; otherwise reports the last look.
std::optional<Look> sequentialLook(Evaluation &ev, std::vector<MetricAnalysis> &primaries, double fraction)
{
    const auto &looks = ev.state.looks;
    const double last = looks.empty() ? 0.0 : looks.back().informationFraction;
    const bool finalDue = fraction >= 1.0 && last < 1.0;
    const bool stepDue = fraction >= last + MinimumLookStep;
    if (ev.ready && fraction > 0.0 && (finalDue || stepDue)) {
        std::vector<double> fractions;
        for (const LookRecord &l : looks)
            fractions.push_back(l.informationFraction);
        fractions.push_back(std::min(fraction, 1.0));
        // The spending function needs the schedule to end at 1: evaluate the boundary of
        // this look as if it were followed by the final one (alpha spent depends only on t).
        const bool atEnd = fractions.back() >= 1.0;
        if (!atEnd)
            fractions.push_back(1.0);
        auto bounds = cachedBoundaries(fractions, ev.plan.alpha / 2.0, ev.plan.spending);
        if (!bounds)
            return std::nullopt;
        const std::size_t k = looks.size();
        Look look{static_cast<int>(k + 1), fractions[k], bounds->z[k], bounds->nominalP[k], true, false, std::nullopt};
        look.crossed = crossesBoundary(ev, primaries, look.nominalAlpha);
        if (!atEnd)
            look.nextLookAt = std::min(1.0, look.informationFraction + MinimumLookStep);
        return look;
    }
    if (looks.empty())
        return std::nullopt;
    const LookRecord &l = looks.back();
    Look look{static_cast<int>(looks.size()), l.informationFraction, l.boundaryZ, l.nominalAlpha, false, false, std::nullopt};
    crossesBoundary(ev, primaries, l.nominalAlpha); // fills adjusted p-values for display only
    for (MetricAnalysis &a : primaries)
        a.significant = false;
    if (l.informationFraction < 1.0)
        look.nextLookAt = std::min(1.0, l.informationFraction + MinimumLookStep);
    return look;
}

void checkSignificance(Evaluation &ev)
{
    std::vector<MetricAnalysis> primaries = analysePrimaries(ev);
    const detail::CohortSample have = observedSample(ev);
    auto maximum = detail::maximumInformation(ev.plan);
    const double fraction = maximum && *maximum > 0.0 ? std::min(1.0, detail::effectiveUnits(have.treatment, have.control) / *maximum) : 0.0;
    std::optional<Look> look;
    if (!ev.state.efficacyLook && ev.stage.percentage < 100.0)
        look = sequentialLook(ev, primaries, fraction);
    ev.decision.look = look;
    const bool established = ev.state.efficacyLook.has_value() || (look && look->taken && look->crossed);
    for (MetricAnalysis &a : primaries)
        ev.decision.metrics.push_back(a);
    if (!ev.stage.requireSignificance)
        return;
    if (established) {
        const int at = ev.state.efficacyLook ? *ev.state.efficacyLook : look->index;
        ev.row("significance", "Primary metrics", GateStatus::Pass,
               "Significant at look " + std::to_string(at) + " of the sequential test.");
        return;
    }
    if (!ev.ready) {
        // Dwell or sample already hold the stage; the look waits for them.
        ev.row("significance", "Primary metrics", GateStatus::Pending,
               "Information fraction " + num(fraction, 3)
                   + "; the next look is taken once this stage's dwell and sample requirements are met.");
        return;
    }
    std::string detail = "information fraction " + num(fraction, 3);
    if (look) {
        detail += "; look " + std::to_string(look->index) + " needs p < " + num(look->nominalAlpha, 3) + " (Holm-adjusted)";
        for (const MetricAnalysis &a : primaries)
            detail += ", " + a.metric + " p = " + (a.adjustedPValue ? num(*a.adjustedPValue, 3) : std::string("n/a"));
        if (look->nextLookAt)
            detail += "; next look at information fraction " + num(*look->nextLookAt, 3);
    } else {
        detail += "; no look taken yet";
    }
    ev.row("significance", "Primary metrics", GateStatus::Pending, detail + ".");
    ev.hold(reason::NotSignificant, "significance", "Primary metrics are not significant at this look's boundary: " + detail + ".",
            look ? std::optional<double>(look->informationFraction) : std::nullopt,
            look ? std::optional<double>(look->nominalAlpha) : std::nullopt);
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
