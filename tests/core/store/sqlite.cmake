# SQLite EvidenceStore and `rampartctl archive export` (included from CMakeLists.txt).
find_package(Qt6 REQUIRED COMPONENTS Core Sql)

# Unit: SQLite only, plus black-box runs of rampartctl against SQLite workspaces.
rampart_add_gtest(test_store_sqlite
    SOURCES test_sqlitestore.cpp test_archiveexport.cpp
    LIBRARIES Rampart::store Qt6::Core Qt6::Sql
    LABELS unit)
target_compile_definitions(test_store_sqlite PRIVATE
    RAMPARTCTL_PATH="$<TARGET_FILE:rampartctl>"
    RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_store_sqlite rampartctl)

# Integration: PostgreSQL → archive; skipped unless RAMPART_TEST_DATABASE_URL is set.
rampart_add_gtest(test_store_archive_pg
    SOURCES test_archive_pg.cpp
    LIBRARIES Rampart::store Qt6::Core Qt6::Sql
    LABELS integration)
target_compile_definitions(test_store_archive_pg PRIVATE RAMPARTCTL_PATH="$<TARGET_FILE:rampartctl>")
add_dependencies(test_store_archive_pg rampartctl)

# Unit: event files and the ingest use case (core/store/eventfile.h), on in-memory SQLite.
rampart_add_gtest(test_store_eventfile
    SOURCES test_eventfile.cpp
    LIBRARIES Rampart::store Qt6::Core Qt6::Sql
    LABELS unit)

# Unit: private files and directories (core/store/privatefile.h), new workspaces included.
rampart_add_gtest(test_store_privatefile
    SOURCES test_privatefile.cpp
    LIBRARIES Rampart::store Qt6::Core Qt6::Sql
    LABELS unit)

# The audit log of the SQLite workspace: format 1 → 2, idempotent record ids (issue 8).
rampart_add_gtest(test_store_sqliteaudit
    SOURCES test_sqliteaudit.cpp
    LIBRARIES Rampart::store Qt6::Core Qt6::Sql
    LABELS unit)
