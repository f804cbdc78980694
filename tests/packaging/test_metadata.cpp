// The desktop metadata, icons and man pages as a distribution checks them:
// desktop-file-validate, appstreamcli validate, the PNGs re-rendered from the SVG with
// rsvg-convert, groff's warnings, and the gzip Debian installs man pages with.

#include "tooltest.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

using rampart::testing::runTool;
using rampart::testing::ToolRun;

namespace {

const QString sourceDir = QStringLiteral(RAMPART_SOURCE_DIR);

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

quint32 bigEndian32(const QByteArray &bytes, int at)
{
    return (quint32(quint8(bytes[at])) << 24) | (quint32(quint8(bytes[at + 1])) << 16)
           | (quint32(quint8(bytes[at + 2])) << 8) | quint32(quint8(bytes[at + 3]));
}

const QList<int> iconSizes = {16, 22, 24, 32, 48, 64, 128, 256};

} // namespace

TEST(DesktopMetadata, DesktopEntryIsValid)
{
    RAMPART_REQUIRE_TOOL(validate, "desktop-file-validate", "desktop-file-utils");
    const ToolRun run = runTool(validate, {sourceDir + QStringLiteral("/resources/desktop/rampart.desktop")});
    EXPECT_EQ(run.exitCode, 0) << run.out.constData() << run.err.constData();
    EXPECT_TRUE(run.out.isEmpty()) << "warnings: " << run.out.constData();
}

TEST(DesktopMetadata, DesktopEntryStartsTheConsoleWithItsIcon)
{
    const QByteArray entry = readFile(sourceDir + QStringLiteral("/resources/desktop/rampart.desktop"));
    EXPECT_TRUE(entry.contains("\nExec=rampart\n"));
    EXPECT_TRUE(entry.contains("\nIcon=rampart\n"));
    EXPECT_TRUE(entry.contains("\nComment[pl]="));
}

TEST(DesktopMetadata, MetainfoValidates)
{
    RAMPART_REQUIRE_TOOL(appstream, "appstreamcli", "appstream");
    const ToolRun run = runTool(appstream, {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                            sourceDir + QStringLiteral("/resources/desktop/org.rampart.Rampart.metainfo.xml")});
    EXPECT_EQ(run.exitCode, 0) << run.out.constData() << run.err.constData();
}

TEST(DesktopMetadata, MetainfoNamesTheDesktopEntryAndTheProjectVersion)
{
    const QString xml = QString::fromUtf8(readFile(sourceDir + QStringLiteral("/resources/desktop/org.rampart.Rampart.metainfo.xml")));
    EXPECT_TRUE(xml.contains(QStringLiteral("<id>org.rampart.Rampart</id>")));
    EXPECT_TRUE(xml.contains(QStringLiteral("<launchable type=\"desktop-id\">rampart.desktop</launchable>")));
    // The newest release listed is the version CMake builds (project(Rampart VERSION ...)).
    const QRegularExpressionMatch first = QRegularExpression(QStringLiteral("<release version=\"([^\"]+)\"")).match(xml);
    ASSERT_TRUE(first.hasMatch());
    EXPECT_EQ(first.captured(1), QStringLiteral(RAMPART_EXPECTED_VERSION));
}

TEST(DesktopIcons, PngsHaveTheirSizes)
{
    for (int size : iconSizes) {
        const QString path = sourceDir + QStringLiteral("/resources/icons/hicolor/%1x%1/apps/rampart.png").arg(size);
        const QByteArray png = readFile(path);
        ASSERT_GE(png.size(), 24) << path.toStdString();
        EXPECT_TRUE(png.startsWith("\x89PNG\r\n\x1a\n")) << path.toStdString();
        EXPECT_EQ(bigEndian32(png, 16), quint32(size)) << "width of " << path.toStdString();
        EXPECT_EQ(bigEndian32(png, 20), quint32(size)) << "height of " << path.toStdString();
    }
}

TEST(DesktopIcons, PngsAreRenderedFromTheSvg)
{
    RAMPART_REQUIRE_TOOL(rsvg, "rsvg-convert", "librsvg2-bin");
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const ToolRun run = runTool(QStringLiteral("bash"), {sourceDir + QStringLiteral("/packaging/render-icons.sh"), dir.path()});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    for (int size : iconSizes) {
        const QString relative = QStringLiteral("/%1x%1/apps/rampart.png").arg(size);
        EXPECT_EQ(readFile(dir.path() + relative), readFile(sourceDir + QStringLiteral("/resources/icons/hicolor") + relative))
            << relative.toStdString() << " differs from the SVG: run packaging/render-icons.sh";
    }
}

TEST(ManPages, FormatWithoutWarnings)
{
    RAMPART_REQUIRE_TOOL(groff, "groff", "groff-base");
    for (const char *page : {"rampartctl.1", "rampart.1"}) {
        const ToolRun run = runTool(groff, {QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"), QStringLiteral("-Tutf8"),
                                            QStringLiteral(RAMPART_MAN_DIR "/") + QLatin1String(page)});
        EXPECT_EQ(run.exitCode, 0) << page;
        EXPECT_TRUE(run.err.isEmpty()) << page << ": " << run.err.constData();
    }
}

// man(1) feeds pages to troff without preconv: a non-ASCII byte (an em dash) is an
// "invalid input character" warning there, so the pages stay ASCII (bug found by `man -l`).
TEST(ManPages, AreAsciiOnly)
{
    for (const char *name : {"rampartctl.1", "rampart.1"}) {
        const QByteArray page = readFile(QStringLiteral(RAMPART_MAN_DIR "/") + QLatin1String(name));
        ASSERT_FALSE(page.isEmpty()) << name;
        for (qsizetype i = 0; i < page.size(); ++i)
            ASSERT_LT(quint8(page[i]), 0x80) << name << " byte " << i;
    }
}

TEST(ManPages, CarryTheProjectVersionAndEveryCommand)
{
    const QByteArray page = readFile(QStringLiteral(RAMPART_MAN_DIR "/rampartctl.1"));
    EXPECT_TRUE(page.contains("\"Rampart " RAMPART_EXPECTED_VERSION "\""));
    for (const char *command : {"stats", "plan validate", "plan show", "decide", "watch", "serve", "flag get", "ingest",
                                "audit verify", "archive export", "simulate", "demo play"})
        EXPECT_TRUE(page.contains(command)) << command;
}

TEST(ManPages, AreGzippedReproduciblyAsDebianInstallsThem)
{
    RAMPART_REQUIRE_TOOL(gzip, "gzip", "gzip");
    for (const char *page : {"rampartctl.1", "rampart.1"}) {
        const QString plain = QStringLiteral(RAMPART_MAN_DIR "/") + QLatin1String(page);
        const QByteArray gz = readFile(plain + QStringLiteral(".gz"));
        ASSERT_GE(gz.size(), 10) << page;
        EXPECT_EQ(quint8(gz[0]), 0x1f);
        EXPECT_EQ(quint8(gz[1]), 0x8b);
        EXPECT_EQ(quint8(gz[3]) & 0x08, 0) << page << ": gzip -n stores no file name";
        EXPECT_EQ(gz.mid(4, 4), QByteArray(4, '\0')) << page << ": gzip -n stores no time stamp";
        const ToolRun run = runTool(gzip, {QStringLiteral("-dc"), plain + QStringLiteral(".gz")});
        EXPECT_EQ(run.exitCode, 0);
        EXPECT_EQ(run.out, readFile(plain)) << page;
    }
}
