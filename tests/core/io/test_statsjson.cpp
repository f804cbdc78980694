// Tests for core/io/statsjson.h: the JSON contract of every statistics command — field
// names, defaults, error codes and the JSON path named by each error.

#include "io/jsonvalue.h"
#include "io/statsjson.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <cctype>
#include <cmath>

using namespace rampart;
using namespace rampart::io;

namespace {

QJsonObject parse(const char *json)
{
    auto r = parseRequest(QByteArray(json));
    EXPECT_TRUE(r.ok()) << json;
    return r.ok() ? *r : QJsonObject{};
}

QJsonObject run(const char *command, const char *json)
{
    auto r = runStatsCommand(QString::fromLatin1(command), parse(json));
    EXPECT_TRUE(r.ok()) << command << " " << json << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : QJsonObject{};
}

Error fail(const char *command, const char *json)
{
    auto r = runStatsCommand(QString::fromLatin1(command), parse(json));
    EXPECT_FALSE(r.ok()) << command << " " << json << " unexpectedly succeeded";
    return r.ok() ? Error{} : r.error();
}

double num(const QJsonObject &o, const char *key)
{
    return o.value(QString::fromLatin1(key)).toDouble();
}

void expectRel(double actual, double expected, double tol = 1e-6)
{
    EXPECT_NEAR(actual, expected, tol * std::fabs(expected)) << "expected " << expected;
}

// Every number in a response must be finite: JSON has no NaN or infinity.
void expectAllFinite(const QJsonValue &value)
{
    if (value.isDouble()) {
        EXPECT_TRUE(std::isfinite(value.toDouble()));
    }
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            expectAllFinite(v);
    }
    if (value.isObject()) {
        for (const QJsonValue &v : value.toObject())
            expectAllFinite(v);
    }
}

} // namespace

TEST(StatsJson, WelchFromSummariesMatchesScipy)
{
    // scipy.stats.ttest_ind_from_stats(4.4, 0.9, 120, 4.1, 1.1, 380, equal_var=False)
    const QJsonObject r = run("welch-t", R"({"a":{"n":120,"mean":4.4,"sd":0.9},"b":{"n":380,"mean":4.1,"sd":1.1}})");
    expectRel(num(r, "t"), 3.009917382422093);
    expectRel(num(r, "p_value"), 0.0028909656066158245);
    expectRel(num(r, "mean_diff"), 0.3);
    EXPECT_LT(num(r, "ci_low"), 0.3);
    EXPECT_GT(num(r, "ci_high"), 0.3);
    EXPECT_DOUBLE_EQ(num(r, "confidence_level"), 0.95);
    EXPECT_TRUE(r.value(QStringLiteral("relative_lift")).isObject());
    expectAllFinite(r);
}

TEST(StatsJson, StudentFromRawSamplesOneSided)
{
    // scipy.stats.ttest_ind([1.2, 2.3, 1.9], [2.8, 3.1, 2.2], alternative='less')
    const QJsonObject r = run("student-t", R"({"a":[1.2,2.3,1.9],"b":[2.8,3.1,2.2],"alternative":"less"})");
    expectRel(num(r, "t"), -2.161730076368678);
    expectRel(num(r, "p_value"), 0.04835073122571236);
    EXPECT_DOUBLE_EQ(num(r, "df"), 4.0);
    // One-sided "less": the interval is open below, rendered as null rather than -inf.
    EXPECT_TRUE(r.value(QStringLiteral("ci_low")).isNull());
    EXPECT_TRUE(r.value(QStringLiteral("summaries")).isObject());
}

TEST(StatsJson, ChiSquareDefaultsToYatesFor2x2)
{
    // scipy.stats.chi2_contingency([[120, 380], [90, 410]], correction=True)
    const QJsonObject r = run("chi2", R"({"table":[[120,380],[90,410]]})");
    expectRel(num(r, "chi2"), 5.069318866787221);
    expectRel(num(r, "p_value"), 0.024352950970987837);
    EXPECT_EQ(r.value(QStringLiteral("dof")).toInt(), 1);
    EXPECT_TRUE(r.value(QStringLiteral("yates")).toBool());
}

TEST(StatsJson, FisherMatchesScipy)
{
    // scipy.stats.fisher_exact([[8, 2], [1, 5]])
    const QJsonObject r = run("fisher", R"({"table":[[8,2],[1,5]]})");
    expectRel(num(r, "p_value"), 0.034965034965034975);
    expectRel(num(r, "odds_ratio"), 20.0);
}

TEST(StatsJson, FisherInfiniteOddsRatioIsNull)
{
    const QJsonObject r = run("fisher", R"({"table":[[5,0],[1,5]]})");
    EXPECT_TRUE(r.value(QStringLiteral("odds_ratio")).isNull());
}

TEST(StatsJson, ProportionsZMatchesStatsmodels)
{
    // statsmodels.stats.proportion.proportions_ztest([460, 1320], [500, 1500])
    const QJsonObject r = run("proportions-z", R"({"a":{"successes":460,"trials":500},"b":{"successes":1320,"trials":1500}})");
    expectRel(num(r, "z"), 2.4756216911952147);
    expectRel(num(r, "p_value"), 0.013300442671426615);
    expectRel(num(r, "diff"), 0.04);
    EXPECT_LT(num(r, "ci_low"), 0.04);
    EXPECT_GT(num(r, "ci_high"), 0.04);
}

TEST(StatsJson, MannWhitneyAutoMatchesScipy)
{
    // scipy.stats.mannwhitneyu([3, 5, 4, 4, 5], [2, 3, 3, 1, 4]) — ties, so asymptotic
    const QJsonObject r = run("mann-whitney", R"({"a":[3,5,4,4,5],"b":[2,3,3,1,4]})");
    expectRel(num(r, "u"), 22.0);
    expectRel(num(r, "p_value"), 0.05317338271357822);
    EXPECT_EQ(r.value(QStringLiteral("method")).toString(), QStringLiteral("asymptotic"));
}

TEST(StatsJson, SampleSizeExampleGives1571PerGroup)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=1.0) = 1570.733
    const QJsonObject r = run("sample-size", R"({"effect_size":0.1,"power":0.8,"alpha":0.05})");
    EXPECT_EQ(num(r, "minimum_sample_size"), 1571.0);
    EXPECT_EQ(num(r, "n_a"), 1571.0);
    EXPECT_EQ(num(r, "n_b"), 1571.0);
    EXPECT_EQ(num(r, "total"), 3142.0);
    EXPECT_NEAR(num(r, "nobs1"), 1570.7330430520035, 1e-4 * 1570.7);
}

TEST(StatsJson, SampleSizeUnequalSplit)
{
    // statsmodels TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=3.0) = 1046.995
    const QJsonObject r = run("sample-size", R"({"effect_size":0.1,"power":0.8,"alpha":0.05,"ratio":3})");
    EXPECT_EQ(num(r, "n_a"), 1047.0);
    EXPECT_EQ(num(r, "n_b"), 3141.0); // ceil(1046.995 * 3)
}

TEST(StatsJson, PowerMatchesStatsmodels)
{
    // statsmodels TTestIndPower().power(effect_size=0.1, nobs1=1571, alpha=0.05, ratio=1.0)
    const QJsonObject r = run("power", R"({"effect_size":0.1,"n_a":1571,"ratio":1,"alpha":0.05})");
    expectRel(num(r, "power"), 0.8000666820510531, 1e-5);
}

TEST(StatsJson, MinimumDetectableEffectInvertsPower)
{
    const QJsonObject r = run("mde", R"({"n_a":1571,"power":0.8000666820510531,"alpha":0.05})");
    EXPECT_NEAR(num(r, "minimum_detectable_effect"), 0.1, 1e-4);
}

TEST(StatsJson, SrmMatchesScipy)
{
    // scipy.stats.chisquare([2450, 7550], f_exp=[2500, 7500])
    const QJsonObject r = run("srm", R"({"observed":[2450,7550],"expected_fractions":[0.25,0.75]})");
    expectRel(num(r, "chi2"), 1.3333333333333333);
    expectRel(num(r, "p_value"), 0.24821307898992026);
    EXPECT_FALSE(r.value(QStringLiteral("mismatch")).toBool());
}

TEST(StatsJson, SrmAcceptsExpectedWeights)
{
    // Issue 7 item 10. scipy.stats.chisquare([105, 190, 305], f_exp=[100, 200, 300])
    const QJsonObject r = run("srm", R"({"observed":[105,190,305],"expected_weights":[1,2,3]})");
    expectRel(num(r, "chi2"), 0.8333333333333334);
    expectRel(num(r, "p_value"), 0.6592406302004438);
    // Planned counts are weights: scipy.stats.chisquare([2450, 7550], f_exp=[2500, 7500])
    const QJsonObject counts = run("srm", R"({"observed":[2450,7550],"expected_weights":[2500,7500]})");
    expectRel(num(counts, "p_value"), 0.24821307898992026);
}

TEST(StatsJson, BoundariesTwoSidedSpendHalfAlphaPerSide)
{
    // Issue 7 item 10: DeMets & Lan 1994 / gsDesign test.type=2: 4.877, 3.357, 2.680, 2.290, 2.031.
    const QJsonObject r = run("boundaries",
                              R"({"information_fractions":[0.2,0.4,0.6,0.8,1],"alpha":0.05,"spending":"obrien-fleming","sides":2})");
    const QJsonArray z = r.value(QStringLiteral("z")).toArray();
    const double published[] = {4.877, 3.357, 2.680, 2.290, 2.031};
    ASSERT_EQ(z.size(), 5);
    for (int k = 0; k < 5; ++k)
        EXPECT_NEAR(z.at(k).toDouble(), published[k], 6e-4) << "look " << k;
}

TEST(StatsJson, SampleSizeForProportionsAcceptsZeroAndOne)
{
    // statsmodels NormalIndPower().solve_power(effect_size=proportion_effectsize(0, 0.1), power=0.8, alpha=0.05)
    const QJsonObject r = run("sample-size", R"({"test":"proportions","p1":0,"p2":0.1})");
    expectRel(num(r, "nobs1"), 37.908621134537555, 1e-4);
    EXPECT_EQ(num(r, "n_a"), 38.0);
    expectRel(num(r, "effect_size"), -0.6435011087932844);
}

TEST(StatsJson, AdjustHolmMatchesStatsmodels)
{
    // statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03], method='holm')
    const QJsonObject r = run("adjust", R"({"p_values":[0.01,0.04,0.03],"method":"holm"})");
    const QJsonArray adjusted = r.value(QStringLiteral("adjusted")).toArray();
    ASSERT_EQ(adjusted.size(), 3);
    expectRel(adjusted.at(0).toDouble(), 0.03);
    expectRel(adjusted.at(1).toDouble(), 0.06);
    expectRel(adjusted.at(2).toDouble(), 0.06);
    const QJsonArray reject = r.value(QStringLiteral("reject")).toArray();
    EXPECT_TRUE(reject.at(0).toBool());
    EXPECT_FALSE(reject.at(1).toBool());
}

TEST(StatsJson, BoundariesOneLookIsTheFixedSampleTest)
{
    const QJsonObject r = run("boundaries", R"({"information_fractions":[1],"alpha":0.05,"spending":"pocock","sides":2})");
    expectRel(r.value(QStringLiteral("z")).toArray().at(0).toDouble(), 1.959963984540054);
    expectRel(r.value(QStringLiteral("nominal_p")).toArray().at(0).toDouble(), 0.05);
    expectRel(r.value(QStringLiteral("alpha_spent")).toArray().at(0).toDouble(), 0.05);
}

// --- errors: each names the code and the JSON path ---------------------------------------

struct BadRequest
{
    const char *command;
    const char *json;
    const char *code;
    const char *field;
};

// Names the case in test output instead of dumping the struct's bytes.
void PrintTo(const BadRequest &bad, std::ostream *os)
{
    *os << bad.command << " " << bad.json;
}

class StatsJsonBadInput : public ::testing::TestWithParam<BadRequest>
{
};

TEST_P(StatsJsonBadInput, IsRejectedWithCodeAndField)
{
    const BadRequest &bad = GetParam();
    const Error e = fail(bad.command, bad.json);
    EXPECT_EQ(e.code, bad.code) << e.message;
    EXPECT_EQ(e.field, bad.field) << e.message;
    EXPECT_FALSE(e.message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StatsJsonBadInput,
    ::testing::Values(
        BadRequest{"welch-t", R"({"a":{"n":1,"mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1}})", "insufficient_data",
                   "a.n"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":-1},"b":{"n":10,"mean":1,"sd":1}})", "invalid_argument",
                   "a.sd"},
        BadRequest{"student-t", R"({"a":{"n":10,"mean":1,"sd":0},"b":{"n":10,"mean":2,"sd":0}})", "degenerate_data",
                   ""},
        BadRequest{"welch-t", R"({"a":{"n":"10","mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1}})", "wrong_type", "a.n"},
        BadRequest{"welch-t", R"({"a":{"n":10.5,"mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1}})", "invalid_argument",
                   "a.n"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":1}})", "missing_field", "b"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1},"confidence":0.9})",
                   "unknown_field", "confidence"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":1,"median":2},"b":{"n":10,"mean":1,"sd":1}})",
                   "unknown_field", "a.median"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1},"confidence_level":1})",
                   "invalid_argument", "confidence_level"},
        BadRequest{"welch-t", R"({"a":{"n":10,"mean":1,"sd":1},"b":{"n":10,"mean":1,"sd":1},"alternative":"bigger"})",
                   "invalid_argument", "alternative"},
        BadRequest{"welch-t", R"({"a":[1,2,"x"],"b":[1,2,3]})", "wrong_type", "a[2]"},
        BadRequest{"chi2", R"({"table":[[5]]})", "invalid_argument", "table"},
        BadRequest{"chi2", R"({"table":[[5,3],[-1,4]]})", "invalid_argument", "table[1][0]"},
        BadRequest{"chi2", R"({"table":[[5,3],[2.5,4]]})", "invalid_argument", "table[1][0]"},
        BadRequest{"fisher", R"({"table":[[5,3,1],[2,4,1]]})", "invalid_argument", "table"},
        BadRequest{"proportions-z", R"({"a":{"successes":-3,"trials":10},"b":{"successes":3,"trials":10}})",
                   "invalid_argument", "a.successes"},
        BadRequest{"proportions-z", R"({"a":{"successes":30,"trials":10},"b":{"successes":3,"trials":10}})",
                   "invalid_argument", "a.successes"},
        BadRequest{"sample-size", R"({"effect_size":0,"power":0.8,"alpha":0.05})", "invalid_argument", "effect_size"},
        BadRequest{"sample-size", R"({"effect_size":0.1,"power":1.2,"alpha":0.05})", "invalid_argument", "power"},
        BadRequest{"sample-size", R"({"effect_size":0.1,"power":0.8,"alpha":0})", "invalid_argument", "alpha"},
        BadRequest{"sample-size", R"({"test":"proportions","p1":1.3,"p2":0.5})", "invalid_argument", "p1"},
        BadRequest{"power", R"({"effect_size":0.1,"n_a":1,"alpha":0.05})", "invalid_argument", "n_a"},
        BadRequest{"power", R"({"effect_size":0.1,"n_a":100,"ratio":-1})", "invalid_argument", "ratio"},
        BadRequest{"srm", R"({"observed":[100,-5],"expected_fractions":[0.5,0.5]})", "invalid_argument", "observed[1]"},
        BadRequest{"srm", R"({"observed":[100,95],"expected_fractions":[0.5,0.6]})", "invalid_argument",
                   "expected_fractions"},
        BadRequest{"srm", R"({"observed":[100,95],"expected_fractions":[1,2]})", "invalid_argument",
                   "expected_fractions[0]"},
        BadRequest{"srm", R"({"observed":[100,95],"expected_weights":[1,0]})", "invalid_argument",
                   "expected_weights[1]"},
        BadRequest{"srm", R"({"observed":[100,95],"expected_weights":[1,1],"expected_fractions":[0.5,0.5]})",
                   "invalid_argument", "expected_weights"},
        BadRequest{"sample-size", R"({"effect_size":0.1,"ratio":1e20})", "invalid_argument", "ratio"},
        BadRequest{"sample-size", R"({"effect_size":100000})", "invalid_argument", "effect_size"},
        BadRequest{"mde", R"({"n_a":1000,"ratio":1e308})", "invalid_argument", "ratio"},
        BadRequest{"power", R"({"effect_size":0.1,"n_a":1e12})", "invalid_argument", "n_a"},
        BadRequest{"sample-size", R"({"test":"proportions","p1":-0.1,"p2":0.1})", "invalid_argument", "p1"},
        BadRequest{"adjust", R"({"p_values":[0.01,0.2,1.5],"method":"holm"})", "invalid_argument", "p_values[2]"},
        BadRequest{"adjust", R"({"p_values":[0.01],"method":"sidak"})", "invalid_argument", "method"},
        BadRequest{"boundaries", R"({"information_fractions":[0.5,0.3,1]})", "invalid_argument",
                   "information_fractions[1]"},
        BadRequest{"boundaries", R"({"information_fractions":[0.25,0.5,0.9]})", "invalid_argument",
                   "information_fractions[2]"},
        BadRequest{"boundaries", R"({"information_fractions":[0.5,1],"sides":3})", "invalid_argument", "sides"},
        BadRequest{"boundaries", R"({"information_fractions":[0.5,1],"spending":"haybittle"})", "invalid_argument",
                   "spending"},
        BadRequest{"t-test", R"({})", "unknown_command", "command"},
        // Issue 22: alpha below 1e-12 gave all-null alpha_spent and z = 40 with exit 0, and
        // power/mde took a fractional n_a that welch-t refuses.
        BadRequest{"boundaries", R"({"information_fractions":[0.5,1],"alpha":5e-324})", "invalid_argument", "alpha"},
        BadRequest{"boundaries", R"({"information_fractions":[0.5,1],"alpha":1e-13})", "invalid_argument", "alpha"},
        BadRequest{"sample-size", R"({"effect_size":0.1,"alpha":1e-13})", "invalid_argument", "alpha"},
        BadRequest{"adjust", R"({"p_values":[0.01],"method":"holm","alpha":1e-20})", "invalid_argument", "alpha"},
        BadRequest{"power", R"({"effect_size":0.1,"n_a":100.5})", "invalid_argument", "n_a"},
        BadRequest{"mde", R"({"n_a":1000.5})", "invalid_argument", "n_a"}),
    [](const ::testing::TestParamInfo<BadRequest> &info) {
        std::string name = std::to_string(info.index) + "_" + info.param.command + "_" + info.param.code;
        for (char &c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return name;
    });

TEST(StatsJson, InvalidJsonNamesTheOffset)
{
    auto r = parseRequest(QByteArray(R"({"a": NaN})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, jsonerrc::InvalidJson);
    EXPECT_NE(r.error().message.find("offset"), std::string::npos);
}

TEST(StatsJson, OverflowingNumberIsInvalidJsonNotInfinity)
{
    // Qt's parser refuses numbers outside double range, so infinity never reaches the engine.
    auto r = parseRequest(QByteArray(R"({"a":{"n":10,"mean":1e999,"sd":1}})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, jsonerrc::InvalidJson);
}

TEST(StatsJson, ArrayIsNotARequest)
{
    auto r = parseRequest(QByteArray("[1, 2]"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, jsonerrc::InvalidJson);
}

TEST(StatsJson, EveryCommandHasAWorkingExample)
{
    for (const StatsCommandInfo &info : statsCommands()) {
        auto request = parseRequest(info.example.toUtf8());
        ASSERT_TRUE(request.ok()) << info.name.toStdString();
        auto response = runStatsCommand(info.name, *request);
        EXPECT_TRUE(response.ok()) << info.name.toStdString() << ": "
                                   << (response.ok() ? "" : response.error().message);
        if (response.ok())
            expectAllFinite(*response);
    }
}
