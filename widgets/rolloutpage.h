#pragma once

// The Rollout page: a red banner when the controller found the saved state disagreeing
// with the stage history or the flag; the stage timeline (dwell progress, past holds,
// rollbacks and sign-offs, projected completion) with the events of the selected stage and
// their times; and the gate checklist, each gate opening to the evidence behind it.

#include "gatetablemodel.h"
#include "snapshots.h"
#include "stagetimelinemodel.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QTableView;
class QTreeView;

namespace rampart::widgets {

class Banner;
class StageStrip;

class RolloutPage : public QWidget
{
    Q_OBJECT

public:
    RolloutPage(models::GateTableModel *gates, QWidget *parent = nullptr);

    models::StageTimelineModel *timelineModel() const { return m_timeline; }
    QTreeView *gateView() const { return m_gateView; }
    QString projectedCompletionText() const;
    QTableView *timelineView() const { return m_timelineView; }
    /// The events of the stage selected in the timeline (the current stage by default).
    QListWidget *eventList() const { return m_events; }
    /// The saved-state problems banner (hidden when there are none).
    Banner *problemBanner() const { return m_problems; }

public Q_SLOTS:
    void setTimeline(const rampart::models::TimelineSnapshot &snapshot);

private:
    void showEventsOf(int row);

    models::StageTimelineModel *m_timeline;
    StageStrip *m_strip;
    QTableView *m_timelineView;
    QTreeView *m_gateView;
    QLabel *m_completion;
    QLabel *m_status;
    Banner *m_problems;
    QListWidget *m_events;
    QLabel *m_eventsTitle;
    QStringList m_problemKey; ///< the problems last shown
};

} // namespace rampart::widgets
