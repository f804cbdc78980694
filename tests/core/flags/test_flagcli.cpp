// Black-box `rampartctl flag get|set|rollback` through QProcess: JSON on stdout and exit 0
// on success; one JSON error on stderr and exit 2 (bad input), 3 (version conflict) or 4
// (Redis unreachable or not configured). Needs RAMPART_TEST_REDIS_URL for the Redis cases.

#include "flags/redisflagstore.h"
#include "redistestsupport.h"

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

using namespace rampart::flags::testing;

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs rampartctl with RAMPART_REDIS_URL/_PASSWORD set (or removed when url is empty) and an
/// empty config directory, so the developer's own config cannot leak in.
CliRun rampartctl(const QStringList &arguments, const std::string &url, const std::string &password = {})
{
    static QTemporaryDir configHome;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), configHome.path()); // the audit outbox, if used
    for (const char *name : {"RAMPART_REDIS_URL", "RAMPART_REDIS_PASSWORD", "RAMPART_REDIS_PASSWORD_FILE"})
        environment.remove(QString::fromLatin1(name));
    if (!url.empty())
        environment.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromStdString(url));
    if (!password.empty())
        environment.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromStdString(password));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RAMPARTCTL_PATH), QStringList{QStringLiteral("flag")} + arguments);
    EXPECT_TRUE(process.waitForStarted(10000));
    process.closeWriteChannel();
    EXPECT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitStatus(), QProcess::NormalExit) << "rampartctl crashed";
    return CliRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

CliRun rampartctl(const QStringList &arguments, const RedisTarget &target)
{
    return rampartctl(arguments, target.url, target.password);
}

QJsonObject object(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << text.constData();
    return document.object();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

/// The failure contract: nothing on stdout, a JSON error with this code on stderr.
void expectFailure(const CliRun &run, int exitCode, const char *code)
{
    EXPECT_EQ(run.exitCode, exitCode) << run.err.constData();
    EXPECT_TRUE(run.out.isEmpty()) << run.out.constData();
    const QJsonObject error = object(run.err);
    EXPECT_EQ(str(error, "error").toStdString(), code) << run.err.constData();
    EXPECT_FALSE(str(error, "message").isEmpty());
}

#define REQUIRE_TEST_REDIS(target)                                                                         \
    const auto target##Opt = sharedTestRedis();                                                            \
    if (!target##Opt)                                                                                      \
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is not set; run scripts/test to start a Redis";            \
    const RedisTarget &target = *target##Opt

const QString by = QStringLiteral("--by"), reason = QStringLiteral("--reason");

} // namespace

TEST(FlagCli, SetThenGetPrintsTheFlagAsJson)
{
    REQUIRE_TEST_REDIS(target);
    const QString flag = QString::fromStdString(uniqueFlagName("cli"));
    const CliRun set = rampartctl({QStringLiteral("set"), flag, QStringLiteral("25%"), by, QStringLiteral("alice"), reason,
                                   QStringLiteral("gates passed"), QStringLiteral("--expect-version"), QStringLiteral("0")},
                                  target);
    ASSERT_EQ(set.exitCode, 0) << set.err.constData();
    EXPECT_TRUE(set.err.isEmpty());
    const QJsonObject written = object(set.out);
    EXPECT_EQ(str(written, "flag"), flag);
    EXPECT_EQ(written.value(QStringLiteral("percentage")).toDouble(), 25.0);
    EXPECT_EQ(str(written, "stage"), QStringLiteral("25%"));
    EXPECT_EQ(written.value(QStringLiteral("version")).toInteger(), 1);
    EXPECT_EQ(str(written, "updated_by"), QStringLiteral("alice"));
    EXPECT_EQ(str(written, "reason"), QStringLiteral("gates passed"));
    EXPECT_TRUE(str(written, "updated_at").endsWith(QLatin1Char('Z')));

    // A write is audited (here into the outbox: the child has no database configured).
    QJsonObject flagOnly = written;
    const QJsonObject audit = flagOnly.take(QStringLiteral("audit")).toObject();
    EXPECT_TRUE(audit.value(QStringLiteral("queued")).toBool() || audit.value(QStringLiteral("stored")).toBool());

    const CliRun get = rampartctl({QStringLiteral("get"), flag}, target);
    ASSERT_EQ(get.exitCode, 0) << get.err.constData();
    EXPECT_EQ(object(get.out), flagOnly);

    const CliRun rollback = rampartctl({QStringLiteral("rollback"), flag, by, QStringLiteral("bob"), reason,
                                        QStringLiteral("error rate up")},
                                       target);
    ASSERT_EQ(rollback.exitCode, 0) << rollback.err.constData();
    const QJsonObject rolled = object(rollback.out);
    EXPECT_EQ(rolled.value(QStringLiteral("percentage")).toDouble(), 0.0);
    EXPECT_EQ(str(rolled, "stage"), QStringLiteral("rollback"));
    EXPECT_EQ(rolled.value(QStringLiteral("version")).toInteger(), 2);
}

TEST(FlagCli, StaleExpectVersionIsExitThree)
{
    REQUIRE_TEST_REDIS(target);
    const QString flag = QString::fromStdString(uniqueFlagName("cli-conflict"));
    const QStringList set{QStringLiteral("set"), flag, QStringLiteral("5"), by, QStringLiteral("alice"), reason,
                          QStringLiteral("start")};
    ASSERT_EQ(rampartctl(set, target).exitCode, 0);
    ASSERT_EQ(rampartctl(set, target).exitCode, 0); // version 2
    const CliRun stale = rampartctl(set + QStringList{QStringLiteral("--expect-version"), QStringLiteral("1")}, target);
    expectFailure(stale, 3, "version_conflict");
    const QString message = str(object(stale.err), "message");
    EXPECT_TRUE(message.contains(QLatin1String("expected version 1")) && message.contains(QLatin1String("version 2")))
        << message.toStdString();
}

TEST(FlagCli, GetOfAnUnknownFlagIsExitTwo)
{
    REQUIRE_TEST_REDIS(target);
    expectFailure(rampartctl({QStringLiteral("get"), QString::fromStdString(uniqueFlagName("cli-none"))}, target), 2,
                  "flag_not_found");
}

TEST(FlagCli, WrongPasswordIsExitFour)
{
    REQUIRE_TEST_REDIS(target);
    expectFailure(rampartctl({QStringLiteral("get"), QStringLiteral("x")}, target.url, "wrong"), 4, "store_unavailable");
}

TEST(FlagCli, UnreachableRedisIsExitFourNamingTheServer)
{
    const std::string url = "redis://127.0.0.1:" + std::to_string(freePort()) + "/0";
    const CliRun run = rampartctl({QStringLiteral("rollback"), QStringLiteral("ranker"), by, QStringLiteral("alice"),
                                   reason, QStringLiteral("incident")},
                                  url);
    expectFailure(run, 4, "store_unavailable");
    EXPECT_TRUE(str(object(run.err), "message").contains(QLatin1String("127.0.0.1:"))) << run.err.constData();
}

TEST(FlagCli, NoRedisConfiguredIsExitFourNamingTheVariable)
{
    const CliRun run = rampartctl({QStringLiteral("get"), QStringLiteral("ranker")}, std::string());
    expectFailure(run, 4, "store_unavailable");
    EXPECT_TRUE(str(object(run.err), "message").contains(QLatin1String("RAMPART_REDIS_URL"))) << run.err.constData();
}

TEST(FlagCli, BadInputIsExitTwoNamingTheField)
{
    const std::string url = "redis://127.0.0.1:1/0"; // never contacted: input is checked first
    const QStringList base{QStringLiteral("set"), QStringLiteral("ranker")};
    struct Case
    {
        QStringList args;
        const char *field;
    };
    const Case cases[] = {
        {base + QStringList{QStringLiteral("150"), by, QStringLiteral("a"), reason, QStringLiteral("r")}, "percentage"},
        {base + QStringList{QStringLiteral("half"), by, QStringLiteral("a"), reason, QStringLiteral("r")}, "percentage"},
        {base + QStringList{QStringLiteral("50"), reason, QStringLiteral("r")}, "updated_by"},
        {base + QStringList{QStringLiteral("50"), by, QStringLiteral("a")}, "reason"},
        {base + QStringList{QStringLiteral("50"), by, QStringLiteral("a"), reason, QStringLiteral("r"),
                            QStringLiteral("--expect-version"), QStringLiteral("-3")},
         "expected_version"},
        {QStringList{QStringLiteral("get"), QStringLiteral("bad name")}, "flag"},
    };
    for (const Case &c : cases) {
        const CliRun run = rampartctl(c.args, url);
        expectFailure(run, 2, "invalid_argument");
        EXPECT_EQ(str(object(run.err), "field").toStdString(), c.field) << c.args.join(QLatin1Char(' ')).toStdString();
    }
    expectFailure(rampartctl({QStringLiteral("promote"), QStringLiteral("ranker")}, url), 2, "usage");
    expectFailure(rampartctl({QStringLiteral("set"), QStringLiteral("ranker")}, url), 2, "usage");
}
