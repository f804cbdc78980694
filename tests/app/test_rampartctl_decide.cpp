// Black-box tests of `rampartctl decide`: the documented scenarios, the short request and
// bad input.

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

const QString Source = QStringLiteral(RAMPART_SOURCE_DIR);
const QString Plan = Source + QStringLiteral("/resources/plans/documentation-keeper.json");

CliRun decide(const QString &evidence, QStringList extra = {QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z")})
{
    return rampart::testing::runRampartctl(
        QStringList{QStringLiteral("decide"), QStringLiteral("--plan"), Plan, QStringLiteral("--evidence"), evidence} + extra);
}

QString example(const char *name)
{
    return Source + QStringLiteral("/resources/examples/") + QString::fromLatin1(name);
}

QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

TEST(RampartctlDecide, InsufficientSampleHoldsWithTheNumbers)
{
    const CliRun r = decide(example("evidence-insufficient-sample.json"));
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject out = json(r.out);
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_TRUE(out.value(QStringLiteral("reason")).toString().contains(QStringLiteral("insufficient sample size: 180 of 200")));
    EXPECT_EQ(out.value(QStringLiteral("evidence_hash")).toString().size(), 64);
}

TEST(RampartctlDecide, ReasonsCarryTypedArguments)
{
    const QJsonObject out = json(decide(example("evidence-insufficient-sample.json")).out);
    const QJsonObject first = out.value(QStringLiteral("reasons")).toArray().at(0).toObject();
    EXPECT_EQ(first.value(QStringLiteral("code")).toString(), QStringLiteral("insufficient_sample"));
    const QJsonArray args = first.value(QStringLiteral("args")).toArray();
    ASSERT_GE(args.size(), 2);
    EXPECT_EQ(args.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("observed"));
    EXPECT_EQ(args.at(0).toObject().value(QStringLiteral("value")).toDouble(), 180.0);
    EXPECT_EQ(args.at(0).toObject().value(QStringLiteral("unit")).toString(), QStringLiteral("units"));
    for (const QJsonValue &g : out.value(QStringLiteral("gates")).toArray())
        EXPECT_FALSE(g.toObject().value(QStringLiteral("code")).toString().isEmpty())
            << g.toObject().value(QStringLiteral("gate")).toString().toStdString();
}

// Issue 8 item 12: a negative latency gave "advance"; impossible evidence is exit 2.
TEST(RampartctlDecide, NegativeLatencyIsRefusedWithExitTwo)
{
    QFile file(example("evidence-advance.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonObject doc = json(file.readAll());
    QJsonObject metrics = doc.value(QStringLiteral("metrics")).toObject();
    QJsonObject latency = metrics.value(QStringLiteral("latency_ms")).toObject();
    QJsonObject treatment = latency.value(QStringLiteral("treatment")).toObject();
    treatment.insert(QStringLiteral("p95"), -95.0);
    latency.insert(QStringLiteral("treatment"), treatment);
    metrics.insert(QStringLiteral("latency_ms"), latency);
    doc.insert(QStringLiteral("metrics"), metrics);
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QFile out(dir.filePath(QStringLiteral("negative.json")));
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(doc).toJson());
    out.close();
    rampart::testing::expectCliError(decide(out.fileName()), "invalid_argument", "metrics.latency_ms.treatment.p95");
}

TEST(RampartctlDecide, GuardrailBreachRollsBack)
{
    const QJsonObject out = json(decide(example("evidence-guardrail-breach.json")).out);
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("rollback"));
    EXPECT_EQ(out.value(QStringLiteral("target_percentage")).toDouble(), 5.0);
}

TEST(RampartctlDecide, ReadyForSignOffHolds)
{
    const QJsonObject out = json(decide(example("evidence-ready-for-signoff.json")).out);
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_EQ(out.value(QStringLiteral("reasons")).toArray().size(), 1);
}

TEST(RampartctlDecide, SignedOffAdvances)
{
    const QJsonObject out = json(decide(example("evidence-advance.json")).out);
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("advance"));
    EXPECT_EQ(out.value(QStringLiteral("target_percentage")).toDouble(), 50.0);
}

TEST(RampartctlDecide, ShortRequestMustNameTheNextStage)
{
    QTemporaryDir dir;
    QFile in(example("evidence-ready-for-signoff.json"));
    ASSERT_TRUE(in.open(QIODevice::ReadOnly));
    QJsonObject doc = json(in.readAll());
    doc.insert(QStringLiteral("target_percentage"), 75);
    const QString path = dir.filePath(QStringLiteral("skip.json"));
    QFile out(path);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(doc).toJson());
    out.close();
    const CliRun r = decide(path);
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.out.isEmpty());
    EXPECT_EQ(json(r.err).value(QStringLiteral("field")).toString(), QStringLiteral("target_percentage"));
}

TEST(RampartctlDecide, MissingFileAndBadNow)
{
    CliRun r = decide(QStringLiteral("/nonexistent/evidence.json"));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(json(r.err).value(QStringLiteral("error")).toString(), QStringLiteral("io_error"));
    r = decide(example("evidence-srm.json"), {QStringLiteral("--now"), QStringLiteral("yesterday")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(json(r.err).value(QStringLiteral("field")).toString(), QStringLiteral("now"));
}

TEST(RampartctlDecide, PlanAndEvidenceAreRequired)
{
    QProcess process;
    process.start(QStringLiteral(RAMPARTCTL_PATH), {QStringLiteral("decide"), QStringLiteral("--plan"), Plan});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitCode(), 2);
    EXPECT_EQ(json(process.readAllStandardError()).value(QStringLiteral("error")).toString(), QStringLiteral("usage"));
}
