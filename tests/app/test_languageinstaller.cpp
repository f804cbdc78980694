// LanguageInstaller (app/rampart/windowhost.h) loads the data directory's translation first
// and the one embedded in the program otherwise (docs/packaging.md): an installed .qm can be
// corrected without a rebuild.

#include "windowhost.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using rampart::console::LanguageInstaller;

namespace {

/// RAMPART_DATA_DIR for one test, restored afterwards.
class DataDirOverride
{
public:
    explicit DataDirOverride(const QString &dir)
        : m_had(qEnvironmentVariableIsSet("RAMPART_DATA_DIR")), m_old(qgetenv("RAMPART_DATA_DIR"))
    {
        qputenv("RAMPART_DATA_DIR", QFile::encodeName(dir));
    }
    ~DataDirOverride()
    {
        if (m_had)
            qputenv("RAMPART_DATA_DIR", m_old);
        else
            qunsetenv("RAMPART_DATA_DIR");
    }

private:
    bool m_had;
    QByteArray m_old;
};

/// Compiles a one-message Polish translation ("Roll back" in context Wording) with lrelease.
bool writeMarkerTranslation(const QString &qmFile, const QString &marker)
{
    const QString ts = qmFile + QStringLiteral(".ts");
    QFile f(ts);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(QStringLiteral("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n"
                           "<TS version=\"2.1\" language=\"pl_PL\" sourcelanguage=\"en\">\n"
                           "<context><name>Wording</name><message><source>Roll back</source>"
                           "<translation>%1</translation></message></context>\n</TS>\n")
                .arg(marker)
                .toUtf8());
    f.close();
    QProcess lrelease;
    lrelease.start(QStringLiteral(LRELEASE_PATH), {QStringLiteral("-silent"), ts, QStringLiteral("-qm"), qmFile});
    return lrelease.waitForFinished(30000) && lrelease.exitCode() == 0 && QFile::exists(qmFile);
}

QString rollBack()
{
    return QCoreApplication::translate("Wording", "Roll back");
}

} // namespace

TEST(LanguageInstaller, EmbeddedPolishWhenTheDataDirectoryHasNoTranslations)
{
    QTemporaryDir dir;
    DataDirOverride data(dir.path());
    LanguageInstaller languages;
    languages.install(QStringLiteral("pl"));
    EXPECT_EQ(rollBack(), QStringLiteral("Wycofaj"));
}

TEST(LanguageInstaller, DataDirectoryTranslationComesBeforeTheEmbeddedOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("translations"))));
    ASSERT_TRUE(writeMarkerTranslation(dir.filePath(QStringLiteral("translations/rampart_pl.qm")),
                                       QStringLiteral("Wycofaj (z katalogu danych)")));
    DataDirOverride data(dir.path());
    LanguageInstaller languages;
    languages.install(QStringLiteral("pl"));
    EXPECT_EQ(rollBack(), QStringLiteral("Wycofaj (z katalogu danych)"));
    languages.install(QStringLiteral("en"));
    EXPECT_EQ(rollBack(), QStringLiteral("Roll back"));
}

TEST(LanguageInstaller, UnreadableDataDirectoryTranslationFallsBackToTheEmbeddedOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir().mkpath(dir.filePath(QStringLiteral("translations"))));
    QFile broken(dir.filePath(QStringLiteral("translations/rampart_pl.qm")));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("not a qm file");
    broken.close();
    DataDirOverride data(dir.path());
    LanguageInstaller languages;
    languages.install(QStringLiteral("pl"));
    EXPECT_EQ(rollBack(), QStringLiteral("Wycofaj"));
}
