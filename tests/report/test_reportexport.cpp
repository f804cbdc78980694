// The console's report export: off the UI thread, with progress, to a file; errors reported.

#include "reportexport.h"
#include "reportfixture.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>

using namespace rampart;
using namespace rampart::reporttest;

TEST(ReportExport, WritesTheReportOfTheOpenWorkspace)
{
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("w.rampart"));
    {
        auto store = store::SqliteEvidenceStore::open(workspace);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE(writeFixture(**store, fixturePlan()));
    }
    widgets::ReportExport exporter;
    exporter.setPlan(fixturePlan()); // a workspace carries no plan
    exporter.setSource(workspace);
    exporter.setFormat(QStringLiteral("html"));
    QSignalSpy done(&exporter, &widgets::ReportExport::exported);
    QSignalSpy failed(&exporter, &widgets::ReportExport::exportFailed);
    const QString out = dir.filePath(QStringLiteral("r.html"));
    exporter.exportTo(out);
    EXPECT_TRUE(exporter.busy());
    ASSERT_TRUE(done.wait(60000)) << exporter.statusText().toStdString();
    EXPECT_EQ(failed.count(), 0);
    EXPECT_FALSE(exporter.busy());
    EXPECT_TRUE(exporter.statusText().contains(out));
    QFile file(out);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(file.readAll());
    while (!xml.atEnd())
        xml.readNext();
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
}

TEST(ReportExport, AMissingFileIsReportedNotWritten)
{
    QTemporaryDir dir;
    widgets::ReportExport exporter;
    exporter.setSource(dir.filePath(QStringLiteral("none.rampart")));
    QSignalSpy failed(&exporter, &widgets::ReportExport::exportFailed);
    const QString out = dir.filePath(QStringLiteral("r.pdf"));
    exporter.exportTo(out);
    ASSERT_TRUE(failed.wait(30000));
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("does not exist")));
    EXPECT_FALSE(QFile::exists(out));
}
