#pragma once

// Synthetic events and their summaries computed directly in C++, the reference the
// database's rollup aggregation must reproduce.

#include "store/evidencestore.h"

#include <map>
#include <random>
#include <string>
#include <vector>

namespace rampart::testing {

/// `count` events of agent "doc-keeper", cohorts "control"/"treatment", spread one per
/// `spacing` from `start`, every outcome present with a deterministic pseudo-random value
/// (a few missing, to exercise NULL handling).
inline std::vector<store::Event> syntheticEvents(rollout::TimePoint start, int count,
                                                 rollout::Duration spacing = rollout::Duration{1},
                                                 unsigned seed = 42)
{
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::lognormal_distribution<double> latency(5.0, 0.6);
    std::vector<store::Event> events;
    for (int i = 0; i < count; ++i) {
        store::Event e;
        e.at = start + spacing * i;
        e.agent = "doc-keeper";
        const bool treated = uniform(random) < 0.3;
        e.cohort = treated ? "treatment" : "control";
        e.unitId = "u" + std::to_string(i % (count / 2 + 1));
        if (uniform(random) > 0.05)
            e.latencyMs = latency(random) * (treated ? 0.9 : 1.0);
        if (uniform(random) > 0.05)
            e.correct = uniform(random) < (treated ? 0.82 : 0.78);
        if (uniform(random) > 0.3)
            e.satisfaction = 1 + static_cast<int>(uniform(random) * 5);
        if (uniform(random) > 0.1)
            e.handlingTimeMin = 3.0 + 10.0 * uniform(random);
        e.error = uniform(random) < 0.02;
        events.push_back(std::move(e));
    }
    return events;
}

struct ReferenceMetric
{
    stats::RunningSummary summary;
    std::vector<std::int64_t> levels = std::vector<std::int64_t>(5, 0);
};

/// reference[metric][cohort] for the events with from ≤ at < to.
inline std::map<std::string, std::map<std::string, ReferenceMetric>>
referenceSummaries(const std::vector<store::Event> &events, rollout::TimePoint from, rollout::TimePoint to)
{
    std::map<std::string, std::map<std::string, ReferenceMetric>> r;
    for (const auto &e : events) {
        if (e.at < from || e.at >= to)
            continue;
        if (e.correct)
            r["accuracy"][e.cohort].summary.addOutcome(*e.correct);
        if (e.latencyMs)
            r["latency_ms"][e.cohort].summary.add(*e.latencyMs);
        if (e.satisfaction) {
            r["satisfaction"][e.cohort].summary.add(*e.satisfaction);
            ++r["satisfaction"][e.cohort].levels[*e.satisfaction - 1];
        }
        if (e.handlingTimeMin)
            r["handling_time_min"][e.cohort].summary.add(*e.handlingTimeMin);
        r["error_rate"][e.cohort].summary.addOutcome(e.error);
    }
    return r;
}

} // namespace rampart::testing
