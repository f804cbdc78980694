// buildReport on a known rollout: stages, sample sizes, tests against scipy/statsmodels,
// sign-offs, incidents, the load test, the rollback verdict and the audit verification.

#include "reportfixture.h"
#include "reportmodel.h"
#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

using namespace rampart;
using namespace rampart::reporttest;
using rampart::testing::valueOf;

namespace {

struct Built
{
    QTemporaryDir dir;
    std::unique_ptr<store::SqliteEvidenceStore> store;
    report::RolloutReport report;
};

std::unique_ptr<Built> buildFixture()
{
    auto b = std::make_unique<Built>();
    auto opened = store::SqliteEvidenceStore::open(b->dir.filePath(QStringLiteral("w.rampart")));
    EXPECT_TRUE(opened.ok());
    if (!opened.ok())
        return b;
    b->store = std::move(opened).value();
    const rollout::Plan plan = fixturePlan();
    EXPECT_TRUE(writeFixture(*b->store, plan));
    report::ReportRequest request;
    request.plan = plan;
    request.source = "workspace:w.rampart";
    b->report = valueOf(report::buildReport(*b->store, b->store.get(), request));
    return b;
}

const report::MetricComparison *metric(const report::StageReport &s, const std::string &name)
{
    for (const auto &m : s.metrics)
        if (m.metric == name)
            return &m;
    return nullptr;
}

} // namespace

TEST(ReportModel, StagesFollowTheStageHistory)
{
    auto b = buildFixture();
    const auto &r = b->report;
    ASSERT_EQ(r.stages.size(), 2u);
    EXPECT_EQ(r.stages[0].name, "canary");
    EXPECT_DOUBLE_EQ(r.stages[0].percentage, 5.0);
    EXPECT_EQ(r.stages[0].start, at(T0));
    EXPECT_EQ(r.stages[0].end, at(T1));
    EXPECT_EQ(r.stages[1].name, "significance");
    EXPECT_EQ(r.stages[1].end, at(T2));
    EXPECT_FALSE(r.stages[1].ongoing);
    // Units within each stage's own window.
    EXPECT_EQ(r.stages[0].controlUnits, 400);
    EXPECT_EQ(r.stages[0].treatmentUnits, 40);
    EXPECT_EQ(r.stages[1].controlUnits, 300);
    EXPECT_EQ(r.stages[1].treatmentUnits, 100);
    // Start, hold, advance in the first stage; the advance and the rollback in the second.
    EXPECT_EQ(r.stages[0].events.size(), 3u);
    EXPECT_EQ(r.stages[1].events.size(), 2u);
    EXPECT_EQ(r.stages[1].events.back().toStatus, rollout::RolloutStatus::RolledBack);
}

TEST(ReportModel, VerdictOfARolledBackRollout)
{
    auto b = buildFixture();
    EXPECT_EQ(b->report.verdict, report::Verdict::RolledBack);
    EXPECT_EQ(b->report.finalStatus, "rolled_back");
    EXPECT_EQ(b->report.evaluatedAt, at(T2));
}

TEST(ReportModel, AccuracyAtTheCanaryEndMatchesStatsmodels)
{
    auto b = buildFixture();
    const auto *a = metric(b->report.stages.at(0), "accuracy");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->controlN, 400);
    EXPECT_EQ(a->treatmentN, 40);
    EXPECT_DOUBLE_EQ(a->controlMean, 0.7);
    EXPECT_DOUBLE_EQ(a->treatmentMean, 0.85);
    // statsmodels proportions_ztest([34, 280], [40, 400]) and
    // confint_proportions_2indep(34, 40, 280, 400, method="newcomb") (gen_report_reference.py).
    ASSERT_TRUE(a->pValue && a->differenceCi);
    EXPECT_NEAR(*a->pValue, 0.045402120843454484, 1e-9);
    EXPECT_NEAR(a->differenceCi->low, 0.002902618537167917, 1e-7);
    EXPECT_NEAR(a->differenceCi->high, 0.24207337693207245, 1e-7);
    EXPECT_EQ(a->test, "proportions-z");
    EXPECT_TRUE(a->engineZ.has_value()); // the engine's stratified z of a primary
}

TEST(ReportModel, FinalAssessmentMatchesScipy)
{
    auto b = buildFixture();
    const auto &f = b->report.final;
    const report::MetricComparison *acc = nullptr;
    const report::MetricComparison *handling = nullptr;
    for (const auto &m : f.metrics) {
        if (m.metric == "accuracy")
            acc = &m;
        if (m.metric == "handling_time_min")
            handling = &m;
    }
    ASSERT_TRUE(acc && handling);
    // proportions_ztest([119, 490], [140, 700]); newcomb CI.
    EXPECT_NEAR(*acc->pValue, 0.00028505267702639084, 1e-10);
    EXPECT_NEAR(acc->differenceCi->low, 0.07411103694078398, 1e-7);
    EXPECT_NEAR(acc->differenceCi->high, 0.21080696069181148, 1e-7);
    // scipy.stats.ttest_ind(ml, control, equal_var=False); Welch interval with t.ppf(0.975, df).
    EXPECT_NEAR(*handling->difference, -2.0, 1e-9);
    EXPECT_NEAR(handling->differenceCi->low, -2.258999436451842, 1e-7);
    EXPECT_NEAR(handling->differenceCi->high, -1.741000563548158, 1e-7);
    EXPECT_NEAR(*handling->pValue / 3.4800413680000586e-35, 1.0, 1e-5);
    // scipy.stats.mannwhitneyu(ml, control, alternative="greater", method="asymptotic").
    ASSERT_TRUE(f.satisfactionMannWhitneyP && f.satisfactionTreatmentCi);
    EXPECT_NEAR(*f.satisfactionMannWhitneyP / 1.510953351722011e-11, 1.0, 1e-6);
    EXPECT_NEAR(f.satisfactionTreatmentCi->low, 4.416148987104476, 1e-8);
    EXPECT_NEAR(f.satisfactionTreatmentCi->high, 4.583851012895524, 1e-8);
}

TEST(ReportModel, SignOffsIncidentsAndLoadTestLandInTheirStage)
{
    auto b = buildFixture();
    const auto &r = b->report;
    ASSERT_EQ(r.stages[0].signOffs.size(), 1u);
    EXPECT_EQ(r.stages[0].signOffs[0].approver, "bob");
    EXPECT_EQ(r.stages[0].signOffs[0].evidenceHash, SignOffHash);
    EXPECT_TRUE(r.stages[1].signOffs.empty());
    EXPECT_TRUE(r.stages[0].incidents.empty());
    ASSERT_EQ(r.stages[1].incidents.size(), 1u);
    EXPECT_EQ(r.stages[1].incidents[0].severity, "major");
    EXPECT_EQ(r.stages[1].incidents[0].summary, "Wrong answers about the VPN");
    ASSERT_TRUE(r.latestLoadTest.has_value());
    EXPECT_DOUBLE_EQ(r.latestLoadTest->p95LatencyMs, 81.5);
    EXPECT_TRUE(r.loadTestsArchived);
}

TEST(ReportModel, AuditChainIsVerified)
{
    auto b = buildFixture();
    EXPECT_TRUE(b->report.audit.verified) << b->report.audit.error;
    EXPECT_GE(b->report.audit.verification.rowsChecked, 1);
    EXPECT_FALSE(b->report.audit.lastHash.empty());
}

TEST(ReportModel, GateRowsComeFromTheEngine)
{
    auto b = buildFixture();
    const auto &gates = b->report.stages[0].decision.gates;
    ASSERT_FALSE(gates.empty());
    bool dwell = false;
    for (const auto &g : gates)
        dwell = dwell || g.gate == "dwell";
    EXPECT_TRUE(dwell);
}

TEST(ReportModel, UnknownAgentIsAnError)
{
    QTemporaryDir dir;
    auto opened = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("empty.rampart")));
    ASSERT_TRUE(opened.ok());
    report::ReportRequest request;
    request.plan = fixturePlan();
    rampart::testing::expectError(report::buildReport(**opened, opened->get(), request), "unknown_agent", "agent");
}

TEST(ReportModel, ResumeAfterARollbackStartsANewAttempt)
{
    using S = rollout::RolloutStatus;
    QTemporaryDir dir;
    auto opened = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("r.rampart")));
    ASSERT_TRUE(opened.ok());
    auto &store = **opened;
    const rollout::Plan plan = fixturePlan();
    const std::int64_t rollback = T1 + 10 * 3600;
    const std::int64_t resume = T1 + 20 * 3600;
    std::vector<store::Event> events = cohortEvents(plan, false, 400, T0, 60);
    auto more = cohortEvents(plan, true, 40, T0, 600);
    events.insert(events.end(), more.begin(), more.end());
    more = cohortEvents(plan, false, 100, resume + 3600, 60);
    events.insert(events.end(), more.begin(), more.end());
    more = cohortEvents(plan, true, 10, resume + 3600, 600);
    events.insert(events.end(), more.begin(), more.end());
    ASSERT_TRUE(store.ingest(events).ok());
    ASSERT_TRUE(store.recordTransition(plan.agent, transition(T0, S::Pending, S::Running, 0, 5, "alice", "start")).ok());
    ASSERT_TRUE(store.recordTransition(plan.agent, transition(T1, S::Running, S::Running, 5, 25, "alice", "advance")).ok());
    ASSERT_TRUE(store.recordTransition(plan.agent, transition(rollback, S::Running, S::RolledBack, 25, 5, "dave", "rollback")).ok());
    ASSERT_TRUE(store.recordTransition(plan.agent, transition(resume, S::RolledBack, S::Running, 5, 5, "dave", "Resumed after a rollback: fixed")).ok());
    report::ReportRequest request;
    request.plan = plan;
    const auto r = valueOf(report::buildReport(store, &store, request));
    ASSERT_EQ(r.stages.size(), 4u);
    EXPECT_FALSE(r.stages[2].newAttempt); // at 5% after the rollback, before the resume
    EXPECT_EQ(r.stages[2].start, at(rollback));
    EXPECT_EQ(r.stages[2].end, at(resume));
    EXPECT_TRUE(r.stages[3].newAttempt);
    EXPECT_TRUE(r.stages[3].ongoing);
    EXPECT_EQ(r.verdict, report::Verdict::InProgress);
    // The new attempt's figures count from the resume only (the controller's evidence window).
    const auto *a = metric(r.stages[3], "accuracy");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->controlN, 100);
    EXPECT_EQ(a->treatmentN, 10);
    EXPECT_FALSE(r.stages[3].boundary.has_value());
}
