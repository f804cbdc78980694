#include "examplescenario.h"

#include "io/datapaths.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace rampart::console {

models::TimelineSnapshot ExampleScenario::timeline() const
{
    models::TimelineSnapshot t;
    t.plan = plan;
    t.state = state;
    t.history = history;
    t.signOffs = evidence.signOffs;
    t.now = now;
    t.sampleWait = decision.sample.projectedWait;
    return t;
}

QString resourcesDirectory()
{
    return io::dataDirectory();
}

QStringList exampleScenarioNames(const QString &resources)
{
    QStringList names;
    const QStringList files = QDir(resources + QStringLiteral("/examples"))
                                  .entryList({QStringLiteral("evidence-*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        names << f.mid(9, f.size() - 9 - 5);
    return names;
}

Result<ExampleScenario> loadExampleScenario(const QString &name, const QString &resources)
{
    auto plan = io::loadPlanFile(resources + QStringLiteral("/plans/documentation-keeper.json"));
    if (!plan)
        return plan.error();
    const QString file = resources + QStringLiteral("/examples/evidence-") + name + QStringLiteral(".json");
    auto document = io::loadJsonFile(file);
    if (!document)
        return document.error();
    auto input = io::parseDecideInput(*document, *plan, rollout::SystemClock().now());
    if (!input)
        return input.error();
    rollout::RolloutState state = input->state;
    // What earlier looks showed comes from the example's saved state, as for `decide --state`.
    const QString stateFile = resources + QStringLiteral("/examples/state-") + name + QStringLiteral(".json");
    if (QFileInfo::exists(stateFile)) {
        auto saved = io::loadSavedState(stateFile, *plan, state);
        if (!saved)
            return saved.error();
        state = *saved;
    }

    ExampleScenario s;
    s.name = name;
    s.description = document->value(QStringLiteral("description")).toString();
    s.plan = std::move(plan).value();
    s.state = state;
    s.evidence = input->evidence;
    s.now = input->evidence.capturedAt;
    s.decision = rollout::GateEngine::evaluate(s.plan, s.state, s.evidence, s.now);
    s.evidenceHash = io::evidenceHash(*document);

    rollout::RolloutState pending;
    auto start = rollout::startRollout(s.plan, pending, "example", s.state.rolloutStartedAt);
    if (start)
        s.history.push_back(start->event);
    return s;
}

} // namespace rampart::console
