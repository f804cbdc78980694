#pragma once

// `rampartctl simulate --serve ADDR:PORT`: the traffic simulator as an HTTP server, the
// stand-in serving system a load test drives. Every `GET /answer?user=ID` is routed by the
// rollout flag (read from the flag store with its version, refreshed by the Redis
// subscription and a poll) with the serving system's sticky bucketing, answered after the
// latency drawn for its cohort, and recorded as one outcome event in the evidence store, so
// the controller's evidence comes from that traffic. `/metrics` exposes the serving side's
// latency, Redis and store timings and the host's CPU and memory for Prometheus.
// Guide: docs/load-testing.md.

#include "flags/flagstore.h"
#include "flags/flagsubscriber.h"
#include "sim/simulator.h"
#include "stats/result.h"
#include "store/evidencestore.h"

#include <QHostAddress>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rampart::cli {

/// A stall of the whole server (its event loop blocked, as in a long GC pause): `length`
/// starting `after` the server began listening. CLI spelling "2s@10s" (LENGTH@AFTER; s, ms, m).
struct ServerStall
{
    std::chrono::milliseconds after{0};
    std::chrono::milliseconds length{0};
};

/// Parses "2s@10s", "500ms@1m", "2s" (from the start); field "stall" on error.
Result<ServerStall> parseStall(const QString &text);

struct SimServeOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; ///< 0: any free port (printed on the "listening" line)
    /// Agent, flag, salt, cohort names, true effects and faults (fault times count from the
    /// start of the server, in wall-clock time); duration, rate and step are not used.
    sim::SimulationConfig config;
    /// Answers wait for the drawn latency × this (0: answer at once, the latency is only recorded).
    double delayScale = 1.0;
    /// The flag is re-read at least this often (and at once on a published change).
    std::chrono::milliseconds flagPoll{1000};
    /// Events are written in batches at least this often.
    std::chrono::milliseconds flushInterval{250};
    std::vector<ServerStall> stalls;
    /// Subscribe to the flag's change channel (Redis flag store only).
    std::optional<flags::FlagSubscriberOptions> subscription;
    /// "postgres" or "sqlite": names the store-timing histogram in /metrics.
    std::string storeKind = "postgres";
    /// Events waiting for the store beyond this are dropped and counted (never unbounded memory).
    std::size_t maxPendingEvents = 200000;
};

/// Opens the evidence store; called on the writer thread, which then owns the store.
using EvidenceStoreFactory = std::function<Result<std::unique_ptr<store::EvidenceStore>>()>;

/**
 * Runs the server until SIGTERM/SIGINT: prints {"type":"listening","url":…} when it listens
 * and, on exit, {"type":"summary",…} after every pending event was written. Returns the exit
 * code (0, or 4 when the store or flag cannot be opened, 2 when the address cannot be bound).
 */
int runSimServe(const SimServeOptions &options, std::unique_ptr<flags::FlagStore> flagStore,
                EvidenceStoreFactory openStore);

} // namespace rampart::cli
