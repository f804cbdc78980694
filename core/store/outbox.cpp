#include "outbox.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>

#include <cstdio>
#include <unistd.h>

namespace rampart::store {

namespace {

constexpr const char *kOutboxName = "audit-outbox.jsonl";
constexpr int kLockTimeoutMs = 10000;

std::string str(const QString &s)
{
    return s.toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

Error ioError(const QString &path, const QString &why)
{
    return makeError("io_error", "outbox_directory",
                     "Cannot write the audit outbox \"" + str(path) + "\": " + str(why) + ".");
}

// One queued record; detail stays the exact text the caller gave.
QByteArray toLine(const AuditEntry &e)
{
    const auto seconds = static_cast<qint64>(e.at.time_since_epoch().count());
    const QJsonObject object{
        {QStringLiteral("at"), QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate)},
        {QStringLiteral("actor"), qstr(e.actor)},
        {QStringLiteral("action"), qstr(e.action)},
        {QStringLiteral("subject"), qstr(e.subject)},
        {QStringLiteral("detail"), qstr(e.detailJson)},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<AuditEntry> fromLine(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject o = document.object();
    const QDateTime at = QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODate);
    if (!at.isValid())
        return std::nullopt;
    AuditEntry e;
    e.at = rollout::TimePoint{rollout::Duration{at.toSecsSinceEpoch()}};
    e.actor = str(o.value(QStringLiteral("actor")).toString());
    e.action = str(o.value(QStringLiteral("action")).toString());
    e.subject = str(o.value(QStringLiteral("subject")).toString());
    e.detailJson = str(o.value(QStringLiteral("detail")).toString());
    return e;
}

// Writes and fsyncs `data` at the end of (or replacing) `path`.
Status writeDurably(const QString &path, const QByteArray &data, QIODevice::OpenMode mode)
{
    QFile file(path);
    if (!file.open(mode))
        return ioError(path, file.errorString());
    if (file.write(data) != data.size() || !file.flush())
        return ioError(path, file.errorString());
    if (::fsync(file.handle()) != 0)
        return ioError(path, QStringLiteral("fsync failed"));
    return Done{};
}

class DirectoryLock
{
public:
    explicit DirectoryLock(const QString &directory) : m_lock(QDir(directory).filePath(QStringLiteral(".outbox.lock")))
    {
        m_locked = QDir().mkpath(directory) && m_lock.tryLock(kLockTimeoutMs);
    }
    bool locked() const { return m_locked; }

private:
    QLockFile m_lock;
    bool m_locked = false;
};

} // namespace

OutboxAuditWriter::OutboxAuditWriter(EvidenceStore *store, QString directory)
    : m_store(store), m_directory(std::move(directory))
{
}

QString OutboxAuditWriter::outboxFile() const
{
    return QDir(m_directory).filePath(QString::fromLatin1(kOutboxName));
}

Result<AuditWrite> OutboxAuditWriter::append(const AuditEntry &entry)
{
    // Anything already queued goes first; if it cannot, this record queues behind it.
    auto queued = readQueue();
    if (!queued)
        return queued.error();
    bool mustQueue = m_store == nullptr;
    if (!mustQueue && !queued->empty()) {
        auto flushed = flush();
        mustQueue = !flushed;
        if (!flushed && flushed.error().code != storeerrc::Unavailable)
            return flushed.error();
    }
    if (!mustQueue) {
        auto stored = m_store->appendAudit(entry);
        if (stored)
            return AuditWrite{*stored, false};
        if (stored.error().code != storeerrc::Unavailable)
            return stored.error();
    }
    if (auto status = enqueue(entry); !status)
        return status.error();
    return AuditWrite{entry, true};
}

Result<int> OutboxAuditWriter::flush()
{
    DirectoryLock lock(m_directory);
    if (!lock.locked())
        return ioError(outboxFile(), QStringLiteral("it is locked by another process"));
    auto queue = readQueue();
    if (!queue)
        return queue.error();
    if (queue->empty())
        return 0;
    if (m_store == nullptr)
        return makeError(storeerrc::Unavailable, "database_url", "No evidence store is configured to flush the outbox to.");
    int stored = 0;
    for (const AuditEntry &entry : *queue) {
        auto result = m_store->appendAudit(entry);
        if (!result) {
            if (auto status = rewriteQueue({queue->begin() + stored, queue->end()}); !status)
                return status.error();
            return result.error();
        }
        ++stored;
    }
    if (auto status = rewriteQueue({}); !status)
        return status.error();
    return stored;
}

Result<std::vector<AuditEntry>> OutboxAuditWriter::pending() const
{
    return readQueue();
}

Result<std::vector<AuditEntry>> OutboxAuditWriter::readQueue() const
{
    std::vector<AuditEntry> entries;
    QFile file(outboxFile());
    if (!file.exists())
        return entries;
    if (!file.open(QIODevice::ReadOnly))
        return ioError(outboxFile(), file.errorString());
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        auto entry = fromLine(line);
        if (!entry)
            return makeError(storeerrc::Corrupt, "outbox_directory",
                             "Line " + std::to_string(lineNumber) + " of the audit outbox \"" + str(outboxFile())
                                 + "\" is not a queued audit record.");
        entries.push_back(std::move(*entry));
    }
    return entries;
}

Status OutboxAuditWriter::enqueue(const AuditEntry &entry)
{
    DirectoryLock lock(m_directory);
    if (!lock.locked())
        return ioError(outboxFile(), QStringLiteral("it cannot be locked"));
    return writeDurably(outboxFile(), toLine(entry), QIODevice::WriteOnly | QIODevice::Append);
}

Status OutboxAuditWriter::rewriteQueue(const std::vector<AuditEntry> &remaining)
{
    if (remaining.empty()) {
        QFile::remove(outboxFile());
        return Done{};
    }
    QByteArray data;
    for (const AuditEntry &entry : remaining)
        data += toLine(entry);
    // Write aside, then rename over: the outbox is never half-written.
    const QString temporary = outboxFile() + QStringLiteral(".tmp");
    if (auto status = writeDurably(temporary, data, QIODevice::WriteOnly | QIODevice::Truncate); !status)
        return status;
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(outboxFile()).constData()) != 0)
        return ioError(outboxFile(), QStringLiteral("renaming the rewritten outbox failed"));
    return Done{};
}

} // namespace rampart::store
