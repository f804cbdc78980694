#pragma once

// UI-side setters assert their thread: a snapshot handed to a model from a worker thread
// would race the views. Checked in every build type (Q_ASSERT vanishes in release builds).

class QObject;

namespace rampart::models {

/// Aborts with a message naming `where` unless called on `object`'s thread.
void assertOwnerThread(const QObject *object, const char *where);

} // namespace rampart::models
