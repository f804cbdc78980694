#pragma once

// The console's main window: the top bar (always visible), an inline prompt and a result
// banner under it, and the pages in a side list + stacked widget. Everything the rollout
// controller produces arrives through the public slots below as immutable snapshots, and
// every operator action leaves through a signal, so wiring the controller is a few connects.

#include "flags/flagstore.h"
#include "gatetablemodel.h"
#include "metricsmodel.h"
#include "rollout/decision.h"
#include "rollout/plan.h"
#include "snapshots.h"

#include <QDateTime>
#include <QMainWindow>

class QListWidget;
class QSettings;
class QStackedWidget;

namespace rampart::widgets {

class AuditPage;
class Banner;
class CohortsPage;
class HistoryPage;
class PlannerPage;
class ReasonPrompt;
class RolloutPage;
class SettingsPage;
class SignOffPage;
class TopBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Page names for --page and pageIndex(), in side-list order.
    static QStringList pageNames();
    /// Minimum length of a Hold reason and a Resume justification.
    static constexpr int MinimumHoldReason = 5;
    static constexpr int MinimumResumeJustification = 20;

    explicit MainWindow(QSettings *settings, QWidget *parent = nullptr);

    bool showPage(const QString &name);
    QString currentPageName() const;

    TopBar *topBar() const { return m_topBar; }
    Banner *banner() const { return m_banner; }
    ReasonPrompt *prompt() const { return m_prompt; }
    RolloutPage *rolloutPage() const { return m_rollout; }
    CohortsPage *cohortsPage() const { return m_cohorts; }
    SignOffPage *signOffPage() const { return m_signOff; }
    PlannerPage *plannerPage() const { return m_planner; }
    HistoryPage *historyPage() const { return m_history; }
    AuditPage *auditPage() const { return m_audit; }
    SettingsPage *settingsPage() const { return m_settingsPage; }
    models::GateTableModel *gateModel() const { return m_gates; }
    /// The version of the flag last shown (0 before any): what an advance or resume request
    /// was based on, for the controller's compare-and-set.
    std::int64_t shownFlagVersion() const { return m_flagVersion; }

public Q_SLOTS:
    void setPlan(const rampart::rollout::Plan &plan);
    /// A new evaluation: the checklist, the metrics, the recommendation and the sign-off page.
    void setDecision(const rampart::rollout::Decision &decision, const QString &evidenceHash);
    void setTimeline(const rampart::models::TimelineSnapshot &snapshot);
    /// The plan, state, evidence and time behind the current decision (History's re-run).
    void setEvaluationInput(const rampart::models::EvaluationInput &input);
    /// The flag as read from the store (also a change made by another operator).
    void setFlagState(const rampart::flags::FlagState &flag, const QDateTime &confirmedAt);
    void setConnectionState(bool connected, const QString &detail);
    /// The controller's answer to rollbackRequested(): the value read back after the write.
    void showRollbackConfirmed(const rampart::flags::FlagState &flag, const QDateTime &confirmedAt);
    /// Any command that failed: a red banner that stays; the buttons stay ready to retry.
    void showCommandFailed(const QString &command, const QString &why);
    void showCommandSucceeded(const QString &message);
    /// What this user may do (team mode: the token's role and a live connection): hold,
    /// resume, roll back and advance need `mayOperate`; approve and reject `maySignOff`.
    /// `signer` (the token's principal) fills the sign-off name; `why` says why not.
    /// `mayRollBackOnly`: Roll back and Stop (0%) stay enabled (break-glass while disconnected).
    void setPermissions(bool mayOperate, bool maySignOff, const QString &signer, const QString &why,
                        bool mayRollBackOnly = false);
    /// A line in the status bar, e.g. where the shown snapshot came from.
    void setSourceDescription(const QString &text);

Q_SIGNALS:
    void rollbackRequested();
    void holdRequested(const QString &reason);
    void resumeRequested(const QString &justification);
    /// The kill switch (0% whatever the last stable stage), with the operator's reason.
    void stopRequested(const QString &reason);
    void signOffRequested(bool approve, const QString &name, const QString &role, const QString &comment,
                          const QString &evidenceHash);
    void advanceRequested(const QString &evidenceHash);
    void overrideRequested(const QString &justification, const QString &evidenceHash);
    void evaluationIntervalChanged(int seconds);

private:
    void buildPages(QSettings *settings);

    rollout::Plan m_plan;
    std::int64_t m_flagVersion = 0;
    models::GateTableModel *m_gates;
    TopBar *m_topBar;
    ReasonPrompt *m_prompt;
    Banner *m_banner;
    QListWidget *m_pageList;
    QStackedWidget *m_stack;
    RolloutPage *m_rollout = nullptr;
    CohortsPage *m_cohorts = nullptr;
    SignOffPage *m_signOff = nullptr;
    PlannerPage *m_planner = nullptr;
    HistoryPage *m_history = nullptr;
    AuditPage *m_audit = nullptr;
    SettingsPage *m_settingsPage = nullptr;
    enum class PromptFor { Nothing, Hold, Resume, Stop } m_promptFor = PromptFor::Nothing;
};

} // namespace rampart::widgets
