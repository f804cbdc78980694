#include "api/standintelemetry.h"

#include "sim/simulator.h"
#include "telemetry/prometheusclient.h"

#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>

namespace rampart::api {

StandInTelemetry::StandInTelemetry(rollout::Plan plan, std::map<std::string, double> values)
    : m_plan(std::move(plan)), m_values(std::move(values)), m_server(std::make_unique<QHttpServer>())
{
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QString path = request.url().path();
        if (path != QLatin1String("/api/v1/query")) {
            responder.write(QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                                      {QStringLiteral("error"), QStringLiteral("only /api/v1/query")}}),
                            QHttpServerResponder::StatusCode::NotFound);
            return;
        }
        QUrlQuery form(request.url().query());
        if (!request.body().isEmpty())
            form = QUrlQuery(QString::fromUtf8(request.body()));
        const QString query = form.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        bool ok = false;
        double at = form.queryItemValue(QStringLiteral("time")).toDouble(&ok);
        if (!ok)
            at = static_cast<double>(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
        QJsonArray result;
        for (const rollout::ServiceGate &g : m_plan.serviceGates) {
            if (telemetry::gateQuery(g, m_plan.agent) != query)
                continue;
            if (auto it = m_values.find(g.name); it != m_values.end())
                result.append(QJsonObject{{QStringLiteral("metric"), QJsonObject{{QStringLiteral("gate"), QString::fromStdString(g.name)}}},
                                          {QStringLiteral("value"), QJsonArray{at, QString::number(it->second, 'g', 17)}}});
        }
        // The controller dates every gauge by the scrape time of the data behind it
        // (telemetry::freshnessQuery of each selector): the stand-in's data is always fresh.
        if (result.isEmpty()) {
            for (const rollout::ServiceGate &g : m_plan.serviceGates) {
                const QStringList selectors = telemetry::vectorSelectors(telemetry::gateQuery(g, m_plan.agent));
                const bool asked = std::any_of(selectors.begin(), selectors.end(), [&query](const QString &selector) {
                    return telemetry::freshnessQuery(selector) == query;
                });
                if (asked) {
                    result.append(QJsonObject{{QStringLiteral("metric"), QJsonObject{}},
                                              {QStringLiteral("value"), QJsonArray{at, QString::number(at, 'f', 3)}}});
                    break;
                }
            }
        }
        ++m_answered;
        responder.write(QJsonDocument(QJsonObject{
            {QStringLiteral("status"), QStringLiteral("success")},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("resultType"), QStringLiteral("vector")},
                                                 {QStringLiteral("result"), result}}}}));
    });
}

StandInTelemetry::~StandInTelemetry() = default;

quint16 StandInTelemetry::listen(const QHostAddress &address, quint16 port)
{
    m_port = m_server->listen(address, port);
    return m_port;
}

QString StandInTelemetry::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

std::map<std::string, double> StandInTelemetry::demoValues(const rollout::Plan &plan)
{
    std::map<std::string, double> out;
    const sim::CohortEffects c = sim::defaultControlEffects(), t = sim::defaultTreatmentEffects();
    for (const rollout::ServiceGate &g : plan.serviceGates) {
        if (g.name.find("uptime") != std::string::npos)
            out[g.name] = 100.0;
        else if (g.name == "p95_latency_ms")
            out[g.name] = std::max(c.latencyP95Ms, t.latencyP95Ms);
        else if (g.comparison == rollout::Comparison::Below)
            out[g.name] = 0.4 * g.threshold;
        else
            out[g.name] = g.threshold + 0.5 * std::max(0.0, 100.0 - g.threshold);
    }
    return out;
}

} // namespace rampart::api
