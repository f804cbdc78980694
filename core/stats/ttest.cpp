#include "ttest.h"

#include "distributions.h"
#include "validate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rampart::stats {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

int alternativeCode(Alternative alternative)
{
    switch (alternative) {
    case Alternative::Less: return 1;
    case Alternative::Greater: return 2;
    case Alternative::TwoSided: break;
    }
    return 0;
}

std::optional<Error> checkSummary(const SampleSummary &s, const std::string &name)
{
    if (auto e = check::minCount(s.n, 2, name + ".n"))
        return e;
    if (auto e = check::finite(s.mean, name + ".mean"))
        return e;
    return check::nonNegative(s.sd, name + ".sd");
}

// Interval around `estimate` with critical value `crit` (already one- or two-sided).
ConfidenceInterval interval(double estimate, double crit, double se, Alternative alternative)
{
    switch (alternative) {
    case Alternative::Less: return {-kInfinity, estimate + crit * se};
    case Alternative::Greater: return {estimate - crit * se, kInfinity};
    case Alternative::TwoSided: break;
    }
    return {estimate - crit * se, estimate + crit * se};
}

// Upper tail area that the critical value cuts off: (1 − level)/2 two-sided, 1 − level one-sided.
double tailArea(double confidenceLevel, Alternative alternative)
{
    const double alpha = 1.0 - confidenceLevel;
    return alternative == Alternative::TwoSided ? alpha / 2.0 : alpha;
}

std::optional<RelativeLift> relativeLift(const SampleSummary &a, const SampleSummary &b,
                                         Alternative alternative, double confidenceLevel)
{
    if (b.mean == 0.0)
        return std::nullopt;
    const double varA = a.sd * a.sd / static_cast<double>(a.n);
    const double varB = b.sd * b.sd / static_cast<double>(b.n);
    const double mb2 = b.mean * b.mean;
    const double variance = varA / mb2 + a.mean * a.mean * varB / (mb2 * mb2);
    const double se = std::sqrt(variance);
    const double estimate = a.mean / b.mean - 1.0;
    if (!std::isfinite(estimate) || !std::isfinite(se))
        return std::nullopt;
    const double crit = dist::normalIsf(tailArea(confidenceLevel, alternative));
    return RelativeLift{estimate, interval(estimate, crit, se, alternative)};
}

struct Spread
{
    double se = 0.0;
    double df = 0.0;
};

Spread spread(const SampleSummary &a, const SampleSummary &b, TTestKind kind)
{
    const double na = static_cast<double>(a.n);
    const double nb = static_cast<double>(b.n);
    const double va = a.sd * a.sd;
    const double vb = b.sd * b.sd;
    if (kind == TTestKind::Student) {
        const double df = na + nb - 2.0;
        const double pooled = ((na - 1.0) * va + (nb - 1.0) * vb) / df;
        return {std::sqrt(pooled * (1.0 / na + 1.0 / nb)), df};
    }
    const double wa = va / na;
    const double wb = vb / nb;
    const double se2 = wa + wb;
    const double df = se2 * se2 / (wa * wa / (na - 1.0) + wb * wb / (nb - 1.0));
    return {std::sqrt(se2), df};
}

// The test proper; inputs are already validated.
Result<TTestResult> computeTTest(const SampleSummary &a, const SampleSummary &b, TTestKind kind,
                                 Alternative alternative, double confidenceLevel)
{
    if (a.sd == 0.0 && b.sd == 0.0)
        return makeError(errc::DegenerateData, "",
                         "Both samples have zero standard deviation, so the t statistic is undefined.");
    const Spread s = spread(a, b, kind);
    TTestResult r;
    r.meanDiff = a.mean - b.mean;
    r.standardError = s.se;
    r.df = s.df;
    r.t = r.meanDiff / s.se;
    if (!std::isfinite(r.t) || !std::isfinite(r.df) || !std::isfinite(s.se) || s.se <= 0.0)
        return makeError(errc::InvalidArgument, "",
                         "The means and standard deviations are too large or too small to compute a t statistic.");
    r.pValue = std::clamp(dist::pValueFromStatistic(r.t, r.df, alternativeCode(alternative)), 0.0, 1.0);
    r.confidenceLevel = confidenceLevel;
    const double crit = dist::studentTIsf(tailArea(confidenceLevel, alternative), r.df);
    r.ci = interval(r.meanDiff, crit, s.se, alternative);
    r.relativeLift = relativeLift(a, b, alternative, confidenceLevel);
    return r;
}

// Mean and sd (ddof = 1) by two passes; constant data gets sd exactly 0.
SampleSummary describe(std::span<const double> values)
{
    SampleSummary s;
    s.n = static_cast<std::int64_t>(values.size());
    if (values.empty())
        return s;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (*lo == *hi) {
        s.mean = *lo;
        return s;
    }
    double sum = 0.0;
    for (double x : values)
        sum += x;
    const double n = static_cast<double>(values.size());
    s.mean = sum / n;
    double m2 = 0.0;
    for (double x : values)
        m2 += (x - s.mean) * (x - s.mean);
    s.sd = values.size() > 1 ? std::sqrt(m2 / (n - 1.0)) : 0.0;
    return s;
}

std::optional<Error> checkRaw(std::span<const double> values, const std::string &name)
{
    if (values.size() < 2)
        return makeError(errc::InsufficientData, name,
                         name + " must contain at least 2 values, got " + std::to_string(values.size()) + ".");
    return check::allFinite(values, name);
}

} // namespace

Result<TTestResult> tTest(const SampleSummary &a, const SampleSummary &b, TTestKind kind,
                          Alternative alternative, double confidenceLevel)
{
    if (auto e = checkSummary(a, "a"))
        return *e;
    if (auto e = checkSummary(b, "b"))
        return *e;
    if (auto e = check::openUnit(confidenceLevel, "confidence_level"))
        return *e;
    return computeTTest(a, b, kind, alternative, confidenceLevel);
}

Result<TTestResult> tTest(std::span<const double> a, std::span<const double> b, TTestKind kind,
                          Alternative alternative, double confidenceLevel)
{
    if (auto e = checkRaw(a, "a"))
        return *e;
    if (auto e = checkRaw(b, "b"))
        return *e;
    if (auto e = check::openUnit(confidenceLevel, "confidence_level"))
        return *e;
    const SampleSummary sa = describe(a);
    const SampleSummary sb = describe(b);
    if (!std::isfinite(sa.sd) || !std::isfinite(sb.sd) || !std::isfinite(sa.mean) || !std::isfinite(sb.mean))
        return makeError(errc::InvalidArgument, "", "The sample values are too large to summarise.");
    return computeTTest(sa, sb, kind, alternative, confidenceLevel);
}

Result<SampleSummary> summarize(std::span<const double> values)
{
    if (values.empty())
        return makeError(errc::InsufficientData, "values", "values must contain at least 1 value, got 0.");
    if (auto e = check::allFinite(values, "values"))
        return *e;
    const SampleSummary s = describe(values);
    if (!std::isfinite(s.mean) || !std::isfinite(s.sd))
        return makeError(errc::InvalidArgument, "values", "The values are too large to summarise.");
    return s;
}

} // namespace rampart::stats
