// Wording: every reason code and gate of a real decision gets its own sentence, with
// numbers in the locale.

#include "modeltesting.h"
#include "wording.h"

#include <QLocale>

using rampart::models::Wording;
using namespace rampart::testing;
namespace rollout = rampart::rollout;

TEST(Wording, EveryReasonOfEveryExampleIsWordedFromItsCode)
{
    for (const char *name : AllScenarios) {
        SCOPED_TRACE(name);
        const auto s = scenario(name);
        for (const rollout::Reason &r : s.decision.reasons) {
            const QString text = Wording::reason(r, QStringLiteral("G"));
            EXPECT_FALSE(text.isEmpty());
            EXPECT_NE(text.toStdString(), r.message) << "code " << r.code << " fell back to the engine's sentence";
        }
        for (const rollout::GateRow &g : s.decision.gates) {
            EXPECT_FALSE(Wording::gateLabel(g).isEmpty());
            EXPECT_FALSE(Wording::gateDetail(g).isEmpty());
        }
    }
}

TEST(Wording, NumbersFollowTheLocale)
{
    QLocale::setDefault(QLocale(QLocale::Polish, QLocale::Poland));
    EXPECT_EQ(Wording::number(21.5), QStringLiteral("21,5"));
    EXPECT_EQ(Wording::pValue(1.83e-206), QStringLiteral("1,83E-206"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    EXPECT_EQ(Wording::number(21.5), QStringLiteral("21.5"));
    EXPECT_EQ(Wording::number(std::nullopt), QStringLiteral("—"));
    EXPECT_EQ(Wording::number(std::nan("")), QStringLiteral("—"));
}

// Bug: the top bar and the Sign-off page named a latency guardrail's reason after the last
// row with its gate id, so the mean's reason was shown as the P95's.
TEST(Wording, AReasonIsNamedAfterTheRowOfItsOwnStatistic)
{
    const auto s = scenario("guardrail-breach");
    bool sawMean = false, sawP95 = false;
    for (const rampart::rollout::Reason &r : s.decision.reasons) {
        if (r.gate != "metric:latency_ms")
            continue;
        std::string statistic;
        for (const auto &a : r.args)
            if (a.name == "statistic")
                statistic = a.text;
        const QString label = Wording::reasonGateLabel(r, s.decision);
        if (statistic == "p95") {
            EXPECT_TRUE(label.endsWith(QStringLiteral("(P95)"))) << label.toStdString();
            sawP95 = true;
        } else if (statistic == "mean") {
            EXPECT_FALSE(label.contains(QStringLiteral("P95"))) << label.toStdString();
            sawMean = true;
        }
    }
    EXPECT_TRUE(sawMean && sawP95) << "the example degrades both the mean and the P95";
}
