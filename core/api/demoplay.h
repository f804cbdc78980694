#pragma once

// Plays a rollout plan to completion (or to a given percentage) in a workspace through the
// REAL RolloutController, with the traffic simulator as the serving system and an
// accelerated clock: simulate a step of traffic, evaluate, then do what an operator would —
// start the rollout, give the sign-offs the plan asks for, press advance when the decision
// says advance. The data land in the past (the simulated clock starts `lookback` before
// now), so a `serve` started afterwards sees a finished rollout. Used by
// `rampartctl demo play`; the console may call it too. Needs a running event loop's thread
// (QCoreApplication), a Redis for the flag and the stand-in telemetry for the service gates.

#include "io/config.h"
#include "rollout/clock.h"
#include "rollout/plan.h"
#include "sim/simulator.h"
#include "stats/result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rampart::api {

using rollout::SteppedClock; ///< (core/rollout/clock.h)

/**
 * The demo scenario's ML cohort: the simulator's default treatment with the latent
 * satisfaction mean raised from 4.3 to 4.6. After rounding and clamping to 1–5 the default
 * realises a mean rating of about 4.17 (E[clamp(round(Z),1,5)], Z ~ N(4.3, 1)), below the
 * demo plan's final 4.2 gate; 4.6 realises about 4.39.
 */
inline sim::CohortEffects demoTreatmentEffects()
{
    sim::CohortEffects e = sim::defaultTreatmentEffects();
    e.satisfactionMean = 4.6;
    return e;
}

struct DemoPlayOptions
{
    rollout::Plan plan;
    io::Connections connections;  ///< Redis (required), Prometheus = the stand-in telemetry URL
    QString workspace;            ///< the SQLite workspace written (created if missing)
    double untilPercentage = 100.0; ///< stop once the flag is at least here; 100 = until complete
    std::uint64_t seed = 7;
    double unitsPerHour = 400.0;
    rollout::Duration step{std::chrono::hours(1)}; ///< simulated time between evaluations
    rollout::Duration lookback{std::chrono::hours(24 * 21)}; ///< simulated start = now − lookback
    std::string operatorName = "demo-operator";
    sim::CohortEffects control = sim::defaultControlEffects();
    sim::CohortEffects treatment = demoTreatmentEffects();
    std::function<void(const std::string &)> progress; ///< one line per event (may be null)
};

struct DemoPlaySummary
{
    std::string status;           ///< the rollout status at the end
    double percentage = 0.0;
    rollout::TimePoint start, end; ///< simulated
    int evaluations = 0;
    int advances = 0;
    int signOffs = 0;
    std::int64_t eventsWritten = 0;
};

/// Errors: usage (workspace already holds a rollout of the agent), the backends' errors,
/// demo_rolled_back (with the reasons), demo_out_of_time (the plan did not finish by now).
Result<DemoPlaySummary> playDemo(const DemoPlayOptions &options);

} // namespace rampart::api
