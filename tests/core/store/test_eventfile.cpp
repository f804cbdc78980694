// Tests for core/store/eventfile.h: the CSV / JSON Lines readers, the row checks and the
// idempotent ingest use case, against an in-memory SQLite store (no server needed).

#include "store/eventfile.h"
#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cmath>
#include <limits>
#include <random>

using namespace rampart;
using namespace rampart::store;

namespace {

constexpr const char *kHeader = "time,agent,cohort,unit_id,latency_ms,correct,satisfaction,handling_time_min,error\n";

class EventFileTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        auto opened = SqliteEvidenceStore::open(QStringLiteral(":memory:"));
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        m_store = std::move(opened).value();
    }
    QString file(const char *name, const QByteArray &content) const
    {
        const QString path = m_dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(content);
        return path;
    }
    Result<EventFileReport> ingest(const QStringList &files, const QString &agent = {})
    {
        EventFileOptions options;
        options.defaultAgent = agent;
        options.batchSize = 7; // several batches even in small files
        return ingestEventFiles(*m_store, std::vector<QString>(files.begin(), files.end()), options);
    }
    long long count(const char *sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_store->connectionName()));
        EXPECT_TRUE(q.exec(QString::fromLatin1(sql)));
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    std::unique_ptr<SqliteEvidenceStore> m_store;
    QTemporaryDir m_dir;
};

Event goodEvent()
{
    Event e;
    e.at = rollout::TimePoint{rollout::Duration{1714564800}};
    e.agent = "doc-keeper";
    e.cohort = "control";
    e.unitId = "u1";
    e.latencyMs = 120.0;
    return e;
}

} // namespace

TEST(EventProblem, NamesWhatTheDatabaseWouldRefuse)
{
    EXPECT_EQ(eventProblem(goodEvent()), "");
    const auto problem = [](auto change) {
        Event e = goodEvent();
        change(e);
        return eventProblem(e);
    };
    EXPECT_EQ(problem([](Event &e) { e.at = rollout::TimePoint{rollout::Duration{10000000000000}}; }),
              "time 10000000000000 is outside 1970-01-01..9999-12-31");
    EXPECT_EQ(problem([](Event &e) { e.at = rollout::TimePoint{rollout::Duration{-1}}; }),
              "time -1 is outside 1970-01-01..9999-12-31");
    EXPECT_EQ(problem([](Event &e) { e.agent = std::string("doc\0keeper", 10); }), "agent contains a NUL character");
    EXPECT_EQ(problem([](Event &e) { e.cohort = "\xC3\x28"; }), "cohort is not valid UTF-8");
    EXPECT_EQ(problem([](Event &e) { e.unitId = "\xED\xA0\x80"; }), "unit_id is not valid UTF-8"); // a surrogate
    EXPECT_EQ(problem([](Event &e) { e.unitId = std::string(1025, 'u'); }), "unit_id is longer than 1024 bytes");
    EXPECT_EQ(problem([](Event &e) { e.eventId = std::string("a\0b", 3); }), "event_id contains a NUL character");
    EXPECT_EQ(problem([](Event &e) { e.cohort.clear(); }), "cohort is missing");
    EXPECT_EQ(problem([](Event &e) { e.latencyMs = std::numeric_limits<double>::infinity(); }),
              "latency_ms is not a finite number");
    EXPECT_EQ(problem([](Event &e) { e.latencyMs = 1e200; }), "latency_ms is above its limit of 1000000000");
    EXPECT_EQ(problem([](Event &e) { e.handlingTimeMin = -0.5; }), "handling_time_min is negative");
    EXPECT_EQ(problem([](Event &e) { e.satisfaction = 0; }), "satisfaction is outside 1..5");
    EXPECT_EQ(problem([](Event &e) { e.cohort = "ünïcødé ✓"; }), "");
}

TEST(DerivedEventId, IsStableAndTellsLinesApart)
{
    const Event e = goodEvent();
    EXPECT_EQ(derivedEventId(2, e), derivedEventId(2, e));
    EXPECT_NE(derivedEventId(2, e), derivedEventId(3, e)); // identical rows on two lines
    Event other = e;
    other.latencyMs = 121.0;
    EXPECT_NE(derivedEventId(2, e), derivedEventId(2, other));
    EXPECT_EQ(derivedEventId(2, e).rfind("L2-", 0), 0u);
    EXPECT_EQ(derivedEventId(2, e).size(), 3u + 16u);
}

TEST_F(EventFileTest, CsvQuotingFollowsRfc4180IncludingLineBreaksInsideQuotes)
{
    const QString csv = file("quoted.csv", QByteArray(kHeader)
                                               + "2024-05-01T12:00:00Z,doc-keeper,control,\"u,1\",100,true,4,,false\r\n"
                                                 "2024-05-01T12:00:01Z,doc-keeper,control,\"say \"\"hi\"\"\",100,,,,\n"
                                                 "2024-05-01T12:00:02Z,doc-keeper,control,\"two\nlines\",100,,,,\n"
                                                 "2024-05-01T12:00:03Z,doc-keeper,treatment, \"spaced\" ,100,,,,\n"
                                                 "2024-05-01T12:00:04Z,doc-keeper,treatment,u5,100,,,,\n");
    auto report = ingest({csv});
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows, 5);
    EXPECT_EQ(report->accepted, 5) << (report->problems.empty() ? "" : report->problems.front());
    EXPECT_EQ(report->skipped, 0);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE unit_id = 'u,1'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE unit_id = 'say \"hi\"'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE unit_id = 'two' || char(10) || 'lines'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM events WHERE unit_id = 'spaced'"), 1);
}

TEST_F(EventFileTest, AnUnclosedQuoteCostsOneRowAndLineNumbersStayTrue)
{
    const QString csv = file("unclosed.csv", QByteArray(kHeader)
                                                 + "2024-05-01T12:00:00Z,doc-keeper,control,\"multi\nline\",100,,,,\n"
                                                   "2024-05-01T12:00:01Z,doc-keeper,control,\"u2,100,,,,\n"
                                                   "\n"
                                                   "2024-05-01T12:00:02Z,doc-keeper,control,u3,100,,,,\n"
                                                   "2024-05-01T12:00:03Z,doc-keeper,control,u4,-1,,,,\n");
    auto report = ingest({csv});
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 2);
    EXPECT_EQ(report->skipped, 2);
    const std::vector<std::string> expected = {"unclosed.csv:4: a quoted field is not closed",
                                               "unclosed.csv:7: latency_ms is negative"};
    EXPECT_EQ(report->problems, expected);
}

TEST_F(EventFileTest, BadRowsAreCountedWithTheirLineNeverFatal)
{
    QByteArray rows = kHeader;
    rows += "2024-05-01T12:00:00Z,doc-keeper,control,u1,100,,,,\n";                      // 2 good
    rows += "10000000000000,doc-keeper,control,u2,100,,,,\n";                            // 3 past year 9999
    rows += QByteArray("2024-05-01T12:00:02Z,doc", 24) + '\0' + "keeper,control,u3,1,,,,\n"; // 4 NUL
    rows += "2024-05-01T12:00:03Z,doc-keeper,control,\xff\xfe,100,,,,\n";               // 5 not UTF-8
    rows += "2024-05-01T12:00:04Z,doc-keeper,control,u5,1e400,,,,\n";                    // 6 overflows
    rows += "2024-05-01T12:00:05Z,doc-keeper,control,u6,nan,,,,\n";                      // 7 NaN
    rows += "2024-05-01T12:00:06Z,doc-keeper,control,u7,100,maybe,,,\n";                 // 8 not a bool
    rows += "2024-05-01T12:00:07Z,doc-keeper,control,u8,100,,99999999999,,\n";           // 9 not an int
    rows += "1e13,doc-keeper,control,u9,100,,,,\n";                                      // 10 not a time
    rows += "2024-05-01T12:00:09Z,doc-keeper,control," + QByteArray(2 * 1024 * 1024, 'x') + ",1,,,,\n"; // 11 too long
    rows += "2024-05-01T12:00:10Z,doc-keeper,control,u11,100,,,,\n";                     // 12 good
    auto report = ingest({file("bad.csv", rows)});
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows, 11);
    EXPECT_EQ(report->accepted, 2);
    EXPECT_EQ(report->skipped, 9);
    const std::vector<std::string> expected = {
        "bad.csv:3: time \"10000000000000\" is outside 1970-01-01..9999-12-31",
        "bad.csv:4: agent contains a NUL character",
        "bad.csv:5: the row is not valid UTF-8",
        "bad.csv:6: latency_ms is not a number",
        "bad.csv:7: latency_ms is not a finite number",
        "bad.csv:8: correct is not true or false",
        "bad.csv:9: satisfaction is not a whole number",
        "bad.csv:10: time \"1e13\" is not ISO 8601 or epoch seconds",
        "bad.csv:11: the line is longer than 1048576 bytes"};
    EXPECT_EQ(report->problems, expected);
    EXPECT_EQ(count("SELECT count(*) FROM events"), 2);
}

TEST_F(EventFileTest, ARerunOfTheSameFileAddsNothing)
{
    QByteArray rows = kHeader;
    for (int i = 0; i < 40; ++i) // identical rows on different lines stay different events
        rows += "2024-05-01T12:00:00Z,doc-keeper,control,same,100,true,4,,false\n";
    const QString csv = file("same.csv", rows);
    auto first = ingest({csv});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->accepted, 40);
    const long long rollupN = count("SELECT sum(n) FROM rollups WHERE metric = 'latency_ms'");
    EXPECT_EQ(rollupN, 40);
    auto second = ingest({csv});
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->accepted, 0);
    EXPECT_EQ(second->duplicates, 40);
    EXPECT_EQ(count("SELECT count(*) FROM events"), 40);
    EXPECT_EQ(count("SELECT sum(n) FROM rollups WHERE metric = 'latency_ms'"), rollupN); // rollups untouched
    // A file that grew: only the new tail is stored.
    auto grown = ingest({file("same.csv", rows + "2024-05-01T12:00:01Z,doc-keeper,control,new,90,,,,\n")});
    ASSERT_TRUE(grown.ok());
    EXPECT_EQ(grown->accepted, 1);
    EXPECT_EQ(grown->duplicates, 40);
}

TEST_F(EventFileTest, AnEventIdColumnIsTheKeyAndRequiredOnEveryRow)
{
    const QString a = file("a.csv", "event_id,time,agent,cohort,unit_id\n"
                                    "e1,2024-05-01T12:00:00Z,doc-keeper,control,u1\n"
                                    "e2,2024-05-01T12:00:01Z,doc-keeper,control,u2\n"
                                    ",2024-05-01T12:00:02Z,doc-keeper,control,u3\n");
    // The same events in another file and order, as JSON Lines: already held.
    const QString b = file("b.jsonl", R"({"event_id":"e2","time":"2024-05-01T12:00:01Z","cohort":"control","unit_id":"u2"})"
                                      "\n"
                                      R"({"id":"e1","time":1714564800,"cohort":"control","unit_id":"u1"})"
                                      "\n"
                                      R"({"event_id":"e1","time":1714564800,"agent":"other","cohort":"control","unit_id":"u1"})"
                                      "\n");
    auto report = ingest({a, b}, QStringLiteral("doc-keeper"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 3); // e1, e2, and e1 of the other agent
    EXPECT_EQ(report->duplicates, 2);
    EXPECT_EQ(report->skipped, 1);
    EXPECT_EQ(report->problems, std::vector<std::string>{"a.csv:4: event_id is missing"});
}

TEST_F(EventFileTest, JsonLinesBadLinesAreCounted)
{
    const QString jsonl = file("e.jsonl", R"({"time":"2024-05-01T12:00:00Z","cohort":"control","unit_id":"a","latency_ms":100})"
                                          "\n\nnot json\n"
                                          R"({"time":"2024-05-01T12:00:01Z","cohort":"control","unit_id":"b","colour":"red"})"
                                          "\n"
                                          R"({"time":1e13,"cohort":"control","unit_id":"c"})"
                                          "\n"
                                          R"({"time":"2024-05-01T12:00:02Z","cohort":"control","unit_id":"d\u0000e"})"
                                          "\n"
                                          R"({"time":"2024-05-01T12:00:03Z","agent":{"name":"x"},"cohort":"control","unit_id":"f"})"
                                          "\n");
    auto report = ingest({jsonl}, QStringLiteral("doc-keeper"));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows, 6);
    EXPECT_EQ(report->accepted, 1);
    const std::vector<std::string> expected = {"e.jsonl:3: not a JSON object", "e.jsonl:4: unknown key \"colour\"",
                                               "e.jsonl:5: time \"10000000000000\" is outside 1970-01-01..9999-12-31",
                                               "e.jsonl:6: unit_id contains a NUL character",
                                               "e.jsonl:7: agent is not a string, number or boolean"};
    EXPECT_EQ(report->problems, expected);
}

TEST_F(EventFileTest, StructuralProblemsFailBeforeAnythingIsStored)
{
    const QString good = file("good.csv", QByteArray(kHeader) + "2024-05-01T12:00:00Z,doc-keeper,control,u1,1,,,,\n");
    const QString typo = file("typo.csv", "time,cohort,unit_id,latency\n");
    auto r = ingest({good, typo}, QStringLiteral("x"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "unknown_column");
    EXPECT_EQ(r.error().field, (typo + QStringLiteral(":1")).toStdString());
    EXPECT_EQ(count("SELECT count(*) FROM events"), 0);
    EXPECT_EQ(checkEventFile(file("noagent.csv", "time,cohort,unit_id\n"), false).error().code, "missing_column");
    EXPECT_TRUE(checkEventFile(file("withagent.csv", "time,cohort,unit_id\n"), true).ok());
    EXPECT_EQ(checkEventFile(file("twice.csv", "time,at,cohort,unit_id,agent\n"), false).error().code, "unknown_column");
    EXPECT_EQ(checkEventFile(m_dir.path(), false).error().code, "io_error"); // a directory
    EXPECT_EQ(checkEventFile(m_dir.filePath(QStringLiteral("missing.csv")), false).error().code, "io_error");
}

TEST_F(EventFileTest, RandomBytesNeverCrashAndEveryRowIsAccountedFor)
{
    std::mt19937 random(20261201);
    const QByteArray alphabet = QByteArray("\",\n\r\t 0123456789-:TZe.abc{}[]tf", 30) + QByteArray("\0\xff\xc3", 3);
    for (int round = 0; round < 200; ++round) {
        QByteArray content = round % 2 ? QByteArray(kHeader) : QByteArray();
        const int length = static_cast<int>(random() % 2000);
        for (int i = 0; i < length; ++i)
            content += alphabet.at(static_cast<qsizetype>(random() % static_cast<unsigned>(alphabet.size())));
        const QString path = file(round % 4 == 3 ? "fuzz.jsonl" : "fuzz.csv", content);
        auto report = ingest({path}, QStringLiteral("doc-keeper"));
        if (!report.ok()) { // only a header problem may stop a file
            EXPECT_TRUE(report.error().code == "unknown_column" || report.error().code == "missing_column")
                << report.error().code;
            continue;
        }
        EXPECT_EQ(report->accepted + report->duplicates + report->skipped, report->rows) << round;
    }
}
