// Builds the business-impact report from the store interfaces (docs/reports.md).

#include "reportmodel.h"

#include "io/evidencejson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"
#include "service/evidenceassembler.h"
#include "stats/contingency.h"
#include "stats/distributions.h"
#include "stats/mannwhitney.h"
#include "stats/sequential.h"
#include "stats/ttest.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

namespace rampart::report {

namespace {

using rollout::RolloutStatus;
using rollout::TimePoint;

const char *roleName(rollout::MetricRole role)
{
    switch (role) {
    case rollout::MetricRole::Primary:
        return "primary";
    case rollout::MetricRole::Guardrail:
        return "guardrail";
    case rollout::MetricRole::Business:
        return "business";
    }
    return "primary";
}

stats::SampleSummary sampleOf(const rollout::CohortMetric &m)
{
    return stats::SampleSummary{m.summary.count(), m.summary.mean(), m.summary.standardDeviation()};
}

/// The cohorts of one metric compared: treatment − control and treatment/control − 1, with
/// their 95% intervals, from the same engine functions the statistics CLI uses.
MetricComparison compare(const rollout::MetricSpec &spec, const rollout::MetricEvidence &e)
{
    MetricComparison c;
    c.metric = spec.name;
    c.label = spec.label.empty() ? spec.name : spec.label;
    c.role = roleName(spec.role);
    c.controlN = e.control.summary.count();
    c.treatmentN = e.treatment.summary.count();
    c.controlMean = e.control.summary.mean();
    c.treatmentMean = e.treatment.summary.mean();
    if (c.controlN == 0 || c.treatmentN == 0)
        return c;
    if (spec.kind == rollout::MetricKind::Binary) {
        c.test = "proportions-z";
        const stats::ProportionSample t{e.treatment.summary.successes(), c.treatmentN};
        const stats::ProportionSample k{e.control.summary.successes(), c.controlN};
        if (auto z = stats::twoProportionZTest(t, k); z) {
            c.difference = z->diff;
            c.differenceCi = z->ci;
            c.pValue = z->pValue;
        }
    } else {
        c.test = "welch-t";
    }
    // Welch on the summaries: the difference (continuous metrics) and, for every metric, the
    // delta-method relative change (a binary metric's summary is of its 0/1 outcomes).
    if (auto t = stats::tTest(sampleOf(e.treatment), sampleOf(e.control), stats::TTestKind::Welch); t) {
        if (spec.kind != rollout::MetricKind::Binary) {
            c.difference = t->meanDiff;
            c.differenceCi = t->ci;
            c.pValue = t->pValue;
        }
        if (t->relativeLift) {
            c.relativeChange = t->relativeLift->estimate;
            c.relativeCi = t->relativeLift->ci;
        }
    }
    return c;
}

/// A run of the rollout at one percentage, from the stage history.
struct Segment
{
    double percentage = 0.0;
    TimePoint start;
    std::optional<TimePoint> end;
    std::vector<rollout::TransitionEvent> events;
};

std::vector<Segment> segmentsOf(const std::vector<rollout::TransitionEvent> &history)
{
    std::vector<Segment> segments;
    for (const rollout::TransitionEvent &e : history) {
        const bool resume = e.fromStatus == RolloutStatus::RolledBack && e.toStatus == RolloutStatus::Running;
        const bool moves = e.toPercentage != e.fromPercentage || (segments.empty() && e.toPercentage > 0.0) || resume;
        if (moves) {
            if (!segments.empty() && !segments.back().end)
                segments.back().end = e.at;
            if (!segments.empty())
                segments.back().events.push_back(e); // the transition that left it
            if (e.toPercentage > 0.0)
                segments.push_back(Segment{e.toPercentage, e.at, std::nullopt, {e}});
            continue;
        }
        if (!segments.empty() && !segments.back().end) {
            segments.back().events.push_back(e);
            if (e.toStatus == RolloutStatus::Completed || e.toStatus == RolloutStatus::RolledBack)
                segments.back().end = e.at;
        }
    }
    return segments;
}

int planStageAt(const rollout::Plan &plan, double percentage)
{
    for (std::size_t i = 0; i < plan.stages.size(); ++i)
        if (std::abs(plan.stages[i].percentage - percentage) < 1e-9)
            return static_cast<int>(i);
    return -1;
}

std::vector<IncidentEntry> incidentsFrom(const std::vector<store::AuditEntry> &trail, const std::string &agent)
{
    std::vector<IncidentEntry> out;
    for (const store::AuditEntry &a : trail) {
        if (a.action != "incident" || (a.subject != agent && !a.subject.empty() && a.subject.find(agent) != 0))
            continue;
        const QJsonObject d = QJsonDocument::fromJson(QByteArray::fromStdString(a.detailJson)).object();
        out.push_back(IncidentEntry{a.at, d.value(QStringLiteral("severity")).toString().toStdString(),
                                    d.value(QStringLiteral("summary")).toString().toStdString(), a.actor});
    }
    return out;
}

Result<std::vector<store::AuditEntry>> wholeTrail(store::EvidenceStore &store)
{
    std::vector<store::AuditEntry> all;
    std::int64_t after = 0;
    for (;;) {
        auto page = store.auditTrail(after, 1000);
        if (!page)
            return page.error();
        if (page->empty())
            break;
        after = page->back().id;
        all.insert(all.end(), page->begin(), page->end());
    }
    return all;
}

/// The end of the data when the rollout is still running: the last rollup minute + 1 min.
TimePoint lastDataTime(store::EvidenceStore &store, const std::string &agent, TimePoint fallback)
{
    auto rows = store.rollups(agent);
    if (!rows || rows->empty())
        return fallback;
    TimePoint last = fallback;
    for (const store::RollupRow &r : *rows)
        last = std::max(last, r.minute + std::chrono::minutes(1));
    return last;
}

} // namespace

Result<RolloutReport> buildReport(store::EvidenceStore &store, store::RolloutRecords *records, const ReportRequest &request)
{
    const rollout::Plan &plan = request.plan;
    RolloutReport report;
    report.plan = plan;
    report.source = request.source;

    auto history = store.stageHistory(plan.agent);
    if (!history)
        return history.error();
    if (history->empty())
        return makeError("unknown_agent", "agent",
                         "The store holds no stage history for the agent \"" + plan.agent + "\": no rollout to report.");
    report.history = *history;
    auto signOffs = store.signOffs(plan.agent);
    if (!signOffs)
        return signOffs.error();
    report.signOffs = *signOffs;
    auto trail = wholeTrail(store);
    if (!trail)
        return trail.error();
    report.incidents = incidentsFrom(*trail, plan.agent);

    // The audit chain, verified as `rampartctl audit verify` does.
    auto verification = store.verifyAudit();
    if (verification) {
        report.audit.verification = *verification;
        report.audit.verified = !verification->firstBadId && verification->uncheckedRows == 0;
    } else {
        report.audit.error = verification.error().message;
    }
    for (const store::AuditEntry &a : *trail)
        if (a.subject == plan.agent || a.subject == plan.flag)
            ++report.audit.rowsOfAgent;
    if (!trail->empty())
        report.audit.lastHash = trail->back().hash;

    const rollout::TransitionEvent &last = report.history.back();
    report.finalStatus = rollout::statusName(last.toStatus);
    report.finalPercentage = last.toPercentage;
    report.rolloutStart = report.history.front().at;
    switch (last.toStatus) {
    case RolloutStatus::Completed:
        report.verdict = Verdict::Completed;
        break;
    case RolloutStatus::RolledBack:
        report.verdict = Verdict::RolledBack;
        break;
    case RolloutStatus::Holding:
    case RolloutStatus::AwaitingSignOff:
        report.verdict = Verdict::Holding;
        break;
    case RolloutStatus::Running:
        report.verdict = Verdict::InProgress;
        break;
    case RolloutStatus::Pending:
        report.verdict = Verdict::NotStarted;
        break;
    }
    // A rollback to a stable stage leaves traffic flowing at that share: its data go on.
    const bool finished = last.toStatus == RolloutStatus::Completed
                          || (last.toStatus == RolloutStatus::RolledBack && last.toPercentage <= 0.0);
    report.evaluatedAt = finished ? last.at : request.now.value_or(lastDataTime(store, plan.agent, last.at));

    if (records) {
        report.loadTestsArchived = true;
        if (auto lt = records->latestLoadTest(plan.agent); lt)
            report.latestLoadTest = *lt;
        if (auto saved = records->loadRolloutState(plan.agent); saved && *saved)
            if (auto state = io::stateFromText((*saved)->stateJson, plan); state)
                report.recordedLooks = state->looks;
    }

    const service::EvidenceAssembler assembler(plan, service::EvidenceSources{&store, records, nullptr, nullptr});
    rollout::RolloutState replay; // the sequential looks, replayed at the stage ends
    replay.status = RolloutStatus::Running;
    replay.rolloutStartedAt = report.rolloutStart;
    std::optional<std::size_t> lastStable;

    const auto evaluateAt = [&](int planIndex, TimePoint stageStart, TimePoint at, double percentage,
                                rollout::Evidence &evidence) {
        rollout::RolloutState state = replay;
        state.stage = planIndex >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(planIndex)) : std::nullopt;
        state.stageStartedAt = stageStart;
        state.lastStableStage = lastStable;
        service::AssembledEvidence assembled = assembler.assemble(state, at);
        evidence = std::move(assembled.evidence);
        // The flag stood at the stage's share (the stage history is the record of its writes);
        // telemetry is not archived, so the service gauges stay missing and are shown so.
        evidence.flag = rollout::FlagReading{percentage, 0};
        evidence.capturedAt = at;
        rollout::Decision decision = rollout::GateEngine::evaluate(plan, state, evidence, at);
        return std::make_pair(decision, state);
    };

    const std::vector<Segment> segments = segmentsOf(report.history);
    for (const Segment &seg : segments) {
        StageReport s;
        const rollout::TransitionEvent &entry = seg.events.front();
        if (entry.fromStatus == RolloutStatus::RolledBack && entry.toStatus == RolloutStatus::Running) {
            // A resume starts a new attempt: the window and the sequential test restart.
            s.newAttempt = true;
            replay = rollout::RolloutState{};
            replay.status = RolloutStatus::Running;
            replay.rolloutStartedAt = seg.start;
        }
        s.percentage = seg.percentage;
        s.planIndex = planStageAt(plan, seg.percentage);
        if (s.planIndex >= 0)
            s.name = plan.stages[static_cast<std::size_t>(s.planIndex)].name;
        s.start = seg.start;
        s.ongoing = !seg.end;
        s.end = seg.end.value_or(report.evaluatedAt);
        s.events = seg.events;
        // Minutes are whole: the stage's own window starts at the next whole minute (as the assembler's).
        auto units = store.units(plan.agent, plan.controlCohort, plan.treatmentCohort, s.start, s.end);
        if (!units)
            return units.error();
        s.controlUnits = units->first;
        s.treatmentUnits = units->second;

        rollout::Evidence evidence;
        auto [decision, state] = evaluateAt(s.planIndex, s.start, s.end, s.percentage, evidence);
        s.decision = decision;
        s.evidenceHash = io::evidenceHash(io::evidenceDocument(plan, state, evidence)).toStdString();
        for (const rollout::MetricSpec &spec : plan.metrics) {
            if (const rollout::MetricEvidence *e = evidence.metric(spec.name)) {
                MetricComparison c = compare(spec, *e);
                for (const rollout::MetricAnalysis &a : decision.metrics) {
                    if (a.metric != spec.name)
                        continue;
                    c.engineZ = a.z;
                    c.engineP = a.pValue;
                    c.nonInferiorityP = a.nonInferiorityP;
                }
                s.metrics.push_back(std::move(c));
            }
        }
        s.informationFraction = decision.sample.maximumInformation > 0.0
                                    ? std::optional<double>(decision.sample.informationFraction)
                                    : std::nullopt;

        // The engine's look rule (docs/decision-rules.md): the k-th of K planned looks is due at
        // information fraction k/K (the last at 1); its boundary spends alpha/2 one-sided by the
        // plan's function over the looks so far, as if the final look followed.
        const int planned = std::max(1, plan.looks);
        const int k = static_cast<int>(replay.looks.size()) + 1;
        const double due = k >= planned ? 1.0 : static_cast<double>(k) / planned;
        if (s.informationFraction && s.percentage < 100.0 && !replay.efficacyLook && k <= planned
            && *s.informationFraction >= due - 1e-12) {
            const bool isFinal = due >= 1.0;
            std::vector<double> fractions;
            for (const rollout::LookRecord &l : replay.looks)
                fractions.push_back(l.informationFraction);
            const double t = isFinal ? 1.0 : std::min(*s.informationFraction, 1.0);
            fractions.push_back(t);
            if (!isFinal)
                fractions.push_back(1.0);
            if (auto bounds = stats::groupSequentialBoundaries(fractions, plan.alpha / 2.0, plan.spending, 1); bounds) {
                const std::size_t idx = replay.looks.size();
                BoundaryPoint b{t, bounds->z[idx], bounds->nominalP[idx], k, false};
                replay.looks.push_back(rollout::LookRecord{t, b.boundaryZ, b.nominalAlpha});
                for (const MetricComparison &c : s.metrics)
                    if (c.role == std::string("primary") && c.engineZ && *c.engineZ >= b.boundaryZ
                        && !replay.primaryCrossedAt.count(c.metric))
                        replay.primaryCrossedAt[c.metric] = k;
                int primaries = 0;
                for (const rollout::MetricSpec &spec : plan.metrics)
                    primaries += spec.role == rollout::MetricRole::Primary ? 1 : 0;
                b.crossedAll = primaries > 0 && static_cast<int>(replay.primaryCrossedAt.size()) >= primaries;
                if (b.crossedAll)
                    replay.efficacyLook = k;
                s.boundary = b;
            }
        }
        for (const rollout::SignOff &so : report.signOffs)
            if (so.fromPercentage == s.percentage && so.at >= s.start && so.at <= s.end)
                s.signOffs.push_back(so);
        for (const IncidentEntry &inc : report.incidents)
            if (inc.at >= s.start && inc.at < s.end)
                s.incidents.push_back(inc);
        if (seg.end && s.planIndex >= 0)
            for (const rollout::TransitionEvent &e : seg.events)
                if (e.fromPercentage == s.percentage && e.toPercentage > s.percentage)
                    lastStable = static_cast<std::size_t>(s.planIndex);
        report.stages.push_back(std::move(s));
    }

    // The final assessment: every metric over the whole rollout, at the report's "now".
    report.final.at = report.evaluatedAt;
    if (!report.stages.empty()) {
        const StageReport &lastStage = report.stages.back();
        report.final.metrics = lastStage.metrics;
        for (const rollout::GateRow &row : lastStage.decision.gates)
            if (row.gate.rfind("business:", 0) == 0 || row.gate == "final_incidents" || row.gate == "stability")
                report.final.gates.push_back(row);
        rollout::RolloutState state = replay;
        state.stage = lastStage.planIndex >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(lastStage.planIndex))
                                               : std::nullopt;
        state.stageStartedAt = lastStage.start;
        const service::AssembledEvidence assembled = assembler.assemble(state, report.evaluatedAt);
        if (const rollout::MetricEvidence *sat = assembled.evidence.metric("satisfaction")) {
            if (!sat->treatment.levelCounts.empty() && sat->treatment.levelCounts.size() == sat->control.levelCounts.size()) {
                if (auto mw = stats::mannWhitneyUFromCounts(sat->treatment.levelCounts, sat->control.levelCounts,
                                                            stats::Alternative::Greater);
                    mw)
                    report.final.satisfactionMannWhitneyP = mw->pValue;
            }
            const auto &t = sat->treatment.summary;
            if (t.count() >= 2) {
                const double half = stats::dist::studentTIsf(0.025, static_cast<double>(t.count() - 1))
                                    * t.standardDeviation() / std::sqrt(static_cast<double>(t.count()));
                report.final.satisfactionTreatmentCi = stats::ConfidenceInterval{t.mean() - half, t.mean() + half};
            }
        }
    }
    return report;
}

} // namespace rampart::report
