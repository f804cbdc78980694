#include "auditlogmodel.h"

#include "threadcheck.h"
#include "wording.h"

#include <QColor>

#include <set>

namespace rampart::models {

AuditLogModel::AuditLogModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditLogModel::setData(const AuditSnapshot &snapshot)
{
    assertOwnerThread(this, "AuditLogModel::setData");
    beginResetModel();
    m_snapshot = snapshot;
    endResetModel();
}

bool AuditLogModel::chainIntact() const
{
    return m_snapshot.verification && !m_snapshot.verification->firstBadId;
}

QString AuditLogModel::chainStatus() const
{
    if (!m_snapshot.verification)
        return tr("Chain not verified.");
    const store::AuditVerification &v = *m_snapshot.verification;
    if (!v.firstBadId)
        return tr("Chain intact: %n row(s) verified.", nullptr, static_cast<int>(v.rowsChecked));
    return tr("Chain broken at row %1: %2").arg(*v.firstBadId).arg(QString::fromStdString(v.problem));
}

QStringList AuditLogModel::actions() const
{
    std::set<std::string> seen;
    for (const store::AuditEntry &e : m_snapshot.entries)
        seen.insert(e.action);
    QStringList out;
    for (const std::string &a : seen)
        out << QString::fromStdString(a);
    return out;
}

AuditLogModel::ChainState AuditLogModel::stateOf(const store::AuditEntry &entry) const
{
    if (!m_snapshot.verification)
        return ChainState::Unchecked;
    const auto &bad = m_snapshot.verification->firstBadId;
    if (!bad || entry.id < *bad)
        return ChainState::Verified;
    return entry.id == *bad ? ChainState::Broken : ChainState::AfterBreak;
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_snapshot.entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::AuditEntry &e = m_snapshot.entries[static_cast<std::size_t>(index.row())];
    const ChainState chain = stateOf(e);
    switch (role) {
    case ChainStateRole: return static_cast<int>(chain);
    case ActionRole: return QString::fromStdString(e.action);
    case HashRole: return QString::fromStdString(e.hash);
    case Qt::ToolTipRole:
        return index.column() == ChainColumn ? tr("hash %1\nprevious %2").arg(QString::fromStdString(e.hash),
                                                                              QString::fromStdString(e.previousHash))
                                             : QVariant();
    case Qt::ForegroundRole:
        return chain == ChainState::Broken || chain == ChainState::AfterBreak ? QVariant(QColor(0xd9, 0x3a, 0x3a)) : QVariant();
    case SortRole:
        if (index.column() == IdColumn)
            return QVariant::fromValue<qlonglong>(e.id);
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case IdColumn: return QString::number(e.id);
    case TimeColumn: return Wording::dateTime(e.at);
    case ActorColumn: return QString::fromStdString(e.actor);
    case ActionColumn: return QString::fromStdString(e.action);
    case SubjectColumn: return QString::fromStdString(e.subject);
    case DetailColumn: return QString::fromStdString(e.detailJson);
    case ChainColumn:
        switch (chain) {
        case ChainState::Verified: return tr("✓ verified");
        case ChainState::Broken: return tr("✗ hash mismatch");
        case ChainState::AfterBreak: return tr("✗ after the break");
        case ChainState::Unchecked: return tr("not checked");
        }
        return {};
    default: return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("#");
    case TimeColumn: return tr("Time");
    case ActorColumn: return tr("Actor");
    case ActionColumn: return tr("Action");
    case SubjectColumn: return tr("Subject");
    case DetailColumn: return tr("Details");
    case ChainColumn: return tr("Chain");
    default: return {};
    }
}

} // namespace rampart::models
