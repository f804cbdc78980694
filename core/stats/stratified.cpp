#include "stratified.h"

#include "distributions.h"

#include <cmath>
#include <string>

namespace rampart::stats {

namespace {

std::string at(std::size_t i)
{
    return "strata[" + std::to_string(i) + "]";
}

double tailP(double z, Alternative alternative)
{
    switch (alternative) {
    case Alternative::Greater: return dist::normalSf(z);
    case Alternative::Less: return dist::normalCdf(z);
    case Alternative::TwoSided: break;
    }
    return dist::chiSquaredSf(z * z, 1.0);
}

bool badMoments(const SampleSummary &s)
{
    return s.n < 0 || !std::isfinite(s.mean) || !std::isfinite(s.sd) || s.sd < 0.0;
}

} // namespace

Result<CochranMantelHaenszelResult> cochranMantelHaenszel(std::span<const BinaryStratum> strata, Alternative alternative)
{
    if (strata.empty())
        return makeError(errc::InvalidArgument, "strata", "At least one stratum is needed.");
    double observed = 0.0, expected = 0.0, variance = 0.0;
    double orNum = 0.0, orDen = 0.0, rdNum = 0.0, weights = 0.0;
    CochranMantelHaenszelResult r;
    for (std::size_t i = 0; i < strata.size(); ++i) {
        const BinaryStratum &s = strata[i];
        if (s.treatmentN < 0 || s.controlN < 0 || s.treatmentSuccesses < 0 || s.controlSuccesses < 0
            || s.treatmentSuccesses > s.treatmentN || s.controlSuccesses > s.controlN)
            return makeError(errc::InvalidArgument, at(i),
                             at(i) + " needs non-negative counts with successes no greater than n.");
        const double n = static_cast<double>(s.treatmentN), m = static_cast<double>(s.controlN);
        const double a = static_cast<double>(s.treatmentSuccesses), c = static_cast<double>(s.controlSuccesses);
        const double total = n + m, k = a + c;
        if (n == 0.0 || m == 0.0 || k == 0.0 || k == total)
            continue;
        observed += a;
        expected += n * k / total;
        variance += n * m * k * (total - k) / (total * total * (total - 1.0));
        orNum += a * (m - c) / total;
        orDen += (n - a) * c / total;
        const double w = n * m / total;
        rdNum += w * (a / n - c / m);
        weights += w;
        ++r.strataUsed;
    }
    if (r.strataUsed == 0 || !(variance > 0.0))
        return makeError(errc::DegenerateData, "strata",
                         "No stratum has both cohorts and both outcomes; the common effect cannot be tested.");
    r.z = (observed - expected) / std::sqrt(variance);
    r.pValue = tailP(r.z, alternative);
    r.commonOddsRatio = orDen > 0.0 ? orNum / orDen : std::nan("");
    r.riskDifference = rdNum / weights;
    r.information = weights;
    return r;
}

Result<StratifiedEstimate> stratifiedMeanDifference(std::span<const MomentStratum> strata, double controlScale,
                                                    Alternative alternative)
{
    if (strata.empty())
        return makeError(errc::InvalidArgument, "strata", "At least one stratum is needed.");
    if (!std::isfinite(controlScale) || !(controlScale > 0.0))
        return makeError(errc::InvalidArgument, "control_scale", "control_scale must be a finite positive number.");
    double sumW = 0.0, sumWD = 0.0;
    StratifiedEstimate r;
    for (std::size_t i = 0; i < strata.size(); ++i) {
        const MomentStratum &s = strata[i];
        if (badMoments(s.treatment) || badMoments(s.control))
            return makeError(errc::InvalidArgument, at(i),
                             at(i) + " needs non-negative n and sd and finite means.");
        if (s.treatment.n < 2 || s.control.n < 2)
            continue;
        const double nt = static_cast<double>(s.treatment.n), nc = static_cast<double>(s.control.n);
        const double v = s.treatment.sd * s.treatment.sd / nt
            + controlScale * controlScale * s.control.sd * s.control.sd / nc;
        if (!(v > 0.0))
            return makeError(errc::DegenerateData, at(i),
                             at(i) + " has zero variance in both cohorts; the difference has no standard error.");
        const double d = s.treatment.mean - controlScale * s.control.mean;
        sumW += 1.0 / v;
        sumWD += d / v;
        r.information += nt * nc / (nt + nc);
        ++r.strataUsed;
    }
    if (r.strataUsed == 0)
        return makeError(errc::InsufficientData, "strata", "No stratum has at least 2 units in each cohort.");
    r.estimate = sumWD / sumW;
    r.standardError = 1.0 / std::sqrt(sumW);
    r.z = r.estimate / r.standardError;
    r.pValue = tailP(r.z, alternative);
    return r;
}

} // namespace rampart::stats
