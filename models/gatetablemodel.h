#pragma once

// The gate checklist of a Decision: one top-level row per gate (status, gate, observed,
// threshold, reason in words), each opening to the evidence behind it — the query, the
// values, the test and the engine's own sentence.

#include "rollout/decision.h"
#include "rollout/plan.h"

#include <QAbstractItemModel>
#include <QString>

#include <optional>
#include <vector>

namespace rampart::models {

class GateTableModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { StatusColumn, GateColumn, ObservedColumn, ThresholdColumn, ReasonColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1, ///< rollout::GateStatus as int (top-level rows)
        GateIdRole,                    ///< the engine's gate id, e.g. "metric:latency_ms"
    };

    explicit GateTableModel(QObject *parent = nullptr);

    /// Replaces the checklist with the decision's gates; the plan supplies the queries and
    /// labels. UI thread only.
    void setData(const rollout::Decision &decision, const rollout::Plan &plan);
    void clear();

    /// Gates that do not pass (fail or pending).
    int openGateCount() const;
    bool hasDecision() const { return m_hasDecision; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct EvidenceLine
    {
        QString key;
        QString value;
    };
    struct Row
    {
        rollout::GateRow gate;
        QString label;
        QString detail;
        QString reason; ///< the decision's reason about this gate, if any
        std::vector<EvidenceLine> evidence;
    };

    static std::vector<EvidenceLine> evidenceFor(const rollout::GateRow &gate, const rollout::Decision &decision,
                                                 const rollout::Plan &plan);

    std::vector<Row> m_rows;
    bool m_hasDecision = false;
};

} // namespace rampart::models
