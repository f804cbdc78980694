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

std::string_view spendingFunctionName(SpendingFunction spending);
/// Accepts "obrien-fleming" (also "of", "obf") and "pocock".
std::optional<SpendingFunction> parseSpendingFunction(std::string_view name);

/// Cumulative alpha spent by information fraction t ∈ [0, 1] (Lan & DeMets 1983).
double spentAlpha(SpendingFunction spending, double alpha, double t);

struct SequentialBoundaries
{
    std::vector<double> informationFractions;
    std::vector<double> z;          ///< critical |z| per look (one-sided: upper z)
    std::vector<double> nominalP;   ///< nominal p-value per look: 2(1 − Φ(z)) or 1 − Φ(z)
    std::vector<double> alphaSpent; ///< cumulative α(t_k)
    double alpha = 0.05;
    int sides = 2;
    SpendingFunction spending = SpendingFunction::OBrienFleming;
};

/**
 * Group-sequential efficacy boundaries by alpha spending (Lan & DeMets 1983).
 * Look k's boundary c_k solves P(no crossing before k, crossing at k | H0) =
 * α(t_k) − α(t_{k−1}), where crossing is Z_k ≥ c_k (sides = 1) or |Z_k| ≥ c_k (sides = 2)
 * and the Z_k are the canonical joint normal with Cov(Z_i, Z_j) = √(t_i/t_j).
 * The probabilities are computed by the exact recursive numerical integration of
 * Armitage, McPherson & Rowe (1969) on the score scale, with the grid of
 * Jennison & Turnbull, "Group Sequential Methods", ch. 19 (r = 32 … enough for 1e-6).
 *
 * Errors: no looks, fractions not strictly increasing in (0, 1] or not ending at 1,
 * alpha outside (0, 1) (two-sided: < 1), sides not 1 or 2.
 */
Result<SequentialBoundaries> groupSequentialBoundaries(std::span<const double> informationFractions,
                                                       double alpha, SpendingFunction spending,
                                                       int sides = 2);

} // namespace rampart::stats
