#include "rolloutstate.h"

#include <algorithm>
#include <cmath>

namespace rampart::rollout {

const char *statusName(RolloutStatus status)
{
    switch (status) {
    case RolloutStatus::Pending: return "pending";
    case RolloutStatus::Running: return "running";
    case RolloutStatus::Holding: return "holding";
    case RolloutStatus::AwaitingSignOff: return "awaiting_signoff";
    case RolloutStatus::RolledBack: return "rolled_back";
    case RolloutStatus::Completed: return "completed";
    }
    return "pending";
}

std::optional<RolloutStatus> parseStatus(std::string_view name)
{
    for (RolloutStatus s : {RolloutStatus::Pending, RolloutStatus::Running, RolloutStatus::Holding,
                            RolloutStatus::AwaitingSignOff, RolloutStatus::RolledBack, RolloutStatus::Completed})
        if (name == statusName(s))
            return s;
    return std::nullopt;
}

double RolloutState::percentage(const Plan &plan) const
{
    return stage && *stage < plan.stages.size() ? plan.stages[*stage].percentage : 0.0;
}

namespace {

constexpr std::size_t MinimumJustification = 20;

bool isRunning(const RolloutState &state)
{
    return state.stage && (state.status == RolloutStatus::Running || state.status == RolloutStatus::Holding
                           || state.status == RolloutStatus::AwaitingSignOff);
}

Error transitionError(const std::string &message)
{
    return makeError("invalid_transition", "", message);
}

Transition makeTransition(const Plan &plan, const RolloutState &from, RolloutState to, const std::string &actor,
                          std::string reason, const std::string &evidenceHash, TimePoint now, bool override = false)
{
    TransitionEvent event{actor, now, from.status, to.status, from.percentage(plan), to.percentage(plan),
                          std::move(reason), evidenceHash, override};
    return Transition{std::move(to), std::move(event)};
}

std::string joinReasons(const Decision &decision)
{
    std::string text;
    for (const Reason &r : decision.reasons)
        text += (text.empty() ? "" : " ") + r.message;
    return text;
}

RolloutState movedTo(const RolloutState &state, std::optional<std::size_t> stage, RolloutStatus status, TimePoint now)
{
    RolloutState next = state;
    next.stage = stage;
    next.status = status;
    next.stageStartedAt = now;
    next.consecutiveBreaches.clear();
    return next;
}

std::optional<Error> checkDecisionFits(const Plan &plan, const RolloutState &state, const Decision &decision)
{
    if (!isRunning(state))
        return transitionError(std::string("The rollout is ") + statusName(state.status) + ", not running.");
    if (std::fabs(decision.currentPercentage - state.percentage(plan)) > 1e-9)
        return transitionError("The decision was made for the " + std::to_string(decision.currentPercentage)
                               + "% stage, but the rollout is at " + std::to_string(state.percentage(plan)) + "%.");
    return std::nullopt;
}

} // namespace

Result<Transition> startRollout(const Plan &plan, const RolloutState &state, const std::string &actor, TimePoint now)
{
    if (state.status != RolloutStatus::Pending)
        return transitionError(std::string("Only a pending rollout can start; this one is ") + statusName(state.status) + ".");
    if (plan.stages.empty())
        return transitionError("The plan has no stages.");
    RolloutState next = movedTo(state, 0, RolloutStatus::Running, now);
    next.rolloutStartedAt = now;
    return makeTransition(plan, state, std::move(next), actor, "Rollout started at the first stage.", "", now);
}

RolloutState carryOver(const RolloutState &state, const Decision &decision)
{
    RolloutState next = state;
    next.consecutiveBreaches = decision.consecutiveBreaches;
    if (decision.look && decision.look->taken) {
        next.looks.push_back({decision.look->informationFraction, decision.look->boundaryZ, decision.look->nominalAlpha});
        for (const std::string &metric : decision.look->crossedMetrics)
            next.primaryCrossedAt.emplace(metric, decision.look->index);
        if (decision.look->crossed)
            next.efficacyLook = decision.look->index;
    }
    return next;
}

Result<Transition> applyDecision(const Plan &plan, const RolloutState &state, const Decision &decision,
                                 const std::string &actor, const std::string &evidenceHash, TimePoint now)
{
    if (auto e = checkDecisionFits(plan, state, decision))
        return *e;
    RolloutState next = carryOver(state, decision);
    switch (decision.action) {
    case Action::Advance: {
        const std::size_t stage = *state.stage + 1;
        if (stage >= plan.stages.size() || std::fabs(plan.stages[stage].percentage - decision.targetPercentage) > 1e-9)
            return transitionError("An advance may only go to the next stage of the plan.");
        RolloutState moved = movedTo(next, stage, RolloutStatus::Running, now);
        moved.lastStableStage = *state.stage;
        return makeTransition(plan, state, std::move(moved), actor, joinReasons(decision), evidenceHash, now);
    }
    case Action::Rollback: {
        const std::optional<std::size_t> target = state.lastStableStage;
        RolloutState moved = movedTo(next, target, RolloutStatus::RolledBack, now);
        return makeTransition(plan, state, std::move(moved), actor, joinReasons(decision), evidenceHash, now);
    }
    case Action::Complete:
        next.status = RolloutStatus::Completed;
        return makeTransition(plan, state, std::move(next), actor, joinReasons(decision), evidenceHash, now);
    case Action::Hold:
        break;
    }
    const bool onlySignOff = !decision.reasons.empty()
        && std::all_of(decision.reasons.begin(), decision.reasons.end(),
                       [](const Reason &r) { return r.code == std::string(reason::SignOffMissing); });
    next.status = onlySignOff ? RolloutStatus::AwaitingSignOff : RolloutStatus::Holding;
    return makeTransition(plan, state, std::move(next), actor, joinReasons(decision), evidenceHash, now);
}

Result<Transition> overrideAdvance(const Plan &plan, const RolloutState &state, const Decision &decision,
                                   const std::string &actor, const std::string &justification,
                                   const std::string &evidenceHash, TimePoint now)
{
    if (auto e = checkDecisionFits(plan, state, decision))
        return *e;
    if (decision.action == Action::Rollback)
        return transitionError("A rollback decision cannot be overridden into an advance.");
    if (justification.size() < MinimumJustification)
        return makeError(errc::InvalidArgument, "justification",
                         "An override needs a written justification of at least 20 characters.");
    const std::size_t stage = *state.stage + 1;
    if (stage >= plan.stages.size())
        return transitionError("The rollout is at its last stage; there is no stage to advance to.");
    RolloutState moved = movedTo(state, stage, RolloutStatus::Running, now);
    moved.lastStableStage = *state.stage;
    return makeTransition(plan, state, std::move(moved), actor,
                          "OVERRIDE: " + justification + " Overridden: " + joinReasons(decision), evidenceHash, now, true);
}

Result<Transition> manualHold(const Plan &plan, const RolloutState &state, const std::string &actor,
                              const std::string &why, TimePoint now)
{
    if (!isRunning(state))
        return transitionError(std::string("The rollout is ") + statusName(state.status) + ", not running.");
    RolloutState next = state;
    next.status = RolloutStatus::Holding;
    return makeTransition(plan, state, std::move(next), actor, "Manual hold: " + why, "", now);
}

Result<Transition> killSwitch(const Plan &plan, const RolloutState &state, const std::string &actor,
                              const std::string &why, TimePoint now)
{
    if (state.status == RolloutStatus::Pending)
        return transitionError("The rollout has not started: there is nothing to stop.");
    if (state.status == RolloutStatus::RolledBack && !state.stage)
        return transitionError("The rollout is already rolled back to 0%.");
    RolloutState moved = movedTo(state, std::nullopt, RolloutStatus::RolledBack, now);
    moved.lastStableStage.reset();
    return makeTransition(plan, state, std::move(moved), actor, "Kill switch (0%): " + why, "", now);
}

Result<Transition> manualRollback(const Plan &plan, const RolloutState &state, const std::string &actor,
                                  const std::string &why, TimePoint now)
{
    if (!isRunning(state))
        return transitionError(std::string("The rollout is ") + statusName(state.status) + ", not running.");
    RolloutState moved = movedTo(state, state.lastStableStage, RolloutStatus::RolledBack, now);
    return makeTransition(plan, state, std::move(moved), actor, "Manual rollback: " + why, "", now);
}

} // namespace rampart::rollout
