#pragma once

// The read side of the HTTP API: the saved state, the evidence assembled from the real
// sources and the gate engine's decision, built by the same components the controller and
// `decide --live` use (service::loadState, service::EvidenceAssembler, rollout::GateEngine).
// Nothing here evaluates a rollout a second way. docs/api.md.

#include "rollout/decision.h"
#include "rollout/plan.h"
#include "service/evidenceassembler.h"
#include "service/rolloutcontroller.h"
#include "service/savedstate.h"

#include <QJsonObject>
#include <QThreadPool>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace rampart::api {

struct RolloutView
{
    rollout::TimePoint at;
    service::LoadedState loaded;
    service::AssembledEvidence assembled;
    /// The gate engine's decision on the saved state; empty when the rollout is not running
    /// (pending, rolled back or completed).
    std::optional<rollout::Decision> decision;
    std::vector<rollout::TransitionEvent> history;
    std::optional<int> rolloutIncidents; ///< incidents since the rollout started (empty: unknown)
    std::string evidenceHash;
    QJsonObject evidenceDocument;
};
using RolloutViewPtr = std::shared_ptr<const RolloutView>;

/**
 * Builds views, caching one for `maxAge` (0: never cache, every call builds). A cached view
 * older than maxAge is still answered at once while a background thread (its own backends:
 * SQLite connections are per thread) builds the next one — stale-while-revalidate, so a
 * read is at most maxAge plus one build old and a request never waits for a rebuild.
 * Fresh views (writes) and the first one are built on the calling thread.
 */
class RolloutViewSource
{
public:
    RolloutViewSource(rollout::Plan plan, std::function<Result<service::ControllerBackends>()> makeBackends,
                      std::shared_ptr<const rollout::Clock> clock, std::chrono::milliseconds maxAge);
    ~RolloutViewSource();
    /// A view at most maxAge old (fresh = true: always a new one). Re-entrant calls (from a
    /// request handled while a build waits for Prometheus in a local event loop) get the
    /// cached view, however old, or `busy` when there is none: builds never nest.
    Result<RolloutViewPtr> view(bool fresh = false);
    void invalidate()
    {
        std::lock_guard lock(m_mutex);
        m_cached.reset();
        ++m_generation; // a refresh started before this is not stored
    }
    /// The backends (made on first use), e.g. for store reads of a window.
    service::ControllerBackends *backends();
    const rollout::Plan &plan() const { return m_plan; }
    rollout::TimePoint now() const { return m_clock->now(); }

private:
    Result<RolloutViewPtr> build(std::optional<service::ControllerBackends> &backends);

    rollout::Plan m_plan;
    std::function<Result<service::ControllerBackends>()> m_makeBackends;
    std::optional<service::ControllerBackends> m_backends;
    std::shared_ptr<const rollout::Clock> m_clock;
    std::chrono::milliseconds m_maxAge;
    RolloutViewPtr m_cached;
    bool m_building = false; ///< a build is running (its telemetry read spins the event loop)
    std::mutex m_mutex;      ///< guards m_cached, m_cachedAt, m_refreshing (the refresher thread)
    bool m_refreshing = false;
    std::uint64_t m_generation = 0;
    std::optional<service::ControllerBackends> m_refresherBackends; ///< used only on the refresher thread
    std::unique_ptr<QThreadPool> m_refresher;
    std::chrono::steady_clock::time_point m_cachedAt;
};

} // namespace rampart::api
