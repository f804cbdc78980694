#pragma once

// The SQL files of resources/sql, compiled into the library (generated embeddedsql.cpp).

#include <string>
#include <vector>

namespace rampart::store::sql {

struct File
{
    const char *name; ///< the file name, e.g. "001_schema.sql"
    const char *text; ///< its contents
};

/// Every resources/sql/*.sql file (the PostgreSQL migrations), sorted by name.
const std::vector<File> &files();

/// Every resources/sql/sqlite/*.sql file (the SQLite workspace migrations), sorted by name.
const std::vector<File> &sqliteFiles();

} // namespace rampart::store::sql
