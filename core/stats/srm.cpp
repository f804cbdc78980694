#include "srm.h"

#include "distributions.h"
#include "validate.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace rampart::stats {

namespace {

std::string indexed(const char *name, std::size_t i)
{
    return std::string(name) + "[" + std::to_string(i) + "]";
}

std::optional<Error> checkObserved(std::span<const std::int64_t> observed)
{
    if (observed.size() < 2)
        return makeError(errc::InsufficientData, "observed",
                         "A sample-ratio check needs at least 2 cohorts, got " + std::to_string(observed.size()) + ".");
    std::int64_t total = 0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (observed[i] < 0)
            return makeError(errc::InvalidArgument, indexed("observed", i),
                             indexed("observed", i) + " must not be negative, got " + std::to_string(observed[i]) + ".");
        total += observed[i];
    }
    if (total == 0)
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

} // namespace

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
