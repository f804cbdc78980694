// The report rendered: every section in Markdown, well-formed HTML, a PDF with the expected
// pages and text (pdftotext), in Polish and English; the same report gives the same bytes
// apart from the one generation timestamp; the evidence as CSV and JSON.

#include "reportfixture.h"
#include "reportjob.h"
#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QXmlStreamReader>

using namespace rampart;
using namespace rampart::reporttest;

namespace {

report::RolloutReport fixtureReport()
{
    QTemporaryDir dir;
    auto opened = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("w.rampart")));
    EXPECT_TRUE(opened.ok());
    if (!opened.ok())
        return {};
    const rollout::Plan plan = fixturePlan();
    EXPECT_TRUE(writeFixture(**opened, plan));
    report::ReportRequest request;
    request.plan = plan;
    request.source = "workspace:w.rampart";
    return rampart::testing::valueOf(report::buildReport(**opened, opened->get(), request));
}

const report::RolloutReport &sharedReport()
{
    static const report::RolloutReport r = fixtureReport();
    return r;
}

const QDateTime Generated = QDateTime(QDate(2026, 12, 1), QTime(6, 0), QTimeZone::utc());

report::ReportDocument compose(const QString &lang, const QDateTime &generated = Generated)
{
    EXPECT_TRUE(report::installReportTranslations(lang));
    report::ComposeOptions options;
    options.language = lang;
    options.generatedAt = generated;
    return report::composeReport(sharedReport(), options);
}

QStringList titles(const QString &lang)
{
    EXPECT_TRUE(report::installReportTranslations(lang));
    return report::sectionTitles();
}

/// Runs a poppler tool; fails the test when it is missing (Debian poppler-utils is in scripts/lib/common.sh).
QString poppler(const QString &tool, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    EXPECT_FALSE(exe.isEmpty()) << tool.toStdString() << " missing: install poppler-utils";
    if (exe.isEmpty())
        return {};
    QProcess p;
    p.start(exe, args);
    EXPECT_TRUE(p.waitForFinished(60000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    QString out = QString::fromUtf8(p.readAllStandardOutput());
    out.replace(QChar(0xFB01), QStringLiteral("fi")).replace(QChar(0xFB02), QStringLiteral("fl"));
    return out.simplified();
}

} // namespace

class ReportRender : public ::testing::TestWithParam<const char *>
{
};

TEST_P(ReportRender, MarkdownHasEverySection)
{
    const QString lang = QString::fromLatin1(GetParam());
    const auto doc = compose(lang);
    QMap<QString, QByteArray> images;
    const QString md = QString::fromUtf8(report::renderMarkdown(doc, QStringLiteral("r"), images));
    for (const QString &t : titles(lang))
        EXPECT_TRUE(md.contains(QStringLiteral("\n## ") + t + QLatin1Char('\n'))) << t.toStdString();
    EXPECT_TRUE(md.startsWith(QStringLiteral("# ")));
    EXPECT_EQ(md.count(QStringLiteral("\n### ")), 2); // one heading per stage
    EXPECT_TRUE(md.contains(QString::fromStdString(SignOffHash)));
    EXPECT_TRUE(md.contains(QStringLiteral("Wrong answers about the VPN")));
    EXPECT_TRUE(md.contains(QStringLiteral("Rolled back after the incident review.")));
    ASSERT_EQ(images.size(), 3);
    for (auto it = images.cbegin(); it != images.cend(); ++it) {
        EXPECT_TRUE(md.contains(QStringLiteral("](") + it.key() + QLatin1Char(')')));
        QImage image;
        EXPECT_TRUE(image.loadFromData(it.value(), "PNG")) << it.key().toStdString();
        EXPECT_EQ(image.width(), 900);
    }
    // The verdict comes first: before the overview.
    EXPECT_LT(md.indexOf(titles(lang).at(0)), md.indexOf(titles(lang).at(1)));
}

TEST_P(ReportRender, HtmlIsWellFormed)
{
    const QString lang = QString::fromLatin1(GetParam());
    const QByteArray html = report::renderHtml(compose(lang));
    QXmlStreamReader xml(html);
    int h2 = 0;
    int tables = 0;
    int images = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            h2 += xml.name() == QLatin1String("h2") ? 1 : 0;
            tables += xml.name() == QLatin1String("table") ? 1 : 0;
            images += xml.name() == QLatin1String("img") ? 1 : 0;
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString() << " at line " << xml.lineNumber();
    EXPECT_EQ(h2, titles(lang).size());
    EXPECT_GE(tables, 10);
    EXPECT_EQ(images, 3);
    EXPECT_TRUE(html.contains("lang=\"" + lang.toLatin1() + "\""));
}

TEST_P(ReportRender, PdfHasThePagesAndText)
{
    const QString lang = QString::fromLatin1(GetParam());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("r.pdf"));
    const QByteArray pdf = report::renderPdf(compose(lang));
    ASSERT_TRUE(pdf.startsWith("%PDF-"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(pdf);
    f.close();
    const QString info = poppler(QStringLiteral("pdfinfo"), {path});
    const auto pages = QRegularExpression(QStringLiteral("Pages: (\\d+)")).match(info);
    ASSERT_TRUE(pages.hasMatch()) << info.toStdString();
    EXPECT_GE(pages.captured(1).toInt(), 4);
    EXPECT_LE(pages.captured(1).toInt(), 30);
    EXPECT_TRUE(info.contains(QStringLiteral("Page size: 842 x 595 pts (A4)"))) << info.toStdString();
    const QString text = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-enc"), QStringLiteral("UTF-8"), path, QStringLiteral("-")});
    for (const QString &t : titles(lang))
        EXPECT_TRUE(text.contains(t)) << t.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("documentation-keeper")));
    EXPECT_TRUE(text.contains(QStringLiteral("Wrong answers about the VPN")));
    // The first page starts with the verdict.
    const QString first = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-l"), QStringLiteral("1"), QStringLiteral("-enc"),
                                                                QStringLiteral("UTF-8"), path, QStringLiteral("-")});
    EXPECT_TRUE(first.contains(titles(lang).at(0)));
}

INSTANTIATE_TEST_SUITE_P(BothLanguages, ReportRender, ::testing::Values("en", "pl"));

TEST(ReportLanguages, PolishAndEnglishDiffer)
{
    const QString en = QString::fromUtf8(report::renderHtml(compose(QStringLiteral("en"))));
    const QString pl = QString::fromUtf8(report::renderHtml(compose(QStringLiteral("pl"))));
    EXPECT_TRUE(en.contains(QStringLiteral("Final assessment")));
    EXPECT_TRUE(pl.contains(QStringLiteral("Ocena końcowa")));
    EXPECT_FALSE(pl.contains(QStringLiteral("Final assessment")));
    EXPECT_TRUE(pl.contains(QStringLiteral("Wycofane: zachowanie ML cofnięto do 0%.")));
}

TEST(ReportReproducible, SameReportSameBytesApartFromTheGenerationTime)
{
    const auto a = compose(QStringLiteral("en"));
    const auto b = compose(QStringLiteral("en"));
    QMap<QString, QByteArray> ia, ib;
    EXPECT_EQ(report::renderMarkdown(a, QStringLiteral("r"), ia), report::renderMarkdown(b, QStringLiteral("r"), ib));
    EXPECT_EQ(ia, ib);
    EXPECT_EQ(report::renderHtml(a), report::renderHtml(b));
    EXPECT_EQ(report::renderPdf(a), report::renderPdf(b));

    // Another generation time changes that one line and nothing else.
    const auto later = compose(QStringLiteral("en"), Generated.addSecs(3600));
    QMap<QString, QByteArray> ic;
    const QStringList one = QString::fromUtf8(report::renderMarkdown(a, QStringLiteral("r"), ia)).split(QLatin1Char('\n'));
    const QStringList two = QString::fromUtf8(report::renderMarkdown(later, QStringLiteral("r"), ic)).split(QLatin1Char('\n'));
    ASSERT_EQ(one.size(), two.size());
    int differing = 0;
    for (qsizetype i = 0; i < one.size(); ++i)
        if (one[i] != two[i]) {
            ++differing;
            EXPECT_TRUE(one[i].contains(QStringLiteral("2026-12-01 06:00:00 UTC"))) << one[i].toStdString();
        }
    EXPECT_EQ(differing, 1);
    const QByteArray p1 = report::renderPdf(a);
    const QByteArray p2 = report::renderPdf(later);
    EXPECT_TRUE(p1.contains("/CreationDate (D:20261201060000Z)"));
    EXPECT_TRUE(p2.contains("/CreationDate (D:20261201070000Z)"));
}

TEST(ReportEvidence, CsvHasARowPerStageAndMetric)
{
    const QString csv = QString::fromUtf8(report::evidenceCsv(sharedReport()));
    const QStringList lines = csv.trimmed().split(QLatin1Char('\n'));
    ASSERT_EQ(lines.size(), 1 + 2 * 5); // header, 2 stages × 5 metrics
    EXPECT_TRUE(lines[0].startsWith(QStringLiteral("stage,percentage,start,end,")));
    const int columns = static_cast<int>(lines[0].split(QLatin1Char(',')).size());
    for (const QString &line : lines)
        EXPECT_EQ(line.split(QLatin1Char(',')).size(), columns) << line.toStdString();
    EXPECT_TRUE(lines[1].startsWith(QStringLiteral("canary,5,2026-01-05T00:00:00Z,2026-01-06T01:00:00Z,400,40,accuracy,primary")));
}

TEST(ReportEvidence, JsonCarriesStagesTestsAndAudit)
{
    QJsonParseError error{};
    const QJsonObject root = QJsonDocument::fromJson(report::evidenceJson(sharedReport()), &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError);
    EXPECT_EQ(root.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
    const QJsonArray stages = root.value(QStringLiteral("stages")).toArray();
    ASSERT_EQ(stages.size(), 2);
    const QJsonObject canary = stages[0].toObject();
    EXPECT_EQ(canary.value(QStringLiteral("units_treatment")).toInt(), 40);
    EXPECT_EQ(canary.value(QStringLiteral("sign_offs")).toArray().size(), 1);
    const QJsonObject accuracy = canary.value(QStringLiteral("metrics")).toArray().at(0).toObject();
    EXPECT_NEAR(accuracy.value(QStringLiteral("p_value_two_sided")).toDouble(), 0.045402120843454484, 1e-9);
    EXPECT_EQ(stages[1].toObject().value(QStringLiteral("incidents")).toArray().size(), 1);
    EXPECT_TRUE(root.value(QStringLiteral("audit")).toObject().value(QStringLiteral("verified")).toBool());
    EXPECT_EQ(root.value(QStringLiteral("latest_load_test")).toObject().value(QStringLiteral("p95_latency_ms")).toDouble(), 81.5);
}
