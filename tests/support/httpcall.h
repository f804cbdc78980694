#pragma once

// A blocking HTTP call for tests of `rampartctl serve` run as a process (the cluster and team
// mode tests): the status, the body and its JSON.

#include <QByteArray>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace rampart::testing {

struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QByteArray raw;
};

inline HttpReply http(QNetworkAccessManager &net, const QByteArray &method, const QString &url, const QByteArray &body = {},
                      const QByteArray &token = {})
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    request.setTransferTimeout(20000);
    QNetworkReply *reply = net.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.raw = reply->readAll();
    r.json = QJsonDocument::fromJson(r.raw).object();
    reply->deleteLater();
    return r;
}

/// Runs the event loop for `ms` milliseconds.
inline void pause(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace rampart::testing
