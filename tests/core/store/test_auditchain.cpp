// The audit chain of migration 004 (label: unit): a golden chain that must verify forever.
// If this test fails, honest rows already in production would fail `audit verify`: never
// change the expected values, fix the code. Reference values were computed independently with
// Python 3.11: json.dumps(..., ensure_ascii=False, separators=(',', ':')) for the strings,
// hmac.new(key, (previous + row).encode(), hashlib.sha256).hexdigest() for chain 3 and
// hashlib.sha256((previous + row).encode()).hexdigest() for chain 2.

#include "store/evidencestore.h"

#include <gtest/gtest.h>

using namespace rampart;
using store::AuditEntry;

namespace {

constexpr const char *kKey = "rampart-golden-audit-key-2026";
const rollout::TimePoint kAt{rollout::Duration{1795176000}}; // 2026-11-20T12:00:00Z

AuditEntry golden(int i)
{
    AuditEntry e;
    e.id = i;
    e.at = kAt + std::chrono::seconds(i - 1);
    e.actor = "oncall:piotr";
    e.action = "rollback";
    e.subject = "documentation-keeper.ml-answers";
    e.osUser = "piotr";
    e.dbRole = "alice";
    e.chain = store::auditchain::HmacSha256;
    if (i == 1) {
        e.recordId = "c1/intent";
        // Not canonical on purpose: member order, spaces and a \u escape.
        e.detailJson = R"({"phase": "intent", "change_id": "c1", "to": {"stage": "rollback", "percentage": 0},)"
                       R"( "reason": "P95 latency \u2191 53%", "version_floor": 6, "expected_version": null})";
    } else {
        e.recordId = "c1/outcome";
        e.flagVersion = 7;
        e.detailJson = R"({"change_id":"c1","flag":{"percentage":0,"stage":"rollback","version":7},)"
                       R"("outcome":"applied","phase":"outcome","reason":"P95 latency ↑ 53%"})";
    }
    return e;
}

} // namespace

TEST(AuditChain, GoldenRowIsCanonicalJson)
{
    EXPECT_EQ(store::auditCanonicalRow(golden(1)),
              R"({"action":"rollback","actor":"oncall:piotr","at":"2026-11-20T12:00:00Z","chain":3,"db_role":"alice",)"
              R"("detail":{"change_id":"c1","expected_version":null,"phase":"intent","reason":"P95 latency ↑ 53%",)"
              R"("to":{"percentage":0,"stage":"rollback"},"version_floor":6},"flag_version":null,"id":1,)"
              R"("os_user":"piotr","record_id":"c1/intent","subject":"documentation-keeper.ml-answers"})");
}

TEST(AuditChain, GoldenKeyedChainVerifiesForever)
{
    AuditEntry first = golden(1);
    first.previousHash = "";
    EXPECT_EQ(store::auditHash(first, kKey), "e4015ad27ab68dc2dad8c65bc0acbc5242bfb444dd99bc6a1db49aa40b645104");
    AuditEntry second = golden(2);
    second.previousHash = store::auditHash(first, kKey);
    EXPECT_EQ(store::auditHash(second, kKey), "b6cb6ee20b1ed5047ea8708d62a82f9f60d78aab1e60873373a96a46a53a2a6f");
}

TEST(AuditChain, GoldenUnkeyedRow)
{
    AuditEntry e;
    e.id = 1;
    e.at = rollout::TimePoint{rollout::Duration{1795253400}}; // 2026-11-21T09:30:00Z
    e.actor = "carol";
    e.action = "sign_off";
    e.subject = "documentation-keeper";
    e.detailJson = R"({"comment":"ok","approve":true})";
    e.osUser = "carol";
    e.recordId = "r-1";
    e.chain = store::auditchain::Sha256;
    EXPECT_EQ(store::auditHash(e), "50671dd12dd5c0add26366ed57cc4e066872db5959e1fb787950c776e4df78ea");
}

TEST(AuditChain, KeyedHashNeedsTheKeyAndCoversEveryField)
{
    const AuditEntry base = golden(2);
    EXPECT_EQ(store::auditHash(base, ""), "") << "no key, no HMAC";
    EXPECT_NE(store::auditHash(base, "another-key-of-enough-length"), store::auditHash(base, kKey));
    const std::string hash = store::auditHash(base, kKey);
    AuditEntry e = base;
    e.osUser = "mallory";
    EXPECT_NE(store::auditHash(e, kKey), hash);
    e = base;
    e.dbRole = "postgres";
    EXPECT_NE(store::auditHash(e, kKey), hash);
    e = base;
    e.flagVersion = 8;
    EXPECT_NE(store::auditHash(e, kKey), hash);
    e = base;
    e.recordId = "c2/outcome";
    EXPECT_NE(store::auditHash(e, kKey), hash);
    e = base;
    e.chain = store::auditchain::Sha256;
    EXPECT_NE(store::auditHash(e, kKey), hash) << "a downgrade to the unkeyed chain changes the hash";
}
