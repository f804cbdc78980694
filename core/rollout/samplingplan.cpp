#include "samplingplan.h"

#include "stats/distributions.h"
#include "stats/gsdesign.h"
#include "stats/rankpower.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

namespace rampart::rollout::detail {

namespace {

int primaryCount(const Plan &plan)
{
    int n = 0;
    for (const MetricSpec &m : plan.metrics)
        n += m.role == MetricRole::Primary;
    return n;
}

// A plan-derived constant (about 2 ms to solve): solved once per process for each design and
// shared by every thread that holds the plan (controller worker, API, console, reports). The
// map is never destroyed: a worker thread may still evaluate while the process exits.
Result<double> cachedInflation(int looks, double alpha, double power, stats::SpendingFunction spending)
{
    using Key = std::tuple<int, double, double, int>;
    static std::mutex mutex;
    static auto &cache = *new std::map<Key, Result<double>>;
    const Key key{looks, alpha, power, static_cast<int>(spending)};
    {
        const std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end())
            return it->second;
    }
    auto r = stats::informationInflation(looks, alpha, power, spending);
    const std::lock_guard lock(mutex);
    return cache.emplace(key, r).first->second;
}

} // namespace

double effectiveUnits(std::int64_t treatment, std::int64_t control)
{
    const double t = static_cast<double>(treatment);
    const double c = static_cast<double>(control);
    return t + c > 0.0 ? t * c / (t + c) : 0.0;
}

Result<double> maximumInformation(const Plan &plan, const MetricSpec &metric)
{
    const int primaries = std::max(1, primaryCount(plan));
    const double marginalPower = std::pow(plan.power, 1.0 / primaries);
    const double oneSided = plan.alpha / 2.0;
    if (!(marginalPower > oneSided && marginalPower < 1.0))
        return makeError(errc::InvalidArgument, "power", "The plan's power cannot be reached with its alpha.");
    auto inflation = cachedInflation(std::clamp(plan.looks, 1, MaximumLooks), oneSided, marginalPower, plan.spending);
    if (!inflation)
        return inflation.error();
    const double z = stats::dist::normalIsf(oneSided) + stats::dist::normalIsf(1.0 - marginalPower);
    const double effect = metric.minimumDetectableEffect;
    if (!(effect > 0.0))
        return makeError(errc::InvalidArgument, "minimum_detectable_effect",
                         "Primary metric \"" + metric.name + "\" needs a positive minimum detectable effect.");
    const bool rank = metric.kind == MetricKind::Ordinal
        && (metric.test == MetricTest::Auto || metric.test == MetricTest::MannWhitney);
    double fixed = (z / effect) * (z / effect);
    if (rank) {
        const double p = stats::probabilityOfSuperiority(effect);
        fixed = z * z / (12.0 * (p - 0.5) * (p - 0.5));
    }
    return *inflation * fixed;
}

} // namespace rampart::rollout::detail
