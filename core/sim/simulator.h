#pragma once

// The traffic simulator: a stand-in for the serving system. It follows the rollout flag with
// the same sticky bucketing the serving system uses, and writes one outcome event per
// arriving unit into an EvidenceStore, drawn from the true effects chosen per cohort, under
// an accelerated clock. Deterministic for a seed. Guide: docs/simulator.md.

#include "flags/flagstore.h"
#include "rollout/clock.h"
#include "stats/result.h"
#include "store/evidencestore.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::sim {

/**
 * The true behaviour of one cohort. Every draw is independent per event:
 *  - error ~ Bernoulli(errorProbability); an errored answer carries only its latency;
 *  - correct ~ Bernoulli(accuracy);
 *  - satisfaction = clamp(round(Z), 1, 5) with Z ~ Normal(satisfactionMean, satisfactionSd),
 *    reported with probability satisfactionResponseRate (users do not always rate);
 *  - handling time ~ LogNormal with the given mean and sd (μ = ln m − σ²/2,
 *    σ² = ln(1 + s²/m²)), so it is never negative;
 *  - latency ~ LogNormal with the given median and P95 (μ = ln median,
 *    σ = ln(p95 / median) / 1.6448536, the standard normal's 95th percentile).
 */
struct CohortEffects
{
    double accuracy = 0.70;
    double satisfactionMean = 3.7;
    double satisfactionSd = 1.0;
    double satisfactionResponseRate = 0.5;
    double handlingTimeMeanMin = 12.0;
    double handlingTimeSdMin = 5.0;
    double latencyMedianMs = 30.0;
    double latencyP95Ms = 80.0;
    double errorProbability = 0.01;
};

/// The deterministic behaviour of the demo's control cohort (the defaults above).
CohortEffects defaultControlEffects();
/// The ML cohort of the demo: better accuracy (+0.16), satisfaction (+0.6 levels) and
/// handling time (−20%), latency within 3%, same error rate.
CohortEffects defaultTreatmentEffects();
/**
 * The ML cohort of the console's demo: the default treatment with the latent satisfaction
 * mean raised from 4.3 to 4.6. After rounding and clamping to 1–5 the default realises a
 * mean rating of about 4.17 (E[clamp(round(Z), 1, 5)], Z ~ N(4.3, 1)), below the plan's final
 * 4.2 gate on the rating's confidence bound; 4.6 realises about 4.39 (docs/simulator.md).
 */
CohortEffects demoTreatmentEffects();

enum class FaultKind {
    LatencyDegradation, ///< treatment latency × magnitude (e.g. 3)
    ErrorSpike,         ///< treatment error probability = magnitude (e.g. 0.2)
    DropTreatment       ///< a share `magnitude` of treatment units is never logged → SRM
};

/// A fault injected into the treatment cohort from `after` (simulated time since start).
struct Fault
{
    FaultKind kind = FaultKind::LatencyDegradation;
    double magnitude = 1.0;
    rollout::Duration after{0};
};

/**
 * Parses the CLI spelling of a fault: "latency:3x@12h", "errors:0.2@6h", "srm:10%@0h"
 * ("srm:0.1" is the same share; "@T" defaults to the start; T takes s, m, h or d).
 * errc::InvalidArgument on field "fault" otherwise.
 */
Result<Fault> parseFault(std::string_view text);

struct SimulationConfig
{
    std::string agent;
    std::string flag;
    /// Bucketing salt of the serving system; empty means the flag name.
    std::string salt;
    std::string controlCohort = "deterministic";
    std::string treatmentCohort = "ml";
    rollout::TimePoint start;
    rollout::Duration duration{std::chrono::hours(1)};
    /// Simulated time per step; the flag is re-read at every step. 1 s … 1 h.
    rollout::Duration step{std::chrono::minutes(1)};
    double unitsPerHour = 1000.0; ///< mean arrival rate (Poisson arrivals)
    std::uint64_t seed = 1;
    /// 0: every arrival is a new unit. N > 0: arrivals are drawn uniformly from N returning
    /// units (repeat visitors, to watch stickiness); the realised split is then that of the
    /// finite population, so expect SRM alarms on long runs with small N.
    std::int64_t unitPopulation = 0;
    CohortEffects control = defaultControlEffects();
    CohortEffects treatment = defaultTreatmentEffects();
    std::vector<Fault> faults;
    std::size_t batchSize = 2000;  ///< events per EvidenceStore::ingest call
    /// Simulated seconds per real second; 0 runs as fast as possible (tests, back-fills).
    double speed = 0.0;
};

/// Checks a configuration; the Error's field names the member ("units_per_hour", …).
std::optional<Error> validateConfig(const SimulationConfig &config);

struct CohortTally
{
    std::int64_t units = 0;         ///< events emitted (one per arriving unit)
    std::int64_t distinctUnits = 0; ///< different unit ids among them
    std::int64_t errors = 0;
};

struct SimulationSummary
{
    rollout::TimePoint start;
    rollout::TimePoint end;           ///< simulated time reached
    std::int64_t steps = 0;
    std::int64_t arrivals = 0;        ///< units that arrived, including dropped ones
    CohortTally control;
    CohortTally treatment;
    std::int64_t droppedByFault = 0;  ///< treatment units never logged (DropTreatment)
    std::int64_t eventsWritten = 0;   ///< accepted by the store
    std::int64_t eventsSkipped = 0;   ///< rejected row by row by the store
    std::int64_t batches = 0;
    std::int64_t flagReadFailures = 0; ///< reads that failed mid-run (the last value was kept)
    double finalPercentage = 0.0;
    std::vector<std::pair<rollout::TimePoint, double>> flagChanges; ///< including the first reading
    bool stoppedEarly = false;        ///< the step callback asked to stop
};

/// What the step callback sees, before the step's flag read.
struct StepInfo
{
    rollout::TimePoint now;  ///< simulated start of the step
    std::int64_t index = 0;
    const SimulationSummary *soFar = nullptr;
};

/// Called before every step; return false to stop after flushing what was generated.
using StepCallback = std::function<bool(const StepInfo &)>;

/**
 * Runs a simulation. Reads the flag at every step (a flag that was never written counts as
 * 0%: NotFound); a failing read keeps the last value and is counted, but a failure on the
 * first read is returned as the error. An ingest error stops the run and is returned, its
 * message saying how many events had been written. Never throws.
 */
Result<SimulationSummary> simulate(const SimulationConfig &config, flags::FlagStore &flags,
                                   store::EvidenceStore &store, const StepCallback &onStep = {});

} // namespace rampart::sim
