// `rampartctl simulate`: the traffic simulator (core/sim) from the command line, writing into
// SQLite or PostgreSQL while following a memory or Redis flag. Guide: docs/simulator.md.

#include "simulatecommand.h"

#include "cliutil.h"
#include "simserve.h"

#include "flags/flagstore.h"
#include "flags/redisflagstore.h"
#include "io/config.h"
#include "io/evidencejson.h"
#include "sim/simulator.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QTextStream>

#include <cmath>
#include <memory>

namespace rampart::cli {

namespace {

struct Options
{
    sim::SimulationConfig config;
    QString store = QStringLiteral("postgres");
    QString flagStore = QStringLiteral("redis");
};


int exitCodeFor(const Error &error)
{
    if (error.code == "usage" || error.code == errc::InvalidArgument || error.code == "io_error")
        return ExitBadInput;
    if (error.code == store::storeerrc::Unavailable || error.code == flags::flagerrc::Unavailable)
        return ExitUnavailable;
    return ExitFailure;
}

const char *kHelp =
    "Usage: rampartctl simulate --agent NAME --flag NAME [--hours H] [--rate N] [--seed S]\n"
    "         [--effect-accuracy D] [--effect-handling R] [--effect-latency R]\n"
    "         [--fault latency:3x@12h | errors:0.2@6h | srm:10%@0h]... [--population N]\n"
    "         [--start ISO8601] [--step-seconds S] [--speed X]\n"
    "         [--store sqlite:PATH | --store postgres] [--flag-store memory:PERCENT | --flag-store redis]\n"
    "       rampartctl simulate --serve ADDR:PORT --agent NAME --flag NAME [--delay-scale X]\n"
    "         [--flag-poll-ms MS] [--stall 2s@10s]... [the effect, fault, seed and store options]\n\n"
    "A stand-in serving system: units arrive at N an hour, follow the flag with the sticky\n"
    "bucketing, and one outcome event each is written to the store. Simulated time starts at\n"
    "--start (default now) and advances a step (60 s) at a time; the flag is re-read every step.\n"
    "Prints a JSON summary. Defaults: 1 hour, 1000 units/h, seed 1, store postgres, flag store\n"
    "redis (connections from --config / RAMPART_DATABASE_URL / RAMPART_REDIS_URL).\n"
    "Effects: --effect-accuracy is ML accuracy minus control accuracy (0.70), default 0.16;\n"
    "--effect-handling and --effect-latency are relative changes of the ML cohort's mean\n"
    "handling time (default -0.2) and latency median and P95 (default 0.03). See docs/simulator.md.\n"
    "--serve answers GET /answer?user=ID over HTTP as the serving system instead: routed by the\n"
    "flag (subscription + poll), sticky, answered after the drawn latency x --delay-scale (1),\n"
    "one event stored per answer; /metrics for Prometheus; fault times count from the start.\n"
    "--stall LENGTH@AFTER blocks the server (a pause) once. See docs/load-testing.md.\n";

std::optional<double> number(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok && std::isfinite(value) ? std::optional<double>(value) : std::nullopt;
}

std::optional<Error> applyEffects(const QCommandLineParser &parser, sim::SimulationConfig &config)
{
    sim::CohortEffects &ml = config.treatment;
    const sim::CohortEffects &control = config.control;
    if (parser.isSet(QStringLiteral("effect-accuracy"))) {
        const auto d = number(parser.value(QStringLiteral("effect-accuracy")));
        if (!d || control.accuracy + *d < 0.0 || control.accuracy + *d > 1.0)
            return makeError(errc::InvalidArgument, "effect-accuracy",
                             "--effect-accuracy must keep the ML accuracy (0.70 + D) within [0, 1].");
        ml.accuracy = control.accuracy + *d;
    }
    if (parser.isSet(QStringLiteral("effect-handling"))) {
        const auto r = number(parser.value(QStringLiteral("effect-handling")));
        if (!r || *r <= -1.0)
            return makeError(errc::InvalidArgument, "effect-handling", "--effect-handling must be a number above -1.");
        ml.handlingTimeMeanMin = control.handlingTimeMeanMin * (1.0 + *r);
        ml.handlingTimeSdMin = control.handlingTimeSdMin * (1.0 + *r);
    }
    if (parser.isSet(QStringLiteral("effect-latency"))) {
        const auto r = number(parser.value(QStringLiteral("effect-latency")));
        if (!r || *r <= -1.0)
            return makeError(errc::InvalidArgument, "effect-latency", "--effect-latency must be a number above -1.");
        ml.latencyMedianMs = control.latencyMedianMs * (1.0 + *r);
        ml.latencyP95Ms = control.latencyP95Ms * (1.0 + *r);
    }
    return std::nullopt;
}

// A positive number option into `target`; the option's name is the error field.
std::optional<Error> readNumber(const QCommandLineParser &parser, const char *name, double minimum, double &target)
{
    const QString key = QString::fromLatin1(name);
    if (!parser.isSet(key))
        return std::nullopt;
    const auto value = number(parser.value(key));
    if (!value || *value < minimum)
        return makeError(errc::InvalidArgument, name,
                         "--" + std::string(name) + " must be a number of at least " + QString::number(minimum).toStdString()
                             + ", got \"" + parser.value(key).toStdString() + "\".");
    target = *value;
    return std::nullopt;
}

std::optional<Error> readTimes(const QCommandLineParser &parser, sim::SimulationConfig &config)
{
    double hours = 1.0, stepSeconds = 60.0, population = 0.0, seed = 1.0;
    for (auto error : {readNumber(parser, "hours", 0.0, hours), readNumber(parser, "rate", 0.0, config.unitsPerHour),
                       readNumber(parser, "step-seconds", 1.0, stepSeconds), readNumber(parser, "speed", 0.0, config.speed),
                       readNumber(parser, "population", 0.0, population), readNumber(parser, "seed", 0.0, seed)}) {
        if (error)
            return error;
    }
    if (seed != std::floor(seed) || seed > 9.0e15)
        return makeError(errc::InvalidArgument, "seed", "--seed must be a whole number.");
    config.seed = static_cast<std::uint64_t>(seed);
    config.duration = rollout::Duration(std::llround(hours * 3600.0));
    config.step = rollout::Duration(std::llround(stepSeconds));
    config.unitPopulation = std::llround(population);
    config.start = std::chrono::floor<std::chrono::minutes>(rollout::SystemClock().now());
    if (parser.isSet(QStringLiteral("start"))) {
        auto start = io::parseTime(parser.value(QStringLiteral("start")), "start");
        if (!start)
            return start.error();
        config.start = *start;
    }
    return std::nullopt;
}

Result<Options> parseOptions(const QCommandLineParser &parser)
{
    Options options;
    sim::SimulationConfig &config = options.config;
    if (!parser.isSet(QStringLiteral("agent")) || !parser.isSet(QStringLiteral("flag")))
        return usage("Both --agent NAME and --flag NAME are required.");
    if (!parser.positionalArguments().isEmpty())
        return usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\".");
    config.agent = parser.value(QStringLiteral("agent")).toStdString();
    config.flag = parser.value(QStringLiteral("flag")).toStdString();
    if (auto error = readTimes(parser, config))
        return *error;
    if (auto error = applyEffects(parser, config))
        return *error;
    for (const QString &text : parser.values(QStringLiteral("fault"))) {
        auto fault = sim::parseFault(text.toStdString());
        if (!fault)
            return fault.error();
        config.faults.push_back(*fault);
    }
    if (parser.isSet(QStringLiteral("store")))
        options.store = parser.value(QStringLiteral("store"));
    if (parser.isSet(QStringLiteral("flag-store")))
        options.flagStore = parser.value(QStringLiteral("flag-store"));
    if (auto error = sim::validateConfig(config))
        return *error;
    return options;
}

Result<io::Connections> connections(const QString &configFile)
{
    return io::loadConnections(configFile);
}

Result<std::unique_ptr<store::EvidenceStore>> openStore(const QString &spec, const QString &configFile)
{
    if (spec.startsWith(QLatin1String("sqlite:")) && spec.size() > 7) {
        auto sqlite = store::SqliteEvidenceStore::open(spec.mid(7));
        if (!sqlite)
            return sqlite.error();
        return std::unique_ptr<store::EvidenceStore>(std::move(sqlite.value()));
    }
    if (spec != QLatin1String("postgres"))
        return makeError(errc::InvalidArgument, "store", "--store is sqlite:PATH or postgres, got \"" + spec.toStdString() + "\".");
    auto conn = connections(configFile);
    if (!conn)
        return conn.error();
    if (conn->databaseUrl.isEmpty())
        return usage("--store postgres needs a database: set RAMPART_DATABASE_URL or \"database_url\" in the config file.");
    auto pg = store::PgEvidenceStore::open(conn->databaseUrl.toStdString(), conn->databasePassword.toStdString());
    if (!pg)
        return pg.error();
    return std::unique_ptr<store::EvidenceStore>(std::move(pg.value()));
}

Result<std::unique_ptr<flags::FlagStore>> openFlagStore(const QString &spec, const std::string &flag,
                                                        const QString &configFile)
{
    if (spec.startsWith(QLatin1String("memory:"))) {
        const auto percentage = number(spec.mid(7));
        auto memory = flags::makeMemoryFlagStore();
        flags::FlagWrite write;
        write.percentage = percentage.value_or(-1.0);
        write.stage = "simulation";
        write.updatedBy = "rampartctl simulate";
        write.reason = "in-memory flag of a simulation";
        auto written = memory->write(flag, write);
        if (!written) {
            Error error = written.error();
            error.field = "flag-store";
            return error;
        }
        return memory;
    }
    if (spec != QLatin1String("redis"))
        return makeError(errc::InvalidArgument, "flag-store",
                         "--flag-store is memory:PERCENT or redis, got \"" + spec.toStdString() + "\".");
    auto conn = connections(configFile);
    if (!conn)
        return conn.error();
    if (conn->redisUrl.isEmpty())
        return usage("--flag-store redis needs a server: set RAMPART_REDIS_URL or \"redis_url\" in the config file.");
    flags::RedisFlagStore::Options options;
    options.url = conn->redisUrl.toStdString();
    options.password = conn->redisPassword.toStdString();
    auto redis = flags::RedisFlagStore::create(options);
    if (!redis)
        return redis.error();
    return std::unique_ptr<flags::FlagStore>(std::move(redis.value()));
}

QJsonObject tallyToJson(const sim::CohortTally &tally)
{
    return QJsonObject{{QStringLiteral("units"), static_cast<qint64>(tally.units)},
                       {QStringLiteral("distinct_units"), static_cast<qint64>(tally.distinctUnits)},
                       {QStringLiteral("errors"), static_cast<qint64>(tally.errors)}};
}

QJsonObject summaryToJson(const Options &options, const sim::SimulationSummary &s)
{
    const auto &c = options.config;
    QJsonArray changes;
    for (const auto &[at, percentage] : s.flagChanges)
        changes.append(QJsonObject{{QStringLiteral("at"), io::formatTime(at)}, {QStringLiteral("percentage"), percentage}});
    QJsonObject cohorts{{QString::fromStdString(c.controlCohort), tallyToJson(s.control)},
                        {QString::fromStdString(c.treatmentCohort), tallyToJson(s.treatment)}};
    return QJsonObject{
        {QStringLiteral("agent"), QString::fromStdString(c.agent)},
        {QStringLiteral("flag"), QString::fromStdString(c.flag)},
        {QStringLiteral("seed"), static_cast<qint64>(c.seed)},
        {QStringLiteral("store"), options.store},
        {QStringLiteral("flag_store"), options.flagStore},
        {QStringLiteral("start"), io::formatTime(s.start)},
        {QStringLiteral("end"), io::formatTime(s.end)},
        {QStringLiteral("steps"), static_cast<qint64>(s.steps)},
        {QStringLiteral("arrivals"), static_cast<qint64>(s.arrivals)},
        {QStringLiteral("cohorts"), cohorts},
        {QStringLiteral("dropped_by_fault"), static_cast<qint64>(s.droppedByFault)},
        {QStringLiteral("events_written"), static_cast<qint64>(s.eventsWritten)},
        {QStringLiteral("events_skipped"), static_cast<qint64>(s.eventsSkipped)},
        {QStringLiteral("batches"), static_cast<qint64>(s.batches)},
        {QStringLiteral("flag_read_failures"), static_cast<qint64>(s.flagReadFailures)},
        {QStringLiteral("final_percentage"), s.finalPercentage},
        {QStringLiteral("flag_changes"), changes},
    };
}

void addOptions(QCommandLineParser &parser)
{
    const auto value = [&parser](const char *name, const char *help, const char *valueName) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(valueName)));
    };
    value("agent", "Agent name.", "NAME");
    value("flag", "Rollout flag to follow.", "NAME");
    value("hours", "Simulated hours.", "H");
    value("rate", "Units per hour.", "N");
    value("seed", "Random seed.", "S");
    value("effect-accuracy", "ML accuracy minus control accuracy.", "D");
    value("effect-handling", "Relative change of ML handling time.", "R");
    value("effect-latency", "Relative change of ML latency.", "R");
    value("fault", "Fault to inject (repeatable).", "SPEC");
    value("population", "Returning units (0: every arrival is new).", "N");
    value("start", "Simulated start (ISO 8601).", "ISO8601");
    value("step-seconds", "Simulated seconds per step.", "S");
    value("speed", "Simulated seconds per real second (0: unpaced).", "X");
    value("store", "sqlite:PATH or postgres.", "SPEC");
    value("flag-store", "memory:PERCENT or redis.", "SPEC");
    value("serve", "Answer HTTP requests as the serving system on ADDR:PORT.", "ADDR:PORT");
    value("delay-scale", "Answers wait for the drawn latency times X (0: at once).", "X");
    value("flag-poll-ms", "Re-read the flag at least this often (with --serve).", "MS");
    value("stall", "Block the server for LENGTH at AFTER (with --serve; repeatable).", "LENGTH@AFTER");
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")));
}

Result<SimServeOptions> serveOptions(const QCommandLineParser &parser, const Options &options, const QString &configFile)
{
    SimServeOptions out;
    out.config = options.config;
    const QString listen = parser.value(QStringLiteral("serve"));
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&ok) : 0;
    out.address = QHostAddress(colon > 0 ? listen.left(colon) : QString());
    if (!ok || port > 65535 || out.address.isNull())
        return makeError("usage", "serve", "--serve must be ADDRESS:PORT, e.g. 127.0.0.1:8094.");
    if (!out.address.isLoopback())
        return makeError("usage", "serve", "--serve listens on loopback only (it is a test stand-in), got " + listen.toStdString() + ".");
    out.port = static_cast<quint16>(port);
    double pollMs = 1000.0;
    if (auto error = readNumber(parser, "delay-scale", 0.0, out.delayScale))
        return *error;
    if (auto error = readNumber(parser, "flag-poll-ms", 10.0, pollMs))
        return *error;
    out.flagPoll = std::chrono::milliseconds(std::llround(pollMs));
    for (const QString &text : parser.values(QStringLiteral("stall"))) {
        auto stall = parseStall(text);
        if (!stall)
            return stall.error();
        out.stalls.push_back(*stall);
    }
    out.storeKind = options.store.startsWith(QLatin1String("sqlite:")) ? "sqlite" : "postgres";
    if (options.flagStore == QLatin1String("redis")) {
        auto conn = connections(configFile);
        if (!conn)
            return conn.error();
        flags::FlagSubscriberOptions subscription;
        subscription.url = conn->redisUrl.toStdString();
        subscription.password = conn->redisPassword.toStdString();
        out.subscription = subscription;
    }
    return out;
}

int runServe(const QCommandLineParser &parser, const Options &options, const QString &configFile)
{
    auto serve = serveOptions(parser, options, configFile);
    if (!serve)
        return failWith(serve.error(), exitCodeFor(serve.error()));
    if (!serve->config.flag.empty())
        if (auto error = flags::validateFlagName(serve->config.flag))
            return failWith(*error, ExitBadInput);
    auto flagStore = openFlagStore(options.flagStore, options.config.flag, configFile);
    if (!flagStore)
        return failWith(flagStore.error(), exitCodeFor(flagStore.error()));
    const QString storeSpec = options.store;
    return runSimServe(*serve, std::move(flagStore).value(),
                       [storeSpec, configFile] { return openStore(storeSpec, configFile); });
}

} // namespace

int runSimulateCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("rampartctl simulate")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << kHelp;
        return ExitOk;
    }
    auto options = parseOptions(parser);
    if (!options)
        return failWith(options.error(), exitCodeFor(options.error()));
    if (parser.isSet(QStringLiteral("serve")))
        return runServe(parser, *options, configFile);
    auto flagStore = openFlagStore(options->flagStore, options->config.flag, configFile);
    if (!flagStore)
        return failWith(flagStore.error(), exitCodeFor(flagStore.error()));
    auto store = openStore(options->store, configFile);
    if (!store)
        return failWith(store.error(), exitCodeFor(store.error()));
    const auto summary = sim::simulate(options->config, **flagStore, **store);
    if (!summary)
        return failWith(summary.error(), exitCodeFor(summary.error()));
    printJson(summaryToJson(*options, *summary));
    return ExitOk;
}

} // namespace rampart::cli
