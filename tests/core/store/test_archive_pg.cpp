// PostgreSQL → archive: `rampartctl archive export` against a real PostgreSQL store, then the
// archive opened with SqliteEvidenceStore. Skipped unless RAMPART_TEST_DATABASE_URL names a
// scratch database (scripts/test starts one).

#include "clirun.h"
#include "resultexpect.h"
#include "sqlitetestdata.h"

#include "store/pgevidencestore.h"
#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace rampart;
namespace rt = rampart::testing;

TEST(ArchiveExportFromPostgres, ArchiveSummarisesLikeThePostgresStore)
{
    const QByteArray url = qgetenv("RAMPART_TEST_DATABASE_URL");
    if (url.isEmpty())
        GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is not set";
    auto pg = store::PgEvidenceStore::open(url.toStdString(), {});
    ASSERT_TRUE(pg.ok()) << pg.error().message;
    // A fresh agent name per run: the database may hold earlier runs.
    const std::string agent = "archive-it-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
    const auto report = rt::valueOf(pg.value()->ingest(rt::makeEvents(agent, 1200, 90)));
    ASSERT_EQ(report.accepted, 1200);
    ASSERT_TRUE(pg.value()->recordTransition(agent, rt::transition(0, 5, 0)).ok());
    ASSERT_TRUE(pg.value()->recordSignOff(agent, rt::signOff("pm@example.com", 80)).ok());
    ASSERT_TRUE(pg.value()->appendAudit(rt::auditEntry("transition", 0)).ok());

    QTemporaryDir dir;
    const QString to = dir.filePath(QStringLiteral("pg.rampart"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromUtf8(url));
    const rt::CliRun run = rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                              QString::fromStdString(agent), QStringLiteral("--to"), to},
                                             {}, environment);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QJsonObject out = rt::jsonObject(run.out);
    EXPECT_TRUE(out.value(QStringLiteral("audit_verified")).toBool());
    EXPECT_EQ(out.value(QStringLiteral("transitions")).toInt(), 1);
    EXPECT_EQ(out.value(QStringLiteral("sign_offs")).toInt(), 1);
    EXPECT_GE(out.value(QStringLiteral("audit_rows")).toInt(), 1);

    auto archive = store::SqliteEvidenceStore::open(to);
    ASSERT_TRUE(archive.ok()) << archive.error().message;
    const auto expected = rt::valueOf(pg.value()->summaries(agent, "deterministic", "ml", rt::at(0), rt::at(90)));
    const auto actual = rt::valueOf(archive.value()->summaries(agent, "deterministic", "ml", rt::at(0), rt::at(90)));
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        SCOPED_TRACE(actual[i].metric);
        EXPECT_EQ(actual[i].metric, expected[i].metric);
        EXPECT_EQ(actual[i].control.summary.count(), expected[i].control.summary.count());
        EXPECT_EQ(actual[i].treatment.summary.count(), expected[i].treatment.summary.count());
        for (const auto &[a, e] : {std::pair{&actual[i].control, &expected[i].control},
                                   std::pair{&actual[i].treatment, &expected[i].treatment}}) {
            EXPECT_EQ(a->summary.successes(), e->summary.successes());
            rt::expectRelativeNear(a->summary.mean(), e->summary.mean(), 1e-9);
            rt::expectRelativeNear(a->summary.variance(), e->summary.variance(), 1e-9);
            EXPECT_EQ(a->levelCounts, e->levelCounts); // the same satisfaction levels
            ASSERT_EQ(a->p95.has_value(), e->p95.has_value());
            if (a->p95) // the same latency histogram buckets
                rt::expectRelativeNear(*a->p95, *e->p95, 1e-9);
        }
    }
    EXPECT_FALSE(rt::valueOf(archive.value()->verifyAudit()).firstBadId.has_value());
    EXPECT_EQ(rt::valueOf(archive.value()->meta("source")), std::optional<std::string>(url.toStdString()));
}
