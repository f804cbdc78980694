// Tests for core/io/planjson.h: the shipped documentation-keeper plan, the round trip, and
// every kind of bad plan naming the JSON path of what is wrong.

#include "io/planjson.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <chrono>
#include <optional>
#include <set>

using namespace rampart;
using namespace rampart::rollout;
using std::chrono::hours;

namespace {

QString sourcePath(const char *relative)
{
    return QStringLiteral(RAMPART_SOURCE_DIR "/") + QLatin1String(relative);
}

const QString ShippedPlan = sourcePath("resources/plans/documentation-keeper.json");

QJsonObject readJsonObject(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << path.toStdString() << ": " << error.errorString().toStdString();
    return document.object();
}

Plan shippedPlan()
{
    auto plan = io::loadPlanFile(ShippedPlan);
    EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
    return plan.ok() ? *plan : Plan{};
}

// Sets (or, with no value, removes) the value at a dotted path such as "stages.1.percentage";
// numeric segments index arrays.
QJsonValue editAt(const QJsonValue &node, QStringList path, const std::optional<QJsonValue> &value)
{
    const QString key = path.takeFirst();
    bool isIndex = false;
    const int index = key.toInt(&isIndex);
    if (isIndex) {
        QJsonArray array = node.toArray();
        if (path.isEmpty() && !value)
            array.removeAt(index);
        else
            array[index] = path.isEmpty() ? *value : editAt(array.at(index), path, value);
        return array;
    }
    QJsonObject object = node.toObject();
    if (path.isEmpty() && !value)
        object.remove(key);
    else
        object[key] = path.isEmpty() ? *value : editAt(object.value(key), path, value);
    return object;
}

QJsonObject shippedWith(const char *path, const std::optional<QJsonValue> &value)
{
    return editAt(readJsonObject(ShippedPlan), QString::fromLatin1(path).split(QLatin1Char('.')), value).toObject();
}

QJsonObject shippedWithout(const char *path)
{
    return shippedWith(path, std::nullopt);
}

void expectError(const QJsonObject &object, const char *code, const char *field)
{
    const auto plan = io::parsePlan(object);
    ASSERT_FALSE(plan.ok()) << "expected " << code << " at " << field;
    EXPECT_EQ(plan.error().code, code) << plan.error().message;
    EXPECT_EQ(plan.error().field, field) << plan.error().message;
    EXPECT_FALSE(plan.error().message.empty());
}

void expectSameGates(const std::vector<BusinessGate> &a, const std::vector<BusinessGate> &b)
{
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].metric, b[i].metric);
        EXPECT_EQ(a[i].measure, b[i].measure);
        EXPECT_EQ(a[i].threshold, b[i].threshold);
    }
}

void expectSamePlan(const Plan &a, const Plan &b)
{
    EXPECT_EQ(a.agent, b.agent);
    EXPECT_EQ(a.flag, b.flag);
    EXPECT_EQ(a.controlCohort, b.controlCohort);
    EXPECT_EQ(a.treatmentCohort, b.treatmentCohort);
    EXPECT_EQ(a.alpha, b.alpha);
    EXPECT_EQ(a.power, b.power);
    EXPECT_EQ(a.spending, b.spending);
    EXPECT_EQ(a.adjustment, b.adjustment);
    EXPECT_EQ(a.srmThreshold, b.srmThreshold);
    EXPECT_EQ(a.breachesBeforeRollback, b.breachesBeforeRollback);
    EXPECT_EQ(a.telemetryMaxAge, b.telemetryMaxAge);
    ASSERT_EQ(a.metrics.size(), b.metrics.size());
    for (std::size_t i = 0; i < a.metrics.size(); ++i) {
        const MetricSpec &x = a.metrics[i];
        const MetricSpec &y = b.metrics[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.label, y.label);
        EXPECT_EQ(x.kind, y.kind);
        EXPECT_EQ(x.direction, y.direction);
        EXPECT_EQ(x.role, y.role);
        EXPECT_EQ(x.minimumDetectableEffect, y.minimumDetectableEffect);
        EXPECT_EQ(x.nonInferiorityMargin, y.nonInferiorityMargin);
        EXPECT_EQ(x.test, y.test);
        EXPECT_EQ(x.levels, y.levels);
    }
    ASSERT_EQ(a.serviceGates.size(), b.serviceGates.size());
    for (std::size_t i = 0; i < a.serviceGates.size(); ++i) {
        EXPECT_EQ(a.serviceGates[i].name, b.serviceGates[i].name);
        EXPECT_EQ(a.serviceGates[i].label, b.serviceGates[i].label);
        EXPECT_EQ(a.serviceGates[i].comparison, b.serviceGates[i].comparison);
        EXPECT_EQ(a.serviceGates[i].threshold, b.serviceGates[i].threshold);
        EXPECT_EQ(a.serviceGates[i].query, b.serviceGates[i].query);
    }
    ASSERT_EQ(a.stages.size(), b.stages.size());
    for (std::size_t i = 0; i < a.stages.size(); ++i) {
        const StageSpec &x = a.stages[i];
        const StageSpec &y = b.stages[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.percentage, y.percentage);
        EXPECT_EQ(x.minimumDwell, y.minimumDwell);
        EXPECT_EQ(x.requireSignificance, y.requireSignificance);
        EXPECT_EQ(x.minimumSamplesPerCohort, y.minimumSamplesPerCohort);
        EXPECT_EQ(x.maximumIncidents, y.maximumIncidents);
        expectSameGates(x.businessGates, y.businessGates);
        EXPECT_EQ(x.signOff.approvers, y.signOff.approvers);
        EXPECT_EQ(x.signOff.role, y.signOff.role);
    }
    EXPECT_EQ(a.finalAssessment.stabilityPeriod, b.finalAssessment.stabilityPeriod);
    EXPECT_EQ(a.finalAssessment.maximumIncidents, b.finalAssessment.maximumIncidents);
    expectSameGates(a.finalAssessment.businessGates, b.finalAssessment.businessGates);
}

} // namespace

// ---- the shipped plan -------------------------------------------------------------------

TEST(PlanJson, ShippedPlanHasTheDocumentedStages)
{
    const Plan plan = shippedPlan();
    EXPECT_EQ(plan.agent, "documentation-keeper");
    EXPECT_EQ(plan.flag, "documentation-keeper.ml-answers");
    EXPECT_EQ(plan.controlCohort, "deterministic");
    EXPECT_EQ(plan.treatmentCohort, "ml");
    ASSERT_EQ(plan.stages.size(), 5u);
    const double percentages[] = {5, 25, 50, 75, 100};
    const hours dwell[] = {hours(24), hours(48), hours(48), hours(24), hours(24)};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(plan.stages[i].percentage, percentages[i]) << i;
        EXPECT_EQ(plan.stages[i].minimumDwell, dwell[i]) << i;
        EXPECT_EQ(plan.stages[i].signOff.role, "stakeholder") << i;
        EXPECT_EQ(plan.stages[i].signOff.approvers, i == 2 ? 2 : 1) << i;
        EXPECT_EQ(plan.stages[i].requireSignificance, i == 1) << i;
    }
    EXPECT_EQ(plan.stages[0].maximumIncidents, 0); // 24 h stable at 5% with zero incidents
    EXPECT_EQ(plan.stages[1].minimumSamplesPerCohort, 200);
    ASSERT_EQ(plan.stages[2].businessGates.size(), 1u);
    EXPECT_EQ(plan.stages[2].businessGates[0].metric, "accuracy");
    EXPECT_EQ(plan.stages[2].businessGates[0].measure, BusinessGate::Measure::RelativeImprovement);
    EXPECT_EQ(plan.stages[2].businessGates[0].threshold, 0.15);
}

TEST(PlanJson, ShippedPlanHasTheServiceGates)
{
    const Plan plan = shippedPlan();
    struct Expected
    {
        const char *name;
        Comparison comparison;
        double threshold;
    };
    const Expected expected[] = {{"p95_latency_ms", Comparison::Below, 100},  {"postgres_p95_ms", Comparison::Below, 50},
                                 {"redis_p95_ms", Comparison::Below, 10},     {"cpu_percent", Comparison::Below, 80},
                                 {"memory_percent", Comparison::Below, 85},   {"uptime_percent", Comparison::Above, 99.9}};
    ASSERT_EQ(plan.serviceGates.size(), std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        EXPECT_EQ(plan.serviceGates[i].name, expected[i].name);
        EXPECT_EQ(plan.serviceGates[i].comparison, expected[i].comparison) << expected[i].name;
        EXPECT_EQ(plan.serviceGates[i].threshold, expected[i].threshold) << expected[i].name;
        EXPECT_FALSE(plan.serviceGates[i].query.empty()) << expected[i].name;
        EXPECT_FALSE(plan.serviceGates[i].label.empty()) << expected[i].name;
    }
}

TEST(PlanJson, ShippedPlanHasTheMetricsAndFinalAssessment)
{
    const Plan plan = shippedPlan();
    ASSERT_EQ(plan.metrics.size(), 5u);
    const MetricSpec *accuracy = plan.metric("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_EQ(accuracy->kind, MetricKind::Binary);
    EXPECT_EQ(accuracy->role, MetricRole::Primary);
    EXPECT_EQ(accuracy->minimumDetectableEffect, 0.1);
    const MetricSpec *handling = plan.metric("handling_time_min");
    ASSERT_NE(handling, nullptr);
    EXPECT_EQ(handling->kind, MetricKind::Continuous);
    EXPECT_EQ(handling->direction, Direction::LowerIsBetter);
    EXPECT_EQ(handling->role, MetricRole::Primary);
    const MetricSpec *satisfaction = plan.metric("satisfaction");
    ASSERT_NE(satisfaction, nullptr);
    EXPECT_EQ(satisfaction->kind, MetricKind::Ordinal);
    EXPECT_EQ(satisfaction->levels, 5);
    EXPECT_EQ(satisfaction->role, MetricRole::Business);
    const MetricSpec *latency = plan.metric("latency_ms");
    ASSERT_NE(latency, nullptr);
    EXPECT_EQ(latency->kind, MetricKind::Latency);
    EXPECT_EQ(latency->role, MetricRole::Guardrail);
    EXPECT_EQ(latency->nonInferiorityMargin, 0.10);
    const MetricSpec *errors = plan.metric("error_rate");
    ASSERT_NE(errors, nullptr);
    EXPECT_EQ(errors->kind, MetricKind::Binary);
    EXPECT_EQ(errors->direction, Direction::LowerIsBetter);
    EXPECT_EQ(errors->role, MetricRole::Guardrail);
    for (const MetricSpec &m : plan.metrics)
        EXPECT_FALSE(m.label.empty()) << m.name;

    const FinalAssessment &f = plan.finalAssessment;
    EXPECT_EQ(f.stabilityPeriod, hours(7 * 24));
    EXPECT_EQ(f.maximumIncidents, 0);
    ASSERT_EQ(f.businessGates.size(), 4u);
    EXPECT_EQ(f.businessGates[0].metric, "accuracy");
    EXPECT_EQ(f.businessGates[0].threshold, 0.20);
    EXPECT_EQ(f.businessGates[1].metric, "handling_time_min");
    EXPECT_EQ(f.businessGates[1].measure, BusinessGate::Measure::RelativeImprovement);
    EXPECT_EQ(f.businessGates[1].threshold, 0.15);
    EXPECT_EQ(f.businessGates[2].metric, "satisfaction");
    EXPECT_EQ(f.businessGates[2].measure, BusinessGate::Measure::TreatmentMean);
    EXPECT_EQ(f.businessGates[2].threshold, 4.2);
    EXPECT_EQ(f.businessGates[2].basis, BusinessGate::Basis::ConfidenceBound);
    EXPECT_EQ(f.businessGates[3].measure, BusinessGate::Measure::MannWhitney);
    EXPECT_EQ(plan.looks, 4);
    EXPECT_EQ(plan.minimumGuardrailSamples, 150);
    EXPECT_EQ(plan.guardrailAlpha, 0.05);

    EXPECT_EQ(plan.alpha, 0.05);
    EXPECT_EQ(plan.spending, stats::SpendingFunction::OBrienFleming);
    EXPECT_EQ(plan.adjustment, stats::AdjustMethod::Holm);
}

// ---- round trip and defaults -----------------------------------------------------------

TEST(PlanJson, ShippedPlanRoundTrips)
{
    const Plan plan = shippedPlan();
    const auto again = io::parsePlan(io::planToJson(plan));
    ASSERT_TRUE(again.ok()) << again.error().field << ": " << again.error().message;
    expectSamePlan(plan, *again);
}

TEST(PlanJson, NonDefaultPlanRoundTrips)
{
    Plan plan = shippedPlan();
    plan.controlCohort = "rules";
    plan.treatmentCohort = "model-v2";
    plan.alpha = 0.025;
    plan.power = 0.9;
    plan.spending = stats::SpendingFunction::Pocock;
    plan.adjustment = stats::AdjustMethod::BenjaminiHochberg;
    plan.srmThreshold = 0.0005;
    plan.breachesBeforeRollback = 5;
    plan.telemetryMaxAge = std::chrono::seconds(90);
    plan.metrics[0].test = MetricTest::Fisher;
    plan.metrics[0].label.clear();
    plan.serviceGates[0].query.clear();
    plan.stages[1].minimumDwell = std::chrono::seconds(5400); // 1.5 h
    plan.stages[1].name.clear();
    plan.stages[3].maximumIncidents = 2;
    plan.stages[4].signOff = SignOffRule{0, "sre"};
    plan.finalAssessment.stabilityPeriod = hours(36); // 1.5 days
    plan.finalAssessment.maximumIncidents = 1;
    const auto again = io::parsePlan(io::planToJson(plan));
    ASSERT_TRUE(again.ok()) << again.error().field << ": " << again.error().message;
    expectSamePlan(plan, *again);
}

TEST(PlanJson, AbsentFieldsTakeThePlanDefaults)
{
    const QJsonObject minimal = QJsonDocument::fromJson(R"({
        "schema_version": 1, "agent": "a", "flag": "a.ml",
        "metrics": [{"name": "m", "kind": "continuous", "direction": "higher_is_better", "role": "primary",
                     "minimum_detectable_effect": 0.2}],
        "stages": [{"percentage": 100, "min_dwell_hours": 0.25}]})").object();
    const auto plan = io::parsePlan(minimal);
    ASSERT_TRUE(plan.ok()) << plan.error().field << ": " << plan.error().message;
    const Plan defaults;
    EXPECT_EQ(plan->controlCohort, defaults.controlCohort);
    EXPECT_EQ(plan->treatmentCohort, defaults.treatmentCohort);
    EXPECT_EQ(plan->alpha, defaults.alpha);
    EXPECT_EQ(plan->power, defaults.power);
    EXPECT_EQ(plan->spending, defaults.spending);
    EXPECT_EQ(plan->adjustment, defaults.adjustment);
    EXPECT_EQ(plan->srmThreshold, defaults.srmThreshold);
    EXPECT_EQ(plan->breachesBeforeRollback, defaults.breachesBeforeRollback);
    EXPECT_EQ(plan->telemetryMaxAge, defaults.telemetryMaxAge);
    EXPECT_TRUE(plan->serviceGates.empty());
    EXPECT_EQ(plan->metrics[0].label, "");
    EXPECT_EQ(plan->metrics[0].test, MetricTest::Auto);
    const StageSpec &stage = plan->stages[0];
    EXPECT_EQ(stage.minimumDwell, std::chrono::minutes(15)); // fractional hours
    EXPECT_FALSE(stage.requireSignificance);
    EXPECT_EQ(stage.minimumSamplesPerCohort, 0);
    EXPECT_FALSE(stage.maximumIncidents.has_value()); // absent = no limit
    EXPECT_TRUE(stage.businessGates.empty());
    EXPECT_EQ(stage.signOff.approvers, 1);
    EXPECT_EQ(stage.signOff.role, "stakeholder");
    EXPECT_EQ(plan->finalAssessment.stabilityPeriod.count(), 0);
    EXPECT_TRUE(plan->finalAssessment.businessGates.empty());
}

TEST(PlanJson, EnumNamesAreTheJsonSpellings)
{
    EXPECT_STREQ(io::metricKindName(MetricKind::Latency), "latency");
    EXPECT_STREQ(io::metricRoleName(MetricRole::Guardrail), "guardrail");
    EXPECT_STREQ(io::directionName(Direction::LowerIsBetter), "lower_is_better");
    EXPECT_STREQ(io::metricTestName(MetricTest::ChiSquare), "chi2");
    EXPECT_STREQ(io::comparisonName(Comparison::Above), "above");
    EXPECT_STREQ(io::measureName(BusinessGate::Measure::TreatmentMean), "treatment_mean");
}

// ---- semantic errors (validatePlan) ----------------------------------------------------

TEST(PlanJson, StagesMustIncrease)
{
    expectError(shippedWith("stages.2.percentage", 20), "invalid_argument", "stages[2].percentage");
}

TEST(PlanJson, PercentageOutsideZeroToHundred)
{
    expectError(shippedWith("stages.4.percentage", 120), "invalid_argument", "stages[4].percentage");
    expectError(shippedWith("stages.0.percentage", 0), "invalid_argument", "stages[0].percentage");
    expectError(shippedWith("stages.0.percentage", -5), "invalid_argument", "stages[0].percentage");
}

TEST(PlanJson, LastStageMustBeHundred)
{
    expectError(shippedWith("stages.4.percentage", 90), "invalid_argument", "stages[4].percentage");
    expectError(shippedWithout("stages.4"), "invalid_argument", "stages[3].percentage");
}

TEST(PlanJson, BusinessGateMustNameAKnownMetric)
{
    expectError(shippedWith("stages.2.business_gates.0.metric", QStringLiteral("speed")), "invalid_argument",
                "stages[2].business_gates[0].metric");
    expectError(shippedWith("final_assessment.business_gates.1.metric", QStringLiteral("handling_time")),
                "invalid_argument", "final_assessment.business_gates[1].metric");
}

TEST(PlanJson, DuplicateMetricNames)
{
    expectError(shippedWith("metrics.1.name", QStringLiteral("accuracy")), "invalid_argument", "metrics[1].name");
}

TEST(PlanJson, AlphaOutsideUnitInterval)
{
    expectError(shippedWith("alpha", 1.5), "invalid_argument", "alpha");
    expectError(shippedWith("power", 0), "invalid_argument", "power");
}

TEST(PlanJson, NeedsAPrimaryMetric)
{
    QJsonObject plan = shippedWith("metrics.0.role", QStringLiteral("guardrail"));
    plan = editAt(plan, {QStringLiteral("metrics"), QStringLiteral("1"), QStringLiteral("role")}, QJsonValue(QStringLiteral("business")))
               .toObject();
    expectError(plan, "invalid_argument", "metrics");
}

TEST(PlanJson, PrimaryMetricNeedsAPositiveEffect)
{
    expectError(shippedWithout("metrics.0.minimum_detectable_effect"), "invalid_argument", "metrics[0].minimum_detectable_effect");
}

// Issue 8 item 10: plan numbers are bounded, so an MDE of 1e5 never reaches `decide`.
TEST(PlanJson, PlanNumbersAreBounded)
{
    expectError(shippedWith("metrics.0.minimum_detectable_effect", 1e5), "invalid_argument", "metrics[0].minimum_detectable_effect");
    expectError(shippedWith("metrics.3.non_inferiority_margin", 1e6), "invalid_argument", "metrics[3].non_inferiority_margin");
    expectError(shippedWith("looks", 1000), "invalid_argument", "looks");
    expectError(shippedWith("guardrail_alpha", 0.9), "invalid_argument", "guardrail_alpha");
    expectError(shippedWith("min_guardrail_samples", 1e12), "invalid_argument", "min_guardrail_samples");
    expectError(shippedWith("stages.1.min_samples_per_cohort", 1e12), "invalid_argument", "stages[1].min_samples_per_cohort");
    expectError(shippedWith("clock_skew_s", 1e9), "invalid_argument", "clock_skew_s");
    expectError(shippedWith("final_assessment.business_gates.3.threshold", 2), "invalid_argument",
                "final_assessment.business_gates[3].threshold");
}

TEST(PlanJson, MannWhitneyGateNeedsAnOrdinalMetric)
{
    expectError(shippedWith("final_assessment.business_gates.0.measure", QStringLiteral("mann_whitney")), "invalid_argument",
                "final_assessment.business_gates[0].measure");
}

TEST(PlanJson, OrdinalMetricNeedsLevels)
{
    expectError(shippedWith("metrics.2.levels", 1), "invalid_argument", "metrics[2].levels");
}

TEST(PlanJson, DuplicateServiceGate)
{
    expectError(shippedWith("service_gates.1.name", QStringLiteral("p95_latency_ms")), "invalid_argument", "service_gates[1].name");
}

// ---- shape errors (JsonReader) ---------------------------------------------------------

TEST(PlanJson, UnknownMetricKindListsTheChoices)
{
    const auto plan = io::parsePlan(shippedWith("metrics.0.kind", QStringLiteral("boolean")));
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().code, "invalid_argument");
    EXPECT_EQ(plan.error().field, "metrics[0].kind");
    for (const char *choice : {"\"binary\"", "\"continuous\"", "\"ordinal\"", "\"latency\"", "\"boolean\""})
        EXPECT_NE(plan.error().message.find(choice), std::string::npos) << plan.error().message;
}

TEST(PlanJson, InvalidChoices)
{
    expectError(shippedWith("spending", QStringLiteral("linear")), "invalid_argument", "spending");
    expectError(shippedWith("multiple_testing", QStringLiteral("sidak")), "invalid_argument", "multiple_testing");
    expectError(shippedWith("metrics.3.direction", QStringLiteral("up")), "invalid_argument", "metrics[3].direction");
    expectError(shippedWith("metrics.3.test", QStringLiteral("anova")), "invalid_argument", "metrics[3].test");
    expectError(shippedWith("service_gates.5.comparison", QStringLiteral(">")), "invalid_argument", "service_gates[5].comparison");
    expectError(shippedWith("final_assessment.business_gates.2.measure", QStringLiteral("mean")), "invalid_argument",
                "final_assessment.business_gates[2].measure");
}

TEST(PlanJson, MissingRequiredFields)
{
    expectError(shippedWithout("stages.1.percentage"), "missing_field", "stages[1].percentage");
    expectError(shippedWithout("stages.3.min_dwell_hours"), "missing_field", "stages[3].min_dwell_hours");
    expectError(shippedWithout("metrics.0.kind"), "missing_field", "metrics[0].kind");
    expectError(shippedWithout("service_gates.2.threshold"), "missing_field", "service_gates[2].threshold");
    expectError(shippedWithout("stages.2.business_gates.0.metric"), "missing_field", "stages[2].business_gates[0].metric");
    expectError(shippedWithout("agent"), "missing_field", "agent");
    expectError(shippedWithout("stages"), "missing_field", "stages");
    expectError(shippedWithout("metrics"), "missing_field", "metrics");
    expectError(shippedWithout("schema_version"), "missing_field", "schema_version");
}

TEST(PlanJson, WrongTypes)
{
    expectError(shippedWith("alpha", QStringLiteral("0.05")), "wrong_type", "alpha");
    expectError(shippedWith("stages.1.require_significance", QStringLiteral("yes")), "wrong_type", "stages[1].require_significance");
    expectError(shippedWith("stages", QJsonObject{}), "wrong_type", "stages");
    expectError(shippedWith("stages.0", 5), "wrong_type", "stages[0]");
    expectError(shippedWith("stages.2.sign_off", 2), "wrong_type", "stages[2].sign_off");
    expectError(shippedWith("metrics.0.name", 7), "wrong_type", "metrics[0].name");
}

TEST(PlanJson, CountsMustBeNonNegativeIntegers)
{
    expectError(shippedWith("stages.1.min_samples_per_cohort", -1), "invalid_argument", "stages[1].min_samples_per_cohort");
    expectError(shippedWith("stages.0.max_incidents", 1.5), "invalid_argument", "stages[0].max_incidents");
    expectError(shippedWith("final_assessment.stability_days", -1), "invalid_argument", "final_assessment.stability_days");
    expectError(shippedWith("stages.0.min_dwell_hours", -2), "invalid_argument", "stages[0].min_dwell_hours");
}

TEST(PlanJson, UnknownFieldsAreErrorsNotDefaults)
{
    expectError(shippedWith("alhpa", 0.05), "unknown_field", "alhpa");
    expectError(shippedWith("stages.1.min_dwell", 48), "unknown_field", "stages[1].min_dwell");
    expectError(shippedWith("stages.2.sign_off.approver", 2), "unknown_field", "stages[2].sign_off.approver");
    expectError(shippedWith("metrics.4.margin", 0), "unknown_field", "metrics[4].margin");
    expectError(shippedWith("final_assessment.stability", 7), "unknown_field", "final_assessment.stability");
    expectError(shippedWith("cohorts.baseline", QStringLiteral("x")), "unknown_field", "cohorts.baseline");
}

TEST(PlanJson, OnlySchemaVersionOne)
{
    expectError(shippedWith("schema_version", 2), "invalid_argument", "schema_version");
}

// ---- files -------------------------------------------------------------------------------

TEST(PlanJson, MissingFileIsAnIoErrorNamingThePath)
{
    const QString path = QStringLiteral("/nonexistent/rampart/plan.json");
    const auto plan = io::loadPlanFile(path);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().code, "io_error");
    EXPECT_NE(plan.error().message.find(path.toStdString()), std::string::npos) << plan.error().message;
}

TEST(PlanJson, InvalidJsonFileGivesTheOffset)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"schema_version": 1, "agent": })");
    file.close();
    const auto plan = io::loadPlanFile(path);
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().code, "invalid_json");
    EXPECT_NE(plan.error().message.find("offset"), std::string::npos) << plan.error().message;
}

// ---- the JSON Schema ---------------------------------------------------------------------

namespace {

// Follows "$ref": "#/$defs/<name>" (the only kind of reference the schema uses).
QJsonObject resolve(const QJsonObject &schema, const QJsonObject &node, QString &location)
{
    const QString ref = node.value(QStringLiteral("$ref")).toString();
    if (ref.isEmpty())
        return node;
    location = ref;
    return schema.value(QStringLiteral("$defs")).toObject().value(ref.section(QLatin1Char('/'), -1)).toObject();
}

// Every property the schema declares, as "location.key".
void schemaProperties(const QJsonObject &schema, const QJsonObject &node, QString location, std::set<std::string> &out)
{
    const QJsonObject n = resolve(schema, node, location);
    if (n.contains(QStringLiteral("items")))
        schemaProperties(schema, n.value(QStringLiteral("items")).toObject(), location + QStringLiteral("[]"), out);
    const QJsonObject properties = n.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        out.insert((location + QLatin1Char('.') + it.key()).toStdString());
        schemaProperties(schema, it.value().toObject(), location + QLatin1Char('.') + it.key(), out);
    }
}

// Walks a document alongside the schema: every key must be declared (objects are closed),
// every enum value listed. Collects the properties the document exercises.
void walk(const QJsonObject &schema, const QJsonObject &node, const QJsonValue &value, QString location,
          std::set<std::string> &seen)
{
    const QJsonObject n = resolve(schema, node, location);
    if (n.contains(QStringLiteral("enum"))) {
        EXPECT_TRUE(n.value(QStringLiteral("enum")).toArray().contains(value)) << location.toStdString();
    }
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            walk(schema, n.value(QStringLiteral("items")).toObject(), item, location + QStringLiteral("[]"), seen);
    } else if (value.isObject()) {
        EXPECT_EQ(n.value(QStringLiteral("additionalProperties")), QJsonValue(false)) << location.toStdString();
        const QJsonObject properties = n.value(QStringLiteral("properties")).toObject();
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString path = location + QLatin1Char('.') + it.key();
            EXPECT_TRUE(properties.contains(it.key())) << "not in the schema: " << path.toStdString();
            seen.insert(path.toStdString());
            walk(schema, properties.value(it.key()).toObject(), it.value(), path, seen);
        }
    }
}

} // namespace

TEST(PlanSchema, IsValidJsonOfDraft2020_12)
{
    const QJsonObject schema = readJsonObject(sourcePath("resources/schema/plan.schema.json"));
    EXPECT_EQ(schema.value(QStringLiteral("$schema")).toString(), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
    EXPECT_EQ(schema.value(QStringLiteral("additionalProperties")), QJsonValue(false));
}

TEST(PlanSchema, DeclaresExactlyTheFieldsTheCodecAccepts)
{
    const QJsonObject schema = readJsonObject(sourcePath("resources/schema/plan.schema.json"));
    // The shipped plan written back exercises every field the codec reads.
    const QJsonObject document = io::planToJson(shippedPlan());
    ASSERT_TRUE(io::parsePlan(document).ok());
    std::set<std::string> seen;
    walk(schema, schema, document, QString(), seen);
    std::set<std::string> declared;
    schemaProperties(schema, schema, QString(), declared);
    EXPECT_EQ(seen, declared);
}

TEST(PlanSchema, ShippedPlanUsesOnlyDeclaredFields)
{
    const QJsonObject schema = readJsonObject(sourcePath("resources/schema/plan.schema.json"));
    std::set<std::string> seen;
    walk(schema, schema, readJsonObject(ShippedPlan), QString(), seen);
}
