#include "msprt.h"

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace rampart::stats {

namespace {

constexpr std::int64_t MaximumEvents = 1'000'000'000;

AlwaysValidResult fromLogRatio(double logRatio)
{
    AlwaysValidResult r;
    r.likelihoodRatio = std::exp(std::min(logRatio, 700.0));
    r.pValue = std::min(1.0, std::exp(-logRatio));
    return r;
}

} // namespace

Result<AlwaysValidResult> normalMixtureSprt(double estimate, double variance, double null, double mixingVariance,
                                            Alternative alternative)
{
    if (!std::isfinite(estimate))
        return makeError(errc::InvalidArgument, "estimate", "estimate must be a finite number.");
    if (!std::isfinite(null))
        return makeError(errc::InvalidArgument, "null", "null must be a finite number.");
    if (!std::isfinite(variance) || !(variance > 0.0))
        return makeError(errc::InvalidArgument, "variance", "variance must be a finite positive number.");
    if (!std::isfinite(mixingVariance) || !(mixingVariance > 0.0))
        return makeError(errc::InvalidArgument, "mixing_variance", "mixing_variance must be a finite positive number.");
    const double d = estimate - null;
    const bool wrongSide = (alternative == Alternative::Greater && d <= 0.0) || (alternative == Alternative::Less && d >= 0.0);
    const double total = variance + mixingVariance;
    const double logRatio = 0.5 * std::log(variance / total) + mixingVariance * d * d / (2.0 * variance * total);
    AlwaysValidResult r = fromLogRatio(logRatio);
    if (wrongSide)
        r.pValue = 1.0;
    return r;
}

Result<AlwaysValidResult> conditionalEventMixtureSprt(std::span<const EventStratum> strata, double nullRateRatio,
                                                      double priorScale)
{
    if (strata.empty())
        return makeError(errc::InvalidArgument, "strata", "At least one stratum is needed.");
    if (!std::isfinite(nullRateRatio) || !(nullRateRatio > 0.0))
        return makeError(errc::InvalidArgument, "null_rate_ratio", "null_rate_ratio must be a finite positive number.");
    if (!std::isfinite(priorScale) || !(priorScale > 0.0))
        return makeError(errc::InvalidArgument, "prior_scale", "prior_scale must be a finite positive number.");
    for (std::size_t i = 0; i < strata.size(); ++i) {
        const EventStratum &s = strata[i];
        const std::string field = "strata[" + std::to_string(i) + "]";
        if (s.treatmentEvents < 0 || s.controlEvents < 0 || s.treatmentEvents > MaximumEvents || s.controlEvents > MaximumEvents)
            return makeError(errc::InvalidArgument, field, field + " needs event counts between 0 and 1e9.");
        if (!(s.treatmentShare > 0.0 && s.treatmentShare < 1.0))
            return makeError(errc::InvalidArgument, field, field + ".treatment_share must lie strictly between 0 and 1.");
    }
    // log of the likelihood ratio at log rate ratio u above the null, stratum by stratum.
    const double logR0 = std::log(nullRateRatio);
    const auto logLikelihoodRatio = [&](double u) {
        double sum = 0.0;
        for (const EventStratum &s : strata) {
            const double logOdds0 = logR0 + std::log(s.treatmentShare) - std::log1p(-s.treatmentShare);
            const double logOdds = logOdds0 + u;
            // log q = −log(1 + e^{−η}), log(1 − q) = −log(1 + e^{η})
            const auto logQ = [](double eta) { return eta > 0 ? -std::log1p(std::exp(-eta)) : eta - std::log1p(std::exp(eta)); };
            const auto log1mQ = [&](double eta) { return logQ(-eta); };
            sum += static_cast<double>(s.treatmentEvents) * (logQ(logOdds) - logQ(logOdds0))
                + static_cast<double>(s.controlEvents) * (log1mQ(logOdds) - log1mQ(logOdds0));
        }
        return sum;
    };
    // Scale by the integrand's maximum so large counts neither overflow nor underflow.
    const double upper = 12.0 * priorScale;
    const auto logIntegrand = [&](double u) {
        return logLikelihoodRatio(u) - 0.5 * (u / priorScale) * (u / priorScale);
    };
    double peak = 0.0, peakAt = 0.0;
    constexpr int Grid = 240;
    for (int i = 0; i <= Grid; ++i) {
        const double u = upper * i / Grid;
        const double v = logIntegrand(u);
        if (i == 0 || v > peak) {
            peak = v;
            peakAt = u;
        }
    }
    const double halfNormal = std::sqrt(2.0 / M_PI) / priorScale;
    const auto f = [&](double u) { return std::exp(logIntegrand(u) - peak); };
    using Quadrature = boost::math::quadrature::gauss_kronrod<double, 61>;
    double integral = 0.0;
    const double lo = std::max(0.0, peakAt - upper / Grid * 4), hi = std::min(upper, peakAt + upper / Grid * 4);
    if (lo > 0.0)
        integral += Quadrature::integrate(f, 0.0, lo, 12, 1e-12);
    integral += Quadrature::integrate(f, lo, hi, 12, 1e-12);
    if (hi < upper)
        integral += Quadrature::integrate(f, hi, upper, 12, 1e-12);
    const double logRatio = peak + std::log(integral * halfNormal);
    return fromLogRatio(logRatio);
}

} // namespace rampart::stats
