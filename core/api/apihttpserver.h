#pragma once

// The API's HTTP listener: QAbstractHttpServer turning each request into an ApiRequest for
// ApiService::handle() and its ApiResponse into the answer. A WebSocket upgrade to
// /api/stream is accepted without an answer, so the server hands the connection to whoever
// listens to newWebSocketConnection (StreamServer); other upgrades get a 404. QHttpServer
// cannot be used for this: its request handling is final and routes every request (an
// upgrade got its missing-handler 404).

#include "api/apiservice.h"

#include <QAbstractHttpServer>

namespace rampart::api {

class ApiHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    ApiHttpServer(ApiService &service, ApiRequest::Listener listener, QObject *parent = nullptr);

    /// The request as ApiService sees it.
    static ApiRequest toApiRequest(const QHttpServerRequest &request, ApiRequest::Listener listener);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    ApiService &m_service;
    ApiRequest::Listener m_listener;
};

} // namespace rampart::api
