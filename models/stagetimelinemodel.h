#pragma once

// The stage timeline 5 → 25 → 50 → 75 → 100 → stability: one row per plan stage plus the
// final stability period, with dwell progress, past holds, rollbacks and sign-offs, and
// the projected end of every stage from the observed traffic and the sample still needed.
// Each stage lists its events with their times (EventsRole, the Events column's tooltip):
// entered, held, rolled back, resumed, advanced, signed off or rejected.

#include "snapshots.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace rampart::models {

class StageTimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StageColumn, DwellColumn, StateColumn, StartedColumn, EventsColumn, EndColumn, ColumnCount };
    enum class StageState { Done, Current, Upcoming, RolledBack };
    enum Role {
        StateRole = Qt::UserRole + 1, ///< StageState as int
        ProgressRole,                 ///< dwell progress 0..1 (current stage), 1 done, 0 upcoming
        PercentageRole,               ///< the stage's traffic share; 100 for the stability row
        HoldsRole,
        RollbacksRole,
        SignOffsRole,
        NameRole,       ///< the plan's stage name ("canary"); "stability" for the last row
        DwellHoursRole, ///< minimum dwell in hours
        EventsRole,     ///< QStringList: the stage's transitions and sign-offs with their times, oldest first
    };

    explicit StageTimelineModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const TimelineSnapshot &snapshot);

    /// When the final stability period is projected to end; empty when the rollout is
    /// rolled back to 0%, not started, or the traffic rate is unknown.
    std::optional<rollout::TimePoint> projectedCompletion() const { return m_completion; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Event
    {
        rollout::TimePoint at;
        QString text;
    };
    struct Row
    {
        QString name;
        double percentage = 0.0;
        rollout::Duration dwell{0};
        StageState state = StageState::Upcoming;
        std::optional<rollout::TimePoint> started;
        std::optional<rollout::TimePoint> end; ///< actual (done) or projected
        bool endProjected = false;
        double progress = 0.0;
        int holds = 0;
        int rollbacks = 0;
        int signOffs = 0;
        std::vector<Event> events; ///< in time order
    };
    static QString stateName(StageState state);
    static QString transitionText(const rollout::TransitionEvent &e, double stagePercentage);
    static QString signOffText(const rollout::SignOff &so);

    std::vector<Row> m_rows;
    std::optional<rollout::TimePoint> m_completion;
};

} // namespace rampart::models
