#pragma once

// The actions column of the architecture: the only code that writes the rollout flag. The
// audit record is written before the flag: the intent is made durable first (the outbox,
// fsync'd, with a unique record id), then the compare-and-set runs, then its outcome is
// recorded — applied, refused, not applied or unknown (docs/store.md, "Writing the flag").

#include "flags/flagstore.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "store/evidencestore.h"
#include "store/outbox.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace rampart::service {

namespace serviceerrc {
/// The intent could not be made durable, so the flag was not touched.
inline constexpr const char *AuditUnavailable = "audit_unavailable";
/// The flag store did not answer and reading the flag back could not tell whether the write
/// was applied (never reported as "unavailable": the flag may have changed).
inline constexpr const char *OutcomeUnknown = "write_outcome_unknown";
/// A state-moving write needs the version its decision was made on.
inline constexpr const char *ExpectedVersionRequired = "expected_version_required";
} // namespace serviceerrc

/// What became of the records of one change.
struct AuditDelivery
{
    std::optional<store::AuditEntry> stored; ///< the outcome record as stored (empty while queued)
    bool queued = false;                     ///< waiting in the outbox, delivered by a later flush
    std::string error;                       ///< why delivery failed for a reason other than an outage
};

/// Where audit records go. keep() must make a record durable before it returns.
class AuditSink
{
public:
    virtual ~AuditSink() = default;
    /// Makes `entry` durable (it gets a record id when it has none); fails only if it cannot.
    virtual Status keep(const store::AuditEntry &entry) = 0;
    /// Tries once, without waiting for anyone else's flush, to store what is kept. Bounded
    /// by the store's timeouts. `recordId` names the record the caller wants back.
    virtual AuditDelivery deliver(const std::string &recordId) = 0;
    /// The highest flag version recorded for `flag` (kept or stored; 0 when none known). May
    /// ask the store (bounded by its timeouts).
    virtual std::int64_t highestFlagVersion(const std::string &flag) = 0;
    /// The same from local sources only (never waits for the store).
    virtual std::int64_t localFlagVersion(const std::string &flag) { return highestFlagVersion(flag); }
    /// Remembers that `flag` reached `version` (best effort).
    virtual void noteFlagVersion(const std::string &flag, std::int64_t version) = 0;
};

/**
 * Audit records through the outbox (store::OutboxAuditWriter): kept in the fsync'd outbox,
 * then stored in the evidence store when it answers in time; flushed later when it does not.
 * The version floor is the highest of the outbox's high-water mark and the store's trail.
 *
 * Threads: deliver() uses the writer's store on a helper thread, which may outlive the call
 * (deliveryPending()). Give the sink (and its writer) an evidence store of its own — a
 * PgEvidenceStore is one connection, for one thread at a time — and use the sink from one
 * thread.
 */
class OutboxAuditSink final : public AuditSink
{
public:
    explicit OutboxAuditSink(store::OutboxAuditWriter &writer, store::EvidenceStore *store = nullptr)
        : m_writer(writer), m_store(store)
    {
    }
    /// Waits for a delivery still running in the background (bounded by the store's timeouts).
    ~OutboxAuditSink() override;
    OutboxAuditSink(const OutboxAuditSink &) = delete;
    OutboxAuditSink &operator=(const OutboxAuditSink &) = delete;

    Status keep(const store::AuditEntry &entry) override;
    /// Flushes on a helper thread and waits at most the delivery budget; a flush still running
    /// then goes on in the background (deliveryPending()) and the records count as queued.
    AuditDelivery deliver(const std::string &recordId) override;
    std::int64_t highestFlagVersion(const std::string &flag) override;
    std::int64_t localFlagVersion(const std::string &flag) override;
    void noteFlagVersion(const std::string &flag, std::int64_t version) override;

    /// How long deliver() waits for the store (1 s by default).
    void setDeliveryBudget(std::chrono::milliseconds budget) { m_deliveryBudget = budget; }
    /// A delivery is still running in the background. A process may exit without waiting for
    /// it: the records stay in the outbox and storing them again is idempotent.
    bool deliveryPending() const { return m_pending.load(); }

private:
    struct Delivery;
    store::OutboxAuditWriter &m_writer;
    store::EvidenceStore *m_store;
    std::chrono::milliseconds m_deliveryBudget{1000};
    std::atomic<bool> m_pending{false};
    std::shared_ptr<Delivery> m_delivery;
    std::thread m_thread;
    /// The store did not answer: until then, records only queue (one bounded wait per outage
    /// window, not one per call). Retried after 30 s.
    std::chrono::steady_clock::time_point m_storeDownUntil{};
    bool storeDown() const { return std::chrono::steady_clock::now() < m_storeDownUntil; }
};

/// How a flag write ended, as its outcome record says.
namespace outcome {
inline constexpr const char *Applied = "applied";        ///< the flag holds this change
inline constexpr const char *Refused = "refused";        ///< the store refused it (version conflict, bad data)
inline constexpr const char *NotApplied = "not_applied"; ///< the store did not answer; the flag is unchanged
inline constexpr const char *Unknown = "unknown";        ///< the store did not answer and the read-back could not tell
} // namespace outcome

/// What a flag write did: the flag as read back, and what happened to its audit records.
struct FlagChange
{
    flags::FlagState flag;
    std::string changeId;                   ///< the change's id: record ids "<id>/intent", "<id>/outcome"
    bool reconciled = false;                ///< the store's answer was lost; a read-back showed it applied
    std::optional<store::AuditEntry> audit; ///< the outcome record as stored (empty when queued)
    bool auditQueued = false;               ///< kept in the outbox, delivered later
    std::string auditError;                 ///< set when the outcome record could not be kept or stored
};

class RolloutService
{
public:
    RolloutService(std::string flagName, flags::FlagStore &flagStore, AuditSink &audit, const rollout::Clock &clock);

    /**
     * Sets the flag to `percentage` (compare-and-set against `expectedVersion` when given).
     * Order: intent record kept durably → compare-and-set (version floor from the audit trail,
     * so versions never go back) → outcome record kept → delivery tried. Errors: the flag
     * store's (VersionConflict and other refusals, with their outcome recorded),
     * serviceerrc::AuditUnavailable (nothing was written), serviceerrc::OutcomeUnknown (the
     * flag store did not answer and the read-back could not tell). An outcome that the
     * read-back proves applied is a success with `reconciled` set.
     */
    Result<FlagChange> setPercentage(double percentage, const std::string &stage, const std::string &actor,
                                     const std::string &reason, std::optional<std::int64_t> expectedVersion = {});

    /// Called once a write is known to be applied (the intent record durable, the flag store's
    /// answer in), before the outcome record is kept: the rollback lane confirms here.
    using AppliedCallback = std::function<void(const FlagChange &)>;

    /// The rollback button: the flag to `targetPercentage` (0 by default), stage "rollback".
    /// The only write that skips the compare-and-set: it wins against any concurrent write.
    /// `onApplied` (optional) hears of the applied write before the outcome record is kept.
    Result<FlagChange> rollback(const std::string &actor, const std::string &reason, double targetPercentage = 0.0,
                                const AppliedCallback &onApplied = {});

    /**
     * Puts a state-machine transition into effect: the flag follows the new stage and the
     * transition itself is audited ("transition", or "override" for overrides). A transition
     * that moves traffic is a compare-and-set against `expectedVersion`, the flag version the
     * decision was made on; only a transition into RolledBack may leave it empty (otherwise
     * serviceerrc::ExpectedVersionRequired). A transition that changes no traffic (a hold, a
     * completion) is recorded against the flag as read.
     */
    Result<FlagChange> applyTransition(const rollout::Plan &plan, const rollout::Transition &transition,
                                       std::optional<std::int64_t> expectedVersion);

    /// How long the service keeps re-reading the flag to learn a lost write's outcome.
    void setReconcileBudget(std::chrono::milliseconds budget) { m_reconcileBudget = budget; }

private:
    Result<FlagChange> write(flags::FlagWrite change, const std::string &action, const std::string &detailJson,
                             const AppliedCallback &onApplied = {});
    Result<FlagChange> recordOnly(const flags::FlagState &flag, const std::string &actor, const std::string &reason,
                                  const std::string &action, const std::string &detailJson);

    std::string m_flagName;
    flags::FlagStore &m_flags;
    AuditSink &m_audit;
    const rollout::Clock &m_clock;
    std::chrono::milliseconds m_reconcileBudget{3000};
};

} // namespace rampart::service
