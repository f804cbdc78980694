#include "rerunpanel.h"

#include "offthread.h"
#include "wording.h"

#include "rollout/gateengine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace rampart::widgets {

using models::Wording;

RerunPanel::RerunPanel(QWidget *parent)
    : QWidget(parent), m_model(new models::DecisionComparisonModel(this)), m_alpha(new QDoubleSpinBox(this)),
      m_spending(new QComboBox(this)), m_overrideMargin(new QCheckBox(tr("&Guardrail margin:"), this)),
      m_margin(new QDoubleSpinBox(this)), m_srm(new QDoubleSpinBox(this)), m_serviceScale(new QDoubleSpinBox(this)),
      m_run(new QPushButton(tr("Re-&run"), this)), m_summary(new QLabel(tr("No decision to re-run yet."), this)),
      m_view(new QTableView(this))
{
    m_alpha->setRange(0.001, 0.2);
    m_alpha->setDecimals(3);
    m_alpha->setSingleStep(0.005);
    m_alpha->setAccessibleName(tr("Alpha"));
    m_spending->addItem(tr("O'Brien-Fleming"), static_cast<int>(stats::SpendingFunction::OBrienFleming));
    m_spending->addItem(tr("Pocock"), static_cast<int>(stats::SpendingFunction::Pocock));
    m_spending->setAccessibleName(tr("Spending function"));
    m_margin->setRange(0.0, 100.0);
    m_margin->setSuffix(QStringLiteral(" %"));
    m_margin->setValue(10.0);
    m_margin->setEnabled(false);
    m_margin->setAccessibleName(tr("Guardrail margin"));
    m_srm->setRange(0.00001, 0.1);
    m_srm->setDecimals(5);
    m_srm->setSingleStep(0.0005);
    m_srm->setAccessibleName(tr("Sample-ratio threshold"));
    m_serviceScale->setRange(0.1, 10.0);
    m_serviceScale->setDecimals(2);
    m_serviceScale->setSingleStep(0.05);
    m_serviceScale->setValue(1.0);
    m_serviceScale->setPrefix(QStringLiteral("× "));
    m_serviceScale->setAccessibleName(tr("Service-gate thresholds scale"));
    m_run->setEnabled(false);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Original and re-run decision"));
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Alpha:"), m_alpha);
    form->addRow(tr("&Spending:"), m_spending);
    form->addRow(m_overrideMargin, m_margin);
    form->addRow(tr("Sample-ratio &threshold:"), m_srm);
    form->addRow(tr("Service &limits:"), m_serviceScale);
    form->addRow(m_run);
    auto *right = new QVBoxLayout;
    right->addWidget(m_summary);
    right->addWidget(m_view, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(right, 1);

    connect(m_overrideMargin, &QCheckBox::toggled, m_margin, &QWidget::setEnabled);
    connect(m_run, &QPushButton::clicked, this, &RerunPanel::rerun);
}

QString RerunPanel::summaryText() const
{
    return m_summary->text();
}

models::RerunSettings RerunPanel::settings() const
{
    models::RerunSettings s;
    s.alpha = m_alpha->value();
    s.spending = static_cast<stats::SpendingFunction>(m_spending->currentData().toInt());
    if (m_overrideMargin->isChecked())
        s.guardrailMargin = m_margin->value() / 100.0;
    s.srmThreshold = m_srm->value();
    s.serviceThresholdScale = m_serviceScale->value();
    return s;
}

void RerunPanel::setInput(const models::EvaluationInput &input)
{
    m_input = input;
    const models::RerunSettings s = models::rerunSettingsOf(input.plan);
    m_alpha->setValue(s.alpha);
    m_spending->setCurrentIndex(std::max(0, m_spending->findData(static_cast<int>(s.spending))));
    m_srm->setValue(s.srmThreshold);
    m_serviceScale->setValue(1.0);
    m_overrideMargin->setChecked(false);
    m_run->setEnabled(true);
    m_model->setData(input.decision, input.decision);
    m_summary->setText(tr("Original decision: %1. Change a setting and re-run it on the same evidence.")
                           .arg(Wording::action(input.decision.action)));
}

void RerunPanel::rerun()
{
    if (!m_input)
        return;
    const quint64 generation = ++m_generation;
    const models::EvaluationInput input = *m_input;
    const models::RerunSettings settings = this->settings();
    runOffUiThread(
        this,
        [input, settings] {
            const rollout::Plan plan = models::applyRerunSettings(input.plan, settings);
            return rollout::GateEngine::evaluate(plan, input.state, input.evidence, input.now);
        },
        [this, generation] { return generation == m_generation && m_input; },
        [this](const rollout::Decision &rerun) {
        m_model->setData(m_input->decision, rerun);
        m_summary->setText(tr("Original: %1. Re-run: %2. %n gate(s) differ.", nullptr, m_model->changedRows())
                               .arg(Wording::action(m_input->decision.action), Wording::action(rerun.action)));
        m_summary->setStyleSheet(m_model->actionChanged() ? QStringLiteral("color: #d86a1c; font-weight: bold;") : QString());
        Q_EMIT rerunShown();
    });
}

} // namespace rampart::widgets
