// `rampartctl report` as a black box: from an archive (with its embedded plan) and from a
// workspace, every format, the same archive giving the same bytes, and the command-line errors.

#include "clirun.h"
#include "reportfixture.h"

#include "io/planjson.h"
#include "service/usecases.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace rampart;
using namespace rampart::reporttest;
using rampart::testing::CliRun;
using rampart::testing::runRampartctl;

namespace {

const QString Plan = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");

/// A workspace with the fixture rollout and an archive exported from it (plan embedded).
struct Files
{
    QTemporaryDir dir;
    QString workspace;
    QString archive;
};

std::unique_ptr<Files> makeFiles()
{
    auto f = std::make_unique<Files>();
    f->workspace = f->dir.filePath(QStringLiteral("w.rampart"));
    f->archive = f->dir.filePath(QStringLiteral("a.rampart"));
    const rollout::Plan plan = fixturePlan();
    {
        auto store = store::SqliteEvidenceStore::open(f->workspace);
        EXPECT_TRUE(store.ok());
        if (!store.ok())
            return f;
        EXPECT_TRUE(writeFixture(**store, plan));
        service::ArchiveRequest request;
        request.agent = plan.agent;
        request.to = f->archive;
        request.planJson = QJsonDocument(io::planToJson(plan)).toJson(QJsonDocument::Compact).toStdString();
        request.sourceDescription = "sqlite:w.rampart";
        EXPECT_TRUE(service::exportArchive(**store, request).ok());
    }
    return f;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return file.readAll();
}

CliRun report(const QStringList &args)
{
    return runRampartctl(QStringList{QStringLiteral("report")} + args);
}

} // namespace

TEST(RampartctlReport, SameArchiveGivesTheSameBytes)
{
    auto f = makeFiles();
    for (const char *format : {"md", "html", "pdf", "csv", "json"}) {
        for (const char *lang : {"en", "pl"}) {
            const QString ext = QString::fromLatin1(format);
            // Two directories, one file name: Markdown names its chart images after the file.
            QDir(f->dir.path()).mkpath(QStringLiteral("one"));
            QDir(f->dir.path()).mkpath(QStringLiteral("two"));
            const QString name = QStringLiteral("r-%1.%2").arg(QLatin1String(lang), ext);
            const QString a = f->dir.filePath(QStringLiteral("one/") + name);
            const QString b = f->dir.filePath(QStringLiteral("two/") + name);
            const QStringList common{QStringLiteral("--archive"), f->archive, QStringLiteral("--format"), ext, QStringLiteral("--lang"),
                                     QString::fromLatin1(lang), QStringLiteral("--generated-at"), QStringLiteral("2026-12-01T06:00:00Z")};
            const CliRun one = report(common + QStringList{QStringLiteral("--out"), a});
            ASSERT_EQ(one.exitCode, 0) << one.err.constData();
            const CliRun two = report(common + QStringList{QStringLiteral("--out"), b});
            ASSERT_EQ(two.exitCode, 0) << two.err.constData();
            EXPECT_EQ(readAll(a), readAll(b)) << format << " " << lang;
            const QJsonObject out = rampart::testing::jsonObject(one.out);
            EXPECT_EQ(out.value(QStringLiteral("stages")).toInt(), 2);
            EXPECT_EQ(out.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
            EXPECT_TRUE(out.value(QStringLiteral("audit_verified")).toBool());
        }
    }
    // Markdown's charts beside the file, the same bytes too.
    for (const char *chart : {"cohorts", "boundary", "timeline"})
        EXPECT_EQ(readAll(f->dir.filePath(QStringLiteral("one/r-en-%1.png").arg(QLatin1String(chart)))),
                  readAll(f->dir.filePath(QStringLiteral("two/r-en-%1.png").arg(QLatin1String(chart)))));
}

TEST(RampartctlReport, WorkspaceWithAPlanFile)
{
    auto f = makeFiles();
    const QString out = f->dir.filePath(QStringLiteral("w.md"));
    const CliRun run = report({QStringLiteral("--workspace"), f->workspace, QStringLiteral("--plan"), Plan, QStringLiteral("--format"),
                               QStringLiteral("md"), QStringLiteral("--lang"), QStringLiteral("pl"), QStringLiteral("--out"), out});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QString md = QString::fromUtf8(readAll(out));
    EXPECT_TRUE(md.startsWith(QStringLiteral("# Raport wpływu biznesowego: documentation-keeper")));
    // A workspace keeps load tests; an archive does not.
    EXPECT_TRUE(md.contains(QStringLiteral("Ostatni test obciążeniowy")));
}

TEST(RampartctlReport, AWorkspaceWithoutAPlanIsRefused)
{
    auto f = makeFiles();
    const CliRun run = report({QStringLiteral("--workspace"), f->workspace, QStringLiteral("--format"), QStringLiteral("md"),
                               QStringLiteral("--out"), f->dir.filePath(QStringLiteral("x.md"))});
    rampart::testing::expectCliError(run, "missing_plan", "plan");
    EXPECT_FALSE(QFile::exists(f->dir.filePath(QStringLiteral("x.md"))));
}

TEST(RampartctlReport, CommandLineErrors)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("r.md"));
    rampart::testing::expectCliError(report({QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("--out"), out}), "usage", "");
    rampart::testing::expectCliError(report({QStringLiteral("--archive"), QStringLiteral("a"), QStringLiteral("--workspace"),
                                             QStringLiteral("b"), QStringLiteral("--format"), QStringLiteral("md"),
                                             QStringLiteral("--out"), out}),
                                     "usage", "");
    rampart::testing::expectCliError(report({QStringLiteral("--archive"), dir.filePath(QStringLiteral("none.rampart")), QStringLiteral("--format"),
                                             QStringLiteral("docx"), QStringLiteral("--out"), out}),
                                     "invalid_argument", "format");
    rampart::testing::expectCliError(report({QStringLiteral("--archive"), dir.filePath(QStringLiteral("none.rampart")), QStringLiteral("--format"),
                                             QStringLiteral("md"), QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("--out"), out}),
                                     "invalid_argument", "lang");
    rampart::testing::expectCliError(report({QStringLiteral("--archive"), dir.filePath(QStringLiteral("none.rampart")), QStringLiteral("--format"),
                                             QStringLiteral("md"), QStringLiteral("--out"), out}),
                                     "io_error", "archive");
    const CliRun help = report({QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("--archive FILE.rampart"));
}

TEST(RampartctlReport, AWorkspaceIsNotAnArchive)
{
    auto f = makeFiles();
    rampart::testing::expectCliError(report({QStringLiteral("--archive"), f->workspace, QStringLiteral("--format"), QStringLiteral("md"),
                                             QStringLiteral("--out"), f->dir.filePath(QStringLiteral("x.md"))}),
                                     "usage", "archive");
}
