// Tests for core/io/datapaths.h: where an installed program and a development build find
// their plans, examples, SQL and translations.

#include "io/datapaths.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <QFile>

using namespace rampart;

namespace {

/// Clears RAMPART_DATA_DIR / RAMPART_RESOURCES for one test and restores them afterwards.
class CleanEnvironment
{
public:
    CleanEnvironment()
    {
        for (const char *name : {"RAMPART_DATA_DIR", "RAMPART_RESOURCES"}) {
            if (qEnvironmentVariableIsSet(name))
                m_saved.push_back({name, qgetenv(name)});
            qunsetenv(name);
        }
    }
    ~CleanEnvironment()
    {
        for (const char *name : {"RAMPART_DATA_DIR", "RAMPART_RESOURCES"})
            qunsetenv(name);
        for (const auto &[name, value] : m_saved)
            qputenv(name, value);
    }

private:
    std::vector<std::pair<const char *, QByteArray>> m_saved;
};

/// A prefix laid out as `cmake --install` lays it out: PREFIX/bin and PREFIX/share/rampart/plans.
QString makeInstalledPrefix(const QTemporaryDir &dir)
{
    const QString prefix = dir.filePath(QStringLiteral("usr"));
    EXPECT_TRUE(QDir().mkpath(prefix + QStringLiteral("/bin")));
    EXPECT_TRUE(QDir().mkpath(prefix + QStringLiteral("/share/rampart/plans")));
    return prefix;
}

} // namespace

TEST(DataPaths, EnvironmentVariableWinsOverEveryOtherRule)
{
    CleanEnvironment env;
    QTemporaryDir dir;
    const QString prefix = makeInstalledPrefix(dir);
    qputenv("RAMPART_DATA_DIR", QFile::encodeName(dir.path() + QStringLiteral("/elsewhere/")));
    const io::DataDirectory found = io::findDataDirectory(prefix + QStringLiteral("/bin"));
    EXPECT_EQ(found.source, io::DataDirectorySource::Environment);
    EXPECT_EQ(found.path, QDir::cleanPath(dir.path() + QStringLiteral("/elsewhere")));
}

TEST(DataPaths, OlderResourcesVariableIsStillHonoured)
{
    CleanEnvironment env;
    qputenv("RAMPART_RESOURCES", "/opt/rampart-data");
    EXPECT_EQ(io::findDataDirectory().path, QStringLiteral("/opt/rampart-data"));
    EXPECT_EQ(io::findDataDirectory().source, io::DataDirectorySource::Environment);
}

TEST(DataPaths, EmptyEnvironmentVariableIsIgnored)
{
    CleanEnvironment env;
    qputenv("RAMPART_DATA_DIR", "");
    EXPECT_NE(io::findDataDirectory().source, io::DataDirectorySource::Environment);
}

// The bug this lookup fixes: an installed program read the source tree it was built from
// whenever that tree still existed, so the installed plans and examples were never used.
TEST(DataPaths, InstalledProgramPrefersItsOwnShareDirectoryOverTheSourceTree)
{
    CleanEnvironment env;
    QTemporaryDir dir;
    const QString prefix = makeInstalledPrefix(dir);
    const io::DataDirectory found = io::findDataDirectory(prefix + QStringLiteral("/bin"));
    EXPECT_EQ(found.source, io::DataDirectorySource::BesideExecutable);
    EXPECT_EQ(found.path, QDir::cleanPath(prefix + QStringLiteral("/share/rampart")));
    EXPECT_EQ(io::dataDirectorySourceName(found.source), QStringLiteral("installed"));
}

TEST(DataPaths, ShareDirectoryWithoutPlansIsNotTakenForAnInstallation)
{
    CleanEnvironment env;
    QTemporaryDir dir;
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("usr/bin"))));
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("usr/share/rampart/examples"))));
    const io::DataDirectory found = io::findDataDirectory(dir.filePath(QStringLiteral("usr/bin")));
    EXPECT_NE(found.source, io::DataDirectorySource::BesideExecutable);
}

TEST(DataPaths, DevelopmentBuildFindsTheSourceTreesResources)
{
    CleanEnvironment env;
    QTemporaryDir dir; // an executable directory with no share/rampart next to it
    const io::DataDirectory found = io::findDataDirectory(dir.path());
    ASSERT_EQ(found.source, io::DataDirectorySource::SourceTree);
    EXPECT_TRUE(QFileInfo(found.path + QStringLiteral("/plans/documentation-keeper.json")).isFile());
    EXPECT_TRUE(found.path.endsWith(QStringLiteral("/resources")));
}

TEST(DataPaths, DataFileJoinsTheRelativePath)
{
    CleanEnvironment env;
    qputenv("RAMPART_DATA_DIR", "/srv/rampart");
    EXPECT_EQ(io::dataFile(QStringLiteral("plans/documentation-keeper.json")),
              QStringLiteral("/srv/rampart/plans/documentation-keeper.json"));
}

TEST(DataPaths, EverySourceHasAName)
{
    for (auto s : {io::DataDirectorySource::Environment, io::DataDirectorySource::BesideExecutable,
                   io::DataDirectorySource::SourceTree, io::DataDirectorySource::ConfiguredPrefix})
        EXPECT_FALSE(io::dataDirectorySourceName(s).isEmpty());
}
