// Black-box tests of `rampartctl plan validate|show`: one JSON object (or, for show, text)
// on stdout and exit 0 on success; on a bad plan exit 2, nothing on stdout and one JSON
// error object on stderr naming the JSON path.

#include "clirun.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using rampart::testing::CliRun;

namespace {

CliRun rampartctl(const QStringList &arguments)
{
    return rampart::testing::runRampartctl(arguments);
}

QJsonObject object(const QByteArray &text)
{
    return rampart::testing::jsonObject(text);
}

void expectBadInput(const CliRun &run, const char *code, const char *field)
{
    rampart::testing::expectCliError(run, code, field);
}

const QString ShippedPlan = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");

QJsonObject shippedPlanJson()
{
    QFile file(ShippedPlan);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString writeFile(const QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    return path;
}

// The shipped plan with stages[index][key] replaced (or removed when value is undefined).
QByteArray shippedWithStage(int index, const QString &key, const QJsonValue &value)
{
    QJsonObject plan = shippedPlanJson();
    QJsonArray stages = plan.value(QStringLiteral("stages")).toArray();
    QJsonObject stage = stages.at(index).toObject();
    if (value.isUndefined())
        stage.remove(key);
    else
        stage.insert(key, value);
    stages[index] = stage;
    plan.insert(QStringLiteral("stages"), stages);
    return QJsonDocument(plan).toJson();
}

} // namespace

TEST(RampartctlPlan, ValidateShippedPlan)
{
    const CliRun run = rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), ShippedPlan});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.err.isEmpty()) << run.err.constData();
    const QJsonObject out = object(run.out);
    EXPECT_EQ(out.value(QStringLiteral("valid")), QJsonValue(true));
    EXPECT_EQ(out.value(QStringLiteral("agent")).toString(), QStringLiteral("documentation-keeper"));
    EXPECT_EQ(out.value(QStringLiteral("flag")).toString(), QStringLiteral("documentation-keeper.ml-answers"));
    EXPECT_EQ(out.value(QStringLiteral("stages")).toInt(), 5);
    EXPECT_EQ(out.value(QStringLiteral("metrics")).toInt(), 5);
}

TEST(RampartctlPlan, ValidateStagesNotIncreasingNamesThePath)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = writeFile(dir, shippedWithStage(2, QStringLiteral("percentage"), 20));
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), path}), "invalid_argument",
                   "stages[2].percentage");
}

// Issue 8 item 10: an MDE of 1e5 was accepted and then crashed `decide`.
TEST(RampartctlPlan, ValidateRefusesAnEffectOf1e5)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QJsonObject plan = shippedPlanJson();
    QJsonArray metrics = plan.value(QStringLiteral("metrics")).toArray();
    QJsonObject first = metrics.at(0).toObject();
    first.insert(QStringLiteral("minimum_detectable_effect"), 1e5);
    metrics.replace(0, first);
    plan.insert(QStringLiteral("metrics"), metrics);
    const QString path = writeFile(dir, QJsonDocument(plan).toJson());
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), path}), "invalid_argument",
                   "metrics[0].minimum_detectable_effect");
}

TEST(RampartctlPlan, ValidateMissingFieldNamesThePath)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = writeFile(dir, shippedWithStage(1, QStringLiteral("percentage"), QJsonValue::Undefined));
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), path}), "missing_field",
                   "stages[1].percentage");
}

TEST(RampartctlPlan, ValidateInvalidJson)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = writeFile(dir, R"({"schema_version": 1,)");
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), path}), "invalid_json", "");
}

TEST(RampartctlPlan, MissingFileIsAnIoError)
{
    const QString path = QStringLiteral("/nonexistent/rampart/plan.json");
    const CliRun run = rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), path});
    expectBadInput(run, "io_error", "");
    EXPECT_TRUE(run.err.contains(path.toUtf8())) << run.err.constData();
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("show"), path}), "io_error", "");
}

TEST(RampartctlPlan, ShowPrintsEveryStageAndGate)
{
    const CliRun run = rampartctl({QStringLiteral("plan"), QStringLiteral("show"), ShippedPlan});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.err.isEmpty()) << run.err.constData();
    for (const char *text : {"5%", "25%", "50%", "75%", "100%", "p95_latency_ms", "postgres_p95_ms", "redis_p95_ms",
                             "cpu_percent", "memory_percent", "uptime_percent", "accuracy", "handling_time_min",
                             "satisfaction", "latency_ms", "error_rate", "obrien-fleming", "intersection-union", "guardrail alpha", "looks", "Mann-Whitney", "2 stakeholder",
                             "Final assessment", "7 days"})
        EXPECT_TRUE(run.out.contains(text)) << text << "\n" << run.out.constData();
}

TEST(RampartctlPlan, ShowJsonPrintsTheNormalizedPlan)
{
    const CliRun run = rampartctl({QStringLiteral("plan"), QStringLiteral("show"), QStringLiteral("--json"), ShippedPlan});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QJsonObject plan = object(run.out);
    EXPECT_EQ(plan.value(QStringLiteral("schema_version")).toInt(), 1);
    EXPECT_EQ(plan.value(QStringLiteral("stages")).toArray().size(), 5);
    EXPECT_EQ(plan.value(QStringLiteral("service_gates")).toArray().size(), 6);
}

TEST(RampartctlPlan, UnknownSubCommand)
{
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("apply"), ShippedPlan}), "unknown_command", "command");
}

TEST(RampartctlPlan, MissingFileArgumentIsAUsageError)
{
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate")}), "usage", "");
    expectBadInput(rampartctl({QStringLiteral("plan")}), "usage", "");
    expectBadInput(rampartctl({QStringLiteral("plan"), QStringLiteral("validate"), QStringLiteral("--json"), ShippedPlan}),
                   "usage", "");
}

TEST(RampartctlPlan, Help)
{
    const CliRun run = rampartctl({QStringLiteral("plan"), QStringLiteral("--help")});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.contains("validate"));
    EXPECT_TRUE(run.out.contains("show"));
}
