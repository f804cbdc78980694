#pragma once

// The rollout plan as JSON: the file operators write (resources/plans/*.json), what
// `rampartctl plan validate|show` and `decide` read, and what the GUI's planner saves.
// Format: docs/plan-format.md; JSON Schema: resources/schema/plan.schema.json.

#include "rollout/plan.h"
#include "stats/result.h"

#include <QJsonObject>
#include <QString>

namespace rampart::io {

/// The plan format this codec reads and writes ("schema_version").
inline constexpr int PlanSchemaVersion = 1;

/**
 * Reads a plan object. Shape errors come first and name the JSON path of the first
 * problem: "missing_field" (e.g. "stages[1].percentage"), "wrong_type", "unknown_field"
 * (a typo is never a silent default), "invalid_argument" for a value outside its choices
 * (listing the valid ones) or a schema_version other than 1. Then rollout::validatePlan()
 * checks the semantics; its Error is returned as is (its field is already the JSON path).
 *
 * Absent optional fields take the defaults of rollout::Plan's member initializers;
 * "min_dwell_hours" may be fractional and is rounded to whole seconds.
 */
Result<rollout::Plan> parsePlan(const QJsonObject &object);

/// Reads and parses a plan file: "io_error" naming the path when it cannot be read,
/// "invalid_json" with the offset when it is not a JSON object, else as parsePlan().
Result<rollout::Plan> loadPlanFile(const QString &path);

/// The inverse of parsePlan(): every field written explicitly except empty labels, names
/// and queries and an absent max_incidents, so parsePlan(planToJson(p)) reproduces p.
QJsonObject planToJson(const rollout::Plan &plan);

/// The JSON spellings of the plan's enums ("binary", "higher_is_better", "welch-t", …),
/// shared with the CLI and reports so a plan reads the same everywhere.
const char *metricKindName(rollout::MetricKind kind);
const char *metricRoleName(rollout::MetricRole role);
const char *directionName(rollout::Direction direction);
const char *metricTestName(rollout::MetricTest test);
const char *comparisonName(rollout::Comparison comparison);
const char *measureName(rollout::BusinessGate::Measure measure);
const char *basisName(rollout::BusinessGate::Basis basis);

} // namespace rampart::io
