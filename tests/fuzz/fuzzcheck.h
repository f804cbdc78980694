#pragma once

// Shared by the libFuzzer targets: the contract every parser must keep on any input. A
// broken contract aborts, so libFuzzer (and the corpus replay in the normal build) report it.

#include "stats/result.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

namespace rampart::fuzz {

[[noreturn]] inline void broken(const char *what)
{
    std::fprintf(stderr, "fuzz contract broken: %s\n", what);
    std::abort();
}

/// An error is a value with a code and a sentence (STYLE.md §7).
inline void checkError(const Error &error)
{
    if (error.code.empty())
        broken("an Error without a code");
    if (error.message.empty())
        broken("an Error without a message");
}

/// A response must serialise to JSON that reads back as the same object (no NaN, no infinity).
inline void checkResponse(const QJsonObject &object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    QJsonParseError error;
    const QJsonDocument again = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !again.isObject())
        broken("a response that is not valid JSON");
}

} // namespace rampart::fuzz
