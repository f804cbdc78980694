#pragma once

// The stage history of a rollout: every transition (who, when, from where to where, why,
// on which evidence, override or not), oldest first.

#include "rollout/rolloutstate.h"

#include <QAbstractTableModel>

#include <vector>

namespace rampart::models {

class StageHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, ActorColumn, FromColumn, ToColumn, ReasonColumn, OverrideColumn, HashColumn, ColumnCount };
    enum Role { ToStatusRole = Qt::UserRole + 1, OverrideRole };

    explicit StageHistoryModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const std::vector<rollout::TransitionEvent> &history);
    const rollout::TransitionEvent *event(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<rollout::TransitionEvent> m_history;
};

} // namespace rampart::models
