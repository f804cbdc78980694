#include "multipletesting.h"

#include "validate.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace rampart::stats {

namespace {

// Indices that sort p ascending; stable so tied p-values keep their input order.
std::vector<std::size_t> ascendingOrder(std::span<const double> p)
{
    std::vector<std::size_t> order(p.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return p[i] < p[j]; });
    return order;
}

// The arithmetic below copies statsmodels' expressions term by term (e.g. p / (i/m) rather
// than p·m/i) so adjusted values and boundary rejections agree to the last bit.
void bonferroni(const std::vector<double> &sorted, std::vector<double> &adjusted, std::vector<bool> &reject, double alpha)
{
    const double m = static_cast<double>(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        adjusted[i] = sorted[i] * m;
        reject[i] = sorted[i] <= alpha / m;
    }
}

// Step-down: reject until the first p_(i) > α/(m − i + 1); adjusted values as a running max.
void holm(const std::vector<double> &sorted, std::vector<double> &adjusted, std::vector<bool> &reject, double alpha)
{
    const std::size_t m = sorted.size();
    bool stillRejecting = true;
    double runningMax = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
        const double factor = static_cast<double>(m - i);
        stillRejecting = stillRejecting && !(sorted[i] > alpha / factor);
        reject[i] = stillRejecting;
        runningMax = std::max(runningMax, sorted[i] * factor);
        adjusted[i] = runningMax;
    }
}

// Step-up: reject every p_(j) with j ≤ the largest i where p_(i) ≤ (i/m)·α; adjusted values as
// a running min from the top.
void benjaminiHochberg(const std::vector<double> &sorted, std::vector<double> &adjusted, std::vector<bool> &reject,
                       double alpha)
{
    const std::size_t m = sorted.size();
    const double dm = static_cast<double>(m);
    bool rejectBelow = false;
    double runningMin = 0.0;
    for (std::size_t k = m; k-- > 0;) {
        const double ecdf = static_cast<double>(k + 1) / dm;
        rejectBelow = rejectBelow || sorted[k] <= ecdf * alpha;
        reject[k] = rejectBelow;
        const double raw = sorted[k] / ecdf;
        runningMin = k + 1 == m ? raw : std::min(runningMin, raw);
        adjusted[k] = runningMin;
    }
}

std::optional<Error> checkInputs(std::span<const double> pValues, double alpha)
{
    if (pValues.empty())
        return makeError(errc::InsufficientData, "p_values", "There are no p-values to adjust.");
    for (std::size_t i = 0; i < pValues.size(); ++i) {
        if (auto e = check::closedUnit(pValues[i], "p_values[" + std::to_string(i) + "]"))
            return e;
    }
    return check::alpha(alpha, "alpha");
}

} // namespace

std::string_view adjustMethodName(AdjustMethod method)
{
    switch (method) {
    case AdjustMethod::Bonferroni: return "bonferroni";
    case AdjustMethod::Holm: return "holm";
    case AdjustMethod::BenjaminiHochberg: return "bh";
    }
    return "bonferroni";
}

std::optional<AdjustMethod> parseAdjustMethod(std::string_view name)
{
    if (name == "bonferroni")
        return AdjustMethod::Bonferroni;
    if (name == "holm")
        return AdjustMethod::Holm;
    if (name == "bh" || name == "fdr_bh")
        return AdjustMethod::BenjaminiHochberg;
    return std::nullopt;
}

Result<AdjustResult> adjustPValues(std::span<const double> pValues, AdjustMethod method, double alpha)
{
    if (auto e = checkInputs(pValues, alpha))
        return *e;
    const std::vector<std::size_t> order = ascendingOrder(pValues);
    const std::size_t m = pValues.size();
    std::vector<double> sorted(m);
    for (std::size_t i = 0; i < m; ++i)
        sorted[i] = pValues[order[i]];

    std::vector<double> adjusted(m);
    std::vector<bool> reject(m);
    switch (method) {
    case AdjustMethod::Bonferroni: bonferroni(sorted, adjusted, reject, alpha); break;
    case AdjustMethod::Holm: holm(sorted, adjusted, reject, alpha); break;
    case AdjustMethod::BenjaminiHochberg: benjaminiHochberg(sorted, adjusted, reject, alpha); break;
    }

    AdjustResult r;
    r.adjusted.resize(m);
    r.reject.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
        r.adjusted[order[i]] = std::min(adjusted[i], 1.0);
        r.reject[order[i]] = reject[i];
    }
    return r;
}

} // namespace rampart::stats
