#pragma once

// The Audit page: opens a workspace or .rampart archive on a worker thread, shows its audit
// log filterable by text and action, and the hash chain's verification status.

#include "auditlogmodel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace rampart::widgets {

class AuditPage : public QWidget
{
    Q_OBJECT

public:
    explicit AuditPage(QWidget *parent = nullptr);

    models::AuditLogModel *model() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_filter; }
    QLineEdit *filterEdit() const { return m_text; }
    QComboBox *actionBox() const { return m_action; }
    QString chainText() const;

public Q_SLOTS:
    /// Opens `path` on the thread pool; the newest request wins.
    void openFile(const QString &path);
    void setSnapshot(const rampart::models::AuditSnapshot &snapshot);

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    models::AuditLogModel *m_model;
    QSortFilterProxyModel *m_filter;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QLineEdit *m_text;
    QComboBox *m_action;
    QTableView *m_view;
    QLabel *m_chain;
    quint64 m_generation = 0;
};

} // namespace rampart::widgets
