// Tests for core/io/config.h: connections from a config file and the environment.

#include "io/config.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

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

/// A password file as it should be: 0600.
QString writeSecret(const QTemporaryDir &dir, const char *name, const QByteArray &text, mode_t mode = 0600)
{
    const QString path = writeFile(dir, name, text);
    EXPECT_EQ(::chmod(QFile::encodeName(path).constData(), mode), 0);
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
    writeSecret(dir, "redis.pw", "s3cret\n");
    const QString config = writeFile(dir, "config.json",
                                     R"({"redis_url":"redis://127.0.0.1:6380/2","redis_password_file":")"
                                         + dir.filePath(QStringLiteral("redis.pw")).toUtf8()
                                         + R"(","database_url":"postgresql://rampart@db:5432/rampart","prometheus_url":"http://prom:9090"})");
    auto c = io::loadConnections(config);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->redisUrl, QStringLiteral("redis://127.0.0.1:6380/2"));
    EXPECT_EQ(c->redisPassword, QStringLiteral("s3cret")); // without its trailing newline
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

// ---- secret files (issue 8, item 16) ---------------------------------------------------------

TEST_F(ConfigTest, SecretFileReadableByGroupOrOthersIsRefusedNamingFieldAndMode)
{
    for (const mode_t mode : {0644, 0640, 0604, 0620, 0602, 0610}) {
        const QString path = writeSecret(dir, "pw", "hunter2\n", mode);
        auto secret = io::readSecretFile(path, "RAMPART_REDIS_PASSWORD_FILE");
        expectError(secret, "insecure_permissions", "RAMPART_REDIS_PASSWORD_FILE");
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
        EXPECT_NE(secret.error().message.find(octal), std::string::npos) << secret.error().message;
        EXPECT_EQ(secret.error().message.find("hunter2"), std::string::npos);
    }
    // Through the config file and the environment alike.
    const QString open = writeSecret(dir, "open.pw", "x", 0644);
    expectError(io::loadConnections(writeFile(dir, "c.json", R"({"database_password_file":")" + open.toUtf8() + R"("})")),
                "insecure_permissions", "database_password_file");
    env.set("RAMPART_DATABASE_PASSWORD_FILE", open.toUtf8());
    expectError(io::loadConnections(writeFile(dir, "c2.json", "{}")), "insecure_permissions",
                "RAMPART_DATABASE_PASSWORD_FILE");
}

TEST_F(ConfigTest, SecretFileKeepsItsBytesButOneTrailingNewline)
{
    auto plain = io::readSecretFile(writeSecret(dir, "a", "s3cret"), "f");
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(*plain, "s3cret");
    EXPECT_EQ(*io::readSecretFile(writeSecret(dir, "b", "s3cret\r\n"), "f"), "s3cret");
    EXPECT_EQ(*io::readSecretFile(writeSecret(dir, "c", " two words \n\n"), "f"), " two words \n");
    EXPECT_EQ(*io::readSecretFile(writeSecret(dir, "d", "owner only", 0400), "f"), "owner only");
}

TEST_F(ConfigTest, SecretFileMustBeARegularNonEmptyFileOfBoundedSize)
{
    expectError(io::readSecretFile(dir.path(), "hmac_key_file"), "io_error", "hmac_key_file"); // a directory
    expectError(io::readSecretFile(QStringLiteral("/dev/zero"), "hmac_key_file"), "io_error", "hmac_key_file");
    const QString fifo = dir.filePath(QStringLiteral("fifo"));
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    expectError(io::readSecretFile(fifo, "hmac_key_file"), "io_error", "hmac_key_file"); // never blocks
    expectError(io::readSecretFile(writeSecret(dir, "empty", ""), "hmac_key_file"), "io_error", "hmac_key_file");
    expectError(io::readSecretFile(writeSecret(dir, "newline", "\n"), "hmac_key_file"), "io_error", "hmac_key_file");
    const QByteArray big(static_cast<qsizetype>(io::MaxSecretFileBytes) + 1, 'k');
    expectError(io::readSecretFile(writeSecret(dir, "big", big), "hmac_key_file"), "io_error", "hmac_key_file");
    const QByteArray limit(static_cast<qsizetype>(io::MaxSecretFileBytes), 'k');
    EXPECT_TRUE(io::readSecretFile(writeSecret(dir, "limit", limit), "hmac_key_file").ok());
    expectError(io::readSecretFile(dir.filePath(QStringLiteral("missing")), "hmac_key_file"), "io_error", "hmac_key_file");
}

// ---- no password in a connection string (issue 8, items 14 and 15) ---------------------------

TEST_F(ConfigTest, PasswordInAUrlQueryIsRefused)
{
    for (const char *url : {"postgresql://rampart@db/rampart?password=hunter2", "postgres://db/x?sslmode=require&password=hunter2",
                            "postgresql://db/x?PassWord=hunter2", "postgresql://db/x?%70assword=hunter2",
                            "postgresql://db/x?sslpassword=hunter2", "postgresql://u:hunter2@h1:5432,h2:5433/x"}) {
        env.set("RAMPART_DATABASE_URL", url);
        auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
        expectError(c, errc::InvalidArgument, "database_url");
        EXPECT_EQ(c.error().message.find("hunter2"), std::string::npos) << c.error().message;
    }
    env.unset("RAMPART_DATABASE_URL");
    env.set("RAMPART_PROMETHEUS_URL", "http://prom:9090/?token=hunter2");
    expectError(io::loadConnections(writeFile(dir, "config.json", "{}")), errc::InvalidArgument, "prometheus_url");
    env.set("RAMPART_PROMETHEUS_URL", "http://prom:9090");
    env.set("RAMPART_REDIS_URL", "redis://host:6379/0?password=hunter2");
    expectError(io::loadConnections(writeFile(dir, "config.json", "{}")), errc::InvalidArgument, "redis_url");
}

// Issue 22, item 7: three forms still reached the server (which named the secret as a port or
// a role) or echoed it. Each is refused without quoting it; an ordinary URL still passes.
TEST_F(ConfigTest, PasswordFormsThatSlippedThroughAreRefusedWithoutEcho)
{
    for (const char *url :
         {"postgresql://postgres:S3cr3tPw", "postgresql://db/x?password%3DS3cr3tPw",
          "postgresql://postgres%3AS3cr3tPw@db/x", "postgresql://db:5432,db2:S3cr3tPw/x",
          "redis://default%3AS3cr3tPw@cache:6379/0", "redis://default:S3cr3tPw", "postgres%3AS3cr3tPw@host"}) {
        env.set(std::string(url).rfind("redis", 0) == 0 ? "RAMPART_REDIS_URL" : "RAMPART_DATABASE_URL", url);
        auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
        ASSERT_FALSE(c.ok()) << url;
        EXPECT_EQ(c.error().code, errc::InvalidArgument) << url;
        EXPECT_EQ(c.error().message.find("S3cr3tPw"), std::string::npos) << url << " → " << c.error().message;
        env.unset("RAMPART_REDIS_URL");
        env.unset("RAMPART_DATABASE_URL");
    }
    for (const char *url : {"postgresql://rampart@db:5432/rampart", "postgresql://[::1]:5432/x",
                            "postgresql://h1:5432,h2/x", "postgresql://db/x?sslmode=require&application_name=a%3Db"}) {
        env.set("RAMPART_DATABASE_URL", url);
        auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
        EXPECT_TRUE(c.ok()) << url << ": " << (c.ok() ? "" : c.error().message);
    }
}

TEST_F(ConfigTest, PasswordInALibpqKeyValueStringIsRefused)
{
    for (const char *conninfo : {"host=db dbname=x password=hunter2", "host=db password = 'hunter 2'",
                                 "dbname='postgresql://u@db/x?password=hunter2'", "host=db sslpassword=hunter2"}) {
        env.set("RAMPART_DATABASE_URL", conninfo);
        auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
        expectError(c, errc::InvalidArgument, "database_url");
        EXPECT_EQ(c.error().message.find("hunter"), std::string::npos) << c.error().message;
    }
    env.set("RAMPART_DATABASE_URL", "host=db port=5432 dbname=rampart user=rampart");
    auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->databaseUrl, QStringLiteral("host=db port=5432 dbname=rampart user=rampart"));
}

TEST_F(ConfigTest, UrlThatFailsToParseIsEchoedWithoutItsPassword)
{
    const std::vector<std::pair<const char *, const char *>> cases = {
        {"RAMPART_REDIS_URL", "redis//user:hunter2@host:6379"},        {"RAMPART_REDIS_URL", "redis:/user:hunter2@host"},
        {"RAMPART_PROMETHEUS_URL", "http//:hunter2@prom:9090"},       {"RAMPART_PROMETHEUS_URL", "http://u:hunter2@[prom"},
        {"RAMPART_DATABASE_URL", "host=db 'password=hunter2"},       {"RAMPART_DATABASE_URL", "host=db password='hunter2"},
        {"RAMPART_DATABASE_URL", "db:5432 user=u:hunter2@x"}};
    for (const auto &[variable, value] : cases) {
        Environment local;
        local.set(variable, value);
        auto c = io::loadConnections(writeFile(dir, "config.json", "{}"));
        ASSERT_FALSE(c.ok()) << value;
        EXPECT_EQ(c.error().message.find("hunter2"), std::string::npos) << value << " → " << c.error().message;
    }
}
