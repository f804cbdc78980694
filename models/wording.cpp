#include "wording.h"

#include <QDateTime>

#include <cmath>

namespace rampart::models {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// A text argument of a reason or gate row (a metric id, an approver), empty when absent.
QString argText(const rollout::ReasonArgs &args, const char *name)
{
    return QString::fromStdString(rollout::textArgOf(args, name));
}

/// A number argument of a reason or gate row, empty when absent.
std::optional<double> argNumber(const rollout::ReasonArgs &args, const char *name)
{
    return rollout::numberArgOf(args, name);
}

bool startsWith(const std::string &s, const char *prefix)
{
    return s.rfind(prefix, 0) == 0;
}

} // namespace

QString Wording::action(rollout::Action action)
{
    switch (action) {
    case rollout::Action::Advance: return tr("Advance");
    case rollout::Action::Hold: return tr("Hold");
    case rollout::Action::Rollback: return tr("Roll back");
    case rollout::Action::Complete: return tr("Complete");
    }
    return {};
}

QString Wording::gateStatus(rollout::GateStatus status)
{
    switch (status) {
    case rollout::GateStatus::Pass: return tr("Pass");
    case rollout::GateStatus::Fail: return tr("Fail");
    case rollout::GateStatus::Pending: return tr("Pending");
    }
    return {};
}

QString Wording::stateProblem(const std::string &code)
{
    if (code == "state_history_mismatch")
        return tr("The saved rollout state disagrees with the stage history");
    if (code == "state_flag_mismatch")
        return tr("The saved rollout state disagrees with the flag in the flag store");
    if (code == "state_unreadable")
        return tr("The saved rollout state no longer fits the plan");
    return tr("The saved rollout state is inconsistent (%1)").arg(QString::fromStdString(code));
}

QString Wording::rolloutStatus(rollout::RolloutStatus status)
{
    switch (status) {
    case rollout::RolloutStatus::Pending: return tr("Not started");
    case rollout::RolloutStatus::Running: return tr("Running");
    case rollout::RolloutStatus::Holding: return tr("Holding");
    case rollout::RolloutStatus::AwaitingSignOff: return tr("Awaiting sign-off");
    case rollout::RolloutStatus::RolledBack: return tr("Rolled back");
    case rollout::RolloutStatus::Completed: return tr("Completed");
    }
    return {};
}

QString Wording::metricRole(const std::string &role)
{
    if (role == "primary")
        return tr("primary");
    if (role == "guardrail")
        return tr("guardrail");
    if (role == "business")
        return tr("business");
    return qs(role);
}

QString Wording::gateLabel(const rollout::GateRow &row)
{
    const std::string &g = row.gate;
    if (g == "flag") return tr("Feature flag");
    if (g == "incidents") return tr("Incidents");
    if (g == "final_incidents") return tr("Incidents at 100%");
    if (g == "srm") return tr("Sample ratio");
    if (g == "dwell") return tr("Minimum dwell");
    if (g == "load_test") return tr("Load test");
    if (g == "signoff") return tr("Sign-off");
    if (g == "stability") return tr("Stability at 100%");
    if (g == "sample") return tr("Sample size");
    if (g == "significance") return tr("Primary metrics");
    if (g == "captured_at") return tr("Snapshot time");
    if (g == "stage_started_at") return tr("Stage start");
    if (g == "primary") return tr("Primary data");
    if (startsWith(g, "business:"))
        return tr("Business gate: %1").arg(qs(row.label));
    if (startsWith(g, "metric:")) {
        // A latency guardrail has a row for its mean and one for its P95: two names.
        if (argText(row.args, "statistic") == QStringLiteral("p95"))
            return tr("Guardrail: %1 (P95)").arg(qs(row.label));
        return tr("Guardrail: %1").arg(qs(row.label));
    }
    return qs(row.label.empty() ? row.gate : row.label); // a service gate: the plan's label
}

QString Wording::reasonGateLabel(const rollout::Reason &reason, const rollout::Decision &decision)
{
    const QString statistic = argText(reason.args, "statistic");
    QString label = QString::fromStdString(reason.gate);
    bool sameGate = false;
    for (const rollout::GateRow &row : decision.gates) {
        if (row.gate != reason.gate)
            continue;
        if (argText(row.args, "statistic") == statistic)
            return gateLabel(row);
        if (!sameGate)
            label = gateLabel(row); // no row for this statistic: the gate's first row
        sameGate = true;
    }
    return label;
}

QString Wording::gateDetail(const rollout::GateRow &row)
{
    using rollout::GateStatus;
    const std::string &g = row.gate;
    const GateStatus s = row.status;
    const QString obs = number(row.observed);
    const QString thr = number(row.threshold);
    if (g == "flag") {
        if (!row.observed) return tr("The flag was not read.");
        if (s == GateStatus::Fail) return tr("The flag says %1%, the stage is at %2%.").arg(obs, thr);
        return tr("The flag is at %1%.").arg(obs);
    }
    if (g == "incidents" || g == "final_incidents")
        return tr("%1 incidents, at most %2 allowed.").arg(obs, thr);
    if (g == "srm") {
        if (!row.observed) {
            if (s == GateStatus::Pass) return tr("All units are on the new behaviour.");
            if (s == GateStatus::Fail) return tr("Units are still assigned to control at 100%.");
            return tr("No units assigned yet.");
        }
        return s == GateStatus::Pass ? tr("Split as planned (p = %1, threshold %2).").arg(pValue(row.observed), thr)
                                     : tr("Sample ratio mismatch (p = %1 < %2): assignment is broken.").arg(pValue(row.observed), thr);
    }
    if (g == "dwell")
        return tr("%1 h of %2 h.").arg(number(row.observed, 3), number(row.threshold, 3));
    if (g == "load_test") {
        if (s == GateStatus::Pending) return tr("No load test at the next stage's traffic yet.");
        return s == GateStatus::Pass ? tr("Passed, P95 %1 ms.").arg(obs) : tr("Failed, P95 %1 ms.").arg(obs);
    }
    if (g == "signoff") {
        if (s == GateStatus::Fail) return tr("Rejected by an approver.");
        return tr("%1 of %2 approvals.").arg(obs, thr);
    }
    if (g == "stability")
        return s == GateStatus::Pass ? tr("The stability period is over.") : tr("The stability period is not over yet.");
    if (g == "sample") {
        if (s == GateStatus::Pass) return tr("The planned sample is reached.");
        if (row.observed) return tr("%1 of %2 units needed.").arg(obs, thr);
        return tr("The sample requirement cannot be computed yet.");
    }
    if (g == "significance") {
        if (row.code == rollout::reason::SequentialTestExhausted)
            return tr("The final look passed without every primary crossing (%1 did not).").arg(argText(row.args, "metrics"));
        if (row.code == rollout::reason::Futility) return tr("A primary metric crossed its futility bound.");
        if (s == GateStatus::Pass) return tr("Significant at the sequential boundary.");
        return tr("Not significant at this look's boundary yet.");
    }
    if (g == "captured_at") {
        if (s == GateStatus::Pass)
            return tr("Captured %1 h ago (limit %2 h).").arg(number(argNumber(row.args, "age"), 3), number(argNumber(row.args, "limit"), 3));
        return tr("The snapshot is dated outside the allowed window.");
    }
    if (g == "stage_started_at") return tr("The stage is recorded as starting in the future.");
    if (g == "primary") return tr("A primary metric admits no test (%1).").arg(argText(row.args, "metrics"));
    if (startsWith(g, "metric:")) {
        // Guardrails are always-valid tests against their margin; observed carries no p-value.
        if (s == GateStatus::Pass) return tr("No degradation beyond the margin (always-valid test).");
        if (s == GateStatus::Fail)
            return tr("Degraded beyond the margin (always-valid test at %1).").arg(pValue(argNumber(row.args, "alpha")));
        if (row.code == rollout::reason::GuardrailSampleTooSmall && row.observed)
            return tr("%1 of %2 units in the smaller cohort.").arg(obs, thr);
        if (row.code == rollout::reason::GuardrailDegenerate) return tr("Degenerate data: no test possible.");
        return tr("Not enough data in both cohorts yet.");
    }
    if (startsWith(g, "business:")) {
        if (!row.observed) return tr("No data yet.");
        return s == GateStatus::Pass ? tr("%1, required %2: met.").arg(obs, thr) : tr("%1, required %2: not met.").arg(obs, thr);
    }
    // A service gate from telemetry.
    if (!row.observed) return tr("No reading; missing telemetry is never read as zero.");
    if (s == GateStatus::Pending) return tr("The reading %1 is stale.").arg(obs);
    return s == GateStatus::Pass ? tr("%1 within the limit %2.").arg(obs, thr) : tr("%1 breaks the limit %2.").arg(obs, thr);
}

namespace {

QString textArg(const rollout::Reason &r, const char *name)
{
    return argText(r.args, name);
}

} // namespace

QString Wording::reason(const rollout::Reason &r, const QString &gate)
{
    namespace rc = rollout::reason;
    const std::string &c = r.code;
    const QString obs = number(r.observed);
    const QString thr = number(r.threshold);
    if (c == rc::GuardrailDegraded) return tr("%1 degraded significantly (p = %2 < %3).").arg(gate, pValue(r.observed), thr);
    if (c == rc::ServiceBreachRollback) return tr("%1 is %2 against the limit %3, breached repeatedly: roll back.").arg(gate, obs, thr);
    if (c == rc::ServiceBreach) return tr("%1 is %2 against the limit %3.").arg(gate, obs, thr);
    if (c == rc::SampleRatioMismatch) return tr("Sample ratio mismatch: assignment is broken.");
    if (c == rc::TelemetryMissing) return tr("No telemetry for %1; missing is never read as zero.").arg(gate);
    if (c == rc::TelemetryStale) return tr("The %1 reading is stale.").arg(gate);
    if (c == rc::DwellNotReached) return tr("Minimum dwell not reached: %1 h of %2 h.").arg(number(r.observed, 3), number(r.threshold, 3));
    if (c == rc::InsufficientSample) {
        if (r.observed) return tr("Not enough sample yet: %1 of %2 units.").arg(obs, thr);
        return tr("Not enough sample yet.");
    }
    if (c == rc::NotSignificant) return tr("Primary metrics are not significant at this look's boundary.");
    if (c == rc::BusinessGateUnmet) return tr("Business gate unmet: %1 (%2, required %3).").arg(gate, obs, thr);
    if (c == rc::IncidentsExceeded) return tr("%1 incidents in this stage; at most %2 allowed.").arg(obs, thr);
    if (c == rc::SignOffMissing) return tr("Waiting for sign-off: %1 of %2 approvals.").arg(obs, thr);
    if (c == rc::SignOffRejected) return tr("Sign-off rejected (%1 of %2 approvals).").arg(obs, thr);
    if (c == rc::FlagMismatch) {
        if (r.observed) return tr("The flag is at %1% but the stage is at %2%.").arg(obs, thr);
        return tr("The flag was not read, so the traffic split is unknown.");
    }
    if (c == rc::LoadTestFailed) return tr("The load test at the next stage's traffic failed (P95 %1 ms).").arg(obs);
    if (c == rc::AllGatesPass) return tr("Every gate passes.");
    if (c == rc::StabilityPeriod) return tr("The stability period at 100% is not over.");
    if (c == rc::GuardrailMissing) return tr("%1: no data; a guardrail never passes without evidence.").arg(gate);
    if (c == rc::GuardrailSampleTooSmall) {
        if (r.observed) return tr("%1 is not judged yet: %2 of %3 units per cohort.").arg(gate, obs, thr);
        return tr("%1 is not judged yet: no stage has enough units in both cohorts.").arg(gate);
    }
    if (c == rc::GuardrailDegenerate) return tr("%1 cannot be tested: its data are degenerate.").arg(gate);
    if (c == rc::PrimaryDegenerate) return tr("A primary metric admits no test (%1); no look is taken, no alpha spent.").arg(textArg(r, "metrics"));
    if (c == rc::LookSkipped) return tr("A sequential look is due (information %1) but the data are not trustworthy: skipped, nothing spent.").arg(obs);
    if (c == rc::SequentialTestExhausted) return tr("The final look passed without every primary improving (%1): roll back, or extend under an amended plan by an override.").arg(textArg(r, "metrics"));
    if (c == rc::Futility) return tr("A primary metric fell below its futility bound (z < %1): roll back, or continue by an override.").arg(number(r.observed, 3));
    if (c == rc::BusinessGateSampleTooSmall) return tr("Business gate %1 needs %3 units per cohort; it has %2.").arg(gate, obs, thr);
    if (c == rc::EvidenceFromFuture) return tr("The snapshot is dated %1 h after now (allowance %2 h): the clocks disagree.").arg(number(r.observed, 3), number(r.threshold, 3));
    if (c == rc::EvidenceStale) return tr("The snapshot is %1 h old (limit %2 h).").arg(number(r.observed, 3), number(r.threshold, 3));
    if (c == rc::TelemetryFromFuture) return tr("The %1 reading is dated %2 h after now (allowance %3 h).").arg(gate, number(r.observed, 3), number(r.threshold, 3));
    if (c == rc::SignOffFromFuture) return tr("The sign-off by %1 is dated %2 h after now; it does not count.").arg(textArg(r, "approver"), number(r.observed, 3));
    if (c == rc::StageStartInFuture) return tr("The stage is recorded as starting %1 h after now.").arg(number(r.observed, 3));
    if (c == rc::NotRunning) return tr("The rollout is not running; there is nothing to evaluate.");
    return qs(r.message);
}

QString Wording::number(std::optional<double> value, int precision)
{
    if (!value || !std::isfinite(*value))
        return QStringLiteral("—");
    return QLocale().toString(*value, 'g', precision);
}

QString Wording::pValue(std::optional<double> value)
{
    if (!value || !std::isfinite(*value))
        return QStringLiteral("—");
    if (*value != 0.0 && std::fabs(*value) < 1e-4)
        return QLocale().toString(*value, 'e', 2);
    return QLocale().toString(*value, 'g', 4);
}

QString Wording::percent(double value)
{
    return tr("%1%").arg(QLocale().toString(value, 'g', 4));
}

QString Wording::dateTime(rollout::TimePoint t)
{
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC);
    return QLocale().toString(dt.toLocalTime(), QLocale::ShortFormat);
}

QString Wording::duration(rollout::Duration d)
{
    const qint64 hours = d.count() / 3600;
    if (hours >= 48 && hours % 24 == 0)
        return tr("%n day(s)", nullptr, static_cast<int>(hours / 24));
    return tr("%n hour(s)", nullptr, static_cast<int>(hours));
}

} // namespace rampart::models
