// Tests for stats/redact.h: no credential survives into a message (issue 8, item 14).

#include "stats/redact.h"

#include <gtest/gtest.h>

using rampart::redactCredentials;

TEST(RedactCredentials, MasksThePasswordOfUrlUserInformation)
{
    EXPECT_EQ(redactCredentials("redis://user:hunter2@host:6379/0"), "redis://user:***@host:6379/0");
    EXPECT_EQ(redactCredentials("postgresql://rampart:pw@db:5432/rampart"), "postgresql://rampart:***@db:5432/rampart");
    EXPECT_EQ(redactCredentials("http://:tok@prom:9090"), "http://:***@prom:9090");
    // A password containing '@' and ':' is masked whole.
    EXPECT_EQ(redactCredentials("redis://u:p@ss:w@host"), "redis://u:***@host");
}

TEST(RedactCredentials, MasksMalformedUrlsThatFailToParse)
{
    for (const char *text : {"redis:/user:hunter2@host", "user:hunter2@host:6379", "postgresql://us er:hunter2@[db/x",
                             "The Redis URL \"redis//u:hunter2@h\" does not start with redis://",
                             "unexpected character at position 9 in URI: \"postgresql://u:hunter2@h:x:y/db\""}) {
        const std::string out = redactCredentials(text);
        EXPECT_EQ(out.find("hunter2"), std::string::npos) << text << " → " << out;
    }
}

TEST(RedactCredentials, MasksCredentialKeysInQueriesAndConninfoStrings)
{
    EXPECT_EQ(redactCredentials("postgresql://u@db/x?sslmode=require&password=hunter2&application_name=a"),
              "postgresql://u@db/x?sslmode=require&password=***&application_name=a");
    EXPECT_EQ(redactCredentials("host=db password=hunter2 dbname=x"), "host=db password=*** dbname=x");
    EXPECT_EQ(redactCredentials("host=db password = 'hunter 2 \\' x' dbname=x"), "host=db password = '***' dbname=x");
    EXPECT_EQ(redactCredentials("http://prom:9090/?Token=abc"), "http://prom:9090/?Token=***");
    EXPECT_EQ(redactCredentials("missing \"=\" after \"x\" in connection info string: sslpassword=k1"),
              "missing \"=\" after \"x\" in connection info string: sslpassword=***");
}

TEST(RedactCredentials, LeavesOrdinaryTextAloneAndIsIdempotent)
{
    for (const char *text : {"PostgreSQL at db:5432/rampart cannot be reached (Connection refused)",
                             "mail ops@example.com at 12:30", "bypass=1 compass=2", "redis://rampart@host:6379/0"})
        EXPECT_EQ(redactCredentials(text), text);
    const std::string once = redactCredentials("redis://u:pw@h?password=x");
    EXPECT_EQ(redactCredentials(once), once);
}
