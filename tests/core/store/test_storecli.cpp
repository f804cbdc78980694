// rampartctl ingest and rampartctl audit, black-box through QProcess (label: integration):
// the child finds PostgreSQL through RAMPART_DATABASE_URL.

#include "clirun.h"
#include "pgtestdb.h"

#include "store/outbox.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <chrono>

using namespace rampart;
using namespace rampart::testing;

namespace {

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);

class StoreCliTest : public PgStoreTest
{
protected:
    void SetUp() override
    {
        PgStoreTest::SetUp();
        if (IsSkipped())
            return;
        ASSERT_TRUE(m_dir.isValid());
    }

    QProcessEnvironment environment(const std::string &databaseUrl) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromStdString(databaseUrl));
        env.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), outboxDir());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config"))); // no stray config
        return env;
    }
    CliRun run(const QStringList &arguments)
    {
        return runRampartctl(arguments, {}, environment(database().url()));
    }
    QString file(const QString &name, const QByteArray &content) const
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(content);
        return path;
    }
    QString outboxDir() const { return m_dir.filePath(QStringLiteral("outbox")); }

private:
    QTemporaryDir m_dir;
};

} // namespace

TEST_F(StoreCliTest, IngestCsvSkipsAndCountsBadRows)
{
    const QString csv = file(QStringLiteral("events.csv"),
                             "time,agent,cohort,unit_id,latency_ms,correct,satisfaction,handling_time_min,error\n"
                             "2024-05-01T12:00:05Z,doc-keeper,control,u1,120.5,true,4,6.5,false\n"
                             "2024-05-01T12:00:06Z,doc-keeper,treatment,u2,-3,true,5,,false\n"
                             "2024-05-01T12:00:07Z,doc-keeper,,u3,99,false,2,,false\n"
                             "2024-05-01T12:00:08Z,doc-keeper,treatment,u4,abc,true,,,\n"
                             "2024-05-01T12:00:09Z,doc-keeper,treatment,\"u,5\",80,1,3,4.0,0\n"
                             "1714564810,doc-keeper,control,u6,,0,,,1\n"
                             "2024-05-01T12:00:11Z,doc-keeper,control,u7\n");
    const CliRun r = run({QStringLiteral("ingest"), csv});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject out = jsonObject(r.out);
    EXPECT_EQ(out.value(QStringLiteral("accepted")).toInt(), 3);
    EXPECT_EQ(out.value(QStringLiteral("skipped")).toInt(), 4);
    const QJsonArray problems = out.value(QStringLiteral("problems")).toArray();
    ASSERT_EQ(problems.size(), 4);
    QStringList texts;
    for (const auto &p : problems)
        texts << p.toString();
    EXPECT_TRUE(texts.contains(QStringLiteral("events.csv:3: latency_ms is negative"))) << r.out.constData();
    EXPECT_TRUE(texts.contains(QStringLiteral("events.csv:4: cohort is missing"))) << r.out.constData();
    EXPECT_TRUE(texts.contains(QStringLiteral("events.csv:5: latency_ms is not a number"))) << r.out.constData();
    EXPECT_TRUE(texts.contains(QStringLiteral("events.csv:8: 4 fields where the header has 9"))) << r.out.constData();
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events WHERE unit_id = 'u,5'")[0][0].as<int>(), 1);
    auto summaries = store().summaries("doc-keeper", "control", "treatment", kStart, kStart + std::chrono::minutes(1));
    ASSERT_TRUE(summaries.ok());
    EXPECT_FALSE(summaries->empty());
}

TEST_F(StoreCliTest, IngestJsonLinesWithADefaultAgent)
{
    const QString jsonl = file(QStringLiteral("events.jsonl"),
                               R"({"time":"2024-05-01T12:00:00Z","cohort":"control","unit_id":"a","latency_ms":100,"correct":true})"
                               "\n"
                               R"({"time":"2024-05-01T12:00:01Z","cohort":"treatment","unit_id":"b","satisfaction":7})"
                               "\nnot json\n"
                               R"({"time":"2024-05-01T12:00:02Z","agent":"other","cohort":"treatment","unit_id":"c","error":true})"
                               "\n");
    const CliRun r = run({QStringLiteral("ingest"), jsonl, QStringLiteral("--agent"), QStringLiteral("doc-keeper")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject out = jsonObject(r.out);
    EXPECT_EQ(out.value(QStringLiteral("accepted")).toInt(), 2);
    EXPECT_EQ(out.value(QStringLiteral("skipped")).toInt(), 2);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events WHERE agent = 'other'")[0][0].as<int>(), 1);
}

// issue 8, item 9: a timestamp >= 1e13 at line 55,000 aborted a 50,000-row batch, exited 1,
// and a rerun duplicated the committed rows.
TEST_F(StoreCliTest, IngestOfSixtyThousandRowsWithABadRowAtLine55000IsIdempotent)
{
    QByteArray content = "time,agent,cohort,unit_id,latency_ms,correct\n";
    for (int line = 2; line <= 60001; ++line)
        content += (line == 55000 ? QByteArray("10000000000000") : QByteArray::number(1714564800 + line % 3600))
                 + ",doc-keeper," + (line % 2 ? "control" : "treatment") + ",u" + QByteArray::number(line) + ","
                 + QByteArray::number(100 + line % 50) + ",true\n";
    const QString csv = file(QStringLiteral("sixty.csv"), content);
    const CliRun first = run({QStringLiteral("ingest"), csv});
    ASSERT_EQ(first.exitCode, 0) << first.err.constData();
    QJsonObject out = jsonObject(first.out);
    EXPECT_EQ(out.value(QStringLiteral("rows")).toInt(), 60000);
    EXPECT_EQ(out.value(QStringLiteral("accepted")).toInt(), 59999);
    EXPECT_EQ(out.value(QStringLiteral("skipped")).toInt(), 1);
    EXPECT_EQ(out.value(QStringLiteral("problems")).toArray().at(0).toString(),
              QStringLiteral("sixty.csv:55000: time \"10000000000000\" is outside 1970-01-01..9999-12-31"));
    const CliRun rerun = run({QStringLiteral("ingest"), csv});
    ASSERT_EQ(rerun.exitCode, 0) << rerun.err.constData();
    out = jsonObject(rerun.out);
    EXPECT_EQ(out.value(QStringLiteral("accepted")).toInt(), 0);
    EXPECT_EQ(out.value(QStringLiteral("duplicates")).toInt(), 59999);
    EXPECT_EQ(out.value(QStringLiteral("skipped")).toInt(), 1);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 59999);
}

TEST_F(StoreCliTest, IngestRefusesANulInsteadOfTruncatingIt)
{
    const QString csv = file(QStringLiteral("nul.csv"), QByteArray("time,agent,cohort,unit_id\n2024-05-01T12:00:00Z,doc", 50)
                                                           + '\0' + QByteArray("evil,control,u1\n"));
    const CliRun r = run({QStringLiteral("ingest"), csv});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    const QJsonObject out = jsonObject(r.out);
    EXPECT_EQ(out.value(QStringLiteral("accepted")).toInt(), 0);
    EXPECT_EQ(out.value(QStringLiteral("problems")).toArray().at(0).toString(),
              QStringLiteral("nul.csv:2: agent contains a NUL character"));
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.events")[0][0].as<int>(), 0);
}

TEST_F(StoreCliTest, IngestRefusesAnUnknownCsvColumn)
{
    const QString csv = file(QStringLiteral("typo.csv"), "time,cohort,unit_id,latency\n2024-05-01T12:00:00Z,control,a,1\n");
    const CliRun r = run({QStringLiteral("ingest"), csv, QStringLiteral("--agent"), QStringLiteral("x")});
    expectCliError(r, "unknown_column", (csv + QStringLiteral(":1")).toStdString().c_str());
}

TEST_F(StoreCliTest, IngestWithoutFilesIsAUsageError)
{
    expectCliError(run({QStringLiteral("ingest")}), "usage", "");
}

TEST_F(StoreCliTest, UnreachableDatabaseIsExitFour)
{
    const QString csv = file(QStringLiteral("e.csv"), "time,agent,cohort,unit_id\n2024-05-01T12:00:00Z,a,control,u\n");
    const CliRun r = runRampartctl({QStringLiteral("ingest"), csv}, {},
                                   environment("postgresql://postgres@127.0.0.1:1/postgres"));
    expectCliError(r, "store_unavailable", "database_url", 4);
    expectCliError(runRampartctl({QStringLiteral("audit"), QStringLiteral("verify")}, {},
                                 environment("postgresql://postgres@127.0.0.1:1/postgres")),
                   "store_unavailable", "database_url", 4);
}

TEST_F(StoreCliTest, AuditVerifyPassesThenNamesTheTamperedRow)
{
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(store().appendAudit({0, kStart + std::chrono::minutes(i), "alice", "flag_write", "doc-keeper",
                                         R"({"percentage":25})", "", ""})
                        .ok());
    const CliRun ok = run({QStringLiteral("audit"), QStringLiteral("verify")});
    ASSERT_EQ(ok.exitCode, 0) << ok.err.constData();
    EXPECT_EQ(jsonObject(ok.out), (QJsonObject{{QStringLiteral("ok"), true},
                                               {QStringLiteral("rows"), 3},
                                               {QStringLiteral("keyed"), false},
                                               {QStringLiteral("keyed_rows"), 0},
                                               {QStringLiteral("unkeyed_rows"), 3},
                                               {QStringLiteral("legacy_rows"), 0}}));

    database().exec("ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;"
                    "UPDATE rampart.audit_log SET detail = '{\"percentage\":100}' WHERE id = 2;"
                    "ALTER TABLE rampart.audit_log ENABLE TRIGGER audit_log_append_only");
    const CliRun broken = run({QStringLiteral("audit"), QStringLiteral("verify")});
    expectCliError(broken, "audit_chain_broken", "id", 2);
    EXPECT_EQ(jsonObject(broken.err).value(QStringLiteral("id")).toInt(), 2);
}

TEST_F(StoreCliTest, AuditFlushReplaysTheOutbox)
{
    store::OutboxAuditWriter offline(nullptr, outboxDir());
    ASSERT_TRUE(offline.append({0, kStart, "alice", "rollback", "doc-keeper", "{}", "", ""}).ok());
    ASSERT_TRUE(offline.append({0, kStart, "bob", "rollback", "doc-keeper", "{}", "", ""}).ok());
    const CliRun r = run({QStringLiteral("audit"), QStringLiteral("flush")});
    ASSERT_EQ(r.exitCode, 0) << r.err.constData();
    EXPECT_EQ(jsonObject(r.out).value(QStringLiteral("flushed")).toInt(), 2);
    EXPECT_EQ(store().auditTrail(0, 10)->size(), 2u);
    EXPECT_EQ(run({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
}

TEST_F(StoreCliTest, AuditNeedsASubcommand)
{
    expectCliError(run({QStringLiteral("audit")}), "usage", "");
    expectCliError(run({QStringLiteral("audit"), QStringLiteral("shred")}), "usage", "");
}
