// Rollback through the HTTP API's use case, end to end on real Redis: each iteration opens
// a fresh SQLite workspace, starts a RolloutController on it (Redis from
// RAMPART_TEST_REDIS_URL / _PASSWORD), starts the rollout (5%), warms the read view, then
// times ApiService::handle(POST /api/flags/<flag> {"percentage":0}) — from the request to
// the controller's confirmation (write confirmed by read-back, audit record fsync'd to the
// outbox). Prints p50/p90/p99 over N iterations (argv[1], default 200); argv[2] = direct
// times RolloutController::rollback() alone instead; argv[2] = state times, after the
// API's 200, how long until GET /api/rollout/state shows the rollback (0 when the first read
// already does; issue 16), and how many reads saw the old state. Not a test.

#include "api/apiservice.h"
#include "io/planjson.h"
#include "service/backends.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <string>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace rampart;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 200;
    const bool direct = argc > 2 && std::string(argv[2]) == "direct";
    const bool stateMode = argc > 2 && std::string(argv[2]) == "state";
    std::vector<double> lag;
    int staleReads = 0;
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (!redis) {
        std::fprintf(stderr, "RAMPART_TEST_REDIS_URL is needed\n");
        return 2;
    }
    auto loaded = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    if (!loaded)
        return 1;
    auto plan = std::make_optional<rollout::Plan>(*loaded);
    plan->serviceGates.clear();
    io::Connections c;
    c.redisUrl = QString::fromLocal8Bit(redis);
    if (const char *pw = std::getenv("RAMPART_TEST_REDIS_PASSWORD"))
        c.redisPassword = QString::fromLocal8Bit(pw);
    auto tokens = api::TokenStore::fromText("operator bench bench-operator-token-01\n");
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        QTemporaryDir dir;
        service::BackendOptions options;
        options.workspace = dir.filePath(QStringLiteral("ws.rampart"));
        c.outboxDirectory = dir.filePath(QStringLiteral("outbox"));
        plan->flag = "bench-api-rollback-" + std::to_string(i); // a fresh flag each time
        service::RolloutController controller(service::controllerConfig(*plan, c, options, "bench", std::chrono::milliseconds(0)));
        bool started = false;
        QObject ctx;
        QObject::connect(&controller, &service::RolloutController::commandFinished, &ctx,
                         [&](const service::CommandResult &r) { started = started || (r.kind == service::CommandKind::Start && r.ok()); });
        controller.start();
        controller.startRollout("bench");
        for (int w = 0; w < 200 && !started; ++w) {
            QEventLoop loop;
            QTimer::singleShot(10, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!started) {
            std::fprintf(stderr, "iteration %d: the rollout did not start\n", i);
            return 1;
        }
        auto views = std::make_shared<api::RolloutViewSource>(
            *plan, [c, options] { return service::openBackends(c, options); }, nullptr, std::chrono::milliseconds(1000));
        api::ApiOptions apiOptions;
        apiOptions.limits.requestsPerSecond = 0;
        api::ApiService service(views, &controller, *tokens, apiOptions);
        if (!views->view())
            return 1;
        api::ApiRequest r{"POST",
                          QStringLiteral("/api/flags/") + QString::fromStdString(plan->flag),
                          R"({"percentage": 0})",
                          "Bearer bench-operator-token-01",
                          QStringLiteral("127.0.0.1"),
                          {}};
        QElapsedTimer t;
        t.start();
        api::ApiResponse out;
        if (direct) { // the controller's rollback alone, for comparison
            bool done = false;
            QObject::connect(&controller, &service::RolloutController::commandFinished, &ctx,
                             [&](const service::CommandResult &res) { done = done || res.kind == service::CommandKind::Rollback; });
            controller.rollback("bench", "bench");
            while (!done) {
                QEventLoop loop;
                QTimer::singleShot(1, &loop, &QEventLoop::quit);
                loop.exec();
            }
            out.status = 200;
        } else {
            out = service.handle(r);
        }
        const double elapsed = t.nsecsElapsed() / 1e6;
        if (out.status != 200) {
            std::fprintf(stderr, "iteration %d: %d %s\n", i, out.status, out.body.constData());
            return 1;
        }
        ms.push_back(elapsed);
        if (stateMode) { // the state after the 200: shown at once, or after how long?
            QElapsedTimer since;
            since.start();
            const api::ApiRequest get{"GET", QStringLiteral("/api/rollout/state"), {},
                                      {},    QStringLiteral("127.0.0.1"),          {}};
            for (;;) {
                const api::ApiResponse state = service.handle(get);
                if (state.body.contains("\"status\":\"rolled_back\""))
                    break;
                ++staleReads;
                if (since.elapsed() > 30000) {
                    std::fprintf(stderr, "iteration %d: the state never showed the rollback: %s\n", i,
                                 state.body.constData());
                    return 1;
                }
                QEventLoop loop;
                QTimer::singleShot(1, &loop, &QEventLoop::quit);
                loop.exec();
            }
            lag.push_back(static_cast<double>(since.nsecsElapsed()) / 1e6);
        }
        if (std::getenv("BENCH_VERBOSE"))
            std::fprintf(stderr, "%.2f %s\n", elapsed, out.body.constData());
        controller.stop();
    }
    if (stateMode) {
        std::sort(lag.begin(), lag.end());
        const auto ql
            = [&](double p) { return lag[std::min(lag.size() - 1, static_cast<std::size_t>(p * double(lag.size())))]; };
        std::printf("state after the rollback's 200, %zu iterations: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d reads "
                    "saw the old state\n",
                    lag.size(), ql(0.5), ql(0.99), lag.back(), staleReads);
    }
    std::sort(ms.begin(), ms.end());
    const auto q = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * double(ms.size())))]; };
    std::printf("%s %zu iterations: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", direct ? "controller rollback() alone," : "rollback via API,", ms.size(), q(0.5),
                q(0.9), q(0.99), ms.back());
    return 0;
}
