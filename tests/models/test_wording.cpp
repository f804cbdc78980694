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
