#include "fakeprometheus.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <memory>
#include <optional>

namespace rampart::telemetry::testing {

namespace {

QString decodeFormValue(QByteArray value)
{
    value.replace('+', ' ');
    return QUrl::fromPercentEncoding(value);
}

QMap<QString, QString> decodeForm(const QByteArray &body)
{
    QMap<QString, QString> form;
    for (const QByteArray &pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0)
            form.insert(decodeFormValue(pair.left(eq)), decodeFormValue(pair.mid(eq + 1)));
    }
    return form;
}

// A whole request once the headers and Content-Length bytes of body have arrived.
std::optional<FakeRequest> parseRequest(const QByteArray &buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    qsizetype length = 0;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < headerEnd + 4 + length)
        return std::nullopt;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    FakeRequest request;
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    request.body = buffer.mid(headerEnd + 4, length);
    request.form = decodeForm(request.body);
    return request;
}

QByteArray httpResponse(const CannedResponse &response)
{
    return "HTTP/1.1 " + QByteArray::number(response.status) + " Canned\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(response.body.size())
        + "\r\nConnection: close\r\n\r\n" + response.body;
}

} // namespace

FakePrometheus::FakePrometheus() : m_thread(new QThread), m_server(new QTcpServer)
{
    respond(200, successBody("vector", "[]"));
    m_server->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_server,
        [this] {
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] { accept(); });
            m_server->listen(QHostAddress::LocalHost, 0);
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
}

FakePrometheus::~FakePrometheus()
{
    QMetaObject::invokeMethod(m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void FakePrometheus::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            const auto request = parseRequest(*buffer);
            if (!request)
                return;
            buffer->clear();
            const CannedResponse response = handle(*request);
            if (!response.answer)
                return;
            socket->write(httpResponse(response));
            socket->disconnectFromHost();
        });
    }
}

CannedResponse FakePrometheus::handle(const FakeRequest &request)
{
    std::lock_guard lock(m_mutex);
    // readGauges' freshness queries: "the data is as fresh as the evaluation time", unless a
    // test wants to answer them itself. Not counted in requests().
    if (!m_handlesFreshness && request.form.value(QStringLiteral("query")).contains(QLatin1String("# rampart:freshness"))) {
        const QByteArray time = request.form.value(QStringLiteral("time")).toLatin1();
        return CannedResponse{200, vectorBody({time.isEmpty() ? QByteArray("1700000000") : time}, time.toDouble()), true};
    }
    m_requests.push_back(request);
    return m_handler(request);
}

void FakePrometheus::setHandlesFreshness(bool handles)
{
    std::lock_guard lock(m_mutex);
    m_handlesFreshness = handles;
}

void FakePrometheus::setHandler(Handler handler)
{
    std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

void FakePrometheus::respond(int status, QByteArray body)
{
    setHandler([status, body](const FakeRequest &) { return CannedResponse{status, body, true}; });
}

void FakePrometheus::neverAnswer()
{
    setHandler([](const FakeRequest &) { return CannedResponse{0, {}, false}; });
}

QUrl FakePrometheus::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

std::vector<FakeRequest> FakePrometheus::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

QByteArray successBody(const char *resultType, const QByteArray &resultJson)
{
    return QByteArray(R"({"status":"success","data":{"resultType":")") + resultType + R"(","result":)" + resultJson
        + "}}";
}

QByteArray vectorBody(const std::vector<QByteArray> &values, double t)
{
    QByteArray result = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            result += ',';
        result += R"({"metric":{"instance":"i)" + QByteArray::number(static_cast<qulonglong>(i)) + R"("},"value":[)"
            + QByteArray::number(t, 'f', 3) + R"(,")" + values[i] + R"("]})";
    }
    return successBody("vector", result + ']');
}

} // namespace rampart::telemetry::testing
