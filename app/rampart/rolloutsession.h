#pragma once

// The one interface between the console window and a rollout (docs/architecture.md, "Team
// mode"): snapshots out (fed into the window), commands in (the window's buttons). Two
// implementations: ConsoleSession, the in-process controller (the demo and the embedded
// workspace, the default), and RemoteSession, a client of `rampartctl serve`.

#include "mainwindow.h"

#include <QObject>

namespace rampart::console {

class RolloutSession : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// Starts following the rollout (threads and timers, or the connection).
    virtual void start() = 0;
    virtual void stop() = 0;
    /// Attaches `window` (detaching the previous one) and shows the latest snapshots in it.
    /// This is the WindowHost's feeder: a window rebuilt in another language is fed again.
    virtual void feed(widgets::MainWindow &window) = 0;
};

} // namespace rampart::console
