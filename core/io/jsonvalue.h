#pragma once

// Typed, path-aware reading of JSON requests. Every CLI/API request is read through a
// JsonReader: it converts fields to engine types, names the JSON path of the first thing
// that is wrong ("a.sd", "table[1][0]") and rejects fields nobody asked for, so a typo
// such as "confidence" for "confidence_level" is an error instead of a silent default.

#include "stats/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace rampart::io {

/// Request-level error codes (the engine's own live in rampart::errc).
namespace jsonerrc {
inline constexpr const char *InvalidJson = "invalid_json";
inline constexpr const char *MissingField = "missing_field";
inline constexpr const char *WrongType = "wrong_type";
inline constexpr const char *UnknownField = "unknown_field";
inline constexpr const char *UnknownCommand = "unknown_command";
} // namespace jsonerrc

class JsonReader
{
public:
    explicit JsonReader(QJsonObject object, QString path = {});

    bool has(const QString &key) const;
    /// The path of a key of this object, e.g. "a.sd".
    QString pathOf(const QString &key) const;

    double number(const QString &key);
    double number(const QString &key, double fallback);
    /// A non-negative integer count (JSON numbers like 12 or 12.0; not 12.5, not -1).
    std::int64_t count(const QString &key);
    std::int64_t count(const QString &key, std::int64_t fallback);
    bool boolean(const QString &key, bool fallback);
    QString string(const QString &key);
    QString string(const QString &key, const QString &fallback);
    std::vector<double> numbers(const QString &key);
    std::vector<std::int64_t> counts(const QString &key);
    /// The raw value (marks the key as known); Undefined if absent.
    QJsonValue value(const QString &key);
    /// A nested object reader sharing this reader's error state.
    JsonReader object(const QString &key);

    /// Records an error unless an earlier one is already recorded.
    void fail(Error error);
    bool failed() const { return m_error->has_value(); }
    /// Checks for unknown fields, then returns the first error recorded, if any.
    std::optional<Error> finish();

private:
    JsonReader(QJsonObject object, QString path, std::shared_ptr<std::optional<Error>> error);
    QJsonValue take(const QString &key, bool required);
    void wrongType(const QString &key, const char *expected);
    std::optional<std::int64_t> toCount(const QJsonValue &value, const QString &path);

    QJsonObject m_object;
    QString m_path;
    QSet<QString> m_known;
    std::shared_ptr<std::optional<Error>> m_error;
};

/// A JSON number for a double; non-finite values become null (JSON has no NaN/infinity).
QJsonValue toJson(double value);
QJsonArray toJsonArray(const std::vector<double> &values);

/// {"error": code, "message": sentence, "field": path}
QJsonObject errorToJson(const Error &error);

/// The largest JSON document read from a file or standard input: 8 MiB. Plans, evidence
/// snapshots and statistics requests are a few kilobytes; the limit only stops a runaway read.
inline constexpr qint64 MaxJsonBytes = 8 * 1024 * 1024;

/**
 * Parses a request text into an object, or an invalid_json error with the offset. Numbers
 * must follow the strict JSON grammar of RFC 8259 §6,
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, so ".5", "1.", "+1" and "01" are refused
 * (QJsonDocument alone accepts the first two), and so is a number too large for a double.
 */
Result<QJsonObject> parseRequest(const QByteArray &text);

/// The offset of the first number token in `text` that breaks RFC 8259's number grammar and
/// the token itself, or nullopt. Strings are skipped; meant for text that parsed as JSON.
std::optional<std::pair<qsizetype, QByteArray>> findNonStrictNumber(const QByteArray &text);

/**
 * Reads a JSON file into an object. Only a regular file of at most MaxJsonBytes is read:
 * an empty path, a directory, a device (/dev/zero, /dev/urandom), a FIFO or socket, and a
 * larger file are refused at once with "io_error" naming the path, without blocking and
 * without reading more than MaxJsonBytes + 1 bytes. Bad JSON is "invalid_json" naming the
 * path and the offset.
 */
Result<QJsonObject> loadJsonFile(const QString &path);

/// Reads all of an open file descriptor (standard input, a pipe) up to `limit` bytes;
/// "io_error" when there is more or the read fails. Blocks only as the descriptor does.
Result<QByteArray> readAllBounded(int fd, qint64 limit, const std::string &what);

} // namespace rampart::io
