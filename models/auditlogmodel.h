#pragma once

// The audit log as read from a store, each row marked by the hash-chain verification:
// verified, the first broken row, or after it (unverifiable).

#include "snapshots.h"

#include <QAbstractTableModel>

namespace rampart::models {

class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, TimeColumn, ActorColumn, ActionColumn, SubjectColumn, DetailColumn, ChainColumn, ColumnCount };
    enum class ChainState { Verified, Broken, AfterBreak, Unchecked };
    enum Role {
        ChainStateRole = Qt::UserRole + 1, ///< ChainState as int
        ActionRole,                        ///< the raw action code ("flag_write", …), for filtering
        HashRole,
        SortRole, ///< what a column sorts by: the row id as a number for "#", else the display text
    };

    explicit AuditLogModel(QObject *parent = nullptr);

    /// UI thread only.
    void setData(const AuditSnapshot &snapshot);

    /// One sentence on the chain: verified (n rows), broken at row k (why), or not checked.
    QString chainStatus() const;
    bool chainIntact() const;
    /// The distinct action codes present, sorted (for a filter box).
    QStringList actions() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ChainState stateOf(const store::AuditEntry &entry) const;

    AuditSnapshot m_snapshot;
};

} // namespace rampart::models
