// libFuzzer target: one `rampartctl stats` request, exactly as the CLI and the HTTP API run it
// (parseRequest, then runStatsCommand). Input: "<command>\n<json>"; when the first line is not a
// command name, its first byte picks one, so every command is reached from any mutation.

#include "fuzzcheck.h"

#include "io/jsonvalue.h"
#include "io/statsjson.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace rampart;
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray head = newline < 0 ? QByteArray() : input.left(newline);
    const QByteArray body = newline < 0 ? input : input.mid(newline + 1);

    const auto &commands = io::statsCommands();
    QString command = QString::fromUtf8(head);
    bool known = false;
    for (const io::StatsCommandInfo &info : commands)
        known = known || info.name == command;
    if (!known) {
        const auto pick = static_cast<qsizetype>(size == 0 ? 0 : data[0]) % commands.size();
        command = commands.at(pick).name;
    }

    const auto request = io::parseRequest(body);
    if (!request) {
        fuzz::checkError(request.error());
        return 0;
    }
    const auto response = io::runStatsCommand(command, *request);
    if (!response)
        fuzz::checkError(response.error());
    else
        fuzz::checkResponse(*response);
    return 0;
}
