#include "api/auth.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace rampart::api;

TEST(TokenStore, ReadsRolesNamesAndPlainOrHashedTokens)
{
    const QByteArray hashed = QCryptographicHash::hash("stakeholder-secret-0001", QCryptographicHash::Sha256).toHex();
    auto store = TokenStore::fromText("# tokens\n\noperator alice alice-secret-000001\nstakeholder bob sha256:" + hashed
                                      + "\nviewer carol carol-secret-000001\n");
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(store->size(), 3u);
    auto alice = store->authenticate("alice-secret-000001");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->name, "alice");
    EXPECT_EQ(alice->role, Role::Operator);
    auto bob = store->authenticate("stakeholder-secret-0001");
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->role, Role::Stakeholder);
    EXPECT_FALSE(store->authenticate("alice-secret-000002"));
    EXPECT_FALSE(store->authenticate(""));
    EXPECT_FALSE(store->authenticate("sha256:" + hashed)); // the digest is not the token
}

TEST(TokenStore, RejectsBadLinesNamingTheField)
{
    for (const QByteArray &text : {QByteArray("operator alice"), QByteArray("admin alice alice-secret-000001"),
                                  QByteArray("operator alice short"), QByteArray("operator alice sha256:abcd")}) {
        auto store = TokenStore::fromText(text);
        ASSERT_FALSE(store) << text.constData();
        EXPECT_EQ(store.error().field, "tokens");
        EXPECT_NE(store.error().message.find("line 1"), std::string::npos) << store.error().message;
    }
}

TEST(TokenStore, MissingFileIsAnIoError)
{
    auto store = TokenStore::fromFile(QStringLiteral("/nonexistent/tokens"));
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, "io_error");
    EXPECT_EQ(store.error().field, "tokens");
}

// Issue 22, item 8: serve took a 0644 file of raw tokens as it found it.
TEST(TokenStore, AFileOthersCanReadMayHoldOnlyDigestsAndNoneMayBeWritableByOthers)
{
    QTemporaryDir dir;
    const auto write = [&](const char *name, const QByteArray &text, QFileDevice::Permissions permissions) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();
        EXPECT_TRUE(f.setPermissions(permissions));
        return path;
    };
    const QFileDevice::Permissions owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QFileDevice::Permissions readable = owner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const QByteArray raw = "operator olga operator-secret-0001\n";
    const QByteArray digest = "viewer vic sha256:"
        + QCryptographicHash::hash("viewer-secret-00001", QCryptographicHash::Sha256).toHex() + "\n";

    auto refused = TokenStore::fromFile(write("raw-0644", raw, readable));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "insecure_permissions");
    EXPECT_EQ(refused.error().field, "tokens");
    EXPECT_NE(refused.error().message.find("0644"), std::string::npos) << refused.error().message;
    EXPECT_EQ(refused.error().message.find("operator-secret"), std::string::npos) << refused.error().message;

    EXPECT_TRUE(TokenStore::fromFile(write("raw-0600", raw, owner)).ok());
    EXPECT_TRUE(TokenStore::fromFile(write("digests-0644", digest, readable)).ok());
    auto writable = TokenStore::fromFile(
        write("digests-0666", digest, readable | QFileDevice::WriteGroup | QFileDevice::WriteOther));
    ASSERT_FALSE(writable.ok());
    EXPECT_EQ(writable.error().code, "insecure_permissions");
}

TEST(Roles, OperatorsWriteFlagsStakeholdersSignOffEveryoneReads)
{
    EXPECT_TRUE(allows(Role::Viewer, Role::Viewer));
    EXPECT_TRUE(allows(Role::Operator, Role::Viewer));
    EXPECT_TRUE(allows(Role::Operator, Role::Operator));
    EXPECT_FALSE(allows(Role::Viewer, Role::Operator));
    EXPECT_FALSE(allows(Role::Stakeholder, Role::Operator));
    EXPECT_FALSE(allows(Role::Operator, Role::Stakeholder));
    EXPECT_TRUE(allows(Role::Stakeholder, Role::Stakeholder));
}

TEST(ConstantTimeEquals, ComparesWholeStrings)
{
    EXPECT_TRUE(constantTimeEquals("abcdef", "abcdef"));
    EXPECT_FALSE(constantTimeEquals("abcdef", "abcdeg"));
    EXPECT_FALSE(constantTimeEquals("abcdef", "bbcdef"));
    EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}
