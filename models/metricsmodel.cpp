#include "metricsmodel.h"

#include "threadcheck.h"
#include "wording.h"

namespace rampart::models {

MetricsModel::MetricsModel(QObject *parent) : QAbstractTableModel(parent) {}

void MetricsModel::setData(const rollout::Decision &decision, const rollout::Plan &plan)
{
    assertOwnerThread(this, "MetricsModel::setData");
    std::vector<Row> rows;
    for (const rollout::MetricAnalysis &a : decision.metrics) {
        const rollout::MetricSpec *spec = plan.metric(a.metric);
        const QString label = QString::fromStdString(spec && !spec->label.empty() ? spec->label : a.metric);
        // A latency guardrail is tested on its mean and on its P95: two rows, two names (the
        // cohort chart's categories must be distinct).
        rows.push_back({a, a.statistic == "p95" ? tr("%1 (P95)").arg(label) : label});
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int MetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MetricsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const rollout::MetricAnalysis &a = row.analysis;
    if (role == MetricIdRole)
        return QString::fromStdString(a.metric);
    if (role == NumericRole) {
        switch (index.column()) {
        case ControlColumn: return a.controlMean;
        case TreatmentColumn: return a.treatmentMean;
        case ChangeColumn: return a.relativeChange ? QVariant(*a.relativeChange) : QVariant();
        case PValueColumn: return a.pValue ? QVariant(*a.pValue) : QVariant();
        case AdjustedColumn: return a.adjustedPValue ? QVariant(*a.adjustedPValue) : QVariant();
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() >= ControlColumn && index.column() <= AdjustedColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case MetricColumn: return row.label;
    case RoleColumn: return Wording::metricRole(a.role);
    case TestColumn: return QString::fromStdString(a.test);
    case ControlColumn: return Wording::number(a.controlMean, 5);
    case TreatmentColumn: return Wording::number(a.treatmentMean, 5);
    case ChangeColumn: return a.relativeChange ? Wording::percent(*a.relativeChange * 100.0) : QStringLiteral("—");
    case PValueColumn: return Wording::pValue(a.pValue);
    case AdjustedColumn: return Wording::pValue(a.adjustedPValue);
    case VerdictColumn:
        if (a.degraded) return tr("Degraded");
        if (a.significant) return tr("Significant");
        return a.role == "guardrail" ? tr("Not degraded") : tr("Not significant");
    default: return {};
    }
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MetricColumn: return tr("Metric");
    case RoleColumn: return tr("Role");
    case TestColumn: return tr("Test");
    case ControlColumn: return tr("Deterministic");
    case TreatmentColumn: return tr("ML");
    case ChangeColumn: return tr("Change");
    case PValueColumn: return tr("p-value");
    case AdjustedColumn: return tr("Adjusted p");
    case VerdictColumn: return tr("Verdict");
    default: return {};
    }
}

} // namespace rampart::models
