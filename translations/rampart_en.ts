<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>The desktop keychain cannot be read (%1): the token is used for this session only.</source>
        <translation>The desktop keychain cannot be read (%1): the token is used for this session only.</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>ML against control by stage: relative change (%)</source>
        <translation>ML against control by stage: relative change (%)</translation>
    </message>
    <message>
        <source>Stage (ML share of traffic)</source>
        <translation>Stage (ML share of traffic)</translation>
    </message>
    <message>
        <source>ML vs. control (%)</source>
        <translation>ML vs. control (%)</translation>
    </message>
    <message>
        <source>Sequential test: stratified z of the primary metrics against the boundary</source>
        <translation>Sequential test: stratified z of the primary metrics against the boundary</translation>
    </message>
    <message>
        <source>Efficacy boundary (z)</source>
        <translation>Efficacy boundary (z)</translation>
    </message>
    <message>
        <source>Planned boundary (k/%1)</source>
        <translation>Planned boundary (k/%1)</translation>
    </message>
    <message>
        <source>Look taken</source>
        <translation>Look taken</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Information fraction</translation>
    </message>
    <message>
        <source>Timeline: ML share of traffic</source>
        <translation>Timeline: ML share of traffic</translation>
    </message>
    <message>
        <source>ML share (%)</source>
        <translation>ML share (%)</translation>
    </message>
    <message>
        <source>Hold or sign-off wait</source>
        <translation>Hold or sign-off wait</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Rollback</translation>
    </message>
    <message>
        <source>Days since the rollout started</source>
        <translation>Days since the rollout started</translation>
    </message>
</context>
<context>
    <name>ReportText</name>
    <message>
        <source>two-proportion z</source>
        <translation>two-proportion z</translation>
    </message>
    <message>
        <source>Welch t</source>
        <translation>Welch t</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>Stage %1: %2</translation>
    </message>
    <message>
        <source>Stage %1: %2 (%3)</source>
        <translation>Stage %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Rolled out: the ML behaviour serves 100% of traffic and passed the final assessment.</source>
        <translation>Rolled out: the ML behaviour serves 100% of traffic and passed the final assessment.</translation>
    </message>
    <message>
        <source>Rolled back: the ML behaviour was withdrawn to %1%.</source>
        <translation>Rolled back: the ML behaviour was withdrawn to %1%.</translation>
    </message>
    <message>
        <source>On hold at %1%: the rollout waits for evidence or a sign-off.</source>
        <translation>On hold at %1%: the rollout waits for evidence or a sign-off.</translation>
    </message>
    <message>
        <source>In progress at %1%.</source>
        <translation>In progress at %1%.</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Not started.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>n control / ML</source>
        <translation>n control / ML</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Control</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Difference [95% CI]</source>
        <translation>Difference [95% CI]</translation>
    </message>
    <message>
        <source>Relative change [95% CI]</source>
        <translation>Relative change [95% CI]</translation>
    </message>
    <message>
        <source>p (two-sided)</source>
        <translation>p (two-sided)</translation>
    </message>
    <message>
        <source>z (stratified)</source>
        <translation>z (stratified)</translation>
    </message>
    <message>
        <source>p (sequential / always-valid)</source>
        <translation>p (sequential / always-valid)</translation>
    </message>
    <message>
        <source>Sequential test: none at 100% (the final assessment applies).</source>
        <translation>Sequential test: none at 100% (the final assessment applies).</translation>
    </message>
    <message>
        <source>Sequential test: no information on the primary metrics yet.</source>
        <translation>Sequential test: no information on the primary metrics yet.</translation>
    </message>
    <message>
        <source>Sequential test: information fraction %1 at the stage's end; no new look was due here (looks are due at k/%2).</source>
        <translation>Sequential test: information fraction %1 at the stage's end; no new look was due here (looks are due at k/%2).</translation>
    </message>
    <message>
        <source>Sequential test: look %1 at information fraction %2; efficacy boundary z ≥ %3 (nominal one-sided p &lt; %4). %5</source>
        <translation>Sequential test: look %1 at information fraction %2; efficacy boundary z ≥ %3 (nominal one-sided p &lt; %4). %5</translation>
    </message>
    <message>
        <source>Every primary metric has crossed it: efficacy shown.</source>
        <translation>Every primary metric has crossed it: efficacy shown.</translation>
    </message>
    <message>
        <source>Not every primary metric has crossed it yet.</source>
        <translation>Not every primary metric has crossed it yet.</translation>
    </message>
    <message>
        <source>not archived</source>
        <translation>not archived</translation>
    </message>
    <message>
        <source>Live telemetry is not kept in the store; the decision recorded at the time read it.</source>
        <translation>Live telemetry is not kept in the store; the decision recorded at the time read it.</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Gate</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>approved (override)</source>
        <translation>approved (override)</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Evidence hash approved</source>
        <translation>Evidence hash approved</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>Transition</translation>
    </message>
    <message>
        <source>Reason (as recorded)</source>
        <translation>Reason (as recorded)</translation>
    </message>
    <message>
        <source>From %1 to %2 (%3 h)%4. ML share of traffic: %5%. Units in this stage: %6 control, %7 ML.</source>
        <translation>From %1 to %2 (%3 h)%4. ML share of traffic: %5%. Units in this stage: %6 control, %7 ML.</translation>
    </message>
    <message>
        <source>, still running</source>
        <translation>, still running</translation>
    </message>
    <message>
        <source>Tests, cumulative since the rollout started, at the stage's end:</source>
        <translation>Tests, cumulative since the rollout started, at the stage's end:</translation>
    </message>
    <message>
        <source>Gates, re-evaluated by the decision engine on the stored evidence at the stage's end:</source>
        <translation>Gates, re-evaluated by the decision engine on the stored evidence at the stage's end:</translation>
    </message>
    <message>
        <source>Sign-offs: none recorded for this stage.</source>
        <translation>Sign-offs: none recorded for this stage.</translation>
    </message>
    <message>
        <source>Sign-offs:</source>
        <translation>Sign-offs:</translation>
    </message>
    <message>
        <source>Holds, rollbacks and other transitions:</source>
        <translation>Holds, rollbacks and other transitions:</translation>
    </message>
    <message>
        <source>Incidents: none recorded during this stage.</source>
        <translation>Incidents: none recorded during this stage.</translation>
    </message>
    <message>
        <source>Incidents:</source>
        <translation>Incidents:</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Load test at the next stage's traffic: %1 — %2</source>
        <translation>Load test at the next stage's traffic: %1 — %2</translation>
    </message>
    <message>
        <source>Final assessment</source>
        <translation>Final assessment</translation>
    </message>
    <message>
        <source>Over the whole rollout, at %1, ML against control with 95% confidence intervals:</source>
        <translation>Over the whole rollout, at %1, ML against control with 95% confidence intervals:</translation>
    </message>
    <message>
        <source>Accuracy improvement (relative)</source>
        <translation>Accuracy improvement (relative)</translation>
    </message>
    <message>
        <source>%1 → %2 correct; difference %3 %4</source>
        <translation>%1 → %2 correct; difference %3 %4</translation>
    </message>
    <message>
        <source>Time saved per answer (relative)</source>
        <translation>Time saved per answer (relative)</translation>
    </message>
    <message>
        <source>%1 → %2 min; %3 min saved %4</source>
        <translation>%1 → %2 min; %3 min saved %4</translation>
    </message>
    <message>
        <source>Satisfaction of ML answers (1–5)</source>
        <translation>Satisfaction of ML answers (1–5)</translation>
    </message>
    <message>
        <source>control %1; difference %2 %3; Mann-Whitney one-sided p = %4</source>
        <translation>control %1; difference %2 %3; Mann-Whitney one-sided p = %4</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95% CI</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Final gates of the plan, re-evaluated on the stored evidence:</source>
        <translation>Final gates of the plan, re-evaluated on the stored evidence:</translation>
    </message>
    <message>
        <source>Audit-chain verification</source>
        <translation>Audit-chain verification</translation>
    </message>
    <message>
        <source>Not verified: %1</source>
        <translation>Not verified: %1</translation>
    </message>
    <message>
        <source>Verified: all %1 rows of the audit chain match their hashes and links.</source>
        <translation>Verified: all %1 rows of the audit chain match their hashes and links.</translation>
    </message>
    <message>
        <source>BROKEN at row %1: %2</source>
        <translation>BROKEN at row %1: %2</translation>
    </message>
    <message>
        <source>Not fully verified: %1 keyed rows could not be checked without the audit key.</source>
        <translation>Not fully verified: %1 keyed rows could not be checked without the audit key.</translation>
    </message>
    <message>
        <source>Rows checked</source>
        <translation>Rows checked</translation>
    </message>
    <message>
        <source>Keyed (HMAC)</source>
        <translation>Keyed (HMAC)</translation>
    </message>
    <message>
        <source>Unkeyed (SHA-256)</source>
        <translation>Unkeyed (SHA-256)</translation>
    </message>
    <message>
        <source>Legacy</source>
        <translation>Legacy</translation>
    </message>
    <message>
        <source>Rows of this rollout</source>
        <translation>Rows of this rollout</translation>
    </message>
    <message>
        <source>Last hash</source>
        <translation>Last hash</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Stages</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Business-impact report: %1</source>
        <translation>Business-impact report: %1</translation>
    </message>
    <message>
        <source>accuracy %1 → %2 (relative %3, 95% CI %4)</source>
        <translation>accuracy %1 → %2 (relative %3, 95% CI %4)</translation>
    </message>
    <message>
        <source>handling time %1 → %2 min (%3 saved, 95% CI %4)</source>
        <translation>handling time %1 → %2 min (%3 saved, 95% CI %4)</translation>
    </message>
    <message>
        <source>satisfaction %1 → %2 (ML 95% CI %3)</source>
        <translation>satisfaction %1 → %2 (ML 95% CI %3)</translation>
    </message>
    <message>
        <source>audit chain verified</source>
        <translation>audit chain verified</translation>
    </message>
    <message>
        <source>audit chain NOT verified</source>
        <translation>audit chain NOT verified</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Cohorts</source>
        <translation>Cohorts</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>Status at the end</source>
        <translation>Status at the end</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Generated</translation>
    </message>
    <message>
        <source>Sequential looks as the live controller recorded them (its saved state):</source>
        <translation>Sequential looks as the live controller recorded them (its saved state):</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>Look</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Information fraction</translation>
    </message>
    <message>
        <source>Boundary z</source>
        <translation>Boundary z</translation>
    </message>
    <message>
        <source>Nominal one-sided p</source>
        <translation>Nominal one-sided p</translation>
    </message>
    <message>
        <source>Latest load test: at %1% traffic, P95 %2 ms, error rate %3 — %4.</source>
        <translation>Latest load test: at %1% traffic, P95 %2 ms, error rate %3 — %4.</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>passed</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>Load tests: none recorded for this rollout.</source>
        <translation>Load tests: none recorded for this rollout.</translation>
    </message>
    <message>
        <source>Load tests: not kept in an archive; a report from the workspace or the database shows them.</source>
        <translation>Load tests: not kept in an archive; a report from the workspace or the database shows them.</translation>
    </message>
    <message>
        <source>Cohort comparison: ML against control by stage</source>
        <translation>Cohort comparison: ML against control by stage</translation>
    </message>
    <message>
        <source>Boundary crossing of the sequential test</source>
        <translation>Boundary crossing of the sequential test</translation>
    </message>
    <message>
        <source>Timeline of the rollout</source>
        <translation>Timeline of the rollout</translation>
    </message>
    <message>
        <source>Charts were not rendered.</source>
        <translation>Charts were not rendered.</translation>
    </message>
    <message>
        <source>Differences: two-proportion z-test with Newcombe's hybrid score interval (binary metrics), Welch's t-test and interval otherwise; relative changes with delta-method intervals; all on the cumulative cohorts.</source>
        <translation>Differences: two-proportion z-test with Newcombe's hybrid score interval (binary metrics), Welch's t-test and interval otherwise; relative changes with delta-method intervals; all on the cumulative cohorts.</translation>
    </message>
    <message>
        <source>z (stratified) and the sequential p are the decision engine's: stages are strata, combined by Cochran-Mantel-Haenszel or inverse variance; guardrails use always-valid mixture SPRT p-values.</source>
        <translation>z (stratified) and the sequential p are the decision engine's: stages are strata, combined by Cochran-Mantel-Haenszel or inverse variance; guardrails use always-valid mixture SPRT p-values.</translation>
    </message>
    <message>
        <source>Boundaries: Lan-DeMets alpha spending (%1) of one-sided alpha %2 over %3 planned looks; the looks are placed at the stages' ends by the engine's rule (look k is due at information fraction k/%3).</source>
        <translation>Boundaries: Lan-DeMets alpha spending (%1) of one-sided alpha %2 over %3 planned looks; the looks are placed at the stages' ends by the engine's rule (look k is due at information fraction k/%3).</translation>
    </message>
    <message>
        <source>O'Brien-Fleming type</source>
        <translation>O'Brien-Fleming type</translation>
    </message>
    <message>
        <source>Pocock type</source>
        <translation>Pocock type</translation>
    </message>
    <message>
        <source>Service gates read live telemetry, which is not stored; the transitions record the decisions taken with it.</source>
        <translation>Service gates read live telemetry, which is not stored; the transitions record the decisions taken with it.</translation>
    </message>
    <message>
        <source>Sequential test: efficacy was shown at look %1; no further looks are taken (information fraction %2).</source>
        <translation>Sequential test: efficacy was shown at look %1; no further looks are taken (information fraction %2).</translation>
    </message>
    <message>
        <source>A new attempt after a rollback: the evidence and the sequential test start again here.</source>
        <translation>A new attempt after a rollback: the evidence and the sequential test start again here.</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Advance</source>
        <translation>Advance</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Roll back</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Holding</translation>
    </message>
    <message>
        <source>Awaiting sign-off</source>
        <translation>Awaiting sign-off</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Rolled back</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>primary</translation>
    </message>
    <message>
        <source>guardrail</source>
        <translation>guardrail</translation>
    </message>
    <message>
        <source>business</source>
        <translation>business</translation>
    </message>
    <message>
        <source>Feature flag</source>
        <translation>Feature flag</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>Incidents at 100%</source>
        <translation>Incidents at 100%</translation>
    </message>
    <message>
        <source>Sample ratio</source>
        <translation>Sample ratio</translation>
    </message>
    <message>
        <source>Minimum dwell</source>
        <translation>Minimum dwell</translation>
    </message>
    <message>
        <source>Load test</source>
        <translation>Load test</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Sign-off</translation>
    </message>
    <message>
        <source>Stability at 100%</source>
        <translation>Stability at 100%</translation>
    </message>
    <message>
        <source>Sample size</source>
        <translation>Sample size</translation>
    </message>
    <message>
        <source>Primary metrics</source>
        <translation>Primary metrics</translation>
    </message>
    <message>
        <source>Business gate: %1</source>
        <translation>Business gate: %1</translation>
    </message>
    <message>
        <source>Guardrail: %1</source>
        <translation>Guardrail: %1</translation>
    </message>
    <message>
        <source>The flag was not read.</source>
        <translation>The flag was not read.</translation>
    </message>
    <message>
        <source>The flag says %1%, the stage is at %2%.</source>
        <translation>The flag says %1%, the stage is at %2%.</translation>
    </message>
    <message>
        <source>The flag is at %1%.</source>
        <translation>The flag is at %1%.</translation>
    </message>
    <message>
        <source>%1 incidents, at most %2 allowed.</source>
        <translation>%1 incidents, at most %2 allowed.</translation>
    </message>
    <message>
        <source>All units are on the new behaviour.</source>
        <translation>All units are on the new behaviour.</translation>
    </message>
    <message>
        <source>Units are still assigned to control at 100%.</source>
        <translation>Units are still assigned to control at 100%.</translation>
    </message>
    <message>
        <source>No units assigned yet.</source>
        <translation>No units assigned yet.</translation>
    </message>
    <message>
        <source>Split as planned (p = %1, threshold %2).</source>
        <translation>Split as planned (p = %1, threshold %2).</translation>
    </message>
    <message>
        <source>Sample ratio mismatch (p = %1 &lt; %2): assignment is broken.</source>
        <translation>Sample ratio mismatch (p = %1 &lt; %2): assignment is broken.</translation>
    </message>
    <message>
        <source>%1 h of %2 h.</source>
        <translation>%1 h of %2 h.</translation>
    </message>
    <message>
        <source>No load test at the next stage's traffic yet.</source>
        <translation>No load test at the next stage's traffic yet.</translation>
    </message>
    <message>
        <source>Passed, P95 %1 ms.</source>
        <translation>Passed, P95 %1 ms.</translation>
    </message>
    <message>
        <source>Failed, P95 %1 ms.</source>
        <translation>Failed, P95 %1 ms.</translation>
    </message>
    <message>
        <source>Rejected by an approver.</source>
        <translation>Rejected by an approver.</translation>
    </message>
    <message>
        <source>%1 of %2 approvals.</source>
        <translation>%1 of %2 approvals.</translation>
    </message>
    <message>
        <source>The stability period is over.</source>
        <translation>The stability period is over.</translation>
    </message>
    <message>
        <source>The stability period is not over yet.</source>
        <translation>The stability period is not over yet.</translation>
    </message>
    <message>
        <source>The planned sample is reached.</source>
        <translation>The planned sample is reached.</translation>
    </message>
    <message>
        <source>%1 of %2 units needed.</source>
        <translation>%1 of %2 units needed.</translation>
    </message>
    <message>
        <source>The sample requirement cannot be computed yet.</source>
        <translation>The sample requirement cannot be computed yet.</translation>
    </message>
    <message>
        <source>Significant at the sequential boundary.</source>
        <translation>Significant at the sequential boundary.</translation>
    </message>
    <message>
        <source>Not significant at this look's boundary yet.</source>
        <translation>Not significant at this look's boundary yet.</translation>
    </message>
    <message>
        <source>Not enough data in both cohorts yet.</source>
        <translation>Not enough data in both cohorts yet.</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>No data yet.</translation>
    </message>
    <message>
        <source>%1, required %2: met.</source>
        <translation>%1, required %2: met.</translation>
    </message>
    <message>
        <source>%1, required %2: not met.</source>
        <translation>%1, required %2: not met.</translation>
    </message>
    <message>
        <source>No reading; missing telemetry is never read as zero.</source>
        <translation>No reading; missing telemetry is never read as zero.</translation>
    </message>
    <message>
        <source>The reading %1 is stale.</source>
        <translation>The reading %1 is stale.</translation>
    </message>
    <message>
        <source>%1 within the limit %2.</source>
        <translation>%1 within the limit %2.</translation>
    </message>
    <message>
        <source>%1 breaks the limit %2.</source>
        <translation>%1 breaks the limit %2.</translation>
    </message>
    <message>
        <source>%1 degraded significantly (p = %2 &lt; %3).</source>
        <translation>%1 degraded significantly (p = %2 &lt; %3).</translation>
    </message>
    <message>
        <source>%1 is %2 against the limit %3, breached repeatedly: roll back.</source>
        <translation>%1 is %2 against the limit %3, breached repeatedly: roll back.</translation>
    </message>
    <message>
        <source>%1 is %2 against the limit %3.</source>
        <translation>%1 is %2 against the limit %3.</translation>
    </message>
    <message>
        <source>Sample ratio mismatch: assignment is broken.</source>
        <translation>Sample ratio mismatch: assignment is broken.</translation>
    </message>
    <message>
        <source>No telemetry for %1; missing is never read as zero.</source>
        <translation>No telemetry for %1; missing is never read as zero.</translation>
    </message>
    <message>
        <source>The %1 reading is stale.</source>
        <translation>The %1 reading is stale.</translation>
    </message>
    <message>
        <source>Minimum dwell not reached: %1 h of %2 h.</source>
        <translation>Minimum dwell not reached: %1 h of %2 h.</translation>
    </message>
    <message>
        <source>Not enough sample yet: %1 of %2 units.</source>
        <translation>Not enough sample yet: %1 of %2 units.</translation>
    </message>
    <message>
        <source>Not enough sample yet.</source>
        <translation>Not enough sample yet.</translation>
    </message>
    <message>
        <source>Primary metrics are not significant at this look's boundary.</source>
        <translation>Primary metrics are not significant at this look's boundary.</translation>
    </message>
    <message>
        <source>Business gate unmet: %1 (%2, required %3).</source>
        <translation>Business gate unmet: %1 (%2, required %3).</translation>
    </message>
    <message>
        <source>%1 incidents in this stage; at most %2 allowed.</source>
        <translation>%1 incidents in this stage; at most %2 allowed.</translation>
    </message>
    <message>
        <source>Waiting for sign-off: %1 of %2 approvals.</source>
        <translation>Waiting for sign-off: %1 of %2 approvals.</translation>
    </message>
    <message>
        <source>Sign-off rejected (%1 of %2 approvals).</source>
        <translation>Sign-off rejected (%1 of %2 approvals).</translation>
    </message>
    <message>
        <source>The flag is at %1% but the stage is at %2%.</source>
        <translation>The flag is at %1% but the stage is at %2%.</translation>
    </message>
    <message>
        <source>The flag was not read, so the traffic split is unknown.</source>
        <translation>The flag was not read, so the traffic split is unknown.</translation>
    </message>
    <message>
        <source>The load test at the next stage's traffic failed (P95 %1 ms).</source>
        <translation>The load test at the next stage's traffic failed (P95 %1 ms).</translation>
    </message>
    <message>
        <source>Every gate passes.</source>
        <translation>Every gate passes.</translation>
    </message>
    <message>
        <source>The stability period at 100% is not over.</source>
        <translation>The stability period at 100% is not over.</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation><numerusform>%n day</numerusform><numerusform>%n days</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation><numerusform>%n hour</numerusform><numerusform>%n hours</numerusform></translation>
    </message>
    <message>
        <source>A primary metric admits no test (%1); no look is taken, no alpha spent.</source>
        <translation>A primary metric admits no test (%1); no look is taken, no alpha spent.</translation>
    </message>
    <message>
        <source>A sequential look is due (information %1) but the data are not trustworthy: skipped, nothing spent.</source>
        <translation>A sequential look is due (information %1) but the data are not trustworthy: skipped, nothing spent.</translation>
    </message>
    <message>
        <source>The final look passed without every primary improving (%1): roll back, or extend under an amended plan by an override.</source>
        <translation>The final look passed without every primary improving (%1): roll back, or extend under an amended plan by an override.</translation>
    </message>
    <message>
        <source>A primary metric fell below its futility bound (z &lt; %1): roll back, or continue by an override.</source>
        <translation>A primary metric fell below its futility bound (z &lt; %1): roll back, or continue by an override.</translation>
    </message>
    <message>
        <source>Business gate %1 needs %3 units per cohort; it has %2.</source>
        <translation>Business gate %1 needs %3 units per cohort; it has %2.</translation>
    </message>
    <message>
        <source>The snapshot is dated %1 h after now (allowance %2 h): the clocks disagree.</source>
        <translation>The snapshot is dated %1 h after now (allowance %2 h): the clocks disagree.</translation>
    </message>
    <message>
        <source>The snapshot is %1 h old (limit %2 h).</source>
        <translation>The snapshot is %1 h old (limit %2 h).</translation>
    </message>
    <message>
        <source>The %1 reading is dated %2 h after now (allowance %3 h).</source>
        <translation>The %1 reading is dated %2 h after now (allowance %3 h).</translation>
    </message>
    <message>
        <source>The sign-off by %1 is dated %2 h after now; it does not count.</source>
        <translation>The sign-off by %1 is dated %2 h after now; it does not count.</translation>
    </message>
    <message>
        <source>The stage is recorded as starting %1 h after now.</source>
        <translation>The stage is recorded as starting %1 h after now.</translation>
    </message>
    <message>
        <source>The rollout is not running; there is nothing to evaluate.</source>
        <translation>The rollout is not running; there is nothing to evaluate.</translation>
    </message>
    <message>
        <source>Snapshot time</source>
        <translation>Snapshot time</translation>
    </message>
    <message>
        <source>Stage start</source>
        <translation>Stage start</translation>
    </message>
    <message>
        <source>Primary data</source>
        <translation>Primary data</translation>
    </message>
    <message>
        <source>The final look passed without every primary crossing (%1 did not).</source>
        <translation>The final look passed without every primary crossing (%1 did not).</translation>
    </message>
    <message>
        <source>A primary metric crossed its futility bound.</source>
        <translation>A primary metric crossed its futility bound.</translation>
    </message>
    <message>
        <source>Captured %1 h ago (limit %2 h).</source>
        <translation>Captured %1 h ago (limit %2 h).</translation>
    </message>
    <message>
        <source>The snapshot is dated outside the allowed window.</source>
        <translation>The snapshot is dated outside the allowed window.</translation>
    </message>
    <message>
        <source>The stage is recorded as starting in the future.</source>
        <translation>The stage is recorded as starting in the future.</translation>
    </message>
    <message>
        <source>A primary metric admits no test (%1).</source>
        <translation>A primary metric admits no test (%1).</translation>
    </message>
    <message>
        <source>No degradation beyond the margin (always-valid test).</source>
        <translation>No degradation beyond the margin (always-valid test).</translation>
    </message>
    <message>
        <source>Degraded beyond the margin (always-valid test at %1).</source>
        <translation>Degraded beyond the margin (always-valid test at %1).</translation>
    </message>
    <message>
        <source>%1 of %2 units in the smaller cohort.</source>
        <translation>%1 of %2 units in the smaller cohort.</translation>
    </message>
    <message>
        <source>Degenerate data: no test possible.</source>
        <translation>Degenerate data: no test possible.</translation>
    </message>
    <message>
        <source>%1: no data; a guardrail never passes without evidence.</source>
        <translation>%1: no data; a guardrail never passes without evidence.</translation>
    </message>
    <message>
        <source>%1 is not judged yet: %2 of %3 units per cohort.</source>
        <translation>%1 is not judged yet: %2 of %3 units per cohort.</translation>
    </message>
    <message>
        <source>%1 is not judged yet: no stage has enough units in both cohorts.</source>
        <translation>%1 is not judged yet: no stage has enough units in both cohorts.</translation>
    </message>
    <message>
        <source>%1 cannot be tested: its data are degenerate.</source>
        <translation>%1 cannot be tested: its data are degenerate.</translation>
    </message>
    <message>
        <source>The saved rollout state disagrees with the stage history</source>
        <translation>The saved rollout state disagrees with the stage history</translation>
    </message>
    <message>
        <source>The saved rollout state disagrees with the flag in the flag store</source>
        <translation>The saved rollout state disagrees with the flag in the flag store</translation>
    </message>
    <message>
        <source>The saved rollout state no longer fits the plan</source>
        <translation>The saved rollout state no longer fits the plan</translation>
    </message>
    <message>
        <source>The saved rollout state is inconsistent (%1)</source>
        <translation>The saved rollout state is inconsistent (%1)</translation>
    </message>
    <message>
        <source>Guardrail: %1 (P95)</source>
        <translation>Guardrail: %1 (P95)</translation>
    </message>
</context>
<context>
    <name>rampart::console</name>
    <message>
        <source>example snapshot, no controller</source>
        <translation>example snapshot, no controller</translation>
    </message>
    <message>
        <source>Example "%1": %2</source>
        <translation>Example "%1": %2</translation>
    </message>
</context>
<context>
    <name>rampart::console::DemoMode</name>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>The simulated rollout started: traffic follows the flag, the clock runs fast.</source>
        <translation>The simulated rollout started: traffic follows the flag, the clock runs fast.</translation>
    </message>
    <message>
        <source>Injected: the ML answers got slower at %1 (%2). Watch the latency guardrail.</source>
        <translation>Injected: the ML answers got slower at %1 (%2). Watch the latency guardrail.</translation>
    </message>
    <message numerus="yes">
        <source>The autopilot signed off stage %1 (%n approval(s)).</source>
        <translation><numerusform>The autopilot signed off stage %1 (%n approval).</numerusform><numerusform>The autopilot signed off stage %1 (%n approvals).</numerusform></translation>
    </message>
    <message>
        <source>Advanced to %1 (%2).</source>
        <translation>Advanced to %1 (%2).</translation>
    </message>
    <message>
        <source>The controller rolled back to %1.</source>
        <translation>The controller rolled back to %1.</translation>
    </message>
    <message>
        <source>The controller rolled back to %1: %2</source>
        <translation>The controller rolled back to %1: %2</translation>
    </message>
    <message>
        <source>The fix shipped: the autopilot resumed the rollout at %1 (%2).</source>
        <translation>The fix shipped: the autopilot resumed the rollout at %1 (%2).</translation>
    </message>
    <message>
        <source>You gave a command: the autopilot is off. Switch it on to let the demo continue by itself.</source>
        <translation>You gave a command: the autopilot is off. Switch it on to let the demo continue by itself.</translation>
    </message>
    <message>
        <source>The rollout completed at %1 after the stability period.</source>
        <translation>The rollout completed at %1 after the stability period.</translation>
    </message>
    <message>
        <source>The demo stopped: %1</source>
        <translation>The demo stopped: %1</translation>
    </message>
</context>
<context>
    <name>rampart::console::RemoteSession</name>
    <message>
        <source>the server stopped answering</source>
        <translation>the server stopped answering</translation>
    </message>
    <message>
        <source>the server refused the token</source>
        <translation>the server refused the token</translation>
    </message>
    <message>
        <source>store %1 · flags %2 · telemetry %3</source>
        <translation>store %1 · flags %2 · telemetry %3</translation>
    </message>
    <message>
        <source>the server's plan could not be read: %1</source>
        <translation>the server's plan could not be read: %1</translation>
    </message>
    <message>
        <source>the evidence does not match its hash %1</source>
        <translation>the evidence does not match its hash %1</translation>
    </message>
    <message>
        <source>the evidence sent by the server could not be read: %1</source>
        <translation>the evidence sent by the server could not be read: %1</translation>
    </message>
    <message>
        <source>the server decided %1, this console's engine %2 on the same evidence; the console and the server are different versions</source>
        <translation>the server decided %1, this console's engine %2 on the same evidence; the console and the server are different versions</translation>
    </message>
    <message>
        <source>Evidence check</source>
        <translation>Evidence check</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Override</translation>
    </message>
    <message>
        <source>the server's API has no override command yet; in team mode the console cannot make one.</source>
        <translation>the server's API has no override command yet; in team mode the console cannot make one.</translation>
    </message>
    <message>
        <source>Team mode: %1</source>
        <translation>Team mode: %1</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>connecting to %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 does not lead the rollout and no leader is known</source>
        <translation>%1 does not lead the rollout and no leader is known</translation>
    </message>
    <message>
        <source>%1 does not lead; the leader is %2</source>
        <translation>%1 does not lead; the leader is %2</translation>
    </message>
    <message>
        <source>%1 as %2 (%3)</source>
        <translation>%1 as %2 (%3)</translation>
    </message>
    <message>
        <source>%1, instance %2</source>
        <translation>%1, instance %2</translation>
    </message>
    <message>
        <source>disconnected from the server: no command can be sent</source>
        <translation>disconnected from the server: no command can be sent</translation>
    </message>
    <message>
        <source>this server does not lead the rollout</source>
        <translation>this server does not lead the rollout</translation>
    </message>
    <message>
        <source>your role (%1) may not change the rollout</source>
        <translation>your role (%1) may not change the rollout</translation>
    </message>
    <message>
        <source>disconnected from the server</source>
        <translation>disconnected from the server</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Roll back</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Advance</source>
        <translation>Advance</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Sign-off</translation>
    </message>
    <message>
        <source>Sign-off recorded for %1 on evidence %2 (%3).</source>
        <translation>Sign-off recorded for %1 on evidence %2 (%3).</translation>
    </message>
    <message>
        <source>%1 done by %2 (%3).</source>
        <translation>%1 done by %2 (%3).</translation>
    </message>
    <message>
        <source>the server could not be reached (%1); nothing was changed by this console.</source>
        <translation>the server could not be reached (%1); nothing was changed by this console.</translation>
    </message>
    <message>
        <source>the server did not accept the token.</source>
        <translation>the server did not accept the token.</translation>
    </message>
    <message>
        <source>your role (%1) may not do this.</source>
        <translation>your role (%1) may not do this.</translation>
    </message>
    <message>
        <source>the rollout moved meanwhile or does not allow it: %1</source>
        <translation>the rollout moved meanwhile or does not allow it: %1</translation>
    </message>
    <message>
        <source>the server did not confirm in time; read the state before trying again.</source>
        <translation>the server did not confirm in time; read the state before trying again.</translation>
    </message>
    <message>
        <source>the server cannot act now: %1</source>
        <translation>the server cannot act now: %1</translation>
    </message>
    <message>
        <source>the server answered %1: %2</source>
        <translation>the server answered %1: %2</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Stop (0%)</translation>
    </message>
    <message>
        <source>%1: already in effect, nothing was written (%2).</source>
        <translation>%1: already in effect, nothing was written (%2).</translation>
    </message>
    <message>
        <source> · this console cannot roll back (no break-glass Redis)</source>
        <translation> · this console cannot roll back (no break-glass Redis)</translation>
    </message>
    <message>
        <source> · break-glass rollback to Redis available</source>
        <translation> · break-glass rollback to Redis available</translation>
    </message>
    <message>
        <source>disconnected from the server: only a break-glass rollback straight to Redis is possible</source>
        <translation>disconnected from the server: only a break-glass rollback straight to Redis is possible</translation>
    </message>
    <message>
        <source>BREAK-GLASS: the server cannot be reached; rolling back straight in Redis…</source>
        <translation>BREAK-GLASS: the server cannot be reached; rolling back straight in Redis…</translation>
    </message>
    <message>
        <source>Break-glass rollback</source>
        <translation>Break-glass rollback</translation>
    </message>
    <message>
        <source>BREAK-GLASS rollback written straight to Redis: the flag reads %1 (version %2), read back at %3. Its audit record waits on this computer and goes to the server when it is reachable.</source>
        <translation>BREAK-GLASS rollback written straight to Redis: the flag reads %1 (version %2), read back at %3. Its audit record waits on this computer and goes to the server when it is reachable.</translation>
    </message>
    <message>
        <source>Break-glass audit records</source>
        <translation>Break-glass audit records</translation>
    </message>
    <message>
        <source>the server did not take them (%1): %2; they stay on this computer.</source>
        <translation>the server did not take them (%1): %2; they stay on this computer.</translation>
    </message>
    <message>
        <source>Break-glass audit records delivered to the server: %1.</source>
        <translation>Break-glass audit records delivered to the server: %1.</translation>
    </message>
    <message>
        <source>the audit trail of %1 (verified on the server: rampartctl audit verify)</source>
        <translation>the audit trail of %1 (verified on the server: rampartctl audit verify)</translation>
    </message>
    <message>
        <source>the server %1</source>
        <translation>the server %1</translation>
    </message>
</context>
<context>
    <name>rampart::models::AuditLogModel</name>
    <message>
        <source>Chain not verified.</source>
        <translation>Chain not verified.</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n row(s) verified.</source>
        <translation><numerusform>Chain intact: %n row verified.</numerusform><numerusform>Chain intact: %n rows verified.</numerusform></translation>
    </message>
    <message>
        <source>Chain broken at row %1: %2</source>
        <translation>Chain broken at row %1: %2</translation>
    </message>
    <message>
        <source>hash %1
previous %2</source>
        <translation>hash %1
previous %2</translation>
    </message>
    <message>
        <source>✓ verified</source>
        <translation>✓ verified</translation>
    </message>
    <message>
        <source>✗ hash mismatch</source>
        <translation>✗ hash mismatch</translation>
    </message>
    <message>
        <source>✗ after the break</source>
        <translation>✗ after the break</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>not checked</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Chain</translation>
    </message>
</context>
<context>
    <name>rampart::models::BoundaryModel</name>
    <message>
        <source>Information fraction</source>
        <translation>Information fraction</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
</context>
<context>
    <name>rampart::models::CohortTrendModel</name>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministic</translation>
    </message>
    <message>
        <source>Deterministic, CI low</source>
        <translation>Deterministic, CI low</translation>
    </message>
    <message>
        <source>Deterministic, CI high</source>
        <translation>Deterministic, CI high</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>ML, CI low</source>
        <translation>ML, CI low</translation>
    </message>
    <message>
        <source>ML, CI high</source>
        <translation>ML, CI high</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>Difference, CI low</source>
        <translation>Difference, CI low</translation>
    </message>
    <message>
        <source>Difference, CI high</source>
        <translation>Difference, CI high</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>No difference</translation>
    </message>
</context>
<context>
    <name>rampart::models::DecisionComparisonModel</name>
    <message>
        <source>(no such gate)</source>
        <translation>(no such gate)</translation>
    </message>
    <message>
        <source>%1 (changed)</source>
        <translation>%1 (changed)</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Gate</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>Re-run</translation>
    </message>
    <message>
        <source>Observed (original)</source>
        <translation>Observed (original)</translation>
    </message>
    <message>
        <source>Observed (re-run)</source>
        <translation>Observed (re-run)</translation>
    </message>
    <message>
        <source>Threshold (original)</source>
        <translation>Threshold (original)</translation>
    </message>
    <message>
        <source>Threshold (re-run)</source>
        <translation>Threshold (re-run)</translation>
    </message>
</context>
<context>
    <name>rampart::models::GateTableModel</name>
    <message>
        <source>Engine's record</source>
        <translation>Engine's record</translation>
    </message>
    <message>
        <source>Observed</source>
        <translation>Observed</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>(telemetry default for %1)</source>
        <translation>(telemetry default for %1)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Control mean</source>
        <translation>Control mean</translation>
    </message>
    <message>
        <source>ML mean</source>
        <translation>ML mean</translation>
    </message>
    <message>
        <source>Relative change</source>
        <translation>Relative change</translation>
    </message>
    <message>
        <source>p-value (one-sided)</source>
        <translation>p-value (one-sided)</translation>
    </message>
    <message>
        <source>Holm-adjusted p-value</source>
        <translation>Holm-adjusted p-value</translation>
    </message>
    <message>
        <source>Sequential look</source>
        <translation>Sequential look</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Information fraction</translation>
    </message>
    <message>
        <source>Boundary |z|</source>
        <translation>Boundary |z|</translation>
    </message>
    <message>
        <source>Nominal alpha</source>
        <translation>Nominal alpha</translation>
    </message>
    <message>
        <source>ML units (have / need)</source>
        <translation>ML units (have / need)</translation>
    </message>
    <message>
        <source>Control units (have / need)</source>
        <translation>Control units (have / need)</translation>
    </message>
    <message>
        <source>Traffic (units per hour)</source>
        <translation>Traffic (units per hour)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Gate</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Statistic compared</source>
        <translation>Statistic compared</translation>
    </message>
    <message>
        <source>Test statistic z</source>
        <translation>Test statistic z</translation>
    </message>
    <message>
        <source>Always-valid p (within the margin)</source>
        <translation>Always-valid p (within the margin)</translation>
    </message>
    <message>
        <source>Information (Σ n_t·n_c/(n_t + n_c))</source>
        <translation>Information (Σ n_t·n_c/(n_t + n_c))</translation>
    </message>
    <message>
        <source>Stages analysed</source>
        <translation>Stages analysed</translation>
    </message>
</context>
<context>
    <name>rampart::models::MetricsModel</name>
    <message>
        <source>Degraded</source>
        <translation>Degraded</translation>
    </message>
    <message>
        <source>Significant</source>
        <translation>Significant</translation>
    </message>
    <message>
        <source>Not degraded</source>
        <translation>Not degraded</translation>
    </message>
    <message>
        <source>Not significant</source>
        <translation>Not significant</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministic</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-value</translation>
    </message>
    <message>
        <source>Adjusted p</source>
        <translation>Adjusted p</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>%1 (P95)</source>
        <translation>%1 (P95)</translation>
    </message>
</context>
<context>
    <name>rampart::models::PowerCurveModel</name>
    <message>
        <source>Total units</source>
        <translation>Total units</translation>
    </message>
    <message>
        <source>Power, ML 5% (1:19)</source>
        <translation>Power, ML 5% (1:19)</translation>
    </message>
    <message>
        <source>Power, ML 25% (1:3)</source>
        <translation>Power, ML 25% (1:3)</translation>
    </message>
    <message>
        <source>Power, ML 50% (1:1)</source>
        <translation>Power, ML 50% (1:1)</translation>
    </message>
</context>
<context>
    <name>rampart::models::StageHistoryModel</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1 at %2</translation>
    </message>
    <message>
        <source>override</source>
        <translation>override</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Actor</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Override</translation>
    </message>
    <message>
        <source>Evidence hash</source>
        <translation>Evidence hash</translation>
    </message>
</context>
<context>
    <name>rampart::models::StageTimelineModel</name>
    <message>
        <source>stability</source>
        <translation>stability</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Upcoming</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Rolled back</translation>
    </message>
    <message>
        <source>Stability at 100%</source>
        <translation>Stability at 100%</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2% of dwell</source>
        <translation>%1, %2% of dwell</translation>
    </message>
    <message numerus="yes">
        <source>%n hold(s)</source>
        <translation><numerusform>%n hold</numerusform><numerusform>%n holds</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n rollback(s)</source>
        <translation><numerusform>%n rollback</numerusform><numerusform>%n rollbacks</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation><numerusform>%n sign-off</numerusform><numerusform>%n sign-offs</numerusform></translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Minimum dwell</source>
        <translation>Minimum dwell</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Ends</translation>
    </message>
    <message>
        <source>started by %1</source>
        <translation>started by %1</translation>
    </message>
    <message>
        <source>resumed here by %1</source>
        <translation>resumed here by %1</translation>
    </message>
    <message>
        <source>entered from %1 by %2</source>
        <translation>entered from %1 by %2</translation>
    </message>
    <message>
        <source>rolled back here from %1 by %2</source>
        <translation>rolled back here from %1 by %2</translation>
    </message>
    <message>
        <source>rolled back to %1 by %2</source>
        <translation>rolled back to %1 by %2</translation>
    </message>
    <message>
        <source>held by %1</source>
        <translation>held by %1</translation>
    </message>
    <message>
        <source>awaiting sign-off (%1)</source>
        <translation>awaiting sign-off (%1)</translation>
    </message>
    <message>
        <source>completed by %1</source>
        <translation>completed by %1</translation>
    </message>
    <message>
        <source>advanced to %1 by %2</source>
        <translation>advanced to %1 by %2</translation>
    </message>
    <message>
        <source>%1 again, by %2</source>
        <translation>%1 again, by %2</translation>
    </message>
    <message>
        <source> (override)</source>
        <translation> (override)</translation>
    </message>
    <message>
        <source>override signed by %1 (%2)</source>
        <translation>override signed by %1 (%2)</translation>
    </message>
    <message>
        <source>signed off by %1 (%2)</source>
        <translation>signed off by %1 (%2)</translation>
    </message>
    <message>
        <source>rejected by %1 (%2)</source>
        <translation>rejected by %1 (%2)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::AuditPage</name>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>No audit log open.</source>
        <translation>No audit log open.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>workspace or .rampart archive</source>
        <translation>workspace or .rampart archive</translation>
    </message>
    <message>
        <source>Audit file</source>
        <translation>Audit file</translation>
    </message>
    <message>
        <source>Filter: actor, subject, details…</source>
        <translation>Filter: actor, subject, details…</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Filter text</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>Action filter</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>All actions</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>F&amp;ilter:</source>
        <translation>F&amp;ilter:</translation>
    </message>
    <message>
        <source>Open a workspace or archive</source>
        <translation>Open a workspace or archive</translation>
    </message>
    <message>
        <source>Rampart files (*.rampart *.sqlite *.db);;All files (*)</source>
        <translation>Rampart files (*.rampart *.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>Cannot open: %1</source>
        <translation>Cannot open: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>Dismiss message</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ChangeChartView</name>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Relative change of the ML cohort per metric</source>
        <translation>Relative change of the ML cohort per metric</translation>
    </message>
    <message>
        <source>Relative change (%)</source>
        <translation>Relative change (%)</translation>
    </message>
    <message>
        <source>Relative change chart</source>
        <translation>Relative change chart</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::CohortsPage</name>
    <message>
        <source>Metric comparison</source>
        <translation>Metric comparison</translation>
    </message>
    <message>
        <source>Sample ratio: not checked yet.</source>
        <translation>Sample ratio: not checked yet.</translation>
    </message>
    <message>
        <source>Sample ratio: %1 — %2</source>
        <translation>Sample ratio: %1 — %2</translation>
    </message>
    <message>
        <source>Sequential boundary chart</source>
        <translation>Sequential boundary chart</translation>
    </message>
    <message>
        <source>Sequential test: primary metrics against the efficacy boundary</source>
        <translation>Sequential test: primary metrics against the efficacy boundary</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Information fraction</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>Boundary</source>
        <translation>Boundary</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>Looks</translation>
    </message>
    <message>
        <source>Weakest primary metric</source>
        <translation>Weakest primary metric</translation>
    </message>
    <message>
        <source>Sequential look %1 at information fraction %2: boundary z = %3 (nominal alpha %4); %5.</source>
        <translation>Sequential look %1 at information fraction %2: boundary z = %3 (nominal alpha %4); %5.</translation>
    </message>
    <message>
        <source>every primary metric crossed it</source>
        <translation>every primary metric crossed it</translation>
    </message>
    <message>
        <source>not crossed</source>
        <translation>not crossed</translation>
    </message>
    <message>
        <source>No sequential look yet.</source>
        <translation>No sequential look yet.</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ConnectDialog</name>
    <message>
        <source>Remember the token in the desktop keychain</source>
        <translation>Remember the token in the desktop keychain</translation>
    </message>
    <message>
        <source>Connect to your team's Rampart</source>
        <translation>Connect to your team's Rampart</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Server URL</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer token</translation>
    </message>
    <message>
        <source>the token your administrator gave you</source>
        <translation>the token your administrator gave you</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA certificate file</translation>
    </message>
    <message>
        <source>optional: PEM file of a private CA</source>
        <translation>optional: PEM file of a private CA</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM files (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Enter the server's URL.</source>
        <translation>Enter the server's URL.</translation>
    </message>
    <message>
        <source>The server must be an http:// or https:// URL with a host, e.g. https://rampart.example:8093.</source>
        <translation>The server must be an http:// or https:// URL with a host, e.g. https://rampart.example:8093.</translation>
    </message>
    <message>
        <source>The URL takes no user name, password or query: the token goes in its own field.</source>
        <translation>The URL takes no user name, password or query: the token goes in its own field.</translation>
    </message>
    <message>
        <source>Enter your bearer token.</source>
        <translation>Enter your bearer token.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read.</source>
        <translation>The CA certificate file %1 cannot be read.</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::DemoBar</name>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>&amp;Pause demo</source>
        <translation>&amp;Pause demo</translation>
    </message>
    <message>
        <source>&amp;Autopilot</source>
        <translation>&amp;Autopilot</translation>
    </message>
    <message>
        <source>Demo progress</source>
        <translation>Demo progress</translation>
    </message>
    <message>
        <source>A simulated rollout: the traffic comes from the simulator and the clock runs fast.</source>
        <translation>A simulated rollout: the traffic comes from the simulator and the clock runs fast.</translation>
    </message>
    <message>
        <source>Starting the simulated rollout…</source>
        <translation>Starting the simulated rollout…</translation>
    </message>
    <message>
        <source>Stop the simulated clock and traffic (the controller keeps its state)</source>
        <translation>Stop the simulated clock and traffic (the controller keeps its state)</translation>
    </message>
    <message>
        <source>Pause demo</source>
        <translation>Pause demo</translation>
    </message>
    <message>
        <source>Let the demo sign off, advance and resume by itself; off: you do it with the buttons</source>
        <translation>Let the demo sign off, advance and resume by itself; off: you do it with the buttons</translation>
    </message>
    <message>
        <source>Autopilot</source>
        <translation>Autopilot</translation>
    </message>
    <message>
        <source>&amp;Continue demo</source>
        <translation>&amp;Continue demo</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>not started</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>finished at %1</source>
        <translation>finished at %1</translation>
    </message>
    <message>
        <source>Day %1 · %2 · %3 · %4 simulated answers</source>
        <translation>Day %1 · %2 · %3 · %4 simulated answers</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::HistoryPage</name>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>No workspace or archive open.</source>
        <translation>No workspace or archive open.</translation>
    </message>
    <message>
        <source>Stage history</source>
        <translation>Stage history</translation>
    </message>
    <message>
        <source>Selected transition</source>
        <translation>Selected transition</translation>
    </message>
    <message>
        <source>workspace or .rampart archive</source>
        <translation>workspace or .rampart archive</translation>
    </message>
    <message>
        <source>History file</source>
        <translation>History file</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>Open a workspace or archive</source>
        <translation>Open a workspace or archive</translation>
    </message>
    <message>
        <source>Rampart files (*.rampart *.sqlite *.db);;All files (*)</source>
        <translation>Rampart files (*.rampart *.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>Cannot open: %1</source>
        <translation>Cannot open: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — agent %2: %n transition(s)</source>
        <translation><numerusform>%1 — agent %2: %n transition</numerusform><numerusform>%1 — agent %2: %n transitions</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation><numerusform>%n sign-off</numerusform><numerusform>%n sign-offs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s)</source>
        <translation><numerusform>%n approval</numerusform><numerusform>%n approvals</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n recorded decision(s)</source>
        <translation><numerusform>%n recorded decision</numerusform><numerusform>%n recorded decisions</numerusform></translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>%1 at %2 → %3 at %4</source>
        <translation>%1 at %2 → %3 at %4</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Recorded as an override.</source>
        <translation>Recorded as an override.</translation>
    </message>
    <message>
        <source>Evidence hash: %1</source>
        <translation>Evidence hash: %1</translation>
    </message>
    <message>
        <source>Signed off by %1 (%2): %3</source>
        <translation>Signed off by %1 (%2): %3</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>Re-run the current decision with other settings</source>
        <translation>Re-run the current decision with other settings</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::MainWindow</name>
    <message>
        <source>Rampart</source>
        <translation>Rampart</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation>Rolling back…</translation>
    </message>
    <message>
        <source>Why hold the rollout?</source>
        <translation>Why hold the rollout?</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Why is it safe to resume from the last stable stage?</source>
        <translation>Why is it safe to resume from the last stable stage?</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>No rollout controller connected.</source>
        <translation>No rollout controller connected.</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>Cohorts</source>
        <translation>Cohorts</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Sign-off</translation>
    </message>
    <message>
        <source>Planner</source>
        <translation>Planner</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Rolled back: the flag reads %1 (version %2), confirmed %3.</source>
        <translation>Rolled back: the flag reads %1 (version %2), confirmed %3.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>Why stop the rollout at 0%, below the last stable stage?</source>
        <translation>Why stop the rollout at 0%, below the last stable stage?</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Stop (0%)</translation>
    </message>
    <message>
        <source>Stopping at 0%…</source>
        <translation>Stopping at 0%…</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::PlannerPage</name>
    <message>
        <source>Effect size</source>
        <translation>Effect size</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Power</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Two-sample t-test (Cohen's d)</source>
        <translation>Two-sample t-test (Cohen's d)</translation>
    </message>
    <message>
        <source>Two proportions (Cohen's h)</source>
        <translation>Two proportions (Cohen's h)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source> units/h</source>
        <translation> units/h</translation>
    </message>
    <message>
        <source>Planned total units</source>
        <translation>Planned total units</translation>
    </message>
    <message>
        <source>&amp;Test:</source>
        <translation>&amp;Test:</translation>
    </message>
    <message>
        <source>&amp;Effect size:</source>
        <translation>&amp;Effect size:</translation>
    </message>
    <message>
        <source>&amp;Alpha (two-sided):</source>
        <translation>&amp;Alpha (two-sided):</translation>
    </message>
    <message>
        <source>&amp;Power:</source>
        <translation>&amp;Power:</translation>
    </message>
    <message>
        <source>T&amp;raffic:</source>
        <translation>T&amp;raffic:</translation>
    </message>
    <message>
        <source>Planned &amp;total for MDE:</source>
        <translation>Planned &amp;total for MDE:</translation>
    </message>
    <message>
        <source>ML units</source>
        <translation>ML units</translation>
    </message>
    <message>
        <source>Deterministic units</source>
        <translation>Deterministic units</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Stage duration</source>
        <translation>Stage duration</translation>
    </message>
    <message>
        <source>MDE at planned total</source>
        <translation>MDE at planned total</translation>
    </message>
    <message>
        <source>Power at planned total</source>
        <translation>Power at planned total</translation>
    </message>
    <message>
        <source>ML 5% (1:19)</source>
        <translation>ML 5% (1:19)</translation>
    </message>
    <message>
        <source>ML 25% (1:3)</source>
        <translation>ML 25% (1:3)</translation>
    </message>
    <message>
        <source>ML 50% (1:1)</source>
        <translation>ML 50% (1:1)</translation>
    </message>
    <message>
        <source>Sample size per split</source>
        <translation>Sample size per split</translation>
    </message>
    <message>
        <source>Total units (both cohorts)</source>
        <translation>Total units (both cohorts)</translation>
    </message>
    <message>
        <source>Power by total sample size</source>
        <translation>Power by total sample size</translation>
    </message>
    <message>
        <source>Power curve</source>
        <translation>Power curve</translation>
    </message>
    <message>
        <source>Cannot plan: %1 (%2)</source>
        <translation>Cannot plan: %1 (%2)</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ReasonPrompt</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message numerus="yes">
        <source>at least %n character(s)</source>
        <translation><numerusform>at least %n character</numerusform><numerusform>at least %n characters</numerusform></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ReportExport</name>
    <message>
        <source>Export &amp;report…</source>
        <translation>Export &amp;report…</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Evidence as CSV</source>
        <translation>Evidence as CSV</translation>
    </message>
    <message>
        <source>Evidence as JSON</source>
        <translation>Evidence as JSON</translation>
    </message>
    <message>
        <source>The business-impact report of the open workspace or archive, or its evidence for analysts.</source>
        <translation>The business-impact report of the open workspace or archive, or its evidence for analysts.</translation>
    </message>
    <message>
        <source>Open a workspace or archive to export its report.</source>
        <translation>Open a workspace or archive to export its report.</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>Report:</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Cannot export: %1</translation>
    </message>
    <message>
        <source>Drawing the charts…</source>
        <translation>Drawing the charts…</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Writing %1…</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>Report written to %1.</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::RerunPanel</name>
    <message>
        <source>&amp;Guardrail margin:</source>
        <translation>&amp;Guardrail margin:</translation>
    </message>
    <message>
        <source>Re-&amp;run</source>
        <translation>Re-&amp;run</translation>
    </message>
    <message>
        <source>No decision to re-run yet.</source>
        <translation>No decision to re-run yet.</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>O'Brien-Fleming</source>
        <translation>O'Brien-Fleming</translation>
    </message>
    <message>
        <source>Pocock</source>
        <translation>Pocock</translation>
    </message>
    <message>
        <source>Spending function</source>
        <translation>Spending function</translation>
    </message>
    <message>
        <source>Guardrail margin</source>
        <translation>Guardrail margin</translation>
    </message>
    <message>
        <source>Sample-ratio threshold</source>
        <translation>Sample-ratio threshold</translation>
    </message>
    <message>
        <source>Service-gate thresholds scale</source>
        <translation>Service-gate thresholds scale</translation>
    </message>
    <message>
        <source>Original and re-run decision</source>
        <translation>Original and re-run decision</translation>
    </message>
    <message>
        <source>&amp;Alpha:</source>
        <translation>&amp;Alpha:</translation>
    </message>
    <message>
        <source>&amp;Spending:</source>
        <translation>&amp;Spending:</translation>
    </message>
    <message>
        <source>Sample-ratio &amp;threshold:</source>
        <translation>Sample-ratio &amp;threshold:</translation>
    </message>
    <message>
        <source>Service &amp;limits:</source>
        <translation>Service &amp;limits:</translation>
    </message>
    <message>
        <source>Original decision: %1. Change a setting and re-run it on the same evidence.</source>
        <translation>Original decision: %1. Change a setting and re-run it on the same evidence.</translation>
    </message>
    <message numerus="yes">
        <source>Original: %1. Re-run: %2. %n gate(s) differ.</source>
        <translation><numerusform>Original: %1. Re-run: %2. %n gate differ.</numerusform><numerusform>Original: %1. Re-run: %2. %n gates differ.</numerusform></translation>
    </message>
</context>
<context>
    <name>rampart::widgets::RolloutPage</name>
    <message>
        <source>Stages</source>
        <translation>Stages</translation>
    </message>
    <message>
        <source>Gate checklist</source>
        <translation>Gate checklist</translation>
    </message>
    <message>
        <source>Expand a gate (→ or +) to see the evidence behind it.</source>
        <translation>Expand a gate (→ or +) to see the evidence behind it.</translation>
    </message>
    <message>
        <source>Stage timeline</source>
        <translation>Stage timeline</translation>
    </message>
    <message>
        <source>&amp;Gate checklist</source>
        <translation>&amp;Gate checklist</translation>
    </message>
    <message>
        <source>Rollout status: %1</source>
        <translation>Rollout status: %1</translation>
    </message>
    <message>
        <source>Projected completion: %1 (from the observed traffic and the sample still needed)</source>
        <translation>Projected completion: %1 (from the observed traffic and the sample still needed)</translation>
    </message>
    <message>
        <source>Projected completion: unknown</source>
        <translation>Projected completion: unknown</translation>
    </message>
    <message>
        <source>Events of the selected stage</source>
        <translation>Events of the selected stage</translation>
    </message>
    <message>
        <source>Saved-state problems reported by the controller</source>
        <translation>Saved-state problems reported by the controller</translation>
    </message>
    <message>
        <source>&amp;Events: select a stage</source>
        <translation>&amp;Events: select a stage</translation>
    </message>
    <message>
        <source>&amp;Events of %1</source>
        <translation>&amp;Events of %1</translation>
    </message>
    <message>
        <source>No holds, rollbacks or sign-offs in this stage.</source>
        <translation>No holds, rollbacks or sign-offs in this stage.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>⚠ Saved state not trusted — check it before acting: %1</source>
        <translation>⚠ Saved state not trusted — check it before acting: %1</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::SettingsPage</name>
    <message>
        <source>No address given.</source>
        <translation>No address given.</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connections</translation>
    </message>
    <message>
        <source>&amp;Redis</source>
        <translation>&amp;Redis</translation>
    </message>
    <message>
        <source>&amp;PostgreSQL</source>
        <translation>&amp;PostgreSQL</translation>
    </message>
    <message>
        <source>Pro&amp;metheus</source>
        <translation>Pro&amp;metheus</translation>
    </message>
    <message>
        <source>Passwords are kept in the desktop keychain, or read from RAMPART_REDIS_PASSWORD and PGPASSWORD; they are never written to the settings file.</source>
        <translation>Passwords are kept in the desktop keychain, or read from RAMPART_REDIS_PASSWORD and PGPASSWORD; they are never written to the settings file.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Evaluation interval</source>
        <translation>Evaluation interval</translation>
    </message>
    <message>
        <source>&amp;Evaluation interval:</source>
        <translation>&amp;Evaluation interval:</translation>
    </message>
    <message>
        <source>%1 address</source>
        <translation>%1 address</translation>
    </message>
    <message>
        <source>%1 password</source>
        <translation>%1 password</translation>
    </message>
    <message>
        <source>from the environment</source>
        <translation>from the environment</translation>
    </message>
    <message>
        <source>password (keychain)</source>
        <translation>password (keychain)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Test the %1 connection</source>
        <translation>Test the %1 connection</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>✓ connected</source>
        <translation>✓ connected</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Keychain unavailable (%1); use the environment.</source>
        <translation>Keychain unavailable (%1); use the environment.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::SignOffPage</name>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>Ad&amp;vance to the next stage</source>
        <translation>Ad&amp;vance to the next stage</translation>
    </message>
    <message>
        <source>&amp;Override…</source>
        <translation>&amp;Override…</translation>
    </message>
    <message>
        <source>Gates of the evidence being approved</source>
        <translation>Gates of the evidence being approved</translation>
    </message>
    <message>
        <source>Key metrics</source>
        <translation>Key metrics</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Your role</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Advance to the next stage</source>
        <translation>Advance to the next stage</translation>
    </message>
    <message>
        <source>Override a hold with a written justification</source>
        <translation>Override a hold with a written justification</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;ole:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Comment:</translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation>Your decision</translation>
    </message>
    <message>
        <source>Why advance against the gates?</source>
        <translation>Why advance against the gates?</translation>
    </message>
    <message>
        <source>Override and advance</source>
        <translation>Override and advance</translation>
    </message>
    <message>
        <source>The engine says: %1 (%2 → %3). %4</source>
        <translation>The engine says: %1 (%2 → %3). %4</translation>
    </message>
    <message>
        <source>Evidence hash: %1</source>
        <translation>Evidence hash: %1</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::StageStrip</name>
    <message>
        <source>Stage timeline</source>
        <translation>Stage timeline</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>stability at 100%</source>
        <translation>stability at 100%</translation>
    </message>
    <message>
        <source>⏸%1 </source>
        <translation>⏸%1 </translation>
    </message>
    <message>
        <source>↩%1 </source>
        <translation>↩%1 </translation>
    </message>
    <message>
        <source>✍%1</source>
        <translation>✍%1</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::TopBar</name>
    <message>
        <source>&amp;Roll back</source>
        <translation>&amp;Roll back</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>&amp;Hold</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Res&amp;ume</translation>
    </message>
    <message>
        <source>flag not read yet</source>
        <translation>flag not read yet</translation>
    </message>
    <message>
        <source>No recommendation yet.</source>
        <translation>No recommendation yet.</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>Roll back to the last stable stage now (Ctrl+Shift+R)</source>
        <translation>Roll back to the last stable stage now (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Roll back</translation>
    </message>
    <message>
        <source>Freeze the rollout at its percentage, with a reason (Ctrl+Shift+H)</source>
        <translation>Freeze the rollout at its percentage, with a reason (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Restart from the last stable stage, with a written justification (Ctrl+Shift+U)</source>
        <translation>Restart from the last stable stage, with a written justification (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Agent %1 · flag %2</source>
        <translation>Agent %1 · flag %2</translation>
    </message>
    <message>
        <source>%1 · confirmed %2</source>
        <translation>%1 · confirmed %2</translation>
    </message>
    <message>
        <source>Version %1, last changed by %2: %3</source>
        <translation>Version %1, last changed by %2: %3</translation>
    </message>
    <message>
        <source>changed by %1</source>
        <translation>changed by %1</translation>
    </message>
    <message>
        <source>● connected</source>
        <translation>● connected</translation>
    </message>
    <message>
        <source>○ disconnected</source>
        <translation>○ disconnected</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Recommendation: %1. %2</source>
        <translation>Recommendation: %1. %2</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Stop (0%)</translation>
    </message>
    <message>
        <source>Kill switch: the flag to 0% now, whatever the last stable stage, with a reason</source>
        <translation>Kill switch: the flag to 0% now, whatever the last stable stage, with a reason</translation>
    </message>
    <message>
        <source>Stop at 0%</source>
        <translation>Stop at 0%</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::TrendCharts</name>
    <message>
        <source>Estimate per cohort over time (95% CI)</source>
        <translation>Estimate per cohort over time (95% CI)</translation>
    </message>
    <message>
        <source>Deterministic, 95% CI</source>
        <translation>Deterministic, 95% CI</translation>
    </message>
    <message>
        <source>ML, 95% CI</source>
        <translation>ML, 95% CI</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministic</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Difference ML − deterministic over time (95% CI)</source>
        <translation>Difference ML − deterministic over time (95% CI)</translation>
    </message>
    <message>
        <source>Difference, 95% CI</source>
        <translation>Difference, 95% CI</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>No difference</translation>
    </message>
    <message>
        <source>Metric shown over time</source>
        <translation>Metric shown over time</translation>
    </message>
    <message>
        <source>Pointwise intervals at each evaluation, not adjusted for repeated looks; the sequential boundary chart is what the decision uses.</source>
        <translation>Pointwise intervals at each evaluation, not adjusted for repeated looks; the sequential boundary chart is what the decision uses.</translation>
    </message>
    <message>
        <source>&amp;Metric over time:</source>
        <translation>&amp;Metric over time:</translation>
    </message>
    <message>
        <source>HH:mm:ss</source>
        <extracomment>QDateTime formats of the time axis of the cohort charts (short span, within a day, longer)</extracomment>
        <translation>HH:mm:ss</translation>
    </message>
    <message>
        <source>HH:mm</source>
        <translation>HH:mm</translation>
    </message>
    <message>
        <source>MM-dd HH:mm</source>
        <translation>MM-dd HH:mm</translation>
    </message>
</context>
</TS>