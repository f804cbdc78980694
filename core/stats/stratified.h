#pragma once

// Treatment effects estimated within strata (the rollout's stages, each with its own
// stable traffic split) and combined, so a drift common to both cohorts cannot masquerade
// as an effect when the split changes between strata (Simpson's paradox).

#include "common.h"
#include "result.h"
#include "ttest.h"

#include <cstdint>
#include <span>

namespace rampart::stats {

/// One stratum of a binary outcome: successes and units per cohort.
struct BinaryStratum
{
    std::int64_t treatmentSuccesses = 0;
    std::int64_t treatmentN = 0;
    std::int64_t controlSuccesses = 0;
    std::int64_t controlN = 0;
};

struct CochranMantelHaenszelResult
{
    double z = 0.0;               ///< (Σa − ΣE[a]) / √ΣVar(a); positive when treatment succeeds more
    double pValue = 1.0;          ///< for the requested alternative
    double commonOddsRatio = 1.0; ///< Mantel–Haenszel pooled odds ratio (NaN when undefined)
    double riskDifference = 0.0;  ///< Mantel–Haenszel risk difference Σ w_s(p_t − p_c)/Σ w_s, w_s = n_t n_c/N
    double information = 0.0;     ///< Σ n_t n_c/N over the informative strata
    int strataUsed = 0;
};

/**
 * Cochran–Mantel–Haenszel test of a common effect over 2×2 strata (Mantel & Haenszel 1959),
 * without continuity correction: with a_s the treatment successes, n_s/m_s the cohort sizes,
 * k_s the successes and N_s the total of stratum s,
 *   E[a_s] = n_s k_s / N_s,  Var(a_s) = n_s m_s k_s (N_s − k_s) / (N_s² (N_s − 1)),
 *   z = (Σ a_s − Σ E[a_s]) / √(Σ Var(a_s)).
 * Two-sided p = P(χ²₁ ≥ z²) (statsmodels StratifiedTable.test_null_odds(correction=False));
 * Greater/Less use the normal tail of z. Strata with no variance (an empty cohort, or all
 * successes or all failures) carry no information and are skipped.
 *
 * Errors: no strata ["strata"]; a negative count or successes > n ["strata[i]"];
 * no stratum with information (DegenerateData, ["strata"]).
 */
Result<CochranMantelHaenszelResult> cochranMantelHaenszel(std::span<const BinaryStratum> strata,
                                                          Alternative alternative = Alternative::TwoSided);

/// One stratum of a continuous outcome: n, mean and sample sd per cohort.
struct MomentStratum
{
    SampleSummary treatment;
    SampleSummary control;
};

struct StratifiedEstimate
{
    double estimate = 0.0;       ///< Σ w_s d_s / Σ w_s
    double standardError = 0.0;  ///< 1/√Σ w_s
    double z = 0.0;
    double pValue = 1.0;
    double information = 0.0;    ///< Σ n_t n_c/(n_t + n_c): the standardized information (common σ)
    int strataUsed = 0;
};

/**
 * Fixed-effect (inverse-variance) combination of the per-stratum differences
 * d_s = mean_t − k·mean_c with v_s = sd_t²/n_t + k²·sd_c²/n_c and w_s = 1/v_s
 * (statsmodels.stats.meta_analysis.combine_effects, mean_effect_fe / sd_eff_w_fe).
 * k = controlScale shifts the null for a relative non-inferiority margin: k = 1 + margin
 * tests mean_t − (1 + margin)·mean_c. z = estimate / standardError, normal tails.
 * Strata where a cohort has fewer than 2 units are skipped.
 *
 * Errors: no strata ["strata"]; non-finite or negative moments ["strata[i]"]; controlScale
 * not finite and positive ["control_scale"]; no stratum with 2+ units per cohort
 * (InsufficientData, ["strata"]); a used stratum with zero variance (DegenerateData, ["strata[i]"]).
 */
Result<StratifiedEstimate> stratifiedMeanDifference(std::span<const MomentStratum> strata, double controlScale = 1.0,
                                                    Alternative alternative = Alternative::TwoSided);

} // namespace rampart::stats
