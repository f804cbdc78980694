// Team mode (issue 18): the console's RemoteSession on a real `rampartctl serve` over the
// test PostgreSQL and Redis (scripts/test; skipped without them), its window offscreen. A
// click on Roll back is checked where it lands — the Redis flag and the rampart.audit_log
// row — and what the window says is checked against the server: "connected" only while the
// stream is live, commands disabled for a viewer and while disconnected, a forged 403 shown
// as a message, a dropped stream resumed from its last number with nothing missed or doubled.

#include "remotesession.h"

#include "auditlogmodel.h"
#include "auditpage.h"
#include "banner.h"
#include "historypage.h"
#include "mainwindow.h"
#include "signoffpage.h"
#include "topbar.h"

#include "clirun.h"
#include "httpcall.h"
#include "serveprocess.h"

#include "flags/redisflagstore.h"
#include "io/planjson.h"
#include "rollout/clock.h"
#include "rolloutpage.h"
#include "service/savedstate.h"
#include "sim/simulator.h"
#include "store/pgevidencestore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QListWidget>
#include <QNetworkProxy>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>
#include <functional>
#include <map>
#include <optional>
#include <unistd.h>

using namespace rampart;
using rampart::testing::http;
using rampart::testing::pause;

namespace {

const QByteArray OperatorToken = "olga-operator-token-0001";
const QByteArray ViewerToken = "vic-viewer-token-0000001";

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        pause(10);
    }
    return true;
}

class TeamModeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const char *pg = std::getenv("RAMPART_TEST_DATABASE_URL");
        const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
        if (!pg || !redis)
            GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL and RAMPART_TEST_REDIS_URL are needed (scripts/test sets them)";
        const char *redisPassword = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
        m_pgUrl = pg;
        ASSERT_TRUE(m_dir.isValid());
        m_net.setProxy(QNetworkProxy::NoProxy);
        const auto own = rampart::testing::writeOwnPlan(m_dir.filePath(QStringLiteral("plan.json")), "it-team");
        ASSERT_FALSE(own.file.isEmpty());
        m_planFile = own.file;
        m_flag = own.flag;
        m_agent = own.agent;

        flags::RedisFlagStoreOptions fo;
        fo.url = redis;
        fo.password = redisPassword ? redisPassword : "";
        auto flags = flags::RedisFlagStore::create(fo);
        ASSERT_TRUE(flags.ok());
        m_flags = std::move(flags).value();

        m_tokens = m_dir.filePath(QStringLiteral("tokens"));
        ASSERT_TRUE(rampart::testing::writeTokenFile(m_tokens, "operator olga " + OperatorToken + "\nviewer vic " + ViewerToken + "\n"));
        m_env = rampart::testing::serveEnvironment(m_pgUrl);
        m_env.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), m_dir.filePath(QStringLiteral("outbox")));
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    }

    void TearDown() override
    {
        if (m_serve.state() == QProcess::Running) {
            m_serve.terminate();
            if (!m_serve.waitForFinished(10000))
                m_serve.kill();
        }
    }

    void launch(quint16 port = 0, const QStringList &extra = {})
    {
        m_serve.setProcessEnvironment(m_env);
        m_serve.start(QStringLiteral(RAMPARTCTL_PATH),
                      QStringList{QStringLiteral("serve"), QStringLiteral("--plan"), m_planFile,
                                  QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                  QStringLiteral("--tokens"), m_tokens, QStringLiteral("--interval"),
                                  QStringLiteral("1"), QStringLiteral("--rate-limit"), QStringLiteral("0")}
                          + extra);
        ASSERT_TRUE(m_serve.waitForStarted(10000));
        for (int k = 0; k < 300 && !m_serve.canReadLine(); ++k)
            m_serve.waitForReadyRead(100);
        m_api = rampart::testing::jsonObject(m_serve.readLine()).value(QStringLiteral("api")).toString();
        ASSERT_FALSE(m_api.isEmpty()) << m_serve.readAllStandardError().constData();
    }

    console::RemoteOptions options(const QByteArray &token)
    {
        console::RemoteOptions o;
        o.server = QUrl(m_api);
        o.token = token;
        return o;
    }

    QString bannerText(widgets::MainWindow &w) { return w.banner()->text(); }

    QTemporaryDir m_dir;
    std::string m_pgUrl;
    std::string m_flag;
    std::string m_agent;
    QString m_planFile;
    QString m_tokens;
    QString m_api;
    QProcessEnvironment m_env;
    QProcess m_serve;
    QNetworkAccessManager m_net;
    std::unique_ptr<flags::FlagStore> m_flags;
    std::unique_ptr<QSettings> m_settings;
};

TEST_F(TeamModeTest, ARollbackClickIsWrittenToRedisAuditedUnderTheTokensPrincipalAndShown)
{
    launch();
    widgets::MainWindow window(m_settings.get());
    console::RemoteSession session(options(OperatorToken));
    session.feed(window);
    session.start();
    ASSERT_TRUE(waitFor([&] { return session.isConnected(); }, 10000)) << window.topBar()->connectionText().toStdString();
    EXPECT_TRUE(window.topBar()->connectionText().contains(QStringLiteral("● connected")))
        << window.topBar()->connectionText().toStdString();
    EXPECT_TRUE(window.topBar()->connectionText().contains(QLatin1String("olga")));

    // Started through the API by another client: the console shows it from the stream.
    QElapsedTimer shown;
    const auto started = http(m_net, "POST", m_api + QStringLiteral("/api/rollout/start"), {}, OperatorToken);
    ASSERT_EQ(started.status, 200) << started.raw.constData();
    shown.start();
    ASSERT_TRUE(waitFor([&] { return session.status() == rollout::RolloutStatus::Running && session.flag()
                                     && session.flag()->percentage == 5.0; },
                        5000));
    EXPECT_LT(shown.elapsed(), 1000) << "a change on the server is shown within a second";
    ASSERT_TRUE(waitFor([&] { return session.appliedCount(QStringLiteral("evaluation")) >= 2; }, 10000));
    EXPECT_FALSE(bannerText(window).contains(QLatin1String("Evidence check")))
        << "the console's engine re-derived the server's decision: " << bannerText(window).toStdString();

    // The click: the flag in Redis, the audit row in PostgreSQL, the window's new state.
    QPushButton *rollback = window.topBar()->rollbackButton();
    ASSERT_TRUE(rollback->isEnabled());
    int answer = -1;
    QObject::connect(&session, &console::RemoteSession::commandAnswered, &session,
                     [&](const QString &command, int status) {
                         if (command == QLatin1String("rollback"))
                             answer = status;
                     });
    QElapsedTimer clicked;
    clicked.start();
    QTest::mouseClick(rollback, Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return answer != -1; }, 15000));
    const qint64 confirmedMs = clicked.elapsed();
    ASSERT_EQ(answer, 200);
    auto flag = m_flags->read(m_flag);
    ASSERT_TRUE(flag.ok()) << flag.error().message;
    EXPECT_EQ(flag->percentage, 0.0);
    EXPECT_EQ(flag->updatedBy, "olga");
    EXPECT_LT(confirmedMs, 2000) << "click to confirmed on screen";
    EXPECT_TRUE(bannerText(window).contains(QLatin1String("Rolled back"))) << bannerText(window).toStdString();
    EXPECT_TRUE(window.topBar()->percentageText().startsWith(QLatin1String("0"))) << window.topBar()->percentageText().toStdString();
    ASSERT_TRUE(waitFor([&] { return session.status() == rollout::RolloutStatus::RolledBack; }, 5000))
        << "the window shows the rolled-back state, not the evaluation before it";

    auto store = store::PgEvidenceStore::open(m_pgUrl, "");
    ASSERT_TRUE(store.ok()) << store.error().message;
    bool audited = false;
    for (int i = 0; i < 100 && !audited; ++i) {
        auto trail = (*store)->auditTrail(0, 100000);
        ASSERT_TRUE(trail.ok()) << trail.error().message;
        for (const store::AuditEntry &e : *trail)
            audited = audited
                || (e.subject == m_flag && e.action == "rollback" && e.actor == "olga" && e.flagVersion == flag->version);
        if (!audited)
            pause(50);
    }
    EXPECT_TRUE(audited) << "rampart.audit_log has the rollback by olga as version " << flag->version;
    EXPECT_TRUE(waitFor([&] { return session.appliedCount(QStringLiteral("audit")) > 0; }, 5000))
        << "the audit records reach the console through the stream";
    EXPECT_TRUE(waitFor([&] { return window.auditPage()->model()->rowCount() >= 2; }, 5000))
        << "the Audit page shows the server's trail";
    const auto transitions = [&] {
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("(\\d+) transition")).match(window.historyPage()->summaryText());
        return m.hasMatch() ? m.captured(1).toInt() : 0;
    };
    EXPECT_TRUE(waitFor([&] { return transitions() >= 2; }, 5000)) // the start and the rollback (and holds)
        << "the History page shows the server's stage history: " << window.historyPage()->summaryText().toStdString();
    std::fprintf(stderr, "team mode: audit page: %d rows, %s\n", window.auditPage()->model()->rowCount(),
                 qPrintable(window.auditPage()->chainText()));
    std::fprintf(stderr, "team mode: click -> confirmed on screen %lld ms\n", static_cast<long long>(confirmedMs));
}

TEST_F(TeamModeTest, AViewersCommandsAreDisabledAndAForgedOneIsAnsweredWith403Shown)
{
    launch();
    ASSERT_EQ(http(m_net, "POST", m_api + QStringLiteral("/api/rollout/start"), {}, OperatorToken).status, 200);
    widgets::MainWindow window(m_settings.get());
    console::RemoteSession session(options(ViewerToken));
    session.feed(window);
    session.start();
    ASSERT_TRUE(waitFor([&] { return session.isConnected() && session.flag(); }, 10000));
    EXPECT_EQ(session.role(), QStringLiteral("viewer"));
    EXPECT_FALSE(window.topBar()->rollbackButton()->isEnabled());
    EXPECT_FALSE(window.topBar()->holdButton()->isEnabled());
    EXPECT_FALSE(window.topBar()->stopButton()->isEnabled());
    EXPECT_FALSE(window.signOffPage()->approveButton()->isEnabled());
    const auto before = m_flags->read(m_flag);
    ASSERT_TRUE(before.ok());

    int answer = -1;
    QObject::connect(&session, &console::RemoteSession::commandAnswered, &session,
                     [&](const QString &, int status) { answer = status; });
    Q_EMIT window.rollbackRequested(); // a forged click: the server decides
    ASSERT_TRUE(waitFor([&] { return answer != -1; }, 10000));
    EXPECT_EQ(answer, 403);
    EXPECT_TRUE(bannerText(window).contains(QLatin1String("may not"))) << bannerText(window).toStdString();
    const auto after = m_flags->read(m_flag);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->version, before->version) << "nothing was written";
}

TEST_F(TeamModeTest, ADroppedStreamResumesWithNothingMissedAndAKilledServerIsShownDisconnected)
{
    launch();
    widgets::MainWindow window(m_settings.get());
    console::RemoteSession session(options(OperatorToken));
    session.feed(window);
    std::vector<quint64> seqs;
    QObject::connect(&session, &console::RemoteSession::eventApplied, &session,
                     [&](quint64 seq, const QString &) { seqs.push_back(seq); });
    session.start();
    ASSERT_TRUE(waitFor([&] { return session.isConnected(); }, 10000));
    ASSERT_EQ(http(m_net, "POST", m_api + QStringLiteral("/api/rollout/start"), {}, OperatorToken).status, 200);
    ASSERT_TRUE(waitFor([&] { return session.status() == rollout::RolloutStatus::Running; }, 5000));
    seqs.clear();
    const std::uint64_t before = session.lastSeq();

    // Dropped: meanwhile a hold and a few evaluations happen on the server.
    session.stop();
    EXPECT_FALSE(session.isConnected());
    EXPECT_TRUE(window.topBar()->connectionText().contains(QLatin1String("disconnected")));
    EXPECT_FALSE(window.topBar()->rollbackButton()->isEnabled()) << "no command while disconnected";
    ASSERT_EQ(http(m_net, "POST", m_api + QStringLiteral("/api/rollout/hold"), R"({"reason": "while you were away"})",
                   OperatorToken)
                  .status,
              200);
    pause(1500);
    session.reconnect();
    ASSERT_TRUE(waitFor([&] { return session.isConnected() && session.status() == rollout::RolloutStatus::Holding; }, 10000));
    pause(1500); // and live events after the catch-up
    ASSERT_FALSE(seqs.empty());
    EXPECT_EQ(seqs.front(), before + 1) << "the catch-up starts right after the last number seen";
    for (std::size_t i = 1; i < seqs.size(); ++i)
        ASSERT_EQ(seqs[i], seqs[i - 1] + 1) << "nothing missed, nothing doubled, at " << i;

    // Killed: shown as disconnected within two seconds, every command disabled.
    ASSERT_TRUE(window.topBar()->rollbackButton()->isEnabled());
    QElapsedTimer killed;
    ::kill(static_cast<pid_t>(m_serve.processId()), SIGKILL);
    killed.start();
    ASSERT_TRUE(waitFor([&] { return !session.isConnected(); }, 5000));
    EXPECT_LT(killed.elapsed(), 2000);
    EXPECT_TRUE(window.topBar()->connectionText().contains(QLatin1String("disconnected")))
        << window.topBar()->connectionText().toStdString();
    EXPECT_FALSE(window.topBar()->rollbackButton()->isEnabled());
    m_serve.waitForFinished(5000);
}

// The server is down: the on-call rolls back straight in Redis (break-glass), confirmed by a
// read-back; when the server is back, the console's audit records reach rampart.audit_log
// exactly once, and a later reconnect sends nothing again.
TEST_F(TeamModeTest, WithTheServerDownABreakGlassRollbackLandsInRedisAndItsAuditReachesPostgresOnce)
{
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    launch(port);
    widgets::MainWindow window(m_settings.get());
    console::RemoteOptions o = options(OperatorToken);
    o.breakGlassRedisUrl = std::getenv("RAMPART_TEST_REDIS_URL");
    o.breakGlassRedisPassword
        = std::getenv("RAMPART_TEST_REDIS_PASSWORD") ? std::getenv("RAMPART_TEST_REDIS_PASSWORD") : "";
    o.breakGlassOutbox = m_dir.filePath(QStringLiteral("break-glass-outbox"));
    console::RemoteSession session(o);
    session.feed(window);
    session.start();
    ASSERT_TRUE(waitFor([&] { return session.isConnected(); }, 10000));
    ASSERT_EQ(http(m_net, "POST", m_api + QStringLiteral("/api/rollout/start"), {}, OperatorToken).status, 200);
    ASSERT_TRUE(waitFor([&] { return session.flag() && session.flag()->percentage == 5.0; }, 5000));

    ::kill(static_cast<pid_t>(m_serve.processId()), SIGKILL);
    m_serve.waitForFinished(5000);
    ASSERT_TRUE(waitFor([&] { return !session.isConnected(); }, 5000));
    EXPECT_TRUE(window.topBar()->connectionText().contains(QLatin1String("break-glass rollback to Redis available")))
        << window.topBar()->connectionText().toStdString();
    EXPECT_FALSE(window.topBar()->holdButton()->isEnabled()) << "only the rollback is possible without the server";
    ASSERT_TRUE(window.topBar()->rollbackButton()->isEnabled());

    bool done = false, ok = false;
    QObject::connect(&session, &console::RemoteSession::breakGlassDone, &session, [&](bool success, const QString &) {
        done = true;
        ok = success;
    });
    QTest::mouseClick(window.topBar()->rollbackButton(), Qt::LeftButton);
    ASSERT_TRUE(waitFor([&] { return done; }, 10000));
    ASSERT_TRUE(ok) << bannerText(window).toStdString();
    EXPECT_TRUE(bannerText(window).contains(QLatin1String("BREAK-GLASS"))) << bannerText(window).toStdString();
    const auto flag = m_flags->read(m_flag);
    ASSERT_TRUE(flag.ok());
    EXPECT_EQ(flag->percentage, 0.0);
    EXPECT_EQ(flag->updatedBy, "olga");

    // The server is back on the same address: the records are delivered, once.
    qint64 delivered = 0;
    QObject::connect(&session, &console::RemoteSession::breakGlassDelivered, &session,
                     [&](qint64 n) { delivered += n; });
    launch(port);
    ASSERT_TRUE(waitFor([&] { return delivered > 0; }, 20000)) << window.topBar()->connectionText().toStdString();
    EXPECT_EQ(delivered, 2) << "the intent and the outcome record";
    session.reconnect();
    ASSERT_TRUE(waitFor([&] { return session.isConnected(); }, 10000));
    pause(1000);
    EXPECT_EQ(delivered, 2) << "nothing is delivered twice";

    auto store = store::PgEvidenceStore::open(m_pgUrl, "");
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto trail = (*store)->auditTrail(0, 100000);
    ASSERT_TRUE(trail.ok()) << trail.error().message;
    std::map<std::string, int> copies;
    for (const store::AuditEntry &e : *trail)
        if (e.subject == m_flag && e.action == "rollback" && e.actor == "olga"
            && e.detailJson.find("BREAK-GLASS") != std::string::npos)
            ++copies[e.recordId];
    EXPECT_EQ(copies.size(), 2u) << "intent and outcome in rampart.audit_log";
    for (const auto &[id, n] : copies)
        EXPECT_EQ(n, 1) << id;
}

// A latency regression the server's watchdog rolls back: the connected console shows the
// rollback and its reason within 2 s of the flag changing in Redis.
TEST_F(TeamModeTest, AWatchdogRollbackOfALatencyRegressionIsShownWithItsReasonWithinTwoSeconds)
{
    auto plan = io::loadPlanFile(m_planFile);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    auto store = store::PgEvidenceStore::open(m_pgUrl, "");
    ASSERT_TRUE(store.ok()) << store.error().message;
    // Running at 5% for 50 h (saved before serve starts); no evidence yet.
    const rollout::TimePoint now = rollout::SystemClock().now();
    rollout::RolloutState state;
    state.status = rollout::RolloutStatus::Running;
    state.stage = 0;
    state.stageStartedAt = now - std::chrono::hours(50);
    state.rolloutStartedAt = state.stageStartedAt;
    ASSERT_TRUE((*store)
                    ->recordTransition(m_agent,
                                       {"olga", state.stageStartedAt, rollout::RolloutStatus::Pending,
                                        rollout::RolloutStatus::Running, 0.0, 5.0, "started", "", false})
                    .ok());
    auto written = m_flags->write(m_flag, {5.0, plan->stages[0].name, "olga", "started", std::nullopt});
    ASSERT_TRUE(written.ok()) << written.error().message;
    ASSERT_TRUE(service::saveState(**store, *plan, state, written->version, "olga", now).ok());

    launch(); // the watchdog: an evaluation a second
    widgets::MainWindow window(m_settings.get());
    console::RemoteSession session(options(ViewerToken));
    session.feed(window);
    session.start();
    // Without evidence yet the watchdog holds (it may already have): running or holding.
    ASSERT_TRUE(waitFor(
        [&] {
            return session.isConnected()
                && (session.status() == rollout::RolloutStatus::Running
                    || session.status() == rollout::RolloutStatus::Holding);
        },
        10000))
        << (session.status() ? rollout::statusName(*session.status()) : "no state");

    // The traffic of those 50 h arrives, the ML answers three times slower.
    sim::SimulationConfig sc;
    sc.agent = m_agent;
    sc.flag = m_flag;
    sc.start = state.stageStartedAt;
    sc.duration = std::chrono::hours(49);
    sc.step = std::chrono::minutes(10);
    sc.unitsPerHour = 2000;
    sc.seed = 5;
    sc.faults = {sim::Fault{sim::FaultKind::LatencyDegradation, 3.0, rollout::Duration{0}}};
    auto ran = sim::simulate(sc, *m_flags, **store);
    ASSERT_TRUE(ran.ok()) << ran.error().message;

    QElapsedTimer clock;
    clock.start();
    std::optional<qint64> flagAt, shownAt;
    ASSERT_TRUE(waitFor(
        [&] {
            if (!flagAt)
                if (auto f = m_flags->read(m_flag); f.ok() && f->percentage == 0.0)
                    flagAt = clock.elapsed();
            if (!shownAt && session.status() == rollout::RolloutStatus::RolledBack)
                shownAt = clock.elapsed();
            return flagAt && shownAt;
        },
        30000))
        << "the watchdog did not roll back: " << window.topBar()->recommendationText().toStdString();
    EXPECT_LT(*shownAt - *flagAt, 2000) << "shown " << *shownAt - *flagAt << " ms after the flag changed";
    std::fprintf(stderr, "team mode: watchdog rollback shown %lld ms after the flag changed in Redis\n",
                 static_cast<long long>(*shownAt - *flagAt));
    // The reason is on the Rollout page's event list (the rollback row of the stage history).
    ASSERT_TRUE(waitFor(
        [&] {
            for (int i = 0; i < window.rolloutPage()->eventList()->count(); ++i)
                if (window.rolloutPage()->eventList()->item(i)->text().contains(QLatin1String("rolled back")))
                    return true;
            return false;
        },
        5000));
    QString events;
    for (int i = 0; i < window.rolloutPage()->eventList()->count(); ++i)
        events += window.rolloutPage()->eventList()->item(i)->text() + QLatin1Char('\n');
    EXPECT_TRUE(events.contains(QLatin1String("latency"), Qt::CaseInsensitive)) << events.toStdString();
}

// TLS with the team's own CA: the console trusts the server only with that CA file.
TEST_F(TeamModeTest, OverHttpsTheConsoleTrustsTheServerThroughTheGivenCaFile)
{
    if (!QSslSocket::supportsSsl())
        GTEST_SKIP() << "Qt has no TLS backend here";
    const QString cert = m_dir.filePath(QStringLiteral("cert.pem")), key = m_dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        GTEST_SKIP() << "the openssl tool is needed to make a test certificate";
    launch(0, {QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key});
    ASSERT_TRUE(m_api.startsWith(QLatin1String("https://"))) << m_api.toStdString();

    widgets::MainWindow untrusting(m_settings.get());
    console::RemoteSession without(options(OperatorToken));
    without.feed(untrusting);
    without.start();
    pause(2000);
    EXPECT_FALSE(without.isConnected()) << "a certificate of no known CA is refused";
    EXPECT_TRUE(untrusting.topBar()->connectionText().contains(QLatin1String("disconnected")))
        << untrusting.topBar()->connectionText().toStdString();
    without.stop();

    widgets::MainWindow window(m_settings.get());
    console::RemoteOptions o = options(OperatorToken);
    o.caFile = cert;
    console::RemoteSession session(o);
    session.feed(window);
    session.start();
    ASSERT_TRUE(waitFor([&] { return session.isConnected(); }, 10000))
        << window.topBar()->connectionText().toStdString();
    int answer = -1;
    QObject::connect(&session, &console::RemoteSession::commandAnswered, &session,
                     [&](const QString &, int status) { answer = status; });
    Q_EMIT window.holdRequested(QStringLiteral("over https")); // pending: 409, but answered over TLS
    ASSERT_TRUE(waitFor([&] { return answer != -1; }, 10000));
    EXPECT_EQ(answer, 409);
}

} // namespace
