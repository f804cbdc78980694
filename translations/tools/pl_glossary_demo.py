# Polish for the console's demo (widgets/demobar.*, app/rampart/demomode.*); merged by
# pl_glossary.py. Numerus entries list the forms for 1, 2–4 (22–24, …) and 5+ (and 12–14).
PL = {
    'DEMO': 'DEMO',
    'Demo': 'Demo',
    '&Pause demo': 'Za&trzymaj demo',
    'Pause demo': 'Zatrzymaj demo',
    '&Continue demo': '&Kontynuuj demo',
    '&Autopilot': '&Autopilot',
    'Autopilot': 'Autopilot',
    'Demo progress': 'Postęp demonstracji',
    'A simulated rollout: the traffic comes from the simulator and the clock runs fast.':
        'Symulowane wdrożenie: ruch pochodzi z symulatora, a zegar biegnie szybciej.',
    'Starting the simulated rollout…': 'Uruchamianie symulowanego wdrożenia…',
    'Stop the simulated clock and traffic (the controller keeps its state)':
        'Zatrzymaj symulowany zegar i ruch (kontroler zachowuje swój stan)',
    'Let the demo sign off, advance and resume by itself; off: you do it with the buttons':
        'Demo samo akceptuje etapy, przechodzi dalej i wznawia; wyłączony: robisz to przyciskami',
    'not started': 'nierozpoczęte',
    '%1 (%2)': '%1 (%2)',
    'finished at %1': 'zakończone przy %1',
    'Day %1 · %2 · %3 · %4 simulated answers': 'Dzień %1 · %2 · %3 · %4 symulowanych odpowiedzi',
    'The simulated rollout started: traffic follows the flag, the clock runs fast.':
        'Symulowane wdrożenie rozpoczęte: ruch podąża za flagą, zegar biegnie szybciej.',
    'Injected: the ML answers got slower at %1 (%2). Watch the latency guardrail.':
        'Wstrzyknięto regresję: odpowiedzi ML zwolniły przy %1 (%2). Obserwuj metrykę ochronną opóźnienia.',
    'The autopilot signed off stage %1 (%n approval(s)).': [
        'Autopilot zaakceptował etap %1 (%n akceptacja).',
        'Autopilot zaakceptował etap %1 (%n akceptacje).',
        'Autopilot zaakceptował etap %1 (%n akceptacji).'],
    'Advanced to %1 (%2).': 'Przejście do %1 (%2).',
    'The controller rolled back to %1.': 'Kontroler wycofał wdrożenie do %1.',
    'The controller rolled back to %1: %2': 'Kontroler wycofał wdrożenie do %1: %2',
    'The fix shipped: the autopilot resumed the rollout at %1 (%2).':
        'Poprawka wdrożona: autopilot wznowił wdrożenie przy %1 (%2).',
    'You gave a command: the autopilot is off. Switch it on to let the demo continue by itself.':
        'Wydano polecenie ręcznie: autopilot jest wyłączony. Włącz go, aby demo toczyło się samo.',
    'The rollout completed at %1 after the stability period.': 'Wdrożenie zakończone przy %1 po okresie stabilności.',
    'The demo stopped: %1': 'Demo zatrzymane: %1',
}
