#include "mannwhitney.h"

#include "distributions.h"
#include "validate.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

namespace rampart::stats {

namespace {

// Exact distribution work grows like n_a·n_b·(n_a·n_b/2); this keeps one call well under a
// second (100 × 100) while covering every size Auto picks and the ~50-per-side requests.
constexpr double kMaxExactCells = 10000.0;

struct Ranking
{
    double rankSumA = 0.0;
    double tieTerm = 0.0; ///< Σ (t³ − t) over groups of tied values
};

// Mid-ranks of the pooled sample (scipy.stats.rankdata 'average').
Ranking rankPooled(std::span<const double> a, std::span<const double> b)
{
    const std::size_t n = a.size() + b.size();
    std::vector<double> values(a.begin(), a.end());
    values.insert(values.end(), b.begin(), b.end());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });

    Ranking r;
    std::size_t start = 0;
    while (start < n) {
        std::size_t end = start + 1;
        while (end < n && values[order[end]] == values[order[start]])
            ++end;
        const double midRank = 0.5 * static_cast<double>(start + 1 + end); // average of start+1 .. end
        for (std::size_t k = start; k < end; ++k) {
            if (order[k] < a.size())
                r.rankSumA += midRank;
        }
        const double t = static_cast<double>(end - start);
        r.tieTerm += t * t * t - t;
        start = end;
    }
    return r;
}

bool hasTies(std::span<const double> a, std::span<const double> b)
{
    std::vector<double> values(a.begin(), a.end());
    values.insert(values.end(), b.begin(), b.end());
    std::sort(values.begin(), values.end());
    return std::adjacent_find(values.begin(), values.end()) != values.end();
}

MannWhitneyMethod chooseMethod(std::span<const double> a, std::span<const double> b)
{
    if (a.size() > 8 && b.size() > 8)
        return MannWhitneyMethod::Asymptotic;
    return hasTies(a, b) ? MannWhitneyMethod::Asymptotic : MannWhitneyMethod::Exact;
}

// P(U ≤ k) under H0 for sample sizes m, n, by the Mann–Whitney recurrence on probabilities,
// p(i, j, u) = [i·p(i−1, j, u−j) + j·p(i, j−1, u)] / (i + j), which stays in [0, 1] (no
// binomial-coefficient overflow). Only u ≤ k is ever needed.
double exactCdfDirect(std::size_t m, std::size_t n, std::size_t k)
{
    const std::size_t width = k + 1;
    // Row j holds p(i, j, ·) for the current i; for i = 0 every row is the point mass at u = 0.
    std::vector<double> prob((n + 1) * width, 0.0);
    for (std::size_t j = 0; j <= n; ++j)
        prob[j * width] = 1.0;
    for (std::size_t i = 1; i <= m; ++i) {
        const double di = static_cast<double>(i);
        for (std::size_t j = 1; j <= n; ++j) {
            const double dj = static_cast<double>(j);
            double *cur = &prob[j * width];
            const double *left = &prob[(j - 1) * width];
            // Descending u so cur[u − j] still holds the value for i − 1.
            for (std::size_t u = width; u-- > 0;) {
                const double fromPrevI = u >= j ? cur[u - j] : 0.0;
                cur[u] = (di * fromPrevI + dj * left[u]) / (di + dj);
            }
        }
    }
    const double *last = &prob[n * width];
    return std::accumulate(last, last + width, 0.0);
}

// The null distribution is symmetric about m·n/2, so only the shorter half is summed.
double exactCdf(std::size_t m, std::size_t n, std::size_t k)
{
    const std::size_t mn = m * n;
    if (k >= mn)
        return 1.0;
    if (2 * k + 1 > mn)
        return 1.0 - exactCdfDirect(m, n, mn - k - 1);
    return exactCdfDirect(m, n, k);
}

// scipy: p = sf(U) = P(U' ≥ U) = cdf(m·n − U) by symmetry, with U truncated to an integer.
double exactSf(double u, std::size_t m, std::size_t n)
{
    const auto mn = static_cast<std::size_t>(m * n);
    const auto uInt = static_cast<std::size_t>(u);
    return exactCdf(m, n, mn - std::min(uInt, mn));
}

Result<double> asymptoticSf(double u, double na, double nb, double tieTerm, bool continuity)
{
    const double n = na + nb;
    const double variance = na * nb / 12.0 * ((n + 1.0) - tieTerm / (n * (n - 1.0)));
    if (!(variance > 0.0))
        return makeError(errc::DegenerateData, "",
                         "All values in both samples are identical, so the rank test has no variance.");
    double numerator = u - na * nb / 2.0;
    // scipy always takes the upper tail of the chosen U, so the correction always subtracts.
    if (continuity)
        numerator -= 0.5;
    return dist::normalSf(numerator / std::sqrt(variance));
}

std::optional<Error> checkSample(std::span<const double> values, const std::string &name)
{
    if (values.empty())
        return makeError(errc::InsufficientData, name,
                         "Sample " + name + " is empty; the Mann-Whitney test needs at least one value in each sample.");
    return check::allFinite(values, name);
}

// U of sample a and its p-value from the pooled ranking (shared by raw values and level counts).
Result<MannWhitneyResult> testFromRanking(const Ranking &ranking, std::size_t sizeA, std::size_t sizeB,
                                          MannWhitneyMethod method, Alternative alternative, bool continuityCorrection)
{
    const double na = static_cast<double>(sizeA);
    const double nb = static_cast<double>(sizeB);
    MannWhitneyResult r;
    r.method = method;
    r.u = ranking.rankSumA - na * (na + 1.0) / 2.0;
    const double uOther = na * nb - r.u;
    // The upper tail of the matching U: U_a for greater, U_b for less (symmetry), the larger for two-sided.
    double u = std::max(r.u, uOther);
    if (alternative == Alternative::Greater)
        u = r.u;
    else if (alternative == Alternative::Less)
        u = uOther;
    const double factor = alternative == Alternative::TwoSided ? 2.0 : 1.0;

    double sf = 0.0;
    if (method == MannWhitneyMethod::Exact) {
        sf = exactSf(u, sizeA, sizeB);
    } else {
        auto asymptotic = asymptoticSf(u, na, nb, ranking.tieTerm, continuityCorrection);
        if (!asymptotic)
            return asymptotic.error();
        sf = *asymptotic;
    }
    r.pValue = std::clamp(sf * factor, 0.0, 1.0);
    return r;
}

} // namespace

Result<MannWhitneyResult> mannWhitneyU(std::span<const double> a, std::span<const double> b,
                                       MannWhitneyMethod method, Alternative alternative,
                                       bool continuityCorrection)
{
    if (auto e = checkSample(a, "a"))
        return *e;
    if (auto e = checkSample(b, "b"))
        return *e;
    const double na = static_cast<double>(a.size());
    const double nb = static_cast<double>(b.size());
    if (method == MannWhitneyMethod::Auto) {
        method = chooseMethod(a, b);
        // scipy would run the exact recurrence at 8 × 100000 too; its cost grows like
        // (n_a·n_b)², so beyond the exact limit auto takes the asymptotic test instead.
        if (method == MannWhitneyMethod::Exact && na * nb > kMaxExactCells)
            method = MannWhitneyMethod::Asymptotic;
    }
    if (method == MannWhitneyMethod::Exact && na * nb > kMaxExactCells)
        return makeError(errc::InvalidArgument, "method",
                         "The exact Mann-Whitney distribution is limited to n_a·n_b ≤ 10000; "
                         "use the asymptotic method for samples this large.");

    return testFromRanking(rankPooled(a, b), a.size(), b.size(), method, alternative, continuityCorrection);
}

Result<MannWhitneyResult> mannWhitneyUFromCounts(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                                                 Alternative alternative, bool continuityCorrection)
{
    if (a.size() != b.size() || a.empty())
        return makeError(errc::InvalidArgument, "b",
                         "Both samples need one count per level, and at least one level.");
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k] < 0 || b[k] < 0)
            return makeError(errc::InvalidArgument, (a[k] < 0 ? "a[" : "b[") + std::to_string(k) + "]",
                             "Level counts must not be negative.");
    }
    // Totals in double: 2^53 bounds them so no int64 sum can overflow and ranks stay exact.
    double totalA = 0.0;
    double totalB = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        totalA += static_cast<double>(a[k]);
        totalB += static_cast<double>(b[k]);
    }
    if (totalA + totalB > 9007199254740992.0)
        return makeError(errc::InvalidArgument, "a",
                         "The level counts add up to more than 2^53 units, beyond exact arithmetic.");
    const auto na = static_cast<std::int64_t>(totalA);
    const auto nb = static_cast<std::int64_t>(totalB);
    if (na == 0 || nb == 0)
        return makeError(errc::InsufficientData, na == 0 ? "a" : "b",
                         "Sample " + std::string(na == 0 ? "a" : "b") + " is empty; the Mann-Whitney test needs at least one value in each sample.");
    // Every unit at a level shares that level's mid-rank: the ranks below it plus (t + 1)/2.
    Ranking ranking;
    double below = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const double t = static_cast<double>(a[k] + b[k]);
        ranking.rankSumA += static_cast<double>(a[k]) * (below + (t + 1.0) / 2.0);
        ranking.tieTerm += t * t * t - t;
        below += t;
    }
    return testFromRanking(ranking, static_cast<std::size_t>(na), static_cast<std::size_t>(nb),
                           MannWhitneyMethod::Asymptotic, alternative, continuityCorrection);
}

} // namespace rampart::stats
