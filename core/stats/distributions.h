#pragma once

// Thin wrappers over Boost.Math distributions used across core/stats. They use a
// policy that evaluates in double precision (fast enough for the < 2 µs budget; the
// loss against long double is far below the 1e-6 agreement target) and take tail
// probabilities through complements so p-values stay accurate down to 1e-300.

namespace rampart::stats::dist {

double normalCdf(double x);
double normalSf(double x);          ///< 1 − Φ(x), computed without cancellation
double normalQuantile(double p);    ///< Φ⁻¹(p), p in (0, 1)
double normalIsf(double p);         ///< Φ⁻¹(1 − p), p in (0, 1)

double studentTCdf(double t, double df);
double studentTSf(double t, double df);
double studentTIsf(double p, double df); ///< upper-p quantile

double chiSquaredSf(double x, double df);

double nonCentralTCdf(double t, double df, double nc);
double nonCentralTSf(double t, double df, double nc);

/// p-value for a statistic with a symmetric null (normal or t) given the alternative:
/// two-sided 2·sf(|x|), less cdf(x), greater sf(x). df ≤ 0 means the normal.
double pValueFromStatistic(double x, double df, int alternative /* 0 two, 1 less, 2 greater */);

} // namespace rampart::stats::dist
