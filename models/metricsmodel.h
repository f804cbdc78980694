#pragma once

// The metric comparisons of a Decision, ML against deterministic: one row per metric.

#include "rollout/decision.h"
#include "rollout/plan.h"

#include <QAbstractTableModel>

#include <vector>

namespace rampart::models {

class MetricsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        MetricColumn, RoleColumn, TestColumn, ControlColumn, TreatmentColumn, ChangeColumn, PValueColumn,
        AdjustedColumn, VerdictColumn, ColumnCount
    };
    enum Role {
        MetricIdRole = Qt::UserRole + 1, ///< the plan's metric name
        NumericRole,                     ///< the raw double of a numeric column (for charts)
    };

    explicit MetricsModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const rollout::Decision &decision, const rollout::Plan &plan);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        rollout::MetricAnalysis analysis;
        QString label;
    };
    std::vector<Row> m_rows;
};

} // namespace rampart::models
