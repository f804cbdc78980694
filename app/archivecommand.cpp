// rampartctl archive export: one rollout copied into one offline .rampart file (an SQLite
// workspace, docs/workspace.md) for local analysis and report export. The export itself is
// service::exportArchive (core/service/usecases.h); this file parses and prints.

#include "storecommand.h"

#include "cliutil.h"

#include "io/config.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"
#include "service/usecases.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

#include <memory>

namespace rampart::cli {

namespace {

struct ExportRequest
{
    QString agent;
    QString to;
    QString fromSqlite;
    QString plan;
    bool force = false;
};


/// Exit codes by error: an unreachable backend is 4; a broken audit chain or a refused
/// statement an internal failure (1); anything else bad input (2).
int fail(const Error &error)
{
    return failWith(error, service::exitCodeFor(error));
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

int exportArchive(const ExportRequest &request, const QString &configFile)
{
    service::ArchiveRequest archive;
    archive.agent = request.agent.toStdString();
    archive.to = request.to;
    archive.force = request.force;
    if (auto ok = service::checkArchiveDestination(archive); !ok)
        return fail(ok.error());
    if (!request.plan.isEmpty()) {
        auto text = planText(request.plan);
        if (!text)
            return fail(text.error());
        archive.planJson = *text;
    }
    auto source = openSource(request, configFile, archive.sourceDescription);
    if (!source)
        return fail(source.error());
    const auto counts = service::exportArchive(*source.value(), archive);
    if (!counts)
        return fail(counts.error());
    printJson(QJsonObject{{QStringLiteral("archive"), counts->path},
                          {QStringLiteral("rollups"), static_cast<qint64>(counts->rollups)},
                          {QStringLiteral("audit_rows"), static_cast<qint64>(counts->auditRows)},
                          {QStringLiteral("sign_offs"), static_cast<qint64>(counts->signOffs)},
                          {QStringLiteral("transitions"), static_cast<qint64>(counts->transitions)},
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
