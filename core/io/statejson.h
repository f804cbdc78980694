#pragma once

// RolloutState ⇄ JSON: the form the controller saves in both stores (rollout_state.state_json)
// and shows in its JSON lines, and the evidence document of a live snapshot in the shape
// `rampartctl decide --evidence` reads (docs/evidence-format.md), so a live decision can be
// replayed offline. Format: docs/controller.md.

#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"

#include <QJsonObject>
#include <QString>

namespace rampart::io {

/**
 * The saved form of a rollout state: status, stage (index and percentage, so a plan edited
 * under a running rollout is noticed), the start times, the last stable stage, every
 * sequential look taken with its boundary (doubles written in their shortest round-trip
 * form, so a reloaded boundary is bit-identical), the efficacy look and the breach counts.
 */
QJsonObject stateToJson(const rollout::Plan &plan, const rollout::RolloutState &state);

/**
 * The inverse of stateToJson against a plan. Errors (invalid_argument, missing_field,
 * wrong_type, unknown_field) name the JSON path: an unknown status, a stage index outside
 * the plan, a stage whose percentage is not the plan's, a look with a non-finite boundary or
 * an information fraction outside (0, 1], an efficacy look that was never taken.
 */
Result<rollout::RolloutState> stateFromJson(const QJsonObject &object, const rollout::Plan &plan);

/**
 * A saved rollout state from a file, for judging an evidence snapshot in it (`decide
 * --state`, the shipped examples' `state-*.json`): the state JSON itself or an object
 * holding it as `state_json` (a rollout_state row). Its stage must be the snapshot's
 * (`atStage`), else invalid_argument naming current_percentage; loadJsonFile's and
 * stateFromJson's errors otherwise.
 */
Result<rollout::RolloutState> loadSavedState(const QString &path, const rollout::Plan &plan,
                                             const rollout::RolloutState &atStage);

/// One stage-history row (a start, advance, hold, resume or rollback) as JSON: actor, at (ISO
/// 8601), from_status, to_status, from_percentage, to_percentage, reason, evidence_hash,
/// override. docs/api.md (GET /api/rollout/history, the stream's "state" events).
QJsonObject transitionToJson(const rollout::TransitionEvent &event);
/// The inverse of transitionToJson; errors name the field (prefixed by `path`).
Result<rollout::TransitionEvent> transitionFromJson(const QJsonObject &object, const QString &path = {});

/// stateToJson as compact text (what the stores keep), and its inverse.
std::string stateToText(const rollout::Plan &plan, const rollout::RolloutState &state);
Result<rollout::RolloutState> stateFromText(const std::string &text, const rollout::Plan &plan);

/**
 * An evidence document (docs/evidence-format.md) for a snapshot and the state it is judged
 * in: parseDecideInput() reads it back into the same RolloutState position and Evidence.
 * The state part (current_percentage, looks, …) is written only when the state has a stage.
 * Its evidenceHash() is the hash a sign-off given on this snapshot records.
 */
QJsonObject evidenceDocument(const rollout::Plan &plan, const rollout::RolloutState &state,
                             const rollout::Evidence &evidence);

} // namespace rampart::io
