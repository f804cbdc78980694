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
    CohortMetric control;   ///< cumulative since the rollout started (all stages merged)
    CohortMetric treatment;
};

/// One stage's outcomes: a stratum of the stratified analysis (one stable traffic split).
struct StageEvidence
{
    double percentage = 0.0;             ///< the stage's planned ML share, in percent
    std::vector<MetricEvidence> metrics; ///< outcomes during that stage only

    const MetricEvidence *metric(const std::string &name) const;
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
    /// Units assigned to each cohort since the current stage began (the one meaning of
    /// "units"): the sample-ratio check compares them with this stage's split. Metric
    /// summaries, in contrast, are cumulative since the rollout started, per stage.
    std::int64_t controlUnits = 0;
    std::int64_t treatmentUnits = 0;
    std::optional<FlagReading> flag;
    int incidents = 0;               ///< incidents during the current stage
    std::vector<SignOff> signOffs;
    std::optional<LoadTestResult> loadTest;
    /// Per stage, when known: the engine analyses within stages and combines them. Empty
    /// means one stratum at the current stage's split made of the cumulative `metrics`.
    std::vector<StageEvidence> stages{};

    const MetricEvidence *metric(const std::string &name) const;
    const Gauge *gauge(const std::string &name) const;
};

} // namespace rampart::rollout
