// PgEvidenceStore: loading events (COPY → staging → events and rollups) and the rollup
// rows themselves (export, import, rebuild).

#include "pgevidencestore.h"

#include "eventfile.h"
#include "pgsession.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <tuple>

namespace rampart::store {

namespace {

constexpr int kMaxProblems = 10;
constexpr const char *kStaging = "rampart_ingest_staging";

// Rows are checked as they are copied in: `problem` names the first thing wrong with a row.
const char *const kCreateStaging = R"sql(
CREATE TEMP TABLE IF NOT EXISTS rampart_ingest_staging (
    line bigint NOT NULL, at_epoch bigint, agent text, cohort text, unit_id text,
    latency_ms double precision, correct boolean, satisfaction integer,
    handling_time_min double precision, error boolean, event_id text,
    problem text GENERATED ALWAYS AS (CASE
        WHEN at_epoch IS NULL THEN 'time is missing'
        WHEN at_epoch NOT BETWEEN 0 AND 253402300799 THEN 'time is outside 1970-01-01..9999-12-31'
        WHEN agent IS NULL OR agent = '' THEN 'agent is missing'
        WHEN cohort IS NULL OR cohort = '' THEN 'cohort is missing'
        WHEN unit_id IS NULL OR unit_id = '' THEN 'unit_id is missing'
        WHEN latency_ms < 0 THEN 'latency_ms is negative'
        WHEN latency_ms IN ('NaN', 'Infinity') THEN 'latency_ms is not a finite number'
        WHEN satisfaction < 1 OR satisfaction > 5 THEN 'satisfaction is outside 1..5'
        WHEN handling_time_min < 0 THEN 'handling_time_min is negative'
        WHEN handling_time_min IN ('NaN', 'Infinity') THEN 'handling_time_min is not a finite number'
        WHEN error IS NULL THEN 'error is missing'
    END) STORED
) ON COMMIT DELETE ROWS)sql";

// An older session may still hold a staging table without event_id (one per connection).
const char *const kUpgradeStaging = "ALTER TABLE rampart_ingest_staging ADD COLUMN IF NOT EXISTS event_id text";

// New events only: an (agent, event_id) already stored is left alone, and the rollups
// grow by exactly the rows inserted, so a rerun changes nothing.
const char *const kInsertNewEvents = R"sql(
ins AS (
    INSERT INTO rampart.events (at, agent, cohort, unit_id, latency_ms, correct, satisfaction, handling_time_min,
                                error, event_id)
    SELECT to_timestamp(at_epoch), agent, cohort, unit_id, latency_ms, correct, satisfaction, handling_time_min,
           error, event_id
    FROM rampart_ingest_staging WHERE problem IS NULL ORDER BY line
    ON CONFLICT (event_id, agent) DO NOTHING
    RETURNING at, agent, cohort, latency_ms, correct, satisfaction, handling_time_min, error))sql";

std::string countsArray(const std::string &column, int first, int last)
{
    std::string s = "ARRAY[";
    for (int k = first; k <= last; ++k)
        s += (k > first ? ", " : "") + ("count(*) FILTER (WHERE " + column + " = " + std::to_string(k) + ")");
    return s + "]::bigint[]";
}

/**
 * One pass over `source` (columns at, agent, cohort, latency_ms, correct, satisfaction,
 * handling_time_min, error): the common table expressions "src" and "agg" (a wide row of
 * sums per agent, minute and cohort) followed by the INSERT that unpivots them into one row
 * per metric and merges them into rampart.rollups. rollupUpsertSql() is the whole statement.
 */
/// The ON CONFLICT clause that merges a row into either rollup level (`r` is the stored row).
const char *const kMergeRollup =
    " DO UPDATE SET n = r.n + EXCLUDED.n,"
    " sum = r.sum + EXCLUDED.sum, sum_sq = r.sum_sq + EXCLUDED.sum_sq,"
    " successes = r.successes + EXCLUDED.successes, min = least(r.min, EXCLUDED.min),"
    " max = greatest(r.max, EXCLUDED.max), buckets = rampart.add_buckets(r.buckets, EXCLUDED.buckets)";

/**
 * The two upserts that merge the rows of the common table expression "mrows" (agent, minute,
 * cohort, metric, n, sum, sum_sq, successes, min, max, buckets) into rampart.rollups and,
 * summed per UTC hour, into rampart.rollups_hourly (migration 007): ", minute_up AS (…),
 * hour_up AS (…)". Both levels grow by the same rows in the same statement.
 */
std::string upsertBothLevels()
{
    return std::string(", minute_up AS (INSERT INTO rampart.rollups AS r (agent, minute, cohort, metric, n, sum, sum_sq,"
                       " successes, min, max, buckets) SELECT * FROM mrows ON CONFLICT (agent, minute, cohort, metric)")
         + kMergeRollup
         + " RETURNING 1), hour_up AS (INSERT INTO rampart.rollups_hourly AS r (agent, hour, cohort, metric, n, sum,"
           " sum_sq, successes, min, max, buckets) SELECT agent, date_trunc('hour', minute, 'UTC'), cohort, metric,"
           " sum(n)::bigint, sum(sum), sum(sum_sq), sum(successes)::bigint, min(min), max(max),"
           " rampart.sum_buckets(buckets) FROM mrows GROUP BY 1, 2, 3, 4 ON CONFLICT (agent, hour, cohort, metric)"
         + kMergeRollup + " RETURNING 1)";
}

/**
 * One pass over `source` (columns at, agent, cohort, latency_ms, correct, satisfaction,
 * handling_time_min, error): the common table expressions "src", "agg" (a wide row of sums
 * per agent, minute and cohort), "mrows" (agg unpivoted into one row per metric) and the two
 * upserts of upsertBothLevels(). rollupUpsertSql() is the whole statement.
 */
std::string rollupCtes(const std::string &source)
{
    const int latencyBuckets = static_cast<int>(latencyBucketBounds().size());
    return "src AS (SELECT *, width_bucket(latency_ms, rampart.latency_bounds()) AS lb FROM (" + source
         + ") s), agg AS (SELECT agent, date_trunc('minute', at) AS minute, cohort,"
           " count(correct) AS a_n, count(*) FILTER (WHERE correct) AS a_s,"
           " min(correct::int)::float8 AS a_min, max(correct::int)::float8 AS a_max,"
           " count(latency_ms) AS l_n, coalesce(sum(latency_ms), 0) AS l_sum,"
           " coalesce(sum(latency_ms * latency_ms), 0) AS l_sq, min(latency_ms) AS l_min, max(latency_ms) AS l_max, "
         + countsArray("lb", 1, latencyBuckets)
         + " AS l_b, count(satisfaction) AS s_n, coalesce(sum(satisfaction), 0)::float8 AS s_sum,"
           " coalesce(sum(satisfaction * satisfaction), 0)::float8 AS s_sq,"
           " min(satisfaction)::float8 AS s_min, max(satisfaction)::float8 AS s_max, "
         + countsArray("satisfaction", 1, 5)
         + " AS s_b, count(handling_time_min) AS h_n, coalesce(sum(handling_time_min), 0) AS h_sum,"
           " coalesce(sum(handling_time_min * handling_time_min), 0) AS h_sq,"
           " min(handling_time_min) AS h_min, max(handling_time_min) AS h_max,"
           " count(*) AS e_n, count(*) FILTER (WHERE error) AS e_s,"
           " min(error::int)::float8 AS e_min, max(error::int)::float8 AS e_max"
           " FROM src GROUP BY 1, 2, 3),"
           " mrows AS (SELECT agg.agent, agg.minute, agg.cohort, v.* FROM agg CROSS JOIN LATERAL (VALUES"
           " ('accuracy', a_n, a_s::float8, a_s::float8, a_s, a_min, a_max, '{}'::bigint[]),"
           " ('latency_ms', l_n, l_sum, l_sq, 0::bigint, l_min, l_max, l_b),"
           " ('satisfaction', s_n, s_sum, s_sq, 0::bigint, s_min, s_max, s_b),"
           " ('handling_time_min', h_n, h_sum, h_sq, 0::bigint, h_min, h_max, '{}'::bigint[]),"
           " ('error_rate', e_n, e_s::float8, e_s::float8, e_s, e_min, e_max, '{}'::bigint[])"
           ") AS v(metric, n, sum, sum_sq, successes, min, max, buckets) WHERE v.n > 0)"
         + upsertBothLevels();
}

std::string rollupUpsertSql(const std::string &source)
{
    return "WITH " + rollupCtes(source) + " SELECT (SELECT count(*) FROM minute_up), (SELECT count(*) FROM hour_up)";
}

/// Inserts the new staged events and merges exactly those into the rollups, in one
/// statement; answers (events inserted, events staged).
std::string insertNewEventsSql()
{
    return std::string("WITH ") + kInsertNewEvents + ", " + rollupCtes("SELECT * FROM ins")
         + " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM " + kStaging + " WHERE problem IS NULL)";
}

// Shortest text that reads back as the same double.
std::string number(double x)
{
    if (std::isnan(x))
        return "NaN";
    if (std::isinf(x))
        return x > 0 ? "Infinity" : "-Infinity";
    std::array<char, 32> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x).ptr;
    return std::string(buffer.data(), end);
}

/// COPYs events[i] for every i in `rows` (line = i + 1). Every text is NUL-free (eventProblem).
void copyIntoStaging(pqxx::work &txn, const std::vector<Event> &events, const std::vector<std::size_t> &rows)
{
    static const std::vector<std::string> columns = {"line",         "at_epoch", "agent",   "cohort",
                                                     "unit_id",      "latency_ms", "correct", "satisfaction",
                                                     "handling_time_min", "error", "event_id"};
    pqxx::stream_to stream(txn, kStaging, columns);
    std::array<std::string, 11> text;
    std::array<const char *, 11> fields{};
    for (const std::size_t i : rows) {
        const Event &e = events[i];
        text[0] = std::to_string(i + 1);
        text[1] = std::to_string(epochSeconds(e.at));
        text[5] = e.latencyMs ? number(*e.latencyMs) : std::string();
        text[7] = e.satisfaction ? std::to_string(*e.satisfaction) : std::string();
        text[8] = e.handlingTimeMin ? number(*e.handlingTimeMin) : std::string();
        fields = {text[0].c_str(),
                  text[1].c_str(),
                  e.agent.empty() ? nullptr : e.agent.c_str(),
                  e.cohort.empty() ? nullptr : e.cohort.c_str(),
                  e.unitId.empty() ? nullptr : e.unitId.c_str(),
                  e.latencyMs ? text[5].c_str() : nullptr,
                  e.correct ? (*e.correct ? "t" : "f") : nullptr,
                  e.satisfaction ? text[7].c_str() : nullptr,
                  e.handlingTimeMin ? text[8].c_str() : nullptr,
                  e.error ? "t" : "f",
                  e.eventId.empty() ? nullptr : e.eventId.c_str()};
        stream << fields;
    }
    stream.complete();
}

const char *const kCreateRollupStaging = R"sql(
CREATE TEMP TABLE IF NOT EXISTS rampart_rollup_staging (
    agent text, minute_epoch bigint, cohort text, metric text, n bigint, sum double precision,
    sum_sq double precision, successes bigint, min double precision, max double precision, buckets bigint[]
) ON COMMIT DELETE ROWS)sql";

/// Merges the staged rows into both rollup levels (archive import).
std::string mergeRollupStagingSql()
{
    return "WITH mrows AS (SELECT agent, to_timestamp(minute_epoch) AS minute, cohort, metric, n, sum, sum_sq,"
           " successes, min, max, buckets FROM rampart_rollup_staging)"
         + upsertBothLevels() + " SELECT (SELECT count(*) FROM minute_up), (SELECT count(*) FROM hour_up)";
}

void mergeRollup(RollupRow &into, const RollupRow &other)
{
    into.n += other.n;
    into.sum += other.sum;
    into.sumOfSquares += other.sumOfSquares;
    into.successes += other.successes;
    into.min = std::min(into.min, other.min);
    into.max = std::max(into.max, other.max);
    into.buckets.resize(std::max(into.buckets.size(), other.buckets.size()), 0);
    for (std::size_t i = 0; i < other.buckets.size(); ++i)
        into.buckets[i] += other.buckets[i];
}

std::vector<std::int64_t> parseBuckets(const std::string &text)
{
    std::vector<std::int64_t> out;
    const char *p = text.c_str();
    const char *end = p + text.size();
    while (p < end) {
        if (*p == '-' || (*p >= '0' && *p <= '9')) {
            std::int64_t value = 0;
            p = std::from_chars(p, end, value).ptr;
            out.push_back(value);
        } else {
            ++p;
        }
    }
    return out;
}

std::string bucketsLiteral(const std::vector<std::int64_t> &buckets)
{
    std::string s = "{";
    for (std::size_t i = 0; i < buckets.size(); ++i)
        s += (i ? "," : "") + std::to_string(buckets[i]);
    return s + "}";
}

} // namespace

Result<IngestReport> PgEvidenceStore::ingest(const std::vector<Event> &events)
{
    return ingest(events, {});
}

Result<IngestReport> PgEvidenceStore::ingest(const std::vector<Event> &events, const std::vector<std::string> &origins)
{
    if (!origins.empty() && origins.size() != events.size())
        return makeError(errc::InvalidArgument, "origins", "ingest needs one origin per event, or none.");
    // Rows the database would refuse (a time past year 9999, a NUL, invalid UTF-8, …) are
    // counted here and never reach COPY, so no row can abort the batch.
    IngestReport checked;
    std::vector<std::size_t> rows;
    rows.reserve(events.size());
    const auto name = [&](std::size_t i) { return origins.empty() ? "event " + std::to_string(i + 1) : origins[i]; };
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (const std::string problem = eventProblem(events[i]); !problem.empty()) {
            ++checked.skipped;
            if (checked.firstProblems.size() < static_cast<std::size_t>(kMaxProblems))
                checked.firstProblems.push_back(name(i) + ": " + problem);
        } else {
            rows.push_back(i);
        }
    }
    return guarded<IngestReport>(*m_session, "ingest events", [&](pqxx::connection &c) {
        IngestReport report = checked;
        if (rows.empty())
            return report;
        pqxx::work txn(c);
        txn.exec(kCreateStaging);
        txn.exec(kUpgradeStaging);
        copyIntoStaging(txn, events, rows);
        const auto counts = txn.exec(insertNewEventsSql());
        report.accepted = counts[0][0].as<std::int64_t>();
        report.duplicates = counts[0][1].as<std::int64_t>() - report.accepted;
        // A backstop: eventProblem() should already have caught everything the table refuses.
        const auto bad = txn.exec("SELECT line, problem, count(*) OVER () FROM " + std::string(kStaging)
                                  + " WHERE problem IS NOT NULL ORDER BY line LIMIT " + std::to_string(kMaxProblems));
        if (!bad.empty())
            report.skipped += bad[0][2].as<std::int64_t>();
        for (const auto &row : bad) {
            const auto line = row[0].as<std::size_t>();
            if (report.firstProblems.size() < static_cast<std::size_t>(kMaxProblems))
                report.firstProblems.push_back(name(line - 1) + ": " + row[1].as<std::string>());
        }
        txn.commit();
        return report;
    });
}

Status PgEvidenceStore::rebuildRollups(const std::string &agent)
{
    return guarded<Done>(*m_session, "rebuild rollups", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        const std::string quoted = txn.quote(agent);
        txn.exec("DELETE FROM rampart.rollups WHERE agent = " + quoted);
        txn.exec("DELETE FROM rampart.rollups_hourly WHERE agent = " + quoted);
        txn.exec(rollupUpsertSql("SELECT at, agent, cohort, latency_ms, correct, satisfaction, handling_time_min, error "
                                 "FROM rampart.events WHERE agent = " + quoted));
        txn.commit();
        return Done{};
    });
}

Result<std::vector<RollupRow>> PgEvidenceStore::rollups(const std::string &agent)
{
    return guarded<std::vector<RollupRow>>(*m_session, "read rollups", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        std::vector<RollupRow> out;
        for (const auto &row : txn.exec_params(
                 "SELECT extract(epoch FROM minute)::bigint, agent, cohort, metric, n, sum, sum_sq, successes, min, "
                 "max, buckets::text FROM rampart.rollups WHERE agent = $1 ORDER BY minute, cohort, metric",
                 agent)) {
            RollupRow r;
            r.minute = fromEpochSeconds(row[0].as<std::int64_t>());
            r.agent = row[1].as<std::string>();
            r.cohort = row[2].as<std::string>();
            r.metric = row[3].as<std::string>();
            r.n = row[4].as<std::int64_t>();
            r.sum = row[5].as<double>();
            r.sumOfSquares = row[6].as<double>();
            r.successes = row[7].as<std::int64_t>();
            r.min = row[8].as<double>();
            r.max = row[9].as<double>();
            r.buckets = parseBuckets(row[10].as<std::string>());
            out.push_back(std::move(r));
        }
        return out;
    });
}

Status PgEvidenceStore::importRollups(const std::vector<RollupRow> &rows)
{
    // One upsert may touch a row only once: merge repeated keys first.
    std::map<std::tuple<std::string, std::int64_t, std::string, std::string>, RollupRow> merged;
    for (const RollupRow &r : rows) {
        auto [it, inserted] = merged.try_emplace({r.agent, epochSeconds(r.minute), r.cohort, r.metric}, r);
        if (!inserted)
            mergeRollup(it->second, r);
    }
    return guarded<Done>(*m_session, "import rollups", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        txn.exec(kCreateRollupStaging);
        {
            pqxx::stream_to stream(txn, "rampart_rollup_staging");
            for (const auto &[key, r] : merged)
                stream << std::array<std::string, 11>{r.agent, std::to_string(std::get<1>(key)), r.cohort, r.metric,
                                                   std::to_string(r.n), number(r.sum), number(r.sumOfSquares),
                                                   std::to_string(r.successes), number(r.min), number(r.max),
                                                   bucketsLiteral(r.buckets)};
            stream.complete();
        }
        txn.exec(mergeRollupStagingSql());
        txn.commit();
        return Done{};
    });
}

} // namespace rampart::store
