// canonicalJson (label: unit): RFC 8785, the JSON Canonicalization Scheme, written here so no
// library's formatting can change what an audit row hashes to (issue 8, item 7). Reference
// values: RFC 8785 Appendix B (numbers, given as IEEE-754 bit patterns) and §3.2.2/§3.2.3
// (the example object and the member order).

#include "store/canonicaljson.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

using namespace rampart;
using rampart::store::canonicalJson;
using rampart::store::canonicalNumber;

namespace {

double fromBits(std::uint64_t bits)
{
    return std::bit_cast<double>(bits);
}

std::string canon(const std::string &json)
{
    auto result = canonicalJson(json);
    EXPECT_TRUE(result.ok()) << json << ": " << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : std::string();
}

} // namespace

TEST(CanonicalJson, NumbersAsRfc8785AppendixB)
{
    const std::pair<std::uint64_t, const char *> table[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto &[bits, expected] : table)
        EXPECT_EQ(canonicalNumber(fromBits(bits)), expected) << std::hex << bits;
    EXPECT_EQ(canonicalNumber(0.1), "0.1");
    EXPECT_EQ(canonicalNumber(25.0), "25");
}

TEST(CanonicalJson, TheRfc8785ExampleObject)
{
    // RFC 8785 §3.2.2: the input and its canonical form, byte for byte.
    const std::string input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
    EXPECT_EQ(canon(input), "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(CanonicalJson, MembersSortByUtf16CodeUnits)
{
    // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33.
    const std::string input = R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
                              R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"})";
    const std::string out = canon(input);
    const std::vector<std::string> order = {"\\r", "\"1\"", "\xC2\x80", "\xC3\xB6", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                            "\xEF\xAC\xB3"};
    std::size_t at = 0;
    for (const std::string &key : order) {
        const std::size_t found = out.find(key, at);
        ASSERT_NE(found, std::string::npos) << key << " out of order in " << out;
        at = found;
    }
}

TEST(CanonicalJson, IntegersStayExactIntegers)
{
    EXPECT_EQ(canon("9007199254740993"), "9007199254740993") << "2^53 + 1 is not rounded to a double";
    EXPECT_EQ(canon("-9223372036854775808"), "-9223372036854775808");
    EXPECT_EQ(canon("{\"version\":7}"), "{\"version\":7}");
    EXPECT_EQ(canon("7.0"), "7") << "a fraction makes it a double; its ECMAScript form";
    EXPECT_EQ(canon("18446744073709551616"), "18446744073709552000") << "beyond int64: a double";
}

TEST(CanonicalJson, StrictGrammarRefusesSloppyInput)
{
    for (const char *bad : {".5", "1.", "01", "+1", "-", "1e", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "'a'", "nul", "[1] x",
                            "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00x\"", "\"a\nb\"", "\"\\x\"", "1e999", ""}) {
        auto result = canonicalJson(bad, "detail");
        EXPECT_FALSE(result.ok()) << "accepted: " << bad;
        if (!result.ok()) {
            EXPECT_EQ(result.error().code, errc::InvalidArgument);
            EXPECT_EQ(result.error().field, "detail");
        }
    }
    EXPECT_FALSE(canonicalJson("\"\xC0\xAF\"").ok()) << "overlong UTF-8";
    EXPECT_FALSE(canonicalJson(std::string(65, '[') + std::string(65, ']')).ok()) << "deeper than 64 levels";
    EXPECT_TRUE(canonicalJson(std::string(64, '[') + std::string(64, ']')).ok());
}

TEST(CanonicalJson, IsIdempotentAndDropsWhitespace)
{
    const std::string once = canon(" { \"b\" : [ 1 , 2.50 , \"x\" ] , \"a\" : { } } ");
    EXPECT_EQ(once, "{\"a\":{},\"b\":[1,2.5,\"x\"]}");
    EXPECT_EQ(canon(once), once);
    EXPECT_EQ(canon("\"\\u00e9\\/\""), "\"\xC3\xA9/\"") << "escapes that need none are written as UTF-8";
    EXPECT_EQ(canon("\"\\u001f\""), "\"\\u001f\"") << "control characters as lower-case \\u00xx";
}
