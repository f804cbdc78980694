#include "planner.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace rampart::models {

namespace {

stats::PowerDesign designFor(const PlannerInput &in, double share)
{
    stats::PowerDesign d;
    d.test = in.test;
    d.effectSize = in.effectSize;
    d.alpha = in.alpha;
    d.ratio = (1.0 - share) / share;
    d.alternative = stats::Alternative::TwoSided;
    return d;
}

Error inputError(const char *field, const std::string &message)
{
    return makeError(errc::InvalidArgument, field, message);
}

} // namespace

Result<PlannerResult> computePlan(const PlannerInput &in)
{
    if (!std::isfinite(in.effectSize) || in.effectSize <= 0.0)
        return inputError("effect_size", "The effect size must be a positive number.");
    if (!std::isfinite(in.alpha) || in.alpha <= 0.0 || in.alpha >= 1.0)
        return inputError("alpha", "Alpha must lie strictly between 0 and 1.");
    if (!std::isfinite(in.power) || in.power <= in.alpha || in.power >= 1.0)
        return inputError("power", "Power must lie strictly between alpha and 1.");
    if (!std::isfinite(in.unitsPerHour) || in.unitsPerHour <= 0.0)
        return inputError("units_per_hour", "The traffic rate must be a positive number of units per hour.");
    if (in.plannedTotal < 0)
        return inputError("planned_total", "The planned total cannot be negative.");

    PlannerResult result;
    double largestTotal = 0.0;
    for (std::size_t k = 0; k < PlannerShares.size(); ++k) {
        const double share = PlannerShares[k];
        const stats::PowerDesign design = designFor(in, share);
        SplitPlan &split = result.splits[k];
        split.mlShare = share;
        split.ratio = design.ratio;
        auto size = stats::sampleSize(design, in.power);
        if (!size)
            return size.error();
        split.sampleSize = *size;
        split.hours = std::max(static_cast<double>(size->nA) / (in.unitsPerHour * share),
                               static_cast<double>(size->nB) / (in.unitsPerHour * (1.0 - share)));
        largestTotal = std::max(largestTotal, static_cast<double>(size->total));
        const double plannedMl = static_cast<double>(in.plannedTotal) * share;
        if (plannedMl >= 2.0 && plannedMl * design.ratio >= 2.0) {
            auto mde = stats::solveEffectSize(design, plannedMl, in.power);
            if (mde)
                split.mde = std::fabs(*mde);
            auto p = stats::power(design, plannedMl);
            if (p)
                split.achievedPower = *p;
        }
    }

    const int points = std::max(in.curvePoints, 2);
    const double top = 1.25 * largestTotal;
    result.curve.totals.reserve(static_cast<std::size_t>(points));
    for (int i = 1; i <= points; ++i) {
        const double total = top * i / points;
        std::array<double, 3> row{};
        for (std::size_t k = 0; k < PlannerShares.size(); ++k) {
            const double share = PlannerShares[k];
            const double nMl = total * share;
            // Below 2 units per cohort there is no test at all: power is 0, not undefined.
            row[k] = 0.0;
            if (nMl >= 2.0 && nMl * (1.0 - share) / share >= 2.0) {
                auto p = stats::power(designFor(in, share), nMl);
                if (p)
                    row[k] = *p;
            }
        }
        result.curve.totals.push_back(total);
        result.curve.power.push_back(row);
    }
    return result;
}

} // namespace rampart::models
