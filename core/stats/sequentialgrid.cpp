#include "sequentialgrid.h"

#include <cmath>
#include <cstddef>
#include <utility>

namespace rampart::stats::detail {

namespace {

constexpr double InvSqrt2 = 0.70710678118654752440;
constexpr double InvSqrt2Pi = 0.39894228040143267794;

// 1 − Φ(x) for the inner loops (thousands of calls per look): glibc's erfc keeps full
// relative accuracy far into the tail and is several times cheaper than Boost's cdf.
double upperTail(double x)
{
    return 0.5 * std::erfc(x * InvSqrt2);
}

struct Grid
{
    std::vector<double> nodes;
    std::vector<double> weights;
};

// The base points restricted to the continuation region (lower, upper) on the standardised
// scale, the ends replaced by the region's limits, mapped to the score scale as
// centre + x·scale, then midpoints added for Simpson's rule (J&T 19.3).
Grid simpsonGrid(const std::vector<double> &base, double lower, double upper, double scale, double centre)
{
    std::vector<double> points;
    if (lower > base.front())
        points.push_back(lower);
    for (double x : base) {
        if (x > lower && x < upper)
            points.push_back(x);
    }
    if (upper < base.back())
        points.push_back(upper);

    Grid grid;
    if (points.size() < 2)
        return grid;
    const std::size_t n = 2 * points.size() - 1;
    grid.nodes.resize(n);
    grid.weights.assign(n, 0.0);
    for (std::size_t i = 0; i < points.size(); ++i)
        grid.nodes[2 * i] = points[i] * scale + centre;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        grid.nodes[2 * i + 1] = 0.5 * (grid.nodes[2 * i] + grid.nodes[2 * i + 2]);
        const double width = grid.nodes[2 * i + 2] - grid.nodes[2 * i];
        grid.weights[2 * i] += width / 6.0;
        grid.weights[2 * i + 1] += 4.0 * width / 6.0;
        grid.weights[2 * i + 2] += width / 6.0;
    }
    return grid;
}

// The look's grid centred on E[S_k] = θ I_k; the region shifted to the standardised scale.
Grid lookGrid(const std::vector<double> &base, const GridLook &look)
{
    const double sqrtInfo = std::sqrt(look.info);
    const double shift = look.drift * sqrtInfo;
    return simpsonGrid(base, look.lowerZ - shift, look.upperZ - shift, sqrtInfo, look.drift * look.info);
}

} // namespace

std::vector<double> gridBasePoints(int r)
{
    std::vector<double> x;
    x.reserve(static_cast<std::size_t>(6 * r - 1));
    const double rd = r;
    for (int i = 1; i <= r - 1; ++i)
        x.push_back(-3.0 - 4.0 * std::log(rd / i));
    for (int i = r; i <= 5 * r; ++i)
        x.push_back(-3.0 + 3.0 * (i - r) / (2.0 * rd));
    for (int i = 5 * r + 1; i <= 6 * r - 1; ++i)
        x.push_back(3.0 + 4.0 * std::log(rd / (6 * r - i)));
    return x;
}

GridDensity firstLookDensity(const std::vector<double> &base, const GridLook &look)
{
    const double sqrtInfo = std::sqrt(look.info);
    const double centre = look.drift * look.info;
    Grid grid = lookGrid(base, look);
    GridDensity density{std::move(grid.nodes), std::move(grid.weights)};
    for (std::size_t i = 0; i < density.nodes.size(); ++i) {
        const double z = (density.nodes[i] - centre) / sqrtInfo;
        density.weightedDensity[i] *= InvSqrt2Pi * std::exp(-0.5 * z * z) / sqrtInfo;
    }
    return density;
}

GridDensity carryLookDensity(const GridDensity &previous, const std::vector<double> &base, const GridLook &look)
{
    Grid grid = lookGrid(base, look);
    GridDensity density{std::move(grid.nodes), std::move(grid.weights)};
    const double invSd = 1.0 / std::sqrt(look.increment);
    const double mean = look.drift * look.increment;
    const std::size_t m = previous.nodes.size();
    for (std::size_t i = 0; i < density.nodes.size(); ++i) {
        const double s = density.nodes[i] - mean;
        double sum = 0.0;
        for (std::size_t j = 0; j < m; ++j) {
            const double d = (s - previous.nodes[j]) * invSd;
            sum += previous.weightedDensity[j] * std::exp(-0.5 * d * d);
        }
        density.weightedDensity[i] *= sum * InvSqrt2Pi * invSd;
    }
    return density;
}

double lookExitProbability(const GridDensity &previous, double info, double increment, double drift, double upper,
                           bool lowerToo)
{
    const double invSd = 1.0 / std::sqrt(increment);
    const double threshold = upper * std::sqrt(info);
    const double mean = drift * increment;
    double sum = 0.0;
    for (std::size_t j = 0; j < previous.nodes.size(); ++j) {
        const double u = previous.nodes[j] + mean;
        double tail = upperTail((threshold - u) * invSd);
        if (lowerToo)
            tail += upperTail((threshold + u) * invSd);
        sum += previous.weightedDensity[j] * tail;
    }
    return sum;
}

} // namespace rampart::stats::detail
