# rampart_bench_controller: evidence assembly + evaluation from PostgreSQL and SQLite with 14
# days of per-minute rollups, and rollback → flag confirmed in Redis with an evaluation in
# flight (needs RAMPART_TEST_DATABASE_URL and RAMPART_TEST_REDIS_URL at run time).
# Included from tests/bench/CMakeLists.txt.
find_package(benchmark REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
add_executable(rampart_bench_controller ${CMAKE_CURRENT_LIST_DIR}/bench_controller.cpp
    ${PROJECT_SOURCE_DIR}/tests/core/service/controllertestsupport.h)
target_link_libraries(rampart_bench_controller PRIVATE
    Rampart::service Rampart::io PkgConfig::PQXX Qt6::Core benchmark::benchmark)
target_include_directories(rampart_bench_controller PRIVATE ${PROJECT_SOURCE_DIR}/tests/core/service)
target_compile_definitions(rampart_bench_controller PRIVATE RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
