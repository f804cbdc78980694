#include "power.h"

#include "distributions.h"
#include "validate.h"

#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>

namespace rampart::stats {

namespace {

// Solved sizes beyond this are not experiments any more; report "unattainable" instead.
// kMaxNobs bounds n_a + n_b, so every count fits a double (and a JSON number) exactly.
constexpr double kMaxNobs = 1e12;
constexpr double kMaxEffect = 1e3;
constexpr double kMinEffect = 1e-12;
// The allocation ratios a design may have: a 1:19 canary is 19, so 1e6 leaves room for any
// real split while keeping n_a·ratio and 1 + ratio far from overflow.
constexpr double kMinRatio = 1e-6;
constexpr double kMaxRatio = 1e6;
// Each bracket widening multiplies by 4: 64 steps span 4^64 ≈ 3e38, far beyond any bracket.
constexpr int kMaxWidenSteps = 64;

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

std::optional<Error> checkAlphaRatio(const PowerDesign &design)
{
    if (auto e = check::alpha(design.alpha, "alpha"))
        return e;
    if (auto e = check::positive(design.ratio, "ratio"))
        return e;
    if (design.ratio < kMinRatio || design.ratio > kMaxRatio)
        return makeError(errc::InvalidArgument, "ratio",
                         "ratio must lie between " + number(kMinRatio) + " and " + number(kMaxRatio) + ", got "
                             + number(design.ratio) + ".");
    return std::nullopt;
}

// Any finite effect up to kMaxEffect in size (Cohen's d of 1000 is not an experiment; h ≤ π).
std::optional<Error> checkEffectRange(double effectSize)
{
    if (auto e = check::finite(effectSize, "effect_size"))
        return e;
    if (std::fabs(effectSize) > kMaxEffect)
        return makeError(errc::InvalidArgument, "effect_size",
                         "effect_size must lie between -" + number(kMaxEffect) + " and " + number(kMaxEffect)
                             + ", got " + number(effectSize) + ".");
    return std::nullopt;
}

std::optional<Error> checkEffect(double effectSize)
{
    if (auto e = checkEffectRange(effectSize))
        return e;
    if (effectSize == 0.0)
        return makeError(errc::InvalidArgument, "effect_size",
                         "An effect size of 0 cannot be detected; give a non-zero effect size.");
    return std::nullopt;
}

double degreesOfFreedom(const PowerDesign &design, double nobs1)
{
    return nobs1 + nobs1 * design.ratio - 2.0;
}

std::optional<Error> checkNobs(const PowerDesign &design, double nobs1)
{
    if (auto e = check::finite(nobs1, "n_a"))
        return e;
    if (!(nobs1 > 1.0))
        return makeError(errc::InvalidArgument, "n_a",
                         "n_a must be greater than 1, got " + number(nobs1) + ".");
    if (nobs1 * (1.0 + design.ratio) > kMaxNobs)
        return makeError(errc::InvalidArgument, "n_a",
                         "n_a = " + number(nobs1) + " with ratio " + number(design.ratio) + " gives more than "
                             + number(kMaxNobs) + " observations in total, beyond what power is computed for.");
    if (design.test == PowerTest::TwoSampleT && !(degreesOfFreedom(design, nobs1) > 0.0))
        return makeError(errc::InvalidArgument, "n_a",
                         "n_a = " + number(nobs1) + " with ratio " + number(design.ratio)
                             + " leaves no degrees of freedom for the t-test.");
    return std::nullopt;
}

std::optional<Error> checkTargetPower(const PowerDesign &design, double targetPower)
{
    if (auto e = check::openUnit(targetPower, "power"))
        return e;
    // A test rejects with probability alpha even when there is no effect, so any target
    // at or below alpha is met trivially and has no meaningful sample size.
    if (targetPower <= design.alpha)
        return makeError(errc::InvalidArgument, "power",
                         "The target power (" + number(targetPower) + ") must be greater than alpha ("
                             + number(design.alpha) + ").");
    return std::nullopt;
}

// Power for `effect` without validation; may be NaN if the distributions fail.
double rawPower(const PowerDesign &design, double effect, double nobs1)
{
    const double nobs2 = nobs1 * design.ratio;
    const double nobs = 1.0 / (1.0 / nobs1 + 1.0 / nobs2);
    const double shift = effect * std::sqrt(nobs);
    const bool twoSided = design.alternative == Alternative::TwoSided;
    const double tail = twoSided ? design.alpha / 2.0 : design.alpha;
    const bool upper = design.alternative != Alternative::Less;
    const bool lower = design.alternative != Alternative::Greater;
    double result = 0.0;
    if (design.test == PowerTest::TwoSampleT) {
        const double df = degreesOfFreedom(design, nobs1);
        const double crit = dist::studentTIsf(tail, df);
        if (upper)
            result += dist::nonCentralTSf(crit, df, shift);
        if (lower)
            result += dist::nonCentralTCdf(-crit, df, shift);
    } else {
        const double crit = dist::normalIsf(tail);
        if (upper)
            result += dist::normalSf(crit - shift);
        if (lower)
            result += dist::normalCdf(-crit - shift);
    }
    return result;
}

Error noConvergence(const std::string &what)
{
    return makeError(errc::NoConvergence, "", "The power equation could not be solved for " + what + ".");
}

// Root of an increasing `f` on [lo, hi] (f(lo) < 0 < f(hi)) by TOMS 748; Boost throws on
// failure, which must not escape core/.
std::optional<double> solveIncreasing(const std::function<double(double)> &f, double lo, double hi,
                                      double flo, double fhi)
{
    try {
        std::uintmax_t maxIter = 100;
        boost::math::tools::eps_tolerance<double> tolerance(44);
        const auto root = boost::math::tools::toms748_solve(f, lo, hi, flo, fhi, tolerance, maxIter,
                                                            dist::NoThrowPolicy());
        const double x = 0.5 * (root.first + root.second);
        if (maxIter >= 100 || !std::isfinite(x))
            return std::nullopt;
        return x;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

// Normal-approximation n_a, plus Guenther's (1981) z²/4 correction for the t-test: within a
// fraction of an observation of the answer, so the bracket below is usually tight.
double guessNobs(const PowerDesign &design, double targetPower)
{
    const bool twoSided = design.alternative == Alternative::TwoSided;
    const double zAlpha = dist::normalIsf(twoSided ? design.alpha / 2.0 : design.alpha);
    const double z = zAlpha + dist::normalIsf(1.0 - targetPower);
    const double normal = z * z * (1.0 + 1.0 / design.ratio) / (design.effectSize * design.effectSize);
    return design.test == PowerTest::TwoSampleT ? normal + zAlpha * zAlpha / 4.0 : normal;
}

bool effectPointsTheWrongWay(const PowerDesign &design)
{
    return (design.alternative == Alternative::Greater && design.effectSize < 0.0)
           || (design.alternative == Alternative::Less && design.effectSize > 0.0);
}

double smallestNobs(const PowerDesign &design)
{
    // n_a > 1 and, for t, at least one degree of freedom so the t quantile is well behaved.
    const double byDf = design.test == PowerTest::TwoSampleT ? 3.0 / (1.0 + design.ratio) : 0.0;
    return std::max(1.0 + 1e-6, byDf);
}

Error tooSmallEffect(const PowerDesign &design, double targetPower)
{
    return makeError(errc::InvalidArgument, "effect_size",
                     "The effect size " + number(design.effectSize) + " is too small to reach power "
                         + number(targetPower) + " with fewer than " + number(kMaxNobs) + " observations.");
}

/// A sign change of an increasing f: lo with f(lo) ≤ 0 and hi with f(hi) ≥ 0 (unless a limit
/// is reached first; callers check the signs).
struct Bracket
{
    double lo;
    double hi;
    double flo;
    double fhi;
};

/// Widens [lo, hi] by factors of 4: hi up while f(hi) < 0 and hi < highest (clamped at
/// highest), then lo down while f(lo) > 0 and lo > lowest (clamped at lowest when
/// clampLow). Needs 0 < lo ≤ hi; each direction takes at most kMaxWidenSteps steps, so a
/// start at 0, NaN or infinity can never loop for ever (callers check the signs).
template <typename F>
Bracket widenBracket(const F &f, double lo, double hi, double lowest, double highest, bool clampLow)
{
    Bracket b{lo, hi, f(lo), f(hi)};
    for (int step = 0; step < kMaxWidenSteps && b.fhi < 0.0 && b.hi < highest; ++step) {
        b.lo = b.hi;
        b.flo = b.fhi;
        b.hi = std::min(highest, b.hi * 4.0);
        b.fhi = f(b.hi);
    }
    for (int step = 0; step < kMaxWidenSteps && b.flo > 0.0 && b.lo > lowest; ++step) {
        b.hi = b.lo;
        b.fhi = b.flo;
        b.lo = clampLow ? std::max(lowest, b.lo / 4.0) : b.lo / 4.0;
        b.flo = f(b.lo);
    }
    return b;
}

Result<double> solveNobsChecked(const PowerDesign &design, double targetPower)
{
    auto f = [&](double n) { return rawPower(design, design.effectSize, n) - targetPower; };
    const double nMin = smallestNobs(design);
    const double nMax = kMaxNobs / (1.0 + design.ratio); // n_a + n_b ≤ kMaxNobs
    const double guess = std::max(nMin, guessNobs(design, targetPower));
    if (!(guess <= nMax))
        return tooSmallEffect(design, targetPower);
    const double lo0 = std::max(nMin, 0.99 * guess - 0.5);
    const double hi0 = std::min(nMax, std::max(lo0 * 1.01, 1.01 * guess + 0.5));
    const auto [lo, hi, flo, fhi] = widenBracket(f, lo0, hi0, nMin, nMax, true);
    if (std::isnan(flo) || std::isnan(fhi))
        return noConvergence("n_a");
    if (fhi < 0.0)
        return tooSmallEffect(design, targetPower);
    if (flo >= 0.0)
        return makeError(errc::InvalidArgument, "effect_size",
                         "The effect size " + number(design.effectSize) + " is so large that power "
                             + number(targetPower) + " is reached with the smallest possible sample.");
    if (auto n = solveIncreasing(f, lo, hi, flo, fhi))
        return *n;
    return noConvergence("n_a");
}

Result<double> solveEffectChecked(const PowerDesign &design, double nobs1, double targetPower)
{
    const double sign = design.alternative == Alternative::Less ? -1.0 : 1.0;
    auto f = [&](double e) { return rawPower(design, sign * e, nobs1) - targetPower; };
    const bool twoSided = design.alternative == Alternative::TwoSided;
    const double z = dist::normalIsf(twoSided ? design.alpha / 2.0 : design.alpha) + dist::normalIsf(1.0 - targetPower);
    double guess = z / std::sqrt(nobs1 / (1.0 + 1.0 / design.ratio));
    if (!(guess >= kMinEffect && guess <= kMaxEffect))
        guess = std::clamp(std::isfinite(guess) ? guess : 1.0, kMinEffect, kMaxEffect);
    const auto [lo, hi, flo, fhi] = widenBracket(f, 0.8 * guess, 1.25 * guess, kMinEffect, kMaxEffect, false);
    if (std::isnan(flo) || std::isnan(fhi) || fhi < 0.0 || flo > 0.0)
        return noConvergence("the effect size");
    if (auto e = solveIncreasing(f, lo, hi, flo, fhi))
        return sign * *e;
    return noConvergence("the effect size");
}

// Rounds up, ignoring the last few ulps of solver noise (so 3000.0000000001 stays 3000).
std::int64_t ceilCount(double x)
{
    return static_cast<std::int64_t>(std::ceil(x * (1.0 - 1e-12)));
}

} // namespace

Result<double> power(const PowerDesign &design, double nobs1)
{
    if (auto e = checkEffectRange(design.effectSize))
        return *e;
    if (auto e = checkAlphaRatio(design))
        return *e;
    if (auto e = checkNobs(design, nobs1))
        return *e;
    const double p = rawPower(design, design.effectSize, nobs1);
    if (!std::isfinite(p))
        return makeError(errc::NoConvergence, "", "The power of this design could not be evaluated.");
    return std::clamp(p, 0.0, 1.0);
}

Result<double> solveNobs1(const PowerDesign &design, double targetPower)
{
    if (auto e = checkEffect(design.effectSize))
        return *e;
    if (auto e = checkAlphaRatio(design))
        return *e;
    if (auto e = checkTargetPower(design, targetPower))
        return *e;
    if (effectPointsTheWrongWay(design))
        return makeError(errc::InvalidArgument, "effect_size",
                         "The effect size " + number(design.effectSize) + " points away from the alternative '"
                             + std::string(alternativeName(design.alternative))
                             + "', so no sample size reaches the target power.");
    return solveNobsChecked(design, targetPower);
}

Result<double> solveEffectSize(const PowerDesign &design, double nobs1, double targetPower)
{
    if (auto e = checkAlphaRatio(design))
        return *e;
    if (auto e = checkNobs(design, nobs1))
        return *e;
    if (auto e = checkTargetPower(design, targetPower))
        return *e;
    return solveEffectChecked(design, nobs1, targetPower);
}

Result<double> cohensH(double p1, double p2)
{
    // Defined on the closed interval: asin(√0) = 0, asin(√1) = π/2 (statsmodels answers too).
    if (auto e = check::closedUnit(p1, "p1"))
        return *e;
    if (auto e = check::closedUnit(p2, "p2"))
        return *e;
    return 2.0 * std::asin(std::sqrt(p1)) - 2.0 * std::asin(std::sqrt(p2));
}

Result<SampleSize> sampleSize(const PowerDesign &design, double targetPower)
{
    auto nobs1 = solveNobs1(design, targetPower);
    if (!nobs1)
        return nobs1.error();
    SampleSize s;
    s.nobs1 = *nobs1;
    s.nA = ceilCount(s.nobs1);
    s.nB = ceilCount(s.nobs1 * design.ratio);
    s.total = s.nA + s.nB;
    return s;
}

} // namespace rampart::stats
