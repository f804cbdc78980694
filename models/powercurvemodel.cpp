#include "powercurvemodel.h"

#include "threadcheck.h"

namespace rampart::models {

PowerCurveModel::PowerCurveModel(QObject *parent) : QAbstractTableModel(parent) {}

void PowerCurveModel::setCurve(const PowerCurve &curve)
{
    assertOwnerThread(this, "PowerCurveModel::setCurve");
    beginResetModel();
    m_curve = curve;
    endResetModel();
}

double PowerCurveModel::maximumTotal() const
{
    return m_curve.totals.empty() ? 0.0 : m_curve.totals.back();
}

int PowerCurveModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_curve.totals.size());
}

int PowerCurveModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PowerCurveModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    if (index.column() == TotalColumn)
        return m_curve.totals[row];
    return m_curve.power[row][static_cast<std::size_t>(index.column() - 1)];
}

QVariant PowerCurveModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TotalColumn: return tr("Total units");
    case Power1to19Column: return tr("Power, ML 5% (1:19)");
    case Power1to3Column: return tr("Power, ML 25% (1:3)");
    case Power1to1Column: return tr("Power, ML 50% (1:1)");
    default: return {};
    }
}

} // namespace rampart::models
