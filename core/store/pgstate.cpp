// PgEvidenceStore's RolloutRecords: the saved rollout state, incidents and load tests
// (resources/sql/006_rollout_state.sql, rampart.incidents from 003).

#include "pgevidencestore.h"
#include "pgsession.h"

namespace rampart::store {

Result<SavedRolloutState> PgEvidenceStore::saveRolloutState(const SavedRolloutState &state)
{
    return guarded<SavedRolloutState>(*m_session, "save the rollout state", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        const auto row = txn.exec_params1(
            "INSERT INTO rampart.rollout_state (agent, state_json, status, percentage, flag_version, saved_at, revision, saved_by) "
            "VALUES ($1, $2::jsonb, $3, $4, $5, to_timestamp($6), 1, $7) "
            "ON CONFLICT (agent) DO UPDATE SET state_json = EXCLUDED.state_json, status = EXCLUDED.status, "
            "percentage = EXCLUDED.percentage, flag_version = EXCLUDED.flag_version, saved_at = EXCLUDED.saved_at, "
            "revision = rampart.rollout_state.revision + 1, saved_by = EXCLUDED.saved_by RETURNING revision",
            state.agent, state.stateJson, state.status, state.percentage, state.flagVersion, epochSeconds(state.savedAt),
            state.savedBy);
        txn.commit();
        SavedRolloutState saved = state;
        saved.revision = row[0].as<std::int64_t>();
        return saved;
    });
}

Result<std::optional<SavedRolloutState>> PgEvidenceStore::loadRolloutState(const std::string &agent)
{
    return guarded<std::optional<SavedRolloutState>>(*m_session, "load the rollout state", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        const auto rows = txn.exec_params(
            "SELECT state_json::text, status, percentage, flag_version, extract(epoch FROM saved_at)::bigint, revision, saved_by "
            "FROM rampart.rollout_state WHERE agent = $1",
            agent);
        if (rows.empty())
            return std::optional<SavedRolloutState>{};
        const auto &r = rows[0];
        SavedRolloutState s;
        s.agent = agent;
        s.stateJson = r[0].as<std::string>();
        s.status = r[1].as<std::string>();
        s.percentage = r[2].as<double>();
        s.flagVersion = r[3].as<std::int64_t>();
        s.savedAt = fromEpochSeconds(r[4].as<std::int64_t>());
        s.revision = r[5].as<std::int64_t>();
        s.savedBy = r[6].as<std::string>();
        return std::optional<SavedRolloutState>(std::move(s));
    });
}

Status PgEvidenceStore::recordIncident(const std::string &agent, const IncidentRecord &incident)
{
    return guarded<Done>(*m_session, "record an incident", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec_params("INSERT INTO rampart.incidents (agent, opened_at, severity, summary) VALUES ($1, to_timestamp($2), $3, $4)",
                        agent, epochSeconds(incident.openedAt), incident.severity, incident.summary);
        txn.commit();
        return Done{};
    });
}

Result<int> PgEvidenceStore::incidentCount(const std::string &agent, rollout::TimePoint from, rollout::TimePoint to)
{
    return guarded<int>(*m_session, "count incidents", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        return txn
            .exec_params1("SELECT count(*) FROM rampart.incidents WHERE agent = $1 AND opened_at >= to_timestamp($2) "
                          "AND opened_at < to_timestamp($3)",
                          agent, epochSeconds(from), epochSeconds(to))[0]
            .as<int>();
    });
}

Status PgEvidenceStore::recordLoadTest(const std::string &agent, const rollout::LoadTestResult &result, rollout::TimePoint at)
{
    return guarded<Done>(*m_session, "record a load test", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec_params("INSERT INTO rampart.load_tests (agent, at, percentage, p95_latency_ms, error_rate, passed) "
                        "VALUES ($1, to_timestamp($2), $3, $4, $5, $6)",
                        agent, epochSeconds(at), result.percentage, result.p95LatencyMs, result.errorRate, result.passed);
        txn.commit();
        return Done{};
    });
}

Result<std::optional<rollout::LoadTestResult>> PgEvidenceStore::latestLoadTest(const std::string &agent)
{
    return guarded<std::optional<rollout::LoadTestResult>>(*m_session, "read the latest load test", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        const auto rows = txn.exec_params("SELECT percentage, p95_latency_ms, error_rate, passed FROM rampart.load_tests "
                                          "WHERE agent = $1 ORDER BY at DESC, id DESC LIMIT 1",
                                          agent);
        if (rows.empty())
            return std::optional<rollout::LoadTestResult>{};
        const auto &r = rows[0];
        return std::optional<rollout::LoadTestResult>(
            rollout::LoadTestResult{r[0].as<double>(), r[1].as<double>(), r[2].as<double>(), r[3].as<bool>()});
    });
}

} // namespace rampart::store
