#include "demobar.h"

#include "wording.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>

namespace rampart::widgets {

DemoBar::DemoBar(QWidget *parent)
    : QFrame(parent), m_badge(new QLabel(tr("DEMO"), this)), m_status(new QLabel(this)), m_event(new QLabel(this)),
      m_pause(new QPushButton(tr("&Pause demo"), this)), m_autopilot(new QCheckBox(tr("&Autopilot"), this))
{
    setObjectName(QStringLiteral("demoBar"));
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Demo progress"));
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: #6a1b9a; color: white; font-weight: bold; padding: 2px 8px; }"));
    m_badge->setToolTip(tr("A simulated rollout: the traffic comes from the simulator and the clock runs fast."));
    m_status->setText(tr("Starting the simulated rollout…"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_event->setWordWrap(true);
    m_event->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pause->setCheckable(true);
    m_pause->setObjectName(QStringLiteral("demoPauseButton"));
    m_pause->setToolTip(tr("Stop the simulated clock and traffic (the controller keeps its state)"));
    m_pause->setAccessibleName(tr("Pause demo"));
    m_autopilot->setObjectName(QStringLiteral("demoAutopilot"));
    m_autopilot->setToolTip(tr("Let the demo sign off, advance and resume by itself; off: you do it with the buttons"));
    m_autopilot->setAccessibleName(tr("Autopilot"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 3, 6, 3);
    m_badge->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    layout->addWidget(m_badge, 0, Qt::AlignVCenter);
    layout->addWidget(m_status);
    layout->addWidget(m_event, 1);
    layout->addWidget(m_autopilot);
    layout->addWidget(m_pause);

    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("&Continue demo") : tr("&Pause demo"));
        Q_EMIT pauseToggled(paused);
    });
    connect(m_autopilot, &QCheckBox::toggled, this, &DemoBar::autopilotToggled);
}

void DemoBar::setStatus(const DemoBarStatus &s)
{
    const QLocale locale;
    QString where = s.stage.isEmpty() ? tr("not started") : tr("%1 (%2)").arg(models::Wording::percent(s.percentage), s.stage);
    if (s.finished)
        where = tr("finished at %1").arg(models::Wording::percent(s.percentage));
    m_status->setText(tr("Day %1 · %2 · %3 · %4 simulated answers")
                          .arg(locale.toString(s.simulatedDays, 'f', 1),
                               locale.toString(s.simulatedNow, QLocale::ShortFormat), where, locale.toString(s.events)));
    {
        const QSignalBlocker block(m_autopilot);
        m_autopilot->setChecked(s.autopilot);
    }
    {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(s.paused);
        m_pause->setText(s.paused ? tr("&Continue demo") : tr("&Pause demo"));
    }
    m_pause->setEnabled(!s.finished);
    m_autopilot->setEnabled(!s.finished);
}

void DemoBar::setLastEvent(const QString &text, bool alarm)
{
    m_event->setText(text);
    m_event->setStyleSheet(alarm ? QStringLiteral("QLabel { color: #d32f2f; font-weight: bold; }") : QString());
}

QString DemoBar::statusText() const
{
    return m_status->text();
}

QString DemoBar::lastEvent() const
{
    return m_event->text();
}

} // namespace rampart::widgets
