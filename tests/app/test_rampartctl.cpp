// Black-box tests of `rampartctl stats`: one JSON object on stdout and exit 0 on success;
// on bad input exit 2, nothing on stdout and one JSON error object on stderr.

#include "clirun.h"

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cmath>

using rampart::testing::CliRun;
using rampart::testing::jsonObject;

namespace {

CliRun rampartctl(const QStringList &arguments, const QByteArray &input = {})
{
    return rampart::testing::runRampartctl(arguments, input);
}

QJsonObject object(const QByteArray &text)
{
    return jsonObject(text);
}

void expectBadInput(const CliRun &run, const char *code, const char *field)
{
    rampart::testing::expectCliError(run, code, field);
}

} // namespace

TEST(Rampartctl, SampleSizeFromJsonArgument)
{
    const CliRun run = rampartctl({QStringLiteral("stats"), QStringLiteral("sample-size"), QStringLiteral("--json"),
                                QStringLiteral(R"({"effect_size":0.1,"power":0.8,"alpha":0.05})")});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.err.isEmpty());
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05) = 1570.73
    EXPECT_EQ(object(run.out).value(QStringLiteral("minimum_sample_size")).toDouble(), 1571.0);
}

TEST(Rampartctl, RequestOnStandardInput)
{
    const CliRun run = rampartctl({QStringLiteral("stats"), QStringLiteral("welch-t")},
                               R"({"a":{"n":120,"mean":4.4,"sd":0.9},"b":{"n":380,"mean":4.1,"sd":1.1}})");
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    // scipy.stats.ttest_ind_from_stats(4.4, 0.9, 120, 4.1, 1.1, 380, equal_var=False)
    EXPECT_NEAR(object(run.out).value(QStringLiteral("t")).toDouble(), 3.009917382422093, 1e-6 * 3.01);
}

TEST(Rampartctl, BadValueIsExitTwoWithJsonError)
{
    expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("power"), QStringLiteral("--json"),
                               QStringLiteral(R"({"effect_size":0.1,"n_a":100,"alpha":1.5})")}),
                   "invalid_argument", "alpha");
}

TEST(Rampartctl, InvalidJsonIsExitTwo)
{
    expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("srm"), QStringLiteral("--json"),
                               QStringLiteral(R"({"observed":[1,2],)")}),
                   "invalid_json", "");
}

TEST(Rampartctl, NaNLiteralIsRejectedNotComputed)
{
    expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("welch-t"), QStringLiteral("--json"),
                               QStringLiteral(R"({"a":{"n":10,"mean":NaN,"sd":1},"b":{"n":10,"mean":1,"sd":1}})")}),
                   "invalid_json", "");
}

TEST(Rampartctl, UnknownStatsCommand)
{
    expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("anova"), QStringLiteral("--json"), QStringLiteral("{}")}),
                   "unknown_command", "command");
}

TEST(Rampartctl, UnknownTopLevelCommand)
{
    expectBadInput(rampartctl({QStringLiteral("deploy")}), "unknown_command", "command");
}

TEST(Rampartctl, MissingRequestIsAUsageError)
{
    expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("srm")}), "usage", "");
}

TEST(Rampartctl, HelpListsEveryCommand)
{
    const CliRun run = rampartctl({QStringLiteral("stats"), QStringLiteral("--help")});
    EXPECT_EQ(run.exitCode, 0);
    for (const char *name : {"welch-t", "student-t", "chi2", "fisher", "proportions-z", "mann-whitney", "sample-size",
                             "power", "mde", "srm", "adjust", "boundaries"})
        EXPECT_TRUE(run.out.contains(name)) << name;
}

TEST(Rampartctl, BareCommandsAreUsageErrorsOnStderr)
{
    expectBadInput(rampartctl({}), "usage", "");
    expectBadInput(rampartctl({QStringLiteral("stats")}), "usage", "");
}

TEST(Rampartctl, StrictJsonNumbersLeadingOrTrailingDotIsInvalidJson)
{
    // Issue 8 item 13: ".5" and "1." were accepted as numbers.
    for (const char *request : {R"({"effect_size":.5,"n_a":10})", R"({"effect_size":1.,"n_a":10})"})
        expectBadInput(rampartctl({QStringLiteral("stats"), QStringLiteral("power"), QStringLiteral("--json"),
                                   QString::fromLatin1(request)}),
                       "invalid_json", "");
}

TEST(Rampartctl, StandardInputBeyondTheLimitIsRefused)
{
    // `stats power < /dev/zero` read for ever; now standard input stops at 8 MiB.
    const CliRun run = rampartctl({QStringLiteral("stats"), QStringLiteral("power")}, QByteArray(8 * 1024 * 1024 + 1, ' '));
    expectBadInput(run, "io_error", "");
}

TEST(Rampartctl, HostileStatsRequestsAnswerOrRefuseCleanly)
{
    // Issue 8 items 10-12, through the real executable (no abort, no hang, no garbage).
    const std::pair<const char *, const char *> requests[] = {
        {"sample-size", R"({"effect_size":100000})"},
        {"power", R"({"effect_size":0.1,"n_a":1e12})"},
        {"mde", R"({"n_a":1000,"ratio":1e308})"},
        {"sample-size", R"({"effect_size":0.1,"ratio":1e20})"},
        {"fisher", R"({"table":[[9007199254740992,9007199254740992],[9007199254740992,9007199254740992]]})"},
    };
    for (const auto &[command, request] : requests) {
        const CliRun run = rampartctl({QStringLiteral("stats"), QString::fromLatin1(command), QStringLiteral("--json"),
                                       QString::fromLatin1(request)});
        EXPECT_EQ(run.exitCode, 2) << command << " " << request << ": " << run.err.constData();
        EXPECT_TRUE(run.out.isEmpty()) << run.out.constData();
        EXPECT_TRUE(object(run.err).contains(QStringLiteral("error"))) << run.err.constData();
    }
}

TEST(Rampartctl, DecideWithAnEmptyPlanPathPrintsOnlyTheJsonError)
{
    // Issue 8 item 13: a Qt warning line came before the JSON error.
    const CliRun run = rampartctl({QStringLiteral("decide"), QStringLiteral("--plan"), QString(),
                                   QStringLiteral("--evidence"), QStringLiteral("/nonexistent.json")});
    expectBadInput(run, "io_error", "");
    EXPECT_EQ(run.err.count('\n'), 1) << run.err.constData();
}

TEST(Rampartctl, PlanValidateRefusesDevicesAtOnce)
{
    // Issue 8 item 11: `plan validate /dev/zero` read without limit.
    for (const char *device : {"/dev/zero", "/dev/urandom"})
        expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), QString::fromLatin1(device)}),
                       "io_error", "");
}
