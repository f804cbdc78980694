#pragma once

// Shared conventions of every rampartctl sub-command: one JSON object on stdout and exit 0
// on success; on bad input nothing on stdout, one JSON error object on stderr and exit 2.

#include "stats/result.h"

#include <QJsonObject>
#include <QStringList>

namespace rampart::cli {

enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,   ///< an internal error
    ExitBadInput = 2,  ///< the request or the command line is wrong
    ExitConflict = 3,  ///< a compare-and-set lost: someone else changed the flag first
    ExitUnavailable = 4, ///< a backend (Redis, PostgreSQL, Prometheus) cannot be reached
};

void printJson(const QJsonObject &object);
/// One compact JSON object and a newline, flushed: the line streams of watch, serve and demo.
void printJsonLine(const QJsonObject &object);
/// A command-line mistake: code "usage", no field, the sentence given.
Error usage(const std::string &message);
int failWith(const Error &error, int exitCode = ExitBadInput);
/// Reads all of standard input (for requests piped in), at most io::MaxJsonBytes (8 MiB):
/// "io_error" beyond, so `< /dev/zero` ends at once instead of reading for ever.
Result<QByteArray> readStandardInput();

} // namespace rampart::cli
