#include "sqliteevidencestore.h"

#include "eventfile.h"
#include "privatefile.h"
#include "embeddedsql.h"
#include "sqlitesql.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <string_view>
#include <cmath>
#include <map>
#include <tuple>

#include <chrono>
#include <thread>

namespace rampart::store {

namespace {

using namespace sqlite;

// WAL journaling, once per file. Switching needs an exclusive lock and SQLite answers "locked"
// at once, without its busy handler, while another connection opens the same new file (the
// controller's worker and an API read view do): retry for a bounded time.
Status switchToWal(const QString &connection)
{
    Status last = Done{};
    for (int attempt = 0; attempt < 100; ++attempt) {
        Sql mode(connection, "switch to WAL journaling");
        last = mode.exec("PRAGMA journal_mode=WAL");
        if (last)
            return last;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return last;
}

// "001_workspace.sql" → 1; 0 for files that are not migrations.
int migrationNumber(const char *name)
{
    const std::string_view n(name);
    if (n.size() < 5 || n[3] != '_' || !std::isdigit(static_cast<unsigned char>(n[0]))
        || !std::isdigit(static_cast<unsigned char>(n[1])) || !std::isdigit(static_cast<unsigned char>(n[2])))
        return 0;
    return (n[0] - '0') * 100 + (n[1] - '0') * 10 + (n[2] - '0');
}

/// The statements of one migration file (QSQLITE runs only the first statement of a string).
/// A statement ends with ';' at the end of a line; a CREATE TRIGGER at the line "END;".
/// Lines that are only a "--" comment are skipped.
std::vector<std::string> statementsOf(std::string_view text)
{
    std::vector<std::string> statements;
    std::string current;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t'))
            line.remove_suffix(1);
        std::string_view trimmed = line;
        while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
            trimmed.remove_prefix(1);
        if (trimmed.empty() || trimmed.substr(0, 2) == "--")
            continue;
        if (!current.empty())
            current += '\n';
        current += line;
        const bool trigger = current.rfind("CREATE TRIGGER", 0) == 0;
        if (trigger ? trimmed == "END;" : line.back() == ';') {
            current.pop_back(); // the ';'
            statements.push_back(std::move(current));
            current.clear();
        }
    }
    return statements;
}

using metric::Accuracy;
using metric::ErrorRate;
using metric::HandlingTime;
using metric::Latency;
using metric::Satisfaction;
using metric::SatisfactionLevels;

std::atomic<unsigned> g_connections{0};


std::size_t bucketCount(const std::string &metric)
{
    if (metric == Latency)
        return latencyBucketBounds().size();
    return metric == Satisfaction ? SatisfactionLevels : 0;
}

void setBucket(std::vector<std::int64_t> &buckets, qlonglong bucket, qlonglong count)
{
    const auto b = static_cast<std::size_t>(std::max<qlonglong>(bucket, 0));
    buckets.resize(std::max(buckets.size(), b + 1), 0);
    buckets[b] = count;
}

void addToBucket(std::vector<std::int64_t> &buckets, qlonglong bucket, qlonglong count)
{
    const auto b = static_cast<std::size_t>(std::max<qlonglong>(bucket, 0));
    buckets.resize(std::max(buckets.size(), b + 1), 0);
    buckets[b] += count;
}

/// Bucket k holds latencyBucketBounds()[k] <= ms < latencyBucketBounds()[k + 1]; the last is open.
std::size_t latencyBucket(double ms)
{
    const auto &bounds = latencyBucketBounds();
    const auto above = std::upper_bound(bounds.begin(), bounds.end(), ms) - bounds.begin();
    return static_cast<std::size_t>(std::max<std::ptrdiff_t>(above - 1, 0));
}

/// Adds one observation of `metric` to the rollup of its minute.
void observe(std::map<std::tuple<std::string, std::string, std::string, qlonglong>, RollupRow> &rows,
             const Event &e, const char *metric, double x, bool success, std::optional<std::size_t> bucket)
{
    const qlonglong at = seconds(e.at);
    const qlonglong minute = at - ((at % 60) + 60) % 60;
    RollupRow &row = rows[{e.agent, metric, e.cohort, minute}];
    if (row.n == 0) {
        row = RollupRow{TimePoint(std::chrono::seconds(minute)), e.agent, e.cohort, metric, 0, 0.0, 0.0, 0, x, x, {}};
        row.buckets.assign(bucketCount(metric), 0);
    }
    ++row.n;
    row.sum += x;
    row.sumOfSquares += x * x;
    row.successes += success ? 1 : 0;
    row.min = std::min(row.min, x);
    row.max = std::max(row.max, x);
    if (bucket && *bucket < row.buckets.size())
        ++row.buckets[*bucket];
}

/// Why a value cannot be stored, worded as the PostgreSQL store words it; empty when it can.
QVariantList eventValues(const Event &e)
{
    const auto optional = [](const auto &value) { return value ? QVariant(*value) : QVariant(); };
    return {seconds(e.at), qs(e.agent), qs(e.cohort), qs(e.unitId), optional(e.latencyMs),
            e.correct ? QVariant(*e.correct ? 1 : 0) : QVariant(), optional(e.satisfaction),
            optional(e.handlingTimeMin), e.error ? 1 : 0, e.eventId.empty() ? QVariant() : QVariant(qs(e.eventId))};
}

} // namespace

SqliteEvidenceStore::SqliteEvidenceStore(QString connection, QString path)
    : m_connection(std::move(connection)), m_path(std::move(path))
{
}

SqliteEvidenceStore::~SqliteEvidenceStore()
{
    database(m_connection).close();
    QSqlDatabase::removeDatabase(m_connection);
}

Result<std::unique_ptr<SqliteEvidenceStore>> SqliteEvidenceStore::open(const QString &path)
{
    const QString driver = QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver))
        return makeError(storeerrc::Unavailable, "",
                         "The Qt SQLite driver (QSQLITE, package libqt6sql6-sqlite) is not installed.");
    // A new workspace or archive is the operator's alone (0600); SQLite gives its -wal and
    // -shm files the database file's mode.
    if (!path.isEmpty() && path != QLatin1String(":memory:") && !QFileInfo::exists(path))
        if (auto made = touchPrivateFile(path, "path"); !made)
            return makeError(storeerrc::Unavailable, "path",
                             "Could not open the SQLite workspace " + path.toStdString() + ": " + made.error().message);
    const QString name = QStringLiteral("rampart-sqlite-%1").arg(g_connections.fetch_add(1));
    // The store owns the connection from here on: every early return below removes it.
    std::unique_ptr<SqliteEvidenceStore> store(new SqliteEvidenceStore(name, path));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            return makeError(storeerrc::Unavailable, "path",
                             "Could not open the SQLite workspace " + path.toStdString() + ": " +
                                 db.lastError().text().toStdString() + ".");
    }
    if (path != QLatin1String(":memory:"))
        if (auto ok = switchToWal(name); !ok)
            return ok.error();
    if (auto ok = store->migrate(); !ok)
        return ok.error();
    return store;
}

int SqliteEvidenceStore::formatVersion()
{
    int highest = 0;
    for (const sql::File &file : sql::sqliteFiles())
        highest = std::max(highest, migrationNumber(file.name));
    return highest;
}

Status SqliteEvidenceStore::migrate()
{
    int current = 0;
    {
        Sql q(m_connection, "read the format version (is this an SQLite file?)");
        if (auto ok = q.exec("PRAGMA user_version"); !ok || !q.next())
            return ok ? Status(q.failure()) : ok;
        current = static_cast<int>(q.integer(0));
    } // finished: an unfinished statement would keep the migration from committing
    if (current > formatVersion())
        return makeError("unsupported_format", "path",
                         "The workspace " + m_path.toStdString() + " has format version " + std::to_string(current) +
                             "; this Rampart reads up to version " + std::to_string(formatVersion()) + ".");
    // resources/sql/sqlite/NNN_*.sql, each in one transaction that ends by recording NNN in
    // meta.format_version and PRAGMA user_version.
    for (const sql::File &file : sql::sqliteFiles()) {
        const int version = migrationNumber(file.name);
        if (version <= current)
            continue;
        Transaction transaction(m_connection);
        Sql schema(m_connection, std::string("apply ") + file.name + " to the workspace");
        if (auto ok = transaction.begin(); !ok)
            return ok;
        // Another connection (the controller's worker and an API read view open one new
        // workspace at the same time) may have applied it while this one waited for the write
        // lock: read the version again under the lock.
        {
            Sql again(m_connection, "read the format version under the write lock");
            if (auto ok = again.exec("PRAGMA user_version"); !ok || !again.next())
                return ok ? Status(again.failure()) : ok;
            if (again.integer(0) >= version)
                continue; // the transaction rolls back, having changed nothing
        }
        std::vector<std::string> statements = statementsOf(file.text);
        statements.push_back("INSERT OR REPLACE INTO meta (key, value) VALUES ('format_version', '"
                             + std::to_string(version) + "')");
        statements.push_back("PRAGMA user_version = " + std::to_string(version));
        for (const std::string &statement : statements)
            if (auto ok = schema.exec(statement.c_str()); !ok)
                return ok;
        if (auto ok = transaction.commit(); !ok)
            return ok;
    }
    return Done{};
}

Status SqliteEvidenceStore::setMeta(const std::string &key, const std::string &value)
{
    if (key.empty() || key == "format_version")
        return makeError(errc::InvalidArgument, "key", "The meta key \"" + key + "\" cannot be set.");
    return Sql(m_connection, "write meta." + key)
        .exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", {qs(key), qs(value)});
}

Result<std::optional<std::string>> SqliteEvidenceStore::meta(const std::string &key)
{
    Sql q(m_connection, "read meta." + key);
    if (auto ok = q.exec("SELECT value FROM meta WHERE key = ?", {qs(key)}); !ok)
        return ok.error();
    return q.next() ? std::optional<std::string>(q.str(0)) : std::nullopt;
}

namespace {

/// Merges `rows` into one rollup level: `table` (and `bucketTable`), keyed by `timeColumn`.
Status upsertLevel(const QString &connection, const std::vector<RollupRow> &rows, const std::string &table,
                   const std::string &bucketTable, const std::string &timeColumn)
{
    Sql row(connection, "update the rollups (" + table + ")");
    Sql bucket(connection, "update the rollup histograms (" + bucketTable + ")");
    const std::string rowSql = "INSERT INTO " + table + " (agent, metric, cohort, " + timeColumn
                             + ", n, sum, sum_sq, successes, min, max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                               " ON CONFLICT (agent, metric, cohort, " + timeColumn
                             + ") DO UPDATE SET n = n + excluded.n, sum = sum + excluded.sum,"
                               " sum_sq = sum_sq + excluded.sum_sq, successes = successes + excluded.successes,"
                               " min = min(min, excluded.min), max = max(max, excluded.max)";
    const std::string bucketSql = "INSERT INTO " + bucketTable + " (agent, metric, cohort, " + timeColumn
                                + ", bucket, count) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agent, metric, cohort, "
                                + timeColumn + ", bucket) DO UPDATE SET count = count + excluded.count";
    if (auto ok = row.prepare(rowSql.c_str()); !ok)
        return ok;
    if (auto ok = bucket.prepare(bucketSql.c_str()); !ok)
        return ok;
    for (const RollupRow &r : rows) {
        if (r.n <= 0)
            continue;
        const QVariantList key{qs(r.agent), qs(r.metric), qs(r.cohort), seconds(r.minute)};
        if (auto ok = row.run(key + QVariantList{qlonglong(r.n), r.sum, r.sumOfSquares, qlonglong(r.successes), r.min,
                                                 r.max});
            !ok)
            return ok;
        for (std::size_t b = 0; b < r.buckets.size(); ++b)
            if (r.buckets[b] != 0)
                if (auto ok = bucket.run(key + QVariantList{qlonglong(b), qlonglong(r.buckets[b])}); !ok)
                    return ok;
    }
    return Done{};
}

/// The rows summed per UTC hour (RollupRow::minute holds the hour), for rollups_hourly.
std::vector<RollupRow> hourlyTotals(const std::vector<RollupRow> &rows)
{
    std::map<std::tuple<std::string, std::string, std::string, qlonglong>, RollupRow> hours;
    for (const RollupRow &r : rows) {
        if (r.n <= 0)
            continue;
        const qlonglong at = seconds(r.minute);
        const qlonglong hour = at - ((at % 3600) + 3600) % 3600;
        auto [it, inserted] = hours.try_emplace({r.agent, r.metric, r.cohort, hour}, r);
        RollupRow &h = it->second;
        if (inserted) {
            h.minute = TimePoint(std::chrono::seconds(hour));
            continue;
        }
        h.n += r.n;
        h.sum += r.sum;
        h.sumOfSquares += r.sumOfSquares;
        h.successes += r.successes;
        h.min = std::min(h.min, r.min);
        h.max = std::max(h.max, r.max);
        h.buckets.resize(std::max(h.buckets.size(), r.buckets.size()), 0);
        for (std::size_t b = 0; b < r.buckets.size(); ++b)
            h.buckets[b] += r.buckets[b];
    }
    std::vector<RollupRow> out;
    out.reserve(hours.size());
    for (auto &entry : hours)
        out.push_back(std::move(entry.second));
    return out;
}

} // namespace

Status SqliteEvidenceStore::upsertRollups(const std::vector<RollupRow> &rows)
{
    // Both levels from the same rows, inside the caller's transaction (format version 5).
    if (auto ok = upsertLevel(m_connection, rows, "rollups", "rollup_buckets", "minute"); !ok)
        return ok;
    return upsertLevel(m_connection, hourlyTotals(rows), "rollups_hourly", "rollup_buckets_hourly", "hour");
}

Result<IngestReport> SqliteEvidenceStore::ingest(const std::vector<Event> &events)
{
    IngestReport report;
    std::map<std::tuple<std::string, std::string, std::string, qlonglong>, RollupRow> rollups;
    Transaction transaction(m_connection);
    Sql insert(m_connection, "store events");
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    // RETURNING answers a row only when the event is new (SQLite ≥ 3.35).
    if (auto ok = insert.prepare("INSERT INTO events (at, agent, cohort, unit_id, latency_ms, correct, satisfaction,"
                                 " handling_time_min, error, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                 " ON CONFLICT (agent, event_id) DO NOTHING RETURNING 1");
        !ok)
        return ok.error();
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event &e = events[i];
        if (const std::string problem = eventProblem(e); !problem.empty()) {
            ++report.skipped;
            if (report.firstProblems.size() < 10)
                report.firstProblems.push_back("event " + std::to_string(i + 1) + ": " + problem);
            continue;
        }
        if (auto ok = insert.run(eventValues(e)); !ok)
            return ok.error();
        const bool inserted = insert.next();
        while (insert.next()) { // finish the statement, or COMMIT finds it still running
        }
        if (!inserted) {
            ++report.duplicates;
            continue;
        }
        ++report.accepted;
        if (e.correct)
            observe(rollups, e, Accuracy, *e.correct ? 1.0 : 0.0, *e.correct, std::nullopt);
        if (e.latencyMs)
            observe(rollups, e, Latency, *e.latencyMs, false, latencyBucket(*e.latencyMs));
        if (e.satisfaction)
            observe(rollups, e, Satisfaction, *e.satisfaction, false, static_cast<std::size_t>(*e.satisfaction - 1));
        if (e.handlingTimeMin)
            observe(rollups, e, HandlingTime, *e.handlingTimeMin, false, std::nullopt);
        observe(rollups, e, ErrorRate, e.error ? 1.0 : 0.0, e.error, std::nullopt);
    }
    std::vector<RollupRow> rows;
    rows.reserve(rollups.size());
    for (auto &entry : rollups)
        rows.push_back(std::move(entry.second));
    if (auto ok = upsertRollups(rows); !ok)
        return ok.error();
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return report;
}

namespace {

/// `SELECT <columns>` from both rollup levels inside a RollupWindow: whole hours from the
/// hourly table (hour in [:hf, :ht)), the ends from `table` (minute in [:f, :hf) or
/// [:ht, :t)); `where` may use :a (agent), :c and :tr (the cohorts). execWindow() binds them.
/// Every branch names the metrics and cohorts with IN lists, so SQLite walks the primary key
/// (agent, metric, cohort, minute|hour) as ranges per metric and cohort instead of every row
/// of the agent; the two ends of the window are two branches for the same reason (an OR of
/// two ranges made it scan).
std::string windowRows(const std::string &table, const std::string &columns, const std::string &where)
{
    static const std::string metrics = [] {
        std::string list;
        for (const char *name : metric::All)
            list += std::string(list.empty() ? "" : ", ") + "'" + name + "'";
        return list;
    }();
    const std::string hourly = table == "rollups" ? "rollups_hourly" : "rollup_buckets_hourly";
    const std::string keyed = where.find("metric =") == std::string::npos ? where + " AND metric IN (" + metrics + ")" : where;
    return "SELECT " + columns + " FROM " + hourly + " WHERE " + keyed + " AND hour >= :hf AND hour < :ht"
         + " UNION ALL SELECT " + columns + " FROM " + table + " WHERE " + keyed + " AND minute >= :f AND minute < :hf"
         + " UNION ALL SELECT " + columns + " FROM " + table + " WHERE " + keyed + " AND minute >= :ht AND minute < :t";
}

/// Runs `statement` (named placeholders :a agent, :c control, :tr treatment and the window's).
Status execWindow(Sql &q, const std::string &statement, const std::string &agent, const std::string &control,
                  const std::string &treatment, const RollupWindow &w)
{
    if (auto ok = q.prepare(statement.c_str()); !ok)
        return ok;
    return q.runNamed({{QStringLiteral(":a"), qs(agent)},
                       {QStringLiteral(":c"), qs(control)},
                       {QStringLiteral(":tr"), qs(treatment)},
                       {QStringLiteral(":f"), seconds(w.from)},
                       {QStringLiteral(":t"), seconds(w.to)},
                       {QStringLiteral(":hf"), seconds(w.hourFrom)},
                       {QStringLiteral(":ht"), seconds(w.hourTo)}});
}

} // namespace

Result<std::vector<rollout::MetricEvidence>> SqliteEvidenceStore::summaries(const std::string &agent,
                                                                            const std::string &control,
                                                                            const std::string &treatment,
                                                                            TimePoint from, TimePoint to)
{
    std::map<std::string, std::pair<RollupRow, RollupRow>> found; // metric → (control, treatment) totals
    const auto side = [&](const Sql &q) -> RollupRow & {
        auto &pair = found[q.str(0)];
        return q.str(1) == control ? pair.first : pair.second;
    };
    const RollupWindow w = splitRollupWindow(from, to, m_useHourly);
    static const std::string totalsSql =
        "SELECT metric, cohort, SUM(n), SUM(sum), SUM(sum_sq), SUM(successes), MIN(min), MAX(max) FROM ("
        + windowRows("rollups", "metric, cohort, n, sum, sum_sq, successes, min, max", "agent = :a AND cohort IN (:c, :tr)")
        + ") GROUP BY metric, cohort";
    static const std::string bucketsSql =
        "SELECT metric, cohort, bucket, SUM(count) FROM ("
        + windowRows("rollup_buckets", "metric, cohort, bucket, count", "agent = :a AND cohort IN (:c, :tr)")
        + ") GROUP BY metric, cohort, bucket";
    Sql q(m_connection, "read the rollups");
    if (auto ok = execWindow(q, totalsSql, agent, control, treatment, w); !ok)
        return ok.error();
    while (q.next())
        side(q) = RollupRow{from, agent, q.str(1), q.str(0), q.integer(2), q.real(3), q.real(4), q.integer(5),
                            q.real(6), q.real(7), std::vector<std::int64_t>(bucketCount(q.str(0)), 0)};
    // Summed in SQL: over hours the rows to sort are few, and each row handed to Qt costs
    // more (QVariants, two strings) than SQLite's sort.
    if (auto ok = execWindow(q, bucketsSql, agent, control, treatment, w); !ok)
        return ok.error();
    while (q.next())
        addToBucket(side(q).buckets, q.integer(2), q.integer(3));
    std::vector<rollout::MetricEvidence> result; // in the PostgreSQL store's order
    for (const char *name : metric::All)
        if (auto it = found.find(name); it != found.end() && (it->second.first.n > 0 || it->second.second.n > 0))
            result.push_back({name, cohortFromRollup(it->second.first), cohortFromRollup(it->second.second)});
    return result;
}

Result<std::pair<std::int64_t, std::int64_t>> SqliteEvidenceStore::units(const std::string &agent,
                                                                         const std::string &control,
                                                                         const std::string &treatment,
                                                                         TimePoint from, TimePoint to)
{
    static const std::string sql =
        "SELECT cohort, SUM(n) FROM ("
        + windowRows("rollups", "cohort, n", "agent = :a AND metric = 'error_rate' AND cohort IN (:c, :tr)")
        + ") GROUP BY cohort";
    Sql q(m_connection, "count units");
    if (auto ok = execWindow(q, sql, agent, control, treatment, splitRollupWindow(from, to, m_useHourly)); !ok)
        return ok.error();
    std::pair<std::int64_t, std::int64_t> counts{0, 0};
    while (q.next())
        (q.str(0) == control ? counts.first : counts.second) = q.integer(1);
    return counts;
}

Status SqliteEvidenceStore::recordSignOff(const std::string &agent, const rollout::SignOff &s)
{
    return Sql(m_connection, "record the sign-off")
        .exec("INSERT INTO sign_offs (agent, approver, role, approve, comment, evidence_hash, at, from_percentage,"
              " override) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {qs(agent), qs(s.approver), qs(s.role), s.approve ? 1 : 0, qs(s.comment), qs(s.evidenceHash),
               seconds(s.at), s.fromPercentage, s.override ? 1 : 0});
}

Result<std::vector<rollout::SignOff>> SqliteEvidenceStore::signOffs(const std::string &agent)
{
    Sql q(m_connection, "read the sign-offs");
    if (auto ok = q.exec("SELECT approver, role, approve, comment, evidence_hash, at, from_percentage, override"
                         " FROM sign_offs WHERE agent = ? ORDER BY at, id",
                         {qs(agent)});
        !ok)
        return ok.error();
    std::vector<rollout::SignOff> result;
    while (q.next())
        result.push_back({q.str(0), q.str(1), q.flag(2), q.str(3), q.str(4), q.time(5), q.real(6), q.flag(7)});
    return result;
}

Status SqliteEvidenceStore::recordTransition(const std::string &agent, const rollout::TransitionEvent &e)
{
    return Sql(m_connection, "record the stage transition")
        .exec("INSERT INTO stage_history (agent, actor, at, from_status, to_status, from_percentage, to_percentage,"
              " reason, evidence_hash, override) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {qs(agent), qs(e.actor), seconds(e.at), QString::fromLatin1(rollout::statusName(e.fromStatus)),
               QString::fromLatin1(rollout::statusName(e.toStatus)), e.fromPercentage, e.toPercentage, qs(e.reason),
               qs(e.evidenceHash), e.override ? 1 : 0});
}

Status SqliteEvidenceStore::recordTransitionOnce(const std::string &agent, const rollout::TransitionEvent &e,
                                                 const std::string &recordId)
{
    if (recordId.empty())
        return recordTransition(agent, e);
    return Sql(m_connection, "record the stage transition")
        .exec("INSERT INTO stage_history (agent, actor, at, from_status, to_status, from_percentage, to_percentage,"
              " reason, evidence_hash, override, record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              " ON CONFLICT (record_id) DO NOTHING",
              {qs(agent), qs(e.actor), seconds(e.at), QString::fromLatin1(rollout::statusName(e.fromStatus)),
               QString::fromLatin1(rollout::statusName(e.toStatus)), e.fromPercentage, e.toPercentage, qs(e.reason),
               qs(e.evidenceHash), e.override ? 1 : 0, qs(recordId)});
}

Result<std::vector<rollout::TransitionEvent>> SqliteEvidenceStore::stageHistory(const std::string &agent)
{
    Sql q(m_connection, "read the stage history");
    if (auto ok = q.exec("SELECT actor, at, from_status, to_status, from_percentage, to_percentage, reason,"
                         " evidence_hash, override, id FROM stage_history WHERE agent = ? ORDER BY at, id",
                         {qs(agent)});
        !ok)
        return ok.error();
    std::vector<rollout::TransitionEvent> result;
    while (q.next()) {
        const auto from = rollout::parseStatus(q.str(2));
        const auto to = rollout::parseStatus(q.str(3));
        if (!from || !to)
            return makeError(storeerrc::Corrupt, "stage_history",
                             "Stage history row " + q.str(9) + " names an unknown rollout status.");
        result.push_back({q.str(0), q.time(1), *from, *to, q.real(4), q.real(5), q.str(6), q.str(7), q.flag(8)});
    }
    return result;
}

Result<std::vector<RollupRow>> SqliteEvidenceStore::rollups(const std::string &agent)
{
    Sql q(m_connection, "read the rollups");
    if (auto ok = q.exec("SELECT metric, cohort, minute, n, sum, sum_sq, successes, min, max FROM rollups"
                         " WHERE agent = ? ORDER BY metric, cohort, minute",
                         {qs(agent)});
        !ok)
        return ok.error();
    std::vector<RollupRow> rows;
    std::map<std::tuple<std::string, std::string, qlonglong>, std::size_t> index;
    while (q.next()) {
        index[{q.str(0), q.str(1), q.integer(2)}] = rows.size();
        rows.push_back({q.time(2), agent, q.str(1), q.str(0), q.integer(3), q.real(4), q.real(5), q.integer(6),
                        q.real(7), q.real(8), std::vector<std::int64_t>(bucketCount(q.str(0)), 0)});
    }
    if (auto ok = q.exec("SELECT metric, cohort, minute, bucket, count FROM rollup_buckets WHERE agent = ?",
                         {qs(agent)});
        !ok)
        return ok.error();
    while (q.next()) {
        const auto it = index.find({q.str(0), q.str(1), q.integer(2)});
        if (it != index.end())
            setBucket(rows[it->second].buckets, q.integer(3), q.integer(4));
    }
    return rows;
}

Status SqliteEvidenceStore::importRollups(const std::vector<RollupRow> &rows)
{
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RollupRow &r = rows[i];
        const bool finite = std::isfinite(r.sum) && std::isfinite(r.sumOfSquares) && std::isfinite(r.min) &&
                            std::isfinite(r.max);
        if (r.agent.empty() || r.cohort.empty() || r.metric.empty() || !finite)
            return makeError(errc::InvalidArgument, "rows[" + std::to_string(i) + "]",
                             "Rollup row " + std::to_string(i + 1) +
                                 " has an empty agent, cohort or metric, or a value that is not a finite number.");
    }
    Transaction transaction(m_connection);
    if (auto ok = transaction.begin(); !ok)
        return ok;
    if (auto ok = upsertRollups(rows); !ok)
        return ok;
    return transaction.commit();
}

} // namespace rampart::store
