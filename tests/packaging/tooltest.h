#pragma once
// Running the external tools the packaging tests check with (desktop-file-validate,
// appstreamcli, rsvg-convert, groff, systemd-analyze, cmake): Debian packages listed in
// RAMPART_PACKAGING_PACKAGES (scripts/lib/common.sh), installed by scripts/test.

#include <gtest/gtest.h>

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace rampart::testing {

struct ToolRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ToolRun runTool(const QString &program, const QStringList &arguments,
                       const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                       int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    EXPECT_TRUE(process.waitForStarted(10000)) << program.toStdString();
    process.closeWriteChannel();
    EXPECT_TRUE(process.waitForFinished(timeoutMs)) << program.toStdString();
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit) << program.toStdString() << " crashed";
    return ToolRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

/// The tool's path, or empty (the caller skips, naming the Debian package to install).
inline QString findTool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

} // namespace rampart::testing

#define RAMPART_REQUIRE_TOOL(var, name, package)                                                              \
    const QString var = rampart::testing::findTool(name);                                                    \
    if (var.isEmpty())                                                                                        \
    GTEST_SKIP() << name << " is not installed (Debian package " << package << "; scripts/test installs it)"
