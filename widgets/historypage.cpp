#include "historypage.h"

#include "offthread.h"
#include "rerunpanel.h"
#include "reportexport.h"
#include "wording.h"

#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rampart::widgets {

using models::Wording;

HistoryPage::HistoryPage(QWidget *parent)
    : QWidget(parent), m_model(new models::StageHistoryModel(this)), m_path(new QLineEdit(this)),
      m_browse(new QPushButton(tr("&Open…"), this)), m_summary(new QLabel(tr("No workspace or archive open."), this)),
      m_view(new QTableView(this)), m_detail(new QPlainTextEdit(this)), m_rerun(new RerunPanel(this))
{
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Stage history"));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_detail->setReadOnly(true);
    m_detail->setAccessibleName(tr("Selected transition"));
    m_detail->setMaximumHeight(110);
    m_path->setPlaceholderText(tr("workspace or .rampart archive"));
    m_path->setAccessibleName(tr("History file"));
    m_summary->setWordWrap(true);

    auto *fileRow = new QHBoxLayout;
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    fileRow->addWidget(fileLabel);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_browse);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(m_summary);
    m_report = new ReportExport(this);
    layout->addWidget(m_report);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_detail);
    auto *rerunBox = new QGroupBox(tr("Re-run the current decision with other settings"), this);
    auto *rerunLayout = new QVBoxLayout(rerunBox);
    rerunLayout->setContentsMargins(4, 4, 4, 4);
    rerunLayout->addWidget(m_rerun);
    layout->addWidget(rerunBox, 2);

    connect(m_path, &QLineEdit::returnPressed, this, [this] { openFile(m_path->text()); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a workspace or archive"), m_path->text(),
                                                          tr("Rampart files (*.rampart *.sqlite *.db);;All files (*)"));
        if (!file.isEmpty())
            openFile(file);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showTransition(current.row()); });
}

QString HistoryPage::summaryText() const
{
    return m_summary->text();
}

void HistoryPage::openFile(const QString &path)
{
    m_path->setText(path);
    m_summary->setText(tr("Opening %1…").arg(path));
    const quint64 generation = ++m_generation;
    const QString agent = m_defaultAgent;
    runOffUiThread(
        this, [path, agent] { return loadHistorySnapshot(path, agent); },
        [this, generation] { return generation == m_generation; }, [this](const Result<HistorySnapshot> &result) {
        if (!result) {
            const QString message = QString::fromStdString(result.error().message);
            m_summary->setText(tr("Cannot open: %1").arg(message));
            Q_EMIT loadFailed(message);
            return;
        }
        setSnapshot(*result);
        m_report->setSource(m_path->text());
        Q_EMIT loaded();
    });
}

void HistoryPage::setSnapshot(const HistorySnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_model->setData(snapshot.history);
    int approvals = 0;
    for (const rollout::SignOff &s : snapshot.signOffs)
        approvals += s.approve ? 1 : 0;
    m_summary->setText(tr("%1 — agent %2: %n transition(s)", nullptr, static_cast<int>(snapshot.history.size()))
                           .arg(snapshot.source, snapshot.agent)
                       + QStringLiteral(", ")
                       + tr("%n sign-off(s)", nullptr, static_cast<int>(snapshot.signOffs.size())) + QStringLiteral(", ")
                       + tr("%n approval(s)", nullptr, approvals) + QStringLiteral(", ")
                       + tr("%n recorded decision(s)", nullptr, static_cast<int>(snapshot.decisions.size())));
    m_view->resizeColumnsToContents();
    m_detail->clear();
}

void HistoryPage::setEvaluationInput(const models::EvaluationInput &input)
{
    m_rerun->setInput(input);
}

void HistoryPage::showTransition(int row)
{
    const rollout::TransitionEvent *e = m_model->event(row);
    if (!e) {
        m_detail->clear();
        return;
    }
    QStringList lines;
    lines << tr("%1 by %2").arg(Wording::dateTime(e->at), QString::fromStdString(e->actor));
    lines << tr("%1 at %2 → %3 at %4")
                 .arg(Wording::rolloutStatus(e->fromStatus), Wording::percent(e->fromPercentage),
                      Wording::rolloutStatus(e->toStatus), Wording::percent(e->toPercentage));
    lines << tr("Reason: %1").arg(QString::fromStdString(e->reason));
    if (e->override)
        lines << tr("Recorded as an override.");
    lines << tr("Evidence hash: %1").arg(QString::fromStdString(e->evidenceHash));
    for (const rollout::SignOff &s : m_snapshot.signOffs) {
        if (!e->evidenceHash.empty() && s.evidenceHash == e->evidenceHash)
            lines << tr("Signed off by %1 (%2): %3")
                         .arg(QString::fromStdString(s.approver), QString::fromStdString(s.role),
                              s.approve ? tr("approved") : tr("rejected"));
    }
    m_detail->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace rampart::widgets
