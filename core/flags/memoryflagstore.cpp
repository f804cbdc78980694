// The in-memory FlagStore: the Redis store's semantics (versions, compare-and-set, errors)
// without a server, for the demo workspace and unit tests.

#include "flagstore.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace rampart::flags {

namespace {

class MemoryFlagStore final : public FlagStore
{
public:
    explicit MemoryFlagStore(std::shared_ptr<const rollout::Clock> clock)
        : m_clock(clock ? std::move(clock) : std::make_shared<rollout::SystemClock>())
    {
    }

    Result<FlagState> read(const std::string &flag) override
    {
        if (auto error = validateFlagName(flag))
            return *error;
        const std::lock_guard lock(m_mutex);
        const auto it = m_flags.find(flag);
        if (it == m_flags.end())
            return makeError(flagerrc::NotFound, "flag", "The flag \"" + flag + "\" has never been written.");
        return it->second;
    }

    Result<FlagState> write(const std::string &flag, const FlagWrite &change) override
    {
        if (auto error = validateFlagName(flag))
            return *error;
        if (auto error = validateWrite(change))
            return *error;
        const std::lock_guard lock(m_mutex);
        if (!change.floorIsFinal && m_flags.find(flag) == m_flags.end())
            return makeError(flagerrc::FloorNeeded, "version_floor",
                             "The flag \"" + flag + "\" does not exist; its version floor must come from the audit trail.");
        FlagState &state = m_flags[flag]; // version 0 when new: "never written"
        if (change.expectedVersion && *change.expectedVersion != state.version) {
            const std::int64_t actual = state.version;
            if (actual == 0)
                m_flags.erase(flag);
            return makeError(flagerrc::VersionConflict, "expected_version",
                             "The flag \"" + flag + "\" changed underneath: expected version "
                                 + std::to_string(*change.expectedVersion) + ", but the store has version "
                                 + std::to_string(actual) + ".");
        }
        state.name = flag;
        state.percentage = change.percentage;
        state.stage = change.stage;
        state.version = std::max(state.version, change.versionFloor) + 1;
        state.changeId = change.changeId;
        if (!change.changeId.empty())
            m_applied[flag][change.changeId] = state.version;
        state.updatedBy = change.updatedBy;
        state.updatedAt = m_clock->now();
        state.reason = change.reason;
        return state;
    }

    Result<std::optional<std::int64_t>> appliedVersion(const std::string &flag, const std::string &changeId) override
    {
        const std::lock_guard lock(m_mutex);
        const auto perFlag = m_applied.find(flag);
        if (perFlag == m_applied.end())
            return std::optional<std::int64_t>();
        const auto it = perFlag->second.find(changeId);
        return it == perFlag->second.end() ? std::optional<std::int64_t>() : std::optional<std::int64_t>(it->second);
    }

private:
    std::map<std::string, std::map<std::string, std::int64_t>> m_applied;
    std::shared_ptr<const rollout::Clock> m_clock;
    std::mutex m_mutex;
    std::map<std::string, FlagState> m_flags;
};

} // namespace

std::unique_ptr<FlagStore> makeMemoryFlagStore(std::shared_ptr<const rollout::Clock> clock)
{
    return std::make_unique<MemoryFlagStore>(std::move(clock));
}

} // namespace rampart::flags
