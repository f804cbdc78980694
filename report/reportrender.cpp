// Markdown, HTML and PDF from one ReportDocument.

#include "reportrender.h"

#include <QBuffer>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextDocument>
#include <QUrl>

namespace rampart::report {

std::optional<Format> parseFormat(const QString &name)
{
    if (name == QLatin1String("md") || name == QLatin1String("markdown"))
        return Format::Markdown;
    if (name == QLatin1String("html"))
        return Format::Html;
    if (name == QLatin1String("pdf"))
        return Format::Pdf;
    if (name == QLatin1String("csv"))
        return Format::Csv;
    if (name == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(0); // PNG: quality 0 is zlib's strongest compression (lossless either way)
    writer.write(image);
    return bytes;
}

namespace {

QString mdCell(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('|'), QStringLiteral("\\|"));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text;
}

QString mdText(QString text)
{
    // Markdown that a reader would misread: emphasis markers and a leading list marker.
    text.replace(QLatin1Char('*'), QStringLiteral("\\*"));
    text.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return text;
}

/// A long hash broken into groups by zero-width spaces, so a PDF table can wrap it.
QString breakable(const QString &cell)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{40,}$"));
    if (!hex.match(cell).hasMatch())
        return cell;
    QString out;
    for (qsizetype i = 0; i < cell.size(); i += 16)
        out += cell.mid(i, 16) + (i + 16 < cell.size() ? QString(QChar(0x200B)) : QString());
    return out;
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString htmlBody(const ReportDocument &doc, bool dataUris)
{
    QString h;
    for (const Block &b : doc.blocks) {
        switch (b.kind) {
        case Block::Kind::Title:
            h += QStringLiteral("<h1>") + esc(b.text) + QStringLiteral("</h1>\n");
            break;
        case Block::Kind::Heading:
            h += QStringLiteral("<h2>") + esc(b.text) + QStringLiteral("</h2>\n");
            break;
        case Block::Kind::Subheading:
            h += QStringLiteral("<h3>") + esc(b.text) + QStringLiteral("</h3>\n");
            break;
        case Block::Kind::Paragraph:
            h += QStringLiteral("<p>") + esc(b.text) + QStringLiteral("</p>\n");
            break;
        case Block::Kind::Emphasis:
            h += QStringLiteral("<p class=\"verdict\"><b>") + esc(b.text) + QStringLiteral("</b></p>\n");
            break;
        case Block::Kind::Bullets:
            h += QStringLiteral("<ul>\n");
            for (const QString &item : b.items)
                h += QStringLiteral("<li>") + esc(item) + QStringLiteral("</li>\n");
            h += QStringLiteral("</ul>\n");
            break;
        case Block::Kind::Table:
            h += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<thead><tr>");
            for (const QString &c : b.header)
                h += QStringLiteral("<th>") + esc(c) + QStringLiteral("</th>");
            h += QStringLiteral("</tr></thead>\n<tbody>\n");
            for (const QStringList &row : b.rows) {
                h += QStringLiteral("<tr>");
                for (const QString &c : row)
                    h += QStringLiteral("<td>") + esc(dataUris ? c : breakable(c)) + QStringLiteral("</td>");
                h += QStringLiteral("</tr>\n");
            }
            h += QStringLiteral("</tbody>\n</table>\n");
            break;
        case Block::Kind::Chart: {
            const QString src = dataUris ? QStringLiteral("data:image/png;base64,") + QString::fromLatin1(pngBytes(b.image).toBase64())
                                         : QStringLiteral("chart-") + b.chartId + QStringLiteral(".png");
            h += QStringLiteral("<p><img src=\"") + src + QStringLiteral("\" alt=\"") + esc(b.text)
                 + QStringLiteral("\" width=\"") + QString::number(dataUris ? b.image.width() : 640) + QStringLiteral("\" /><br />")
                 + esc(b.text) + QStringLiteral("</p>\n");
            break;
        }
        }
    }
    return h;
}

const char *Style = "body{font-family:sans-serif;font-size:10pt;}"
                    "table{border-collapse:collapse;margin:4px 0 10px 0;}"
                    "th{background:#e8e8e8;text-align:left;}"
                    "td,th{padding:2px 4px;vertical-align:top;}"
                    "p.verdict{font-size:12pt;}";

} // namespace

QByteArray renderMarkdown(const ReportDocument &doc, const QString &imageStem, QMap<QString, QByteArray> &images)
{
    QString md;
    for (const Block &b : doc.blocks) {
        switch (b.kind) {
        case Block::Kind::Title:
            md += QStringLiteral("# ") + b.text + QStringLiteral("\n\n");
            break;
        case Block::Kind::Heading:
            md += QStringLiteral("## ") + b.text + QStringLiteral("\n\n");
            break;
        case Block::Kind::Subheading:
            md += QStringLiteral("### ") + b.text + QStringLiteral("\n\n");
            break;
        case Block::Kind::Paragraph:
            md += mdText(b.text) + QStringLiteral("\n\n");
            break;
        case Block::Kind::Emphasis:
            md += QStringLiteral("**") + mdText(b.text) + QStringLiteral("**\n\n");
            break;
        case Block::Kind::Bullets:
            for (const QString &item : b.items)
                md += QStringLiteral("- ") + mdText(item) + QLatin1Char('\n');
            md += QLatin1Char('\n');
            break;
        case Block::Kind::Table: {
            QStringList header;
            for (const QString &c : b.header)
                header << mdCell(c);
            md += QStringLiteral("| ") + header.join(QStringLiteral(" | ")) + QStringLiteral(" |\n|");
            for (qsizetype i = 0; i < b.header.size(); ++i)
                md += QStringLiteral("---|");
            md += QLatin1Char('\n');
            for (const QStringList &row : b.rows) {
                QStringList cells;
                for (const QString &c : row)
                    cells << mdCell(c);
                md += QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
            }
            md += QLatin1Char('\n');
            break;
        }
        case Block::Kind::Chart: {
            const QString file = imageStem + QLatin1Char('-') + b.chartId + QStringLiteral(".png");
            images.insert(file, pngBytes(b.image));
            md += QStringLiteral("![") + b.text + QStringLiteral("](") + file + QStringLiteral(")\n\n");
            break;
        }
        }
    }
    return md.toUtf8();
}

QByteArray renderHtml(const ReportDocument &doc)
{
    QString h = QStringLiteral("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"") + doc.language
                + QStringLiteral("\">\n<head>\n<meta charset=\"utf-8\" />\n<title>") + esc(doc.title)
                + QStringLiteral("</title>\n<style>") + QLatin1String(Style) + QStringLiteral("</style>\n</head>\n<body>\n");
    h += htmlBody(doc, true);
    h += QStringLiteral("</body>\n</html>\n");
    return h.toUtf8();
}

QByteArray renderPdf(const ReportDocument &doc)
{
    QTextDocument text;
    text.setDefaultStyleSheet(QLatin1String(Style));
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(7.5);
    text.setDefaultFont(font);
    for (const Block &b : doc.blocks)
        if (b.kind == Block::Kind::Chart)
            text.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart-") + b.chartId + QStringLiteral(".png")),
                             QVariant(b.image));
    text.setHtml(QStringLiteral("<html><body>") + htmlBody(doc, false) + QStringLiteral("</body></html>"));

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setTitle(doc.title);
    writer.setCreator(QStringLiteral("rampart"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape); // the tests table has eleven columns
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    // The layout's pixels are the screen's (96 dpi), as QTextDocument measures fonts in them.
    writer.setResolution(96);
    // A fixed document id: the same report gives the same bytes (only the creation date differs).
    writer.setDocumentXmpMetadata(QByteArray());
    text.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
    text.print(&writer);
    buffer.close();
    // Qt stamps the creation date with the clock; make it the report's generation time, so the
    // same report at the same generation time is the same bytes. Same length: no offset moves.
    static const QByteArray key("/CreationDate (D:");
    const qsizetype at = bytes.indexOf(key);
    const QByteArray stamp = doc.generatedAt.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + "Z)";
    if (at >= 0 && doc.generatedAt.isValid() && bytes.mid(at + key.size(), stamp.size()).endsWith(")"))
        bytes.replace(at + key.size(), stamp.size(), stamp);
    return bytes;
}

} // namespace rampart::report
