// rampartctl archive export: one rollout copied into one offline .rampart file (an SQLite
// workspace, docs/workspace.md) for local analysis and report export.

#include "storecommand.h"

#include "cliutil.h"

#include "io/config.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <memory>

namespace rampart::cli {

namespace {

constexpr int AuditPage = 1000;

struct ExportRequest
{
    QString agent;
    QString to;
    QString fromSqlite;
    QString plan;
    bool force = false;
};

struct ExportCounts
{
    qint64 rollups = 0;
    qint64 auditRows = 0;
    qint64 signOffs = 0;
    qint64 transitions = 0;
};

Error usage(const std::string &message)
{
    return makeError("usage", std::string(), message);
}

/// Exit codes by error: an unreachable backend is 4; a broken audit chain or a refused
/// statement an internal failure (1); anything else bad input (2).
int fail(const Error &error)
{
    if (error.code == store::storeerrc::Unavailable)
        return failWith(error, ExitUnavailable);
    if (error.code == store::storeerrc::Corrupt || error.code == store::storeerrc::QueryFailed)
        return failWith(error, ExitFailure);
    return failWith(error, ExitBadInput);
}

void printArchiveHelp()
{
    QTextStream(stdout)
        << "Usage: rampartctl archive export --agent NAME --to FILE.rampart [--from-sqlite PATH]\n"
           "                                [--plan FILE] [--force]\n\n"
           "Copies one rollout into a single SQLite file: its per-minute rollups, stage history,\n"
           "sign-offs and the whole audit trail (+ the plan given with --plan). The source is the\n"
           "PostgreSQL store of the configuration (RAMPART_DATABASE_URL), or another SQLite\n"
           "workspace with --from-sqlite. An existing FILE is kept unless --force; the archive is\n"
           "written to a temporary file, its audit chain verified, then renamed into place.\n"
           "Prints {\"archive\", \"rollups\", \"audit_rows\", \"sign_offs\", \"transitions\",\n"
           "\"audit_verified\"}. Format: docs/workspace.md.\n";
}

Result<ExportRequest> parseExport(const QStringList &arguments, bool &help)
{
    QCommandLineParser parser;
    const QCommandLineOption agent(QStringLiteral("agent"), QStringLiteral("The agent (rollout)."), QStringLiteral("NAME"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("The archive to write."), QStringLiteral("FILE"));
    const QCommandLineOption fromSqlite(QStringLiteral("from-sqlite"), QStringLiteral("SQLite source."), QStringLiteral("PATH"));
    const QCommandLineOption plan(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("Replace an existing archive."));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({agent, to, fromSqlite, plan, force, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl archive export")} + arguments))
        return usage(parser.errorText().toStdString());
    help = parser.isSet(helpOption);
    if (help)
        return ExportRequest{};
    if (!parser.positionalArguments().isEmpty())
        return usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\".");
    if (parser.value(agent).isEmpty() || parser.value(to).isEmpty())
        return usage("Both --agent NAME and --to FILE.rampart are required.");
    return ExportRequest{parser.value(agent), parser.value(to), parser.value(fromSqlite), parser.value(plan),
                         parser.isSet(force)};
}

/// Refuses a destination that would be overwritten without --force or lies in a missing directory.
Status checkDestination(const ExportRequest &request)
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

/// The plan as compact JSON, after checking that it is a valid plan.
Result<std::string> planText(const QString &path)
{
    auto object = io::loadJsonFile(path);
    if (!object)
        return object.error();
    if (auto plan = io::parsePlan(*object); !plan)
        return makeError(plan.error().code, "plan." + plan.error().field,
                         "The plan " + path.toStdString() + " is not valid: " + plan.error().message);
    return QJsonDocument(*object).toJson(QJsonDocument::Compact).toStdString();
}

/// The source store and a description of it for meta.source (never a password).
Result<std::unique_ptr<store::EvidenceStore>> openSource(const ExportRequest &request, const QString &configFile,
                                                         std::string &description)
{
    if (!request.fromSqlite.isEmpty()) {
        if (!QFileInfo(request.fromSqlite).isFile())
            return makeError("io_error", "from-sqlite",
                             "The SQLite workspace \"" + request.fromSqlite.toStdString() + "\" does not exist.");
        description = "sqlite:" + QFileInfo(request.fromSqlite).absoluteFilePath().toStdString();
        auto source = store::SqliteEvidenceStore::open(request.fromSqlite);
        if (!source)
            return source.error();
        return std::unique_ptr<store::EvidenceStore>(std::move(source).value());
    }
    const auto connections = io::loadConnections(configFile);
    if (!connections)
        return connections.error();
    if (connections->databaseUrl.isEmpty())
        return makeError("missing_config", "database_url",
                         "No PostgreSQL database is configured: set RAMPART_DATABASE_URL or database_url in the "
                         "config file, or export from a workspace with --from-sqlite PATH.");
    description = connections->databaseUrl.toStdString();
    store::PgStoreOptions options;
    options.applyMigrations = false; // an export reads; it never changes the source's schema
    auto source = store::PgEvidenceStore::open(connections->databaseUrl.toStdString(),
                                               connections->databasePassword.toStdString(), options);
    if (!source)
        return source.error();
    return std::unique_ptr<store::EvidenceStore>(std::move(source).value());
}

/// Copies the agent's rollups, stage history and sign-offs and the whole audit trail (the
/// chain spans every agent, so only all of it verifies).
Result<ExportCounts> copyRollout(store::EvidenceStore &source, store::SqliteEvidenceStore &archive,
                                 const std::string &agent)
{
    ExportCounts counts;
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
    counts = {static_cast<qint64>(rollups->size()), 0, static_cast<qint64>(signOffs->size()),
              static_cast<qint64>(history->size())};
    for (std::int64_t after = 0;;) {
        auto page = source.auditTrail(after, AuditPage);
        if (!page)
            return page.error();
        if (page->empty())
            break;
        if (auto ok = archive.importAudit(*page); !ok)
            return ok.error();
        counts.auditRows += static_cast<qint64>(page->size());
        after = page->back().id;
    }
    return counts;
}

Status writeMeta(store::SqliteEvidenceStore &archive, const ExportRequest &request, const std::string &source,
                 const std::string &plan)
{
    const std::string exportedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    for (const auto &[key, value] : {std::pair<std::string, std::string>{"agent", request.agent.toStdString()},
                                     {"source", source}, {"exported_at", exportedAt}, {"kind", "archive"}})
        if (auto ok = archive.setMeta(key, value); !ok)
            return ok;
    return plan.empty() ? Status(Done{}) : archive.setMeta("plan", plan);
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

/// Writes the archive into `partial`; nothing is left there on failure.
Result<ExportCounts> writeArchive(const ExportRequest &request, const QString &configFile, const QString &partial)
{
    std::string plan;
    if (!request.plan.isEmpty()) {
        auto text = planText(request.plan);
        if (!text)
            return text.error();
        plan = *text;
    }
    std::string description;
    auto source = openSource(request, configFile, description);
    if (!source)
        return source.error();
    removeDatabaseFiles(partial);
    auto counts = [&]() -> Result<ExportCounts> {
        auto archive = store::SqliteEvidenceStore::open(partial);
        if (!archive)
            return archive.error();
        if (auto ok = writeMeta(*archive.value(), request, description, plan); !ok)
            return ok.error();
        return copyRollout(*source.value(), *archive.value(), request.agent.toStdString());
    }(); // the archive is closed here, its WAL checkpointed into the one file
    if (counts)
        if (auto ok = verifyArchive(partial); !ok)
            counts = ok.error();
    if (!counts)
        removeDatabaseFiles(partial);
    return counts;
}

int exportArchive(const ExportRequest &request, const QString &configFile)
{
    if (auto ok = checkDestination(request); !ok)
        return fail(ok.error());
    const QString target = QFileInfo(request.to).absoluteFilePath();
    const QString partial = target + QStringLiteral(".partial-%1").arg(QCoreApplication::applicationPid());
    const auto counts = writeArchive(request, configFile, partial);
    if (!counts)
        return fail(counts.error());
    // A stale -wal of a replaced archive must not be replayed into the new one.
    QFile::remove(target + QStringLiteral("-wal"));
    QFile::remove(target + QStringLiteral("-shm"));
    if (std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(target).constData()) != 0) {
        removeDatabaseFiles(partial);
        return fail(makeError("io_error", "to", "Could not move the finished archive to \"" + target.toStdString() + "\"."));
    }
    printJson(QJsonObject{{QStringLiteral("archive"), target},
                          {QStringLiteral("rollups"), counts->rollups},
                          {QStringLiteral("audit_rows"), counts->auditRows},
                          {QStringLiteral("sign_offs"), counts->signOffs},
                          {QStringLiteral("transitions"), counts->transitions},
                          {QStringLiteral("audit_verified"), true}});
    return ExitOk;
}

} // namespace

int runArchiveCli(const QStringList &arguments, const QString &configFile)
{
    if (arguments.isEmpty())
        return failWith(usage("Missing sub-command: rampartctl archive export --agent NAME --to FILE.rampart."));
    const QString command = arguments.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        printArchiveHelp();
        return ExitOk;
    }
    if (command != QLatin1String("export"))
        return failWith(makeError("unknown_command", "command",
                                  "Unknown archive command \"" + command.toStdString() + "\"; the one command is export."));
    bool help = false;
    const auto request = parseExport(arguments.mid(1), help);
    if (!request)
        return failWith(request.error());
    if (help) {
        printArchiveHelp();
        return ExitOk;
    }
    return exportArchive(*request, configFile);
}

} // namespace rampart::cli
