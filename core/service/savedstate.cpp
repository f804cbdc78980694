#include "savedstate.h"

#include "io/statejson.h"

#include <QString>

#include <cmath>

namespace rampart::service {

using namespace rampart::rollout;

namespace {

std::string pct(double p)
{
    return QString::number(p).toStdString() + "%";
}

} // namespace

Result<store::SavedRolloutState> saveState(store::RolloutRecords &records, const Plan &plan, const RolloutState &state,
                                           std::int64_t flagVersion, const std::string &actor, TimePoint now)
{
    store::SavedRolloutState saved;
    saved.agent = plan.agent;
    saved.stateJson = io::stateToText(plan, state);
    saved.status = statusName(state.status);
    saved.percentage = state.percentage(plan);
    saved.flagVersion = flagVersion;
    saved.savedAt = now;
    saved.savedBy = actor;
    return records.saveRolloutState(saved);
}

std::vector<StateProblem> checkState(const Plan &plan, const RolloutState &state,
                                     const std::optional<std::vector<TransitionEvent>> &history,
                                     const std::optional<flags::FlagState> &flag)
{
    std::vector<StateProblem> problems;
    const double percentage = state.percentage(plan);
    if (history) {
        if (history->empty()) {
            if (state.status != RolloutStatus::Pending)
                problems.push_back({stateerrc::HistoryMismatch,
                                    std::string("The saved state is ") + statusName(state.status) + " at " + pct(percentage)
                                        + " but the stage history has no transition."});
        } else {
            const TransitionEvent &last = history->back();
            if (last.toStatus != state.status || std::fabs(last.toPercentage - percentage) > 1e-9)
                problems.push_back({stateerrc::HistoryMismatch,
                                    std::string("The saved state is ") + statusName(state.status) + " at " + pct(percentage)
                                        + " but the last recorded transition ended " + statusName(last.toStatus) + " at "
                                        + pct(last.toPercentage) + "."});
        }
    }
    if (flag && state.status != RolloutStatus::Pending && std::fabs(flag->percentage - percentage) > 1e-9)
        problems.push_back({stateerrc::FlagMismatch, "The saved state is at " + pct(percentage) + " but the flag "
                                                         + flag->name + " is at " + pct(flag->percentage) + " (version "
                                                         + std::to_string(flag->version) + ", written by " + flag->updatedBy + ")."});
    return problems;
}

Result<LoadedState> loadState(store::RolloutRecords &records, const Plan &plan,
                              const std::optional<std::vector<TransitionEvent>> &history,
                              const std::optional<flags::FlagState> &flag)
{
    auto saved = records.loadRolloutState(plan.agent);
    if (!saved)
        return saved.error();
    LoadedState out;
    if (*saved) {
        auto state = io::stateFromText((*saved)->stateJson, plan);
        if (!state)
            return makeError(stateerrc::Unreadable, state.error().field,
                             "The saved rollout state of " + plan.agent + " does not fit the plan: " + state.error().message);
        out.state = std::move(state).value();
        out.saved = *saved;
    }
    out.problems = checkState(plan, out.state, history, flag);
    return out;
}

Result<Transition> resumeRollout(const Plan &plan, const RolloutState &state, const std::string &actor,
                                 const std::string &why, TimePoint now)
{
    if (state.status != RolloutStatus::RolledBack)
        return makeError("invalid_transition", "",
                         std::string("Only a rolled-back rollout can resume; this one is ") + statusName(state.status) + ".");
    if (plan.stages.empty())
        return makeError("invalid_transition", "", "The plan has no stages.");
    // A resume is a new attempt of the experiment (after a fix, with a written reason): the
    // evidence window restarts, so the data that caused the rollback no longer count against
    // it, and the sequential test restarts with it — its looks were taken on the old
    // attempt's data. Within the attempt, looks are spent as always (docs/decision-rules.md).
    RolloutState next = state;
    next.stage = state.stage.value_or(0);
    next.status = RolloutStatus::Running;
    next.rolloutStartedAt = now;
    next.stageStartedAt = now;
    next.looks.clear();
    next.efficacyLook.reset();
    next.primaryCrossedAt.clear();
    next.consecutiveBreaches.clear();
    TransitionEvent event{actor, now, state.status, next.status, state.percentage(plan), next.percentage(plan),
                          "Resumed after a rollback: " + why, "", false};
    return Transition{std::move(next), std::move(event)};
}

} // namespace rampart::service
