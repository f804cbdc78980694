#include "boundarymodel.h"

#include "threadcheck.h"

#include "stats/distributions.h"
#include "stats/sequential.h"

#include <algorithm>
#include <cmath>

namespace rampart::models {

Result<BoundarySnapshot> computeBoundary(const rollout::Plan &plan, const rollout::RolloutState &state,
                                         const rollout::Decision &decision, int points)
{
    BoundarySnapshot s;
    const int n = std::max(points, 2);
    for (int i = 1; i <= n; ++i) {
        const double t = static_cast<double>(i) / n;
        std::vector<double> fractions;
        for (const rollout::LookRecord &look : state.looks) {
            if (look.informationFraction < t - 1e-9)
                fractions.push_back(look.informationFraction);
        }
        fractions.push_back(t);
        if (t < 1.0)
            fractions.push_back(1.0);
        auto bounds = stats::groupSequentialBoundaries(fractions, plan.alpha / 2.0, plan.spending, 1);
        if (!bounds)
            return bounds.error();
        const std::size_t k = fractions.size() - (t < 1.0 ? 2 : 1);
        s.curve.emplace_back(t, bounds->z[k]);
    }
    for (const rollout::LookRecord &look : state.looks)
        s.looks.emplace_back(look.informationFraction, look.boundaryZ);
    if (decision.look && decision.look->taken)
        s.looks.emplace_back(decision.look->informationFraction, decision.look->boundaryZ);
    if (decision.look) {
        std::optional<double> weakest;
        for (const rollout::MetricAnalysis &a : decision.metrics) {
            if (a.role != "primary")
                continue;
            // The engine's own statistic (stratified across the stages) is what it compares
            // with the boundary; a p-value only where no z was computed.
            std::optional<double> z = a.z;
            if (!z && a.pValue) {
                // A p-value of 0 (underflow) has no finite z; cap it where the chart ends anyway.
                const double p = *a.pValue;
                z = p <= 0.0 ? 40.0 : (p >= 1.0 ? -40.0 : stats::dist::normalIsf(p));
            }
            if (!z)
                continue;
            weakest = weakest ? std::min(*weakest, *z) : *z;
        }
        if (weakest)
            s.observed = std::make_pair(decision.look->informationFraction, *weakest);
    }
    return s;
}

BoundaryModel::BoundaryModel(QObject *parent) : QAbstractTableModel(parent) {}

void BoundaryModel::setData(const BoundarySnapshot &snapshot)
{
    assertOwnerThread(this, "BoundaryModel::setData");
    beginResetModel();
    m_snapshot = snapshot;
    endResetModel();
}

double BoundaryModel::maximumZ() const
{
    double z = 0.0;
    for (int r = 0; r < rowCount(); ++r)
        z = std::max(z, point(r).second);
    return z;
}

std::pair<double, double> BoundaryModel::point(int row) const
{
    const auto r = static_cast<std::size_t>(row);
    if (r < m_snapshot.curve.size())
        return m_snapshot.curve[r];
    if (r < m_snapshot.curve.size() + m_snapshot.looks.size())
        return m_snapshot.looks[r - m_snapshot.curve.size()];
    return *m_snapshot.observed;
}

int BoundaryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return curveRows() + lookRows() + (m_snapshot.observed ? 1 : 0);
}

int BoundaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BoundaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const auto p = point(index.row());
    return index.column() == FractionColumn ? p.first : p.second;
}

QVariant BoundaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FractionColumn ? tr("Information fraction") : tr("z");
}

} // namespace rampart::models
