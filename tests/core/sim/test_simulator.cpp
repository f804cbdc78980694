// Tests for core/sim/simulator.h with the in-memory flag store and an in-test EvidenceStore
// that only collects events. Tolerances are 4 standard errors; runs are seeded, so every
// test is deterministic.
#include "sim/simulator.h"

#include "stats/srm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

using namespace rampart;
using namespace rampart::sim;
using namespace std::chrono_literals;

namespace {

const rollout::TimePoint kStart{std::chrono::seconds(1714521600)}; // 2024-05-01T00:00:00Z
const std::string kFlag = "documentation-keeper.ml-answers";

Error unsupported()
{
    return makeError("unsupported", "", "Not part of the simulator's test store.");
}

// An EvidenceStore that collects what is ingested; the rest of the interface is unused.
class CollectingStore final : public store::EvidenceStore
{
public:
    std::vector<store::Event> events;
    std::vector<std::size_t> batchSizes;
    std::optional<std::size_t> failAfterBatches;

    Result<store::IngestReport> ingest(const std::vector<store::Event> &batch) override
    {
        if (failAfterBatches && batchSizes.size() >= *failAfterBatches)
            return makeError(store::storeerrc::Unavailable, "", "The database went away.");
        batchSizes.push_back(batch.size());
        events.insert(events.end(), batch.begin(), batch.end());
        store::IngestReport report;
        report.accepted = static_cast<std::int64_t>(batch.size());
        return report;
    }

    Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &, const std::string &, const std::string &,
                                                           rollout::TimePoint, rollout::TimePoint) override
    {
        return unsupported();
    }
    Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &, const std::string &, const std::string &,
                                                        rollout::TimePoint, rollout::TimePoint) override
    {
        return unsupported();
    }
    Result<store::AuditEntry> appendAudit(store::AuditEntry) override { return unsupported(); }
    Result<std::vector<store::AuditEntry>> auditTrail(std::int64_t, int) override { return unsupported(); }
    Result<store::AuditVerification> verifyAudit() override { return unsupported(); }
    Status recordSignOff(const std::string &, const rollout::SignOff &) override { return unsupported(); }
    Result<std::vector<rollout::SignOff>> signOffs(const std::string &) override { return unsupported(); }
    Status recordTransition(const std::string &, const rollout::TransitionEvent &) override { return unsupported(); }
    Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &) override { return unsupported(); }
    Result<std::vector<store::RollupRow>> rollups(const std::string &) override { return unsupported(); }
    Status importRollups(const std::vector<store::RollupRow> &) override { return unsupported(); }
    Status importAudit(const std::vector<store::AuditEntry> &) override { return unsupported(); }
};

class UnreachableFlagStore final : public flags::FlagStore
{
public:
    Result<flags::FlagState> read(const std::string &) override
    {
        return makeError(flags::flagerrc::Unavailable, "", "Redis at 127.0.0.1:1 refused the connection.");
    }
    Result<flags::FlagState> write(const std::string &, const flags::FlagWrite &) override { return read({}); }
};

void setFlag(flags::FlagStore &store, double percentage)
{
    flags::FlagWrite change;
    change.percentage = percentage;
    change.stage = "stage";
    change.updatedBy = "test";
    change.reason = "test";
    ASSERT_TRUE(store.write(kFlag, change).ok());
}

SimulationConfig config(double unitsPerHour, rollout::Duration duration, std::uint64_t seed = 7)
{
    SimulationConfig c;
    c.agent = "documentation-keeper";
    c.flag = kFlag;
    c.start = kStart;
    c.duration = duration;
    c.unitsPerHour = unitsPerHour;
    c.seed = seed;
    return c;
}

struct Outcome
{
    SimulationSummary summary;
    std::vector<store::Event> events;
};

Outcome run(const SimulationConfig &c, double percentage, const StepCallback &onStep = {})
{
    auto flags = flags::makeMemoryFlagStore();
    setFlag(*flags, percentage);
    CollectingStore store;
    auto summary = simulate(c, *flags, store, onStep);
    EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().message);
    return Outcome{summary.ok() ? *summary : SimulationSummary{}, std::move(store.events)};
}

struct Moments
{
    double n = 0, sum = 0, sumSq = 0;
    void add(double x) { n += 1; sum += x; sumSq += x * x; }
    double mean() const { return sum / n; }
    double variance() const { return (sumSq - sum * sum / n) / (n - 1); }
    double se() const { return std::sqrt(variance() / n); }
};

bool treated(const store::Event &e)
{
    return e.cohort == "ml";
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

std::vector<double> latencies(const std::vector<store::Event> &events, bool treatment, rollout::TimePoint from,
                              rollout::TimePoint to)
{
    std::vector<double> out;
    for (const auto &e : events)
        if (treated(e) == treatment && e.at >= from && e.at < to)
            out.push_back(*e.latencyMs);
    return out;
}

} // namespace

TEST(Simulator, RealisedTreatmentShareMatchesTheFlag)
{
    const auto out = run(config(20000, 2h), 25);
    const double n = static_cast<double>(out.summary.control.units + out.summary.treatment.units);
    ASSERT_GT(n, 35000);
    const double share = static_cast<double>(out.summary.treatment.units) / n;
    EXPECT_NEAR(share, 0.25, 4 * std::sqrt(0.25 * 0.75 / n));
    EXPECT_EQ(out.summary.eventsWritten, static_cast<std::int64_t>(n));
    EXPECT_EQ(out.events.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(out.summary.end, kStart + 2h);
    EXPECT_EQ(out.summary.steps, 120);
    EXPECT_EQ(out.summary.finalPercentage, 25);
}

TEST(Simulator, EveryEventFollowsTheStickyBucketing)
{
    const auto out = run(config(3000, 1h), 25);
    for (const auto &e : out.events)
        EXPECT_EQ(treated(e), flags::inTreatment(e.unitId, kFlag, 25)) << e.unitId;
}

TEST(Simulator, RaisingTheFlagKeepsTreatedUnitsTreated)
{
    auto c = config(6000, 4h);
    c.unitPopulation = 2000; // returning units, so the same unit is seen before and after
    auto flags = flags::makeMemoryFlagStore();
    setFlag(*flags, 25);
    CollectingStore store;
    const auto summary = simulate(c, *flags, store, [&](const StepInfo &step) {
        if (step.now == kStart + 2h)
            setFlag(*flags, 50);
        return true;
    });
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    ASSERT_EQ(summary->flagChanges.size(), 2u);
    EXPECT_EQ(summary->flagChanges[1].first, kStart + 2h);
    EXPECT_EQ(summary->flagChanges[1].second, 50);

    std::map<std::string, bool> treatedBefore;
    int switched = 0;
    double after = 0, afterTreated = 0;
    for (const auto &e : store.events) {
        if (e.at < kStart + 2h) {
            treatedBefore[e.unitId] = treated(e);
            continue;
        }
        after += 1;
        afterTreated += treated(e) ? 1 : 0;
        const auto it = treatedBefore.find(e.unitId);
        if (it == treatedBefore.end())
            continue;
        if (it->second)
            EXPECT_TRUE(treated(e)) << e.unitId << " was treated at 25% and lost treatment at 50%";
        else if (treated(e))
            ++switched;
    }
    EXPECT_GT(switched, 0); // some control units moved to the new behaviour
    EXPECT_NEAR(afterTreated / after, 0.5, 0.05); // a finite population: its own split, ±~2.5%
    EXPECT_GT(summary->treatment.distinctUnits, 0);
    EXPECT_LE(summary->control.distinctUnits + summary->treatment.distinctUnits, 2 * 2000);
}

TEST(Simulator, TheTrueAccuracyEffectShowsInTheData)
{
    auto c = config(20000, 3h);
    c.control.accuracy = 0.70;
    c.treatment.accuracy = 0.75;
    const auto out = run(c, 50);
    Moments control, treatment;
    for (const auto &e : out.events)
        if (e.correct)
            (treated(e) ? treatment : control).add(*e.correct ? 1.0 : 0.0);
    const double se = std::hypot(control.se(), treatment.se());
    EXPECT_NEAR(treatment.mean() - control.mean(), 0.05, 4 * se);
}

TEST(Simulator, OutcomeDistributionsMatchTheirParameters)
{
    auto c = config(20000, 2h);
    const auto out = run(c, 50);
    Moments handling, satisfaction;
    std::vector<double> latency;
    double errors = 0, n = 0, rated = 0, answered = 0;
    for (const auto &e : out.events) {
        if (treated(e))
            continue;
        n += 1;
        errors += e.error ? 1 : 0;
        ASSERT_TRUE(e.latencyMs && *e.latencyMs >= 0.0);
        latency.push_back(*e.latencyMs);
        if (e.error) {
            EXPECT_FALSE(e.correct || e.handlingTimeMin || e.satisfaction);
            continue;
        }
        answered += 1;
        ASSERT_TRUE(e.handlingTimeMin && *e.handlingTimeMin >= 0.0);
        handling.add(*e.handlingTimeMin);
        if (e.satisfaction) {
            rated += 1;
            EXPECT_GE(*e.satisfaction, 1);
            EXPECT_LE(*e.satisfaction, 5);
        }
    }
    EXPECT_NEAR(handling.mean(), c.control.handlingTimeMeanMin, 4 * handling.se());
    EXPECT_NEAR(std::sqrt(handling.variance()), c.control.handlingTimeSdMin, 0.25);
    EXPECT_NEAR(errors / n, c.control.errorProbability, 4 * std::sqrt(0.01 * 0.99 / n));
    EXPECT_NEAR(rated / answered, c.control.satisfactionResponseRate, 4 * std::sqrt(0.25 / answered));
    EXPECT_NEAR(median(latency), c.control.latencyMedianMs, 1.0);
    std::sort(latency.begin(), latency.end());
    EXPECT_NEAR(latency[static_cast<std::size_t>(0.95 * latency.size())], c.control.latencyP95Ms, 4.0);
}

TEST(Simulator, LatencyFaultAppearsAfterItsTime)
{
    auto c = config(12000, 4h);
    c.faults = {*parseFault("latency:3x@2h")};
    const auto out = run(c, 50);
    const auto mid = kStart + 2h, end = kStart + 4h;
    const double before = median(latencies(out.events, true, kStart, mid));
    const double afterT = median(latencies(out.events, true, mid, end));
    EXPECT_NEAR(before, c.treatment.latencyMedianMs, 1.5);
    EXPECT_NEAR(afterT / before, 3.0, 0.2);
    const double controlRatio = median(latencies(out.events, false, mid, end)) / median(latencies(out.events, false, kStart, mid));
    EXPECT_NEAR(controlRatio, 1.0, 0.1);
}

TEST(Simulator, ErrorSpikeHitsOnlyTreatmentAfterItsTime)
{
    auto c = config(12000, 2h);
    c.faults = {*parseFault("errors:0.3@1h")};
    const auto out = run(c, 50);
    Moments before, afterT, control;
    for (const auto &e : out.events) {
        const double x = e.error ? 1.0 : 0.0;
        if (!treated(e))
            control.add(x);
        else
            (e.at < kStart + 1h ? before : afterT).add(x);
    }
    EXPECT_NEAR(before.mean(), 0.01, 0.01);
    EXPECT_NEAR(afterT.mean(), 0.3, 4 * std::sqrt(0.3 * 0.7 / afterT.n));
    EXPECT_NEAR(control.mean(), 0.01, 0.01);
}

TEST(Simulator, DroppingTreatmentUnitsCausesASampleRatioMismatch)
{
    const double fractions[] = {0.5, 0.5};
    const auto clean = run(config(20000, 2h), 50).summary;
    const std::int64_t cleanCounts[] = {clean.control.units, clean.treatment.units};
    const auto cleanSrm = stats::sampleRatioMismatch(cleanCounts, fractions);
    ASSERT_TRUE(cleanSrm.ok());
    EXPECT_FALSE(cleanSrm->mismatch) << "p = " << cleanSrm->pValue;

    auto c = config(20000, 2h);
    c.faults = {*parseFault("srm:10%")}; // ~2,000 of ~20,000 treatment units lost: χ² ≈ 100
    const auto faulted = run(c, 50).summary;
    EXPECT_GT(faulted.droppedByFault, 0);
    EXPECT_EQ(faulted.arrivals, faulted.control.units + faulted.treatment.units + faulted.droppedByFault);
    const std::int64_t counts[] = {faulted.control.units, faulted.treatment.units};
    const auto srm = stats::sampleRatioMismatch(counts, fractions);
    ASSERT_TRUE(srm.ok());
    EXPECT_TRUE(srm->mismatch) << "p = " << srm->pValue;
}

TEST(Simulator, SameSeedSameEventsOtherSeedOtherEvents)
{
    const auto a = run(config(5000, 1h, 42), 25).events;
    const auto b = run(config(5000, 1h, 42), 25).events;
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].at, b[i].at);
        EXPECT_EQ(a[i].unitId, b[i].unitId);
        EXPECT_EQ(a[i].cohort, b[i].cohort);
        EXPECT_EQ(a[i].latencyMs, b[i].latencyMs);
        EXPECT_EQ(a[i].correct, b[i].correct);
        EXPECT_EQ(a[i].satisfaction, b[i].satisfaction);
        EXPECT_EQ(a[i].handlingTimeMin, b[i].handlingTimeMin);
        EXPECT_EQ(a[i].error, b[i].error);
    }
    const auto c = run(config(5000, 1h, 43), 25).events;
    EXPECT_FALSE(c.size() == a.size() && c.front().latencyMs == a.front().latencyMs);
}

TEST(Simulator, EventsAreWrittenInBatchesWithinTheRunAndInOrder)
{
    auto c = config(6000, 1h);
    c.batchSize = 500;
    auto flags = flags::makeMemoryFlagStore();
    setFlag(*flags, 50);
    CollectingStore store;
    const auto summary = simulate(c, *flags, store);
    ASSERT_TRUE(summary.ok());
    EXPECT_GT(store.batchSizes.size(), 5u);
    EXPECT_EQ(summary->batches, static_cast<std::int64_t>(store.batchSizes.size()));
    EXPECT_TRUE(std::is_sorted(store.events.begin(), store.events.end(),
                               [](const auto &x, const auto &y) { return x.at < y.at; }));
    for (const auto &e : store.events) {
        EXPECT_GE(e.at, kStart);
        EXPECT_LT(e.at, kStart + 1h);
        EXPECT_EQ(e.agent, "documentation-keeper");
    }
}

TEST(Simulator, AFlagNeverWrittenMeansEveryoneOnControl)
{
    auto flags = flags::makeMemoryFlagStore();
    CollectingStore store;
    const auto summary = simulate(config(2000, 1h), *flags, store);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->treatment.units, 0);
    EXPECT_GT(summary->control.units, 0);
}

TEST(Simulator, UnreachableFlagStoreAtTheStartIsAnError)
{
    UnreachableFlagStore flags;
    CollectingStore store;
    const auto summary = simulate(config(2000, 1h), flags, store);
    ASSERT_FALSE(summary.ok());
    EXPECT_EQ(summary.error().code, flags::flagerrc::Unavailable);
    EXPECT_TRUE(store.events.empty());
}

TEST(Simulator, IngestFailureStopsTheRunAndSaysHowFarItGot)
{
    auto c = config(6000, 1h);
    c.batchSize = 1000;
    auto flags = flags::makeMemoryFlagStore();
    CollectingStore store;
    store.failAfterBatches = 2;
    const auto summary = simulate(c, *flags, store);
    ASSERT_FALSE(summary.ok());
    EXPECT_EQ(summary.error().code, store::storeerrc::Unavailable);
    EXPECT_NE(summary.error().message.find("after " + std::to_string(store.events.size())), std::string::npos)
        << summary.error().message;
}

TEST(Simulator, StepCallbackCanStopTheRun)
{
    const auto out = run(config(6000, 2h), 50, [](const StepInfo &step) { return step.index < 30; });
    EXPECT_TRUE(out.summary.stoppedEarly);
    EXPECT_EQ(out.summary.steps, 30);
    EXPECT_EQ(out.summary.end, kStart + 30min);
    EXPECT_EQ(out.summary.eventsWritten, static_cast<std::int64_t>(out.events.size()));
}

TEST(SimulatorConfig, RejectsImpossibleSettings)
{
    auto c = config(-1, 1h);
    EXPECT_EQ(validateConfig(c)->field, "rate");
    c = config(100, 0h);
    EXPECT_EQ(validateConfig(c)->field, "hours");
    c = config(100, 1h);
    c.treatment.accuracy = 1.5;
    EXPECT_EQ(validateConfig(c)->field, "treatment");
    c = config(100, 1h);
    c.control.latencyP95Ms = c.control.latencyMedianMs / 2;
    EXPECT_EQ(validateConfig(c)->field, "control");
    c = config(100, 1h);
    c.flag.clear();
    EXPECT_EQ(validateConfig(c)->field, "flag");
    EXPECT_FALSE(validateConfig(config(100, 1h)).has_value());
}

TEST(ParseFault, ReadsTheCliSpellings)
{
    const auto latency = parseFault("latency:3x@12h");
    ASSERT_TRUE(latency.ok());
    EXPECT_EQ(latency->kind, FaultKind::LatencyDegradation);
    EXPECT_DOUBLE_EQ(latency->magnitude, 3.0);
    EXPECT_EQ(latency->after, 12h);
    const auto errors = parseFault("errors:0.2@30m");
    ASSERT_TRUE(errors.ok());
    EXPECT_EQ(errors->kind, FaultKind::ErrorSpike);
    EXPECT_DOUBLE_EQ(errors->magnitude, 0.2);
    EXPECT_EQ(errors->after, 30min);
    const auto srm = parseFault("srm:10%");
    ASSERT_TRUE(srm.ok());
    EXPECT_EQ(srm->kind, FaultKind::DropTreatment);
    EXPECT_DOUBLE_EQ(srm->magnitude, 0.1);
    EXPECT_EQ(srm->after, 0s);
    EXPECT_EQ(parseFault("srm:0.1@2d")->after, 48h);
    for (const char *bad : {"latency", "latency:-2x", "errors:1.5", "srm:10%@soon", "cpu:2x@1h", ""})
        EXPECT_FALSE(parseFault(bad).ok()) << bad;
}

// The console demo's ML cohort clears the plan's final satisfaction gate (4.2) and the
// default does not: the realised mean rating is E[clamp(round(Z), 1, 5)], Z ~ N(m, 1), from
// the normal probabilities of the rounding intervals —
//   sum(k * p_k), p_1 = norm.cdf(1.5, m), p_5 = norm.sf(4.5, m), p_k = norm.cdf(k + .5, m) - norm.cdf(k - .5, m)
//   (scipy.stats.norm, scipy 1.10.1): m = 4.3 → 4.170399442534146, m = 4.6 → 4.385329752554611.
TEST(Simulator, DemoTreatmentEffectsRealiseTheDocumentedMeanRating)
{
    const CohortEffects demo = demoTreatmentEffects();
    const CohortEffects plain = defaultTreatmentEffects();
    EXPECT_EQ(demo.satisfactionMean, 4.6);
    EXPECT_EQ(demo.accuracy, plain.accuracy); // only the rating differs
    EXPECT_EQ(demo.latencyMedianMs, plain.latencyMedianMs);
    for (const auto &[effects, expected] : {std::pair{demo, 4.385329752554611}, std::pair{plain, 4.170399442534146}}) {
        auto c = config(40000, 2h);
        c.treatment = effects;
        const auto out = run(c, 100);
        Moments rating;
        for (const auto &e : out.events)
            if (treated(e) && e.satisfaction)
                rating.add(*e.satisfaction);
        ASSERT_GT(rating.n, 10000);
        EXPECT_NEAR(rating.mean(), expected, 4 * rating.se());
    }
}
