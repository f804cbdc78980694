#include "statejson.h"

#include "evidencejson.h"
#include "jsonvalue.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace rampart::io {

using namespace rampart::rollout;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string str(const QString &s)
{
    return s.toStdString();
}

QJsonValue optionalIndex(const std::optional<std::size_t> &index)
{
    return index ? QJsonValue(static_cast<qint64>(*index)) : QJsonValue(QJsonValue::Null);
}

QJsonArray looksToJson(const std::vector<LookRecord> &looks)
{
    QJsonArray out;
    for (const LookRecord &l : looks)
        out.append(QJsonObject{{QStringLiteral("information_fraction"), l.informationFraction},
                               {QStringLiteral("boundary_z"), l.boundaryZ},
                               {QStringLiteral("nominal_alpha"), l.nominalAlpha}});
    return out;
}

QJsonObject countsToJson(const std::map<std::string, int> &breaches)
{
    QJsonObject out;
    for (const auto &[gate, count] : breaches)
        out.insert(qs(gate), count);
    return out;
}

// A stage index that must name one of the plan's stages; `null` is allowed.
std::optional<std::size_t> readStageIndex(JsonReader &reader, const QString &key, const Plan &plan)
{
    const QJsonValue v = reader.value(key);
    if (v.isNull() || v.isUndefined() || reader.failed())
        return std::nullopt;
    const QString path = reader.pathOf(key);
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || d < 0.0 || d != std::floor(d) || d >= static_cast<double>(plan.stages.size())) {
        reader.fail(makeError(errc::InvalidArgument, str(path),
                              str(path) + " must be a stage index of the plan (0 to "
                                  + std::to_string(plan.stages.size() - 1) + ") or null."));
        return std::nullopt;
    }
    return static_cast<std::size_t>(d);
}

void readTimeField(JsonReader &reader, const QString &key, TimePoint &out)
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

QJsonObject cohortToJson(const MetricSpec &spec, const CohortMetric &c)
{
    QJsonObject out;
    const auto &s = c.summary;
    if (spec.kind == MetricKind::Binary) {
        out.insert(QStringLiteral("n"), static_cast<qint64>(s.count()));
        out.insert(QStringLiteral("successes"), static_cast<qint64>(s.successes()));
    } else if (spec.kind == MetricKind::Ordinal && !c.levelCounts.empty()) {
        QJsonArray levels;
        for (std::int64_t k : c.levelCounts)
            levels.append(static_cast<qint64>(k));
        out.insert(QStringLiteral("levels"), levels);
    } else {
        out.insert(QStringLiteral("n"), static_cast<qint64>(s.count()));
        out.insert(QStringLiteral("mean"), toJson(s.mean()));
        out.insert(QStringLiteral("sd"), toJson(s.standardDeviation()));
        if (s.count() > 0) {
            out.insert(QStringLiteral("min"), toJson(s.min()));
            out.insert(QStringLiteral("max"), toJson(s.max()));
        }
    }
    if (c.p95)
        out.insert(QStringLiteral("p95"), toJson(*c.p95));
    return out;
}

} // namespace

QJsonObject stateToJson(const Plan &plan, const RolloutState &state)
{
    QJsonObject out;
    out.insert(QStringLiteral("status"), QString::fromLatin1(statusName(state.status)));
    out.insert(QStringLiteral("stage"), optionalIndex(state.stage));
    out.insert(QStringLiteral("percentage"), state.percentage(plan));
    out.insert(QStringLiteral("rollout_started_at"), formatTime(state.rolloutStartedAt));
    out.insert(QStringLiteral("stage_started_at"), formatTime(state.stageStartedAt));
    out.insert(QStringLiteral("last_stable_stage"), optionalIndex(state.lastStableStage));
    out.insert(QStringLiteral("looks"), looksToJson(state.looks));
    out.insert(QStringLiteral("efficacy_look"),
               state.efficacyLook ? QJsonValue(*state.efficacyLook) : QJsonValue(QJsonValue::Null));
    out.insert(QStringLiteral("primary_crossed_at"), countsToJson(state.primaryCrossedAt));
    out.insert(QStringLiteral("consecutive_breaches"), countsToJson(state.consecutiveBreaches));
    return out;
}

Result<RolloutState> stateFromJson(const QJsonObject &object, const Plan &plan)
{
    RolloutState state;
    JsonReader reader(object);
    const QString status = reader.string(QStringLiteral("status"));
    if (!reader.failed()) {
        const auto parsed = parseStatus(str(status));
        if (!parsed)
            reader.fail(makeError(errc::InvalidArgument, "status", "status \"" + str(status) + "\" is not a rollout status."));
        else
            state.status = *parsed;
    }
    state.stage = readStageIndex(reader, QStringLiteral("stage"), plan);
    const double percentage = reader.number(QStringLiteral("percentage"));
    if (!reader.failed()) {
        const double expected = state.stage ? plan.stages[*state.stage].percentage : 0.0;
        if (std::fabs(percentage - expected) > 1e-9)
            reader.fail(makeError(errc::InvalidArgument, "percentage",
                                  "percentage " + QString::number(percentage).toStdString() + " is not the plan's "
                                      + QString::number(expected).toStdString() + "% for the saved stage: the plan changed under the rollout."));
    }
    readTimeField(reader, QStringLiteral("rollout_started_at"), state.rolloutStartedAt);
    readTimeField(reader, QStringLiteral("stage_started_at"), state.stageStartedAt);
    state.lastStableStage = readStageIndex(reader, QStringLiteral("last_stable_stage"), plan);
    const QJsonValue looks = reader.value(QStringLiteral("looks"));
    if (!reader.failed() && !looks.isArray())
        reader.fail(makeError(jsonerrc::WrongType, "looks", "looks must be an array."));
    const QJsonArray lookArray = looks.toArray();
    for (qsizetype i = 0; i < lookArray.size() && !reader.failed(); ++i) {
        JsonReader l(lookArray.at(i).toObject(), QStringLiteral("looks[%1]").arg(i));
        const LookRecord record{l.number(QStringLiteral("information_fraction")), l.number(QStringLiteral("boundary_z")),
                                l.number(QStringLiteral("nominal_alpha"))};
        if (auto e = l.finish()) {
            reader.fail(*e);
            break;
        }
        const std::string path = "looks[" + std::to_string(i) + "]";
        if (!(record.informationFraction > 0.0 && record.informationFraction <= 1.0 + 1e-12))
            reader.fail(makeError(errc::InvalidArgument, path + ".information_fraction",
                                  path + ".information_fraction must be in (0, 1]."));
        else if (!std::isfinite(record.boundaryZ) || !(record.nominalAlpha >= 0.0 && record.nominalAlpha <= 1.0))
            reader.fail(makeError(errc::InvalidArgument, path, path + " must have a finite boundary_z and a nominal_alpha in [0, 1]."));
        state.looks.push_back(record);
    }
    const QJsonValue efficacy = reader.value(QStringLiteral("efficacy_look"));
    if (!reader.failed() && !efficacy.isNull() && !efficacy.isUndefined()) {
        const int look = efficacy.toInt(0);
        if (!efficacy.isDouble() || look < 1 || look > static_cast<int>(state.looks.size()))
            reader.fail(makeError(errc::InvalidArgument, "efficacy_look",
                                  "efficacy_look must be null or one of the looks taken (1 to "
                                      + std::to_string(state.looks.size()) + ")."));
        else
            state.efficacyLook = look;
    }
    // Per primary metric, the 1-based look at which it crossed (absent in states saved before
    // the joint-primaries rule: read as none crossed).
    if (reader.has(QStringLiteral("primary_crossed_at"))) {
        const QJsonValue crossed = reader.value(QStringLiteral("primary_crossed_at"));
        if (!reader.failed() && !crossed.isObject())
            reader.fail(makeError(jsonerrc::WrongType, "primary_crossed_at", "primary_crossed_at must be an object."));
        const QJsonObject crossedObject = crossed.toObject();
        for (auto it = crossedObject.constBegin(); it != crossedObject.constEnd() && !reader.failed(); ++it) {
            const int look = it.value().toInt(0);
            if (!it.value().isDouble() || !plan.metric(str(it.key())) || look < 1
                || look > static_cast<int>(state.looks.size()))
                reader.fail(makeError(errc::InvalidArgument, "primary_crossed_at." + str(it.key()),
                                      "primary_crossed_at." + str(it.key())
                                          + " must name a plan metric and one of the looks taken (1-based)."));
            else
                state.primaryCrossedAt[str(it.key())] = look;
        }
    }
    const QJsonValue breaches = reader.value(QStringLiteral("consecutive_breaches"));
    if (!reader.failed() && !breaches.isObject())
        reader.fail(makeError(jsonerrc::WrongType, "consecutive_breaches", "consecutive_breaches must be an object."));
    const QJsonObject breachObject = breaches.toObject();
    for (auto it = breachObject.constBegin(); it != breachObject.constEnd() && !reader.failed(); ++it) {
        if (!it.value().isDouble() || it.value().toInt(-1) < 0)
            reader.fail(makeError(errc::InvalidArgument, "consecutive_breaches." + str(it.key()),
                                  "consecutive_breaches." + str(it.key()) + " must be a non-negative integer."));
        else
            state.consecutiveBreaches[str(it.key())] = it.value().toInt();
    }
    if (auto e = reader.finish())
        return *e;
    return state;
}

QJsonObject transitionToJson(const TransitionEvent &e)
{
    return {{QStringLiteral("actor"), qs(e.actor)},
            {QStringLiteral("at"), formatTime(e.at)},
            {QStringLiteral("from_status"), QString::fromLatin1(statusName(e.fromStatus))},
            {QStringLiteral("to_status"), QString::fromLatin1(statusName(e.toStatus))},
            {QStringLiteral("from_percentage"), e.fromPercentage},
            {QStringLiteral("to_percentage"), e.toPercentage},
            {QStringLiteral("reason"), qs(e.reason)},
            {QStringLiteral("evidence_hash"), qs(e.evidenceHash)},
            {QStringLiteral("override"), e.override}};
}

Result<TransitionEvent> transitionFromJson(const QJsonObject &object, const QString &path)
{
    TransitionEvent e;
    JsonReader reader(object, path);
    e.actor = str(reader.string(QStringLiteral("actor")));
    readTimeField(reader, QStringLiteral("at"), e.at);
    for (auto [key, out] : {std::pair{QStringLiteral("from_status"), &e.fromStatus},
                            std::pair{QStringLiteral("to_status"), &e.toStatus}}) {
        const QString name = reader.string(key);
        if (reader.failed())
            break;
        if (const auto parsed = parseStatus(str(name)))
            *out = *parsed;
        else
            reader.fail(makeError(errc::InvalidArgument, str(reader.pathOf(key)),
                                  str(reader.pathOf(key)) + " \"" + str(name) + "\" is not a rollout status."));
    }
    e.fromPercentage = reader.number(QStringLiteral("from_percentage"));
    e.toPercentage = reader.number(QStringLiteral("to_percentage"));
    e.reason = str(reader.string(QStringLiteral("reason"), QString()));
    e.evidenceHash = str(reader.string(QStringLiteral("evidence_hash"), QString()));
    e.override = reader.boolean(QStringLiteral("override"), false);
    if (auto error = reader.finish())
        return *error;
    return e;
}

std::string stateToText(const Plan &plan, const RolloutState &state)
{
    return QJsonDocument(stateToJson(plan, state)).toJson(QJsonDocument::Compact).toStdString();
}

Result<RolloutState> stateFromText(const std::string &text, const Plan &plan)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return makeError(jsonerrc::InvalidJson, "state_json",
                         "The saved rollout state is not a JSON object: " + str(error.errorString()) + ".");
    return stateFromJson(document.object(), plan);
}

QJsonObject evidenceDocument(const Plan &plan, const RolloutState &state, const Evidence &evidence)
{
    QJsonObject out;
    if (state.stage) {
        out.insert(QStringLiteral("current_percentage"), plan.stages[*state.stage].percentage);
        out.insert(QStringLiteral("stage_started_at"), formatTime(state.stageStartedAt));
        out.insert(QStringLiteral("rollout_started_at"), formatTime(state.rolloutStartedAt));
        if (state.lastStableStage)
            out.insert(QStringLiteral("last_stable_percentage"), plan.stages[*state.lastStableStage].percentage);
        out.insert(QStringLiteral("looks"), looksToJson(state.looks));
        if (state.efficacyLook)
            out.insert(QStringLiteral("efficacy_look"), *state.efficacyLook);
        if (!state.primaryCrossedAt.empty())
            out.insert(QStringLiteral("primary_crossed_at"), countsToJson(state.primaryCrossedAt));
        out.insert(QStringLiteral("consecutive_breaches"), countsToJson(state.consecutiveBreaches));
    }
    out.insert(QStringLiteral("captured_at"), formatTime(evidence.capturedAt));
    if (evidence.flag)
        out.insert(QStringLiteral("flag"), QJsonObject{{QStringLiteral("percentage"), evidence.flag->percentage},
                                                       {QStringLiteral("version"), static_cast<qint64>(evidence.flag->version)}});
    out.insert(QStringLiteral("units"), QJsonObject{{QStringLiteral("control"), static_cast<qint64>(evidence.controlUnits)},
                                                    {QStringLiteral("treatment"), static_cast<qint64>(evidence.treatmentUnits)}});
    out.insert(QStringLiteral("incidents"), evidence.incidents);
    if (evidence.loadTest)
        out.insert(QStringLiteral("load_test"),
                   QJsonObject{{QStringLiteral("percentage"), evidence.loadTest->percentage},
                               {QStringLiteral("p95_latency_ms"), toJson(evidence.loadTest->p95LatencyMs)},
                               {QStringLiteral("error_rate"), toJson(evidence.loadTest->errorRate)},
                               {QStringLiteral("passed"), evidence.loadTest->passed}});
    QJsonObject metrics;
    for (const MetricEvidence &m : evidence.metrics) {
        const MetricSpec *spec = plan.metric(m.metric);
        if (!spec)
            continue; // the store reports every event metric; the document holds the plan's
        metrics.insert(qs(m.metric), QJsonObject{{QStringLiteral("control"), cohortToJson(*spec, m.control)},
                                                 {QStringLiteral("treatment"), cohortToJson(*spec, m.treatment)}});
    }
    out.insert(QStringLiteral("metrics"), metrics);
    QJsonObject gauges;
    for (const Gauge &g : evidence.gauges) {
        QJsonObject gauge{{QStringLiteral("value"), g.value ? toJson(*g.value) : QJsonValue(QJsonValue::Null)}};
        if (g.sampledAt)
            gauge.insert(QStringLiteral("sampled_at"), formatTime(*g.sampledAt));
        gauges.insert(qs(g.name), gauge);
    }
    out.insert(QStringLiteral("gauges"), gauges);
    QJsonArray signOffs;
    for (const SignOff &s : evidence.signOffs)
        signOffs.append(QJsonObject{{QStringLiteral("approver"), qs(s.approver)},
                                    {QStringLiteral("role"), qs(s.role)},
                                    {QStringLiteral("decision"), s.approve ? QStringLiteral("approve") : QStringLiteral("reject")},
                                    {QStringLiteral("comment"), qs(s.comment)},
                                    {QStringLiteral("evidence_hash"), qs(s.evidenceHash)},
                                    {QStringLiteral("at"), formatTime(s.at)},
                                    {QStringLiteral("from_percentage"), s.fromPercentage},
                                    {QStringLiteral("override"), s.override}});
    out.insert(QStringLiteral("sign_offs"), signOffs);
    return out;
}

Result<rollout::RolloutState> loadSavedState(const QString &path, const rollout::Plan &plan,
                                             const rollout::RolloutState &atStage)
{
    const auto document = loadJsonFile(path);
    if (!document)
        return document.error();
    const QJsonObject object = document->contains(QStringLiteral("state_json"))
        ? document->value(QStringLiteral("state_json")).toObject()
        : *document;
    auto saved = stateFromJson(object, plan);
    if (!saved)
        return saved.error();
    if (saved->stage != atStage.stage)
        return makeError(errc::InvalidArgument, "current_percentage",
                         "The evidence's current_percentage (" + QString::number(atStage.percentage(plan)).toStdString()
                             + "%) is not the saved state's stage ("
                             + QString::number(saved->percentage(plan)).toStdString() + "%).");
    return saved;
}

} // namespace rampart::io
