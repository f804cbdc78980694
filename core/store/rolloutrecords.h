#pragma once

// What the live controller keeps besides the evidence: the saved RolloutState, incidents
// and load-test results. Implemented by both stores (PgEvidenceStore: pgstate.cpp, migration
// resources/sql/006_rollout_state.sql; SqliteEvidenceStore: sqlitestate.cpp). The state is
// kept as an opaque JSON document (core/io/statejson.h) next to a few columns for queries.

#include "rollout/clock.h"
#include "rollout/evidence.h"
#include "stats/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace rampart::store {

/// A saved rollout state: one row per agent, overwritten by each save.
struct SavedRolloutState
{
    std::string agent;
    std::string stateJson;        ///< io::stateToText()
    std::string status;           ///< rollout::statusName() of the state, for queries
    double percentage = 0.0;      ///< the stage's traffic share
    std::int64_t flagVersion = 0; ///< the flag version the state was saved against (0: unknown)
    rollout::TimePoint savedAt;
    std::int64_t revision = 0;    ///< 1 for the first save, +1 for each save after it (set by the store)
    std::string savedBy;          ///< the controller (actor) that saved it
};

struct IncidentRecord
{
    rollout::TimePoint openedAt;
    std::string severity = "minor";
    std::string summary;
};

class RolloutRecords
{
public:
    virtual ~RolloutRecords() = default;

    /// Saves (replaces) the agent's state; returns the saved row with its revision.
    virtual Result<SavedRolloutState> saveRolloutState(const SavedRolloutState &state) = 0;
    /// The agent's saved state; empty when none was ever saved.
    virtual Result<std::optional<SavedRolloutState>> loadRolloutState(const std::string &agent) = 0;

    virtual Status recordIncident(const std::string &agent, const IncidentRecord &incident) = 0;
    /// Incidents opened in [from, to).
    virtual Result<int> incidentCount(const std::string &agent, rollout::TimePoint from, rollout::TimePoint to) = 0;

    virtual Status recordLoadTest(const std::string &agent, const rollout::LoadTestResult &result, rollout::TimePoint at) = 0;
    /// The most recent load test of the agent; empty when none was recorded.
    virtual Result<std::optional<rollout::LoadTestResult>> latestLoadTest(const std::string &agent) = 0;
};

} // namespace rampart::store
