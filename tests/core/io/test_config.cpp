// Tests for core/io/config.h: connections from a config file and the environment.

#include "io/config.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

using namespace rampart;
using rampart::testing::expectError;

namespace {

/// Sets environment variables for one test and restores them afterwards.
class Environment
{
public:
    ~Environment()
    {
        for (const auto &[name, old] : m_saved) {
            if (old)
                qputenv(name.c_str(), *old);
            else
                qunsetenv(name.c_str());
        }
    }
    void set(const char *name, const QByteArray &value)
    {
        remember(name);
        qputenv(name, value);
    }
    void unset(const char *name)
    {
        remember(name);
        qunsetenv(name);
    }

private:
    void remember(const char *name)
    {
        if (m_saved.count(name) == 0)
            m_saved[name] = qEnvironmentVariableIsSet(name) ? std::optional<QByteArray>(qgetenv(name)) : std::nullopt;
    }
    std::map<std::string, std::optional<QByteArray>> m_saved;
};

QString writeFile(const QTemporaryDir &dir, const char *name, const QByteArray &text)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    return path;
}

class ConfigTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        for (const char *name : {"RAMPART_REDIS_URL", "RAMPART_DATABASE_URL", "RAMPART_PROMETHEUS_URL", "RAMPART_REDIS_PASSWORD",
                                 "RAMPART_REDIS_PASSWORD_FILE", "RAMPART_DATABASE_PASSWORD_FILE", "RAMPART_OUTBOX_DIR"})
            env.unset(name);
    }
    Environment env;
    QTemporaryDir dir;
};

} // namespace

TEST_F(ConfigTest, ReadsTheFileAndThePasswordFile)
{
    writeFile(dir, "redis.pw", "s3cret\n");
    const QString config = writeFile(dir, "config.json",
                                     R"({"redis_url":"redis://127.0.0.1:6380/2","redis_password_file":")"
                                         + dir.filePath(QStringLiteral("redis.pw")).toUtf8()
                                         + R"(","database_url":"postgresql://rampart@db:5432/rampart","prometheus_url":"http://prom:9090"})");
    auto c = io::loadConnections(config);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->redisUrl, QStringLiteral("redis://127.0.0.1:6380/2"));
    EXPECT_EQ(c->redisPassword, QStringLiteral("s3cret")); // trimmed
    EXPECT_EQ(c->databaseUrl, QStringLiteral("postgresql://rampart@db:5432/rampart"));
    EXPECT_EQ(c->prometheusUrl, QStringLiteral("http://prom:9090"));
    EXPECT_EQ(c->configFile, config);
    EXPECT_FALSE(c->outboxDirectory.isEmpty());
}

TEST_F(ConfigTest, EnvironmentWinsOverTheFile)
{
    const QString config = writeFile(dir, "config.json", R"({"redis_url":"redis://file:6379/0"})");
    env.set("RAMPART_REDIS_URL", "redis://env:6379/1");
    env.set("RAMPART_REDIS_PASSWORD", "from-env");
    env.set("RAMPART_OUTBOX_DIR", "/tmp/rampart-outbox-test");
    auto c = io::loadConnections(config);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->redisUrl, QStringLiteral("redis://env:6379/1"));
    EXPECT_EQ(c->redisPassword, QStringLiteral("from-env"));
    EXPECT_EQ(c->outboxDirectory, QStringLiteral("/tmp/rampart-outbox-test"));
}

TEST_F(ConfigTest, PasswordInAUrlIsRefused)
{
    env.set("RAMPART_DATABASE_URL", "postgresql://rampart:hunter2@db:5432/rampart");
    auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
    expectError(c, errc::InvalidArgument, "database_url");
    EXPECT_EQ(c.error().message.find("hunter2"), std::string::npos); // never echoed
}

TEST_F(ConfigTest, ExplicitMissingFileIsAnErrorTheDefaultIsNot)
{
    expectError(io::loadConnections(dir.filePath(QStringLiteral("nope.json"))), "io_error", "config");
    env.set("XDG_CONFIG_HOME", dir.path().toUtf8()); // no rampart/config.json there
    EXPECT_TRUE(io::loadConnections().ok());
}

TEST_F(ConfigTest, UnknownKeyAndUnreadablePasswordFileAreNamed)
{
    expectError(io::loadConnections(writeFile(dir, "config.json", R"({"redis":"x"})")), "unknown_field", "redis");
    expectError(io::loadConnections(writeFile(dir, "c2.json", R"({"redis_password_file":"/nonexistent/pw"})")),
                "io_error", "redis_password_file");
}
