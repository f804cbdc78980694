#include "evidencestore.h"

#include <QCryptographicHash>
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

std::string auditHash(const AuditEntry &entry)
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

} // namespace rampart::store
