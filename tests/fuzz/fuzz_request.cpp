// libFuzzer target: the HTTP API's request handling (ApiService::handle), as `rampartctl serve`
// runs it behind QHttpServer: the method, the path, the Authorization header and the body,
// against a running rollout (the shipped plan at 5% with two hours of simulated traffic in a
// SQLite workspace, the in-memory flag store, the real RolloutController).
//
// Input: "<METHOD> <PATH>\n<Authorization>\n<body>". A first line without a space is all path
// and the method is picked by its first byte. A line is cut at "\n" (missing lines are empty).
//
// Contract (besides crashes, sanitizer findings and leaks): the status is one the API
// documents; a JSON answer is an object; an error (≥ 400) has "error" and "message" strings,
// a 400 also the "field" it is about; a 500 only for the store errors that map to it. A
// broken contract aborts.

#include "fuzzcheck.h"

#include "api/apiservice.h"
#include "api/demoplay.h"
#include "io/planjson.h"
#include "sim/simulator.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTimer>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

using namespace rampart;
using namespace std::chrono_literals;

[[noreturn]] void setupFailed(const std::string &why)
{
    std::fprintf(stderr, "fuzz_request setup: %s\n", why.c_str());
    std::abort();
}

struct World
{
    std::unique_ptr<QCoreApplication> app;
    rollout::Plan plan;
    std::shared_ptr<api::SteppedClock> clock;
    std::shared_ptr<flags::FlagStore> flags;
    std::unique_ptr<service::RolloutController> controller;
    std::shared_ptr<api::RolloutViewSource> views;
    std::unique_ptr<api::ApiService> service;
};

World &world()
{
    static World *w = [] {
        auto *w = new World; // lives for the whole process (never freed: no leak reports at exit)
        static int argc = 1;
        static char name[] = "fuzz_request";
        static char *argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            w->app = std::make_unique<QCoreApplication>(argc, argv);
        const QString dir = QDir::tempPath() + QStringLiteral("/rampart-fuzz-request-%1").arg(QCoreApplication::applicationPid());
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        const QString workspace = dir + QStringLiteral("/ws.rampart");
        auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
        if (!plan)
            setupFailed(plan.error().message);
        w->plan = *plan;
        w->plan.serviceGates.clear(); // no telemetry here
        w->clock = std::make_shared<api::SteppedClock>(rollout::TimePoint(rollout::Duration(1795000000))); // 2026-11-18
        w->flags = std::shared_ptr<flags::FlagStore>(flags::makeMemoryFlagStore(w->clock));
        auto make = [workspace, f = w->flags]() -> Result<service::ControllerBackends> {
            auto s = store::SqliteEvidenceStore::open(workspace);
            if (!s)
                return s.error();
            service::ControllerBackends b;
            b.store = std::move(s).value();
            b.flags = f;
            return b;
        };
        service::ControllerConfig c;
        c.plan = w->plan;
        c.interval = 0ms;
        c.makeBackends = make;
        c.clock = w->clock;
        c.outboxDirectory = dir + QStringLiteral("/outbox");
        w->controller = std::make_unique<service::RolloutController>(c);
        w->controller->start();
        bool started = false;
        QObject context;
        QObject::connect(w->controller.get(), &service::RolloutController::commandFinished, &context,
                         [&](const service::CommandResult &r) { started = r.ok(); });
        w->controller->startRollout("fuzz-operator");
        for (int i = 0; i < 200 && !started; ++i) {
            QEventLoop loop;
            QTimer::singleShot(10, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!started)
            setupFailed("the rollout did not start");
        auto store = store::SqliteEvidenceStore::open(workspace);
        if (!store)
            setupFailed(store.error().message);
        sim::SimulationConfig sc;
        sc.agent = w->plan.agent;
        sc.flag = w->plan.flag;
        sc.start = w->clock->now();
        sc.duration = 2h;
        sc.step = 10min;
        sc.unitsPerHour = 2000;
        sc.seed = 11;
        if (auto ran = sim::simulate(sc, *w->flags, **store); !ran)
            setupFailed(ran.error().message);
        w->clock->advance(2h);
        // Views cached for a minute: the fuzzer exercises the parsing, not SQLite.
        w->views = std::make_shared<api::RolloutViewSource>(w->plan, make, w->clock, 60000ms);
        auto tokens = api::TokenStore::fromText("operator olga fuzz-operator-token-01\n"
                                                "viewer vic fuzz-viewer-token-0001\n"
                                                "stakeholder sam fuzz-stakeholder-tok1\n");
        if (!tokens)
            setupFailed(tokens.error().message);
        api::ApiOptions options;
        options.limits.requestsPerSecond = 0; // every input is parsed (the bucket has its own test)
        options.limits.maxBodyBytes = 8192;
        options.limits.commandTimeout = 5000ms;
        w->service = std::make_unique<api::ApiService>(w->views, w->controller.get(), *tokens, options);
        return w;
    }();
    return *w;
}

} // namespace

// The replay's end (replay_main.cpp): the controller's threads stop before exit() destroys the
// static objects they use (Qt Sql's drivers, the engine's tables). A sign-off still being
// evaluated at exit crashed in QSqlQuery and in GateEngine once evaluations got fast.
extern "C" void RampartFuzzerShutdown()
{
    world().controller->stop();
}

namespace {

QByteArray takeLine(QByteArray &rest)
{
    const qsizetype nl = rest.indexOf('\n');
    QByteArray line = nl < 0 ? rest : rest.left(nl);
    rest = nl < 0 ? QByteArray() : rest.mid(nl + 1);
    return line;
}

void checkAnswer(const api::ApiResponse &out)
{
    static const int allowed[] = {200, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503, 504};
    if (std::find(std::begin(allowed), std::end(allowed), out.status) == std::end(allowed))
        fuzz::broken("a status the API does not document");
    if (out.contentType != "application/json")
        return;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(out.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        fuzz::broken("a JSON answer that is not a JSON object");
    fuzz::checkResponse(doc.object());
    if (out.status >= 400) {
        const QJsonObject o = doc.object();
        if (!o.value(QStringLiteral("error")).isString() || o.value(QStringLiteral("error")).toString().isEmpty()
            || !o.value(QStringLiteral("message")).isString() || o.value(QStringLiteral("message")).toString().isEmpty())
            fuzz::broken("an error answer without \"error\" and \"message\"");
        if (out.status == 400 && o.value(QStringLiteral("field")).toString().isEmpty())
            fuzz::broken("a 400 that names no field");
    }
    if (out.status == 500) {
        static const char *internal[] = {"state_unreadable", "store_query_failed", "audit_chain_broken", "write_not_confirmed"};
        const QString code = doc.object().value(QStringLiteral("error")).toString();
        if (std::none_of(std::begin(internal), std::end(internal), [&](const char *c) { return code == QLatin1String(c); }))
            fuzz::broken("a 500 for a request error");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    World &w = world();
    QByteArray rest(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QByteArray first = takeLine(rest);
    api::ApiRequest request;
    const qsizetype space = first.indexOf(' ');
    if (space > 0) {
        request.method = first.left(space);
        request.path = QString::fromUtf8(first.mid(space + 1));
    } else {
        static const char *methods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "OTHER"};
        request.method = methods[first.isEmpty() ? 0 : static_cast<unsigned char>(first[0]) % 6];
        request.path = QString::fromUtf8(first);
    }
    request.authorization = takeLine(rest);
    request.body = rest;
    request.remote = QStringLiteral("127.0.0.1");
    // The flag listener on its own port is a separate route table: pick it by the path's length.
    request.listener = static_cast<api::ApiRequest::Listener>(request.path.size() % 3);
    checkAnswer(w.service->handle(request));
    return 0;
}
