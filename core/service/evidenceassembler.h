#pragma once

// Evidence from the real sources at an instant: the evidence store's cohort summaries and
// units, the Prometheus gauges of every service gate, the flag as read, sign-offs, incidents
// and the latest load test. A source that does not answer is a missing part with a note —
// never a zero. docs/controller.md.

#include "flags/flagstore.h"
#include "rollout/evidence.h"
#include "rollout/plan.h"
#include "rollout/rolloutstate.h"
#include "store/evidencestore.h"
#include "store/rolloutrecords.h"
#include "telemetry/prometheusclient.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rampart::service {

/// Names of the evidence parts, as MissingPart::part reports them.
namespace part {
inline constexpr const char *Flag = "flag";
inline constexpr const char *Metrics = "metrics";
inline constexpr const char *Stages = "stages"; ///< the per-stage strata (from the stage history)
inline constexpr const char *Units = "units";
inline constexpr const char *Gauges = "gauges"; ///< one MissingPart per gauge, `gate` set
inline constexpr const char *SignOffs = "sign_offs";
inline constexpr const char *Incidents = "incidents";
inline constexpr const char *LoadTest = "load_test";
} // namespace part

/// A part of the evidence that could not be read: the Evidence holds no value for it.
struct MissingPart
{
    std::string part;    ///< one of part::*
    std::string gate;    ///< for gauges: the service gate
    std::string code;    ///< the source's error code, e.g. store_unavailable, telemetry_unavailable
    std::string message; ///< a sentence naming the source
};

/// The sources an assembler reads. Pointers are not owned; null means "not configured",
/// which makes the parts it would give missing.
struct EvidenceSources
{
    store::EvidenceStore *store = nullptr;
    store::RolloutRecords *records = nullptr; ///< incidents and load tests
    flags::FlagStore *flags = nullptr;
    const telemetry::PrometheusClient *telemetry = nullptr;
};

struct AssembledEvidence
{
    rollout::Evidence evidence;
    std::optional<flags::FlagState> flag; ///< the whole flag as read (its version is the CAS base)
    std::vector<MissingPart> missing;
    /// The assembly stopped early because `preempted` said so; the evidence is partial and
    /// must not be acted on.
    bool preempted = false;
    /// Every part was read. Only complete evidence may move a rollout forward.
    bool complete() const { return missing.empty() && !preempted; }
    /// Whether a part is missing (any gauge for part::Gauges).
    bool isMissing(const std::string &name) const;
};

/**
 * Builds Evidence for a plan at `now` for a rollout in `state`:
 *  - flag: FlagStore::read (a flag never written reads as 0% at version 0, as serving does);
 *  - metrics: EvidenceStore::summaries over [rollout start, now] (cumulative since the start);
 *  - units: EvidenceStore::units over [stage start, now] (the sample-ratio check's window);
 *  - gauges: PrometheusClient::readGauges at `now`, one per service gate, missing with the
 *    client's note when there is no single finite sample (code telemetry_missing), and
 *    with code telemetry_stale when the value stands on data that is gone (no sample behind
 *    it: a scrape target down); each gauge is dated by the data behind it, so the engine
 *    also holds on one older than the plan's telemetry_max_age_s;
 *  - sign-offs: all of the agent's (the engine keeps those for this stage);
 *  - incidents: RolloutRecords::incidentCount over [stage start, now];
 *  - load test: RolloutRecords::latestLoadTest.
 * The windows end at now + 1 s because the store's windows are half-open; they are made of
 * whole rollup minutes, so a stage that began mid-minute is counted from the next whole
 * minute (the minute it began in also holds the previous stage's split). A pending
 * rollout (no stage) has no windows: metrics and units stay empty and are not missing.
 *
 * `preempted`, when given, is checked between the steps; once it returns true the assembly
 * stops and the result is marked preempted (a rollback never waits for a slow query to end
 * before the controller may act on it).
 */
class EvidenceAssembler
{
public:
    EvidenceAssembler(rollout::Plan plan, EvidenceSources sources);

    AssembledEvidence assemble(const rollout::RolloutState &state, rollout::TimePoint now,
                               const std::function<bool()> &preempted = {}) const;

    const rollout::Plan &plan() const { return m_plan; }

private:
    /// The outcomes within each stable split since `from` (Evidence::stages), from the stage
    /// history: one stratum per run of transitions at one percentage strictly between 0 and
    /// 100, so the engine compares the cohorts within a split and a drift common to both
    /// cannot make an effect (docs/decision-rules.md).
    Result<std::vector<rollout::StageEvidence>> stageStrata(const std::string &agent, rollout::TimePoint from,
                                                            rollout::TimePoint end,
                                                            const std::function<bool()> &stop) const;

    rollout::Plan m_plan;
    EvidenceSources m_sources;
};

} // namespace rampart::service
