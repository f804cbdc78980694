#include "servecommand.h"

#include "cliutil.h"

#include "api/apihttpserver.h"
#include "api/apiservice.h"
#include "api/auth.h"
#include "api/rolloutview.h"
#include "api/streamhub.h"
#include "io/config.h"
#include "io/planjson.h"
#include "service/backends.h"
#include "service/leader.h"
#include "service/rolloutcontroller.h"
#include "service/usecases.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QTextStream>
#include <QTimer>
#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslKey>
#endif

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>

namespace rampart::cli {

namespace {

std::atomic<bool> g_stop{false};
void onStop(int)
{
    g_stop.store(true);
}



/// "127.0.0.1:8093" → address and port; loopback unless allowRemote.
Result<std::pair<QHostAddress, quint16>> parseListen(const QString &text, const char *field, bool allowRemote)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    QHostAddress address(colon > 0 ? text.left(colon) : QString());
    if (!ok || port > 65535 || address.isNull())
        return makeError("usage", field, std::string("--") + field + " must be ADDRESS:PORT, e.g. 127.0.0.1:8093.");
    if (!address.isLoopback() && !allowRemote)
        return makeError("usage", field, std::string("--") + field + " " + text.toStdString()
                                             + " is not a loopback address; pass --allow-remote to listen on it.");
    return std::pair{address, quint16(port)};
}

} // namespace

int runServeCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption listenOption(QStringLiteral("listen"), QStringLiteral("API address."), QStringLiteral("ADDR:PORT"),
                                          QStringLiteral("127.0.0.1:8093"));
    const QCommandLineOption flagListenOption(QStringLiteral("flag-listen"), QStringLiteral("Flag endpoints' address."),
                                              QStringLiteral("ADDR:PORT"));
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("SQLite workspace instead of PostgreSQL."),
                                             QStringLiteral("FILE"));
    const QCommandLineOption tokensOption(QStringLiteral("tokens"), QStringLiteral("Token file (ROLE NAME TOKEN per line)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption intervalOption(QStringLiteral("interval"), QStringLiteral("Controller evaluation interval in s (0: on request)."),
                                            QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption watchOption(
        QStringLiteral("watch"),
        QStringLiteral("Run the watchdog: evaluate every --interval s, roll back and hold (the default)."));
    const QCommandLineOption cacheOption(QStringLiteral("cache-ms"), QStringLiteral("How long a read view is reused."),
                                         QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption rateOption(QStringLiteral("rate-limit"), QStringLiteral("Requests per second per client (0: none)."),
                                        QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption bodyOption(QStringLiteral("max-body"), QStringLiteral("Largest request body in bytes."),
                                        QStringLiteral("BYTES"), QStringLiteral("65536"));
    const QCommandLineOption remoteOption(QStringLiteral("allow-remote"), QStringLiteral("Allow a non-loopback listen address."));
    const QCommandLineOption certOption(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve HTTPS."), QStringLiteral("FILE"));
    const QCommandLineOption keyOption(QStringLiteral("tls-key"), QStringLiteral("PEM private key for --tls-cert."), QStringLiteral("FILE"));
    const QCommandLineOption instanceOption(QStringLiteral("instance"), QStringLiteral("This instance's name among several (default host:pid)."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption advertiseOption(QStringLiteral("advertise"), QStringLiteral("API URL other instances forward commands to."),
                                             QStringLiteral("URL"));
    const QCommandLineOption advertiseFlagsOption(QStringLiteral("advertise-flags"),
                                                  QStringLiteral("Flag endpoints' URL other instances forward to."), QStringLiteral("URL"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({planOption, listenOption, flagListenOption, workspaceOption, tokensOption, intervalOption,
                       cacheOption, rateOption, bodyOption, remoteOption, certOption, keyOption, instanceOption,
                       advertiseOption, advertiseFlagsOption, watchOption, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl serve")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(helpOption)) {
        QTextStream(stdout)
            << "Usage: rampartctl serve --plan FILE [--listen 127.0.0.1:8093] [--flag-listen ADDR:PORT]\n"
               "       [--workspace FILE] [--tokens FILE] [--watch] [--interval S] [--cache-ms MS] [--rate-limit N]\n"
               "       [--max-body BYTES] [--allow-remote] [--tls-cert FILE --tls-key FILE]\n"
               "       [--instance NAME] [--advertise URL] [--advertise-flags URL]\n\n"
               "The HTTP API over the rollout controller (docs/api.md). Prints one JSON line with the\n"
               "addresses it listens on; SIGTERM or SIGINT ends it (exit 0). Tokens only from a file\n"
               "(or RAMPART_API_TOKENS_FILE), never on the command line. With PostgreSQL, instances\n"
               "sharing it elect one leader (advisory lock); the others serve reads and forward\n"
               "commands to it.\n";
        return ExitOk;
    }
    if (!parser.isSet(planOption))
        return failWith(usage("--plan FILE is required."));
    if (!parser.positionalArguments().isEmpty())
        return failWith(usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"."));
    auto plan = io::loadPlanFile(parser.value(planOption));
    if (!plan)
        return failWith(plan.error());
    auto loadedConnections = io::loadConnections(configFile);
    if (!loadedConnections)
        return failWith(loadedConnections.error());
    io::Connections conns = *loadedConnections;
    io::Connections *connections = &conns;
    const bool allowRemote = parser.isSet(remoteOption);
    auto listen = parseListen(parser.value(listenOption), "listen", allowRemote);
    if (!listen)
        return failWith(listen.error());
    std::optional<std::pair<QHostAddress, quint16>> flagListen;
    if (parser.isSet(flagListenOption)) {
        auto f = parseListen(parser.value(flagListenOption), "flag-listen", allowRemote);
        if (!f)
            return failWith(f.error());
        flagListen = *f;
    }
    bool ok = false;
    const double interval = parser.value(intervalOption).toDouble(&ok);
    if (!ok || interval < 0)
        return failWith(makeError("usage", "interval", "--interval must be a number of seconds ≥ 0."));
    if (parser.isSet(watchOption) && interval == 0)
        return failWith(
            makeError("usage", "interval", "--watch needs an --interval above 0 (the watchdog evaluates on it)."));
    const int cacheMs = parser.value(cacheOption).toInt(&ok);
    if (!ok || cacheMs < 0)
        return failWith(makeError("usage", "cache-ms", "--cache-ms must be a whole number ≥ 0."));
    api::ApiOptions options;
    options.limits.requestsPerSecond = parser.value(rateOption).toDouble(&ok);
    if (!ok || options.limits.requestsPerSecond < 0)
        return failWith(makeError("usage", "rate-limit", "--rate-limit must be a number ≥ 0."));
    options.limits.maxBodyBytes = parser.value(bodyOption).toLongLong(&ok);
    if (!ok || options.limits.maxBodyBytes < 2)
        return failWith(makeError("usage", "max-body", "--max-body must be a whole number of bytes."));

    QString tokensFile = parser.value(tokensOption);
    if (tokensFile.isEmpty())
        tokensFile = qEnvironmentVariable("RAMPART_API_TOKENS_FILE");
    api::TokenStore tokens;
    if (!tokensFile.isEmpty()) {
        auto t = api::TokenStore::fromFile(tokensFile);
        if (!t)
            return failWith(t.error());
        tokens = std::move(t).value();
    }

    service::BackendOptions backendOptions;
    backendOptions.workspace = parser.value(workspaceOption);
    if (connections->outboxDirectory.isEmpty() && !backendOptions.workspace.isEmpty())
        connections->outboxDirectory = backendOptions.workspace + QStringLiteral(".outbox");
    // Fail early and clearly when a backend is missing (the controller would retry forever).
    if (auto probe = service::openBackends(*connections, backendOptions); !probe)
        return failWith(probe.error(), service::exitCodeFor(probe.error()));

    // Several instances on one PostgreSQL elect a leader; a SQLite workspace is one machine's.
    const bool clustered = backendOptions.workspace.isEmpty() && !connections->databaseUrl.isEmpty();
    const QString instance = parser.isSet(instanceOption)
        ? parser.value(instanceOption)
        : QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());
    const std::string actor = clustered ? "rampart-serve@" + instance.toStdString() : std::string("rampart-serve");
    const auto intervalMs = std::chrono::milliseconds(static_cast<std::int64_t>(interval * 1000));
    auto views = std::make_shared<api::RolloutViewSource>(
        *plan, [c = *connections, backendOptions] { return service::openBackends(c, backendOptions); }, nullptr,
        std::chrono::milliseconds(cacheMs));
    api::ApiService service(views, nullptr, std::move(tokens), options);
    if (auto warm = views->view(); !warm) // the first view, before any request can wait for it
        std::fprintf(stderr, "%s\n", QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("warning")},
                                                              {QStringLiteral("error"), QString::fromStdString(warm.error().code)},
                                                              {QStringLiteral("message"), QString::fromStdString(warm.error().message)}})
                                              .toJson(QJsonDocument::Compact).constData());

    api::ApiHttpServer apiServer(service,
                                 flagListen ? api::ApiRequest::Listener::Api : api::ApiRequest::Listener::Both);
    api::ApiHttpServer flagServer(service, api::ApiRequest::Listener::Flags);
#if QT_CONFIG(ssl)
    if (parser.isSet(certOption) != parser.isSet(keyOption))
        return failWith(usage("--tls-cert and --tls-key go together."));
    if (parser.isSet(certOption)) {
        QFile certFile(parser.value(certOption)), keyFile(parser.value(keyOption));
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return failWith(makeError("io_error", "tls-cert", "Cannot read the TLS certificate or key."));
        const QSslCertificate cert(&certFile, QSsl::Pem);
        const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
        if (cert.isNull() || key.isNull())
            return failWith(makeError("invalid_argument", "tls-cert", "The TLS certificate or RSA key is not valid PEM."));
        apiServer.sslSetup(cert, key);
        flagServer.sslSetup(cert, key);
    }
#else
    if (parser.isSet(certOption))
        return failWith(usage("This build of Qt has no TLS support."));
#endif
    const quint16 apiPort = apiServer.listen(listen->first, listen->second);
    if (apiPort == 0)
        return failWith(makeError("io_error", "listen", "Cannot listen on " + parser.value(listenOption).toStdString() + "."));
    quint16 flagPort = apiPort;
    if (flagListen) {
        flagPort = flagServer.listen(flagListen->first, flagListen->second);
        if (flagPort == 0)
            return failWith(makeError("io_error", "flag-listen",
                                      "Cannot listen on " + parser.value(flagListenOption).toStdString() + "."));
    }
    const QString scheme = parser.isSet(certOption) ? QStringLiteral("https") : QStringLiteral("http");
    const QString apiUrl = QStringLiteral("%1://%2:%3").arg(scheme, listen->first.toString()).arg(apiPort);
    const QString flagUrl = QStringLiteral("%1://%2:%3")
                                .arg(scheme, (flagListen ? flagListen->first : listen->first).toString())
                                .arg(flagPort);

    std::unique_ptr<service::LeaderElection> election;
    if (clustered) {
        service::LeaderElectionOptions eo;
        eo.databaseUrl = connections->databaseUrl.toStdString();
        eo.databasePassword = connections->databasePassword.toStdString();
        eo.agent = plan->agent;
        eo.instance = instance.toStdString();
        eo.apiUrl = (parser.isSet(advertiseOption) ? parser.value(advertiseOption) : apiUrl).toStdString();
        eo.flagUrl = (parser.isSet(advertiseFlagsOption) ? parser.value(advertiseFlagsOption) : flagUrl).toStdString();
        election = std::make_unique<service::LeaderElection>(eo);
        service.setCluster(election.get());
    }
    service::LeaderControl control(election.get(), [&] {
        return std::make_unique<service::RolloutController>(
            service::controllerConfig(*plan, *connections, backendOptions, actor, intervalMs));
    });
    // The live stream (GET /api/stream): the acting controller's events, on the API listener.
    api::StreamHub hub(*plan);
    service.setStream(&hub);
    // Audit records (sign-offs, flag writes, imports by any instance) from the store the API reads.
    hub.setAuditReader([&views](std::int64_t after, int limit) -> Result<std::vector<store::AuditEntry>> {
        service::ControllerBackends *b = views->backends();
        if (!b || !b->store)
            return makeError("store_unavailable", "", "The audit trail's store cannot be opened.");
        return b->store->auditTrail(after, limit);
    });
    api::StreamServer stream(
        apiServer, hub, [&service](const QByteArray &authorization) { return service.authenticate(authorization); },
        [&hub, &election, clustered, instance] {
            api::StreamGreeting g;
            g.acting = hub.controller() != nullptr;
            g.instance = clustered ? instance : QString();
            if (election && !g.acting)
                if (const auto &leader = election->status().leader)
                    g.leaderUrl = QString::fromStdString(leader->apiUrl);
            return g;
        });
    QObject::connect(&control, &service::LeaderControl::controllerCreated, &control,
                     [&hub](service::RolloutController *c) { hub.setController(c); });
    QObject::connect(&control, &service::LeaderControl::controllerStarted, &control,
                     [&service, interval](service::RolloutController *c) {
                         service.setController(c);
                         if (interval > 0)
                             c->evaluateNow();
                     });
    QObject::connect(&control, &service::LeaderControl::controllerStopping, &control,
                     [&service, &hub](service::RolloutController *) {
                         service.setController(nullptr);
                         hub.setController(nullptr);
                     });
    QObject::connect(&control, &service::LeaderControl::statusChanged, &control, [](const service::LeadershipStatus &st) {
        QJsonObject o{{QStringLiteral("type"), QStringLiteral("cluster")},
                      {QStringLiteral("instance"), QString::fromStdString(st.instance)},
                      {QStringLiteral("role"), QString::fromLatin1(service::leaderRoleName(st.role))},
                      {QStringLiteral("leader"), st.leader ? QString::fromStdString(st.leader->instance) : QString()},
                      {QStringLiteral("term"), double(st.leader ? st.leader->term : 0)}};
        if (!st.note.empty())
            o.insert(QStringLiteral("note"), QString::fromStdString(st.note));
        std::fprintf(stderr, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
        std::fflush(stderr);
    });

    printJsonLine({{QStringLiteral("type"), QStringLiteral("listening")},
               {QStringLiteral("api"), apiUrl},
               {QStringLiteral("flags"), flagUrl},
               {QStringLiteral("tokens"), double(service.tokenCount())},
               {QStringLiteral("instance"), clustered ? instance : QString()},
               {QStringLiteral("cluster"), clustered}});

    std::signal(SIGTERM, onStop);
    std::signal(SIGINT, onStop);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, [] {
        if (g_stop.load())
            QCoreApplication::quit();
    });
    stopPoll.start(50);
    control.start();
    QCoreApplication::exec();
    control.stop(); // the controller first (nothing acts after this), then the election resigns
    service.setController(nullptr);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
    return ExitOk;
}

} // namespace rampart::cli
