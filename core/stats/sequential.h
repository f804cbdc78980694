#pragma once

#include "result.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace rampart::stats {

/// Lan-DeMets alpha-spending functions.
enum class SpendingFunction {
    OBrienFleming, ///< α(t) = 2 − 2Φ(z_{1−α/2} / √t)
    Pocock         ///< α(t) = α · ln(1 + (e − 1) t)
};

/// The canonical name: "obrien-fleming" or "pocock".
std::string_view spendingFunctionName(SpendingFunction spending);
/// Accepts "obrien-fleming" (also "of", "obf") and "pocock", case-insensitively.
std::optional<SpendingFunction> parseSpendingFunction(std::string_view name);

/// Cumulative alpha spent by information fraction t ∈ [0, 1] (Lan & DeMets 1983) for a
/// one-sided error rate alpha (gsDesign sfLDOF / sfLDPocock). A two-sided design calls it
/// with alpha/2 per side (see groupSequentialBoundaries). t is clamped to [0, 1];
/// spentAlpha(…, 1) is exactly alpha. Returns NaN for NaN t or alpha outside (0, 1).
double spentAlpha(SpendingFunction spending, double alpha, double t);

struct SequentialBoundaries
{
    std::vector<double> informationFractions;
    std::vector<double> z;          ///< critical |z| per look (one-sided: upper z)
    std::vector<double> nominalP;   ///< nominal p-value per look: 2(1 − Φ(z)) or 1 − Φ(z)
    std::vector<double> alphaSpent; ///< cumulative α spent over both tails: α(t_k), or 2·α_{α/2}(t_k) two-sided
    double alpha = 0.05;
    int sides = 2;
    SpendingFunction spending = SpendingFunction::OBrienFleming;
};

/**
 * Group-sequential efficacy boundaries by alpha spending (Lan & DeMets 1983).
 * Look k's boundary c_k solves P(no crossing before k, crossing at k | H0) =
 * α(t_k) − α(t_{k−1}), where crossing is Z_k ≥ c_k (sides = 1) or |Z_k| ≥ c_k (sides = 2)
 * and the Z_k are the canonical joint normal with Cov(Z_i, Z_j) = √(t_i/t_j), i ≤ j.
 *
 * Two-sided designs (sides = 2) are symmetric and spend alpha/2 on each side, the
 * convention of DeMets & Lan (1994, Stat Med 13:1341) used by gsDesign (test.type = 2),
 * ldbounds and rpact: each tail follows the one-sided spending function at alpha/2, so the
 * total spent by t is 2·α_{α/2}(t). Two-sided α = 0.05, O'Brien-Fleming type, 5 equal looks
 * gives 4.877, 3.357, 2.680, 2.290, 2.031 — the one-sided α = 0.025 design mirrored. (For
 * Pocock-type spending 2·α_{α/2}(t) = α_α(t), so nothing changes there.)
 *
 * The probabilities are computed by the exact recursive numerical integration of
 * Armitage, McPherson & Rowe (1969) as laid out in Jennison & Turnbull, "Group Sequential
 * Methods with Applications to Clinical Trials" (2000), ch. 19: on the score scale
 * S_k = Z_k √t_k with independent increments, each look's continuation density is carried
 * on a grid of 6r − 1 points (dense within ±3 SD, log-spaced tails to ±(3 + 4 ln r) SD),
 * truncated to the continuation region, with midpoints added for Simpson's rule — at most
 * 12r − 3 nodes per look, r = 32. Each boundary is a TOMS 748 root of the log exit
 * probability. Boundaries agree with an independent scipy multivariate-normal (Genz)
 * computation to < 2e-7 and with gsDesign's published 4-decimal values to ~1e-4, and change
 * by < 1e-7 when r is doubled (tests/core/stats/test_sequential.cpp).
 *
 * When the alpha spent before look k is negligible (≤ 1e-9 of the increment, always true
 * at look 1) the boundary is the exact marginal quantile z_{1−Δα} (two-sided z_{1−Δα/2}).
 * Boundaries are capped at 40 (an increment that underflows, e.g. O'Brien-Fleming at a tiny
 * first fraction), so no look returns an infinite or NaN boundary.
 *
 * Errors (invalid_argument, field in brackets): no looks or more than 200 (each costs
 * ~1 ms) ["information_fractions"];
 * a fraction non-finite, outside (0, 1] or not strictly increasing
 * ["information_fractions[i]"]; last fraction ≠ 1 ["information_fractions[K−1]"];
 * sides not 1 or 2 ["sides"]; alpha outside (0, 1), or ≥ 0.5 when one-sided ["alpha"].
 * A failed root solve gives no_convergence.
 */
Result<SequentialBoundaries> groupSequentialBoundaries(std::span<const double> informationFractions,
                                                       double alpha, SpendingFunction spending,
                                                       int sides = 2);

namespace detail {
/// groupSequentialBoundaries with the grid-size parameter r of Jennison & Turnbull ch. 19
/// exposed (r ≥ 2), so tests can show the boundaries converge as the grid is refined.
Result<SequentialBoundaries> groupSequentialBoundariesWithGrid(std::span<const double> informationFractions,
                                                               double alpha, SpendingFunction spending,
                                                               int sides, int gridR);
} // namespace detail

} // namespace rampart::stats
