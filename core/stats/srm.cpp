#include "srm.h"

#include "distributions.h"
#include "validate.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace rampart::stats {

namespace {

// 2^53: the largest total whose every count is exact in a double.
constexpr double kMaxTotal = 9007199254740992.0;

std::string indexed(const char *name, std::size_t i)
{
    return std::string(name) + "[" + std::to_string(i) + "]";
}

std::optional<Error> checkObserved(std::span<const std::int64_t> observed)
{
    if (observed.size() < 2)
        return makeError(errc::InsufficientData, "observed",
                         "A sample-ratio check needs at least 2 cohorts, got " + std::to_string(observed.size()) + ".");
    double total = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (observed[i] < 0)
            return makeError(errc::InvalidArgument, indexed("observed", i),
                             indexed("observed", i) + " must not be negative, got " + std::to_string(observed[i]) + ".");
        total += static_cast<double>(observed[i]);
    }
    if (total > kMaxTotal)
        return makeError(errc::InvalidArgument, "observed",
                         "The observed counts add up to more than 2^53, beyond exact arithmetic.");
    if (total == 0.0)
        return makeError(errc::InsufficientData, "observed", "All cohorts are empty, so there is no ratio to check.");
    return std::nullopt;
}

std::optional<Error> checkFractions(std::span<const double> fractions, std::size_t cohorts)
{
    if (fractions.size() != cohorts)
        return makeError(errc::InvalidArgument, "expected_fractions",
                         "expected_fractions has " + std::to_string(fractions.size()) + " entries but there are "
                             + std::to_string(cohorts) + " cohorts.");
    double sum = 0.0;
    for (std::size_t i = 0; i < fractions.size(); ++i) {
        if (auto e = check::openUnit(fractions[i], indexed("expected_fractions", i)))
            return e;
        sum += fractions[i];
    }
    if (std::fabs(sum - 1.0) > 1e-9)
        return makeError(errc::InvalidArgument, "expected_fractions",
                         "expected_fractions must sum to 1, got " + std::to_string(sum) + ".");
    return std::nullopt;
}

std::optional<Error> checkWeights(std::span<const double> weights, std::size_t cohorts)
{
    if (weights.size() != cohorts)
        return makeError(errc::InvalidArgument, "expected_weights",
                         "expected_weights has " + std::to_string(weights.size()) + " entries but there are "
                             + std::to_string(cohorts) + " cohorts.");
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (auto e = check::positive(weights[i], indexed("expected_weights", i)))
            return e;
    }
    return std::nullopt;
}

} // namespace

Result<SrmResult> sampleRatioMismatchWeights(std::span<const std::int64_t> observed,
                                             std::span<const double> expectedWeights, double threshold)
{
    if (auto e = checkObserved(observed))
        return *e;
    if (auto e = checkWeights(expectedWeights, observed.size()))
        return *e;
    // Sum and divide after scaling by the largest weight, so weights near 1e308 cannot overflow.
    const double largest = *std::max_element(expectedWeights.begin(), expectedWeights.end());
    double sum = 0.0;
    for (double w : expectedWeights)
        sum += w / largest;
    std::vector<double> fractions;
    fractions.reserve(expectedWeights.size());
    for (std::size_t i = 0; i < expectedWeights.size(); ++i) {
        const double f = expectedWeights[i] / largest / sum;
        if (!(f > 0.0))
            return makeError(errc::InvalidArgument, indexed("expected_weights", i),
                             indexed("expected_weights", i) + " is too small against the largest weight to give a "
                                 "non-zero expected count.");
        fractions.push_back(f);
    }
    // Normalised fractions sum to 1 within a few ulps, well inside the fractions' 1e-9 tolerance.
    return sampleRatioMismatch(observed, fractions, threshold);
}

Result<SrmResult> sampleRatioMismatch(std::span<const std::int64_t> observed,
                                      std::span<const double> expectedFractions, double threshold)
{
    if (auto e = checkObserved(observed))
        return *e;
    if (auto e = checkFractions(expectedFractions, observed.size()))
        return *e;
    if (auto e = check::openUnit(threshold, "threshold"))
        return *e;

    double total = 0.0;
    for (std::int64_t count : observed)
        total += static_cast<double>(count);
    SrmResult r;
    r.expectedCounts.reserve(observed.size());
    for (std::size_t i = 0; i < observed.size(); ++i) {
        const double expected = total * expectedFractions[i];
        const double diff = static_cast<double>(observed[i]) - expected;
        r.chi2 += diff * diff / expected;
        r.expectedCounts.push_back(expected);
    }
    r.dof = static_cast<int>(observed.size()) - 1;
    r.pValue = std::clamp(dist::chiSquaredSf(r.chi2, r.dof), 0.0, 1.0);
    r.mismatch = r.pValue < threshold;
    return r;
}

} // namespace rampart::stats
