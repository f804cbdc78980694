// Event files: the CSV / JSON Lines readers, the row checks and the batching use case.

#include "eventfile.h"

#include "csvreader.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <tuple>

namespace rampart::store {

namespace {

constexpr std::size_t kMaxProblems = 10;

std::int64_t seconds(rollout::TimePoint t)
{
    return static_cast<std::int64_t>(t.time_since_epoch().count());
}

// ---- row checks ---------------------------------------------------------------------------

std::string textProblem(const char *name, const std::string &text, std::size_t maxBytes, bool required)
{
    if (text.empty())
        return required ? std::string(name) + " is missing" : std::string();
    if (text.find('\0') != std::string::npos)
        return std::string(name) + " contains a NUL character";
    if (!isValidUtf8(text.data(), text.size()))
        return std::string(name) + " is not valid UTF-8";
    if (text.size() > maxBytes)
        return std::string(name) + " is longer than " + std::to_string(maxBytes) + " bytes";
    return {};
}

std::string numberProblem(const char *name, const std::optional<double> &x, double max)
{
    if (!x)
        return {};
    if (*x < 0.0)
        return std::string(name) + " is negative";
    if (!std::isfinite(*x))
        return std::string(name) + " is not a finite number";
    if (*x > max)
        return std::string(name) + " is above its limit of " + std::to_string(static_cast<std::int64_t>(max));
    return {};
}

// ---- columns ------------------------------------------------------------------------------

/// The columns (CSV header names, JSON Lines keys) an event may have, and their aliases.
const std::map<QString, QString> &columnNames()
{
    static const std::map<QString, QString> names = {
        {QStringLiteral("time"), QStringLiteral("time")},
        {QStringLiteral("at"), QStringLiteral("time")},
        {QStringLiteral("timestamp"), QStringLiteral("time")},
        {QStringLiteral("agent"), QStringLiteral("agent")},
        {QStringLiteral("cohort"), QStringLiteral("cohort")},
        {QStringLiteral("unit_id"), QStringLiteral("unit_id")},
        {QStringLiteral("unit"), QStringLiteral("unit_id")},
        {QStringLiteral("latency_ms"), QStringLiteral("latency_ms")},
        {QStringLiteral("correct"), QStringLiteral("correct")},
        {QStringLiteral("satisfaction"), QStringLiteral("satisfaction")},
        {QStringLiteral("handling_time_min"), QStringLiteral("handling_time_min")},
        {QStringLiteral("error"), QStringLiteral("error")},
        {QStringLiteral("event_id"), QStringLiteral("event_id")},
        {QStringLiteral("id"), QStringLiteral("event_id")},
    };
    return names;
}

using Fields = std::map<QString, QString>; // canonical column → text ("" = missing)

std::optional<std::int64_t> parseTime(const QString &text)
{
    bool isNumber = false;
    const qint64 epoch = text.toLongLong(&isNumber);
    if (isNumber)
        return epoch;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: the time is UTC
        t.setTimeSpec(Qt::UTC);
    return t.toSecsSinceEpoch();
}

std::optional<bool> parseBool(const QString &text, bool &ok)
{
    const QString t = text.toLower();
    ok = true;
    if (t.isEmpty())
        return std::nullopt;
    if (t == QLatin1String("true") || t == QLatin1String("t") || t == QLatin1String("1") || t == QLatin1String("yes"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("f") || t == QLatin1String("0") || t == QLatin1String("no"))
        return false;
    ok = false;
    return std::nullopt;
}

/// Fields → Event, or a sentence naming the first field that does not read. Range checks
/// are eventProblem()'s.
Result<Event> toEvent(const Fields &f, const QString &defaultAgent)
{
    auto get = [&](const char *name) {
        const auto it = f.find(QLatin1String(name));
        return it == f.end() ? QString() : it->second.trimmed();
    };
    const auto bad = [](const char *field, const std::string &why) { return makeError("bad_row", field, why); };
    Event e;
    const QString time = get("time");
    if (time.isEmpty())
        return bad("time", "time is missing");
    const auto at = parseTime(time);
    if (!at)
        return bad("time", "time \"" + time.left(40).toStdString() + "\" is not ISO 8601 or epoch seconds");
    if (*at < eventlimits::EarliestTime || *at > eventlimits::LatestTime)
        return bad("time", "time \"" + time.left(40).toStdString() + "\" is outside 1970-01-01..9999-12-31");
    e.at = rollout::TimePoint{rollout::Duration{*at}};
    const QString agent = get("agent");
    e.agent = (agent.isEmpty() ? defaultAgent : agent).toStdString();
    e.cohort = get("cohort").toStdString();
    e.unitId = get("unit_id").toStdString();
    e.eventId = get("event_id").toStdString();
    for (const char *name : {"latency_ms", "handling_time_min"}) {
        const QString text = get(name);
        if (text.isEmpty())
            continue;
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok)
            return bad(name, std::string(name) + " is not a number");
        (std::string(name) == "latency_ms" ? e.latencyMs : e.handlingTimeMin) = value;
    }
    if (const QString text = get("satisfaction"); !text.isEmpty()) {
        bool ok = false;
        e.satisfaction = text.toInt(&ok);
        if (!ok)
            return bad("satisfaction", "satisfaction is not a whole number");
    }
    bool ok = true;
    e.correct = parseBool(get("correct"), ok);
    if (!ok)
        return bad("correct", "correct is not true or false");
    e.error = parseBool(get("error"), ok).value_or(false);
    if (!ok)
        return bad("error", "error is not true or false");
    return e;
}


bool isJsonLines(const QString &path, QFile &file)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return false;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") || suffix == QLatin1String("json"))
        return true;
    return file.peek(64).trimmed().startsWith('{');
}

Result<QStringList> readHeader(const QString &path, CsvReader &reader, bool haveDefaultAgent)
{
    const std::string where = path.toStdString() + ":1";
    QStringList names;
    std::int64_t line = 0;
    std::string problem;
    if (!reader.next(names, line, problem) || line != 1)
        return makeError("missing_column", where, path.toStdString() + " has no header row.");
    if (!problem.empty())
        return makeError("missing_column", where, "The header of " + path.toStdString() + " cannot be read: " + problem + ".");
    QStringList columns;
    for (const QString &name : names) {
        const auto it = columnNames().find(name.trimmed().toLower());
        if (it == columnNames().end())
            return makeError("unknown_column", where,
                             "Column \"" + name.trimmed().left(80).toStdString() + "\" of " + path.toStdString()
                                 + " is not an event field (see docs/store.md).");
        if (columns.contains(it->second))
            return makeError("unknown_column", where,
                             path.toStdString() + " has the column \"" + it->second.toStdString() + "\" twice.");
        columns << it->second;
    }
    QStringList required = {QStringLiteral("time"), QStringLiteral("cohort"), QStringLiteral("unit_id")};
    if (!haveDefaultAgent)
        required << QStringLiteral("agent");
    for (const QString &name : required)
        if (!columns.contains(name))
            return makeError("missing_column", where,
                             path.toStdString() + " has no \"" + name.toStdString() + "\" column"
                                 + (name == QLatin1String("agent") ? " (or pass --agent)." : "."));
    return columns;
}

Result<std::unique_ptr<QFile>> openRegular(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return makeError("io_error", path.toStdString(), "\"" + path.toStdString() + "\" is not a regular file.");
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return makeError("io_error", path.toStdString(),
                         "Cannot read \"" + path.toStdString() + "\": " + file->errorString().toStdString() + ".");
    return file;
}

/// JSON Lines object → Fields; `problem` names the first unknown key or a value that is an
/// object or an array.
Fields jsonFields(const QJsonObject &object, std::string &problem)
{
    Fields f;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto name = columnNames().find(it.key());
        if (name == columnNames().end()) {
            problem = "unknown key \"" + it.key().left(80).toStdString() + "\"";
            return f;
        }
        if (it.value().isObject() || it.value().isArray()) {
            problem = it.key().toStdString() + " is not a string, number or boolean";
            return f;
        }
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 17);
        f[name->second] = text; // null: missing
    }
    return f;
}

/// Gathers events into batches for the store and keeps the report.
class Batcher
{
public:
    Batcher(EvidenceStore &store, std::size_t batchSize, EventFileReport &report)
        : m_store(store), m_batchSize(batchSize == 0 ? 1 : batchSize), m_report(report)
    {
    }

    void bad(const std::string &origin, const std::string &why)
    {
        ++m_report.skipped;
        if (m_report.problems.size() < kMaxProblems)
            m_report.problems.push_back(origin + ": " + why);
    }

    Status add(Event event, std::string origin)
    {
        m_events.push_back(std::move(event));
        m_origins.push_back(std::move(origin));
        return m_events.size() >= m_batchSize ? flush() : Status(Done{});
    }

    Status flush()
    {
        if (m_events.empty())
            return Done{};
        auto stored = m_store.ingest(m_events);
        if (!stored)
            return stored.error();
        m_report.accepted += stored->accepted;
        m_report.duplicates += stored->duplicates;
        m_report.skipped += stored->skipped;
        // The stores name events "event N: why"; name the file and line instead.
        for (const std::string &p : stored->firstProblems) {
            if (m_report.problems.size() >= kMaxProblems)
                break;
            std::size_t n = 0;
            if (p.rfind("event ", 0) == 0)
                n = std::strtoull(p.c_str() + 6, nullptr, 10);
            const auto colon = p.find(": ");
            m_report.problems.push_back(n >= 1 && n <= m_origins.size() && colon != std::string::npos
                                            ? m_origins[n - 1] + p.substr(colon)
                                            : p);
        }
        m_events.clear();
        m_origins.clear();
        return Done{};
    }

private:
    EvidenceStore &m_store;
    std::size_t m_batchSize;
    EventFileReport &m_report;
    std::vector<Event> m_events;
    std::vector<std::string> m_origins;
};

/// One row's fields → a checked event with its id, or a bad row.
Status addRow(const Fields &fields, bool hasIdColumn, std::int64_t line, const std::string &origin,
              const QString &defaultAgent, Batcher &batcher)
{
    auto event = toEvent(fields, defaultAgent);
    if (!event) {
        batcher.bad(origin, event.error().message);
        return Done{};
    }
    Event e = std::move(event).value();
    if (hasIdColumn && e.eventId.empty()) {
        batcher.bad(origin, "event_id is missing");
        return Done{};
    }
    if (const std::string problem = eventProblem(e); !problem.empty()) {
        batcher.bad(origin, problem);
        return Done{};
    }
    if (!hasIdColumn)
        e.eventId = derivedEventId(line, e);
    return batcher.add(std::move(e), origin);
}

Status ingestFile(const QString &path, const EventFileOptions &options, Batcher &batcher, EventFileReport &report)
{
    auto opened = openRegular(path);
    if (!opened)
        return opened.error();
    QFile &file = **opened;
    const std::string name = QFileInfo(path).fileName().toStdString();
    const auto origin = [&](std::int64_t line) { return name + ":" + std::to_string(line); };
    if (isJsonLines(path, file)) {
        for (std::int64_t line = 1; !file.atEnd(); ++line) {
            bool tooLong = false;
            QByteArray text = readBoundedLine(file, tooLong);
            if (line == 1 && text.startsWith("\xEF\xBB\xBF"))
                text.remove(0, 3);
            if (!tooLong && text.trimmed().isEmpty())
                continue;
            ++report.rows;
            if (tooLong) {
                batcher.bad(origin(line), "the line is longer than " + std::to_string(eventlimits::MaxRecordBytes) + " bytes");
                continue;
            }
            if (!isValidUtf8(text.constData(), static_cast<std::size_t>(text.size()))) {
                batcher.bad(origin(line), "the line is not valid UTF-8");
                continue;
            }
            const QJsonDocument document = QJsonDocument::fromJson(text);
            if (!document.isObject()) {
                batcher.bad(origin(line), "not a JSON object");
                continue;
            }
            std::string problem;
            const Fields fields = jsonFields(document.object(), problem);
            if (!problem.empty()) {
                batcher.bad(origin(line), problem);
                continue;
            }
            const bool hasId = document.object().contains(QStringLiteral("event_id"))
                            || document.object().contains(QStringLiteral("id"));
            if (auto s = addRow(fields, hasId, line, origin(line), options.defaultAgent, batcher); !s)
                return s;
        }
        return Done{};
    }
    CsvReader reader(file);
    auto columns = readHeader(path, reader, !options.defaultAgent.isEmpty());
    if (!columns)
        return columns.error();
    const bool hasIdColumn = columns->contains(QStringLiteral("event_id"));
    QStringList values;
    std::int64_t line = 0;
    std::string problem;
    while (reader.next(values, line, problem)) {
        ++report.rows;
        if (!problem.empty()) {
            batcher.bad(origin(line), problem);
            continue;
        }
        if (values.size() != columns->size()) {
            batcher.bad(origin(line), std::to_string(values.size()) + " fields where the header has "
                                          + std::to_string(columns->size()));
            continue;
        }
        Fields fields;
        for (qsizetype i = 0; i < columns->size(); ++i)
            fields[columns->at(i)] = values.at(i);
        if (auto s = addRow(fields, hasIdColumn, line, origin(line), options.defaultAgent, batcher); !s)
            return s;
    }
    return Done{};
}

} // namespace

std::string eventProblem(const Event &e)
{
    const std::int64_t at = seconds(e.at);
    if (at < eventlimits::EarliestTime || at > eventlimits::LatestTime)
        return "time " + std::to_string(at) + " is outside 1970-01-01..9999-12-31";
    for (const auto &[name, text, limit, required] :
         {std::tuple{"agent", &e.agent, eventlimits::MaxNameBytes, true},
          std::tuple{"cohort", &e.cohort, eventlimits::MaxNameBytes, true},
          std::tuple{"unit_id", &e.unitId, eventlimits::MaxUnitIdBytes, true},
          std::tuple{"event_id", &e.eventId, eventlimits::MaxNameBytes, false}})
        if (std::string problem = textProblem(name, *text, limit, required); !problem.empty())
            return problem;
    if (std::string problem = numberProblem("latency_ms", e.latencyMs, eventlimits::MaxLatencyMs); !problem.empty())
        return problem;
    if (e.satisfaction && (*e.satisfaction < 1 || *e.satisfaction > metric::SatisfactionLevels))
        return "satisfaction is outside 1..5";
    return numberProblem("handling_time_min", e.handlingTimeMin, eventlimits::MaxHandlingTimeMin);
}

std::string derivedEventId(std::int64_t line, const Event &e)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const std::string &text) {
        hash.addData(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())));
        hash.addData(QByteArrayView("\x1f", 1));
    };
    const auto number = [](const std::optional<double> &x) {
        if (!x)
            return std::string();
        char text[32];
        std::snprintf(text, sizeof text, "%.17g", *x);
        return std::string(text);
    };
    add(std::to_string(line));
    add(std::to_string(seconds(e.at)));
    add(e.agent);
    add(e.cohort);
    add(e.unitId);
    add(number(e.latencyMs));
    add(e.correct ? (*e.correct ? "1" : "0") : "");
    add(e.satisfaction ? std::to_string(*e.satisfaction) : "");
    add(number(e.handlingTimeMin));
    add(e.error ? "1" : "0");
    return "L" + std::to_string(line) + "-" + hash.result().toHex().left(16).toStdString();
}

Status checkEventFile(const QString &path, bool haveDefaultAgent)
{
    auto opened = openRegular(path);
    if (!opened)
        return opened.error();
    if (isJsonLines(path, **opened))
        return Done{};
    CsvReader reader(**opened);
    auto columns = readHeader(path, reader, haveDefaultAgent);
    if (!columns)
        return columns.error();
    return Done{};
}

Result<EventFileReport> ingestEventFiles(EvidenceStore &store, const std::vector<QString> &files,
                                         const EventFileOptions &options)
{
    for (const QString &file : files)
        if (auto s = checkEventFile(file, !options.defaultAgent.isEmpty()); !s)
            return s.error();
    EventFileReport report;
    Batcher batcher(store, options.batchSize, report);
    for (const QString &file : files)
        if (auto s = ingestFile(file, options, batcher, report); !s)
            return s.error();
    if (auto s = batcher.flush(); !s)
        return s.error();
    return report;
}

} // namespace rampart::store
