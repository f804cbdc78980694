// Black-box tests of `rampartctl archive export --from-sqlite`: one rollout copied into one
// .rampart file that SqliteEvidenceStore opens and summarises exactly like its source.

#include "clirun.h"
#include "resultexpect.h"
#include "sqlitetestdata.h"

#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace rampart;
using rampart::store::SqliteEvidenceStore;
namespace rt = rampart::testing;

namespace {

constexpr const char *Agent = "documentation-keeper";

/// A source workspace with two agents' outcomes, a rollout's history, sign-offs and audit.
class ArchiveExport : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_source = m_dir.filePath(QStringLiteral("workspace.rampart"));
        auto store = SqliteEvidenceStore::open(m_source);
        ASSERT_TRUE(store.ok()) << store.error().message;
        ASSERT_TRUE(store.value()->ingest(rt::makeEvents(Agent, 1500, 120)).ok());
        ASSERT_TRUE(store.value()->ingest(rt::makeEvents("another-agent", 200, 20, 11)).ok());
        ASSERT_TRUE(store.value()->recordTransition(Agent, rt::transition(0, 5, 0)).ok());
        ASSERT_TRUE(store.value()->recordTransition(Agent, rt::transition(5, 25, 100)).ok());
        ASSERT_TRUE(store.value()->recordTransition("another-agent", rt::transition(0, 5, 0)).ok());
        ASSERT_TRUE(store.value()->recordSignOff(Agent, rt::signOff("pm@example.com", 99)).ok());
        for (int i = 0; i < 4; ++i)
            ASSERT_TRUE(store.value()->appendAudit(rt::auditEntry("transition", i)).ok());
    }

    rt::CliRun exportTo(const QString &to, QStringList extra = {})
    {
        return rt::runRampartctl(QStringList{QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                             QString::fromLatin1(Agent), QStringLiteral("--to"), to,
                                             QStringLiteral("--from-sqlite"), m_source} +
                                 extra);
    }

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_dir;
    QString m_source;
};

std::unique_ptr<SqliteEvidenceStore> openArchive(const QString &path)
{
    auto store = SqliteEvidenceStore::open(path);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

void expectSameEvidence(const std::vector<rollout::MetricEvidence> &a, const std::vector<rollout::MetricEvidence> &b)
{
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        SCOPED_TRACE(a[i].metric);
        EXPECT_EQ(a[i].metric, b[i].metric);
        for (const auto &[x, y] : {std::pair{&a[i].control, &b[i].control}, std::pair{&a[i].treatment, &b[i].treatment}}) {
            EXPECT_EQ(x->summary.count(), y->summary.count());
            EXPECT_EQ(x->summary.successes(), y->summary.successes());
            rt::expectRelativeNear(x->summary.mean(), y->summary.mean(), 1e-12);
            rt::expectRelativeNear(x->summary.variance(), y->summary.variance(), 1e-12);
            EXPECT_EQ(x->levelCounts, y->levelCounts);
            EXPECT_EQ(x->p95, y->p95);
        }
    }
}

} // namespace

TEST_F(ArchiveExport, CopiesTheRolloutAndSummarisesLikeItsSource)
{
    const QString to = path("documentation-keeper.rampart");
    const QString plan = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");
    const rt::CliRun run = exportTo(to, {QStringLiteral("--plan"), plan});
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QJsonObject out = rt::jsonObject(run.out);
    EXPECT_EQ(out.value(QStringLiteral("archive")).toString(), QFileInfo(to).absoluteFilePath());
    EXPECT_EQ(out.value(QStringLiteral("audit_rows")).toInt(), 4);
    EXPECT_EQ(out.value(QStringLiteral("sign_offs")).toInt(), 1);
    EXPECT_EQ(out.value(QStringLiteral("transitions")).toInt(), 2);
    EXPECT_TRUE(out.value(QStringLiteral("audit_verified")).toBool());

    auto source = openArchive(m_source);
    auto archive = openArchive(to);
    ASSERT_TRUE(source && archive);
    EXPECT_EQ(out.value(QStringLiteral("rollups")).toInt(),
              static_cast<int>(rt::valueOf(source->rollups(Agent)).size()));
    for (const auto &[from, until] : {std::pair{rt::at(0), rt::at(120)}, std::pair{rt::at(30), rt::at(61)}}) {
        expectSameEvidence(rt::valueOf(archive->summaries(Agent, "deterministic", "ml", from, until)),
                           rt::valueOf(source->summaries(Agent, "deterministic", "ml", from, until)));
        EXPECT_EQ(rt::valueOf(archive->units(Agent, "deterministic", "ml", from, until)),
                  rt::valueOf(source->units(Agent, "deterministic", "ml", from, until)));
    }
    EXPECT_TRUE(rt::valueOf(archive->rollups("another-agent")).empty()) << "only the agent's rollups are copied";
    EXPECT_EQ(rt::valueOf(archive->stageHistory(Agent)).size(), 2u);
    EXPECT_EQ(rt::valueOf(archive->signOffs(Agent)).front().approver, "pm@example.com");
    EXPECT_EQ(rt::valueOf(archive->verifyAudit()).rowsChecked, 4);
    EXPECT_EQ(rt::valueOf(archive->meta("agent")), std::optional<std::string>(Agent));
    EXPECT_EQ(rt::valueOf(archive->meta("kind")), std::optional<std::string>("archive"));
    const auto sourceMeta = rt::valueOf(archive->meta("source"));
    ASSERT_TRUE(sourceMeta.has_value());
    EXPECT_EQ(sourceMeta->rfind("sqlite:", 0), 0u) << *sourceMeta;
    const auto planMeta = rt::valueOf(archive->meta("plan"));
    ASSERT_TRUE(planMeta.has_value());
    EXPECT_NE(planMeta->find("documentation-keeper"), std::string::npos);
    EXPECT_EQ(QDir(m_dir.path()).entryList({QStringLiteral("*.partial-*")}, QDir::Files), QStringList{})
        << "no temporary file is left behind";
}

TEST_F(ArchiveExport, AnExistingFileIsKeptWithoutForce)
{
    const QString to = path("existing.rampart");
    {
        QFile file(to);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("keep me");
    }
    rt::expectCliError(exportTo(to), "file_exists", "to");
    QFile file(to);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), QByteArray("keep me"));
    file.close();

    const rt::CliRun forced = exportTo(to, {QStringLiteral("--force")});
    ASSERT_EQ(forced.exitCode, 0) << forced.err.constData();
    auto archive = openArchive(to);
    ASSERT_TRUE(archive);
    EXPECT_EQ(rt::valueOf(archive->stageHistory(Agent)).size(), 2u);
}

TEST_F(ArchiveExport, AMissingDirectoryIsAClearError)
{
    const rt::CliRun run = exportTo(path("no/such/dir/x.rampart"));
    rt::expectCliError(run, "io_error", "to");
    EXPECT_TRUE(rt::jsonObject(run.err).value(QStringLiteral("message")).toString().contains(QStringLiteral("does not exist")));
    EXPECT_FALSE(QFileInfo::exists(path("no")));
}

TEST_F(ArchiveExport, AnAgentWithoutDataIsRefused)
{
    const rt::CliRun run = rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                              QStringLiteral("nobody"), QStringLiteral("--to"), path("nobody.rampart"),
                                              QStringLiteral("--from-sqlite"), m_source});
    rt::expectCliError(run, "unknown_agent", "agent");
    EXPECT_FALSE(QFileInfo::exists(path("nobody.rampart")));
    EXPECT_EQ(QDir(m_dir.path()).entryList({QStringLiteral("*.partial-*")}, QDir::Files), QStringList{});
}

TEST_F(ArchiveExport, AMissingSourceIsNotCreated)
{
    const rt::CliRun run = rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                              QString::fromLatin1(Agent), QStringLiteral("--to"), path("x.rampart"),
                                              QStringLiteral("--from-sqlite"), path("missing.rampart")});
    rt::expectCliError(run, "io_error", "from-sqlite");
    EXPECT_FALSE(QFileInfo::exists(path("missing.rampart")));
}

TEST_F(ArchiveExport, AnInvalidPlanIsRefusedBeforeAnythingIsWritten)
{
    const QString plan = path("plan.json");
    QFile file(plan);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"agent": "documentation-keeper"})");
    file.close();
    const rt::CliRun run = exportTo(path("x.rampart"), {QStringLiteral("--plan"), plan});
    EXPECT_EQ(run.exitCode, 2) << run.err.constData();
    EXPECT_FALSE(QFileInfo::exists(path("x.rampart")));
}

TEST_F(ArchiveExport, ATamperedSourceTrailIsNotArchived)
{
    {
        auto source = openArchive(m_source);
        ASSERT_TRUE(source);
        QSqlQuery q(QSqlDatabase::database(source->connectionName()));
        ASSERT_TRUE(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
        ASSERT_TRUE(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory' WHERE id = 2")));
    }
    const rt::CliRun run = exportTo(path("x.rampart"));
    rt::expectCliError(run, store::storeerrc::Corrupt, "audit", 1);
    EXPECT_TRUE(rt::jsonObject(run.err).value(QStringLiteral("message")).toString().contains(QStringLiteral("row 2")));
    EXPECT_FALSE(QFileInfo::exists(path("x.rampart")));
}

TEST_F(ArchiveExport, UsageErrors)
{
    rt::expectCliError(rt::runRampartctl({QStringLiteral("archive")}), "usage", "");
    rt::expectCliError(rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("import")}), "unknown_command", "command");
    rt::expectCliError(rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                          QString::fromLatin1(Agent)}),
                       "usage", "");
    rt::expectCliError(exportTo(path("x.rampart"), {QStringLiteral("--bogus")}), "usage", "");
    const rt::CliRun help = rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("--from-sqlite"));
}

TEST_F(ArchiveExport, WithoutADatabaseOrASourceItSaysWhatToSet)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("RAMPART_DATABASE_URL"));
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.path());
    const rt::CliRun run = rt::runRampartctl({QStringLiteral("archive"), QStringLiteral("export"), QStringLiteral("--agent"),
                                              QString::fromLatin1(Agent), QStringLiteral("--to"), path("x.rampart")},
                                             {}, environment);
    rt::expectCliError(run, "missing_config", "database_url");
}
