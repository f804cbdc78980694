#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rampart::store {

namespace {

Error ioError(const char *field, const QString &path, const std::string &what)
{
    return makeError("io_error", field ? field : "path",
                     "Cannot " + what + " \"" + path.toStdString() + "\": " + std::strerror(errno) + ".");
}

} // namespace

Status ensurePrivateDir(const QString &path, const char *field)
{
    if (path.isEmpty())
        return makeError("io_error", field ? field : "path", "No directory was given.");
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    const QFileInfo info(absolute);
    if (info.isDir())
        return Done{};
    if (info.exists() || info.isSymLink())
        return makeError("io_error", field ? field : "path", "\"" + path.toStdString() + "\" is not a directory.");
    if (auto parent = ensurePrivateDir(info.path(), field); !parent)
        return parent;
    const QByteArray name = QFile::encodeName(absolute);
    if (::mkdir(name.constData(), 0700) != 0) {
        if (errno == EEXIST && QFileInfo(absolute).isDir()) // made by someone else meanwhile
            return Done{};
        return ioError(field, path, "create the directory");
    }
    if (::chmod(name.constData(), 0700) != 0)
        return ioError(field, path, "set the mode of");
    return Done{};
}

Result<int> createPrivateFile(const QString &path, int flags, const char *field)
{
    const QByteArray name = QFile::encodeName(path);
    // O_EXCL first, so we know whether this call created the file.
    int fd = ::open(name.constData(), flags | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (::fchmod(fd, 0600) != 0) {
            const Error error = ioError(field, path, "set the mode of");
            ::close(fd);
            return error;
        }
        return fd;
    }
    if (errno != EEXIST || (flags & O_EXCL))
        return ioError(field, path, "create");
    fd = ::open(name.constData(), (flags & ~O_CREAT) | O_CLOEXEC);
    if (fd < 0)
        return ioError(field, path, "open");
    return fd;
}

Status touchPrivateFile(const QString &path, const char *field)
{
    auto fd = createPrivateFile(path, O_RDWR, field);
    if (!fd)
        return fd.error();
    ::close(*fd);
    return Done{};
}

} // namespace rampart::store
