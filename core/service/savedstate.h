#pragma once

// The rollout state as saved in the store, and the checks made when it is loaded: a state
// that disagrees with the stage history or the flag is reported, never silently fixed.

#include "flags/flagstore.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "store/evidencestore.h"
#include "store/rolloutrecords.h"

#include <optional>
#include <string>
#include <vector>

namespace rampart::service {

/// Codes of StateProblem.
namespace stateerrc {
inline constexpr const char *HistoryMismatch = "state_history_mismatch"; ///< last transition ≠ saved state
inline constexpr const char *FlagMismatch = "state_flag_mismatch";       ///< flag percentage ≠ saved stage
inline constexpr const char *Unreadable = "state_unreadable";            ///< the saved JSON does not fit the plan
} // namespace stateerrc

struct StateProblem
{
    std::string code;
    std::string message;
};

struct LoadedState
{
    rollout::RolloutState state;      ///< a Pending state when nothing was saved
    std::optional<store::SavedRolloutState> saved;
    std::vector<StateProblem> problems;
};

/// Serialises `state` (io::stateToText) and saves it with the flag version it stands on.
Result<store::SavedRolloutState> saveState(store::RolloutRecords &records, const rollout::Plan &plan,
                                           const rollout::RolloutState &state, std::int64_t flagVersion,
                                           const std::string &actor, rollout::TimePoint now);

/**
 * Loads the agent's saved state and checks it against the stage history (the last
 * transition must end where the state is: same status and percentage) and the flag (same
 * percentage, for a started rollout). Disagreements are listed in `problems`; the state is
 * returned as saved. A saved document that no longer fits the plan is an error
 * (stateerrc::Unreadable), never replaced by a fresh state. `history` and `flag` may be
 * empty when unavailable (then that check is skipped).
 */
Result<LoadedState> loadState(store::RolloutRecords &records, const rollout::Plan &plan,
                              const std::optional<std::vector<rollout::TransitionEvent>> &history,
                              const std::optional<flags::FlagState> &flag);

/// The consistency checks of loadState on a state in hand.
std::vector<StateProblem> checkState(const rollout::Plan &plan, const rollout::RolloutState &state,
                                     const std::optional<std::vector<rollout::TransitionEvent>> &history,
                                     const std::optional<flags::FlagState> &flag);

/**
 * Resumes a rolled-back rollout at the stage it fell back to (the first stage after a
 * rollback to 0%), running again with a fresh stage clock. The looks and breach counts taken
 * so far are kept: alpha once spent stays spent.
 */
Result<rollout::Transition> resumeRollout(const rollout::Plan &plan, const rollout::RolloutState &state,
                                          const std::string &actor, const std::string &why, rollout::TimePoint now);

} // namespace rampart::service
