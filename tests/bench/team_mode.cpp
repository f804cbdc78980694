// Team mode on loopback (issue 18), beside its baseline in the same run: the console's
// RemoteSession and window (offscreen) on a real `rampartctl serve` (SQLite workspace, the
// test Redis), measured as a user sees it.
//  - click → confirmed: a Roll back click until the green "Rolled back" banner shows the flag
//    the server wrote; baseline: an HTTP round trip (GET /api/whoami) to the same server.
//  - server event → repaint: a hold posted by another client until this window shows
//    "holding" and has repainted; baseline: that POST's own round trip.
// Run: RAMPART_TEST_REDIS_URL=… rampart_bench_team_mode [ROUNDS]   (default 50)

#include "remotesession.h"

#include "banner.h"
#include "mainwindow.h"
#include "topbar.h"

#include "httpcall.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace rampart;
using rampart::testing::http;
using rampart::testing::pause;

namespace {

const QByteArray Token = "team-mode-bench-operator-token";

bool waitFor(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}

void report(const char *what, std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
    std::printf("%-44s n=%3zu  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, ms.size(), at(0.5), at(0.9),
                at(0.99), ms.back());
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
    const QByteArray redis = qgetenv("RAMPART_TEST_REDIS_URL");
    if (redis.isEmpty()) {
        std::fprintf(stderr, "RAMPART_TEST_REDIS_URL is needed (scripts/lib/services.sh start_redis)\n");
        return 2;
    }
    QTemporaryDir dir;
    QFile tokens(dir.filePath(QStringLiteral("tokens")));
    if (!tokens.open(QIODevice::WriteOnly))
        return 2;
    tokens.write("operator bench " + Token + "\n");
    tokens.close();
    tokens.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLatin1(redis.left(redis.lastIndexOf('/'))) + QStringLiteral("/7"));
    env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), qEnvironmentVariable("RAMPART_TEST_REDIS_PASSWORD"));
    env.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), dir.filePath(QStringLiteral("outbox")));
    env.remove(QStringLiteral("RAMPART_DATABASE_URL"));
    env.remove(QStringLiteral("RAMPART_PROMETHEUS_URL"));
    QProcess serve;
    serve.setProcessEnvironment(env);
    serve.start(QStringLiteral(RAMPARTCTL_PATH),
                {QStringLiteral("serve"), QStringLiteral("--plan"), QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"),
                 QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws.rampart")), QStringLiteral("--tokens"), tokens.fileName(),
                 QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--interval"), QStringLiteral("0"),
                 QStringLiteral("--rate-limit"), QStringLiteral("0")});
    if (!serve.waitForStarted(10000))
        return 1;
    for (int k = 0; k < 300 && !serve.canReadLine(); ++k)
        serve.waitForReadyRead(100);
    const QString api = QJsonDocument::fromJson(serve.readLine()).object().value(QStringLiteral("api")).toString();
    QNetworkAccessManager net;
    net.setProxy(QNetworkProxy::NoProxy);
    if (http(net, "POST", api + QStringLiteral("/api/rollout/start"), {}, Token).status != 200)
        return 1;

    QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    widgets::MainWindow window(&settings);
    window.resize(1280, 860);
    window.show();
    console::RemoteOptions o;
    o.server = QUrl(api);
    o.token = Token;
    console::RemoteSession session(o);
    session.feed(window);
    session.start();
    if (!waitFor([&] { return session.isConnected() && session.status() == rollout::RolloutStatus::Running; }, 15000)) {
        std::fprintf(stderr, "not connected: %s\n", qPrintable(window.topBar()->connectionText()));
        return 1;
    }

    std::vector<double> roundTrip, click, postRoundTrip, eventShown;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        http(net, "GET", api + QStringLiteral("/api/whoami"), {}, Token);
        roundTrip.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);

        // Click → confirmed on screen.
        QPushButton *rollback = window.topBar()->rollbackButton();
        if (!waitFor([&] { return rollback->isEnabled(); }, 5000))
            return 1;
        window.banner()->showMessage(widgets::Banner::Kind::Info, QStringLiteral("-"));
        t.restart();
        QTest::mouseClick(rollback, Qt::LeftButton);
        if (!waitFor([&] { return window.banner()->text().startsWith(QLatin1String("Rolled back")); }, 10000))
            return 1;
        window.repaint();
        click.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        if (!waitFor([&] { return session.status() == rollout::RolloutStatus::RolledBack; }, 5000))
            return 1;

        // Another client's command → shown here.
        if (http(net, "POST", api + QStringLiteral("/api/rollout/resume"), R"({"reason": "benchmark round"})", Token).status != 200)
            return 1;
        if (!waitFor([&] { return session.status() == rollout::RolloutStatus::Running; }, 5000))
            return 1;
        t.restart();
        QElapsedTimer answered;
        answered.start();
        http(net, "POST", api + QStringLiteral("/api/rollout/hold"), R"({"reason": "benchmark hold"})", Token);
        postRoundTrip.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        if (!waitFor([&] { return session.status() == rollout::RolloutStatus::Holding; }, 5000))
            return 1;
        window.repaint();
        eventShown.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::printf("team mode on loopback, %d rounds (serve on SQLite + Redis, console offscreen)\n", rounds);
    report("baseline: HTTP round trip GET /api/whoami", roundTrip);
    report("Roll back click -> confirmed on screen", click);
    report("baseline: POST /api/rollout/hold round trip", postRoundTrip);
    report("hold by another client -> shown, repainted", eventShown);
    session.stop();
    serve.terminate();
    serve.waitForFinished(10000);
    return 0;
}
