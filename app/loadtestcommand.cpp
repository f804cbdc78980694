// `rampartctl load-test gauges|record`: the two steps of scripts/load-test.sh that need the
// engine's own code — the plan's service-gate readings through the same PrometheusClient the
// controller uses, and the result stored where EvidenceAssembler reads "the latest load
// test" (RolloutRecords::recordLoadTest). docs/load-testing.md.

#include "loadtestcommand.h"

#include "cliutil.h"

#include "io/config.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"
#include "telemetry/prometheusclient.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QTextStream>

#include <cmath>

namespace rampart::cli {

namespace {

const char *kHelp =
    "Usage: rampartctl load-test gauges --plan FILE [--prometheus URL]\n"
    "       rampartctl load-test record --plan FILE --result FILE [--workspace FILE]\n\n"
    "gauges: one reading of every service gate of the plan from Prometheus (RAMPART_PROMETHEUS_URL\n"
    "or --prometheus), with its threshold and whether it passes; a gauge without data has\n"
    "\"value\": null and a note. record: stores a load-test result (the JSON scripts/load-test.sh\n"
    "writes: percentage, p95_latency_ms, error_rate, passed) as the agent's latest load test in\n"
    "the workspace or PostgreSQL (RAMPART_DATABASE_URL), where the gate engine reads it.\n"
    "See docs/load-testing.md.\n";

int gauges(const QCommandLineParser &parser, const rollout::Plan &plan, const QString &configFile)
{
    QString url = parser.value(QStringLiteral("prometheus"));
    if (url.isEmpty()) {
        auto conn = io::loadConnections(configFile);
        if (!conn)
            return failWith(conn.error());
        url = conn->prometheusUrl;
    }
    if (url.isEmpty())
        return failWith(usage("No Prometheus: set RAMPART_PROMETHEUS_URL, \"prometheus_url\" in the config file or --prometheus."));
    const telemetry::PrometheusClient client{QUrl(url)};
    const auto now = rollout::SystemClock().now();
    const auto readings = client.readGauges(plan, plan.agent, now);
    QJsonArray out;
    for (std::size_t i = 0; i < readings.size() && i < plan.serviceGates.size(); ++i) {
        const rollout::ServiceGate &gate = plan.serviceGates[i];
        const auto &value = readings[i].gauge.value;
        QJsonObject row{{QStringLiteral("name"), QString::fromStdString(gate.name)},
                        {QStringLiteral("label"), QString::fromStdString(gate.label)},
                        {QStringLiteral("comparison"), QLatin1String(io::comparisonName(gate.comparison))},
                        {QStringLiteral("threshold"), gate.threshold},
                        {QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue()},
                        {QStringLiteral("note"), QString::fromStdString(readings[i].note)}};
        if (value)
            row.insert(QStringLiteral("passes"), gate.comparison == rollout::Comparison::Below ? *value < gate.threshold
                                                                                                : *value > gate.threshold);
        out.append(row);
    }
    printJsonLine({{QStringLiteral("at"), io::formatTime(now)}, {QStringLiteral("gauges"), out}});
    return ExitOk;
}

Result<rollout::LoadTestResult> readResult(const QString &path)
{
    auto object = io::loadJsonFile(path);
    if (!object)
        return object.error();
    const auto fieldError = [](const char *field, const std::string &message) {
        return makeError(errc::InvalidArgument, field, message);
    };
    const QJsonObject &o = *object;
    rollout::LoadTestResult r;
    const QJsonValue pct = o.value(QStringLiteral("percentage")), p95 = o.value(QStringLiteral("p95_latency_ms")),
                     err = o.value(QStringLiteral("error_rate")), passed = o.value(QStringLiteral("passed"));
    if (!pct.isDouble() || pct.toDouble() < 0.0 || pct.toDouble() > 100.0)
        return fieldError("percentage", "The result's percentage must be a number in [0, 100].");
    if (!p95.isDouble() || !std::isfinite(p95.toDouble()) || p95.toDouble() < 0.0)
        return fieldError("p95_latency_ms", "The result's p95_latency_ms must be a number of at least 0 (a run with no answer has none to record).");
    if (!err.isDouble() || err.toDouble() < 0.0 || err.toDouble() > 1.0)
        return fieldError("error_rate", "The result's error_rate must be a fraction in [0, 1].");
    if (!passed.isBool())
        return fieldError("passed", "The result's passed must be true or false.");
    r.percentage = pct.toDouble();
    r.p95LatencyMs = p95.toDouble();
    r.errorRate = err.toDouble();
    r.passed = passed.toBool();
    return r;
}

int record(const QCommandLineParser &parser, const rollout::Plan &plan, const QString &configFile)
{
    if (!parser.isSet(QStringLiteral("result")))
        return failWith(usage("--result FILE is required (the JSON scripts/load-test.sh writes)."));
    auto result = readResult(parser.value(QStringLiteral("result")));
    if (!result)
        return failWith(result.error());
    std::unique_ptr<store::EvidenceStore> store;
    const QString workspace = parser.value(QStringLiteral("workspace"));
    if (!workspace.isEmpty()) {
        auto sqlite = store::SqliteEvidenceStore::open(workspace);
        if (!sqlite)
            return failWith(sqlite.error(), ExitUnavailable);
        store = std::move(sqlite).value();
    } else {
        auto conn = io::loadConnections(configFile);
        if (!conn)
            return failWith(conn.error());
        if (conn->databaseUrl.isEmpty())
            return failWith(usage("No store: give --workspace FILE or set RAMPART_DATABASE_URL."));
        auto pg = store::PgEvidenceStore::open(conn->databaseUrl.toStdString(), conn->databasePassword.toStdString());
        if (!pg)
            return failWith(pg.error(), ExitUnavailable);
        store = std::move(pg).value();
    }
    auto *records = dynamic_cast<store::RolloutRecords *>(store.get());
    if (!records)
        return failWith(makeError("internal", "store", "This store keeps no rollout records."), ExitFailure);
    const auto now = rollout::SystemClock().now();
    if (auto ok = records->recordLoadTest(plan.agent, *result, now); !ok)
        return failWith(ok.error(), ok.error().code == errc::InvalidArgument ? ExitBadInput : ExitUnavailable);
    printJson({{QStringLiteral("recorded"), true},
               {QStringLiteral("agent"), QString::fromStdString(plan.agent)},
               {QStringLiteral("at"), io::formatTime(now)},
               {QStringLiteral("percentage"), result->percentage},
               {QStringLiteral("p95_latency_ms"), result->p95LatencyMs},
               {QStringLiteral("error_rate"), result->errorRate},
               {QStringLiteral("passed"), result->passed}});
    return ExitOk;
}

} // namespace

int runLoadTestCli(const QStringList &arguments, const QString &configFile)
{
    QCommandLineParser parser;
    for (const char *name : {"plan", "prometheus", "result", "workspace"})
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("VALUE")));
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")));
    if (!parser.parse(QStringList{QStringLiteral("rampartctl load-test")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help")) || positional.value(0) == QLatin1String("help")) {
        QTextStream(stdout) << kHelp;
        return ExitOk;
    }
    if (positional.size() != 1 || (positional.first() != QLatin1String("gauges") && positional.first() != QLatin1String("record")))
        return failWith(usage("Use `rampartctl load-test gauges` or `rampartctl load-test record` (see --help)."));
    if (!parser.isSet(QStringLiteral("plan")))
        return failWith(usage("--plan FILE is required."));
    auto plan = io::loadPlanFile(parser.value(QStringLiteral("plan")));
    if (!plan)
        return failWith(plan.error());
    return positional.first() == QLatin1String("gauges") ? gauges(parser, *plan, configFile) : record(parser, *plan, configFile);
}

} // namespace rampart::cli
