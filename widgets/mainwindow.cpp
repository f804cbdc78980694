#include "mainwindow.h"

#include "auditpage.h"
#include "banner.h"
#include "cohortspage.h"
#include "historypage.h"
#include "plannerpage.h"
#include "reasonprompt.h"
#include "reportexport.h"
#include "rolloutpage.h"
#include "settingspage.h"
#include "signoffpage.h"
#include "topbar.h"
#include "wording.h"

#include <QAbstractItemView>
#include <QHBoxLayout>
#include <QListWidget>
#include <QLocale>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace rampart::widgets {

using models::Wording;

QStringList MainWindow::pageNames()
{
    return {QStringLiteral("rollout"), QStringLiteral("cohorts"), QStringLiteral("signoff"), QStringLiteral("planner"),
            QStringLiteral("history"), QStringLiteral("audit"), QStringLiteral("settings")};
}

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_gates(new models::GateTableModel(this)), m_topBar(new TopBar(this)),
      m_prompt(new ReasonPrompt(this)), m_banner(new Banner(this)), m_pageList(new QListWidget(this)),
      m_stack(new QStackedWidget(this))
{
    setWindowTitle(tr("Rampart"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_topBar);
    layout->addWidget(m_prompt);
    layout->addWidget(m_banner);
    auto *body = new QHBoxLayout;
    body->addWidget(m_pageList);
    body->addWidget(m_stack, 1);
    layout->addLayout(body, 1);
    setCentralWidget(central);
    buildPages(settings);

    // Tab leaves a table or tree (arrow keys move inside it), so the keyboard never gets
    // trapped cycling through cells on the way to Roll back.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->setTabKeyNavigation(false);
    m_pageList->setAccessibleName(tr("Pages"));
    m_pageList->setFixedWidth(m_pageList->sizeHintForColumn(0) + 36);
    connect(m_pageList, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_pageList->setCurrentRow(0);
    for (int i = 0; i < m_pageList->count(); ++i) {
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] { m_pageList->setCurrentRow(i); });
    }

    connect(m_topBar, &TopBar::rollbackClicked, this, [this] {
        m_banner->showMessage(Banner::Kind::Info, tr("Rolling back…"));
        Q_EMIT rollbackRequested();
    });
    connect(m_topBar, &TopBar::holdClicked, this, [this] {
        m_promptFor = PromptFor::Hold;
        m_prompt->ask(tr("Why hold the rollout?"), tr("Hold"), MinimumHoldReason);
    });
    connect(m_topBar, &TopBar::resumeClicked, this, [this] {
        m_promptFor = PromptFor::Resume;
        m_prompt->ask(tr("Why is it safe to resume from the last stable stage?"), tr("Resume"), MinimumResumeJustification);
    });
    connect(m_topBar, &TopBar::stopClicked, this, [this] {
        m_promptFor = PromptFor::Stop;
        m_prompt->ask(tr("Why stop the rollout at 0%, below the last stable stage?"), tr("Stop (0%)"),
                      MinimumHoldReason);
    });
    connect(m_prompt, &ReasonPrompt::confirmed, this, [this](const QString &text) {
        const PromptFor what = std::exchange(m_promptFor, PromptFor::Nothing);
        if (what == PromptFor::Hold)
            Q_EMIT holdRequested(text);
        else if (what == PromptFor::Resume)
            Q_EMIT resumeRequested(text);
        else if (what == PromptFor::Stop) {
            m_banner->showMessage(Banner::Kind::Info, tr("Stopping at 0%…"));
            Q_EMIT stopRequested(text);
        }
    });
    connect(m_prompt, &ReasonPrompt::cancelled, this, [this] { m_promptFor = PromptFor::Nothing; });
    statusBar()->showMessage(tr("No rollout controller connected."));
}

void MainWindow::buildPages(QSettings *settings)
{
    m_rollout = new RolloutPage(m_gates, this);
    m_cohorts = new CohortsPage(this);
    m_signOff = new SignOffPage(m_gates, m_cohorts->metricsModel(), this);
    m_planner = new PlannerPage(this);
    m_history = new HistoryPage(this);
    m_audit = new AuditPage(this);
    m_settingsPage = new SettingsPage(settings, this);
    const QList<QPair<QString, QWidget *>> pages = {
        {tr("Rollout"), m_rollout}, {tr("Cohorts"), m_cohorts}, {tr("Sign-off"), m_signOff}, {tr("Planner"), m_planner},
        {tr("History"), m_history}, {tr("Audit"), m_audit},     {tr("Settings"), m_settingsPage},
    };
    for (int i = 0; i < pages.size(); ++i) {
        auto *item = new QListWidgetItem(pages[i].first, m_pageList);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(pages[i].first).arg(i + 1));
        pages[i].second->setAccessibleName(pages[i].first);
        m_stack->addWidget(pages[i].second);
    }
    connect(m_signOff, &SignOffPage::signOffRequested, this, &MainWindow::signOffRequested);
    connect(m_signOff, &SignOffPage::advanceRequested, this, &MainWindow::advanceRequested);
    connect(m_signOff, &SignOffPage::overrideRequested, this, &MainWindow::overrideRequested);
    connect(m_settingsPage, &SettingsPage::evaluationIntervalChanged, this, &MainWindow::evaluationIntervalChanged);
}

bool MainWindow::showPage(const QString &name)
{
    const qsizetype index = pageNames().indexOf(name);
    if (index < 0)
        return false;
    m_pageList->setCurrentRow(static_cast<int>(index));
    return true;
}

QString MainWindow::currentPageName() const
{
    return pageNames().value(m_stack->currentIndex());
}

void MainWindow::setPlan(const rollout::Plan &plan)
{
    m_plan = plan;
    m_topBar->setPlan(plan);
    m_history->setDefaultAgent(QString::fromStdString(plan.agent));
    m_history->reportExport()->setPlan(plan);
}

void MainWindow::setDecision(const rollout::Decision &decision, const QString &evidenceHash)
{
    m_gates->setData(decision, m_plan);
    m_topBar->setDecision(decision);
    m_cohorts->setDecision(decision, m_plan);
    m_signOff->setDecision(decision, m_plan, evidenceHash);
}

void MainWindow::setTimeline(const models::TimelineSnapshot &snapshot)
{
    m_rollout->setTimeline(snapshot);
    m_cohorts->setRolloutState(snapshot.state);
    m_topBar->setRolloutStatus(snapshot.state.status);
}

void MainWindow::setEvaluationInput(const models::EvaluationInput &input)
{
    m_history->setEvaluationInput(input);
    m_cohorts->setEvaluationInput(input);
}

void MainWindow::setFlagState(const flags::FlagState &flag, const QDateTime &confirmedAt)
{
    m_flagVersion = flag.version;
    m_topBar->setFlagState(flag, confirmedAt);
}

void MainWindow::setConnectionState(bool connected, const QString &detail)
{
    m_topBar->setConnection(connected, detail);
}

void MainWindow::setPermissions(bool mayOperate, bool maySignOff, const QString &signer, const QString &why,
                                bool mayRollBackOnly)
{
    m_topBar->setCommandsAllowed(mayOperate, why, mayRollBackOnly);
    m_signOff->setPermissions(maySignOff, mayOperate, signer);
}

void MainWindow::showRollbackConfirmed(const flags::FlagState &flag, const QDateTime &confirmedAt)
{
    m_flagVersion = flag.version;
    m_topBar->setFlagState(flag, confirmedAt);
    m_banner->showMessage(Banner::Kind::Success,
                          tr("Rolled back: the flag reads %1 (version %2), confirmed %3.")
                              .arg(Wording::percent(flag.percentage))
                              .arg(flag.version)
                              .arg(QLocale().toString(confirmedAt.time(), QLocale::LongFormat)));
}

void MainWindow::showCommandFailed(const QString &command, const QString &why)
{
    m_banner->showMessage(Banner::Kind::Error, tr("%1 failed: %2").arg(command, why));
}

void MainWindow::showCommandSucceeded(const QString &message)
{
    m_banner->showMessage(Banner::Kind::Success, message);
}

void MainWindow::setSourceDescription(const QString &text)
{
    statusBar()->showMessage(text);
}

} // namespace rampart::widgets
