#pragma once

// The rollout flag: where the serving system reads which share of traffic gets the new
// behaviour. Wire format: docs/flag-format.md. Every write is a compare-and-set.

#include "rollout/clock.h"
#include "stats/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::flags {

/// Error codes of flag stores (besides rampart::errc).
namespace flagerrc {
inline constexpr const char *VersionConflict = "version_conflict"; ///< expected version did not match
/// Cannot reach the store (timeout, refused, auth). With field "connection" the request was
/// never sent (the connection could not be made), so a write is known not to be applied;
/// otherwise a write's outcome is unknown until the flag is read.
inline constexpr const char *Unavailable = "store_unavailable";
inline constexpr const char *NotFound = "flag_not_found";
inline constexpr const char *NotConfirmed = "write_not_confirmed"; ///< read-back differs from what was written
inline constexpr const char *Malformed = "flag_malformed";         ///< the stored hash cannot be read as a flag
/// The flag does not exist and the write's version floor was not final (nothing was written).
inline constexpr const char *FloorNeeded = "version_floor_needed";
} // namespace flagerrc

struct FlagState
{
    std::string name;
    double percentage = 0.0;      ///< 0–100, share of units on the new behaviour
    std::string stage;            ///< the plan's stage name, or "rollback"
    std::int64_t version = 0;     ///< bumped by every write; 0 = never written
    std::string updatedBy;
    rollout::TimePoint updatedAt;
    std::string reason;
    /// The id of the audited change that wrote this state (the audit record id); empty for
    /// flags written before change ids existed. Lets a writer whose reply was lost learn
    /// whether its own write is the one stored (docs/flag-format.md).
    std::string changeId;
};

struct FlagWrite
{
    double percentage = 0.0;
    std::string stage;
    std::string updatedBy;
    std::string reason;
    /// Compare-and-set: the write fails with VersionConflict unless the stored version is
    /// this one. Empty means "whatever is there" (still atomic, still bumps the version).
    std::optional<std::int64_t> expectedVersion;
    /// Stored in the flag's change_id field; the audit record id of this change.
    std::string changeId{};
    /// Versions never go back: the new version is max(stored version, floor) + 1. The floor
    /// is the highest version the audit trail has seen, so a Redis that lost its data does
    /// not hand out a version number twice. The compare-and-set still compares against the
    /// stored version.
    std::int64_t versionFloor = 0;
    /// False: the floor came from local sources only. If the flag does not exist (never
    /// written, or lost by the store), the write is then refused with FloorNeeded, so the
    /// caller can consult the audit trail — which may be slow — only in that case.
    bool floorIsFinal = true;
};

/**
 * A flag store. Implementations are thread-safe; calls block for at most the store's
 * timeouts, so callers run them on a worker thread (the rollout controller's), never on the
 * UI thread.
 */
class FlagStore
{
public:
    virtual ~FlagStore() = default;

    /// The stored flag; NotFound if it was never written (serving systems treat that as 0%).
    virtual Result<FlagState> read(const std::string &flag) = 0;
    /**
     * Compare-and-set write; on success the state as read back after the write (the new
     * version, ready for an audit record). Errors: errc::InvalidArgument (see validateWrite,
     * validateFlagName), VersionConflict (message names the expected and the actual version),
     * Unavailable (the write's outcome is unknown: read the flag to learn it), NotConfirmed.
     */
    virtual Result<FlagState> write(const std::string &flag, const FlagWrite &change) = 0;
    /**
     * Whether the write with change id `changeId` was applied, and as which version: for a
     * writer whose answer was lost. nullopt when it was not applied (among the store's recent
     * writes; the Redis store remembers the newest 1000). Errors: Unavailable. The default
     * only knows the change the flag holds now, and otherwise cannot tell (Unavailable).
     */
    virtual Result<std::optional<std::int64_t>> appliedVersion(const std::string &flag, const std::string &changeId);
};

/**
 * An in-memory store with the same semantics, for the demo and unit tests. updated_at comes
 * from @p clock (the system clock when null), so an accelerated demo clock shows in the flag.
 */
std::unique_ptr<FlagStore> makeMemoryFlagStore(std::shared_ptr<const rollout::Clock> clock = nullptr);

/**
 * Sticky bucketing: bucket = FNV-1a 64(salt ‖ ":" ‖ unit id) mod 10000. A unit is on the new
 * behaviour when bucket < percentage × 100, so raising 25% → 50% keeps everyone who was
 * already on it. The serving system must use exactly this function (docs/flag-format.md).
 */
std::uint32_t bucketOf(std::string_view unitId, std::string_view salt);
bool inTreatment(std::string_view unitId, std::string_view salt, double percentage);

/// Checks a write request: percentage in [0, 100], non-empty updated_by and reason,
/// expected version ≥ 0, version floor ≥ 0, change id of at most 128 printable ASCII
/// characters. The error's field is "percentage", "updated_by", "reason", "expected_version",
/// "version_floor" or "change_id".
std::optional<Error> validateWrite(const FlagWrite &change);

/// Flag names are 1–128 characters of [A-Za-z0-9_.-] (they become part of a Redis key).
std::optional<Error> validateFlagName(std::string_view flag);

/// updated_at on the wire: ISO 8601 UTC, "2024-05-01T12:00:00Z".
std::string formatTimestamp(rollout::TimePoint t);
/// The inverse of formatTimestamp; only the exact "YYYY-MM-DDTHH:MM:SSZ" form.
std::optional<rollout::TimePoint> parseTimestamp(std::string_view text);
/// percentage on the wire: the shortest decimal that reads back as the same double ("25", "12.5").
std::string formatPercentage(double percentage);
/// The inverse of formatPercentage; nullopt unless the whole text is a finite decimal number.
std::optional<double> parsePercentage(std::string_view text);

} // namespace rampart::flags
