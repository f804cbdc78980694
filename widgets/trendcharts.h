#pragma once

// The Cohorts page's charts over time, for the metric chosen in a combo box: each cohort's
// estimate with its confidence band (ML against deterministic), and the difference with its
// band against the zero line. Every series reads CohortTrendModel through a QVXYModelMapper,
// so a new evaluation adds one point to each line.

#include "cohorttrendmodel.h"
#include "rollout/plan.h"

#include <QWidget>

class QChart;
class QComboBox;
class QDateTimeAxis;
class QAreaSeries;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace rampart::widgets {

class TrendCharts : public QWidget
{
    Q_OBJECT

public:
    explicit TrendCharts(models::CohortTrendModel *model, QWidget *parent = nullptr);

    QComboBox *metricBox() const { return m_metric; }
    QChart *estimateChart() const { return m_estimate; }
    QChart *differenceChart() const { return m_difference; }

    /// The metric names shown in the combo box come from the plan's labels.
    void setPlan(const rollout::Plan &plan);
    /// Re-reads the metrics that have points (after an append).
    void refreshMetrics();

private:
    QChart *makeChart(const QString &title, QDateTimeAxis *&x, QValueAxis *&y);
    void addBand(QChart *chart, QDateTimeAxis *x, QValueAxis *y, int lowColumn, int highColumn, const QColor &color,
                 const QString &name);
    void addLine(QChart *chart, QDateTimeAxis *x, QValueAxis *y, int column, const QColor &color, const QString &name,
                 Qt::PenStyle style = Qt::SolidLine);
    void updateAxes();

    models::CohortTrendModel *m_model;
    rollout::Plan m_plan;
    QComboBox *m_metric;
    QLabel *m_note;
    QChart *m_estimate;
    QChart *m_difference;
    QDateTimeAxis *m_estimateX = nullptr;
    QDateTimeAxis *m_differenceX = nullptr;
    QValueAxis *m_estimateY = nullptr;
    QValueAxis *m_differenceY = nullptr;
    QList<QLineSeries *> m_lines; ///< the estimate lines (markers while there are few points)
    QList<QAreaSeries *> m_bands;
};

} // namespace rampart::widgets
