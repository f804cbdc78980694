// Black-box tests of `rampartctl --help` and `--version`: the version comes from the project
// (CMake's PROJECT_VERSION), and the help names the data directory the program really uses.

#include "clirun.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using rampart::testing::CliRun;
using rampart::testing::runRampartctl;

namespace {

QProcessEnvironment withoutDataDirOverride()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RAMPART_DATA_DIR"));
    env.remove(QStringLiteral("RAMPART_RESOURCES"));
    return env;
}

} // namespace

TEST(RampartctlHelp, VersionIsTheProjectVersion)
{
    for (const QString &flag : {QStringLiteral("--version"), QStringLiteral("-V")}) {
        const CliRun run = runRampartctl({flag});
        EXPECT_EQ(run.exitCode, 0) << run.err.constData();
        EXPECT_EQ(run.out, QByteArray("rampartctl " RAMPART_EXPECTED_VERSION "\n"));
        EXPECT_TRUE(run.err.isEmpty());
    }
}

TEST(RampartctlHelp, HelpListsCommandsAndOptions)
{
    for (const QString &flag : {QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("help")}) {
        const CliRun run = runRampartctl({flag}, {}, withoutDataDirOverride());
        ASSERT_EQ(run.exitCode, 0) << run.err.constData();
        const QString out = QString::fromUtf8(run.out);
        for (const char *word : {"stats", "plan validate", "decide", "watch", "serve", "flag", "ingest", "audit",
                                 "archive", "simulate", "demo", "--version", "--config", "man rampartctl"})
            EXPECT_TRUE(out.contains(QLatin1String(word))) << word;
        EXPECT_TRUE(run.err.isEmpty());
    }
}

TEST(RampartctlHelp, HelpNamesTheSourceTreesDataInADevelopmentBuild)
{
    const CliRun run = runRampartctl({QStringLiteral("--help")}, {}, withoutDataDirOverride());
    ASSERT_EQ(run.exitCode, 0);
    const QString expected = QDir::cleanPath(QStringLiteral(RAMPART_SOURCE_DIR "/resources"));
    EXPECT_TRUE(QString::fromUtf8(run.out).contains(QStringLiteral("Data directory (source tree): ") + expected))
        << run.out.constData();
}

TEST(RampartctlHelp, HelpNamesTheDataDirectoryFromTheEnvironment)
{
    QProcessEnvironment env = withoutDataDirOverride();
    env.insert(QStringLiteral("RAMPART_DATA_DIR"), QStringLiteral("/srv/rampart-data"));
    const CliRun run = runRampartctl({QStringLiteral("--help")}, {}, env);
    ASSERT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.contains("Data directory (environment): /srv/rampart-data\n")) << run.out.constData();
    EXPECT_TRUE(run.out.contains("rampartctl plan show /srv/rampart-data/plans/documentation-keeper.json"));
}

// A copy of the program in PREFIX/bin with PREFIX/share/rampart/plans beside it finds that
// directory, not the source tree it was built from (which still exists here).
TEST(RampartctlHelp, CopiedIntoAPrefixTheProgramFindsThatPrefixsData)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("usr/bin"))));
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("usr/share/rampart/plans"))));
    const QString program = dir.filePath(QStringLiteral("usr/bin/rampartctl"));
    ASSERT_TRUE(QFile::copy(QStringLiteral(RAMPARTCTL_PATH), program));
    QProcess process;
    process.setProcessEnvironment(withoutDataDirOverride());
    process.start(program, {QStringLiteral("--help")});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitCode(), 0);
    const QByteArray out = process.readAllStandardOutput();
    EXPECT_TRUE(out.contains(QStringLiteral("Data directory (installed): %1\n")
                                 .arg(QDir::cleanPath(dir.filePath(QStringLiteral("usr/share/rampart"))))
                                 .toUtf8()))
        << out.constData();
}
