#pragma once

// The controller's snapshots as JSON: one compact object per evaluation (the watchdog's log
// line, the HTTP API's answer), the connection health, and a command result.

#include "service/rolloutcontroller.h"

#include <QJsonObject>

namespace rampart::service {

/**
 * One evaluation: {"type":"evaluation","at","generation","status","percentage","flag",
 * "decision","reasons":[codes],"missing":[parts],"acted","detail","evidence_hash",
 * "looks","consecutive_breaches"}. docs/controller.md lists the fields.
 */
QJsonObject evaluationToJson(const rollout::Plan &plan, const EvaluationSnapshot &snapshot);
QJsonObject healthToJson(const ConnectionHealth &health);
QJsonObject commandResultToJson(const CommandResult &result);
QJsonObject missingToJson(const MissingPart &part);

} // namespace rampart::service
