#include "signoffpage.h"

#include "colordecoration.h"

#include "changechart.h"
#include "reasonprompt.h"
#include "scrollpage.h"
#include "wording.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace rampart::widgets {

using models::Wording;

SignOffPage::SignOffPage(models::GateTableModel *gates, models::MetricsModel *metrics, QWidget *parent)
    : QWidget(parent), m_decision(new QLabel(this)), m_hashLabel(new QLabel(this)), m_gates(new QTreeView(this)),
      m_name(new QLineEdit(this)), m_role(new QComboBox(this)), m_comment(new QPlainTextEdit(this)),
      m_approve(new QPushButton(tr("&Approve"), this)), m_reject(new QPushButton(tr("Re&ject"), this)),
      m_advance(new QPushButton(tr("Ad&vance to the next stage"), this)),
      m_override(new QPushButton(tr("&Override…"), this)), m_prompt(new ReasonPrompt(this))
{
    m_decision->setWordWrap(true);
    QFont f = m_decision->font();
    f.setBold(true);
    m_decision->setFont(f);
    m_hashLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hashLabel->setWordWrap(true);
    m_gates->setModel(gates);
    m_gates->setItemDelegate(new ColorDecorationDelegate(m_gates));
    m_gates->setAccessibleName(tr("Gates of the evidence being approved"));
    m_gates->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_gates->header()->setStretchLastSection(true);
    auto *metricTable = new QTableView(this);
    metricTable->setModel(metrics);
    metricTable->setAccessibleName(tr("Key metrics"));
    metricTable->verticalHeader()->hide();
    metricTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    metricTable->horizontalHeader()->setStretchLastSection(true);
    const int rowHeight = metricTable->fontMetrics().height() + 6;
    metricTable->verticalHeader()->setDefaultSectionSize(rowHeight);
    metricTable->setMaximumHeight(rowHeight * 9);
    // The engine no longer adjusts p-values (intersection-union rule), and the test is in
    // the gate's evidence: the columns a stakeholder needs fit beside the chart.
    metricTable->setColumnHidden(models::MetricsModel::AdjustedColumn, true);
    metricTable->setColumnHidden(models::MetricsModel::TestColumn, true);
    connect(metrics, &QAbstractItemModel::modelReset, metricTable, [metricTable, metrics, rowHeight] {
        const int rows = std::clamp(metrics->rowCount(), 3, 8);
        metricTable->setFixedHeight(rowHeight * rows + metricTable->horizontalHeader()->sizeHint().height() + 4);
    });

    m_name->setAccessibleName(tr("Your name"));
    m_role->setEditable(true);
    m_role->addItems({QStringLiteral("stakeholder")});
    m_role->setAccessibleName(tr("Your role"));
    m_comment->setAccessibleName(tr("Comment"));
    m_comment->setTabChangesFocus(true);
    m_comment->setMaximumHeight(80);
    m_advance->setAccessibleName(tr("Advance to the next stage"));
    m_override->setAccessibleName(tr("Override a hold with a written justification"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("R&ole:"), m_role);
    form->addRow(tr("&Comment:"), m_comment);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addStretch(1);
    buttons->addWidget(m_override);
    buttons->addWidget(m_advance);
    auto *box = new QGroupBox(tr("Your decision"), this);
    auto *boxLayout = new QVBoxLayout(box);
    boxLayout->addLayout(form);
    boxLayout->addLayout(buttons);
    boxLayout->addWidget(m_prompt);

    auto *layout = scrollingLayout(this);
    layout->addWidget(m_decision);
    layout->addWidget(m_hashLabel);
    layout->addWidget(m_gates, 2);
    // The key chart of the evidence being approved, beside the metrics it is drawn from.
    auto *changeChart = new ChangeChartView(metrics, this);
    changeChart->setMinimumWidth(360);
    changeChart->setMinimumHeight(200);
    auto *keyEvidence = new QHBoxLayout;
    keyEvidence->addWidget(metricTable, 3);
    keyEvidence->addWidget(changeChart, 2);
    layout->addLayout(keyEvidence, 1);
    layout->addWidget(box);

    connect(m_name, &QLineEdit::textChanged, this, &SignOffPage::updateForm);
    connect(m_approve, &QPushButton::clicked, this, [this] {
        Q_EMIT signOffRequested(true, m_name->text().trimmed(), m_role->currentText().trimmed(),
                                m_comment->toPlainText().trimmed(), m_hash);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        Q_EMIT signOffRequested(false, m_name->text().trimmed(), m_role->currentText().trimmed(),
                                m_comment->toPlainText().trimmed(), m_hash);
    });
    connect(m_advance, &QPushButton::clicked, this, [this] { Q_EMIT advanceRequested(m_hash); });
    connect(m_override, &QPushButton::clicked, this, [this] {
        m_prompt->ask(tr("Why advance against the gates?"), tr("Override and advance"), MinimumJustification);
    });
    connect(m_prompt, &ReasonPrompt::confirmed, this,
            [this](const QString &justification) { Q_EMIT overrideRequested(justification, m_hash); });
    updateForm();
}

void SignOffPage::setDecision(const rollout::Decision &decision, const rollout::Plan &plan, const QString &evidenceHash)
{
    m_hash = evidenceHash;
    m_action = decision.action;
    m_hasDecision = true;
    QString first;
    if (!decision.reasons.empty()) {
        const rollout::Reason &r = decision.reasons.front();
        first = Wording::reason(r, Wording::reasonGateLabel(r, decision));
    }
    m_decision->setText(tr("The engine says: %1 (%2 → %3). %4")
                            .arg(Wording::action(decision.action), Wording::percent(decision.currentPercentage),
                                 Wording::percent(decision.targetPercentage), first));
    m_hashLabel->setText(tr("Evidence hash: %1").arg(evidenceHash));
    const auto stage = plan.stageIndex(decision.currentPercentage);
    if (stage) {
        const QString role = QString::fromStdString(plan.stages[*stage].signOff.role);
        if (m_role->findText(role) < 0)
            m_role->addItem(role);
        m_role->setCurrentText(role);
    }
    updateForm();
}

void SignOffPage::setPermissions(bool maySignOff, bool mayOperate, const QString &signer)
{
    m_maySignOff = maySignOff;
    m_mayOperate = mayOperate;
    if (!signer.isEmpty())
        m_name->setText(signer);
    m_name->setReadOnly(!signer.isEmpty());
    updateForm();
}

void SignOffPage::updateForm()
{
    const bool named = !m_name->text().trimmed().isEmpty();
    m_approve->setEnabled(m_maySignOff && m_hasDecision && named && m_action != rollout::Action::Rollback);
    m_reject->setEnabled(m_maySignOff && m_hasDecision && named);
    // Advance only when the engine itself says advance: every gate passes and the approvals exist.
    m_advance->setEnabled(m_mayOperate && m_hasDecision && m_action == rollout::Action::Advance);
    m_override->setEnabled(m_mayOperate && m_hasDecision && m_action == rollout::Action::Hold);
}

} // namespace rampart::widgets
