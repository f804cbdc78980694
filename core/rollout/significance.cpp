#include "evaluation.h"

#include "metricanalysis.h"
#include "samplingplan.h"

#include "stats/multipletesting.h"
#include "stats/sequential.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <tuple>

namespace rampart::rollout::detail {

namespace {

// A new sequential look needs at least this much more information than the last one, so
// evaluating every minute does not turn into hundreds of looks.
constexpr double MinimumLookStep = 0.05;
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

} // namespace

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

} // namespace rampart::rollout::detail
