#include "samplingplan.h"

#include "stats/power.h"

#include <map>
#include <tuple>

namespace rampart::rollout::detail {

namespace {

using DesignKey = std::tuple<int, double, double, double, double>; // test, effect, alpha, power, ratio

Result<stats::SampleSize> cachedSampleSize(const stats::PowerDesign &design, double power)
{
    // The cache is per thread so evaluate() stays free of locks and shared state.
    thread_local std::map<DesignKey, Result<stats::SampleSize>> cache;
    const DesignKey key{static_cast<int>(design.test), design.effectSize, design.alpha, power, design.ratio};
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    auto result = stats::sampleSize(design, power);
    cache.emplace(key, result);
    return result;
}

stats::PowerDesign designFor(const MetricSpec &metric, const Plan &plan, double ratio)
{
    stats::PowerDesign design;
    design.test = metric.kind == MetricKind::Binary ? stats::PowerTest::TwoProportions : stats::PowerTest::TwoSampleT;
    design.effectSize = metric.minimumDetectableEffect;
    design.alpha = plan.alpha;
    design.ratio = ratio;
    design.alternative = stats::Alternative::TwoSided;
    return design;
}

Error withMetric(Error error, const std::string &metric)
{
    error.message = "Sample size for metric \"" + metric + "\": " + error.message;
    return error;
}

} // namespace

double effectiveUnits(std::int64_t treatment, std::int64_t control)
{
    const double t = static_cast<double>(treatment);
    const double c = static_cast<double>(control);
    return t + c > 0.0 ? t * c / (t + c) : 0.0;
}

Result<CohortSample> requiredSample(const Plan &plan, double percentage)
{
    CohortSample need;
    if (percentage >= 100.0)
        return need; // no control cohort to compare with at 100%
    const double ratio = (100.0 - percentage) / percentage;
    for (const MetricSpec &metric : plan.metrics) {
        if (metric.role != MetricRole::Primary)
            continue;
        auto size = cachedSampleSize(designFor(metric, plan, ratio), plan.power);
        if (!size)
            return withMetric(size.error(), metric.name);
        need.treatment = std::max(need.treatment, size->nA);
        need.control = std::max(need.control, size->nB);
    }
    return need;
}

Result<double> maximumInformation(const Plan &plan)
{
    double maximum = 0.0;
    for (const MetricSpec &metric : plan.metrics) {
        if (metric.role != MetricRole::Primary)
            continue;
        auto size = cachedSampleSize(designFor(metric, plan, 1.0), plan.power);
        if (!size)
            return withMetric(size.error(), metric.name);
        maximum = std::max(maximum, effectiveUnits(size->nA, size->nB));
    }
    return maximum;
}

} // namespace rampart::rollout::detail
