// Sticky bucketing (core/flags/flagstore.h): bucket = FNV-1a 64(salt ":" unit) mod 10000.

#include "flags/flagstore.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using rampart::flags::bucketOf;
using rampart::flags::inTreatment;

// Reference values: python3 -c "h=0xcbf29ce484222325
// for b in b'checkout-ranker:user-1': h=((h^b)*0x100000001b3)%2**64
// print(h%10000)" — the same as docs/flag-format.md's worked example.
TEST(Bucketing, KnownValuesMatchTheDocumentedExample)
{
    EXPECT_EQ(bucketOf("user-1", "checkout-ranker"), 8684u); // 0xf4c90dcc701c938c
    EXPECT_EQ(bucketOf("user-2", "checkout-ranker"), 3317u); // 0xf4c910cc701c98a5
    EXPECT_EQ(bucketOf("user-3", "checkout-ranker"), 5106u);
    EXPECT_EQ(bucketOf("user-6", "checkout-ranker"), 473u);  // 0xf4c90ccc701c91d9: on ML from 5%
    EXPECT_EQ(bucketOf("user-7", "checkout-ranker"), 2262u); // 0xf4c90bcc701c9026: from 25%
    EXPECT_EQ(bucketOf("user-42", "checkout-ranker"), 8979u);
    EXPECT_EQ(bucketOf("ünit", "checkout-ranker"), 8601u); // UTF-8 bytes, as sent
    EXPECT_EQ(bucketOf("", ""), 8189u); // FNV-1a 64 of ":" = 0xaf63b74c8601adad
}

TEST(Bucketing, DependsOnTheSalt)
{
    int same = 0;
    for (int i = 0; i < 1000; ++i)
        same += bucketOf("u" + std::to_string(i), "a") == bucketOf("u" + std::to_string(i), "b");
    EXPECT_LT(same, 10); // independent buckets agree 1 time in 10000
}

TEST(Bucketing, HundredThousandIdsAreWithinOnePercentOfTwentyFivePercent)
{
    int treated = 0;
    for (int i = 0; i < 100000; ++i)
        treated += inTreatment("user-" + std::to_string(i), "checkout-ranker", 25.0);
    EXPECT_NEAR(treated / 100000.0, 0.25, 0.01);
}

TEST(Bucketing, BucketsCoverTheRangeEvenly)
{
    int perDecile[10] = {};
    for (int i = 0; i < 100000; ++i) {
        const auto bucket = bucketOf("id" + std::to_string(i), "salt");
        ASSERT_LT(bucket, 10000u);
        ++perDecile[bucket / 1000];
    }
    for (int count : perDecile)
        EXPECT_NEAR(count, 10000, 500); // binomial sd ≈ 95
}

TEST(Bucketing, RaisingTheShareKeepsEveryoneAlreadyTreated)
{
    const double stages[] = {5, 25, 50, 75, 100};
    for (int i = 0; i < 100000; ++i) {
        const std::string id = "unit-" + std::to_string(i);
        for (std::size_t s = 0; s + 1 < std::size(stages); ++s) {
            if (inTreatment(id, "checkout-ranker", stages[s])) {
                ASSERT_TRUE(inTreatment(id, "checkout-ranker", stages[s + 1])) << id << " left at " << stages[s + 1];
            }
        }
    }
}

TEST(Bucketing, ZeroIsNobodyAndHundredIsEverybody)
{
    for (int i = 0; i < 10000; ++i) {
        const std::string id = std::to_string(i);
        EXPECT_FALSE(inTreatment(id, "s", 0.0));
        EXPECT_TRUE(inTreatment(id, "s", 100.0));
    }
    EXPECT_FALSE(inTreatment("x", "s", std::nan("")));
}

TEST(Bucketing, FractionalPercentagesUseHundredthsOfAPercent)
{
    // bucket < 0.01 × 100 = 1: only bucket 0 is treated.
    int treated = 0;
    for (int i = 0; i < 200000; ++i) {
        const std::string id = std::to_string(i);
        const bool in = inTreatment(id, "s", 0.01);
        EXPECT_EQ(in, bucketOf(id, "s") == 0u);
        treated += in;
    }
    EXPECT_GT(treated, 0);
}
