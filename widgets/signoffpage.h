#pragma once

// The stakeholder's screen: the evidence being approved (decision, first reason, evidence
// hash, gate table, key metrics), the approve / reject form with name, role and comment,
// Advance — enabled only when the engine's decision is an advance (every gate passes and
// the approvals exist) — and an override that needs a written justification.

#include "gatetablemodel.h"
#include "metricsmodel.h"
#include "rollout/decision.h"
#include "rollout/plan.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeView;

namespace rampart::widgets {

class ReasonPrompt;

class SignOffPage : public QWidget
{
    Q_OBJECT

public:
    SignOffPage(models::GateTableModel *gates, models::MetricsModel *metrics, QWidget *parent = nullptr);

    QPushButton *approveButton() const { return m_approve; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *advanceButton() const { return m_advance; }
    QPushButton *overrideButton() const { return m_override; }
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *commentEdit() const { return m_comment; }
    ReasonPrompt *overridePrompt() const { return m_prompt; }
    QString evidenceHash() const { return m_hash; }

    /// Justifications shorter than this are refused (the engine's own rule for overrides).
    static constexpr int MinimumJustification = 20;

public Q_SLOTS:
    void setDecision(const rampart::rollout::Decision &decision, const rampart::rollout::Plan &plan,
                     const QString &evidenceHash);

    /// Team mode: whether this user may sign off (a stakeholder's token) and advance (an
    /// operator's), and the signer's name from the token (the name field then shows it and
    /// cannot be edited: the server records the token's principal, never a typed name).
    void setPermissions(bool maySignOff, bool mayOperate, const QString &signer);

Q_SIGNALS:
    void signOffRequested(bool approve, const QString &name, const QString &role, const QString &comment,
                          const QString &evidenceHash);
    void advanceRequested(const QString &evidenceHash);
    void overrideRequested(const QString &justification, const QString &evidenceHash);

private:
    void updateForm();
    bool m_maySignOff = true;
    bool m_mayOperate = true;

    QLabel *m_decision;
    QLabel *m_hashLabel;
    QTreeView *m_gates;
    QLineEdit *m_name;
    QComboBox *m_role;
    QPlainTextEdit *m_comment;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPushButton *m_advance;
    QPushButton *m_override;
    ReasonPrompt *m_prompt;
    QString m_hash;
    rollout::Action m_action = rollout::Action::Hold;
    bool m_hasDecision = false;
};

} // namespace rampart::widgets
