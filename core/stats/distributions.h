#pragma once

// Thin wrappers over Boost.Math distributions used across core/stats. They use a
// policy that evaluates in double precision (fast enough for the < 2 µs budget; the
// loss against long double is far below the 1e-6 agreement target) and take tail
// probabilities through complements so p-values stay accurate down to 1e-300.

#include <boost/math/policies/policy.hpp>

namespace rampart::stats::dist {

namespace bmp = boost::math::policies;
/// The policy of every Boost.Math call in core/stats (distributions and root finders alike):
/// double precision internally, and no Boost.Math error ever throws. Out-of-domain arguments
/// and poles yield NaN or ±infinity; failed series, root brackets and integer conversions
/// (rounding_error, e.g. itrunc inside non_central_t for δ² ≈ 1e10) return a best value or
/// NaN. Callers validate first and check every result for finiteness, so a non-finite value
/// becomes an Error, never an exception escaping core/.
using NoThrowPolicy = bmp::policy<bmp::promote_double<false>, bmp::domain_error<bmp::ignore_error>,
                                  bmp::pole_error<bmp::ignore_error>, bmp::overflow_error<bmp::ignore_error>,
                                  bmp::underflow_error<bmp::ignore_error>, bmp::denorm_error<bmp::ignore_error>,
                                  bmp::evaluation_error<bmp::ignore_error>, bmp::rounding_error<bmp::ignore_error>,
                                  bmp::indeterminate_result_error<bmp::ignore_error>>;

double normalCdf(double x);
double normalSf(double x);          ///< 1 − Φ(x), computed without cancellation
double normalQuantile(double p);    ///< Φ⁻¹(p), p in (0, 1)
double normalIsf(double p);         ///< Φ⁻¹(1 − p), p in (0, 1)

double studentTCdf(double t, double df);
double studentTSf(double t, double df);
double studentTIsf(double p, double df); ///< upper-p quantile

double chiSquaredSf(double x, double df);

/// Non-central t by Boost.Math; for δ²/2 ≥ 1e9 (where Boost 1.74 would throw) by
/// Abramowitz & Stegun 26.7.10. NaN for non-finite arguments or df ≤ 0.
double nonCentralTCdf(double t, double df, double nc);
double nonCentralTSf(double t, double df, double nc);

/// p-value for a statistic with a symmetric null (normal or t) given the alternative:
/// two-sided 2·sf(|x|), less cdf(x), greater sf(x). df ≤ 0 means the normal.
double pValueFromStatistic(double x, double df, int alternative /* 0 two, 1 less, 2 greater */);

} // namespace rampart::stats::dist
