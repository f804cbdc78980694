// PgEvidenceStore against a real PostgreSQL (label: integration): migrations, cohort
// summaries from the rollups, windows, units, sign-offs, stage history and roles.

#include "pgtestdb.h"
#include "storetestdata.h"

#include "store/embeddedsql.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace rampart;
using namespace rampart::testing;
using store::PgEvidenceStore;

namespace {

void expectRelative(double actual, double expected, double rel = 1e-9)
{
    EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::fabs(expected))) << "reference " << expected;
}

const rollout::MetricEvidence *find(const std::vector<rollout::MetricEvidence> &all, const std::string &metric)
{
    for (const auto &m : all)
        if (m.metric == metric)
            return &m;
    return nullptr;
}

void expectMatches(const rollout::CohortMetric &actual, const ReferenceMetric &expected, const std::string &what)
{
    SCOPED_TRACE(what);
    const auto &a = actual.summary;
    const auto &e = expected.summary;
    ASSERT_EQ(a.count(), e.count());
    expectRelative(a.mean(), e.mean());
    expectRelative(a.variance(), e.variance());
    EXPECT_EQ(a.min(), e.min());
    EXPECT_EQ(a.max(), e.max());
    EXPECT_EQ(a.successes(), e.successes());
}

void expectSummariesMatch(const std::vector<rollout::MetricEvidence> &actual,
                          const std::map<std::string, std::map<std::string, ReferenceMetric>> &reference)
{
    ASSERT_EQ(actual.size(), reference.size());
    for (const auto &[metric, cohorts] : reference) {
        const auto *m = find(actual, metric);
        ASSERT_NE(m, nullptr) << metric;
        expectMatches(m->control, cohorts.at("control"), metric + "/control");
        expectMatches(m->treatment, cohorts.at("treatment"), metric + "/treatment");
        if (metric == "satisfaction") {
            EXPECT_EQ(m->control.levelCounts, cohorts.at("control").levels);
            EXPECT_EQ(m->treatment.levelCounts, cohorts.at("treatment").levels);
        }
        if (metric == "latency_ms") {
            ASSERT_TRUE(m->control.p95.has_value());
            EXPECT_GE(*m->control.p95, m->control.summary.min());
            EXPECT_LE(*m->control.p95, m->control.summary.max());
        }
    }
}

const rollout::TimePoint kStart = utc(2024, 5, 1, 12, 0, 0);

rollout::TransitionEvent transitionBy(const std::string &actor)
{
    rollout::TransitionEvent t;
    t.actor = actor;
    t.at = kStart;
    return t;
}

} // namespace

TEST(PgEvidenceStoreOpen, UnreachableServerIsUnavailableWithinTheTimeout)
{
    const auto begin = std::chrono::steady_clock::now();
    auto store = PgEvidenceStore::open("postgresql://postgres@127.0.0.1:1/postgres", "");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, store::storeerrc::Unavailable);
    EXPECT_NE(store.error().message.find("127.0.0.1:1/postgres"), std::string::npos) << store.error().message;
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
}

// issue 8, item 14: libpq quotes a URI it cannot parse, password and all.
TEST(PgEvidenceStoreOpen, AUriThatFailsToParseIsNeverEchoedWithItsPassword)
{
    for (const auto &[uri, password] : {std::pair<std::string, std::string>{"postgresql://u:hunter2@[::1/db", ""},
                                        {"postgresql://u@[::1/db", "hunter2"},
                                        {"postgresql://u@127.0.0.1:1/db?password=hunter2&bogus_option=1", ""},
                                        {"host=127.0.0.1 port=1 password=hunter2 bogus_option=1", ""},
                                        {"host=127.0.0.1 port=1 bogus_option=1", "hunter2"},
                                        {"host=127.0.0.1 port=1 dangling", "hunter2"}}) {
        auto store = PgEvidenceStore::open(uri, password);
        ASSERT_FALSE(store.ok()) << uri;
        EXPECT_EQ(store.error().message.find("hunter2"), std::string::npos) << uri << " → " << store.error().message;
    }
}

TEST(PgEvidenceStoreOpen, LazyStoreExistsWhileTheServerIsDown)
{
    store::PgStoreOptions options;
    options.connectLazily = true;
    auto store = PgEvidenceStore::open("postgresql://postgres@127.0.0.1:1/postgres", "", options);
    ASSERT_TRUE(store.ok());
    auto history = (*store)->stageHistory("doc-keeper");
    ASSERT_FALSE(history.ok());
    EXPECT_EQ(history.error().code, store::storeerrc::Unavailable);
}

TEST_F(PgStoreTest, MigrationsAreIdempotent)
{
    auto version = store().schemaVersion();
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_GE(*version, 3);
    ASSERT_TRUE(store().recordTransition("a", transitionBy("alice")).ok());
    // Migration numbers may have gaps while branches land, so count before and after.
    const int applied = database().exec("SELECT count(*) FROM rampart.schema_migrations")[0][0].as<int>();
    auto again = openStore(database().url());
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(*again->schemaVersion(), *version);
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.schema_migrations")[0][0].as<int>(), applied);
    EXPECT_EQ(database().exec("SELECT max(version) FROM rampart.schema_migrations")[0][0].as<int>(), *version);
    EXPECT_EQ(again->stageHistory("a")->size(), 1u) << "reopening must not touch data";
}

TEST_F(PgStoreTest, EveryEmbeddedMigrationIsRecorded)
{
    int migrations = 0;
    for (const auto &file : store::sql::files())
        migrations += std::isdigit(static_cast<unsigned char>(file.name[0])) ? 1 : 0;
    EXPECT_EQ(database().exec("SELECT count(*) FROM rampart.schema_migrations")[0][0].as<int>(), migrations);
}

TEST_F(PgStoreTest, LatencyBoundsAgreeWithTheDatabase)
{
    const auto row = database().exec("SELECT unnest(rampart.latency_bounds())");
    ASSERT_EQ(row.size(), store::latencyBucketBounds().size());
    for (std::size_t i = 0; i < row.size(); ++i)
        EXPECT_EQ(row[static_cast<int>(i)][0].as<double>(), store::latencyBucketBounds()[i]);
}

TEST_F(PgStoreTest, SummariesEqualThoseComputedInCpp)
{
    const auto events = syntheticEvents(kStart, 6000);
    auto report = store().ingest(events);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->accepted, 6000);
    EXPECT_EQ(report->skipped, 0);
    const auto to = kStart + std::chrono::hours(3);
    auto summaries = store().summaries("doc-keeper", "control", "treatment", kStart, to);
    ASSERT_TRUE(summaries.ok()) << summaries.error().message;
    expectSummariesMatch(*summaries, referenceSummaries(events, kStart, to));
    EXPECT_EQ((*summaries)[0].metric, "accuracy");
}

TEST_F(PgStoreTest, IngestingInTwoBatchesMergesRollups)
{
    const auto events = syntheticEvents(kStart, 3000, rollout::Duration{2}, 7);
    const std::vector<store::Event> first(events.begin(), events.begin() + 1234);
    const std::vector<store::Event> second(events.begin() + 1234, events.end());
    ASSERT_TRUE(store().ingest(first).ok());
    ASSERT_TRUE(store().ingest(second).ok());
    const auto to = kStart + std::chrono::hours(3);
    auto summaries = store().summaries("doc-keeper", "control", "treatment", kStart, to);
    ASSERT_TRUE(summaries.ok());
    expectSummariesMatch(*summaries, referenceSummaries(events, kStart, to));
}

TEST_F(PgStoreTest, WindowIncludesItsStartAndExcludesItsEnd)
{
    const auto from = kStart + std::chrono::minutes(30);
    const auto to = kStart + std::chrono::minutes(60);
    auto events = syntheticEvents(kStart, 5400); // 90 minutes, one per second
    auto summaries = store().ingest(events);
    ASSERT_TRUE(summaries.ok());
    auto window = store().summaries("doc-keeper", "control", "treatment", from, to);
    ASSERT_TRUE(window.ok());
    expectSummariesMatch(*window, referenceSummaries(events, from, to));
    const auto *errors = find(*window, "error_rate");
    ASSERT_NE(errors, nullptr);
    // Exactly the 1800 events at from, from+1s, …, to−1s.
    EXPECT_EQ(errors->control.summary.count() + errors->treatment.summary.count(), 1800);
}

TEST_F(PgStoreTest, EmptyWindowHasNoMetrics)
{
    ASSERT_TRUE(store().ingest(syntheticEvents(kStart, 100)).ok());
    auto summaries = store().summaries("doc-keeper", "control", "treatment", kStart - std::chrono::hours(2),
                                       kStart - std::chrono::hours(1));
    ASSERT_TRUE(summaries.ok());
    EXPECT_TRUE(summaries->empty());
    auto other = store().summaries("another-agent", "control", "treatment", kStart, kStart + std::chrono::hours(1));
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(other->empty());
}

TEST_F(PgStoreTest, UnitsCountArrivalsPerCohortInTheWindow)
{
    std::vector<store::Event> events;
    auto add = [&](int minute, const char *cohort, const char *unit) {
        store::Event e;
        e.at = kStart + std::chrono::minutes(minute);
        e.agent = "doc-keeper";
        e.cohort = cohort;
        e.unitId = unit;
        events.push_back(e);
    };
    add(0, "control", "a");
    add(1, "control", "a"); // a second arrival of the same unit counts again
    add(2, "treatment", "b");
    add(9, "other", "z");   // neither cohort
    add(10, "control", "c"); // the next window
    ASSERT_TRUE(store().ingest(events).ok());
    auto first = store().units("doc-keeper", "control", "treatment", kStart, kStart + std::chrono::minutes(10));
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, std::make_pair(std::int64_t{2}, std::int64_t{1}));
    auto second = store().units("doc-keeper", "control", "treatment", kStart + std::chrono::minutes(10),
                                kStart + std::chrono::minutes(20));
    EXPECT_EQ(*second, std::make_pair(std::int64_t{1}, std::int64_t{0}));
}

TEST_F(PgStoreTest, SignOffsAndStageHistoryRoundTrip)
{
    rollout::SignOff s{"carol", "product", true, "looks good", "abc123", kStart, 25.0, false};
    ASSERT_TRUE(store().recordSignOff("doc-keeper", s).ok());
    auto signOffs = store().signOffs("doc-keeper");
    ASSERT_TRUE(signOffs.ok());
    ASSERT_EQ(signOffs->size(), 1u);
    EXPECT_EQ((*signOffs)[0].approver, "carol");
    EXPECT_EQ((*signOffs)[0].at, kStart);
    EXPECT_EQ((*signOffs)[0].fromPercentage, 25.0);

    rollout::TransitionEvent t{"alice", kStart, rollout::RolloutStatus::Running, rollout::RolloutStatus::RolledBack,
                               25.0, 5.0, "guardrail breach", "def456", false};
    ASSERT_TRUE(store().recordTransition("doc-keeper", t).ok());
    auto history = store().stageHistory("doc-keeper");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 1u);
    EXPECT_EQ((*history)[0].toStatus, rollout::RolloutStatus::RolledBack);
    EXPECT_EQ((*history)[0].reason, "guardrail breach");
    EXPECT_EQ((*history)[0].toPercentage, 5.0);
}

TEST_F(PgStoreTest, ViewerCannotSignOff)
{
    store::PgStoreOptions viewer;
    viewer.role = "rampart_viewer";
    auto asViewer = openStore(database().url(), viewer);
    ASSERT_NE(asViewer, nullptr);
    auto status = asViewer->recordSignOff("doc-keeper", {"mallory", "product", true, "", "", kStart, 25.0, false});
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, store::storeerrc::PermissionDenied) << status.error().message;
    EXPECT_TRUE(asViewer->signOffs("doc-keeper").ok()) << "a viewer reads";
    EXPECT_EQ(asViewer->appendAudit({0, kStart, "mallory", "sign_off", "doc-keeper", "{}", "", ""}).error().code,
              store::storeerrc::PermissionDenied);
}

TEST_F(PgStoreTest, RolesMayDoWhatTheirJobNeedsAndNoMore)
{
    store::PgStoreOptions operatorRole;
    operatorRole.role = "rampart_operator";
    auto asOperator = openStore(database().url(), operatorRole);
    ASSERT_NE(asOperator, nullptr);
    EXPECT_TRUE(asOperator->recordTransition("doc-keeper", transitionBy("alice")).ok());
    EXPECT_TRUE(asOperator->appendAudit({0, kStart, "alice", "rollback", "doc-keeper", "{}", "", ""}).ok());
    EXPECT_EQ(asOperator->recordSignOff("doc-keeper", {"alice", "ops", true, "", "", kStart, 5.0, false}).error().code,
              store::storeerrc::PermissionDenied);

    store::PgStoreOptions stakeholderRole;
    stakeholderRole.role = "rampart_stakeholder";
    auto asStakeholder = openStore(database().url(), stakeholderRole);
    ASSERT_NE(asStakeholder, nullptr);
    EXPECT_TRUE(asStakeholder->recordSignOff("doc-keeper", {"carol", "product", true, "", "", kStart, 5.0, false}).ok());
    EXPECT_TRUE(asStakeholder->appendAudit({0, kStart, "carol", "sign_off", "doc-keeper", "{}", "", ""}).ok());
    EXPECT_EQ(asStakeholder->recordTransition("doc-keeper", transitionBy("carol")).error().code,
              store::storeerrc::PermissionDenied);
    auto verification = store().verifyAudit();
    ASSERT_TRUE(verification.ok());
    EXPECT_EQ(verification->rowsChecked, 2);
    EXPECT_FALSE(verification->firstBadId.has_value());
}

TEST_F(PgStoreTest, LongTermStabilityMetricsQuery)
{
    database().exec(
        "INSERT INTO rampart.stage_history (agent, actor, at, from_status, to_status, from_percentage, to_percentage) VALUES"
        " ('doc-keeper', 'a', '2024-05-01T00:00:00Z', 'running', 'running', 50, 75),"
        " ('doc-keeper', 'a', '2024-05-03T00:00:00Z', 'running', 'completed', 75, 100),"
        " ('doc-keeper', 'a', '2024-05-08T00:00:00Z', 'completed', 'rolled_back', 100, 50),"
        " ('doc-keeper', 'a', '2024-05-09T00:00:00Z', 'running', 'completed', 50, 100);"
        "INSERT INTO rampart.incidents (agent, opened_at, resolved_at) VALUES"
        " ('doc-keeper', '2024-05-08T00:00:00Z', '2024-05-08T06:00:00Z'),"
        " ('doc-keeper', '2024-05-09T12:00:00Z', NULL);"
        "INSERT INTO rampart.uptime_samples (agent, sampled_at, up) VALUES"
        " ('doc-keeper', '2024-05-02T00:00:00Z', true), ('doc-keeper', '2024-05-05T00:00:00Z', true),"
        " ('doc-keeper', '2024-05-08T01:00:00Z', false), ('doc-keeper', '2024-05-09T00:00:00Z', true)");
    std::ifstream file(std::string(RAMPART_SOURCE_DIR) + "/resources/sql/long-term-stability-metrics.sql");
    std::stringstream text;
    text << file.rdbuf();
    std::string sql = text.str();
    auto substitute = [&](const std::string &variable, const std::string &value) {
        for (auto at = sql.find(variable); at != std::string::npos; at = sql.find(variable))
            sql.replace(at, variable.size(), "'" + value + "'");
    };
    substitute(":'agent'", "doc-keeper");
    substitute(":'from'", "2024-05-02T00:00:00Z");
    substitute(":'to'", "2024-05-10T00:00:00Z");
    const auto row = database().exec(sql)[0];
    EXPECT_DOUBLE_EQ(row["uptime_ratio"].as<double>(), 0.75);
    EXPECT_EQ(row["probes"].as<int>(), 4);
    EXPECT_EQ(row["incidents"].as<int>(), 2);
    EXPECT_EQ(row["open_incidents"].as<int>(), 1);
    EXPECT_DOUBLE_EQ(row["incident_hours"].as<double>(), 6.0 + 12.0);
    // At 100% from May 3 to May 8 (5 days) and from May 9 to the window's end (1 day).
    EXPECT_DOUBLE_EQ(row["days_at_100"].as<double>(), 6.0);
}
