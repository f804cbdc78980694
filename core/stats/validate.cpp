#include "validate.h"

#include <cmath>
#include <cstdio>

namespace rampart::stats::check {

namespace {
std::string number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "infinity" : "-infinity";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}
} // namespace

std::optional<Error> finite(double value, const std::string &field)
{
    if (std::isfinite(value))
        return std::nullopt;
    return makeError(errc::InvalidArgument, field, field + " must be a finite number, not " + number(value) + ".");
}

std::optional<Error> positive(double value, const std::string &field)
{
    if (auto e = finite(value, field))
        return e;
    if (value > 0.0)
        return std::nullopt;
    return makeError(errc::InvalidArgument, field, field + " must be greater than 0, got " + number(value) + ".");
}

std::optional<Error> nonNegative(double value, const std::string &field)
{
    if (auto e = finite(value, field))
        return e;
    if (value >= 0.0)
        return std::nullopt;
    return makeError(errc::InvalidArgument, field, field + " must not be negative, got " + number(value) + ".");
}

std::optional<Error> openUnit(double value, const std::string &field)
{
    if (auto e = finite(value, field))
        return e;
    if (value > 0.0 && value < 1.0)
        return std::nullopt;
    return makeError(errc::InvalidArgument, field,
                     field + " must lie strictly between 0 and 1, got " + number(value) + ".");
}

std::optional<Error> alpha(double value, const std::string &field)
{
    if (auto e = openUnit(value, field))
        return e;
    if (value >= MinimumAlpha)
        return std::nullopt;
    return makeError(errc::InvalidArgument, field,
                     field + " must be at least 1e-12 (smaller levels underflow the tail probabilities), got "
                         + number(value) + ".");
}

std::optional<Error> closedUnit(double value, const std::string &field)
{
    if (auto e = finite(value, field))
        return e;
    if (value >= 0.0 && value <= 1.0)
        return std::nullopt;
    return makeError(errc::InvalidArgument, field, field + " must lie between 0 and 1, got " + number(value) + ".");
}

std::optional<Error> allFinite(std::span<const double> values, const std::string &field)
{
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            return makeError(errc::InvalidArgument, field + "[" + std::to_string(i) + "]",
                             field + "[" + std::to_string(i) + "] must be a finite number, not "
                                 + number(values[i]) + ".");
    }
    return std::nullopt;
}

std::optional<Error> minCount(std::int64_t n, std::int64_t minimum, const std::string &field)
{
    if (n >= minimum)
        return std::nullopt;
    return makeError(errc::InsufficientData, field,
                     field + " must be at least " + std::to_string(minimum) + ", got " + std::to_string(n) + ".");
}

} // namespace rampart::stats::check
