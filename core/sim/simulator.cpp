#include "simulator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <thread>
#include <unordered_set>

namespace rampart::sim {

namespace {

using rollout::Duration;
using rollout::TimePoint;

constexpr double kZ95 = 1.6448536269514722; // standard normal 95th percentile

Error invalid(const std::string &field, const std::string &message)
{
    return makeError(errc::InvalidArgument, field, message);
}

std::optional<double> parseNumber(std::string_view text)
{
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// "12h", "30m", "90s", "2d", "1.5h"; a bare number is hours.
std::optional<Duration> parseOffset(std::string_view text)
{
    double unit = 3600.0;
    if (!text.empty()) {
        switch (text.back()) {
        case 's': unit = 1.0; break;
        case 'm': unit = 60.0; break;
        case 'h': unit = 3600.0; break;
        case 'd': unit = 86400.0; break;
        default: unit = 0.0; break;
        }
        if (unit > 0.0)
            text.remove_suffix(1);
        else
            unit = 3600.0;
    }
    const auto number = parseNumber(text);
    if (!number || *number < 0.0)
        return std::nullopt;
    return Duration(static_cast<std::int64_t>(std::llround(*number * unit)));
}

std::optional<double> parseMagnitude(FaultKind kind, std::string_view text)
{
    bool percent = false;
    if (kind == FaultKind::LatencyDegradation && !text.empty() && text.back() == 'x')
        text.remove_suffix(1);
    else if (!text.empty() && text.back() == '%') {
        text.remove_suffix(1);
        percent = true;
    }
    auto value = parseNumber(text);
    if (value && percent)
        *value /= 100.0;
    if (!value)
        return std::nullopt;
    const bool ok = kind == FaultKind::LatencyDegradation ? *value > 0.0 : (*value >= 0.0 && *value <= 1.0);
    return ok ? value : std::nullopt;
}

struct LogNormal
{
    double mu = 0.0;
    double sigma = 0.0;
};

LogNormal fromMeanSd(double mean, double sd)
{
    const double variance = std::log(1.0 + (sd * sd) / (mean * mean));
    return {std::log(mean) - variance / 2.0, std::sqrt(variance)};
}

LogNormal fromMedianP95(double median, double p95)
{
    return {std::log(median), std::log(p95 / median) / kZ95};
}

// The conditions in force at one instant: the cohort's effects with the active faults.
struct Conditions
{
    double latencyFactor = 1.0;
    std::optional<double> treatmentErrorProbability;
    double dropShare = 0.0;
};

Conditions conditionsAt(const SimulationConfig &config, TimePoint now)
{
    Conditions c;
    for (const Fault &fault : config.faults) {
        if (now < config.start + fault.after)
            continue;
        switch (fault.kind) {
        case FaultKind::LatencyDegradation: c.latencyFactor *= fault.magnitude; break;
        case FaultKind::ErrorSpike: c.treatmentErrorProbability = fault.magnitude; break;
        case FaultKind::DropTreatment: c.dropShare = std::max(c.dropShare, fault.magnitude); break;
        }
    }
    return c;
}

std::optional<Error> validateEffects(const CohortEffects &e, const std::string &cohort)
{
    const auto probability = [](double p) { return p >= 0.0 && p <= 1.0; };
    if (!probability(e.accuracy) || !probability(e.errorProbability) || !probability(e.satisfactionResponseRate))
        return invalid(cohort, "Accuracy, error probability and response rate of " + cohort + " must be in [0, 1].");
    if (!(e.handlingTimeMeanMin > 0.0) || !(e.handlingTimeSdMin >= 0.0) || !(e.satisfactionSd >= 0.0))
        return invalid(cohort, "Handling time of " + cohort + " needs a positive mean and a non-negative sd.");
    if (!(e.latencyMedianMs > 0.0) || !(e.latencyP95Ms >= e.latencyMedianMs))
        return invalid(cohort, "Latency of " + cohort + " needs a positive median and a P95 at least as large.");
    if (!std::isfinite(e.satisfactionMean))
        return invalid(cohort, "The satisfaction mean of " + cohort + " must be finite.");
    return std::nullopt;
}

Result<double> readPercentage(flags::FlagStore &store, const std::string &flag)
{
    auto state = store.read(flag);
    if (state)
        return state->percentage;
    if (state.error().code == flags::flagerrc::NotFound)
        return 0.0; // the serving system's reading of a flag never written
    return state.error();
}

class Run
{
public:
    Run(const SimulationConfig &config, flags::FlagStore &flags, store::EvidenceStore &store)
        : m_config(config), m_flags(flags), m_store(store), m_rng(config.seed),
          m_salt(config.salt.empty() ? config.flag : config.salt)
    {
        m_control = Models{fromMeanSd(config.control.handlingTimeMeanMin, config.control.handlingTimeSdMin),
                           fromMedianP95(config.control.latencyMedianMs, config.control.latencyP95Ms)};
        m_treatment = Models{fromMeanSd(config.treatment.handlingTimeMeanMin, config.treatment.handlingTimeSdMin),
                             fromMedianP95(config.treatment.latencyMedianMs, config.treatment.latencyP95Ms)};
    }

    Result<SimulationSummary> execute(const StepCallback &onStep);

private:
    struct Models
    {
        LogNormal handlingTime;
        LogNormal latency;
    };

    std::optional<Error> readFlag(TimePoint now, bool first);
    void generateStep(TimePoint stepStart, Duration length);
    void emit(TimePoint at);
    store::Event outcome(TimePoint at, bool treated, const Conditions &conditions);
    std::string unitId();
    std::optional<Error> flush();
    void pace(std::int64_t stepIndex);

    bool chance(double p) { return std::bernoulli_distribution(std::clamp(p, 0.0, 1.0))(m_rng); }
    double draw(const LogNormal &d) { return std::lognormal_distribution<double>(d.mu, d.sigma)(m_rng); }

    const SimulationConfig &m_config;
    flags::FlagStore &m_flags;
    store::EvidenceStore &m_store;
    std::mt19937_64 m_rng;
    std::string m_salt;
    Models m_control;
    Models m_treatment;
    double m_percentage = 0.0;
    std::int64_t m_nextUnit = 0;
    std::unordered_set<std::string> m_seenControl;
    std::unordered_set<std::string> m_seenTreatment;
    std::vector<store::Event> m_buffer;
    SimulationSummary m_summary;
    std::chrono::steady_clock::time_point m_realStart;
};

std::optional<Error> Run::readFlag(TimePoint now, bool first)
{
    const auto percentage = readPercentage(m_flags, m_config.flag);
    if (!percentage) {
        if (first)
            return percentage.error();
        ++m_summary.flagReadFailures;
        return std::nullopt;
    }
    if (first || *percentage != m_percentage)
        m_summary.flagChanges.emplace_back(now, *percentage);
    m_percentage = *percentage;
    return std::nullopt;
}

std::string Run::unitId()
{
    const std::string prefix = "s" + std::to_string(m_config.seed) + "-";
    if (m_config.unitPopulation > 0) {
        std::uniform_int_distribution<std::int64_t> pick(0, m_config.unitPopulation - 1);
        return prefix + "p" + std::to_string(pick(m_rng));
    }
    return prefix + "u" + std::to_string(m_nextUnit++);
}

store::Event Run::outcome(TimePoint at, bool treated, const Conditions &conditions)
{
    const CohortEffects &effects = treated ? m_config.treatment : m_config.control;
    const Models &models = treated ? m_treatment : m_control;
    store::Event event;
    event.at = at;
    event.agent = m_config.agent;
    event.cohort = treated ? m_config.treatmentCohort : m_config.controlCohort;
    const double latencyFactor = treated ? conditions.latencyFactor : 1.0;
    event.latencyMs = draw(models.latency) * latencyFactor;
    const double errorProbability =
        treated && conditions.treatmentErrorProbability ? *conditions.treatmentErrorProbability : effects.errorProbability;
    event.error = chance(errorProbability);
    if (event.error)
        return event; // a failed answer has no correctness, rating or handling time
    event.correct = chance(effects.accuracy);
    event.handlingTimeMin = draw(models.handlingTime);
    const double latent = std::normal_distribution<double>(effects.satisfactionMean, effects.satisfactionSd)(m_rng);
    if (chance(effects.satisfactionResponseRate))
        event.satisfaction = static_cast<int>(std::clamp(std::lround(latent), 1L, 5L));
    return event;
}

void Run::emit(TimePoint at)
{
    ++m_summary.arrivals;
    std::string unit = unitId();
    const bool treated = flags::inTreatment(unit, m_salt, m_percentage);
    const Conditions conditions = conditionsAt(m_config, at);
    if (treated && conditions.dropShare > 0.0 && chance(conditions.dropShare)) {
        ++m_summary.droppedByFault;
        return;
    }
    store::Event event = outcome(at, treated, conditions);
    CohortTally &tally = treated ? m_summary.treatment : m_summary.control;
    ++tally.units;
    tally.errors += event.error ? 1 : 0;
    if (m_config.unitPopulation > 0)
        (treated ? m_seenTreatment : m_seenControl).insert(unit);
    else
        ++tally.distinctUnits;
    event.unitId = std::move(unit);
    m_buffer.push_back(std::move(event));
}

void Run::generateStep(TimePoint stepStart, Duration length)
{
    const double mean = m_config.unitsPerHour * static_cast<double>(length.count()) / 3600.0;
    const std::int64_t arrivals = mean > 0.0 ? std::poisson_distribution<std::int64_t>(mean)(m_rng) : 0;
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(arrivals));
    std::uniform_int_distribution<std::int64_t> second(0, length.count() - 1);
    for (auto &offset : offsets)
        offset = second(m_rng);
    std::sort(offsets.begin(), offsets.end());
    for (const std::int64_t offset : offsets)
        emit(stepStart + Duration(offset));
}

std::optional<Error> Run::flush()
{
    if (m_buffer.empty())
        return std::nullopt;
    const auto report = m_store.ingest(m_buffer);
    m_buffer.clear();
    if (!report) {
        Error error = report.error();
        error.message = "Writing simulated events failed after " + std::to_string(m_summary.eventsWritten)
            + " were written: " + error.message;
        return error;
    }
    ++m_summary.batches;
    m_summary.eventsWritten += report->accepted;
    m_summary.eventsSkipped += report->skipped;
    return std::nullopt;
}

void Run::pace(std::int64_t stepIndex)
{
    if (!(m_config.speed > 0.0))
        return;
    const double simulated = static_cast<double>((stepIndex + 1) * m_config.step.count());
    const auto due = m_realStart + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(simulated / m_config.speed));
    std::this_thread::sleep_until(due);
}

Result<SimulationSummary> Run::execute(const StepCallback &onStep)
{
    m_summary.start = m_config.start;
    m_realStart = std::chrono::steady_clock::now();
    const TimePoint end = m_config.start + m_config.duration;
    TimePoint now = m_config.start;
    for (std::int64_t index = 0; now < end; ++index) {
        if (onStep && !onStep(StepInfo{now, index, &m_summary})) {
            m_summary.stoppedEarly = true;
            break;
        }
        if (auto error = readFlag(now, index == 0))
            return *error;
        const Duration length = std::min<Duration>(m_config.step, end - now);
        generateStep(now, length);
        now += length;
        ++m_summary.steps;
        if (m_buffer.size() >= m_config.batchSize) {
            if (auto error = flush())
                return *error;
        }
        pace(index);
    }
    if (auto error = flush())
        return *error;
    m_summary.end = now;
    m_summary.finalPercentage = m_percentage;
    if (m_config.unitPopulation > 0) {
        m_summary.control.distinctUnits = static_cast<std::int64_t>(m_seenControl.size());
        m_summary.treatment.distinctUnits = static_cast<std::int64_t>(m_seenTreatment.size());
    }
    return m_summary;
}

} // namespace

CohortEffects defaultControlEffects()
{
    return CohortEffects{};
}

CohortEffects defaultTreatmentEffects()
{
    CohortEffects e;
    e.accuracy = 0.86;
    e.satisfactionMean = 4.3;
    e.handlingTimeMeanMin = 9.6;
    e.handlingTimeSdMin = 4.0;
    e.latencyMedianMs = 31.0;
    e.latencyP95Ms = 82.0;
    return e;
}

CohortEffects demoTreatmentEffects()
{
    CohortEffects e = defaultTreatmentEffects();
    e.satisfactionMean = 4.6;
    return e;
}

Result<Fault> parseFault(std::string_view text)
{
    const auto bad = [&] {
        return invalid("fault", "A fault is latency:<factor>x[@T], errors:<probability>[@T] or srm:<share>[%][@T] "
                                "with T like 12h, 30m or 2d; got \"" + std::string(text) + "\".");
    };
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return bad();
    const std::string_view kind = text.substr(0, colon);
    std::string_view rest = text.substr(colon + 1);
    Fault fault;
    if (kind == "latency")
        fault.kind = FaultKind::LatencyDegradation;
    else if (kind == "errors" || kind == "error")
        fault.kind = FaultKind::ErrorSpike;
    else if (kind == "srm" || kind == "drop")
        fault.kind = FaultKind::DropTreatment;
    else
        return bad();
    const auto at = rest.find('@');
    if (at != std::string_view::npos) {
        const auto offset = parseOffset(rest.substr(at + 1));
        if (!offset)
            return bad();
        fault.after = *offset;
        rest = rest.substr(0, at);
    }
    const auto magnitude = parseMagnitude(fault.kind, rest);
    if (!magnitude)
        return bad();
    fault.magnitude = *magnitude;
    return fault;
}

std::optional<Error> validateConfig(const SimulationConfig &config)
{
    if (config.agent.empty())
        return invalid("agent", "Name the agent whose traffic is simulated.");
    if (config.flag.empty())
        return invalid("flag", "Name the rollout flag the simulated serving system follows.");
    if (config.controlCohort.empty() || config.treatmentCohort.empty() || config.controlCohort == config.treatmentCohort)
        return invalid("cohorts", "The control and treatment cohorts need two different names.");
    if (config.duration.count() <= 0)
        return invalid("hours", "The simulated duration must be positive.");
    if (config.step.count() < 1 || config.step > std::chrono::hours(1))
        return invalid("step", "The step must be between 1 second and 1 hour of simulated time.");
    if (!std::isfinite(config.unitsPerHour) || config.unitsPerHour < 0.0 || config.unitsPerHour > 1e8)
        return invalid("rate", "The rate must be between 0 and 100,000,000 units per hour.");
    if (config.unitPopulation < 0)
        return invalid("unit_population", "The unit population must be 0 (fresh units) or positive.");
    if (config.batchSize == 0)
        return invalid("batch_size", "The batch size must be positive.");
    if (!std::isfinite(config.speed) || config.speed < 0.0)
        return invalid("speed", "The speed must be 0 (as fast as possible) or positive.");
    if (auto error = validateEffects(config.control, "control"))
        return error;
    return validateEffects(config.treatment, "treatment");
}

Result<SimulationSummary> simulate(const SimulationConfig &config, flags::FlagStore &flags,
                                   store::EvidenceStore &store, const StepCallback &onStep)
{
    if (auto error = validateConfig(config))
        return *error;
    Run run(config, flags, store);
    return run.execute(onStep);
}

} // namespace rampart::sim
