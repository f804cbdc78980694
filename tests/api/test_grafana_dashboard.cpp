// resources/grafana/rollout-progress.json parses, and every query names only metrics that
// `serve`'s GET /metrics exports (api::exportedMetricNames, which the endpoint test checks
// against the exposition itself).

#include "api/apiservice.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <gtest/gtest.h>

namespace {

QJsonObject dashboard()
{
    QFile file(QStringLiteral(RAMPART_SOURCE_DIR "/resources/grafana/rollout-progress.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    return doc.object();
}

/// Identifiers in a PromQL expression that look like metric names (rampart_… / node_… / up).
QSet<QString> metricNames(const QString &expr)
{
    QString text = expr;
    text.remove(QRegularExpression(QStringLiteral("\\{[^}]*\\}"))); // label matchers
    text.remove(QRegularExpression(QStringLiteral("\"[^\"]*\"")));
    QSet<QString> out;
    const QRegularExpression word(QStringLiteral("[a-zA-Z_:][a-zA-Z0-9_:]*"));
    static const QSet<QString> promql{QStringLiteral("sum"), QStringLiteral("by"), QStringLiteral("rate"),
                                      QStringLiteral("avg"), QStringLiteral("max"), QStringLiteral("min"),
                                      QStringLiteral("code"), QStringLiteral("m"), QStringLiteral("label_values")};
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QString w = it.next().captured();
        if (!promql.contains(w))
            out.insert(w);
    }
    return out;
}

TEST(GrafanaDashboard, ParsesAndQueriesOnlyExportedMetrics)
{
    const QJsonObject d = dashboard();
    ASSERT_FALSE(d.isEmpty());
    EXPECT_FALSE(d.value(QStringLiteral("title")).toString().isEmpty());
    const QJsonArray panels = d.value(QStringLiteral("panels")).toArray();
    ASSERT_GE(panels.size(), 5);
    const QStringList exported = rampart::api::exportedMetricNames();
    int queries = 0;
    QSet<QString> used;
    for (const QJsonValue &p : panels) {
        for (const QJsonValue &t : p.toObject().value(QStringLiteral("targets")).toArray()) {
            const QString expr = t.toObject().value(QStringLiteral("expr")).toString();
            ASSERT_FALSE(expr.isEmpty());
            ++queries;
            const QSet<QString> names = metricNames(expr);
            EXPECT_FALSE(names.isEmpty()) << expr.toStdString();
            for (const QString &n : names) {
                EXPECT_TRUE(exported.contains(n)) << n.toStdString() << " in " << expr.toStdString();
                used.insert(n);
            }
        }
    }
    EXPECT_GE(queries, 5);
    // The list: percentage, decision, gate states, looks taken, last flag-write latency.
    for (const char *needed : {"rampart_rollout_percentage", "rampart_rollout_decision", "rampart_gate_status",
                               "rampart_sequential_looks_taken", "rampart_flag_write_latency_seconds"})
        EXPECT_TRUE(used.contains(QString::fromLatin1(needed))) << needed;
}

TEST(GrafanaDashboard, MetricNameExtractionSeesThroughLabelsAndFunctions)
{
    const QSet<QString> n = metricNames(QStringLiteral("sum by (code) (rate(rampart_api_responses_total{code=\"200\"}[5m]))"));
    EXPECT_EQ(n, QSet<QString>{QStringLiteral("rampart_api_responses_total")});
    EXPECT_EQ(metricNames(QStringLiteral("not_exported_metric")), QSet<QString>{QStringLiteral("not_exported_metric")});
}

} // namespace
