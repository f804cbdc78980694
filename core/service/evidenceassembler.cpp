#include "evidenceassembler.h"

#include <QString>

namespace rampart::service {

using rollout::Duration;
using rollout::TimePoint;

bool AssembledEvidence::isMissing(const std::string &name) const
{
    for (const MissingPart &m : missing)
        if (m.part == name)
            return true;
    return false;
}

EvidenceAssembler::EvidenceAssembler(rollout::Plan plan, EvidenceSources sources)
    : m_plan(std::move(plan)), m_sources(sources)
{
}

namespace {

MissingPart notConfigured(const char *name, const char *source)
{
    return {name, {}, "not_configured", std::string("No ") + source + " is configured, so the " + name + " part is missing."};
}

MissingPart failed(const char *name, const Error &error)
{
    return {name, {}, error.code, error.message};
}

} // namespace

AssembledEvidence EvidenceAssembler::assemble(const rollout::RolloutState &state, TimePoint now,
                                              const std::function<bool()> &preempted) const
{
    AssembledEvidence out;
    rollout::Evidence &ev = out.evidence;
    ev.capturedAt = now;
    const auto stop = [&] {
        if (preempted && preempted()) {
            out.preempted = true;
            return true;
        }
        return false;
    };
    const TimePoint end = now + Duration(1);
    const std::string &agent = m_plan.agent;

    // The flag first: its version is what a state-moving write will compare against.
    if (!m_sources.flags) {
        out.missing.push_back(notConfigured(part::Flag, "flag store"));
    } else if (auto flag = m_sources.flags->read(m_plan.flag)) {
        out.flag = *flag;
        ev.flag = rollout::FlagReading{flag->percentage, flag->version};
    } else if (flag.error().code == flags::flagerrc::NotFound) {
        ev.flag = rollout::FlagReading{0.0, 0};
    } else {
        out.missing.push_back(failed(part::Flag, flag.error()));
    }
    if (stop())
        return out;

    if (state.stage) {
        if (!m_sources.store) {
            out.missing.push_back(notConfigured(part::Metrics, "evidence store"));
            out.missing.push_back(notConfigured(part::Units, "evidence store"));
        } else {
            auto summaries = m_sources.store->summaries(agent, m_plan.controlCohort, m_plan.treatmentCohort,
                                                        state.rolloutStartedAt, end);
            if (summaries)
                ev.metrics = std::move(summaries).value();
            else
                out.missing.push_back(failed(part::Metrics, summaries.error()));
            if (stop())
                return out;
            if (summaries) {
                if (auto strata = stageStrata(agent, state.rolloutStartedAt, end, stop))
                    ev.stages = std::move(strata).value();
                else
                    out.missing.push_back(failed(part::Stages, strata.error()));
                if (stop())
                    return out;
            }
            // One failed query says the store is down; do not wait for it a second time.
            if (summaries || summaries.error().code != store::storeerrc::Unavailable) {
                auto units = m_sources.store->units(agent, m_plan.controlCohort, m_plan.treatmentCohort,
                                                    state.stageStartedAt, end);
                if (units) {
                    ev.controlUnits = units->first;
                    ev.treatmentUnits = units->second;
                } else {
                    out.missing.push_back(failed(part::Units, units.error()));
                }
            } else {
                out.missing.push_back(failed(part::Units, summaries.error()));
            }
        }
        if (stop())
            return out;
    }

    if (!m_plan.serviceGates.empty()) {
        if (!m_sources.telemetry) {
            for (const rollout::ServiceGate &gate : m_plan.serviceGates) {
                ev.gauges.push_back({gate.name, std::nullopt, std::nullopt});
                out.missing.push_back({part::Gauges, gate.name, "not_configured",
                                       "No Prometheus server is configured, so " + gate.name + " is missing."});
            }
        } else {
            for (const telemetry::GaugeReading &reading : m_sources.telemetry->readGauges(m_plan, agent, now)) {
                ev.gauges.push_back(reading.gauge);
                if (!reading.gauge.value)
                    out.missing.push_back({part::Gauges, reading.gauge.name, "telemetry_missing", reading.note});
                else if (!reading.gauge.sampledAt) // a value from data that is gone: its target is down
                    out.missing.push_back({part::Gauges, reading.gauge.name, "telemetry_stale", reading.note});
            }
        }
        if (stop())
            return out;
    }

    bool storeDown = false; // the summaries said the store is down: do not wait for it again
    for (const MissingPart &m : out.missing)
        storeDown = storeDown || (m.part == part::Metrics && m.code == store::storeerrc::Unavailable);
    const auto down = [&](const char *name) {
        out.missing.push_back({name, {}, store::storeerrc::Unavailable,
                               std::string("The evidence store is unavailable, so the ") + name + " part is missing."});
    };

    if (!m_sources.store) {
        out.missing.push_back(notConfigured(part::SignOffs, "evidence store"));
    } else if (storeDown) {
        down(part::SignOffs);
    } else if (auto signOffs = m_sources.store->signOffs(agent)) {
        ev.signOffs = std::move(signOffs).value();
    } else {
        out.missing.push_back(failed(part::SignOffs, signOffs.error()));
    }
    if (stop())
        return out;

    if (!m_sources.records) {
        out.missing.push_back(notConfigured(part::Incidents, "rollout record store"));
        out.missing.push_back(notConfigured(part::LoadTest, "rollout record store"));
        return out;
    }
    if (storeDown) {
        down(part::Incidents);
        down(part::LoadTest);
        return out;
    }
    if (state.stage) {
        if (auto incidents = m_sources.records->incidentCount(agent, state.stageStartedAt, end))
            ev.incidents = *incidents;
        else
            out.missing.push_back(failed(part::Incidents, incidents.error()));
    }
    if (stop())
        return out;
    if (auto test = m_sources.records->latestLoadTest(agent))
        ev.loadTest = *test;
    else
        out.missing.push_back(failed(part::LoadTest, test.error()));
    return out;
}

Result<std::vector<rollout::StageEvidence>> EvidenceAssembler::stageStrata(const std::string &agent, TimePoint from,
                                                                          TimePoint end,
                                                                          const std::function<bool()> &stop) const
{
    auto history = m_sources.store->stageHistory(agent);
    if (!history)
        return history.error();
    // The traffic split in force from each transition on (the recorded history is in order).
    struct Segment
    {
        TimePoint from, to;
        double percentage;
    };
    std::vector<Segment> segments;
    for (const rollout::TransitionEvent &event : *history) {
        if (event.at < from || event.at >= end)
            continue;
        // A hold, a sign-off or a resume at the same split continues the same stratum.
        if (!segments.empty() && segments.back().percentage == event.toPercentage)
            continue;
        if (!segments.empty())
            segments.back().to = event.at;
        segments.push_back({event.at, end, event.toPercentage});
    }
    std::vector<rollout::StageEvidence> strata;
    for (const Segment &segment : segments) {
        // Both cohorts must exist for a within-stage comparison: 0% and 100% carry none.
        if (!(segment.percentage > 0.0 && segment.percentage < 100.0) || segment.to <= segment.from)
            continue;
        if (stop())
            return strata;
        auto metrics = m_sources.store->summaries(agent, m_plan.controlCohort, m_plan.treatmentCohort, segment.from,
                                                  segment.to);
        if (!metrics)
            return metrics.error();
        strata.push_back({segment.percentage, std::move(metrics).value()});
    }
    return strata;
}

} // namespace rampart::service
