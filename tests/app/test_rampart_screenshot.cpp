// The real `rampart` binary: --screenshot renders every page offscreen in both languages;
// bad options are refused with exit code 2. And one smoke run under Xvfb with the xcb
// platform, so a missing platform dependency of the real window is caught.

#include <gtest/gtest.h>

#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {

struct GuiRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

GuiRun runRampart(const QStringList &arguments, const QString &program = QStringLiteral(RAMPART_PATH),
               const QString &platform = QStringLiteral("offscreen"))
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    QTemporaryDir home; // own settings, never the developer's
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    EXPECT_TRUE(process.waitForStarted(10000));
    EXPECT_TRUE(process.waitForFinished(120000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit) << "rampart crashed";
    return GuiRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

const char *const Pages[] = {"rollout", "cohorts", "signoff", "planner", "history", "audit", "settings"};

} // namespace

TEST(RampartScreenshot, EveryPageRendersInPolishAndEnglish)
{
    QTemporaryDir dir;
    for (const char *page : Pages) {
        QImage images[2];
        int i = 0;
        for (const char *lang : {"pl", "en"}) {
            SCOPED_TRACE(std::string(page) + " " + lang);
            const QString file = dir.filePath(QStringLiteral("%1_%2.png").arg(QLatin1String(page), QLatin1String(lang)));
            const GuiRun run = runRampart({QStringLiteral("--screenshot"), file, QStringLiteral("--page"), QLatin1String(page),
                                        QStringLiteral("--lang"), QLatin1String(lang), QStringLiteral("--size"),
                                        QStringLiteral("1024x700")});
            ASSERT_EQ(run.exitCode, 0) << run.err.constData();
            EXPECT_EQ(run.out.trimmed(), file.toUtf8());
            images[i] = QImage(file);
            ASSERT_FALSE(images[i].isNull());
            EXPECT_EQ(images[i].size(), QSize(1024, 700));
            ++i;
        }
        EXPECT_NE(images[0], images[1]) << page << ": the Polish and English renderings are identical";
    }
}

TEST(RampartScreenshot, EachExampleScenarioRenders)
{
    QTemporaryDir dir;
    for (const char *scenario : {"advance", "guardrail-breach", "insufficient-sample", "srm"}) {
        const QString file = dir.filePath(QLatin1String(scenario) + QStringLiteral(".png"));
        const GuiRun run = runRampart({QStringLiteral("--screenshot"), file, QStringLiteral("--scenario"), QLatin1String(scenario),
                                    QStringLiteral("--lang"), QStringLiteral("en")});
        EXPECT_EQ(run.exitCode, 0) << scenario << ": " << run.err.constData();
        EXPECT_TRUE(QFileInfo(file).size() > 10000) << scenario;
    }
}

TEST(RampartScreenshot, BadOptionsAreRefused)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("x.png"));
    GuiRun run = runRampart({QStringLiteral("--screenshot"), file, QStringLiteral("--page"), QStringLiteral("nowhere")});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_TRUE(run.err.contains("unknown page")) << run.err.constData();
    run = runRampart({QStringLiteral("--screenshot"), file, QStringLiteral("--lang"), QStringLiteral("de")});
    EXPECT_EQ(run.exitCode, 2);
    run = runRampart({QStringLiteral("--screenshot"), file, QStringLiteral("--scenario"), QStringLiteral("nonexistent")});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_FALSE(QFileInfo::exists(file));
}

TEST(RampartSmoke, StartsUnderXvfbWithTheXcbPlatform)
{
    const QString xvfbRun = QStandardPaths::findExecutable(QStringLiteral("xvfb-run"));
    ASSERT_FALSE(xvfbRun.isEmpty()) << "xvfb-run is missing: install the xvfb package (scripts/lib/common.sh lists it)";
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("xcb.png"));
    const GuiRun run = runRampart({QStringLiteral("-a"), QStringLiteral("-s"), QStringLiteral("-screen 0 1280x1024x24"),
                                QStringLiteral(RAMPART_PATH), QStringLiteral("--screenshot"), file, QStringLiteral("--page"),
                                QStringLiteral("rollout"), QStringLiteral("--lang"), QStringLiteral("en")},
                               xvfbRun, QStringLiteral("xcb"));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QImage image(file);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1280, 860));
}
