// UI-thread cost of the console (offscreen platform, so it measures Qt's work, not a GPU):
//  - BM_DecisionRefresh: a new Decision + timeline handed to the main window (gate tree,
//    metrics, cohort chart, sign-off page, top bar) and the visible page repainted.
//  - BM_RollbackClickToBanner: the Roll back click through a FlagStore write and read-back
//    (in memory here; Redis adds its round trip, BM_FlagWriteWithReadBack) to the banner
//    and top bar repainted with the confirmed value.
//  - BM_RollbackClickThroughController: the same click through ConsoleSession and the live
//    RolloutController (its rollback lane writes the in-memory flag store and reads it back,
//    the audit record goes to the SQLite workspace) until the window shows the new version.
// Snapshots come from the real GateEngine on resources/examples/.

#include "banner.h"
#include "cohortspage.h"
#include "consolesession.h"
#include "examplescenario.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "topbar.h"

#include "flags/flagstore.h"
#include "store/sqliteevidencestore.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <vector>

namespace {

using rampart::widgets::MainWindow;

struct Window
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat};
    MainWindow window{&settings};
    rampart::console::ExampleScenario a = *rampart::console::loadExampleScenario(QStringLiteral("ready-for-signoff"));
    rampart::console::ExampleScenario b = *rampart::console::loadExampleScenario(QStringLiteral("guardrail-breach"));

    explicit Window(const char *page)
    {
        rampart::console::feedWindow(window, a);
        window.resize(1280, 860);
        window.showPage(QString::fromLatin1(page));
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            qWarning("the benchmark window was not exposed");
    }
};

void BM_DecisionRefresh(benchmark::State &state, const char *page)
{
    Window w(page);
    bool flip = false;
    for (auto _ : state) {
        const auto &s = flip ? w.a : w.b;
        flip = !flip;
        w.window.setDecision(s.decision, s.evidenceHash);
        w.window.setTimeline(s.timeline());
        w.window.cohortsPage()->flush();
        w.window.repaint();
    }
}
BENCHMARK_CAPTURE(BM_DecisionRefresh, rollout, "rollout")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecisionRefresh, cohorts, "cohorts")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecisionRefresh, signoff, "signoff")->Unit(benchmark::kMicrosecond);

void BM_RollbackClickToBanner(benchmark::State &state)
{
    Window w("rollout");
    auto store = rampart::flags::makeMemoryFlagStore();
    const std::string flag = w.a.plan.flag;
    QObject::connect(&w.window, &MainWindow::rollbackRequested, &w.window, [&] {
        rampart::flags::FlagWrite write{0.0, "rollback", "operator", "bench", std::nullopt};
        auto result = store->write(flag, write);
        w.window.showRollbackConfirmed(*result, QDateTime::currentDateTime());
    });
    rampart::flags::FlagState at25;
    at25.name = flag;
    at25.percentage = 25.0;
    for (auto _ : state) {
        state.PauseTiming();
        w.window.setFlagState(at25, QDateTime::currentDateTime()); // re-arm the button
        state.ResumeTiming();
        w.window.topBar()->rollbackButton()->click();
        w.window.repaint();
    }
}
BENCHMARK(BM_RollbackClickToBanner)->Unit(benchmark::kMicrosecond);

void BM_RollbackClickThroughController(benchmark::State &state)
{
    Window w("rollout");
    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("bench.rampart"));
    std::shared_ptr<rampart::flags::FlagStore> flags(rampart::flags::makeMemoryFlagStore());
    rampart::service::ControllerConfig config;
    config.plan = w.a.plan;
    config.interval = std::chrono::milliseconds(0);
    config.outboxDirectory = dir.filePath(QStringLiteral("outbox"));
    config.makeBackends = [workspace, flags]() -> rampart::Result<rampart::service::ControllerBackends> {
        auto opened = rampart::store::SqliteEvidenceStore::open(workspace);
        if (!opened)
            return opened.error();
        rampart::service::ControllerBackends b;
        b.store = std::move(opened).value();
        b.flags = flags;
        return b;
    };
    rampart::console::ConsoleSession session(std::move(config), "os:bench");
    session.setStartWhenPending(true);
    session.feed(w.window);
    session.start();
    const auto waitFor = [](const std::function<bool()> &done) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!done() && std::chrono::steady_clock::now() < end)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        return done();
    };
    if (!waitFor([&] { return flags->read(w.a.plan.flag).ok(); })) { // the example fed the window first
        state.SkipWithError("the controller did not start the rollout");
        return;
    }
    rampart::flags::FlagState at25;
    at25.name = w.a.plan.flag;
    at25.percentage = 25.0;
    std::vector<double> clickToScreenMs; // per click, for the p50/p99 the target is stated in
    for (auto _ : state) {
        state.PauseTiming();
        const std::int64_t before = flags->read(w.a.plan.flag)->version;
        at25.version = before;
        w.window.setFlagState(at25, QDateTime::currentDateTime()); // re-arm the button
        state.ResumeTiming();
        const auto clicked = std::chrono::steady_clock::now();
        w.window.topBar()->rollbackButton()->click();
        if (!waitFor([&] { return w.window.shownFlagVersion() > before; })) {
            state.SkipWithError("no confirmed rollback on screen");
            break;
        }
        w.window.repaint();
        clickToScreenMs.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - clicked).count());
    }
    session.stop();
    if (!clickToScreenMs.empty()) {
        std::sort(clickToScreenMs.begin(), clickToScreenMs.end());
        const auto at = [&](double q) {
            return clickToScreenMs[std::min(clickToScreenMs.size() - 1,
                                            static_cast<std::size_t>(q * static_cast<double>(clickToScreenMs.size())))];
        };
        state.counters["p50_ms"] = at(0.5);
        state.counters["p99_ms"] = at(0.99);
        state.counters["max_ms"] = clickToScreenMs.back();
    }
}
BENCHMARK(BM_RollbackClickThroughController)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
