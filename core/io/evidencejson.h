#pragma once

// The evidence snapshot and rollout position as JSON: what `rampartctl decide` reads, what
// the HTTP API accepts and what a sign-off's hash is taken over. Format: docs/evidence-format.md.

#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace rampart::io {

/// Everything `decide` needs besides the plan: where the rollout stands and the snapshot.
struct DecideInput
{
    rollout::RolloutState state;
    rollout::Evidence evidence;
    std::optional<double> targetPercentage; ///< the short request's "target_percentage"
};

/**
 * Reads an evidence document against a plan: "current_percentage" must be one of the plan's
 * stages, metric and gauge names must be the plan's, counts non-negative integers, times
 * ISO 8601 with a zone. Errors name the JSON path ("metrics.accuracy.treatment.successes").
 * `now` fills "captured_at" when absent.
 */
Result<DecideInput> parseDecideInput(const QJsonObject &object, const rollout::Plan &plan,
                                     rollout::TimePoint now);

/// ISO 8601 with a zone ("2026-11-20T12:00:00Z") → TimePoint; "invalid_argument" naming field.
Result<rollout::TimePoint> parseTime(const QString &text, const std::string &field);
QString formatTime(rollout::TimePoint t);

/// SHA-256 (hex) of the compact JSON of an evidence document, keys sorted: the hash a
/// sign-off records so it can be tied to exactly what the approver saw.
QString evidenceHash(const QJsonObject &evidence);

} // namespace rampart::io
