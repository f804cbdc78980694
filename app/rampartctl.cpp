// rampartctl: the Rampart engine from the command line — statistics, plans and decisions
// (flags, the HTTP API and the watchdog join as their layers land).

#include "cliutil.h"
#include "decidecommand.h"
#include "plancommand.h"
#include "statscommand.h"

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
                           "  --version      print the version\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rampartctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RAMPART_VERSION));

    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();
    if (arguments.isEmpty())
        return rampart::cli::failWith(
            rampart::makeError("usage", "", "No command; run `rampartctl --help` for the list."));
    if (arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")) {
        printHelp();
        return rampart::cli::ExitOk;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("--version")) {
        QTextStream(stdout) << "rampartctl " << RAMPART_VERSION << "\n";
        return rampart::cli::ExitOk;
    }
    if (command == QLatin1String("stats"))
        return rampart::cli::runStatsCli(arguments);
    if (command == QLatin1String("plan"))
        return rampart::cli::runPlanCli(arguments);
    if (command == QLatin1String("decide"))
        return rampart::cli::runDecideCli(arguments);
    return rampart::cli::failWith(rampart::makeError(
        "unknown_command", "command",
        "Unknown command \"" + command.toStdString() + "\"; run `rampartctl --help` for the list."));
}
