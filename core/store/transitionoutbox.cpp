#include "transitionoutbox.h"

#include "privatefile.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace rampart::store {

namespace {

constexpr const char *kFile = "stage-history-outbox.jsonl";
constexpr const char *kDamaged = "stage-history-outbox.damaged";
constexpr const char *kLock = ".transitions.lock";
constexpr const char *kField = "outbox_directory";

Error ioError(const QString &path, const std::string &why)
{
    return makeError("io_error", kField,
                     "Cannot keep the stage-history outbox \"" + path.toStdString() + "\": " + why + ".");
}

/// An exclusive flock(2) on the directory's lock file, released on scope exit.
class Lock
{
public:
    explicit Lock(const QString &directory)
    {
        auto fd = createPrivateFile(directory + QLatin1Char('/') + QLatin1String(kLock), O_RDWR, kField);
        if (!fd) {
            m_error = fd.error();
            return;
        }
        m_fd = *fd;
        while (::flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    ~Lock()
    {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    Lock(const Lock &) = delete;
    Lock &operator=(const Lock &) = delete;
    const std::optional<Error> &error() const { return m_error; }

private:
    int m_fd = -1;
    std::optional<Error> m_error;
};

QByteArray checksum(const QByteArray &json)
{
    return QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex().left(16);
}

QByteArray encode(const PendingTransition &p)
{
    const rollout::TransitionEvent &e = p.event;
    const QJsonObject o{{QStringLiteral("record_id"), QString::fromStdString(p.recordId)},
                        {QStringLiteral("agent"), QString::fromStdString(p.agent)},
                        {QStringLiteral("actor"), QString::fromStdString(e.actor)},
                        {QStringLiteral("at"), static_cast<qint64>(e.at.time_since_epoch().count())},
                        {QStringLiteral("from_status"), QString::fromLatin1(rollout::statusName(e.fromStatus))},
                        {QStringLiteral("to_status"), QString::fromLatin1(rollout::statusName(e.toStatus))},
                        {QStringLiteral("from_percentage"), e.fromPercentage},
                        {QStringLiteral("to_percentage"), e.toPercentage},
                        {QStringLiteral("reason"), QString::fromStdString(e.reason)},
                        {QStringLiteral("evidence_hash"), QString::fromStdString(e.evidenceHash)},
                        {QStringLiteral("override"), e.override}};
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return "v1 " + checksum(json) + ' ' + json + '\n';
}

std::optional<PendingTransition> decode(const QByteArray &line)
{
    if (!line.startsWith("v1 ") || line.size() < 21 || line[19] != ' ')
        return std::nullopt;
    const QByteArray json = line.mid(20);
    if (checksum(json) != line.mid(3, 16))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const auto from = rollout::parseStatus(o.value(QStringLiteral("from_status")).toString().toStdString());
    const auto to = rollout::parseStatus(o.value(QStringLiteral("to_status")).toString().toStdString());
    if (!from || !to)
        return std::nullopt;
    PendingTransition p;
    p.recordId = o.value(QStringLiteral("record_id")).toString().toStdString();
    p.agent = o.value(QStringLiteral("agent")).toString().toStdString();
    p.event.actor = o.value(QStringLiteral("actor")).toString().toStdString();
    p.event.at = rollout::TimePoint(rollout::Duration(o.value(QStringLiteral("at")).toInteger()));
    p.event.fromStatus = *from;
    p.event.toStatus = *to;
    p.event.fromPercentage = o.value(QStringLiteral("from_percentage")).toDouble();
    p.event.toPercentage = o.value(QStringLiteral("to_percentage")).toDouble();
    p.event.reason = o.value(QStringLiteral("reason")).toString().toStdString();
    p.event.evidenceHash = o.value(QStringLiteral("evidence_hash")).toString().toStdString();
    p.event.override = o.value(QStringLiteral("override")).toBool();
    if (p.recordId.empty() || p.agent.empty())
        return std::nullopt;
    return p;
}

struct FileContents
{
    std::vector<PendingTransition> rows;
    std::vector<QByteArray> damaged;
};

Result<FileContents> readQueue(const QString &path)
{
    FileContents out;
    QFile file(path);
    if (!file.exists())
        return out;
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path, file.errorString().toStdString());
    for (const QByteArray &raw : file.readAll().split('\n')) {
        if (raw.isEmpty())
            continue;
        if (auto row = decode(raw))
            out.rows.push_back(std::move(*row));
        else
            out.damaged.push_back(raw);
    }
    return out;
}

Status writeAll(int fd, const QByteArray &bytes, const QString &path)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, static_cast<size_t>(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ioError(path, std::strerror(errno));
        done += n;
    }
    return Done{};
}

Status syncDirectory(const QString &directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(directory, std::strerror(errno));
    const int rc = ::fsync(fd);
    ::close(fd);
    return rc == 0 ? Status(Done{}) : Status(ioError(directory, std::strerror(errno)));
}

/// Appends `bytes` to `path` and fsyncs it (the directory too when the file is new).
Status appendDurably(const QString &directory, const QString &path, const QByteArray &bytes)
{
    const bool existed = QFile::exists(path);
    auto fd = createPrivateFile(path, O_WRONLY | O_APPEND, kField);
    if (!fd)
        return fd.error();
    Status ok = tightenPrivateFile(*fd, path, kField);
    if (ok)
        ok = writeAll(*fd, bytes, path);
    if (ok && ::fsync(*fd) != 0)
        ok = ioError(path, std::strerror(errno));
    ::close(*fd);
    if (ok && !existed)
        ok = syncDirectory(directory);
    return ok;
}

/// Replaces `path` by `bytes`: a temporary file, fsync, rename, fsync of the directory.
Status replaceDurably(const QString &directory, const QString &path, const QByteArray &bytes)
{
    const QString temporary = path + QStringLiteral(".tmp");
    auto fd = createPrivateFile(temporary, O_WRONLY | O_TRUNC, kField);
    if (!fd)
        return fd.error();
    Status ok = writeAll(*fd, bytes, temporary);
    if (ok && ::fsync(*fd) != 0)
        ok = ioError(temporary, std::strerror(errno));
    ::close(*fd);
    if (ok && ::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(path).constData()) != 0)
        ok = ioError(path, std::strerror(errno));
    return ok ? syncDirectory(directory) : ok;
}

} // namespace

TransitionOutbox::TransitionOutbox(QString directory) : m_directory(std::move(directory)) {}

Result<std::string> TransitionOutbox::append(const std::string &agent, const rollout::TransitionEvent &event)
{
    if (auto ok = ensurePrivateDir(m_directory, kField); !ok)
        return ok.error();
    if (auto ok = tightenPrivateDir(m_directory, kField); !ok)
        return ok.error();
    Lock lock(m_directory);
    if (lock.error())
        return *lock.error();
    PendingTransition p{QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString(), agent, event};
    const QString path = m_directory + QLatin1Char('/') + QLatin1String(kFile);
    // A torn last line (a crash mid-append) must not swallow this one: start on a new line.
    QByteArray bytes = encode(p);
    if (QFile file(path); file.open(QIODevice::ReadOnly) && file.size() > 0 && file.seek(file.size() - 1)
                          && file.read(1) != "\n")
        bytes.prepend('\n');
    if (auto ok = appendDurably(m_directory, path, bytes); !ok)
        return ok.error();
    return p.recordId;
}

Result<std::vector<PendingTransition>> TransitionOutbox::pending() const
{
    auto contents = readQueue(m_directory + QLatin1Char('/') + QLatin1String(kFile));
    if (!contents)
        return contents.error();
    return std::move(contents->rows);
}

Result<TransitionDelivery> TransitionOutbox::deliver(EvidenceStore &store)
{
    TransitionDelivery report;
    const QString path = m_directory + QLatin1Char('/') + QLatin1String(kFile);
    if (!QFile::exists(path))
        return report;
    std::vector<PendingTransition> queued;
    {
        Lock lock(m_directory);
        if (lock.error())
            return *lock.error();
        auto contents = readQueue(path);
        if (!contents)
            return contents.error();
        queued = std::move(contents->rows);
    }
    // The store is asked without the lock: appends go on meanwhile.
    std::set<std::string> stored;
    std::optional<Error> failure;
    for (const PendingTransition &p : queued) {
        if (auto ok = store.recordTransitionOnce(p.agent, p.event, p.recordId); !ok) {
            failure = ok.error();
            break;
        }
        stored.insert(p.recordId);
    }
    Lock lock(m_directory);
    if (lock.error())
        return *lock.error();
    auto contents = readQueue(path); // appends may have come in
    if (!contents)
        return contents.error();
    QByteArray keep;
    for (const PendingTransition &p : contents->rows)
        if (!stored.count(p.recordId)) {
            keep += encode(p);
            ++report.pending;
        }
    report.stored = static_cast<int>(stored.size());
    report.damaged = static_cast<int>(contents->damaged.size());
    if (!contents->damaged.empty()) {
        QByteArray damaged;
        for (const QByteArray &line : contents->damaged)
            damaged += "# " + QByteArray(kFile) + ": checksum or format failed\n" + line + '\n';
        if (auto ok = appendDurably(m_directory, m_directory + QLatin1Char('/') + QLatin1String(kDamaged), damaged); !ok)
            return ok.error();
    }
    if (!stored.empty() || !contents->damaged.empty())
        if (auto ok = replaceDurably(m_directory, path, keep); !ok)
            return ok.error();
    report.error = failure;
    if (failure && report.stored == 0 && report.pending > 0)
        return *failure; // nothing moved: say why (store_unavailable, …)
    return report;
}

} // namespace rampart::store
