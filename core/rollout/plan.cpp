#include "plan.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace rampart::rollout {

const MetricSpec *Plan::metric(const std::string &name) const
{
    for (const MetricSpec &m : metrics)
        if (m.name == name)
            return &m;
    return nullptr;
}

std::optional<std::size_t> Plan::stageIndex(double percentage) const
{
    for (std::size_t i = 0; i < stages.size(); ++i)
        if (std::fabs(stages[i].percentage - percentage) < 1e-9)
            return i;
    return std::nullopt;
}

namespace {

Error planError(std::string field, std::string message)
{
    return makeError(errc::InvalidArgument, std::move(field), std::move(message));
}

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

std::string indexed(const char *list, std::size_t i)
{
    return std::string(list) + "[" + std::to_string(i) + "]";
}

std::optional<Error> checkBusinessGates(const Plan &plan, const std::vector<BusinessGate> &gates,
                                        const std::string &path)
{
    for (std::size_t g = 0; g < gates.size(); ++g) {
        const std::string field = path + "[" + std::to_string(g) + "]";
        if (!plan.metric(gates[g].metric))
            return planError(field + ".metric", field + ".metric names the unknown metric \"" + gates[g].metric + "\".");
        if (!std::isfinite(gates[g].threshold) || std::fabs(gates[g].threshold) > 1e12)
            return planError(field + ".threshold", field + ".threshold must be a finite number of at most 1e12 in size.");
        if (gates[g].minimumSamples < 0 || gates[g].minimumSamples > MaximumSamples)
            return planError(field + ".min_samples", field + ".min_samples must lie between 0 and 1e9.");
        if (gates[g].measure == BusinessGate::Measure::MannWhitney) {
            if (plan.metric(gates[g].metric)->kind != MetricKind::Ordinal)
                return planError(field + ".measure", field + ".measure \"mann_whitney\" needs an ordinal metric (level counts).");
            if (!(gates[g].threshold > 0.0 && gates[g].threshold < 1.0))
                return planError(field + ".threshold", field + ".threshold of a Mann-Whitney gate is a p-value limit in (0, 1).");
        }
    }
    return std::nullopt;
}

std::optional<Error> checkStages(const Plan &plan)
{
    if (plan.stages.empty())
        return planError("stages", "A plan needs at least one stage.");
    std::set<std::string> names;
    double previous = 0.0;
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
        const StageSpec &s = plan.stages[i];
        const std::string field = indexed("stages", i);
        if (!std::isfinite(s.percentage) || s.percentage <= 0.0 || s.percentage > 100.0)
            return planError(field + ".percentage", field + ".percentage must lie in (0, 100].");
        if (s.percentage <= previous)
            return planError(field + ".percentage", field + ".percentage must be greater than the previous stage's ("
                                                        + number(previous) + "%).");
        previous = s.percentage;
        if (s.minimumDwell.count() < 0 || s.minimumDwell.count() > MaximumDurationSeconds)
            return planError(field + ".min_dwell_hours", field + ".min_dwell_hours must lie between 0 and 8784 (a year).");
        if (s.minimumSamplesPerCohort < 0 || s.minimumSamplesPerCohort > MaximumSamples)
            return planError(field + ".min_samples_per_cohort", field + ".min_samples_per_cohort must lie between 0 and 1e9.");
        if (s.maximumIncidents && *s.maximumIncidents < 0)
            return planError(field + ".max_incidents", field + ".max_incidents must not be negative.");
        if (s.signOff.approvers < 0)
            return planError(field + ".sign_off.approvers", field + ".sign_off.approvers must not be negative.");
        if (s.signOff.approvers > 0 && s.signOff.role.empty())
            return planError(field + ".sign_off.role", field + ".sign_off.role must name the role that signs off.");
        if (!s.name.empty() && !names.insert(s.name).second)
            return planError(field + ".name", "The stage name \"" + s.name + "\" is used twice.");
        if (auto e = checkBusinessGates(plan, s.businessGates, field + ".business_gates"))
            return e;
    }
    if (plan.stages.back().percentage != 100.0)
        return planError(indexed("stages", plan.stages.size() - 1) + ".percentage",
                         "The last stage must put 100% of traffic on the new behaviour.");
    return std::nullopt;
}

std::optional<Error> checkMetrics(const Plan &plan)
{
    std::set<std::string> names;
    bool primary = false;
    for (std::size_t i = 0; i < plan.metrics.size(); ++i) {
        const MetricSpec &m = plan.metrics[i];
        const std::string field = indexed("metrics", i);
        if (m.name.empty())
            return planError(field + ".name", field + ".name must not be empty.");
        if (!names.insert(m.name).second)
            return planError(field + ".name", "The metric name \"" + m.name + "\" is used twice.");
        if (m.role == MetricRole::Primary) {
            primary = true;
            if (!(m.minimumDetectableEffect > 0.0) || !(m.minimumDetectableEffect <= MaximumEffect))
                return planError(field + ".minimum_detectable_effect",
                                 field + ".minimum_detectable_effect must be a standardized effect in (0, 5] for a primary metric.");
        } else if (!(m.minimumDetectableEffect >= 0.0 && m.minimumDetectableEffect <= MaximumEffect)) {
            return planError(field + ".minimum_detectable_effect", field + ".minimum_detectable_effect must lie in [0, 5].");
        }
        if (!(m.nonInferiorityMargin >= 0.0) || !(m.nonInferiorityMargin <= MaximumMargin))
            return planError(field + ".non_inferiority_margin", field + ".non_inferiority_margin must lie in [0, 10].");
        if (m.direction == Direction::HigherIsBetter && m.nonInferiorityMargin >= 1.0 && m.kind != MetricKind::Binary)
            return planError(field + ".non_inferiority_margin",
                             field + ".non_inferiority_margin must be below 1 for a higher-is-better metric (a relative drop).");
        if (m.levels < 0 || m.levels > 1000)
            return planError(field + ".levels", field + ".levels must lie between 0 and 1000.");
        if (m.kind == MetricKind::Ordinal && m.levels < 2)
            return planError(field + ".levels", field + ".levels must be at least 2 for an ordinal metric.");
        if (m.test == MetricTest::MannWhitney && m.kind != MetricKind::Ordinal)
            return planError(field + ".test", "The Mann-Whitney test needs an ordinal metric (level counts).");
        const bool binaryOnly = m.test == MetricTest::ProportionsZ || m.test == MetricTest::ChiSquare
            || m.test == MetricTest::Fisher;
        if (binaryOnly && m.kind != MetricKind::Binary)
            return planError(field + ".test", field + ".test applies to binary metrics only.");
    }
    if (!primary)
        return planError("metrics", "A plan needs at least one primary metric.");
    return std::nullopt;
}

std::optional<Error> checkServiceGates(const Plan &plan)
{
    std::set<std::string> names;
    for (std::size_t i = 0; i < plan.serviceGates.size(); ++i) {
        const ServiceGate &g = plan.serviceGates[i];
        const std::string field = indexed("service_gates", i);
        if (g.name.empty())
            return planError(field + ".name", field + ".name must not be empty.");
        if (!names.insert(g.name).second)
            return planError(field + ".name", "The service gate \"" + g.name + "\" is listed twice.");
        if (!std::isfinite(g.threshold))
            return planError(field + ".threshold", field + ".threshold must be a finite number.");
    }
    return std::nullopt;
}

} // namespace

std::optional<Error> validatePlan(const Plan &plan)
{
    if (plan.agent.empty())
        return planError("agent", "The plan must name the agent being rolled out.");
    if (plan.flag.empty())
        return planError("flag", "The plan must name the feature flag.");
    if (!(plan.alpha > 0.0 && plan.alpha < 1.0))
        return planError("alpha", "alpha must lie strictly between 0 and 1.");
    if (!(plan.power > 0.0 && plan.power < 1.0))
        return planError("power", "power must lie strictly between 0 and 1.");
    if (!(plan.srmThreshold > 0.0 && plan.srmThreshold < 1.0))
        return planError("srm_threshold", "srm_threshold must lie strictly between 0 and 1.");
    if (plan.breachesBeforeRollback < 1)
        return planError("breaches_before_rollback", "breaches_before_rollback must be at least 1.");
    if (plan.telemetryMaxAge.count() <= 0 || plan.telemetryMaxAge.count() > MaximumDurationSeconds)
        return planError("telemetry_max_age_s", "telemetry_max_age_s must be positive and at most a year.");
    if (!(plan.guardrailAlpha > 0.0 && plan.guardrailAlpha <= 0.5))
        return planError("guardrail_alpha", "guardrail_alpha must lie in (0, 0.5].");
    if (plan.minimumGuardrailSamples < 0 || plan.minimumGuardrailSamples > MaximumSamples)
        return planError("min_guardrail_samples", "min_guardrail_samples must lie between 0 and 1e9.");
    if (plan.looks < 1 || plan.looks > MaximumLooks)
        return planError("looks", "looks must lie between 1 and 20.");
    if (plan.clockSkew.count() < 0 || plan.clockSkew.count() > 24 * 3600)
        return planError("clock_skew_s", "clock_skew_s must lie between 0 and 86400 (a day).");
    if (plan.evidenceMaxAge.count() <= 0 || plan.evidenceMaxAge.count() > MaximumDurationSeconds)
        return planError("evidence_max_age_s", "evidence_max_age_s must be positive and at most a year.");
    if (plan.breachesBeforeRollback > 1000)
        return planError("breaches_before_rollback", "breaches_before_rollback must be at most 1000.");
    if (std::pow(plan.power, 1.0) <= plan.alpha / 2.0)
        return planError("power", "power must exceed alpha/2.");
    if (plan.controlCohort == plan.treatmentCohort)
        return planError("cohorts", "The control and treatment cohorts must have different names.");
    if (auto e = checkMetrics(plan))
        return e;
    if (auto e = checkServiceGates(plan))
        return e;
    if (auto e = checkStages(plan))
        return e;
    if (plan.finalAssessment.stabilityPeriod.count() < 0 || plan.finalAssessment.stabilityPeriod.count() > MaximumDurationSeconds)
        return planError("final_assessment.stability_days", "final_assessment.stability_days must lie between 0 and 366.");
    if (plan.finalAssessment.maximumIncidents < 0)
        return planError("final_assessment.max_incidents", "final_assessment.max_incidents must not be negative.");
    return checkBusinessGates(plan, plan.finalAssessment.businessGates, "final_assessment.business_gates");
}

} // namespace rampart::rollout
