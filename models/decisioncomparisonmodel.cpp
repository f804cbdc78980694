#include "decisioncomparisonmodel.h"

#include "threadcheck.h"
#include "wording.h"

#include <QColor>
#include <QFont>

#include <cmath>

namespace rampart::models {

namespace {

bool sameNumber(const std::optional<double> &a, const std::optional<double> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    // Relative 1e-9: the same computation on the same evidence gives the same double.
    return std::fabs(*a - *b) <= 1e-9 * std::max(1.0, std::fabs(*a));
}

QString statusText(const std::optional<rollout::GateRow> &row)
{
    return row ? Wording::gateStatus(row->status) : DecisionComparisonModel::tr("(no such gate)");
}

} // namespace

DecisionComparisonModel::DecisionComparisonModel(QObject *parent) : QAbstractTableModel(parent) {}

void DecisionComparisonModel::setData(const rollout::Decision &original, const rollout::Decision &rerun)
{
    assertOwnerThread(this, "DecisionComparisonModel::setData");
    std::vector<Row> rows;
    for (const rollout::GateRow &g : original.gates)
        rows.push_back({Wording::gateLabel(g), g, std::nullopt, false});
    for (const rollout::GateRow &g : rerun.gates) {
        bool matched = false;
        for (Row &row : rows) {
            if (row.original && row.original->gate == g.gate && !row.rerun) {
                row.rerun = g;
                matched = true;
                break;
            }
        }
        if (!matched)
            rows.push_back({Wording::gateLabel(g), std::nullopt, g, false});
    }
    for (Row &row : rows) {
        row.changed = !row.original || !row.rerun || row.original->status != row.rerun->status
            || !sameNumber(row.original->observed, row.rerun->observed) || !sameNumber(row.original->threshold, row.rerun->threshold);
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_actionChanged = original.action != rerun.action;
    endResetModel();
}

int DecisionComparisonModel::changedRows() const
{
    int n = 0;
    for (const Row &row : m_rows)
        n += row.changed ? 1 : 0;
    return n;
}

int DecisionComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DecisionComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DecisionComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case ChangedRole: return row.changed;
    case Qt::FontRole: {
        if (!row.changed)
            return {};
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case Qt::ForegroundRole:
        return row.changed && index.column() != GateColumn ? QVariant(QColor(0xd8, 0x6a, 0x1c)) : QVariant();
    case Qt::AccessibleTextRole:
        return row.changed && index.column() == GateColumn ? tr("%1 (changed)").arg(row.label) : QVariant();
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case GateColumn: return row.changed ? QStringLiteral("≠ ") + row.label : row.label;
    case OriginalColumn: return statusText(row.original);
    case RerunColumn: return statusText(row.rerun);
    case OriginalObservedColumn: return row.original ? Wording::number(row.original->observed) : QString();
    case RerunObservedColumn: return row.rerun ? Wording::number(row.rerun->observed) : QString();
    case OriginalThresholdColumn: return row.original ? Wording::number(row.original->threshold) : QString();
    case RerunThresholdColumn: return row.rerun ? Wording::number(row.rerun->threshold) : QString();
    default: return {};
    }
}

QVariant DecisionComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GateColumn: return tr("Gate");
    case OriginalColumn: return tr("Original");
    case RerunColumn: return tr("Re-run");
    case OriginalObservedColumn: return tr("Observed (original)");
    case RerunObservedColumn: return tr("Observed (re-run)");
    case OriginalThresholdColumn: return tr("Threshold (original)");
    case RerunThresholdColumn: return tr("Threshold (re-run)");
    default: return {};
    }
}

} // namespace rampart::models
