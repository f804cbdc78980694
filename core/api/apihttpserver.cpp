#include "api/apihttpserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace rampart::api {

ApiHttpServer::ApiHttpServer(ApiService &service, ApiRequest::Listener listener, QObject *parent)
    : QAbstractHttpServer(parent), m_service(service), m_listener(listener)
{
}

ApiRequest ApiHttpServer::toApiRequest(const QHttpServerRequest &request, ApiRequest::Listener listener)
{
    ApiRequest r;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get: r.method = "GET"; break;
    case QHttpServerRequest::Method::Post: r.method = "POST"; break;
    case QHttpServerRequest::Method::Head: r.method = "HEAD"; break;
    case QHttpServerRequest::Method::Put: r.method = "PUT"; break;
    case QHttpServerRequest::Method::Delete: r.method = "DELETE"; break;
    default: r.method = "OTHER"; break;
    }
    r.path = request.url().path();
    r.query = request.url().query();
    r.body = request.body();
    r.authorization = request.value("Authorization");
    r.forwardedBy = request.value("X-Rampart-Forwarded-By");
    r.remote = request.remoteAddress().toString();
    r.listener = listener;
    r.ifNoneMatch = request.value("If-None-Match");
    return r;
}

bool ApiHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // The live stream: accepted for the WebSocket upgrade (Qt 6.4 upgrades a request that
    // handleRequest() accepts without answering; StreamServer then checks the token). Any
    // other upgrade is refused like an unknown path.
    if (request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return m_listener != ApiRequest::Listener::Flags && request.url().path() == QLatin1String("/api/stream");
    QHttpServerResponder responder = makeResponder(request, socket);
    const ApiResponse out = m_service.handle(toApiRequest(request, m_listener));
    const auto status = static_cast<QHttpServerResponder::StatusCode>(out.status);
    if (out.etag.isEmpty())
        responder.write(out.body, out.contentType, status);
    else
        responder.write(out.body, {{"Content-Type", out.contentType}, {"ETag", out.etag}}, status);
    return true;
}

void ApiHttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Reached only for an upgrade nobody takes (no StreamServer on this listener).
    const ApiResponse out = errorResponse(404, "not_found", "", "No WebSocket endpoint here (the stream is /api/stream on the API listener).");
    makeResponder(request, socket).write(out.body, out.contentType, QHttpServerResponder::StatusCode::NotFound);
}

} // namespace rampart::api
