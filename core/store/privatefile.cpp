#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
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

namespace {

// Mode bits of group and others, the ones a private file or directory must not have.
constexpr mode_t SharedBits = S_IRWXG | S_IRWXO;

Status tighten(const struct stat &st, const QString &path, const char *field, mode_t privateMode,
               const std::function<int(mode_t)> &chmodTo)
{
    if ((st.st_mode & SharedBits) == 0)
        return Done{};
    if (st.st_uid != ::geteuid())
        return makeError("io_error", field ? field : "path",
                         "\"" + path.toStdString() + "\" belongs to another user and others can reach it (mode "
                             + std::to_string(st.st_mode & 0777)
                             + " decimal); audit records are not written there. "
                               "Use a directory of your own (mode 0700).");
    if (chmodTo(privateMode) != 0)
        return ioError(field, path, "make private (chmod)");
    return Done{};
}

} // namespace

Status tightenPrivateDir(const QString &path, const char *field)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st
    {};
    if (::lstat(name.constData(), &st) != 0)
        return ioError(field, path, "inspect");
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))
        return makeError("io_error", field ? field : "path",
                         "\"" + path.toStdString() + "\" is not a directory of its own (a link or a file).");
    return tighten(st, path, field, 0700, [&](mode_t mode) { return ::chmod(name.constData(), mode); });
}

Status tightenPrivateFile(int fd, const QString &path, const char *field)
{
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return ioError(field, path, "inspect");
    return tighten(st, path, field, 0600, [fd](mode_t mode) { return ::fchmod(fd, mode); });
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
