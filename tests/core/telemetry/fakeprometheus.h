#pragma once

// A tiny HTTP server standing in for Prometheus in unit tests. It runs on its own QThread,
// so a test may block its main thread on a client call (or a QFuture) while it answers.

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QUrl>

#include <functional>
#include <mutex>
#include <vector>

class QTcpServer;
class QThread;

namespace rampart::telemetry::testing {

struct FakeRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray body;
    /// The form body decoded the way Go's net/url does it ("+" means space).
    QMap<QString, QString> form;
};

struct CannedResponse
{
    int status = 200;
    QByteArray body;
    bool answer = true; ///< false: read the request, then say nothing (the connection stays open)
};

class FakePrometheus
{
public:
    using Handler = std::function<CannedResponse(const FakeRequest &)>;

    FakePrometheus();
    ~FakePrometheus();
    FakePrometheus(const FakePrometheus &) = delete;
    FakePrometheus &operator=(const FakePrometheus &) = delete;

    void setHandler(Handler handler);
    /// Every request gets this answer.
    void respond(int status, QByteArray body);
    void neverAnswer();
    /// Whether the handler also answers readGauges' freshness queries (`… # rampart:freshness`).
    /// Off by default: they are answered "sampled at the evaluation time" and not recorded.
    void setHandlesFreshness(bool handles);

    QUrl url() const;
    std::vector<FakeRequest> requests() const;

private:
    void accept();
    CannedResponse handle(const FakeRequest &request);

    QThread *m_thread = nullptr;
    QTcpServer *m_server = nullptr; // lives in m_thread
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    Handler m_handler;
    bool m_handlesFreshness = false;
    std::vector<FakeRequest> m_requests;
};

/// A JSON envelope {"status":"success","data":{"resultType":…,"result":…}}.
QByteArray successBody(const char *resultType, const QByteArray &resultJson);
/// An instant vector with one series per value, labelled instance="i<n>", at time t.
QByteArray vectorBody(const std::vector<QByteArray> &values, double t = 1700000000.5);

} // namespace rampart::telemetry::testing
