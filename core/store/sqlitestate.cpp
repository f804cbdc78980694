// SqliteEvidenceStore's RolloutRecords: the saved rollout state, incidents and load tests.
// The tables come from resources/sql/sqlite/004_rollout_state.sql; their columns mirror
// PostgreSQL's (resources/sql/006_rollout_state.sql and rampart.incidents of 003).

#include "sqliteevidencestore.h"

#include "sqlitesql.h"

namespace rampart::store {

using namespace sqlite;

Result<SavedRolloutState> SqliteEvidenceStore::saveRolloutState(const SavedRolloutState &state)
{
    Sql q(m_connection, "save the rollout state");
    if (auto ok = q.exec("INSERT INTO rollout_state (agent, state_json, status, percentage, flag_version, saved_at, revision, saved_by)"
                         " VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (agent) DO UPDATE SET state_json = excluded.state_json,"
                         " status = excluded.status, percentage = excluded.percentage, flag_version = excluded.flag_version,"
                         " saved_at = excluded.saved_at, revision = rollout_state.revision + 1, saved_by = excluded.saved_by"
                         " RETURNING revision",
                         {qs(state.agent), qs(state.stateJson), qs(state.status), state.percentage,
                          static_cast<qlonglong>(state.flagVersion), seconds(state.savedAt), qs(state.savedBy)});
        !ok)
        return ok.error();
    SavedRolloutState saved = state;
    saved.revision = q.next() ? q.integer(0) : 0;
    return saved;
}

Result<std::optional<SavedRolloutState>> SqliteEvidenceStore::loadRolloutState(const std::string &agent)
{
    Sql q(m_connection, "load the rollout state");
    if (auto ok = q.exec("SELECT state_json, status, percentage, flag_version, saved_at, revision, saved_by"
                         " FROM rollout_state WHERE agent = ?",
                         {qs(agent)});
        !ok)
        return ok.error();
    if (!q.next())
        return std::optional<SavedRolloutState>{};
    SavedRolloutState s;
    s.agent = agent;
    s.stateJson = q.str(0);
    s.status = q.str(1);
    s.percentage = q.real(2);
    s.flagVersion = q.integer(3);
    s.savedAt = q.time(4);
    s.revision = q.integer(5);
    s.savedBy = q.str(6);
    return std::optional<SavedRolloutState>(std::move(s));
}

Status SqliteEvidenceStore::recordIncident(const std::string &agent, const IncidentRecord &incident)
{
    return Sql(m_connection, "record an incident")
        .exec("INSERT INTO incidents (agent, opened_at, severity, summary) VALUES (?, ?, ?, ?)",
              {qs(agent), seconds(incident.openedAt), qs(incident.severity), qs(incident.summary)});
}

Result<int> SqliteEvidenceStore::incidentCount(const std::string &agent, rollout::TimePoint from, rollout::TimePoint to)
{
    Sql q(m_connection, "count incidents");
    if (auto ok = q.exec("SELECT count(*) FROM incidents WHERE agent = ? AND opened_at >= ? AND opened_at < ?",
                         {qs(agent), seconds(from), seconds(to)});
        !ok)
        return ok.error();
    return q.next() ? static_cast<int>(q.integer(0)) : 0;
}

Status SqliteEvidenceStore::recordLoadTest(const std::string &agent, const rollout::LoadTestResult &r, rollout::TimePoint at)
{
    return Sql(m_connection, "record a load test")
        .exec("INSERT INTO load_tests (agent, at, percentage, p95_latency_ms, error_rate, passed) VALUES (?, ?, ?, ?, ?, ?)",
              {qs(agent), seconds(at), r.percentage, r.p95LatencyMs, r.errorRate, r.passed ? 1 : 0});
}

Result<std::optional<rollout::LoadTestResult>> SqliteEvidenceStore::latestLoadTest(const std::string &agent)
{
    Sql q(m_connection, "read the latest load test");
    if (auto ok = q.exec("SELECT percentage, p95_latency_ms, error_rate, passed FROM load_tests WHERE agent = ?"
                         " ORDER BY at DESC, id DESC LIMIT 1",
                         {qs(agent)});
        !ok)
        return ok.error();
    if (!q.next())
        return std::optional<rollout::LoadTestResult>{};
    return std::optional<rollout::LoadTestResult>(rollout::LoadTestResult{q.real(0), q.real(1), q.real(2), q.flag(3)});
}

} // namespace rampart::store
