#pragma once

// Black-box runs of rampartctl for the CLI tests. The including target defines
// RAMPARTCTL_PATH (the executable) as a compile definition.

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace rampart::testing {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs rampartctl with `arguments`, `input` on its standard input and `environment`.
inline CliRun runRampartctl(const QStringList &arguments, const QByteArray &input = {},
                            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RAMPARTCTL_PATH), arguments);
    EXPECT_TRUE(process.waitForStarted(10000));
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    EXPECT_TRUE(process.waitForFinished(60000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit) << "rampartctl crashed";
    return CliRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

/// The JSON object a run printed (on stdout or stderr); records a failure if it is not one.
inline QJsonObject jsonObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << text.constData();
    EXPECT_TRUE(document.isObject()) << text.constData();
    return document.object();
}

/// The CLI contract for bad input: the exit code, nothing on stdout, and one JSON error
/// object on stderr with this code and field and a sentence.
inline void expectCliError(const CliRun &run, const char *code, const char *field, int exitCode = 2)
{
    EXPECT_EQ(run.exitCode, exitCode) << run.err.constData();
    EXPECT_TRUE(run.out.isEmpty()) << run.out.constData();
    const QJsonObject error = jsonObject(run.err);
    EXPECT_EQ(error.value(QStringLiteral("error")).toString().toStdString(), code) << run.err.constData();
    EXPECT_EQ(error.value(QStringLiteral("field")).toString().toStdString(), field) << run.err.constData();
    EXPECT_FALSE(error.value(QStringLiteral("message")).toString().isEmpty());
}

} // namespace rampart::testing
