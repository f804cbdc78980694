#pragma once

// The planner's power curve as a table a chart maps with QVXYModelMapper: column 0 the
// total units, columns 1–3 the power at ML shares 5%, 25% and 50% (1:19, 1:3, 1:1).

#include "planner.h"

#include <QAbstractTableModel>

namespace rampart::models {

class PowerCurveModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TotalColumn, Power1to19Column, Power1to3Column, Power1to1Column, ColumnCount };

    explicit PowerCurveModel(QObject *parent = nullptr);

    /// UI thread only.
    void setCurve(const PowerCurve &curve);
    double maximumTotal() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PowerCurve m_curve;
};

} // namespace rampart::models
