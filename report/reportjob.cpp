// loadReport / renderReport / writeReport: one export from source to file.

#include "reportjob.h"

#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTranslator>

namespace rampart::report {

namespace {

Result<rollout::Plan> planFromText(const std::string &text, const std::string &field)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError("invalid_plan", field, "The plan kept in the archive is not a JSON object.");
    return io::parsePlan(doc.object());
}

void report(const std::function<void(int, const QString &)> &progress, int percent, const char *step)
{
    if (progress)
        progress(percent, QString::fromLatin1(step));
}

} // namespace

Result<RolloutReport> loadReport(const SourceSpec &source, const std::function<void(int, const QString &)> &progress)
{
    report(progress, 5, "open");
    std::unique_ptr<store::EvidenceStore> owned;
    store::RolloutRecords *records = nullptr;
    std::optional<rollout::Plan> plan;
    std::string description;
    if (!source.planFile.isEmpty()) {
        auto p = io::loadPlanFile(source.planFile);
        if (!p)
            return makeError(p.error().code, "plan" + (p.error().field.empty() ? std::string() : "." + p.error().field),
                             p.error().message);
        plan = *p;
    }
    if (source.kind == SourceKind::Database) {
        if (!plan)
            plan = source.fallbackPlan;
        if (!plan)
            return makeError("missing_plan", "plan", "A report from the database needs the plan: give one with --plan FILE.");
        if (source.connections.databaseUrl.isEmpty())
            return makeError("missing_config", "database_url",
                             "No PostgreSQL database is configured: set RAMPART_DATABASE_URL or database_url in the config file.");
        store::PgStoreOptions options;
        options.applyMigrations = false; // a report reads; it never changes the schema
        auto pg = store::PgEvidenceStore::open(source.connections.databaseUrl.toStdString(),
                                               source.connections.databasePassword.toStdString(), options);
        if (!pg)
            return pg.error();
        records = pg->get();
        owned = std::move(pg).value();
        description = "postgres";
    } else {
        const char *field = source.kind == SourceKind::Archive ? "archive" : "workspace";
        if (!QFileInfo(source.path).isFile())
            return makeError("io_error", field, "The file \"" + source.path.toStdString() + "\" does not exist.");
        auto lite = store::SqliteEvidenceStore::open(source.path);
        if (!lite)
            return lite.error();
        auto kind = (*lite)->meta("kind");
        const bool isArchive = kind && *kind && **kind == "archive";
        if (source.kind == SourceKind::Archive && !isArchive)
            return makeError("usage", "archive",
                             "\"" + source.path.toStdString() + "\" is a workspace, not an archive; use --workspace.");
        if (!plan) {
            auto text = (*lite)->meta("plan");
            if ((!text || !*text) && source.fallbackPlan)
                plan = source.fallbackPlan;
            else if (!text || !*text)
                return makeError("missing_plan", "plan",
                                 "The file holds no plan (archives exported with --plan do); give one with --plan FILE.");
            if (!plan) {
                auto p = planFromText(**text, "plan");
                if (!p)
                    return p.error();
                plan = *p;
            }
        }
        // An archive has no controller tables; only a workspace answers for load tests and saved state.
        if (!isArchive)
            records = lite->get();
        description = std::string(isArchive ? "archive:" : "workspace:") + QFileInfo(source.path).fileName().toStdString();
        owned = std::move(lite).value();
    }
    auto key = io::readAuditKey(source.auditKeyFile);
    if (!key)
        return key.error();
    if (!key->empty())
        owned->setAuditKey(*key);
    report(progress, 20, "build");
    ReportRequest request;
    request.plan = *plan;
    request.source = description;
    auto built = buildReport(*owned, records, request);
    report(progress, 70, "built");
    return built;
}

Result<RenderedReport> renderReport(const ReportDocument &doc, const RolloutReport &rolloutReport, Format format,
                                    const QString &outFile)
{
    RenderedReport out;
    switch (format) {
    case Format::Markdown:
        out.main = renderMarkdown(doc, QFileInfo(outFile).completeBaseName(), out.sideFiles);
        break;
    case Format::Html:
        out.main = renderHtml(doc);
        break;
    case Format::Pdf:
        out.main = renderPdf(doc);
        break;
    case Format::Csv:
        out.main = evidenceCsv(rolloutReport);
        break;
    case Format::Json:
        out.main = evidenceJson(rolloutReport);
        break;
    }
    if (out.main.isEmpty())
        return makeError("render_failed", "format", "The report could not be rendered.");
    return out;
}

Status writeReport(const RenderedReport &rendered, const QString &outFile)
{
    const QFileInfo info(outFile);
    if (!info.absoluteDir().exists())
        return makeError("io_error", "out", "The directory of \"" + outFile.toStdString() + "\" does not exist.");
    const auto write = [](const QString &path, const QByteArray &bytes) -> Status {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return makeError("io_error", "out", "Cannot write \"" + path.toStdString() + "\": " + file.errorString().toStdString());
        return Done{};
    };
    for (auto it = rendered.sideFiles.constBegin(); it != rendered.sideFiles.constEnd(); ++it)
        if (auto ok = write(info.absoluteDir().filePath(it.key()), it.value()); !ok)
            return ok;
    return write(info.absoluteFilePath(), rendered.main);
}

bool installReportTranslations(const QString &language)
{
    static QTranslator *installed = nullptr;
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
        installed = nullptr;
    }
    if (language == QLatin1String("en"))
        return true; // the sources are English
    auto *translator = new QTranslator;
    if (!translator->load(QStringLiteral(":/report-i18n/rampart_%1.qm").arg(language))) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    installed = translator;
    return true;
}

} // namespace rampart::report
