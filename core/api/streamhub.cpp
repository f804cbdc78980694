#include "api/streamhub.h"

#include "io/evidencejson.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "service/snapshotjson.h"

#include <QAbstractHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>

namespace rampart::api {

namespace {

constexpr std::size_t EvidenceKept = 64;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray newEpoch()
{
    const quint64 a = QRandomGenerator::system()->generate64();
    return QByteArray::number(a, 16).rightJustified(16, '0');
}

} // namespace

StreamHub::StreamHub(rollout::Plan plan, std::size_t capacity, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_capacity(std::max<std::size_t>(capacity, 16)), m_epoch(newEpoch())
{
}

void StreamHub::setController(service::RolloutController *controller)
{
    for (const auto &c : m_connections)
        QObject::disconnect(c);
    m_connections.clear();
    m_controller = controller;
    if (!controller)
        return;
    using service::RolloutController;
    // Emitted from the controller's threads; queued to this (the API's) thread.
    m_connections.push_back(connect(controller, &RolloutController::evaluated, this, &StreamHub::onEvaluated));
    m_connections.push_back(connect(controller, &RolloutController::stateChanged, this, [this](const service::StatePtr &s) {
        if (s)
            publish(stateEvent(m_plan, *s));
    }));
    m_connections.push_back(connect(controller, &RolloutController::flagChanged, this,
                                    [this](const flags::FlagState &f) { publish(flagEvent(f)); }));
    m_connections.push_back(connect(controller, &RolloutController::healthChanged, this,
                                    [this](const service::ConnectionHealth &h) { publish(service::healthToJson(h)); }));
    m_connections.push_back(connect(controller, &RolloutController::commandFinished, this,
                                    [this](const service::CommandResult &r) {
                                        if (r.kind != service::CommandKind::Evaluate)
                                            publish(service::commandResultToJson(r));
                                    }));
}

void StreamHub::onEvaluated(const service::EvaluationPtr &snapshot)
{
    if (!snapshot || snapshot->generation < m_lastGeneration)
        return; // an older evaluation delivered late
    m_lastGeneration = snapshot->generation;
    QJsonObject document;
    QJsonObject event = evaluationEvent(m_plan, *snapshot, &document);
    if (!snapshot->evidenceHash.empty()
        && std::none_of(m_evidence.begin(), m_evidence.end(), [&](const auto &e) { return e.first == snapshot->evidenceHash; })) {
        m_evidence.emplace_back(snapshot->evidenceHash, document);
        if (m_evidence.size() > EvidenceKept)
            m_evidence.pop_front();
    }
    publish(std::move(event));
}

void StreamHub::publish(QJsonObject event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    event.insert(QStringLiteral("seq"), static_cast<qint64>(++m_seq));
    QByteArray bytes = compact(event);
    m_events.emplace_back(m_seq, bytes);
    if (m_events.size() > m_capacity)
        m_events.pop_front();
    m_latest[type] = {m_seq, bytes};
    Q_EMIT published(m_seq, bytes);
}

void StreamHub::setAuditReader(AuditReader reader, std::chrono::milliseconds interval)
{
    m_auditReader = std::move(reader);
    m_lastAuditId.reset();
    if (!m_auditTimer) {
        m_auditTimer = new QTimer(this);
        connect(m_auditTimer, &QTimer::timeout, this, &StreamHub::pollAudit);
    }
    m_auditTimer->start(interval);
    pollAudit();
}

void StreamHub::pollAudit()
{
    if (!m_auditReader)
        return;
    constexpr int Page = 500;
    const bool first = !m_lastAuditId;
    std::int64_t after = m_lastAuditId.value_or(0);
    for (;;) {
        auto rows = m_auditReader(after, Page);
        if (!rows)
            return; // the store is down: tried again at the next tick, from the same place
        for (const store::AuditEntry &e : *rows) {
            after = std::max(after, e.id);
            if (!first)
                publish({{QStringLiteral("type"), QStringLiteral("audit")},
                         {QStringLiteral("record"), service::auditEntryToJson(e)}});
        }
        m_lastAuditId = after;
        if (static_cast<int>(rows->size()) < Page)
            return;
    }
}

StreamHub::Catchup StreamHub::since(const QByteArray &epoch, std::optional<std::uint64_t> after) const
{
    Catchup out;
    const bool known = after && epoch == m_epoch && *after <= m_seq
        && (*after == m_seq || (!m_events.empty() && m_events.front().first <= *after + 1));
    if (known) {
        for (const auto &[seq, bytes] : m_events)
            if (seq > *after)
                out.events.push_back(bytes);
        return out;
    }
    out.reset = true;
    std::vector<std::pair<std::uint64_t, QByteArray>> latest;
    for (const auto &[type, event] : m_latest)
        if (type == QLatin1String("state") || type == QLatin1String("evaluation") || type == QLatin1String("flag")
            || type == QLatin1String("health"))
            latest.push_back(event);
    std::sort(latest.begin(), latest.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &e : latest)
        out.events.push_back(std::move(e.second));
    return out;
}

std::optional<QJsonObject> StreamHub::evidence(const std::string &hash) const
{
    for (const auto &[h, document] : m_evidence)
        if (h == hash)
            return document;
    return std::nullopt;
}

QJsonObject StreamHub::evaluationEvent(const rollout::Plan &plan, const service::EvaluationSnapshot &s,
                                       QJsonObject *evidenceDocument)
{
    QJsonObject o = service::evaluationToJson(plan, s);
    const QJsonObject document = io::evidenceDocument(plan, s.state, s.evidence.evidence);
    o.insert(QStringLiteral("state"), io::stateToJson(plan, s.state));
    o.insert(QStringLiteral("evidence"), document);
    if (s.evidence.flag)
        o.insert(QStringLiteral("flag"), service::flagToJson(*s.evidence.flag));
    if (evidenceDocument)
        *evidenceDocument = document;
    return o;
}

QJsonObject StreamHub::stateEvent(const rollout::Plan &plan, const service::StateSnapshot &s)
{
    QJsonArray history;
    for (const rollout::TransitionEvent &e : s.history)
        history.append(io::transitionToJson(e));
    QJsonArray problems;
    for (const service::StateProblem &p : s.problems)
        problems.append(QJsonObject{{QStringLiteral("code"), qs(p.code)}, {QStringLiteral("message"), qs(p.message)}});
    return {{QStringLiteral("type"), QStringLiteral("state")},
            {QStringLiteral("state"), io::stateToJson(plan, s.state)},
            {QStringLiteral("percentage"), s.state.percentage(plan)},
            {QStringLiteral("revision"), static_cast<qint64>(s.revision)},
            {QStringLiteral("checked"), s.checked},
            {QStringLiteral("problems"), problems},
            {QStringLiteral("history"), history}};
}

QJsonObject StreamHub::flagEvent(const flags::FlagState &flag)
{
    return {{QStringLiteral("type"), QStringLiteral("flag")}, {QStringLiteral("flag"), service::flagToJson(flag)}};
}

StreamServer::StreamServer(QAbstractHttpServer &server, StreamHub &hub,
                           std::function<std::optional<Principal>(const QByteArray &)> authenticate,
                           std::function<StreamGreeting()> greeting, QObject *parent)
    : QObject(parent), m_hub(hub), m_authenticate(std::move(authenticate)), m_greeting(std::move(greeting))
{
    connect(&server, &QAbstractHttpServer::newWebSocketConnection, this, [this, &server] {
        while (server.hasPendingWebSocketConnections())
            accept(server.nextPendingWebSocketConnection());
    });
    connect(&hub, &StreamHub::published, this, &StreamServer::send);
}

StreamServer::~StreamServer()
{
    for (QWebSocket *s : m_clients) {
        s->disconnect(this);
        s->abort();
        delete s;
    }
}

void StreamServer::accept(std::unique_ptr<QWebSocket> owned)
{
    if (!owned)
        return;
    QWebSocket *socket = owned.release();
    const auto refuse = [socket](QWebSocketProtocol::CloseCode code, const char *error, const QString &message) {
        socket->sendTextMessage(QString::fromUtf8(compact({{QStringLiteral("type"), QStringLiteral("error")},
                                                           {QStringLiteral("error"), QString::fromLatin1(error)},
                                                           {QStringLiteral("message"), message}})));
        socket->close(code, message.left(120));
        socket->deleteLater();
    };
    const QUrl url = socket->requestUrl();
    if (url.path() != QLatin1String("/api/stream"))
        return refuse(QWebSocketProtocol::CloseCodePolicyViolated, "not_found",
                      QStringLiteral("No stream at %1; the stream is /api/stream.").arg(url.path()));
    const QByteArray authorization = socket->request().rawHeader("Authorization");
    const auto who = m_authenticate(authorization);
    if (!who)
        return refuse(QWebSocketProtocol::CloseCodePolicyViolated, "unauthorized",
                      authorization.isEmpty() ? QStringLiteral("The stream needs \"Authorization: Bearer <token>\".")
                                              : QStringLiteral("The bearer token is not valid."));
    const QUrlQuery query(url);
    std::optional<std::uint64_t> after;
    if (query.hasQueryItem(QStringLiteral("after"))) {
        bool ok = false;
        const qulonglong n = query.queryItemValue(QStringLiteral("after")).toULongLong(&ok);
        if (!ok)
            return refuse(QWebSocketProtocol::CloseCodePolicyViolated, "invalid_argument",
                          QStringLiteral("after must be a sequence number (a whole number ≥ 0)."));
        after = n;
    }
    const QByteArray epoch = query.queryItemValue(QStringLiteral("epoch")).toLatin1();
    const StreamGreeting g = m_greeting();
    const StreamHub::Catchup catchup = m_hub.since(epoch, after);
    QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")},
                      {QStringLiteral("epoch"), QString::fromLatin1(m_hub.epoch())},
                      {QStringLiteral("seq"), static_cast<qint64>(m_hub.lastSeq())},
                      {QStringLiteral("reset"), catchup.reset},
                      {QStringLiteral("principal"), QJsonObject{{QStringLiteral("name"), qs(who->name)},
                                                                {QStringLiteral("role"), QString::fromLatin1(roleName(who->role))}}},
                      {QStringLiteral("acting"), g.acting},
                      {QStringLiteral("instance"), g.instance},
                      {QStringLiteral("plan"), io::planToJson(m_hub.plan())}};
    if (!g.leaderUrl.isEmpty())
        hello.insert(QStringLiteral("leader_url"), g.leaderUrl);
    socket->sendTextMessage(QString::fromUtf8(compact(hello)));
    for (const QByteArray &e : catchup.events)
        socket->sendTextMessage(QString::fromUtf8(e));
    m_clients.push_back(socket);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        std::erase(m_clients, socket);
        socket->deleteLater();
    });
    // A new client with nothing to see yet: ask for an evaluation.
    if (catchup.events.empty() && m_hub.controller())
        m_hub.controller()->evaluateNow();
}

void StreamServer::send(std::uint64_t, const QByteArray &message)
{
    const QString text = QString::fromUtf8(message);
    for (QWebSocket *s : std::vector<QWebSocket *>(m_clients)) {
        if (s->bytesToWrite() > maxBuffered) {
            // Too far behind: it reconnects and catches up from its last number.
            std::erase(m_clients, s);
            s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("too far behind; reconnect with after="));
            s->deleteLater();
            continue;
        }
        s->sendTextMessage(text);
    }
}

} // namespace rampart::api
