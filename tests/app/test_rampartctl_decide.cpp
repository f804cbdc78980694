// Black-box tests of `rampartctl decide`: the documented scenarios, the short request and
// bad input.

#include "clirun.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <map>

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

/// The business-gate example with the claims of its shipped saved state written into the
/// evidence file itself, as a caller might try.
QString exampleWithClaims(const QTemporaryDir &dir)
{
    QFile in(example("evidence-business-gate-sample-too-small.json"));
    EXPECT_TRUE(in.open(QIODevice::ReadOnly));
    QJsonObject doc = json(in.readAll());
    QFile stateFile(example("state-business-gate-sample-too-small.json"));
    EXPECT_TRUE(stateFile.open(QIODevice::ReadOnly));
    const QJsonObject state = json(stateFile.readAll()).value(QStringLiteral("state_json")).toObject();
    doc.insert(QStringLiteral("efficacy_look"), state.value(QStringLiteral("efficacy_look")));
    doc.insert(QStringLiteral("primary_crossed_at"), state.value(QStringLiteral("primary_crossed_at")));
    const QString path = dir.filePath(QStringLiteral("claims.json"));
    QFile out(path);
    EXPECT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(doc).toJson());
    return path;
}

} // namespace

TEST(RampartctlDecide, CallerSuppliedEfficacyLookIsNotBelieved)
{
    QTemporaryDir dir;
    rampart::testing::expectCliError(decide(exampleWithClaims(dir)), "invalid_argument", "efficacy_look");
}

TEST(RampartctlDecide, EfficacyComesFromTheSavedState)
{
    const QString evidence = example("evidence-business-gate-sample-too-small.json");
    // From the saved state: the example's documented outcome.
    const CliRun saved = decide(evidence,
                                {QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z"),
                                 QStringLiteral("--state"), example("state-business-gate-sample-too-small.json")});
    ASSERT_EQ(saved.exitCode, 0) << saved.err.constData();
    const QJsonObject out = json(saved.out);
    EXPECT_EQ(out.value(QStringLiteral("state_source")).toString(), QStringLiteral("saved_state"));
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_EQ(out.value(QStringLiteral("reasons")).toArray().at(0).toObject().value(QStringLiteral("code")).toString(),
              QStringLiteral("business_gate_sample_too_small"));
    // Without it: judged from this look alone, and the output says so.
    const CliRun alone = decide(evidence);
    ASSERT_EQ(alone.exitCode, 0) << alone.err.constData();
    EXPECT_EQ(json(alone.out).value(QStringLiteral("state_source")).toString(), QStringLiteral("evidence_file"));
}

TEST(RampartctlDecide, ASavedStateAtAnotherStageIsRefused)
{
    // The sequential-exhausted example's state is at 25%; the business-gate evidence says 50%.
    rampart::testing::expectCliError(decide(example("evidence-business-gate-sample-too-small.json"),
                                            {QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z"),
                                             QStringLiteral("--state"), example("state-sequential-exhausted.json")}),
                                     "invalid_argument", "current_percentage");
}

// Issue 21: every shipped example decides as its name and description promise, through the
// CLI as documented (with its saved state where it ships one), so none fails as documented.
TEST(RampartctlDecide, EveryShippedExampleDecidesAsItsNamePromises)
{
    const std::map<QString, std::pair<QString, QString>> promised{
        {QStringLiteral("advance"), {QStringLiteral("advance"), QStringLiteral("all_gates_pass")}},
        {QStringLiteral("ready-for-signoff"), {QStringLiteral("hold"), QStringLiteral("signoff_missing")}},
        {QStringLiteral("insufficient-sample"), {QStringLiteral("hold"), QStringLiteral("insufficient_sample")}},
        {QStringLiteral("guardrail-breach"), {QStringLiteral("rollback"), QStringLiteral("guardrail_degraded")}},
        {QStringLiteral("guardrail-degenerate"), {QStringLiteral("hold"), QStringLiteral("guardrail_degenerate")}},
        {QStringLiteral("guardrail-missing"), {QStringLiteral("hold"), QStringLiteral("guardrail_missing")}},
        {QStringLiteral("guardrail-sample-too-small"),
         {QStringLiteral("hold"), QStringLiteral("guardrail_sample_too_small")}},
        {QStringLiteral("primary-degenerate"), {QStringLiteral("hold"), QStringLiteral("primary_degenerate")}},
        {QStringLiteral("sequential-exhausted"),
         {QStringLiteral("rollback"), QStringLiteral("sequential_test_exhausted")}},
        {QStringLiteral("business-gate-sample-too-small"),
         {QStringLiteral("hold"), QStringLiteral("business_gate_sample_too_small")}},
        {QStringLiteral("srm"), {QStringLiteral("hold"), QStringLiteral("look_skipped")}},
        {QStringLiteral("stale-snapshot"), {QStringLiteral("hold"), QStringLiteral("evidence_stale")}},
        {QStringLiteral("telemetry-from-future"), {QStringLiteral("hold"), QStringLiteral("telemetry_from_future")}},
        {QStringLiteral("signoff-from-future"), {QStringLiteral("hold"), QStringLiteral("signoff_from_future")}},
        {QStringLiteral("stage-start-in-future"), {QStringLiteral("hold"), QStringLiteral("stage_start_in_future")}},
    };
    const QDir dir(QStringLiteral(RAMPART_SOURCE_DIR "/resources/examples"));
    const QStringList files = dir.entryList({QStringLiteral("evidence-*.json")}, QDir::Files, QDir::Name);
    ASSERT_EQ(files.size(), qsizetype(promised.size())) << "a new example needs its promise here";
    for (const QString &file : files) {
        const QString name = file.mid(9, file.size() - 9 - 5);
        const auto promise = promised.find(name);
        ASSERT_NE(promise, promised.end()) << file.toStdString();
        QStringList args{QStringLiteral("--now"), QStringLiteral("2026-11-20T12:00:00Z")};
        if (dir.exists(QStringLiteral("state-") + name + QStringLiteral(".json")))
            args << QStringLiteral("--state")
                 << dir.filePath(QStringLiteral("state-") + name + QStringLiteral(".json"));
        const CliRun run = decide(dir.filePath(file), args);
        ASSERT_EQ(run.exitCode, 0) << file.toStdString() << ": " << run.err.constData();
        const QJsonObject out = json(run.out);
        EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), promise->second.first) << file.toStdString();
        bool found = false;
        for (const QJsonValue &r : out.value(QStringLiteral("reasons")).toArray())
            found = found || r.toObject().value(QStringLiteral("code")).toString() == promise->second.second;
        EXPECT_TRUE(found) << file.toStdString() << " lacks " << promise->second.second.toStdString();
    }
}
