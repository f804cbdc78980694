// `rampartctl watch`: the live controller run headless as a watchdog, and `decide --live`.
// Everything it does is RolloutController's (core/service); this file parses arguments and
// prints JSON lines.

#include "watchcommand.h"

#include "cliutil.h"

#include "io/evidencejson.h"
#include "io/decisionjson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"
#include "service/backends.h"
#include "service/leader.h"
#include "service/snapshotjson.h"
#include "service/usecases.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSysInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace rampart::cli {

namespace {

std::atomic<bool> g_stopRequested{false};

extern "C" void onStopSignal(int)
{
    g_stopRequested.store(true);
}


void printLine(FILE *to, const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), to);
    std::fflush(to);
}

int exitCodeOf(const Error &error)
{
    return service::exitCodeFor(error);
}

/// "60s", "500ms", "2m", "1h" or a number of seconds.
Result<std::chrono::milliseconds> parseInterval(const QString &text)
{
    const QString t = text.trimmed();
    qint64 factor = 1000;
    QString number = t;
    if (t.endsWith(QLatin1String("ms"))) {
        factor = 1;
        number.chop(2);
    } else if (t.endsWith(QLatin1Char('s'))) {
        number.chop(1);
    } else if (t.endsWith(QLatin1Char('m'))) {
        factor = 60'000;
        number.chop(1);
    } else if (t.endsWith(QLatin1Char('h'))) {
        factor = 3'600'000;
        number.chop(1);
    }
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || !(value > 0.0) || value * static_cast<double>(factor) < 10.0)
        return makeError(errc::InvalidArgument, "interval",
                         "--interval must be a positive duration of at least 10 ms, e.g. 60s, 500ms or 5m; got \""
                             + t.toStdString() + "\".");
    return std::chrono::milliseconds(static_cast<qint64>(value * static_cast<double>(factor)));
}

std::string defaultActor()
{
    return "watchdog@" + QSysInfo::machineHostName().toStdString();
}

} // namespace

int runWatchCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption intervalOption(QStringLiteral("interval"), QStringLiteral("Time between evaluations."),
                                            QStringLiteral("DURATION"), QStringLiteral("60s"));
    const QCommandLineOption onceOption(QStringLiteral("once"), QStringLiteral("Evaluate (and act) once, then exit."));
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("SQLite workspace instead of PostgreSQL."),
                                             QStringLiteral("FILE"));
    const QCommandLineOption actorOption(QStringLiteral("actor"), QStringLiteral("Who the watchdog's writes are by."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption instanceOption(QStringLiteral("instance"), QStringLiteral("This instance's name among several (default host:pid)."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({planOption, intervalOption, onceOption, workspaceOption, actorOption, instanceOption, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl watch")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(helpOption)) {
        QTextStream(stdout)
            << "Usage: rampartctl watch --plan FILE [--interval 60s] [--once] [--workspace FILE] [--actor NAME]\n"
            << "       [--instance NAME]\n\n"
            << "Runs the rollout controller headless. Every interval it assembles the evidence from the\n"
            << "store, Prometheus and the flag and evaluates the plan; on a rollback decision it writes the\n"
            << "rollback itself (audited) and records the state, on a hold it records the hold. It never\n"
            << "advances: an advance goes through the advance command, with its sign-offs.\n"
            << "Prints one JSON line per evaluation on stdout; health changes, failures and state problems\n"
            << "as JSON lines on stderr. SIGTERM or SIGINT ends it cleanly (exit 0). With PostgreSQL,\n"
            << "instances sharing it elect one leader (advisory lock): only the leader acts; the others\n"
            << "stand by (a \"cluster\" line on stderr) and take over when it dies.\n";
        return ExitOk;
    }
    if (!parser.isSet(planOption))
        return failWith(usage("--plan FILE is required."));
    if (!parser.positionalArguments().isEmpty())
        return failWith(usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"."));
    auto interval = parseInterval(parser.value(intervalOption));
    if (!interval)
        return failWith(interval.error());
    auto plan = io::loadPlanFile(parser.value(planOption));
    if (!plan)
        return failWith(plan.error());
    auto connections = io::loadConnections(configFile);
    if (!connections)
        return failWith(connections.error());
    if (connections->redisUrl.isEmpty())
        return failWith(makeError(flags::flagerrc::Unavailable, "redis_url",
                                  "The watchdog needs the flag: set RAMPART_REDIS_URL or \"redis_url\" in the config file."),
                        ExitUnavailable);

    const bool once = parser.isSet(onceOption);
    service::BackendOptions options;
    options.workspace = parser.value(workspaceOption);
    const std::string actor = parser.isSet(actorOption) ? parser.value(actorOption).toStdString() : defaultActor();
    const rollout::Plan thePlan = *plan;
    // Several watchdogs (or serve instances) on one PostgreSQL elect a leader; only it acts.
    const bool clustered = options.workspace.isEmpty() && !connections->databaseUrl.isEmpty();
    std::unique_ptr<service::LeaderElection> election;
    if (clustered) {
        service::LeaderElectionOptions eo;
        eo.databaseUrl = connections->databaseUrl.toStdString();
        eo.databasePassword = connections->databasePassword.toStdString();
        eo.agent = thePlan.agent;
        eo.instance = parser.isSet(instanceOption)
            ? parser.value(instanceOption).toStdString()
            : QSysInfo::machineHostName().toStdString() + ":" + std::to_string(QCoreApplication::applicationPid());
        election = std::make_unique<service::LeaderElection>(eo); // a watchdog advertises no URL
    }
    const io::Connections conns = *connections;
    service::LeaderControl control(election.get(), [&] {
        return std::make_unique<service::RolloutController>(
            service::controllerConfig(thePlan, conns, options, actor, once ? std::chrono::milliseconds(0) : *interval));
    });

    int exitCode = ExitOk;
    QObject context;
    std::uint64_t onceId = 0;
    QObject::connect(&control, &service::LeaderControl::controllerCreated, &context, [&](service::RolloutController *c) {
        QObject::connect(c, &service::RolloutController::evaluated, &context,
                         [&thePlan](service::EvaluationPtr e) { printLine(stdout, service::evaluationToJson(thePlan, *e)); });
        QObject::connect(c, &service::RolloutController::healthChanged, &context,
                         [](service::ConnectionHealth h) { printLine(stderr, service::healthToJson(h)); });
        QObject::connect(c, &service::RolloutController::failed, &context, [](Error e) {
            QJsonObject o = io::errorToJson(e);
            o.insert(QStringLiteral("type"), QStringLiteral("failure"));
            printLine(stderr, o);
        });
        QObject::connect(c, &service::RolloutController::stateChanged, &context, [&thePlan](service::StatePtr s) {
            QJsonObject o{{QStringLiteral("type"), QStringLiteral("state")},
                          {QStringLiteral("revision"), static_cast<qint64>(s->revision)},
                          {QStringLiteral("state"), io::stateToJson(thePlan, s->state)}};
            QJsonArray problems;
            for (const service::StateProblem &p : s->problems)
                problems.append(QJsonObject{{QStringLiteral("code"), QString::fromStdString(p.code)},
                                            {QStringLiteral("message"), QString::fromStdString(p.message)}});
            o.insert(QStringLiteral("problems"), problems);
            printLine(stderr, o);
        });
        if (once)
            QObject::connect(c, &service::RolloutController::commandFinished, &context, [&](service::CommandResult r) {
                if (r.id != onceId)
                    return;
                if (r.error)
                    exitCode = exitCodeOf(*r.error);
                QCoreApplication::quit();
            });
    });
    QObject::connect(&control, &service::LeaderControl::controllerStarted, &context, [&](service::RolloutController *c) {
        // The first evaluation at once, then on the timer.
        const std::uint64_t id = c->evaluateNow();
        if (once)
            onceId = id;
    });
    QObject::connect(&control, &service::LeaderControl::statusChanged, &context, [&](const service::LeadershipStatus &st) {
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("cluster")},
                      {QStringLiteral("instance"), QString::fromStdString(st.instance)},
                      {QStringLiteral("role"), QString::fromLatin1(service::leaderRoleName(st.role))},
                      {QStringLiteral("leader"), st.leader ? QString::fromStdString(st.leader->instance) : QString()},
                      {QStringLiteral("term"), double(st.leader ? st.leader->term : 0)}};
        if (!st.note.empty())
            o.insert(QStringLiteral("note"), QString::fromStdString(st.note));
        printLine(stderr, o);
        // --once while another instance leads: nothing to do here (it acts), exit 0.
        if (once && st.role == service::LeaderRole::Follower)
            QCoreApplication::quit();
    });
    QTimer onceDeadline; // --once that cannot reach the election at all
    if (once && election) {
        onceDeadline.setSingleShot(true);
        QObject::connect(&onceDeadline, &QTimer::timeout, &context, [&] {
            if (control.controller())
                return;
            printLine(stderr, QJsonObject{{QStringLiteral("type"), QStringLiteral("failure")},
                                          {QStringLiteral("error"), QStringLiteral("store_unavailable")},
                                          {QStringLiteral("field"), QStringLiteral("database_url")},
                                          {QStringLiteral("message"), QStringLiteral("The leader election could not reach PostgreSQL.")}});
            exitCode = ExitUnavailable;
            QCoreApplication::quit();
        });
        onceDeadline.start(10000);
    }

    std::signal(SIGTERM, onStopSignal);
    std::signal(SIGINT, onStopSignal);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, &context, [] {
        if (g_stopRequested.load())
            QCoreApplication::quit();
    });
    stopPoll.start(50);

    control.start();
    QCoreApplication::exec();
    control.stop();
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
    return exitCode;
}

int runDecideLiveCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    const QCommandLineOption liveOption(QStringLiteral("live"), QStringLiteral("Read the real sources."));
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("SQLite workspace instead of PostgreSQL."),
                                             QStringLiteral("FILE"));
    const QCommandLineOption nowOption(QStringLiteral("now"), QStringLiteral("Evaluate at this instant (ISO 8601 with zone)."),
                                       QStringLiteral("ISO8601"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({liveOption, planOption, workspaceOption, nowOption, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl decide")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(helpOption)) {
        QTextStream(stdout) << "Usage: rampartctl decide --live --plan FILE [--workspace FILE] [--now ISO8601]\n\n"
                            << "Prints the decision the watchdog would take now, from the real sources (saved state,\n"
                            << "store, Prometheus, flag), without acting: the Decision JSON plus \"state\", \"evidence\"\n"
                            << "(a document `decide --evidence` reads back), \"missing\" parts and \"state_problems\".\n";
        return ExitOk;
    }
    if (!parser.isSet(planOption))
        return failWith(usage("--plan FILE is required."));
    if (!parser.positionalArguments().isEmpty())
        return failWith(usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"."));
    rollout::TimePoint now = rollout::SystemClock().now();
    if (parser.isSet(nowOption)) {
        auto t = io::parseTime(parser.value(nowOption), "now");
        if (!t)
            return failWith(t.error());
        now = *t;
    }
    auto plan = io::loadPlanFile(parser.value(planOption));
    if (!plan)
        return failWith(plan.error());
    auto connections = io::loadConnections(configFile);
    if (!connections)
        return failWith(connections.error());
    service::BackendOptions options;
    options.workspace = parser.value(workspaceOption);
    auto backends = service::openBackends(*connections, options);
    if (!backends)
        return failWith(backends.error(), exitCodeOf(backends.error()));
    auto *records = dynamic_cast<store::RolloutRecords *>(backends->store.get());

    // The state as saved (never supplied by the caller), checked against history and flag.
    std::optional<flags::FlagState> flag;
    if (auto f = backends->flags->read(plan->flag))
        flag = *f;
    std::optional<std::vector<rollout::TransitionEvent>> history;
    if (auto h = backends->store->stageHistory(plan->agent))
        history = *h;
    auto loaded = service::loadState(*records, *plan, history, flag);
    if (!loaded)
        return failWith(loaded.error(), exitCodeOf(loaded.error()));

    service::EvidenceAssembler assembler(*plan, {backends->store.get(), records, backends->flags.get(),
                                                 backends->telemetry ? &*backends->telemetry : nullptr});
    const service::AssembledEvidence assembled = assembler.assemble(loaded->state, now);
    const QJsonObject document = io::evidenceDocument(*plan, loaded->state, assembled.evidence);
    QJsonObject out;
    if (loaded->state.stage && loaded->state.status != rollout::RolloutStatus::RolledBack
        && loaded->state.status != rollout::RolloutStatus::Completed) {
        out = io::decisionToJson(rollout::GateEngine::evaluate(*plan, loaded->state, assembled.evidence, now));
    } else {
        out.insert(QStringLiteral("decision"), QJsonValue::Null);
        out.insert(QStringLiteral("reason"), QString::fromLatin1("The rollout is %1: there is nothing to decide.")
                                                 .arg(QString::fromLatin1(rollout::statusName(loaded->state.status))));
    }
    out.insert(QStringLiteral("evidence_hash"), io::evidenceHash(document));
    out.insert(QStringLiteral("state"), io::stateToJson(*plan, loaded->state));
    out.insert(QStringLiteral("evidence"), document);
    QJsonArray missing;
    for (const service::MissingPart &m : assembled.missing)
        missing.append(service::missingToJson(m));
    out.insert(QStringLiteral("missing"), missing);
    QJsonArray problems;
    for (const service::StateProblem &p : loaded->problems)
        problems.append(QJsonObject{{QStringLiteral("code"), QString::fromStdString(p.code)},
                                    {QStringLiteral("message"), QString::fromStdString(p.message)}});
    out.insert(QStringLiteral("state_problems"), problems);
    printJson(out);
    return ExitOk;
}

} // namespace rampart::cli
