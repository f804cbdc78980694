// RolloutViewSource: stale-while-revalidate, and the refresher's SQLite connection closed on
// its own thread.

#include "api/rolloutview.h"
#include "io/planjson.h"
#include "store/sqliteevidencestore.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace rampart;
using namespace std::chrono_literals;

namespace {

std::atomic<int> g_wrongThreadWarnings{0};
QtMessageHandler g_previous = nullptr;

void countWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not belong to the calling thread")))
        ++g_wrongThreadWarnings;
    if (g_previous)
        g_previous(type, context, message);
}

std::function<Result<service::ControllerBackends>()> backendsFor(const QString &workspace,
                                                                 std::shared_ptr<flags::FlagStore> flags,
                                                                 std::atomic<int> *builds)
{
    return [workspace, flags, builds]() -> Result<service::ControllerBackends> {
        ++*builds;
        auto s = store::SqliteEvidenceStore::open(workspace);
        if (!s)
            return s.error();
        service::ControllerBackends b;
        b.store = std::move(s).value();
        b.flags = flags;
        return b;
    };
}

TEST(RolloutViewSource, StaleViewIsAnsweredAtOnceWhileTheNextIsBuiltInTheBackground)
{
    QTemporaryDir dir;
    auto loaded = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    ASSERT_TRUE(loaded);
    auto plan = std::make_optional<rollout::Plan>(*loaded);
    plan->serviceGates.clear();
    std::shared_ptr<flags::FlagStore> flags(flags::makeMemoryFlagStore());
    std::atomic<int> builds{0};
    api::RolloutViewSource views(*plan, backendsFor(dir.filePath(QStringLiteral("ws.rampart")), flags, &builds), nullptr, 20ms);
    auto first = views.view();
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(builds.load(), 1); // the first view is built on this thread
    std::this_thread::sleep_for(40ms);
    auto stale = views.view();
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->get(), first->get()); // answered at once, not rebuilt here
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(10ms);
        auto next = views.view();
        ASSERT_TRUE(next);
        if (next->get() != first->get())
            break;
    }
    EXPECT_NE(views.view()->get(), first->get()); // the refresher's view replaced it
    EXPECT_EQ(builds.load(), 2);                  // the refresher opened its own backends once
}

TEST(RolloutViewSource, RefresherBackendsAreClosedOnTheirOwnThread)
{
    g_wrongThreadWarnings = 0;
    g_previous = qInstallMessageHandler(countWarnings);
    {
        QTemporaryDir dir;
        auto loaded = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
        ASSERT_TRUE(loaded);
        auto plan = std::make_optional<rollout::Plan>(*loaded);
        plan->serviceGates.clear();
        std::shared_ptr<flags::FlagStore> flags(flags::makeMemoryFlagStore());
        std::atomic<int> builds{0};
        auto views = std::make_unique<api::RolloutViewSource>(
            *plan, backendsFor(dir.filePath(QStringLiteral("ws.rampart")), flags, &builds), nullptr, 5ms);
        ASSERT_TRUE(views->view());
        for (int i = 0; i < 20; ++i) {
            std::this_thread::sleep_for(10ms);
            ASSERT_TRUE(views->view());
        }
        views.reset();
    }
    qInstallMessageHandler(g_previous);
    EXPECT_EQ(g_wrongThreadWarnings.load(), 0);
}

} // namespace
