#pragma once

// Files that hold audit records, evidence or archives are the operator's alone (issue 8,
// item 16): created 0600 in directories created 0700, whatever the umask says. An existing
// workspace keeps the mode it has (an operator may have chosen a shared one); the audit and
// stage-history outboxes are made private whoever made them (tightenPrivateDir/File).

#include "stats/result.h"

#include <QString>

namespace rampart::store {

/**
 * Creates the directory `path` and any missing parents with mode 0700 (like `mkdir -p -m
 * 700`, for every level it creates). An existing directory is fine; an existing
 * non-directory is an "io_error" naming `field`.
 */
Status ensurePrivateDir(const QString &path, const char *field);

/**
 * Opens `path` with open(2) `flags` (O_CREAT is added, O_CLOEXEC too) and mode 0600, and
 * returns the descriptor, which the caller closes. A file this call creates is 0600 exactly
 * (fchmod after creation, so a umask of 0 or 002 cannot widen it); a file that existed
 * keeps its mode. Its directory must exist (ensurePrivateDir). Errors are "io_error"
 * naming `field`, with the path and the system's reason.
 */
Result<int> createPrivateFile(const QString &path, int flags, const char *field);

/// createPrivateFile(path, O_RDWR) and close: makes sure `path` exists, private if new.
Status touchPrivateFile(const QString &path, const char *field);

/**
 * For directories that must be private whoever made them (the audit and stage-history
 * outboxes; issue 22): an existing directory `path` of this user with group or other bits is
 * chmod-ed to 0700; one of another user that others can reach, or a symbolic link, is an
 * "io_error" naming `field` (nothing is written into it).
 */
Status tightenPrivateDir(const QString &path, const char *field);

/// The same for an open file: 0600 when it is this user's, refused when it is another's and
/// others can read it.
Status tightenPrivateFile(int fd, const QString &path, const char *field);

} // namespace rampart::store
