#pragma once

// `rampart --screenshot FILE --page NAME`: renders one page of a fully fed main window to a
// PNG without a display (the offscreen platform), for docs/user-guide.md and scripts/demo.

#include "examplescenario.h"

#include <QString>

namespace rampart::widgets {
class MainWindow;
}

namespace rampart::console {

/// Feeds every page of `window` from the scenario: plan, decision, timeline, flag, and an
/// example workspace file (its transitions, sign-offs and audit trail written through the
/// SQLite store) opened by the History and Audit pages.
void feedWindow(widgets::MainWindow &window, const ExampleScenario &scenario);

/**
 * Writes a workspace at `path` holding the scenario's real transitions and sign-offs and an
 * audit trail recording them (hash-chained by the store). Fails if the file exists.
 */
Status writeExampleWorkspace(const QString &path, const ExampleScenario &scenario);

/// Opens `workspace` in the History and Audit pages and waits (event loop, at most
/// `timeoutMs`) until both have loaded it.
bool loadWorkspaceInto(widgets::MainWindow &window, const QString &workspace, int timeoutMs = 10000);

/// Shows `page`, lets layouts and charts settle, grabs the window and saves it as PNG.
Status saveScreenshot(widgets::MainWindow &window, const QString &page, const QString &file);

} // namespace rampart::console
