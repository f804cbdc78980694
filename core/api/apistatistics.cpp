// ApiService: the statistics endpoints (significance-test, sample-size). docs/api.md.

#include "api/apiservice.h"

#include "api/apihelpers.h"
#include "io/statsjson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace rampart::api {

using namespace detail;

namespace {

const rollout::CohortMetric *cohortOf(const rollout::MetricEvidence &m, const rollout::Plan &plan, const QString &cohort)
{
    if (cohort.toStdString() == plan.controlCohort)
        return &m.control;
    if (cohort.toStdString() == plan.treatmentCohort)
        return &m.treatment;
    return nullptr;
}

} // namespace

ApiResponse ApiService::sampleSize(const QJsonObject &body)
{
    if (!body.contains(QLatin1String("effect_size")))
        return errorResponse(400, "missing_field", "effect_size", "The required field \"effect_size\" is missing.");
    // A pure computation (a non-central t root solve, ~50 µs): answers are memoised by the
    // request's canonical JSON (QJsonObject keeps its keys sorted), at most SampleSizeMemoLimit
    // of them, the memo emptied when full.
    const QByteArray key = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (auto it = m_sampleSizeMemo.find(key); it != m_sampleSizeMemo.end())
        return it->second;
    auto out = io::runStatsCommand(QStringLiteral("sample-size"), body);
    ApiResponse answer
        = out ? json(200, *out) : errorResponse(400, out.error().code, out.error().field, out.error().message);
    if (m_sampleSizeMemo.size() >= SampleSizeMemoLimit)
        m_sampleSizeMemo.clear();
    m_sampleSizeMemo.emplace(key, answer);
    return answer;
}

namespace {

/// The p-value floor of significance-test (docs/api.md).
constexpr double PValueFloor = 1e-16;

/// What the decision itself uses for `metric`: the stratified z over the stages, the look's
/// boundary and whether it crossed, and the always-valid p; null when the view holds no
/// decision (a rollout not running) or the metric is not a primary.
QJsonValue sequentialJson(const RolloutView &view, const std::string &metric)
{
    if (!view.decision)
        return QJsonValue::Null;
    const rollout::Decision &d = *view.decision;
    const auto m = std::find_if(d.metrics.begin(), d.metrics.end(), [&](const rollout::MetricAnalysis &a) {
        return a.metric == metric && a.role == "primary";
    });
    if (m == d.metrics.end())
        return QJsonValue::Null;
    const auto num = [](std::optional<double> v) { return v && std::isfinite(*v) ? QJsonValue(*v) : QJsonValue(); };
    QJsonObject o{{QStringLiteral("test"), qs(m->test)},
                  {QStringLiteral("alternative"), QStringLiteral("one-sided, ML better")},
                  {QStringLiteral("z_stratified"), num(m->z)},
                  {QStringLiteral("strata"), m->strata},
                  {QStringLiteral("information"), num(m->information)},
                  {QStringLiteral("p_value_one_sided"),
                   num(m->pValue ? std::optional<double>(std::max(*m->pValue, PValueFloor)) : std::nullopt)},
                  {QStringLiteral("significant_at_this_look"), m->significant}};
    if (d.look) {
        o.insert(QStringLiteral("look"), d.look->index);
        o.insert(QStringLiteral("information_fraction"), d.look->informationFraction);
        o.insert(QStringLiteral("boundary_z"), d.look->boundaryZ);
        o.insert(QStringLiteral("nominal_alpha"), d.look->nominalAlpha);
        o.insert(QStringLiteral("crossed"), d.look->crossed);
    }
    return o;
}

} // namespace

ApiResponse ApiService::significance(const QJsonObject &body)
{
    const rollout::Plan &plan = m_views->plan();
    auto metric = optionalString(body, "metric");
    auto cohortA = optionalString(body, "cohort_a");
    auto cohortB = optionalString(body, "cohort_b");
    auto window = optionalString(body, "window");
    for (const auto *r : {&metric, &cohortA, &cohortB, &window})
        if (!*r)
            return fromError(r->error());
    const QString a = cohortA->value_or(qs(plan.controlCohort));
    const QString b = cohortB->value_or(qs(plan.treatmentCohort));
    for (const auto &[name, value] : {std::pair{"cohort_a", a}, std::pair{"cohort_b", b}})
        if (value.toStdString() != plan.controlCohort && value.toStdString() != plan.treatmentCohort)
            return errorResponse(400, "unknown_cohort", name,
                                 std::string(name) + " \"" + value.toStdString() + "\" is not a cohort of the plan ("
                                     + plan.controlCohort + " or " + plan.treatmentCohort + ").");
    if (a == b)
        return errorResponse(400, "invalid_argument", "cohort_b", "cohort_a and cohort_b must differ.");

    std::vector<std::string> names;
    if (*metric) {
        if (!plan.metric(metric->value().toStdString()))
            return errorResponse(400, "unknown_metric", "metric",
                                 "The plan has no metric \"" + metric->value().toStdString() + "\".");
        names.push_back(metric->value().toStdString());
    } else {
        for (const rollout::MetricSpec &m : plan.metrics)
            if (m.role == rollout::MetricRole::Primary)
                names.push_back(m.name);
    }

    auto view = m_views->view();
    if (!view)
        return fromError(view.error());
    std::vector<rollout::MetricEvidence> evidence = (*view)->assembled.evidence.metrics;
    QString windowName = QStringLiteral("rollout");
    if (*window && window->value() != QLatin1String("rollout")) {
        rollout::TimePoint from;
        const QString w = window->value();
        if (w == QLatin1String("stage")) {
            from = (*view)->loaded.state.stageStartedAt;
        } else {
            bool ok = false;
            const double n = w.left(w.size() - 1).toDouble(&ok);
            const QChar unit = w.isEmpty() ? QChar() : w.back();
            const double hours = unit == QLatin1Char('h') ? n : unit == QLatin1Char('d') ? 24 * n : -1;
            if (!ok || !(hours > 0) || hours > 24 * 3650)
                return errorResponse(400, "invalid_argument", "window",
                                     "window must be \"rollout\", \"stage\" or a duration like \"24h\" or \"7d\".");
            from = (*view)->at - std::chrono::seconds(static_cast<std::int64_t>(hours * 3600));
        }
        auto *b2 = m_views->backends();
        if (!b2)
            return errorResponse(503, "store_unavailable", "store", "The evidence store cannot be opened.");
        auto s = b2->store->summaries(plan.agent, plan.controlCohort, plan.treatmentCohort, from, (*view)->at);
        if (!s)
            return fromError(s.error());
        evidence = *s;
        windowName = w;
    }

    QJsonArray results;
    std::vector<double> pValues;
    std::int64_t minSample = -1;
    for (const std::string &name : names) {
        const rollout::MetricSpec *spec = plan.metric(name);
        auto it = std::find_if(evidence.begin(), evidence.end(), [&](const auto &m) { return m.metric == name; });
        if (it == evidence.end())
            return errorResponse(422, "insufficient_data", "metric", "There are no observations of " + name + " yet.");
        const rollout::CohortMetric *ca = cohortOf(*it, plan, a);
        const rollout::CohortMetric *cb = cohortOf(*it, plan, b);
        const auto &sa = ca->summary;
        const auto &sb = cb->summary;
        QJsonObject request;
        QString test;
        if (spec->kind == rollout::MetricKind::Binary) {
            test = QStringLiteral("proportions-z");
            request = {{QStringLiteral("a"), QJsonObject{{QStringLiteral("successes"), double(sb.successes())},
                                                          {QStringLiteral("trials"), double(sb.count())}}},
                       {QStringLiteral("b"), QJsonObject{{QStringLiteral("successes"), double(sa.successes())},
                                                          {QStringLiteral("trials"), double(sa.count())}}}};
        } else {
            test = QStringLiteral("welch-t");
            request = {{QStringLiteral("a"), QJsonObject{{QStringLiteral("n"), double(sb.count())},
                                                          {QStringLiteral("mean"), sb.mean()},
                                                          {QStringLiteral("sd"), std::sqrt(sb.variance())}}},
                       {QStringLiteral("b"), QJsonObject{{QStringLiteral("n"), double(sa.count())},
                                                          {QStringLiteral("mean"), sa.mean()},
                                                          {QStringLiteral("sd"), std::sqrt(sa.variance())}}}};
        }
        auto r = io::runStatsCommand(test, request);
        if (!r)
            return errorResponse(422, r.error().code, "metric", name + ": " + r.error().message);
        // Never an exact 0 (a double underflows long before the evidence is that strong):
        // floored at PValueFloor and flagged, so "p_value: 0, confidence_level: 1" cannot be read.
        const double rawP = r->value(QStringLiteral("p_value")).toDouble();
        const bool floored = !(rawP >= PValueFloor);
        const double p = floored ? PValueFloor : rawP;
        const std::int64_t n = sa.count() + sb.count();
        QJsonObject o{{QStringLiteral("metric"), qs(name)},
                      {QStringLiteral("test"), test},
                      {QStringLiteral("alternative"), QStringLiteral("two-sided")},
                      {QStringLiteral("cohort_a"), a},
                      {QStringLiteral("cohort_b"), b},
                      {QStringLiteral("mean_a"), sa.mean()},
                      {QStringLiteral("mean_b"), sb.mean()},
                      {QStringLiteral("n_a"), double(sa.count())},
                      {QStringLiteral("n_b"), double(sb.count())},
                      {QStringLiteral("sample_size"), double(n)},
                      {QStringLiteral("p_value"), p},
                      {QStringLiteral("p_value_below_floor"), floored},
                      {QStringLiteral("confidence_level"), 1.0 - p},
                      {QStringLiteral("naive"), true},
                      {QStringLiteral("sequential"), sequentialJson(**view, name)},
                      {QStringLiteral("effect"),
                       r->contains(QStringLiteral("diff")) ? r->value(QStringLiteral("diff"))
                                                           : r->value(QStringLiteral("mean_diff"))},
                      {QStringLiteral("ci_low"), r->value(QStringLiteral("ci_low"))},
                      {QStringLiteral("ci_high"), r->value(QStringLiteral("ci_high"))},
                      {QStringLiteral("ci_level"), r->value(QStringLiteral("confidence_level"))},
                      {QStringLiteral("window"), windowName}};
        if (r->contains(QStringLiteral("relative_lift")))
            o.insert(QStringLiteral("relative_lift"), r->value(QStringLiteral("relative_lift")));
        results.append(o);
        pValues.push_back(p);
        minSample = minSample < 0 ? n : std::min(minSample, n);
    }
    if (names.size() == 1)
        return json(200, results.first().toObject());
    // Several primary metrics: the family claim "B differs from A on every primary metric"
    // holds at level alpha when the largest Holm-adjusted p-value is below alpha.
    std::vector<double> sorted = pValues;
    std::sort(sorted.begin(), sorted.end());
    double adjusted = 0.0;
    for (std::size_t i = 0; i < sorted.size(); ++i)
        adjusted = std::max(adjusted, std::min(1.0, sorted[i] * double(sorted.size() - i)));
    return json(200, {{QStringLiteral("metrics"), results},
                      {QStringLiteral("test"), QStringLiteral("holm")},
                      {QStringLiteral("p_value"), adjusted},
                      {QStringLiteral("confidence_level"), 1.0 - adjusted},
                      {QStringLiteral("sample_size"), double(minSample)},
                      {QStringLiteral("cohort_a"), a},
                      {QStringLiteral("cohort_b"), b},
                      {QStringLiteral("window"), windowName}});
}

} // namespace rampart::api
