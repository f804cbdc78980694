// `rampartctl simulate --serve`: the stand-in serving system over HTTP. docs/load-testing.md.

#include "simserve.h"

#include "cliutil.h"
#include "simservemetrics.h"

#include <QAbstractHttpServer>
#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <future>
#include <mutex>
#include <random>
#include <thread>

namespace rampart::cli {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
void onStop(int)
{
    g_stop.store(true);
}

// Compact JSON, one line per answer (QJsonDocument's own write indents it).
void writeJson(QHttpServerResponder &&responder, const QJsonObject &body,
               QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Ok)
{
    responder.write(QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", status);
}

double seconds(Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

// ---------------------------------------------------------------------------------------
// The writer thread: owns the evidence store, writes the answers' events in batches.

class EventWriter
{
public:
    EventWriter(EvidenceStoreFactory open, Histogram &timing, std::chrono::milliseconds interval, std::size_t maxPending)
        : m_open(std::move(open)), m_timing(timing), m_interval(interval), m_maxPending(maxPending)
    {
    }
    ~EventWriter() { stop(); }

    /// Starts the thread and waits until it opened the store (or failed to).
    std::optional<Error> start()
    {
        std::promise<std::optional<Error>> opened;
        auto result = opened.get_future();
        m_thread = std::thread([this, &opened] { run(opened); });
        auto error = result.get();
        if (error)
            stop();
        return error;
    }

    void push(store::Event event)
    {
        bool full = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_queue.size() >= m_maxPending) {
                ++m_dropped;
                return;
            }
            m_queue.push_back(std::move(event));
            full = m_queue.size() >= kBatch;
        }
        if (full)
            m_wake.notify_one();
    }

    /// Writes everything still queued, then ends the thread.
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        if (m_thread.joinable())
            m_thread.join();
    }

    std::int64_t written() const { return m_written.load(); }
    std::int64_t skipped() const { return m_skipped.load(); }
    std::int64_t failedBatches() const { return m_failedBatches.load(); }
    std::int64_t dropped() const
    {
        std::lock_guard lock(m_mutex);
        return m_dropped;
    }
    std::int64_t pending() const
    {
        std::lock_guard lock(m_mutex);
        return static_cast<std::int64_t>(m_queue.size());
    }
    std::string lastError() const
    {
        std::lock_guard lock(m_mutex);
        return m_lastError;
    }

private:
    static constexpr std::size_t kBatch = 2000;

    void run(std::promise<std::optional<Error>> &opened)
    {
        auto store = m_open();
        if (!store) {
            opened.set_value(store.error());
            return;
        }
        opened.set_value(std::nullopt);
        std::unique_ptr<store::EvidenceStore> owned = std::move(store).value();
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait_for(lock, m_interval, [this] { return m_stopping || m_queue.size() >= kBatch; });
            const bool last = m_stopping;
            while (!m_queue.empty()) {
                const std::size_t n = std::min(kBatch, m_queue.size());
                std::vector<store::Event> batch(std::make_move_iterator(m_queue.begin()),
                                                std::make_move_iterator(m_queue.begin() + static_cast<std::ptrdiff_t>(n)));
                m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(n));
                lock.unlock();
                const auto began = Clock::now();
                auto report = owned->ingest(batch);
                m_timing.observe(seconds(Clock::now() - began));
                lock.lock();
                if (report) {
                    m_written += report->accepted + report->duplicates;
                    m_skipped += report->skipped;
                    continue;
                }
                // Events carry ids, so writing the batch again later stores nothing twice.
                ++m_failedBatches;
                m_lastError = report.error().message;
                for (auto it = batch.rbegin(); it != batch.rend() && m_queue.size() < m_maxPending; ++it)
                    m_queue.push_front(std::move(*it));
                if (last)
                    return; // the store is down at exit: what could not be written is counted as pending
                break;
            }
            if (last && m_queue.empty())
                return;
        }
    }

    EvidenceStoreFactory m_open;
    Histogram &m_timing;
    std::chrono::milliseconds m_interval;
    std::size_t m_maxPending;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<store::Event> m_queue;
    bool m_stopping = false;
    std::int64_t m_dropped = 0;
    std::string m_lastError;
    std::atomic<std::int64_t> m_written{0};
    std::atomic<std::int64_t> m_skipped{0};
    std::atomic<std::int64_t> m_failedBatches{0};
    std::thread m_thread;
};

// ---------------------------------------------------------------------------------------
// Outcomes: the simulator's model of one answer (docs/simulator.md, "True effects").

struct LogNormal
{
    double mu = 0.0;
    double sigma = 0.0;
};

LogNormal fromMedianP95(double median, double p95)
{
    return {std::log(median), std::log(p95 / median) / 1.6448536269514722};
}

LogNormal fromMeanSd(double mean, double sd)
{
    const double variance = std::log(1.0 + (sd * sd) / (mean * mean));
    return {std::log(mean) - variance / 2.0, std::sqrt(variance)};
}

// ---------------------------------------------------------------------------------------

class SimServer : public QAbstractHttpServer
{
public:
    SimServer(const SimServeOptions &options, flags::FlagStore &flags, EventWriter &writer, Histogram &storeTiming)
        : m_options(options), m_flags(flags), m_writer(writer), m_storeTiming(storeTiming), m_rng(options.config.seed),
          m_salt(options.config.salt.empty() ? options.config.flag : options.config.salt),
          m_idPrefix("srv" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count())
                     + "-" + std::to_string(options.config.seed) + "-"),
          m_started(Clock::now())
    {
        const auto &c = options.config;
        m_latency[0] = fromMedianP95(c.control.latencyMedianMs, c.control.latencyP95Ms);
        m_latency[1] = fromMedianP95(c.treatment.latencyMedianMs, c.treatment.latencyP95Ms);
        m_handling[0] = fromMeanSd(c.control.handlingTimeMeanMin, c.control.handlingTimeSdMin);
        m_handling[1] = fromMeanSd(c.treatment.handlingTimeMeanMin, c.treatment.handlingTimeSdMin);
    }

    /// Reads the flag (on this thread); a failure keeps the last value and is counted.
    std::optional<Error> refreshFlag()
    {
        const auto began = Clock::now();
        auto state = m_flags.read(m_options.config.flag);
        m_redisTiming.observe(seconds(Clock::now() - began));
        if (state) {
            m_percentage = state->percentage;
            m_version = state->version;
            return std::nullopt;
        }
        if (state.error().code == flags::flagerrc::NotFound) { // never written: 0%, as serving does
            m_percentage = 0.0;
            m_version = 0;
            return std::nullopt;
        }
        ++m_flagReadFailures;
        return state.error();
    }

    QJsonObject summary() const
    {
        const auto &c = m_options.config;
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("summary")},
                           {QStringLiteral("answers"), QJsonObject{{QString::fromStdString(c.controlCohort), double(m_answers[0])},
                                                                   {QString::fromStdString(c.treatmentCohort), double(m_answers[1])}}},
                           {QStringLiteral("errors"), double(m_errors)},
                           {QStringLiteral("dropped_by_fault"), double(m_droppedByFault)},
                           {QStringLiteral("bad_requests"), double(m_badRequests)},
                           {QStringLiteral("events_written"), double(m_writer.written())},
                           {QStringLiteral("events_skipped"), double(m_writer.skipped())},
                           {QStringLiteral("events_pending"), double(m_writer.pending())},
                           {QStringLiteral("events_dropped"), double(m_writer.dropped())},
                           {QStringLiteral("failed_batches"), double(m_writer.failedBatches())},
                           {QStringLiteral("flag_read_failures"), double(m_flagReadFailures)},
                           {QStringLiteral("final_percentage"), m_percentage},
                           {QStringLiteral("flag_version"), double(m_version)}};
    }

    double percentage() const { return m_percentage; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        const QString path = request.url().path();
        if (path == QLatin1String("/answer") || path == QLatin1String("/api/answer"))
            answer(request, socket);
        else if (path == QLatin1String("/metrics"))
            makeResponder(request, socket).write(metrics(), "text/plain; version=0.0.4");
        else if (path == QLatin1String("/health"))
            writeJson(makeResponder(request, socket), QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
        else if (path == QLatin1String("/flag"))
            writeJson(makeResponder(request, socket), QJsonObject{{QStringLiteral("flag"), QString::fromStdString(m_options.config.flag)},
                                                                  {QStringLiteral("percentage"), m_percentage},
                                                                  {QStringLiteral("version"), double(m_version)}});
        else
            return false;
        return true;
    }

    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        writeJson(makeResponder(request, socket),
                  QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")},
                              {QStringLiteral("message"), QStringLiteral("Try GET /answer?user=ID, /metrics, /flag or /health.")}},
                  QHttpServerResponder::StatusCode::NotFound);
    }

private:
    bool chance(double p) { return std::bernoulli_distribution(std::clamp(p, 0.0, 1.0))(m_rng); }
    double draw(const LogNormal &d) { return std::lognormal_distribution<double>(d.mu, d.sigma)(m_rng); }

    void answer(const QHttpServerRequest &request, QTcpSocket *socket)
    {
        const auto received = Clock::now();
        const QUrlQuery query(request.url());
        QString user = query.queryItemValue(QStringLiteral("user"), QUrl::FullyDecoded);
        if (user.isEmpty())
            user = query.queryItemValue(QStringLiteral("user_id"), QUrl::FullyDecoded);
        if (user.isEmpty() || user.size() > 128) {
            ++m_badRequests;
            writeJson(makeResponder(request, socket),
                      QJsonObject{{QStringLiteral("error"), QStringLiteral("missing_field")},
                                  {QStringLiteral("field"), QStringLiteral("user")},
                                  {QStringLiteral("message"), QStringLiteral("GET /answer needs ?user=ID (1-128 characters).")}},
                      QHttpServerResponder::StatusCode::BadRequest);
            return;
        }
        const auto &c = m_options.config;
        const std::string unit = user.toStdString();
        const bool treated = flags::inTreatment(unit, m_salt, m_percentage);
        const int k = treated ? 1 : 0;
        const sim::CohortEffects &effects = treated ? c.treatment : c.control;

        // Faults act on the treatment cohort from `after` (wall-clock time since the start).
        const auto elapsed = std::chrono::duration_cast<rollout::Duration>(received - m_started);
        double latencyFactor = 1.0, errorProbability = effects.errorProbability, dropShare = 0.0;
        for (const sim::Fault &fault : c.faults) {
            if (!treated || elapsed < fault.after)
                continue;
            switch (fault.kind) {
            case sim::FaultKind::LatencyDegradation: latencyFactor *= fault.magnitude; break;
            case sim::FaultKind::ErrorSpike: errorProbability = fault.magnitude; break;
            case sim::FaultKind::DropTreatment: dropShare = std::max(dropShare, fault.magnitude); break;
            }
        }
        store::Event event;
        event.at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        event.agent = c.agent;
        event.cohort = treated ? c.treatmentCohort : c.controlCohort;
        event.unitId = unit;
        event.eventId = m_idPrefix + std::to_string(m_nextEvent++);
        const double latencyMs = draw(m_latency[k]) * latencyFactor;
        event.latencyMs = latencyMs;
        event.error = chance(errorProbability);
        if (!event.error) {
            event.correct = chance(effects.accuracy);
            event.handlingTimeMin = draw(m_handling[k]);
            const double latent = std::normal_distribution<double>(effects.satisfactionMean, effects.satisfactionSd)(m_rng);
            if (chance(effects.satisfactionResponseRate))
                event.satisfaction = static_cast<int>(std::clamp(std::lround(latent), 1L, 5L));
        }
        ++m_answers[k];
        m_errors += event.error ? 1 : 0;
        QJsonObject body{{QStringLiteral("user"), user},
                         {QStringLiteral("cohort"), QString::fromStdString(event.cohort)},
                         {QStringLiteral("percentage"), m_percentage},
                         {QStringLiteral("flag_version"), double(m_version)},
                         {QStringLiteral("latency_ms"), latencyMs},
                         {QStringLiteral("error"), event.error}};
        if (event.correct)
            body.insert(QStringLiteral("correct"), *event.correct);
        if (treated && dropShare > 0.0 && chance(dropShare))
            ++m_droppedByFault; // answered, but the serving system's log lost it (SRM)
        else
            m_writer.push(std::move(event));

        const auto status = body.value(QStringLiteral("error")).toBool() ? QHttpServerResponder::StatusCode::ServiceUnavailable
                                                                           : QHttpServerResponder::StatusCode::Ok;
        const int delayMs = static_cast<int>(std::lround(latencyMs * m_options.delayScale));
        auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
        const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
        auto respond = [this, responder, payload, status, received, k, guard = QPointer<QTcpSocket>(socket)] {
            if (!guard)
                return; // the client went away before the answer was due
            responder->write(payload, "application/json", status);
            m_answerTiming[k].observe(seconds(Clock::now() - received));
        };
        if (delayMs <= 0)
            respond();
        else
            QTimer::singleShot(delayMs, Qt::PreciseTimer, this, respond);
    }

    QByteArray metrics() const
    {
        const auto &c = m_options.config;
        const std::string agent = "agent=\"" + labelValue(c.agent) + "\"";
        QByteArray out;
        writeType(out, "rampart_answer_latency_seconds", "histogram", "Answer latency as served (request to response).");
        m_answerTiming[0].write(out, "rampart_answer_latency_seconds", agent + ",cohort=\"" + labelValue(c.controlCohort) + "\"");
        m_answerTiming[1].write(out, "rampart_answer_latency_seconds", agent + ",cohort=\"" + labelValue(c.treatmentCohort) + "\"");
        writeType(out, "rampart_redis_command_duration_seconds", "histogram", "Flag reads from the flag store.");
        m_redisTiming.write(out, "rampart_redis_command_duration_seconds", agent);
        const std::string store = m_options.storeKind == "postgres" ? "rampart_postgres_query_duration_seconds"
                                                                    : "rampart_" + m_options.storeKind + "_query_duration_seconds";
        writeType(out, store.c_str(), "histogram", "One observation per batch of events written to the evidence store.");
        m_storeTiming.write(out, store, agent);
        writeType(out, "rampart_sim_answers_total", "counter", "Answers given, by cohort.");
        out += "rampart_sim_answers_total{" + QByteArray::fromStdString(agent + ",cohort=\"" + labelValue(c.controlCohort)) + "\"} "
            + QByteArray::number(m_answers[0]) + '\n';
        out += "rampart_sim_answers_total{" + QByteArray::fromStdString(agent + ",cohort=\"" + labelValue(c.treatmentCohort)) + "\"} "
            + QByteArray::number(m_answers[1]) + '\n';
        const auto gauge = [&](const char *name, const char *type, const char *help, double value) {
            writeType(out, name, type, help);
            out += QByteArray(name) + '{' + QByteArray::fromStdString(agent) + "} " + QByteArray::number(value, 'g', 17) + '\n';
        };
        gauge("rampart_sim_answer_errors_total", "counter", "Answers that failed (HTTP 503).", double(m_errors));
        gauge("rampart_sim_flag_percentage", "gauge", "The flag percentage the server routes by.", m_percentage);
        gauge("rampart_sim_flag_version", "gauge", "The version of that flag.", double(m_version));
        gauge("rampart_sim_flag_read_failures_total", "counter", "Flag reads that failed.", double(m_flagReadFailures));
        gauge("rampart_sim_events_written_total", "counter", "Events accepted by the evidence store.", double(m_writer.written()));
        gauge("rampart_sim_events_pending", "gauge", "Events waiting for the evidence store.", double(m_writer.pending()));
        gauge("rampart_sim_events_dropped_total", "counter", "Events dropped: the queue was full.", double(m_writer.dropped()));
        writeHostMetrics(out);
        return out;
    }

    const SimServeOptions &m_options;
    flags::FlagStore &m_flags;
    EventWriter &m_writer;
    Histogram &m_storeTiming;
    std::mt19937_64 m_rng;
    std::string m_salt;
    std::string m_idPrefix;
    Clock::time_point m_started;
    LogNormal m_latency[2];
    LogNormal m_handling[2];
    double m_percentage = 0.0;
    std::int64_t m_version = 0;
    std::int64_t m_nextEvent = 0;
    std::int64_t m_answers[2] = {0, 0};
    std::int64_t m_errors = 0;
    std::int64_t m_droppedByFault = 0;
    std::int64_t m_badRequests = 0;
    std::int64_t m_flagReadFailures = 0;
    Histogram m_answerTiming[2] = {Histogram(Histogram::latencyBounds()), Histogram(Histogram::latencyBounds())};
    Histogram m_redisTiming{Histogram::backendBounds()};
};

std::optional<std::chrono::milliseconds> parseMillis(QString text)
{
    double unit = 1000.0;
    if (text.endsWith(QLatin1String("ms"))) {
        unit = 1.0;
        text.chop(2);
    } else if (text.endsWith(QLatin1Char('s'))) {
        text.chop(1);
    } else if (text.endsWith(QLatin1Char('m'))) {
        unit = 60000.0;
        text.chop(1);
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < 0.0 || value > 1.0e9)
        return std::nullopt;
    return std::chrono::milliseconds(std::llround(value * unit));
}

} // namespace

Result<ServerStall> parseStall(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('@'));
    const auto length = parseMillis(parts.value(0));
    const auto after = parts.size() == 2 ? parseMillis(parts.at(1)) : std::optional(std::chrono::milliseconds(0));
    if (parts.size() > 2 || !length || !after || length->count() == 0)
        return makeError(errc::InvalidArgument, "stall",
                         "--stall is LENGTH@AFTER, e.g. 2s@10s or 500ms@1m, got \"" + text.toStdString() + "\".");
    return ServerStall{*after, *length};
}

int runSimServe(const SimServeOptions &options, std::unique_ptr<flags::FlagStore> flagStore, EvidenceStoreFactory openStore)
{
    Histogram storeTiming(Histogram::backendBounds());
    EventWriter writer(std::move(openStore), storeTiming, options.flushInterval, options.maxPendingEvents);
    if (auto error = writer.start())
        return failWith(*error, error->code == errc::InvalidArgument || error->code == "usage" ? ExitBadInput : ExitUnavailable);
    SimServer server(options, *flagStore, writer, storeTiming);
    if (auto error = server.refreshFlag()) // the first reading must succeed, as in `simulate`
        return failWith(*error, ExitUnavailable);
    const quint16 port = server.listen(options.address, options.port);
    if (port == 0)
        return failWith(makeError("io_error", "serve", "Cannot listen on " + options.address.toString().toStdString() + ":"
                                                           + std::to_string(options.port) + "."));

    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &server, [&server] { server.refreshFlag(); });
    poll.start(static_cast<int>(std::max<std::int64_t>(10, options.flagPoll.count())));

    // A published change re-reads the flag at once (on the server's thread).
    std::unique_ptr<flags::FlagSubscriber> subscriber;
    if (options.subscription) {
        auto started = flags::FlagSubscriber::start(
            *options.subscription, options.config.flag,
            [&server](const std::string &) {
                QMetaObject::invokeMethod(&server, [&server] { server.refreshFlag(); }, Qt::QueuedConnection);
            },
            [](flags::SubscriptionState, const std::string &) {});
        if (started)
            subscriber = std::move(started).value();
        else
            printJsonLine({{QStringLiteral("type"), QStringLiteral("warning")},
                           {QStringLiteral("message"), QString::fromStdString("No flag subscription, polling only: " + started.error().message)}});
    }

    // Stalls block the event loop: nothing is accepted or answered while one lasts.
    for (const ServerStall &stall : options.stalls)
        QTimer::singleShot(stall.after, Qt::PreciseTimer, &server,
                           [length = stall.length] { std::this_thread::sleep_for(length); });

    printJsonLine({{QStringLiteral("type"), QStringLiteral("listening")},
                   {QStringLiteral("url"), QStringLiteral("http://%1:%2").arg(options.address.toString()).arg(port)},
                   {QStringLiteral("agent"), QString::fromStdString(options.config.agent)},
                   {QStringLiteral("flag"), QString::fromStdString(options.config.flag)},
                   {QStringLiteral("percentage"), server.percentage()}});

    g_stop.store(false);
    std::signal(SIGTERM, onStop);
    std::signal(SIGINT, onStop);
    QTimer stopPoll;
    QObject::connect(&stopPoll, &QTimer::timeout, [] {
        if (g_stop.load())
            QCoreApplication::quit();
    });
    stopPoll.start(50);
    QCoreApplication::exec();
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
    subscriber.reset();
    writer.stop();
    printJsonLine(server.summary());
    return writer.pending() == 0 ? ExitOk : ExitUnavailable;
}

} // namespace rampart::cli
