// validateWrite / validateFlagName and the wire encodings of updated_at and percentage.

#include "flags/flagstore.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace rampart::flags;

namespace {

FlagWrite goodWrite()
{
    FlagWrite w;
    w.percentage = 25;
    w.stage = "25%";
    w.updatedBy = "alice";
    w.reason = "gates passed";
    return w;
}

void expectField(const std::optional<rampart::Error> &error, const char *field)
{
    ASSERT_TRUE(error.has_value()) << "expected an error on " << field;
    EXPECT_EQ(error->code, rampart::errc::InvalidArgument);
    EXPECT_EQ(error->field, field);
    EXPECT_FALSE(error->message.empty());
}

} // namespace

TEST(ValidateWrite, AcceptsAWellFormedWrite)
{
    EXPECT_FALSE(validateWrite(goodWrite()).has_value());
    FlagWrite edge = goodWrite();
    edge.percentage = 0;
    edge.stage.clear(); // a stage name is optional
    EXPECT_FALSE(validateWrite(edge).has_value());
    edge.percentage = 100;
    edge.expectedVersion = 0;
    EXPECT_FALSE(validateWrite(edge).has_value());
}

TEST(ValidateWrite, PercentageOutsideZeroToHundred)
{
    for (double bad : {-0.001, 100.001, 250.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
        FlagWrite w = goodWrite();
        w.percentage = bad;
        expectField(validateWrite(w), "percentage");
    }
}

TEST(ValidateWrite, EmptyUpdatedByOrReason)
{
    FlagWrite w = goodWrite();
    w.updatedBy.clear();
    expectField(validateWrite(w), "updated_by");
    w = goodWrite();
    w.reason.clear();
    expectField(validateWrite(w), "reason");
}

TEST(ValidateWrite, NegativeExpectedVersion)
{
    FlagWrite w = goodWrite();
    w.expectedVersion = -1;
    expectField(validateWrite(w), "expected_version");
}

TEST(ValidateFlagName, LettersDigitsAndPunctuationOnly)
{
    EXPECT_FALSE(validateFlagName("checkout-ranker.v2_eu").has_value());
    expectField(validateFlagName(""), "flag");
    expectField(validateFlagName("a b"), "flag");
    expectField(validateFlagName("a:b"), "flag");
    expectField(validateFlagName(std::string(129, 'x')), "flag");
}

TEST(WireEncoding, TimestampIsIso8601Utc)
{
    using namespace std::chrono;
    const rampart::rollout::TimePoint t = sys_days(2024y / May / 1) + 13h + 4min + 5s;
    EXPECT_EQ(formatTimestamp(t), "2024-05-01T13:04:05Z");
    EXPECT_EQ(parseTimestamp("2024-05-01T13:04:05Z"), t);
    EXPECT_EQ(formatTimestamp(rampart::rollout::TimePoint{}), "1970-01-01T00:00:00Z");
    for (const char *bad : {"2024-05-01 13:04:05Z", "2024-05-01T13:04:05", "2024-02-30T00:00:00Z",
                            "2024-05-01T24:00:00Z", "2024-05-01T13:04:05+00:00", ""})
        EXPECT_FALSE(parseTimestamp(bad).has_value()) << bad;
}

TEST(WireEncoding, PercentageIsTheShortestRoundTripDecimal)
{
    EXPECT_EQ(formatPercentage(25.0), "25");
    EXPECT_EQ(formatPercentage(12.5), "12.5");
    EXPECT_EQ(formatPercentage(0.0), "0");
    EXPECT_EQ(formatPercentage(33.3), "33.3");
    EXPECT_EQ(parsePercentage("33.3"), 33.3);
    EXPECT_FALSE(parsePercentage("25%").has_value());
    EXPECT_FALSE(parsePercentage("").has_value());
    EXPECT_FALSE(parsePercentage("nan").has_value());
}
