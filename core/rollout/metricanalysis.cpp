#include "metricanalysis.h"

#include "stats/distributions.h"
#include "stats/mannwhitney.h"
#include "stats/stratified.h"

#include <algorithm>
#include <cmath>

namespace rampart::rollout::detail {

namespace {

using stats::Alternative;

stats::BinaryStratum binaryStratum(const StageStratum &s)
{
    return {s.treatment.summary.successes(), s.treatment.summary.count(), s.control.summary.successes(),
            s.control.summary.count()};
}

stats::MomentStratum momentStratum(const StageStratum &s)
{
    return {s.treatment.summary.summary(), s.control.summary.summary()};
}

std::vector<std::int64_t> mergedLevels(const std::vector<StageStratum> &strata, bool treatment)
{
    std::vector<std::int64_t> out;
    for (const StageStratum &s : strata) {
        const auto &levels = treatment ? s.treatment.levelCounts : s.control.levelCounts;
        if (out.size() < levels.size())
            out.resize(levels.size(), 0);
        for (std::size_t i = 0; i < levels.size(); ++i)
            out[i] += levels[i];
    }
    return out;
}

double effective(double t, double c)
{
    return t + c > 0.0 ? t * c / (t + c) : 0.0;
}

} // namespace

bool comparable(const MetricEvidence &evidence)
{
    return evidence.treatment.summary.count() >= 2 && evidence.control.summary.count() >= 2;
}

std::vector<StageStratum> strataOf(const Evidence &all, const MetricEvidence &evidence, double currentPercentage)
{
    std::vector<StageStratum> out;
    for (const StageEvidence &stage : all.stages)
        if (const MetricEvidence *m = stage.metric(evidence.metric))
            out.push_back({stage.percentage, m->control, m->treatment});
    if (out.empty())
        out.push_back({currentPercentage, evidence.control, evidence.treatment});
    return out;
}

const char *roleName(MetricRole role)
{
    switch (role) {
    case MetricRole::Primary: return "primary";
    case MetricRole::Guardrail: return "guardrail";
    case MetricRole::Business: return "business";
    }
    return "primary";
}

MetricAnalysis describe(const MetricSpec &spec, const MetricEvidence &evidence)
{
    MetricAnalysis a;
    a.metric = spec.name;
    a.role = roleName(spec.role);
    a.controlMean = evidence.control.summary.mean();
    a.treatmentMean = evidence.treatment.summary.mean();
    if (a.controlMean != 0.0 && evidence.control.summary.count() > 0)
        a.relativeChange = a.treatmentMean / a.controlMean - 1.0;
    return a;
}

std::optional<double> relativeImprovement(const MetricSpec &spec, const MetricEvidence &evidence)
{
    const auto change = describe(spec, evidence).relativeChange;
    if (!change)
        return std::nullopt;
    return spec.direction == Direction::HigherIsBetter ? *change : -*change;
}

MetricAnalysis analysePrimary(const MetricSpec &spec, const Evidence &all, const MetricEvidence &evidence, double currentPercentage,
                              std::string *error)
{
    MetricAnalysis a = describe(spec, evidence);
    const std::vector<StageStratum> strata = strataOf(all, evidence, currentPercentage);
    const double sign = spec.direction == Direction::HigherIsBetter ? 1.0 : -1.0;
    const auto fail = [&](const std::string &why) {
        if (error)
            *error = why;
    };
    const bool ordinalCounts = spec.kind == MetricKind::Ordinal && !evidence.treatment.levelCounts.empty()
        && !evidence.control.levelCounts.empty();
    if (spec.kind == MetricKind::Binary) {
        a.test = "cmh";
        std::vector<stats::BinaryStratum> s;
        for (const StageStratum &st : strata)
            s.push_back(binaryStratum(st));
        auto r = stats::cochranMantelHaenszel(s, Alternative::TwoSided);
        if (!r) {
            fail(r.error().message);
            return a;
        }
        a.z = sign * r->z;
        a.information = r->information;
        a.strata = r->strataUsed;
    } else if (ordinalCounts) {
        a.test = "mann-whitney";
        const auto t = mergedLevels(strata, true);
        const auto c = mergedLevels(strata, false);
        auto r = stats::mannWhitneyUFromCounts(t, c, spec.direction == Direction::HigherIsBetter ? Alternative::Greater
                                                                                               : Alternative::Less);
        if (!r) {
            fail(r.error().message);
            return a;
        }
        a.z = stats::dist::normalIsf(std::clamp(r->pValue, 1e-300, 1.0 - 1e-16));
        a.information = effective(static_cast<double>(evidence.treatment.summary.count()),
                                  static_cast<double>(evidence.control.summary.count()));
        a.strata = 1;
    } else {
        a.test = "stratified-mean";
        std::vector<stats::MomentStratum> s;
        for (const StageStratum &st : strata)
            s.push_back(momentStratum(st));
        auto r = stats::stratifiedMeanDifference(s, 1.0, Alternative::TwoSided);
        if (!r) {
            fail(r.error().message);
            return a;
        }
        a.z = sign * r->z;
        a.information = r->information;
        a.strata = r->strataUsed;
    }
    a.pValue = stats::dist::normalSf(*a.z);
    return a;
}

std::optional<Lift> relativeLift(const MetricSpec &spec, const Evidence &all, const MetricEvidence &evidence, double currentPercentage,
                                 double alpha)
{
    double w = 0.0, mt = 0.0, mc = 0.0, vt = 0.0, vc = 0.0;
    std::vector<double> weights;
    const std::vector<StageStratum> strata = strataOf(all, evidence, currentPercentage);
    for (const StageStratum &s : strata) {
        const auto &t = s.treatment.summary;
        const auto &c = s.control.summary;
        if (t.count() < 2 || c.count() < 2)
            continue;
        const double ws = effective(static_cast<double>(t.count()), static_cast<double>(c.count()));
        w += ws;
        mt += ws * t.mean();
        mc += ws * c.mean();
        // Binary variances from (x + ½)/(n + 1), so 10 of 10 does not claim zero variance.
        const auto shrunk = [](const stats::RunningSummary &x) {
            const double p = (static_cast<double>(x.successes()) + 0.5) / (static_cast<double>(x.count()) + 1.0);
            return p * (1.0 - p);
        };
        const double binaryT = shrunk(t), binaryC = shrunk(c);
        const double varT = spec.kind == MetricKind::Binary ? binaryT : t.variance();
        const double varC = spec.kind == MetricKind::Binary ? binaryC : c.variance();
        vt += ws * ws * varT / static_cast<double>(t.count());
        vc += ws * ws * varC / static_cast<double>(c.count());
    }
    if (!(w > 0.0))
        return std::nullopt;
    mt /= w;
    mc /= w;
    vt /= w * w;
    vc /= w * w;
    if (!(mt > 0.0) || !(mc > 0.0))
        return std::nullopt;
    const double logRatio = std::log(mt / mc);
    const double se = std::sqrt(vt / (mt * mt) + vc / (mc * mc));
    const double z = stats::dist::normalIsf(alpha / 2.0);
    const double lo = std::exp(logRatio - z * se), hi = std::exp(logRatio + z * se), est = mt / mc;
    if (spec.direction == Direction::HigherIsBetter)
        return Lift{est - 1.0, lo - 1.0, hi - 1.0};
    return Lift{1.0 - est, 1.0 - hi, 1.0 - lo};
}

} // namespace rampart::rollout::detail
