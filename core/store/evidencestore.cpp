#include "evidencestore.h"

#include "canonicaljson.h"

#include <algorithm>
#include <cstdio>

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace rampart::store {

namespace {

QString fromStd(const std::string &s)
{
    return QString::fromStdString(s);
}

// The detail text as a JSON value: an object normally; an empty text is {}, and text that is
// not a JSON object is kept as a string so the hash still covers it byte for byte.
QJsonValue detailValue(const std::string &detailJson)
{
    if (detailJson.empty())
        return QJsonObject{};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(detailJson), &error);
    if (error.error == QJsonParseError::NoError && document.isObject())
        return document.object();
    return fromStd(detailJson);
}

} // namespace

namespace {

std::string legacyAuditHash(const AuditEntry &entry)
{
    const auto seconds = static_cast<qint64>(entry.at.time_since_epoch().count());
    // QJsonObject keeps its keys sorted, so Compact output is canonical; "at" reads
    // 2024-05-01T12:00:00Z (Qt::UTC, not a zone, so the suffix is Z rather than +00:00).
    const QJsonObject row{
        {QStringLiteral("id"), static_cast<qint64>(entry.id)},
        {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate)},
        {QStringLiteral("actor"), fromStd(entry.actor)},
        {QStringLiteral("action"), fromStd(entry.action)},
        {QStringLiteral("subject"), fromStd(entry.subject)},
        {QStringLiteral("detail"), detailValue(entry.detailJson)},
    };
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::fromStdString(entry.previousHash));
    hash.addData(QJsonDocument(row).toJson(QJsonDocument::Compact));
    return hash.result().toHex().toStdString();
}

} // namespace

std::string auditTime(rollout::TimePoint t)
{
    using namespace std::chrono;
    const auto seconds = floor<std::chrono::seconds>(t);
    const sys_days day = floor<days>(seconds);
    const year_month_day ymd(day);
    const hh_mm_ss<std::chrono::seconds> time(seconds - day);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

std::string auditCanonicalRow(const AuditEntry &entry)
{
    std::string detail;
    if (entry.detailJson.empty()) {
        detail = "{}";
    } else {
        auto canonical = canonicalJson(entry.detailJson);
        detail = canonical ? *canonical : canonicalString(entry.detailJson);
    }
    // Member names in RFC 8785 order (all ASCII, so byte order is UTF-16 order).
    std::string row = "{";
    row += "\"action\":" + canonicalString(entry.action);
    row += ",\"actor\":" + canonicalString(entry.actor);
    row += ",\"at\":" + canonicalString(auditTime(entry.at));
    row += ",\"chain\":" + canonicalInteger(entry.chain);
    row += ",\"db_role\":" + canonicalString(entry.dbRole);
    row += ",\"detail\":" + detail;
    row += ",\"flag_version\":" + (entry.flagVersion ? canonicalInteger(*entry.flagVersion) : std::string("null"));
    row += ",\"id\":" + canonicalInteger(entry.id);
    row += ",\"os_user\":" + canonicalString(entry.osUser);
    row += ",\"record_id\":" + canonicalString(entry.recordId);
    row += ",\"subject\":" + canonicalString(entry.subject);
    return row + "}";
}

std::string auditHash(const AuditEntry &entry, std::string_view key)
{
    switch (entry.chain) {
    case auditchain::Legacy:
        return legacyAuditHash(entry);
    case auditchain::Sha256: {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(QByteArray::fromStdString(entry.previousHash));
        hash.addData(QByteArray::fromStdString(auditCanonicalRow(entry)));
        return hash.result().toHex().toStdString();
    }
    case auditchain::HmacSha256: {
        if (key.empty())
            return std::string();
        QMessageAuthenticationCode mac(QCryptographicHash::Sha256,
                                       QByteArray(key.data(), static_cast<qsizetype>(key.size())));
        mac.addData(QByteArray::fromStdString(entry.previousHash));
        mac.addData(QByteArray::fromStdString(auditCanonicalRow(entry)));
        return mac.result().toHex().toStdString();
    }
    default:
        return std::string();
    }
}

Result<AuditBatchResult> EvidenceStore::appendAuditBatch(const std::vector<AuditEntry> &entries)
{
    // The generic path, one record at a time; both stores override it with one that tells
    // new rows from records already stored.
    AuditBatchResult result;
    for (const AuditEntry &entry : entries) {
        auto stored = appendAudit(entry);
        if (!stored)
            return stored.error();
        ++result.stored;
        result.rows.push_back(*stored);
    }
    return result;
}

Result<std::int64_t> EvidenceStore::highestFlagVersion(const std::string &)
{
    return makeError(storeerrc::QueryFailed, "", "This store does not track flag versions.");
}

const std::vector<double> &latencyBucketBounds()
{
    // Keep in step with rampart.latency_bounds() in resources/sql/001_schema.sql (tested).
    static const std::vector<double> bounds = {0,   1,   2,   5,    10,   20,   50,   100,  150,  200,
                                               300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000};
    return bounds;
}

std::optional<double> histogramP95(const std::vector<std::int64_t> &buckets, double min, double max)
{
    const auto &bounds = latencyBucketBounds();
    std::int64_t total = 0;
    for (auto c : buckets)
        total += c;
    if (total <= 0)
        return std::nullopt;
    const double target = 0.95 * static_cast<double>(total);
    double cumulative = 0.0;
    for (std::size_t k = 0; k < buckets.size() && k < bounds.size(); ++k) {
        const double count = static_cast<double>(buckets[k]);
        if (count > 0 && cumulative + count >= target) {
            const double lower = bounds[k];
            const double upper = k + 1 < bounds.size() ? bounds[k + 1] : max;
            const double estimate = lower + (upper - lower) * (target - cumulative) / count;
            return std::clamp(estimate, min, max);
        }
        cumulative += count;
    }
    return max;
}

rollout::CohortMetric cohortFromRollup(const RollupRow &totals)
{
    rollout::CohortMetric c;
    if (totals.n <= 0)
        return c;
    c.summary = stats::RunningSummary::fromSums(totals.n, totals.sum, totals.sumOfSquares, totals.min, totals.max,
                                                totals.successes);
    if (totals.metric == metric::Satisfaction)
        c.levelCounts = totals.buckets;
    else if (totals.metric == metric::Latency)
        c.p95 = histogramP95(totals.buckets, totals.min, totals.max);
    return c;
}

RollupWindow splitRollupWindow(rollout::TimePoint from, rollout::TimePoint to, bool useHours)
{
    RollupWindow w{from, to, to, to};
    if (!useHours || !(from < to))
        return w;
    constexpr std::int64_t hour = 3600;
    const auto floorHour = [](std::int64_t s) { return s - (((s % hour) + hour) % hour); };
    const std::int64_t f = from.time_since_epoch().count();
    const std::int64_t t = to.time_since_epoch().count();
    const std::int64_t first = floorHour(f) == f ? f : floorHour(f) + hour; // the first hour starting at or after from
    const std::int64_t last = floorHour(t);                                 // hours ending at or before to
    if (first < last) {
        w.hourFrom = rollout::TimePoint(rollout::Duration(first));
        w.hourTo = rollout::TimePoint(rollout::Duration(last));
    }
    return w;
}

} // namespace rampart::store
