// Tests for core/stats/contingency.h
// Reference values: tests/reference/gen_ttest_contingency.py (scipy 1.10.1, statsmodels 0.13.5).
#include "stats/contingency.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>

using namespace rampart;
using namespace rampart::stats;

using rampart::testing::expectError;

namespace {

constexpr double kRel = 1e-6;
constexpr double kInf = std::numeric_limits<double>::infinity();

#define EXPECT_REL(actual, expected) EXPECT_NEAR((actual), (expected), kRel * std::fabs(expected))

using Table2x2 = std::array<std::array<std::int64_t, 2>, 2>;

ChiSquareResult chi2(const CountTable &table, bool yates)
{
    auto r = chiSquareIndependence(table, yates);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : ChiSquareResult{};
}

FisherResult fisher(const Table2x2 &table, Alternative alternative)
{
    auto r = fisherExact(table, alternative);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : FisherResult{};
}

TwoProportionResult proportions(ProportionSample a, ProportionSample b, Alternative alternative, double level = 0.95)
{
    auto r = twoProportionZTest(a, b, alternative, level);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : TwoProportionResult{};
}

} // namespace

// --- chi-square -----------------------------------------------------------------------

TEST(ChiSquare, TwoByTwoWithYates)
{
    // scipy.stats.chi2_contingency([[12, 5], [7, 15]], correction=True)
    const auto r = chi2({{12, 5}, {7, 15}}, true);
    EXPECT_REL(r.chi2, 4.3221203912186867);
    EXPECT_REL(r.pValue, 0.037620016634839937);
    EXPECT_EQ(r.dof, 1);
    EXPECT_REL(r.expected[0][0], 8.2820512820512828);
    EXPECT_REL(r.expected[0][1], 8.7179487179487172);
    EXPECT_REL(r.expected[1][0], 10.717948717948717);
    EXPECT_REL(r.expected[1][1], 11.282051282051283);
}

TEST(ChiSquare, TwoByTwoWithoutYates)
{
    // scipy.stats.chi2_contingency([[12, 5], [7, 15]], correction=False)
    const auto r = chi2({{12, 5}, {7, 15}}, false);
    EXPECT_REL(r.chi2, 5.7695961159583424);
    EXPECT_REL(r.pValue, 0.01630578158465016);
}

TEST(ChiSquare, YatesNeverMovesPastTheExpectedCount)
{
    // scipy.stats.chi2_contingency([[10, 10], [10, 11]], correction=True): |O − E| < 0.5 → χ² = 0
    auto r = chi2({{10, 10}, {10, 11}}, true);
    EXPECT_EQ(r.chi2, 0.0);
    EXPECT_EQ(r.pValue, 1.0);
    // scipy.stats.chi2_contingency([[10, 10], [10, 11]], correction=False)
    r = chi2({{10, 10}, {10, 11}}, false);
    EXPECT_REL(r.chi2, 0.023242630385487569);
    EXPECT_REL(r.pValue, 0.87882781292953072);
}

TEST(ChiSquare, ThreeByFourIgnoresYates)
{
    // scipy.stats.chi2_contingency([[20, 15, 30, 12], [18, 25, 22, 16], [30, 12, 14, 25]], correction=True)
    const CountTable table{{20, 15, 30, 12}, {18, 25, 22, 16}, {30, 12, 14, 25}};
    for (bool yates : {true, false}) {
        const auto r = chi2(table, yates);
        EXPECT_REL(r.chi2, 19.641169129980661);
        EXPECT_REL(r.pValue, 0.0032072974407610995);
        EXPECT_EQ(r.dof, 6);
        EXPECT_REL(r.expected[2][3], 17.96234309623431);
    }
}

TEST(ChiSquare, TwoByThree)
{
    // scipy.stats.chi2_contingency([[25, 30, 18], [20, 22, 35]], correction=True)
    const auto r = chi2({{25, 30, 18}, {20, 22, 35}}, true);
    EXPECT_REL(r.chi2, 7.137563909339562);
    EXPECT_REL(r.pValue, 0.028190169681373452);
    EXPECT_EQ(r.dof, 2);
}

TEST(ChiSquare, TinyPValueKeepsRelativeAccuracy)
{
    // scipy.stats.chi2_contingency([[5000, 4000], [4000, 5000]], correction=True)
    auto r = chi2({{5000, 4000}, {4000, 5000}}, true);
    EXPECT_REL(r.chi2, 221.77799999999999);
    EXPECT_REL(r.pValue, 3.7030824787063534e-50);
    // scipy.stats.chi2_contingency([[5000, 4000], [4000, 5000]], correction=False)
    r = chi2({{5000, 4000}, {4000, 5000}}, false);
    EXPECT_REL(r.chi2, 222.22222222222223);
    EXPECT_REL(r.pValue, 2.9625867262685184e-50);
}

TEST(ChiSquareErrors, TooFewRowsOrColumns)
{
    expectError(chiSquareIndependence({{5}}), errc::InvalidArgument, "table");
    expectError(chiSquareIndependence({{5, 6, 7}}), errc::InvalidArgument, "table");
    expectError(chiSquareIndependence({{5}, {6}}), errc::InvalidArgument, "table");
    expectError(chiSquareIndependence({}), errc::InvalidArgument, "table");
}

TEST(ChiSquareErrors, RaggedRows)
{
    expectError(chiSquareIndependence({{5, 6}, {7, 8, 9}}), errc::InvalidArgument, "table[1]");
}

TEST(ChiSquareErrors, NegativeCount)
{
    expectError(chiSquareIndependence({{5, 6}, {-1, 8}}), errc::InvalidArgument, "table[1][0]");
}

TEST(ChiSquareErrors, ZeroRowOrColumnSum)
{
    const auto row = chiSquareIndependence({{5, 6}, {0, 0}});
    expectError(row, errc::DegenerateData, "table");
    EXPECT_NE(row.error().message.find("Row 1"), std::string::npos);
    const auto column = chiSquareIndependence({{5, 0, 3}, {6, 0, 2}});
    expectError(column, errc::DegenerateData, "table");
    EXPECT_NE(column.error().message.find("Column 1"), std::string::npos);
}

// --- Fisher's exact test --------------------------------------------------------------

struct FisherCase
{
    Table2x2 table;
    double oddsRatio;
    double twoSided;
    double less;
    double greater;
};

// scipy.stats.fisher_exact(table, alternative=...) for 'two-sided', 'less', 'greater'.
const FisherCase kFisherCases[] = {
    // scipy.stats.fisher_exact([[8, 2], [1, 5]], alternative=...)
    {{{{8, 2}, {1, 5}}}, 20, 0.034965034965034975, 0.99912587412587417, 0.024475524475524483},
    // scipy.stats.fisher_exact([[10, 5], [5, 10]], alternative=...): symmetric margins, exact ties
    {{{{10, 5}, {5, 10}}}, 4, 0.1431109780507063, 0.98658113538689896, 0.07155548902535315},
    // scipy.stats.fisher_exact([[120, 180], [150, 160]], alternative=...)
    {{{{120, 180}, {150, 160}}}, 0.71111111111111114, 0.041562537625143572, 0.022510832921273937,
     0.98491401597901285},
    // scipy.stats.fisher_exact([[1200, 1300], [1100, 1500]], alternative=...)
    {{{{1200, 1300}, {1100, 1500}}}, 1.2587412587412588, 4.4842124304612558e-05, 0.99998047128856105,
     2.4890363674906495e-05},
    // scipy.stats.fisher_exact([[300, 200], [200, 300]], alternative=...): tiny p-values
    {{{{300, 200}, {200, 300}}}, 2.25, 3.3526116319717367e-10, 0.99999999992690758, 1.6763058159858683e-10},
    // scipy.stats.fisher_exact([[0, 5], [5, 0]], alternative=...)
    {{{{0, 5}, {5, 0}}}, 0, 0.0079365079365079378, 0.0039682539682539689, 1},
    // scipy.stats.fisher_exact([[5, 0], [0, 5]], alternative=...)
    {{{{5, 0}, {0, 5}}}, kInf, 0.0079365079365079378, 1, 0.0039682539682539689},
    // scipy.stats.fisher_exact([[3, 0], [4, 2]], alternative=...)
    {{{{3, 0}, {4, 2}}}, kInf, 0.5, 1, 0.41666666666666674},
    // scipy.stats.fisher_exact([[7, 7], [7, 7]], alternative=...): observed table is the mode
    {{{{7, 7}, {7, 7}}}, 1, 1, 0.64680486382195901, 0.64680486382195901},
    // scipy.stats.fisher_exact([[2, 9], [11, 3]], alternative=...)
    {{{{2, 9}, {11, 3}}}, 0.060606060606060608, 0.0048324135146049262, 0.0040449589446762682,
     0.99980481895275275},
    // scipy.stats.fisher_exact([[150, 210], [210, 150]], alternative=...): mirror table is an exact tie
    {{{{150, 210}, {210, 150}}}, 0.51020408163265307, 1.0480156285526131e-05, 5.2400781427630654e-06,
     0.99999740711157359},
};

TEST(Fisher, MatchesScipyForEveryAlternative)
{
    for (const auto &c : kFisherCases) {
        SCOPED_TRACE(::testing::Message() << "[[" << c.table[0][0] << ", " << c.table[0][1] << "], ["
                                          << c.table[1][0] << ", " << c.table[1][1] << "]]");
        const auto two = fisher(c.table, Alternative::TwoSided);
        if (std::isinf(c.oddsRatio))
            EXPECT_EQ(two.oddsRatio, kInf);
        else
            EXPECT_REL(two.oddsRatio, c.oddsRatio);
        EXPECT_REL(two.pValue, c.twoSided);
        EXPECT_REL(fisher(c.table, Alternative::Less).pValue, c.less);
        EXPECT_REL(fisher(c.table, Alternative::Greater).pValue, c.greater);
    }
}

TEST(Fisher, ZeroMarginGivesNaNOddsRatioAndPOne)
{
    // scipy.stats.fisher_exact([[0, 0], [3, 4]], alternative=...) → (nan, 1.0) for every alternative
    for (auto alternative : {Alternative::TwoSided, Alternative::Less, Alternative::Greater}) {
        const auto r = fisher({{{0, 0}, {3, 4}}}, alternative);
        EXPECT_TRUE(std::isnan(r.oddsRatio));
        EXPECT_EQ(r.pValue, 1.0);
    }
}

TEST(Fisher, CountsInTheThousandsAreFast)
{
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i)
        (void)fisherExact({{{1200 + i, 1300}, {1100, 1500}}});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(std::chrono::duration<double>(elapsed).count(), 0.5);
}

TEST(FisherErrors, NegativeCount)
{
    expectError(fisherExact({{{1, 2}, {-3, 4}}}), errc::InvalidArgument, "table[1][0]");
}

// --- two proportions ------------------------------------------------------------------

TEST(TwoProportion, PooledZMatchesStatsmodels)
{
    // statsmodels.stats.proportion.proportions_ztest([45, 30], [500, 480], alternative='two-sided')
    auto r = proportions({45, 500}, {30, 480}, Alternative::TwoSided);
    EXPECT_REL(r.z, 1.6188120601811211);
    EXPECT_REL(r.pValue, 0.10548770645875266);
    EXPECT_REL(r.diff, 0.09 - 0.0625);
    // statsmodels.stats.proportion.proportions_ztest([45, 30], [500, 480], alternative='larger')
    EXPECT_REL(proportions({45, 500}, {30, 480}, Alternative::Greater).pValue, 0.052743853229376331);
    // statsmodels.stats.proportion.proportions_ztest([45, 30], [500, 480], alternative='smaller')
    EXPECT_REL(proportions({45, 500}, {30, 480}, Alternative::Less).pValue, 0.94725614677062364);
}

TEST(TwoProportion, WilsonAndNewcombeIntervals)
{
    auto r = proportions({45, 500}, {30, 480}, Alternative::TwoSided);
    // statsmodels.stats.proportion.proportion_confint(45, 500, alpha=0.05, method='wilson')
    EXPECT_REL(r.wilsonA.low, 0.067942547889139393);
    EXPECT_REL(r.wilsonA.high, 0.11830941128933345);
    // statsmodels.stats.proportion.proportion_confint(30, 480, alpha=0.05, method='wilson')
    EXPECT_REL(r.wilsonB.low, 0.044127010733836056);
    EXPECT_REL(r.wilsonB.high, 0.087820050967532134);
    // statsmodels.stats.proportion.confint_proportions_2indep(45, 500, 30, 480, method='newcomb', compare='diff', alpha=0.05)
    EXPECT_REL(r.ci.low, -0.0060802944391697422);
    EXPECT_REL(r.ci.high, 0.061248918532646579);

    r = proportions({45, 500}, {30, 480}, Alternative::TwoSided, 0.9);
    // statsmodels.stats.proportion.proportion_confint(45, 500, alpha=0.1, method='wilson')
    EXPECT_REL(r.wilsonA.low, 0.071096133902155273);
    EXPECT_REL(r.wilsonA.high, 0.1133170770943151);
    // statsmodels.stats.proportion.confint_proportions_2indep(45, 500, 30, 480, method='newcomb', compare='diff', alpha=0.1)
    EXPECT_REL(r.ci.low, -0.00056216890072938869);
    EXPECT_REL(r.ci.high, 0.055685816358900339);
}

TEST(TwoProportion, TinyPValueKeepsRelativeAccuracy)
{
    // statsmodels.stats.proportion.proportions_ztest([5500, 5000], [10000, 10000], alternative='two-sided')
    auto r = proportions({5500, 10000}, {5000, 10000}, Alternative::TwoSided);
    EXPECT_REL(r.z, 7.0799232540478938);
    EXPECT_REL(r.pValue, 1.4423431708997268e-12);
    // statsmodels.stats.proportion.confint_proportions_2indep(5500, 10000, 5000, 10000, method='newcomb', compare='diff', alpha=0.05)
    EXPECT_REL(r.ci.low, 0.036164745007104225);
    EXPECT_REL(r.ci.high, 0.063808170503446587);
    // statsmodels.stats.proportion.proportions_ztest([5500, 5000], [10000, 10000], alternative='larger')
    EXPECT_REL(proportions({5500, 10000}, {5000, 10000}, Alternative::Greater).pValue, 7.211715854498634e-13);
    // statsmodels.stats.proportion.proportions_ztest([5500, 5000], [10000, 10000], alternative='smaller')
    EXPECT_REL(proportions({5500, 10000}, {5000, 10000}, Alternative::Less).pValue, 0.9999999999992788);
}

TEST(TwoProportion, ZeroSuccessesInOneCohort)
{
    // statsmodels.stats.proportion.proportions_ztest([0, 5], [50, 50], alternative='smaller')
    auto r = proportions({0, 50}, {5, 50}, Alternative::Less);
    EXPECT_REL(r.z, -2.294157338705618);
    EXPECT_REL(r.pValue, 0.010890731395559738);
    // statsmodels.stats.proportion.proportion_confint(0, 50, alpha=0.05, method='wilson') → (0, 0.0713...)
    EXPECT_NEAR(r.wilsonA.low, 0.0, 1e-15);
    EXPECT_REL(r.wilsonA.high, 0.071347599133358738);
    // statsmodels.stats.proportion.confint_proportions_2indep(0, 50, 5, 50, method='newcomb', compare='diff', alpha=0.05)
    EXPECT_REL(r.ci.low, -0.21360231437479657);
    EXPECT_REL(r.ci.high, -0.0089754480805900178);
    // statsmodels.stats.proportion.proportion_confint(0, 50, alpha=0.1, method='wilson') → (−3.5e−18, 0.0513...):
    // the rounding below 0 is clamped away.
    r = proportions({0, 50}, {5, 50}, Alternative::TwoSided, 0.9);
    EXPECT_GE(r.wilsonA.low, 0.0);
    EXPECT_NEAR(r.wilsonA.low, 0.0, 1e-15);
    EXPECT_REL(r.wilsonA.high, 0.051333185786270163);
    // statsmodels.stats.proportion.confint_proportions_2indep(0, 50, 5, 50, method='newcomb', compare='diff', alpha=0.1)
    EXPECT_REL(r.ci.low, -0.191537514151571);
    EXPECT_REL(r.ci.high, -0.028011012482834247);
}

TEST(TwoProportion, WilsonIntervalStandalone)
{
    // statsmodels.stats.proportion.proportion_confint(5, 50, alpha=0.1, method='wilson')
    const auto r = wilsonInterval({5, 50}, 0.9);
    ASSERT_TRUE(r.ok());
    EXPECT_REL(r->low, 0.049529034477445166);
    EXPECT_REL(r->high, 0.191537514151571);
}

TEST(TwoProportionErrors, InvalidCounts)
{
    expectError(twoProportionZTest({0, 0}, {5, 50}), errc::InsufficientData, "a.trials");
    expectError(twoProportionZTest({5, 50}, {-1, 50}), errc::InvalidArgument, "b.successes");
    expectError(twoProportionZTest({51, 50}, {5, 50}), errc::InvalidArgument, "a.successes");
    expectError(twoProportionZTest({5, 50}, {5, -2}), errc::InsufficientData, "b.trials");
    expectError(twoProportionZTest({5, 50}, {5, 50}, Alternative::TwoSided, 1.0), errc::InvalidArgument,
                "confidence_level");
    expectError(wilsonInterval({3, 2}), errc::InvalidArgument, "successes");
}

TEST(TwoProportionErrors, PooledProportionZeroOrOne)
{
    expectError(twoProportionZTest({0, 50}, {0, 40}), errc::DegenerateData, "");
    expectError(twoProportionZTest({50, 50}, {40, 40}), errc::DegenerateData, "");
}

TEST(FisherErrors, TotalBeyond1e12IsRefusedNotAWalkOfSeconds)
{
    // Issue 8 item 11: a table with counts of 2^53 took 12 s. Beyond 1e12 units: a clear error.
    const std::int64_t big = std::int64_t{1} << 53;
    expectError(fisherExact(Table2x2{{{big, big}, {big, big}}}), errc::InvalidArgument, "table");
    expectError(fisherExact(Table2x2{{{500000000001, 0}, {0, 500000000000}}}), errc::InvalidArgument, "table");
    // At the limit the walk still answers: a balanced table lies at the mode, so p = 1.
    auto atLimit = fisherExact(Table2x2{{{250000000000, 250000000000}, {250000000000, 250000000000}}});
    ASSERT_TRUE(atLimit.ok()) << atLimit.error().message;
    EXPECT_NEAR(atLimit->pValue, 1.0, 1e-9);
}
