#pragma once

// One report export from start to file, shared by `rampartctl report` and the console's
// export button: open the source (a workspace, a .rampart archive or the PostgreSQL store),
// read the plan (a file, or the one an archive carries), build the report, compose it in a
// language, render it and write it (docs/reports.md).

#include "reportdocument.h"
#include "reportrender.h"

#include "io/config.h"

#include <QDateTime>
#include <QString>

#include <functional>

namespace rampart::report {

enum class SourceKind { Workspace, Archive, Database };

struct SourceSpec
{
    SourceKind kind = SourceKind::Workspace;
    QString path;                 ///< workspace or archive file
    io::Connections connections;  ///< for Database
    QString planFile;             ///< the plan; empty: the file's embedded plan (meta.plan), else `fallbackPlan`
    std::optional<rollout::Plan> fallbackPlan; ///< e.g. the console's plan, for a workspace that carries none
    QString auditKeyFile;         ///< the audit key to verify keyed rows; empty: io::readAuditKey's default
};

/// Opens the source, reads the plan and builds the report (the slow part; any thread, but
/// the whole call on one thread: an SQLite connection belongs to the thread that opened it).
/// Errors: usage/io_error (field "workspace", "archive" or "plan"), missing_plan, the store's.
Result<RolloutReport> loadReport(const SourceSpec &source, const std::function<void(int, const QString &)> &progress = {});

struct RenderedReport
{
    QByteArray main;                       ///< the file's bytes
    QMap<QString, QByteArray> sideFiles;   ///< Markdown's chart images, by file name
};

/// Renders a composed document (PDF needs a QGuiApplication; any thread).
Result<RenderedReport> renderReport(const ReportDocument &doc, const RolloutReport &report, Format format, const QString &outFile);

/// Writes the main file and its side files beside it (each written aside, then renamed).
Status writeReport(const RenderedReport &rendered, const QString &outFile);

/// Installs the report's translations for `language` ("pl", "en") on the application;
/// returns false when they are missing. Call before composeReport().
bool installReportTranslations(const QString &language);

} // namespace rampart::report
