// Tests for core/io/evidencejson.h and decisionjson.h: reading evidence against a plan,
// the errors it names, the evidence hash, and the documented example scenarios end to end.

#include "io/decisionjson.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "rollout/gateengine.h"

#include <gtest/gtest.h>

#include <QJsonArray>

using namespace rampart;
using namespace rampart::io;

namespace {

const QString SourceDir = QStringLiteral(RAMPART_SOURCE_DIR);

rollout::Plan shippedPlan()
{
    auto plan = loadPlanFile(SourceDir + QStringLiteral("/resources/plans/documentation-keeper.json"));
    EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
    return *plan;
}

QJsonObject example(const char *name)
{
    auto doc = loadJsonFile(SourceDir + QStringLiteral("/resources/examples/") + QString::fromLatin1(name));
    EXPECT_TRUE(doc.ok()) << name;
    return doc.ok() ? *doc : QJsonObject{};
}

rollout::TimePoint exampleNow()
{
    return *parseTime(QStringLiteral("2026-11-20T12:00:00Z"), "now");
}

rollout::Decision decide(const char *name)
{
    const rollout::Plan plan = shippedPlan();
    auto input = parseDecideInput(example(name), plan, exampleNow());
    EXPECT_TRUE(input.ok()) << name << ": " << (input.ok() ? "" : input.error().message);
    return rollout::GateEngine::evaluate(plan, input->state, input->evidence, exampleNow());
}

Error parseError(QJsonObject object)
{
    auto input = parseDecideInput(object, shippedPlan(), exampleNow());
    EXPECT_FALSE(input.ok());
    return input.ok() ? Error{} : input.error();
}

QJsonObject withMetric(QJsonObject doc, const QString &metric, const QString &cohort, const QJsonObject &value)
{
    QJsonObject metrics = doc.value(QStringLiteral("metrics")).toObject();
    QJsonObject m = metrics.value(metric).toObject();
    m.insert(cohort, value);
    metrics.insert(metric, m);
    doc.insert(QStringLiteral("metrics"), metrics);
    return doc;
}

} // namespace

TEST(EvidenceJson, ReadsTheSnapshotAndThePosition)
{
    auto input = parseDecideInput(example("evidence-ready-for-signoff.json"), shippedPlan(), exampleNow());
    ASSERT_TRUE(input.ok()) << input.error().message;
    EXPECT_EQ(input->state.stage, 1u);
    EXPECT_EQ(input->state.lastStableStage, 0u);
    EXPECT_EQ(input->state.status, rollout::RolloutStatus::Running);
    EXPECT_EQ((exampleNow() - input->state.stageStartedAt).count(), 50 * 3600);
    EXPECT_EQ(input->evidence.treatmentUnits, 1200);
    const rollout::MetricEvidence *accuracy = input->evidence.metric("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_EQ(accuracy->treatment.summary.count(), 1200);
    EXPECT_EQ(accuracy->treatment.summary.successes(), 1056);
    EXPECT_NEAR(accuracy->treatment.summary.mean(), 0.88, 1e-12);
    const rollout::MetricEvidence *satisfaction = input->evidence.metric("satisfaction");
    ASSERT_NE(satisfaction, nullptr);
    EXPECT_EQ(satisfaction->treatment.levelCounts.size(), 5u);
    EXPECT_EQ(satisfaction->treatment.summary.count(), 1200);
    ASSERT_NE(input->evidence.gauge("redis_p95_ms"), nullptr);
    EXPECT_DOUBLE_EQ(*input->evidence.gauge("redis_p95_ms")->value, 1.8);
    EXPECT_DOUBLE_EQ(*input->targetPercentage, 50.0);
}

TEST(EvidenceJson, DocumentedScenariosDecideAsDocumented)
{
    const rollout::Decision insufficient = decide("evidence-insufficient-sample.json");
    EXPECT_EQ(insufficient.action, rollout::Action::Hold);
    EXPECT_NE(insufficient.reasons.at(0).message.find("insufficient sample size: 812 of 1047 per cohort"), std::string::npos)
        << insufficient.reasons.at(0).message;

    const rollout::Decision ready = decide("evidence-ready-for-signoff.json");
    EXPECT_EQ(ready.action, rollout::Action::Hold);
    ASSERT_EQ(ready.reasons.size(), 1u);
    EXPECT_EQ(ready.reasons[0].code, rollout::reason::SignOffMissing);

    const rollout::Decision breach = decide("evidence-guardrail-breach.json");
    EXPECT_EQ(breach.action, rollout::Action::Rollback);
    EXPECT_EQ(breach.reasons.at(0).gate, "metric:latency_ms");
    EXPECT_DOUBLE_EQ(breach.targetPercentage, 5.0);

    const rollout::Decision srm = decide("evidence-srm.json");
    EXPECT_EQ(srm.action, rollout::Action::Hold);
    EXPECT_EQ(srm.reasons.at(0).code, rollout::reason::SampleRatioMismatch);

    const rollout::Decision advance = decide("evidence-advance.json");
    EXPECT_EQ(advance.action, rollout::Action::Advance);
    EXPECT_DOUBLE_EQ(advance.targetPercentage, 50.0);
}

TEST(EvidenceJson, PercentageMustBeAStage)
{
    QJsonObject doc = example("evidence-ready-for-signoff.json");
    doc.insert(QStringLiteral("current_percentage"), 30);
    const Error e = parseError(doc);
    EXPECT_EQ(e.field, "current_percentage");
    EXPECT_NE(e.message.find("5, 25, 50, 75, 100"), std::string::npos) << e.message;
}

TEST(EvidenceJson, UnknownMetricIsAnError)
{
    QJsonObject doc = withMetric(example("evidence-ready-for-signoff.json"), QStringLiteral("acuracy"),
                                 QStringLiteral("control"), QJsonObject{{QStringLiteral("n"), 1}});
    EXPECT_EQ(parseError(doc).field, "metrics.acuracy");
}

TEST(EvidenceJson, BadCountsNameTheirPath)
{
    const QJsonObject base = example("evidence-ready-for-signoff.json");
    EXPECT_EQ(parseError(withMetric(base, QStringLiteral("accuracy"), QStringLiteral("treatment"),
                                    QJsonObject{{QStringLiteral("n"), 100}, {QStringLiteral("successes"), 120}}))
                  .field,
              "metrics.accuracy.treatment.successes");
    EXPECT_EQ(parseError(withMetric(base, QStringLiteral("accuracy"), QStringLiteral("treatment"),
                                    QJsonObject{{QStringLiteral("n"), -1}, {QStringLiteral("successes"), 0}}))
                  .field,
              "metrics.accuracy.treatment.n");
    EXPECT_EQ(parseError(withMetric(base, QStringLiteral("handling_time_min"), QStringLiteral("control"),
                                    QJsonObject{{QStringLiteral("n"), 100}, {QStringLiteral("mean"), 3}, {QStringLiteral("sd"), -2}}))
                  .field,
              "metrics.handling_time_min.control.sd");
    EXPECT_EQ(parseError(withMetric(base, QStringLiteral("satisfaction"), QStringLiteral("control"),
                                    QJsonObject{{QStringLiteral("levels"), QJsonArray{1, 2, 3}}}))
                  .field,
              "metrics.satisfaction.control.levels");
}

TEST(EvidenceJson, TimesNeedAZone)
{
    QJsonObject doc = example("evidence-ready-for-signoff.json");
    doc.insert(QStringLiteral("stage_started_at"), QStringLiteral("2026-11-18 10:00"));
    EXPECT_EQ(parseError(doc).field, "stage_started_at");
}

TEST(EvidenceJson, MissingGaugeValueIsMissingNotZero)
{
    QJsonObject doc = example("evidence-ready-for-signoff.json");
    QJsonObject gauges = doc.value(QStringLiteral("gauges")).toObject();
    gauges.insert(QStringLiteral("cpu_percent"), QJsonObject{{QStringLiteral("value"), QJsonValue::Null},
                                                             {QStringLiteral("sampled_at"), QStringLiteral("2026-11-20T11:59:30Z")}});
    doc.insert(QStringLiteral("gauges"), gauges);
    const rollout::Plan plan = shippedPlan();
    auto input = parseDecideInput(doc, plan, exampleNow());
    ASSERT_TRUE(input.ok()) << input.error().message;
    EXPECT_FALSE(input->evidence.gauge("cpu_percent")->value.has_value());
    const auto d = rollout::GateEngine::evaluate(plan, input->state, input->evidence, exampleNow());
    EXPECT_EQ(d.reasons.at(0).code, rollout::reason::TelemetryMissing);
}

TEST(EvidenceJson, HashIsStableAndSensitive)
{
    const QJsonObject doc = example("evidence-ready-for-signoff.json");
    const QString hash = evidenceHash(doc);
    EXPECT_EQ(hash.size(), 64);
    EXPECT_EQ(hash, evidenceHash(example("evidence-ready-for-signoff.json")));
    QJsonObject changed = doc;
    changed.insert(QStringLiteral("incidents"), 1);
    EXPECT_NE(hash, evidenceHash(changed));
}

TEST(DecisionJson, CarriesDecisionAndReasonOnTop)
{
    const QJsonObject out = decisionToJson(decide("evidence-srm.json"));
    EXPECT_EQ(out.value(QStringLiteral("decision")).toString(), QStringLiteral("hold"));
    EXPECT_TRUE(out.value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("Sample ratio mismatch")));
    EXPECT_FALSE(out.value(QStringLiteral("gates")).toArray().isEmpty());
    EXPECT_FALSE(out.value(QStringLiteral("metrics")).toArray().isEmpty());
    EXPECT_TRUE(out.value(QStringLiteral("sample")).isObject());
}
