// auditHash and the latency histogram helpers: pure functions, no database (label: unit).

#include "store/evidencestore.h"
#include "store/pgevidencestore.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace rampart;

namespace {

store::AuditEntry sample()
{
    using namespace std::chrono;
    store::AuditEntry e;
    e.id = 1;
    e.at = sys_days{2024y / May / 1} + hours{12};
    e.actor = "alice";
    e.action = "transition";
    e.subject = "doc-keeper";
    e.detailJson = R"({"b":"x","a":1})";
    return e;
}

} // namespace

TEST(AuditHash, IsSha256OfPreviousHashAndCanonicalJson)
{
    // python3: hashlib.sha256(b'{"action":"transition","actor":"alice","at":"2024-05-01T12:00:00Z",'
    //                         b'"detail":{"a":1,"b":"x"},"id":1,"subject":"doc-keeper"}').hexdigest()
    EXPECT_EQ(store::auditHash(sample()), "03d9f884ef7864905cf30e7821f1bd1733cb2cdf7020ea6cdd28b64bbd420eea");
    auto chained = sample();
    chained.previousHash = "abc";
    // the same with b'abc' prepended
    EXPECT_EQ(store::auditHash(chained), "fbc1db467b99b8fb345b15dc01fe6099369eb97b3952073b685a7579723fe293");
}

TEST(AuditHash, KeyOrderAndWhitespaceOfTheDetailDoNotMatter)
{
    auto reordered = sample();
    reordered.detailJson = "{ \"a\" : 1 ,\n \"b\" : \"x\" }";
    EXPECT_EQ(store::auditHash(reordered), store::auditHash(sample()));
}

TEST(AuditHash, EveryFieldIsCovered)
{
    const std::string base = store::auditHash(sample());
    auto e = sample();
    e.id = 2;
    EXPECT_NE(store::auditHash(e), base);
    e = sample();
    e.at += std::chrono::seconds(1);
    EXPECT_NE(store::auditHash(e), base);
    e = sample();
    e.actor = "mallory";
    EXPECT_NE(store::auditHash(e), base);
    e = sample();
    e.detailJson = R"({"a":2,"b":"x"})";
    EXPECT_NE(store::auditHash(e), base);
    e = sample();
    e.hash = "ignored";
    EXPECT_EQ(store::auditHash(e), base) << "the hash itself is not hashed";
}

TEST(HistogramP95, InterpolatesInsideTheBucketThatReaches95Percent)
{
    // 100 values: 90 in [100,150), 10 in [150,200): the 95th lies halfway into [150,200).
    std::vector<std::int64_t> buckets(store::latencyBucketBounds().size(), 0);
    buckets[7] = 90;
    buckets[8] = 10;
    EXPECT_DOUBLE_EQ(*store::histogramP95(buckets, 100.0, 199.0), 175.0);
    EXPECT_DOUBLE_EQ(*store::histogramP95(buckets, 100.0, 160.0), 160.0) << "clamped to the maximum";
    EXPECT_FALSE(store::histogramP95(std::vector<std::int64_t>(20, 0), 0, 0).has_value());
}

TEST(HistogramP95, OpenLastBucketEndsAtTheMaximum)
{
    std::vector<std::int64_t> buckets(store::latencyBucketBounds().size(), 0);
    buckets.back() = 10; // all ≥ 10 s
    EXPECT_DOUBLE_EQ(*store::histogramP95(buckets, 10000.0, 20000.0), 19500.0);
}
