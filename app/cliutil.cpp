#include "cliutil.h"

#include "io/jsonvalue.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>

#include <unistd.h>

namespace rampart::cli {

void printJson(const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    std::fflush(stdout);
}

void printJsonLine(const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
    std::fflush(stdout);
}

Error usage(const std::string &message)
{
    return makeError("usage", std::string(), message);
}

int failWith(const Error &error, int exitCode)
{
    const QByteArray text = QJsonDocument(io::errorToJson(error)).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stderr);
    std::fflush(stderr);
    return exitCode;
}

Result<QByteArray> readStandardInput()
{
    return io::readAllBounded(STDIN_FILENO, io::MaxJsonBytes, "standard input");
}

} // namespace rampart::cli
