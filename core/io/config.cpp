#include "config.h"

#include "jsonvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rampart::io {

namespace {

std::string str(const QString &s)
{
    return s.toStdString();
}

QString environment(const char *name)
{
    return qEnvironmentVariable(name);
}

Result<QString> readSecretFile(const QString &path, const std::string &field)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("io_error", field, "Cannot read the password file \"" + str(path) + "\": " + str(file.errorString()) + ".");
    return QString::fromUtf8(file.readAll()).trimmed();
}

std::optional<Error> refusePasswordInUrl(const QString &url, const std::string &field)
{
    if (url.isEmpty())
        return std::nullopt;
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return makeError(errc::InvalidArgument, field, field + " is not a valid URL: \"" + str(url) + "\".");
    if (!parsed.password().isEmpty())
        return makeError(errc::InvalidArgument, field,
                         field + " contains a password; put it in the environment or a password file instead.");
    return std::nullopt;
}

Status readConfigFile(const QString &path, bool required, Connections &c)
{
    if (!QFileInfo::exists(path)) {
        if (required)
            return makeError("io_error", "config", "The config file \"" + str(path) + "\" does not exist.");
        return Done{};
    }
    auto object = loadJsonFile(path);
    if (!object)
        return object.error();
    JsonReader reader(*object);
    c.redisUrl = reader.string(QStringLiteral("redis_url"), QString());
    const QString redisPasswordFile = reader.string(QStringLiteral("redis_password_file"), QString());
    c.databaseUrl = reader.string(QStringLiteral("database_url"), QString());
    const QString databasePasswordFile = reader.string(QStringLiteral("database_password_file"), QString());
    c.prometheusUrl = reader.string(QStringLiteral("prometheus_url"), QString());
    c.outboxDirectory = reader.string(QStringLiteral("outbox_directory"), QString());
    if (auto e = reader.finish())
        return *e;
    if (!redisPasswordFile.isEmpty()) {
        auto secret = readSecretFile(redisPasswordFile, "redis_password_file");
        if (!secret)
            return secret.error();
        c.redisPassword = *secret;
    }
    if (!databasePasswordFile.isEmpty()) {
        auto secret = readSecretFile(databasePasswordFile, "database_password_file");
        if (!secret)
            return secret.error();
        c.databasePassword = *secret;
    }
    c.configFile = path;
    return Done{};
}

Status applyEnvironment(Connections &c)
{
    if (const QString v = environment("RAMPART_REDIS_URL"); !v.isEmpty())
        c.redisUrl = v;
    if (const QString v = environment("RAMPART_DATABASE_URL"); !v.isEmpty())
        c.databaseUrl = v;
    if (const QString v = environment("RAMPART_PROMETHEUS_URL"); !v.isEmpty())
        c.prometheusUrl = v;
    if (const QString v = environment("RAMPART_OUTBOX_DIR"); !v.isEmpty())
        c.outboxDirectory = v;
    if (const QString file = environment("RAMPART_REDIS_PASSWORD_FILE"); !file.isEmpty()) {
        auto secret = readSecretFile(file, "RAMPART_REDIS_PASSWORD_FILE");
        if (!secret)
            return secret.error();
        c.redisPassword = *secret;
    }
    if (const QString v = environment("RAMPART_REDIS_PASSWORD"); !v.isEmpty())
        c.redisPassword = v;
    if (const QString file = environment("RAMPART_DATABASE_PASSWORD_FILE"); !file.isEmpty()) {
        auto secret = readSecretFile(file, "RAMPART_DATABASE_PASSWORD_FILE");
        if (!secret)
            return secret.error();
        c.databasePassword = *secret;
    }
    return Done{};
}

} // namespace

QString defaultConfigFile()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("rampart/config.json"));
}

Result<Connections> loadConnections(const QString &configFile)
{
    Connections c;
    const bool explicitFile = !configFile.isEmpty();
    if (auto s = readConfigFile(explicitFile ? configFile : defaultConfigFile(), explicitFile, c); !s)
        return s.error();
    if (auto s = applyEnvironment(c); !s)
        return s.error();
    if (auto e = refusePasswordInUrl(c.redisUrl, "redis_url"))
        return *e;
    if (auto e = refusePasswordInUrl(c.databaseUrl, "database_url"))
        return *e;
    if (auto e = refusePasswordInUrl(c.prometheusUrl, "prometheus_url"))
        return *e;
    if (c.outboxDirectory.isEmpty())
        c.outboxDirectory = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                                .filePath(QStringLiteral("rampart/outbox"));
    return c;
}

Result<std::string> readSecretFile(const QString &path, const char *field)
{
    const std::string name = path.toStdString();
    const QByteArray encoded = QFile::encodeName(path);
    const int fd = ::open(encoded.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return makeError("io_error", field, "Cannot read the secret file \"" + name + "\": " + std::strerror(errno) + ".");
    struct FdCloser
    {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return makeError(errc::InvalidArgument, field, "The secret file \"" + name + "\" is not a regular file.");
    if ((st.st_mode & 077) != 0)
        return makeError(errc::InvalidArgument, field,
                         "The secret file \"" + name + "\" is readable or writable by group or others; chmod 600 it.");
    constexpr off_t kMaxSize = 64 * 1024;
    if (st.st_size > kMaxSize)
        return makeError(errc::InvalidArgument, field, "The secret file \"" + name + "\" is larger than 64 KiB.");
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    if (!text.empty() && text.back() == '\r')
        text.pop_back();
    return text;
}

} // namespace rampart::io
