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

// Issue 9: a caller-supplied efficacy_look (or primary_crossed_at) was believed, so an
// evidence file could declare efficacy the engine never saw. It is refused; the history of
// the looks comes from the saved state (--state) or the decision stands on this look alone.
namespace {

/// The business-gate example without its claims of earlier efficacy, and the saved state
/// that holds them (the JSON the controller saves in rollout_state.state_json).
struct SplitExample
{
    QString evidence;
    QString state;
};

SplitExample splitExample(const QTemporaryDir &dir, int savedStage = 2)
{
    QFile in(example("evidence-business-gate-sample-too-small.json"));
    EXPECT_TRUE(in.open(QIODevice::ReadOnly));
    QJsonObject doc = json(in.readAll());
    const QJsonObject state{
        {QStringLiteral("status"), QStringLiteral("running")},
        {QStringLiteral("stage"), savedStage},
        {QStringLiteral("percentage"), savedStage == 2 ? 50 : 25},
        {QStringLiteral("rollout_started_at"), doc.value(QStringLiteral("rollout_started_at"))},
        {QStringLiteral("stage_started_at"), doc.value(QStringLiteral("stage_started_at"))},
        {QStringLiteral("last_stable_stage"), 1},
        {QStringLiteral("looks"), doc.value(QStringLiteral("looks"))},
        {QStringLiteral("efficacy_look"), doc.value(QStringLiteral("efficacy_look"))},
        {QStringLiteral("primary_crossed_at"), doc.value(QStringLiteral("primary_crossed_at"))},
        {QStringLiteral("consecutive_breaches"), QJsonObject{}}};
    doc.remove(QStringLiteral("efficacy_look"));
    doc.remove(QStringLiteral("primary_crossed_at"));
    SplitExample out{dir.filePath(QStringLiteral("evidence.json")), dir.filePath(QStringLiteral("state.json"))};
    QFile e(out.evidence);
    EXPECT_TRUE(e.open(QIODevice::WriteOnly));
    e.write(QJsonDocument(doc).toJson());
    QFile s(out.state);
    EXPECT_TRUE(s.open(QIODevice::WriteOnly));
    s.write(QJsonDocument(QJsonObject{{QStringLiteral("state_json"), state}}).toJson());
    return out;
}

} // namespace

TEST(RampartctlDecide, CallerSuppliedEfficacyLookIsNotBelieved)
{
    // The shipped example claims efficacy at look 2 inside the evidence: refused, exit 2.
    rampart::testing::expectCliError(decide(example("evidence-business-gate-sample-too-small.json")),
                                     "invalid_argument", "efficacy_look");
    rampart::testing::expectCliError(decide(example("evidence-sequential-exhausted.json")), "invalid_argument",
                                     "primary_crossed_at");
}

TEST(RampartctlDecide, EfficacyComesFromTheSavedState)
{
    QTemporaryDir dir;
    const SplitExample split = splitExample(dir);
    // From the saved state: the example's documented outcome.
    const CliRun saved = decide(split.evidence, {QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z"),
                                                 QStringLiteral("--state"), split.state});
    ASSERT_EQ(saved.exitCode, 0) << saved.err.constData();
    const QJsonObject out = json(saved.out);
    EXPECT_EQ(out.value(QStringLiteral("state_source")).toString(), QStringLiteral("saved_state"));
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_EQ(out.value(QStringLiteral("reasons")).toArray().at(0).toObject().value(QStringLiteral("code")).toString(),
              QStringLiteral("business_gate_sample_too_small"));
    // Without it: judged from this look alone, and the output says so.
    const CliRun alone = decide(split.evidence);
    ASSERT_EQ(alone.exitCode, 0) << alone.err.constData();
    EXPECT_EQ(json(alone.out).value(QStringLiteral("state_source")).toString(), QStringLiteral("evidence_file"));
}

TEST(RampartctlDecide, ASavedStateAtAnotherStageIsRefused)
{
    QTemporaryDir dir;
    const SplitExample split = splitExample(dir, 1); // saved at 25%, the evidence says 50%
    rampart::testing::expectCliError(decide(split.evidence, {QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z"),
                                                             QStringLiteral("--state"), split.state}),
                                     "invalid_argument", "current_percentage");
}
