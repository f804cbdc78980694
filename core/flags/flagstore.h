#pragma once

// The rollout flag: where the serving system reads which share of traffic gets the new
// behaviour. Wire format: docs/flag-format.md. Every write is a compare-and-set.

#include "rollout/clock.h"
#include "stats/result.h"

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::flags {

/// Error codes of flag stores (besides rampart::errc).
namespace flagerrc {
inline constexpr const char *VersionConflict = "version_conflict"; ///< expected version did not match
inline constexpr const char *Unavailable = "store_unavailable";    ///< cannot reach the store (timeout, refused, auth)
inline constexpr const char *NotFound = "flag_not_found";
inline constexpr const char *NotConfirmed = "write_not_confirmed"; ///< read-back differs from what was written
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
};

/**
 * A flag store. Implementations are thread-safe; calls block for at most the store's
 * timeout, so UI code calls the *Async variants (or runs calls in a worker thread) and never
 * waits on them on the UI thread.
 */
class FlagStore
{
public:
    virtual ~FlagStore() = default;

    virtual Result<FlagState> read(const std::string &flag) = 0;
    /// Compare-and-set write; on success the state as read back after the write.
    virtual Result<FlagState> write(const std::string &flag, const FlagWrite &change) = 0;

    std::future<Result<FlagState>> readAsync(const std::string &flag);
    std::future<Result<FlagState>> writeAsync(const std::string &flag, const FlagWrite &change);
};

/// An in-memory store with the same semantics, for the demo and unit tests.
std::unique_ptr<FlagStore> makeMemoryFlagStore();

/**
 * Sticky bucketing: bucket = FNV-1a 64(salt ‖ ":" ‖ unit id) mod 10000. A unit is on the new
 * behaviour when bucket < percentage × 100, so raising 25% → 50% keeps everyone who was
 * already on it. The serving system must use exactly this function (docs/flag-format.md).
 */
std::uint32_t bucketOf(std::string_view unitId, std::string_view salt);
bool inTreatment(std::string_view unitId, std::string_view salt, double percentage);

/// Checks a write request: percentage in [0, 100], non-empty updated_by and reason.
std::optional<Error> validateWrite(const FlagWrite &change);

} // namespace rampart::flags
