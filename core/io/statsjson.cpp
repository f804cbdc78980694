#include "statsjson.h"

#include "jsonvalue.h"

#include "stats/contingency.h"
#include "stats/mannwhitney.h"
#include "stats/multipletesting.h"
#include "stats/power.h"
#include "stats/sequential.h"
#include "stats/srm.h"
#include "stats/ttest.h"

#include <QJsonArray>

#include <array>
#include <functional>

namespace rampart::io {

using namespace rampart::stats;

namespace {

using Handler = std::function<Result<QJsonObject>(JsonReader &)>;

Error invalidChoice(const JsonReader &reader, const QString &key, const QString &value, const char *choices)
{
    const std::string path = reader.pathOf(key).toStdString();
    return makeError(errc::InvalidArgument, path,
                     "\"" + path + "\" must be one of " + choices + ", not \"" + value.toStdString() + "\".");
}

Alternative readAlternative(JsonReader &reader)
{
    const QString name = reader.string(QStringLiteral("alternative"), QStringLiteral("two-sided"));
    const auto alternative = parseAlternative(name.toStdString());
    if (!alternative) {
        reader.fail(invalidChoice(reader, QStringLiteral("alternative"), name, "\"two-sided\", \"less\", \"greater\""));
        return Alternative::TwoSided;
    }
    return *alternative;
}

QJsonObject interval(const ConfidenceInterval &ci)
{
    return QJsonObject{{QStringLiteral("low"), toJson(ci.low)}, {QStringLiteral("high"), toJson(ci.high)}};
}

QJsonObject summaryJson(const SampleSummary &s)
{
    return QJsonObject{{QStringLiteral("n"), static_cast<double>(s.n)},
                       {QStringLiteral("mean"), toJson(s.mean)},
                       {QStringLiteral("sd"), toJson(s.sd)}};
}

// Either {"n","mean","sd"} or an array of raw values.
std::optional<SampleSummary> readSample(JsonReader &reader, const QString &key, bool &raw)
{
    const QJsonValue value = reader.value(key);
    if (value.isUndefined()) {
        reader.fail(makeError(jsonerrc::MissingField, key.toStdString(),
                              "The required field \"" + key.toStdString() + "\" is missing."));
        return std::nullopt;
    }
    if (value.isArray()) {
        raw = true;
        const std::vector<double> values = reader.numbers(key);
        if (reader.failed())
            return std::nullopt;
        auto summary = summarize(values);
        if (!summary) {
            Error e = summary.error();
            // summarize() names its input "values"; here that input is the request's key.
            if (e.field.rfind("values", 0) == 0)
                e.field = key.toStdString() + e.field.substr(6);
            else if (e.field.empty())
                e.field = key.toStdString();
            reader.fail(e);
            return std::nullopt;
        }
        return *summary;
    }
    if (!value.isObject()) {
        reader.fail(makeError(jsonerrc::WrongType, key.toStdString(),
                              "\"" + key.toStdString() + "\" must be an object {n, mean, sd} or an array of values."));
        return std::nullopt;
    }
    JsonReader sample = reader.object(key);
    SampleSummary s;
    s.n = sample.count(QStringLiteral("n"));
    s.mean = sample.number(QStringLiteral("mean"));
    s.sd = sample.number(QStringLiteral("sd"));
    if (sample.finish())
        return std::nullopt;
    return s;
}

Result<QJsonObject> runTTest(JsonReader &reader, TTestKind kind)
{
    bool rawA = false;
    bool rawB = false;
    const auto a = readSample(reader, QStringLiteral("a"), rawA);
    const auto b = a ? readSample(reader, QStringLiteral("b"), rawB) : std::nullopt;
    const double level = reader.number(QStringLiteral("confidence_level"), 0.95);
    const Alternative alternative = readAlternative(reader);
    if (auto e = reader.finish())
        return *e;
    auto r = tTest(*a, *b, kind, alternative, level);
    if (!r)
        return r.error();
    QJsonObject out{{QStringLiteral("test"), kind == TTestKind::Welch ? QStringLiteral("welch-t") : QStringLiteral("student-t")},
                    {QStringLiteral("t"), toJson(r->t)},
                    {QStringLiteral("df"), toJson(r->df)},
                    {QStringLiteral("p_value"), toJson(r->pValue)},
                    {QStringLiteral("mean_diff"), toJson(r->meanDiff)},
                    {QStringLiteral("standard_error"), toJson(r->standardError)},
                    {QStringLiteral("ci_low"), toJson(r->ci.low)},
                    {QStringLiteral("ci_high"), toJson(r->ci.high)},
                    {QStringLiteral("confidence_level"), r->confidenceLevel},
                    {QStringLiteral("alternative"), QString::fromUtf8(alternativeName(alternative))}};
    if (r->relativeLift) {
        out.insert(QStringLiteral("relative_lift"),
                   QJsonObject{{QStringLiteral("estimate"), toJson(r->relativeLift->estimate)},
                               {QStringLiteral("ci_low"), toJson(r->relativeLift->ci.low)},
                               {QStringLiteral("ci_high"), toJson(r->relativeLift->ci.high)}});
    } else {
        out.insert(QStringLiteral("relative_lift"), QJsonValue::Null);
    }
    if (rawA || rawB)
        out.insert(QStringLiteral("summaries"),
                   QJsonObject{{QStringLiteral("a"), summaryJson(*a)}, {QStringLiteral("b"), summaryJson(*b)}});
    return out;
}

// A table of counts: an array of equally long arrays of non-negative integers.
std::optional<CountTable> readTable(JsonReader &reader)
{
    const QJsonValue value = reader.value(QStringLiteral("table"));
    if (!value.isArray()) {
        reader.fail(makeError(value.isUndefined() ? jsonerrc::MissingField : jsonerrc::WrongType, "table",
                              "\"table\" must be an array of rows, each an array of non-negative integer counts."));
        return std::nullopt;
    }
    CountTable table;
    const QJsonArray rows = value.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString rowKey = QStringLiteral("table[%1]").arg(i);
        if (!rows.at(i).isArray()) {
            reader.fail(makeError(jsonerrc::WrongType, rowKey.toStdString(),
                                  "\"" + rowKey.toStdString() + "\" must be an array of counts."));
            return std::nullopt;
        }
        JsonReader row(QJsonObject{{rowKey, rows.at(i)}});
        table.push_back(row.counts(rowKey));
        if (auto e = row.finish()) {
            reader.fail(*e);
            return std::nullopt;
        }
    }
    return table;
}

Result<QJsonObject> runChiSquare(JsonReader &reader)
{
    const auto table = readTable(reader);
    const bool yates = reader.boolean(QStringLiteral("yates"), true);
    if (auto e = reader.finish())
        return *e;
    auto r = chiSquareIndependence(*table, yates);
    if (!r)
        return r.error();
    QJsonArray expected;
    for (const auto &row : r->expected)
        expected.append(toJsonArray(row));
    return QJsonObject{{QStringLiteral("chi2"), toJson(r->chi2)},
                       {QStringLiteral("dof"), r->dof},
                       {QStringLiteral("p_value"), toJson(r->pValue)},
                       {QStringLiteral("yates"), yates && r->dof == 1},
                       {QStringLiteral("expected"), expected}};
}

Result<QJsonObject> runFisher(JsonReader &reader)
{
    const auto table = readTable(reader);
    const Alternative alternative = readAlternative(reader);
    if (auto e = reader.finish())
        return *e;
    if (table->size() != 2 || (*table)[0].size() != 2 || (*table)[1].size() != 2)
        return makeError(errc::InvalidArgument, "table", "Fisher's exact test needs a 2×2 table [[a, b], [c, d]].");
    const std::array<std::array<std::int64_t, 2>, 2> t{{{(*table)[0][0], (*table)[0][1]}, {(*table)[1][0], (*table)[1][1]}}};
    auto r = fisherExact(t, alternative);
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("p_value"), toJson(r->pValue)},
                       {QStringLiteral("odds_ratio"), toJson(r->oddsRatio)},
                       {QStringLiteral("alternative"), QString::fromUtf8(alternativeName(alternative))}};
}

ProportionSample readProportion(JsonReader &reader, const QString &key)
{
    JsonReader sample = reader.object(key);
    ProportionSample s;
    s.successes = sample.count(QStringLiteral("successes"));
    s.trials = sample.count(QStringLiteral("trials"));
    sample.finish();
    return s;
}

Result<QJsonObject> runProportions(JsonReader &reader)
{
    const ProportionSample a = readProportion(reader, QStringLiteral("a"));
    const ProportionSample b = readProportion(reader, QStringLiteral("b"));
    const double level = reader.number(QStringLiteral("confidence_level"), 0.95);
    const Alternative alternative = readAlternative(reader);
    if (auto e = reader.finish())
        return *e;
    auto r = twoProportionZTest(a, b, alternative, level);
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("z"), toJson(r->z)},
                       {QStringLiteral("p_value"), toJson(r->pValue)},
                       {QStringLiteral("diff"), toJson(r->diff)},
                       {QStringLiteral("ci_low"), toJson(r->ci.low)},
                       {QStringLiteral("ci_high"), toJson(r->ci.high)},
                       {QStringLiteral("ci_method"), QStringLiteral("newcombe")},
                       {QStringLiteral("wilson_a"), interval(r->wilsonA)},
                       {QStringLiteral("wilson_b"), interval(r->wilsonB)},
                       {QStringLiteral("confidence_level"), r->confidenceLevel},
                       {QStringLiteral("alternative"), QString::fromUtf8(alternativeName(alternative))}};
}

Result<QJsonObject> runMannWhitney(JsonReader &reader)
{
    const std::vector<double> a = reader.numbers(QStringLiteral("a"));
    const std::vector<double> b = reader.numbers(QStringLiteral("b"));
    const QString methodName = reader.string(QStringLiteral("method"), QStringLiteral("auto"));
    const bool continuity = reader.boolean(QStringLiteral("use_continuity"), true);
    const Alternative alternative = readAlternative(reader);
    MannWhitneyMethod method = MannWhitneyMethod::Auto;
    if (methodName == QLatin1String("exact"))
        method = MannWhitneyMethod::Exact;
    else if (methodName == QLatin1String("asymptotic"))
        method = MannWhitneyMethod::Asymptotic;
    else if (methodName != QLatin1String("auto"))
        reader.fail(invalidChoice(reader, QStringLiteral("method"), methodName, "\"auto\", \"exact\", \"asymptotic\""));
    if (auto e = reader.finish())
        return *e;
    auto r = mannWhitneyU(a, b, method, alternative, continuity);
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("u"), toJson(r->u)},
                       {QStringLiteral("p_value"), toJson(r->pValue)},
                       {QStringLiteral("method"), r->method == MannWhitneyMethod::Exact ? QStringLiteral("exact")
                                                                                        : QStringLiteral("asymptotic")},
                       {QStringLiteral("alternative"), QString::fromUtf8(alternativeName(alternative))}};
}

// The fixed part of a power question: test, effect (or p1/p2), alpha, ratio, alternative.
PowerDesign readDesign(JsonReader &reader, bool needEffect)
{
    PowerDesign design;
    const QString test = reader.string(QStringLiteral("test"), QStringLiteral("t"));
    if (test == QLatin1String("proportions")) {
        design.test = PowerTest::TwoProportions;
    } else if (test != QLatin1String("t")) {
        reader.fail(invalidChoice(reader, QStringLiteral("test"), test, "\"t\", \"proportions\""));
    }
    design.alpha = reader.number(QStringLiteral("alpha"), 0.05);
    design.ratio = reader.number(QStringLiteral("ratio"), 1.0);
    design.alternative = readAlternative(reader);
    if (!needEffect)
        return design;
    if (design.test == PowerTest::TwoProportions && !reader.has(QStringLiteral("effect_size"))) {
        const double p1 = reader.number(QStringLiteral("p1"));
        const double p2 = reader.number(QStringLiteral("p2"));
        if (reader.failed())
            return design;
        auto h = cohensH(p1, p2);
        if (!h)
            reader.fail(h.error());
        else
            design.effectSize = *h;
    } else {
        design.effectSize = reader.number(QStringLiteral("effect_size"));
    }
    return design;
}

QJsonObject designJson(const PowerDesign &d)
{
    return QJsonObject{{QStringLiteral("test"), d.test == PowerTest::TwoSampleT ? QStringLiteral("t") : QStringLiteral("proportions")},
                       {QStringLiteral("effect_size"), toJson(d.effectSize)},
                       {QStringLiteral("alpha"), d.alpha},
                       {QStringLiteral("ratio"), d.ratio},
                       {QStringLiteral("alternative"), QString::fromUtf8(alternativeName(d.alternative))}};
}

Result<QJsonObject> runSampleSize(JsonReader &reader)
{
    const PowerDesign design = readDesign(reader, true);
    const double targetPower = reader.number(QStringLiteral("power"), 0.8);
    if (auto e = reader.finish())
        return *e;
    auto r = sampleSize(design, targetPower);
    if (!r)
        return r.error();
    QJsonObject out = designJson(design);
    out.insert(QStringLiteral("power"), targetPower);
    out.insert(QStringLiteral("minimum_sample_size"), static_cast<double>(r->nA));
    out.insert(QStringLiteral("nobs1"), toJson(r->nobs1));
    out.insert(QStringLiteral("n_a"), static_cast<double>(r->nA));
    out.insert(QStringLiteral("n_b"), static_cast<double>(r->nB));
    out.insert(QStringLiteral("total"), static_cast<double>(r->total));
    return out;
}

Result<QJsonObject> runPower(JsonReader &reader)
{
    const PowerDesign design = readDesign(reader, true);
    // A whole number of units, as every other command reads counts (a fractional n_a was
    // accepted here while welch-t refused one; issue 22).
    const double nA = static_cast<double>(reader.count(QStringLiteral("n_a")));
    if (auto e = reader.finish())
        return *e;
    auto r = power(design, nA);
    if (!r)
        return r.error();
    QJsonObject out = designJson(design);
    out.insert(QStringLiteral("n_a"), nA);
    out.insert(QStringLiteral("power"), toJson(*r));
    return out;
}

Result<QJsonObject> runMde(JsonReader &reader)
{
    PowerDesign design = readDesign(reader, false);
    const double nA = static_cast<double>(reader.count(QStringLiteral("n_a")));
    const double targetPower = reader.number(QStringLiteral("power"), 0.8);
    if (auto e = reader.finish())
        return *e;
    auto r = solveEffectSize(design, nA, targetPower);
    if (!r)
        return r.error();
    design.effectSize = *r;
    QJsonObject out = designJson(design);
    out.insert(QStringLiteral("n_a"), nA);
    out.insert(QStringLiteral("power"), targetPower);
    out.insert(QStringLiteral("minimum_detectable_effect"), toJson(*r));
    return out;
}

Result<QJsonObject> runSrm(JsonReader &reader)
{
    const std::vector<std::int64_t> observed = reader.counts(QStringLiteral("observed"));
    // The planned split as fractions summing to 1, or as weights (or planned counts) of any scale.
    const bool byWeights = reader.has(QStringLiteral("expected_weights"));
    if (byWeights && reader.has(QStringLiteral("expected_fractions")))
        reader.fail(makeError(errc::InvalidArgument, "expected_weights",
                              "Give either \"expected_fractions\" or \"expected_weights\", not both."));
    const std::vector<double> split =
        reader.numbers(byWeights ? QStringLiteral("expected_weights") : QStringLiteral("expected_fractions"));
    const double threshold = reader.number(QStringLiteral("threshold"), 0.001);
    if (auto e = reader.finish())
        return *e;
    auto r = byWeights ? sampleRatioMismatchWeights(observed, split, threshold)
                       : sampleRatioMismatch(observed, split, threshold);
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("chi2"), toJson(r->chi2)},
                       {QStringLiteral("dof"), r->dof},
                       {QStringLiteral("p_value"), toJson(r->pValue)},
                       {QStringLiteral("mismatch"), r->mismatch},
                       {QStringLiteral("threshold"), threshold},
                       {QStringLiteral("expected_counts"), toJsonArray(r->expectedCounts)}};
}

Result<QJsonObject> runAdjust(JsonReader &reader)
{
    const std::vector<double> pValues = reader.numbers(QStringLiteral("p_values"));
    const QString methodName = reader.string(QStringLiteral("method"), QStringLiteral("holm"));
    const double alpha = reader.number(QStringLiteral("alpha"), 0.05);
    const auto method = parseAdjustMethod(methodName.toStdString());
    if (!method)
        reader.fail(invalidChoice(reader, QStringLiteral("method"), methodName, "\"holm\", \"bonferroni\", \"bh\""));
    if (auto e = reader.finish())
        return *e;
    auto r = adjustPValues(pValues, *method, alpha);
    if (!r)
        return r.error();
    QJsonArray reject;
    for (bool flag : r->reject)
        reject.append(flag);
    return QJsonObject{{QStringLiteral("method"), QString::fromUtf8(adjustMethodName(*method))},
                       {QStringLiteral("alpha"), alpha},
                       {QStringLiteral("adjusted"), toJsonArray(r->adjusted)},
                       {QStringLiteral("reject"), reject}};
}

Result<QJsonObject> runBoundaries(JsonReader &reader)
{
    const std::vector<double> fractions = reader.numbers(QStringLiteral("information_fractions"));
    const double alpha = reader.number(QStringLiteral("alpha"), 0.05);
    const QString spendingName = reader.string(QStringLiteral("spending"), QStringLiteral("obrien-fleming"));
    const double sides = reader.number(QStringLiteral("sides"), 2.0);
    const auto spending = parseSpendingFunction(spendingName.toStdString());
    if (!spending)
        reader.fail(invalidChoice(reader, QStringLiteral("spending"), spendingName, "\"obrien-fleming\", \"pocock\""));
    if (!reader.failed() && sides != 1.0 && sides != 2.0)
        reader.fail(makeError(errc::InvalidArgument, "sides", "\"sides\" must be 1 or 2."));
    if (auto e = reader.finish())
        return *e;
    auto r = groupSequentialBoundaries(fractions, alpha, *spending, static_cast<int>(sides));
    if (!r)
        return r.error();
    return QJsonObject{{QStringLiteral("information_fractions"), toJsonArray(r->informationFractions)},
                       {QStringLiteral("z"), toJsonArray(r->z)},
                       {QStringLiteral("nominal_p"), toJsonArray(r->nominalP)},
                       {QStringLiteral("alpha_spent"), toJsonArray(r->alphaSpent)},
                       {QStringLiteral("alpha"), alpha},
                       {QStringLiteral("sides"), r->sides},
                       {QStringLiteral("spending"), QString::fromUtf8(spendingFunctionName(r->spending))}};
}

struct Command
{
    StatsCommandInfo info;
    Handler run;
};

const QList<Command> &commandTable()
{
    static const QList<Command> table{
        {{QStringLiteral("welch-t"), QStringLiteral("Welch's t-test (unequal variances) from summaries or raw samples"),
          QStringLiteral(R"({"a":{"n":120,"mean":4.4,"sd":0.9},"b":{"n":380,"mean":4.1,"sd":1.1}})")},
         [](JsonReader &r) { return runTTest(r, TTestKind::Welch); }},
        {{QStringLiteral("student-t"), QStringLiteral("Student's t-test (pooled variance) from summaries or raw samples"),
          QStringLiteral(R"({"a":[1.2,2.3,1.9],"b":[2.8,3.1,2.2],"alternative":"less"})")},
         [](JsonReader &r) { return runTTest(r, TTestKind::Student); }},
        {{QStringLiteral("chi2"), QStringLiteral("Chi-square test of independence for an r×c table"),
          QStringLiteral(R"({"table":[[120,380],[90,410]],"yates":true})")}, runChiSquare},
        {{QStringLiteral("fisher"), QStringLiteral("Fisher's exact test for a 2×2 table, with the odds ratio"),
          QStringLiteral(R"({"table":[[8,2],[1,5]]})")}, runFisher},
        {{QStringLiteral("proportions-z"), QStringLiteral("Two-proportion z-test with Wilson and Newcombe intervals"),
          QStringLiteral(R"({"a":{"successes":460,"trials":500},"b":{"successes":1320,"trials":1500}})")}, runProportions},
        {{QStringLiteral("mann-whitney"), QStringLiteral("Mann-Whitney U test (exact or asymptotic)"),
          QStringLiteral(R"({"a":[3,5,4,4,5],"b":[2,3,3,1,4],"method":"auto"})")}, runMannWhitney},
        {{QStringLiteral("sample-size"), QStringLiteral("Sample size per cohort for a target power, any allocation ratio"),
          QStringLiteral(R"({"effect_size":0.1,"power":0.8,"alpha":0.05,"ratio":3})")}, runSampleSize},
        {{QStringLiteral("power"), QStringLiteral("Power of a two-sample design"),
          QStringLiteral(R"({"effect_size":0.1,"n_a":1571,"ratio":1,"alpha":0.05})")}, runPower},
        {{QStringLiteral("mde"), QStringLiteral("Minimum detectable effect for a sample size and power"),
          QStringLiteral(R"({"n_a":1000,"ratio":3,"power":0.8,"alpha":0.05})")}, runMde},
        {{QStringLiteral("srm"), QStringLiteral("Sample-ratio-mismatch check against the planned split"),
          QStringLiteral(R"({"observed":[2450,7550],"expected_fractions":[0.25,0.75]})")}, runSrm},
        {{QStringLiteral("adjust"), QStringLiteral("Multiple-testing adjustment: holm, bonferroni, bh"),
          QStringLiteral(R"({"p_values":[0.01,0.04,0.03],"method":"holm"})")}, runAdjust},
        {{QStringLiteral("boundaries"), QStringLiteral("Group-sequential boundaries by alpha spending"),
          QStringLiteral(R"({"information_fractions":[0.05,0.25,0.5,0.75,1],"alpha":0.05,"spending":"obrien-fleming","sides":2})")},
         runBoundaries},
    };
    return table;
}

} // namespace

const QList<StatsCommandInfo> &statsCommands()
{
    static const QList<StatsCommandInfo> infos = [] {
        QList<StatsCommandInfo> list;
        for (const Command &command : commandTable())
            list.append(command.info);
        return list;
    }();
    return infos;
}

Result<QJsonObject> runStatsCommand(const QString &command, const QJsonObject &request)
{
    for (const Command &entry : commandTable()) {
        if (entry.info.name == command) {
            JsonReader reader(request);
            return entry.run(reader);
        }
    }
    return makeError(jsonerrc::UnknownCommand, "command",
                     "Unknown statistics command \"" + command.toStdString()
                         + "\"; run `rampartctl stats --help` for the list.");
}

} // namespace rampart::io
