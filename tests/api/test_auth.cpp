#include "api/auth.h"

#include <QCryptographicHash>
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
