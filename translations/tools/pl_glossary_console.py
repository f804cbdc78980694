# Polish for the console pages' strings added by the 'console' work (issue 10): the cohorts
# over time, the stage events, the saved-state problems banner. Merged by pl_glossary.py.
PL = {
    # Cohorts over time (trendcharts.cpp, cohorttrendmodel.cpp)
    'Estimate per cohort over time (95% CI)': 'Oszacowanie w kohortach w czasie (95% PU)',
    'Difference ML − deterministic over time (95% CI)': 'Różnica ML − deterministyczna w czasie (95% PU)',
    'Deterministic, 95% CI': 'Deterministyczna, 95% PU',
    'ML, 95% CI': 'ML, 95% PU',
    'Difference, 95% CI': 'Różnica, 95% PU',
    'Difference': 'Różnica',
    'No difference': 'Brak różnicy',
    'Deterministic, CI low': 'Deterministyczna, dolna granica PU',
    'Deterministic, CI high': 'Deterministyczna, górna granica PU',
    'ML, CI low': 'ML, dolna granica PU',
    'ML, CI high': 'ML, górna granica PU',
    'Difference, CI low': 'Różnica, dolna granica PU',
    'Difference, CI high': 'Różnica, górna granica PU',
    'Metric shown over time': 'Metryka pokazana w czasie',
    '&Metric over time:': '&Metryka w czasie:',
    'Pointwise intervals at each evaluation, not adjusted for repeated looks; the sequential '
    'boundary chart is what the decision uses.':
        'Przedziały punktowe przy każdej ocenie, bez korekty na wielokrotne spojrzenia; '
        'o decyzji rozstrzyga wykres granicy sekwencyjnej.',
    'HH:mm:ss': 'HH:mm:ss',
    'HH:mm': 'HH:mm',
    'MM-dd HH:mm': 'dd.MM HH:mm',
    '%': '%',
    # Stage events (stagetimelinemodel.cpp, rolloutpage.cpp)
    'started by %1': 'rozpoczęte przez: %1',
    'resumed here by %1': 'wznowione tutaj przez: %1',
    'entered from %1 by %2': 'przejście z %1, wykonał(a): %2',
    'rolled back here from %1 by %2': 'wycofane tutaj z %1, wykonał(a): %2',
    'rolled back to %1 by %2': 'wycofane do %1, wykonał(a): %2',
    'held by %1': 'wstrzymane przez: %1',
    'awaiting sign-off (%1)': 'czeka na akceptację (%1)',
    'completed by %1': 'zakończone przez: %1',
    'advanced to %1 by %2': 'przejście do %1, wykonał(a): %2',
    '%1 again, by %2': 'ponownie: %1, wykonał(a): %2',
    ' (override)': ' (z pominięciem bramek)',
    'override signed by %1 (%2)': 'pominięcie bramek podpisał(a): %1 (%2)',
    'signed off by %1 (%2)': 'zaakceptował(a): %1 (%2)',
    'rejected by %1 (%2)': 'odrzucił(a): %1 (%2)',
    'Events of the selected stage': 'Zdarzenia wybranego etapu',
    '&Events: select a stage': '&Zdarzenia: wybierz etap',
    '&Events of %1': '&Zdarzenia etapu %1',
    'No holds, rollbacks or sign-offs in this stage.': 'Brak wstrzymań, wycofań i akceptacji w tym etapie.',
    # Saved-state problems (wording.cpp, rolloutpage.cpp)
    'Saved-state problems reported by the controller': 'Problemy zapisanego stanu zgłoszone przez kontroler',
    '⚠ Saved state not trusted — check it before acting: %1':
        '⚠ Zapisany stan jest niepewny — sprawdź go przed działaniem: %1',
    'The saved rollout state disagrees with the stage history': 'Zapisany stan wdrożenia nie zgadza się z historią etapów',
    'The saved rollout state disagrees with the flag in the flag store':
        'Zapisany stan wdrożenia nie zgadza się z flagą w magazynie flag',
    'The saved rollout state no longer fits the plan': 'Zapisany stan wdrożenia nie pasuje już do planu',
    'The saved rollout state is inconsistent (%1)': 'Zapisany stan wdrożenia jest niespójny (%1)',
    # Gate evidence (gatetablemodel.cpp)
    'Statistic compared': 'Porównywana statystyka',
    'Test statistic z': 'Statystyka testowa z',
    'Always-valid p (within the margin)': 'p zawsze ważne (w granicach marginesu)',
    'Information (Σ n_t·n_c/(n_t + n_c))': 'Informacja (Σ n_t·n_c/(n_t + n_c))',
    'Stages analysed': 'Przeanalizowane etapy',
    'Guardrail: %1 (P95)': 'Metryka ochronna: %1 (P95)',
}
