#pragma once

// The cohorts over time: for one metric at a time, the estimate of each cohort (ML and
// deterministic) with its confidence interval, and the difference ML − deterministic with its
// confidence interval, one row per evaluation. Charts read it through QVXYModelMappers
// (x = TimeColumn in ms since the epoch); a new evaluation inserts one row, so the series
// grow point by point instead of being rebuilt.

#include "rollout/clock.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "stats/result.h"

#include <QAbstractTableModel>
#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rampart::models {

/// One metric at one instant: both cohorts' means and the difference, each with its CI.
struct TrendPoint
{
    rollout::TimePoint at;
    std::int64_t controlN = 0;
    std::int64_t treatmentN = 0;
    double controlMean = 0.0, controlLow = 0.0, controlHigh = 0.0;
    double treatmentMean = 0.0, treatmentLow = 0.0, treatmentHigh = 0.0;
    double difference = 0.0, differenceLow = 0.0, differenceHigh = 0.0; ///< ML − deterministic
};

/**
 * The estimates of `metric` (cumulative cohort summaries) with two-sided confidence
 * intervals at level `confidence`:
 *  - each cohort: x̄ ± t(1 − α/2; n − 1) · s/√n
 *    (scipy.stats.t.interval(confidence, n − 1, loc=x̄, scale=s/√n));
 *  - the difference x̄_ML − x̄_det ± t(1 − α/2; ν) · √(s²_ML/n_ML + s²_det/n_det), with ν the
 *    Welch–Satterthwaite degrees of freedom (the interval of Welch's t-test,
 *    statsmodels CompareMeans.tconfint_diff(usevar="unequal")).
 * For a binary metric the summaries hold 0/1 outcomes, so s² = p̂(1 − p̂)·n/(n − 1): the
 * t interval of the proportion. These are pointwise intervals at each instant, not adjusted
 * for looking repeatedly (the sequential boundary chart is what the decision uses).
 * Errors: fewer than 2 units in a cohort (insufficient_data, field "<metric>.control" or
 * "<metric>.treatment"); a confidence outside (0, 1) (invalid_argument, "confidence").
 */
Result<TrendPoint> trendPoint(const rollout::MetricEvidence &metric, rollout::TimePoint at, double confidence = 0.95);

class CohortTrendModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn, ///< ms since the epoch, as a double (QDateTimeAxis' x)
        ControlMeanColumn, ControlLowColumn, ControlHighColumn,
        TreatmentMeanColumn, TreatmentLowColumn, TreatmentHighColumn,
        DifferenceColumn, DifferenceLowColumn, DifferenceHighColumn,
        ZeroColumn, ///< always 0: the "no difference" reference line of the difference chart
        ColumnCount
    };

    /// Points kept per metric; beyond it every other older point is dropped (the recent half
    /// keeps full resolution), so an hour-long demo or a week-long session stays small.
    static constexpr int DefaultCapacity = 2000;
    /// The newest point slides forward (the newer estimate replaces it) until it is this far
    /// from the point before it: a console evaluating every second keeps two points a
    /// minute, not sixty (issue 18: flat memory over an hour).
    static constexpr std::chrono::seconds DefaultMinimumSpacing{30};

    explicit CohortTrendModel(QObject *parent = nullptr);

    /**
     * Adds the estimates of every plan metric in `evidence` at `at`. A point at the time of
     * the newest one replaces it (a re-sent evaluation), and so does one less than the minimum
     * spacing after the point before the newest; an older one is ignored (late). A metric
     * whose cohorts are too small for an interval gets no point. UI thread only.
     */
    void append(const rollout::Evidence &evidence, const rollout::Plan &plan, rollout::TimePoint at);
    /// Forgets every point (e.g. a resumed rollout starts a new evidence window).
    void clear();

    /// The metric whose points the table shows (a plan metric id); resets the model.
    void setMetric(const std::string &metric);
    const std::string &metric() const { return m_metric; }
    /// Metrics with at least one point, in plan order.
    std::vector<std::string> metrics() const;
    int pointCount(const std::string &metric) const;
    const TrendPoint *point(int row) const;

    void setCapacity(int capacity);
    void setMinimumSpacing(std::chrono::seconds spacing) { m_minimumSpacing = spacing; }
    void setConfidence(double confidence) { m_confidence = confidence; }
    double confidence() const { return m_confidence; }

    /// The smallest and largest y of the shown rows over the given columns (for axis ranges);
    /// {0, 0} without rows.
    std::pair<double, double> range(std::initializer_list<Column> columns) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const std::vector<TrendPoint> *shown() const;
    void thin(std::vector<TrendPoint> &points);

    std::map<std::string, std::vector<TrendPoint>> m_points;
    std::vector<std::string> m_order; ///< plan order of the metrics seen
    std::string m_metric;
    int m_capacity = DefaultCapacity;
    std::chrono::seconds m_minimumSpacing = DefaultMinimumSpacing;
    double m_confidence = 0.95;
};

} // namespace rampart::models
