#include "rolloutpage.h"

#include "stagestrip.h"
#include "wording.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace rampart::widgets {

using models::Wording;

RolloutPage::RolloutPage(models::GateTableModel *gates, QWidget *parent)
    : QWidget(parent), m_timeline(new models::StageTimelineModel(this)), m_strip(new StageStrip(this)),
      m_timelineView(new QTableView(this)), m_gateView(new QTreeView(this)), m_completion(new QLabel(this)),
      m_status(new QLabel(this))
{
    m_strip->setModel(m_timeline);
    m_timelineView->setModel(m_timeline);
    m_timelineView->setAccessibleName(tr("Stages"));
    m_timelineView->verticalHeader()->hide();
    m_timelineView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timelineView->horizontalHeader()->setStretchLastSection(true);
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setMaximumHeight(m_timelineView->verticalHeader()->defaultSectionSize() * 8);

    m_gateView->setModel(gates);
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

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(m_strip);
    layout->addWidget(m_status);
    layout->addWidget(m_completion);
    layout->addWidget(m_timelineView);
    layout->addWidget(gatesTitle);
    layout->addWidget(m_gateView, 1);
    connect(gates, &QAbstractItemModel::modelReset, m_gateView, [this] {
        for (int c = 0; c < models::GateTableModel::ColumnCount - 1; ++c)
            m_gateView->resizeColumnToContents(c);
    });
}

QString RolloutPage::projectedCompletionText() const
{
    return m_completion->text();
}

void RolloutPage::setTimeline(const models::TimelineSnapshot &snapshot)
{
    m_timeline->setData(snapshot);
    m_status->setText(tr("Rollout status: %1").arg(Wording::rolloutStatus(snapshot.state.status)));
    const auto completion = m_timeline->projectedCompletion();
    m_completion->setText(completion ? tr("Projected completion: %1 (from the observed traffic and the sample still needed)")
                                           .arg(Wording::dateTime(*completion))
                                     : tr("Projected completion: unknown"));
}

} // namespace rampart::widgets
