// rampartctl: the Rampart engine from the command line — statistics, plans, decisions, the
// rollout flag, the evidence store and the traffic simulator.

#include "cliutil.h"
#include "decidecommand.h"
#include "flagcommand.h"
#include "loadtestcommand.h"
#include "plancommand.h"
#include "reportcommand.h"
#include "servecommand.h"
#include "simulatecommand.h"
#include "statscommand.h"
#include "storecommand.h"
#include "watchcommand.h"

#include "io/datapaths.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

void printHelp()
{
    QTextStream(stdout) << "Usage: rampartctl <command> [arguments]\n\n"
                           "Commands:\n"
                           "  stats <test>   statistics engine, JSON in and out (rampartctl stats --help)\n"
                           "  plan validate FILE | plan show FILE\n"
                           "                 check a rollout plan, or print its stages and gates\n"
                           "  decide --plan FILE --evidence FILE [--now ISO8601]\n"
                           "                 advance / hold / rollback for an evidence snapshot, with reasons\n"
                           "  decide --live --plan FILE [--workspace FILE]\n"
                           "                 the decision the watchdog would take now, from the real sources\n"
                           "  watch --plan FILE [--interval 60s] [--once]\n"
                           "                 the watchdog: evaluate on a timer, roll back and hold by itself\n"
                           "  flag get|set|rollback\n"
                           "                 read or compare-and-set the rollout flag in Redis\n"
                           "  ingest FILE    load outcome events (CSV or JSON Lines) into PostgreSQL\n"
                           "  audit verify   walk the audit hash chain and name the first bad row\n"
                           "  archive export copy a rollout into one offline .rampart file (SQLite)\n"
                           "  report         the business-impact report (md, html, pdf) or its evidence (csv, json)\n"
                           "  simulate       a stand-in serving system: follows the flag, emits outcomes\n"
                           "  load-test gauges|record\n"
                           "                 service-gate readings and load-test results (scripts/load-test.sh)\n"
                           "  serve --plan FILE [--listen 127.0.0.1:8093] [--tokens FILE]\n"
                           "                 the HTTP API over the rollout controller (docs/api.md)\n"
                           "  demo play|telemetry\n"
                           "                 play a plan to completion against the simulator; stand-in telemetry\n"
                           "  --version      print the version\n"
                           "  --help, -h     print this help\n\n"
                           "Options:\n"
                           "  --config FILE  connections (default: ~/.config/rampart/config.json); the\n"
                           "                 environment (RAMPART_REDIS_URL, RAMPART_DATABASE_URL,\n"
                           "                 RAMPART_PROMETHEUS_URL) overrides it\n\n";
    // Where the shipped plans and examples are, so the examples above can be typed as they are.
    const rampart::io::DataDirectory data = rampart::io::findDataDirectory();
    QTextStream(stdout) << "Data directory (" << rampart::io::dataDirectorySourceName(data.source) << "): " << data.path
                        << "\n"
                           "  plans/documentation-keeper.json, schema/, examples/, sql/, grafana/\n"
                           "  e.g. rampartctl plan show "
                        << data.path
                        << "/plans/documentation-keeper.json\n\n"
                           "Manual: man rampartctl (docs/cli.md in the source tree)\n";
}

// `--config FILE` (or --config=FILE) may stand anywhere; it is removed from the arguments.
QString takeConfigOption(QStringList &arguments)
{
    QString file;
    for (qsizetype i = 0; i < arguments.size();) {
        if (arguments.at(i) == QLatin1String("--config") && i + 1 < arguments.size()) {
            file = arguments.at(i + 1);
            arguments.remove(i, 2);
        } else if (arguments.at(i).startsWith(QLatin1String("--config="))) {
            file = arguments.at(i).mid(9);
            arguments.remove(i);
        } else {
            ++i;
        }
    }
    return file;
}

} // namespace

int main(int argc, char *argv[])
{
    // The report needs Qt Gui (charts, PDF): its own QApplication, offscreen.
    if (rampart::cli::isReportCommand(argc, argv))
        return rampart::cli::runReportMain(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rampartctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RAMPART_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    const QString configFile = takeConfigOption(arguments);
    if (arguments.isEmpty())
        return rampart::cli::failWith(
            rampart::makeError("usage", "", "No command; run `rampartctl --help` for the list."));
    if (arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")
        || arguments.first() == QLatin1String("help")) {
        printHelp();
        return rampart::cli::ExitOk;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("-V")) {
        QTextStream(stdout) << "rampartctl " << RAMPART_VERSION << "\n";
        return rampart::cli::ExitOk;
    }
    if (command == QLatin1String("stats"))
        return rampart::cli::runStatsCli(arguments);
    if (command == QLatin1String("plan"))
        return rampart::cli::runPlanCli(arguments);
    if (command == QLatin1String("decide"))
        return rampart::cli::runDecideCli(arguments, configFile);
    if (command == QLatin1String("flag"))
        return rampart::cli::runFlagCli(arguments, configFile);
    if (command == QLatin1String("ingest"))
        return rampart::cli::runIngestCli(arguments, configFile);
    if (command == QLatin1String("audit"))
        return rampart::cli::runAuditCli(arguments, configFile);
    if (command == QLatin1String("archive"))
        return rampart::cli::runArchiveCli(arguments, configFile);
    if (command == QLatin1String("watch"))
        return rampart::cli::runWatchCli(arguments, configFile);
    if (command == QLatin1String("serve"))
        return rampart::cli::runServeCli(arguments, configFile);
    if (command == QLatin1String("demo"))
        return rampart::cli::runDemoCli(arguments, configFile);
    if (command == QLatin1String("load-test"))
        return rampart::cli::runLoadTestCli(arguments, configFile);
    if (command == QLatin1String("simulate"))
        return rampart::cli::runSimulateCli(arguments, configFile);
    return rampart::cli::failWith(rampart::makeError(
        "unknown_command", "command",
        "Unknown command \"" + command.toStdString() + "\"; run `rampartctl --help` for the list."));
}
