#pragma once

// A snapshot of everything a decision is based on, taken at one instant. Immutable once
// built; the GUI shows it, the engine evaluates it, a sign-off records its hash.

#include "clock.h"
#include "stats/accumulator.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::rollout {

/// One metric's accumulated outcomes in one cohort since the rollout started.
struct CohortMetric
{
    stats::RunningSummary summary;
    /// Ordinal metrics: units per level (index 0 = level 1); empty otherwise.
    std::vector<std::int64_t> levelCounts;
    /// Latency metrics: observed P95 in ms for this cohort, if known.
    std::optional<double> p95;
};

struct MetricEvidence
{
    std::string metric;
    CohortMetric control;
    CohortMetric treatment;
};

/// A telemetry reading. Missing (no value) and stale (old sampledAt) are states the engine
/// reports; they are never read as zero.
struct Gauge
{
    std::string name;
    std::optional<double> value;
    std::optional<TimePoint> sampledAt;
};

struct FlagReading
{
    double percentage = 0.0;
    std::int64_t version = 0;
};

struct SignOff
{
    std::string approver;
    std::string role;
    bool approve = true;
    std::string comment;
    std::string evidenceHash; ///< hash of the snapshot the approver saw
    TimePoint at;
    double fromPercentage = 0.0; ///< the stage it approves leaving
    bool override = false;       ///< approved against a failing gate, with justification
};

/// The result of a load test run at a traffic level; one
/// at the next stage's level must have passed before the rollout moves there.
struct LoadTestResult
{
    double percentage = 0.0;
    double p95LatencyMs = 0.0;
    double errorRate = 0.0;
    bool passed = false;
};

struct Evidence
{
    TimePoint capturedAt;
    std::vector<MetricEvidence> metrics;
    std::vector<Gauge> gauges;
    /// Units assigned to each cohort since the current stage began: the sample-ratio check
    /// compares them with this stage's split (metric summaries, in contrast, are cumulative
    /// since the rollout started, so earlier stages' splits would not match).
    std::int64_t controlUnits = 0;
    std::int64_t treatmentUnits = 0;
    std::optional<FlagReading> flag;
    int incidents = 0;               ///< incidents during the current stage
    std::vector<SignOff> signOffs;
    std::optional<LoadTestResult> loadTest;

    const MetricEvidence *metric(const std::string &name) const;
    const Gauge *gauge(const std::string &name) const;
};

} // namespace rampart::rollout
