#pragma once

// A report as a list of blocks (headings, paragraphs, tables, charts), written once by
// composeReport() and rendered to Markdown, HTML or PDF by reportrender.h. Keeping one
// intermediate form is what makes the three formats say the same thing.

#include "reportmodel.h"

#include <QDateTime>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

namespace rampart::report {

struct Block
{
    enum class Kind { Title, Heading, Subheading, Paragraph, Emphasis, Table, Chart, Bullets };
    Kind kind = Kind::Paragraph;
    QString text;               ///< heading/paragraph text; chart caption
    QStringList header;         ///< table
    QList<QStringList> rows;    ///< table
    QString chartId;            ///< chart: file stem, e.g. "cohorts"
    QImage image;               ///< chart
    QStringList items;          ///< bullets
};

struct ReportDocument
{
    QString language;           ///< "pl" or "en"
    QString title;
    QDateTime generatedAt;      ///< UTC; the one timestamp in the output (also the PDF's creation date)
    QList<Block> blocks;
};

struct ComposeOptions
{
    QString language = QStringLiteral("en"); ///< "pl" or "en"; translators must be installed by the caller
    QDateTime generatedAt;       ///< the one timestamp that may differ between two runs; invalid: now
    bool charts = true;          ///< render the charts (needs a QApplication for Qt Charts)
};

/// The report's text in the current translation (QCoreApplication translators) and the
/// locale of `options.language`; charts rendered offscreen when `options.charts`.
ReportDocument composeReport(const RolloutReport &report, const ComposeOptions &options);

/// The section headings composeReport() writes, in the current translation (for tests and
/// for a table of contents).
QStringList sectionTitles();

} // namespace rampart::report
