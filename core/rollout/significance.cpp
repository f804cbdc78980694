// The primary metrics as one group-sequential test across the stages: stratified
// statistics, information from the stratified estimator, looks only on trustworthy data at
// the planned information fractions, the intersection-union rule (every primary must
// cross its boundary, no multiplicity correction), and a terminal outcome at the final look.

#include "evaluation.h"
#include "metricanalysis.h"
#include "samplingplan.h"

#include "stats/distributions.h"
#include "stats/sequential.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <tuple>

namespace rampart::rollout::detail {

namespace {

struct CohortCounts
{
    std::int64_t treatment = 0;
    std::int64_t control = 0;
};

// Units observed per cohort for the comparison: the smallest n over the primary metrics.
CohortCounts observedSample(const Evaluation &ev)
{
    bool any = false;
    CohortCounts have{INT64_MAX, INT64_MAX};
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Primary)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        any = true;
        have.treatment = std::min(have.treatment, e ? e->treatment.summary.count() : 0);
        have.control = std::min(have.control, e ? e->control.summary.count() : 0);
    }
    return any ? have : CohortCounts{};
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
    if (cache.size() > 4096)
        cache.clear();
    auto bounds = stats::groupSequentialBoundaries(fractions, alpha, spending, 1);
    cache.emplace(std::move(key), bounds);
    return bounds;
}

struct Primaries
{
    std::vector<MetricAnalysis> analyses;
    std::vector<std::string> degenerate; ///< "metric: why"
    double fraction = 0.0;               ///< min over primaries of information / maximum
    double maximum = 0.0;                ///< the maximum information of the most demanding primary
    bool planError = false;
};

Primaries analysePrimaries(const Evaluation &ev)
{
    Primaries p;
    bool first = true;
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Primary)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        std::string why;
        MetricAnalysis a;
        if (e) {
            a = analysePrimary(spec, ev.evidence, *e, ev.stage.percentage, &why);
        } else {
            a.metric = spec.name;
            a.role = "primary";
            why = "no data";
        }
        if (!a.z)
            p.degenerate.push_back(spec.name + ": " + why);
        auto maximum = maximumInformation(ev.plan, spec);
        if (!maximum) {
            p.planError = true;
        } else {
            const double f = a.information.value_or(0.0) / *maximum;
            p.fraction = first ? f : std::min(p.fraction, f);
            p.maximum = std::max(p.maximum, *maximum);
        }
        first = false;
        p.analyses.push_back(std::move(a));
    }
    p.fraction = std::clamp(p.fraction, 0.0, 1.0);
    return p;
}

bool finalLookTaken(const Evaluation &ev)
{
    const auto &looks = ev.state.looks;
    return !looks.empty() && (looks.back().informationFraction >= 1.0 || static_cast<int>(looks.size()) >= ev.plan.looks);
}

/// The information fraction at which the next look is due: k/K for the (k)th planned look,
/// 1 for the final one.
double nextPlanned(const Evaluation &ev)
{
    const int k = static_cast<int>(ev.state.looks.size()) + 1;
    const int planned = std::max(1, ev.plan.looks);
    return k >= planned ? 1.0 : static_cast<double>(k) / planned;
}

// Non-binding futility bound by beta spending: the bound a_k on Z at look k such that,
// under the design alternative (drift θ = z√R at t = 1), P(Z_k < a_k) spends
// β(t_k) − β(t_{k−1}) of the type II error, with β(t) the plan's spending shape applied to
// 1 − π. Approximated look by look from the marginal distribution Z_k ~ N(θ√t_k, 1)
// (conservative: the continuation region is ignored); a_k never exceeds the efficacy bound.
std::optional<double> futilityBound(const Evaluation &ev, double fraction, double boundary)
{
    if (!ev.plan.futility)
        return std::nullopt;
    int primaries = 0;
    for (const MetricSpec &m : ev.plan.metrics)
        primaries += m.role == MetricRole::Primary;
    const double marginal = std::pow(ev.plan.power, 1.0 / std::max(1, primaries));
    const double beta = 1.0 - marginal;
    const double z = stats::dist::normalIsf(ev.plan.alpha / 2.0) + stats::dist::normalIsf(beta);
    const double previous = ev.state.looks.empty() ? 0.0 : ev.state.looks.back().informationFraction;
    const double spent = stats::spentAlpha(ev.plan.spending, beta, fraction) - stats::spentAlpha(ev.plan.spending, beta, previous);
    if (!(spent > 0.0))
        return std::nullopt;
    // θ√t with θ from the fixed design (the inflation is small); a_k = θ√t_k + Φ⁻¹(spent).
    const double a = z * std::sqrt(fraction) + stats::dist::normalQuantile(std::min(spent, 0.5));
    return std::min(a, boundary);
}

} // namespace

void checkSample(Evaluation &ev)
{
    const std::int64_t minimum = ev.stage.minimumSamplesPerCohort;
    const CohortCounts need{minimum, ev.stage.percentage < 100.0 ? minimum : 0};
    const CohortCounts have = observedSample(ev);
    SampleRequirement &s = ev.decision.sample;
    s.requiredTreatment = need.treatment;
    s.requiredControl = need.control;
    s.treatment = have.treatment;
    s.control = have.control;
    const double stageHours = static_cast<double>((ev.now - ev.state.stageStartedAt).count()) / 3600.0;
    const double units = static_cast<double>(ev.evidence.controlUnits + ev.evidence.treatmentUnits);
    const double share = ev.stage.percentage / 100.0;
    if (stageHours > 0.0 && units > 0.0) {
        s.unitsPerHour = units / stageHours;
        double waitHours = 0.0;
        if (need.treatment > have.treatment)
            waitHours = std::max(waitHours, static_cast<double>(need.treatment - have.treatment) / (s.unitsPerHour * share));
        if (need.control > have.control && share < 1.0)
            waitHours = std::max(waitHours, static_cast<double>(need.control - have.control) / (s.unitsPerHour * (1.0 - share)));
        s.projectedWait = Duration(static_cast<std::int64_t>(std::ceil(waitHours * 3600.0)));
    }
    const std::string detail = ev.plan.treatmentCohort + " " + count(have.treatment) + " of " + count(need.treatment) + ", "
        + ev.plan.controlCohort + " " + count(have.control) + " of " + count(need.control);
    if (have.treatment >= need.treatment && have.control >= need.control) {
        ev.row("sample", "Sample size", GateStatus::Pass, detail + ".", std::nullopt, std::nullopt,
               {numberArg("treatment", static_cast<double>(have.treatment), "units"),
                numberArg("required_treatment", static_cast<double>(need.treatment), "units"),
                numberArg("control", static_cast<double>(have.control), "units"),
                numberArg("required_control", static_cast<double>(need.control), "units")});
        return;
    }
    ev.ready = false;
    const bool treatmentShort = static_cast<double>(have.treatment) / static_cast<double>(std::max<std::int64_t>(need.treatment, 1))
        <= static_cast<double>(have.control) / static_cast<double>(std::max<std::int64_t>(need.control, 1));
    const std::int64_t shortHave = treatmentShort ? have.treatment : have.control;
    const std::int64_t shortNeed = treatmentShort ? need.treatment : need.control;
    std::string message = "insufficient sample size: " + count(shortHave) + " of " + count(shortNeed) + " per cohort ("
        + detail + ")";
    if (s.projectedWait)
        message += "; about " + hours(*s.projectedWait) + " more at the current traffic";
    ReasonArgs args{numberArg("observed", static_cast<double>(shortHave), "units"),
                    numberArg("threshold", static_cast<double>(shortNeed), "units"),
                    textArg("cohort", treatmentShort ? ev.plan.treatmentCohort : ev.plan.controlCohort)};
    if (s.projectedWait)
        args.push_back(numberArg("projected_wait", static_cast<double>(s.projectedWait->count()) / 3600.0, "h"));
    ev.row("sample", "Sample size", GateStatus::Pending, detail + ".", static_cast<double>(shortHave),
           static_cast<double>(shortNeed), args);
    ev.hold(reason::InsufficientSample, "sample", message + ".", static_cast<double>(shortHave),
            static_cast<double>(shortNeed), args);
}

void checkSignificance(Evaluation &ev)
{
    Primaries p = analysePrimaries(ev);
    ev.decision.sample.informationFraction = p.fraction;
    ev.decision.sample.maximumInformation = p.maximum;
    const auto &looks = ev.state.looks;
    std::map<std::string, int> crossedAt = ev.state.primaryCrossedAt;
    const auto allCrossed = [&] {
        for (const MetricAnalysis &a : p.analyses)
            if (!crossedAt.count(a.metric))
                return false;
        return !p.analyses.empty();
    };
    bool established = ev.state.efficacyLook.has_value();
    std::optional<Look> look;
    bool exhausted = false;
    bool futile = false;
    const bool testing = !established && ev.stage.percentage < 100.0 && !p.planError;
    const double due = nextPlanned(ev);
    if (testing && finalLookTaken(ev)) {
        exhausted = true;
    } else if (testing && p.fraction >= due - 1e-12) {
        if (!ev.ready)
            ev.distrust("the stage's dwell or minimum sample is not reached");
        for (const std::string &d : p.degenerate)
            ev.distrust("primary " + d);
        if (ev.trustworthy) {
            std::vector<double> fractions;
            for (const LookRecord &l : looks)
                fractions.push_back(l.informationFraction);
            // A look at full information is the final one, even before its planned turn
            // (e.g. a stage's dwell held the looks back): fractions {…, 1, 1} have no boundary.
            const bool isFinal = due >= 1.0 || p.fraction >= 1.0;
            const double t = isFinal ? 1.0 : std::min(p.fraction, 1.0);
            fractions.push_back(t);
            if (!isFinal)
                fractions.push_back(1.0);
            // A look's boundary depends only on the spending up to it: evaluate it as if the final
            // look followed.
            auto bounds = cachedBoundaries(fractions, ev.plan.alpha / 2.0, ev.plan.spending);
            if (bounds) {
                const std::size_t k = looks.size();
                look = Look{static_cast<int>(k + 1), t, bounds->z[k], bounds->nominalP[k], true, false, std::nullopt, {}, isFinal,
                            std::nullopt};
                look->futilityZ = futilityBound(ev, t, look->boundaryZ);
                for (MetricAnalysis &a : p.analyses) {
                    if (crossedAt.count(a.metric) || !a.z)
                        continue;
                    if (*a.z >= look->boundaryZ) {
                        crossedAt[a.metric] = look->index;
                        look->crossedMetrics.push_back(a.metric);
                        a.significant = true;
                    } else if (look->futilityZ && *a.z < *look->futilityZ) {
                        futile = true;
                    }
                }
                look->crossed = allCrossed();
                if (!isFinal) {
                    const int next = static_cast<int>(looks.size()) + 2;
                    look->nextLookAt = next >= ev.plan.looks ? 1.0 : static_cast<double>(next) / ev.plan.looks;
                }
                established = look->crossed;
                exhausted = isFinal && !look->crossed;
            }
        }
    }
    if (!look && !looks.empty()) {
        const LookRecord &l = looks.back();
        look = Look{static_cast<int>(looks.size()), l.informationFraction, l.boundaryZ, l.nominalAlpha, false,
                    established, std::nullopt, {}, finalLookTaken(ev), std::nullopt};
        if (!finalLookTaken(ev))
            look->nextLookAt = due;
    }
    for (MetricAnalysis &a : p.analyses) {
        if (crossedAt.count(a.metric))
            a.significant = true;
        ev.decision.metrics.push_back(a);
    }
    ev.decision.look = look;
    ReasonArgs fractionArgs{numberArg("information_fraction", p.fraction, "fraction"), numberArg("next_look_at", due, "fraction")};
    if (exhausted) {
        std::string missing;
        for (const MetricAnalysis &a : p.analyses)
            if (!crossedAt.count(a.metric))
                missing += (missing.empty() ? "" : ", ") + a.metric;
        ev.row("significance", "Primary metrics", GateStatus::Fail,
               "The final look was taken without every primary crossing (" + missing + " did not).", std::nullopt, std::nullopt,
               {textArg("metrics", missing)});
        ev.rollback(reason::SequentialTestExhausted, "significance",
                    "The sequential test reached its final look without showing that every primary metric improved ("
                        + missing
                        + " did not): roll back to the last stable stage, or extend under an amended plan through an override "
                          "with a written justification.",
                    std::nullopt, std::nullopt, {textArg("metrics", missing)});
        return;
    }
    if (futile) {
        ev.row("significance", "Primary metrics", GateStatus::Fail, "A primary metric crossed its non-binding futility bound.");
        ev.rollback(reason::Futility, "significance",
                    "A primary metric fell below its futility bound at look " + std::to_string(look->index)
                        + " (z < " + num(*look->futilityZ, 3) + "): the planned effect is unlikely; roll back, or continue "
                          "through an override (the bound is non-binding).",
                    look->futilityZ, std::nullopt, {numberArg("futility_z", *look->futilityZ, "z")});
        return;
    }
    if (!ev.stage.requireSignificance)
        return;
    if (established) {
        const int at = ev.state.efficacyLook ? *ev.state.efficacyLook : look->index;
        ev.row("significance", "Primary metrics", GateStatus::Pass,
               "Every primary metric crossed its boundary; established at look " + std::to_string(at) + ".", std::nullopt,
               std::nullopt, {numberArg("look", at)});
        return;
    }
    if (!p.degenerate.empty()) {
        std::string list;
        for (const std::string &d : p.degenerate)
            list += (list.empty() ? "" : "; ") + d;
        ev.row("primary", "Primary data", GateStatus::Pending, "No test possible: " + list + ".");
        ev.hold(reason::PrimaryDegenerate, "primary",
                "A primary metric admits no test (" + list + "); no look is taken and no alpha is spent.", std::nullopt,
                std::nullopt, {textArg("metrics", list)});
    }
    if (testing && p.fraction >= due - 1e-12 && !look.value_or(Look{}).taken) {
        std::string why;
        for (const std::string &w : ev.untrustworthy)
            why += (why.empty() ? "" : "; ") + w;
        ev.hold(reason::LookSkipped, "significance",
                "A sequential look is due at information fraction " + num(due, 3) + " but the data are not trustworthy (" + why
                    + "); the look is skipped and spends nothing.",
                p.fraction, due, {numberArg("information_fraction", p.fraction, "fraction"), textArg("why", why)});
    }
    std::string detail = "information fraction " + num(p.fraction, 3) + " of maximum information " + num(p.maximum, 4);
    if (look && look->taken) {
        detail += "; look " + std::to_string(look->index) + " needs z ≥ " + num(look->boundaryZ, 3) + " (one-sided p < "
            + num(look->nominalAlpha, 3) + ")";
    }
    for (const MetricAnalysis &a : p.analyses) {
        detail += ", " + a.metric + (crossedAt.count(a.metric) ? " crossed" : " z = " + (a.z ? num(*a.z, 3) : std::string("n/a")));
    }
    detail += "; next look at information fraction " + num(due, 3);
    ev.row("significance", "Primary metrics", GateStatus::Pending, detail + ".");
    ev.hold(reason::NotSignificant, "significance", "Primary metrics have not all crossed the efficacy boundary: " + detail + ".",
            look ? std::optional<double>(look->informationFraction) : std::nullopt,
            look ? std::optional<double>(look->nominalAlpha) : std::nullopt, fractionArgs);
}

} // namespace rampart::rollout::detail
