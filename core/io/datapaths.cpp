#include "datapaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

// Both come from core/io/CMakeLists.txt; the fallbacks keep a stray build of this file honest.
#ifndef RAMPART_SOURCE_DATA_DIR
#define RAMPART_SOURCE_DATA_DIR ""
#endif
#ifndef RAMPART_INSTALL_DATA_DIR
#define RAMPART_INSTALL_DATA_DIR "/usr/share/rampart"
#endif
#ifndef RAMPART_BIN_TO_DATA_DIR
#define RAMPART_BIN_TO_DATA_DIR "../share/rampart"
#endif

namespace rampart::io {

namespace {

bool holdsPlans(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/plans")).isDir();
}

QString clean(const QString &dir)
{
    return QDir::cleanPath(QDir(dir).absolutePath());
}

} // namespace

DataDirectory findDataDirectory(const QString &executableDir)
{
    for (const char *name : {"RAMPART_DATA_DIR", "RAMPART_RESOURCES"}) {
        const QString fromEnv = qEnvironmentVariable(name);
        if (!fromEnv.isEmpty())
            return {clean(fromEnv), DataDirectorySource::Environment};
    }
    QString exeDir = executableDir;
    if (exeDir.isEmpty() && QCoreApplication::instance())
        exeDir = QCoreApplication::applicationDirPath();
    if (!exeDir.isEmpty()) {
        const QString beside = exeDir + QLatin1Char('/') + QStringLiteral(RAMPART_BIN_TO_DATA_DIR);
        if (holdsPlans(beside))
            return {clean(beside), DataDirectorySource::BesideExecutable};
    }
    const QString source = QStringLiteral(RAMPART_SOURCE_DATA_DIR);
    if (holdsPlans(source))
        return {clean(source), DataDirectorySource::SourceTree};
    return {clean(QStringLiteral(RAMPART_INSTALL_DATA_DIR)), DataDirectorySource::ConfiguredPrefix};
}

QString dataDirectory()
{
    return findDataDirectory().path;
}

QString dataFile(const QString &relative)
{
    return dataDirectory() + QLatin1Char('/') + relative;
}

QString dataDirectorySourceName(DataDirectorySource source)
{
    switch (source) {
    case DataDirectorySource::Environment:
        return QStringLiteral("environment");
    case DataDirectorySource::BesideExecutable:
        return QStringLiteral("installed");
    case DataDirectorySource::SourceTree:
        return QStringLiteral("source tree");
    case DataDirectorySource::ConfiguredPrefix:
        return QStringLiteral("configured prefix");
    }
    return QString();
}

} // namespace rampart::io
