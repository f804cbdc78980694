#include "evidencejson.h"

#include "jsonvalue.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace rampart::io {

using namespace rampart::rollout;

namespace {

std::string str(const QString &s)
{
    return s.toStdString();
}

void readTime(JsonReader &reader, const QString &key, TimePoint &out)
{
    const QString text = reader.string(key);
    if (reader.failed())
        return;
    auto t = parseTime(text, str(reader.pathOf(key)));
    if (!t)
        reader.fail(t.error());
    else
        out = *t;
}

std::optional<TimePoint> readOptionalTime(JsonReader &reader, const QString &key)
{
    if (!reader.has(key)) {
        reader.value(key);
        return std::nullopt;
    }
    TimePoint t;
    readTime(reader, key, t);
    return t;
}

// A cohort's outcomes in one of three shapes: {"n","successes"} for binary metrics,
// {"levels":[…]} for ordinal ones, {"n","mean","sd"} otherwise; "p95" optional.
CohortMetric readCohort(JsonReader reader, const MetricSpec &spec)
{
    CohortMetric c;
    if (spec.kind == MetricKind::Binary) {
        const std::int64_t n = reader.count(QStringLiteral("n"));
        const std::int64_t successes = reader.count(QStringLiteral("successes"));
        if (!reader.failed() && successes > n)
            reader.fail(makeError(errc::InvalidArgument, str(reader.pathOf(QStringLiteral("successes"))),
                                  str(reader.pathOf(QStringLiteral("successes"))) + " cannot exceed n."));
        const double p = n > 0 ? static_cast<double>(successes) / static_cast<double>(n) : 0.0;
        c.summary = stats::RunningSummary::fromMoments(n, p, static_cast<double>(successes) * (1.0 - p),
                                                       successes < n ? 0.0 : 1.0, successes > 0 ? 1.0 : 0.0, successes);
    } else if (spec.kind == MetricKind::Ordinal && reader.has(QStringLiteral("levels"))) {
        c.levelCounts = reader.counts(QStringLiteral("levels"));
        if (!reader.failed() && static_cast<int>(c.levelCounts.size()) != spec.levels)
            reader.fail(makeError(errc::InvalidArgument, str(reader.pathOf(QStringLiteral("levels"))),
                                  str(reader.pathOf(QStringLiteral("levels"))) + " must have " + std::to_string(spec.levels)
                                      + " counts, one per level."));
        for (std::size_t level = 0; level < c.levelCounts.size(); ++level) {
            stats::RunningSummary part = stats::RunningSummary::fromMoments(
                c.levelCounts[level], static_cast<double>(level + 1), 0.0, static_cast<double>(level + 1),
                static_cast<double>(level + 1));
            if (c.levelCounts[level] > 0)
                c.summary.merge(part);
        }
    } else {
        const std::int64_t n = reader.count(QStringLiteral("n"));
        const double mean = reader.number(QStringLiteral("mean"));
        const double sd = reader.number(QStringLiteral("sd"));
        const QString sdPath = reader.pathOf(QStringLiteral("sd"));
        if (!reader.failed() && (!std::isfinite(sd) || sd < 0.0))
            reader.fail(makeError(errc::InvalidArgument, str(sdPath), str(sdPath) + " must be a finite, non-negative number."));
        const QString meanPath = reader.pathOf(QStringLiteral("mean"));
        if (!reader.failed() && !std::isfinite(mean))
            reader.fail(makeError(errc::InvalidArgument, str(meanPath), str(meanPath) + " must be a finite number."));
        if (!reader.failed() && spec.kind == MetricKind::Latency && mean < 0.0)
            reader.fail(makeError(errc::InvalidArgument, str(meanPath), str(meanPath) + " is a latency and cannot be negative."));
        const double min = reader.number(QStringLiteral("min"), mean);
        const double max = reader.number(QStringLiteral("max"), mean);
        c.summary = stats::RunningSummary::fromMoments(n, mean, sd * sd * static_cast<double>(std::max<std::int64_t>(n - 1, 0)),
                                                       min, max);
    }
    if (reader.has(QStringLiteral("p95"))) {
        c.p95 = reader.number(QStringLiteral("p95"));
        const QString path = reader.pathOf(QStringLiteral("p95"));
        if (!reader.failed() && (!std::isfinite(*c.p95) || *c.p95 < 0.0))
            reader.fail(makeError(errc::InvalidArgument, str(path), str(path) + " must be a finite, non-negative number."));
    }
    reader.finish();
    return c;
}

void readMetricsObject(JsonReader &metrics, const Plan &plan, std::vector<MetricEvidence> &out)
{
    for (const MetricSpec &spec : plan.metrics) {
        const QString name = QString::fromStdString(spec.name);
        if (!metrics.has(name))
            continue; // no data yet is a state the engine reports
        JsonReader cohorts = metrics.object(name);
        MetricEvidence m;
        m.metric = spec.name;
        m.control = readCohort(cohorts.object(QStringLiteral("control")), spec);
        m.treatment = readCohort(cohorts.object(QStringLiteral("treatment")), spec);
        cohorts.finish();
        out.push_back(std::move(m));
    }
    metrics.finish(); // unknown metric names are errors
}

CohortMetric merged(const CohortMetric &a, const CohortMetric &b)
{
    CohortMetric c = a;
    c.summary.merge(b.summary);
    if (c.levelCounts.size() < b.levelCounts.size())
        c.levelCounts.resize(b.levelCounts.size(), 0);
    for (std::size_t i = 0; i < b.levelCounts.size(); ++i)
        c.levelCounts[i] += b.levelCounts[i];
    c.p95.reset(); // a quantile does not merge; the engine reads it per stage
    return c;
}

// "stages": [{"percentage": 5, "metrics": {…}}, …] — outcomes per stage, the strata of the
// stratified analysis. When "metrics" (cumulative) is absent it is the merge of the stages.
void readStages(JsonReader &reader, const Plan &plan, Evidence &evidence)
{
    const QJsonValue list = reader.value(QStringLiteral("stages"));
    if (list.isUndefined())
        return;
    if (!list.isArray()) {
        reader.fail(makeError(jsonerrc::WrongType, "stages", "stages must be an array."));
        return;
    }
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("stages[%1]").arg(i);
        if (!array.at(i).isObject()) {
            reader.fail(makeError(jsonerrc::WrongType, str(path), str(path) + " must be an object."));
            return;
        }
        JsonReader s(array.at(i).toObject(), path);
        StageEvidence stage;
        stage.percentage = s.number(QStringLiteral("percentage"));
        if (!s.failed() && !plan.stageIndex(stage.percentage))
            s.fail(makeError(errc::InvalidArgument, str(s.pathOf(QStringLiteral("percentage"))),
                             str(s.pathOf(QStringLiteral("percentage"))) + " is not a stage of the plan."));
        for (const StageEvidence &earlier : evidence.stages)
            if (!s.failed() && earlier.percentage == stage.percentage)
                s.fail(makeError(errc::InvalidArgument, str(s.pathOf(QStringLiteral("percentage"))),
                                 str(s.pathOf(QStringLiteral("percentage"))) + " repeats an earlier stage."));
        if (!s.failed()) {
            JsonReader metrics = s.object(QStringLiteral("metrics"));
            readMetricsObject(metrics, plan, stage.metrics);
        }
        if (auto e = s.finish()) {
            reader.fail(*e);
            return;
        }
        evidence.stages.push_back(std::move(stage));
    }
}

void readMetrics(JsonReader &reader, const Plan &plan, Evidence &evidence)
{
    if (reader.has(QStringLiteral("metrics")) || !reader.has(QStringLiteral("stages"))) {
        JsonReader metrics = reader.object(QStringLiteral("metrics"));
        readMetricsObject(metrics, plan, evidence.metrics);
    }
    readStages(reader, plan, evidence);
    if (reader.failed() || !evidence.metrics.empty())
        return;
    for (const StageEvidence &stage : evidence.stages) {
        for (const MetricEvidence &m : stage.metrics) {
            MetricEvidence *into = nullptr;
            for (MetricEvidence &existing : evidence.metrics)
                if (existing.metric == m.metric)
                    into = &existing;
            if (!into) {
                evidence.metrics.push_back(MetricEvidence{m.metric, merged({}, m.control), merged({}, m.treatment)});
                continue;
            }
            into->control = merged(into->control, m.control);
            into->treatment = merged(into->treatment, m.treatment);
        }
    }
}

void readGauges(JsonReader &reader, const Plan &plan, Evidence &evidence)
{
    if (!reader.has(QStringLiteral("gauges"))) {
        reader.value(QStringLiteral("gauges"));
        return;
    }
    JsonReader gauges = reader.object(QStringLiteral("gauges"));
    for (const ServiceGate &gate : plan.serviceGates) {
        const QString name = QString::fromStdString(gate.name);
        if (!gauges.has(name))
            continue;
        JsonReader g = gauges.object(name);
        Gauge gauge;
        gauge.name = gate.name;
        const QJsonValue value = g.value(QStringLiteral("value"));
        if (value.isDouble())
            gauge.value = value.toDouble();
        else if (!value.isNull() && !value.isUndefined())
            g.fail(makeError(jsonerrc::WrongType, str(g.pathOf(QStringLiteral("value"))),
                             str(g.pathOf(QStringLiteral("value"))) + " must be a number or null (missing)."));
        gauge.sampledAt = readOptionalTime(g, QStringLiteral("sampled_at"));
        g.finish();
        evidence.gauges.push_back(gauge);
    }
    gauges.finish();
}

void readSignOffs(JsonReader &reader, Evidence &evidence)
{
    const QJsonValue list = reader.value(QStringLiteral("sign_offs"));
    if (list.isUndefined())
        return;
    if (!list.isArray()) {
        reader.fail(makeError(jsonerrc::WrongType, "sign_offs", "sign_offs must be an array."));
        return;
    }
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        JsonReader s(array.at(i).toObject(), QStringLiteral("sign_offs[%1]").arg(i));
        SignOff signOff;
        signOff.approver = str(s.string(QStringLiteral("approver")));
        signOff.role = str(s.string(QStringLiteral("role")));
        const QString decision = s.string(QStringLiteral("decision"));
        if (!s.failed() && decision != QLatin1String("approve") && decision != QLatin1String("reject"))
            s.fail(makeError(errc::InvalidArgument, str(s.pathOf(QStringLiteral("decision"))),
                             str(s.pathOf(QStringLiteral("decision"))) + " must be \"approve\" or \"reject\"."));
        signOff.approve = decision == QLatin1String("approve");
        signOff.comment = str(s.string(QStringLiteral("comment"), QString()));
        signOff.evidenceHash = str(s.string(QStringLiteral("evidence_hash"), QString()));
        readTime(s, QStringLiteral("at"), signOff.at);
        signOff.fromPercentage = s.number(QStringLiteral("from_percentage"));
        signOff.override = s.boolean(QStringLiteral("override"), false);
        if (auto e = s.finish()) {
            reader.fail(*e);
            return;
        }
        evidence.signOffs.push_back(std::move(signOff));
    }
}

std::optional<std::size_t> stageAt(JsonReader &reader, const Plan &plan, const QString &key)
{
    const double percentage = reader.number(key);
    if (reader.failed())
        return std::nullopt;
    const auto index = plan.stageIndex(percentage);
    if (!index) {
        std::string stages;
        for (const StageSpec &s : plan.stages)
            stages += (stages.empty() ? "" : ", ") + QString::number(s.percentage).toStdString();
        reader.fail(makeError(errc::InvalidArgument, str(reader.pathOf(key)),
                              str(reader.pathOf(key)) + " " + QString::number(percentage).toStdString()
                                  + " is not a stage of the plan (" + stages + ")."));
    }
    return index;
}

void readState(JsonReader &reader, const Plan &plan, RolloutState &state)
{
    state.status = RolloutStatus::Running;
    state.stage = stageAt(reader, plan, QStringLiteral("current_percentage"));
    readTime(reader, QStringLiteral("stage_started_at"), state.stageStartedAt);
    state.rolloutStartedAt = readOptionalTime(reader, QStringLiteral("rollout_started_at")).value_or(state.stageStartedAt);
    if (reader.has(QStringLiteral("last_stable_percentage")))
        state.lastStableStage = stageAt(reader, plan, QStringLiteral("last_stable_percentage"));
    else
        reader.value(QStringLiteral("last_stable_percentage"));
    // Looks already taken: fractions in (0, 1] and increasing, finite boundaries, nominal
    // alphas in (0, 1); anything else would make the engine spend alpha it never had.
    const QJsonValue looks = reader.value(QStringLiteral("looks"));
    if (!looks.isUndefined() && !looks.isArray())
        reader.fail(makeError(jsonerrc::WrongType, "looks", "looks must be an array."));
    const QJsonArray lookArray = looks.toArray();
    for (qsizetype i = 0; i < lookArray.size() && !reader.failed(); ++i) {
        const QString path = QStringLiteral("looks[%1]").arg(i);
        JsonReader l(lookArray.at(i).toObject(), path);
        LookRecord record{l.number(QStringLiteral("information_fraction")), l.number(QStringLiteral("boundary_z")),
                          l.number(QStringLiteral("nominal_alpha"))};
        const double previous = state.looks.empty() ? 0.0 : state.looks.back().informationFraction;
        if (!l.failed() && !(record.informationFraction > previous && record.informationFraction <= 1.0))
            l.fail(makeError(errc::InvalidArgument, str(path) + ".information_fraction",
                             str(path) + ".information_fraction must lie in (0, 1] and exceed the previous look's."));
        if (!l.failed() && !(std::isfinite(record.boundaryZ) && std::fabs(record.boundaryZ) <= 100.0))
            l.fail(makeError(errc::InvalidArgument, str(path) + ".boundary_z", str(path) + ".boundary_z must be a finite z."));
        if (!l.failed() && !(record.nominalAlpha > 0.0 && record.nominalAlpha < 1.0))
            l.fail(makeError(errc::InvalidArgument, str(path) + ".nominal_alpha", str(path) + ".nominal_alpha must lie in (0, 1)."));
        if (auto e = l.finish())
            reader.fail(*e);
        state.looks.push_back(record);
    }
    if (reader.has(QStringLiteral("efficacy_look"))) {
        const std::int64_t look = reader.count(QStringLiteral("efficacy_look"));
        if (!reader.failed() && (look < 1 || look > static_cast<std::int64_t>(state.looks.size())))
            reader.fail(makeError(errc::InvalidArgument, "efficacy_look", "efficacy_look must name one of the looks taken (1-based)."));
        state.efficacyLook = static_cast<int>(std::clamp<std::int64_t>(look, 0, 1000));
    } else {
        reader.value(QStringLiteral("efficacy_look"));
    }
    const QJsonObject crossed = reader.value(QStringLiteral("primary_crossed_at")).toObject();
    for (auto it = crossed.constBegin(); it != crossed.constEnd(); ++it) {
        const double look = it.value().toDouble();
        if (!plan.metric(str(it.key())) || !it.value().isDouble() || look < 1 || look > static_cast<double>(state.looks.size())
            || look != std::floor(look)) {
            reader.fail(makeError(errc::InvalidArgument, "primary_crossed_at." + str(it.key()),
                                  "primary_crossed_at." + str(it.key()) + " must name a plan metric with one of the looks taken (1-based)."));
            break;
        }
        state.primaryCrossedAt[str(it.key())] = it.value().toInt();
    }
    const QJsonObject breaches = reader.value(QStringLiteral("consecutive_breaches")).toObject();
    for (auto it = breaches.constBegin(); it != breaches.constEnd(); ++it) {
        const double count = it.value().toDouble(-1.0);
        if (!it.value().isDouble() || count < 0 || count > 1e6 || count != std::floor(count)) {
            reader.fail(makeError(errc::InvalidArgument, "consecutive_breaches." + str(it.key()),
                                  "consecutive_breaches." + str(it.key()) + " must be a count between 0 and 1e6."));
            break;
        }
        state.consecutiveBreaches[str(it.key())] = static_cast<int>(count);
    }
}

} // namespace

Result<TimePoint> parseTime(const QString &text, const std::string &field)
{
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    const bool zoned = text.endsWith(QLatin1Char('Z')) || text.contains(QLatin1Char('+'))
        || text.lastIndexOf(QLatin1Char('-')) > 9;
    if (!t.isValid() || !zoned)
        return makeError(errc::InvalidArgument, field,
                         field + " must be an ISO 8601 time with a zone, e.g. 2026-11-20T12:00:00Z; got \"" + str(text) + "\".");
    return TimePoint(std::chrono::seconds(t.toSecsSinceEpoch()));
}

QString formatTime(TimePoint t)
{
    return QDateTime::fromSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC).toString(Qt::ISODate);
}

Result<DecideInput> parseDecideInput(const QJsonObject &object, const Plan &plan, TimePoint now)
{
    DecideInput input;
    JsonReader reader(object);
    readState(reader, plan, input.state);
    if (reader.has(QStringLiteral("target_percentage")))
        input.targetPercentage = reader.number(QStringLiteral("target_percentage"));
    else
        reader.value(QStringLiteral("target_percentage"));
    Evidence &evidence = input.evidence;
    evidence.capturedAt = readOptionalTime(reader, QStringLiteral("captured_at")).value_or(now);
    if (reader.has(QStringLiteral("flag"))) {
        JsonReader flag = reader.object(QStringLiteral("flag"));
        evidence.flag = FlagReading{flag.number(QStringLiteral("percentage")), flag.count(QStringLiteral("version"), 0)};
        flag.finish();
    } else {
        reader.value(QStringLiteral("flag"));
    }
    JsonReader units = reader.object(QStringLiteral("units"));
    evidence.controlUnits = units.count(QStringLiteral("control"));
    evidence.treatmentUnits = units.count(QStringLiteral("treatment"));
    units.finish();
    evidence.incidents = static_cast<int>(reader.count(QStringLiteral("incidents"), 0));
    if (reader.has(QStringLiteral("load_test"))) {
        JsonReader test = reader.object(QStringLiteral("load_test"));
        LoadTestResult result;
        result.percentage = test.number(QStringLiteral("percentage"));
        result.p95LatencyMs = test.number(QStringLiteral("p95_latency_ms"));
        result.errorRate = test.number(QStringLiteral("error_rate"));
        result.passed = test.boolean(QStringLiteral("passed"), false);
        test.finish();
        evidence.loadTest = result;
    } else {
        reader.value(QStringLiteral("load_test"));
    }
    readMetrics(reader, plan, evidence);
    readGauges(reader, plan, evidence);
    readSignOffs(reader, evidence);
    reader.value(QStringLiteral("description")); // free text for humans
    if (auto e = reader.finish())
        return *e;
    return input;
}

QString evidenceHash(const QJsonObject &evidence)
{
    // QJsonObject keeps keys sorted, so the compact form is canonical for a given content.
    const QByteArray canonical = QJsonDocument(evidence).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

} // namespace rampart::io
