#include "demomode.h"

#include "auditpage.h"
#include "examplescenario.h"
#include "historypage.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "wording.h"

#include "flags/flagstore.h"
#include "io/planjson.h"
#include "store/sqliteevidencestore.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <QToolBar>

#include <cmath>

namespace rampart::console {

namespace {

QString planMetricLabel(const rollout::Plan &plan, const std::string &gate)
{
    const std::string prefix = "metric:";
    const std::string name = gate.rfind(prefix, 0) == 0 ? gate.substr(prefix.size()) : gate;
    for (const rollout::MetricSpec &m : plan.metrics)
        if (m.name == name)
            return QString::fromStdString(m.label.empty() ? m.name : m.label);
    return QString::fromStdString(gate);
}

QString fileSafe(const QString &text)
{
    QString out;
    for (const QChar c : text)
        out += c.isLetterOrNumber() ? c.toLower() : QLatin1Char('-');
    return out;
}

} // namespace

DemoMode::DemoMode(DemoModeOptions options, QSettings *settings, LanguageInstaller *languages, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_settings(settings), m_languages(languages)
{
}

DemoMode::~DemoMode()
{
    if (m_run)
        m_run->stop();
    if (m_session)
        m_session->stop();
}

Status DemoMode::start()
{
    auto plan = io::loadPlanFile(resourcesDirectory() + QStringLiteral("/plans/documentation-keeper.json"));
    if (!plan)
        return plan.error();
    const rollout::Plan demoPlan = service::demoPlan(*plan);

    // A new workspace for every demo: it never replays into an earlier rollout.
    QString directory = m_options.directory;
    if (directory.isEmpty()) {
        m_tempDir.emplace();
        if (!m_tempDir->isValid())
            return makeError("io_error", "demo_dir", "Cannot create a temporary directory for the demo workspace.");
        directory = m_tempDir->path();
    }
    if (!QDir().mkpath(directory))
        return makeError("io_error", "demo_dir", "Cannot create the directory " + directory.toStdString() + ".");
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    m_workspace = QDir(directory).filePath(QStringLiteral("demo-%1.rampart").arg(stamp));
    for (int n = 2; QFileInfo::exists(m_workspace); ++n)
        m_workspace = QDir(directory).filePath(QStringLiteral("demo-%1-%2.rampart").arg(stamp).arg(n));

    // The simulated two weeks end about now: the clock starts 15 days ago, on the hour.
    const auto now = std::chrono::floor<std::chrono::hours>(std::chrono::system_clock::now());
    m_clock = std::make_shared<service::SteppedClock>(
        rollout::TimePoint(std::chrono::duration_cast<rollout::Duration>((now - std::chrono::hours(24 * 15)).time_since_epoch())));
    std::shared_ptr<flags::FlagStore> memoryFlags(flags::makeMemoryFlagStore(m_clock));

    service::ControllerConfig config;
    config.plan = demoPlan;
    config.actor = "rampart-controller";
    config.interval = std::chrono::milliseconds(0); // the demo asks for every evaluation
    config.outboxDirectory = m_workspace + QStringLiteral(".outbox");
    config.clock = m_clock;
    const QString workspace = m_workspace;
    config.makeBackends = [workspace, memoryFlags]() -> Result<service::ControllerBackends> {
        auto opened = store::SqliteEvidenceStore::open(workspace);
        if (!opened)
            return opened.error();
        service::ControllerBackends b;
        b.store = std::move(opened).value();
        b.flags = memoryFlags;
        return b;
    };
    const QString name = m_settings->value(QStringLiteral("operator/name")).toString();
    m_session = std::make_unique<ConsoleSession>(std::move(config),
                                                 name.isEmpty() ? ConsoleSession::defaultActor() : name.toStdString());

    service::DemoRunOptions o;
    o.workspace = m_workspace;
    o.flags = memoryFlags;
    o.clock = m_clock;
    o.seed = m_options.seed;
    o.autopilot = m_options.autopilot || !m_options.screenshotDir.isEmpty();
    o.tickInterval = m_options.speed > 0.0
        ? std::chrono::milliseconds(std::llround(1000.0 * std::chrono::duration<double>(o.step).count() / 3600.0 / m_options.speed))
        : std::chrono::milliseconds(0);
    o.maxTicks = 24 * 40; // 40 simulated days: far beyond the plan's two weeks and the detour
    m_run = std::make_unique<service::DemoRun>(o, m_session->controller());
    connect(m_run.get(), &service::DemoRun::happened, this, &DemoMode::onEvent);
    connect(m_run.get(), &service::DemoRun::progressed, this, &DemoMode::onProgress);
    connect(m_run.get(), &service::DemoRun::finished, this, &DemoMode::onFinished);

    m_host = std::make_unique<WindowHost>(m_settings, m_languages, [this](widgets::MainWindow &w) { feed(w); });
    m_host->build();
    m_host->window()->resize(m_options.windowSize);
    m_host->window()->showPage(m_options.page);
    m_host->window()->show();
    m_session->start();
    if (!m_options.screenshotDir.isEmpty()) {
        if (!QDir().mkpath(m_options.screenshotDir))
            return makeError("io_error", "demo_screenshots", "Cannot create " + m_options.screenshotDir.toStdString() + ".");
        m_out << "workspace: " << m_workspace << Qt::endl;
    }
    return m_run->start();
}

void DemoMode::feed(widgets::MainWindow &window)
{
    m_session->feed(window);
    window.auditPage()->openFile(m_workspace); // both load on the thread pool
    window.historyPage()->openFile(m_workspace);
    auto *toolBar = new QToolBar(tr("Demo"), &window);
    toolBar->setObjectName(QStringLiteral("demoToolBar"));
    toolBar->setMovable(false);
    toolBar->setFloatable(false);
    auto *bar = new widgets::DemoBar(toolBar);
    bar->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(bar);
    window.addToolBar(Qt::TopToolBarArea, toolBar);
    m_bar = bar;
    connect(bar, &widgets::DemoBar::pauseToggled, this, [this](bool paused) {
        if (m_run)
            m_run->setPaused(paused);
    });
    connect(bar, &widgets::DemoBar::autopilotToggled, this, [this](bool on) {
        if (m_run)
            m_run->setAutopilot(on);
    });
    showProgress();
    if (m_lastEvent)
        m_bar->setLastEvent(describe(*m_lastEvent, m_session->controller()->plan()),
                            m_lastEvent->kind == service::DemoEvent::Kind::RolledBack);
}

QString DemoMode::describe(const service::DemoEvent &e, const rollout::Plan &plan)
{
    using Kind = service::DemoEvent::Kind;
    const QString stage = QString::fromStdString(e.stage);
    const QString pct = models::Wording::percent(e.percentage);
    switch (e.kind) {
    case Kind::Started:
        return tr("The simulated rollout started: traffic follows the flag, the clock runs fast.");
    case Kind::RegressionInjected:
        return tr("Injected: the ML answers got slower at %1 (%2). Watch the latency guardrail.").arg(pct, stage);
    case Kind::SignedOff:
        return tr("The autopilot signed off stage %1 (%n approval(s)).", nullptr, e.count).arg(stage);
    case Kind::Advanced:
        return tr("Advanced to %1 (%2).").arg(pct, stage);
    case Kind::RolledBack: {
        if (e.reasons.empty())
            return tr("The controller rolled back to %1.").arg(pct);
        const rollout::Reason &r = e.reasons.front();
        return tr("The controller rolled back to %1: %2").arg(pct, models::Wording::reason(r, planMetricLabel(plan, r.gate)));
    }
    case Kind::Resumed:
        return tr("The fix shipped: the autopilot resumed the rollout at %1 (%2).").arg(pct, stage);
    case Kind::UserTookOver:
        return tr("You gave a command: the autopilot is off. Switch it on to let the demo continue by itself.");
    case Kind::Completed:
        return tr("The rollout completed at %1 after the stability period.").arg(pct);
    case Kind::Stopped:
        return tr("The demo stopped: %1").arg(QString::fromStdString(e.detail));
    }
    return QString();
}

void DemoMode::onEvent(const service::DemoEvent &event)
{
    m_lastEvent = event;
    using Kind = service::DemoEvent::Kind;
    if (m_bar)
        m_bar->setLastEvent(describe(event, m_session->controller()->plan()), event.kind == Kind::RolledBack);
    if (!m_options.screenshotDir.isEmpty())
        m_out << models::Wording::dateTime(event.at) << "  " << describe(event, m_session->controller()->plan()) << Qt::endl;
    if (auto *w = window(); w && (event.kind == Kind::Advanced || event.kind == Kind::RolledBack || event.kind == Kind::Resumed)) {
        w->auditPage()->openFile(m_workspace); // refresh the trail and the history
        w->historyPage()->openFile(m_workspace);
    }
    if (m_options.screenshotDir.isEmpty())
        return;
    QString moment;
    if (event.kind == Kind::SignedOff)
        moment = QString::fromStdString(event.stage) + QStringLiteral("-signoff");
    else if (event.kind == Kind::RolledBack)
        moment = QStringLiteral("rollback");
    if (moment.isEmpty())
        return;
    m_run->setPaused(true); // nothing moves while the pages are saved
    QTimer::singleShot(0, this, [this, moment] { takeScreenshots(moment, false); });
}

void DemoMode::onProgress(const service::DemoProgress &)
{
    showProgress();
}

void DemoMode::showProgress()
{
    if (!m_bar || !m_run)
        return;
    const service::DemoProgress &p = m_run->progress();
    const rollout::Plan &plan = m_session->controller()->plan();
    widgets::DemoBarStatus s;
    s.simulatedNow = toDateTime(p.now);
    s.simulatedDays = std::chrono::duration<double>(p.now - p.start).count() / 86400.0;
    s.percentage = p.percentage;
    if (p.stage && *p.stage < plan.stages.size())
        s.stage = QString::fromStdString(plan.stages[*p.stage].name);
    s.events = p.eventsWritten;
    s.autopilot = p.autopilot;
    s.paused = p.paused && m_options.screenshotDir.isEmpty(); // the screenshot run pauses only to save the pages
    s.finished = p.finished;
    m_bar->setStatus(s);
}

void DemoMode::onFinished(bool completed, const QString &why)
{
    m_completed = completed;
    if (m_options.screenshotDir.isEmpty())
        return;
    if (!completed)
        m_out << "the demo did not complete: " << why << Qt::endl;
    QTimer::singleShot(0, this, [this] { takeScreenshots(QStringLiteral("end"), true); });
}

void DemoMode::takeScreenshots(const QString &moment, bool last)
{
    widgets::MainWindow *w = window();
    if (w) {
        ++m_moment;
        loadWorkspaceInto(*w, m_workspace); // the trail and the history as of now
        const QString prefix = QStringLiteral("%1-%2").arg(m_moment, 2, 10, QLatin1Char('0')).arg(fileSafe(moment));
        for (const QString &page : widgets::MainWindow::pageNames()) {
            const QString file = QDir(m_options.screenshotDir)
                                     .filePath(QStringLiteral("%1-%2-%3.png").arg(prefix, page, m_options.language));
            if (auto saved = saveScreenshot(*w, page, file); saved) {
                m_screenshots << file;
                m_out << file << Qt::endl;
            } else {
                m_out << "screenshot failed: " << QString::fromStdString(saved.error().message) << Qt::endl;
            }
        }
        w->showPage(m_options.page);
    }
    if (last) {
        m_out << m_screenshots.size() << " screenshots in " << QDir(m_options.screenshotDir).absolutePath() << Qt::endl;
        Q_EMIT finished(m_completed ? 0 : 1);
    } else if (m_run) {
        m_run->setPaused(false);
    }
}

} // namespace rampart::console
