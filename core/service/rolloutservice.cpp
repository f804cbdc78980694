#include "rolloutservice.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <condition_variable>
#include <mutex>
#include <thread>

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
                       {QStringLiteral("version"), static_cast<qint64>(f.version)}};
}

QJsonObject parseDetail(const std::string &detailJson)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(detailJson)).object();
}

/// Errors after which the write may or may not have been applied.
bool outcomeInDoubt(const Error &error)
{
    return error.code == flags::flagerrc::Unavailable || error.code == flags::flagerrc::NotConfirmed;
}

} // namespace

Status OutboxAuditSink::keep(const store::AuditEntry &entry)
{
    auto queued = m_writer.enqueue(entry);
    if (!queued)
        return queued.error();
    return Done{};
}

struct OutboxAuditSink::Delivery
{
    std::mutex mutex;
    std::condition_variable finished;
    std::optional<Result<store::OutboxFlushReport>> result;
};

OutboxAuditSink::~OutboxAuditSink()
{
    if (m_thread.joinable())
        m_thread.join();
}

AuditDelivery OutboxAuditSink::deliver(const std::string &recordId)
{
    AuditDelivery delivery;
    if (storeDown() || m_pending.load()) {
        delivery.queued = true;
        return delivery;
    }
    if (m_thread.joinable())
        m_thread.join(); // the previous delivery, finished
    auto state = std::make_shared<Delivery>();
    m_pending = true;
    m_thread = std::thread([this, state] {
        auto flushed = m_writer.flush(std::chrono::milliseconds(0));
        {
            const std::lock_guard lock(state->mutex);
            state->result.emplace(std::move(flushed));
        }
        state->finished.notify_all();
        m_pending = false;
    });
    std::unique_lock lock(state->mutex);
    if (!state->finished.wait_for(lock, m_deliveryBudget, [&] { return state->result.has_value(); })) {
        delivery.queued = true; // still talking to the store; it goes on in the background
        return delivery;
    }
    const Result<store::OutboxFlushReport> &flushed = *state->result;
    if (!flushed) {
        delivery.queued = true;
        const std::string &code = flushed.error().code;
        if (code == store::storeerrc::Unavailable)
            m_storeDownUntil = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        else if (code != store::outboxerrc::Busy)
            delivery.error = flushed.error().message;
        return delivery;
    }
    for (const store::AuditEntry &row : flushed->rows)
        if (row.recordId == recordId)
            delivery.stored = row;
    // Not among the rows: another process's flush took it (and stores it).
    delivery.queued = !delivery.stored;
    return delivery;
}

std::int64_t OutboxAuditSink::highestFlagVersion(const std::string &flag)
{
    std::int64_t highest = m_writer.highestFlagVersion(flag);
    // The store is not thread-safe: while a delivery runs in the background, it is busy.
    if (m_store && !storeDown() && !m_pending.load()) {
        auto stored = m_store->highestFlagVersion(flag);
        if (stored)
            highest = std::max(highest, *stored);
        else if (stored.error().code == store::storeerrc::Unavailable)
            m_storeDownUntil = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    }
    return highest;
}

std::int64_t OutboxAuditSink::localFlagVersion(const std::string &flag)
{
    return m_writer.highestFlagVersion(flag);
}

void OutboxAuditSink::noteFlagVersion(const std::string &flag, std::int64_t version)
{
    (void)m_writer.noteFlagVersion(flag, version);
}

RolloutService::RolloutService(std::string flagName, flags::FlagStore &flagStore, AuditSink &audit,
                               const rollout::Clock &clock)
    : m_flagName(std::move(flagName)), m_flags(flagStore), m_audit(audit), m_clock(clock)
{
}

Result<FlagChange> RolloutService::write(flags::FlagWrite change, const std::string &action,
                                         const std::string &detailJson, const AppliedCallback &onApplied)
{
    if (auto e = flags::validateWrite(change))
        return *e;
    change.changeId = store::newRecordId();
    // The local floor first; the audit trail only if the flag turns out to be missing.
    change.versionFloor = m_audit.localFlagVersion(m_flagName);
    change.floorIsFinal = false;
    const QJsonObject base = parseDetail(detailJson);

    // 1. The intent, durable before the flag is touched.
    store::AuditEntry intent;
    intent.at = m_clock.now();
    intent.actor = change.updatedBy;
    intent.action = action;
    intent.subject = m_flagName;
    intent.recordId = change.changeId + "/intent";
    QJsonObject intentDetail = base;
    intentDetail.insert(QStringLiteral("phase"), QStringLiteral("intent"));
    intentDetail.insert(QStringLiteral("change_id"), qs(change.changeId));
    intentDetail.insert(QStringLiteral("reason"), qs(change.reason));
    intentDetail.insert(QStringLiteral("to"), QJsonObject{{QStringLiteral("percentage"), change.percentage},
                                                          {QStringLiteral("stage"), qs(change.stage)}});
    intentDetail.insert(QStringLiteral("expected_version"), change.expectedVersion
                                                                ? QJsonValue(static_cast<qint64>(*change.expectedVersion))
                                                                : QJsonValue(QJsonValue::Null));
    intentDetail.insert(QStringLiteral("version_floor"), static_cast<qint64>(change.versionFloor));
    intent.detailJson = compact(intentDetail);
    if (auto kept = m_audit.keep(intent); !kept)
        return makeError(serviceerrc::AuditUnavailable, kept.error().field,
                         "The flag was not changed: its audit record could not be kept. " + kept.error().message);

    // 2. The compare-and-set, and what became of it.
    FlagChange result;
    result.changeId = change.changeId;
    auto written = m_flags.write(m_flagName, change);
    if (!written && written.error().code == flags::flagerrc::FloorNeeded) {
        // The flag is new, or the store lost it: continue above every version ever recorded.
        change.versionFloor = std::max(change.versionFloor, m_audit.highestFlagVersion(m_flagName));
        change.floorIsFinal = true;
        written = m_flags.write(m_flagName, change);
    }
    std::string verdict = outcome::Applied;
    std::optional<Error> failure;
    if (written) {
        result.flag = *written;
    } else if (!outcomeInDoubt(written.error())) {
        verdict = outcome::Refused;
        failure = written.error();
    } else if (written.error().field == "connection") {
        verdict = outcome::NotApplied; // the store could not be reached: nothing was sent
        failure = written.error();
    } else {
        // The answer was lost: the flag (its change_id) or the store's record of applied
        // changes says whether this change was applied, and as which version.
        verdict = outcome::Unknown;
        failure = written.error();
        const auto deadline = std::chrono::steady_clock::now() + m_reconcileBudget;
        for (;;) {
            auto read = m_flags.read(m_flagName);
            if (read && read->changeId == change.changeId) {
                verdict = outcome::Applied;
                result.flag = *read;
                break;
            }
            if (read || read.error().code == flags::flagerrc::NotFound) {
                auto applied = m_flags.appliedVersion(m_flagName, change.changeId);
                if (applied && *applied) {
                    // Applied, then overwritten by a later write.
                    verdict = outcome::Applied;
                    result.flag = flags::FlagState{m_flagName, change.percentage, change.stage, **applied,
                                                   change.updatedBy, m_clock.now(), change.reason, change.changeId};
                    break;
                }
                if (applied) {
                    verdict = outcome::NotApplied;
                    break;
                }
            }
            if (std::chrono::steady_clock::now() >= deadline)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (verdict == outcome::Applied) {
            result.reconciled = true;
            failure.reset();
        }
    }
    if (verdict == outcome::Applied && onApplied) {
        // The intent record is durable and the flag holds the change: a caller that waits
        // (the rollback lane) may confirm now; the version mark and the outcome record (two
        // more fsyncs) follow on this thread. A crash in between leaves the intent record,
        // and the flag's change_id tells the outcome.
        FlagChange early = result;
        early.auditQueued = true;
        onApplied(early);
    }
    if (verdict == outcome::Applied)
        m_audit.noteFlagVersion(m_flagName, result.flag.version);

    // 3. The outcome record, then one delivery attempt.
    store::AuditEntry done;
    done.at = m_clock.now();
    done.actor = change.updatedBy;
    done.action = action;
    done.subject = m_flagName;
    done.recordId = change.changeId + "/outcome";
    QJsonObject doneDetail = base;
    doneDetail.insert(QStringLiteral("phase"), QStringLiteral("outcome"));
    doneDetail.insert(QStringLiteral("change_id"), qs(change.changeId));
    doneDetail.insert(QStringLiteral("outcome"), QString::fromLatin1(verdict.c_str()));
    doneDetail.insert(QStringLiteral("reason"), qs(change.reason));
    doneDetail.insert(QStringLiteral("version_floor"), static_cast<qint64>(change.versionFloor));
    if (verdict == outcome::Applied) {
        doneDetail.insert(QStringLiteral("flag"), flagJson(result.flag));
        done.flagVersion = result.flag.version;
    }
    if (failure)
        doneDetail.insert(QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), qs(failure->code)}, {QStringLiteral("message"), qs(failure->message)}});
    done.detailJson = compact(doneDetail);
    if (auto kept = m_audit.keep(done); !kept) {
        result.auditError = "The outcome record could not be kept (the intent record " + intent.recordId
                          + " is): " + kept.error().message;
    } else {
        AuditDelivery delivery = m_audit.deliver(done.recordId);
        result.audit = delivery.stored;
        result.auditQueued = delivery.queued;
        result.auditError = delivery.error;
    }

    if (verdict == outcome::Applied)
        return result;
    if (verdict == outcome::Unknown)
        return makeError(serviceerrc::OutcomeUnknown, "flag",
                         "It is unknown whether the flag \"" + m_flagName + "\" was changed (change " + change.changeId
                             + "): " + failure->message
                             + " Reading it back failed too; run `rampartctl flag get` and compare its change_id.");
    if (verdict == outcome::NotApplied)
        return makeError(failure->code, failure->field,
                         failure->message + " The change was not applied.");
    return *failure;
}

Result<FlagChange> RolloutService::recordOnly(const flags::FlagState &flag, const std::string &actor,
                                              const std::string &reason, const std::string &action,
                                              const std::string &detailJson)
{
    FlagChange result;
    result.flag = flag;
    result.changeId = store::newRecordId();
    QJsonObject detail = parseDetail(detailJson);
    detail.insert(QStringLiteral("phase"), QStringLiteral("record"));
    detail.insert(QStringLiteral("flag"), flagJson(flag));
    detail.insert(QStringLiteral("reason"), qs(reason));
    store::AuditEntry entry;
    entry.at = m_clock.now();
    entry.actor = actor;
    entry.action = action;
    entry.subject = m_flagName;
    entry.recordId = result.changeId;
    entry.detailJson = compact(detail);
    if (auto kept = m_audit.keep(entry); !kept)
        return makeError(serviceerrc::AuditUnavailable, kept.error().field,
                         "The record could not be kept: " + kept.error().message);
    AuditDelivery delivery = m_audit.deliver(entry.recordId);
    result.audit = delivery.stored;
    result.auditQueued = delivery.queued;
    result.auditError = delivery.error;
    return result;
}

Result<FlagChange> RolloutService::setPercentage(double percentage, const std::string &stage, const std::string &actor,
                                                 const std::string &reason, std::optional<std::int64_t> expectedVersion)
{
    flags::FlagWrite change{percentage, stage, actor, reason, expectedVersion, {}, 0};
    return write(std::move(change), "flag_write", "{}");
}

Result<FlagChange> RolloutService::rollback(const std::string &actor, const std::string &reason, double targetPercentage,
                                            const AppliedCallback &onApplied)
{
    // No expected version: a rollback must win against any concurrent write.
    flags::FlagWrite change{targetPercentage, "rollback", actor, reason, std::nullopt, {}, 0};
    return write(std::move(change), "rollback", "{}", onApplied);
}

Result<FlagChange> RolloutService::applyTransition(const rollout::Plan &plan, const rollout::Transition &transition,
                                                   std::optional<std::int64_t> expectedVersion)
{
    const rollout::TransitionEvent &e = transition.event;
    const double target = transition.state.percentage(plan);
    const bool rollingBack = transition.state.status == rollout::RolloutStatus::RolledBack;
    const std::string stage = transition.state.stage ? plan.stages[*transition.state.stage].name
                                                     : std::string("rollback");
    const QJsonObject detail{{QStringLiteral("from_status"), QString::fromLatin1(rollout::statusName(e.fromStatus))},
                             {QStringLiteral("to_status"), QString::fromLatin1(rollout::statusName(e.toStatus))},
                             {QStringLiteral("from_percentage"), e.fromPercentage},
                             {QStringLiteral("to_percentage"), e.toPercentage},
                             {QStringLiteral("evidence_hash"), qs(e.evidenceHash)},
                             {QStringLiteral("override"), e.override}};
    const std::string action = e.override ? "override" : "transition";
    if (e.fromPercentage == e.toPercentage && !rollingBack) {
        // A hold or a completion changes no traffic: record it against the flag as it is.
        auto current = m_flags.read(m_flagName);
        if (!current)
            return current.error();
        if (expectedVersion && current->version != *expectedVersion)
            return makeError(flags::flagerrc::VersionConflict, "expected_version",
                             "The flag \"" + m_flagName + "\" changed underneath: the decision was made on version "
                                 + std::to_string(*expectedVersion) + ", but the store has version "
                                 + std::to_string(current->version) + ".");
        return recordOnly(*current, e.actor, e.reason, action, compact(detail));
    }
    if (!expectedVersion && !rollingBack)
        return makeError(serviceerrc::ExpectedVersionRequired, "expected_version",
                         "A transition that moves traffic is a compare-and-set against the flag version its decision "
                         "was made on; only a rollback may skip it.");
    flags::FlagWrite change{target, stage, e.actor, e.reason, rollingBack ? std::nullopt : expectedVersion, {}, 0};
    return write(std::move(change), action, compact(detail));
}

} // namespace rampart::service
