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
/// One audit record as JSON: id, at, actor, action, subject, detail (the object), hash,
/// previous_hash, record_id, flag_version, os_user, db_role (GET /api/audit).
QJsonObject auditEntryToJson(const store::AuditEntry &entry);
/// A record as a client queued it (auditEntryToJson's fields; id and hashes are the store's and
/// ignored): record_id, at and actor required, detail an object. Errors name `path`.field.
Result<store::AuditEntry> auditEntryFromJson(const QJsonObject &object, const std::string &path);
QJsonObject healthToJson(const ConnectionHealth &health);
QJsonObject commandResultToJson(const CommandResult &result);
QJsonObject missingToJson(const MissingPart &part);

/// The flag's state as JSON, the one form every reader and writer of it uses (`flag get`,
/// GET /api/flags/<flag>, the change notification, the stream): flag, percentage, stage,
/// version, updated_by, updated_at, reason, change_id (docs/flag-format.md).
QJsonObject flagToJson(const flags::FlagState &flag);
/// The inverse of flagToJson (missing fields stay at their defaults; an unreadable
/// updated_at is the epoch).
flags::FlagState flagFromJson(const QJsonObject &object);

} // namespace rampart::service
