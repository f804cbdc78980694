// End to end: `rampartctl demo play` plays the demo rollout to completion through the real
// controller against the simulator, `rampartctl serve` starts on that workspace, and the
// operators' runbook calls (../shared/runbook-checks.sh) all pass against it. Needs the
// test Redis (scripts/test starts it) and the shared runbook script; skipped without them.

#include "clirun.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

namespace {

QString runbookScript()
{
    if (const char *dir = std::getenv("RAMPART_SHARED_DIR"))
        return QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("runbook-checks.sh"));
    return QDir(QStringLiteral(RAMPART_SOURCE_DIR "/../shared")).absoluteFilePath(QStringLiteral("runbook-checks.sh"));
}

/// A background rampartctl whose first stdout line is its {"type":"listening",…} object.
struct Background
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QJsonObject listening;
    ~Background()
    {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(2000);
        }
    }
};

void startBackground(Background &b, const QStringList &arguments, const QProcessEnvironment &env)
{
    b.process->setProcessEnvironment(env);
    b.process->start(QStringLiteral(RAMPARTCTL_PATH), arguments);
    ASSERT_TRUE(b.process->waitForStarted(10000));
    for (int i = 0; i < 100 && !b.process->canReadLine(); ++i)
        b.process->waitForReadyRead(100);
    const QByteArray line = b.process->readLine();
    b.listening = QJsonDocument::fromJson(line).object();
    ASSERT_EQ(b.listening.value(QStringLiteral("type")).toString(), QStringLiteral("listening"))
        << line.constData() << b.process->readAllStandardError().constData();
}

TEST(ServeRunbook, DemoRolloutPlayedToCompletionPassesEveryRunbookCheck)
{
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed (scripts/test starts Redis)";
    const QString script = runbookScript();
    if (!QFileInfo::exists(script))
        GTEST_SKIP() << "The runbook checks are not here: " << script.toStdString()
                     << " (they live in ../shared next to the clone; RAMPART_SHARED_DIR overrides)";

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString url = QString::fromLocal8Bit(redis);
    url = url.left(url.lastIndexOf(QLatin1Char('/'))) + QStringLiteral("/7"); // a database of its own
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), url);
    if (const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD"))
        env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(password));
    env.remove(QStringLiteral("RAMPART_DATABASE_URL"));
    env.remove(QStringLiteral("RAMPART_PROMETHEUS_URL"));
    {
        QProcess flush; // the flag from an earlier run of this test
        flush.start(QStringLiteral("redis-cli"), {QStringLiteral("-u"), url, QStringLiteral("--no-auth-warning"),
                                                  QStringLiteral("-a"), env.value(QStringLiteral("RAMPART_REDIS_PASSWORD")),
                                                  QStringLiteral("flushdb")});
        flush.waitForFinished(10000);
    }
    const QString plan = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");
    const QString workspace = dir.filePath(QStringLiteral("demo.rampart"));

    QProcess play;
    play.setProcessEnvironment(env);
    play.start(QStringLiteral(RAMPARTCTL_PATH), {QStringLiteral("demo"), QStringLiteral("play"), QStringLiteral("--plan"), plan,
                                                  QStringLiteral("--workspace"), workspace});
    ASSERT_TRUE(play.waitForFinished(600000));
    const QByteArray playOut = play.readAllStandardOutput();
    ASSERT_EQ(play.exitCode(), 0) << playOut.constData() << play.readAllStandardError().constData();
    const QByteArray last = playOut.trimmed().split('\n').last();
    const QJsonObject summary = QJsonDocument::fromJson(last).object();
    EXPECT_EQ(summary.value(QStringLiteral("status")).toString(), QStringLiteral("completed")) << last.constData();
    EXPECT_EQ(summary.value(QStringLiteral("advances")).toInt(), 4);

    Background telemetry;
    startBackground(telemetry, {QStringLiteral("demo"), QStringLiteral("telemetry"), QStringLiteral("--plan"), plan}, env);
    ASSERT_FALSE(HasFatalFailure());
    env.insert(QStringLiteral("RAMPART_PROMETHEUS_URL"), telemetry.listening.value(QStringLiteral("telemetry")).toString());

    const QString tokens = dir.filePath(QStringLiteral("tokens")), token = dir.filePath(QStringLiteral("operator.token"));
    {
        QFile t(tokens), o(token);
        ASSERT_TRUE(t.open(QIODevice::WriteOnly) && o.open(QIODevice::WriteOnly));
        t.write("operator runbook-operator runbook-operator-token-01\n");
        o.write("runbook-operator-token-01");
        t.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // raw tokens: 0600
    }
    Background serve;
    startBackground(serve, {QStringLiteral("serve"), QStringLiteral("--plan"), plan, QStringLiteral("--workspace"), workspace,
                            QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--flag-listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--tokens"), tokens},
                    env);
    ASSERT_FALSE(HasFatalFailure());

    QProcess checks;
    checks.start(QStringLiteral("bash"), {script, serve.listening.value(QStringLiteral("api")).toString(),
                                          serve.listening.value(QStringLiteral("flags")).toString(), token});
    ASSERT_TRUE(checks.waitForFinished(120000));
    const QByteArray out = checks.readAllStandardOutput();
    EXPECT_EQ(checks.exitCode(), 0) << out.constData();
    EXPECT_NE(out.indexOf("11 passed, 0 failed"), -1) << out.constData();
    EXPECT_EQ(out.indexOf("FAIL"), -1) << out.constData();
}

} // namespace
