#pragma once

// The Cohorts page: ML against deterministic per metric — the means, the relative change,
// the one-sided p-values and the verdict — with Qt Charts read from models: each cohort's
// estimate and the difference with their confidence intervals over time (TrendCharts over
// CohortTrendModel), the relative change per metric, the test statistic against the
// sequential boundary with the looks taken, and the sample-ratio status. Bursts of
// evaluations are merged by a short single-shot timer, so the view repaints at most every 40 ms.

#include "boundarymodel.h"
#include "cohorttrendmodel.h"
#include "metricsmodel.h"
#include "snapshots.h"
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

class TrendCharts;

class CohortsPage : public QWidget
{
    Q_OBJECT

public:
    explicit CohortsPage(QWidget *parent = nullptr);

    models::MetricsModel *metricsModel() const { return m_metrics; }
    models::BoundaryModel *boundaryModel() const { return m_boundary; }
    models::CohortTrendModel *trendModel() const { return m_trend; }
    TrendCharts *trendCharts() const { return m_trendCharts; }
    QString srmText() const;
    QString lookText() const;
    /// Applies a pending decision now instead of at the timer (tests, screenshots).
    void flush();

public Q_SLOTS:
    void setDecision(const rampart::rollout::Decision &decision, const rampart::rollout::Plan &plan);
    /// The looks already taken come from the rollout state; a new attempt (a resume after a
    /// rollback restarts the evidence window) clears the charts over time.
    void setRolloutState(const rampart::rollout::RolloutState &state);
    /// The evidence of an evaluation: one more point of every metric's estimates over time.
    void setEvaluationInput(const rampart::models::EvaluationInput &input);

Q_SIGNALS:
    /// The boundary chart shows the latest decision (its computation runs on the thread pool).
    void boundaryShown();

private:
    QChart *buildBoundaryChart();

    models::MetricsModel *m_metrics;
    QTableView *m_table;
    QLabel *m_srm;
    QLabel *m_lookText;
    models::BoundaryModel *m_boundary;
    QChart *m_boundaryChart;
    models::CohortTrendModel *m_trend;
    TrendCharts *m_trendCharts;
    rollout::RolloutState m_state;
    bool m_stateKnown = false;
    quint64 m_generation = 0;
    QTimer m_merge;
    std::optional<std::pair<rollout::Decision, rollout::Plan>> m_pending;
    std::vector<models::EvaluationInput> m_pendingInputs; ///< in arrival order, merged at flush
};

} // namespace rampart::widgets
