#pragma once

// The report document written as Markdown, HTML or PDF, and the evidence behind it as CSV
// or JSON for analysts (docs/reports.md).

#include "reportdocument.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace rampart::report {

enum class Format { Markdown, Html, Pdf, Csv, Json };

/// "md", "html", "pdf", "csv", "json"; empty for anything else.
std::optional<Format> parseFormat(const QString &name);

/// Markdown (GitHub flavour): tables, and the charts as images `<stem>-<chart>.png` beside
/// the file (returned in `images`, keyed by file name).
QByteArray renderMarkdown(const ReportDocument &doc, const QString &imageStem, QMap<QString, QByteArray> &images);
/// Self-contained XHTML5 (well-formed XML; charts as PNG data URIs).
QByteArray renderHtml(const ReportDocument &doc);
/// PDF by QTextDocument + QPdfWriter (A4, charts embedded). Needs a QGuiApplication.
QByteArray renderPdf(const ReportDocument &doc);

/// The evidence behind the report for analysts: one CSV row per stage and metric.
QByteArray evidenceCsv(const RolloutReport &report);
/// The same and more as JSON: stages, tests, boundaries, gates, sign-offs, transitions,
/// incidents, the final assessment and the audit verification. Stable key order.
QByteArray evidenceJson(const RolloutReport &report);

/// PNG bytes of an image, written the same way every time (no metadata).
QByteArray pngBytes(const QImage &image);

} // namespace rampart::report
