#include "rolloutpage.h"

#include "colordecoration.h"

#include "banner.h"
#include "stagestrip.h"
#include "wording.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace rampart::widgets {

using models::Wording;

RolloutPage::RolloutPage(models::GateTableModel *gates, QWidget *parent)
    : QWidget(parent), m_timeline(new models::StageTimelineModel(this)), m_strip(new StageStrip(this)),
      m_timelineView(new QTableView(this)), m_gateView(new QTreeView(this)), m_completion(new QLabel(this)),
      m_status(new QLabel(this)), m_problems(new Banner(this)), m_events(new QListWidget(this)),
      m_eventsTitle(new QLabel(this))
{
    m_strip->setModel(m_timeline);
    m_timelineView->setModel(m_timeline);
    m_timelineView->setAccessibleName(tr("Stages"));
    m_timelineView->verticalHeader()->hide();
    m_timelineView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timelineView->horizontalHeader()->setStretchLastSection(true);
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setSelectionMode(QAbstractItemView::SingleSelection);
    // Compact rows: the six stages, the selected stage's events and the gate checklist all fit.
    const int rowHeight = m_timelineView->fontMetrics().height() + 6;
    m_timelineView->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_timelineView->setMaximumHeight(rowHeight * 6 + m_timelineView->horizontalHeader()->sizeHint().height() + 4);
    m_events->setAccessibleName(tr("Events of the selected stage"));
    m_events->setWordWrap(true);
    m_events->setMaximumHeight(rowHeight * 3 + 4);
    m_events->setSelectionMode(QAbstractItemView::NoSelection);
    m_problems->setAccessibleDescription(tr("Saved-state problems reported by the controller"));

    m_gateView->setModel(gates);
    m_gateView->setItemDelegate(new ColorDecorationDelegate(m_gateView));
    m_gateView->setAccessibleName(tr("Gate checklist"));
    m_gateView->setAlternatingRowColors(true);
    m_gateView->setUniformRowHeights(true);
    m_gateView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_gateView->header()->setStretchLastSection(true);
    m_gateView->setToolTip(tr("Expand a gate (→ or +) to see the evidence behind it."));

    auto *title = new QLabel(tr("Stage timeline"), this);
    QFont f = title->font();
    f.setBold(true);
    title->setFont(f);
    auto *gatesTitle = new QLabel(tr("&Gate checklist"), this);
    gatesTitle->setFont(f);
    gatesTitle->setBuddy(m_gateView);

    m_eventsTitle->setBuddy(m_events);
    auto *eventsBox = new QVBoxLayout;
    eventsBox->setContentsMargins(0, 0, 0, 0);
    eventsBox->addWidget(m_eventsTitle);
    eventsBox->addWidget(m_events, 1);
    auto *stages = new QVBoxLayout;
    stages->addWidget(m_timelineView);
    stages->addLayout(eventsBox);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_problems);
    layout->addWidget(title);
    layout->addWidget(m_strip);
    layout->addWidget(m_status);
    layout->addWidget(m_completion);
    layout->addLayout(stages);
    layout->addWidget(gatesTitle);
    layout->addWidget(m_gateView, 1);
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showEventsOf(current.row()); });
    showEventsOf(-1);
    // Tab follows the page from top to bottom: stages, their events, then the gates.
    setTabOrder(m_timelineView, m_events);
    setTabOrder(m_events, m_gateView);
    connect(gates, &QAbstractItemModel::modelReset, m_gateView, [this] {
        for (int c = 0; c < models::GateTableModel::ColumnCount - 1; ++c)
            m_gateView->resizeColumnToContents(c);
    });
}

QString RolloutPage::projectedCompletionText() const
{
    return m_completion->text();
}

void RolloutPage::showEventsOf(int row)
{
    m_events->clear();
    const QModelIndex index = m_timeline->index(row, models::StageTimelineModel::StageColumn);
    if (!index.isValid()) {
        m_eventsTitle->setText(tr("&Events: select a stage"));
        return;
    }
    m_eventsTitle->setText(tr("&Events of %1").arg(index.data().toString()));
    const QStringList lines = index.data(models::StageTimelineModel::EventsRole).toStringList();
    if (lines.isEmpty())
        m_events->addItem(tr("No holds, rollbacks or sign-offs in this stage."));
    else
        m_events->addItems(lines);
}

void RolloutPage::setTimeline(const models::TimelineSnapshot &snapshot)
{
    const int selected = m_timelineView->currentIndex().row();
    const bool followCurrent = selected < 0 || m_timeline->index(selected, 0).data(models::StageTimelineModel::StateRole).toInt()
                                                   == static_cast<int>(models::StageTimelineModel::StageState::Current);
    m_timeline->setData(snapshot);
    // Keep the operator's choice of stage; otherwise follow the current one.
    int row = followCurrent ? -1 : selected;
    for (int r = 0; row < 0 && r < m_timeline->rowCount(); ++r) {
        if (m_timeline->index(r, 0).data(models::StageTimelineModel::StateRole).toInt()
            == static_cast<int>(models::StageTimelineModel::StageState::Current))
            row = r;
    }
    if (row < 0 && !snapshot.history.empty()) // rolled back to 0% or completed: the last stage with events
        for (int r = m_timeline->rowCount() - 1; row < 0 && r >= 0; --r)
            if (!m_timeline->index(r, 0).data(models::StageTimelineModel::EventsRole).toStringList().isEmpty())
                row = r;
    if (row >= 0)
        m_timelineView->setCurrentIndex(m_timeline->index(row, models::StageTimelineModel::StageColumn));
    showEventsOf(row);
    // Shown when the controller's report changes (a dismissed banner stays dismissed while
    // the same problems are re-sent); a later load that finds none hides it.
    QStringList key;
    QStringList lines;
    for (const models::StateProblemNote &p : snapshot.problems) {
        key << QString::fromStdString(p.code + '\n' + p.message);
        lines << tr("%1 (%2)").arg(models::Wording::stateProblem(p.code), QString::fromStdString(p.message));
    }
    if (key != m_problemKey) {
        m_problemKey = key;
        if (lines.isEmpty())
            m_problems->hide();
        else
            m_problems->showMessage(Banner::Kind::Error, tr("⚠ Saved state not trusted — check it before acting: %1")
                                                             .arg(lines.join(QStringLiteral("; "))));
    }
    m_status->setText(tr("Rollout status: %1").arg(Wording::rolloutStatus(snapshot.state.status)));
    const auto completion = m_timeline->projectedCompletion();
    m_completion->setText(completion ? tr("Projected completion: %1 (from the observed traffic and the sample still needed)")
                                           .arg(Wording::dateTime(*completion))
                                     : tr("Projected completion: unknown"));
}

} // namespace rampart::widgets
