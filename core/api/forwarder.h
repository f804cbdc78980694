#pragma once

// Forwarding a command from a follower to the leader (several `serve` instances, one actor;
// docs/api.md "Several instances"): the same method, path, body and Authorization, sent to
// the URL the leader advertises, with X-Rampart-Forwarded-By naming the follower.

#include "api/apiservice.h"

#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace rampart::api {

class CommandForwarder
{
public:
    CommandForwarder();
    ~CommandForwarder();

    /**
     * Sends `request` to `baseUrl` (scheme://host:port) + request.path and waits (in a local
     * event loop) up to `timeout`. Returns the leader's answer, whatever its status; empty when
     * no HTTP answer came (refused, reset, timed out), i.e. the leader may be gone.
     */
    std::optional<ApiResponse> forward(const ApiRequest &request, const QString &baseUrl, const QString &fromInstance,
                                       std::chrono::milliseconds timeout);

private:
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace rampart::api
