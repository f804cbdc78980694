#include "auditpage.h"

#include "offthread.h"
#include "storeloaders.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace rampart::widgets {

namespace {

/// Free text over every column, and an exact action code.
class AuditFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setAction(const QString &action)
    {
        m_action = action;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex first = sourceModel()->index(row, 0, parent);
        if (!m_action.isEmpty() && first.data(models::AuditLogModel::ActionRole).toString() != m_action)
            return false;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    QString m_action;
};

} // namespace

AuditPage::AuditPage(QWidget *parent)
    : QWidget(parent), m_model(new models::AuditLogModel(this)), m_filter(new AuditFilter(this)), m_path(new QLineEdit(this)),
      m_browse(new QPushButton(tr("&Open…"), this)), m_text(new QLineEdit(this)), m_action(new QComboBox(this)),
      m_view(new QTableView(this)), m_chain(new QLabel(tr("No audit log open."), this))
{
    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setSortRole(models::AuditLogModel::SortRole);
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->setAccessibleName(tr("Audit log"));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_path->setPlaceholderText(tr("workspace or .rampart archive"));
    m_path->setAccessibleName(tr("Audit file"));
    m_text->setPlaceholderText(tr("Filter: actor, subject, details…"));
    m_text->setAccessibleName(tr("Filter text"));
    m_text->setClearButtonEnabled(true);
    m_action->setAccessibleName(tr("Action filter"));
    m_action->addItem(tr("All actions"), QString());
    m_chain->setWordWrap(true);

    auto *fileRow = new QHBoxLayout;
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("F&ilter:"), this);
    filterLabel->setBuddy(m_text);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_text, 1);
    filterRow->addWidget(m_action);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(m_chain);
    layout->addLayout(filterRow);
    layout->addWidget(m_view, 1);

    connect(m_path, &QLineEdit::returnPressed, this, [this] { openFile(m_path->text()); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a workspace or archive"), m_path->text(),
                                                          tr("Rampart files (*.rampart *.sqlite *.db);;All files (*)"));
        if (!file.isEmpty())
            openFile(file);
    });
    connect(m_text, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_action, &QComboBox::currentIndexChanged, this,
            [this] { static_cast<AuditFilter *>(m_filter)->setAction(m_action->currentData().toString()); });
}

QString AuditPage::chainText() const
{
    return m_chain->text();
}

void AuditPage::openFile(const QString &path)
{
    m_path->setText(path);
    m_chain->setText(tr("Opening %1…").arg(path));
    const quint64 generation = ++m_generation;
    runOffUiThread(
        this, [path] { return loadAuditSnapshot(path); }, [this, generation] { return generation == m_generation; },
        [this](const Result<models::AuditSnapshot> &result) {
        if (!result) {
            const QString message = QString::fromStdString(result.error().message);
            m_chain->setText(tr("Cannot open: %1").arg(message));
            m_chain->setStyleSheet(QStringLiteral("color: #d93a3a;"));
            Q_EMIT loadFailed(message);
            return;
        }
        setSnapshot(*result);
        Q_EMIT loaded();
    });
}

void AuditPage::setSnapshot(const models::AuditSnapshot &snapshot)
{
    m_model->setData(snapshot);
    m_chain->setText(tr("%1 — %2").arg(snapshot.source, m_model->chainStatus()));
    m_chain->setStyleSheet(m_model->chainIntact() ? QString() : QStringLiteral("color: #d93a3a;"));
    const QString current = m_action->currentData().toString();
    m_action->blockSignals(true);
    while (m_action->count() > 1)
        m_action->removeItem(1);
    for (const QString &a : m_model->actions())
        m_action->addItem(a, a);
    m_action->setCurrentIndex(std::max(0, m_action->findData(current)));
    m_action->blockSignals(false);
    static_cast<AuditFilter *>(m_filter)->setAction(m_action->currentData().toString());
    m_view->resizeColumnsToContents();
}

} // namespace rampart::widgets
