#pragma once

// Where a rollout stands, and the only ways it may move. Transitions are checked here and
// each yields an audit event; nothing else changes a RolloutState.

#include "clock.h"
#include "decision.h"
#include "evidence.h"
#include "plan.h"
#include "stats/result.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::rollout {

enum class RolloutStatus { Pending, Running, Holding, AwaitingSignOff, RolledBack, Completed };

const char *statusName(RolloutStatus status);
/// The inverse of statusName; empty for an unknown name.
std::optional<RolloutStatus> parseStatus(std::string_view name);

/// A sequential look once taken; its boundary never changes afterwards.
struct LookRecord
{
    double informationFraction = 0.0;
    double boundaryZ = 0.0;
    double nominalAlpha = 0.0;
};

struct RolloutState
{
    RolloutStatus status = RolloutStatus::Pending;
    std::optional<std::size_t> stage;       ///< index into Plan::stages; empty before start / after a full rollback
    TimePoint rolloutStartedAt;
    TimePoint stageStartedAt;
    std::optional<std::size_t> lastStableStage; ///< the last stage left through a passed gate
    std::vector<LookRecord> looks;           ///< sequential looks taken so far, in order
    std::optional<int> efficacyLook;         ///< 1-based look at which efficacy was shown (all primaries)
    /// Per primary metric, the 1-based look at which it crossed its efficacy boundary
    /// (intersection-union: efficacy is shown once every primary has crossed).
    std::map<std::string, int> primaryCrossedAt;
    std::map<std::string, int> consecutiveBreaches;

    double percentage(const Plan &plan) const;
};

/// An audit event: who moved the rollout, when, from where to where, why, on what evidence.
struct TransitionEvent
{
    std::string actor;
    TimePoint at;
    RolloutStatus fromStatus = RolloutStatus::Pending;
    RolloutStatus toStatus = RolloutStatus::Pending;
    double fromPercentage = 0.0;
    double toPercentage = 0.0;
    std::string reason;
    std::string evidenceHash;
    bool override = false;
};

struct Transition
{
    RolloutState state;
    TransitionEvent event;
};

} // namespace rampart::rollout

namespace rampart::rollout {

/// Starts a pending rollout at the plan's first stage.
Result<Transition> startRollout(const Plan &plan, const RolloutState &state, const std::string &actor, TimePoint now);

/**
 * What an evaluation leaves behind whatever its action: the breach counts, and a look taken
 * (its boundary, the primaries that crossed at it, efficacy). applyDecision starts from this;
 * the controller uses it alone while an advance waits for its command.
 */
RolloutState carryOver(const RolloutState &state, const Decision &decision);

/**
 * Applies a decision of GateEngine::evaluate: advance moves to the next stage only,
 * rollback to the last stable stage (or 0%), complete finishes, hold records the looks and
 * breach counts and sets Holding or AwaitingSignOff (when a sign-off is all that is missing).
 * Refuses a decision made for another stage than the current one.
 */
Result<Transition> applyDecision(const Plan &plan, const RolloutState &state, const Decision &decision,
                                 const std::string &actor, const std::string &evidenceHash, TimePoint now);

/**
 * Advances against a hold, with a written justification (at least 20 characters). Never
 * against a rollback. Recorded as an override, with the reasons it overrode.
 */
Result<Transition> overrideAdvance(const Plan &plan, const RolloutState &state, const Decision &decision,
                                   const std::string &actor, const std::string &justification,
                                   const std::string &evidenceHash, TimePoint now);

/// The operator's one-click actions; both always succeed on a running rollout.
Result<Transition> manualHold(const Plan &plan, const RolloutState &state, const std::string &actor,
                              const std::string &why, TimePoint now);
Result<Transition> manualRollback(const Plan &plan, const RolloutState &state, const std::string &actor,
                                  const std::string &why, TimePoint now);
/**
 * The kill switch: the flag at 0% whatever the last stable stage, from any state that has
 * traffic on the new behaviour (running, holding, awaiting sign-off, completed, or rolled
 * back to a stage above 0%). The rollout is then rolled back with no stage and no stable
 * stage: a resume starts again from the first stage. Refused (invalid_transition) for a
 * pending rollout and one already rolled back to 0%.
 */
Result<Transition> killSwitch(const Plan &plan, const RolloutState &state, const std::string &actor,
                              const std::string &why, TimePoint now);

} // namespace rampart::rollout
