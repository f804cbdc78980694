#include "remotesession.h"

#include "auditpage.h"
#include "banner.h"
#include "connectdialog.h"
#include "consolesession.h"
#include "historypage.h"
#include "screenshot.h"
#include "stagetimelinemodel.h"
#include "storeloaders.h"
#include "topbar.h"
#include "windowhost.h"

#include "io/config.h"
#include "io/evidencejson.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"
#include "service/breakglass.h"
#include "service/snapshotjson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QTextStream>
#include <QUrlQuery>

#include <QtConcurrent>
#include <qt6keychain/keychain.h>

#include <memory>
#include <set>

namespace rampart::console {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString nowText()
{
    return QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat);
}

} // namespace

Result<std::optional<RemoteOptions>> remoteOptionsFrom(const QString &urlOption, const QString &tokenFileOption,
                                                       const QString &caFileOption)
{
    const QString urlText = !urlOption.isEmpty() ? urlOption : qEnvironmentVariable("RAMPART_SERVER_URL");
    if (urlText.isEmpty())
        return std::optional<RemoteOptions>();
    RemoteOptions o;
    o.server = QUrl(urlText, QUrl::StrictMode);
    if (!o.server.isValid() || (o.server.scheme() != QLatin1String("http") && o.server.scheme() != QLatin1String("https"))
        || o.server.host().isEmpty())
        return makeError("usage", "connect", "--connect must be the server's http:// or https:// URL, e.g. "
                                             "https://rampart.example:8093, not \"" + urlText.toStdString() + "\".");
    if (!o.server.userInfo().isEmpty() || o.server.hasQuery())
        return makeError("usage", "connect", "--connect takes no user name, password or query: the token comes from "
                                             "--token-file or RAMPART_SERVER_TOKEN_FILE.");
    const QString tokenFile = !tokenFileOption.isEmpty() ? tokenFileOption : qEnvironmentVariable("RAMPART_SERVER_TOKEN_FILE");
    if (!tokenFile.isEmpty()) { // else the keychain or the connection dialog (obtainToken)
        auto token = io::readSecretFile(tokenFile, "token-file");
        if (!token)
            return token.error();
        o.token = QByteArray::fromStdString(*token).split('\n').value(0).trimmed();
        if (o.token.isEmpty())
            return makeError("invalid_argument", "token-file", "The token file's first line is empty.");
    }
    o.caFile = !caFileOption.isEmpty() ? caFileOption : qEnvironmentVariable("RAMPART_SERVER_CA_FILE");
    if (!o.caFile.isEmpty() && QSslCertificate::fromPath(o.caFile, QSsl::Pem).isEmpty())
        return makeError("invalid_argument", "ca-file", "No PEM certificate could be read from \"" + o.caFile.toStdString() + "\".");
    return std::optional<RemoteOptions>(std::move(o));
}

Status addBreakGlass(RemoteOptions &options, const QString &urlOption, const QString &outboxDirectory)
{
    const QString url = !urlOption.isEmpty() ? urlOption : qEnvironmentVariable("RAMPART_BREAK_GLASS_REDIS_URL");
    if (url.isEmpty())
        return Done{};
    if (auto clean = io::refuseCredentialsIn(url, "break-glass-redis"); !clean)
        return clean.error();
    if (!url.startsWith(QLatin1String("redis://")))
        return makeError("usage", "break-glass-redis", "--break-glass-redis must be redis://host:port/db.");
    options.breakGlassRedisUrl = url.toStdString();
    const QString passwordFile = qEnvironmentVariable("RAMPART_BREAK_GLASS_REDIS_PASSWORD_FILE");
    if (!passwordFile.isEmpty()) {
        auto password = io::readSecretFile(passwordFile, "break-glass-redis-password");
        if (!password)
            return password.error();
        options.breakGlassRedisPassword = *password;
    } else {
        options.breakGlassRedisPassword = qEnvironmentVariable("RAMPART_REDIS_PASSWORD").toStdString();
    }
    options.breakGlassOutbox = outboxDirectory;
    return Done{};
}

RemoteSession::RemoteSession(RemoteOptions options, QObject *parent)
    : RolloutSession(parent), m_options(std::move(options)), m_ssl(QSslConfiguration::defaultConfiguration())
{
    if (!m_options.caFile.isEmpty())
        m_ssl.addCaCertificates(QSslCertificate::fromPath(m_options.caFile, QSsl::Pem));
    m_socket.setSslConfiguration(m_ssl);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteSession::onText);
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteSession::onClosed);
    // A refused or failed connection attempt: no "disconnected" may follow it.
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            onClosed();
    });
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_lastPong = std::chrono::steady_clock::now(); });
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RemoteSession::open);
    m_heartbeat.setInterval(m_options.heartbeat);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            return;
        // A paused or partitioned server keeps the TCP connection but stops answering.
        if (std::chrono::steady_clock::now() - m_lastPong > 2 * m_options.heartbeat + std::chrono::milliseconds(200)) {
            dropped(tr("the server stopped answering"));
            m_socket.abort();
            return;
        }
        m_socket.ping();
    });
}

RemoteSession::~RemoteSession()
{
    m_socket.disconnect(this);
    stop();
}

void RemoteSession::start()
{
    m_running = true;
    open();
}

void RemoteSession::stop()
{
    m_running = false;
    m_reconnect.stop();
    m_heartbeat.stop();
    m_socket.abort(); // shown as disconnected (onClosed), not retried
}

void RemoteSession::reconnect()
{
    m_fatal = false;
    m_running = true;
    m_reconnect.stop();
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        open();
    else
        m_socket.abort(); // onClosed → dropped → a new attempt, asking for what was missed
}

QNetworkRequest RemoteSession::request(const QString &path) const
{
    QUrl url = m_options.server;
    url.setPath(path);
    QNetworkRequest r(url);
    r.setRawHeader("Authorization", "Bearer " + m_options.token);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    r.setSslConfiguration(m_ssl);
    r.setTransferTimeout(15000);
    return r;
}

void RemoteSession::open()
{
    if (!m_running || m_fatal)
        return;
    QUrl url = m_options.server;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/api/stream"));
    if (!m_epoch.isEmpty()) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("after"), QString::number(m_seq));
        q.addQueryItem(QStringLiteral("epoch"), QString::fromLatin1(m_epoch));
        url.setQuery(q);
    }
    QNetworkRequest r(url);
    r.setRawHeader("Authorization", "Bearer " + m_options.token);
    m_lastPong = std::chrono::steady_clock::now();
    m_socket.open(r);
}

void RemoteSession::onClosed()
{
    QString why = m_dropReason;
    if (why.isEmpty())
        why = m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason();
    dropped(why);
}

void RemoteSession::dropped(const QString &why)
{
    m_heartbeat.stop();
    const bool was = m_greeted;
    m_greeted = false;
    m_dropReason = why;
    showConnection();
    showPermissions();
    if (was)
        Q_EMIT connectionChanged(false);
    if (m_running && !m_fatal && !m_reconnect.isActive())
        m_reconnect.start(was ? 200 : 1000);
}

void RemoteSession::onText(const QString &text)
{
    const QJsonObject e = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = e.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("hello"))
        return applyHello(e);
    if (type == QLatin1String("error")) {
        // The server refused the stream (a bad token): say so and stop retrying.
        m_fatal = e.value(QStringLiteral("error")).toString() == QLatin1String("unauthorized");
        m_dropReason = m_fatal ? tr("the server refused the token") : e.value(QStringLiteral("message")).toString();
        return;
    }
    const std::uint64_t seq = static_cast<std::uint64_t>(e.value(QStringLiteral("seq")).toInteger());
    if (seq != 0 && seq <= m_seq)
        return; // already applied (a replay overlapping what arrived before the drop)
    if (seq != 0)
        m_seq = seq;
    if (!m_plan)
        return;
    if (type == QLatin1String("state"))
        applyState(e);
    else if (type == QLatin1String("evaluation"))
        applyEvaluation(e);
    else if (type == QLatin1String("flag"))
        applyFlag(service::flagFromJson(e.value(QStringLiteral("flag")).toObject()));
    else if (type == QLatin1String("audit")) {
        addAudit(e.value(QStringLiteral("record")).toObject());
        showAudit();
    } else if (type == QLatin1String("health")) {
        const auto name = [&](const char *key) { return e.value(QLatin1String(key)).toString(); };
        m_health = tr("store %1 · flags %2 · telemetry %3")
                       .arg(name("store"), name("flag_store"), name("telemetry"));
        showConnection();
    }
    ++m_applied[type];
    Q_EMIT eventApplied(seq, type);
}

void RemoteSession::applyHello(const QJsonObject &hello)
{
    const QByteArray epoch = hello.value(QStringLiteral("epoch")).toString().toLatin1();
    if (hello.value(QStringLiteral("reset")).toBool() || epoch != m_epoch) {
        // A new server process (or one that no longer holds our position): start over.
        m_seq = 0;
        m_evaluation.reset();
        m_state.reset();
        m_history.clear();
    }
    m_epoch = epoch;
    const QJsonObject who = hello.value(QStringLiteral("principal")).toObject();
    m_principal = who.value(QStringLiteral("name")).toString();
    m_role = who.value(QStringLiteral("role")).toString();
    m_acting = hello.value(QStringLiteral("acting")).toBool();
    m_instance = hello.value(QStringLiteral("instance")).toString();
    m_leaderUrl = hello.value(QStringLiteral("leader_url")).toString();
    auto plan = io::parsePlan(hello.value(QStringLiteral("plan")).toObject());
    if (!plan) {
        m_dropReason = tr("the server's plan could not be read: %1").arg(qs(plan.error().message));
        m_socket.close();
        return;
    }
    const bool newPlan = !m_plan;
    m_plan = std::move(plan).value();
    m_greeted = true;
    m_dropReason.clear();
    m_lastPong = std::chrono::steady_clock::now();
    m_heartbeat.start();
    if (m_window && newPlan)
        m_window->setPlan(*m_plan);
    showConnection();
    showPermissions();
    Q_EMIT connectionChanged(true);
    deliverBreakGlass();
    fetchAudit();
}

void RemoteSession::addAudit(const QJsonObject &o)
{
    // Shown as the server has it (legacy rows without a record id included): not validated as
    // an import would be.
    const qint64 id = o.value(QStringLiteral("id")).toInteger();
    if (id <= 0 || (!m_audit.empty() && id <= m_audit.back().id))
        return;
    const auto text = [&](const char *key) { return o.value(QLatin1String(key)).toString().toStdString(); };
    store::AuditEntry e;
    e.id = id;
    if (auto at = io::parseTime(o.value(QStringLiteral("at")).toString(), "at"))
        e.at = *at;
    e.actor = text("actor");
    e.action = text("action");
    e.subject = text("subject");
    e.detailJson
        = QJsonDocument(o.value(QStringLiteral("detail")).toObject()).toJson(QJsonDocument::Compact).toStdString();
    e.hash = text("hash");
    e.previousHash = text("previous_hash");
    e.recordId = text("record_id");
    e.osUser = text("os_user");
    e.dbRole = text("db_role");
    if (o.value(QStringLiteral("flag_version")).isDouble())
        e.flagVersion = o.value(QStringLiteral("flag_version")).toInteger();
    m_audit.push_back(std::move(e));
    if (m_audit.size() > AuditKept)
        m_audit.erase(m_audit.begin(), m_audit.begin() + static_cast<std::ptrdiff_t>(m_audit.size() - AuditKept));
}

void RemoteSession::fetchAudit()
{
    if (m_fetchingAudit || !m_greeted)
        return;
    m_fetchingAudit = true;
    const qint64 after = m_audit.empty() ? 0 : m_audit.back().id;
    QNetworkRequest r = request(QStringLiteral("/api/audit"));
    QUrl url = r.url();
    url.setQuery(QStringLiteral("after=%1&limit=1000").arg(after));
    r.setUrl(url);
    QNetworkReply *reply = m_net.get(r);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_fetchingAudit = false;
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
            return; // shown as it is; the stream's events still add to it
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        for (const QJsonValue &record : answer.value(QStringLiteral("records")).toArray())
            addAudit(record.toObject());
        showAudit();
        showHistory();
        if (answer.value(QStringLiteral("more")).toBool())
            fetchAudit();
    });
}

void RemoteSession::showHistory()
{
    if (!m_window || !m_plan)
        return;
    widgets::HistorySnapshot h;
    h.source = tr("the server %1").arg(m_options.server.authority());
    h.agent = QString::fromStdString(m_plan->agent);
    h.history = m_history;
    if (m_evaluation)
        h.signOffs = m_evaluation->evidence.signOffs;
    for (const store::AuditEntry &e : m_audit)
        if (e.subject == m_plan->flag && (e.action == "transition" || e.action == "override"))
            h.decisions.push_back(e);
    m_window->historyPage()->setSnapshot(h);
}

void RemoteSession::showAudit()
{
    if (m_window)
        m_window->auditPage()->setSnapshot(
            models::AuditSnapshot{tr("the audit trail of %1 (verified on the server: rampartctl audit verify)")
                                      .arg(m_options.server.authority()),
                                  m_audit, std::nullopt});
}

void RemoteSession::applyState(const QJsonObject &e)
{
    auto state = io::stateFromJson(e.value(QStringLiteral("state")).toObject(), *m_plan);
    if (!state)
        return;
    std::vector<rollout::TransitionEvent> history;
    const QJsonArray rows = e.value(QStringLiteral("history")).toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        auto t = io::transitionFromJson(rows.at(i).toObject(), QStringLiteral("history[%1]").arg(i));
        if (t)
            history.push_back(std::move(t).value());
    }
    if (e.value(QStringLiteral("checked")).toBool()) {
        m_problems.clear();
        for (const QJsonValue &p : e.value(QStringLiteral("problems")).toArray())
            m_problems.emplace_back(p[QStringLiteral("code")].toString().toStdString(),
                                    p[QStringLiteral("message")].toString().toStdString());
    }
    m_state = std::move(state).value();
    m_history = std::move(history);
    showTimeline();
    showPermissions();
    showHistory();
}

void RemoteSession::applyEvaluation(const QJsonObject &e)
{
    const rollout::Plan &plan = *m_plan;
    auto at = io::parseTime(e.value(QStringLiteral("at")).toString(), "at");
    auto state = io::stateFromJson(e.value(QStringLiteral("state")).toObject(), plan);
    const QJsonObject document = e.value(QStringLiteral("evidence")).toObject();
    if (!at || !state)
        return;
    Evaluation v;
    v.at = *at;
    v.state = *state;
    v.hash = e.value(QStringLiteral("evidence_hash")).toString();
    // The decision shown is the gate engine's on exactly what the server sent; it must be
    // the server's (same engine, same numbers). A mismatch is shown, never papered over. A
    // rollout with no stage (pending) has no position in its evidence and no decision.
    QString mismatch;
    bool readable = true;
    if (io::evidenceHash(document) != v.hash)
        mismatch = tr("the evidence does not match its hash %1").arg(v.hash);
    else if (v.state.stage) {
        auto input = io::parseDecideInput(document, plan, *at);
        if (input)
            v.evidence = std::move(input)->evidence;
        else {
            readable = false;
            mismatch = tr("the evidence sent by the server could not be read: %1").arg(qs(input.error().message));
        }
    }
    const QJsonValue serverAction = e.value(QStringLiteral("decision"));
    if (mismatch.isEmpty() && serverAction.isString()) {
        v.decision = rollout::GateEngine::evaluate(plan, v.state, v.evidence, v.at);
        if (QString::fromLatin1(rollout::actionName(v.decision->action)) != serverAction.toString())
            mismatch = tr("the server decided %1, this console's engine %2 on the same evidence; the console and the "
                          "server are different versions")
                           .arg(serverAction.toString(), QString::fromLatin1(rollout::actionName(v.decision->action)));
    }
    if (!mismatch.isEmpty()) {
        if (m_window)
            m_window->showCommandFailed(tr("Evidence check"), mismatch);
        if (!readable)
            return;
    }
    m_evaluation = std::move(v);
    if (e.value(QStringLiteral("flag")).isObject())
        applyFlag(service::flagFromJson(e.value(QStringLiteral("flag")).toObject()));
    showEvaluation();
    showTimeline();
}

void RemoteSession::applyFlag(const flags::FlagState &flag)
{
    if (m_flag && flag.version < m_flag->version)
        return;
    m_flag = flag;
    if (m_window)
        m_window->setFlagState(flag, toDateTime(flag.updatedAt));
}

std::optional<rollout::RolloutStatus> RemoteSession::status() const
{
    if (!m_state)
        return std::nullopt;
    return m_state->status;
}

int RemoteSession::appliedCount(const QString &type) const
{
    const auto it = m_applied.find(type);
    return it == m_applied.end() ? 0 : it->second;
}

void RemoteSession::feed(widgets::MainWindow &window)
{
    if (m_window && m_window != &window)
        disconnect(m_window, nullptr, this, nullptr);
    m_window = &window;
    using widgets::MainWindow;
    connect(&window, &MainWindow::rollbackRequested, this, [this] {
        send(QStringLiteral("rollback"), QStringLiteral("/api/rollout/rollback"),
             {{QStringLiteral("reason"), QStringLiteral("rollback button in the console")}});
    });
    connect(&window, &MainWindow::stopRequested, this, [this](const QString &reason) {
        send(QStringLiteral("stop"), QStringLiteral("/api/rollout/stop"), {{QStringLiteral("reason"), reason}});
    });
    connect(&window, &MainWindow::holdRequested, this, [this](const QString &reason) {
        send(QStringLiteral("hold"), QStringLiteral("/api/rollout/hold"), {{QStringLiteral("reason"), reason}});
    });
    connect(&window, &MainWindow::resumeRequested, this, [this](const QString &justification) {
        send(QStringLiteral("resume"), QStringLiteral("/api/rollout/resume"),
             {{QStringLiteral("reason"), justification},
              {QStringLiteral("flag_version"), static_cast<qint64>(m_window ? m_window->shownFlagVersion() : 0)}});
    });
    connect(&window, &MainWindow::signOffRequested, this,
            [this](bool approve, const QString &, const QString &, const QString &comment, const QString &hash) {
                send(QStringLiteral("sign-off"), QStringLiteral("/api/rollout/sign-off"),
                     {{QStringLiteral("approve"), approve}, {QStringLiteral("comment"), comment}, {QStringLiteral("evidence_hash"), hash}});
            });
    connect(&window, &MainWindow::advanceRequested, this, [this](const QString &) {
        send(QStringLiteral("advance"), QStringLiteral("/api/rollout/advance"),
             {{QStringLiteral("flag_version"), static_cast<qint64>(m_window ? m_window->shownFlagVersion() : 0)}});
    });
    connect(&window, &MainWindow::overrideRequested, this, [this](const QString &, const QString &) {
        if (m_window)
            m_window->showCommandFailed(tr("Override"), tr("the server's API has no override command yet; in team mode "
                                                           "the console cannot make one."));
    });
    showAll();
}

void RemoteSession::showAll()
{
    if (!m_window)
        return;
    if (m_plan)
        m_window->setPlan(*m_plan);
    m_window->setSourceDescription(tr("Team mode: %1").arg(m_options.server.toDisplayString()));
    showConnection();
    showPermissions();
    if (m_flag)
        m_window->setFlagState(*m_flag, toDateTime(m_flag->updatedAt));
    showTimeline();
    showEvaluation();
    if (!m_audit.empty())
        showAudit();
    showHistory();
}

void RemoteSession::showConnection()
{
    if (!m_window)
        return;
    const QString server = m_options.server.authority();
    if (!m_greeted) {
        QString detail
            = m_dropReason.isEmpty() ? tr("connecting to %1").arg(server) : tr("%1: %2").arg(server, m_dropReason);
        if (!m_dropReason.isEmpty())
            detail += m_options.breakGlassRedisUrl.empty()
                ? tr(" · this console cannot roll back (no break-glass Redis)")
                : tr(" · break-glass rollback to Redis available");
        m_window->setConnectionState(false, detail);
        return;
    }
    if (!m_acting) {
        m_window->setConnectionState(false, m_leaderUrl.isEmpty()
                                                ? tr("%1 does not lead the rollout and no leader is known").arg(server)
                                                : tr("%1 does not lead; the leader is %2").arg(server, m_leaderUrl));
        return;
    }
    QString detail = tr("%1 as %2 (%3)").arg(m_instance.isEmpty() ? server : tr("%1, instance %2").arg(server, m_instance),
                                             m_principal, m_role);
    if (!m_health.isEmpty())
        detail += QStringLiteral(" · ") + m_health;
    m_window->setConnectionState(true, detail);
}

void RemoteSession::showPermissions()
{
    if (!m_window)
        return;
    const bool live = m_greeted && m_acting;
    const bool operate = live && m_role == QLatin1String("operator");
    const bool signOff = live && m_role == QLatin1String("stakeholder");
    QString why;
    if (!m_greeted)
        why = tr("disconnected from the server: no command can be sent");
    else if (!m_acting)
        why = tr("this server does not lead the rollout");
    else if (!operate)
        why = tr("your role (%1) may not change the rollout").arg(m_role);
    const bool breakGlassOnly = !m_greeted && breakGlassReady();
    if (breakGlassOnly)
        why = tr("disconnected from the server: only a break-glass rollback straight to Redis is possible");
    m_window->setPermissions(operate, signOff, m_principal, why, breakGlassOnly);
}

bool RemoteSession::breakGlassReady() const
{
    // Only an operator the server has already named: the records carry the token's principal.
    return !m_options.breakGlassRedisUrl.empty() && m_plan && !m_principal.isEmpty()
        && m_role == QLatin1String("operator") && !m_breakGlassBusy;
}

void RemoteSession::breakGlass(const QString &command, const QString &reason)
{
    service::BreakGlassOptions o;
    o.redisUrl = m_options.breakGlassRedisUrl;
    o.redisPassword = m_options.breakGlassRedisPassword;
    o.outboxDirectory = m_options.breakGlassOutbox;
    o.flag = m_plan->flag;
    o.actor = m_principal.toStdString();
    // Roll back goes where the server would send it (the last stable stage it last told us);
    // Stop (0%) and an unknown state go to 0%.
    double target = 0.0;
    if (command == QLatin1String("rollback") && m_state && m_state->lastStableStage)
        target = m_plan->stages[*m_state->lastStableStage].percentage;
    const std::string why = reason.isEmpty() ? std::string("rollback button in the console") : reason.toStdString();
    m_breakGlassBusy = true;
    showPermissions();
    if (m_window)
        m_window->showCommandSucceeded(
            tr("BREAK-GLASS: the server cannot be reached; rolling back straight in Redis…"));
    auto *watcher = new QFutureWatcher<Result<service::BreakGlassResult>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, command] {
        watcher->deleteLater();
        m_breakGlassBusy = false;
        const auto result = watcher->result();
        if (!result) {
            const QString message = QString::fromStdString(result.error().message);
            if (m_window)
                m_window->showCommandFailed(tr("Break-glass rollback"), message);
            showPermissions();
            Q_EMIT breakGlassDone(false, message);
            return;
        }
        const flags::FlagState &f = result->readBack;
        applyFlag(f);
        const QString message
            = tr("BREAK-GLASS rollback written straight to Redis: the flag reads %1 (version %2), read back at "
                 "%3. Its audit record waits on this computer and goes to the server when it is reachable.")
                  .arg(QLocale().toString(f.percentage) + QLatin1Char('%'))
                  .arg(f.version)
                  .arg(nowText());
        if (m_window)
            m_window->showCommandSucceeded(message);
        showPermissions();
        Q_EMIT breakGlassDone(true, message);
    });
    watcher->setFuture(QtConcurrent::run([o, target, why] { return service::breakGlassRollback(o, target, why); }));
}

void RemoteSession::deliverBreakGlass()
{
    if (m_options.breakGlassOutbox.isEmpty() || m_delivering || m_breakGlassBusy)
        return;
    m_delivering = true;
    const QString dir = m_options.breakGlassOutbox;
    auto *pending = new QFutureWatcher<Result<std::vector<store::AuditEntry>>>(this);
    connect(pending, &QFutureWatcherBase::finished, this, [this, pending, dir] {
        pending->deleteLater();
        const auto records = pending->result();
        if (!records || records->empty() || !m_greeted) {
            m_delivering = false;
            if (!records && m_window)
                m_window->showCommandFailed(tr("Break-glass audit records"),
                                            QString::fromStdString(records.error().message));
            return;
        }
        QJsonArray array;
        for (const store::AuditEntry &e : *records)
            array.append(service::auditEntryToJson(e));
        QNetworkReply *reply
            = m_net.post(request(QStringLiteral("/api/audit/import")),
                         QJsonDocument(QJsonObject{{QStringLiteral("records"), array}}).toJson(QJsonDocument::Compact));
        connect(reply, &QNetworkReply::finished, this, [this, reply, dir] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
            if (status != 200) {
                m_delivering = false;
                if (m_window)
                    m_window->showCommandFailed(tr("Break-glass audit records"),
                                                tr("the server did not take them (%1): %2; they stay on this computer.")
                                                    .arg(status)
                                                    .arg(answer.value(QStringLiteral("message")).toString()));
                return;
            }
            std::set<std::string> ids;
            for (const QJsonValue &id : answer.value(QStringLiteral("record_ids")).toArray())
                ids.insert(id.toString().toStdString());
            auto *forget = new QFutureWatcher<Result<std::int64_t>>(this);
            connect(forget, &QFutureWatcherBase::finished, this, [this, forget] {
                forget->deleteLater();
                m_delivering = false;
                const auto removed = forget->result();
                if (removed && *removed > 0) {
                    if (m_window)
                        m_window->showCommandSucceeded(
                            tr("Break-glass audit records delivered to the server: %1.").arg(*removed));
                    Q_EMIT breakGlassDelivered(*removed);
                }
            });
            forget->setFuture(QtConcurrent::run([dir, ids] { return service::breakGlassForget(dir, ids); }));
        });
    });
    pending->setFuture(QtConcurrent::run([dir] { return service::breakGlassPending(dir); }));
}

void RemoteSession::showTimeline()
{
    if (!m_window || !m_state || !m_plan)
        return;
    models::TimelineSnapshot t;
    t.plan = *m_plan;
    t.state = *m_state;
    t.history = m_history;
    for (const auto &[code, message] : m_problems)
        t.problems.push_back({code, message});
    t.now = m_evaluation ? m_evaluation->at : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (m_evaluation) {
        t.signOffs = m_evaluation->evidence.signOffs;
        if (m_evaluation->decision)
            t.sampleWait = m_evaluation->decision->sample.projectedWait;
    }
    m_window->setTimeline(t);
}

void RemoteSession::showEvaluation()
{
    if (!m_window || !m_evaluation || !m_evaluation->decision || !m_plan)
        return;
    const Evaluation &e = *m_evaluation;
    m_window->setDecision(*e.decision, e.hash);
    m_window->setEvaluationInput(models::EvaluationInput{*m_plan, e.state, e.evidence, e.at, *e.decision});
}

void RemoteSession::send(const QString &command, const QString &path, const QJsonObject &body)
{
    if (!m_greeted) {
        if ((command == QLatin1String("rollback") || command == QLatin1String("stop")) && breakGlassReady())
            return breakGlass(command, body.value(QStringLiteral("reason")).toString());
        // The buttons are disabled while disconnected; a shortcut may still fire.
        answered(command, 0, {}, tr("disconnected from the server"));
        return;
    }
    QNetworkReply *reply = m_net.post(request(path), QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, command] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        answered(command, status, answer, status == 0 ? reply->errorString() : QString());
    });
}

void RemoteSession::answered(const QString &command, int status, const QJsonObject &body, const QString &networkError)
{
    Q_EMIT commandAnswered(command, status);
    if (!m_window)
        return;
    const QString label = command == QLatin1String("rollback") ? tr("Roll back")
        : command == QLatin1String("stop")                     ? tr("Stop (0%)")
        : command == QLatin1String("hold")                     ? tr("Hold")
        : command == QLatin1String("resume")                   ? tr("Resume")
        : command == QLatin1String("advance")                  ? tr("Advance")
                                                               : tr("Sign-off");
    if (status == 200) {
        const QJsonObject flag = body.value(QStringLiteral("flag")).toObject();
        const bool rollback = command == QLatin1String("rollback") || command == QLatin1String("stop");
        if (rollback && !flag.isEmpty()) {
            const flags::FlagState f = service::flagFromJson(flag);
            applyFlag(f);
            m_window->showRollbackConfirmed(f, QDateTime::currentDateTime());
        } else if (rollback) {
            m_window->showCommandSucceeded(
                tr("%1: already in effect, nothing was written (%2).").arg(label, nowText()));
        } else if (command == QLatin1String("sign-off")) {
            m_window->showCommandSucceeded(tr("Sign-off recorded for %1 on evidence %2 (%3).")
                                               .arg(body.value(QStringLiteral("signed_off_by")).toString(),
                                                    body.value(QStringLiteral("evidence_hash")).toString().left(12), nowText()));
        } else {
            m_window->showCommandSucceeded(tr("%1 done by %2 (%3).").arg(label, body.value(QStringLiteral("actor")).toString(), nowText()));
        }
        return;
    }
    const QString message = body.value(QStringLiteral("message")).toString();
    QString why;
    if (status == 0)
        why = tr("the server could not be reached (%1); nothing was changed by this console.").arg(networkError);
    else if (status == 401)
        why = tr("the server did not accept the token.");
    else if (status == 403)
        why = tr("your role (%1) may not do this.").arg(m_role);
    else if (status == 409)
        why = tr("the rollout moved meanwhile or does not allow it: %1").arg(message);
    else if (status == 504)
        why = tr("the server did not confirm in time; read the state before trying again.");
    else if (status == 503)
        why = tr("the server cannot act now: %1").arg(message);
    else
        why = tr("the server answered %1: %2").arg(status).arg(message);
    m_window->showCommandFailed(label, why);
}

void obtainToken(RemoteOptions options, std::function<void(RemoteOptions)> done, std::function<void()> cancelled)
{
    if (!options.token.isEmpty())
        return done(std::move(options));
    // The keychain first (a token remembered for this server), then the dialog.
    auto *read = new QKeychain::ReadPasswordJob(widgets::ConnectDialog::keychainService());
    read->setInsecureFallback(false);
    read->setKey(widgets::ConnectDialog::keychainKey(options.server.toString()));
    QObject::connect(read, &QKeychain::Job::finished, read, [options, done, cancelled](QKeychain::Job *job) mutable {
        job->deleteLater();
        const QString stored = job->error() == QKeychain::NoError
            ? static_cast<QKeychain::ReadPasswordJob *>(job)->textData().trimmed()
            : QString();
        if (!stored.isEmpty()) {
            options.token = stored.toUtf8();
            return done(std::move(options));
        }
        auto *dialog = new widgets::ConnectDialog;
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setServerUrl(options.server.toString());
        dialog->setCaFile(options.caFile);
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
            dialog->setNote(
                QObject::tr("The desktop keychain cannot be read (%1): the token is used for this session only.")
                    .arg(job->errorString()));
        QObject::connect(dialog, &QDialog::finished, dialog, [dialog, options, done, cancelled](int result) mutable {
            if (result != QDialog::Accepted)
                return cancelled();
            options.server = QUrl(dialog->serverUrl());
            options.token = dialog->token().toUtf8();
            options.caFile = dialog->caFile();
            if (dialog->rememberToken()) {
                auto *write = new QKeychain::WritePasswordJob(widgets::ConnectDialog::keychainService());
                write->setInsecureFallback(false); // never a plain-text copy
                write->setKey(widgets::ConnectDialog::keychainKey(dialog->serverUrl()));
                write->setTextData(dialog->token());
                QObject::connect(write, &QKeychain::Job::finished, write, [](QKeychain::Job *j) {
                    j->deleteLater();
                    if (j->error() != QKeychain::NoError)
                        qWarning("rampart: the token was not kept in the desktop keychain: %s",
                                 qPrintable(j->errorString()));
                });
                write->start();
            }
            done(std::move(options));
        });
        dialog->open();
    });
    read->start();
}

void saveTeamScreenshots(RemoteSession &session, WindowHost &host, const QString &dir)
{
    auto *poll = new QTimer(&session);
    auto started = std::make_shared<QElapsedTimer>();
    auto readySince = std::make_shared<std::optional<qint64>>();
    started->start();
    QObject::connect(poll, &QTimer::timeout, &session, [&session, &host, dir, poll, started, readySince] {
        widgets::MainWindow *window = host.window();
        if (!window)
            return;
        if (session.isConnected() && session.appliedCount(QStringLiteral("evaluation")) > 0) {
            if (!*readySince)
                *readySince = started->elapsed();
            if (started->elapsed() - **readySince < 1500) // let the charts and tables settle
                return;
            poll->stop();
            QDir().mkpath(dir);
            QTextStream out(stdout);
            for (const QString &page : widgets::MainWindow::pageNames()) {
                const QString file = QDir(dir).filePath(QStringLiteral("team-%1.png").arg(page));
                if (auto saved = saveScreenshot(*window, page, file); !saved) {
                    QTextStream(stderr) << "rampart: " << QString::fromStdString(saved.error().message) << '\n';
                    QCoreApplication::exit(1);
                    return;
                }
                out << file << '\n';
            }
            out.flush();
            QCoreApplication::exit(0);
            return;
        }
        if (started->elapsed() > 60000) {
            poll->stop();
            QTextStream(stderr) << "rampart: no live evaluation from the server within 60 s: "
                                << window->topBar()->connectionText() << '\n';
            QCoreApplication::exit(1);
        }
    });
    poll->start(200);
}

} // namespace rampart::console
