#include "snapshots.h"

namespace rampart::models {

rollout::Plan applyRerunSettings(rollout::Plan plan, const RerunSettings &settings)
{
    plan.alpha = settings.alpha;
    plan.spending = settings.spending;
    plan.srmThreshold = settings.srmThreshold;
    if (settings.guardrailMargin) {
        for (rollout::MetricSpec &metric : plan.metrics) {
            if (metric.role == rollout::MetricRole::Guardrail)
                metric.nonInferiorityMargin = *settings.guardrailMargin;
        }
    }
    for (rollout::ServiceGate &gate : plan.serviceGates)
        gate.threshold *= settings.serviceThresholdScale;
    return plan;
}

RerunSettings rerunSettingsOf(const rollout::Plan &plan)
{
    RerunSettings s;
    s.alpha = plan.alpha;
    s.spending = plan.spending;
    s.srmThreshold = plan.srmThreshold;
    return s;
}

} // namespace rampart::models
