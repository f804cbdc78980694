#pragma once

// A small rollout written into an SQLite workspace through the store interfaces, with known
// outcomes (reference values in tests/report/gen_report_reference.py): the 5% canary for 25 h
// (a hold, a sign-off, an advance), then 25% for 49 h with an incident, a load test and a
// rollback to 0%.

#include "io/planjson.h"
#include "store/sqliteevidencestore.h"

#include <QString>

#include <memory>
#include <string>

namespace rampart::reporttest {

inline constexpr std::int64_t T0 = 1767571200; // 2026-01-05T00:00:00Z
inline constexpr std::int64_t T1 = T0 + 25 * 3600;
inline constexpr std::int64_t T2 = T1 + 49 * 3600;
inline const std::string SignOffHash(64, 'a');

inline rollout::TimePoint at(std::int64_t seconds)
{
    return rollout::TimePoint(rollout::Duration(seconds));
}

inline rollout::Plan fixturePlan()
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    return plan.ok() ? plan.value() : rollout::Plan{};
}

/// The outcomes of unit i of a cohort (the formulas the Python reference repeats).
inline store::Event makeEvent(const rollout::Plan &plan, bool treatment, int i, std::int64_t t)
{
    store::Event e;
    e.at = at(t);
    e.agent = plan.agent;
    e.cohort = treatment ? plan.treatmentCohort : plan.controlCohort;
    e.unitId = (treatment ? "t" : "c") + std::to_string(t) + "-" + std::to_string(i);
    e.eventId = e.unitId;
    if (treatment) {
        e.correct = (i % 20) < 17;
        e.handlingTimeMin = 8.0 + (i % 5);
        e.satisfaction = 4 + (i % 2);
        e.latencyMs = 52.0 + (i % 20);
    } else {
        e.correct = (i % 10) < 7;
        e.handlingTimeMin = 10.0 + (i % 5);
        e.satisfaction = 3 + (i % 3);
        e.latencyMs = 50.0 + (i % 20);
        e.error = (i % 100) == 0;
    }
    return e;
}

inline std::vector<store::Event> cohortEvents(const rollout::Plan &plan, bool treatment, int count, std::int64_t from, int spacing)
{
    std::vector<store::Event> events;
    for (int i = 0; i < count; ++i)
        events.push_back(makeEvent(plan, treatment, i, from + static_cast<std::int64_t>(i) * spacing + 10));
    return events;
}

inline rollout::TransitionEvent transition(std::int64_t t, rollout::RolloutStatus from, rollout::RolloutStatus to, double fromPct,
                                           double toPct, const std::string &actor, const std::string &reason)
{
    rollout::TransitionEvent e;
    e.actor = actor;
    e.at = at(t);
    e.fromStatus = from;
    e.toStatus = to;
    e.fromPercentage = fromPct;
    e.toPercentage = toPct;
    e.reason = reason;
    return e;
}

/// Writes the fixture rollout into `store` (SQLite or PostgreSQL); false on an error.
template <typename Store>
inline bool writeFixture(Store &store, const rollout::Plan &plan)
{
    using S = rollout::RolloutStatus;
    std::vector<store::Event> events = cohortEvents(plan, false, 400, T0, 60);
    auto more = cohortEvents(plan, true, 40, T0, 600);
    events.insert(events.end(), more.begin(), more.end());
    more = cohortEvents(plan, false, 300, T1 + 3600, 60);
    events.insert(events.end(), more.begin(), more.end());
    more = cohortEvents(plan, true, 100, T1 + 3600, 60);
    events.insert(events.end(), more.begin(), more.end());
    if (!store.ingest(events).ok())
        return false;
    const std::string agent = plan.agent;
    bool ok = store.recordTransition(agent, transition(T0, S::Pending, S::Running, 0, 5, "alice", "Rollout started at the first stage.")).ok();
    ok = ok && store.recordTransition(agent, transition(T0 + 3600, S::Running, S::Holding, 5, 5, "rampart", "Minimum dwell not reached.")).ok();
    rollout::SignOff signOff{"bob", "stakeholder", true, "Looks good.", SignOffHash, at(T1), 5.0, false};
    ok = ok && store.recordSignOff(agent, signOff).ok();
    ok = ok && store.recordTransition(agent, transition(T1, S::Holding, S::Running, 5, 25, "alice", "Every gate passes: advance from 5% to 25%.")).ok();
    store::AuditEntry incident;
    incident.at = at(T1 + 2 * 3600);
    incident.actor = "carol";
    incident.action = "incident";
    incident.subject = agent;
    incident.detailJson = R"({"severity":"major","summary":"Wrong answers about the VPN"})";
    incident.recordId = "incident-1";
    ok = ok && store.appendAudit(incident).ok();
    ok = ok && store.recordIncident(agent, store::IncidentRecord{at(T1 + 2 * 3600), "major", "Wrong answers about the VPN"}).ok();
    ok = ok && store.recordLoadTest(agent, rollout::LoadTestResult{50.0, 81.5, 0.002, true}, at(T1 + 3 * 3600)).ok();
    ok = ok && store.recordTransition(agent, transition(T2, S::Running, S::RolledBack, 25, 0, "dave", "Rolled back after the incident review.")).ok();
    return ok;
}

} // namespace rampart::reporttest
