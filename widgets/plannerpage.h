#pragma once

// The Planner: sample size, power and minimum detectable effect for the rollout's splits
// (1:19, 1:3, 1:1), stage duration from a traffic rate, and the power curve (Qt Charts via
// QVXYModelMapper over a PowerCurveModel). Computed by core/stats on the thread pool; a
// result is shown only if no newer request was made (generation number).

#include "planner.h"
#include "powercurvemodel.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace rampart::widgets {

class PlannerPage : public QWidget
{
    Q_OBJECT

public:
    explicit PlannerPage(QWidget *parent = nullptr);
    ~PlannerPage() override;

    models::PowerCurveModel *curveModel() const { return m_curve; }
    QTableWidget *resultTable() const { return m_table; }
    QDoubleSpinBox *effectSizeBox() const { return m_effect; }
    QDoubleSpinBox *trafficBox() const { return m_traffic; }
    QLabel *errorLabel() const { return m_error; }
    /// How many computations finished but were dropped because a newer one was asked for.
    int droppedResults() const { return m_dropped; }
    quint64 generation() const { return m_generation; }
    /// Starts a computation now (the inputs normally debounce for 150 ms).
    void recompute();

Q_SIGNALS:
    /// A result for the current inputs is on screen.
    void resultShown();

private:
    models::PlannerInput input() const;
    void show(const Result<models::PlannerResult> &result);

    QComboBox *m_test;
    QDoubleSpinBox *m_effect;
    QDoubleSpinBox *m_alpha;
    QDoubleSpinBox *m_power;
    QDoubleSpinBox *m_traffic;
    QSpinBox *m_planned;
    QTableWidget *m_table;
    QLabel *m_error;
    models::PowerCurveModel *m_curve;
    QTimer m_debounce;
    quint64 m_generation = 0;
    int m_dropped = 0;
};

} // namespace rampart::widgets
