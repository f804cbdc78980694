#pragma once

// Re-runs a decision's analysis under other settings (alpha, spending function, guardrail
// margin, sample-ratio threshold, service-gate thresholds) with the real GateEngine on the
// same evidence, off the UI thread, and shows both decisions side by side with the
// differences marked.

#include "decisioncomparisonmodel.h"
#include "snapshots.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;

namespace rampart::widgets {

class RerunPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RerunPanel(QWidget *parent = nullptr);

    models::DecisionComparisonModel *model() const { return m_model; }
    QDoubleSpinBox *alphaBox() const { return m_alpha; }
    QPushButton *runButton() const { return m_run; }
    QString summaryText() const;
    models::RerunSettings settings() const;

public Q_SLOTS:
    void setInput(const rampart::models::EvaluationInput &input);
    void rerun();

Q_SIGNALS:
    void rerunShown();

private:
    models::DecisionComparisonModel *m_model;
    QDoubleSpinBox *m_alpha;
    QComboBox *m_spending;
    QCheckBox *m_overrideMargin;
    QDoubleSpinBox *m_margin;
    QDoubleSpinBox *m_srm;
    QDoubleSpinBox *m_serviceScale;
    QPushButton *m_run;
    QLabel *m_summary;
    QTableView *m_view;
    std::optional<models::EvaluationInput> m_input;
    quint64 m_generation = 0;
};

} // namespace rampart::widgets
