#include "evidence.h"

namespace rampart::rollout {

const MetricEvidence *Evidence::metric(const std::string &name) const
{
    for (const MetricEvidence &m : metrics)
        if (m.metric == name)
            return &m;
    return nullptr;
}

const MetricEvidence *StageEvidence::metric(const std::string &name) const
{
    for (const MetricEvidence &m : metrics)
        if (m.metric == name)
            return &m;
    return nullptr;
}

const Gauge *Evidence::gauge(const std::string &name) const
{
    for (const Gauge &g : gauges)
        if (g.name == name)
            return &g;
    return nullptr;
}

} // namespace rampart::rollout
