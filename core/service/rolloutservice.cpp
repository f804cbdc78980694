#include "rolloutservice.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rampart::service {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

QJsonObject flagJson(const flags::FlagState &f)
{
    return QJsonObject{{QStringLiteral("percentage"), f.percentage},
                       {QStringLiteral("stage"), qs(f.stage)},
                       {QStringLiteral("version"), static_cast<double>(f.version)}};
}

} // namespace

Result<store::AuditEntry> OutboxAuditSink::append(store::AuditEntry entry, bool &queued)
{
    auto written = m_writer.append(entry);
    if (!written)
        return written.error();
    queued = written->queued;
    return written->entry;
}

RolloutService::RolloutService(std::string flagName, flags::FlagStore &flagStore, AuditSink &audit,
                               const rollout::Clock &clock)
    : m_flagName(std::move(flagName)), m_flags(flagStore), m_audit(audit), m_clock(clock)
{
}

Result<FlagChange> RolloutService::write(const flags::FlagWrite &change, const std::string &action,
                                         const std::string &detailJson)
{
    auto written = m_flags.write(m_flagName, change);
    if (!written)
        return written.error();
    return recorded(*written, change.updatedBy, change.reason, action, detailJson);
}

FlagChange RolloutService::recorded(const flags::FlagState &flag, const std::string &actor, const std::string &reason,
                                    const std::string &action, const std::string &detailJson)
{
    FlagChange result;
    result.flag = flag;
    QJsonObject detail = QJsonDocument::fromJson(QByteArray::fromStdString(detailJson)).object();
    detail.insert(QStringLiteral("flag"), flagJson(flag));
    detail.insert(QStringLiteral("reason"), qs(reason));
    store::AuditEntry entry;
    entry.at = m_clock.now();
    entry.actor = actor;
    entry.action = action;
    entry.subject = m_flagName;
    entry.detailJson = compact(detail);
    bool queued = false;
    auto stored = m_audit.append(std::move(entry), queued);
    if (stored)
        result.audit = *stored;
    else
        result.auditError = stored.error().message;
    result.auditQueued = queued;
    return result;
}

Result<FlagChange> RolloutService::setPercentage(double percentage, const std::string &stage, const std::string &actor,
                                                 const std::string &reason, std::optional<std::int64_t> expectedVersion)
{
    const flags::FlagWrite change{percentage, stage, actor, reason, expectedVersion};
    if (auto e = flags::validateWrite(change))
        return *e;
    return write(change, "flag_write", "{}");
}

Result<FlagChange> RolloutService::rollback(const std::string &actor, const std::string &reason, double targetPercentage)
{
    // No expected version: a rollback must win against any concurrent write.
    const flags::FlagWrite change{targetPercentage, "rollback", actor, reason, std::nullopt};
    if (auto e = flags::validateWrite(change))
        return *e;
    return write(change, "rollback", "{}");
}

Result<FlagChange> RolloutService::applyTransition(const rollout::Plan &plan, const rollout::Transition &transition,
                                                   std::optional<std::int64_t> expectedVersion)
{
    const rollout::TransitionEvent &e = transition.event;
    const double target = transition.state.percentage(plan);
    const std::string stage = transition.state.stage ? plan.stages[*transition.state.stage].name
                                                     : std::string("rollback");
    const QJsonObject detail{{QStringLiteral("from_status"), QString::fromLatin1(rollout::statusName(e.fromStatus))},
                             {QStringLiteral("to_status"), QString::fromLatin1(rollout::statusName(e.toStatus))},
                             {QStringLiteral("from_percentage"), e.fromPercentage},
                             {QStringLiteral("to_percentage"), e.toPercentage},
                             {QStringLiteral("evidence_hash"), qs(e.evidenceHash)},
                             {QStringLiteral("override"), e.override}};
    const std::string action = e.override ? "override" : "transition";
    if (e.fromPercentage == e.toPercentage && transition.state.status != rollout::RolloutStatus::RolledBack) {
        // A hold or a completion changes no traffic: record it against the flag as it is.
        auto current = m_flags.read(m_flagName);
        if (!current)
            return current.error();
        return recorded(*current, e.actor, e.reason, action, compact(detail));
    }
    const flags::FlagWrite change{target, stage, e.actor, e.reason, expectedVersion};
    if (auto err = flags::validateWrite(change))
        return *err;
    return write(change, action, compact(detail));
}

} // namespace rampart::service
