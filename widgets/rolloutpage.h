#pragma once

// The Rollout page: the stage timeline (dwell progress, past holds, rollbacks and
// sign-offs, projected completion) and the gate checklist, each gate opening to the
// evidence behind it.

#include "gatetablemodel.h"
#include "snapshots.h"
#include "stagetimelinemodel.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTreeView;

namespace rampart::widgets {

class StageStrip;

class RolloutPage : public QWidget
{
    Q_OBJECT

public:
    RolloutPage(models::GateTableModel *gates, QWidget *parent = nullptr);

    models::StageTimelineModel *timelineModel() const { return m_timeline; }
    QTreeView *gateView() const { return m_gateView; }
    QString projectedCompletionText() const;

public Q_SLOTS:
    void setTimeline(const rampart::models::TimelineSnapshot &snapshot);

private:
    models::StageTimelineModel *m_timeline;
    StageStrip *m_strip;
    QTableView *m_timelineView;
    QTreeView *m_gateView;
    QLabel *m_completion;
    QLabel *m_status;
};

} // namespace rampart::widgets
