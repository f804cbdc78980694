#pragma once

// The demo's strip above the console (docs/user-guide.md, "The demo"): what the simulated
// rollout is doing — the simulated date, the percentage and stage, the answers simulated so
// far and the last thing that happened — with Pause / Continue and the autopilot switch.
// It only shows what it is given and reports the user's clicks; the app's demo mode drives it.

#include <QDateTime>
#include <QFrame>
#include <QString>

class QCheckBox;
class QLabel;
class QPushButton;

namespace rampart::widgets {

/// What the strip shows, a value snapshot.
struct DemoBarStatus
{
    QDateTime simulatedNow;     ///< the demo clock, local time
    double simulatedDays = 0.0; ///< since the demo started
    double percentage = 0.0;
    QString stage;              ///< the stage's name in the plan (empty before the start)
    qint64 events = 0;          ///< simulated answers written
    bool autopilot = false;
    bool paused = false;
    bool finished = false;
};

class DemoBar : public QFrame
{
    Q_OBJECT

public:
    explicit DemoBar(QWidget *parent = nullptr);

    void setStatus(const DemoBarStatus &status);
    /// The last thing that happened, in words; `alarm` shows it in the rollback's red.
    void setLastEvent(const QString &text, bool alarm = false);
    QString statusText() const;
    QString lastEvent() const;

Q_SIGNALS:
    void pauseToggled(bool paused);
    void autopilotToggled(bool on);

private:
    QLabel *m_badge;
    QLabel *m_status;
    QLabel *m_event;
    QPushButton *m_pause;
    QCheckBox *m_autopilot;
};

} // namespace rampart::widgets
