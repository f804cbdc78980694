#include "contingency.h"

#include "distributions.h"
#include "validate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace rampart::stats {

namespace {

std::string cell(std::size_t row, std::size_t column)
{
    return "table[" + std::to_string(row) + "][" + std::to_string(column) + "]";
}

std::optional<Error> checkShape(const CountTable &table)
{
    if (table.size() < 2 || table.front().size() < 2)
        return makeError(errc::InvalidArgument, "table",
                         "table must have at least 2 rows and 2 columns.");
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (table[i].size() != table.front().size())
            return makeError(errc::InvalidArgument, "table[" + std::to_string(i) + "]",
                             "table[" + std::to_string(i) + "] has " + std::to_string(table[i].size())
                                 + " columns but row 0 has " + std::to_string(table.front().size()) + ".");
    }
    for (std::size_t i = 0; i < table.size(); ++i) {
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            if (table[i][j] < 0)
                return makeError(errc::InvalidArgument, cell(i, j),
                                 cell(i, j) + " must not be negative, got " + std::to_string(table[i][j]) + ".");
        }
    }
    return std::nullopt;
}

struct Margins
{
    std::vector<double> rows;
    std::vector<double> columns;
    double total = 0.0;
};

Margins margins(const CountTable &table)
{
    Margins m;
    m.rows.assign(table.size(), 0.0);
    m.columns.assign(table.front().size(), 0.0);
    for (std::size_t i = 0; i < table.size(); ++i) {
        for (std::size_t j = 0; j < table[i].size(); ++j) {
            const auto count = static_cast<double>(table[i][j]);
            m.rows[i] += count;
            m.columns[j] += count;
            m.total += count;
        }
    }
    return m;
}

std::optional<Error> checkMargins(const Margins &m)
{
    for (std::size_t i = 0; i < m.rows.size(); ++i) {
        if (m.rows[i] == 0.0)
            return makeError(errc::DegenerateData, "table",
                             "Row " + std::to_string(i) + " of table sums to zero, so its expected counts are zero.");
    }
    for (std::size_t j = 0; j < m.columns.size(); ++j) {
        if (m.columns[j] == 0.0)
            return makeError(errc::DegenerateData, "table",
                             "Column " + std::to_string(j) + " of table sums to zero, so its expected counts are zero.");
    }
    return std::nullopt;
}

// scipy's Yates correction: move O toward E by at most 0.5, never past it.
double yatesAdjusted(double observed, double expected)
{
    const double diff = expected - observed;
    const double magnitude = std::min(0.5, std::fabs(diff));
    return observed + std::copysign(magnitude, diff);
}

// ---- Fisher's exact test -------------------------------------------------------------

// Hypergeometric law of the top-left cell a given the margins, walked by pmf ratios.
struct Hypergeometric
{
    double rowTotal = 0;    // K = a + b
    double columnTotal = 0; // n = a + c
    double total = 0;       // N
    std::int64_t low = 0;
    std::int64_t high = 0;
    std::int64_t mode = 0;

    // pmf(k + direction) / pmf(k).
    double ratio(std::int64_t k, int direction) const
    {
        const double x = static_cast<double>(k);
        const double bottomRight = total - rowTotal - columnTotal;
        if (direction > 0)
            return (rowTotal - x) * (columnTotal - x) / ((x + 1.0) * (bottomRight + x + 1.0));
        return x * (bottomRight + x) / ((rowTotal - x + 1.0) * (columnTotal - x + 1.0));
    }
};

Hypergeometric hypergeometric(const std::array<std::array<std::int64_t, 2>, 2> &t)
{
    Hypergeometric h;
    const std::int64_t rowTotal = t[0][0] + t[0][1];
    const std::int64_t columnTotal = t[0][0] + t[1][0];
    const std::int64_t total = rowTotal + t[1][0] + t[1][1];
    h.rowTotal = static_cast<double>(rowTotal);
    h.columnTotal = static_cast<double>(columnTotal);
    h.total = static_cast<double>(total);
    h.low = std::max<std::int64_t>(0, columnTotal - (total - rowTotal));
    h.high = std::min(rowTotal, columnTotal);
    // floor((n + 1)(K + 1)/(N + 2)), in long double so large margins cannot overflow.
    const long double mode = std::floor((static_cast<long double>(columnTotal) + 1.0L)
                                        * (static_cast<long double>(rowTotal) + 1.0L)
                                        / (static_cast<long double>(total) + 2.0L));
    h.mode = std::clamp(static_cast<std::int64_t>(mode), h.low, h.high);
    return h;
}

// Weights are pmf(k)/pmf(mode) scaled by kModeWeight, so terms down to ~1e-570 of the mode
// still count and p-values stay accurate into the subnormal range; kNegligibleWeight stops
// walks before subnormal (slow) arithmetic.
constexpr double kModeWeight = 0x1p900;
constexpr double kNegligibleWeight = 1e-300;
constexpr double kRelativeStop = 1e-20;
// Largest table total Fisher's exact test accepts (see fisherExact in contingency.h).
constexpr double kMaxFisherTotal = 1e12;
// R's fisher.test tolerance; see the note on fisherExact in contingency.h.
constexpr double kTieTolerance = 1.0 + 1e-7;

// kModeWeight · pmf(target) / pmf(mode), by the same multiplications the side walks use.
double weightAt(const Hypergeometric &h, std::int64_t target)
{
    const int direction = target < h.mode ? -1 : 1;
    double w = kModeWeight;
    for (std::int64_t k = h.mode; k != target && w >= kNegligibleWeight; k += direction)
        w *= h.ratio(k, direction);
    return w;
}

struct Sums
{
    double total = 0.0;
    double qualifying = 0.0;
};

// Sums weights on one side of the mode. `qualifies(k, w, direction)` says whether table k
// counts toward the p-value; `settled(k, w, direction)` says that no later term on this side
// changes that answer, so the walk may stop once terms are negligible.
template <typename Qualifies, typename Settled>
void walkSide(const Hypergeometric &h, int direction, Qualifies qualifies, Settled settled, Sums &sums)
{
    std::int64_t k = h.mode;
    double w = kModeWeight;
    if (direction > 0) {
        if (k == h.high)
            return;
        w *= h.ratio(k, 1);
        ++k;
    }
    const std::int64_t bound = direction > 0 ? h.high : h.low;
    while (w >= kNegligibleWeight) {
        const bool counts = qualifies(k, w, direction);
        sums.total += w;
        if (counts)
            sums.qualifying += w;
        if (settled(k, w, direction) && w < kRelativeStop * (counts ? sums.qualifying : sums.total))
            break;
        if (k == bound)
            break;
        w *= h.ratio(k, direction);
        k += direction;
    }
}

template <typename Qualifies, typename Settled>
double tailProbability(const Hypergeometric &h, Qualifies qualifies, Settled settled)
{
    Sums sums;
    walkSide(h, -1, qualifies, settled, sums);
    walkSide(h, +1, qualifies, settled, sums);
    return std::clamp(sums.qualifying / sums.total, 0.0, 1.0);
}

double fisherPValue(const Hypergeometric &h, std::int64_t a, Alternative alternative)
{
    switch (alternative) {
    case Alternative::Less:
        return tailProbability(
            h, [a](std::int64_t k, double, int) { return k <= a; },
            [a](std::int64_t k, double, int direction) { return direction < 0 ? k <= a : k > a; });
    case Alternative::Greater:
        return tailProbability(
            h, [a](std::int64_t k, double, int) { return k >= a; },
            [a](std::int64_t k, double, int direction) { return direction > 0 ? k >= a : k < a; });
    case Alternative::TwoSided: break;
    }
    // Unimodal: once a term is no more likely than the observed table, all further ones are too.
    const double threshold = weightAt(h, a) * kTieTolerance;
    auto atMostObserved = [threshold](std::int64_t, double w, int) { return w <= threshold; };
    return tailProbability(h, atMostObserved, atMostObserved);
}

double oddsRatio(const std::array<std::array<std::int64_t, 2>, 2> &t)
{
    const double ad = static_cast<double>(t[0][0]) * static_cast<double>(t[1][1]);
    const double bc = static_cast<double>(t[0][1]) * static_cast<double>(t[1][0]);
    if (bc == 0.0)
        return ad == 0.0 ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
    return ad / bc;
}

// ---- proportions ---------------------------------------------------------------------

std::optional<Error> checkProportion(const ProportionSample &s, const std::string &prefix)
{
    if (auto e = check::minCount(s.trials, 1, prefix + "trials"))
        return e;
    if (s.successes < 0 || s.successes > s.trials)
        return makeError(errc::InvalidArgument, prefix + "successes",
                         prefix + "successes must lie between 0 and " + prefix + "trials ("
                             + std::to_string(s.trials) + "), got " + std::to_string(s.successes) + ".");
    return std::nullopt;
}

// statsmodels proportion_confint(method="wilson"); inputs already validated.
ConfidenceInterval wilson(const ProportionSample &s, double crit)
{
    const double n = static_cast<double>(s.trials);
    const double p = static_cast<double>(s.successes) / n;
    const double crit2 = crit * crit;
    const double denom = 1.0 + crit2 / n;
    const double center = (p + crit2 / (2.0 * n)) / denom;
    const double half = crit * std::sqrt(p * (1.0 - p) / n + crit2 / (4.0 * n * n)) / denom;
    // The exact interval lies in [0, 1]; clamping only removes rounding (e.g. −3e−18 for x = 0).
    return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double proportionPValue(double z, Alternative alternative)
{
    switch (alternative) {
    case Alternative::Less: return dist::normalCdf(z);
    case Alternative::Greater: return dist::normalSf(z);
    case Alternative::TwoSided: break;
    }
    return std::min(1.0, 2.0 * dist::normalSf(std::fabs(z)));
}

} // namespace

Result<ChiSquareResult> chiSquareIndependence(const CountTable &table, bool yates)
{
    if (auto e = checkShape(table))
        return *e;
    const Margins m = margins(table);
    if (auto e = checkMargins(m))
        return *e;
    ChiSquareResult r;
    r.dof = static_cast<int>((m.rows.size() - 1) * (m.columns.size() - 1));
    const bool correct = yates && r.dof == 1;
    r.expected.assign(m.rows.size(), std::vector<double>(m.columns.size(), 0.0));
    for (std::size_t i = 0; i < m.rows.size(); ++i) {
        for (std::size_t j = 0; j < m.columns.size(); ++j) {
            const double expected = m.rows[i] * m.columns[j] / m.total;
            double observed = static_cast<double>(table[i][j]);
            if (correct)
                observed = yatesAdjusted(observed, expected);
            r.expected[i][j] = expected;
            r.chi2 += (observed - expected) * (observed - expected) / expected;
        }
    }
    r.pValue = dist::chiSquaredSf(r.chi2, r.dof);
    return r;
}

Result<FisherResult> fisherExact(const std::array<std::array<std::int64_t, 2>, 2> &table,
                                 Alternative alternative)
{
    for (std::size_t i = 0; i < 2; ++i) {
        for (std::size_t j = 0; j < 2; ++j) {
            if (table[i][j] < 0)
                return makeError(errc::InvalidArgument, cell(i, j),
                                 cell(i, j) + " must not be negative, got " + std::to_string(table[i][j]) + ".");
        }
    }
    double total = 0.0;
    for (const auto &row : table)
        total += static_cast<double>(row[0]) + static_cast<double>(row[1]);
    // The walk over the hypergeometric law takes O(√N) steps: ~0.1 s at N = 1e12 (2^53 took 12 s).
    if (total > kMaxFisherTotal) {
        char text[32];
        std::snprintf(text, sizeof text, "%.0f", total);
        return makeError(errc::InvalidArgument, "table",
                         std::string("Fisher's exact test handles tables of at most 1e12 units in total (this one has ")
                             + text + "); use the chi-square test instead.");
    }
    FisherResult r;
    r.oddsRatio = oddsRatio(table);
    const Hypergeometric h = hypergeometric(table);
    // A zero margin leaves a single possible table (scipy returns p = 1, odds ratio NaN).
    if (h.low == h.high)
        return r;
    r.pValue = fisherPValue(h, table[0][0], alternative);
    return r;
}

Result<TwoProportionResult> twoProportionZTest(const ProportionSample &a, const ProportionSample &b,
                                               Alternative alternative, double confidenceLevel)
{
    if (auto e = checkProportion(a, "a."))
        return *e;
    if (auto e = checkProportion(b, "b."))
        return *e;
    if (auto e = check::openUnit(confidenceLevel, "confidence_level"))
        return *e;
    const double na = static_cast<double>(a.trials);
    const double nb = static_cast<double>(b.trials);
    const double pa = static_cast<double>(a.successes) / na;
    const double pb = static_cast<double>(b.successes) / nb;
    const double pooled = (static_cast<double>(a.successes) + static_cast<double>(b.successes)) / (na + nb);
    if (pooled <= 0.0 || pooled >= 1.0)
        return makeError(errc::DegenerateData, "",
                         pooled <= 0.0 ? "Neither cohort has any successes, so the z statistic is undefined."
                                       : "Every trial in both cohorts succeeded, so the z statistic is undefined.");
    TwoProportionResult r;
    r.diff = pa - pb;
    r.z = r.diff / std::sqrt(pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb));
    r.pValue = proportionPValue(r.z, alternative);
    r.confidenceLevel = confidenceLevel;
    const double crit = dist::normalIsf((1.0 - confidenceLevel) / 2.0);
    r.wilsonA = wilson(a, crit);
    r.wilsonB = wilson(b, crit);
    // Newcombe (1998) method 10: combine each cohort's Wilson distances.
    const double lowDistance = std::hypot(pa - r.wilsonA.low, r.wilsonB.high - pb);
    const double highDistance = std::hypot(pb - r.wilsonB.low, r.wilsonA.high - pa);
    r.ci = {r.diff - lowDistance, r.diff + highDistance};
    return r;
}

Result<ConfidenceInterval> wilsonInterval(const ProportionSample &sample, double confidenceLevel)
{
    if (auto e = checkProportion(sample, ""))
        return *e;
    if (auto e = check::openUnit(confidenceLevel, "confidence_level"))
        return *e;
    return wilson(sample, dist::normalIsf((1.0 - confidenceLevel) / 2.0));
}

} // namespace rampart::stats
