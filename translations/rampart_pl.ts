<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>The desktop keychain cannot be read (%1): the token is used for this session only.</source>
        <translation>Nie można odczytać pęku kluczy pulpitu (%1): token zostanie użyty tylko w tej sesji.</translation>
    </message>
</context>
<context>
    <name>ReportCharts</name>
    <message>
        <source>ML against control by stage: relative change (%)</source>
        <translation>ML wobec kontroli według etapów: zmiana względna (%)</translation>
    </message>
    <message>
        <source>Stage (ML share of traffic)</source>
        <translation>Etap (udział ML w ruchu)</translation>
    </message>
    <message>
        <source>ML vs. control (%)</source>
        <translation>ML wobec kontroli (%)</translation>
    </message>
    <message>
        <source>Sequential test: stratified z of the primary metrics against the boundary</source>
        <translation>Test sekwencyjny: warstwowe z metryk głównych wobec granicy</translation>
    </message>
    <message>
        <source>Efficacy boundary (z)</source>
        <translation>Granica skuteczności (z)</translation>
    </message>
    <message>
        <source>Planned boundary (k/%1)</source>
        <translation>Planowana granica (k/%1)</translation>
    </message>
    <message>
        <source>Look taken</source>
        <translation>Wykonane spojrzenie</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Frakcja informacji</translation>
    </message>
    <message>
        <source>Timeline: ML share of traffic</source>
        <translation>Oś czasu: udział ML w ruchu</translation>
    </message>
    <message>
        <source>ML share (%)</source>
        <translation>Udział ML (%)</translation>
    </message>
    <message>
        <source>Hold or sign-off wait</source>
        <translation>Wstrzymanie lub oczekiwanie na akceptację</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Wycofanie</translation>
    </message>
    <message>
        <source>Days since the rollout started</source>
        <translation>Dni od rozpoczęcia wdrożenia</translation>
    </message>
</context>
<context>
    <name>ReportText</name>
    <message>
        <source>two-proportion z</source>
        <translation>z dla dwóch proporcji</translation>
    </message>
    <message>
        <source>Welch t</source>
        <translation>t Welcha</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>Etap %1: %2</translation>
    </message>
    <message>
        <source>Stage %1: %2 (%3)</source>
        <translation>Etap %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Rolled out: the ML behaviour serves 100% of traffic and passed the final assessment.</source>
        <translation>Wdrożone: zachowanie ML obsługuje 100% ruchu i przeszło ocenę końcową.</translation>
    </message>
    <message>
        <source>Rolled back: the ML behaviour was withdrawn to %1%.</source>
        <translation>Wycofane: zachowanie ML cofnięto do %1%.</translation>
    </message>
    <message>
        <source>On hold at %1%: the rollout waits for evidence or a sign-off.</source>
        <translation>Wstrzymane przy %1%: wdrożenie czeka na dane lub akceptację.</translation>
    </message>
    <message>
        <source>In progress at %1%.</source>
        <translation>W toku przy %1%.</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>Nierozpoczęte.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metryka</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>n control / ML</source>
        <translation>n kontrola / ML</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Kontrola</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Difference [95% CI]</source>
        <translation>Różnica [95% PU]</translation>
    </message>
    <message>
        <source>Relative change [95% CI]</source>
        <translation>Zmiana względna [95% PU]</translation>
    </message>
    <message>
        <source>p (two-sided)</source>
        <translation>p (dwustronne)</translation>
    </message>
    <message>
        <source>z (stratified)</source>
        <translation>z (warstwowe)</translation>
    </message>
    <message>
        <source>p (sequential / always-valid)</source>
        <translation>p (sekwencyjne / zawsze ważne)</translation>
    </message>
    <message>
        <source>Sequential test: none at 100% (the final assessment applies).</source>
        <translation>Test sekwencyjny: brak przy 100% (obowiązuje ocena końcowa).</translation>
    </message>
    <message>
        <source>Sequential test: no information on the primary metrics yet.</source>
        <translation>Test sekwencyjny: brak jeszcze informacji o metrykach głównych.</translation>
    </message>
    <message>
        <source>Sequential test: information fraction %1 at the stage's end; no new look was due here (looks are due at k/%2).</source>
        <translation>Test sekwencyjny: frakcja informacji %1 na końcu etapu; nie przypadało tu nowe spojrzenie (spojrzenia przypadają przy k/%2).</translation>
    </message>
    <message>
        <source>Sequential test: look %1 at information fraction %2; efficacy boundary z ≥ %3 (nominal one-sided p &lt; %4). %5</source>
        <translation>Test sekwencyjny: spojrzenie %1 przy frakcji informacji %2; granica skuteczności z ≥ %3 (nominalne jednostronne p &lt; %4). %5</translation>
    </message>
    <message>
        <source>Every primary metric has crossed it: efficacy shown.</source>
        <translation>Każda metryka główna ją przekroczyła: skuteczność wykazana.</translation>
    </message>
    <message>
        <source>Not every primary metric has crossed it yet.</source>
        <translation>Nie każda metryka główna ją już przekroczyła.</translation>
    </message>
    <message>
        <source>not archived</source>
        <translation>niearchiwizowane</translation>
    </message>
    <message>
        <source>Live telemetry is not kept in the store; the decision recorded at the time read it.</source>
        <translation>Bieżąca telemetria nie jest przechowywana; decyzja zapisana w tamtej chwili ją odczytała.</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Bramka</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Dane</translation>
    </message>
    <message>
        <source>approved (override)</source>
        <translation>zaakceptowano (z pominięciem bramki)</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>zatwierdzono</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>odrzucono</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kto</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Kiedy</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decyzja</translation>
    </message>
    <message>
        <source>Evidence hash approved</source>
        <translation>Zaakceptowany skrót danych</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentarz</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>Przejście</translation>
    </message>
    <message>
        <source>Reason (as recorded)</source>
        <translation>Powód (jak zapisano)</translation>
    </message>
    <message>
        <source>From %1 to %2 (%3 h)%4. ML share of traffic: %5%. Units in this stage: %6 control, %7 ML.</source>
        <translation>Od %1 do %2 (%3 h)%4. Udział ML w ruchu: %5%. Jednostki w tym etapie: %6 kontrola, %7 ML.</translation>
    </message>
    <message>
        <source>, still running</source>
        <translation>, nadal trwa</translation>
    </message>
    <message>
        <source>Tests, cumulative since the rollout started, at the stage's end:</source>
        <translation>Testy, łącznie od początku wdrożenia, na końcu etapu:</translation>
    </message>
    <message>
        <source>Gates, re-evaluated by the decision engine on the stored evidence at the stage's end:</source>
        <translation>Bramki, ponownie ocenione przez silnik decyzji na zapisanych danych na końcu etapu:</translation>
    </message>
    <message>
        <source>Sign-offs: none recorded for this stage.</source>
        <translation>Akceptacje: brak zapisanych dla tego etapu.</translation>
    </message>
    <message>
        <source>Sign-offs:</source>
        <translation>Akceptacje:</translation>
    </message>
    <message>
        <source>Holds, rollbacks and other transitions:</source>
        <translation>Wstrzymania, wycofania i inne przejścia:</translation>
    </message>
    <message>
        <source>Incidents: none recorded during this stage.</source>
        <translation>Incydenty: brak zapisanych w tym etapie.</translation>
    </message>
    <message>
        <source>Incidents:</source>
        <translation>Incydenty:</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Waga</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Opis</translation>
    </message>
    <message>
        <source>Load test at the next stage's traffic: %1 — %2</source>
        <translation>Test obciążeniowy przy ruchu następnego etapu: %1 — %2</translation>
    </message>
    <message>
        <source>Final assessment</source>
        <translation>Ocena końcowa</translation>
    </message>
    <message>
        <source>Over the whole rollout, at %1, ML against control with 95% confidence intervals:</source>
        <translation>Dla całego wdrożenia, stan na %1, ML wobec kontroli z 95% przedziałami ufności:</translation>
    </message>
    <message>
        <source>Accuracy improvement (relative)</source>
        <translation>Poprawa trafności (względna)</translation>
    </message>
    <message>
        <source>%1 → %2 correct; difference %3 %4</source>
        <translation>%1 → %2 poprawnych; różnica %3 %4</translation>
    </message>
    <message>
        <source>Time saved per answer (relative)</source>
        <translation>Oszczędność czasu na odpowiedź (względna)</translation>
    </message>
    <message>
        <source>%1 → %2 min; %3 min saved %4</source>
        <translation>%1 → %2 min; %3 min oszczędności %4</translation>
    </message>
    <message>
        <source>Satisfaction of ML answers (1–5)</source>
        <translation>Zadowolenie z odpowiedzi ML (1–5)</translation>
    </message>
    <message>
        <source>control %1; difference %2 %3; Mann-Whitney one-sided p = %4</source>
        <translation>kontrola %1; różnica %2 %3; jednostronne p Manna-Whitneya = %4</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Miara</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Oszacowanie</translation>
    </message>
    <message>
        <source>95% CI</source>
        <translation>95% PU</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <source>Final gates of the plan, re-evaluated on the stored evidence:</source>
        <translation>Bramki końcowe planu, ponownie ocenione na zapisanych danych:</translation>
    </message>
    <message>
        <source>Audit-chain verification</source>
        <translation>Weryfikacja łańcucha audytu</translation>
    </message>
    <message>
        <source>Not verified: %1</source>
        <translation>Niezweryfikowany: %1</translation>
    </message>
    <message>
        <source>Verified: all %1 rows of the audit chain match their hashes and links.</source>
        <translation>Zweryfikowany: wszystkie %1 wierszy łańcucha audytu zgadza się ze swoimi skrótami i powiązaniami.</translation>
    </message>
    <message>
        <source>BROKEN at row %1: %2</source>
        <translation>PRZERWANY w wierszu %1: %2</translation>
    </message>
    <message>
        <source>Not fully verified: %1 keyed rows could not be checked without the audit key.</source>
        <translation>Niezweryfikowany w pełni: %1 wierszy z kluczem nie dało się sprawdzić bez klucza audytu.</translation>
    </message>
    <message>
        <source>Rows checked</source>
        <translation>Sprawdzone wiersze</translation>
    </message>
    <message>
        <source>Keyed (HMAC)</source>
        <translation>Z kluczem (HMAC)</translation>
    </message>
    <message>
        <source>Unkeyed (SHA-256)</source>
        <translation>Bez klucza (SHA-256)</translation>
    </message>
    <message>
        <source>Legacy</source>
        <translation>Dawne</translation>
    </message>
    <message>
        <source>Rows of this rollout</source>
        <translation>Wiersze tego wdrożenia</translation>
    </message>
    <message>
        <source>Last hash</source>
        <translation>Ostatni skrót</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Werdykt</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Przegląd</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Etapy</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Wykresy</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Metoda</translation>
    </message>
    <message>
        <source>Business-impact report: %1</source>
        <translation>Raport wpływu biznesowego: %1</translation>
    </message>
    <message>
        <source>accuracy %1 → %2 (relative %3, 95% CI %4)</source>
        <translation>trafność %1 → %2 (względnie %3, 95% PU %4)</translation>
    </message>
    <message>
        <source>handling time %1 → %2 min (%3 saved, 95% CI %4)</source>
        <translation>czas obsługi %1 → %2 min (%3 oszczędności, 95% PU %4)</translation>
    </message>
    <message>
        <source>satisfaction %1 → %2 (ML 95% CI %3)</source>
        <translation>zadowolenie %1 → %2 (ML 95% PU %3)</translation>
    </message>
    <message>
        <source>audit chain verified</source>
        <translation>łańcuch audytu zweryfikowany</translation>
    </message>
    <message>
        <source>audit chain NOT verified</source>
        <translation>łańcuch audytu NIEZWERYFIKOWANY</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Pozycja</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wartość</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flaga</translation>
    </message>
    <message>
        <source>Cohorts</source>
        <translation>Kohorty</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Wdrożenie</translation>
    </message>
    <message>
        <source>Status at the end</source>
        <translation>Stan na końcu</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Źródło</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Wygenerowano</translation>
    </message>
    <message>
        <source>Sequential looks as the live controller recorded them (its saved state):</source>
        <translation>Spojrzenia sekwencyjne zapisane przez kontroler (jego zapisany stan):</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>Spojrzenie</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Frakcja informacji</translation>
    </message>
    <message>
        <source>Boundary z</source>
        <translation>Granica z</translation>
    </message>
    <message>
        <source>Nominal one-sided p</source>
        <translation>Nominalne jednostronne p</translation>
    </message>
    <message>
        <source>Latest load test: at %1% traffic, P95 %2 ms, error rate %3 — %4.</source>
        <translation>Ostatni test obciążeniowy: przy %1% ruchu, P95 %2 ms, odsetek błędów %3 — %4.</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>zaliczony</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>niezaliczony</translation>
    </message>
    <message>
        <source>Load tests: none recorded for this rollout.</source>
        <translation>Testy obciążeniowe: brak zapisanych dla tego wdrożenia.</translation>
    </message>
    <message>
        <source>Load tests: not kept in an archive; a report from the workspace or the database shows them.</source>
        <translation>Testy obciążeniowe: archiwum ich nie przechowuje; pokazuje je raport z przestrzeni roboczej lub bazy danych.</translation>
    </message>
    <message>
        <source>Cohort comparison: ML against control by stage</source>
        <translation>Porównanie kohort: ML wobec kontroli według etapów</translation>
    </message>
    <message>
        <source>Boundary crossing of the sequential test</source>
        <translation>Przekroczenie granicy testu sekwencyjnego</translation>
    </message>
    <message>
        <source>Timeline of the rollout</source>
        <translation>Oś czasu wdrożenia</translation>
    </message>
    <message>
        <source>Charts were not rendered.</source>
        <translation>Wykresów nie narysowano.</translation>
    </message>
    <message>
        <source>Differences: two-proportion z-test with Newcombe's hybrid score interval (binary metrics), Welch's t-test and interval otherwise; relative changes with delta-method intervals; all on the cumulative cohorts.</source>
        <translation>Różnice: test z dla dwóch proporcji z hybrydowym przedziałem Newcombe’a (metryki binarne), w pozostałych przypadkach test t Welcha i jego przedział; zmiany względne z przedziałami metodą delty; wszystko na łącznych kohortach.</translation>
    </message>
    <message>
        <source>z (stratified) and the sequential p are the decision engine's: stages are strata, combined by Cochran-Mantel-Haenszel or inverse variance; guardrails use always-valid mixture SPRT p-values.</source>
        <translation>z (warstwowe) i p sekwencyjne pochodzą z silnika decyzji: etapy są warstwami łączonymi metodą Cochrana-Mantela-Haenszela lub odwrotności wariancji; metryki ochronne używają zawsze ważnych wartości p mieszanego SPRT.</translation>
    </message>
    <message>
        <source>Boundaries: Lan-DeMets alpha spending (%1) of one-sided alpha %2 over %3 planned looks; the looks are placed at the stages' ends by the engine's rule (look k is due at information fraction k/%3).</source>
        <translation>Granice: wydatkowanie alfa Lana-DeMetsa (%1) jednostronnego alfa %2 na %3 planowanych spojrzeń; spojrzenia umieszczono na końcach etapów według reguły silnika (spojrzenie k przypada przy frakcji informacji k/%3).</translation>
    </message>
    <message>
        <source>O'Brien-Fleming type</source>
        <translation>typu O’Brien-Fleming</translation>
    </message>
    <message>
        <source>Pocock type</source>
        <translation>typu Pococka</translation>
    </message>
    <message>
        <source>Service gates read live telemetry, which is not stored; the transitions record the decisions taken with it.</source>
        <translation>Bramki usługowe czytają bieżącą telemetrię, która nie jest przechowywana; przejścia zapisują decyzje podjęte na jej podstawie.</translation>
    </message>
    <message>
        <source>Sequential test: efficacy was shown at look %1; no further looks are taken (information fraction %2).</source>
        <translation>Test sekwencyjny: skuteczność wykazano przy spojrzeniu %1; kolejnych spojrzeń się nie wykonuje (frakcja informacji %2).</translation>
    </message>
    <message>
        <source>A new attempt after a rollback: the evidence and the sequential test start again here.</source>
        <translation>Nowa próba po wycofaniu: dane i test sekwencyjny zaczynają się tu od nowa.</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Advance</source>
        <translation>Przejdź dalej</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Wycofaj</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Zakończ</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>Spełniona</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Niespełniona</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Oczekuje</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nierozpoczęte</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>W toku</translation>
    </message>
    <message>
        <source>Holding</source>
        <translation>Wstrzymane</translation>
    </message>
    <message>
        <source>Awaiting sign-off</source>
        <translation>Czeka na akceptację</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Wycofane</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Zakończone</translation>
    </message>
    <message>
        <source>primary</source>
        <translation>główna</translation>
    </message>
    <message>
        <source>guardrail</source>
        <translation>ochronna</translation>
    </message>
    <message>
        <source>business</source>
        <translation>biznesowa</translation>
    </message>
    <message>
        <source>Feature flag</source>
        <translation>Flaga funkcji</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Incydenty</translation>
    </message>
    <message>
        <source>Incidents at 100%</source>
        <translation>Incydenty przy 100%</translation>
    </message>
    <message>
        <source>Sample ratio</source>
        <translation>Proporcja próby</translation>
    </message>
    <message>
        <source>Minimum dwell</source>
        <translation>Minimalny czas etapu</translation>
    </message>
    <message>
        <source>Load test</source>
        <translation>Test obciążeniowy</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Akceptacja</translation>
    </message>
    <message>
        <source>Stability at 100%</source>
        <translation>Stabilność przy 100%</translation>
    </message>
    <message>
        <source>Sample size</source>
        <translation>Liczebność próby</translation>
    </message>
    <message>
        <source>Primary metrics</source>
        <translation>Metryki główne</translation>
    </message>
    <message>
        <source>Business gate: %1</source>
        <translation>Bramka biznesowa: %1</translation>
    </message>
    <message>
        <source>Guardrail: %1</source>
        <translation>Metryka ochronna: %1</translation>
    </message>
    <message>
        <source>The flag was not read.</source>
        <translation>Flagi nie odczytano.</translation>
    </message>
    <message>
        <source>The flag says %1%, the stage is at %2%.</source>
        <translation>Flaga wskazuje %1%, a etap to %2%.</translation>
    </message>
    <message>
        <source>The flag is at %1%.</source>
        <translation>Flaga wskazuje %1%.</translation>
    </message>
    <message>
        <source>%1 incidents, at most %2 allowed.</source>
        <translation>Incydenty: %1, dozwolone najwyżej %2.</translation>
    </message>
    <message>
        <source>All units are on the new behaviour.</source>
        <translation>Wszystkie jednostki korzystają z nowego zachowania.</translation>
    </message>
    <message>
        <source>Units are still assigned to control at 100%.</source>
        <translation>Przy 100% jednostki wciąż trafiają do grupy kontrolnej.</translation>
    </message>
    <message>
        <source>No units assigned yet.</source>
        <translation>Nie przydzielono jeszcze jednostek.</translation>
    </message>
    <message>
        <source>Split as planned (p = %1, threshold %2).</source>
        <translation>Podział zgodny z planem (p = %1, próg %2).</translation>
    </message>
    <message>
        <source>Sample ratio mismatch (p = %1 &lt; %2): assignment is broken.</source>
        <translation>Niezgodna proporcja próby (p = %1 &lt; %2): przydział jest wadliwy.</translation>
    </message>
    <message>
        <source>%1 h of %2 h.</source>
        <translation>%1 h z %2 h.</translation>
    </message>
    <message>
        <source>No load test at the next stage's traffic yet.</source>
        <translation>Brak jeszcze testu obciążeniowego przy ruchu następnego etapu.</translation>
    </message>
    <message>
        <source>Passed, P95 %1 ms.</source>
        <translation>Zaliczony, P95 %1 ms.</translation>
    </message>
    <message>
        <source>Failed, P95 %1 ms.</source>
        <translation>Niezaliczony, P95 %1 ms.</translation>
    </message>
    <message>
        <source>Rejected by an approver.</source>
        <translation>Odrzucone przez akceptującego.</translation>
    </message>
    <message>
        <source>%1 of %2 approvals.</source>
        <translation>Akceptacje: %1 z %2.</translation>
    </message>
    <message>
        <source>The stability period is over.</source>
        <translation>Okres stabilności minął.</translation>
    </message>
    <message>
        <source>The stability period is not over yet.</source>
        <translation>Okres stabilności jeszcze trwa.</translation>
    </message>
    <message>
        <source>The planned sample is reached.</source>
        <translation>Zaplanowana próba została osiągnięta.</translation>
    </message>
    <message>
        <source>%1 of %2 units needed.</source>
        <translation>%1 z potrzebnych %2 jednostek.</translation>
    </message>
    <message>
        <source>The sample requirement cannot be computed yet.</source>
        <translation>Wymaganej próby nie da się jeszcze obliczyć.</translation>
    </message>
    <message>
        <source>Significant at the sequential boundary.</source>
        <translation>Istotne na granicy sekwencyjnej.</translation>
    </message>
    <message>
        <source>Not significant at this look's boundary yet.</source>
        <translation>Jeszcze nieistotne na granicy tego spojrzenia.</translation>
    </message>
    <message>
        <source>Not enough data in both cohorts yet.</source>
        <translation>Za mało danych w obu kohortach.</translation>
    </message>
    <message>
        <source>No data yet.</source>
        <translation>Brak danych.</translation>
    </message>
    <message>
        <source>%1, required %2: met.</source>
        <translation>%1, wymagane %2: spełnione.</translation>
    </message>
    <message>
        <source>%1, required %2: not met.</source>
        <translation>%1, wymagane %2: niespełnione.</translation>
    </message>
    <message>
        <source>No reading; missing telemetry is never read as zero.</source>
        <translation>Brak odczytu; brakująca telemetria nigdy nie jest traktowana jak zero.</translation>
    </message>
    <message>
        <source>The reading %1 is stale.</source>
        <translation>Odczyt %1 jest nieaktualny.</translation>
    </message>
    <message>
        <source>%1 within the limit %2.</source>
        <translation>%1 mieści się w limicie %2.</translation>
    </message>
    <message>
        <source>%1 breaks the limit %2.</source>
        <translation>%1 przekracza limit %2.</translation>
    </message>
    <message>
        <source>%1 degraded significantly (p = %2 &lt; %3).</source>
        <translation>%1: istotne pogorszenie (p = %2 &lt; %3).</translation>
    </message>
    <message>
        <source>%1 is %2 against the limit %3, breached repeatedly: roll back.</source>
        <translation>%1 wynosi %2 przy limicie %3, przekroczony wielokrotnie: wycofać.</translation>
    </message>
    <message>
        <source>%1 is %2 against the limit %3.</source>
        <translation>%1 wynosi %2 przy limicie %3.</translation>
    </message>
    <message>
        <source>Sample ratio mismatch: assignment is broken.</source>
        <translation>Niezgodna proporcja próby: przydział jest wadliwy.</translation>
    </message>
    <message>
        <source>No telemetry for %1; missing is never read as zero.</source>
        <translation>Brak telemetrii dla: %1; brak nigdy nie jest traktowany jak zero.</translation>
    </message>
    <message>
        <source>The %1 reading is stale.</source>
        <translation>Odczyt „%1” jest nieaktualny.</translation>
    </message>
    <message>
        <source>Minimum dwell not reached: %1 h of %2 h.</source>
        <translation>Nie osiągnięto minimalnego czasu etapu: %1 h z %2 h.</translation>
    </message>
    <message>
        <source>Not enough sample yet: %1 of %2 units.</source>
        <translation>Za mała próba: %1 z %2 jednostek.</translation>
    </message>
    <message>
        <source>Not enough sample yet.</source>
        <translation>Za mała próba.</translation>
    </message>
    <message>
        <source>Primary metrics are not significant at this look's boundary.</source>
        <translation>Metryki główne nie są istotne na granicy tego spojrzenia.</translation>
    </message>
    <message>
        <source>Business gate unmet: %1 (%2, required %3).</source>
        <translation>Bramka biznesowa niespełniona: %1 (%2, wymagane %3).</translation>
    </message>
    <message>
        <source>%1 incidents in this stage; at most %2 allowed.</source>
        <translation>Incydenty w tym etapie: %1; dozwolone najwyżej %2.</translation>
    </message>
    <message>
        <source>Waiting for sign-off: %1 of %2 approvals.</source>
        <translation>Oczekiwanie na akceptację: %1 z %2.</translation>
    </message>
    <message>
        <source>Sign-off rejected (%1 of %2 approvals).</source>
        <translation>Akceptacja odrzucona (akceptacje: %1 z %2).</translation>
    </message>
    <message>
        <source>The flag is at %1% but the stage is at %2%.</source>
        <translation>Flaga wskazuje %1%, a etap to %2%.</translation>
    </message>
    <message>
        <source>The flag was not read, so the traffic split is unknown.</source>
        <translation>Flagi nie odczytano, więc podział ruchu jest nieznany.</translation>
    </message>
    <message>
        <source>The load test at the next stage's traffic failed (P95 %1 ms).</source>
        <translation>Test obciążeniowy przy ruchu następnego etapu nie powiódł się (P95 %1 ms).</translation>
    </message>
    <message>
        <source>Every gate passes.</source>
        <translation>Wszystkie bramki są spełnione.</translation>
    </message>
    <message>
        <source>The stability period at 100% is not over.</source>
        <translation>Okres stabilności przy 100% jeszcze trwa.</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation><numerusform>%n dzień</numerusform><numerusform>%n dni</numerusform><numerusform>%n dni</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation><numerusform>%n godzina</numerusform><numerusform>%n godziny</numerusform><numerusform>%n godzin</numerusform></translation>
    </message>
    <message>
        <source>A primary metric admits no test (%1); no look is taken, no alpha spent.</source>
        <translation>Metryki głównej nie da się przetestować (%1); nie wykonano spojrzenia, alfa nie została wydana.</translation>
    </message>
    <message>
        <source>A sequential look is due (information %1) but the data are not trustworthy: skipped, nothing spent.</source>
        <translation>Przypada spojrzenie sekwencyjne (informacja %1), ale dane nie są wiarygodne: pominięte, nic nie wydano.</translation>
    </message>
    <message>
        <source>The final look passed without every primary improving (%1): roll back, or extend under an amended plan by an override.</source>
        <translation>Ostatnie spojrzenie minęło bez poprawy każdej metryki głównej (%1): wycofaj albo przedłuż według zmienionego planu przez obejście.</translation>
    </message>
    <message>
        <source>A primary metric fell below its futility bound (z &lt; %1): roll back, or continue by an override.</source>
        <translation>Metryka główna spadła poniżej granicy daremności (z &lt; %1): wycofaj albo kontynuuj przez obejście.</translation>
    </message>
    <message>
        <source>Business gate %1 needs %3 units per cohort; it has %2.</source>
        <translation>Bramka biznesowa %1 wymaga %3 jednostek na kohortę; ma %2.</translation>
    </message>
    <message>
        <source>The snapshot is dated %1 h after now (allowance %2 h): the clocks disagree.</source>
        <translation>Migawka ma datę %1 h po chwili obecnej (tolerancja %2 h): zegary się nie zgadzają.</translation>
    </message>
    <message>
        <source>The snapshot is %1 h old (limit %2 h).</source>
        <translation>Migawka ma %1 h (limit %2 h).</translation>
    </message>
    <message>
        <source>The %1 reading is dated %2 h after now (allowance %3 h).</source>
        <translation>Odczyt %1 ma datę %2 h po chwili obecnej (tolerancja %3 h).</translation>
    </message>
    <message>
        <source>The sign-off by %1 is dated %2 h after now; it does not count.</source>
        <translation>Akceptacja %1 ma datę %2 h po chwili obecnej; nie jest liczona.</translation>
    </message>
    <message>
        <source>The stage is recorded as starting %1 h after now.</source>
        <translation>Etap ma zapisany początek %1 h po chwili obecnej.</translation>
    </message>
    <message>
        <source>The rollout is not running; there is nothing to evaluate.</source>
        <translation>Wdrożenie nie trwa; nie ma czego oceniać.</translation>
    </message>
    <message>
        <source>Snapshot time</source>
        <translation>Czas migawki</translation>
    </message>
    <message>
        <source>Stage start</source>
        <translation>Początek etapu</translation>
    </message>
    <message>
        <source>Primary data</source>
        <translation>Dane metryk głównych</translation>
    </message>
    <message>
        <source>The final look passed without every primary crossing (%1 did not).</source>
        <translation>Ostatnie spojrzenie minęło bez przekroczenia granicy przez każdą metrykę główną (%1 nie przekroczyła).</translation>
    </message>
    <message>
        <source>A primary metric crossed its futility bound.</source>
        <translation>Metryka główna przekroczyła granicę daremności.</translation>
    </message>
    <message>
        <source>Captured %1 h ago (limit %2 h).</source>
        <translation>Zebrano %1 h temu (limit %2 h).</translation>
    </message>
    <message>
        <source>The snapshot is dated outside the allowed window.</source>
        <translation>Data migawki jest poza dozwolonym oknem.</translation>
    </message>
    <message>
        <source>The stage is recorded as starting in the future.</source>
        <translation>Etap ma zapisany początek w przyszłości.</translation>
    </message>
    <message>
        <source>A primary metric admits no test (%1).</source>
        <translation>Metryki głównej nie da się przetestować (%1).</translation>
    </message>
    <message>
        <source>No degradation beyond the margin (always-valid test).</source>
        <translation>Brak pogorszenia ponad margines (test zawsze ważny).</translation>
    </message>
    <message>
        <source>Degraded beyond the margin (always-valid test at %1).</source>
        <translation>Pogorszenie ponad margines (test zawsze ważny na poziomie %1).</translation>
    </message>
    <message>
        <source>%1 of %2 units in the smaller cohort.</source>
        <translation>%1 z %2 jednostek w mniejszej kohorcie.</translation>
    </message>
    <message>
        <source>Degenerate data: no test possible.</source>
        <translation>Dane zdegenerowane: test niemożliwy.</translation>
    </message>
    <message>
        <source>%1: no data; a guardrail never passes without evidence.</source>
        <translation>%1: brak danych; metryka ochronna nigdy nie przechodzi bez dowodów.</translation>
    </message>
    <message>
        <source>%1 is not judged yet: %2 of %3 units per cohort.</source>
        <translation>%1 nie jest jeszcze oceniana: %2 z %3 jednostek na kohortę.</translation>
    </message>
    <message>
        <source>%1 is not judged yet: no stage has enough units in both cohorts.</source>
        <translation>%1 nie jest jeszcze oceniana: żaden etap nie ma dość jednostek w obu kohortach.</translation>
    </message>
    <message>
        <source>%1 cannot be tested: its data are degenerate.</source>
        <translation>%1: testu nie da się przeprowadzić, dane są zdegenerowane.</translation>
    </message>
    <message>
        <source>The saved rollout state disagrees with the stage history</source>
        <translation>Zapisany stan wdrożenia nie zgadza się z historią etapów</translation>
    </message>
    <message>
        <source>The saved rollout state disagrees with the flag in the flag store</source>
        <translation>Zapisany stan wdrożenia nie zgadza się z flagą w magazynie flag</translation>
    </message>
    <message>
        <source>The saved rollout state no longer fits the plan</source>
        <translation>Zapisany stan wdrożenia nie pasuje już do planu</translation>
    </message>
    <message>
        <source>The saved rollout state is inconsistent (%1)</source>
        <translation>Zapisany stan wdrożenia jest niespójny (%1)</translation>
    </message>
    <message>
        <source>Guardrail: %1 (P95)</source>
        <translation>Metryka ochronna: %1 (P95)</translation>
    </message>
</context>
<context>
    <name>rampart::console</name>
    <message>
        <source>example snapshot, no controller</source>
        <translation>przykładowa migawka, brak kontrolera</translation>
    </message>
    <message>
        <source>Example "%1": %2</source>
        <translation>Przykład „%1”: %2</translation>
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
        <translation>Symulowane wdrożenie rozpoczęte: ruch podąża za flagą, zegar biegnie szybciej.</translation>
    </message>
    <message>
        <source>Injected: the ML answers got slower at %1 (%2). Watch the latency guardrail.</source>
        <translation>Wstrzyknięto regresję: odpowiedzi ML zwolniły przy %1 (%2). Obserwuj metrykę ochronną opóźnienia.</translation>
    </message>
    <message numerus="yes">
        <source>The autopilot signed off stage %1 (%n approval(s)).</source>
        <translation><numerusform>Autopilot zaakceptował etap %1 (%n akceptacja).</numerusform><numerusform>Autopilot zaakceptował etap %1 (%n akceptacje).</numerusform><numerusform>Autopilot zaakceptował etap %1 (%n akceptacji).</numerusform></translation>
    </message>
    <message>
        <source>Advanced to %1 (%2).</source>
        <translation>Przejście do %1 (%2).</translation>
    </message>
    <message>
        <source>The controller rolled back to %1.</source>
        <translation>Kontroler wycofał wdrożenie do %1.</translation>
    </message>
    <message>
        <source>The controller rolled back to %1: %2</source>
        <translation>Kontroler wycofał wdrożenie do %1: %2</translation>
    </message>
    <message>
        <source>The fix shipped: the autopilot resumed the rollout at %1 (%2).</source>
        <translation>Poprawka wdrożona: autopilot wznowił wdrożenie przy %1 (%2).</translation>
    </message>
    <message>
        <source>You gave a command: the autopilot is off. Switch it on to let the demo continue by itself.</source>
        <translation>Wydano polecenie ręcznie: autopilot jest wyłączony. Włącz go, aby demo toczyło się samo.</translation>
    </message>
    <message>
        <source>The rollout completed at %1 after the stability period.</source>
        <translation>Wdrożenie zakończone przy %1 po okresie stabilności.</translation>
    </message>
    <message>
        <source>The demo stopped: %1</source>
        <translation>Demo zatrzymane: %1</translation>
    </message>
</context>
<context>
    <name>rampart::console::RemoteSession</name>
    <message>
        <source>the server stopped answering</source>
        <translation>serwer przestał odpowiadać</translation>
    </message>
    <message>
        <source>the server refused the token</source>
        <translation>serwer odrzucił token</translation>
    </message>
    <message>
        <source>store %1 · flags %2 · telemetry %3</source>
        <translation>baza %1 · flagi %2 · telemetria %3</translation>
    </message>
    <message>
        <source>the server's plan could not be read: %1</source>
        <translation>nie można odczytać planu serwera: %1</translation>
    </message>
    <message>
        <source>the evidence does not match its hash %1</source>
        <translation>dowody nie zgadzają się ze swoim skrótem %1</translation>
    </message>
    <message>
        <source>the evidence sent by the server could not be read: %1</source>
        <translation>nie można odczytać dowodów przysłanych przez serwer: %1</translation>
    </message>
    <message>
        <source>the server decided %1, this console's engine %2 on the same evidence; the console and the server are different versions</source>
        <translation>serwer zdecydował %1, a silnik tej konsoli %2 na tych samych dowodach; konsola i serwer są w różnych wersjach</translation>
    </message>
    <message>
        <source>Evidence check</source>
        <translation>Kontrola dowodów</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Obejście</translation>
    </message>
    <message>
        <source>the server's API has no override command yet; in team mode the console cannot make one.</source>
        <translation>API serwera nie ma jeszcze polecenia obejścia; w trybie zespołowym konsola nie może go wykonać.</translation>
    </message>
    <message>
        <source>Team mode: %1</source>
        <translation>Tryb zespołowy: %1</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>łączenie z %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 does not lead the rollout and no leader is known</source>
        <translation>%1 nie prowadzi wdrożenia, a lider jest nieznany</translation>
    </message>
    <message>
        <source>%1 does not lead; the leader is %2</source>
        <translation>%1 nie prowadzi wdrożenia; liderem jest %2</translation>
    </message>
    <message>
        <source>%1 as %2 (%3)</source>
        <translation>%1 jako %2 (%3)</translation>
    </message>
    <message>
        <source>%1, instance %2</source>
        <translation>%1, instancja %2</translation>
    </message>
    <message>
        <source>disconnected from the server: no command can be sent</source>
        <translation>brak połączenia z serwerem: nie można wysłać żadnego polecenia</translation>
    </message>
    <message>
        <source>this server does not lead the rollout</source>
        <translation>ten serwer nie prowadzi wdrożenia</translation>
    </message>
    <message>
        <source>your role (%1) may not change the rollout</source>
        <translation>twoja rola (%1) nie pozwala zmieniać wdrożenia</translation>
    </message>
    <message>
        <source>disconnected from the server</source>
        <translation>brak połączenia z serwerem</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Wycofaj</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <source>Advance</source>
        <translation>Przejdź dalej</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Akceptacja</translation>
    </message>
    <message>
        <source>Sign-off recorded for %1 on evidence %2 (%3).</source>
        <translation>Akceptacja zapisana dla %1 na dowodach %2 (%3).</translation>
    </message>
    <message>
        <source>%1 done by %2 (%3).</source>
        <translation>%1: wykonane przez %2 (%3).</translation>
    </message>
    <message>
        <source>the server could not be reached (%1); nothing was changed by this console.</source>
        <translation>nie można połączyć się z serwerem (%1); ta konsola niczego nie zmieniła.</translation>
    </message>
    <message>
        <source>the server did not accept the token.</source>
        <translation>serwer nie przyjął tokenu.</translation>
    </message>
    <message>
        <source>your role (%1) may not do this.</source>
        <translation>twoja rola (%1) na to nie pozwala.</translation>
    </message>
    <message>
        <source>the rollout moved meanwhile or does not allow it: %1</source>
        <translation>wdrożenie w międzyczasie się zmieniło albo na to nie pozwala: %1</translation>
    </message>
    <message>
        <source>the server did not confirm in time; read the state before trying again.</source>
        <translation>serwer nie potwierdził na czas; przed ponowną próbą odczytaj stan.</translation>
    </message>
    <message>
        <source>the server cannot act now: %1</source>
        <translation>serwer nie może teraz działać: %1</translation>
    </message>
    <message>
        <source>the server answered %1: %2</source>
        <translation>serwer odpowiedział %1: %2</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Zatrzymaj (0%)</translation>
    </message>
    <message>
        <source>%1: already in effect, nothing was written (%2).</source>
        <translation>%1: już obowiązuje, niczego nie zapisano (%2).</translation>
    </message>
    <message>
        <source> · this console cannot roll back (no break-glass Redis)</source>
        <translation> · ta konsola nie może wycofać (brak awaryjnego Redis)</translation>
    </message>
    <message>
        <source> · break-glass rollback to Redis available</source>
        <translation> · dostępne awaryjne wycofanie bezpośrednio w Redis</translation>
    </message>
    <message>
        <source>disconnected from the server: only a break-glass rollback straight to Redis is possible</source>
        <translation>brak połączenia z serwerem: możliwe jest tylko awaryjne wycofanie bezpośrednio w Redis</translation>
    </message>
    <message>
        <source>BREAK-GLASS: the server cannot be reached; rolling back straight in Redis…</source>
        <translation>AWARYJNIE: serwer jest nieosiągalny; wycofywanie bezpośrednio w Redis…</translation>
    </message>
    <message>
        <source>Break-glass rollback</source>
        <translation>Awaryjne wycofanie</translation>
    </message>
    <message>
        <source>BREAK-GLASS rollback written straight to Redis: the flag reads %1 (version %2), read back at %3. Its audit record waits on this computer and goes to the server when it is reachable.</source>
        <translation>AWARYJNE wycofanie zapisane bezpośrednio w Redis: flaga ma %1 (wersja %2), odczytano ponownie o %3. Jego wpis audytu czeka na tym komputerze i trafi na serwer, gdy ten będzie osiągalny.</translation>
    </message>
    <message>
        <source>Break-glass audit records</source>
        <translation>Awaryjne wpisy audytu</translation>
    </message>
    <message>
        <source>the server did not take them (%1): %2; they stay on this computer.</source>
        <translation>serwer ich nie przyjął (%1): %2; zostają na tym komputerze.</translation>
    </message>
    <message>
        <source>Break-glass audit records delivered to the server: %1.</source>
        <translation>Awaryjne wpisy audytu dostarczone na serwer: %1.</translation>
    </message>
    <message>
        <source>the audit trail of %1 (verified on the server: rampartctl audit verify)</source>
        <translation>ślad audytu %1 (weryfikowany na serwerze: rampartctl audit verify)</translation>
    </message>
    <message>
        <source>the server %1</source>
        <translation>serwer %1</translation>
    </message>
</context>
<context>
    <name>rampart::models::AuditLogModel</name>
    <message>
        <source>Chain not verified.</source>
        <translation>Łańcuch niezweryfikowany.</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n row(s) verified.</source>
        <translation><numerusform>Łańcuch nienaruszony: zweryfikowano %n wiersz.</numerusform><numerusform>Łańcuch nienaruszony: zweryfikowano %n wiersze.</numerusform><numerusform>Łańcuch nienaruszony: zweryfikowano %n wierszy.</numerusform></translation>
    </message>
    <message>
        <source>Chain broken at row %1: %2</source>
        <translation>Łańcuch przerwany w wierszu %1: %2</translation>
    </message>
    <message>
        <source>hash %1
previous %2</source>
        <translation>skrót %1
poprzedni %2</translation>
    </message>
    <message>
        <source>✓ verified</source>
        <translation>✓ zweryfikowany</translation>
    </message>
    <message>
        <source>✗ hash mismatch</source>
        <translation>✗ niezgodny skrót</translation>
    </message>
    <message>
        <source>✗ after the break</source>
        <translation>✗ po przerwaniu</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>niesprawdzony</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Wykonawca</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Działanie</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Dotyczy</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Łańcuch</translation>
    </message>
</context>
<context>
    <name>rampart::models::BoundaryModel</name>
    <message>
        <source>Information fraction</source>
        <translation>Frakcja informacji</translation>
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
        <translation>Czas</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministyczna</translation>
    </message>
    <message>
        <source>Deterministic, CI low</source>
        <translation>Deterministyczna, dolna granica PU</translation>
    </message>
    <message>
        <source>Deterministic, CI high</source>
        <translation>Deterministyczna, górna granica PU</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>ML, CI low</source>
        <translation>ML, dolna granica PU</translation>
    </message>
    <message>
        <source>ML, CI high</source>
        <translation>ML, górna granica PU</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Różnica</translation>
    </message>
    <message>
        <source>Difference, CI low</source>
        <translation>Różnica, dolna granica PU</translation>
    </message>
    <message>
        <source>Difference, CI high</source>
        <translation>Różnica, górna granica PU</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>Brak różnicy</translation>
    </message>
</context>
<context>
    <name>rampart::models::DecisionComparisonModel</name>
    <message>
        <source>(no such gate)</source>
        <translation>(brak tej bramki)</translation>
    </message>
    <message>
        <source>%1 (changed)</source>
        <translation>%1 (zmieniona)</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Bramka</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Pierwotnie</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>Ponownie</translation>
    </message>
    <message>
        <source>Observed (original)</source>
        <translation>Obserwowane (pierwotnie)</translation>
    </message>
    <message>
        <source>Observed (re-run)</source>
        <translation>Obserwowane (ponownie)</translation>
    </message>
    <message>
        <source>Threshold (original)</source>
        <translation>Próg (pierwotnie)</translation>
    </message>
    <message>
        <source>Threshold (re-run)</source>
        <translation>Próg (ponownie)</translation>
    </message>
</context>
<context>
    <name>rampart::models::GateTableModel</name>
    <message>
        <source>Engine's record</source>
        <translation>Zapis silnika</translation>
    </message>
    <message>
        <source>Observed</source>
        <translation>Obserwowane</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Próg</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Zapytanie</translation>
    </message>
    <message>
        <source>(telemetry default for %1)</source>
        <translation>(domyślne zapytanie telemetrii dla %1)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Control mean</source>
        <translation>Średnia kontrolna</translation>
    </message>
    <message>
        <source>ML mean</source>
        <translation>Średnia ML</translation>
    </message>
    <message>
        <source>Relative change</source>
        <translation>Zmiana względna</translation>
    </message>
    <message>
        <source>p-value (one-sided)</source>
        <translation>Wartość p (jednostronna)</translation>
    </message>
    <message>
        <source>Holm-adjusted p-value</source>
        <translation>Wartość p skorygowana metodą Holma</translation>
    </message>
    <message>
        <source>Sequential look</source>
        <translation>Spojrzenie sekwencyjne</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Frakcja informacji</translation>
    </message>
    <message>
        <source>Boundary |z|</source>
        <translation>Granica |z|</translation>
    </message>
    <message>
        <source>Nominal alpha</source>
        <translation>Nominalna alfa</translation>
    </message>
    <message>
        <source>ML units (have / need)</source>
        <translation>Jednostki ML (są / potrzeba)</translation>
    </message>
    <message>
        <source>Control units (have / need)</source>
        <translation>Jednostki kontrolne (są / potrzeba)</translation>
    </message>
    <message>
        <source>Traffic (units per hour)</source>
        <translation>Ruch (jednostek na godzinę)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Bramka</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Statistic compared</source>
        <translation>Porównywana statystyka</translation>
    </message>
    <message>
        <source>Test statistic z</source>
        <translation>Statystyka testowa z</translation>
    </message>
    <message>
        <source>Always-valid p (within the margin)</source>
        <translation>p zawsze ważne (w granicach marginesu)</translation>
    </message>
    <message>
        <source>Information (Σ n_t·n_c/(n_t + n_c))</source>
        <translation>Informacja (Σ n_t·n_c/(n_t + n_c))</translation>
    </message>
    <message>
        <source>Stages analysed</source>
        <translation>Przeanalizowane etapy</translation>
    </message>
</context>
<context>
    <name>rampart::models::MetricsModel</name>
    <message>
        <source>Degraded</source>
        <translation>Pogorszenie</translation>
    </message>
    <message>
        <source>Significant</source>
        <translation>Istotne</translation>
    </message>
    <message>
        <source>Not degraded</source>
        <translation>Bez pogorszenia</translation>
    </message>
    <message>
        <source>Not significant</source>
        <translation>Nieistotne</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metryka</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministyczna</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Zmiana</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>Wartość p</translation>
    </message>
    <message>
        <source>Adjusted p</source>
        <translation>Skorygowane p</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Werdykt</translation>
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
        <translation>Jednostki łącznie</translation>
    </message>
    <message>
        <source>Power, ML 5% (1:19)</source>
        <translation>Moc, ML 5% (1:19)</translation>
    </message>
    <message>
        <source>Power, ML 25% (1:3)</source>
        <translation>Moc, ML 25% (1:3)</translation>
    </message>
    <message>
        <source>Power, ML 50% (1:1)</source>
        <translation>Moc, ML 50% (1:1)</translation>
    </message>
</context>
<context>
    <name>rampart::models::StageHistoryModel</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1 przy %2</translation>
    </message>
    <message>
        <source>override</source>
        <translation>obejście</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Wykonawca</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Z</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Override</source>
        <translation>Obejście</translation>
    </message>
    <message>
        <source>Evidence hash</source>
        <translation>Skrót dowodów</translation>
    </message>
</context>
<context>
    <name>rampart::models::StageTimelineModel</name>
    <message>
        <source>stability</source>
        <translation>stabilność</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Zakończony</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Bieżący</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Nadchodzący</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>Wycofane</translation>
    </message>
    <message>
        <source>Stability at 100%</source>
        <translation>Stabilność przy 100%</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1, %2% of dwell</source>
        <translation>%1, %2% czasu etapu</translation>
    </message>
    <message numerus="yes">
        <source>%n hold(s)</source>
        <translation><numerusform>%n wstrzymanie</numerusform><numerusform>%n wstrzymania</numerusform><numerusform>%n wstrzymań</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n rollback(s)</source>
        <translation><numerusform>%n wycofanie</numerusform><numerusform>%n wycofania</numerusform><numerusform>%n wycofań</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation><numerusform>%n akceptacja</numerusform><numerusform>%n akceptacje</numerusform><numerusform>%n akceptacji</numerusform></translation>
    </message>
    <message>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etap</translation>
    </message>
    <message>
        <source>Minimum dwell</source>
        <translation>Minimalny czas etapu</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Początek</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Zdarzenia</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Koniec</translation>
    </message>
    <message>
        <source>started by %1</source>
        <translation>rozpoczęte przez: %1</translation>
    </message>
    <message>
        <source>resumed here by %1</source>
        <translation>wznowione tutaj przez: %1</translation>
    </message>
    <message>
        <source>entered from %1 by %2</source>
        <translation>przejście z %1, wykonał(a): %2</translation>
    </message>
    <message>
        <source>rolled back here from %1 by %2</source>
        <translation>wycofane tutaj z %1, wykonał(a): %2</translation>
    </message>
    <message>
        <source>rolled back to %1 by %2</source>
        <translation>wycofane do %1, wykonał(a): %2</translation>
    </message>
    <message>
        <source>held by %1</source>
        <translation>wstrzymane przez: %1</translation>
    </message>
    <message>
        <source>awaiting sign-off (%1)</source>
        <translation>czeka na akceptację (%1)</translation>
    </message>
    <message>
        <source>completed by %1</source>
        <translation>zakończone przez: %1</translation>
    </message>
    <message>
        <source>advanced to %1 by %2</source>
        <translation>przejście do %1, wykonał(a): %2</translation>
    </message>
    <message>
        <source>%1 again, by %2</source>
        <translation>ponownie: %1, wykonał(a): %2</translation>
    </message>
    <message>
        <source> (override)</source>
        <translation> (z pominięciem bramek)</translation>
    </message>
    <message>
        <source>override signed by %1 (%2)</source>
        <translation>pominięcie bramek podpisał(a): %1 (%2)</translation>
    </message>
    <message>
        <source>signed off by %1 (%2)</source>
        <translation>zaakceptował(a): %1 (%2)</translation>
    </message>
    <message>
        <source>rejected by %1 (%2)</source>
        <translation>odrzucił(a): %1 (%2)</translation>
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
        <translation>&amp;Otwórz…</translation>
    </message>
    <message>
        <source>No audit log open.</source>
        <translation>Nie otwarto dziennika audytu.</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Dziennik audytu</translation>
    </message>
    <message>
        <source>workspace or .rampart archive</source>
        <translation>obszar roboczy lub archiwum .rampart</translation>
    </message>
    <message>
        <source>Audit file</source>
        <translation>Plik audytu</translation>
    </message>
    <message>
        <source>Filter: actor, subject, details…</source>
        <translation>Filtr: wykonawca, obiekt, szczegóły…</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Tekst filtra</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>Filtr działań</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Wszystkie działania</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Plik:</translation>
    </message>
    <message>
        <source>F&amp;ilter:</source>
        <translation>&amp;Filtr:</translation>
    </message>
    <message>
        <source>Open a workspace or archive</source>
        <translation>Otwórz obszar roboczy lub archiwum</translation>
    </message>
    <message>
        <source>Rampart files (*.rampart *.sqlite *.db);;All files (*)</source>
        <translation>Pliki Rampart (*.rampart *.sqlite *.db);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Otwieranie %1…</translation>
    </message>
    <message>
        <source>Cannot open: %1</source>
        <translation>Nie można otworzyć: %1</translation>
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
        <translation>Zamknij komunikat</translation>
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
        <translation>Zmiana względna kohorty ML dla każdej metryki</translation>
    </message>
    <message>
        <source>Relative change (%)</source>
        <translation>Zmiana względna (%)</translation>
    </message>
    <message>
        <source>Relative change chart</source>
        <translation>Wykres zmiany względnej</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::CohortsPage</name>
    <message>
        <source>Metric comparison</source>
        <translation>Porównanie metryk</translation>
    </message>
    <message>
        <source>Sample ratio: not checked yet.</source>
        <translation>Proporcja próby: jeszcze niesprawdzona.</translation>
    </message>
    <message>
        <source>Sample ratio: %1 — %2</source>
        <translation>Proporcja próby: %1 — %2</translation>
    </message>
    <message>
        <source>Sequential boundary chart</source>
        <translation>Wykres granicy sekwencyjnej</translation>
    </message>
    <message>
        <source>Sequential test: primary metrics against the efficacy boundary</source>
        <translation>Test sekwencyjny: metryki główne a granica skuteczności</translation>
    </message>
    <message>
        <source>Information fraction</source>
        <translation>Frakcja informacji</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>Boundary</source>
        <translation>Granica</translation>
    </message>
    <message>
        <source>Looks</source>
        <translation>Spojrzenia</translation>
    </message>
    <message>
        <source>Weakest primary metric</source>
        <translation>Najsłabsza metryka główna</translation>
    </message>
    <message>
        <source>Sequential look %1 at information fraction %2: boundary z = %3 (nominal alpha %4); %5.</source>
        <translation>Spojrzenie sekwencyjne %1 przy frakcji informacji %2: granica z = %3 (nominalna alfa %4); %5.</translation>
    </message>
    <message>
        <source>every primary metric crossed it</source>
        <translation>wszystkie metryki główne ją przekroczyły</translation>
    </message>
    <message>
        <source>not crossed</source>
        <translation>nieprzekroczona</translation>
    </message>
    <message>
        <source>No sequential look yet.</source>
        <translation>Nie było jeszcze spojrzenia sekwencyjnego.</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ConnectDialog</name>
    <message>
        <source>Remember the token in the desktop keychain</source>
        <translation>Zapamiętaj token w pęku kluczy pulpitu</translation>
    </message>
    <message>
        <source>Connect to your team's Rampart</source>
        <translation>Połącz z Rampartem zespołu</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Adres URL serwera</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Token okaziciela</translation>
    </message>
    <message>
        <source>the token your administrator gave you</source>
        <translation>token otrzymany od administratora</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Plik certyfikatu CA</translation>
    </message>
    <message>
        <source>optional: PEM file of a private CA</source>
        <translation>opcjonalnie: plik PEM prywatnego CA</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Przeglądaj…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serwer</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Certyfikat CA</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Połącz</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>Pliki PEM (*.pem *.crt);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Enter the server's URL.</source>
        <translation>Podaj adres URL serwera.</translation>
    </message>
    <message>
        <source>The server must be an http:// or https:// URL with a host, e.g. https://rampart.example:8093.</source>
        <translation>Serwer musi być adresem http:// lub https:// z nazwą hosta, np. https://rampart.example:8093.</translation>
    </message>
    <message>
        <source>The URL takes no user name, password or query: the token goes in its own field.</source>
        <translation>Adres URL nie przyjmuje nazwy użytkownika, hasła ani zapytania: token wpisuje się w osobnym polu.</translation>
    </message>
    <message>
        <source>Enter your bearer token.</source>
        <translation>Podaj swój token okaziciela.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 cannot be read.</source>
        <translation>Nie można odczytać pliku certyfikatu CA %1.</translation>
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
        <translation>Za&amp;trzymaj demo</translation>
    </message>
    <message>
        <source>&amp;Autopilot</source>
        <translation>&amp;Autopilot</translation>
    </message>
    <message>
        <source>Demo progress</source>
        <translation>Postęp demonstracji</translation>
    </message>
    <message>
        <source>A simulated rollout: the traffic comes from the simulator and the clock runs fast.</source>
        <translation>Symulowane wdrożenie: ruch pochodzi z symulatora, a zegar biegnie szybciej.</translation>
    </message>
    <message>
        <source>Starting the simulated rollout…</source>
        <translation>Uruchamianie symulowanego wdrożenia…</translation>
    </message>
    <message>
        <source>Stop the simulated clock and traffic (the controller keeps its state)</source>
        <translation>Zatrzymaj symulowany zegar i ruch (kontroler zachowuje swój stan)</translation>
    </message>
    <message>
        <source>Pause demo</source>
        <translation>Zatrzymaj demo</translation>
    </message>
    <message>
        <source>Let the demo sign off, advance and resume by itself; off: you do it with the buttons</source>
        <translation>Demo samo akceptuje etapy, przechodzi dalej i wznawia; wyłączony: robisz to przyciskami</translation>
    </message>
    <message>
        <source>Autopilot</source>
        <translation>Autopilot</translation>
    </message>
    <message>
        <source>&amp;Continue demo</source>
        <translation>&amp;Kontynuuj demo</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nierozpoczęte</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>finished at %1</source>
        <translation>zakończone przy %1</translation>
    </message>
    <message>
        <source>Day %1 · %2 · %3 · %4 simulated answers</source>
        <translation>Dzień %1 · %2 · %3 · %4 symulowanych odpowiedzi</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::HistoryPage</name>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Otwórz…</translation>
    </message>
    <message>
        <source>No workspace or archive open.</source>
        <translation>Nie otwarto obszaru roboczego ani archiwum.</translation>
    </message>
    <message>
        <source>Stage history</source>
        <translation>Historia etapów</translation>
    </message>
    <message>
        <source>Selected transition</source>
        <translation>Wybrane przejście</translation>
    </message>
    <message>
        <source>workspace or .rampart archive</source>
        <translation>obszar roboczy lub archiwum .rampart</translation>
    </message>
    <message>
        <source>History file</source>
        <translation>Plik historii</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Plik:</translation>
    </message>
    <message>
        <source>Open a workspace or archive</source>
        <translation>Otwórz obszar roboczy lub archiwum</translation>
    </message>
    <message>
        <source>Rampart files (*.rampart *.sqlite *.db);;All files (*)</source>
        <translation>Pliki Rampart (*.rampart *.sqlite *.db);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Otwieranie %1…</translation>
    </message>
    <message>
        <source>Cannot open: %1</source>
        <translation>Nie można otworzyć: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — agent %2: %n transition(s)</source>
        <translation><numerusform>%1 — agent %2: %n przejście</numerusform><numerusform>%1 — agent %2: %n przejścia</numerusform><numerusform>%1 — agent %2: %n przejść</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation><numerusform>%n akceptacja</numerusform><numerusform>%n akceptacje</numerusform><numerusform>%n akceptacji</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s)</source>
        <translation><numerusform>%n zatwierdzenie</numerusform><numerusform>%n zatwierdzenia</numerusform><numerusform>%n zatwierdzeń</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n recorded decision(s)</source>
        <translation><numerusform>%n zapisana decyzja</numerusform><numerusform>%n zapisane decyzje</numerusform><numerusform>%n zapisanych decyzji</numerusform></translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1, wykonawca: %2</translation>
    </message>
    <message>
        <source>%1 at %2 → %3 at %4</source>
        <translation>%1 przy %2 → %3 przy %4</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Powód: %1</translation>
    </message>
    <message>
        <source>Recorded as an override.</source>
        <translation>Zapisane jako obejście.</translation>
    </message>
    <message>
        <source>Evidence hash: %1</source>
        <translation>Skrót dowodów: %1</translation>
    </message>
    <message>
        <source>Signed off by %1 (%2): %3</source>
        <translation>Akceptacja: %1 (%2): %3</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>zatwierdzono</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>odrzucono</translation>
    </message>
    <message>
        <source>Re-run the current decision with other settings</source>
        <translation>Przelicz bieżącą decyzję z innymi ustawieniami</translation>
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
        <translation>Strony</translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation>Wycofywanie…</translation>
    </message>
    <message>
        <source>Why hold the rollout?</source>
        <translation>Dlaczego wstrzymać wdrożenie?</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Why is it safe to resume from the last stable stage?</source>
        <translation>Dlaczego wznowienie od ostatniego stabilnego etapu jest bezpieczne?</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <source>No rollout controller connected.</source>
        <translation>Nie połączono kontrolera wdrożenia.</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Wdrożenie</translation>
    </message>
    <message>
        <source>Cohorts</source>
        <translation>Kohorty</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>Akceptacja</translation>
    </message>
    <message>
        <source>Planner</source>
        <translation>Planowanie</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historia</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audyt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <source>Rolled back: the flag reads %1 (version %2), confirmed %3.</source>
        <translation>Wycofano: flaga wskazuje %1 (wersja %2), potwierdzono %3.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 nie powiodło się: %2</translation>
    </message>
    <message>
        <source>Why stop the rollout at 0%, below the last stable stage?</source>
        <translation>Dlaczego zatrzymać wdrożenie na 0%, poniżej ostatniego stabilnego etapu?</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Zatrzymaj (0%)</translation>
    </message>
    <message>
        <source>Stopping at 0%…</source>
        <translation>Zatrzymywanie na 0%…</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::PlannerPage</name>
    <message>
        <source>Effect size</source>
        <translation>Wielkość efektu</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alfa</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Moc</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Ruch</translation>
    </message>
    <message>
        <source>Two-sample t-test (Cohen's d)</source>
        <translation>Test t dla dwóch prób (d Cohena)</translation>
    </message>
    <message>
        <source>Two proportions (Cohen's h)</source>
        <translation>Dwie proporcje (h Cohena)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source> units/h</source>
        <translation> jedn./h</translation>
    </message>
    <message>
        <source>Planned total units</source>
        <translation>Planowana łączna liczba jednostek</translation>
    </message>
    <message>
        <source>&amp;Test:</source>
        <translation>&amp;Test:</translation>
    </message>
    <message>
        <source>&amp;Effect size:</source>
        <translation>&amp;Wielkość efektu:</translation>
    </message>
    <message>
        <source>&amp;Alpha (two-sided):</source>
        <translation>&amp;Alfa (dwustronna):</translation>
    </message>
    <message>
        <source>&amp;Power:</source>
        <translation>&amp;Moc:</translation>
    </message>
    <message>
        <source>T&amp;raffic:</source>
        <translation>&amp;Ruch:</translation>
    </message>
    <message>
        <source>Planned &amp;total for MDE:</source>
        <translation>&amp;Łącznie dla MDE:</translation>
    </message>
    <message>
        <source>ML units</source>
        <translation>Jednostki ML</translation>
    </message>
    <message>
        <source>Deterministic units</source>
        <translation>Jednostki deterministyczne</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Łącznie</translation>
    </message>
    <message>
        <source>Stage duration</source>
        <translation>Czas etapu</translation>
    </message>
    <message>
        <source>MDE at planned total</source>
        <translation>MDE przy planowanej próbie</translation>
    </message>
    <message>
        <source>Power at planned total</source>
        <translation>Moc przy planowanej próbie</translation>
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
        <translation>Liczebność próby dla podziałów</translation>
    </message>
    <message>
        <source>Total units (both cohorts)</source>
        <translation>Jednostki łącznie (obie kohorty)</translation>
    </message>
    <message>
        <source>Power by total sample size</source>
        <translation>Moc w zależności od łącznej liczebności próby</translation>
    </message>
    <message>
        <source>Power curve</source>
        <translation>Krzywa mocy</translation>
    </message>
    <message>
        <source>Cannot plan: %1 (%2)</source>
        <translation>Nie można zaplanować: %1 (%2)</translation>
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
        <translation>Anuluj</translation>
    </message>
    <message numerus="yes">
        <source>at least %n character(s)</source>
        <translation><numerusform>co najmniej %n znak</numerusform><numerusform>co najmniej %n znaki</numerusform><numerusform>co najmniej %n znaków</numerusform></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Potwierdź</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::ReportExport</name>
    <message>
        <source>Export &amp;report…</source>
        <translation>Eksportuj &amp;raport…</translation>
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
        <translation>Dane jako CSV</translation>
    </message>
    <message>
        <source>Evidence as JSON</source>
        <translation>Dane jako JSON</translation>
    </message>
    <message>
        <source>The business-impact report of the open workspace or archive, or its evidence for analysts.</source>
        <translation>Raport wpływu biznesowego otwartej przestrzeni roboczej lub archiwum albo jego dane dla analityków.</translation>
    </message>
    <message>
        <source>Open a workspace or archive to export its report.</source>
        <translation>Otwórz przestrzeń roboczą lub archiwum, aby wyeksportować raport.</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>Raport:</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Eksport raportu</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Odczyt %1…</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Nie można wyeksportować: %1</translation>
    </message>
    <message>
        <source>Drawing the charts…</source>
        <translation>Rysowanie wykresów…</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Zapis %1…</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>Raport zapisano w %1.</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::RerunPanel</name>
    <message>
        <source>&amp;Guardrail margin:</source>
        <translation>&amp;Margines metryk ochronnych:</translation>
    </message>
    <message>
        <source>Re-&amp;run</source>
        <translation>&amp;Przelicz ponownie</translation>
    </message>
    <message>
        <source>No decision to re-run yet.</source>
        <translation>Brak decyzji do ponownego przeliczenia.</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alfa</translation>
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
        <translation>Funkcja wydatkowania alfy</translation>
    </message>
    <message>
        <source>Guardrail margin</source>
        <translation>Margines metryk ochronnych</translation>
    </message>
    <message>
        <source>Sample-ratio threshold</source>
        <translation>Próg proporcji próby</translation>
    </message>
    <message>
        <source>Service-gate thresholds scale</source>
        <translation>Skala progów bramek usługowych</translation>
    </message>
    <message>
        <source>Original and re-run decision</source>
        <translation>Decyzja pierwotna i przeliczona</translation>
    </message>
    <message>
        <source>&amp;Alpha:</source>
        <translation>&amp;Alfa:</translation>
    </message>
    <message>
        <source>&amp;Spending:</source>
        <translation>&amp;Wydatkowanie:</translation>
    </message>
    <message>
        <source>Sample-ratio &amp;threshold:</source>
        <translation>Próg &amp;proporcji próby:</translation>
    </message>
    <message>
        <source>Service &amp;limits:</source>
        <translation>&amp;Limity usług:</translation>
    </message>
    <message>
        <source>Original decision: %1. Change a setting and re-run it on the same evidence.</source>
        <translation>Decyzja pierwotna: %1. Zmień ustawienie i przelicz ją na tych samych dowodach.</translation>
    </message>
    <message numerus="yes">
        <source>Original: %1. Re-run: %2. %n gate(s) differ.</source>
        <translation><numerusform>Pierwotnie: %1. Ponownie: %2. Różni się %n bramka.</numerusform><numerusform>Pierwotnie: %1. Ponownie: %2. Różnią się %n bramki.</numerusform><numerusform>Pierwotnie: %1. Ponownie: %2. Różni się %n bramek.</numerusform></translation>
    </message>
</context>
<context>
    <name>rampart::widgets::RolloutPage</name>
    <message>
        <source>Stages</source>
        <translation>Etapy</translation>
    </message>
    <message>
        <source>Gate checklist</source>
        <translation>Lista bramek</translation>
    </message>
    <message>
        <source>Expand a gate (→ or +) to see the evidence behind it.</source>
        <translation>Rozwiń bramkę (→ lub +), aby zobaczyć dowody.</translation>
    </message>
    <message>
        <source>Stage timeline</source>
        <translation>Oś etapów</translation>
    </message>
    <message>
        <source>&amp;Gate checklist</source>
        <translation>Lista &amp;bramek</translation>
    </message>
    <message>
        <source>Rollout status: %1</source>
        <translation>Stan wdrożenia: %1</translation>
    </message>
    <message>
        <source>Projected completion: %1 (from the observed traffic and the sample still needed)</source>
        <translation>Przewidywane zakończenie: %1 (z obserwowanego ruchu i brakującej próby)</translation>
    </message>
    <message>
        <source>Projected completion: unknown</source>
        <translation>Przewidywane zakończenie: nieznane</translation>
    </message>
    <message>
        <source>Events of the selected stage</source>
        <translation>Zdarzenia wybranego etapu</translation>
    </message>
    <message>
        <source>Saved-state problems reported by the controller</source>
        <translation>Problemy zapisanego stanu zgłoszone przez kontroler</translation>
    </message>
    <message>
        <source>&amp;Events: select a stage</source>
        <translation>&amp;Zdarzenia: wybierz etap</translation>
    </message>
    <message>
        <source>&amp;Events of %1</source>
        <translation>&amp;Zdarzenia etapu %1</translation>
    </message>
    <message>
        <source>No holds, rollbacks or sign-offs in this stage.</source>
        <translation>Brak wstrzymań, wycofań i akceptacji w tym etapie.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>⚠ Saved state not trusted — check it before acting: %1</source>
        <translation>⚠ Zapisany stan jest niepewny — sprawdź go przed działaniem: %1</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::SettingsPage</name>
    <message>
        <source>No address given.</source>
        <translation>Nie podano adresu.</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Połączenia</translation>
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
        <translation>Hasła są przechowywane w pęku kluczy pulpitu lub czytane z RAMPART_REDIS_PASSWORD i PGPASSWORD; nigdy nie trafiają do pliku ustawień.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Ogólne</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Jak w systemie</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Evaluation interval</source>
        <translation>Odstęp oceny</translation>
    </message>
    <message>
        <source>&amp;Evaluation interval:</source>
        <translation>&amp;Odstęp oceny:</translation>
    </message>
    <message>
        <source>%1 address</source>
        <translation>Adres: %1</translation>
    </message>
    <message>
        <source>%1 password</source>
        <translation>Hasło: %1</translation>
    </message>
    <message>
        <source>from the environment</source>
        <translation>ze zmiennej środowiskowej</translation>
    </message>
    <message>
        <source>password (keychain)</source>
        <translation>hasło (pęk kluczy)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Test the %1 connection</source>
        <translation>Sprawdź połączenie: %1</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Sprawdzanie…</translation>
    </message>
    <message>
        <source>✓ connected</source>
        <translation>✓ połączono</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Keychain unavailable (%1); use the environment.</source>
        <translation>Pęk kluczy niedostępny (%1); użyj zmiennych środowiskowych.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Język:</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::SignOffPage</name>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Zatwierdź</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Odrzuć</translation>
    </message>
    <message>
        <source>Ad&amp;vance to the next stage</source>
        <translation>&amp;Przejdź do następnego etapu</translation>
    </message>
    <message>
        <source>&amp;Override…</source>
        <translation>O&amp;bejdź…</translation>
    </message>
    <message>
        <source>Gates of the evidence being approved</source>
        <translation>Bramki zatwierdzanych dowodów</translation>
    </message>
    <message>
        <source>Key metrics</source>
        <translation>Kluczowe metryki</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentarz</translation>
    </message>
    <message>
        <source>Advance to the next stage</source>
        <translation>Przejdź do następnego etapu</translation>
    </message>
    <message>
        <source>Override a hold with a written justification</source>
        <translation>Obejdź wstrzymanie z pisemnym uzasadnieniem</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Imię i nazwisko:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>&amp;Rola:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Komentarz:</translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation>Twoja decyzja</translation>
    </message>
    <message>
        <source>Why advance against the gates?</source>
        <translation>Dlaczego przejść dalej wbrew bramkom?</translation>
    </message>
    <message>
        <source>Override and advance</source>
        <translation>Obejdź i przejdź dalej</translation>
    </message>
    <message>
        <source>The engine says: %1 (%2 → %3). %4</source>
        <translation>Silnik zaleca: %1 (%2 → %3). %4</translation>
    </message>
    <message>
        <source>Evidence hash: %1</source>
        <translation>Skrót dowodów: %1</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::StageStrip</name>
    <message>
        <source>Stage timeline</source>
        <translation>Oś etapów</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 dni</translation>
    </message>
    <message>
        <source>stability at 100%</source>
        <translation>stabilność przy 100%</translation>
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
        <translation>&amp;Wycofaj</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>W&amp;strzymaj</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Wz&amp;nów</translation>
    </message>
    <message>
        <source>flag not read yet</source>
        <translation>flagi jeszcze nie odczytano</translation>
    </message>
    <message>
        <source>No recommendation yet.</source>
        <translation>Brak zalecenia.</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>brak połączenia</translation>
    </message>
    <message>
        <source>Roll back to the last stable stage now (Ctrl+Shift+R)</source>
        <translation>Wycofaj teraz do ostatniego stabilnego etapu (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Wycofaj</translation>
    </message>
    <message>
        <source>Freeze the rollout at its percentage, with a reason (Ctrl+Shift+H)</source>
        <translation>Zatrzymaj wdrożenie na obecnym odsetku, podając powód (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Wstrzymaj</translation>
    </message>
    <message>
        <source>Restart from the last stable stage, with a written justification (Ctrl+Shift+U)</source>
        <translation>Wznów od ostatniego stabilnego etapu z pisemnym uzasadnieniem (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Wznów</translation>
    </message>
    <message>
        <source>Agent %1 · flag %2</source>
        <translation>Agent %1 · flaga %2</translation>
    </message>
    <message>
        <source>%1 · confirmed %2</source>
        <translation>%1 · potwierdzono %2</translation>
    </message>
    <message>
        <source>Version %1, last changed by %2: %3</source>
        <translation>Wersja %1, ostatnia zmiana: %2: %3</translation>
    </message>
    <message>
        <source>changed by %1</source>
        <translation>zmienił(a): %1</translation>
    </message>
    <message>
        <source>● connected</source>
        <translation>● połączono</translation>
    </message>
    <message>
        <source>○ disconnected</source>
        <translation>○ rozłączono</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Recommendation: %1. %2</source>
        <translation>Zalecenie: %1. %2</translation>
    </message>
    <message>
        <source>Stop (0%)</source>
        <translation>Zatrzymaj (0%)</translation>
    </message>
    <message>
        <source>Kill switch: the flag to 0% now, whatever the last stable stage, with a reason</source>
        <translation>Wyłącznik awaryjny: flaga od razu na 0%, niezależnie od ostatniego stabilnego etapu, z podaniem powodu</translation>
    </message>
    <message>
        <source>Stop at 0%</source>
        <translation>Zatrzymaj na 0%</translation>
    </message>
</context>
<context>
    <name>rampart::widgets::TrendCharts</name>
    <message>
        <source>Estimate per cohort over time (95% CI)</source>
        <translation>Oszacowanie w kohortach w czasie (95% PU)</translation>
    </message>
    <message>
        <source>Deterministic, 95% CI</source>
        <translation>Deterministyczna, 95% PU</translation>
    </message>
    <message>
        <source>ML, 95% CI</source>
        <translation>ML, 95% PU</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>Deterministyczna</translation>
    </message>
    <message>
        <source>ML</source>
        <translation>ML</translation>
    </message>
    <message>
        <source>Difference ML − deterministic over time (95% CI)</source>
        <translation>Różnica ML − deterministyczna w czasie (95% PU)</translation>
    </message>
    <message>
        <source>Difference, 95% CI</source>
        <translation>Różnica, 95% PU</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Różnica</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>Brak różnicy</translation>
    </message>
    <message>
        <source>Metric shown over time</source>
        <translation>Metryka pokazana w czasie</translation>
    </message>
    <message>
        <source>Pointwise intervals at each evaluation, not adjusted for repeated looks; the sequential boundary chart is what the decision uses.</source>
        <translation>Przedziały punktowe przy każdej ocenie, bez korekty na wielokrotne spojrzenia; o decyzji rozstrzyga wykres granicy sekwencyjnej.</translation>
    </message>
    <message>
        <source>&amp;Metric over time:</source>
        <translation>&amp;Metryka w czasie:</translation>
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
        <translation>dd.MM HH:mm</translation>
    </message>
</context>
</TS>