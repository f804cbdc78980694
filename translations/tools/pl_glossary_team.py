# Polish for team mode (app/rampart/remotesession.cpp): the console as a client of `serve`.
PL = {
    '%1 as %2 (%3)': '%1 jako %2 (%3)',
    '%1 does not lead the rollout and no leader is known': '%1 nie prowadzi wdrożenia, a lider jest nieznany',
    '%1 does not lead; the leader is %2': '%1 nie prowadzi wdrożenia; liderem jest %2',
    '%1 done by %2 (%3).': '%1: wykonane przez %2 (%3).',
    '%1, instance %2': '%1, instancja %2',
    '%1: %2': '%1: %2',
    'Evidence check': 'Kontrola dowodów',
    'Override': 'Obejście',
    'Resume': 'Wznów',
    '%1: already in effect, nothing was written (%2).': '%1: już obowiązuje, niczego nie zapisano (%2).',
    'Sign-off recorded for %1 on evidence %2 (%3).': 'Akceptacja zapisana dla %1 na dowodach %2 (%3).',
    'Team mode: %1': 'Tryb zespołowy: %1',
    'connecting to %1': 'łączenie z %1',
    'disconnected from the server': 'brak połączenia z serwerem',
    'disconnected from the server: no command can be sent': 'brak połączenia z serwerem: nie można wysłać żadnego polecenia',
    'store %1 · flags %2 · telemetry %3': 'baza %1 · flagi %2 · telemetria %3',
    'the evidence does not match its hash %1': 'dowody nie zgadzają się ze swoim skrótem %1',
    'the evidence sent by the server could not be read: %1': 'nie można odczytać dowodów przysłanych przez serwer: %1',
    'the rollout moved meanwhile or does not allow it: %1': 'wdrożenie w międzyczasie się zmieniło albo na to nie pozwala: %1',
    'the server answered %1: %2': 'serwer odpowiedział %1: %2',
    'the server cannot act now: %1': 'serwer nie może teraz działać: %1',
    'the server could not be reached (%1); nothing was changed by this console.':
        'nie można połączyć się z serwerem (%1); ta konsola niczego nie zmieniła.',
    "the server decided %1, this console's engine %2 on the same evidence; the console and the server are different versions":
        'serwer zdecydował %1, a silnik tej konsoli %2 na tych samych dowodach; konsola i serwer są w różnych wersjach',
    'the server did not accept the token.': 'serwer nie przyjął tokenu.',
    'the server did not confirm in time; read the state before trying again.':
        'serwer nie potwierdził na czas; przed ponowną próbą odczytaj stan.',
    'the server refused the token': 'serwer odrzucił token',
    'the server stopped answering': 'serwer przestał odpowiadać',
    "the server's API has no override command yet; in team mode the console cannot make one.":
        'API serwera nie ma jeszcze polecenia obejścia; w trybie zespołowym konsola nie może go wykonać.',
    "the server's plan could not be read: %1": 'nie można odczytać planu serwera: %1',
    'this server does not lead the rollout': 'ten serwer nie prowadzi wdrożenia',
    'your role (%1) may not change the rollout': 'twoja rola (%1) nie pozwala zmieniać wdrożenia',
    'your role (%1) may not do this.': 'twoja rola (%1) na to nie pozwala.',
    'Stop (0%)': 'Zatrzymaj (0%)',
    'Kill switch: the flag to 0% now, whatever the last stable stage, with a reason':
        'Wyłącznik awaryjny: flaga od razu na 0%, niezależnie od ostatniego stabilnego etapu, z podaniem powodu',
    'Stop at 0%': 'Zatrzymaj na 0%',
    'Why stop the rollout at 0%, below the last stable stage?': 'Dlaczego zatrzymać wdrożenie na 0%, poniżej ostatniego stabilnego etapu?',
    'Stopping at 0%…': 'Zatrzymywanie na 0%…',
    ' · break-glass rollback to Redis available': ' · dostępne awaryjne wycofanie bezpośrednio w Redis',
    ' · this console cannot roll back (no break-glass Redis)': ' · ta konsola nie może wycofać (brak awaryjnego Redis)',
    'BREAK-GLASS rollback written straight to Redis: the flag reads %1 (version %2), read back at %3. Its audit record waits on this computer and goes to the server when it is reachable.':
        'AWARYJNE wycofanie zapisane bezpośrednio w Redis: flaga ma %1 (wersja %2), odczytano ponownie o %3. Jego wpis audytu czeka na tym komputerze i trafi na serwer, gdy ten będzie osiągalny.',
    'BREAK-GLASS: the server cannot be reached; rolling back straight in Redis…':
        'AWARYJNIE: serwer jest nieosiągalny; wycofywanie bezpośrednio w Redis…',
    'Break-glass audit records': 'Awaryjne wpisy audytu',
    'Break-glass audit records delivered to the server: %1.': 'Awaryjne wpisy audytu dostarczone na serwer: %1.',
    'Break-glass rollback': 'Awaryjne wycofanie',
    'disconnected from the server: only a break-glass rollback straight to Redis is possible':
        'brak połączenia z serwerem: możliwe jest tylko awaryjne wycofanie bezpośrednio w Redis',
    'the server did not take them (%1): %2; they stay on this computer.':
        'serwer ich nie przyjął (%1): %2; zostają na tym komputerze.',
    'The desktop keychain cannot be read (%1): the token is used for this session only.':
        'Nie można odczytać pęku kluczy pulpitu (%1): token zostanie użyty tylko w tej sesji.',
    'Remember the token in the desktop keychain': 'Zapamiętaj token w pęku kluczy pulpitu',
    "Connect to your team's Rampart": 'Połącz z Rampartem zespołu',
    'Server URL': 'Adres URL serwera',
    'Bearer token': 'Token okaziciela',
    'the token your administrator gave you': 'token otrzymany od administratora',
    'CA certificate file': 'Plik certyfikatu CA',
    'optional: PEM file of a private CA': 'opcjonalnie: plik PEM prywatnego CA',
    'Browse…': 'Przeglądaj…',
    'Server': 'Serwer',
    'Token': 'Token',
    'CA certificate': 'Certyfikat CA',
    'Connect': 'Połącz',
    'PEM files (*.pem *.crt);;All files (*)': 'Pliki PEM (*.pem *.crt);;Wszystkie pliki (*)',
    "Enter the server's URL.": 'Podaj adres URL serwera.',
    'The server must be an http:// or https:// URL with a host, e.g. https://rampart.example:8093.':
        'Serwer musi być adresem http:// lub https:// z nazwą hosta, np. https://rampart.example:8093.',
    'The URL takes no user name, password or query: the token goes in its own field.':
        'Adres URL nie przyjmuje nazwy użytkownika, hasła ani zapytania: token wpisuje się w osobnym polu.',
    'Enter your bearer token.': 'Podaj swój token okaziciela.',
    'The CA certificate file %1 cannot be read.': 'Nie można odczytać pliku certyfikatu CA %1.',
    'the audit trail of %1 (verified on the server: rampartctl audit verify)':
        'ślad audytu %1 (weryfikowany na serwerze: rampartctl audit verify)',
    'the server %1': 'serwer %1',
}
