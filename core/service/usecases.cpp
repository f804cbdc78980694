#include "usecases.h"

#include "flags/flagstore.h"
#include "store/sqliteevidencestore.h"
#include "telemetry/prometheusclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>

namespace rampart::service {

int exitCodeFor(const Error &error)
{
    const std::string &c = error.code;
    if (c == store::storeerrc::Unavailable || c == flags::flagerrc::Unavailable
        || c == telemetry::telemetryerrc::Unavailable)
        return exitcode::Unavailable;
    if (c == flags::flagerrc::VersionConflict)
        return exitcode::Conflict;
    if (c == store::storeerrc::Corrupt || c == store::storeerrc::QueryFailed || c == flags::flagerrc::NotConfirmed)
        return exitcode::Failure;
    return exitcode::BadInput;
}

namespace {

constexpr int AuditPage = 1000;

} // namespace

Status checkArchiveDestination(const ArchiveRequest &request)
{
    const QFileInfo file(request.to);
    const QString directory = file.absoluteDir().path();
    if (!QFileInfo(directory).isDir())
        return makeError("io_error", "to",
                         "The directory \"" + directory.toStdString() + "\" for the archive does not exist.");
    if (file.isDir())
        return makeError("io_error", "to", "\"" + request.to.toStdString() + "\" is a directory, not an archive file.");
    if (file.exists() && !request.force)
        return makeError("file_exists", "to",
                         "The archive \"" + request.to.toStdString() + "\" already exists; pass --force to replace it.");
    return Done{};
}

namespace {

Result<ArchiveCounts> copyRollout(store::EvidenceStore &source, store::SqliteEvidenceStore &archive, const std::string &agent)
{
    ArchiveCounts counts;
    auto rollups = source.rollups(agent);
    auto history = source.stageHistory(agent);
    auto signOffs = source.signOffs(agent);
    for (const Error *e : {rollups ? nullptr : &rollups.error(), history ? nullptr : &history.error(),
                           signOffs ? nullptr : &signOffs.error()})
        if (e)
            return *e;
    if (rollups->empty() && history->empty() && signOffs->empty())
        return makeError("unknown_agent", "agent",
                         "The source holds no rollups, stage history or sign-offs for the agent \"" + agent + "\".");
    if (auto ok = archive.importRollups(*rollups); !ok)
        return ok.error();
    for (const auto &event : *history)
        if (auto ok = archive.recordTransition(agent, event); !ok)
            return ok.error();
    for (const auto &signOff : *signOffs)
        if (auto ok = archive.recordSignOff(agent, signOff); !ok)
            return ok.error();
    counts.rollups = static_cast<std::int64_t>(rollups->size());
    counts.signOffs = static_cast<std::int64_t>(signOffs->size());
    counts.transitions = static_cast<std::int64_t>(history->size());
    for (std::int64_t after = 0;;) {
        auto page = source.auditTrail(after, AuditPage);
        if (!page)
            return page.error();
        if (page->empty())
            break;
        if (auto ok = archive.importAudit(*page); !ok)
            return ok.error();
        counts.auditRows += static_cast<std::int64_t>(page->size());
        after = page->back().id;
    }
    return counts;
}

Status writeMeta(store::SqliteEvidenceStore &archive, const ArchiveRequest &request)
{
    const std::string exportedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    for (const auto &[key, value] : {std::pair<std::string, std::string>{"agent", request.agent},
                                     {"source", request.sourceDescription}, {"exported_at", exportedAt}, {"kind", "archive"}})
        if (auto ok = archive.setMeta(key, value); !ok)
            return ok;
    return request.planJson.empty() ? Status(Done{}) : archive.setMeta("plan", request.planJson);
}

/// Re-opens the written file and walks its audit chain.
Status verifyArchive(const QString &path)
{
    auto archive = store::SqliteEvidenceStore::open(path);
    if (!archive)
        return archive.error();
    auto verification = archive.value()->verifyAudit();
    if (!verification)
        return verification.error();
    if (verification->firstBadId)
        return makeError(store::storeerrc::Corrupt, "audit",
                         "The archived audit trail does not verify. " + verification->problem);
    return Done{};
}

void removeDatabaseFiles(const QString &path)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

} // namespace

Result<ArchiveCounts> exportArchive(store::EvidenceStore &source, const ArchiveRequest &request)
{
    if (auto ok = checkArchiveDestination(request); !ok)
        return ok.error();
    const QString target = QFileInfo(request.to).absoluteFilePath();
    const QString partial = target + QStringLiteral(".partial-%1").arg(QCoreApplication::applicationPid());
    removeDatabaseFiles(partial);
    auto counts = [&]() -> Result<ArchiveCounts> {
        auto archive = store::SqliteEvidenceStore::open(partial);
        if (!archive)
            return archive.error();
        if (auto ok = writeMeta(*archive.value(), request); !ok)
            return ok.error();
        return copyRollout(source, *archive.value(), request.agent);
    }(); // the archive is closed here, its WAL checkpointed into the one file
    if (counts)
        if (auto ok = verifyArchive(partial); !ok)
            counts = ok.error();
    if (!counts) {
        removeDatabaseFiles(partial);
        return counts;
    }
    // A stale -wal of a replaced archive must not be replayed into the new one.
    QFile::remove(target + QStringLiteral("-wal"));
    QFile::remove(target + QStringLiteral("-shm"));
    if (std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(target).constData()) != 0) {
        removeDatabaseFiles(partial);
        return makeError("io_error", "to", "Could not move the finished archive to \"" + target.toStdString() + "\".");
    }
    ArchiveCounts done = counts.value();
    done.path = target;
    return done;
}

} // namespace rampart::service
