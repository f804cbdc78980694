#include "outbox.h"
#include "privatefile.h"

#include "canonicaljson.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <thread>
#include <variant>

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rampart::store {

namespace {

using std::chrono::milliseconds;

constexpr const char *kOutboxName = "audit-outbox.jsonl";
constexpr const char *kDamagedName = "audit-outbox.damaged";
constexpr const char *kSegmentPrefix = "audit-outbox.";
constexpr const char *kSegmentSuffix = ".sending";
constexpr milliseconds kAppendLockWait{2000};

std::string str(const QString &s)
{
    return s.toStdString();
}

QByteArray path8(const QString &path)
{
    return QFile::encodeName(path);
}

Error ioError(const QString &path, const std::string &why)
{
    return makeError(outboxerrc::Io, "outbox_directory", "Cannot write the audit outbox \"" + str(path) + "\": " + why + ".");
}

std::string errnoText()
{
    return std::strerror(errno);
}

/// A file descriptor closed on scope exit.
class Fd
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

Status ensureDirectory(const QString &directory)
{
    const QByteArray path = path8(directory);
    if (::mkdir(path.constData(), 0700) == 0)
        return Done{};
    if (errno == EEXIST) // found, not made: private all the same (issue 22)
        return tightenPrivateDir(directory, "outbox_directory");
    if (errno == ENOENT && QDir().mkpath(directory)) { // parents first, then our own 0700
        ::chmod(path.constData(), 0700);
        return Done{};
    }
    return ioError(directory, "cannot create the directory: " + errnoText());
}

Status fsyncDirectory(const QString &directory)
{
    const Fd fd(::open(path8(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0)
        return ioError(directory, "fsync of the directory failed: " + errnoText());
    return Done{};
}

/// flock(2) on a lock file, tried without blocking until `wait` has passed.
class FileLock
{
public:
    FileLock(const QString &path, milliseconds wait)
        : m_fd(::open(path8(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600))
    {
        if (m_fd.get() < 0)
            return;
        const auto deadline = std::chrono::steady_clock::now() + wait;
        for (;;) {
            if (::flock(m_fd.get(), LOCK_EX | LOCK_NB) == 0) {
                m_locked = true;
                return;
            }
            if (errno != EWOULDBLOCK && errno != EINTR)
                return;
            if (std::chrono::steady_clock::now() >= deadline)
                return;
            std::this_thread::sleep_for(milliseconds(2));
        }
    }
    ~FileLock()
    {
        if (m_locked)
            ::flock(m_fd.get(), LOCK_UN);
    }
    bool locked() const { return m_locked; }

private:
    Fd m_fd;
    bool m_locked = false;
};

std::string checksum(const std::string &json)
{
    return QCryptographicHash::hash(QByteArray::fromStdString(json), QCryptographicHash::Sha256)
        .toHex()
        .left(16)
        .toStdString();
}

/// One record as one outbox line (with its newline). The detail travels as a string holding
/// its canonical text, so no JSON library reformats it on the way.
std::string toLine(const AuditEntry &e)
{
    std::string detail = e.detailJson.empty() ? std::string("{}") : e.detailJson;
    if (auto canonical = canonicalJson(detail))
        detail = *canonical;
    std::string json = "{";
    json += "\"action\":" + canonicalString(e.action);
    json += ",\"actor\":" + canonicalString(e.actor);
    json += ",\"at\":" + canonicalString(auditTime(e.at));
    json += ",\"detail\":" + canonicalString(detail);
    json += ",\"flag_version\":" + (e.flagVersion ? canonicalInteger(*e.flagVersion) : std::string("null"));
    json += ",\"os_user\":" + canonicalString(e.osUser);
    json += ",\"record_id\":" + canonicalString(e.recordId);
    json += ",\"subject\":" + canonicalString(e.subject);
    json += "}";
    return "v2 " + checksum(json) + " " + json + "\n";
}

std::optional<rollout::TimePoint> parseTime(const QString &text)
{
    const QDateTime at = QDateTime::fromString(text, Qt::ISODate);
    if (!at.isValid())
        return std::nullopt;
    return rollout::TimePoint{rollout::Duration{at.toSecsSinceEpoch()}};
}

/// A record from a line, or why the line cannot be read.
std::variant<AuditEntry, std::string> fromLine(const QByteArray &line)
{
    QByteArray json = line;
    std::string recordId;
    if (line.startsWith("v2 ")) {
        if (line.size() < 21 || line.at(19) != ' ')
            return std::string("not a record line (torn or damaged)");
        json = line.mid(20);
        if (checksum(json.toStdString()) != line.mid(3, 16).toStdString())
            return std::string("checksum mismatch (torn or damaged)");
    } else {
        // A line written before record ids existed: its own hash is its id.
        recordId = "legacy-" + QCryptographicHash::hash(line, QCryptographicHash::Sha256).toHex().left(32).toStdString();
    }
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return std::string("not a JSON object");
    const QJsonObject o = document.object();
    const auto at = parseTime(o.value(QStringLiteral("at")).toString());
    if (!at)
        return std::string("no valid \"at\"");
    AuditEntry e;
    e.at = *at;
    e.actor = str(o.value(QStringLiteral("actor")).toString());
    e.action = str(o.value(QStringLiteral("action")).toString());
    e.subject = str(o.value(QStringLiteral("subject")).toString());
    e.detailJson = str(o.value(QStringLiteral("detail")).toString());
    e.osUser = str(o.value(QStringLiteral("os_user")).toString());
    e.recordId = recordId.empty() ? str(o.value(QStringLiteral("record_id")).toString()) : recordId;
    const QJsonValue version = o.value(QStringLiteral("flag_version"));
    if (version.isDouble())
        e.flagVersion = version.toInteger();
    if (e.recordId.empty() || e.action.empty())
        return std::string("no record id or action");
    return e;
}

struct ParsedFile
{
    std::vector<AuditEntry> records;
    std::vector<std::pair<QByteArray, std::string>> damaged; ///< raw line, why
    std::vector<std::string> damage;                          ///< "file line N: why"
};

Result<ParsedFile> parseFile(const QString &path)
{
    ParsedFile parsed;
    QFile file(path);
    if (!file.exists())
        return parsed;
    if (!file.open(QIODevice::ReadOnly))
        return ioError(path, str(file.errorString()));
    const QString name = QFileInfo(path).fileName();
    int lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNumber;
        const bool complete = line.endsWith('\n');
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        auto record = fromLine(line);
        if (auto *entry = std::get_if<AuditEntry>(&record); entry && complete) {
            parsed.records.push_back(std::move(*entry));
            continue;
        }
        // A torn fragment with a whole record glued behind it (an append that did not start
        // on a new line): keep the record, report the fragment.
        if (const qsizetype glued = line.lastIndexOf("v2 "); complete && glued > 0) {
            auto tail = fromLine(line.mid(glued));
            if (auto *entry = std::get_if<AuditEntry>(&tail)) {
                parsed.records.push_back(std::move(*entry));
                parsed.damaged.emplace_back(line.left(glued), "a torn record before a whole one");
                parsed.damage.push_back(str(name) + " line " + std::to_string(lineNumber)
                                        + ": a torn record before a whole one");
                continue;
            }
        }
        const std::string why = complete ? std::get<std::string>(record) : "the last line is incomplete (torn write)";
        parsed.damaged.emplace_back(line, why);
        parsed.damage.push_back(str(name) + " line " + std::to_string(lineNumber) + ": " + why);
    }
    return parsed;
}

/// Appends `data` to `path` (created 0600), starting on a new line if the file ends in a torn
/// one, and fsyncs it (and the directory when the file is new).
Status appendDurably(const QString &directory, const QString &path, const std::string &data)
{
    struct stat before{};
    const bool existed = ::stat(path8(path).constData(), &before) == 0;
    // Read-write, so the last byte can be checked with pread(2).
    const Fd fd(::open(path8(path).constData(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0)
        return ioError(path, errnoText());
    if (existed)
        if (auto ok = tightenPrivateFile(fd.get(), path, "outbox_directory"); !ok)
            return ok;
    std::string out;
    struct stat now{};
    if (::fstat(fd.get(), &now) == 0 && now.st_size > 0) {
        char last = '\n';
        if (::pread(fd.get(), &last, 1, now.st_size - 1) == 1 && last != '\n')
            out = "\n"; // seal a torn line so this record starts on its own
    }
    out += data;
    std::size_t written = 0;
    while (written < out.size()) {
        const ssize_t n = ::write(fd.get(), out.data() + written, out.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError(path, errnoText());
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0)
        return ioError(path, "fsync failed: " + errnoText());
    if (!existed)
        return fsyncDirectory(directory);
    return Done{};
}

/// The segments a flush has taken (or a killed flush left), oldest first.
QStringList segments(const QString &directory)
{
    QStringList names = QDir(directory).entryList(
        {QString::fromLatin1(kSegmentPrefix) + QStringLiteral("*") + QString::fromLatin1(kSegmentSuffix)}, QDir::Files,
        QDir::Name);
    QStringList paths;
    for (const QString &name : names)
        paths << QDir(directory).filePath(name);
    return paths;
}

QString nextSegment(const QString &directory)
{
    qint64 highest = 0;
    for (const QString &path : segments(directory)) {
        const QString name = QFileInfo(path).fileName();
        const QString number = name.mid(static_cast<qsizetype>(std::strlen(kSegmentPrefix)),
                                        name.size() - static_cast<qsizetype>(std::strlen(kSegmentPrefix))
                                            - static_cast<qsizetype>(std::strlen(kSegmentSuffix)));
        highest = std::max(highest, number.toLongLong());
    }
    return QDir(directory).filePath(QString::fromLatin1(kSegmentPrefix)
                                    + QStringLiteral("%1").arg(highest + 1, 12, 10, QLatin1Char('0'))
                                    + QString::fromLatin1(kSegmentSuffix));
}

QString versionFile(const QString &directory, const std::string &flag)
{
    return QDir(directory).filePath(QStringLiteral("flag-version.") + QString::fromStdString(flag));
}

} // namespace

std::string currentOsUser()
{
    const uid_t uid = ::geteuid();
    passwd entry{};
    passwd *found = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found && found->pw_name)
        return found->pw_name;
    return "uid:" + std::to_string(uid);
}

std::string newRecordId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

OutboxAuditWriter::OutboxAuditWriter(EvidenceStore *store, QString directory)
    : m_store(store), m_directory(std::move(directory))
{
}

QString OutboxAuditWriter::outboxFile() const
{
    return QDir(m_directory).filePath(QString::fromLatin1(kOutboxName));
}

QString OutboxAuditWriter::damagedFile() const
{
    return QDir(m_directory).filePath(QString::fromLatin1(kDamagedName));
}

Result<AuditEntry> OutboxAuditWriter::enqueue(AuditEntry entry)
{
    auto kept = enqueueAll({std::move(entry)});
    if (!kept)
        return kept.error();
    return std::move(kept->front());
}

Result<std::vector<AuditEntry>> OutboxAuditWriter::enqueueAll(std::vector<AuditEntry> entries)
{
    std::string lines;
    for (AuditEntry &entry : entries) {
        if (entry.recordId.empty())
            entry.recordId = newRecordId();
        if (entry.osUser.empty())
            entry.osUser = currentOsUser();
        lines += toLine(entry);
    }
    if (auto ok = ensureDirectory(m_directory); !ok)
        return ok.error();
    const FileLock lock(QDir(m_directory).filePath(QStringLiteral(".append.lock")), kAppendLockWait);
    if (!lock.locked())
        return ioError(outboxFile(), "its append lock is held by another process for more than 2 s");
    if (auto ok = appendDurably(m_directory, outboxFile(), lines); !ok)
        return ok.error();
    return entries;
}

Result<AuditWrite> OutboxAuditWriter::append(const AuditEntry &entry)
{
    auto queued = enqueue(entry);
    if (!queued)
        return queued.error();
    if (m_store == nullptr)
        return AuditWrite{*queued, true};
    auto flushed = flush(milliseconds(0));
    if (!flushed) {
        const std::string &code = flushed.error().code;
        if (code == storeerrc::Unavailable || code == outboxerrc::Busy)
            return AuditWrite{*queued, true};
        return flushed.error();
    }
    for (const AuditEntry &row : flushed->rows)
        if (row.recordId == queued->recordId)
            return AuditWrite{row, false};
    return AuditWrite{*queued, true}; // taken by a flush elsewhere: stored by it
}

Result<OutboxFlushReport> OutboxAuditWriter::flush(milliseconds wait)
{
    if (m_store == nullptr) {
        auto waiting = contents();
        if (waiting && waiting->records.empty() && waiting->damage.empty())
            return OutboxFlushReport{};
        return makeError(storeerrc::Unavailable, "database_url", "No evidence store is configured to flush the outbox to.");
    }
    EvidenceStore *store = m_store;
    return flushWith([store](const std::vector<AuditEntry> &records) { return store->appendAuditBatch(records); },
                     wait);
}

Result<OutboxFlushReport> OutboxAuditWriter::flushWith(const BatchStore &store, milliseconds wait)
{
    if (auto ok = ensureDirectory(m_directory); !ok)
        return ok.error();
    const FileLock flushLock(QDir(m_directory).filePath(QStringLiteral(".flush.lock")), wait);
    if (!flushLock.locked())
        return makeError(outboxerrc::Busy, "outbox_directory",
                         "Another process is flushing the audit outbox in \"" + str(m_directory) + "\".");
    // Take the current file as a new segment; appends go on into a fresh file. Only when no
    // older segment waits: while the store is down each failed flush would otherwise leave a
    // segment of its own (1,344 .sending files after 1,500 CLI writes; issue 22). The current
    // file is taken once the backlog is stored, so the order of the records is kept.
    const auto takeCurrentFile = [this]() -> Status {
        const FileLock appendLock(QDir(m_directory).filePath(QStringLiteral(".append.lock")), kAppendLockWait);
        if (!appendLock.locked())
            return ioError(outboxFile(), "its append lock is held by another process for more than 2 s");
        struct stat st
        {};
        if (::stat(path8(outboxFile()).constData(), &st) == 0 && st.st_size > 0) {
            // No directory fsync: should the rename be lost in a crash, the records are flushed
            // again from the old name, and storing them is idempotent.
            if (std::rename(path8(outboxFile()).constData(), path8(nextSegment(m_directory)).constData()) != 0)
                return ioError(outboxFile(), "cannot move it aside for flushing: " + errnoText());
        }
        return Done{};
    };
    OutboxFlushReport report;
    const bool backlog = !segments(m_directory).isEmpty();
    if (!backlog)
        if (auto taken = takeCurrentFile(); !taken)
            return taken.error();
    if (auto flushed = flushSegments(report, store); !flushed)
        return flushed.error();
    if (backlog) {
        if (auto taken = takeCurrentFile(); !taken)
            return taken.error();
        if (auto flushed = flushSegments(report, store); !flushed)
            return flushed.error();
    }
    return report;
}

Status OutboxAuditWriter::flushSegments(OutboxFlushReport &report, const BatchStore &store)
{
    for (const QString &segment : segments(m_directory)) {
        auto read = parseFile(segment);
        if (!read)
            return read.error();
        ParsedFile parsed = std::move(read).value();
        // A record no store will ever take (its detail is not a JSON object) would block the
        // queue for good: set it aside with the damaged lines instead.
        std::vector<AuditEntry> storable;
        for (AuditEntry &entry : parsed.records) {
            auto detail = canonicalJson(entry.detailJson.empty() ? std::string("{}") : entry.detailJson);
            if (detail && !detail->empty() && detail->front() == '{') {
                storable.push_back(std::move(entry));
                continue;
            }
            const std::string why = "record " + entry.recordId + " has a detail that is not a JSON object";
            parsed.damaged.emplace_back(QByteArray::fromStdString(toLine(entry)).trimmed(), why);
            parsed.damage.push_back(str(QFileInfo(segment).fileName()) + ": " + why);
        }
        parsed.records = std::move(storable);
        if (!parsed.records.empty()) {
            auto stored = store(parsed.records);
            if (!stored)
                return stored.error(); // the segment stays; the next flush skips what is stored
            report.stored += stored->stored;
            report.alreadyStored += stored->alreadyStored;
            report.rows.insert(report.rows.end(), stored->rows.begin(), stored->rows.end());
        }
        if (!parsed.damaged.empty()) {
            std::string kept;
            for (std::size_t i = 0; i < parsed.damaged.size(); ++i)
                kept += "# " + parsed.damage[i] + "\n" + parsed.damaged[i].first.toStdString() + "\n";
            if (auto ok = appendDurably(m_directory, damagedFile(), kept); !ok)
                return ok.error();
            report.damagedLines += static_cast<std::int64_t>(parsed.damaged.size());
            report.damagedFile = damagedFile();
        }
        // A removal lost in a crash brings the segment back; the next flush skips its stored
        // records (idempotent by record id), so no directory fsync is needed here either.
        if (::unlink(path8(segment).constData()) != 0)
            return ioError(segment, "cannot remove the flushed segment: " + errnoText());
    }
    return Done{};
}

Result<OutboxContents> OutboxAuditWriter::contents() const
{
    OutboxContents out;
    if (!QDir(m_directory).exists())
        return out;
    QStringList files = segments(m_directory);
    files << outboxFile();
    // The append lock keeps a half-written line of a running append out of the picture.
    const FileLock lock(QDir(m_directory).filePath(QStringLiteral(".append.lock")), kAppendLockWait);
    for (const QString &file : files) {
        auto parsed = parseFile(file);
        if (!parsed)
            return parsed.error();
        out.records.insert(out.records.end(), parsed->records.begin(), parsed->records.end());
        out.damage.insert(out.damage.end(), parsed->damage.begin(), parsed->damage.end());
    }
    return out;
}

Result<std::vector<AuditEntry>> OutboxAuditWriter::pending() const
{
    auto all = contents();
    if (!all)
        return all.error();
    return std::move(all->records);
}

std::int64_t OutboxAuditWriter::highestFlagVersion(const std::string &flag) const
{
    std::int64_t highest = 0;
    QFile file(versionFile(m_directory, flag));
    if (file.open(QIODevice::ReadOnly)) {
        const std::string text = file.readAll().trimmed().toStdString();
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size())
            highest = value;
    }
    if (auto waiting = contents())
        for (const AuditEntry &e : waiting->records)
            if (e.subject == flag && e.flagVersion)
                highest = std::max(highest, *e.flagVersion);
    return highest;
}

Status OutboxAuditWriter::noteFlagVersion(const std::string &flag, std::int64_t version)
{
    if (version <= highestFlagVersion(flag))
        return Done{};
    if (auto ok = ensureDirectory(m_directory); !ok)
        return ok;
    const FileLock lock(QDir(m_directory).filePath(QStringLiteral(".append.lock")), kAppendLockWait);
    const QString target = versionFile(m_directory, flag);
    const QString temporary = target + QStringLiteral(".tmp");
    {
        const Fd fd(::open(path8(temporary).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        const std::string text = std::to_string(version) + "\n";
        if (fd.get() < 0 || ::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())
            || ::fsync(fd.get()) != 0)
            return ioError(temporary, errnoText());
    }
    // The mark is a fallback (queued records and the trail carry the versions too), so the
    // rename is not fsync'd into the directory.
    if (std::rename(path8(temporary).constData(), path8(target).constData()) != 0)
        return ioError(target, errnoText());
    return Done{};
}

} // namespace rampart::store
