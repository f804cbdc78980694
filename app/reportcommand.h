#pragma once

// `rampartctl report`: the business-impact report of a rollout as Markdown, HTML or PDF, or
// its evidence as CSV or JSON (docs/reports.md). It needs Qt Gui and Qt Charts, so it runs
// with its own QApplication on the offscreen platform (no display) — rampartctl's main
// hands it argc/argv before any QCoreApplication exists.

namespace rampart::cli {

/// True when argv names the report command (argv[1] == "report", after an optional --config F).
bool isReportCommand(int argc, char *argv[]);
int runReportMain(int argc, char *argv[]);

} // namespace rampart::cli
