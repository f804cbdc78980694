#pragma once

// A documentation-keeper-like plan and evidence builders shared by the rollout tests.
// Built in C++ (not read from JSON) so core/rollout is tested without core/io.

#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"

#include <chrono>

namespace rampart::rollout::testing {

using namespace std::chrono_literals;

inline TimePoint t0()
{
    return TimePoint(std::chrono::seconds(1795000000)); // 2026-11-18T... UTC, any fixed instant
}

inline Plan documentationKeeperPlan()
{
    Plan p;
    p.agent = "documentation-keeper";
    p.flag = "documentation-keeper.ml-answers";
    p.metrics = {
        {"accuracy", "Answer accuracy", MetricKind::Binary, Direction::HigherIsBetter, MetricRole::Primary, 0.1, 0.0, MetricTest::Auto, 0},
        {"handling_time_min", "Handling time", MetricKind::Continuous, Direction::LowerIsBetter, MetricRole::Primary, 0.1, 0.0, MetricTest::Auto, 0},
        {"satisfaction", "Satisfaction", MetricKind::Ordinal, Direction::HigherIsBetter, MetricRole::Business, 0.0, 0.0, MetricTest::Auto, 5},
        {"latency_ms", "Answer latency", MetricKind::Latency, Direction::LowerIsBetter, MetricRole::Guardrail, 0.0, 0.10, MetricTest::Auto, 0},
        {"error_rate", "Error rate", MetricKind::Binary, Direction::LowerIsBetter, MetricRole::Guardrail, 0.0, 0.0, MetricTest::Auto, 0},
    };
    p.serviceGates = {
        {"p95_latency_ms", "P95 latency", Comparison::Below, 100.0, ""},
        {"cpu_percent", "CPU", Comparison::Below, 80.0, ""},
        {"uptime_percent", "Uptime", Comparison::Above, 99.9, ""},
    };
    StageSpec canary{"canary", 5.0, 24h, false, 0, 0, {}, {1, "stakeholder"}};
    StageSpec early{"early", 25.0, 48h, true, 1000, std::nullopt, {}, {1, "stakeholder"}};
    StageSpec half{"half", 50.0, 48h, false, 0, std::nullopt, {{"accuracy", BusinessGate::Measure::RelativeImprovement, 0.05}}, {2, "stakeholder"}};
    StageSpec most{"most", 75.0, 24h, false, 0, std::nullopt, {}, {1, "stakeholder"}};
    StageSpec full{"full", 100.0, 24h, false, 0, std::nullopt, {}, {0, "stakeholder"}};
    p.stages = {canary, early, half, most, full};
    p.finalAssessment = {std::chrono::hours(24 * 7), 0,
                         {{"accuracy", BusinessGate::Measure::RelativeImprovement, 0.05},
                          {"satisfaction", BusinessGate::Measure::TreatmentMean, 4.2}}};
    return p;
}

inline stats::RunningSummary binary(std::int64_t n, std::int64_t successes)
{
    const double p = static_cast<double>(successes) / static_cast<double>(n);
    return stats::RunningSummary::fromMoments(n, p, static_cast<double>(successes) * (1.0 - p), 0.0, 1.0, successes);
}

inline stats::RunningSummary continuous(std::int64_t n, double mean, double sd)
{
    return stats::RunningSummary::fromMoments(n, mean, sd * sd * static_cast<double>(n - 1), mean - 3 * sd, mean + 3 * sd);
}

inline CohortMetric cohort(stats::RunningSummary s)
{
    CohortMetric c;
    c.summary = s;
    return c;
}

/// A latency cohort: normal moments with the P95 of that normal (mean + 1.645 sd).
inline CohortMetric latency(std::int64_t n, double mean, double sd)
{
    CohortMetric c = cohort(continuous(n, mean, sd));
    c.p95 = mean + 1.6448536269514722 * sd;
    return c;
}

inline CohortMetric ordinal(std::vector<std::int64_t> counts)
{
    CohortMetric c;
    c.levelCounts = counts;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] > 0)
            c.summary.merge(stats::RunningSummary::fromMoments(counts[i], double(i + 1), 0.0, double(i + 1), double(i + 1)));
    return c;
}

/// Evidence at `percentage` where ML is clearly better and healthy: every gate passes.
inline Evidence healthyEvidence(TimePoint now, double percentage, std::int64_t treatment = 1200)
{
    const std::int64_t control = percentage >= 100.0
        ? 3600
        : static_cast<std::int64_t>(static_cast<double>(treatment) * (100.0 - percentage) / percentage);
    Evidence e;
    e.capturedAt = now;
    e.flag = FlagReading{percentage, 7};
    e.treatmentUnits = treatment;
    e.controlUnits = percentage >= 100.0 ? 0 : control;
    const auto correct = [](std::int64_t n, double rate) { return static_cast<std::int64_t>(static_cast<double>(n) * rate); };
    e.metrics = {
        {"accuracy", cohort(binary(control, correct(control, 0.80))), cohort(binary(treatment, correct(treatment, 0.88)))},
        {"handling_time_min", cohort(continuous(control, 13.9, 4.6)), cohort(continuous(treatment, 11.4, 4.1))},
        {"satisfaction", ordinal({control / 20, control / 20, control / 5, control * 3 / 10, control * 2 / 5}),
         ordinal({treatment / 50, treatment / 50, treatment / 10, treatment * 3 / 10, treatment * 14 / 25})},
        {"latency_ms", latency(control, 62.0, 18.0), latency(treatment, 63.0, 18.5)},
        {"error_rate", cohort(binary(control, correct(control, 0.010))), cohort(binary(treatment, correct(treatment, 0.009)))},
    };
    e.gauges = {{"p95_latency_ms", 84.0, now - 30s}, {"cpu_percent", 55.0, now - 30s}, {"uptime_percent", 99.97, now - 30s}};
    return e;
}

inline SignOff approval(const std::string &who, double fromPercentage, TimePoint at, bool approve = true)
{
    return SignOff{who, "stakeholder", approve, "Looks good.", "hash", at, fromPercentage, false};
}

/// Running at stage `index`, which started `inStage` ago; the rollout started `sinceStart` ago.
inline RolloutState runningAt(std::size_t index, TimePoint now, Duration inStage, Duration sinceStart = std::chrono::hours(24 * 4))
{
    RolloutState s;
    s.status = RolloutStatus::Running;
    s.stage = index;
    s.stageStartedAt = now - inStage;
    s.rolloutStartedAt = now - sinceStart;
    if (index > 0)
        s.lastStableStage = index - 1;
    return s;
}

} // namespace rampart::rollout::testing
