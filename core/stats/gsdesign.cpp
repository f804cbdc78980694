#include "gsdesign.h"

#include "distributions.h"
#include "sequentialgrid.h"

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace rampart::stats {

namespace {

// J&T's grid parameter for design calculations: r = 18 gives 6r − 1 = 107 points per look
// (213 nodes with Simpson midpoints); power figures change by < 1e-9 against r = 96
// (tests/core/stats/test_gsdesign.cpp).
constexpr int DesignGridR = 18;
constexpr std::uintmax_t MaxSolverIterations = 100;

} // namespace

namespace detail {

Result<double> sequentialCrossingProbabilityWithGrid(std::span<const double> fractions,
                                                     std::span<const double> boundaries, double drift, int gridR)
{
    if (gridR < 2)
        return makeError(errc::InvalidArgument, "grid_r", "The grid parameter r must be at least 2.");
    if (fractions.empty() || fractions.size() != boundaries.size())
        return makeError(errc::InvalidArgument, "information_fractions",
                         "information_fractions and boundaries must be non-empty and of the same length.");
    if (!std::isfinite(drift))
        return makeError(errc::InvalidArgument, "drift", "drift must be a finite number.");
    double previous = 0.0;
    for (std::size_t k = 0; k < fractions.size(); ++k) {
        const std::string f = "information_fractions[" + std::to_string(k) + "]";
        if (!std::isfinite(fractions[k]) || fractions[k] <= previous || fractions[k] > 1.0)
            return makeError(errc::InvalidArgument, f, f + " must lie in (0, 1] and increase strictly.");
        if (!std::isfinite(boundaries[k]))
            return makeError(errc::InvalidArgument, "boundaries[" + std::to_string(k) + "]",
                             "boundaries[" + std::to_string(k) + "] must be finite.");
        previous = fractions[k];
    }
    // Jennison & Turnbull's recursion (ch. 19) on their grid, centred on the drift's mean.
    const std::vector<double> base = gridBasePoints(gridR);
    const double lower = -std::numeric_limits<double>::infinity();
    double crossed = dist::normalSf(boundaries[0] - drift * std::sqrt(fractions[0]));
    GridDensity density;
    for (std::size_t k = 0; k + 1 < fractions.size(); ++k) {
        const double increment = fractions[k] - (k == 0 ? 0.0 : fractions[k - 1]);
        const GridLook look{fractions[k], increment, drift, lower, boundaries[k]};
        density = k == 0 ? firstLookDensity(base, look) : carryLookDensity(density, base, look);
        crossed += lookExitProbability(density, fractions[k + 1], fractions[k + 1] - fractions[k], drift,
                                       boundaries[k + 1], false);
    }
    return std::min(1.0, crossed);
}

} // namespace detail

Result<double> sequentialCrossingProbability(std::span<const double> fractions, std::span<const double> boundaries,
                                             double drift)
{
    return detail::sequentialCrossingProbabilityWithGrid(fractions, boundaries, drift, DesignGridR);
}

Result<double> informationInflation(int looks, double alpha, double power, SpendingFunction spending)
{
    if (looks < 1 || looks > 50)
        return makeError(errc::InvalidArgument, "looks", "looks must lie between 1 and 50.");
    if (!(alpha > 0.0 && alpha < 0.5))
        return makeError(errc::InvalidArgument, "alpha", "alpha must lie strictly between 0 and 0.5 (one-sided).");
    if (!(power > alpha && power < 1.0))
        return makeError(errc::InvalidArgument, "power", "power must lie strictly between alpha and 1.");
    if (looks == 1)
        return 1.0;
    std::vector<double> fractions;
    for (int k = 1; k <= looks; ++k)
        fractions.push_back(static_cast<double>(k) / looks);
    auto bounds = groupSequentialBoundaries(fractions, alpha, spending, 1);
    if (!bounds)
        return bounds.error();
    const double fixedDrift = dist::normalIsf(alpha) + dist::normalIsf(1.0 - power);
    // Power rises smoothly and monotonically with R, so a bracketing root solve (TOMS 748)
    // needs a handful of evaluations where bisection to 1e-7 needed 25.
    std::optional<Error> failure;
    const auto shortfall = [&](double inflation) {
        auto p = sequentialCrossingProbability(fractions, bounds->z, fixedDrift * std::sqrt(inflation));
        if (!p) {
            failure = p.error();
            return 0.0;
        }
        return *p - power;
    };
    double lo = 1.0, hi = 3.0;
    double fLo = shortfall(lo);
    if (!failure && fLo >= 0.0)
        return 1.0;
    double fHi = shortfall(hi);
    while (!failure && fHi < 0.0 && hi < 100.0) {
        lo = hi;
        fLo = fHi;
        hi *= 2.0;
        fHi = shortfall(hi);
    }
    if (failure)
        return *failure;
    if (fHi < 0.0)
        return makeError(errc::NoConvergence, "", "No information inflation up to 100 reaches the requested power.");
    std::uintmax_t iterations = MaxSolverIterations;
    const auto [a, b] = boost::math::tools::toms748_solve(
        shortfall, lo, hi, fLo, fHi, boost::math::tools::eps_tolerance<double>(44), iterations, dist::NoThrowPolicy());
    if (failure)
        return *failure;
    if (iterations >= MaxSolverIterations || !std::isfinite(a) || !std::isfinite(b))
        return makeError(errc::NoConvergence, "", "The information inflation root solve did not converge.");
    return 0.5 * (a + b);
}

} // namespace rampart::stats
