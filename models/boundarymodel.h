#pragma once

// The sequential test on a chart: the efficacy boundary (z) against the information
// fraction, the looks taken so far, and where the primary metrics stand now.
//
// One table (column 0 the information fraction, column 1 a z value) holding three runs of
// rows, so three QVXYModelMappers can read it with firstRow/rowCount: the boundary curve,
// the looks, and the observed statistic.

#include "rollout/decision.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"

#include <QAbstractTableModel>

#include <optional>
#include <utility>
#include <vector>

namespace rampart::models {

struct BoundarySnapshot
{
    /// (t, z): the boundary a look taken at information fraction t would have to cross,
    /// given the looks already taken before t (the engine's rule: the looks so far, then t,
    /// then the final look at 1, Lan-DeMets spending at alpha/2 one-sided).
    std::vector<std::pair<double, double>> curve;
    /// (t, z) of every look taken, then the current decision's look if it is a new one.
    std::vector<std::pair<double, double>> looks;
    /// (t, z) of the weakest primary metric now: z = Φ⁻¹(1 − Holm-adjusted p), the scale
    /// the boundary is on. Empty without a look or without primary p-values.
    std::optional<std::pair<double, double>> observed;
};

/**
 * Builds the snapshot from the plan, the looks in the state and the decision. The curve has
 * `points` fractions evenly spaced in (0, 1]; each point is one groupSequentialBoundaries
 * call (about 1.5 ms), so call this off the UI thread. Errors are the stats errors.
 */
Result<BoundarySnapshot> computeBoundary(const rollout::Plan &plan, const rollout::RolloutState &state,
                                         const rollout::Decision &decision, int points = 20);

class BoundaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FractionColumn, ZColumn, ColumnCount };

    explicit BoundaryModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const BoundarySnapshot &snapshot);

    int curveRows() const { return static_cast<int>(m_snapshot.curve.size()); }
    int lookRows() const { return static_cast<int>(m_snapshot.looks.size()); }
    int firstLookRow() const { return curveRows(); }
    /// -1 when there is no observed statistic.
    int observedRow() const { return m_snapshot.observed ? curveRows() + lookRows() : -1; }
    double maximumZ() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::pair<double, double> point(int row) const;

    BoundarySnapshot m_snapshot;
};

} // namespace rampart::models
