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

/// The final assessment judged on its own (FinalAssessment in the plan).
struct FinalAssessmentResult
{
    std::vector<GateRow> rows; ///< "stability", "final_incidents" (when the plan caps them), then each business gate
    bool passes = false;       ///< every row passes
};

/**
 * The final assessment by the checks GateEngine::evaluate runs at the last stage (one code
 * path: stability at 100%, incidents, every final business gate on its measure, basis and
 * minimum sample), whatever the rollout's status, so a completed rollout can still be
 * assessed and a partial one is told what it lacks. The business gates are judged on the
 * strata of the state's current stage (the last stage when there is none); stability counts
 * only time at the last stage of a rollout that was not rolled back.
 */
FinalAssessmentResult assessFinal(const Plan &plan, const RolloutState &state, const Evidence &evidence, TimePoint now);

/**
 * The advance button: re-evaluates the evidence at this moment and moves to the next stage
 * only if the fresh decision is an advance. If the evidence has worsened since the
 * stakeholder signed off (a gate now fails, a new rejection arrived), the advance is
 * refused with error code "advance_refused" and the current reasons in the message.
 */
Result<Transition> requestAdvance(const Plan &plan, const RolloutState &state, const Evidence &evidence,
                                  const std::string &actor, const std::string &evidenceHash, TimePoint now);

} // namespace rampart::rollout
