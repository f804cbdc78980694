#include "metricanalysis.h"

#include "stats/contingency.h"
#include "stats/mannwhitney.h"
#include "stats/ttest.h"

#include <array>
#include <cmath>

namespace rampart::rollout::detail {

namespace {

using stats::Alternative;

Alternative betterAlternative(Direction direction)
{
    return direction == Direction::HigherIsBetter ? Alternative::Greater : Alternative::Less;
}

Alternative worseAlternative(Direction direction)
{
    return direction == Direction::HigherIsBetter ? Alternative::Less : Alternative::Greater;
}

std::optional<double> tTestP(const stats::SampleSummary &t, const stats::SampleSummary &c, stats::TTestKind kind,
                             Alternative alternative)
{
    auto r = stats::tTest(t, c, kind, alternative);
    return r ? std::optional<double>(r->pValue) : std::nullopt;
}

std::optional<double> proportionsP(const MetricEvidence &e, Alternative alternative)
{
    auto r = stats::twoProportionZTest({e.treatment.summary.successes(), e.treatment.summary.count()},
                                       {e.control.summary.successes(), e.control.summary.count()}, alternative);
    return r ? std::optional<double>(r->pValue) : std::nullopt;
}

std::array<std::array<std::int64_t, 2>, 2> table2x2(const MetricEvidence &e)
{
    const auto &t = e.treatment.summary;
    const auto &c = e.control.summary;
    return {{{t.successes(), t.count() - t.successes()}, {c.successes(), c.count() - c.successes()}}};
}

std::optional<double> chiSquareP(const MetricEvidence &e, Alternative alternative)
{
    const auto t = table2x2(e);
    auto r = stats::chiSquareIndependence({{t[0][0], t[0][1]}, {t[1][0], t[1][1]}}, true);
    if (!r)
        return std::nullopt;
    // χ² is two-sided; halve it on the side the observed difference lies.
    const double diff = e.treatment.summary.mean() - e.control.summary.mean();
    const bool sameSide = alternative == Alternative::Greater ? diff > 0 : diff < 0;
    return sameSide ? r->pValue / 2.0 : 1.0 - r->pValue / 2.0;
}

std::optional<double> fisherP(const MetricEvidence &e, Alternative alternative)
{
    auto r = stats::fisherExact(table2x2(e), alternative);
    return r ? std::optional<double>(r->pValue) : std::nullopt;
}

std::optional<double> mannWhitneyP(const MetricEvidence &e, Alternative alternative)
{
    auto r = stats::mannWhitneyUFromCounts(e.treatment.levelCounts, e.control.levelCounts, alternative);
    return r ? std::optional<double>(r->pValue) : std::nullopt;
}

MetricTest chooseTest(const MetricSpec &spec, const MetricEvidence &e)
{
    if (spec.test != MetricTest::Auto)
        return spec.test;
    switch (spec.kind) {
    case MetricKind::Binary: return MetricTest::ProportionsZ;
    case MetricKind::Ordinal:
        return e.treatment.levelCounts.empty() || e.control.levelCounts.empty() ? MetricTest::WelchT
                                                                                : MetricTest::MannWhitney;
    case MetricKind::Continuous:
    case MetricKind::Latency: break;
    }
    return MetricTest::WelchT;
}

const char *testName(MetricTest test)
{
    switch (test) {
    case MetricTest::WelchT: return "welch-t";
    case MetricTest::StudentT: return "student-t";
    case MetricTest::ProportionsZ: return "proportions-z";
    case MetricTest::ChiSquare: return "chi2";
    case MetricTest::Fisher: return "fisher";
    case MetricTest::MannWhitney: return "mann-whitney";
    case MetricTest::Auto: break;
    }
    return "welch-t";
}

std::optional<double> runTest(MetricTest test, const MetricEvidence &e, Alternative alternative)
{
    switch (test) {
    case MetricTest::ProportionsZ: return proportionsP(e, alternative);
    case MetricTest::ChiSquare: return chiSquareP(e, alternative);
    case MetricTest::Fisher: return fisherP(e, alternative);
    case MetricTest::MannWhitney: return mannWhitneyP(e, alternative);
    case MetricTest::StudentT:
        return tTestP(e.treatment.summary.summary(), e.control.summary.summary(), stats::TTestKind::Student, alternative);
    case MetricTest::WelchT:
    case MetricTest::Auto: break;
    }
    return tTestP(e.treatment.summary.summary(), e.control.summary.summary(), stats::TTestKind::Welch, alternative);
}

} // namespace

bool comparable(const MetricEvidence &evidence)
{
    return evidence.treatment.summary.count() >= 2 && evidence.control.summary.count() >= 2;
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

MetricAnalysis analysePrimary(const MetricSpec &spec, const MetricEvidence &evidence)
{
    MetricAnalysis a = describe(spec, evidence);
    const MetricTest test = chooseTest(spec, evidence);
    a.test = testName(test);
    if (comparable(evidence))
        a.pValue = runTest(test, evidence, betterAlternative(spec.direction));
    return a;
}

MetricAnalysis analyseGuardrail(const MetricSpec &spec, const MetricEvidence &evidence, double alpha)
{
    MetricAnalysis a = describe(spec, evidence);
    const Alternative worse = worseAlternative(spec.direction);
    if (spec.nonInferiorityMargin == 0.0 && spec.kind == MetricKind::Binary) {
        a.test = "proportions-z";
        if (comparable(evidence))
            a.pValue = proportionsP(evidence, worse);
    } else {
        a.test = "welch-t";
        stats::SampleSummary control = evidence.control.summary.summary();
        // Shift control by the tolerated margin in the bad direction: only a degradation
        // beyond the margin counts.
        const double shift = spec.direction == Direction::LowerIsBetter ? 1.0 + spec.nonInferiorityMargin
                                                                        : 1.0 - spec.nonInferiorityMargin;
        control.mean *= shift;
        if (comparable(evidence))
            a.pValue = tTestP(evidence.treatment.summary.summary(), control, stats::TTestKind::Welch, worse);
    }
    a.degraded = a.pValue && *a.pValue < alpha;
    return a;
}

} // namespace rampart::rollout::detail
