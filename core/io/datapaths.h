#pragma once
// Where Rampart's read-only data lives — the rollout plans, their JSON Schema, the evidence
// examples, the SQL migrations and queries, the Grafana dashboard and the translations — for
// a development build and for an installed one alike (docs/packaging.md).

#include <QString>

namespace rampart::io {

/// Where dataDirectory() found the data, for messages and `--help`.
enum class DataDirectorySource {
    Environment,       ///< $RAMPART_DATA_DIR (or the older name $RAMPART_RESOURCES)
    BesideExecutable,  ///< <executable dir>/../share/rampart: an installed program, any prefix
    SourceTree,        ///< the source tree's resources/: a development build
    ConfiguredPrefix,  ///< CMAKE_INSTALL_FULL_DATADIR/rampart, compiled in (the last resort)
};

struct DataDirectory
{
    QString path;               ///< absolute, without a trailing slash
    DataDirectorySource source; ///< which rule chose it
};

/// The data directory, by the first rule that holds:
///  1. `$RAMPART_DATA_DIR` (or `$RAMPART_RESOURCES`) when set and not empty — taken as given;
///  2. `<dir of the running executable>/../<datadir>/rampart` when it holds `plans/` — an
///     installed program finds its own data whatever the prefix (/usr, /usr/local, a DESTDIR
///     or a chroot), even when the source tree it was built from still exists;
///  3. the source tree's `resources/` when it holds `plans/` — a program run from its build
///     directory, and the tests;
///  4. the install prefix configured at build time (`<prefix>/share/rampart`).
/// `executableDir` defaults to QCoreApplication::applicationDirPath() (empty without an
/// application object, which skips rule 2); tests pass their own.
DataDirectory findDataDirectory(const QString &executableDir = QString());

/// findDataDirectory().path.
QString dataDirectory();

/// The path of a file in the data directory, e.g. dataFile("plans/documentation-keeper.json").
QString dataFile(const QString &relative);

/// "environment", "installed", "source tree" or "configured prefix".
QString dataDirectorySourceName(DataDirectorySource source);

} // namespace rampart::io
