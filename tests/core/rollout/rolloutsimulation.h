#pragma once

// Whole rollouts on the shipped plan (resources/plans/documentation-keeper.json), simulated
// through the real GateEngine and state machine: every metric and guardrail, 40 units/h, a
// snapshot every 12 h for 14 days, sign-offs always present and telemetry healthy, so only
// the statistics decide. Evidence carries per-stage strata, as the backends provide.
// Shared by the CI test (a modest replicate count) and bench_rollout_simulation (>= 2000).

#include "rollout/gateengine.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"

#include <cstdint>
#include <random>

namespace rampart::rollout::simulation {

struct Scenario
{
    double treatmentAccuracy = 0.80;   ///< control 0.80
    double handlingTimeShift = 0.0;    ///< ML minus control, minutes (control N(13.9, 4.6))
    double latencyFactor = 1.0;        ///< ML latency = factor × control's (mean and spread)
    bool baselineDrift = false;        ///< after day 1 both cohorts shift (accuracy −0.1, handling +2 min)
    /// Boundary mix: this fraction of the first 12 h after each advance (units assigned at the
    /// new split) is counted in the previous stage's stratum, like a stage window whose whole
    /// rollup minutes run past the switch.
    double boundaryMix = 0.0;
};

struct Outcome
{
    bool advancedPastSignificance = false;
    bool guardrailRollback = false;     ///< rolled back by a guardrail (guardrail_degraded)
    bool latencyRollback = false;       ///< … by the latency guardrail
    bool exhaustedRollback = false;     ///< sequential_test_exhausted / futility
    bool otherRollback = false;
    int rollbackEvaluation = -1;        ///< 1-based evaluation of the rollback
    int firstGuardrailEvaluation = -1;  ///< first evaluation with the minimum guardrail sample
    int looks = 0;
    std::int64_t evaluations = 0;
};

/// One simulated rollout. `untilSignificancePassed` stops once the rollout leaves the
/// significance stage (the efficacy outcomes); otherwise it runs the whole 14 days.
Outcome simulateRollout(const Plan &plan, const Scenario &scenario, std::mt19937_64 &rng, bool untilSignificancePassed);

struct Rates
{
    int replicates = 0;
    double advanced = 0.0;
    double guardrailRollback = 0.0;
    double latencyRollback = 0.0;
    double exhausted = 0.0;
    double rollbackAtFirstGuardrailEvaluation = 0.0;
    double meanLooks = 0.0;
};

Rates simulate(const Plan &plan, const Scenario &scenario, int replicates, std::uint64_t seed, bool untilSignificancePassed);

} // namespace rampart::rollout::simulation
