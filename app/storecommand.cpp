// rampartctl ingest FILE… [--agent A] and rampartctl audit verify|flush: the PostgreSQL
// evidence store from the command line (docs/store.md).

#include "storecommand.h"

#include "cliutil.h"
#include "io/config.h"
#include "io/jsonvalue.h"
#include "store/outbox.h"
#include "store/pgevidencestore.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>

namespace rampart::cli {

namespace {

constexpr std::size_t kBatchSize = 50000;
constexpr int kMaxProblems = 10;

using StorePtr = std::unique_ptr<store::PgEvidenceStore>;

// ---- connections and errors ---------------------------------------------------------------

int failStore(const Error &error)
{
    if (error.code == store::storeerrc::Unavailable || error.code == store::outboxerrc::Busy)
        return failWith(error, ExitUnavailable);
    if (error.code == store::storeerrc::PermissionDenied || error.code == store::storeerrc::QueryFailed
        || error.code == store::storeerrc::Corrupt)
        return failWith(error, ExitFailure);
    return failWith(error, ExitBadInput); // the config, a file or the command line is wrong
}

Result<io::Connections> connections(const QString &configFile)
{
    auto c = io::loadConnections(configFile);
    if (!c)
        return c.error();
    if (c->databaseUrl.isEmpty())
        return makeError("missing_database_url", "database_url",
                         "No PostgreSQL is configured: set RAMPART_DATABASE_URL or database_url in the config file.");
    return c;
}

Result<StorePtr> openStore(const io::Connections &c)
{
    return store::PgEvidenceStore::open(c.databaseUrl.toStdString(), c.databasePassword.toStdString());
}

Error usage(const QString &message)
{
    return makeError("usage", "", message.toStdString());
}

// ---- reading events -------------------------------------------------------------------------

/// The columns (CSV header names, JSON Lines keys) an event may have, and their aliases.
const std::map<QString, QString> &columnNames()
{
    static const std::map<QString, QString> names = {
        {QStringLiteral("time"), QStringLiteral("time")},         {QStringLiteral("at"), QStringLiteral("time")},
        {QStringLiteral("timestamp"), QStringLiteral("time")},    {QStringLiteral("agent"), QStringLiteral("agent")},
        {QStringLiteral("cohort"), QStringLiteral("cohort")},     {QStringLiteral("unit_id"), QStringLiteral("unit_id")},
        {QStringLiteral("unit"), QStringLiteral("unit_id")},      {QStringLiteral("latency_ms"), QStringLiteral("latency_ms")},
        {QStringLiteral("correct"), QStringLiteral("correct")},   {QStringLiteral("satisfaction"), QStringLiteral("satisfaction")},
        {QStringLiteral("handling_time_min"), QStringLiteral("handling_time_min")},
        {QStringLiteral("error"), QStringLiteral("error")},
    };
    return names;
}

using Fields = std::map<QString, QString>; // canonical column → text ("" = missing)

std::optional<rollout::TimePoint> parseTime(const QString &text)
{
    bool isNumber = false;
    const qint64 epoch = text.toLongLong(&isNumber);
    if (isNumber)
        return rollout::TimePoint{rollout::Duration{epoch}};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: the time is UTC
        t.setTimeSpec(Qt::UTC);
    return rollout::TimePoint{rollout::Duration{t.toSecsSinceEpoch()}};
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

/// Fields → Event; a sentence naming the first unreadable field otherwise. Values that read
/// but are out of range (negative latency, satisfaction 9) are left to the store to count.
Result<store::Event> toEvent(const Fields &f, const QString &defaultAgent)
{
    auto get = [&](const char *name) {
        const auto it = f.find(QLatin1String(name));
        return it == f.end() ? QString() : it->second.trimmed();
    };
    store::Event e;
    const QString time = get("time");
    if (time.isEmpty())
        return makeError("bad_row", "time", "time is missing");
    const auto at = parseTime(time);
    if (!at)
        return makeError("bad_row", "time", "time \"" + time.toStdString() + "\" is not ISO 8601 or epoch seconds");
    e.at = *at;
    const QString agent = get("agent");
    e.agent = (agent.isEmpty() ? defaultAgent : agent).toStdString();
    e.cohort = get("cohort").toStdString();
    e.unitId = get("unit_id").toStdString();
    for (const char *name : {"latency_ms", "handling_time_min"}) {
        const QString text = get(name);
        if (text.isEmpty())
            continue;
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (!ok)
            return makeError("bad_row", name, std::string(name) + " is not a number");
        (std::string(name) == "latency_ms" ? e.latencyMs : e.handlingTimeMin) = value;
    }
    if (const QString text = get("satisfaction"); !text.isEmpty()) {
        bool ok = false;
        e.satisfaction = text.toInt(&ok);
        if (!ok)
            return makeError("bad_row", "satisfaction", "satisfaction is not a whole number");
    }
    bool ok = true;
    e.correct = parseBool(get("correct"), ok);
    if (!ok)
        return makeError("bad_row", "correct", "correct is not true or false");
    e.error = parseBool(get("error"), ok).value_or(false);
    if (!ok)
        return makeError("bad_row", "error", "error is not true or false");
    return e;
}

/// One CSV line (RFC 4180 quoting; a quoted field may not span lines).
QStringList splitCsv(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

/// Everything a run of `ingest` accumulates.
struct IngestTotals
{
    std::int64_t accepted = 0;
    std::int64_t skipped = 0;
    QJsonArray problems;

    void problem(const std::string &text)
    {
        if (problems.size() < kMaxProblems)
            problems.append(QString::fromStdString(text));
    }
};

/// Collects events into batches and hands each full batch to the store.
class BatchIngester
{
public:
    BatchIngester(store::PgEvidenceStore &store, IngestTotals &totals) : m_store(store), m_totals(totals) {}

    void badRow(const std::string &origin, const std::string &why)
    {
        ++m_totals.skipped;
        m_totals.problem(origin + ": " + why);
    }

    Status add(store::Event event, std::string origin)
    {
        m_events.push_back(std::move(event));
        m_origins.push_back(std::move(origin));
        return m_events.size() >= kBatchSize ? flush() : Status(Done{});
    }

    Status flush()
    {
        if (m_events.empty())
            return Done{};
        auto report = m_store.ingest(m_events, m_origins);
        m_events.clear();
        m_origins.clear();
        if (!report)
            return report.error();
        m_totals.accepted += report->accepted;
        m_totals.skipped += report->skipped;
        for (const auto &p : report->firstProblems)
            m_totals.problem(p);
        return Done{};
    }

private:
    store::PgEvidenceStore &m_store;
    IngestTotals &m_totals;
    std::vector<store::Event> m_events;
    std::vector<std::string> m_origins;
};

bool isJsonLines(const QString &path, QFile &file)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        return false;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") || suffix == QLatin1String("json"))
        return true;
    const QByteArray head = file.peek(64).trimmed();
    return head.startsWith('{');
}

Status readCsvHeader(const QString &path, const QString &header, QStringList &columns, bool haveDefaultAgent)
{
    columns.clear();
    for (const QString &name : splitCsv(header)) {
        const auto it = columnNames().find(name.trimmed().toLower());
        if (it == columnNames().end())
            return makeError("unknown_column", path.toStdString() + ":1",
                             "Column \"" + name.trimmed().toStdString() + "\" of " + path.toStdString()
                                 + " is not an event field (see docs/store.md).");
        columns << it->second;
    }
    QStringList required = {QStringLiteral("time"), QStringLiteral("cohort"), QStringLiteral("unit_id")};
    if (!haveDefaultAgent)
        required << QStringLiteral("agent");
    for (const QString &name : required)
        if (!columns.contains(name))
            return makeError("missing_column", path.toStdString() + ":1",
                             path.toStdString() + " has no \"" + name.toStdString() + "\" column"
                                 + (name == QLatin1String("agent") ? " (or pass --agent)." : "."));
    return Done{};
}

Fields jsonFields(const QJsonObject &object, std::string &unknown)
{
    Fields f;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const auto name = columnNames().find(it.key());
        if (name == columnNames().end()) {
            unknown = it.key().toStdString();
            continue;
        }
        const QJsonValue v = it.value();
        QString text;
        if (v.isString())
            text = v.toString();
        else if (v.isBool())
            text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (v.isDouble())
            text = QString::number(v.toDouble(), 'g', 17);
        f[name->second] = text;
    }
    return f;
}

/// Refuses a CSV file whose header is wrong before anything is loaded.
Status checkFile(const QString &path, bool haveDefaultAgent)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("io_error", path.toStdString(),
                         "Cannot read \"" + path.toStdString() + "\": " + file.errorString().toStdString() + ".");
    if (isJsonLines(path, file))
        return Done{};
    QString header = QString::fromUtf8(file.readLine()).trimmed();
    if (header.startsWith(QChar(0xFEFF)))
        header.remove(0, 1);
    QStringList columns;
    return readCsvHeader(path, header, columns, haveDefaultAgent);
}

/// Reads one file line by line; structural errors (a bad header) fail, bad rows are counted.
Status ingestFile(const QString &path, const QString &defaultAgent, BatchIngester &ingester)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("io_error", path.toStdString(),
                         "Cannot read \"" + path.toStdString() + "\": " + file.errorString().toStdString() + ".");
    const bool jsonLines = isJsonLines(path, file);
    const std::string name = QFileInfo(path).fileName().toStdString();
    QStringList columns;
    for (int lineNumber = 1; !file.atEnd(); ++lineNumber) {
        QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (lineNumber == 1 && line.startsWith(QChar(0xFEFF))) // a byte-order mark
            line.remove(0, 1);
        const std::string origin = name + ":" + std::to_string(lineNumber);
        if (!jsonLines && lineNumber == 1) {
            if (auto status = readCsvHeader(path, line, columns, !defaultAgent.isEmpty()); !status)
                return status;
            continue;
        }
        if (line.isEmpty())
            continue;
        Fields fields;
        if (jsonLines) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
            if (!document.isObject()) {
                ingester.badRow(origin, "not a JSON object");
                continue;
            }
            std::string unknown;
            fields = jsonFields(document.object(), unknown);
            if (!unknown.empty()) {
                ingester.badRow(origin, "unknown key \"" + unknown + "\"");
                continue;
            }
        } else {
            const QStringList values = splitCsv(line);
            if (values.size() != columns.size()) {
                ingester.badRow(origin, std::to_string(values.size()) + " fields where the header has "
                                            + std::to_string(columns.size()));
                continue;
            }
            for (qsizetype i = 0; i < columns.size(); ++i)
                fields[columns.at(i)] = values.at(i);
        }
        auto event = toEvent(fields, defaultAgent);
        if (!event) {
            ingester.badRow(origin, event.error().message);
            continue;
        }
        if (auto status = ingester.add(std::move(event).value(), origin); !status)
            return status;
    }
    return Done{};
}

// ---- audit --------------------------------------------------------------------------------

/// {"error":"audit_chain_broken","field":"id","id":N,"rows":checked,"message":…} on stderr.
int failChainBroken(const store::AuditVerification &v)
{
    QJsonObject error = io::errorToJson(makeError(store::storeerrc::Corrupt, "id",
                                                  "The audit trail is broken at row " + std::to_string(*v.firstBadId)
                                                      + ": " + v.problem + "."));
    error.insert(QStringLiteral("id"), static_cast<qint64>(*v.firstBadId));
    error.insert(QStringLiteral("rows"), static_cast<qint64>(v.rowsChecked));
    const QByteArray text = QJsonDocument(error).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    std::fflush(stderr);
    return ExitBadInput;
}

int auditVerify(store::PgEvidenceStore &store)
{
    auto v = store.verifyAudit();
    if (!v)
        return failStore(v.error());
    if (v->firstBadId)
        return failChainBroken(*v);
    if (v->uncheckedRows > 0)
        return failWith(makeError(store::storeerrc::AuditKeyRequired, "audit_key_file",
                                  std::to_string(v->uncheckedRows)
                                      + " audit rows are keyed (HMAC-SHA256) and cannot be checked without the key: "
                                        "give --key-file or RAMPART_AUDIT_KEY_FILE."));
    printJson(QJsonObject{{QStringLiteral("ok"), true},
                          {QStringLiteral("rows"), static_cast<qint64>(v->rowsChecked)},
                          {QStringLiteral("keyed"), store.hasAuditKey()},
                          {QStringLiteral("keyed_rows"), static_cast<qint64>(v->keyedRows)},
                          {QStringLiteral("unkeyed_rows"), static_cast<qint64>(v->unkeyedRows)},
                          {QStringLiteral("legacy_rows"), static_cast<qint64>(v->legacyRows)}});
    return ExitOk;
}

/// Stores the outbox; damaged lines (moved to audit-outbox.damaged) make the exit code 1.
int auditFlush(store::PgEvidenceStore &store, const QString &outboxDirectory)
{
    store::OutboxAuditWriter writer(&store, outboxDirectory);
    auto flushed = writer.flush();
    if (!flushed)
        return failStore(flushed.error());
    QJsonObject out{{QStringLiteral("ok"), flushed->damagedLines == 0},
                    {QStringLiteral("flushed"), static_cast<qint64>(flushed->stored)},
                    {QStringLiteral("already_stored"), static_cast<qint64>(flushed->alreadyStored)},
                    {QStringLiteral("damaged_lines"), static_cast<qint64>(flushed->damagedLines)}};
    if (flushed->damagedLines > 0)
        out.insert(QStringLiteral("damaged_file"), flushed->damagedFile);
    printJson(out);
    return flushed->damagedLines == 0 ? ExitOk : ExitFailure;
}

/// The audit key: --key-file, else RAMPART_AUDIT_KEY_FILE; empty when neither is given.
Result<std::string> auditKey(const QString &keyFile)
{
    const QString path = keyFile.isEmpty() ? qEnvironmentVariable("RAMPART_AUDIT_KEY_FILE") : keyFile;
    if (path.isEmpty())
        return std::string();
    auto key = io::readSecretFile(path, "audit_key_file");
    if (key && key->size() < 16)
        return makeError(errc::InvalidArgument, "audit_key_file", "The audit key must be at least 16 bytes.");
    return key;
}

} // namespace

int runIngestCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Load outcome events (CSV with a header row, or JSON Lines)."));
    const QCommandLineOption agentOption(QStringLiteral("agent"),
                                         QStringLiteral("The agent for rows that do not name one."), QStringLiteral("A"));
    parser.addOption(agentOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CSV or JSON Lines files."), QStringLiteral("FILE…"));
    if (!parser.parse(QStringList{QStringLiteral("rampartctl ingest")} + arguments))
        return failWith(usage(parser.errorText()));
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return failWith(usage(QStringLiteral("ingest needs at least one FILE (CSV or JSON Lines).")));
    for (const QString &file : files)
        if (auto status = checkFile(file, parser.isSet(agentOption)); !status)
            return failWith(status.error());

    auto c = connections(configFile);
    if (!c)
        return failStore(c.error());
    auto store = openStore(*c);
    if (!store)
        return failStore(store.error());

    IngestTotals totals;
    BatchIngester ingester(**store, totals);
    for (const QString &file : files) {
        if (auto status = ingestFile(file, parser.value(agentOption), ingester); !status)
            return failStore(status.error());
    }
    if (auto status = ingester.flush(); !status)
        return failStore(status.error());
    printJson(QJsonObject{{QStringLiteral("accepted"), static_cast<qint64>(totals.accepted)},
                          {QStringLiteral("skipped"), static_cast<qint64>(totals.skipped)},
                          {QStringLiteral("problems"), totals.problems}});
    return ExitOk;
}

int runAuditCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify | flush"));
    const QCommandLineOption keyOption(QStringLiteral("key-file"),
                                       QStringLiteral("The audit HMAC key (mode 0600); default RAMPART_AUDIT_KEY_FILE."),
                                       QStringLiteral("FILE"));
    parser.addOption(keyOption);
    if (!parser.parse(QStringList{QStringLiteral("rampartctl audit")} + arguments))
        return failWith(usage(parser.errorText()));
    const QStringList positional = parser.positionalArguments();
    const QString command = positional.value(0);
    if (positional.size() != 1
        || (command != QLatin1String("verify") && command != QLatin1String("flush")))
        return failWith(usage(QStringLiteral("Usage: rampartctl audit verify | rampartctl audit flush")));

    auto c = connections(configFile);
    if (!c)
        return failStore(c.error());
    auto key = auditKey(parser.value(keyOption));
    if (!key)
        return failWith(key.error());
    auto store = openStore(*c);
    if (!store)
        return failStore(store.error());
    (*store)->setAuditKey(*key);
    return command == QLatin1String("verify") ? auditVerify(**store) : auditFlush(**store, c->outboxDirectory);
}

} // namespace rampart::cli
