// parseRedisUrl and the write script's name (no server needed).

#include "flags/redisflagstore.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace rampart::flags;

TEST(RedisUrl, HostPortAndDatabase)
{
    const auto a = parseRedisUrl("redis://127.0.0.1:6380/2");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 6380);
    EXPECT_EQ(a->db, 2);
    EXPECT_TRUE(a->user.empty());
    EXPECT_EQ(a->endpoint(), "127.0.0.1:6380");
}

TEST(RedisUrl, DefaultsAndUser)
{
    const auto a = parseRedisUrl("redis://rampart@redis.internal");
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_EQ(a->user, "rampart");
    EXPECT_EQ(a->host, "redis.internal");
    EXPECT_EQ(a->port, 6379);
    EXPECT_EQ(a->db, 0);
    const auto v6 = parseRedisUrl("redis://[::1]:7000/0");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 7000);
}

TEST(RedisUrl, RefusesPasswordsAndNonsense)
{
    for (const char *bad : {"redis://user:secret@host:6379/0", "http://host:6379", "redis://", "redis://host:0",
                            "redis://host:99999", "redis://host:6379/x", "redis://host:port"}) {
        const auto r = parseRedisUrl(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, rampart::errc::InvalidArgument);
        EXPECT_EQ(r.error().field, "url");
    }
    const auto withPassword = parseRedisUrl("redis://user:secret@host:6379/0");
    EXPECT_EQ(withPassword.error().message.find("secret"), std::string::npos) << "the sentence repeats the password";
}

// issue 8, item 14: a URL that fails to parse was echoed with its password.
TEST(RedisUrl, AUrlThatFailsToParseIsNeverEchoedWithItsPassword)
{
    for (const char *bad : {"redis//user:hunter2@host:6379", "redis:/user:hunter2@host", "user:hunter2@host:6379",
                            "redis://host:6379/0?password=hunter2", "rediss://:hunter2@host",
                            "redis://u:hunter2@host:port"}) {
        const auto r = parseRedisUrl(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << bad << " → " << r.error().message;
    }
}

TEST(RedisUrl, CreateChecksTheOptionsWithoutConnecting)
{
    RedisFlagStoreOptions options;
    options.url = "redis://127.0.0.1:1/0"; // nothing listens; create() must not care
    EXPECT_TRUE(RedisFlagStore::create(options).ok());
    options.commandTimeout = std::chrono::milliseconds(0);
    EXPECT_EQ(RedisFlagStore::create(options).error().field, "command_timeout");
}

TEST(WriteScript, IsTheFileQuotedInTheWireFormatDocument)
{
    std::ifstream lua(RAMPART_SOURCE_DIR "/core/flags/flagwrite.lua");
    std::stringstream text;
    text << lua.rdbuf();
    EXPECT_EQ(text.str(), RedisFlagStore::writeScript());
    std::ifstream doc(RAMPART_SOURCE_DIR "/docs/flag-format.md");
    std::stringstream docText;
    docText << doc.rdbuf();
    EXPECT_NE(docText.str().find(text.str()), std::string::npos)
        << "docs/flag-format.md must quote core/flags/flagwrite.lua verbatim";
    EXPECT_EQ(RedisFlagStore::keyOf("ranker"), "rampart:flag:ranker");
    EXPECT_EQ(RedisFlagStore::channelOf("ranker"), "rampart:flag:ranker:changes");
}
