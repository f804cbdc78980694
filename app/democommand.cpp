// `rampartctl demo play` and `rampartctl demo telemetry` (docs/api.md).

#include "servecommand.h"

#include "cliutil.h"

#include "api/demoplay.h"
#include "api/standintelemetry.h"
#include "io/config.h"
#include "io/evidencejson.h"
#include "io/planjson.h"
#include "service/usecases.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace rampart::cli {

namespace {

std::atomic<bool> g_stopDemo{false};
void onStopDemo(int)
{
    g_stopDemo.store(true);
}



} // namespace

int runDemoCli(const QStringList &arguments, const QString &configFile)
{
    QStringList args = arguments;
    const QString sub = args.isEmpty() ? QString() : args.takeFirst();
    if (sub != QLatin1String("play") && sub != QLatin1String("telemetry")) {
        QTextStream(stdout) << "Usage: rampartctl demo play --plan FILE --workspace FILE --telemetry URL [--until complete|PCT]\n"
                               "                           [--seed N] [--rate UNITS_PER_HOUR] [--lookback-days D]\n"
                               "       rampartctl demo telemetry --plan FILE [--listen 127.0.0.1:0]\n\n"
                               "play: runs the plan through the real controller against the simulator on an accelerated\n"
                               "clock into the workspace (Redis from RAMPART_REDIS_URL for the flag).\n"
                               "telemetry: serves the simulated serving system's stand-in telemetry (Prometheus query API).\n";
        return sub == QLatin1String("--help") || sub == QLatin1String("-h") ? ExitOk : ExitBadInput;
    }
    QCommandLineParser parser;
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Rollout plan."), QStringLiteral("FILE"));
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("Workspace."), QStringLiteral("FILE"));
    const QCommandLineOption telemetryOption(QStringLiteral("telemetry"), QStringLiteral("Telemetry URL."), QStringLiteral("URL"));
    const QCommandLineOption untilOption(QStringLiteral("until"), QStringLiteral("complete or a percentage."), QStringLiteral("WHEN"),
                                         QStringLiteral("complete"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed."), QStringLiteral("N"), QStringLiteral("7"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Units per hour."), QStringLiteral("N"),
                                        QStringLiteral("400"));
    const QCommandLineOption lookbackOption(QStringLiteral("lookback-days"), QStringLiteral("Simulated start before now."),
                                            QStringLiteral("D"), QStringLiteral("21"));
    const QCommandLineOption listenOption(QStringLiteral("listen"), QStringLiteral("Telemetry address."), QStringLiteral("ADDR:PORT"),
                                          QStringLiteral("127.0.0.1:0"));
    parser.addOptions({planOption, workspaceOption, telemetryOption, untilOption, seedOption, rateOption, lookbackOption, listenOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl demo ") + sub} + args))
        return failWith(usage(parser.errorText().toStdString()));
    if (!parser.isSet(planOption))
        return failWith(usage("--plan FILE is required."));
    auto plan = io::loadPlanFile(parser.value(planOption));
    if (!plan)
        return failWith(plan.error());

    if (sub == QLatin1String("telemetry")) {
        const QString listen = parser.value(listenOption);
        const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
        const QHostAddress address(listen.left(colon));
        bool ok = false;
        const uint port = listen.mid(colon + 1).toUInt(&ok);
        if (colon < 0 || address.isNull() || !address.isLoopback() || !ok || port > 65535)
            return failWith(makeError("usage", "listen", "--listen must be a loopback ADDRESS:PORT."));
        api::StandInTelemetry telemetry(*plan, api::StandInTelemetry::demoValues(*plan));
        if (telemetry.listen(address, quint16(port)) == 0)
            return failWith(makeError("io_error", "listen", "Cannot listen on " + listen.toStdString() + "."));
        printJsonLine({{QStringLiteral("type"), QStringLiteral("listening")}, {QStringLiteral("telemetry"), telemetry.url()}});
        std::signal(SIGTERM, onStopDemo);
        std::signal(SIGINT, onStopDemo);
        QTimer stopPoll;
        QObject::connect(&stopPoll, &QTimer::timeout, [] {
            if (g_stopDemo.load())
                QCoreApplication::quit();
        });
        stopPoll.start(50);
        QCoreApplication::exec();
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_DFL);
        return ExitOk;
    }

    auto connections = io::loadConnections(configFile);
    if (!connections)
        return failWith(connections.error());
    if (!parser.isSet(workspaceOption))
        return failWith(usage("--workspace FILE is required."));
    api::DemoPlayOptions o;
    o.plan = *plan;
    o.connections = *connections;
    o.workspace = parser.value(workspaceOption);
    // A telemetry stand-in of our own when none is given.
    std::unique_ptr<api::StandInTelemetry> ownTelemetry;
    if (parser.isSet(telemetryOption)) {
        o.connections.prometheusUrl = parser.value(telemetryOption);
    } else if (!plan->serviceGates.empty()) {
        ownTelemetry = std::make_unique<api::StandInTelemetry>(*plan, api::StandInTelemetry::demoValues(*plan));
        if (ownTelemetry->listen() == 0)
            return failWith(makeError("io_error", "telemetry", "Cannot start the stand-in telemetry."));
        o.connections.prometheusUrl = ownTelemetry->url();
    }
    bool ok = false;
    if (parser.value(untilOption) != QLatin1String("complete")) {
        o.untilPercentage = parser.value(untilOption).toDouble(&ok);
        if (!ok || !plan->stageIndex(o.untilPercentage))
            return failWith(makeError("usage", "until", "--until must be complete or a stage percentage of the plan."));
    }
    o.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return failWith(makeError("usage", "seed", "--seed must be a whole number."));
    o.unitsPerHour = parser.value(rateOption).toDouble(&ok);
    if (!ok || !(o.unitsPerHour > 0))
        return failWith(makeError("usage", "rate", "--rate must be a positive number of units per hour."));
    const double days = parser.value(lookbackOption).toDouble(&ok);
    if (!ok || !(days > 0) || days > 3650)
        return failWith(makeError("usage", "lookback-days", "--lookback-days must be a positive number of days."));
    o.lookback = rollout::Duration(static_cast<std::int64_t>(days * 86400));
    o.progress = [](const std::string &line) {
        printJsonLine({{QStringLiteral("type"), QStringLiteral("progress")}, {QStringLiteral("message"), QString::fromStdString(line)}});
    };
    auto summary = api::playDemo(o);
    if (!summary)
        return failWith(summary.error(), service::exitCodeFor(summary.error()));
    printJsonLine({{QStringLiteral("type"), QStringLiteral("summary")},
               {QStringLiteral("status"), QString::fromStdString(summary->status)},
               {QStringLiteral("percentage"), summary->percentage},
               {QStringLiteral("simulated_start"), io::formatTime(summary->start)},
               {QStringLiteral("simulated_end"), io::formatTime(summary->end)},
               {QStringLiteral("evaluations"), summary->evaluations},
               {QStringLiteral("advances"), summary->advances},
               {QStringLiteral("sign_offs"), summary->signOffs},
               {QStringLiteral("events_written"), double(summary->eventsWritten)}});
    return ExitOk;
}

} // namespace rampart::cli
