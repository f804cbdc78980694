// Business gates judged with their interval and a minimum sample: the plan says per gate
// whether the point estimate or the confidence bound on the unfavourable side is compared
// with the threshold. Satisfaction-like ordinal metrics can be compared by Mann–Whitney on
// their level counts.

#include "evaluation.h"
#include "metricanalysis.h"

#include "stats/distributions.h"
#include "stats/mannwhitney.h"

#include <cmath>

namespace rampart::rollout::detail {

namespace {

struct Judged
{
    std::optional<double> estimate;
    std::optional<double> low;
    std::optional<double> high;
    std::string note; ///< why nothing could be judged
};

std::vector<std::int64_t> levels(const CohortMetric &c)
{
    return c.levelCounts;
}

} // namespace

void checkBusinessGates(Evaluation &ev, const std::vector<BusinessGate> &gates)
{
    for (const BusinessGate &gate : gates) {
        const MetricSpec *spec = ev.plan.metric(gate.metric);
        const MetricEvidence *e = ev.evidence.metric(gate.metric);
        // Relative improvement and treatment mean keep the historical id; a Mann–Whitney gate
        // on the same metric gets its own.
        const std::string id = "business:" + gate.metric
            + (gate.measure == BusinessGate::Measure::MannWhitney ? std::string(":mann_whitney") : std::string());
        const std::string label = spec && !spec->label.empty() ? spec->label : gate.metric;
        const bool useBound = gate.basis == BusinessGate::Basis::ConfidenceBound;
        ReasonArgs args{textArg("metric", gate.metric), numberArg("threshold", gate.threshold)};
        if (!spec || !e || e->treatment.summary.count() == 0) {
            ev.row(id, label, GateStatus::Pending, "No data yet.", std::nullopt, gate.threshold, args);
            ev.hold(reason::BusinessGateUnmet, id, "Business gate on " + label + " has no data yet.", std::nullopt,
                    gate.threshold, args);
            continue;
        }
        const std::int64_t nt = e->treatment.summary.count();
        const std::int64_t nc = e->control.summary.count();
        const bool needsControl = gate.measure != BusinessGate::Measure::TreatmentMean;
        const std::int64_t have = needsControl ? std::min(nt, nc) : nt;
        if (have < gate.minimumSamples) {
            args.push_back(numberArg("observed", static_cast<double>(have), "units"));
            args.push_back(numberArg("minimum", static_cast<double>(gate.minimumSamples), "units"));
            ev.row(id, label, GateStatus::Pending, count(have) + " of " + count(gate.minimumSamples) + " units.",
                   static_cast<double>(have), static_cast<double>(gate.minimumSamples), args);
            ev.hold(reason::BusinessGateSampleTooSmall, id,
                    "Business gate on " + label + " needs " + count(gate.minimumSamples) + " units per cohort; it has "
                        + count(have) + ".",
                    static_cast<double>(have), static_cast<double>(gate.minimumSamples), args);
            continue;
        }
        const bool higher = spec->direction == Direction::HigherIsBetter;
        if (gate.measure == BusinessGate::Measure::MannWhitney) {
            auto r = stats::mannWhitneyUFromCounts(levels(e->treatment), levels(e->control),
                                                   higher ? stats::Alternative::Greater : stats::Alternative::Less);
            if (!r) {
                ev.row(id, label, GateStatus::Pending, r.error().message, std::nullopt, gate.threshold, args);
                ev.hold(reason::BusinessGateUnmet, id, "Business gate on " + label + " cannot be tested: " + r.error().message,
                        std::nullopt, gate.threshold, args);
                continue;
            }
            const double superiority = r->u / (static_cast<double>(nt) * static_cast<double>(nc));
            const double ps = higher ? superiority : 1.0 - superiority;
            args.push_back(numberArg("p_value", r->pValue, "p"));
            args.push_back(numberArg("probability_of_superiority", ps));
            const bool met = r->pValue < gate.threshold;
            const std::string what = "Mann–Whitney p = " + num(r->pValue, 3) + " (needs < " + num(gate.threshold, 3)
                + "), P(ML better) = " + num(ps, 3);
            ev.row(id, label, met ? GateStatus::Pass : GateStatus::Fail, what + ".", r->pValue, gate.threshold, args);
            if (!met)
                ev.hold(reason::BusinessGateUnmet, id, "Business gate unmet: " + label + " " + what + ".", r->pValue,
                        gate.threshold, args);
            continue;
        }
        Judged j;
        const bool relative = gate.measure == BusinessGate::Measure::RelativeImprovement;
        if (relative) {
            if (auto lift = relativeLift(*spec, ev.evidence, *e, ev.stage.percentage, ev.plan.alpha)) {
                j.estimate = lift->estimate;
                j.low = lift->low;
                j.high = lift->high;
            } else {
                j.note = "the relative lift is undefined (a mean is not positive, or a stage lacks data)";
            }
        } else {
            const auto &t = e->treatment.summary;
            const double se = t.count() > 1 ? t.standardDeviation() / std::sqrt(static_cast<double>(t.count())) : 0.0;
            const double q = t.count() > 1 ? stats::dist::studentTIsf(ev.plan.alpha / 2.0, static_cast<double>(t.count() - 1)) : 0.0;
            j.estimate = t.mean();
            j.low = t.mean() - q * se;
            j.high = t.mean() + q * se;
        }
        if (!j.estimate) {
            ev.row(id, label, GateStatus::Pending, "Cannot be judged: " + j.note + ".", std::nullopt, gate.threshold, args);
            ev.hold(reason::BusinessGateUnmet, id, "Business gate on " + label + " cannot be judged: " + j.note + ".",
                    std::nullopt, gate.threshold, args);
            continue;
        }
        // A relative improvement is always "higher is better"; a mean follows the metric.
        const bool up = relative || higher;
        const double judged = useBound ? (up ? *j.low : *j.high) : *j.estimate;
        const bool met = up ? judged > gate.threshold : judged < gate.threshold;
        const auto show = [&](double v) { return relative ? num(100.0 * v, 3) + "%" : num(v, 4); };
        const std::string ci = " (" + num(100.0 * (1.0 - ev.plan.alpha), 3) + "% CI " + show(*j.low) + " to " + show(*j.high) + ")";
        const std::string what = std::string(relative ? "improvement " : "mean ") + show(*j.estimate) + ci
            + (useBound ? (up ? ", lower bound needs > " : ", upper bound needs < ") : (up ? ", needs > " : ", needs < "))
            + show(gate.threshold);
        args.push_back(numberArg("estimate", *j.estimate, relative ? "fraction" : ""));
        args.push_back(numberArg("ci_low", *j.low, relative ? "fraction" : ""));
        args.push_back(numberArg("ci_high", *j.high, relative ? "fraction" : ""));
        args.push_back(textArg("basis", useBound ? "confidence_bound" : "estimate"));
        ev.row(id, label, met ? GateStatus::Pass : GateStatus::Fail, what + ".", judged, gate.threshold, args);
        if (!met)
            ev.hold(reason::BusinessGateUnmet, id, "Business gate unmet: " + label + " " + what + ".", judged, gate.threshold, args);
    }
}

} // namespace rampart::rollout::detail
