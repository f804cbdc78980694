#pragma once

// Snapshots for screenshots, widget tests and the console's offline view, made by the REAL
// engine: an evidence example of resources/examples/ read against a plan and evaluated by
// GateEngine, exactly as `rampartctl decide` does. No number here is typed by hand.

#include "snapshots.h"

#include "rollout/decision.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "stats/result.h"

#include <QString>
#include <QStringList>

namespace rampart::console {

struct ExampleScenario
{
    QString name;          ///< e.g. "ready-for-signoff" (file evidence-<name>.json)
    QString description;   ///< the example's own "description"
    rollout::Plan plan;
    rollout::RolloutState state;
    rollout::Evidence evidence;
    rollout::Decision decision;
    QString evidenceHash;  ///< io::evidenceHash of the evidence document
    rollout::TimePoint now; ///< the evidence's captured_at: the instant it was evaluated at
    /// The rollout's start as a real transition (startRollout at rollout_started_at).
    std::vector<rollout::TransitionEvent> history;

    models::TimelineSnapshot timeline() const;
};

/// The data directory (io::dataDirectory(): $RAMPART_DATA_DIR, an installed program's
/// ../share/rampart, the source tree's resources/, the configured prefix; docs/packaging.md).
QString resourcesDirectory();

/// Names of the examples available (evidence-<name>.json), sorted.
QStringList exampleScenarioNames(const QString &resources = resourcesDirectory());

/// Loads plans/documentation-keeper.json and examples/evidence-<name>.json and evaluates.
Result<ExampleScenario> loadExampleScenario(const QString &name, const QString &resources = resourcesDirectory());

} // namespace rampart::console
