#pragma once

// Internal to core/store: the small Qt Sql helpers shared by the SQLite store's files.

#include "evidencestore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <string>
#include <utility>
#include <vector>

namespace rampart::store::sqlite {

using rollout::TimePoint;

/// The hash a first audit row links to (the same in the PostgreSQL store).
inline const std::string GenesisHash;

inline QString qs(const std::string &text) { return QString::fromStdString(text); }
inline qlonglong seconds(TimePoint t) { return static_cast<qlonglong>(t.time_since_epoch().count()); }
inline QSqlDatabase database(const QString &connection) { return QSqlDatabase::database(connection, false); }

inline Error sqlError(const QSqlError &error, const std::string &doing)
{
    return makeError(storeerrc::QueryFailed, "",
                     "Could not " + doing + " in the SQLite workspace: " + error.text().toStdString() + ".");
}

/// One statement on a connection; a failure becomes a sentence naming what was being done.
class Sql
{
public:
    Sql(const QString &connection, std::string doing) : m_query(database(connection)), m_doing(std::move(doing))
    {
        m_query.setForwardOnly(true);
    }
    /// Prepares a statement for one or more run() calls.
    Status prepare(const char *statement)
    {
        return m_query.prepare(QString::fromLatin1(statement)) ? Status(Done{}) : Status(failure());
    }
    /// Binds `values` to the placeholders in order and runs the prepared statement.
    Status run(const QVariantList &values = {})
    {
        for (qsizetype i = 0; i < values.size(); ++i)
            m_query.bindValue(static_cast<int>(i), values.at(i));
        return m_query.exec() ? Status(Done{}) : Status(failure());
    }
    /// Binds named placeholders (":name") and runs the prepared statement.
    Status runNamed(const std::vector<std::pair<QString, QVariant>> &values)
    {
        for (const auto &[name, value] : values)
            m_query.bindValue(name, value);
        return m_query.exec() ? Status(Done{}) : Status(failure());
    }
    Status exec(const char *statement, const QVariantList &values = {})
    {
        auto ok = prepare(statement);
        return ok ? run(values) : ok;
    }
    bool next() { return m_query.next(); }
    qlonglong integer(int column) const { return m_query.value(column).toLongLong(); }
    double real(int column) const { return m_query.value(column).toDouble(); }
    bool flag(int column) const { return m_query.value(column).toInt() != 0; }
    bool isNull(int column) const { return m_query.value(column).isNull(); }
    std::string str(int column) const { return m_query.value(column).toString().toStdString(); }
    TimePoint time(int column) const { return TimePoint(std::chrono::seconds(integer(column))); }
    Error failure() const { return sqlError(m_query.lastError(), m_doing); }

private:
    QSqlQuery m_query;
    std::string m_doing;
};

/// BEGIN IMMEDIATE … COMMIT, rolled back unless committed. IMMEDIATE takes the write lock up
/// front, so a read-then-write (the next link of the audit chain) cannot interleave.
class Transaction
{
public:
    explicit Transaction(const QString &connection) : m_sql(connection, "run a transaction") {}
    ~Transaction()
    {
        if (m_open)
            (void)m_sql.exec("ROLLBACK");
    }
    Status begin()
    {
        auto ok = m_sql.exec("BEGIN IMMEDIATE");
        m_open = ok.ok();
        return ok;
    }
    Status commit()
    {
        auto ok = m_sql.exec("COMMIT");
        m_open = !ok.ok();
        return ok;
    }

private:
    Sql m_sql;
    bool m_open = false;
};

} // namespace rampart::store::sqlite
