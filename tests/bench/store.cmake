# rampart_bench_store: PostgreSQL ingest and window summaries (needs RAMPART_TEST_DATABASE_URL
# at run time). Included from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/store.cmake)
# The psql side of the comparison is tests/bench/store_reference.sh.
find_package(benchmark REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
add_executable(rampart_bench_store ${CMAKE_CURRENT_LIST_DIR}/bench_store.cpp)
target_link_libraries(rampart_bench_store PRIVATE
    Rampart::store PkgConfig::PQXX benchmark::benchmark benchmark::benchmark_main)
