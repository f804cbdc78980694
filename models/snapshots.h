#pragma once

// Immutable snapshots the models take whole. The engine's own value types (Decision, Plan,
// RolloutState, TransitionEvent, AuditEntry) are used as they are; these structs only bundle
// what one view needs from several of them, so a model is reset from one consistent moment.

#include "rollout/clock.h"
#include "rollout/decision.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "store/evidencestore.h"

#include <QString>

#include <optional>
#include <vector>

namespace rampart::models {

/// The controller's report that the saved state disagrees with the stage history or the
/// flag (service::StateProblem, without the service dependency): shown, never fixed silently.
struct StateProblemNote
{
    std::string code;    ///< service::stateerrc::* ("state_history_mismatch", "state_flag_mismatch", ...)
    std::string message; ///< the controller's English sentence, with the numbers
};

/// Where a rollout stands on its plan: the stage timeline's input.
struct TimelineSnapshot
{
    rollout::Plan plan;
    rollout::RolloutState state;
    std::vector<rollout::TransitionEvent> history; ///< in time order
    std::vector<rollout::SignOff> signOffs;
    rollout::TimePoint now;
    /// From the latest Decision: time still needed to reach the sample at the observed rate.
    std::optional<rollout::Duration> sampleWait;
    /// Found when the controller last loaded the state; empty when it agreed.
    std::vector<StateProblemNote> problems;
};

/// An audit log as read from a store, with the verdict of its hash chain.
struct AuditSnapshot
{
    QString source; ///< the file or connection it was read from
    std::vector<store::AuditEntry> entries;
    std::optional<store::AuditVerification> verification;
};

/// Everything one evaluation was made from, and what it said: enough to re-run it.
struct EvaluationInput
{
    rollout::Plan plan;
    rollout::RolloutState state;
    rollout::Evidence evidence;
    rollout::TimePoint now;
    rollout::Decision decision;
};

/// What a re-run may change about the plan (the rest stays as the original had it).
struct RerunSettings
{
    double alpha = 0.05;
    stats::SpendingFunction spending = stats::SpendingFunction::OBrienFleming;
    std::optional<double> guardrailMargin; ///< replaces every guardrail's non-inferiority margin
    double srmThreshold = 0.001;
    double serviceThresholdScale = 1.0;    ///< multiplies every service gate's threshold
};

/// The plan with the settings applied.
rollout::Plan applyRerunSettings(rollout::Plan plan, const RerunSettings &settings);

/// The settings the plan has now (the starting point of a re-run form).
RerunSettings rerunSettingsOf(const rollout::Plan &plan);

} // namespace rampart::models
