#include "gsdesign.h"

#include "distributions.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace rampart::stats {

namespace {

constexpr int Nodes = 801;

double normalPdf(double x)
{
    return std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI);
}

} // namespace

Result<double> sequentialCrossingProbability(std::span<const double> fractions, std::span<const double> boundaries,
                                             double drift)
{
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
    // Density of the score S on a grid of the continuation region, look by look.
    const double t1 = fractions[0];
    const double b1 = boundaries[0] * std::sqrt(t1);
    double crossed = dist::normalSf((b1 - drift * t1) / std::sqrt(t1));
    double lo = drift * t1 - 10.0 * std::sqrt(t1);
    double hi = b1;
    if (hi <= lo)
        return crossed;
    std::vector<double> grid(Nodes), density(Nodes);
    double h = (hi - lo) / (Nodes - 1);
    for (int i = 0; i < Nodes; ++i) {
        grid[i] = lo + h * i;
        density[i] = normalPdf((grid[i] - drift * t1) / std::sqrt(t1)) / std::sqrt(t1);
    }
    const auto weight = [&](int i) { return (i == 0 || i == Nodes - 1) ? 0.5 * h : h; };
    for (std::size_t k = 1; k < fractions.size(); ++k) {
        const double dt = fractions[k] - fractions[k - 1];
        const double sd = std::sqrt(dt);
        const double b = boundaries[k] * std::sqrt(fractions[k]);
        for (int i = 0; i < Nodes; ++i)
            crossed += weight(i) * density[i] * dist::normalSf((b - grid[i] - drift * dt) / sd);
        if (k + 1 == fractions.size())
            break;
        const double newLo = drift * fractions[k] - 10.0 * std::sqrt(fractions[k]);
        const double newHi = b;
        if (newHi <= newLo)
            break;
        std::vector<double> nextGrid(Nodes), nextDensity(Nodes, 0.0);
        const double nh = (newHi - newLo) / (Nodes - 1);
        for (int j = 0; j < Nodes; ++j) {
            nextGrid[j] = newLo + nh * j;
            double sum = 0.0;
            for (int i = 0; i < Nodes; ++i)
                sum += weight(i) * density[i] * normalPdf((nextGrid[j] - grid[i] - drift * dt) / sd);
            nextDensity[j] = sum / sd;
        }
        grid.swap(nextGrid);
        density.swap(nextDensity);
        h = nh;
    }
    return std::min(1.0, crossed);
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
    double lo = 1.0, hi = 3.0;
    for (int iteration = 0; iteration < 60 && hi - lo > 1e-7; ++iteration) {
        const double mid = 0.5 * (lo + hi);
        auto p = sequentialCrossingProbability(fractions, bounds->z, fixedDrift * std::sqrt(mid));
        if (!p)
            return p.error();
        (*p < power ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

} // namespace rampart::stats
