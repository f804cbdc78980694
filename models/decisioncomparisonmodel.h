#pragma once

// Two decisions on the same evidence side by side — the original and a re-run under other
// settings (alpha, spending, margins, thresholds) — one row per gate of either, with the
// rows whose status or numbers differ marked.

#include "rollout/decision.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace rampart::models {

class DecisionComparisonModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { GateColumn, OriginalColumn, RerunColumn, OriginalObservedColumn, RerunObservedColumn,
                  OriginalThresholdColumn, RerunThresholdColumn, ColumnCount };
    enum Role { ChangedRole = Qt::UserRole + 1 };

    explicit DecisionComparisonModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const rollout::Decision &original, const rollout::Decision &rerun);

    int changedRows() const;
    bool actionChanged() const { return m_actionChanged; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString label;
        std::optional<rollout::GateRow> original;
        std::optional<rollout::GateRow> rerun;
        bool changed = false;
    };
    std::vector<Row> m_rows;
    bool m_actionChanged = false;
};

} // namespace rampart::models
