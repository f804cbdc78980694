#pragma once

#include <optional>
#include <string_view>

namespace rampart::stats {

/// The alternative hypothesis, named as in scipy: Less means "a − b < 0".
enum class Alternative { TwoSided, Less, Greater };

std::string_view alternativeName(Alternative alternative);
/// Accepts "two-sided", "less", "greater" (and statsmodels' "larger"/"smaller").
std::optional<Alternative> parseAlternative(std::string_view name);

/// A confidence interval; for one-sided alternatives the open end is ±infinity (as scipy).
struct ConfidenceInterval
{
    double low = 0.0;
    double high = 0.0;
};

} // namespace rampart::stats
