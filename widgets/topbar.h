#pragma once

// Always visible: the agent and flag, the percentage as last confirmed from the flag store
// (with the time, the connection state and who changed it), the controller's
// recommendation with its first reason, and the Roll back / Hold / Resume buttons.

#include "flags/flagstore.h"
#include "rollout/decision.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"

#include <QDateTime>
#include <QFrame>

class QLabel;
class QPushButton;

namespace rampart::widgets {

class TopBar : public QFrame
{
    Q_OBJECT

public:
    explicit TopBar(QWidget *parent = nullptr);

    QPushButton *rollbackButton() const { return m_rollback; }
    QPushButton *holdButton() const { return m_hold; }
    QPushButton *resumeButton() const { return m_resume; }
    /// The kill switch: 0% whatever the last stable stage, with a reason.
    QPushButton *stopButton() const { return m_stop; }
    QString percentageText() const;
    QString recommendationText() const;
    QString connectionText() const;

public Q_SLOTS:
    void setPlan(const rampart::rollout::Plan &plan);
    /// The flag as read back from the store at `confirmedAt` (local wall-clock time).
    void setFlagState(const rampart::flags::FlagState &flag, const QDateTime &confirmedAt);
    void setConnection(bool connected, const QString &detail);
    void setDecision(const rampart::rollout::Decision &decision);
    void setRolloutStatus(rampart::rollout::RolloutStatus status);
    /// Whether this user may hold, resume and roll back at all (team mode: the token's role
    /// and a live connection). When not, the buttons stay disabled and say why;
    /// `rollbackStillAllowed` keeps Roll back and Stop (0%) enabled (team mode's break-glass).
    void setCommandsAllowed(bool allowed, const QString &why, bool rollbackStillAllowed = false);

Q_SIGNALS:
    void rollbackClicked();
    void holdClicked();
    void resumeClicked();
    void stopClicked();

private:
    void updateButtons();
    void updateConnectionLine();

    QLabel *m_agent;
    QLabel *m_percentage;
    QLabel *m_connection;
    QLabel *m_recommendation;
    QPushButton *m_rollback;
    QPushButton *m_hold;
    QPushButton *m_resume;
    QPushButton *m_stop;
    std::optional<double> m_percentageValue;
    bool m_allowed = true;
    bool m_rollbackAllowed = true;
    QString m_connectionState;
    QString m_changedBy;
    bool m_connected = false;
    rollout::RolloutStatus m_status = rollout::RolloutStatus::Running;
};

} // namespace rampart::widgets
