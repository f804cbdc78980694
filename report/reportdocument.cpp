// composeReport(): the report's words, tables and charts in the current language.

#include "reportdocument.h"

#include "reportcharts.h"
#include "wording.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTimeZone>

#include <cmath>

namespace rampart::report {

namespace {

using models::Wording;

class ReportText
{
    Q_DECLARE_TR_FUNCTIONS(ReportText)
};

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// UTC date and time, the same in every time zone (reproducible), "2026-11-10 04:36 UTC".
QString when(rollout::TimePoint t)
{
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(t.time_since_epoch().count(), QTimeZone::utc());
    return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

QString num(std::optional<double> v, int precision = 4)
{
    return Wording::number(v, precision);
}

QString pct(std::optional<double> fraction, int precision = 3)
{
    if (!fraction)
        return QStringLiteral("—");
    return QLocale().toString(100.0 * *fraction, 'g', precision) + QLatin1Char('%');
}

QString interval(std::optional<stats::ConfidenceInterval> ci, bool percent, int precision = 3)
{
    if (!ci)
        return QStringLiteral("—");
    const auto f = [&](double x) {
        if (!std::isfinite(x))
            return QStringLiteral("∞");
        return percent ? QLocale().toString(100.0 * x, 'g', precision) + QLatin1Char('%') : QLocale().toString(x, 'g', precision + 1);
    };
    return QLatin1Char('[') + f(ci->low) + QStringLiteral("; ") + f(ci->high) + QLatin1Char(']');
}

/// A p-value; one below the smallest double says so instead of printing 0.
QString pval(std::optional<double> p)
{
    if (p && *p == 0.0)
        return QStringLiteral("< 1E-300");
    return Wording::pValue(p);
}

QString hours(rollout::Duration d)
{
    return QLocale().toString(std::chrono::duration<double>(d).count() / 3600.0, 'f', 1);
}

QString roleName(const std::string &role)
{
    return Wording::metricRole(role);
}

QString testName(const std::string &test)
{
    if (test == "proportions-z")
        return ReportText::tr("two-proportion z");
    if (test == "welch-t")
        return ReportText::tr("Welch t");
    return qs(test);
}

QString stageTitle(const StageReport &s, int number)
{
    const QString share = QLocale().toString(s.percentage, 'g', 4) + QLatin1Char('%');
    if (s.name.empty())
        return ReportText::tr("Stage %1: %2").arg(number).arg(share);
    return ReportText::tr("Stage %1: %2 (%3)").arg(number).arg(share, qs(s.name));
}

QString verdictText(const RolloutReport &r)
{
    switch (r.verdict) {
    case Verdict::Completed:
        return ReportText::tr("Rolled out: the ML behaviour serves 100% of traffic and passed the final assessment.");
    case Verdict::RolledBack:
        return ReportText::tr("Rolled back: the ML behaviour was withdrawn to %1%.").arg(QLocale().toString(r.finalPercentage, 'g', 4));
    case Verdict::Holding:
        return ReportText::tr("On hold at %1%: the rollout waits for evidence or a sign-off.").arg(QLocale().toString(r.finalPercentage, 'g', 4));
    case Verdict::InProgress:
        return ReportText::tr("In progress at %1%.").arg(QLocale().toString(r.finalPercentage, 'g', 4));
    case Verdict::NotStarted:
        return ReportText::tr("Not started.");
    }
    return {};
}

/// A gate row that depends on live telemetry, which no store archives: shown as such, never
/// as the hold the re-evaluation gives for its absence.
bool liveOnly(const rollout::GateRow &row, const rollout::Plan &plan)
{
    if (row.code == "telemetry_missing" || row.code == "telemetry_stale" || row.code == "look_skipped")
        return true;
    for (const rollout::ServiceGate &g : plan.serviceGates)
        if (row.gate == g.name)
            return true;
    return false;
}

const MetricComparison *find(const std::vector<MetricComparison> &metrics, const std::string &name)
{
    for (const MetricComparison &c : metrics)
        if (c.metric == name)
            return &c;
    return nullptr;
}

Block heading(const QString &text)
{
    Block b;
    b.kind = Block::Kind::Heading;
    b.text = text;
    return b;
}

Block subheading(const QString &text)
{
    Block b;
    b.kind = Block::Kind::Subheading;
    b.text = text;
    return b;
}

Block paragraph(const QString &text, Block::Kind kind = Block::Kind::Paragraph)
{
    Block b;
    b.kind = kind;
    b.text = text;
    return b;
}

Block table(QStringList header, QList<QStringList> rows)
{
    Block b;
    b.kind = Block::Kind::Table;
    b.header = std::move(header);
    b.rows = std::move(rows);
    return b;
}

Block chart(const QString &id, const QString &caption, QImage image)
{
    Block b;
    b.kind = Block::Kind::Chart;
    b.chartId = id;
    b.text = caption;
    b.image = std::move(image);
    return b;
}

Block testsTable(const StageReport &s)
{
    QList<QStringList> rows;
    for (const MetricComparison &c : s.metrics) {
        const bool binary = c.test == "proportions-z";
        rows << QStringList{qs(c.label),
                            roleName(c.role),
                            testName(c.test),
                            QLocale().toString(c.controlN) + QStringLiteral(" / ") + QLocale().toString(c.treatmentN),
                            binary ? pct(c.controlMean) : num(c.controlMean),
                            binary ? pct(c.treatmentMean) : num(c.treatmentMean),
                            (binary ? pct(c.difference) : num(c.difference)) + QLatin1Char(' ') + interval(c.differenceCi, binary),
                            pct(c.relativeChange) + QLatin1Char(' ') + interval(c.relativeCi, true),
                            pval(c.pValue),
                            num(c.engineZ, 3),
                            pval(c.role == "guardrail" ? c.nonInferiorityP : c.engineP)};
    }
    return table({ReportText::tr("Metric"), ReportText::tr("Role"), ReportText::tr("Test"), ReportText::tr("n control / ML"), ReportText::tr("Control"), ReportText::tr("ML"),
                  ReportText::tr("Difference [95% CI]"), ReportText::tr("Relative change [95% CI]"), ReportText::tr("p (two-sided)"), ReportText::tr("z (stratified)"),
                  ReportText::tr("p (sequential / always-valid)")},
                 rows);
}

QString boundaryText(const StageReport &s, const rollout::Plan &plan, int efficacyLook)
{
    if (s.percentage >= 100.0)
        return ReportText::tr("Sequential test: none at 100% (the final assessment applies).");
    if (efficacyLook > 0 && !s.boundary)
        return ReportText::tr("Sequential test: efficacy was shown at look %1; no further looks are taken (information fraction %2).")
            .arg(efficacyLook)
            .arg(num(s.informationFraction, 3));
    if (!s.informationFraction)
        return ReportText::tr("Sequential test: no information on the primary metrics yet.");
    if (!s.boundary) {
        return ReportText::tr("Sequential test: information fraction %1 at the stage's end; no new look was due here (looks are due at k/%2).")
            .arg(num(s.informationFraction, 3))
            .arg(plan.looks);
    }
    const BoundaryPoint &b = *s.boundary;
    return ReportText::tr("Sequential test: look %1 at information fraction %2; efficacy boundary z ≥ %3 (nominal one-sided p < %4). %5")
        .arg(b.lookIndex)
        .arg(num(b.informationFraction, 3), num(b.boundaryZ, 4), pval(b.nominalAlpha),
             b.crossedAll ? ReportText::tr("Every primary metric has crossed it: efficacy shown.")
                          : ReportText::tr("Not every primary metric has crossed it yet."));
}

Block gateTable(const StageReport &s, const rollout::Plan &plan)
{
    QList<QStringList> rows;
    for (const rollout::GateRow &row : s.decision.gates) {
        if (liveOnly(row, plan)) {
            rows << QStringList{Wording::gateLabel(row), ReportText::tr("not archived"),
                                ReportText::tr("Live telemetry is not kept in the store; the decision recorded at the time read it.")};
            continue;
        }
        rows << QStringList{Wording::gateLabel(row), Wording::gateStatus(row.status), Wording::gateDetail(row)};
    }
    return table({ReportText::tr("Gate"), ReportText::tr("Status"), ReportText::tr("Evidence")}, rows);
}

Block signOffTable(const std::vector<rollout::SignOff> &signOffs)
{
    QList<QStringList> rows;
    for (const rollout::SignOff &so : signOffs)
        rows << QStringList{qs(so.approver), qs(so.role), when(so.at),
                            so.approve ? (so.override ? ReportText::tr("approved (override)") : ReportText::tr("approved")) : ReportText::tr("rejected"),
                            qs(so.evidenceHash), qs(so.comment)};
    return table({ReportText::tr("Who"), ReportText::tr("Role"), ReportText::tr("When"), ReportText::tr("Decision"), ReportText::tr("Evidence hash approved"), ReportText::tr("Comment")}, rows);
}

Block eventsTable(const std::vector<rollout::TransitionEvent> &events)
{
    QList<QStringList> rows;
    for (const rollout::TransitionEvent &e : events) {
        const QString move = Wording::rolloutStatus(e.fromStatus) + QStringLiteral(" → ") + Wording::rolloutStatus(e.toStatus)
                             + QStringLiteral(" (") + QLocale().toString(e.fromPercentage, 'g', 4) + QStringLiteral("% → ")
                             + QLocale().toString(e.toPercentage, 'g', 4) + QStringLiteral("%)");
        rows << QStringList{when(e.at), move, qs(e.actor), qs(e.reason)};
    }
    return table({ReportText::tr("When"), ReportText::tr("Transition"), ReportText::tr("Who"), ReportText::tr("Reason (as recorded)")}, rows);
}

void composeStage(ReportDocument &doc, const RolloutReport &r, const StageReport &s, int number, int efficacyLook)
{
    doc.blocks << subheading(stageTitle(s, number));
    if (s.newAttempt)
        doc.blocks << paragraph(ReportText::tr("A new attempt after a rollback: the evidence and the sequential test start again here."),
                                Block::Kind::Emphasis);
    doc.blocks << paragraph(ReportText::tr("From %1 to %2 (%3 h)%4. ML share of traffic: %5%. Units in this stage: %6 control, %7 ML.")
                                .arg(when(s.start), when(s.end), hours(s.end - s.start),
                                     s.ongoing ? ReportText::tr(", still running") : QString(),
                                     QLocale().toString(s.percentage, 'g', 4), QLocale().toString(s.controlUnits),
                                     QLocale().toString(s.treatmentUnits)));
    doc.blocks << paragraph(ReportText::tr("Tests, cumulative since the rollout started, at the stage's end:"));
    doc.blocks << testsTable(s);
    doc.blocks << paragraph(boundaryText(s, r.plan, efficacyLook));
    doc.blocks << paragraph(ReportText::tr("Gates, re-evaluated by the decision engine on the stored evidence at the stage's end:"));
    doc.blocks << gateTable(s, r.plan);
    if (s.signOffs.empty())
        doc.blocks << paragraph(ReportText::tr("Sign-offs: none recorded for this stage."));
    else {
        doc.blocks << paragraph(ReportText::tr("Sign-offs:"));
        doc.blocks << signOffTable(s.signOffs);
    }
    doc.blocks << paragraph(ReportText::tr("Holds, rollbacks and other transitions:"));
    doc.blocks << eventsTable(s.events);
    if (s.incidents.empty())
        doc.blocks << paragraph(ReportText::tr("Incidents: none recorded during this stage."));
    else {
        QList<QStringList> rows;
        for (const IncidentEntry &i : s.incidents)
            rows << QStringList{when(i.at), qs(i.severity), qs(i.summary), qs(i.actor)};
        doc.blocks << paragraph(ReportText::tr("Incidents:"));
        doc.blocks << table({ReportText::tr("When"), ReportText::tr("Severity"), ReportText::tr("Summary"), ReportText::tr("Who")}, rows);
    }
    for (const rollout::GateRow &row : s.decision.gates)
        if (row.gate == "load_test")
            doc.blocks << paragraph(ReportText::tr("Load test at the next stage's traffic: %1 — %2")
                                        .arg(Wording::gateStatus(row.status), Wording::gateDetail(row)));
}

void composeFinal(ReportDocument &doc, const RolloutReport &r)
{
    doc.blocks << heading(ReportText::tr("Final assessment"));
    const FinalAssessment &f = r.final;
    doc.blocks << paragraph(ReportText::tr("Over the whole rollout, at %1, ML against control with 95% confidence intervals:").arg(when(f.at)));
    QList<QStringList> rows;
    if (const MetricComparison *a = find(f.metrics, "accuracy"))
        rows << QStringList{ReportText::tr("Accuracy improvement (relative)"), pct(a->relativeChange), interval(a->relativeCi, true),
                            ReportText::tr("%1 → %2 correct; difference %3 %4")
                                .arg(pct(a->controlMean), pct(a->treatmentMean), pct(a->difference), interval(a->differenceCi, true))};
    if (const MetricComparison *h = find(f.metrics, "handling_time_min")) {
        std::optional<double> saving;
        std::optional<stats::ConfidenceInterval> savingCi;
        if (h->relativeChange)
            saving = -*h->relativeChange;
        if (h->relativeCi)
            savingCi = stats::ConfidenceInterval{-h->relativeCi->high, -h->relativeCi->low};
        std::optional<double> minutes = h->difference ? std::optional<double>(-*h->difference) : std::nullopt;
        std::optional<stats::ConfidenceInterval> minutesCi;
        if (h->differenceCi)
            minutesCi = stats::ConfidenceInterval{-h->differenceCi->high, -h->differenceCi->low};
        rows << QStringList{ReportText::tr("Time saved per answer (relative)"), pct(saving), interval(savingCi, true),
                            ReportText::tr("%1 → %2 min; %3 min saved %4")
                                .arg(num(h->controlMean), num(h->treatmentMean), num(minutes), interval(minutesCi, false))};
    }
    if (const MetricComparison *s = find(f.metrics, "satisfaction"))
        rows << QStringList{ReportText::tr("Satisfaction of ML answers (1–5)"), num(s->treatmentMean), interval(f.satisfactionTreatmentCi, false),
                            ReportText::tr("control %1; difference %2 %3; Mann-Whitney one-sided p = %4")
                                .arg(num(s->controlMean), num(s->difference), interval(s->differenceCi, false),
                                     pval(f.satisfactionMannWhitneyP))};
    doc.blocks << table({ReportText::tr("Measure"), ReportText::tr("Estimate"), ReportText::tr("95% CI"), ReportText::tr("Details")}, rows);
    if (!f.gates.empty()) {
        doc.blocks << paragraph(ReportText::tr("Final gates of the plan, re-evaluated on the stored evidence:"));
        QList<QStringList> gateRows;
        for (const rollout::GateRow &row : f.gates)
            gateRows << QStringList{Wording::gateLabel(row), Wording::gateStatus(row.status), Wording::gateDetail(row)};
        doc.blocks << table({ReportText::tr("Gate"), ReportText::tr("Status"), ReportText::tr("Evidence")}, gateRows);
    }
}

void composeAudit(ReportDocument &doc, const RolloutReport &r)
{
    doc.blocks << heading(ReportText::tr("Audit-chain verification"));
    const AuditSummary &a = r.audit;
    if (!a.error.empty()) {
        doc.blocks << paragraph(ReportText::tr("Not verified: %1").arg(qs(a.error)), Block::Kind::Emphasis);
    } else if (a.verified) {
        doc.blocks << paragraph(ReportText::tr("Verified: all %1 rows of the audit chain match their hashes and links.")
                                    .arg(QLocale().toString(a.verification.rowsChecked)),
                                Block::Kind::Emphasis);
    } else if (a.verification.firstBadId) {
        doc.blocks << paragraph(ReportText::tr("BROKEN at row %1: %2").arg(QLocale().toString(*a.verification.firstBadId), qs(a.verification.problem)),
                                Block::Kind::Emphasis);
    } else {
        doc.blocks << paragraph(ReportText::tr("Not fully verified: %1 keyed rows could not be checked without the audit key.")
                                    .arg(QLocale().toString(a.verification.uncheckedRows)),
                                Block::Kind::Emphasis);
    }
    doc.blocks << table({ReportText::tr("Rows checked"), ReportText::tr("Keyed (HMAC)"), ReportText::tr("Unkeyed (SHA-256)"), ReportText::tr("Legacy"), ReportText::tr("Rows of this rollout"),
                         ReportText::tr("Last hash")},
                        {QStringList{QLocale().toString(a.verification.rowsChecked), QLocale().toString(a.verification.keyedRows),
                                     QLocale().toString(a.verification.unkeyedRows), QLocale().toString(a.verification.legacyRows),
                                     QLocale().toString(a.rowsOfAgent), qs(a.lastHash)}});
}

} // namespace

QStringList sectionTitles()
{
    return {ReportText::tr("Verdict"), ReportText::tr("Overview"), ReportText::tr("Stages"), ReportText::tr("Final assessment"), ReportText::tr("Charts"), ReportText::tr("Audit-chain verification"),
            ReportText::tr("Method")};
}

ReportDocument composeReport(const RolloutReport &r, const ComposeOptions &options)
{
    const QLocale previous;
    QLocale::setDefault(QLocale(options.language == QLatin1String("pl") ? QLocale::Polish : QLocale::English,
                                options.language == QLatin1String("pl") ? QLocale::Poland : QLocale::UnitedKingdom));
    ReportDocument doc;
    doc.language = options.language;
    doc.title = ReportText::tr("Business-impact report: %1").arg(qs(r.plan.agent));
    Block title;
    title.kind = Block::Kind::Title;
    title.text = doc.title;
    doc.blocks << title;

    doc.blocks << heading(ReportText::tr("Verdict"));
    doc.blocks << paragraph(verdictText(r), Block::Kind::Emphasis);
    QStringList key;
    if (const MetricComparison *a = find(r.final.metrics, "accuracy"))
        key << ReportText::tr("accuracy %1 → %2 (relative %3, 95% CI %4)")
                   .arg(pct(a->controlMean), pct(a->treatmentMean), pct(a->relativeChange), interval(a->relativeCi, true));
    if (const MetricComparison *h = find(r.final.metrics, "handling_time_min"); h && h->relativeChange && h->relativeCi)
        key << ReportText::tr("handling time %1 → %2 min (%3 saved, 95% CI %4)")
                   .arg(num(h->controlMean), num(h->treatmentMean), pct(-*h->relativeChange),
                        interval(stats::ConfidenceInterval{-h->relativeCi->high, -h->relativeCi->low}, true));
    if (const MetricComparison *s = find(r.final.metrics, "satisfaction"))
        key << ReportText::tr("satisfaction %1 → %2 (ML 95% CI %3)")
                   .arg(num(s->controlMean), num(s->treatmentMean), interval(r.final.satisfactionTreatmentCi, false));
    key << (r.audit.verified ? ReportText::tr("audit chain verified") : ReportText::tr("audit chain NOT verified"));
    Block bullets;
    bullets.kind = Block::Kind::Bullets;
    bullets.items = key;
    doc.blocks << bullets;

    doc.blocks << heading(ReportText::tr("Overview"));
    const QDateTime generated = options.generatedAt.isValid() ? options.generatedAt.toUTC() : QDateTime::currentDateTimeUtc();
    doc.generatedAt = generated;
    doc.blocks << table({ReportText::tr("Item"), ReportText::tr("Value")},
                        {{ReportText::tr("Agent"), qs(r.plan.agent)},
                         {ReportText::tr("Flag"), qs(r.plan.flag)},
                         {ReportText::tr("Cohorts"), qs(r.plan.controlCohort) + QStringLiteral(" / ") + qs(r.plan.treatmentCohort)},
                         {ReportText::tr("Rollout"), when(r.rolloutStart) + QStringLiteral(" – ") + when(r.evaluatedAt)},
                         {ReportText::tr("Status at the end"), Wording::rolloutStatus(r.history.back().toStatus) + QStringLiteral(", ")
                                                       + QLocale().toString(r.finalPercentage, 'g', 4) + QLatin1Char('%')},
                         {ReportText::tr("Source"), qs(r.source)},
                         {ReportText::tr("Generated"), generated.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC")}});

    doc.blocks << heading(ReportText::tr("Stages"));
    int number = 1;
    int efficacyLook = 0; // the look (1-based) at which an earlier stage showed efficacy; 0: not yet
    for (const StageReport &s : r.stages) {
        if (s.newAttempt)
            efficacyLook = 0;
        composeStage(doc, r, s, number++, efficacyLook);
        if (s.boundary && s.boundary->crossedAll && efficacyLook == 0)
            efficacyLook = s.boundary->lookIndex;
    }
    if (!r.recordedLooks.empty()) {
        doc.blocks << paragraph(ReportText::tr("Sequential looks as the live controller recorded them (its saved state):"));
        QList<QStringList> rows;
        int k = 1;
        for (const rollout::LookRecord &l : r.recordedLooks)
            rows << QStringList{QString::number(k++), num(l.informationFraction, 3), num(l.boundaryZ, 4), pval(l.nominalAlpha)};
        doc.blocks << table({ReportText::tr("Look"), ReportText::tr("Information fraction"), ReportText::tr("Boundary z"), ReportText::tr("Nominal one-sided p")}, rows);
    }
    if (r.loadTestsArchived) {
        if (r.latestLoadTest)
            doc.blocks << paragraph(ReportText::tr("Latest load test: at %1% traffic, P95 %2 ms, error rate %3 — %4.")
                                        .arg(QLocale().toString(r.latestLoadTest->percentage, 'g', 4), num(r.latestLoadTest->p95LatencyMs),
                                             pct(r.latestLoadTest->errorRate),
                                             r.latestLoadTest->passed ? ReportText::tr("passed") : ReportText::tr("failed")));
        else
            doc.blocks << paragraph(ReportText::tr("Load tests: none recorded for this rollout."));
    } else {
        doc.blocks << paragraph(ReportText::tr("Load tests: not kept in an archive; a report from the workspace or the database shows them."));
    }

    composeFinal(doc, r);

    doc.blocks << heading(ReportText::tr("Charts"));
    if (options.charts) {
        doc.blocks << chart(QStringLiteral("cohorts"), ReportText::tr("Cohort comparison: ML against control by stage"), cohortComparisonChart(r));
        doc.blocks << chart(QStringLiteral("boundary"), ReportText::tr("Boundary crossing of the sequential test"), boundaryChart(r));
        doc.blocks << chart(QStringLiteral("timeline"), ReportText::tr("Timeline of the rollout"), timelineChart(r));
    } else {
        doc.blocks << paragraph(ReportText::tr("Charts were not rendered."));
    }

    composeAudit(doc, r);

    doc.blocks << heading(ReportText::tr("Method"));
    Block method;
    method.kind = Block::Kind::Bullets;
    method.items = {
        ReportText::tr("Differences: two-proportion z-test with Newcombe's hybrid score interval (binary metrics), Welch's t-test and "
           "interval otherwise; relative changes with delta-method intervals; all on the cumulative cohorts."),
        ReportText::tr("z (stratified) and the sequential p are the decision engine's: stages are strata, combined by "
           "Cochran-Mantel-Haenszel or inverse variance; guardrails use always-valid mixture SPRT p-values."),
        ReportText::tr("Boundaries: Lan-DeMets alpha spending (%1) of one-sided alpha %2 over %3 planned looks; the looks are placed "
           "at the stages' ends by the engine's rule (look k is due at information fraction k/%3).")
            .arg(r.plan.spending == stats::SpendingFunction::OBrienFleming ? ReportText::tr("O'Brien-Fleming type") : ReportText::tr("Pocock type"))
            .arg(num(r.plan.alpha / 2.0))
            .arg(r.plan.looks),
        ReportText::tr("Service gates read live telemetry, which is not stored; the transitions record the decisions taken with it.")};
    doc.blocks << method;
    QLocale::setDefault(previous);
    return doc;
}

} // namespace rampart::report
