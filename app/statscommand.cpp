#include "statscommand.h"

#include "cliutil.h"

#include "io/jsonvalue.h"
#include "io/statsjson.h"

#include <QTextStream>

namespace rampart::cli {

namespace {

void printStatsHelp()
{
    QTextStream out(stdout);
    out << "Usage: rampartctl stats <command> [--json '<object>']\n"
           "       rampartctl stats <command> < request.json\n\n"
           "Reads one JSON request, prints one JSON object. On bad input: exit 2,\n"
           "nothing on stdout, {\"error\",\"message\",\"field\"} on stderr.\n\n"
           "Commands:\n";
    for (const io::StatsCommandInfo &info : io::statsCommands())
        out << "  " << info.name.leftJustified(15) << info.summary << "\n";
    out << "\nExamples:\n";
    for (const io::StatsCommandInfo &info : io::statsCommands())
        out << "  rampartctl stats " << info.name << " --json '" << info.example << "'\n";
}


} // namespace

int runStatsCli(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return failWith(usage("No statistics command; run `rampartctl stats --help` for the list."));
    if (arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")) {
        printStatsHelp();
        return ExitOk;
    }
    const QString command = arguments.first();
    QByteArray requestText;
    bool haveJson = false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (arg == QLatin1String("--json") && i + 1 < arguments.size()) {
            requestText = arguments.at(++i).toUtf8();
            haveJson = true;
        } else if (arg.startsWith(QLatin1String("--json="))) {
            requestText = arg.mid(7).toUtf8();
            haveJson = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            printStatsHelp();
            return ExitOk;
        } else {
            return failWith(usage("Unexpected argument \"" + arg.toStdString()
                                  + "\"; usage: rampartctl stats <command> [--json '<object>']."));
        }
    }
    if (!haveJson) {
        auto input = readStandardInput();
        if (!input)
            return failWith(input.error());
        requestText = *input;
    }
    if (requestText.trimmed().isEmpty())
        return failWith(usage("No request: pass --json '<object>' or pipe the object on standard input."));

    const auto request = io::parseRequest(requestText);
    if (!request)
        return failWith(request.error());
    const auto response = io::runStatsCommand(command, *request);
    if (!response)
        return failWith(response.error());
    printJson(*response);
    return ExitOk;
}

} // namespace rampart::cli
