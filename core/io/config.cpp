#include "config.h"

#include "jsonvalue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

#include "stats/redact.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <tuple>
#include <vector>

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

// "0644" for a permission mode.
std::string octalMode(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

QString secret(const QString &path, const char *field, Status &status)
{
    auto text = readSecretFile(path, field);
    if (!text) {
        status = text.error();
        return {};
    }
    return QString::fromStdString(*text);
}

bool isPostgresUri(const QString &s)
{
    return s.startsWith(QLatin1String("postgresql://")) || s.startsWith(QLatin1String("postgres://"));
}

// A connection string quoted in a message: percent-decoded first, so "user%3Apw@" is masked
// like "user:pw@" (issue 22).
std::string redactDecoded(const QString &text)
{
    return redactCredentials(QUrl::fromPercentEncoding(text.toUtf8()).toStdString());
}

Error credentialError(const std::string &field, const std::string &where)
{
    return makeError(errc::InvalidArgument, field,
                     field + " contains a password (" + where
                         + "); put it in the environment or a password file instead.");
}

// The user information and query keys of a URL, without trusting it to parse.
std::optional<Error> credentialsInUrl(const QString &url, const std::string &field)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    const qsizetype authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    qsizetype authorityEnd = url.size();
    for (const QChar c : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')})
        if (const qsizetype at = url.indexOf(c, authorityStart); at >= 0)
            authorityEnd = std::min(authorityEnd, at);
    // Percent-decoded as libpq and the other clients decode them: "user%3Apw@" is user:pw@.
    const QString authority
        = QUrl::fromPercentEncoding(url.mid(authorityStart, authorityEnd - authorityStart).toUtf8());
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    if (at >= 0 && authority.left(at).contains(QLatin1Char(':')))
        return credentialError(field, "user:password@ in the URL");
    // "scheme://user:secret" without an @ reads as host:port; a port that is not a number
    // may be a password that lost its @, and the client would echo it as a bad port.
    for (const QString &hostPort : authority.mid(at + 1).split(QLatin1Char(','))) {
        const qsizetype bracket = hostPort.lastIndexOf(QLatin1Char(']'));
        const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
        if (colon < 0 || colon < bracket)
            continue;
        const QString port = hostPort.mid(colon + 1);
        bool digits = true;
        for (const QChar c : port)
            digits = digits && c.isDigit();
        if (!digits)
            return credentialError(field, "a port that is not a number, maybe a password after user: without its @");
    }
    if (const qsizetype query = url.indexOf(QLatin1Char('?')); query >= 0) {
        const QString rest = url.mid(query + 1).section(QLatin1Char('#'), 0, 0);
        for (const QString &pair : rest.split(QLatin1Char('&'))) {
            // Decoded before it is split: "password%3Dpw" is the pair password=pw.
            const QString decoded = QUrl::fromPercentEncoding(pair.toUtf8());
            const QString key = decoded.section(QLatin1Char('='), 0, 0).trimmed();
            if (rampart::detail::isCredentialKey(key.toStdString()))
                return credentialError(field, "\"" + key.toStdString() + "=\" in the URL query");
        }
    }
    return std::nullopt;
}

// libpq key=value pairs: key = value, value bare or single-quoted with backslash escapes.
// Returns the keys and values, or nullopt when the text is not a conninfo string.
std::optional<std::vector<std::pair<QString, QString>>> conninfoPairs(const QString &text)
{
    std::vector<std::pair<QString, QString>> pairs;
    qsizetype i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && text.at(i).isSpace())
            ++i;
    };
    while (true) {
        skipSpace();
        if (i >= text.size())
            return pairs;
        const qsizetype keyStart = i;
        while (i < text.size() && (text.at(i).isLetterOrNumber() || text.at(i) == QLatin1Char('_')))
            ++i;
        const QString key = text.mid(keyStart, i - keyStart);
        skipSpace();
        if (key.isEmpty() || i >= text.size() || text.at(i) != QLatin1Char('='))
            return std::nullopt;
        ++i;
        skipSpace();
        QString value;
        if (i < text.size() && text.at(i) == QLatin1Char('\'')) {
            for (++i; i < text.size() && text.at(i) != QLatin1Char('\''); ++i) {
                if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size())
                    ++i;
                value += text.at(i);
            }
            if (i >= text.size())
                return std::nullopt; // an unterminated quote
            ++i;
        } else {
            while (i < text.size() && !text.at(i).isSpace()) {
                if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size())
                    ++i;
                value += text.at(i++);
            }
        }
        pairs.emplace_back(key, value);
    }
}

std::optional<Error> credentialsInConninfo(const QString &text, const std::string &field)
{
    const auto pairs = conninfoPairs(text);
    if (!pairs)
        return makeError(errc::InvalidArgument, field,
                         field + " is neither a postgresql:// URI nor a libpq key=value string: \""
                             + redactDecoded(text) + "\".");
    for (const auto &[key, value] : *pairs) {
        if (key == QLatin1String("password") || key == QLatin1String("sslpassword"))
            return credentialError(field, "\"" + key.toStdString() + "=\" in the key=value string");
        // libpq expands a dbname that is itself a connection string.
        if (key == QLatin1String("dbname") && (isPostgresUri(value) || value.contains(QLatin1Char('='))))
            if (auto e = isPostgresUri(value) ? credentialsInUrl(value, field) : credentialsInConninfo(value, field))
                return e;
    }
    return std::nullopt;
}

std::optional<Error> refusePasswordInUrl(const QString &url, const std::string &field, bool allowConninfo)
{
    if (url.isEmpty())
        return std::nullopt;
    if (allowConninfo && !isPostgresUri(url) && !url.contains(QLatin1String("://")))
        return credentialsInConninfo(url, field);
    if (auto e = credentialsInUrl(url, field))
        return e;
    if (isPostgresUri(url))
        return std::nullopt; // multi-host URIs are not QUrls; libpq checks the rest
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme().isEmpty() || parsed.host().isEmpty())
        return makeError(errc::InvalidArgument, field, field + " is not a valid URL: \"" + redactDecoded(url) + "\".");
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
    Status status = Done{};
    if (!redisPasswordFile.isEmpty())
        c.redisPassword = secret(redisPasswordFile, "redis_password_file", status);
    if (status && !databasePasswordFile.isEmpty())
        c.databasePassword = secret(databasePasswordFile, "database_password_file", status);
    if (!status)
        return status;
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
    Status status = Done{};
    if (const QString file = environment("RAMPART_REDIS_PASSWORD_FILE"); !file.isEmpty())
        c.redisPassword = secret(file, "RAMPART_REDIS_PASSWORD_FILE", status);
    if (!status)
        return status;
    if (const QString v = environment("RAMPART_REDIS_PASSWORD"); !v.isEmpty())
        c.redisPassword = v;
    if (const QString file = environment("RAMPART_DATABASE_PASSWORD_FILE"); !file.isEmpty())
        c.databasePassword = secret(file, "RAMPART_DATABASE_PASSWORD_FILE", status);
    if (!status)
        return status;
    return Done{};
}

} // namespace

Result<std::string> readAuditKey(const QString &explicitPath)
{
    const QString path = explicitPath.isEmpty() ? environment("RAMPART_AUDIT_KEY_FILE") : explicitPath;
    if (path.isEmpty())
        return std::string();
    auto key = readSecretFile(path, "audit_key_file");
    if (key && key->size() < 16)
        return makeError(errc::InvalidArgument, "audit_key_file", "The audit key must be at least 16 bytes.");
    return key;
}

Result<std::string> readSecretFile(const QString &path, const char *field)
{
    const std::string name = field ? field : "secret_file";
    const std::string shown = "\"" + str(path) + "\"";
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return makeError("io_error", name, "Cannot read " + name + " " + shown + ": " + std::strerror(errno) + ".");
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info{};
    if (::fstat(fd, &info) != 0)
        return makeError("io_error", name, "Cannot read " + name + " " + shown + ": " + std::strerror(errno) + ".");
    if (!S_ISREG(info.st_mode))
        return makeError("io_error", name, name + " " + shown + " is not a regular file.");
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        return makeError("insecure_permissions", name,
                         name + " " + shown + " has mode " + octalMode(info.st_mode)
                             + ", open to group or others; a secret file must be private to its owner (chmod 600).");
    if (static_cast<std::size_t>(info.st_size) > MaxSecretFileBytes)
        return makeError("io_error", name,
                         name + " " + shown + " is larger than " + std::to_string(MaxSecretFileBytes) + " bytes.");
    std::string text(MaxSecretFileBytes + 1, '\0');
    std::size_t size = 0;
    while (size < text.size()) {
        const ssize_t n = ::read(fd, text.data() + size, text.size() - size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError("io_error", name, "Cannot read " + name + " " + shown + ": " + std::strerror(errno) + ".");
        if (n == 0)
            break;
        size += static_cast<std::size_t>(n);
    }
    if (size > MaxSecretFileBytes) // grew after fstat
        return makeError("io_error", name,
                         name + " " + shown + " is larger than " + std::to_string(MaxSecretFileBytes) + " bytes.");
    text.resize(size);
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
    }
    if (text.empty())
        return makeError("io_error", name, name + " " + shown + " is empty.");
    return text;
}

Status refuseCredentialsIn(const QString &connection, const char *field, bool allowConninfo)
{
    if (auto e = refusePasswordInUrl(connection, field, allowConninfo))
        return *e;
    return Done{};
}

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
    for (const auto &[url, field, conninfo] : {std::tuple{&c.redisUrl, "redis_url", false},
                                               std::tuple{&c.databaseUrl, "database_url", true},
                                               std::tuple{&c.prometheusUrl, "prometheus_url", false}})
        if (auto s = refuseCredentialsIn(*url, field, conninfo); !s)
            return s.error();
    if (c.outboxDirectory.isEmpty())
        c.outboxDirectory = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                                .filePath(QStringLiteral("rampart/outbox"));
    return c;
}

} // namespace rampart::io
