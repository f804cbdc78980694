#include "stagehistorymodel.h"

#include "threadcheck.h"
#include "wording.h"

namespace rampart::models {

StageHistoryModel::StageHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void StageHistoryModel::setData(const std::vector<rollout::TransitionEvent> &history)
{
    assertOwnerThread(this, "StageHistoryModel::setData");
    beginResetModel();
    m_history = history;
    endResetModel();
}

const rollout::TransitionEvent *StageHistoryModel::event(int row) const
{
    return row >= 0 && row < rowCount() ? &m_history[static_cast<std::size_t>(row)] : nullptr;
}

int StageHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_history.size());
}

int StageHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StageHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const rollout::TransitionEvent &e = m_history[static_cast<std::size_t>(index.row())];
    if (role == ToStatusRole)
        return static_cast<int>(e.toStatus);
    if (role == OverrideRole)
        return e.override;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return Wording::dateTime(e.at);
    case ActorColumn: return QString::fromStdString(e.actor);
    case FromColumn: return tr("%1 at %2").arg(Wording::rolloutStatus(e.fromStatus), Wording::percent(e.fromPercentage));
    case ToColumn: return tr("%1 at %2").arg(Wording::rolloutStatus(e.toStatus), Wording::percent(e.toPercentage));
    case ReasonColumn: return QString::fromStdString(e.reason);
    case OverrideColumn: return e.override ? tr("override") : QString();
    case HashColumn: return QString::fromStdString(e.evidenceHash).left(12);
    default: return {};
    }
}

QVariant StageHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ActorColumn: return tr("Actor");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case ReasonColumn: return tr("Reason");
    case OverrideColumn: return tr("Override");
    case HashColumn: return tr("Evidence hash");
    default: return {};
    }
}

} // namespace rampart::models
