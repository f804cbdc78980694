// Tests for core/service/usecases.h: the exit code of each error family, and the archive
// export from a SQLite workspace (written aside, verified, then renamed; nothing left on
// failure).

#include "service/usecases.h"

#include "service/backends.h"

#include "flags/flagstore.h"
#include "store/sqliteevidencestore.h"
#include "telemetry/prometheusclient.h"

#include "controllertestsupport.h"
#include "../rollout/rolloutfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace rampart;
using namespace rampart::service;
using namespace rampart::rollout::testing;

TEST(ExitCodes, EachErrorFamilyHasItsCode)
{
    EXPECT_EQ(exitCodeFor(makeError(store::storeerrc::Unavailable, "", "")), exitcode::Unavailable);
    EXPECT_EQ(exitCodeFor(makeError(flags::flagerrc::Unavailable, "", "")), exitcode::Unavailable);
    EXPECT_EQ(exitCodeFor(makeError(telemetry::telemetryerrc::Unavailable, "", "")), exitcode::Unavailable);
    EXPECT_EQ(exitCodeFor(makeError(flags::flagerrc::VersionConflict, "", "")), exitcode::Conflict);
    EXPECT_EQ(exitCodeFor(makeError(store::storeerrc::Corrupt, "", "")), exitcode::Failure);
    EXPECT_EQ(exitCodeFor(makeError(store::storeerrc::QueryFailed, "", "")), exitcode::Failure);
    EXPECT_EQ(exitCodeFor(makeError(errc::InvalidArgument, "x", "")), exitcode::BadInput);
    EXPECT_EQ(exitCodeFor(makeError("invalid_transition", "", "")), exitcode::BadInput);
}

class ArchiveTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        auto opened = store::SqliteEvidenceStore::open(dir.filePath(QStringLiteral("source.rampart")));
        ASSERT_TRUE(opened.ok());
        source = std::move(opened).value();
        ASSERT_TRUE(source->ingest(service::testing::stageEvents("documentation-keeper", t0(), 30, 3, 1)).ok());
        ASSERT_TRUE(source->recordSignOff("documentation-keeper", approval("ops:ben", 5.0, t0())).ok());
        store::AuditEntry e;
        e.at = t0();
        e.actor = "ops:ben";
        e.action = "sign_off";
        e.subject = "documentation-keeper";
        e.detailJson = "{}";
        ASSERT_TRUE(source->appendAudit(e).ok());
    }
    QTemporaryDir dir;
    std::unique_ptr<store::SqliteEvidenceStore> source;
};

TEST_F(ArchiveTest, ExportsTheRolloutAndItsVerifiedTrail)
{
    ArchiveRequest request{"documentation-keeper", dir.filePath(QStringLiteral("out.rampart")), "", "sqlite:source", false};
    auto counts = exportArchive(*source, request);
    ASSERT_TRUE(counts.ok()) << counts.error().message;
    EXPECT_EQ(counts->path, QFileInfo(request.to).absoluteFilePath());
    EXPECT_EQ(counts->rollups, static_cast<std::int64_t>(source->rollups("documentation-keeper")->size()));
    EXPECT_EQ(counts->signOffs, 1);
    EXPECT_EQ(counts->auditRows, 1);
    auto archive = store::SqliteEvidenceStore::open(request.to);
    ASSERT_TRUE(archive.ok());
    EXPECT_EQ(*(*archive)->meta("source"), std::optional<std::string>("sqlite:source"));
    EXPECT_FALSE((*archive)->verifyAudit()->firstBadId.has_value());
    // Summaries from the archive equal the source's.
    const auto a = (*archive)->units("documentation-keeper", "deterministic", "ml", t0(), t0() + std::chrono::hours(1));
    const auto b = source->units("documentation-keeper", "deterministic", "ml", t0(), t0() + std::chrono::hours(1));
    EXPECT_EQ(*a, *b);
}

TEST_F(ArchiveTest, FailedExportLeavesNothingAndExistingFileNeedsForce)
{
    ArchiveRequest request{"nobody", dir.filePath(QStringLiteral("none.rampart")), "", "sqlite:source", false};
    auto failed = exportArchive(*source, request);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, "unknown_agent");
    EXPECT_EQ(QDir(dir.path()).entryList({QStringLiteral("none.rampart*")}, QDir::Files).size(), 0);

    request.agent = "documentation-keeper";
    ASSERT_TRUE(exportArchive(*source, request).ok());
    auto again = exportArchive(*source, request);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, "file_exists");
    EXPECT_EQ(again.error().field, "to");
    request.force = true;
    EXPECT_TRUE(exportArchive(*source, request).ok());
}

// Bug found at integration: the controller opened its store without the audit key, so after
// a keyed `rampartctl flag rollback` its own records would have continued the chain unkeyed
// (which verify refuses). The controller's backends now read the same key.
TEST(Backends, TheControllersStoreIsKeyedLikeTheFlagCommands)
{
    const char *redis = std::getenv("RAMPART_TEST_REDIS_URL");
    if (redis == nullptr)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is not set (scripts/test starts a Redis)";
    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("audit.key"));
    {
        QFile f(keyFile);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write("0123456789abcdef0123456789abcdef\n");
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    io::Connections c;
    c.redisUrl = QString::fromLatin1(redis);
    c.redisPassword = qEnvironmentVariable("RAMPART_TEST_REDIS_PASSWORD");
    BackendOptions options;
    options.workspace = dir.filePath(QStringLiteral("w.rampart"));

    qputenv("RAMPART_AUDIT_KEY_FILE", keyFile.toLocal8Bit());
    auto keyed = openBackends(c, options);
    ASSERT_TRUE(keyed.ok()) << keyed.error().message;
    EXPECT_TRUE(keyed->store->hasAuditKey());

    QFile::setPermissions(keyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    auto open = openBackends(c, options);
    ASSERT_FALSE(open.ok()) << "a key file readable by others is refused";
    EXPECT_EQ(open.error().field, "audit_key_file");
    qunsetenv("RAMPART_AUDIT_KEY_FILE");
}
