#include "api/forwarder.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace rampart::api {

CommandForwarder::CommandForwarder() = default;
CommandForwarder::~CommandForwarder() = default;

std::optional<ApiResponse> CommandForwarder::forward(const ApiRequest &request, const QString &baseUrl,
                                                     const QString &fromInstance, std::chrono::milliseconds timeout)
{
    if (!m_network) {
        m_network = std::make_unique<QNetworkAccessManager>();
        m_network->setProxy(QNetworkProxy::NoProxy); // the leader is reached directly, never via http_proxy
    }
    QUrl url(baseUrl);
    url.setPath(request.path);
    QNetworkRequest out(url);
    out.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!request.authorization.isEmpty())
        out.setRawHeader("Authorization", request.authorization);
    out.setRawHeader("X-Rampart-Forwarded-By", fromInstance.toUtf8());
    out.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    out.setTransferTimeout(static_cast<int>(timeout.count()));

    QNetworkReply *reply = m_network->sendCustomRequest(out, request.method, request.body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, [reply] { reply->abort(); });
    if (!reply->isFinished())
        loop.exec();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    std::optional<ApiResponse> answer;
    if (status.isValid()) {
        ApiResponse r;
        r.status = status.toInt();
        r.body = reply->readAll();
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (!type.isEmpty())
            r.contentType = type;
        answer = r;
    }
    reply->deleteLater();
    return answer;
}

} // namespace rampart::api
