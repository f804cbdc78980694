#pragma once

// What the tests that run `rampartctl serve` as a process on the shared test servers need
// alike (the cluster and team mode tests): the shipped plan under a flag and agent of the
// run's own, a private token file, the servers' environment.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>

#include <chrono>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace rampart::testing {

struct OwnPlan
{
    QString file;      ///< empty when the shipped plan could not be read or the file written
    std::string flag;  ///< "<prefix>-<pid>-<time>"
    std::string agent; ///< "<prefix>-agent-<pid>-<time>"
};

/// The shipped plan with a flag and agent of this run's own (the servers are shared) and no
/// service gates (no Prometheus), written to `path`.
inline OwnPlan writeOwnPlan(const QString &path, const std::string &prefix)
{
    QFile in(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QJsonObject plan = QJsonDocument::fromJson(in.readAll()).object();
    const std::string suffix = std::to_string(::getpid()) + "-"
        + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    OwnPlan own{path, prefix + "-" + suffix, prefix + "-agent-" + suffix};
    plan.insert(QStringLiteral("flag"), QString::fromStdString(own.flag));
    plan.insert(QStringLiteral("agent"), QString::fromStdString(own.agent));
    plan.remove(QStringLiteral("flag_alias"));
    plan.insert(QStringLiteral("service_gates"), QJsonArray());
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(plan).toJson()) < 0)
        return {};
    return own;
}

/// A token file (`ROLE NAME TOKEN` lines) only its owner may read, as serve requires.
inline bool writeTokenFile(const QString &path, const QByteArray &lines)
{
    QFile t(path);
    if (!t.open(QIODevice::WriteOnly) || t.write(lines) != lines.size())
        return false;
    t.close();
    return t.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

/// The environment of a serve on the test PostgreSQL and Redis, without Prometheus.
inline QProcessEnvironment serveEnvironment(const std::string &databaseUrl)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const char *redisPassword = std::getenv("RAMPART_TEST_REDIS_PASSWORD");
    env.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromStdString(databaseUrl));
    env.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromLocal8Bit(std::getenv("RAMPART_TEST_REDIS_URL")));
    env.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromLocal8Bit(redisPassword ? redisPassword : ""));
    env.remove(QStringLiteral("RAMPART_PROMETHEUS_URL"));
    return env;
}

} // namespace rampart::testing
