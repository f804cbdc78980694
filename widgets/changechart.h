#pragma once

// The relative change of the ML cohort per metric as a bar chart read from a MetricsModel
// through a QVBarModelMapper: on the Cohorts page and, as the key chart of the evidence
// being approved, on the Sign-off page.

#include "metricsmodel.h"

#include <QChartView>

namespace rampart::widgets {

class ChangeChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ChangeChartView(models::MetricsModel *metrics, QWidget *parent = nullptr);
};

} // namespace rampart::widgets
