#pragma once

#include "result.h"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace rampart::stats {

enum class AdjustMethod {
    Bonferroni,       ///< p·m, capped at 1
    Holm,             ///< step-down, Holm (1979)
    BenjaminiHochberg ///< step-up false discovery rate, Benjamini & Hochberg (1995)
};

std::string_view adjustMethodName(AdjustMethod method);
/// Accepts "bonferroni", "holm", "bh" (also "fdr_bh").
std::optional<AdjustMethod> parseAdjustMethod(std::string_view name);

struct AdjustResult
{
    std::vector<double> adjusted; ///< in input order
    /// statsmodels' rule on the raw p-values: p ≤ α/m (Bonferroni); step-down p_(i) ≤ α/(m − i + 1)
    /// (Holm); step-up p_(i) ≤ iα/m (BH). Equivalent to adjusted ≤ alpha up to rounding.
    std::vector<bool> reject;
};

/**
 * Multiple-testing adjustment, as statsmodels.stats.multitest.multipletests:
 * Bonferroni min(1, m·p); Holm p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j));
 * BH p̃_(i) = min_{j ≥ i} min(1, m p_(j) / j).
 *
 * Errors: empty input, a p-value outside [0, 1] or non-finite, alpha outside (0, 1).
 */
Result<AdjustResult> adjustPValues(std::span<const double> pValues, AdjustMethod method,
                                   double alpha = 0.05);

} // namespace rampart::stats
