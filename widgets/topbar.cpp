#include "topbar.h"

#include "wording.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

namespace rampart::widgets {

using models::Wording;

TopBar::TopBar(QWidget *parent)
    : QFrame(parent),
      m_agent(new QLabel(this)),
      m_percentage(new QLabel(this)),
      m_connection(new QLabel(this)),
      m_recommendation(new QLabel(this)),
      m_rollback(new QPushButton(tr("&Roll back"), this)),
      m_hold(new QPushButton(tr("&Hold"), this)),
      m_resume(new QPushButton(tr("Res&ume"), this)),
      m_stop(new QPushButton(tr("Stop (0%)"), this))
{
    setObjectName(QStringLiteral("topBar"));
    setFrameShape(QFrame::StyledPanel);
    QFont big = m_percentage->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_percentage->setFont(big);
    m_percentage->setText(tr("flag not read yet"));
    m_recommendation->setWordWrap(true);
    m_recommendation->setText(tr("No recommendation yet."));
    m_connectionState = tr("not connected");
    m_connection->setText(m_connectionState);
    for (QLabel *label : {m_agent, m_percentage, m_connection, m_recommendation})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_rollback->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_rollback->setToolTip(tr("Roll back to the last stable stage now (Ctrl+Shift+R)"));
    m_rollback->setAccessibleName(tr("Roll back"));
    m_rollback->setStyleSheet(QStringLiteral("QPushButton:enabled { background: #b3261e; color: white; font-weight: bold; padding: 6px 14px; }"));
    m_hold->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    m_hold->setToolTip(tr("Freeze the rollout at its percentage, with a reason (Ctrl+Shift+H)"));
    m_hold->setAccessibleName(tr("Hold"));
    m_resume->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_resume->setToolTip(tr("Restart from the last stable stage, with a written justification (Ctrl+Shift+U)"));
    m_resume->setAccessibleName(tr("Resume"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Kill switch: the flag to 0% now, whatever the last stable stage, with a reason"));
    m_stop->setAccessibleName(tr("Stop at 0%"));

    auto *layout = new QGridLayout(this);
    layout->addWidget(m_agent, 0, 0);
    layout->addWidget(m_percentage, 1, 0);
    layout->addWidget(m_connection, 2, 0);
    layout->addWidget(m_recommendation, 0, 1, 3, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_hold);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_rollback);
    buttons->addWidget(m_stop);
    layout->addLayout(buttons, 0, 2, 3, 1, Qt::AlignVCenter);
    layout->setColumnStretch(1, 1);

    connect(m_rollback, &QPushButton::clicked, this, &TopBar::rollbackClicked);
    connect(m_hold, &QPushButton::clicked, this, &TopBar::holdClicked);
    connect(m_resume, &QPushButton::clicked, this, &TopBar::resumeClicked);
    connect(m_stop, &QPushButton::clicked, this, &TopBar::stopClicked);
    updateButtons();
}

QString TopBar::percentageText() const
{
    return m_percentage->text();
}

QString TopBar::connectionText() const
{
    return m_connection->text();
}

QString TopBar::recommendationText() const
{
    return m_recommendation->text();
}

void TopBar::setPlan(const rollout::Plan &plan)
{
    m_agent->setText(tr("Agent %1 · flag %2").arg(QString::fromStdString(plan.agent), QString::fromStdString(plan.flag)));
}

void TopBar::setFlagState(const flags::FlagState &flag, const QDateTime &confirmedAt)
{
    m_percentageValue = flag.percentage;
    QString text = tr("%1 · confirmed %2").arg(Wording::percent(flag.percentage), QLocale().toString(confirmedAt.time(), QLocale::LongFormat));
    m_percentage->setText(text);
    m_percentage->setAccessibleName(text);
    m_percentage->setToolTip(tr("Version %1, last changed by %2: %3")
                                 .arg(flag.version)
                                 .arg(QString::fromStdString(flag.updatedBy), QString::fromStdString(flag.reason)));
    m_changedBy = flag.updatedBy.empty() ? QString() : tr("changed by %1").arg(QString::fromStdString(flag.updatedBy));
    updateConnectionLine();
    updateButtons();
}

void TopBar::setConnection(bool connected, const QString &detail)
{
    const QString state = connected ? tr("● connected") : tr("○ disconnected");
    m_connectionState = detail.isEmpty() ? state : tr("%1 (%2)").arg(state, detail);
    m_connected = connected;
    updateConnectionLine();
}

void TopBar::updateConnectionLine()
{
    const QString text = m_changedBy.isEmpty() ? m_connectionState : m_connectionState + QStringLiteral(" · ") + m_changedBy;
    m_connection->setText(text);
    m_connection->setAccessibleName(text);
    m_connection->setStyleSheet(m_connected ? QString() : QStringLiteral("color: #d93a3a;"));
}

void TopBar::setDecision(const rollout::Decision &decision)
{
    QString first;
    if (!decision.reasons.empty()) {
        const rollout::Reason &r = decision.reasons.front();
        first = Wording::reason(r, Wording::reasonGateLabel(r, decision));
    }
    const QString text = tr("Recommendation: %1. %2").arg(Wording::action(decision.action), first);
    m_recommendation->setText(text);
    m_recommendation->setToolTip(decision.reasons.empty() ? QString() : QString::fromStdString(decision.reasons.front().message));
    m_recommendation->setAccessibleName(text);
}

void TopBar::setRolloutStatus(rollout::RolloutStatus status)
{
    m_status = status;
    updateButtons();
}

void TopBar::setCommandsAllowed(bool allowed, const QString &why, bool rollbackStillAllowed)
{
    m_allowed = allowed;
    m_rollbackAllowed = allowed || rollbackStillAllowed;
    for (QPushButton *b : {m_rollback, m_hold, m_resume, m_stop})
        b->setAccessibleDescription(allowed ? QString() : why);
    updateButtons();
}

void TopBar::updateButtons()
{
    using rollout::RolloutStatus;
    // Roll back is disabled only at 0%: a failed attempt leaves it ready to retry.
    m_rollback->setEnabled(m_rollbackAllowed && (!m_percentageValue || *m_percentageValue > 0.0));
    m_stop->setEnabled(m_rollbackAllowed && (!m_percentageValue || *m_percentageValue > 0.0));
    const bool active = m_status == RolloutStatus::Running || m_status == RolloutStatus::AwaitingSignOff;
    m_hold->setEnabled(m_allowed && active);
    m_resume->setEnabled(m_allowed && (m_status == RolloutStatus::RolledBack || m_status == RolloutStatus::Holding));
}

} // namespace rampart::widgets
