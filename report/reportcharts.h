#pragma once

// The report's charts, drawn with Qt Charts into images offscreen (a QApplication must
// exist; the offscreen platform is enough). Same report → same pixels.

#include "reportmodel.h"

#include <QImage>

namespace rampart::report {

/// ML against control per stage: the relative change of each primary and business metric
/// (cumulative at the stage's end), in percent, direction as measured.
QImage cohortComparisonChart(const RolloutReport &report);
/// The primaries' stratified z at each stage's end against the sequential boundary of the
/// looks, over the information fraction.
QImage boundaryChart(const RolloutReport &report);
/// The ML share of traffic over time (days since the rollout started), a step line.
QImage timelineChart(const RolloutReport &report);

} // namespace rampart::report
