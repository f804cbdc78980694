// scripts/rollout/staged-rollout-automation.sh against the real API and the simulator: a
// whole rollout (5% → 100%) in about two minutes, and a degraded ML cohort rolled back. The
// set-up is tests/scripts/rollout-rehearsal.sh (demo play starts the rollout, serve, the
// stand-in serving system under wrk, two stakeholders who sign off). Needs the test Redis
// (scripts/test), wrk, jq and curl; skipped without them.

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace {

struct Rehearsal
{
    int exitCode = -1;
    std::vector<QJsonObject> events; ///< the automation's JSON lines
    QJsonObject flag;                ///< `rampartctl flag get` at the end
    QByteArray log;
};

Rehearsal rehearse(const char *mode)
{
    Rehearsal r;
    QTemporaryDir dir;
    EXPECT_TRUE(dir.isValid());
    QProcess script;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RAMPARTCTL"), QStringLiteral(RAMPARTCTL_PATH));
    script.setProcessEnvironment(env);
    script.start(QStringLiteral(RAMPART_SOURCE_DIR "/tests/scripts/rollout-rehearsal.sh"), {dir.path(), QString::fromLatin1(mode)});
    EXPECT_TRUE(script.waitForStarted(10000));
    EXPECT_TRUE(script.waitForFinished(480000)) << "the rehearsal did not end in 8 minutes";
    r.exitCode = script.exitCode();
    r.log = script.readAllStandardError();
    QFile events(dir.filePath(QStringLiteral("automation.jsonl")));
    if (events.open(QIODevice::ReadOnly))
        for (const QByteArray &line : events.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                r.events.push_back(QJsonDocument::fromJson(line).object());
    QFile flag(dir.filePath(QStringLiteral("flag.json")));
    if (flag.open(QIODevice::ReadOnly))
        r.flag = QJsonDocument::fromJson(flag.readAll()).object();
    QFile err(dir.filePath(QStringLiteral("automation.err")));
    if (err.open(QIODevice::ReadOnly))
        r.log += err.readAll();
    return r;
}

class RolloutAutomation : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!std::getenv("RAMPART_TEST_REDIS_URL"))
            GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed (scripts/test starts Redis)";
        for (const char *tool : {"wrk", "jq", "curl"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                GTEST_SKIP() << tool << " is not installed";
    }
};

std::vector<double> advances(const Rehearsal &r)
{
    std::vector<double> out;
    for (const QJsonObject &e : r.events)
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("advance"))
            out.push_back(e.value(QStringLiteral("percentage")).toDouble());
    return out;
}

TEST_F(RolloutAutomation, DrivesAWholeTimeScaledRolloutToTheLastStageThroughTheApi)
{
    const Rehearsal r = rehearse("complete");
    EXPECT_EQ(r.exitCode, 0) << r.log.constData() << (r.events.empty() ? QByteArray() : QJsonDocument(r.events.back()).toJson()).constData();
    // Every stage in order, each only once, by the automation's operator token.
    EXPECT_EQ(advances(r), (std::vector<double>{25, 50, 75, 100})) << r.log.constData();
    ASSERT_FALSE(r.events.empty());
    EXPECT_EQ(r.events.back().value(QStringLiteral("event")).toString(), QStringLiteral("reached"));
    EXPECT_EQ(r.flag.value(QStringLiteral("percentage")).toDouble(), 100.0);
    EXPECT_EQ(r.flag.value(QStringLiteral("updated_by")).toString(), QStringLiteral("automation"));
    EXPECT_EQ(r.flag.value(QStringLiteral("stage")).toString(), QStringLiteral("full"));
    // It waited out the dwell: holds on the dwell gate came before advancing.
    bool heldOnDwell = false;
    for (const QJsonObject &e : r.events)
        heldOnDwell = heldOnDwell || e.value(QStringLiteral("message")).toString().startsWith(QLatin1String("Minimum dwell not reached"));
    EXPECT_TRUE(heldOnDwell);
}

TEST_F(RolloutAutomation, ADegradedTreatmentIsRolledBackAndTheExitCodeSaysSo)
{
    const Rehearsal r = rehearse("degrade");
    EXPECT_EQ(r.exitCode, 3) << r.log.constData();
    EXPECT_TRUE(advances(r).empty()) << "advanced a degraded rollout";
    ASSERT_FALSE(r.events.empty());
    const QJsonObject last = r.events.back();
    EXPECT_TRUE(last.value(QStringLiteral("event")).toString() == QLatin1String("rollback")
                || last.value(QStringLiteral("event")).toString() == QLatin1String("rolled_back"));
    EXPECT_TRUE(last.value(QStringLiteral("message")).toString().contains(QLatin1String("latency"))) << r.log.constData();
    EXPECT_EQ(r.flag.value(QStringLiteral("percentage")).toDouble(), 0.0);
    EXPECT_EQ(r.flag.value(QStringLiteral("stage")).toString(), QStringLiteral("rollback"));
}

} // namespace
