#include "jsonvalue.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cerrno>
#include <cmath>
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

const char *typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return "a boolean";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "a string";
    case QJsonValue::Array: return "an array";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "missing";
}

// 2^53: larger integers are not exactly representable in a JSON number read as double.
constexpr double MaxExactInteger = 9007199254740992.0;

} // namespace

JsonReader::JsonReader(QJsonObject object, QString path)
    : JsonReader(std::move(object), std::move(path), std::make_shared<std::optional<Error>>())
{
}

JsonReader::JsonReader(QJsonObject object, QString path, std::shared_ptr<std::optional<Error>> error)
    : m_object(std::move(object)), m_path(std::move(path)), m_error(std::move(error))
{
}

bool JsonReader::has(const QString &key) const
{
    return m_object.contains(key);
}

QString JsonReader::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
}

void JsonReader::fail(Error error)
{
    if (!m_error->has_value())
        *m_error = std::move(error);
}

QJsonValue JsonReader::take(const QString &key, bool required)
{
    m_known.insert(key);
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() && required) {
        fail(makeError(jsonerrc::MissingField, str(pathOf(key)),
                       "The required field \"" + str(pathOf(key)) + "\" is missing."));
    }
    return value;
}

void JsonReader::wrongType(const QString &key, const char *expected)
{
    const QJsonValue value = m_object.value(key);
    fail(makeError(jsonerrc::WrongType, str(pathOf(key)),
                   "\"" + str(pathOf(key)) + "\" must be " + expected + ", not " + typeName(value) + "."));
}

double JsonReader::number(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (value.isUndefined())
        return 0.0;
    if (!value.isDouble()) {
        wrongType(key, "a number");
        return 0.0;
    }
    return value.toDouble();
}

double JsonReader::number(const QString &key, double fallback)
{
    return has(key) ? number(key) : (m_known.insert(key), fallback);
}

std::optional<std::int64_t> JsonReader::toCount(const QJsonValue &value, const QString &path)
{
    if (!value.isDouble()) {
        fail(makeError(jsonerrc::WrongType, str(path),
                       "\"" + str(path) + "\" must be a non-negative integer, not " + typeName(value) + "."));
        return std::nullopt;
    }
    const double d = value.toDouble();
    if (!std::isfinite(d) || d < 0.0 || d != std::floor(d) || d > MaxExactInteger) {
        fail(makeError(errc::InvalidArgument, str(path),
                       "\"" + str(path) + "\" must be a non-negative integer count, got "
                           + str(QString::number(d, 'g', 17)) + "."));
        return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
}

std::int64_t JsonReader::count(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (value.isUndefined())
        return 0;
    return toCount(value, pathOf(key)).value_or(0);
}

std::int64_t JsonReader::count(const QString &key, std::int64_t fallback)
{
    return has(key) ? count(key) : (m_known.insert(key), fallback);
}

bool JsonReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue value = take(key, false);
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        wrongType(key, "true or false");
        return fallback;
    }
    return value.toBool();
}

QString JsonReader::string(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (value.isUndefined())
        return {};
    if (!value.isString()) {
        wrongType(key, "a string");
        return {};
    }
    return value.toString();
}

QString JsonReader::string(const QString &key, const QString &fallback)
{
    return has(key) ? string(key) : (m_known.insert(key), fallback);
}

std::vector<double> JsonReader::numbers(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        wrongType(key, "an array of numbers");
        return {};
    }
    const QJsonArray array = value.toArray();
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isDouble()) {
            const QString path = pathOf(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
            fail(makeError(jsonerrc::WrongType, str(path),
                           "\"" + str(path) + "\" must be a number, not " + typeName(array.at(i)) + "."));
            return {};
        }
        out.push_back(array.at(i).toDouble());
    }
    return out;
}

std::vector<std::int64_t> JsonReader::counts(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        wrongType(key, "an array of non-negative integers");
        return {};
    }
    const QJsonArray array = value.toArray();
    std::vector<std::int64_t> out;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const auto c = toCount(array.at(i), pathOf(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'));
        if (!c)
            return {};
        out.push_back(*c);
    }
    return out;
}

QJsonValue JsonReader::value(const QString &key)
{
    return take(key, false);
}

JsonReader JsonReader::object(const QString &key)
{
    const QJsonValue value = take(key, true);
    if (!value.isUndefined() && !value.isObject())
        wrongType(key, "an object");
    return JsonReader(value.toObject(), pathOf(key), m_error);
}

std::optional<Error> JsonReader::finish()
{
    if (!failed()) {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!m_known.contains(it.key())) {
                const std::string path = str(pathOf(it.key()));
                fail(makeError(jsonerrc::UnknownField, path, "Unknown field \"" + path + "\"."));
                break;
            }
        }
    }
    return *m_error;
}

QJsonValue toJson(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonArray toJsonArray(const std::vector<double> &values)
{
    QJsonArray array;
    for (double v : values)
        array.append(toJson(v));
    return array;
}

QJsonObject errorToJson(const Error &error)
{
    return QJsonObject{{QStringLiteral("error"), QString::fromStdString(error.code)},
                       {QStringLiteral("message"), QString::fromStdString(error.message)},
                       {QStringLiteral("field"), QString::fromStdString(error.field)}};
}

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ].
bool isStrictNumber(const QByteArray &token)
{
    qsizetype i = 0;
    const qsizetype n = token.size();
    if (i < n && token[i] == '-')
        ++i;
    if (i >= n || !isDigit(token[i]))
        return false;
    if (token[i] == '0') {
        ++i;
    } else {
        while (i < n && isDigit(token[i]))
            ++i;
    }
    if (i < n && token[i] == '.') {
        ++i;
        if (i >= n || !isDigit(token[i]))
            return false;
        while (i < n && isDigit(token[i]))
            ++i;
    }
    if (i < n && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < n && (token[i] == '+' || token[i] == '-'))
            ++i;
        if (i >= n || !isDigit(token[i]))
            return false;
        while (i < n && isDigit(token[i]))
            ++i;
    }
    return i == n;
}

bool isNumberChar(char c)
{
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

Error ioError(const QString &path, const std::string &why)
{
    return makeError("io_error", std::string(), "Cannot read \"" + str(path) + "\": " + why);
}

std::string sizeText(qint64 bytes)
{
    return std::to_string(bytes) + " bytes";
}

} // namespace

std::optional<std::pair<qsizetype, QByteArray>> findNonStrictNumber(const QByteArray &text)
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const char c = text[i];
        if (c == '"') { // skip the string, escapes included
            ++i;
            while (i < n && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            ++i;
            continue;
        }
        // Outside strings only numbers start with these; true/false/null never do.
        if (isDigit(c) || c == '-' || c == '+' || c == '.') {
            const qsizetype start = i;
            while (i < n && isNumberChar(text[i]))
                ++i;
            const QByteArray token = text.mid(start, i - start);
            if (!isStrictNumber(token))
                return std::make_pair(start, token);
            continue;
        }
        ++i;
    }
    return std::nullopt;
}

Result<QJsonObject> parseRequest(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(jsonerrc::InvalidJson, std::string(),
                         "The request is not valid JSON: " + parseError.errorString().toStdString()
                             + " at offset " + std::to_string(parseError.offset) + ".");
    }
    if (const auto bad = findNonStrictNumber(text)) {
        return makeError(jsonerrc::InvalidJson, std::string(),
                         "The request is not valid JSON: \"" + bad->second.left(40).toStdString()
                             + "\" is not a JSON number (RFC 8259 §6: e.g. 0.5, not .5; 1 or 1.0, not 1.) at offset "
                             + std::to_string(bad->first) + ".");
    }
    if (!document.isObject())
        return makeError(jsonerrc::InvalidJson, std::string(), "The request must be a JSON object.");
    return document.object();
}

Result<QByteArray> readAllBounded(int fd, qint64 limit, const std::string &what)
{
    QByteArray data;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return makeError("io_error", std::string(), "Cannot read " + what + ": " + std::strerror(errno) + ".");
        }
        if (got == 0)
            return data;
        if (data.size() + got > limit)
            return makeError("io_error", std::string(),
                             "Cannot read " + what + ": it is larger than the limit of " + sizeText(limit) + ".");
        data.append(buffer, got);
    }
}

Result<QJsonObject> loadJsonFile(const QString &path)
{
    if (path.isEmpty())
        return makeError("io_error", std::string(), "No file name given: pass the path of a JSON file.");
    const QByteArray native = QFile::encodeName(path);
    if (native.contains('\0'))
        return ioError(path, "the path contains a NUL character.");
    // O_NONBLOCK: opening a FIFO without a writer must not wait; it is refused just below.
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return ioError(path, std::string(std::strerror(errno)) + ".");
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0) {
        const int saved = errno;
        ::close(fd);
        return ioError(path, std::string(std::strerror(saved)) + ".");
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        return ioError(path, std::string(S_ISDIR(info.st_mode) ? "it is a directory" : "it is not a regular file (a device, FIFO or socket)")
                                 + "; only regular JSON files are read.");
    }
    if (info.st_size > MaxJsonBytes) {
        ::close(fd);
        return ioError(path, "it has " + sizeText(info.st_size) + ", more than the limit of " + sizeText(MaxJsonBytes) + ".");
    }
    auto bytes = readAllBounded(fd, MaxJsonBytes, "\"" + str(path) + "\"");
    ::close(fd);
    if (!bytes)
        return bytes.error();
    auto object = parseRequest(*bytes);
    if (!object) {
        Error e = object.error();
        e.message = "In \"" + str(path) + "\": " + e.message;
        return e;
    }
    return object;
}

} // namespace rampart::io
