#pragma once

// The simulated serving system's monitoring: a loopback HTTP endpoint that answers
// Prometheus's instant-query API (POST/GET /api/v1/query) for the service gates of a plan,
// so the real PrometheusClient and the real controller can run a rollout against the
// simulator. It is a stand-in, not a metrics store: each gate's query gets the figure
// configured for that gate (the demo's defaults are the simulated cohorts' latency and
// nominal healthy resource figures), stamped at the time asked for. docs/api.md.

#include "rollout/plan.h"

#include <QHostAddress>
#include <QString>

#include <map>
#include <memory>
#include <string>

class QHttpServer;

namespace rampart::api {

class StandInTelemetry
{
public:
    /// values: gate name → the figure its query answers. A gate without a value answers an
    /// empty vector (Prometheus's "no data"), which the engine reads as telemetry_missing.
    StandInTelemetry(rollout::Plan plan, std::map<std::string, double> values);
    ~StandInTelemetry();
    /// Listens on address:port (0 = any free port); returns the port or 0 on failure.
    quint16 listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    QString url() const;
    void setValue(const std::string &gate, double value) { m_values[gate] = value; }
    std::int64_t queriesAnswered() const { return m_answered; }

    /// The figures the demo reports: p95_latency_ms from the simulated cohorts, the
    /// resource gates at a nominal healthy level (a fixed share of their threshold), uptime 100.
    static std::map<std::string, double> demoValues(const rollout::Plan &plan);

private:
    rollout::Plan m_plan;
    std::map<std::string, double> m_values;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    std::int64_t m_answered = 0;
};

} // namespace rampart::api
