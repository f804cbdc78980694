// UI-thread cost of the console (offscreen platform, so it measures Qt's work, not a GPU):
//  - BM_DecisionRefresh: a new Decision + timeline handed to the main window (gate tree,
//    metrics, cohort chart, sign-off page, top bar) and the visible page repainted.
//  - BM_RollbackClickToBanner: the Roll back click through a FlagStore write and read-back
//    (in memory here; Redis adds its round trip, BM_FlagWriteWithReadBack) to the banner
//    and top bar repainted with the confirmed value.
// Snapshots come from the real GateEngine on resources/examples/.

#include "banner.h"
#include "cohortspage.h"
#include "examplescenario.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "topbar.h"

#include "flags/flagstore.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

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
