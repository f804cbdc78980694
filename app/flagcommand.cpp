// `rampartctl flag get|set|rollback`: the rollout flag in Redis, written through the store's
// compare-and-set path (core/flags). Wire format: docs/flag-format.md.

#include "flagcommand.h"

#include "cliutil.h"

#include "flags/redisflagstore.h"
#include "io/config.h"
#include "rollout/clock.h"
#include "service/rolloutservice.h"
#include "service/snapshotjson.h"
#include "store/outbox.h"
#include "store/pgevidencestore.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonObject>
#include <QTextStream>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace rampart::cli {

namespace {


void printFlagHelp()
{
    QTextStream(stdout)
        << "Usage: rampartctl flag get FLAG\n"
           "       rampartctl flag set FLAG PERCENT --by NAME --reason TEXT [--stage NAME] [--expect-version V]\n"
           "       rampartctl flag rollback FLAG --by NAME --reason TEXT [--expect-version V]\n\n"
           "  get        print the flag as JSON: flag, percentage, stage, version, updated_by,\n"
           "             updated_at, reason.\n"
           "  set        compare-and-set the share of units on the new behaviour (0-100; \"25\" or\n"
           "             \"25%\"); --stage defaults to \"PERCENT%\". With --expect-version the write\n"
           "             fails unless the stored version is V (0 = the flag must not exist yet).\n"
           "  rollback   set 0% with stage \"rollback\".\n\n"
           "Redis: RAMPART_REDIS_URL (redis://[user@]host:port/db) and RAMPART_REDIS_PASSWORD or\n"
           "RAMPART_REDIS_PASSWORD_FILE, or the config file. Every write is audited: its intent is\n"
           "kept in the outbox before the flag is touched, its outcome after (PostgreSQL from\n"
           "RAMPART_DATABASE_URL, keyed with RAMPART_AUDIT_KEY_FILE). Prints the flag as read back\n"
           "after a write, with change_id and where the audit record went. Exit codes: 0 ok (also\n"
           "when a lost Redis answer was reconciled by reading the flag back), 1 the outcome could\n"
           "not be confirmed or the audit intent could not be kept, 2 bad input or unknown flag,\n"
           "3 version conflict, 4 Redis unreachable and the flag unchanged. Errors are one JSON\n"
           "object on stderr. Format: docs/flag-format.md.\n";
}

int exitCodeOf(const Error &error)
{
    // Never "unavailable" when the flag may have changed: an unknown outcome is a failure to
    // confirm (exit 1), and so is an intent that could not be kept (nothing was written).
    if (error.code == service::serviceerrc::OutcomeUnknown || error.code == service::serviceerrc::AuditUnavailable)
        return ExitFailure;
    if (error.code == flags::flagerrc::VersionConflict)
        return ExitConflict;
    if (error.code == flags::flagerrc::Unavailable)
        return ExitUnavailable;
    if (error.code == flags::flagerrc::NotConfirmed || error.code == flags::flagerrc::Malformed)
        return ExitFailure;
    return ExitBadInput; // invalid_argument, flag_not_found, usage
}

/// Prints the flag, or the error with its exit code.
int finish(const Result<flags::FlagState> &result)
{
    if (!result)
        return failWith(result.error(), exitCodeOf(result.error()));
    printJson(service::flagToJson(result.value()));
    return ExitOk;
}

Result<std::unique_ptr<flags::FlagStore>> openStore(const QString &configFile)
{
    auto connections = io::loadConnections(configFile);
    if (!connections)
        return connections.error();
    if (connections->redisUrl.isEmpty())
        return makeError(flags::flagerrc::Unavailable, "redis_url",
                         "No Redis is configured: set RAMPART_REDIS_URL (redis://[user@]host:port/db) or "
                         "\"redis_url\" in the config file.");
    flags::RedisFlagStoreOptions options;
    options.url = connections->redisUrl.toStdString();
    options.password = connections->redisPassword.toStdString();
    auto store = flags::RedisFlagStore::create(std::move(options));
    if (!store)
        return store.error();
    return std::unique_ptr<flags::FlagStore>(std::move(store).value());
}

/**
 * Writes through RolloutService, so the write is audited: the intent is kept in the outbox
 * (fsync'd) before the flag is touched, the outcome after; both go into PostgreSQL when it is
 * configured and answers in time, otherwise they wait in the outbox (`rampartctl audit flush`
 * delivers them). A lost Redis answer is reconciled by reading the flag back.
 */
int writeAudited(flags::FlagStore &flagStore, const std::string &flag, const flags::FlagWrite &change, bool rollback,
                 const QString &configFile)
{
    auto connections = io::loadConnections(configFile);
    if (!connections)
        return failWith(connections.error());
    std::string storeProblem;
    std::unique_ptr<store::PgEvidenceStore> evidence;
    if (!connections->databaseUrl.isEmpty()) {
        auto key = io::readAuditKey();
        if (!key) {
            storeProblem = key.error().message + " The records wait in the outbox.";
        } else {
            store::PgStoreOptions options;
            options.connectLazily = true; // a rollback never waits for PostgreSQL
            auto opened = store::PgEvidenceStore::open(connections->databaseUrl.toStdString(),
                                                       connections->databasePassword.toStdString(), options);
            if (opened) {
                evidence = std::move(opened).value();
                evidence->setAuditKey(*key);
            }
        }
    }
    store::OutboxAuditWriter writer(evidence.get(), connections->outboxDirectory);
    service::OutboxAuditSink sink(writer, evidence.get());
    const rollout::SystemClock clock;
    service::RolloutService rolloutService(flag, flagStore, sink, clock);
    const auto result = rollback ? rolloutService.rollback(change.updatedBy, change.reason)
                                 : rolloutService.setPercentage(change.percentage, change.stage, change.updatedBy,
                                                                change.reason, change.expectedVersion);
    if (!result)
        return failWith(result.error(), exitCodeOf(result.error()));
    QJsonObject out = service::flagToJson(result->flag);
    if (result->reconciled)
        out.insert(QStringLiteral("reconciled"), true);
    QJsonObject audit{{QStringLiteral("stored"), result->audit.has_value() && !result->auditQueued},
                      {QStringLiteral("queued"), result->auditQueued}};
    if (result->audit && !result->auditQueued)
        audit.insert(QStringLiteral("id"), static_cast<qint64>(result->audit->id));
    if (result->auditQueued)
        audit.insert(QStringLiteral("outbox"), writer.outboxFile());
    std::string auditError = result->auditError;
    if (!storeProblem.empty())
        auditError += (auditError.empty() ? "" : " ") + storeProblem;
    if (!auditError.empty())
        audit.insert(QStringLiteral("error"), QString::fromStdString(auditError));
    if (QFile::exists(writer.damagedFile()))
        audit.insert(QStringLiteral("damaged_file"), writer.damagedFile());
    out.insert(QStringLiteral("audit"), audit);
    printJson(out);
    if (sink.deliveryPending()) {
        // PostgreSQL is slow to answer: do not wait for it. The records are durable in the
        // outbox, and the interrupted delivery is idempotent (`audit flush` completes it).
        std::fflush(nullptr);
        std::_Exit(ExitOk);
    }
    return ExitOk;
}

Result<double> parsePercentArgument(QString text)
{
    if (text.endsWith(QLatin1Char('%')))
        text.chop(1);
    const auto value = flags::parsePercentage(text.toStdString());
    if (!value)
        return makeError(errc::InvalidArgument, "percentage",
                         "The percentage must be a number from 0 to 100, got \"" + text.toStdString() + "\".");
    return *value;
}

Result<std::optional<std::int64_t>> parseExpectedVersion(const QCommandLineParser &parser,
                                                         const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return std::optional<std::int64_t>();
    const std::string text = parser.value(option).toStdString();
    std::int64_t version = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc() || end != text.data() + text.size() || version < 0)
        return makeError(errc::InvalidArgument, "expected_version",
                         "--expect-version must be a whole number of 0 or more, got \"" + text + "\".");
    return std::optional<std::int64_t>(version);
}

} // namespace

int runFlagCli(const QStringList &arguments, const QString &configFile)
{
    const QString sub = arguments.value(0);
    if (sub.isEmpty())
        return failWith(usage("No flag command; use get, set or rollback (rampartctl flag --help)."));
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printFlagHelp();
        return ExitOk;
    }
    if (sub != QLatin1String("get") && sub != QLatin1String("set") && sub != QLatin1String("rollback"))
        return failWith(usage("Unknown flag command \"" + sub.toStdString() + "\"; use get, set or rollback."));

    QCommandLineParser parser;
    const QCommandLineOption byOption(QStringLiteral("by"), QStringLiteral("Who makes the change."), QStringLiteral("NAME"));
    const QCommandLineOption reasonOption(QStringLiteral("reason"), QStringLiteral("Why."), QStringLiteral("TEXT"));
    const QCommandLineOption stageOption(QStringLiteral("stage"), QStringLiteral("Stage name."), QStringLiteral("NAME"));
    const QCommandLineOption expectOption(QStringLiteral("expect-version"),
                                          QStringLiteral("Compare-and-set against this version."), QStringLiteral("V"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({byOption, reasonOption, stageOption, expectOption, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl flag ") + sub} + arguments.mid(1)))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(helpOption)) {
        printFlagHelp();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    const qsizetype wanted = sub == QLatin1String("set") ? 2 : 1;
    if (positional.size() != wanted)
        return failWith(usage(sub == QLatin1String("set") ? "Usage: rampartctl flag set FLAG PERCENT --by NAME --reason TEXT"
                                                          : "Usage: rampartctl flag " + sub.toStdString() + " FLAG"));
    const std::string flag = positional.at(0).toStdString();
    if (auto error = flags::validateFlagName(flag))
        return failWith(*error);
    if (sub == QLatin1String("get") && (parser.isSet(byOption) || parser.isSet(reasonOption) || parser.isSet(stageOption)
                                        || parser.isSet(expectOption)))
        return failWith(usage("`flag get` takes no options."));
    if (sub == QLatin1String("rollback") && parser.isSet(stageOption))
        return failWith(usage("`flag rollback` always writes the stage \"rollback\"; drop --stage."));

    flags::FlagWrite change;
    if (sub == QLatin1String("set")) {
        const auto percentage = parsePercentArgument(positional.at(1));
        if (!percentage)
            return failWith(percentage.error());
        change.percentage = *percentage;
        change.stage = parser.isSet(stageOption) ? parser.value(stageOption).toStdString()
                                                 : flags::formatPercentage(*percentage) + "%";
    } else {
        change.percentage = 0.0;
        change.stage = "rollback";
    }
    change.updatedBy = parser.value(byOption).toStdString();
    change.reason = parser.value(reasonOption).toStdString();
    const auto expected = parseExpectedVersion(parser, expectOption);
    if (!expected)
        return failWith(expected.error());
    change.expectedVersion = *expected;
    if (sub != QLatin1String("get"))
        if (auto error = flags::validateWrite(change))
            return failWith(*error);

    auto store = openStore(configFile);
    if (!store)
        return failWith(store.error(), exitCodeOf(store.error()));
    if (sub == QLatin1String("get"))
        return finish(store.value()->read(flag));
    return writeAudited(*store.value(), flag, change, sub == QLatin1String("rollback"), configFile);
}

} // namespace rampart::cli
