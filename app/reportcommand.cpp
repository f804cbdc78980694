// rampartctl report --workspace DIR | --archive FILE.rampart | --database
//                   --format md|html|pdf|csv|json --lang pl|en --out FILE [--plan FILE]

#include "reportcommand.h"

#include "cliutil.h"

#include "reportjob.h"
#include "service/usecases.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QHashFunctions>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <cstdlib>
#include <cstring>

namespace rampart::cli {

namespace {

void printReportHelp()
{
    QTextStream(stdout)
        << "Usage: rampartctl report (--workspace FILE | --archive FILE.rampart | --database)\n"
           "                         --format md|html|pdf|csv|json --lang pl|en --out FILE\n"
           "                         [--plan FILE] [--audit-key-file FILE] [--generated-at ISO8601]\n\n"
           "Writes the business-impact report of the plan's rollout: the verdict, every stage (dates,\n"
           "share, sample sizes, tests with p-values, intervals and the sequential boundary, gates,\n"
           "sign-offs, holds and rollbacks, load tests, incidents), the final assessment, charts and\n"
           "the audit-chain verification. md writes the charts as FILE-<chart>.png beside FILE;\n"
           "csv and json export the evidence for analysts. The plan comes from --plan or from the\n"
           "archive (exported with --plan). --database reads RAMPART_DATABASE_URL / the config file.\n"
           "--generated-at fixes the one timestamp in the report (default: now). docs/reports.md.\n";
}

int fail(const Error &error)
{
    return failWith(error, service::exitCodeFor(error));
}

} // namespace

bool isReportCommand(int argc, char *argv[])
{
    int i = 1;
    if (i < argc && std::strcmp(argv[i], "--config") == 0)
        i += 2;
    return i < argc && std::strcmp(argv[i], "report") == 0;
}

int runReportMain(int argc, char *argv[])
{
    // Charts and the PDF need a GUI application, never a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's PDF writer lists its fonts in hash order: a fixed seed makes the same report the
    // same bytes in every run.
    QHashSeed::setDeterministicGlobalSeed();
    // stdout and stderr carry JSON only; Qt's platform chatter (e.g. no XDG_RUNTIME_DIR) is dropped.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg)
            QTextStream(stderr) << message << '\n';
    });
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rampartctl"));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    QString configFile;
    if (arguments.size() >= 2 && arguments.first() == QLatin1String("--config")) {
        arguments.removeFirst();
        configFile = arguments.takeFirst();
    }
    arguments.removeFirst(); // "report"

    QCommandLineParser parser;
    const QCommandLineOption workspace(QStringLiteral("workspace"), QStringLiteral("SQLite workspace."), QStringLiteral("FILE"));
    const QCommandLineOption archive(QStringLiteral("archive"), QStringLiteral("Archive (.rampart)."), QStringLiteral("FILE"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("The PostgreSQL store of the configuration."));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md, html, pdf, csv or json."), QStringLiteral("F"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("pl or en."), QStringLiteral("L"), QStringLiteral("en"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
    const QCommandLineOption plan(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption keyFile(QStringLiteral("audit-key-file"), QStringLiteral("Audit key."), QStringLiteral("FILE"));
    const QCommandLineOption generatedAt(QStringLiteral("generated-at"), QStringLiteral("Generation time."), QStringLiteral("ISO8601"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({workspace, archive, database, format, lang, out, plan, keyFile, generatedAt, help});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl report")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(help)) {
        printReportHelp();
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return failWith(usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"."));
    const int sources = (parser.isSet(workspace) ? 1 : 0) + (parser.isSet(archive) ? 1 : 0) + (parser.isSet(database) ? 1 : 0);
    if (sources != 1)
        return failWith(usage("Give exactly one of --workspace FILE, --archive FILE.rampart or --database."));
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return failWith(usage("--out FILE is required."));
    const auto fmt = report::parseFormat(parser.value(format));
    if (!fmt)
        return failWith(makeError("invalid_argument", "format", "--format must be md, html, pdf, csv or json."));
    const QString language = parser.value(lang);
    if (language != QLatin1String("pl") && language != QLatin1String("en"))
        return failWith(makeError("invalid_argument", "lang", "--lang must be pl or en."));
    QDateTime generated = QDateTime::currentDateTimeUtc();
    if (parser.isSet(generatedAt)) {
        generated = QDateTime::fromString(parser.value(generatedAt), Qt::ISODate);
        if (!generated.isValid())
            return failWith(makeError("invalid_argument", "generated-at", "--generated-at must be an ISO 8601 time."));
    }

    report::SourceSpec source;
    source.planFile = parser.value(plan);
    source.auditKeyFile = parser.value(keyFile);
    if (parser.isSet(workspace)) {
        source.kind = report::SourceKind::Workspace;
        source.path = parser.value(workspace);
    } else if (parser.isSet(archive)) {
        source.kind = report::SourceKind::Archive;
        source.path = parser.value(archive);
    } else {
        source.kind = report::SourceKind::Database;
        auto connections = io::loadConnections(configFile);
        if (!connections)
            return fail(connections.error());
        source.connections = *connections;
    }
    auto built = report::loadReport(source);
    if (!built)
        return fail(built.error());
    if (!report::installReportTranslations(language))
        return failWith(makeError("missing_translation", "lang", "The report's translations are not built in."), ExitFailure);
    report::ComposeOptions options;
    options.language = language;
    options.generatedAt = generated;
    options.charts = *fmt == report::Format::Markdown || *fmt == report::Format::Html || *fmt == report::Format::Pdf;
    const report::ReportDocument doc = report::composeReport(*built, options);
    auto rendered = report::renderReport(doc, *built, *fmt, parser.value(out));
    if (!rendered)
        return fail(rendered.error());
    if (auto ok = report::writeReport(*rendered, parser.value(out)); !ok)
        return fail(ok.error());
    QJsonObject result{{QStringLiteral("report"), QFileInfo(parser.value(out)).absoluteFilePath()},
                       {QStringLiteral("format"), parser.value(format)},
                       {QStringLiteral("lang"), language},
                       {QStringLiteral("stages"), static_cast<double>(built->stages.size())},
                       {QStringLiteral("status"), QString::fromStdString(built->finalStatus)},
                       {QStringLiteral("audit_verified"), built->audit.verified},
                       {QStringLiteral("bytes"), static_cast<double>(rendered->main.size())}};
    QJsonArray side;
    for (auto it = rendered->sideFiles.constBegin(); it != rendered->sideFiles.constEnd(); ++it)
        side.append(it.key());
    if (!side.isEmpty())
        result.insert(QStringLiteral("images"), side);
    printJson(result);
    return ExitOk;
}

} // namespace rampart::cli
