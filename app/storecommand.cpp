// rampartctl ingest FILE… [--agent A] and rampartctl audit verify|flush: the PostgreSQL
// evidence store from the command line (docs/store.md). Reading, checking and batching
// event files is core's (store/eventfile.h); this file only maps options and exit codes.

#include "storecommand.h"

#include "cliutil.h"
#include "io/config.h"
#include "io/jsonvalue.h"
#include "store/eventfile.h"
#include "store/outbox.h"
#include "store/pgevidencestore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <memory>
#include <vector>

namespace rampart::cli {

namespace {

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
    store::EventFileOptions options;
    options.defaultAgent = parser.value(agentOption);
    for (const QString &file : files)
        if (auto status = store::checkEventFile(file, !options.defaultAgent.isEmpty()); !status)
            return failWith(status.error());

    auto c = connections(configFile);
    if (!c)
        return failStore(c.error());
    auto store = openStore(*c);
    if (!store)
        return failStore(store.error());
    auto report = store::ingestEventFiles(**store, std::vector<QString>(files.begin(), files.end()), options);
    if (!report)
        return failStore(report.error());
    QJsonArray problems;
    for (const std::string &p : report->problems)
        problems.append(QString::fromStdString(p));
    printJson(QJsonObject{{QStringLiteral("rows"), static_cast<qint64>(report->rows)},
                          {QStringLiteral("accepted"), static_cast<qint64>(report->accepted)},
                          {QStringLiteral("duplicates"), static_cast<qint64>(report->duplicates)},
                          {QStringLiteral("skipped"), static_cast<qint64>(report->skipped)},
                          {QStringLiteral("problems"), problems}});
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
    auto key = io::readAuditKey(parser.value(keyOption));
    if (!key)
        return failWith(key.error());
    auto store = openStore(*c);
    if (!store)
        return failStore(store.error());
    (*store)->setAuditKey(*key);
    return command == QLatin1String("verify") ? auditVerify(**store) : auditFlush(**store, c->outboxDirectory);
}

} // namespace rampart::cli
