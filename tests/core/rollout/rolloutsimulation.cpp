#include "rolloutsimulation.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <vector>

namespace rampart::rollout::simulation {

namespace {

using namespace std::chrono_literals;

constexpr double UnitsPerHour = 40.0;
constexpr auto Step = std::chrono::hours(12);
constexpr int Evaluations = 28; // 14 days
constexpr std::array<double, 5> SatisfactionLevels{0.05, 0.05, 0.20, 0.30, 0.40};

struct Cohort
{
    stats::RunningSummary accuracy, handling, latency, errors, satisfaction;
    std::vector<std::int64_t> levels = std::vector<std::int64_t>(5, 0);
    std::vector<double> latencies;
};

struct StageData
{
    double percentage = 0.0;
    Cohort control, treatment;
};

CohortMetric metricOf(const stats::RunningSummary &s)
{
    CohortMetric c;
    c.summary = s;
    return c;
}

double p95(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    const auto k = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(values.size()))) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

std::vector<MetricEvidence> metricsOf(const Cohort &control, const Cohort &treatment)
{
    auto latency = [](const Cohort &c) {
        CohortMetric m = metricOf(c.latency);
        if (!c.latencies.empty())
            m.p95 = p95(c.latencies);
        return m;
    };
    auto ordinal = [](const Cohort &c) {
        CohortMetric m = metricOf(c.satisfaction);
        m.levelCounts = c.levels;
        return m;
    };
    return {{"accuracy", metricOf(control.accuracy), metricOf(treatment.accuracy)},
            {"handling_time_min", metricOf(control.handling), metricOf(treatment.handling)},
            {"satisfaction", ordinal(control), ordinal(treatment)},
            {"latency_ms", latency(control), latency(treatment)},
            {"error_rate", metricOf(control.errors), metricOf(treatment.errors)}};
}

void mergeInto(Cohort &into, const Cohort &from)
{
    into.accuracy.merge(from.accuracy);
    into.handling.merge(from.handling);
    into.latency.merge(from.latency);
    into.errors.merge(from.errors);
    into.satisfaction.merge(from.satisfaction);
    for (std::size_t i = 0; i < into.levels.size(); ++i)
        into.levels[i] += from.levels[i];
}

void addUnit(Cohort &c, std::mt19937_64 &rng, double accuracy, double handlingMean, double latencyFactor)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::normal_distribution<double> z(0.0, 1.0);
    c.accuracy.addOutcome(u(rng) < accuracy);
    c.handling.add(handlingMean + 4.6 * z(rng));
    const double latency = std::max(1.0, latencyFactor * (62.0 + 18.0 * z(rng)));
    c.latency.add(latency);
    c.latencies.push_back(latency);
    c.errors.addOutcome(u(rng) < 0.01);
    const double r = u(rng);
    double acc = 0.0;
    int level = 4;
    for (int i = 0; i < 5; ++i) {
        acc += SatisfactionLevels[static_cast<std::size_t>(i)];
        if (r < acc) {
            level = i;
            break;
        }
    }
    c.levels[static_cast<std::size_t>(level)] += 1;
    c.satisfaction.add(static_cast<double>(level + 1));
}

TimePoint start()
{
    return TimePoint(std::chrono::seconds(1795000000));
}

} // namespace

Outcome simulateRollout(const Plan &plan, const Scenario &sc, std::mt19937_64 &rng, bool untilSignificancePassed)
{
    RolloutState state = startRollout(plan, RolloutState{}, "sim", start())->state;
    std::vector<StageData> stages;
    std::int64_t stageControl = 0, stageTreatment = 0;
    Outcome out;
    const auto significanceStage = [&] {
        for (std::size_t i = 0; i < plan.stages.size(); ++i)
            if (plan.stages[i].requireSignificance)
                return i;
        return std::size_t{0};
    }();
    for (int step = 1; step <= Evaluations; ++step) {
        const TimePoint now = start() + step * Step;
        const double percentage = state.percentage(plan);
        const bool advanced = !stages.empty() && stages.back().percentage != percentage;
        if (stages.empty() || stages.back().percentage != percentage)
            stages.push_back(StageData{percentage, {}, {}});
        StageData &current = stages.back();
        const bool drifted = sc.baselineDrift && step > 2;
        const double controlAccuracy = drifted ? 0.70 : 0.80;
        const double treatmentAccuracy = sc.treatmentAccuracy - (drifted ? 0.10 : 0.0);
        const double handling = 13.9 + (drifted ? 2.0 : 0.0);
        const auto arrivals = static_cast<std::int64_t>(UnitsPerHour * 12.0);
        std::binomial_distribution<std::int64_t> assign(arrivals, percentage / 100.0);
        const std::int64_t toTreatment = assign(rng);
        // With a boundary mix, the first part of the step after an advance lands in the
        // previous stage's stratum (each unit independently, so the split stays the new one).
        StageData *previous = advanced && sc.boundaryMix > 0.0 ? &stages[stages.size() - 2] : nullptr;
        std::bernoulli_distribution mixed(sc.boundaryMix);
        const auto into = [&]() -> StageData & { return previous && mixed(rng) ? *previous : current; };
        for (std::int64_t i = 0; i < toTreatment; ++i)
            addUnit(into().treatment, rng, treatmentAccuracy, handling + sc.handlingTimeShift, sc.latencyFactor);
        for (std::int64_t i = 0; i < arrivals - toTreatment; ++i)
            addUnit(into().control, rng, controlAccuracy, handling, 1.0);
        stageTreatment += toTreatment;
        stageControl += arrivals - toTreatment;

        Evidence e;
        e.capturedAt = now - 1min;
        e.flag = FlagReading{percentage, 1};
        e.controlUnits = stageControl;
        e.treatmentUnits = stageTreatment;
        Cohort allControl, allTreatment;
        for (const StageData &s : stages) {
            mergeInto(allControl, s.control);
            mergeInto(allTreatment, s.treatment);
            e.stages.push_back(StageEvidence{s.percentage, metricsOf(s.control, s.treatment)});
        }
        allControl.latencies.clear();
        allTreatment.latencies.clear();
        e.metrics = metricsOf(allControl, allTreatment);
        for (const ServiceGate &g : plan.serviceGates)
            e.gauges.push_back({g.name, g.comparison == Comparison::Below ? g.threshold * 0.5 : std::min(100.0, g.threshold + 0.05), now - 30s});
        for (const char *who : {"ana", "bartek"})
            e.signOffs.push_back(SignOff{who, "stakeholder", true, "ok", "hash", now - 1min, percentage, false});
        if (out.firstGuardrailEvaluation < 0 && allTreatment.latency.count() >= plan.minimumGuardrailSamples
            && allControl.latency.count() >= plan.minimumGuardrailSamples)
            out.firstGuardrailEvaluation = step;

        const Decision d = GateEngine::evaluate(plan, state, e, now);
        ++out.evaluations;
        if (d.look && d.look->taken)
            ++out.looks;
        if (d.action == Action::Rollback) {
            out.rollbackEvaluation = step;
            for (const Reason &r : d.reasons) {
                if (r.code == reason::GuardrailDegraded) {
                    out.guardrailRollback = true;
                    if (r.gate == "metric:latency_ms")
                        out.latencyRollback = true;
                } else if (r.code == reason::SequentialTestExhausted || r.code == reason::Futility) {
                    out.exhaustedRollback = true;
                } else if (r.code == reason::ServiceBreachRollback) {
                    out.otherRollback = true;
                }
            }
        }
        auto next = applyDecision(plan, state, d, "sim", "", now);
        if (!next)
            break;
        if (next->state.stage != state.stage) {
            stageControl = stageTreatment = 0;
        }
        state = next->state;
        if (state.stage && *state.stage > significanceStage)
            out.advancedPastSignificance = true;
        if (state.status == RolloutStatus::RolledBack || state.status == RolloutStatus::Completed)
            break;
        if (untilSignificancePassed && out.advancedPastSignificance)
            break;
    }
    return out;
}

Rates simulate(const Plan &plan, const Scenario &scenario, int replicates, std::uint64_t seed, bool untilSignificancePassed)
{
    std::mt19937_64 rng(seed);
    Rates r;
    r.replicates = replicates;
    int atFirst = 0;
    for (int i = 0; i < replicates; ++i) {
        const Outcome o = simulateRollout(plan, scenario, rng, untilSignificancePassed);
        r.advanced += o.advancedPastSignificance;
        r.guardrailRollback += o.guardrailRollback;
        r.latencyRollback += o.latencyRollback;
        r.exhausted += o.exhaustedRollback;
        r.meanLooks += o.looks;
        atFirst += o.latencyRollback && o.rollbackEvaluation == o.firstGuardrailEvaluation;
    }
    const double n = replicates;
    r.advanced /= n;
    r.guardrailRollback /= n;
    r.latencyRollback /= n;
    r.exhausted /= n;
    r.meanLooks /= n;
    r.rollbackAtFirstGuardrailEvaluation = atFirst / n;
    return r;
}

} // namespace rampart::rollout::simulation
