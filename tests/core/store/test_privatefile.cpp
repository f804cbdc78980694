// Tests for core/store/privatefile.h: files and directories Rampart creates are private
// whatever the umask (issue 8, item 16), and so are new SQLite workspaces and archives.

#include "store/privatefile.h"
#include "store/sqliteevidencestore.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rampart;
using namespace rampart::store;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat info{};
    EXPECT_EQ(::stat(QFile::encodeName(path).constData(), &info), 0) << path.toStdString();
    return info.st_mode & 07777;
}

/// Runs a test under a permissive umask, restoring the old one afterwards.
class PrivateFileTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_oldMask = ::umask(0);
    }
    void TearDown() override { ::umask(m_oldMask); }
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    QTemporaryDir m_dir;
    mode_t m_oldMask = 022;
};

} // namespace

TEST_F(PrivateFileTest, DirectoriesAreCreated0700AtEveryLevel)
{
    ASSERT_TRUE(ensurePrivateDir(path("a/b/c"), "outbox_directory").ok());
    EXPECT_EQ(modeOf(path("a")), 0700u);
    EXPECT_EQ(modeOf(path("a/b")), 0700u);
    EXPECT_EQ(modeOf(path("a/b/c")), 0700u);
    EXPECT_TRUE(ensurePrivateDir(path("a/b/c"), "outbox_directory").ok()); // existing is fine
}

TEST_F(PrivateFileTest, AnExistingDirectoryKeepsItsModeAndAFileIsNotADirectory)
{
    ASSERT_EQ(::mkdir(QFile::encodeName(path("shared")).constData(), 0750), 0);
    EXPECT_TRUE(ensurePrivateDir(path("shared"), "outbox_directory").ok());
    EXPECT_EQ(modeOf(path("shared")), 0750u);
    ASSERT_TRUE(touchPrivateFile(path("plain"), "f").ok());
    const Status s = ensurePrivateDir(path("plain/sub"), "outbox_directory");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "io_error");
    EXPECT_EQ(s.error().field, "outbox_directory");
}

TEST_F(PrivateFileTest, NewFilesAre0600ExistingOnesKeepTheirMode)
{
    auto fd = createPrivateFile(path("record"), O_WRONLY | O_APPEND, "outbox_directory");
    ASSERT_TRUE(fd.ok()) << fd.error().message;
    EXPECT_EQ(::write(*fd, "x", 1), 1);
    ::close(*fd);
    EXPECT_EQ(modeOf(path("record")), 0600u);

    ASSERT_EQ(::close(::open(QFile::encodeName(path("old")).constData(), O_CREAT | O_WRONLY, 0644)), 0);
    auto again = createPrivateFile(path("old"), O_RDONLY, "f");
    ASSERT_TRUE(again.ok());
    ::close(*again);
    EXPECT_EQ(modeOf(path("old")), 0644u);

    auto exclusive = createPrivateFile(path("old"), O_WRONLY | O_EXCL, "f");
    ASSERT_FALSE(exclusive.ok());
    EXPECT_EQ(exclusive.error().field, "f");
    EXPECT_FALSE(createPrivateFile(path("missing/x"), O_WRONLY, "f").ok());
}

TEST_F(PrivateFileTest, ANewSqliteWorkspaceAndItsJournalArePrivate)
{
    {
        auto store = SqliteEvidenceStore::open(path("workspace.rampart"));
        ASSERT_TRUE(store.ok()) << store.error().message;
        EXPECT_EQ(modeOf(path("workspace.rampart")), 0600u);
        if (QFile::exists(path("workspace.rampart-wal"))) {
            EXPECT_EQ(modeOf(path("workspace.rampart-wal")), 0600u);
        }
    }
    EXPECT_EQ(modeOf(path("workspace.rampart")), 0600u);
}
