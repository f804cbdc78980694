// `cmake --install` into a temporary prefix, then the installed programs run from the
// installed paths: the data directory beside the programs (not the source tree, which still
// exists here), the README's examples, the console's offscreen screenshot, and the systemd
// unit pointing at the installed rampartctl with options `serve` accepts.

#include "tooltest.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using rampart::testing::runTool;
using rampart::testing::ToolRun;

namespace {

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RAMPART_DATA_DIR"));
    env.remove(QStringLiteral("RAMPART_RESOURCES"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Every file below `dir`, relative to it, sorted.
QStringList filesBelow(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(dir).relativeFilePath(it.next());
    files.sort();
    return files;
}

} // namespace

TEST(InstallLayout, InstalledProgramsRunFromTheInstalledPaths)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString prefix = dir.filePath(QStringLiteral("usr"));
    const QString data = prefix + QStringLiteral("/share/rampart");
    const ToolRun install = runTool(QStringLiteral(CMAKE_COMMAND_PATH),
                                    {QStringLiteral("--install"), QStringLiteral(RAMPART_BUILD_DIR),
                                     QStringLiteral("--prefix"), prefix, QStringLiteral("--strip")});
    ASSERT_EQ(install.exitCode, 0) << install.err.constData();

    // The layout (docs/packaging.md).
    for (const char *file :
         {"bin/rampart", "bin/rampartctl", "share/rampart/plans/documentation-keeper.json",
          "share/rampart/schema/plan.schema.json", "share/rampart/examples/evidence-guardrail-breach.json",
          "share/rampart/sql/001_schema.sql", "share/rampart/sql/sqlite/001_workspace.sql",
          "share/rampart/grafana/rollout-progress.json", "share/rampart/translations/rampart_pl.qm",
          "share/rampart/translations/rampart_en.qm", "share/rampart/systemd/rampartctl-serve.default",
          "share/applications/rampart.desktop", "share/metainfo/org.rampart.Rampart.metainfo.xml",
          "share/icons/hicolor/scalable/apps/rampart.svg", "share/icons/hicolor/16x16/apps/rampart.png",
          "share/icons/hicolor/48x48/apps/rampart.png", "share/icons/hicolor/256x256/apps/rampart.png",
          "share/man/man1/rampartctl.1.gz", "share/man/man1/rampart.1.gz",
          "lib/systemd/system/rampartctl-serve.service"})
        EXPECT_TRUE(QFileInfo(prefix + QLatin1Char('/') + QLatin1String(file)).isFile()) << file;
    for (const char *program : {"bin/rampart", "bin/rampartctl"})
        EXPECT_TRUE(QFileInfo(prefix + QLatin1Char('/') + QLatin1String(program)).isExecutable()) << program;

    // Every shipped data file is installed, byte for byte (a new plan or migration is not forgotten).
    for (const char *sub : {"plans", "schema", "examples", "sql", "grafana"}) {
        const QString source = QStringLiteral(RAMPART_SOURCE_DIR "/resources/") + QLatin1String(sub);
        const QStringList files = filesBelow(source);
        EXPECT_FALSE(files.isEmpty()) << sub;
        EXPECT_EQ(filesBelow(data + QLatin1Char('/') + QLatin1String(sub)), files) << sub;
        for (const QString &f : files)
            EXPECT_EQ(readFile(data + QLatin1Char('/') + QLatin1String(sub) + QLatin1Char('/') + f),
                      readFile(source + QLatin1Char('/') + f))
                << f.toStdString();
    }

    const QString rampartctl = prefix + QStringLiteral("/bin/rampartctl");
    const QProcessEnvironment env = cleanEnvironment();

    const ToolRun version = runTool(rampartctl, {QStringLiteral("--version")}, env);
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out, QByteArray("rampartctl " RAMPART_EXPECTED_VERSION "\n"));

    // The installed program uses the installed data, though the source tree still exists.
    const ToolRun help = runTool(rampartctl, {QStringLiteral("--help")}, env);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains((QStringLiteral("Data directory (installed): ") + QDir::cleanPath(data) + QLatin1Char('\n')).toUtf8()))
        << help.out.constData();

    // The README's examples with the installed paths.
    const QString plan = data + QStringLiteral("/plans/documentation-keeper.json");
    const ToolRun show = runTool(rampartctl, {QStringLiteral("plan"), QStringLiteral("show"), plan}, env);
    EXPECT_EQ(show.exitCode, 0) << show.err.constData();
    EXPECT_TRUE(show.out.startsWith("Rollout plan: documentation-keeper\n")) << show.out.constData();
    const ToolRun decide = runTool(rampartctl,
                                   {QStringLiteral("decide"), QStringLiteral("--plan"), plan, QStringLiteral("--evidence"),
                                    data + QStringLiteral("/examples/evidence-guardrail-breach.json"), QStringLiteral("--now"),
                                    QStringLiteral("2026-11-20T12:00:00Z")},
                                   env);
    EXPECT_EQ(decide.exitCode, 0) << decide.err.constData();
    EXPECT_TRUE(decide.out.contains("\"decision\": \"rollback\"") || decide.out.contains("\"decision\":\"rollback\""))
        << decide.out.constData();

    // The console renders a page offscreen from the installed plan, examples and translations.
    const QString png = dir.filePath(QStringLiteral("rollout-pl.png"));
    const ToolRun shot = runTool(prefix + QStringLiteral("/bin/rampart"),
                                 {QStringLiteral("--screenshot"), png, QStringLiteral("--page"), QStringLiteral("rollout"),
                                  QStringLiteral("--lang"), QStringLiteral("pl")},
                                 env);
    EXPECT_EQ(shot.exitCode, 0) << shot.err.constData();
    const QByteArray image = readFile(png);
    EXPECT_TRUE(image.startsWith("\x89PNG\r\n\x1a\n"));
    EXPECT_GT(image.size(), 20000) << "a rendered 1280x860 page, not an empty image";

    // The systemd unit names the installed program and plan, with options `serve` knows.
    const QString unit = prefix + QStringLiteral("/lib/systemd/system/rampartctl-serve.service");
    const QByteArray unitText = readFile(unit);
    EXPECT_TRUE(unitText.contains(
        (QStringLiteral("ExecStart=") + rampartctl + QStringLiteral(" serve --watch --plan ${RAMPART_PLAN}")).toUtf8()))
        << unitText.constData();
    EXPECT_TRUE(unitText.contains((QStringLiteral("Environment=RAMPART_PLAN=") + plan + QLatin1Char('\n')).toUtf8())) << unitText.constData();
    const ToolRun serveHelp = runTool(rampartctl,
                                      {QStringLiteral("serve"), QStringLiteral("--plan"), plan, QStringLiteral("--listen"),
                                       QStringLiteral("127.0.0.1:8093"), QStringLiteral("--interval"), QStringLiteral("60"),
                                       QStringLiteral("--help")},
                                      env);
    EXPECT_EQ(serveHelp.exitCode, 0) << "serve refuses the options the unit passes: " << serveHelp.err.constData();

    const QString analyze = rampart::testing::findTool("systemd-analyze");
    if (analyze.isEmpty()) {
        GTEST_SKIP() << "systemd-analyze is not installed (Debian package systemd): the unit was not verified";
    }
    const ToolRun verify = runTool(analyze, {QStringLiteral("verify"), QStringLiteral("--man=no"), unit}, env);
    EXPECT_EQ(verify.exitCode, 0) << verify.out.constData() << verify.err.constData();
    // The hardening section: systemd's own exposure score (0 safest … 10), at most 2.0 ("OK").
    const ToolRun security =
        runTool(analyze, {QStringLiteral("security"), QStringLiteral("--offline=true"), QStringLiteral("--threshold=20"), unit}, env);
    EXPECT_EQ(security.exitCode, 0) << security.out.constData() << security.err.constData();
}
