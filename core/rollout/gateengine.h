#pragma once

#include "decision.h"
#include "evidence.h"
#include "plan.h"
#include "rolloutstate.h"

namespace rampart::rollout {

/**
 * The decision rules of docs/decision-rules.md: given the plan, where the rollout stands
 * and a snapshot of evidence, say advance, hold, rollback or complete, with every reason.
 *
 * Pure: no I/O, no clock of its own (`now` is passed in), no state kept between calls;
 * what must carry over (breach counts, looks taken) is returned in the Decision for the
 * state machine to apply. Every consumer (GUI, CLI, HTTP API, watchdog) calls this.
 */
class GateEngine
{
public:
    static Decision evaluate(const Plan &plan, const RolloutState &state, const Evidence &evidence, TimePoint now);
};

} // namespace rampart::rollout
