// Guardrails as always-valid sequential tests: checked at every evaluation, with the chance
// of a false rollback over the whole rollout at most plan.guardrailAlpha (Bonferroni over
// the guardrail tests, each a mixture SPRT: Ville's inequality). Missing, too small and
// degenerate data are holds with their own reasons, never a pass.

#include "evaluation.h"
#include "metricanalysis.h"

#include "stats/distributions.h"
#include "stats/msprt.h"
#include "stats/stratified.h"

#include <cmath>

namespace rampart::rollout::detail {

namespace {

/// Half-normal prior scale on the log rate ratio of a rare-event guardrail: a doubling of
/// the event rate is a plausible degradation.
constexpr double EventPriorScale = 0.6931471805599453;
/// The normal mixture's sd is the margin (at least 5%) of the control level.
constexpr double MinimumMixingFraction = 0.05;
constexpr double P95 = 0.95;

int testsOf(const MetricSpec &spec)
{
    return spec.kind == MetricKind::Latency ? 2 : 1;
}

struct Outcome
{
    MetricAnalysis analysis;
    std::optional<std::string> missing;    ///< why no test could run (data absent)
    std::optional<std::string> degenerate; ///< why no test could run (data degenerate)
    bool tooSmall = false;
};

double controlScale(const MetricSpec &spec)
{
    return spec.direction == Direction::LowerIsBetter ? 1.0 + spec.nonInferiorityMargin : 1.0 - spec.nonInferiorityMargin;
}

stats::Alternative worse(const MetricSpec &spec)
{
    return spec.direction == Direction::LowerIsBetter ? stats::Alternative::Greater : stats::Alternative::Less;
}

stats::Alternative better(const MetricSpec &spec)
{
    return spec.direction == Direction::LowerIsBetter ? stats::Alternative::Less : stats::Alternative::Greater;
}

// A continuous comparison (mean, or P95 given as moments with sd = √(n·Var(q̂))) of the
// strata, tested both ways with the normal mixture SPRT.
void testMoments(const MetricSpec &spec, const std::vector<stats::MomentStratum> &strata, double controlLevel,
                 double alpha, Outcome &out)
{
    auto est = stats::stratifiedMeanDifference(strata, controlScale(spec), stats::Alternative::TwoSided);
    if (!est) {
        if (est.error().code == errc::DegenerateData)
            out.degenerate = est.error().message;
        else
            out.tooSmall = true;
        return;
    }
    const double variance = est->standardError * est->standardError;
    double tau = std::max(spec.nonInferiorityMargin, MinimumMixingFraction) * std::fabs(controlLevel);
    if (!(tau > 0.0))
        tau = 10.0 * est->standardError;
    auto degraded = stats::normalMixtureSprt(est->estimate, variance, 0.0, tau * tau, worse(spec));
    auto within = stats::normalMixtureSprt(est->estimate, variance, 0.0, tau * tau, better(spec));
    const double sign = spec.direction == Direction::LowerIsBetter ? 1.0 : -1.0;
    out.analysis.z = sign * est->z;
    out.analysis.strata = est->strataUsed;
    if (degraded) {
        out.analysis.pValue = degraded->pValue;
        out.analysis.degraded = degraded->rejects(alpha);
    }
    if (within && spec.nonInferiorityMargin > 0.0)
        out.analysis.nonInferiorityP = within->pValue;
}

Outcome testMean(const MetricSpec &spec, const MetricEvidence &e, const std::vector<StageStratum> &strata, double alpha)
{
    Outcome out{describe(spec, e), {}, {}, false};
    out.analysis.test = "msprt-normal";
    out.analysis.statistic = "mean";
    std::vector<stats::MomentStratum> moments;
    for (const StageStratum &s : strata)
        moments.push_back({s.treatment.summary.summary(), s.control.summary.summary()});
    testMoments(spec, moments, e.control.summary.mean(), alpha, out);
    return out;
}

// Var(q̂_p) ≈ p(1 − p)/(n f(q_p)²), the asymptotic variance of a sample quantile, with the
// density at the P95 taken from an exponential upper tail running from the mean to the
// P95: f = (1 − p)·ln(10)/(q − mean) (an exponential tail above the centre puts the P95 at
// centre + θ ln 10, and f(q) = (1 − p)/θ). This reads the spread of the tail from the tail
// itself, so a long latency tail is not mistaken for an extreme outlier of a normal fit;
// for normal data it overstates the variance about 2× (sd 1.45×), for exponential data by
// about 1.3×: conservative. A P95 at or below the mean falls back to the normal density.
std::optional<stats::SampleSummary> quantileMoments(const CohortMetric &c)
{
    const auto &s = c.summary;
    if (!c.p95 || s.count() < 2)
        return std::nullopt;
    const double sd = s.standardDeviation();
    const double spread = *c.p95 - s.mean();
    double density = 0.0;
    if (spread > 0.0) {
        density = (1.0 - P95) * std::log(10.0) / spread;
    } else if (sd > 0.0) {
        const double x = (*c.p95 - s.mean()) / sd;
        density = std::exp(-0.5 * x * x) / (sd * std::sqrt(2.0 * M_PI));
    }
    if (!(density > 0.0) || !(sd > 0.0))
        return stats::SampleSummary{s.count(), *c.p95, 0.0};
    const double variance = P95 * (1.0 - P95) / (static_cast<double>(s.count()) * density * density);
    return stats::SampleSummary{s.count(), *c.p95, std::sqrt(variance * static_cast<double>(s.count()))};
}

Outcome testP95(const MetricSpec &spec, const MetricEvidence &e, const std::vector<StageStratum> &strata, double alpha)
{
    Outcome out{describe(spec, e), {}, {}, false};
    out.analysis.test = "msprt-normal";
    out.analysis.statistic = "p95";
    if (e.control.p95 && e.treatment.p95) {
        out.analysis.controlMean = *e.control.p95;
        out.analysis.treatmentMean = *e.treatment.p95;
        if (*e.control.p95 != 0.0)
            out.analysis.relativeChange = *e.treatment.p95 / *e.control.p95 - 1.0;
    }
    std::vector<stats::MomentStratum> moments;
    for (const StageStratum &s : strata) {
        if (s.treatment.summary.count() < 2 || s.control.summary.count() < 2)
            continue;
        auto t = quantileMoments(s.treatment);
        auto c = quantileMoments(s.control);
        if (!t || !c) {
            out.missing = "the P95 of each cohort in each stage";
            return out;
        }
        moments.push_back({*t, *c});
    }
    if (moments.empty()) {
        out.tooSmall = true;
        return out;
    }
    testMoments(spec, moments, out.analysis.controlMean, alpha, out);
    return out;
}

Outcome testEvents(const MetricSpec &spec, const MetricEvidence &e, const std::vector<StageStratum> &strata, double alpha)
{
    Outcome out{describe(spec, e), {}, {}, false};
    out.analysis.test = "msprt-conditional-events";
    out.analysis.statistic = "rate";
    const bool eventIsSuccess = spec.direction == Direction::LowerIsBetter;
    std::vector<stats::EventStratum> events;
    for (const StageStratum &s : strata) {
        const auto &t = s.treatment.summary;
        const auto &c = s.control.summary;
        if (t.count() == 0 || c.count() == 0)
            continue;
        // The share of the units the stratum's events came from, not the stage's planned
        // split: a stratum's whole rollup minutes can hold the other split's traffic around a
        // switch (the flag reaches the server up to a poll later), and weighing those events
        // by the planned share read the extra ML traffic as extra ML errors — a false rollback
        // with the ML rate lower. Given the exposures, each event is a treatment event with
        // probability r·n_t/(r·n_t + n_c), whatever split the units were assigned at.
        const double share = static_cast<double>(t.count()) / static_cast<double>(t.count() + c.count());
        events.push_back({eventIsSuccess ? t.successes() : t.count() - t.successes(),
                          eventIsSuccess ? c.successes() : c.count() - c.successes(), share});
    }
    if (events.empty()) {
        out.tooSmall = true;
        return out;
    }
    auto r = stats::conditionalEventMixtureSprt(events, 1.0 + spec.nonInferiorityMargin, EventPriorScale);
    if (!r) {
        out.degenerate = r.error().message;
        return out;
    }
    out.analysis.pValue = r->pValue;
    out.analysis.degraded = r->rejects(alpha);
    out.analysis.strata = static_cast<int>(events.size());
    return out;
}

} // namespace

void checkGuardrails(Evaluation &ev)
{
    int tests = 0;
    for (const MetricSpec &spec : ev.plan.metrics)
        if (spec.role == MetricRole::Guardrail)
            tests += testsOf(spec);
    if (tests == 0)
        return;
    const double alpha = ev.plan.guardrailAlpha / tests;
    for (const MetricSpec &spec : ev.plan.metrics) {
        if (spec.role != MetricRole::Guardrail)
            continue;
        const MetricEvidence *e = ev.evidence.metric(spec.name);
        const std::string gate = "metric:" + spec.name;
        const std::string label = spec.label.empty() ? spec.name : spec.label;
        const ReasonArgs metricArg{textArg("metric", spec.name)};
        if (!e) {
            ev.row(gate, label, GateStatus::Pending, "No data for this guardrail.");
            ev.hold(reason::GuardrailMissing, gate, "No data for the guardrail " + label + "; a guardrail never passes without evidence.",
                    std::nullopt, std::nullopt, metricArg);
            ev.distrust("guardrail " + spec.name + " has no data");
            continue;
        }
        const std::int64_t nt = e->treatment.summary.count();
        const std::int64_t nc = e->control.summary.count();
        const std::int64_t need = ev.plan.minimumGuardrailSamples;
        if (nt < std::max<std::int64_t>(need, 2) || nc < std::max<std::int64_t>(need, 2)) {
            const std::int64_t have = std::min(nt, nc);
            ReasonArgs args{textArg("metric", spec.name), numberArg("observed", static_cast<double>(have), "units"),
                            numberArg("threshold", static_cast<double>(need), "units")};
            ev.row(gate, label, GateStatus::Pending, count(have) + " of " + count(need) + " units in the smaller cohort.",
                   static_cast<double>(have), static_cast<double>(need), args);
            ev.hold(reason::GuardrailSampleTooSmall, gate,
                    "The guardrail " + label + " is not judged yet: " + count(have) + " of the " + count(need)
                        + " units per cohort it needs.",
                    static_cast<double>(have), static_cast<double>(need), args);
            ev.distrust("guardrail " + spec.name + " below its minimum sample");
            continue;
        }
        const std::vector<StageStratum> strata = strataOf(ev.evidence, *e, ev.stage.percentage);
        std::vector<Outcome> outcomes;
        if (spec.kind == MetricKind::Binary) {
            outcomes.push_back(testEvents(spec, *e, strata, alpha));
        } else {
            outcomes.push_back(testMean(spec, *e, strata, alpha));
            if (spec.kind == MetricKind::Latency)
                outcomes.push_back(testP95(spec, *e, strata, alpha));
        }
        bool held = false;
        std::string detail;
        for (Outcome &o : outcomes) {
            MetricAnalysis &a = o.analysis;
            // "Error rate" is already a rate: no "Error rate rate".
            const bool namesRate = a.statistic == "rate" && label.size() >= 4
                && (label.compare(label.size() - 4, 4, "rate") == 0 || label.compare(label.size() - 4, 4, "Rate") == 0);
            const std::string what = label + (a.statistic == "p95" ? " P95" : a.statistic == "rate" ? (namesRate ? "" : " rate") : " mean");
            ReasonArgs args{textArg("metric", spec.name), textArg("statistic", a.statistic)};
            if (o.missing || o.degenerate || o.tooSmall) {
                const char *code = o.missing ? reason::GuardrailMissing
                    : o.degenerate           ? reason::GuardrailDegenerate
                                             : reason::GuardrailSampleTooSmall;
                const std::string why = o.missing ? "it lacks " + *o.missing
                    : o.degenerate               ? "its data are degenerate (" + *o.degenerate + ")"
                                                 : "no stage has enough units in both cohorts";
                if (!held)
                    ev.row(gate, label, GateStatus::Pending, "The " + what + " cannot be tested: " + why + ".", std::nullopt,
                           std::nullopt, args);
                ev.hold(code, gate, "The guardrail " + what + " cannot be tested: " + why + ".", std::nullopt, std::nullopt, args);
                ev.distrust("guardrail " + spec.name + " " + a.statistic + " untestable");
                held = true;
                continue;
            }
            const std::string change = a.relativeChange ? num(100.0 * *a.relativeChange, 3) + "%" : "n/a";
            const std::string p = a.pValue ? num(*a.pValue, 3) : "n/a";
            args.push_back(numberArg("treatment", a.treatmentMean));
            args.push_back(numberArg("control", a.controlMean));
            if (a.relativeChange)
                args.push_back(numberArg("relative_change", *a.relativeChange, "fraction"));
            args.push_back(numberArg("p_value", a.pValue.value_or(1.0), "p"));
            args.push_back(numberArg("alpha", alpha, "p"));
            args.push_back(numberArg("margin", spec.nonInferiorityMargin, "fraction"));
            if (a.degraded) {
                ev.row(gate, label, GateStatus::Fail, what + " worse by " + change + " beyond the " + num(100.0 * spec.nonInferiorityMargin, 3)
                           + "% margin (always-valid p = " + p + ").",
                       a.pValue, alpha, args);
                ev.rollback(reason::GuardrailDegraded, gate,
                            what + " degraded beyond its " + num(100.0 * spec.nonInferiorityMargin, 3) + "% margin: "
                                + num(a.treatmentMean) + " vs " + num(a.controlMean) + " (" + change + ", always-valid p = " + p
                                + " < " + num(alpha, 3) + ").",
                            a.pValue, alpha, args);
                held = true;
            } else {
                detail += (detail.empty() ? "" : "; ") + what + " change " + change + ", always-valid p = " + p;
                if (a.nonInferiorityP)
                    detail += ", within the margin p = " + num(*a.nonInferiorityP, 3);
            }
            ev.decision.metrics.push_back(a);
        }
        if (!held)
            ev.row(gate, label, GateStatus::Pass, detail + "; no degradation beyond the margin.", std::nullopt, alpha,
                   {textArg("metric", spec.name), numberArg("alpha", alpha, "p")});
    }
}

} // namespace rampart::rollout::detail
