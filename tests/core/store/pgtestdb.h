#pragma once

// A fresh PostgreSQL database per test, so integration tests can run in parallel. The server
// comes from RAMPART_TEST_DATABASE_URL (a superuser with trust auth, e.g.
// postgresql://postgres@127.0.0.1:5432/postgres); without it the tests skip.

#include "store/pgevidencestore.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <QUrl>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

namespace rampart::testing {

inline std::string testServerUrl()
{
    const char *url = std::getenv("RAMPART_TEST_DATABASE_URL");
    return url ? std::string(url) : std::string();
}

/// The same server URL with another database name.
inline std::string withDatabase(const std::string &serverUrl, const std::string &database)
{
    QUrl url(QString::fromStdString(serverUrl));
    url.setPath(QLatin1Char('/') + QString::fromStdString(database));
    return url.toString().toStdString();
}

/// Creates rampart_test_<random> on construction and drops it (WITH FORCE) on destruction.
class TestDatabase
{
public:
    explicit TestDatabase(std::string serverUrl) : m_serverUrl(std::move(serverUrl))
    {
        std::random_device device;
        std::mt19937_64 random(device());
        m_name = "rampart_test_" + std::to_string(random() % 1000000000000ULL);
        admin("CREATE DATABASE " + m_name);
    }
    ~TestDatabase()
    {
        try {
            admin("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
        } catch (...) {
        }
    }
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    const std::string &name() const { return m_name; }
    std::string url() const { return withDatabase(m_serverUrl, m_name); }

    /// Runs SQL in this database as the superuser, outside the store.
    pqxx::result exec(const std::string &sql) const
    {
        pqxx::connection connection(url());
        pqxx::work txn(connection);
        pqxx::result result = txn.exec(sql);
        txn.commit();
        return result;
    }

    /// Runs SQL on the server outside any database's transaction (ALTER DATABASE, …).
    static void adminExec(const std::string &serverUrl, const std::string &sql)
    {
        pqxx::connection connection(serverUrl);
        pqxx::nontransaction txn(connection);
        txn.exec(sql);
    }

private:
    void admin(const std::string &sql) const { adminExec(m_serverUrl, sql); }

    std::string m_serverUrl;
    std::string m_name;
};

/// Opens a store on a database, failing the test with the store's sentence if it cannot.
inline std::unique_ptr<store::PgEvidenceStore> openStore(const std::string &url,
                                                         const store::PgStoreOptions &options = {})
{
    auto opened = store::PgEvidenceStore::open(url, "", options);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message);
    return opened.ok() ? std::move(opened).value() : nullptr;
}

/// Base fixture: skips without a server, else gives each test its own database and store.
class PgStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (testServerUrl().empty())
            GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is not set";
        m_database = std::make_unique<TestDatabase>(testServerUrl());
        m_store = openStore(m_database->url());
        ASSERT_NE(m_store, nullptr);
    }
    void TearDown() override
    {
        m_store.reset();
        m_database.reset();
    }

    TestDatabase &database() { return *m_database; }
    store::PgEvidenceStore &store() { return *m_store; }

private:
    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<store::PgEvidenceStore> m_store;
};

/// A TimePoint from "YYYY-MM-DD HH:MM:SS" (UTC) for readable tests.
inline rollout::TimePoint utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0)
{
    using namespace std::chrono;
    return sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} + hours{hour}
         + minutes{minute} + seconds{second};
}

} // namespace rampart::testing
