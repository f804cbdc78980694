// The endpoints through ApiService::handle, on a SQLite workspace, the in-memory flag store
// and the real RolloutController (no network): auth and roles, 400/401/403/409/413/429,
// the statistics, the decision on the saved state, flag writes through the controller.

#include "api/agentmetrics.h"
#include "api/apiservice.h"
#include "api/demoplay.h"
#include "io/evidencejson.h"
#include "io/planjson.h"
#include "io/statsjson.h"
#include "sim/simulator.h"
#include "store/sqliteevidencestore.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <cmath>

using namespace rampart;
using namespace std::chrono_literals;

namespace {

class ApiServiceTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_workspace = m_dir.filePath(QStringLiteral("ws.rampart"));
        auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
        ASSERT_TRUE(plan) << plan.error().message;
        m_plan = *plan;
        m_plan.serviceGates.clear(); // no telemetry in these tests
        m_clock = std::make_shared<api::SteppedClock>(
            std::chrono::floor<std::chrono::minutes>(rollout::SystemClock().now() - 72h));
        m_flags = std::shared_ptr<flags::FlagStore>(flags::makeMemoryFlagStore(m_clock));
        auto make = [ws = m_workspace, f = m_flags]() -> Result<service::ControllerBackends> {
            auto s = store::SqliteEvidenceStore::open(ws);
            if (!s)
                return s.error();
            service::ControllerBackends b;
            b.store = std::move(s).value();
            b.flags = f;
            return b;
        };
        service::ControllerConfig c;
        c.plan = m_plan;
        c.interval = 0ms;
        c.makeBackends = make;
        c.clock = m_clock;
        c.outboxDirectory = m_dir.filePath(QStringLiteral("outbox"));
        m_controller = std::make_unique<service::RolloutController>(c);
        m_controller->start();
        m_views = std::make_shared<api::RolloutViewSource>(m_plan, make, m_clock, 0ms);
        auto tokens = api::TokenStore::fromText("operator olga olga-secret-0000001\n"
                                                "viewer vic vic-secret-000000001\n"
                                                "stakeholder sam sam-secret-00000001\n");
        ASSERT_TRUE(tokens);
        m_service = std::make_unique<api::ApiService>(m_views, m_controller.get(), *tokens, api::ApiOptions{});
    }

    void TearDown() override
    {
        m_service.reset();
        if (m_controller)
            m_controller->stop();
    }

    struct Reply
    {
        int status = 0;
        QJsonObject json;
        QByteArray raw;
    };

    Reply call(const char *method, const QString &path, const QByteArray &body = {}, const QByteArray &token = {},
               api::ApiService *service = nullptr)
    {
        api::ApiRequest r;
        r.method = method;
        r.path = path.section(QLatin1Char('?'), 0, 0);
        r.query = path.section(QLatin1Char('?'), 1);
        r.body = body;
        if (!token.isEmpty())
            r.authorization = "Bearer " + token;
        r.remote = QStringLiteral("127.0.0.1");
        const api::ApiResponse out = (service ? service : m_service.get())->handle(r);
        return {out.status, QJsonDocument::fromJson(out.body).object(), out.body};
    }

    /// Starts the rollout (5%) and simulates `hours` of traffic after it.
    void startAndSimulate(std::chrono::hours hours)
    {
        service::CommandResult result;
        bool done = false;
        QObject context;
        QObject::connect(m_controller.get(), &service::RolloutController::commandFinished, &context,
                         [&](const service::CommandResult &r) {
                             result = r;
                             done = true;
                         });
        m_controller->startRollout("olga");
        for (int i = 0; i < 100 && !done; ++i) {
            QEventLoop loop;
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            loop.exec();
        }
        ASSERT_TRUE(done);
        ASSERT_TRUE(result.ok()) << result.error->message;
        auto store = store::SqliteEvidenceStore::open(m_workspace);
        ASSERT_TRUE(store);
        sim::SimulationConfig sc;
        sc.agent = m_plan.agent;
        sc.flag = m_plan.flag;
        sc.start = m_clock->now();
        sc.duration = hours;
        sc.step = 10min;
        sc.unitsPerHour = 2000;
        sc.seed = 11;
        auto ran = sim::simulate(sc, *m_flags, **store);
        ASSERT_TRUE(ran) << ran.error().message;
        m_clock->advance(hours);
    }

    QTemporaryDir m_dir;
    QString m_workspace;
    rollout::Plan m_plan;
    std::shared_ptr<api::SteppedClock> m_clock;
    std::shared_ptr<flags::FlagStore> m_flags;
    std::unique_ptr<service::RolloutController> m_controller;
    std::shared_ptr<api::RolloutViewSource> m_views;
    std::unique_ptr<api::ApiService> m_service;
};

const QByteArray Operator = "olga-secret-0000001";
const QByteArray Viewer = "vic-secret-000000001";
const QByteArray Stakeholder = "sam-secret-00000001";

TEST_F(ApiServiceTest, FlagWriteWithoutTokenIs401WithJsonError)
{
    const Reply r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 25})");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.json.value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
    EXPECT_FALSE(r.json.value(QStringLiteral("message")).toString().isEmpty());
}

TEST_F(ApiServiceTest, WrongTokenIs401AndViewerOrStakeholderFlagWriteIs403)
{
    EXPECT_EQ(call("GET", QStringLiteral("/api/flags/ml-agent-rollout"), {}, "not-a-token-at-all").status, 401);
    const Reply viewer = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Viewer);
    EXPECT_EQ(viewer.status, 403);
    EXPECT_EQ(viewer.json.value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
    EXPECT_EQ(call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Stakeholder).status, 403);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/sign-off"), R"({"approve": true})", Operator).status, 403);
}

TEST_F(ApiServiceTest, MalformedJsonAndWrongTypesAre400NamingTheField)
{
    Reply r = call("POST", QStringLiteral("/api/statistics/sample-size"), "{\"effect_size\": ");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("body"));
    r = call("POST", QStringLiteral("/api/statistics/sample-size"), "[1, 2]");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("body"));
    r = call("POST", QStringLiteral("/api/statistics/sample-size"), R"({"effect_size": "big"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("effect_size"));
    r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": "25"})", Operator);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("percentage"));
    r = call("POST", QStringLiteral("/api/rollout/decision"), R"({"current_percentage": true})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("current_percentage"));
    r = call("POST", QStringLiteral("/api/statistics/significance-test"), R"({"cohort_a": "control-group"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("cohort_a"));
}

TEST_F(ApiServiceTest, SampleSizeMatchesStatsmodels)
{
    // statsmodels 0.13.5: TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05,
    // ratio=1, alternative='two-sided') = 1570.7330... → 1571 per cohort.
    const Reply r = call("POST", QStringLiteral("/api/statistics/sample-size"), R"({"effect_size": 0.1, "power": 0.8, "alpha": 0.05})");
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("minimum_sample_size")).toInt(), 1571);
    EXPECT_NEAR(r.json.value(QStringLiteral("nobs1")).toDouble(), 1570.7330, 1e-3);
}

TEST_F(ApiServiceTest, BodyTooLargeIs413AndRateLimitIs429)
{
    EXPECT_EQ(call("POST", QStringLiteral("/api/statistics/sample-size"), QByteArray(70 * 1024, ' ')).status, 413);
    api::ApiOptions tight;
    tight.limits.requestsPerSecond = 2; // burst of 4
    api::ApiService limited(m_views, nullptr, api::TokenStore(), tight);
    int ok = 0, limitedCount = 0;
    for (int i = 0; i < 10; ++i) {
        const int s = call("GET", QStringLiteral("/health"), {}, {}, &limited).status;
        ok += s == 200;
        limitedCount += s == 429;
    }
    EXPECT_EQ(ok, 4);
    EXPECT_EQ(limitedCount, 6);
}

TEST_F(ApiServiceTest, UnknownPathsAgentsAndFlagsAre404)
{
    EXPECT_EQ(call("GET", QStringLiteral("/api/nothing")).status, 404);
    EXPECT_EQ(call("GET", QStringLiteral("/api/metrics/other-agent/stability")).status, 404);
    EXPECT_EQ(call("GET", QStringLiteral("/api/metrics/documentation-keeper/nonsense")).status, 404);
    EXPECT_EQ(call("GET", QStringLiteral("/api/flags/some-other-flag")).status, 404);
    EXPECT_EQ(call("DELETE", QStringLiteral("/api/rollout/decision")).status, 405);
    const Reply pending = call("GET", QStringLiteral("/api/metrics/documentation-keeper/stability"));
    EXPECT_EQ(pending.status, 200) << pending.raw.constData(); // a pending rollout still answers
}

TEST_F(ApiServiceTest, FlagReadAnswersUnderTheFlagAndItsAlias)
{
    startAndSimulate(2h);
    for (const QString &name : {QStringLiteral("ml-agent-rollout"), QString::fromStdString(m_plan.flag)}) {
        const Reply r = call("GET", QStringLiteral("/api/flags/") + name);
        ASSERT_EQ(r.status, 200) << r.raw.constData();
        EXPECT_EQ(r.json.value(QStringLiteral("percentage")).toDouble(), 5.0);
        EXPECT_GE(r.json.value(QStringLiteral("version")).toInt(), 1);
    }
}

TEST_F(ApiServiceTest, DecisionUsesTheSavedStateNotTheCallers)
{
    startAndSimulate(2h);
    const Reply r = call("POST", QStringLiteral("/api/rollout/decision"), R"({"current_percentage": 25, "target_percentage": 50})");
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("decision")).toString(), QStringLiteral("hold")); // 2 h of a 24 h dwell
    EXPECT_EQ(r.json.value(QStringLiteral("saved_percentage")).toDouble(), 5.0);
    EXPECT_FALSE(r.json.value(QStringLiteral("target_is_next_stage")).toBool()); // next is 25
    EXPECT_TRUE(r.json.contains(QStringLiteral("note")));
    bool dwell = false;
    for (const QJsonValue &v : r.json.value(QStringLiteral("reasons")).toArray())
        dwell = dwell || v.toObject().value(QStringLiteral("code")).toString() == QStringLiteral("dwell_not_reached");
    EXPECT_TRUE(dwell) << r.raw.constData();
}

TEST_F(ApiServiceTest, SignificanceTestIsTheStatsEngineOnTheStoredSummaries)
{
    startAndSimulate(6h);
    const Reply r = call("POST", QStringLiteral("/api/statistics/significance-test"),
                         R"({"metric": "accuracy", "cohort_a": "deterministic", "cohort_b": "ml"})");
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("test")).toString(), QStringLiteral("proportions-z"));
    const double nA = r.json.value(QStringLiteral("n_a")).toDouble(), nB = r.json.value(QStringLiteral("n_b")).toDouble();
    const double pA = r.json.value(QStringLiteral("mean_a")).toDouble(), pB = r.json.value(QStringLiteral("mean_b")).toDouble();
    ASSERT_GT(nA, 100);
    ASSERT_GT(nB, 10);
    EXPECT_EQ(r.json.value(QStringLiteral("sample_size")).toDouble(), nA + nB);
    // The same two-proportion z-test (b = ml against a = deterministic) on the same counts.
    auto z = io::runStatsCommand(QStringLiteral("proportions-z"),
                                 {{QStringLiteral("a"), QJsonObject{{QStringLiteral("successes"), std::round(pB * nB)},
                                                                    {QStringLiteral("trials"), nB}}},
                                  {QStringLiteral("b"), QJsonObject{{QStringLiteral("successes"), std::round(pA * nA)},
                                                                    {QStringLiteral("trials"), nA}}}});
    ASSERT_TRUE(z);
    const double p = r.json.value(QStringLiteral("p_value")).toDouble();
    EXPECT_NEAR(p, z->value(QStringLiteral("p_value")).toDouble(), 1e-12);
    EXPECT_NEAR(r.json.value(QStringLiteral("confidence_level")).toDouble(), 1.0 - p, 1e-12);
    EXPECT_NEAR(r.json.value(QStringLiteral("effect")).toDouble(), pB - pA, 1e-9);
    // Issue 21: beside the naive pooled test, what the decision uses: the stratified z, the
    // look's boundary and the one-sided p of the sequential test.
    EXPECT_TRUE(r.json.value(QStringLiteral("naive")).toBool());
    const QJsonObject sequential = r.json.value(QStringLiteral("sequential")).toObject();
    ASSERT_FALSE(sequential.isEmpty()) << r.raw.constData();
    EXPECT_TRUE(sequential.value(QStringLiteral("z_stratified")).isDouble()) << r.raw.constData();
    EXPECT_EQ(sequential.value(QStringLiteral("strata")).toInt(), 1);
    // Six hours into the 48 h canary no look is due: nothing may be called significant yet.
    EXPECT_FALSE(sequential.value(QStringLiteral("significant_at_this_look")).toBool());
    EXPECT_GT(r.json.value(QStringLiteral("p_value")).toDouble(), 0.0);

    // No body: the plan's primary metrics, with the Holm family p-value on top.
    const Reply all = call("GET", QStringLiteral("/api/statistics/significance-test"));
    ASSERT_EQ(all.status, 200) << all.raw.constData();
    EXPECT_EQ(all.json.value(QStringLiteral("metrics")).toArray().size(), 2);
    EXPECT_GE(all.json.value(QStringLiteral("p_value")).toDouble(), p);
}

TEST_F(ApiServiceTest, FlagWriteOutsideThePlanIs409WithReasons)
{
    startAndSimulate(2h);
    Reply r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 60})", Operator);
    EXPECT_EQ(r.status, 409) << r.raw.constData();
    EXPECT_NE(r.json.value(QStringLiteral("message")).toString().indexOf(QStringLiteral("next stage is 25%")), -1);
    // The next stage, but its gates do not pass yet: 409 with the engine's reasons.
    r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 25})", Operator);
    EXPECT_EQ(r.status, 409) << r.raw.constData();
    EXPECT_FALSE(r.json.value(QStringLiteral("reasons")).toArray().isEmpty());
    auto flag = m_flags->read(m_plan.flag);
    ASSERT_TRUE(flag);
    EXPECT_EQ(flag->percentage, 5.0);
}

TEST_F(ApiServiceTest, RollbackThroughTheApiIsWrittenAndAudited)
{
    startAndSimulate(2h);
    const Reply r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0, "reason": "pager"})", Operator);
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("command")).toString(), QStringLiteral("rollback"));
    EXPECT_EQ(r.json.value(QStringLiteral("percentage")).toDouble(), 0.0);
    auto flag = m_flags->read(m_plan.flag);
    ASSERT_TRUE(flag);
    EXPECT_EQ(flag->percentage, 0.0);
    EXPECT_EQ(flag->updatedBy, "olga");
    // The audit record names the operator (it may wait in the outbox: then audit_queued).
    if (!r.json.value(QStringLiteral("audit_queued")).toBool()) {
        bool found = false;
        for (int i = 0; i < 40 && !found; ++i) {
            auto store = store::SqliteEvidenceStore::open(m_workspace);
            ASSERT_TRUE(store);
            auto trail = (*store)->auditTrail(0, 1000);
            ASSERT_TRUE(trail);
            for (const store::AuditEntry &e : *trail)
                found = found || (e.actor == "olga" && e.action == "flag_write");
            QEventLoop loop;
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            loop.exec();
        }
        EXPECT_TRUE(found);
    }
    const Reply metrics = call("GET", QStringLiteral("/metrics"));
    EXPECT_NE(metrics.raw.indexOf("rampart_flag_write_latency_seconds{"), -1);
}

// Issue 16: the decision is serialised once per view and served with an ETag; a client
// holding it gets 304 without a body, and a write makes a new one.
TEST_F(ApiServiceTest, DecisionIsServedWithAnETagAnd304WhileTheViewIsTheSame)
{
    startAndSimulate(2h);
    api::ApiRequest get;
    get.method = "GET";
    get.path = QStringLiteral("/api/rollout/decision");
    get.remote = QStringLiteral("127.0.0.1");
    const api::ApiResponse first = m_service->handle(get);
    ASSERT_EQ(first.status, 200) << first.body.constData();
    ASSERT_FALSE(first.etag.isEmpty());
    const api::ApiResponse second = m_service->handle(get);
    EXPECT_EQ(second.etag, first.etag);
    EXPECT_EQ(second.body, first.body);
    get.ifNoneMatch = first.etag;
    const api::ApiResponse notModified = m_service->handle(get);
    EXPECT_EQ(notModified.status, 304);
    EXPECT_TRUE(notModified.body.isEmpty());
    EXPECT_EQ(notModified.etag, first.etag);
    // The runbook's POST with the caller's numbers: the same decision plus fields about them.
    const Reply posted = call("POST", QStringLiteral("/api/rollout/decision"),
                              R"({"current_percentage": 25, "target_percentage": 50})");
    ASSERT_EQ(posted.status, 200) << posted.raw.constData();
    EXPECT_EQ(posted.json.value(QStringLiteral("decision")).toString(),
              QJsonDocument::fromJson(first.body).object().value(QStringLiteral("decision")).toString());
    EXPECT_FALSE(posted.json.value(QStringLiteral("target_is_next_stage")).toBool()); // at 5% the next is 25%
    EXPECT_EQ(posted.json.value(QStringLiteral("target_percentage_requested")).toDouble(), 50.0);
    EXPECT_TRUE(posted.json.value(QStringLiteral("note")).isString());
    // A rollback changes the answer: a new ETag, so the old one gets 200 with the new body.
    ASSERT_EQ(call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Operator).status,
              200);
    const api::ApiResponse after = m_service->handle(get);
    EXPECT_EQ(after.status, 200);
    EXPECT_NE(after.etag, first.etag);
    EXPECT_EQ(QJsonDocument::fromJson(after.body).object().value(QStringLiteral("status")).toString(),
              QStringLiteral("rolled_back"));
}

// Issue 16: the state lagged the flag after a rollback (the view was rebuilt from the store
// before the worker had saved the transition, then cached for a second or more). The 200 now
// comes once the state is saved, so the very next reads already show the rollback.
TEST_F(ApiServiceTest, TheFirstReadAfterARollbacksAnswerShowsTheRolledBackState)
{
    startAndSimulate(2h);
    ASSERT_EQ(call("GET", QStringLiteral("/api/rollout/state")).json.value(QStringLiteral("percentage")).toDouble(),
              5.0);
    const Reply r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"),
                         R"({"percentage": 0, "reason": "pager"})", Operator);
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_TRUE(r.json.value(QStringLiteral("state_recorded")).toBool()) << r.raw.constData();
    EXPECT_TRUE(r.json.value(QStringLiteral("state_saved")).toBool()) << r.raw.constData();
    const Reply state = call("GET", QStringLiteral("/api/rollout/state"));
    ASSERT_EQ(state.status, 200);
    EXPECT_EQ(state.json.value(QStringLiteral("state")).toObject().value(QStringLiteral("status")).toString(),
              QStringLiteral("rolled_back"))
        << state.raw.constData();
    EXPECT_EQ(state.json.value(QStringLiteral("percentage")).toDouble(), 0.0);
    const Reply decision = call("GET", QStringLiteral("/api/rollout/decision"));
    EXPECT_EQ(decision.json.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back"))
        << decision.raw.constData();
}

TEST_F(ApiServiceTest, MetricsExportsEveryAdvertisedName)
{
    startAndSimulate(2h);
    const Reply r = call("GET", QStringLiteral("/metrics"));
    ASSERT_EQ(r.status, 200);
    for (const QString &name : api::exportedMetricNames())
        EXPECT_NE(r.raw.indexOf("# TYPE " + name.toUtf8() + " "), -1) << name.toStdString();
    EXPECT_NE(r.raw.indexOf("rampart_rollout_percentage{agent=\"documentation-keeper\"} 5"), -1) << r.raw.constData();
}

TEST_F(ApiServiceTest, AgentMetricsAnswerTheRunbookFields)
{
    startAndSimulate(6h);
    const QString base = QStringLiteral("/api/metrics/documentation-keeper/");
    Reply r = call("GET", base + QStringLiteral("comparison"));
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_TRUE(r.json.value(QStringLiteral("ml_accuracy")).isDouble());
    EXPECT_TRUE(r.json.value(QStringLiteral("deterministic_accuracy")).isDouble());
    for (const char *which : {"stability", "business-impact", "long-term-stability", "final-assessment"}) {
        r = call("GET", base + QString::fromLatin1(which));
        EXPECT_EQ(r.status, 200) << which << r.raw.constData();
    }
    r = call("GET", base + QStringLiteral("long-term-stability"));
    EXPECT_EQ(r.json.value(QStringLiteral("days_at_100_percent")).toDouble(), 0.0); // at 5%
    EXPECT_EQ(r.json.value(QStringLiteral("incidents_count")).toInt(), 0);
}

// Issue 21: /stability counted the current stage's incidents whatever stage the runbook
// meant; ?stage=P answers for the named stage and says which it answered for.
TEST_F(ApiServiceTest, StabilityAnswersForTheNamedStageAndSaysWhich)
{
    startAndSimulate(6h);
    const QString base = QStringLiteral("/api/metrics/documentation-keeper/stability");
    Reply r = call("GET", base);
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("stage")).toDouble(), 5.0);
    EXPECT_EQ(r.json.value(QStringLiteral("stage_source")).toString(), QStringLiteral("current"));
    r = call("GET", base + QStringLiteral("?stage=5"));
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("stage_source")).toString(), QStringLiteral("query"));
    EXPECT_EQ(r.json.value(QStringLiteral("windows")).toArray().size(), 1);
    EXPECT_TRUE(r.json.value(QStringLiteral("incidents_count")).isDouble()) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("incidents_count")).toInt(), 0);
    r = call("GET", base + QStringLiteral("?stage=25"));
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_TRUE(r.json.value(QStringLiteral("windows")).toArray().isEmpty());
    EXPECT_TRUE(r.json.value(QStringLiteral("incidents_count")).isNull());
    EXPECT_TRUE(r.json.value(QStringLiteral("note")).isString());
    r = call("GET", base + QStringLiteral("?stage=33"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json.value(QStringLiteral("field")).toString(), QStringLiteral("stage"));
}

TEST(StageWindows, FollowTheHistoryInAndOutOfAStageAcrossARollbackAndResume)
{
    using rollout::RolloutStatus;
    const rollout::TimePoint t0{std::chrono::hours(1000)};
    const auto at = [&](int h) { return t0 + std::chrono::hours(h); };
    const std::vector<rollout::TransitionEvent> history{
        {"a", at(0), RolloutStatus::Pending, RolloutStatus::Running, 0, 5, "", "", false},
        {"a", at(48), RolloutStatus::AwaitingSignOff, RolloutStatus::Running, 5, 25, "", "", false},
        {"a", at(60), RolloutStatus::Running, RolloutStatus::Holding, 25, 25, "", "", false},
        {"a", at(70), RolloutStatus::Holding, RolloutStatus::RolledBack, 25, 5, "", "", false},
        {"a", at(80), RolloutStatus::RolledBack, RolloutStatus::Running, 5, 25, "", "", false}};
    const auto w25 = api::stageWindows(history, 25, at(100));
    ASSERT_EQ(w25.size(), 2u);
    EXPECT_EQ(w25[0].from, at(48));
    EXPECT_EQ(w25[0].to, at(70)); // the hold stays inside the window
    EXPECT_EQ(w25[1].from, at(80));
    EXPECT_EQ(w25[1].to, at(100));
    const auto w5 = api::stageWindows(history, 5, at(100));
    ASSERT_EQ(w5.size(), 1u); // a rollback to 5% stops the rollout: it does not run at 5% again
    EXPECT_EQ(w5[0].from, at(0));
    EXPECT_EQ(w5[0].to, at(48));
}

// Issue 21: the final assessment is the engine's (rollout::assessFinal), every gate on its
// own measure and basis, and a rollout at 5% does not pass it.
TEST_F(ApiServiceTest, FinalAssessmentJudgesEveryGateAsTheEngineAndFailsBelowFull)
{
    startAndSimulate(6h);
    const Reply r = call("GET", QStringLiteral("/api/metrics/documentation-keeper/final-assessment"));
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    EXPECT_FALSE(r.json.value(QStringLiteral("passes")).toBool());
    const QJsonArray gates = r.json.value(QStringLiteral("gates")).toArray();
    ASSERT_EQ(gates.size(), qsizetype(m_plan.finalAssessment.businessGates.size()));
    const QStringList measures{QStringLiteral("relative_improvement"), QStringLiteral("relative_improvement"),
                               QStringLiteral("treatment_mean"), QStringLiteral("mann_whitney")};
    const QStringList bases{QStringLiteral("estimate"), QStringLiteral("estimate"), QStringLiteral("confidence_bound"),
                            QStringLiteral("p_value")};
    for (qsizetype i = 0; i < gates.size(); ++i) {
        const QJsonObject g = gates.at(i).toObject();
        EXPECT_EQ(g.value(QStringLiteral("measure")).toString(), measures.at(i)) << i;
        EXPECT_EQ(g.value(QStringLiteral("basis")).toString(), bases.at(i)) << i;
        EXPECT_TRUE(g.value(QStringLiteral("min_samples")).isDouble()) << i;
        // Six hours at 5% is short of every gate's minimum sample: pending, never a pass.
        EXPECT_EQ(g.value(QStringLiteral("status")).toString(), QStringLiteral("pending")) << i;
        EXPECT_FALSE(g.value(QStringLiteral("passes")).toBool()) << i;
    }
    const QJsonArray checks = r.json.value(QStringLiteral("checks")).toArray();
    ASSERT_FALSE(checks.isEmpty());
    EXPECT_EQ(checks.at(0).toObject().value(QStringLiteral("gate")).toString(), QStringLiteral("stability"));
    EXPECT_EQ(checks.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
}

TEST_F(ApiServiceTest, SignOffByAStakeholderIsRecorded)
{
    startAndSimulate(2h);
    const Reply r = call("POST", QStringLiteral("/api/rollout/sign-off"), R"({"approve": true, "comment": "fine"})", Stakeholder);
    ASSERT_EQ(r.status, 200) << r.raw.constData();
    auto store = store::SqliteEvidenceStore::open(m_workspace);
    ASSERT_TRUE(store);
    auto signOffs = (*store)->signOffs(m_plan.agent);
    ASSERT_TRUE(signOffs);
    ASSERT_EQ(signOffs->size(), 1u);
    EXPECT_EQ(signOffs->front().approver, "sam");
}

} // namespace

// A client (or a follower forwarding for it) that retries a rollback whose answer it lost
// gets a confirmation, not a 409, and the flag is not written a second time.
TEST_F(ApiServiceTest, RetriedRollbackIsConfirmedNotWrittenAgain)
{
    startAndSimulate(2h);
    const Reply first = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Operator);
    ASSERT_EQ(first.status, 200) << first.raw.constData();
    const auto written = m_flags->read(m_plan.flag);
    ASSERT_TRUE(written);
    const Reply again = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Operator);
    ASSERT_EQ(again.status, 200) << again.raw.constData();
    EXPECT_TRUE(again.json.value(QStringLiteral("already_applied")).toBool());
    EXPECT_EQ(again.json.value(QStringLiteral("command")).toString(), QStringLiteral("rollback"));
    const auto after = m_flags->read(m_plan.flag);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->version, written->version);
}

TEST_F(ApiServiceTest, ASingleInstanceSaysItLeadsAndActs)
{
    const Reply cluster = call("GET", QStringLiteral("/api/cluster"));
    ASSERT_EQ(cluster.status, 200) << cluster.raw.constData();
    EXPECT_FALSE(cluster.json.value(QStringLiteral("enabled")).toBool());
    EXPECT_EQ(cluster.json.value(QStringLiteral("role")).toString(), QStringLiteral("single"));
    EXPECT_TRUE(cluster.json.value(QStringLiteral("acting")).toBool());
    EXPECT_EQ(call("POST", QStringLiteral("/api/cluster")).status, 405);
    const Reply health = call("GET", QStringLiteral("/health"));
    EXPECT_EQ(health.json.value(QStringLiteral("role")).toString(), QStringLiteral("single"));
    const Reply metrics = call("GET", QStringLiteral("/metrics"));
    EXPECT_NE(metrics.raw.indexOf("rampart_cluster_leader{agent=\"documentation-keeper\",instance=\"\"} 1"), -1)
        << metrics.raw.constData();
}

TEST_F(ApiServiceTest, WithoutAControllerAWriteIsRefusedAsReadOnly)
{
    m_service->setController(nullptr);
    const Reply r = call("POST", QStringLiteral("/api/flags/ml-agent-rollout"), R"({"percentage": 0})", Operator);
    EXPECT_EQ(r.status, 503) << r.raw.constData();
    EXPECT_EQ(r.json.value(QStringLiteral("error")).toString(), QStringLiteral("read_only"));
    EXPECT_EQ(call("GET", QStringLiteral("/api/cluster")).json.value(QStringLiteral("acting")).toBool(), false);
}

// Issue 11: operators may hold (and roll back); a viewer or a stakeholder may not.
TEST_F(ApiServiceTest, AnOperatorHoldsTheRolloutThroughTheApi)
{
    startAndSimulate(2h);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": "x"})").status, 401);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": "x"})", Viewer).status, 403);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": "x"})", Stakeholder).status, 403);
    const Reply bad = call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": 5})", Operator);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json.value(QStringLiteral("field")).toString(), QStringLiteral("reason"));
    EXPECT_EQ(call("GET", QStringLiteral("/api/rollout/hold"), {}, Operator).status, 405);
    const Reply held = call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": "pager at 3am"})", Operator);
    ASSERT_EQ(held.status, 200) << held.raw.constData();
    EXPECT_EQ(held.json.value(QStringLiteral("command")).toString(), QStringLiteral("hold"));
    EXPECT_EQ(held.json.value(QStringLiteral("percentage")).toDouble(), 5.0) << "a hold moves no traffic";
    const Reply state = call("GET", QStringLiteral("/api/rollout/state"));
    EXPECT_EQ(state.json.value(QStringLiteral("state")).toObject().value(QStringLiteral("status")).toString(),
              QStringLiteral("holding"))
        << state.raw.constData();
}

// Issue 18: a rollout started, held, resumed, refused an advance and rolled back entirely
// through the API, every step by the token's principal, in the history and the audit trail.
TEST_F(ApiServiceTest, ARolloutIsDrivenEntirelyThroughTheApiAndAudited)
{
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/start"), {}, Viewer).status, 403);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/start"), {}, Stakeholder).status, 403);
    EXPECT_EQ(call("GET", QStringLiteral("/api/rollout/start"), {}, Operator).status, 405);
    const Reply started = call("POST", QStringLiteral("/api/rollout/start"), {}, Operator);
    ASSERT_EQ(started.status, 200) << started.raw.constData();
    EXPECT_EQ(started.json.value(QStringLiteral("actor")).toString(), QStringLiteral("olga"));
    EXPECT_EQ(started.json.value(QStringLiteral("percentage")).toDouble(), 5.0);
    const Reply again = call("POST", QStringLiteral("/api/rollout/start"), {}, Operator);
    EXPECT_EQ(again.status, 409) << again.raw.constData();

    ASSERT_EQ(call("POST", QStringLiteral("/api/rollout/hold"), R"({"reason": "looking at a spike"})", Operator).status,
              200);
    // A hold is not a rollback: only a rolled-back rollout resumes (409 with the sentence).
    const Reply notRolledBack
        = call("POST", QStringLiteral("/api/rollout/resume"), R"({"reason": "spike explained"})", Operator);
    EXPECT_EQ(notRolledBack.status, 409) << notRolledBack.raw.constData();
    // No evidence at all: the gates cannot pass, the advance is refused with the reason.
    const Reply advance = call("POST", QStringLiteral("/api/rollout/advance"), {}, Operator);
    EXPECT_EQ(advance.status, 409) << advance.raw.constData();
    EXPECT_FALSE(advance.json.value(QStringLiteral("message")).toString().isEmpty());

    const Reply rolledBack = call("POST", QStringLiteral("/api/rollout/rollback"), R"({"reason": "pager"})", Operator);
    ASSERT_EQ(rolledBack.status, 200) << rolledBack.raw.constData();
    EXPECT_EQ(rolledBack.json.value(QStringLiteral("percentage")).toDouble(), 0.0);
    EXPECT_TRUE(rolledBack.json.value(QStringLiteral("state_recorded")).toBool());
    EXPECT_EQ(rolledBack.json.value(QStringLiteral("flag")).toObject().value(QStringLiteral("updated_by")).toString(),
              QStringLiteral("olga"));

    const Reply noReason = call("POST", QStringLiteral("/api/rollout/resume"), R"({})", Operator);
    EXPECT_EQ(noReason.status, 400);
    EXPECT_EQ(noReason.json.value(QStringLiteral("field")).toString(), QStringLiteral("reason"));
    const Reply badVersion = call("POST", QStringLiteral("/api/rollout/resume"),
                                  R"({"reason": "spike explained", "flag_version": 1.5})", Operator);
    EXPECT_EQ(badVersion.status, 400);
    EXPECT_EQ(badVersion.json.value(QStringLiteral("field")).toString(), QStringLiteral("flag_version"));
    const Reply stale = call("POST", QStringLiteral("/api/rollout/resume"),
                             R"({"reason": "spike explained", "flag_version": 999})", Operator);
    EXPECT_EQ(stale.status, 409) << stale.raw.constData();
    EXPECT_EQ(stale.json.value(QStringLiteral("error")).toString(), QStringLiteral("state_moved"));
    const Reply resumed
        = call("POST", QStringLiteral("/api/rollout/resume"), R"({"reason": "spike explained by a deploy"})", Operator);
    ASSERT_EQ(resumed.status, 200) << resumed.raw.constData();
    EXPECT_EQ(resumed.json.value(QStringLiteral("percentage")).toDouble(), 5.0);

    const Reply history = call("GET", QStringLiteral("/api/rollout/history"), {}, Viewer);
    ASSERT_EQ(history.status, 200) << history.raw.constData();
    QStringList moves;
    for (const QJsonValue &row : history.json.value(QStringLiteral("history")).toArray()) {
        EXPECT_EQ(row[QStringLiteral("actor")].toString(), QStringLiteral("olga"));
        moves << row[QStringLiteral("to_status")].toString();
    }
    EXPECT_EQ(moves,
              (QStringList{QStringLiteral("running"), QStringLiteral("holding"), QStringLiteral("rolled_back"),
                           QStringLiteral("running")}));

    // The audit trail, paged by id: the rollback's applied outcome by olga, as version 2.
    bool found = false;
    for (int i = 0; i < 40 && !found; ++i) {
        const Reply audit = call("GET", QStringLiteral("/api/audit?after=0&limit=1000"), {}, Viewer);
        ASSERT_EQ(audit.status, 200) << audit.raw.constData();
        for (const QJsonValue &row : audit.json.value(QStringLiteral("records")).toArray())
            found = found
                || (row[QStringLiteral("actor")].toString() == QLatin1String("olga")
                    && row[QStringLiteral("action")].toString() == QLatin1String("rollback")
                    && row[QStringLiteral("detail")][QStringLiteral("outcome")].toString() == QLatin1String("applied")
                    && row[QStringLiteral("flag_version")].toInteger() == 2);
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
    }
    EXPECT_TRUE(found) << "no audited rollback by olga: "
                       << call("GET", QStringLiteral("/api/audit?after=0&limit=1000")).raw.constData();
    EXPECT_EQ(call("GET", QStringLiteral("/api/audit?after=-1")).status, 400);
    EXPECT_EQ(call("GET", QStringLiteral("/api/audit?limit=0")).json.value(QStringLiteral("field")).toString(),
              QStringLiteral("limit"));
}

TEST_F(ApiServiceTest, TheCallerThePlanAndTheEvidenceBehindADecisionCanBeRead)
{
    EXPECT_EQ(call("GET", QStringLiteral("/api/whoami")).status, 401);
    const Reply me = call("GET", QStringLiteral("/api/whoami"), {}, Stakeholder);
    EXPECT_EQ(me.json.value(QStringLiteral("name")).toString(), QStringLiteral("sam"));
    EXPECT_EQ(me.json.value(QStringLiteral("role")).toString(), QStringLiteral("stakeholder"));
    const Reply plan = call("GET", QStringLiteral("/api/rollout/plan"));
    ASSERT_EQ(plan.status, 200);
    auto parsed = io::parsePlan(plan.json);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->stages.size(), m_plan.stages.size());

    startAndSimulate(2h);
    const Reply decision = call("GET", QStringLiteral("/api/rollout/decision"));
    const QString hash = decision.json.value(QStringLiteral("evidence_hash")).toString();
    ASSERT_EQ(hash.size(), 64) << decision.raw.constData();
    const Reply evidence = call("GET", QStringLiteral("/api/evidence/") + hash);
    ASSERT_EQ(evidence.status, 200) << evidence.raw.constData();
    EXPECT_EQ(io::evidenceHash(evidence.json.value(QStringLiteral("evidence")).toObject()), hash)
        << "the document served is the one the hash was taken over";
    const Reply unknown = call("GET", QStringLiteral("/api/evidence/") + QString(64, QLatin1Char('0')));
    EXPECT_EQ(unknown.status, 404);
}

// Issue 18: the kill switch goes to 0% whatever the last stable stage, with a reason, also on
// a rollout that has a stable stage above 0%; a resume then starts from the first stage.
TEST_F(ApiServiceTest, TheKillSwitchStopsAtZeroWhateverTheLastStableStage)
{
    const Reply pending
        = call("POST", QStringLiteral("/api/rollout/stop"), R"({"reason": "nothing to stop"})", Operator);
    EXPECT_EQ(pending.status, 200) << pending.raw.constData();
    EXPECT_TRUE(pending.json.value(QStringLiteral("already_applied")).toBool()) << "no flag yet: nothing was written";
    startAndSimulate(2h);
    EXPECT_EQ(call("POST", QStringLiteral("/api/rollout/stop"), R"({"reason": "data leak"})", Viewer).status, 403);
    const Reply noReason = call("POST", QStringLiteral("/api/rollout/stop"), R"({})", Operator);
    EXPECT_EQ(noReason.status, 400);
    EXPECT_EQ(noReason.json.value(QStringLiteral("field")).toString(), QStringLiteral("reason"));
    const Reply stopped
        = call("POST", QStringLiteral("/api/rollout/stop"), R"({"reason": "answers leak private data"})", Operator);
    ASSERT_EQ(stopped.status, 200) << stopped.raw.constData();
    EXPECT_EQ(stopped.json.value(QStringLiteral("command")).toString(), QStringLiteral("stop"));
    EXPECT_EQ(stopped.json.value(QStringLiteral("percentage")).toDouble(-1), 0.0);
    EXPECT_TRUE(stopped.json.value(QStringLiteral("state_recorded")).toBool());
    const Reply state = call("GET", QStringLiteral("/api/rollout/state"));
    const QJsonObject s = state.json.value(QStringLiteral("state")).toObject();
    EXPECT_EQ(s.value(QStringLiteral("status")).toString(), QStringLiteral("rolled_back")) << state.raw.constData();
    EXPECT_TRUE(s.value(QStringLiteral("stage")).isNull()) << state.raw.constData();
    const Reply history = call("GET", QStringLiteral("/api/rollout/history"));
    const QJsonArray rows = history.json.value(QStringLiteral("history")).toArray();
    ASSERT_FALSE(rows.isEmpty());
    EXPECT_TRUE(
        rows.last()[QStringLiteral("reason")].toString().startsWith(QLatin1String("Kill switch (0%): answers leak")))
        << history.raw.constData();
    const auto written = m_flags->read(m_plan.flag);
    ASSERT_TRUE(written);
    const Reply again = call("POST", QStringLiteral("/api/rollout/stop"), R"({"reason": "again please"})", Operator);
    EXPECT_EQ(again.status, 200);
    EXPECT_TRUE(again.json.value(QStringLiteral("already_applied")).toBool()) << again.raw.constData();
    EXPECT_EQ(m_flags->read(m_plan.flag)->version, written->version) << "a second press writes nothing";
    const Reply resumed
        = call("POST", QStringLiteral("/api/rollout/resume"), R"({"reason": "leak fixed in 1.4.3"})", Operator);
    ASSERT_EQ(resumed.status, 200) << resumed.raw.constData();
    EXPECT_EQ(resumed.json.value(QStringLiteral("percentage")).toDouble(), 5.0);
}

// Issue 18, break-glass: a console's queued records are stored by record id, once; a token
// imports only its own rollbacks of this flag.
TEST_F(ApiServiceTest, BreakGlassRecordsAreImportedOnceAndOnlyByTheirOwnActor)
{
    const auto record = [&](const char *id, const char *actor, const char *action) {
        return QJsonObject{
            {QStringLiteral("record_id"), QString::fromLatin1(id)},
            {QStringLiteral("at"), QStringLiteral("2026-12-08T01:00:00Z")},
            {QStringLiteral("actor"), QString::fromLatin1(actor)},
            {QStringLiteral("action"), QString::fromLatin1(action)},
            {QStringLiteral("subject"), QString::fromStdString(m_plan.flag)},
            {QStringLiteral("detail"), QJsonObject{{QStringLiteral("reason"), QStringLiteral("BREAK-GLASS: x")}}},
            {QStringLiteral("flag_version"), 3}};
    };
    const auto body = [](std::initializer_list<QJsonObject> records) {
        QJsonArray a;
        for (const QJsonObject &r : records)
            a.append(r);
        return QJsonDocument(QJsonObject{{QStringLiteral("records"), a}}).toJson(QJsonDocument::Compact);
    };
    EXPECT_EQ(
        call("POST", QStringLiteral("/api/audit/import"), body({record("bg-1/intent", "olga", "rollback")}), Viewer)
            .status,
        403);
    const Reply other = call("POST", QStringLiteral("/api/audit/import"),
                             body({record("bg-1/intent", "someone", "rollback")}), Operator);
    EXPECT_EQ(other.status, 403) << other.raw.constData();
    EXPECT_EQ(other.json.value(QStringLiteral("field")).toString(), QStringLiteral("records[0].actor"));
    EXPECT_EQ(
        call("POST", QStringLiteral("/api/audit/import"), body({record("bg-1/intent", "olga", "transition")}), Operator)
            .status,
        400);
    EXPECT_EQ(call("POST", QStringLiteral("/api/audit/import"), R"({"records": []})", Operator).status, 400);
    const QByteArray both
        = body({record("bg-1/intent", "olga", "rollback"), record("bg-1/outcome", "olga", "rollback")});
    const Reply first = call("POST", QStringLiteral("/api/audit/import"), both, Operator);
    ASSERT_EQ(first.status, 200) << first.raw.constData();
    EXPECT_EQ(first.json.value(QStringLiteral("stored")).toInt(), 2);
    const Reply again = call("POST", QStringLiteral("/api/audit/import"), both, Operator);
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.json.value(QStringLiteral("stored")).toInt(), 0);
    EXPECT_EQ(again.json.value(QStringLiteral("already_stored")).toInt(), 2);
    const Reply audit = call("GET", QStringLiteral("/api/audit?limit=1000"), {}, Viewer);
    int copies = 0;
    for (const QJsonValue &row : audit.json.value(QStringLiteral("records")).toArray())
        copies += row[QStringLiteral("record_id")].toString().startsWith(QLatin1String("bg-1/")) ? 1 : 0;
    EXPECT_EQ(copies, 2);
}

// Issue 18: an advance through the API once the gates pass and the stakeholder signed off:
// the rollout moves to 25% by the operator's token, audited as a transition.
TEST_F(ApiServiceTest, AnAdvanceThroughTheApiMovesToTheNextStageWhenTheGatesPass)
{
    startAndSimulate(50h);
    const Reply before = call("GET", QStringLiteral("/api/rollout/decision"));
    ASSERT_EQ(before.status, 200);
    const Reply signed_ = call("POST", QStringLiteral("/api/rollout/sign-off"), R"({"approve": true, "comment": "numbers look right"})",
                               Stakeholder);
    ASSERT_EQ(signed_.status, 200) << signed_.raw.constData();
    const Reply decision = call("GET", QStringLiteral("/api/rollout/decision"));
    ASSERT_EQ(decision.json.value(QStringLiteral("action")).toString(), QStringLiteral("advance")) << decision.raw.constData();
    const Reply advanced = call("POST", QStringLiteral("/api/rollout/advance"), {}, Operator);
    ASSERT_EQ(advanced.status, 200) << advanced.raw.constData();
    EXPECT_EQ(advanced.json.value(QStringLiteral("percentage")).toDouble(), 25.0);
    EXPECT_EQ(advanced.json.value(QStringLiteral("actor")).toString(), QStringLiteral("olga"));
    const Reply history = call("GET", QStringLiteral("/api/rollout/history"));
    const QJsonArray rows = history.json.value(QStringLiteral("history")).toArray();
    ASSERT_FALSE(rows.isEmpty());
    EXPECT_EQ(rows.last()[QStringLiteral("to_percentage")].toDouble(), 25.0);
    EXPECT_EQ(rows.last()[QStringLiteral("actor")].toString(), QStringLiteral("olga"));
}
