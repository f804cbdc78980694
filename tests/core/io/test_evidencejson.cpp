// Tests for core/io/evidencejson.h and decisionjson.h: reading evidence against a plan,
// the errors it names, the evidence hash, and the documented example scenarios end to end.

#include "io/decisionjson.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"

#include <QFileInfo>

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

/// The example judged as `rampartctl decide` judges it: in its saved state
/// (resources/examples/state-*.json) where it ships one.
rollout::Decision decide(const char *name)
{
    const rollout::Plan plan = shippedPlan();
    auto input = parseDecideInput(example(name), plan, exampleNow());
    EXPECT_TRUE(input.ok()) << name << ": " << (input.ok() ? "" : input.error().message);
    rollout::RolloutState state = input->state;
    const QString statePath = SourceDir + QStringLiteral("/resources/examples/")
        + QString::fromLatin1(name).replace(QStringLiteral("evidence-"), QStringLiteral("state-"));
    if (QFileInfo::exists(statePath)) {
        auto saved = loadSavedState(statePath, plan, state);
        EXPECT_TRUE(saved.ok()) << name << ": " << (saved.ok() ? "" : saved.error().message);
        if (saved)
            state = *saved;
    }
    return rollout::GateEngine::evaluate(plan, state, input->evidence, exampleNow());
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
    EXPECT_NE(insufficient.reasons.at(0).message.find("insufficient sample size: 180 of 200 per cohort"), std::string::npos)
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
    ASSERT_TRUE(!srm.look || !srm.look->taken); // issue 7, cause 4: no look on mismatched data

    const rollout::Decision advance = decide("evidence-advance.json");
    EXPECT_EQ(advance.action, rollout::Action::Advance);
    EXPECT_DOUBLE_EQ(advance.targetPercentage, 50.0);
}

// One example per new terminal or hold outcome (issue 7), each deciding as its description says.
TEST(EvidenceJson, NewOutcomeExamplesDecideAsDocumented)
{
    const struct
    {
        const char *file;
        rollout::Action action;
        const char *code;
    } cases[] = {
        {"evidence-guardrail-missing.json", rollout::Action::Hold, rollout::reason::GuardrailMissing},
        {"evidence-guardrail-degenerate.json", rollout::Action::Hold, rollout::reason::GuardrailDegenerate},
        {"evidence-guardrail-sample-too-small.json", rollout::Action::Hold, rollout::reason::GuardrailSampleTooSmall},
        {"evidence-primary-degenerate.json", rollout::Action::Hold, rollout::reason::PrimaryDegenerate},
        {"evidence-sequential-exhausted.json", rollout::Action::Rollback, rollout::reason::SequentialTestExhausted},
        {"evidence-stale-snapshot.json", rollout::Action::Hold, rollout::reason::EvidenceStale},
        {"evidence-telemetry-from-future.json", rollout::Action::Hold, rollout::reason::TelemetryFromFuture},
        {"evidence-signoff-from-future.json", rollout::Action::Hold, rollout::reason::SignOffFromFuture},
        {"evidence-business-gate-sample-too-small.json", rollout::Action::Hold, rollout::reason::BusinessGateSampleTooSmall},
        {"evidence-srm.json", rollout::Action::Hold, rollout::reason::LookSkipped},
        {"evidence-stage-start-in-future.json", rollout::Action::Hold, rollout::reason::StageStartInFuture},
    };
    for (const auto &c : cases) {
        const rollout::Decision d = decide(c.file);
        EXPECT_EQ(d.action, c.action) << c.file;
        bool found = false;
        for (const rollout::Reason &r : d.reasons)
            found = found || r.code == c.code;
        EXPECT_TRUE(found) << c.file << " lacks " << c.code;
    }
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

// Issue 8 item 12: impossible evidence is refused with the field, never decided on.
TEST(EvidenceJson, NegativeLatencyMeanOrP95IsRefused)
{
    const QJsonObject base = example("evidence-advance.json");
    const Error mean = parseError(withMetric(base, QStringLiteral("latency_ms"), QStringLiteral("treatment"),
                                             QJsonObject{{QStringLiteral("n"), 1200}, {QStringLiteral("mean"), -5.0},
                                                         {QStringLiteral("sd"), 18.0}, {QStringLiteral("p95"), 95.0}}));
    EXPECT_EQ(mean.code, errc::InvalidArgument);
    EXPECT_EQ(mean.field, "metrics.latency_ms.treatment.mean");
    const Error p95 = parseError(withMetric(base, QStringLiteral("latency_ms"), QStringLiteral("control"),
                                            QJsonObject{{QStringLiteral("n"), 3600}, {QStringLiteral("mean"), 62.0},
                                                        {QStringLiteral("sd"), 18.0}, {QStringLiteral("p95"), -1.0}}));
    EXPECT_EQ(p95.field, "metrics.latency_ms.control.p95");
    const Error sd = parseError(withMetric(base, QStringLiteral("handling_time_min"), QStringLiteral("control"),
                                           QJsonObject{{QStringLiteral("n"), 3600}, {QStringLiteral("mean"), 13.9},
                                                       {QStringLiteral("sd"), -4.6}}));
    EXPECT_EQ(sd.field, "metrics.handling_time_min.control.sd");
    const Error count = parseError(withMetric(base, QStringLiteral("accuracy"), QStringLiteral("control"),
                                              QJsonObject{{QStringLiteral("n"), -1}, {QStringLiteral("successes"), 0}}));
    EXPECT_EQ(count.field, "metrics.accuracy.control.n");
}

TEST(EvidenceJson, UnparseableTimestampsAreRefused)
{
    QJsonObject doc = example("evidence-advance.json");
    doc.insert(QStringLiteral("captured_at"), QStringLiteral("yesterday"));
    const Error e = parseError(doc);
    EXPECT_EQ(e.code, errc::InvalidArgument);
    EXPECT_EQ(e.field, "captured_at");
}

// Issue 7, cause 5: per-stage strata; the cumulative cohorts are their merge.
TEST(EvidenceJson, StagesAreReadAsStrataAndMergedWhenNoCumulativeMetrics)
{
    QJsonObject doc = example("evidence-advance.json");
    const QJsonObject all = doc.value(QStringLiteral("metrics")).toObject();
    doc.remove(QStringLiteral("metrics"));
    const auto binary = [](int n, int s) { return QJsonObject{{QStringLiteral("n"), n}, {QStringLiteral("successes"), s}}; };
    QJsonObject canary = all;
    canary.insert(QStringLiteral("accuracy"), QJsonObject{{QStringLiteral("control"), binary(912, 730)},
                                                          {QStringLiteral("treatment"), binary(48, 42)}});
    QJsonObject early = all;
    early.insert(QStringLiteral("accuracy"), QJsonObject{{QStringLiteral("control"), binary(3600, 2880)},
                                                         {QStringLiteral("treatment"), binary(1200, 1056)}});
    doc.insert(QStringLiteral("stages"),
               QJsonArray{QJsonObject{{QStringLiteral("percentage"), 5}, {QStringLiteral("metrics"), canary}},
                          QJsonObject{{QStringLiteral("percentage"), 25}, {QStringLiteral("metrics"), early}}});
    auto input = parseDecideInput(doc, shippedPlan(), exampleNow());
    ASSERT_TRUE(input.ok()) << input.error().message;
    ASSERT_EQ(input->evidence.stages.size(), 2u);
    EXPECT_EQ(input->evidence.stages[0].percentage, 5.0);
    const rollout::MetricEvidence *accuracy = input->evidence.metric("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_EQ(accuracy->control.summary.count(), 912 + 3600);
    EXPECT_EQ(accuracy->treatment.summary.successes(), 42 + 1056);

    QJsonArray bad = doc.value(QStringLiteral("stages")).toArray();
    QJsonObject s0 = bad.at(0).toObject();
    s0.insert(QStringLiteral("percentage"), 30);
    bad.replace(0, s0);
    doc.insert(QStringLiteral("stages"), bad);
    EXPECT_EQ(parseError(doc).field, "stages[0].percentage");
}

TEST(EvidenceJson, LooksAndTheStateAreValidated)
{
    QJsonObject doc = example("evidence-sequential-exhausted.json");
    QJsonArray looks = doc.value(QStringLiteral("looks")).toArray();
    QJsonObject second = looks.at(1).toObject();
    second.insert(QStringLiteral("information_fraction"), 0.2); // not after the first (0.33)
    looks.replace(1, second);
    QJsonObject bad = doc;
    bad.insert(QStringLiteral("looks"), looks);
    EXPECT_EQ(parseError(bad).field, "looks[1].information_fraction");

    bad = doc;
    bad.insert(QStringLiteral("efficacy_look"), 7);
    EXPECT_EQ(parseError(bad).field, "efficacy_look");

    bad = doc;
    bad.insert(QStringLiteral("primary_crossed_at"), QJsonObject{{QStringLiteral("accuracy"), 9}});
    EXPECT_EQ(parseError(bad).field, "primary_crossed_at.accuracy");

    bad = doc;
    bad.insert(QStringLiteral("consecutive_breaches"), QJsonObject{{QStringLiteral("cpu_percent"), -3}});
    EXPECT_EQ(parseError(bad).field, "consecutive_breaches.cpu_percent");
}
