#include "msprt.h"

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

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
    // log of the likelihood ratio at log rate ratio u above the null, stratum by stratum:
    // with η = logit q, log q(η) = −log(1 + e^{−η}) and log(1 − q(η)) = log q(η) − η.
    struct Term
    {
        double eta0, logQ0, log1mQ0, xt, xc;
    };
    const auto logQ = [](double eta) { return eta > 0 ? -std::log1p(std::exp(-eta)) : eta - std::log1p(std::exp(eta)); };
    std::vector<Term> terms;
    terms.reserve(strata.size());
    const double logR0 = std::log(nullRateRatio);
    for (const EventStratum &s : strata) {
        const double eta0 = logR0 + std::log(s.treatmentShare) - std::log1p(-s.treatmentShare);
        const double lq = logQ(eta0);
        terms.push_back({eta0, lq, lq - eta0, static_cast<double>(s.treatmentEvents), static_cast<double>(s.controlEvents)});
    }
    const auto logIntegrand = [&](double u) {
        double sum = -0.5 * (u / priorScale) * (u / priorScale);
        for (const Term &t : terms) {
            const double eta = t.eta0 + u;
            const double lq = logQ(eta);
            sum += t.xt * (lq - t.logQ0) + t.xc * (lq - eta - t.log1mQ0);
        }
        return sum;
    };
    // The integrand is log-concave in u (log-sigmoid terms minus a quadratic), so its mode
    // is found by golden-section search and its mass lies within a few curvature widths.
    const double upper = 12.0 * priorScale;
    double lo = 0.0, hi = upper;
    constexpr double Golden = 0.6180339887498949;
    double x1 = hi - Golden * (hi - lo), x2 = lo + Golden * (hi - lo);
    double f1 = logIntegrand(x1), f2 = logIntegrand(x2);
    for (int i = 0; i < 60 && hi - lo > 1e-9 * upper; ++i) {
        if (f1 < f2) {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + Golden * (hi - lo);
            f2 = logIntegrand(x2);
        } else {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - Golden * (hi - lo);
            f1 = logIntegrand(x1);
        }
    }
    const double peakAt = 0.5 * (lo + hi);
    const double peak = std::max(logIntegrand(peakAt), logIntegrand(0.0));
    // The window where the integrand is within e^{-40} of its peak: log-concavity makes the
    // log-integrand monotone on either side of the mode, so doubling steps find its ends.
    const double h = 1e-4 * priorScale;
    const double curvature = peakAt > h
        ? (logIntegrand(peakAt + h) - 2.0 * logIntegrand(peakAt) + logIntegrand(peakAt - h)) / (h * h)
        : -1.0 / (priorScale * priorScale);
    const double width = std::clamp(curvature < 0.0 ? 1.0 / std::sqrt(-curvature) : upper, 1e-6 * upper, upper);
    constexpr double Drop = 40.0;
    double step = width;
    double b = std::min(upper, peakAt + step);
    while (b < upper && logIntegrand(b) > peak - Drop) {
        step *= 2.0;
        b = std::min(upper, peakAt + step);
    }
    step = width;
    double a = std::max(0.0, peakAt - step);
    while (a > 0.0 && logIntegrand(a) > peak - Drop) {
        step *= 2.0;
        a = std::max(0.0, peakAt - step);
    }
    const double halfNormal = std::sqrt(2.0 / M_PI) / priorScale;
    const auto f = [&](double u) { return std::exp(logIntegrand(u) - peak); };
    using Quadrature = boost::math::quadrature::gauss_kronrod<double, 61>;
    const double integral = Quadrature::integrate(f, a, b, 8, 1e-11);
    const double logRatio = peak + std::log(integral * halfNormal);
    return fromLogRatio(logRatio);
}

} // namespace rampart::stats
