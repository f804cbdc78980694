// `rampartctl serve` on the command line: loopback by default, backends required, tokens
// only from a file, and HTTPS when a certificate is given (that one needs the test Redis
// and the openssl tool; skipped without them).

#include "clirun.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <cstdlib>

using rampart::testing::expectCliError;
using rampart::testing::runRampartctl;

namespace {

const QString Plan = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");

TEST(ServeCli, NonLoopbackListenNeedsAllowRemote)
{
    expectCliError(runRampartctl({QStringLiteral("serve"), QStringLiteral("--plan"), Plan, QStringLiteral("--listen"),
                                  QStringLiteral("0.0.0.0:8093")}),
                   "usage", "listen");
}

TEST(ServeCli, WatchWithoutAnIntervalIsRefused)
{
    expectCliError(runRampartctl({QStringLiteral("serve"), QStringLiteral("--plan"), Plan, QStringLiteral("--watch"),
                                  QStringLiteral("--interval"), QStringLiteral("0")}),
                   "usage", "interval");
}

TEST(ServeCli, WithoutRedisItSaysSoAndExits4)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RAMPART_REDIS_URL"));
    QTemporaryDir dir;
    {
        QFile config(dir.filePath(QStringLiteral("none.json"))); // no connections at all
        ASSERT_TRUE(config.open(QIODevice::WriteOnly));
        config.write("{}");
    }
    expectCliError(runRampartctl({QStringLiteral("serve"), QStringLiteral("--plan"), Plan, QStringLiteral("--workspace"),
                                  dir.filePath(QStringLiteral("ws.rampart")), QStringLiteral("--config"),
                                  dir.filePath(QStringLiteral("none.json"))},
                                 {}, env),
                   "store_unavailable", "redis_url", 4);
}

TEST(ServeCli, TokensAreNotTakenFromTheCommandLine)
{
    const auto run = runRampartctl({QStringLiteral("serve"), QStringLiteral("--plan"), Plan, QStringLiteral("--token"),
                                    QStringLiteral("secret-on-the-command-line")});
    EXPECT_EQ(run.exitCode, 2);
    const auto bad = runRampartctl({QStringLiteral("serve"), QStringLiteral("--plan"), Plan, QStringLiteral("--tokens"),
                                    QStringLiteral("/nonexistent/tokens")});
    expectCliError(bad, "io_error", "tokens");
}

TEST(ServeCli, ServesHttpsWhenGivenACertificate)
{
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed (scripts/test starts Redis)";
    if (!QSslSocket::supportsSsl())
        GTEST_SKIP() << "Qt has no TLS backend here";
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("cert.pem")), key = dir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                                              QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                                              QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                                              QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        GTEST_SKIP() << "the openssl tool is needed to make a test certificate";
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLocal8Bit(redis));
    if (const char *password = std::getenv("RAMPART_TEST_REDIS_PASSWORD"))
        env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(password));
    QProcess serve;
    serve.setProcessEnvironment(env);
    serve.start(QStringLiteral(RAMPARTCTL_PATH), {QStringLiteral("serve"), QStringLiteral("--plan"), Plan,
                                                   QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws.rampart")),
                                                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                   QStringLiteral("--interval"), QStringLiteral("0"),
                                                   QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key});
    ASSERT_TRUE(serve.waitForStarted(10000));
    for (int i = 0; i < 100 && !serve.canReadLine(); ++i)
        serve.waitForReadyRead(100);
    const QJsonObject listening = rampart::testing::jsonObject(serve.readLine());
    const QString api = listening.value(QStringLiteral("api")).toString();
    EXPECT_TRUE(api.startsWith(QLatin1String("https://"))) << api.toStdString();

    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(api + QStringLiteral("/health")));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed
    request.setSslConfiguration(ssl);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    EXPECT_EQ(reply->error(), QNetworkReply::NoError) << reply->errorString().toStdString();
    EXPECT_EQ(rampart::testing::jsonObject(reply->readAll()).value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    reply->deleteLater();
    serve.terminate();
    ASSERT_TRUE(serve.waitForFinished(10000));
    EXPECT_EQ(serve.exitCode(), 0);
}

} // namespace
