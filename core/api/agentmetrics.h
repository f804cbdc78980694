#pragma once

// The agent metric endpoints (/api/metrics/<agent>/...) and the Prometheus exposition of
// Rampart's own state (/metrics), computed from a RolloutView. Definitions: docs/api.md.

#include "api/rolloutview.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace rampart::api {

/**
 * `which` is stability, comparison, business-impact, long-term-stability or final-assessment;
 * anything else is not_found. Means come from the stored summaries since the rollout
 * started; confidence intervals are 95%: Wilson for proportions, Student t for means
 * (mean ± t(0.975, n−1)·s/√n), and the relative improvement's interval is the delta-method
 * interval of Welch's test on the ratio of means (io::runStatsCommand("welch-t")).
 */
Result<QJsonObject> agentMetricsJson(const rollout::Plan &plan, const RolloutView &view, const QString &which);

/// The fields every agent metric answer carries: agent, status, percentage, at.
QJsonObject agentMetricsCommon(const rollout::Plan &plan, const RolloutView &view);

/// The plan's uptime gate(s): those whose name says uptime (e.g. "uptime_percent").
bool isUptimeGate(const rollout::ServiceGate &gate);

/// A stretch of time the rollout spent at one stage: [from, to).
struct StageWindow
{
    rollout::TimePoint from;
    rollout::TimePoint to;
};

/// The windows the rollout spent at `percentage`, oldest first, from its stage history: from
/// each transition into it to the next one out of it (or `now` while it is still there).
std::vector<StageWindow> stageWindows(const std::vector<rollout::TransitionEvent> &history, double percentage,
                                      rollout::TimePoint now);

/// Prometheus text exposition (version 0.0.4) of the view; see exportedMetricNames().
QByteArray prometheusExposition(const rollout::Plan &plan, const RolloutView &view, std::optional<double> lastFlagWriteSeconds);

} // namespace rampart::api
