#pragma once

// The Cohorts page: ML against deterministic per metric — the means, the relative change,
// the one-sided p-values and the verdict — with a Qt Charts bar chart of the relative
// change read from the metrics model, and the sample-ratio status. Bursts of decisions are
// merged by a short single-shot timer, so the view repaints at most every 40 ms.

#include "boundarymodel.h"
#include "metricsmodel.h"
#include "rollout/decision.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QChart;
class QLabel;
class QTableView;

namespace rampart::widgets {

class CohortsPage : public QWidget
{
    Q_OBJECT

public:
    explicit CohortsPage(QWidget *parent = nullptr);

    models::MetricsModel *metricsModel() const { return m_metrics; }
    models::BoundaryModel *boundaryModel() const { return m_boundary; }
    QString srmText() const;
    QString lookText() const;
    /// Applies a pending decision now instead of at the timer (tests, screenshots).
    void flush();

public Q_SLOTS:
    void setDecision(const rampart::rollout::Decision &decision, const rampart::rollout::Plan &plan);
    /// The looks already taken come from the rollout state.
    void setRolloutState(const rampart::rollout::RolloutState &state);

Q_SIGNALS:
    /// The boundary chart shows the latest decision (its computation runs on the thread pool).
    void boundaryShown();

private:
    QChart *buildBoundaryChart();

    models::MetricsModel *m_metrics;
    QTableView *m_table;
    QChart *m_chart;
    QLabel *m_srm;
    QLabel *m_lookText;
    models::BoundaryModel *m_boundary;
    QChart *m_boundaryChart;
    rollout::RolloutState m_state;
    quint64 m_generation = 0;
    QTimer m_merge;
    std::optional<std::pair<rollout::Decision, rollout::Plan>> m_pending;
};

} // namespace rampart::widgets
