#include "snapshotjson.h"

#include "flags/flagsubscriber.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/statejson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace rampart::service {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

QJsonObject missingToJson(const MissingPart &m)
{
    QJsonObject o{{QStringLiteral("part"), qs(m.part)}, {QStringLiteral("code"), qs(m.code)},
                  {QStringLiteral("message"), qs(m.message)}};
    if (!m.gate.empty())
        o.insert(QStringLiteral("gate"), qs(m.gate));
    return o;
}

QJsonObject evaluationToJson(const rollout::Plan &plan, const EvaluationSnapshot &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("type"), QStringLiteral("evaluation"));
    o.insert(QStringLiteral("at"), io::formatTime(s.at));
    o.insert(QStringLiteral("generation"), static_cast<qint64>(s.generation));
    o.insert(QStringLiteral("status"), QString::fromLatin1(rollout::statusName(s.state.status)));
    o.insert(QStringLiteral("percentage"), s.state.percentage(plan));
    if (s.evidence.flag)
        o.insert(QStringLiteral("flag"), QJsonObject{{QStringLiteral("percentage"), s.evidence.flag->percentage},
                                                     {QStringLiteral("version"), static_cast<qint64>(s.evidence.flag->version)},
                                                     {QStringLiteral("stage"), qs(s.evidence.flag->stage)}});
    else
        o.insert(QStringLiteral("flag"), QJsonValue::Null);
    if (s.decision) {
        o.insert(QStringLiteral("decision"), QString::fromLatin1(rollout::actionName(s.decision->action)));
        QJsonArray reasons;
        for (const rollout::Reason &r : s.decision->reasons)
            reasons.append(QJsonObject{{QStringLiteral("code"), qs(r.code)}, {QStringLiteral("gate"), qs(r.gate)},
                                       {QStringLiteral("message"), qs(r.message)}});
        o.insert(QStringLiteral("reasons"), reasons);
        if (s.decision->look)
            o.insert(QStringLiteral("look"), QJsonObject{{QStringLiteral("index"), s.decision->look->index},
                                                         {QStringLiteral("taken"), s.decision->look->taken},
                                                         {QStringLiteral("boundary_z"), io::toJson(s.decision->look->boundaryZ)},
                                                         {QStringLiteral("information_fraction"),
                                                          io::toJson(s.decision->look->informationFraction)}});
    } else {
        o.insert(QStringLiteral("decision"), QJsonValue::Null);
    }
    QJsonArray missing;
    for (const MissingPart &m : s.evidence.missing)
        missing.append(missingToJson(m));
    o.insert(QStringLiteral("missing"), missing);
    o.insert(QStringLiteral("acted"), qs(s.acted));
    if (!s.actionDetail.empty())
        o.insert(QStringLiteral("detail"), qs(s.actionDetail));
    o.insert(QStringLiteral("evidence_hash"), qs(s.evidenceHash));
    o.insert(QStringLiteral("looks_taken"), static_cast<int>(s.state.looks.size()));
    return o;
}

QJsonObject flagToJson(const flags::FlagState &f)
{
    return {{QStringLiteral("flag"), qs(f.name)},
            {QStringLiteral("percentage"), f.percentage},
            {QStringLiteral("stage"), qs(f.stage)},
            {QStringLiteral("version"), static_cast<qint64>(f.version)},
            {QStringLiteral("updated_by"), qs(f.updatedBy)},
            {QStringLiteral("updated_at"), qs(flags::formatTimestamp(f.updatedAt))},
            {QStringLiteral("reason"), qs(f.reason)},
            {QStringLiteral("change_id"), qs(f.changeId)}};
}

flags::FlagState flagFromJson(const QJsonObject &o)
{
    flags::FlagState f;
    f.name = o.value(QStringLiteral("flag")).toString().toStdString();
    f.percentage = o.value(QStringLiteral("percentage")).toDouble();
    f.stage = o.value(QStringLiteral("stage")).toString().toStdString();
    f.version = o.value(QStringLiteral("version")).toInteger();
    f.updatedBy = o.value(QStringLiteral("updated_by")).toString().toStdString();
    f.updatedAt = flags::parseTimestamp(o.value(QStringLiteral("updated_at")).toString().toStdString())
                      .value_or(rollout::TimePoint{});
    f.reason = o.value(QStringLiteral("reason")).toString().toStdString();
    f.changeId = o.value(QStringLiteral("change_id")).toString().toStdString();
    return f;
}

QJsonObject auditEntryToJson(const store::AuditEntry &e)
{
    QJsonObject o{{QStringLiteral("id"), static_cast<qint64>(e.id)},
                  {QStringLiteral("at"), io::formatTime(e.at)},
                  {QStringLiteral("actor"), qs(e.actor)},
                  {QStringLiteral("action"), qs(e.action)},
                  {QStringLiteral("subject"), qs(e.subject)},
                  {QStringLiteral("detail"), QJsonDocument::fromJson(QByteArray::fromStdString(e.detailJson)).object()},
                  {QStringLiteral("hash"), qs(e.hash)},
                  {QStringLiteral("previous_hash"), qs(e.previousHash)},
                  {QStringLiteral("record_id"), qs(e.recordId)},
                  {QStringLiteral("os_user"), qs(e.osUser)},
                  {QStringLiteral("db_role"), qs(e.dbRole)}};
    o.insert(QStringLiteral("flag_version"),
             e.flagVersion ? QJsonValue(static_cast<qint64>(*e.flagVersion)) : QJsonValue());
    return o;
}

Result<store::AuditEntry> auditEntryFromJson(const QJsonObject &o, const std::string &path)
{
    const auto text = [&](const char *key) { return o.value(QLatin1String(key)).toString().toStdString(); };
    store::AuditEntry e;
    e.recordId = text("record_id");
    e.actor = text("actor");
    e.action = text("action");
    e.subject = text("subject");
    e.osUser = text("os_user");
    for (const char *key : {"record_id", "actor", "action", "subject"})
        if (!o.value(QLatin1String(key)).isString() || o.value(QLatin1String(key)).toString().isEmpty())
            return makeError("missing_field", path + "." + key, path + "." + key + " must be a non-empty string.");
    auto at = io::parseTime(o.value(QStringLiteral("at")).toString(), path + ".at");
    if (!at)
        return at.error();
    e.at = *at;
    const QJsonValue detail = o.value(QStringLiteral("detail"));
    if (!detail.isObject())
        return makeError("wrong_type", path + ".detail", path + ".detail must be an object.");
    e.detailJson = QJsonDocument(detail.toObject()).toJson(QJsonDocument::Compact).toStdString();
    const QJsonValue version = o.value(QStringLiteral("flag_version"));
    if (version.isDouble() && version.toDouble() >= 1 && version.toDouble() == std::floor(version.toDouble()))
        e.flagVersion = version.toInteger();
    else if (!version.isNull() && !version.isUndefined())
        return makeError("wrong_type", path + ".flag_version",
                         path + ".flag_version must be null or a whole number ≥ 1.");
    return e;
}

QJsonObject healthToJson(const ConnectionHealth &h)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("health")},
                  {QStringLiteral("store"), QString::fromLatin1(connectionStateName(h.store))},
                  {QStringLiteral("flag_store"), QString::fromLatin1(connectionStateName(h.flagStore))},
                  {QStringLiteral("telemetry"), QString::fromLatin1(connectionStateName(h.telemetry))}};
    o.insert(QStringLiteral("subscription"), h.subscription ? QJsonValue(QString::fromLatin1(flags::subscriptionStateName(*h.subscription)))
                                                            : QJsonValue(QStringLiteral("none")));
    if (!h.note.empty())
        o.insert(QStringLiteral("note"), qs(h.note));
    return o;
}

QJsonObject commandResultToJson(const CommandResult &r)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("command")},
                  {QStringLiteral("id"), static_cast<qint64>(r.id)},
                  {QStringLiteral("command"), QString::fromLatin1(commandName(r.kind))},
                  {QStringLiteral("ok"), r.ok()},
                  {QStringLiteral("audit_queued"), r.auditQueued}};
    if (r.error)
        o.insert(QStringLiteral("error"), io::errorToJson(*r.error));
    if (r.flag)
        o.insert(QStringLiteral("flag"), QJsonObject{{QStringLiteral("percentage"), r.flag->percentage},
                                                     {QStringLiteral("version"), static_cast<qint64>(r.flag->version)},
                                                     {QStringLiteral("stage"), qs(r.flag->stage)}});
    return o;
}

} // namespace rampart::service
