#include "pgevidencestore.h"

#include "pgsession.h"

#include <algorithm>
#include <map>

namespace rampart::store {

namespace {

// The rows of both rollup levels inside a window (RollupWindow): whole hours from
// rampart.rollups_hourly ($6 ≤ hour < $7), the minutes at the ends from rampart.rollups
// ($4 ≤ minute < $6 or $7 ≤ minute < $5). $1 agent, $2 and $3 the cohorts.
std::string windowRows(const std::string &columns, const std::string &extra)
{
    return "SELECT " + columns + " FROM rampart.rollups_hourly WHERE agent = $1 AND cohort IN ($2, $3)" + extra
         + " AND hour >= to_timestamp($6) AND hour < to_timestamp($7) UNION ALL SELECT " + columns
         + " FROM rampart.rollups WHERE agent = $1 AND cohort IN ($2, $3)" + extra
         + " AND ((minute >= to_timestamp($4) AND minute < to_timestamp($6))"
           " OR (minute >= to_timestamp($7) AND minute < to_timestamp($5)))";
}

const std::string &summarySql()
{
    static const std::string sql = [] {
        std::string s = "SELECT cohort, metric, sum(n)::bigint, sum(sum), sum(sum_sq), sum(successes)::bigint, "
                        "min(min), max(max)";
        for (std::size_t k = 1; k <= latencyBucketBounds().size(); ++k)
            s += ", coalesce(sum(buckets[" + std::to_string(k) + "]), 0)::bigint";
        s += " FROM (" + windowRows("cohort, metric, n, sum, sum_sq, successes, min, max, buckets", "")
             + ") w GROUP BY cohort, metric";
        return s;
    }();
    return sql;
}

rollout::CohortMetric cohortMetric(const pqxx::row &row)
{
    RollupRow totals;
    totals.metric = row[1].as<std::string>();
    totals.n = row[2].as<std::int64_t>();
    totals.sum = row[3].as<double>();
    totals.sumOfSquares = row[4].as<double>();
    totals.successes = row[5].as<std::int64_t>();
    totals.min = row[6].as<double>();
    totals.max = row[7].as<double>();
    // Every metric's row carries the latency-sized bucket array; satisfaction uses its first levels.
    const std::size_t buckets = totals.metric == metric::Satisfaction ? metric::SatisfactionLevels
                                                                      : latencyBucketBounds().size();
    for (std::size_t k = 0; k < buckets; ++k)
        totals.buckets.push_back(row[static_cast<int>(8 + k)].as<std::int64_t>());
    return cohortFromRollup(totals);
}

std::vector<rollout::MetricEvidence> toEvidence(const pqxx::result &result, const std::string &control)
{
    std::map<std::string, rollout::MetricEvidence> byMetric;
    for (const auto &row : result) {
        const std::string metric = row[1].as<std::string>();
        auto &evidence = byMetric[metric];
        evidence.metric = metric;
        (row[0].as<std::string>() == control ? evidence.control : evidence.treatment) = cohortMetric(row);
    }
    std::vector<rollout::MetricEvidence> ordered;
    for (const char *name : metric::All)
        if (auto it = byMetric.find(name); it != byMetric.end())
            ordered.push_back(std::move(it->second));
    return ordered;
}

} // namespace

PgEvidenceStore::PgEvidenceStore(std::unique_ptr<PgSession> session) : m_session(std::move(session)) {}

PgEvidenceStore::~PgEvidenceStore() = default;

Result<std::unique_ptr<PgEvidenceStore>> PgEvidenceStore::open(const std::string &uri, const std::string &password,
                                                               const PgStoreOptions &options)
{
    if (uri.empty())
        return makeError(errc::InvalidArgument, "database_url", "No PostgreSQL URL is configured (database_url).");
    auto session = std::make_unique<PgSession>(buildConninfo(uri, password, options.connectTimeoutSeconds),
                                               describeTarget(uri), options);
    if (!options.connectLazily) {
        if (auto connection = session->connection(); !connection)
            return connection.error();
    }
    return std::unique_ptr<PgEvidenceStore>(new PgEvidenceStore(std::move(session)));
}

Result<std::vector<rollout::MetricEvidence>> PgEvidenceStore::summaries(const std::string &agent,
                                                                        const std::string &control,
                                                                        const std::string &treatment,
                                                                        rollout::TimePoint from, rollout::TimePoint to)
{
    return guarded<std::vector<rollout::MetricEvidence>>(*m_session, "read cohort summaries", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        const RollupWindow w = splitRollupWindow(from, to, m_useHourly);
        return toEvidence(txn.exec_params(summarySql(), agent, control, treatment, epochSeconds(w.from),
                                          epochSeconds(w.to), epochSeconds(w.hourFrom), epochSeconds(w.hourTo)),
                          control);
    });
}

Result<std::pair<std::int64_t, std::int64_t>> PgEvidenceStore::units(const std::string &agent,
                                                                     const std::string &control,
                                                                     const std::string &treatment,
                                                                     rollout::TimePoint from, rollout::TimePoint to)
{
    using Pair = std::pair<std::int64_t, std::int64_t>;
    return guarded<Pair>(*m_session, "count units", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        // Every event counts in error_rate, so its n is the number of arrivals per cohort.
        static const std::string sql = "SELECT coalesce(sum(n) FILTER (WHERE cohort = $2), 0)::bigint, "
                                       "coalesce(sum(n) FILTER (WHERE cohort = $3), 0)::bigint FROM ("
                                     + windowRows("cohort, n", " AND metric = 'error_rate'") + ") w";
        const RollupWindow w = splitRollupWindow(from, to, m_useHourly);
        const auto row = txn.exec_params1(sql, agent, control, treatment, epochSeconds(w.from), epochSeconds(w.to),
                                          epochSeconds(w.hourFrom), epochSeconds(w.hourTo));
        return Pair{row[0].as<std::int64_t>(), row[1].as<std::int64_t>()};
    });
}

Status PgEvidenceStore::recordSignOff(const std::string &agent, const rollout::SignOff &s)
{
    return guarded<Done>(*m_session, "record a sign-off", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec_params("INSERT INTO rampart.sign_offs (agent, approver, role, approve, comment, evidence_hash, at, "
                        "from_percentage, override) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7), $8, $9)",
                        agent, s.approver, s.role, s.approve, s.comment, s.evidenceHash, epochSeconds(s.at),
                        s.fromPercentage, s.override);
        txn.commit();
        return Done{};
    });
}

Result<std::vector<rollout::SignOff>> PgEvidenceStore::signOffs(const std::string &agent)
{
    return guarded<std::vector<rollout::SignOff>>(*m_session, "read sign-offs", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        std::vector<rollout::SignOff> out;
        for (const auto &row : txn.exec_params(
                 "SELECT approver, role, approve, comment, evidence_hash, extract(epoch FROM at)::bigint, "
                 "from_percentage, override FROM rampart.sign_offs WHERE agent = $1 ORDER BY at, id",
                 agent)) {
            rollout::SignOff s;
            s.approver = row[0].as<std::string>();
            s.role = row[1].as<std::string>();
            s.approve = row[2].as<bool>();
            s.comment = row[3].as<std::string>();
            s.evidenceHash = row[4].as<std::string>();
            s.at = fromEpochSeconds(row[5].as<std::int64_t>());
            s.fromPercentage = row[6].as<double>();
            s.override = row[7].as<bool>();
            out.push_back(std::move(s));
        }
        return out;
    });
}

Status PgEvidenceStore::recordTransition(const std::string &agent, const rollout::TransitionEvent &e)
{
    return guarded<Done>(*m_session, "record a stage transition", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec_params("INSERT INTO rampart.stage_history (agent, actor, at, from_status, to_status, from_percentage, "
                        "to_percentage, reason, evidence_hash, override) "
                        "VALUES ($1, $2, to_timestamp($3), $4, $5, $6, $7, $8, $9, $10)",
                        agent, e.actor, epochSeconds(e.at), std::string(rollout::statusName(e.fromStatus)),
                        std::string(rollout::statusName(e.toStatus)), e.fromPercentage, e.toPercentage, e.reason,
                        e.evidenceHash, e.override);
        txn.commit();
        return Done{};
    });
}

Status PgEvidenceStore::recordTransitionOnce(const std::string &agent, const rollout::TransitionEvent &e,
                                             const std::string &recordId)
{
    if (recordId.empty())
        return recordTransition(agent, e);
    return guarded<Done>(*m_session, "record a stage transition", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec_params("INSERT INTO rampart.stage_history (agent, actor, at, from_status, to_status, from_percentage, "
                        "to_percentage, reason, evidence_hash, override, record_id) "
                        "VALUES ($1, $2, to_timestamp($3), $4, $5, $6, $7, $8, $9, $10, $11) "
                        "ON CONFLICT (record_id) DO NOTHING",
                        agent, e.actor, epochSeconds(e.at), std::string(rollout::statusName(e.fromStatus)),
                        std::string(rollout::statusName(e.toStatus)), e.fromPercentage, e.toPercentage, e.reason,
                        e.evidenceHash, e.override, recordId);
        txn.commit();
        return Done{};
    });
}

Result<std::vector<rollout::TransitionEvent>> PgEvidenceStore::stageHistory(const std::string &agent)
{
    using Events = std::vector<rollout::TransitionEvent>;
    return guarded<Events>(*m_session, "read stage history", [&](pqxx::connection &c) -> Result<Events> {
        pqxx::read_transaction txn(c);
        Events out;
        for (const auto &row : txn.exec_params(
                 "SELECT actor, extract(epoch FROM at)::bigint, from_status, to_status, from_percentage, "
                 "to_percentage, reason, evidence_hash, override FROM rampart.stage_history WHERE agent = $1 "
                 "ORDER BY at, id",
                 agent)) {
            const auto from = rollout::parseStatus(row[2].as<std::string>());
            const auto to = rollout::parseStatus(row[3].as<std::string>());
            if (!from || !to)
                return makeError(storeerrc::QueryFailed, "stage_history",
                                 "Stage history holds an unknown status \"" + row[(from ? 3 : 2)].as<std::string>() + "\".");
            rollout::TransitionEvent e;
            e.actor = row[0].as<std::string>();
            e.at = fromEpochSeconds(row[1].as<std::int64_t>());
            e.fromStatus = *from;
            e.toStatus = *to;
            e.fromPercentage = row[4].as<double>();
            e.toPercentage = row[5].as<double>();
            e.reason = row[6].as<std::string>();
            e.evidenceHash = row[7].as<std::string>();
            e.override = row[8].as<bool>();
            out.push_back(std::move(e));
        }
        return out;
    });
}

Result<int> PgEvidenceStore::schemaVersion()
{
    return guarded<int>(*m_session, "read the schema version", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        return txn.exec("SELECT coalesce(max(version), 0) FROM rampart.schema_migrations")[0][0].as<int>();
    });
}

} // namespace rampart::store
