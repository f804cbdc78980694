#pragma once

// Input checks shared by every core/stats entry point, so the same mistake gets the
// same code and wording everywhere. Each returns std::nullopt when the input is fine.

#include "result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace rampart::stats::check {

std::optional<Error> finite(double value, const std::string &field);
std::optional<Error> positive(double value, const std::string &field);          ///< finite and > 0
std::optional<Error> nonNegative(double value, const std::string &field);       ///< finite and ≥ 0
std::optional<Error> openUnit(double value, const std::string &field);          ///< in (0, 1)
/// The smallest significance level the engine accepts: below it the tails it needs underflow
/// (a boundary at the 40 cap, alpha spent 0), so the answer would be garbage, not a result.
inline constexpr double MinimumAlpha = 1e-12;
/// A significance level: in [MinimumAlpha, 1), the field named either way.
std::optional<Error> alpha(double value, const std::string &field);
std::optional<Error> closedUnit(double value, const std::string &field);        ///< in [0, 1]
std::optional<Error> allFinite(std::span<const double> values, const std::string &field);
std::optional<Error> minCount(std::int64_t n, std::int64_t minimum, const std::string &field);

} // namespace rampart::stats::check
