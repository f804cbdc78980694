// `rampartctl report --database`: the same report from the PostgreSQL store (integration:
// needs RAMPART_TEST_DATABASE_URL from scripts/test; skipped without it).

#include "clirun.h"
#include "reportfixture.h"

#include "io/planjson.h"
#include "store/pgevidencestore.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>

using namespace rampart;
using namespace rampart::reporttest;

TEST(RampartctlReportDatabase, ReportsARolloutFromPostgres)
{
    const QByteArray url = qgetenv("RAMPART_TEST_DATABASE_URL");
    if (url.isEmpty())
        GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is not set (scripts/test starts PostgreSQL)";
    // An agent of its own, so other tests' rollouts in the same database do not mix in.
    rollout::Plan plan = fixturePlan();
    plan.agent = "report-test-" + std::to_string(QRandomGenerator::global()->generate());
    plan.flag = plan.agent + ".ml-answers";
    {
        auto store = store::PgEvidenceStore::open(url.toStdString(), qEnvironmentVariable("PGPASSWORD").toStdString());
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(writeFixture(**store, plan));
    }
    QTemporaryDir dir;
    const QString planFile = dir.filePath(QStringLiteral("plan.json"));
    QFile f(planFile);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(io::planToJson(plan)).toJson());
    f.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromUtf8(url));
    const QString out = dir.filePath(QStringLiteral("r.json"));
    const auto run = rampart::testing::runRampartctl({QStringLiteral("report"), QStringLiteral("--database"), QStringLiteral("--plan"),
                                                      planFile, QStringLiteral("--format"), QStringLiteral("json"),
                                                      QStringLiteral("--out"), out},
                                                     {}, env);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    QFile result(out);
    ASSERT_TRUE(result.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(result.readAll()).object();
    EXPECT_EQ(root.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"));
    EXPECT_EQ(root.value(QStringLiteral("source")).toString(), QStringLiteral("postgres"));
    const QJsonArray stages = root.value(QStringLiteral("stages")).toArray();
    ASSERT_EQ(stages.size(), 2);
    EXPECT_EQ(stages[0].toObject().value(QStringLiteral("units_control")).toInt(), 400);
    EXPECT_EQ(stages[1].toObject().value(QStringLiteral("units_treatment")).toInt(), 100);
    EXPECT_EQ(stages[1].toObject().value(QStringLiteral("incidents")).toArray().size(), 1);
    // The same statistics as from SQLite (statsmodels proportions_ztest([34, 280], [40, 400])).
    const QJsonObject accuracy = stages[0].toObject().value(QStringLiteral("metrics")).toArray().at(0).toObject();
    EXPECT_NEAR(accuracy.value(QStringLiteral("p_value_two_sided")).toDouble(), 0.045402120843454484, 1e-9);
    EXPECT_DOUBLE_EQ(root.value(QStringLiteral("latest_load_test")).toObject().value(QStringLiteral("p95_latency_ms")).toDouble(), 81.5);
}
