#pragma once

#include "rollout/decision.h"

#include <QJsonObject>

namespace rampart::io {

/**
 * A Decision as JSON: "decision" (advance | hold | rollback | complete) and "reason" (the
 * first reason's sentence) at the top, then the full structure — reasons, a row per gate,
 * metric analyses, the sample requirement, the sequential look and the breach counts.
 * Format: docs/decision-rules.md.
 */
QJsonObject decisionToJson(const rollout::Decision &decision);

} // namespace rampart::io
