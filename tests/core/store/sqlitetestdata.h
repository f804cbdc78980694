#pragma once

// Deterministic outcome events and records shared by the SQLite store and archive tests.

#include "store/evidencestore.h"

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace rampart::testing {

/// 2026-01-05T00:00:00Z plus minutes and seconds.
inline rollout::TimePoint at(int minutes, int seconds = 0)
{
    using namespace std::chrono;
    return rollout::TimePoint(sys_days(year(2026) / January / 5).time_since_epoch()) + minutes * 60s +
           std::chrono::seconds(seconds);
}

/// `count` events of `agent` spread over `minutes` minutes, alternating control/treatment,
/// every outcome present in most events and missing in some.
inline std::vector<store::Event> makeEvents(const std::string &agent, int count, int minutes, unsigned seed = 7)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::lognormal_distribution<double> latency(5.0, 0.8);
    std::normal_distribution<double> handling(12.0, 3.0);
    std::vector<store::Event> events;
    for (int i = 0; i < count; ++i) {
        store::Event e;
        const bool treatment = i % 3 == 0;
        e.at = at(i % minutes, static_cast<int>(uniform(random) * 60.0));
        e.agent = agent;
        e.cohort = treatment ? "ml" : "deterministic";
        e.unitId = "unit-" + std::to_string(i);
        if (uniform(random) < 0.9)
            e.latencyMs = latency(random);
        if (uniform(random) < 0.8)
            e.correct = uniform(random) < (treatment ? 0.82 : 0.78);
        if (uniform(random) < 0.5)
            e.satisfaction = 1 + static_cast<int>(uniform(random) * 5.0);
        if (uniform(random) < 0.7)
            e.handlingTimeMin = std::max(0.5, handling(random));
        e.error = uniform(random) < 0.03;
        events.push_back(e);
    }
    return events;
}

inline rollout::TransitionEvent transition(double from, double to, int minute)
{
    rollout::TransitionEvent e;
    e.actor = "ops@example.com";
    e.at = at(minute);
    e.fromStatus = rollout::RolloutStatus::Running;
    e.toStatus = rollout::RolloutStatus::Running;
    e.fromPercentage = from;
    e.toPercentage = to;
    e.reason = "Every gate passed.";
    e.evidenceHash = "e3b0c442";
    return e;
}

inline rollout::SignOff signOff(const std::string &approver, int minute)
{
    rollout::SignOff s;
    s.approver = approver;
    s.role = "product";
    s.comment = "Looks good.";
    s.evidenceHash = "e3b0c442";
    s.at = at(minute);
    s.fromPercentage = 5.0;
    return s;
}

inline store::AuditEntry auditEntry(const std::string &action, int minute)
{
    store::AuditEntry e;
    e.at = at(minute);
    e.actor = "ops@example.com";
    e.action = action;
    e.subject = "documentation-keeper";
    e.detailJson = R"({"from_percentage":5,"to_percentage":25})";
    return e;
}

} // namespace rampart::testing
