#pragma once

#include "common.h"
#include "result.h"

#include <cstdint>
#include <optional>
#include <span>

namespace rampart::stats {

/// Summary statistics of one sample; sd is the sample standard deviation (ddof = 1).
struct SampleSummary
{
    std::int64_t n = 0;
    double mean = 0.0;
    double sd = 0.0;
};

enum class TTestKind {
    Welch,  ///< unequal variances, Welch–Satterthwaite df
    Student ///< pooled variance, df = n_a + n_b − 2
};

/// Relative lift (mean_a / mean_b − 1) with a delta-method confidence interval
/// (one-sided, like TTestResult::ci, for one-sided alternatives).
struct RelativeLift
{
    double estimate = 0.0;
    ConfidenceInterval ci;
};

struct TTestResult
{
    double t = 0.0;               ///< (mean_a − mean_b) / se
    double df = 0.0;
    double pValue = 1.0;
    double meanDiff = 0.0;        ///< mean_a − mean_b
    double standardError = 0.0;
    ConfidenceInterval ci;        ///< for meanDiff, one-sided for one-sided alternatives
    double confidenceLevel = 0.95;
    std::optional<RelativeLift> relativeLift; ///< absent when mean_b == 0
};

/**
 * Two-sample t-test from summary statistics.
 *
 * Welch: se = √(s_a²/n_a + s_b²/n_b), df = se⁴ / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1))
 * (Welch 1947). Student: s_p² = ((n_a−1)s_a² + (n_b−1)s_b²)/(n_a+n_b−2),
 * se = s_p √(1/n_a + 1/n_b). t = (mean_a − mean_b)/se, p from Student's t with df.
 * CI: meanDiff ± t_{1−(1−level)/2, df}·se (two-sided) or one-sided at level.
 * Relative lift L = mean_a/mean_b − 1 with delta-method variance
 * Var(L) ≈ var_a/mean_b² + mean_a²·var_b/mean_b⁴ (var_x = s_x²/n_x) and a normal CI.
 * Matches scipy.stats.ttest_ind_from_stats(equal_var = kind == Student).
 *
 * Errors: n < 2, negative or non-finite sd/mean, both variances zero, level outside (0,1).
 */
Result<TTestResult> tTest(const SampleSummary &a, const SampleSummary &b, TTestKind kind,
                          Alternative alternative = Alternative::TwoSided,
                          double confidenceLevel = 0.95);

/// The same test from raw samples (scipy.stats.ttest_ind).
Result<TTestResult> tTest(std::span<const double> a, std::span<const double> b, TTestKind kind,
                          Alternative alternative = Alternative::TwoSided,
                          double confidenceLevel = 0.95);

/// n, mean and sample sd (ddof = 1) of raw values; error if empty or non-finite.
Result<SampleSummary> summarize(std::span<const double> values);

} // namespace rampart::stats
