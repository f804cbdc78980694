#include "api/agentmetrics.h"

#include "api/apiservice.h"
#include "io/evidencejson.h"
#include "io/planjson.h"
#include "io/statsjson.h"
#include "rollout/gateengine.h"
#include "stats/contingency.h"
#include "stats/distributions.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace rampart::api {

namespace {

constexpr double Level = 0.95;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonValue number(std::optional<double> v)
{
    return v && std::isfinite(*v) ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

/// Mean and its 95% interval for one cohort of a metric.
QJsonObject cohortMean(const rollout::MetricSpec &spec, const rollout::CohortMetric &c)
{
    const auto &s = c.summary;
    std::optional<double> low, high;
    if (spec.kind == rollout::MetricKind::Binary && s.count() > 0) {
        if (auto ci = stats::wilsonInterval({s.successes(), s.count()}, Level)) {
            low = ci->low;
            high = ci->high;
        }
    } else if (s.count() >= 2) {
        const double half = stats::dist::studentTIsf((1 - Level) / 2, double(s.count() - 1)) * std::sqrt(s.variance() / double(s.count()));
        low = s.mean() - half;
        high = s.mean() + half;
    }
    return {{QStringLiteral("mean"), number(s.count() > 0 ? std::optional<double>(s.mean()) : std::nullopt)},
            {QStringLiteral("ci_low"), number(low)},
            {QStringLiteral("ci_high"), number(high)},
            {QStringLiteral("n"), double(s.count())}};
}

/// Relative improvement (direction-aware, as a fraction) with its 95% interval.
struct Improvement
{
    std::optional<double> value, low, high;
};

Improvement improvement(const rollout::MetricSpec &spec, const rollout::MetricEvidence &m)
{
    Improvement out;
    const auto &t = m.treatment.summary;
    const auto &c = m.control.summary;
    if (c.count() == 0 || t.count() == 0 || c.mean() == 0.0)
        return out;
    const bool lower = spec.direction == rollout::Direction::LowerIsBetter;
    const double lift = t.mean() / c.mean() - 1.0;
    out.value = lower ? -lift : lift;
    if (t.count() < 2 || c.count() < 2)
        return out;
    auto r = io::runStatsCommand(QStringLiteral("welch-t"),
                                 {{QStringLiteral("a"), QJsonObject{{QStringLiteral("n"), double(t.count())},
                                                                    {QStringLiteral("mean"), t.mean()},
                                                                    {QStringLiteral("sd"), std::sqrt(t.variance())}}},
                                  {QStringLiteral("b"), QJsonObject{{QStringLiteral("n"), double(c.count())},
                                                                    {QStringLiteral("mean"), c.mean()},
                                                                    {QStringLiteral("sd"), std::sqrt(c.variance())}}}});
    if (r && r->value(QStringLiteral("relative_lift")).isObject()) {
        const QJsonObject l = r->value(QStringLiteral("relative_lift")).toObject();
        const double lo = l.value(QStringLiteral("ci_low")).toDouble(), hi = l.value(QStringLiteral("ci_high")).toDouble();
        out.low = lower ? -hi : lo;
        out.high = lower ? -lo : hi;
    }
    return out;
}

std::optional<double> percent(std::optional<double> v)
{
    return v ? std::optional<double>(100.0 * *v) : std::nullopt;
}

const rollout::MetricEvidence *evidenceOf(const RolloutView &view, const std::string &metric)
{
    return view.assembled.evidence.metric(metric);
}

std::optional<double> uptime(const rollout::Plan &plan, const RolloutView &view)
{
    for (const rollout::ServiceGate &g : plan.serviceGates)
        if (isUptimeGate(g))
            if (const rollout::Gauge *gauge = view.assembled.evidence.gauge(g.name))
                return gauge->value;
    return std::nullopt;
}

double daysAtFull(const rollout::Plan &plan, const RolloutView &view)
{
    const rollout::RolloutState &s = view.loaded.state;
    if (!s.stage || s.percentage(plan) < 100.0 || s.status == rollout::RolloutStatus::RolledBack)
        return 0.0;
    return std::chrono::duration<double>(view.at - s.stageStartedAt).count() / 86400.0;
}

QJsonObject rowJson(const rollout::GateRow &row)
{
    return {{QStringLiteral("gate"), qs(row.gate)},
            {QStringLiteral("label"), qs(row.label)},
            {QStringLiteral("status"), QString::fromLatin1(rollout::gateStatusName(row.status))},
            {QStringLiteral("passes"), row.status == rollout::GateStatus::Pass},
            {QStringLiteral("observed"), number(row.observed)},
            {QStringLiteral("threshold"), number(row.threshold)},
            {QStringLiteral("detail"), qs(row.detail)}};
}

/// The final assessment exactly as the engine judges it (rollout::assessFinal): stability,
/// incidents and every final business gate on its measure, basis and minimum sample.
QJsonObject finalAssessmentJson(const rollout::Plan &plan, const RolloutView &view, QJsonObject out)
{
    const rollout::FinalAssessmentResult result
        = rollout::assessFinal(plan, view.loaded.state, view.assembled.evidence, view.at);
    const std::vector<rollout::BusinessGate> &gates = plan.finalAssessment.businessGates;
    const std::size_t first = result.rows.size() - std::min(result.rows.size(), gates.size());
    QJsonArray checks, gateRows;
    for (std::size_t i = 0; i < first; ++i)
        checks.append(rowJson(result.rows[i]));
    std::optional<double> accuracy, time, satisfaction;
    for (std::size_t i = 0; i < gates.size() && first + i < result.rows.size(); ++i) {
        const rollout::BusinessGate &g = gates[i];
        const rollout::GateRow &row = result.rows[first + i];
        const rollout::MetricSpec *spec = plan.metric(g.metric);
        const bool mannWhitney = g.measure == rollout::BusinessGate::Measure::MannWhitney;
        // The estimate: the improvement or mean itself; for Mann–Whitney its p-value.
        const std::optional<double> estimate
            = mannWhitney ? rollout::numberArgOf(row.args, "p_value") : rollout::numberArgOf(row.args, "estimate");
        QJsonObject o = rowJson(row);
        o.insert(QStringLiteral("metric"), qs(g.metric));
        o.insert(QStringLiteral("measure"), QLatin1String(io::measureName(g.measure)));
        o.insert(QStringLiteral("basis"),
                 mannWhitney ? QStringLiteral("p_value") : QString::fromLatin1(io::basisName(g.basis)));
        o.insert(QStringLiteral("min_samples"), double(g.minimumSamples));
        o.insert(QStringLiteral("estimate"), number(estimate));
        o.insert(QStringLiteral("judged"), number(row.observed));
        o.insert(QStringLiteral("observed"), number(estimate));
        o.insert(QStringLiteral("ci_low"), number(rollout::numberArgOf(row.args, "ci_low")));
        o.insert(QStringLiteral("ci_high"), number(rollout::numberArgOf(row.args, "ci_high")));
        if (mannWhitney)
            o.insert(QStringLiteral("probability_of_superiority"),
                     number(rollout::numberArgOf(row.args, "probability_of_superiority")));
        gateRows.append(o);
        if (g.measure == rollout::BusinessGate::Measure::TreatmentMean) {
            if (!satisfaction)
                satisfaction = estimate;
        } else if (mannWhitney) {
        } else if (spec && spec->direction == rollout::Direction::LowerIsBetter) {
            if (!time)
                time = percent(estimate);
        } else if (!accuracy) {
            accuracy = percent(estimate);
        }
    }
    out.insert(QStringLiteral("accuracy_improvement"), number(accuracy));
    out.insert(QStringLiteral("time_savings"), number(time));
    out.insert(QStringLiteral("satisfaction_score"), number(satisfaction));
    out.insert(QStringLiteral("gates"), gateRows);
    out.insert(QStringLiteral("checks"), checks);
    out.insert(QStringLiteral("days_at_100_percent"), daysAtFull(plan, view));
    out.insert(QStringLiteral("passes"), result.passes);
    return out;
}

} // namespace

bool isUptimeGate(const rollout::ServiceGate &gate)
{
    return gate.name.find("uptime") != std::string::npos;
}

QJsonObject agentMetricsCommon(const rollout::Plan &plan, const RolloutView &view)
{
    return {{QStringLiteral("agent"), qs(plan.agent)},
            {QStringLiteral("status"), QString::fromLatin1(rollout::statusName(view.loaded.state.status))},
            {QStringLiteral("percentage"), view.loaded.state.percentage(plan)},
            {QStringLiteral("at"), io::formatTime(view.at)}};
}

std::vector<StageWindow> stageWindows(const std::vector<rollout::TransitionEvent> &history, double percentage,
                                      rollout::TimePoint now)
{
    const auto at = [percentage](double p) { return std::fabs(p - percentage) < 1e-9; };
    std::vector<StageWindow> windows;
    std::optional<rollout::TimePoint> open;
    for (const rollout::TransitionEvent &e : history) {
        // Moving within the stage (a hold, a resume at the same percentage) neither opens nor closes.
        const bool into = at(e.toPercentage) && e.toStatus != rollout::RolloutStatus::RolledBack
            && (!at(e.fromPercentage) || e.fromStatus == rollout::RolloutStatus::Pending
                || e.fromStatus == rollout::RolloutStatus::RolledBack);
        const bool outOf = open && (!at(e.toPercentage) || e.toStatus == rollout::RolloutStatus::RolledBack);
        if (outOf) {
            windows.push_back({*open, e.at});
            open.reset();
        }
        if (into && !open)
            open = e.at;
    }
    if (open)
        windows.push_back({*open, std::max(*open, now)});
    return windows;
}

Result<QJsonObject> agentMetricsJson(const rollout::Plan &plan, const RolloutView &view, const QString &which)
{
    QJsonObject out = agentMetricsCommon(plan, view);
    const std::string treatment = plan.treatmentCohort, control = plan.controlCohort;
    if (which == QLatin1String("stability")) {
        out.insert(QStringLiteral("incidents_count"), view.assembled.evidence.incidents);
        out.insert(QStringLiteral("incidents_window"), QStringLiteral("stage"));
        out.insert(QStringLiteral("uptime_percentage"), number(uptime(plan, view)));
        out.insert(QStringLiteral("stage"), view.loaded.state.percentage(plan));
        out.insert(QStringLiteral("stage_source"), QStringLiteral("current"));
        return out;
    }
    if (which == QLatin1String("comparison")) {
        QJsonArray metrics;
        for (const rollout::MetricSpec &spec : plan.metrics) {
            const rollout::MetricEvidence *m = evidenceOf(view, spec.name);
            if (!m)
                continue;
            const QJsonObject t = cohortMean(spec, m->treatment), c = cohortMean(spec, m->control);
            out.insert(qs(treatment + "_" + spec.name), t.value(QStringLiteral("mean")));
            out.insert(qs(control + "_" + spec.name), c.value(QStringLiteral("mean")));
            const Improvement imp = improvement(spec, *m);
            metrics.append(QJsonObject{{QStringLiteral("metric"), qs(spec.name)},
                                       {qs(treatment), t},
                                       {qs(control), c},
                                       {QStringLiteral("relative_improvement"), number(imp.value)},
                                       {QStringLiteral("relative_improvement_ci_low"), number(imp.low)},
                                       {QStringLiteral("relative_improvement_ci_high"), number(imp.high)}});
        }
        out.insert(QStringLiteral("metrics"), metrics);
        out.insert(QStringLiteral("ci_level"), Level);
        return out;
    }
    if (which == QLatin1String("business-impact")) {
        // The metric of the plan's first business gate (else the first primary metric).
        std::string metric;
        for (const rollout::StageSpec &st : plan.stages)
            if (metric.empty() && !st.businessGates.empty())
                metric = st.businessGates.front().metric;
        for (const rollout::MetricSpec &spec : plan.metrics)
            if (metric.empty() && spec.role == rollout::MetricRole::Primary)
                metric = spec.name;
        const rollout::MetricSpec *spec = plan.metric(metric);
        const rollout::MetricEvidence *m = spec ? evidenceOf(view, metric) : nullptr;
        const Improvement imp = m ? improvement(*spec, *m) : Improvement{};
        out.insert(QStringLiteral("metric"), qs(metric));
        out.insert(QStringLiteral("improvement_percentage"), number(percent(imp.value)));
        out.insert(QStringLiteral("ci_low"), number(percent(imp.low)));
        out.insert(QStringLiteral("ci_high"), number(percent(imp.high)));
        out.insert(QStringLiteral("ci_level"), Level);
        return out;
    }
    if (which == QLatin1String("long-term-stability")) {
        out.insert(QStringLiteral("incidents_count"), view.rolloutIncidents ? QJsonValue(*view.rolloutIncidents) : QJsonValue());
        out.insert(QStringLiteral("incidents_window"), QStringLiteral("rollout"));
        out.insert(QStringLiteral("days_at_100_percent"), daysAtFull(plan, view));
        out.insert(QStringLiteral("stability_days_required"),
                   std::chrono::duration<double>(plan.finalAssessment.stabilityPeriod).count() / 86400.0);
        return out;
    }
    if (which == QLatin1String("final-assessment"))
        return finalAssessmentJson(plan, view, out);
    return makeError("not_found", "", "No agent metric \"" + which.toStdString()
                                          + "\" (stability, comparison, business-impact, long-term-stability, final-assessment).");
}

QByteArray prometheusExposition(const rollout::Plan &plan, const RolloutView &view, std::optional<double> lastFlagWriteSeconds)
{
    QByteArray t;
    const QByteArray agent = "agent=\"" + QByteArray::fromStdString(plan.agent) + "\"";
    const auto gauge = [&](const char *name, const char *help) {
        t += QByteArray("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
    };
    const auto num = [](double v) { return std::isfinite(v) ? QByteArray::number(v, 'g', 17) : QByteArray("NaN"); };
    const rollout::RolloutState &s = view.loaded.state;
    gauge("rampart_rollout_percentage", "Share of units on the new behaviour, as read from the flag (0-100).");
    t += "rampart_rollout_percentage{" + agent + "} "
        + num(view.assembled.flag ? view.assembled.flag->percentage : s.percentage(plan)) + "\n";
    gauge("rampart_rollout_flag_version", "Version of the rollout flag (bumped by every write).");
    t += "rampart_rollout_flag_version{" + agent + "} " + num(view.assembled.flag ? double(view.assembled.flag->version) : 0) + "\n";
    gauge("rampart_rollout_stage_index", "Index of the current plan stage (-1 before the start or after a full rollback).");
    t += "rampart_rollout_stage_index{" + agent + "} " + num(s.stage ? double(*s.stage) : -1.0) + "\n";
    gauge("rampart_rollout_status", "1 for the rollout's current status.");
    for (auto st : {rollout::RolloutStatus::Pending, rollout::RolloutStatus::Running, rollout::RolloutStatus::Holding,
                    rollout::RolloutStatus::AwaitingSignOff, rollout::RolloutStatus::RolledBack, rollout::RolloutStatus::Completed})
        t += "rampart_rollout_status{" + agent + ",status=\"" + rollout::statusName(st) + "\"} " + (s.status == st ? "1" : "0") + "\n";
    gauge("rampart_rollout_decision", "1 for the gate engine's current decision on the saved state.");
    for (auto a : {rollout::Action::Advance, rollout::Action::Hold, rollout::Action::Rollback, rollout::Action::Complete})
        t += "rampart_rollout_decision{" + agent + ",decision=\"" + rollout::actionName(a) + "\"} "
            + (view.decision && view.decision->action == a ? "1" : "0") + "\n";
    gauge("rampart_gate_status", "Gate state: 1 pass, 0 pending, -1 fail.");
    if (view.decision)
        for (const rollout::GateRow &g : view.decision->gates)
            t += "rampart_gate_status{" + agent + ",gate=\"" + QByteArray::fromStdString(g.gate) + "\"} "
                + (g.status == rollout::GateStatus::Pass ? "1" : g.status == rollout::GateStatus::Fail ? "-1" : "0") + "\n";
    gauge("rampart_sequential_looks_taken", "Sequential looks taken so far.");
    t += "rampart_sequential_looks_taken{" + agent + "} " + QByteArray::number(qsizetype(s.looks.size())) + "\n";
    gauge("rampart_evidence_missing_parts", "Parts of the evidence that could not be read at the last assembly.");
    t += "rampart_evidence_missing_parts{" + agent + "} " + QByteArray::number(qsizetype(view.assembled.missing.size())) + "\n";
    gauge("rampart_flag_write_latency_seconds", "Latency of the last flag write through the API, confirmed by the controller.");
    if (lastFlagWriteSeconds)
        t += "rampart_flag_write_latency_seconds{" + agent + "} " + num(*lastFlagWriteSeconds) + "\n";
    gauge("rampart_metric_mean", "Mean of each plan metric per cohort since the rollout started.");
    for (const rollout::MetricEvidence &m : view.assembled.evidence.metrics)
        for (const auto &[cohort, c] : {std::pair{plan.controlCohort, &m.control}, std::pair{plan.treatmentCohort, &m.treatment}})
            if (c->summary.count() > 0)
                t += "rampart_metric_mean{" + agent + ",metric=\"" + QByteArray::fromStdString(m.metric) + "\",cohort=\""
                    + QByteArray::fromStdString(cohort) + "\"} " + num(c->summary.mean()) + "\n";
    return t;
}

} // namespace rampart::api
