#include "sequential.h"

#include "distributions.h"
#include "sequentialgrid.h"
#include "validate.h"

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <numbers>
#include <string>
#include <utility>

namespace rampart::stats {

namespace {

constexpr int DefaultGridR = 32;
constexpr double MaxBoundary = 40.0;
// Below this ratio of earlier spending to the current increment, the marginal quantile is
// exact to ~1e-9 relative in probability, i.e. far better than the quadrature in the far tail.
constexpr double NegligibleEarlierSpending = 1e-9;
constexpr std::uintmax_t MaxSolverIterations = 200;
// Each look costs a grid convolution and a root solve (~1 ms), so 200 looks stay well under a
// second; a staged rollout has a handful, an evaluation every 12 h for a month about 60.
constexpr std::size_t MaxLooks = 200;

std::string formatNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

std::string indexedField(std::size_t index)
{
    return "information_fractions[" + std::to_string(index) + "]";
}

// ---- validation ------------------------------------------------------------------------

std::optional<Error> checkFraction(std::span<const double> t, std::size_t i)
{
    const std::string field = indexedField(i);
    if (auto e = check::finite(t[i], field))
        return e;
    if (!(t[i] > 0.0 && t[i] <= 1.0))
        return makeError(errc::InvalidArgument, field,
                         field + " must lie in (0, 1], got " + formatNumber(t[i]) + ".");
    if (i > 0 && !(t[i] > t[i - 1]))
        return makeError(errc::InvalidArgument, field,
                         field + " must be greater than " + indexedField(i - 1) + " ("
                             + formatNumber(t[i - 1]) + "): information fractions must be strictly increasing, got "
                             + formatNumber(t[i]) + ".");
    return std::nullopt;
}

std::optional<Error> checkFractions(std::span<const double> t)
{
    if (t.empty())
        return makeError(errc::InvalidArgument, "information_fractions",
                         "information_fractions must list at least one look.");
    if (t.size() > MaxLooks)
        return makeError(errc::InvalidArgument, "information_fractions",
                         "information_fractions may list at most " + std::to_string(MaxLooks) + " looks, got "
                             + std::to_string(t.size()) + ".");
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (auto e = checkFraction(t, i))
            return e;
    }
    if (t.back() != 1.0) {
        const std::string field = indexedField(t.size() - 1);
        return makeError(errc::InvalidArgument, field,
                         "information_fractions must end at 1 (the final look uses all the information), but "
                             + field + " is " + formatNumber(t.back()) + ".");
    }
    return std::nullopt;
}

std::optional<Error> checkInputs(std::span<const double> t, double alpha, int sides, int gridR)
{
    if (auto e = checkFractions(t))
        return e;
    if (sides != 1 && sides != 2)
        return makeError(errc::InvalidArgument, "sides",
                         "sides must be 1 (one-sided) or 2 (two-sided), got " + std::to_string(sides) + ".");
    if (auto e = check::alpha(alpha, "alpha"))
        return e;
    if (sides == 1 && !(alpha < 0.5))
        return makeError(errc::InvalidArgument, "alpha",
                         "alpha must be below 0.5 for a one-sided design, got " + formatNumber(alpha) + ".");
    if (gridR < 2)
        return makeError(errc::InvalidArgument, "grid_r",
                         "The grid parameter r must be at least 2, got " + std::to_string(gridR) + ".");
    return std::nullopt;
}

// ---- quadrature (Jennison & Turnbull 2000, ch. 19; sequentialgrid.h) -----------------

using Density = detail::GridDensity;

// The look on the null (drift 0) with continuation region (−c, c) or (−∞, c) on the Z scale.
detail::GridLook nullLook(double info, double increment, double boundary, int sides)
{
    const double lower = sides == 2 ? -boundary : -std::numeric_limits<double>::infinity();
    return {info, increment, 0.0, lower, boundary};
}

// P(continue to look k − 1, cross at look k) for boundary c at look k (J&T 19.5).
double exitProbability(const Density &previous, double info, double increment, double boundary, int sides)
{
    return detail::lookExitProbability(previous, info, increment, 0.0, boundary, sides == 2);
}

// ---- boundaries ------------------------------------------------------------------------

// The boundary ignoring earlier looks: z_{1−Δ} or z_{1−Δ/2}, capped. It is an upper bound on
// the exact boundary, since the exit probability never exceeds the marginal tail.
double marginalBoundary(double increment, int sides)
{
    if (!(increment > 0.0))
        return MaxBoundary;
    const double z = dist::normalIsf(increment / sides);
    return z < MaxBoundary ? z : MaxBoundary;
}

struct LookSpec
{
    double info = 1.0;        // t_k
    double increment = 1.0;   // t_k − t_{k−1}
    double toSpend = 0.0;     // α(t_k) − α(t_{k−1})
    double spentBefore = 0.0; // α(t_{k−1})
};

Result<double> solveBoundary(const Density &previous, const LookSpec &look, int sides)
{
    const double hi = marginalBoundary(look.toSpend, sides);
    if (!(look.toSpend > 0.0) || look.spentBefore <= NegligibleEarlierSpending * look.toSpend)
        return hi;

    // Root of the log exit probability: near-linear in c² even where the increment is 1e-20.
    const double logTarget = std::log(look.toSpend);
    const auto f = [&](double c) {
        const double p = exitProbability(previous, look.info, look.increment, c, sides);
        return std::log(std::max(p, std::numeric_limits<double>::denorm_min())) - logTarget;
    };
    const double fHi = f(hi);
    if (fHi >= 0.0) // indistinguishable from the marginal at this resolution
        return hi;
    const double lo = sides == 2 ? 0.0 : -MaxBoundary / 4.0;
    const double fLo = f(lo);
    if (!(fLo > 0.0))
        return makeError(errc::NoConvergence, "",
                         "The boundary could not be bracketed: the continuation probability is below the alpha to spend.");
    std::uintmax_t iterations = MaxSolverIterations;
    try {
        const auto tolerance = [](double a, double b) { return std::fabs(b - a) <= 1e-12; };
        const auto [a, b] =
            boost::math::tools::toms748_solve(f, lo, hi, fLo, fHi, tolerance, iterations, dist::NoThrowPolicy());
        if (iterations < MaxSolverIterations && std::isfinite(a) && std::isfinite(b))
            return 0.5 * (a + b);
    } catch (const std::exception &) {
    }
    return makeError(errc::NoConvergence, "", "The boundary root solve did not converge.");
}

Result<SequentialBoundaries> computeBoundaries(std::span<const double> t, double alpha, SpendingFunction spending,
                                               int sides, int gridR)
{
    if (auto e = checkInputs(t, alpha, sides, gridR))
        return *e;
    SequentialBoundaries out;
    out.informationFractions.assign(t.begin(), t.end());
    out.alpha = alpha;
    out.sides = sides;
    out.spending = spending;

    const std::vector<double> base = detail::gridBasePoints(gridR);
    Density density;
    LookSpec look;
    // Two-sided designs spend alpha/2 on each side (DeMets & Lan 1994; gsDesign test.type = 2,
    // ldbounds, rpact): the total spent by t is 2·α_{α/2}(t), symmetric over both tails.
    const double sideAlpha = alpha / sides;
    for (std::size_t k = 0; k < t.size(); ++k) {
        const double cumulative = sides * spentAlpha(spending, sideAlpha, t[k]);
        look.info = t[k];
        look.increment = t[k] - (k == 0 ? 0.0 : t[k - 1]);
        look.toSpend = cumulative - look.spentBefore;
        Result<double> boundary = solveBoundary(density, look, sides);
        if (!boundary)
            return boundary.error();
        const double c = *boundary;
        out.z.push_back(c);
        out.nominalP.push_back(sides * dist::normalSf(c));
        out.alphaSpent.push_back(cumulative);
        if (k + 1 < t.size())
            density = k == 0 ? detail::firstLookDensity(base, nullLook(look.info, look.increment, c, sides))
                             : detail::carryLookDensity(density, base, nullLook(look.info, look.increment, c, sides));
        look.spentBefore = cumulative;
    }
    return out;
}

std::string lowerCase(std::string_view text)
{
    std::string out(text);
    for (char &ch : out)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

} // namespace

std::string_view spendingFunctionName(SpendingFunction spending)
{
    switch (spending) {
    case SpendingFunction::OBrienFleming:
        return "obrien-fleming";
    case SpendingFunction::Pocock:
        return "pocock";
    }
    return "obrien-fleming";
}

std::optional<SpendingFunction> parseSpendingFunction(std::string_view name)
{
    const std::string key = lowerCase(name);
    if (key == "obrien-fleming" || key == "of" || key == "obf")
        return SpendingFunction::OBrienFleming;
    if (key == "pocock")
        return SpendingFunction::Pocock;
    return std::nullopt;
}

double spentAlpha(SpendingFunction spending, double alpha, double t)
{
    if (std::isnan(t) || !(alpha > 0.0 && alpha < 1.0))
        return std::numeric_limits<double>::quiet_NaN();
    if (t <= 0.0)
        return 0.0;
    if (t >= 1.0)
        return alpha;
    if (spending == SpendingFunction::Pocock)
        return alpha * std::log1p((std::numbers::e - 1.0) * t);
    // 2·(1 − Φ(x)) through the complement, so tiny early spending (1e-20 and below) stays exact.
    return 2.0 * dist::normalSf(dist::normalIsf(alpha / 2.0) / std::sqrt(t));
}

Result<SequentialBoundaries> groupSequentialBoundaries(std::span<const double> informationFractions, double alpha,
                                                       SpendingFunction spending, int sides)
{
    return computeBoundaries(informationFractions, alpha, spending, sides, DefaultGridR);
}

namespace detail {

Result<SequentialBoundaries> groupSequentialBoundariesWithGrid(std::span<const double> informationFractions,
                                                               double alpha, SpendingFunction spending, int sides,
                                                               int gridR)
{
    return computeBoundaries(informationFractions, alpha, spending, sides, gridR);
}

} // namespace detail

} // namespace rampart::stats
