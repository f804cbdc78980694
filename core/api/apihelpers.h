#pragma once

// Helpers shared by the ApiService source files (internal to core/api).

#include "api/apiservice.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace rampart::api::detail {

QString qs(const std::string &s);
ApiResponse json(int status, const QJsonObject &object);
ApiResponse fromError(const Error &e);
Result<std::optional<double>> optionalNumber(const QJsonObject &body, const char *field);
Result<std::optional<QString>> optionalString(const QJsonObject &body, const char *field);

} // namespace rampart::api::detail
