#include "decisionjson.h"

#include "evidencejson.h"
#include "jsonvalue.h"

#include <QJsonArray>

namespace rampart::io {

using namespace rampart::rollout;

namespace {

QJsonValue optionalNumber(const std::optional<double> &value)
{
    return value ? toJson(*value) : QJsonValue(QJsonValue::Null);
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonArray argsJson(const ReasonArgs &args)
{
    QJsonArray out;
    for (const ReasonArg &a : args) {
        QJsonObject o{{QStringLiteral("name"), qs(a.name)}};
        if (a.number) {
            o.insert(QStringLiteral("value"), toJson(*a.number));
            o.insert(QStringLiteral("unit"), qs(a.unit));
        } else {
            o.insert(QStringLiteral("value"), qs(a.text));
        }
        out.append(o);
    }
    return out;
}

QJsonArray reasonsJson(const std::vector<Reason> &reasons)
{
    QJsonArray out;
    for (const Reason &r : reasons) {
        out.append(QJsonObject{{QStringLiteral("code"), qs(r.code)},
                               {QStringLiteral("gate"), qs(r.gate)},
                               {QStringLiteral("message"), qs(r.message)},
                               {QStringLiteral("observed"), optionalNumber(r.observed)},
                               {QStringLiteral("threshold"), optionalNumber(r.threshold)},
                               {QStringLiteral("args"), argsJson(r.args)}});
    }
    return out;
}

QJsonArray gatesJson(const std::vector<GateRow> &gates)
{
    QJsonArray out;
    for (const GateRow &g : gates) {
        out.append(QJsonObject{{QStringLiteral("gate"), qs(g.gate)},
                               {QStringLiteral("label"), qs(g.label)},
                               {QStringLiteral("status"), QString::fromLatin1(gateStatusName(g.status))},
                               {QStringLiteral("detail"), qs(g.detail)},
                               {QStringLiteral("observed"), optionalNumber(g.observed)},
                               {QStringLiteral("threshold"), optionalNumber(g.threshold)},
                               {QStringLiteral("code"), qs(g.code)},
                               {QStringLiteral("args"), argsJson(g.args)}});
    }
    return out;
}

QJsonArray metricsJson(const std::vector<MetricAnalysis> &metrics)
{
    QJsonArray out;
    for (const MetricAnalysis &m : metrics) {
        out.append(QJsonObject{{QStringLiteral("metric"), qs(m.metric)},
                               {QStringLiteral("role"), qs(m.role)},
                               {QStringLiteral("test"), qs(m.test)},
                               {QStringLiteral("control_mean"), toJson(m.controlMean)},
                               {QStringLiteral("treatment_mean"), toJson(m.treatmentMean)},
                               {QStringLiteral("relative_change"), optionalNumber(m.relativeChange)},
                               {QStringLiteral("p_value"), optionalNumber(m.pValue)},
                               {QStringLiteral("adjusted_p_value"), optionalNumber(m.adjustedPValue)},
                               {QStringLiteral("significant"), m.significant},
                               {QStringLiteral("degraded"), m.degraded},
                               {QStringLiteral("z"), optionalNumber(m.z)},
                               {QStringLiteral("information"), optionalNumber(m.information)},
                               {QStringLiteral("strata"), m.strata},
                               {QStringLiteral("statistic"), qs(m.statistic)},
                               {QStringLiteral("non_inferiority_p_value"), optionalNumber(m.nonInferiorityP)}});
    }
    return out;
}

QJsonObject sampleJson(const SampleRequirement &s)
{
    return QJsonObject{
        {QStringLiteral("required_treatment"), static_cast<double>(s.requiredTreatment)},
        {QStringLiteral("required_control"), static_cast<double>(s.requiredControl)},
        {QStringLiteral("treatment"), static_cast<double>(s.treatment)},
        {QStringLiteral("control"), static_cast<double>(s.control)},
        {QStringLiteral("units_per_hour"), toJson(s.unitsPerHour)},
        {QStringLiteral("projected_wait_hours"),
         s.projectedWait ? toJson(static_cast<double>(s.projectedWait->count()) / 3600.0) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("information_fraction"), toJson(s.informationFraction)},
        {QStringLiteral("maximum_information"), toJson(s.maximumInformation)}};
}

QJsonValue lookJson(const std::optional<Look> &look)
{
    if (!look)
        return QJsonValue::Null;
    QJsonArray crossed;
    for (const std::string &m : look->crossedMetrics)
        crossed.append(qs(m));
    return QJsonObject{{QStringLiteral("index"), look->index},
                       {QStringLiteral("information_fraction"), toJson(look->informationFraction)},
                       {QStringLiteral("boundary_z"), toJson(look->boundaryZ)},
                       {QStringLiteral("nominal_alpha"), toJson(look->nominalAlpha)},
                       {QStringLiteral("taken"), look->taken},
                       {QStringLiteral("crossed"), look->crossed},
                       {QStringLiteral("next_look_at"), optionalNumber(look->nextLookAt)},
                       {QStringLiteral("crossed_metrics"), crossed},
                       {QStringLiteral("final"), look->final},
                       {QStringLiteral("futility_z"), optionalNumber(look->futilityZ)}};
}

} // namespace

QJsonObject decisionToJson(const Decision &decision)
{
    QJsonObject breaches;
    for (const auto &[gate, count] : decision.consecutiveBreaches)
        breaches.insert(qs(gate), count);
    const QString action = QString::fromLatin1(actionName(decision.action));
    return QJsonObject{
        {QStringLiteral("decision"), action},
        {QStringLiteral("action"), action},
        {QStringLiteral("reason"), decision.reasons.empty() ? QString() : qs(decision.reasons.front().message)},
        {QStringLiteral("current_percentage"), toJson(decision.currentPercentage)},
        {QStringLiteral("target_percentage"), toJson(decision.targetPercentage)},
        {QStringLiteral("evaluated_at"), formatTime(decision.evaluatedAt)},
        {QStringLiteral("reasons"), reasonsJson(decision.reasons)},
        {QStringLiteral("gates"), gatesJson(decision.gates)},
        {QStringLiteral("metrics"), metricsJson(decision.metrics)},
        {QStringLiteral("sample"), sampleJson(decision.sample)},
        {QStringLiteral("look"), lookJson(decision.look)},
        {QStringLiteral("consecutive_breaches"), breaches},
        {QStringLiteral("terminal"), decision.terminal}};
}

} // namespace rampart::io
