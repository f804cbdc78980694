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

#include <chrono>
#include <functional>
#include <memory>
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

/// Builds views from backends made on the calling thread, caching one for `maxAge` (0: never).
class RolloutViewSource
{
public:
    RolloutViewSource(rollout::Plan plan, std::function<Result<service::ControllerBackends>()> makeBackends,
                      std::shared_ptr<const rollout::Clock> clock, std::chrono::milliseconds maxAge);
    /// A view at most maxAge old (fresh = true: always a new one).
    Result<RolloutViewPtr> view(bool fresh = false);
    void invalidate() { m_cached.reset(); }
    /// The backends (made on first use), e.g. for store reads of a window.
    service::ControllerBackends *backends();
    const rollout::Plan &plan() const { return m_plan; }
    rollout::TimePoint now() const { return m_clock->now(); }

private:
    rollout::Plan m_plan;
    std::function<Result<service::ControllerBackends>()> m_makeBackends;
    std::optional<service::ControllerBackends> m_backends;
    std::shared_ptr<const rollout::Clock> m_clock;
    std::chrono::milliseconds m_maxAge;
    RolloutViewPtr m_cached;
    std::chrono::steady_clock::time_point m_cachedAt;
};

} // namespace rampart::api
