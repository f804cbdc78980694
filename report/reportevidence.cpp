// The evidence behind a report, for analysts: CSV (one row per stage and metric) and JSON.

#include "reportrender.h"

#include "io/evidencejson.h"
#include "rollout/decision.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace rampart::report {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonValue number(std::optional<double> v)
{
    if (!v || !std::isfinite(*v))
        return QJsonValue(QJsonValue::Null);
    return *v;
}

QJsonValue interval(std::optional<stats::ConfidenceInterval> ci)
{
    if (!ci)
        return QJsonValue(QJsonValue::Null);
    return QJsonArray{number(ci->low), number(ci->high)};
}

QString csvNumber(std::optional<double> v)
{
    if (!v || !std::isfinite(*v))
        return {};
    return QString::number(*v, 'g', 17);
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QJsonObject comparisonJson(const MetricComparison &c)
{
    return QJsonObject{{QStringLiteral("metric"), qs(c.metric)},
                       {QStringLiteral("role"), qs(c.role)},
                       {QStringLiteral("test"), qs(c.test)},
                       {QStringLiteral("n_control"), static_cast<double>(c.controlN)},
                       {QStringLiteral("n_treatment"), static_cast<double>(c.treatmentN)},
                       {QStringLiteral("mean_control"), c.controlMean},
                       {QStringLiteral("mean_treatment"), c.treatmentMean},
                       {QStringLiteral("difference"), number(c.difference)},
                       {QStringLiteral("difference_ci95"), interval(c.differenceCi)},
                       {QStringLiteral("relative_change"), number(c.relativeChange)},
                       {QStringLiteral("relative_change_ci95"), interval(c.relativeCi)},
                       {QStringLiteral("p_value_two_sided"), number(c.pValue)},
                       {QStringLiteral("engine_z"), number(c.engineZ)},
                       {QStringLiteral("engine_p"), number(c.engineP)},
                       {QStringLiteral("non_inferiority_p"), number(c.nonInferiorityP)}};
}

} // namespace

QByteArray evidenceCsv(const RolloutReport &report)
{
    QString out = QStringLiteral("stage,percentage,start,end,units_control,units_treatment,metric,role,test,n_control,n_treatment,"
                                 "mean_control,mean_treatment,difference,difference_ci_low,difference_ci_high,relative_change,"
                                 "relative_ci_low,relative_ci_high,p_two_sided,engine_z,engine_p,non_inferiority_p,"
                                 "information_fraction,look,boundary_z,nominal_alpha\n");
    for (const StageReport &s : report.stages) {
        for (const MetricComparison &c : s.metrics) {
            QStringList f{csvField(qs(s.name)),
                          csvNumber(s.percentage),
                          io::formatTime(s.start),
                          io::formatTime(s.end),
                          QString::number(s.controlUnits),
                          QString::number(s.treatmentUnits),
                          csvField(qs(c.metric)),
                          qs(c.role),
                          qs(c.test),
                          QString::number(c.controlN),
                          QString::number(c.treatmentN),
                          csvNumber(c.controlMean),
                          csvNumber(c.treatmentMean),
                          csvNumber(c.difference),
                          csvNumber(c.differenceCi ? std::optional<double>(c.differenceCi->low) : std::nullopt),
                          csvNumber(c.differenceCi ? std::optional<double>(c.differenceCi->high) : std::nullopt),
                          csvNumber(c.relativeChange),
                          csvNumber(c.relativeCi ? std::optional<double>(c.relativeCi->low) : std::nullopt),
                          csvNumber(c.relativeCi ? std::optional<double>(c.relativeCi->high) : std::nullopt),
                          csvNumber(c.pValue),
                          csvNumber(c.engineZ),
                          csvNumber(c.engineP),
                          csvNumber(c.nonInferiorityP),
                          csvNumber(s.informationFraction),
                          s.boundary ? QString::number(s.boundary->lookIndex) : QString(),
                          csvNumber(s.boundary ? std::optional<double>(s.boundary->boundaryZ) : std::nullopt),
                          csvNumber(s.boundary ? std::optional<double>(s.boundary->nominalAlpha) : std::nullopt)};
            out += f.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

QByteArray evidenceJson(const RolloutReport &report)
{
    QJsonArray stages;
    for (const StageReport &s : report.stages) {
        QJsonArray metrics;
        for (const MetricComparison &c : s.metrics)
            metrics.append(comparisonJson(c));
        QJsonArray gates;
        for (const rollout::GateRow &g : s.decision.gates)
            gates.append(QJsonObject{{QStringLiteral("gate"), qs(g.gate)},
                                     {QStringLiteral("status"), QString::fromLatin1(rollout::gateStatusName(g.status))},
                                     {QStringLiteral("code"), qs(g.code)},
                                     {QStringLiteral("observed"), number(g.observed)},
                                     {QStringLiteral("threshold"), number(g.threshold)},
                                     {QStringLiteral("detail"), qs(g.detail)}});
        QJsonArray signOffs;
        for (const rollout::SignOff &so : s.signOffs)
            signOffs.append(QJsonObject{{QStringLiteral("approver"), qs(so.approver)},
                                        {QStringLiteral("role"), qs(so.role)},
                                        {QStringLiteral("approve"), so.approve},
                                        {QStringLiteral("override"), so.override},
                                        {QStringLiteral("at"), io::formatTime(so.at)},
                                        {QStringLiteral("evidence_hash"), qs(so.evidenceHash)},
                                        {QStringLiteral("comment"), qs(so.comment)}});
        QJsonArray events;
        for (const rollout::TransitionEvent &e : s.events)
            events.append(QJsonObject{{QStringLiteral("at"), io::formatTime(e.at)},
                                      {QStringLiteral("actor"), qs(e.actor)},
                                      {QStringLiteral("from_status"), QString::fromLatin1(rollout::statusName(e.fromStatus))},
                                      {QStringLiteral("to_status"), QString::fromLatin1(rollout::statusName(e.toStatus))},
                                      {QStringLiteral("from_percentage"), e.fromPercentage},
                                      {QStringLiteral("to_percentage"), e.toPercentage},
                                      {QStringLiteral("reason"), qs(e.reason)},
                                      {QStringLiteral("evidence_hash"), qs(e.evidenceHash)},
                                      {QStringLiteral("override"), e.override}});
        QJsonArray incidents;
        for (const IncidentEntry &i : s.incidents)
            incidents.append(QJsonObject{{QStringLiteral("at"), io::formatTime(i.at)},
                                         {QStringLiteral("severity"), qs(i.severity)},
                                         {QStringLiteral("summary"), qs(i.summary)},
                                         {QStringLiteral("actor"), qs(i.actor)}});
        QJsonObject stage{{QStringLiteral("name"), qs(s.name)},
                          {QStringLiteral("percentage"), s.percentage},
                          {QStringLiteral("start"), io::formatTime(s.start)},
                          {QStringLiteral("end"), io::formatTime(s.end)},
                          {QStringLiteral("ongoing"), s.ongoing},
                          {QStringLiteral("units_control"), static_cast<double>(s.controlUnits)},
                          {QStringLiteral("units_treatment"), static_cast<double>(s.treatmentUnits)},
                          {QStringLiteral("metrics"), metrics},
                          {QStringLiteral("information_fraction"), number(s.informationFraction)},
                          {QStringLiteral("gates"), gates},
                          {QStringLiteral("sign_offs"), signOffs},
                          {QStringLiteral("transitions"), events},
                          {QStringLiteral("incidents"), incidents},
                          {QStringLiteral("evidence_hash"), qs(s.evidenceHash)}};
        if (s.boundary)
            stage.insert(QStringLiteral("look"), QJsonObject{{QStringLiteral("index"), s.boundary->lookIndex},
                                                             {QStringLiteral("information_fraction"), s.boundary->informationFraction},
                                                             {QStringLiteral("boundary_z"), s.boundary->boundaryZ},
                                                             {QStringLiteral("nominal_alpha"), s.boundary->nominalAlpha},
                                                             {QStringLiteral("efficacy_shown"), s.boundary->crossedAll}});
        stages.append(stage);
    }
    QJsonArray finalMetrics;
    for (const MetricComparison &c : report.final.metrics)
        finalMetrics.append(comparisonJson(c));
    const store::AuditVerification &v = report.audit.verification;
    QJsonObject audit{{QStringLiteral("verified"), report.audit.verified},
                      {QStringLiteral("rows_checked"), static_cast<double>(v.rowsChecked)},
                      {QStringLiteral("keyed_rows"), static_cast<double>(v.keyedRows)},
                      {QStringLiteral("unkeyed_rows"), static_cast<double>(v.unkeyedRows)},
                      {QStringLiteral("legacy_rows"), static_cast<double>(v.legacyRows)},
                      {QStringLiteral("unchecked_rows"), static_cast<double>(v.uncheckedRows)},
                      {QStringLiteral("first_bad_id"), v.firstBadId ? QJsonValue(static_cast<double>(*v.firstBadId)) : QJsonValue()},
                      {QStringLiteral("problem"), qs(v.problem)},
                      {QStringLiteral("error"), qs(report.audit.error)},
                      {QStringLiteral("last_hash"), qs(report.audit.lastHash)}};
    QJsonObject root{{QStringLiteral("agent"), qs(report.plan.agent)},
                     {QStringLiteral("flag"), qs(report.plan.flag)},
                     {QStringLiteral("source"), qs(report.source)},
                     {QStringLiteral("status"), qs(report.finalStatus)},
                     {QStringLiteral("percentage"), report.finalPercentage},
                     {QStringLiteral("rollout_start"), io::formatTime(report.rolloutStart)},
                     {QStringLiteral("evaluated_at"), io::formatTime(report.evaluatedAt)},
                     {QStringLiteral("stages"), stages},
                     {QStringLiteral("final_assessment"),
                      QJsonObject{{QStringLiteral("at"), io::formatTime(report.final.at)},
                                  {QStringLiteral("metrics"), finalMetrics},
                                  {QStringLiteral("satisfaction_mann_whitney_p"), number(report.final.satisfactionMannWhitneyP)},
                                  {QStringLiteral("satisfaction_treatment_ci95"), interval(report.final.satisfactionTreatmentCi)}}},
                     {QStringLiteral("audit"), audit}};
    if (report.latestLoadTest)
        root.insert(QStringLiteral("latest_load_test"),
                    QJsonObject{{QStringLiteral("percentage"), report.latestLoadTest->percentage},
                                {QStringLiteral("p95_latency_ms"), report.latestLoadTest->p95LatencyMs},
                                {QStringLiteral("error_rate"), report.latestLoadTest->errorRate},
                                {QStringLiteral("passed"), report.latestLoadTest->passed}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace rampart::report
