#include "planjson.h"

#include "jsonvalue.h"

#include <QJsonArray>

#include <array>
#include <climits>
#include <cmath>
#include <optional>
#include <utility>

namespace rampart::io {

using namespace rampart::rollout;

namespace {

constexpr double SecondsPerHour = 3600.0;
constexpr double SecondsPerDay = 86400.0;
// Keeps llround() defined; ~31 million years is no one's dwell time.
constexpr double MaxDurationSeconds = 1e15;

template <typename E>
struct Choice
{
    const char *name;
    E value;
};

constexpr std::array<Choice<MetricKind>, 4> MetricKinds{{{"binary", MetricKind::Binary},
                                                         {"continuous", MetricKind::Continuous},
                                                         {"ordinal", MetricKind::Ordinal},
                                                         {"latency", MetricKind::Latency}}};
constexpr std::array<Choice<MetricRole>, 3> MetricRoles{{{"primary", MetricRole::Primary},
                                                         {"guardrail", MetricRole::Guardrail},
                                                         {"business", MetricRole::Business}}};
constexpr std::array<Choice<Direction>, 2> Directions{{{"higher_is_better", Direction::HigherIsBetter},
                                                       {"lower_is_better", Direction::LowerIsBetter}}};
constexpr std::array<Choice<MetricTest>, 7> MetricTests{{{"auto", MetricTest::Auto},
                                                         {"welch-t", MetricTest::WelchT},
                                                         {"student-t", MetricTest::StudentT},
                                                         {"proportions-z", MetricTest::ProportionsZ},
                                                         {"chi2", MetricTest::ChiSquare},
                                                         {"fisher", MetricTest::Fisher},
                                                         {"mann-whitney", MetricTest::MannWhitney}}};
constexpr std::array<Choice<Comparison>, 2> Comparisons{{{"below", Comparison::Below},
                                                         {"above", Comparison::Above}}};
constexpr std::array<Choice<BusinessGate::Measure>, 3> Measures{
    {{"relative_improvement", BusinessGate::Measure::RelativeImprovement},
     {"treatment_mean", BusinessGate::Measure::TreatmentMean},
     {"mann_whitney", BusinessGate::Measure::MannWhitney}}};
constexpr std::array<Choice<BusinessGate::Basis>, 2> Bases{
    {{"confidence_bound", BusinessGate::Basis::ConfidenceBound}, {"estimate", BusinessGate::Basis::Estimate}}};

std::string str(const QString &s)
{
    return s.toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

template <typename E, std::size_t N>
const char *nameOf(const std::array<Choice<E>, N> &choices, E value)
{
    for (const Choice<E> &c : choices)
        if (c.value == value)
            return c.name;
    return choices.front().name;
}

template <typename E, std::size_t N>
std::string choiceList(const std::array<Choice<E>, N> &choices)
{
    std::string list;
    for (const Choice<E> &c : choices)
        list += (list.empty() ? "\"" : ", \"") + std::string(c.name) + "\"";
    return list;
}

Error invalidChoice(const JsonReader &reader, const QString &key, const QString &value, const std::string &choices)
{
    const std::string path = str(reader.pathOf(key));
    return makeError(errc::InvalidArgument, path,
                     "\"" + path + "\" must be one of " + choices + ", not \"" + str(value) + "\".");
}

/// A string field naming one of `choices`; required when there is no fallback.
template <typename E, std::size_t N>
E readChoice(JsonReader &reader, const QString &key, const std::array<Choice<E>, N> &choices,
             std::optional<E> fallback = std::nullopt)
{
    const QString name = fallback ? reader.string(key, QString::fromLatin1(nameOf(choices, *fallback)))
                                  : reader.string(key);
    if (reader.failed())
        return fallback.value_or(choices.front().value);
    for (const Choice<E> &c : choices)
        if (name == QLatin1String(c.name))
            return c.value;
    reader.fail(invalidChoice(reader, key, name, choiceList(choices)));
    return fallback.value_or(choices.front().value);
}

int readInt(JsonReader &reader, const QString &key, int fallback)
{
    const std::int64_t value = reader.count(key, fallback);
    if (value > INT_MAX) {
        const std::string path = str(reader.pathOf(key));
        reader.fail(makeError(errc::InvalidArgument, path, "\"" + path + "\" must be at most " + std::to_string(INT_MAX) + "."));
        return fallback;
    }
    return static_cast<int>(value);
}

/// A (possibly fractional) number of `unitSeconds` units, rounded to whole seconds.
Duration readDuration(JsonReader &reader, const QString &key, double unitSeconds, std::optional<double> fallback)
{
    const double units = fallback ? reader.number(key, *fallback) : reader.number(key);
    const double seconds = units * unitSeconds;
    if (!(std::fabs(seconds) < MaxDurationSeconds)) {
        const std::string path = str(reader.pathOf(key));
        reader.fail(makeError(errc::InvalidArgument, path, "\"" + path + "\" is out of range."));
        return Duration{0};
    }
    return Duration{std::llround(seconds)};
}

/// An array of objects, each read by `readItem` with its own path ("stages[2]") and its own
/// unknown-field check; the first error is handed to `reader`.
template <typename T, typename ReadItem>
std::vector<T> readObjects(JsonReader &reader, const QString &key, bool required, ReadItem readItem)
{
    const QJsonValue value = reader.value(key);
    const std::string path = str(reader.pathOf(key));
    if (value.isUndefined()) {
        if (required)
            reader.fail(makeError(jsonerrc::MissingField, path, "The required field \"" + path + "\" is missing."));
        return {};
    }
    if (!value.isArray()) {
        reader.fail(makeError(jsonerrc::WrongType, path, "\"" + path + "\" must be an array of objects."));
        return {};
    }
    const QJsonArray array = value.toArray();
    std::vector<T> out;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = reader.pathOf(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        if (!array.at(i).isObject()) {
            reader.fail(makeError(jsonerrc::WrongType, str(itemPath), "\"" + str(itemPath) + "\" must be an object."));
            return {};
        }
        JsonReader item(array.at(i).toObject(), itemPath);
        T element = readItem(item);
        if (auto e = item.finish()) {
            reader.fail(*e);
            return {};
        }
        out.push_back(std::move(element));
    }
    return out;
}

MetricSpec readMetric(JsonReader &r)
{
    MetricSpec m;
    m.name = str(r.string(QStringLiteral("name")));
    m.label = str(r.string(QStringLiteral("label"), QString()));
    m.kind = readChoice(r, QStringLiteral("kind"), MetricKinds);
    m.direction = readChoice(r, QStringLiteral("direction"), Directions);
    m.role = readChoice(r, QStringLiteral("role"), MetricRoles);
    m.minimumDetectableEffect = r.number(QStringLiteral("minimum_detectable_effect"), m.minimumDetectableEffect);
    m.nonInferiorityMargin = r.number(QStringLiteral("non_inferiority_margin"), m.nonInferiorityMargin);
    m.test = readChoice(r, QStringLiteral("test"), MetricTests, std::optional(m.test));
    m.levels = readInt(r, QStringLiteral("levels"), m.levels);
    return m;
}

ServiceGate readServiceGate(JsonReader &r)
{
    ServiceGate g;
    g.name = str(r.string(QStringLiteral("name")));
    g.label = str(r.string(QStringLiteral("label"), QString()));
    g.comparison = readChoice(r, QStringLiteral("comparison"), Comparisons, std::optional(g.comparison));
    g.threshold = r.number(QStringLiteral("threshold"));
    g.query = str(r.string(QStringLiteral("query"), QString()));
    return g;
}

BusinessGate readBusinessGate(JsonReader &r)
{
    BusinessGate g;
    g.metric = str(r.string(QStringLiteral("metric")));
    g.measure = readChoice(r, QStringLiteral("measure"), Measures, std::optional(g.measure));
    g.threshold = r.number(QStringLiteral("threshold"));
    g.basis = readChoice(r, QStringLiteral("basis"), Bases, std::optional(g.basis));
    g.minimumSamples = r.count(QStringLiteral("min_samples"), g.minimumSamples);
    return g;
}

SignOffRule readSignOff(JsonReader &r)
{
    SignOffRule rule;
    if (!r.has(QStringLiteral("sign_off")))
        return rule;
    JsonReader s = r.object(QStringLiteral("sign_off"));
    rule.approvers = readInt(s, QStringLiteral("approvers"), rule.approvers);
    rule.role = str(s.string(QStringLiteral("role"), qstr(rule.role)));
    s.finish();
    return rule;
}

StageSpec readStage(JsonReader &r)
{
    StageSpec s;
    s.name = str(r.string(QStringLiteral("name"), QString()));
    s.percentage = r.number(QStringLiteral("percentage"));
    s.minimumDwell = readDuration(r, QStringLiteral("min_dwell_hours"), SecondsPerHour, std::nullopt);
    s.requireSignificance = r.boolean(QStringLiteral("require_significance"), s.requireSignificance);
    s.minimumSamplesPerCohort = r.count(QStringLiteral("min_samples_per_cohort"), s.minimumSamplesPerCohort);
    if (r.has(QStringLiteral("max_incidents")))
        s.maximumIncidents = readInt(r, QStringLiteral("max_incidents"), 0);
    s.businessGates = readObjects<BusinessGate>(r, QStringLiteral("business_gates"), false, readBusinessGate);
    s.signOff = readSignOff(r);
    return s;
}

FinalAssessment readFinalAssessment(JsonReader &reader)
{
    FinalAssessment f;
    if (!reader.has(QStringLiteral("final_assessment")))
        return f;
    JsonReader r = reader.object(QStringLiteral("final_assessment"));
    f.stabilityPeriod = readDuration(r, QStringLiteral("stability_days"), SecondsPerDay, 0.0);
    // validatePlan() checks stage dwell but not this one; a negative period is never meant.
    if (f.stabilityPeriod.count() < 0)
        r.fail(makeError(errc::InvalidArgument, "final_assessment.stability_days",
                         "final_assessment.stability_days must not be negative."));
    f.maximumIncidents = readInt(r, QStringLiteral("max_incidents"), f.maximumIncidents);
    f.businessGates = readObjects<BusinessGate>(r, QStringLiteral("business_gates"), false, readBusinessGate);
    r.finish();
    return f;
}

void readSchemaVersion(JsonReader &reader)
{
    const double version = reader.number(QStringLiteral("schema_version"));
    if (!reader.failed() && version != PlanSchemaVersion)
        reader.fail(makeError(errc::InvalidArgument, "schema_version",
                              "schema_version " + str(QString::number(version)) + " is not supported; this Rampart reads "
                                  + "schema_version " + std::to_string(PlanSchemaVersion) + "."));
}

void readCohorts(JsonReader &reader, Plan &plan)
{
    if (!reader.has(QStringLiteral("cohorts")))
        return;
    JsonReader cohorts = reader.object(QStringLiteral("cohorts"));
    plan.controlCohort = str(cohorts.string(QStringLiteral("control"), qstr(plan.controlCohort)));
    plan.treatmentCohort = str(cohorts.string(QStringLiteral("treatment"), qstr(plan.treatmentCohort)));
    cohorts.finish();
}

void readDesign(JsonReader &reader, Plan &plan)
{
    plan.alpha = reader.number(QStringLiteral("alpha"), plan.alpha);
    plan.power = reader.number(QStringLiteral("power"), plan.power);

    const QString spending = reader.string(QStringLiteral("spending"), QString::fromUtf8(stats::spendingFunctionName(plan.spending)));
    if (const auto parsed = stats::parseSpendingFunction(str(spending)))
        plan.spending = *parsed;
    else if (!reader.failed())
        reader.fail(invalidChoice(reader, QStringLiteral("spending"), spending, "\"obrien-fleming\", \"pocock\""));

    const QString method = reader.string(QStringLiteral("multiple_testing"), QString::fromUtf8(stats::adjustMethodName(plan.adjustment)));
    if (const auto parsed = stats::parseAdjustMethod(str(method)))
        plan.adjustment = *parsed;
    else if (!reader.failed())
        reader.fail(invalidChoice(reader, QStringLiteral("multiple_testing"), method, "\"holm\", \"bonferroni\", \"bh\""));

    plan.srmThreshold = reader.number(QStringLiteral("srm_threshold"), plan.srmThreshold);
    plan.breachesBeforeRollback = readInt(reader, QStringLiteral("breaches_before_rollback"), plan.breachesBeforeRollback);
    plan.telemetryMaxAge = Duration{reader.count(QStringLiteral("telemetry_max_age_s"), plan.telemetryMaxAge.count())};
    plan.guardrailAlpha = reader.number(QStringLiteral("guardrail_alpha"), plan.guardrailAlpha);
    plan.minimumGuardrailSamples = reader.count(QStringLiteral("min_guardrail_samples"), plan.minimumGuardrailSamples);
    plan.looks = readInt(reader, QStringLiteral("looks"), plan.looks);
    plan.futility = reader.boolean(QStringLiteral("futility"), plan.futility);
    plan.clockSkew = Duration{reader.count(QStringLiteral("clock_skew_s"), plan.clockSkew.count())};
    plan.evidenceMaxAge = Duration{reader.count(QStringLiteral("evidence_max_age_s"), plan.evidenceMaxAge.count())};
}

QJsonArray businessGatesToJson(const std::vector<BusinessGate> &gates)
{
    QJsonArray array;
    for (const BusinessGate &g : gates)
        array.append(QJsonObject{{QStringLiteral("metric"), qstr(g.metric)},
                                 {QStringLiteral("measure"), QLatin1String(measureName(g.measure))},
                                 {QStringLiteral("threshold"), toJson(g.threshold)},
                                 {QStringLiteral("basis"), QLatin1String(basisName(g.basis))},
                                 {QStringLiteral("min_samples"), static_cast<double>(g.minimumSamples)}});
    return array;
}

void insertIfNotEmpty(QJsonObject &object, const QString &key, const std::string &value)
{
    if (!value.empty())
        object.insert(key, qstr(value));
}

QJsonObject metricToJson(const MetricSpec &m)
{
    QJsonObject o{{QStringLiteral("name"), qstr(m.name)},
                  {QStringLiteral("kind"), QLatin1String(metricKindName(m.kind))},
                  {QStringLiteral("direction"), QLatin1String(directionName(m.direction))},
                  {QStringLiteral("role"), QLatin1String(metricRoleName(m.role))},
                  {QStringLiteral("minimum_detectable_effect"), toJson(m.minimumDetectableEffect)},
                  {QStringLiteral("non_inferiority_margin"), toJson(m.nonInferiorityMargin)},
                  {QStringLiteral("test"), QLatin1String(metricTestName(m.test))}};
    insertIfNotEmpty(o, QStringLiteral("label"), m.label);
    if (m.levels != 0)
        o.insert(QStringLiteral("levels"), m.levels);
    return o;
}

QJsonObject serviceGateToJson(const ServiceGate &g)
{
    QJsonObject o{{QStringLiteral("name"), qstr(g.name)},
                  {QStringLiteral("comparison"), QLatin1String(comparisonName(g.comparison))},
                  {QStringLiteral("threshold"), toJson(g.threshold)}};
    insertIfNotEmpty(o, QStringLiteral("label"), g.label);
    insertIfNotEmpty(o, QStringLiteral("query"), g.query);
    return o;
}

QJsonObject stageToJson(const StageSpec &s)
{
    QJsonObject o{{QStringLiteral("percentage"), toJson(s.percentage)},
                  {QStringLiteral("min_dwell_hours"), static_cast<double>(s.minimumDwell.count()) / SecondsPerHour},
                  {QStringLiteral("require_significance"), s.requireSignificance},
                  {QStringLiteral("min_samples_per_cohort"), static_cast<double>(s.minimumSamplesPerCohort)},
                  {QStringLiteral("business_gates"), businessGatesToJson(s.businessGates)},
                  {QStringLiteral("sign_off"), QJsonObject{{QStringLiteral("approvers"), s.signOff.approvers},
                                                           {QStringLiteral("role"), qstr(s.signOff.role)}}}};
    insertIfNotEmpty(o, QStringLiteral("name"), s.name);
    if (s.maximumIncidents)
        o.insert(QStringLiteral("max_incidents"), *s.maximumIncidents);
    return o;
}

} // namespace

const char *metricKindName(MetricKind kind)
{
    return nameOf(MetricKinds, kind);
}

const char *metricRoleName(MetricRole role)
{
    return nameOf(MetricRoles, role);
}

const char *directionName(Direction direction)
{
    return nameOf(Directions, direction);
}

const char *metricTestName(MetricTest test)
{
    return nameOf(MetricTests, test);
}

const char *comparisonName(Comparison comparison)
{
    return nameOf(Comparisons, comparison);
}

const char *measureName(BusinessGate::Measure measure)
{
    return nameOf(Measures, measure);
}

const char *basisName(BusinessGate::Basis basis)
{
    return nameOf(Bases, basis);
}

Result<Plan> parsePlan(const QJsonObject &object)
{
    JsonReader reader(object);
    Plan plan;
    readSchemaVersion(reader);
    plan.agent = str(reader.string(QStringLiteral("agent")));
    plan.flag = str(reader.string(QStringLiteral("flag")));
    plan.flagAlias = str(reader.string(QStringLiteral("flag_alias"), QString()));
    readCohorts(reader, plan);
    readDesign(reader, plan);
    plan.metrics = readObjects<MetricSpec>(reader, QStringLiteral("metrics"), true, readMetric);
    plan.serviceGates = readObjects<ServiceGate>(reader, QStringLiteral("service_gates"), false, readServiceGate);
    plan.stages = readObjects<StageSpec>(reader, QStringLiteral("stages"), true, readStage);
    plan.finalAssessment = readFinalAssessment(reader);
    if (auto e = reader.finish())
        return *e;
    if (auto e = validatePlan(plan))
        return *e;
    return plan;
}

Result<Plan> loadPlanFile(const QString &path)
{
    auto object = loadJsonFile(path);
    if (!object)
        return object.error();
    return parsePlan(*object);
}

QJsonObject planToJson(const Plan &plan)
{
    QJsonArray metrics;
    for (const MetricSpec &m : plan.metrics)
        metrics.append(metricToJson(m));
    QJsonArray serviceGates;
    for (const ServiceGate &g : plan.serviceGates)
        serviceGates.append(serviceGateToJson(g));
    QJsonArray stages;
    for (const StageSpec &s : plan.stages)
        stages.append(stageToJson(s));
    const FinalAssessment &f = plan.finalAssessment;
    QJsonObject out{
        {QStringLiteral("schema_version"), PlanSchemaVersion},
        {QStringLiteral("agent"), qstr(plan.agent)},
        {QStringLiteral("flag"), qstr(plan.flag)},
        {QStringLiteral("cohorts"), QJsonObject{{QStringLiteral("control"), qstr(plan.controlCohort)},
                                                {QStringLiteral("treatment"), qstr(plan.treatmentCohort)}}},
        {QStringLiteral("alpha"), toJson(plan.alpha)},
        {QStringLiteral("power"), toJson(plan.power)},
        {QStringLiteral("spending"), QString::fromUtf8(stats::spendingFunctionName(plan.spending))},
        {QStringLiteral("multiple_testing"), QString::fromUtf8(stats::adjustMethodName(plan.adjustment))},
        {QStringLiteral("srm_threshold"), toJson(plan.srmThreshold)},
        {QStringLiteral("breaches_before_rollback"), plan.breachesBeforeRollback},
        {QStringLiteral("telemetry_max_age_s"), static_cast<double>(plan.telemetryMaxAge.count())},
        {QStringLiteral("guardrail_alpha"), toJson(plan.guardrailAlpha)},
        {QStringLiteral("min_guardrail_samples"), static_cast<double>(plan.minimumGuardrailSamples)},
        {QStringLiteral("looks"), plan.looks},
        {QStringLiteral("futility"), plan.futility},
        {QStringLiteral("clock_skew_s"), static_cast<double>(plan.clockSkew.count())},
        {QStringLiteral("evidence_max_age_s"), static_cast<double>(plan.evidenceMaxAge.count())},
        {QStringLiteral("metrics"), metrics},
        {QStringLiteral("service_gates"), serviceGates},
        {QStringLiteral("stages"), stages},
        {QStringLiteral("final_assessment"),
         QJsonObject{{QStringLiteral("stability_days"), static_cast<double>(f.stabilityPeriod.count()) / SecondsPerDay},
                     {QStringLiteral("max_incidents"), f.maximumIncidents},
                     {QStringLiteral("business_gates"), businessGatesToJson(f.businessGates)}}},
    };
    if (!plan.flagAlias.empty())
        out.insert(QStringLiteral("flag_alias"), qstr(plan.flagAlias));
    return out;
}

} // namespace rampart::io
