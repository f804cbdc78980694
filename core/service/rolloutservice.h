#pragma once

// The actions column of the architecture: the only code that writes the rollout flag. Each
// write is a compare-and-set in the flag store followed by an audit record; a rollback waits
// for nothing but the flag store (the audit record may wait in the outbox).

#include "flags/flagstore.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "store/evidencestore.h"
#include "store/outbox.h"

#include <optional>
#include <string>

namespace rampart::service {

/// Where audit records go: the evidence store directly, or an outbox in front of it.
class AuditSink
{
public:
    virtual ~AuditSink() = default;
    /// Appends an entry. `queued` is set when the entry was kept locally for later delivery.
    virtual Result<store::AuditEntry> append(store::AuditEntry entry, bool &queued) = 0;
};

/// Audit records through the outbox: stored when PostgreSQL answers, parked locally (and
/// flushed later) when it does not — so a rollback never waits for the database.
class OutboxAuditSink final : public AuditSink
{
public:
    explicit OutboxAuditSink(store::OutboxAuditWriter &writer) : m_writer(writer) {}
    Result<store::AuditEntry> append(store::AuditEntry entry, bool &queued) override;

private:
    store::OutboxAuditWriter &m_writer;
};

/// What a flag write did: the flag as read back, and what happened to its audit record.
struct FlagChange
{
    flags::FlagState flag;
    std::optional<store::AuditEntry> audit; ///< the record as stored (empty when queued)
    bool auditQueued = false;               ///< kept in the outbox, delivered later
    std::string auditError;                 ///< set when the record could not be kept at all
};

class RolloutService
{
public:
    RolloutService(std::string flagName, flags::FlagStore &flagStore, AuditSink &audit, const rollout::Clock &clock);

    /**
     * Sets the flag to `percentage` (compare-and-set against `expectedVersion` when given),
     * then records a "flag_write" audit entry with the old and new values. The flag write is
     * the operation: its errors (conflict, unavailable) are returned; an audit problem after
     * a successful write is reported in the FlagChange, never by undoing the write.
     */
    Result<FlagChange> setPercentage(double percentage, const std::string &stage, const std::string &actor,
                                     const std::string &reason, std::optional<std::int64_t> expectedVersion = {});

    /// The rollback button: the flag to `targetPercentage` (0 by default), stage "rollback".
    Result<FlagChange> rollback(const std::string &actor, const std::string &reason, double targetPercentage = 0.0);

    /// Puts a state-machine transition into effect: the flag follows the new stage and the
    /// transition itself is audited ("transition", or "override" for overrides). A flag write
    /// is a compare-and-set against `expectedVersion` when given (the version the decision
    /// was made on); only a rollback should pass none.
    Result<FlagChange> applyTransition(const rollout::Plan &plan, const rollout::Transition &transition,
                                       std::optional<std::int64_t> expectedVersion = std::nullopt);

private:
    Result<FlagChange> write(const flags::FlagWrite &change, const std::string &action, const std::string &detailJson);
    FlagChange recorded(const flags::FlagState &flag, const std::string &actor, const std::string &reason,
                        const std::string &action, const std::string &detailJson);

    std::string m_flagName;
    flags::FlagStore &m_flags;
    AuditSink &m_audit;
    const rollout::Clock &m_clock;
};

} // namespace rampart::service
