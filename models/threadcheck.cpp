#include "threadcheck.h"

#include <QObject>
#include <QThread>
#include <QtGlobal>

namespace rampart::models {

void assertOwnerThread(const QObject *object, const char *where)
{
    if (QThread::currentThread() != object->thread())
        qFatal("%s called from a thread that does not own the object", where);
}

} // namespace rampart::models
