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

/**
 * The advance button: re-evaluates the evidence at this moment and moves to the next stage
 * only if the fresh decision is an advance. If the evidence has worsened since the
 * stakeholder signed off (a gate now fails, a new rejection arrived), the advance is
 * refused with error code "advance_refused" and the current reasons in the message.
 */
Result<Transition> requestAdvance(const Plan &plan, const RolloutState &state, const Evidence &evidence,
                                  const std::string &actor, const std::string &evidenceHash, TimePoint now);

} // namespace rampart::rollout
