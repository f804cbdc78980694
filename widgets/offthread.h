#pragma once

// The pages' one way of doing work off the UI thread: run `work` with QtConcurrent, and on the
// UI thread hand its result to `done` — unless `stillWanted()` says a newer request has
// replaced it (the generation-number pattern: never show an answer to an old question).

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace rampart::widgets {

template <typename Work, typename StillWanted, typename Done>
void runOffUiThread(QObject *owner, Work work, StillWanted stillWanted, Done done)
{
    using T = std::invoke_result_t<Work>;
    auto *watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner,
                     [watcher, stillWanted = std::move(stillWanted), done = std::move(done)]() mutable {
                         watcher->deleteLater();
                         if (stillWanted())
                             done(watcher->result());
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace rampart::widgets
