# The flag store benchmark: write + read-back latency against a real Redis
# (RAMPART_TEST_REDIS_URL / RAMPART_TEST_REDIS_PASSWORD). The redis-cli side of the
# comparison is tests/bench/flag_reference.sh.
add_executable(rampart_bench_flags ${CMAKE_CURRENT_LIST_DIR}/bench_flags.cpp)
target_link_libraries(rampart_bench_flags PRIVATE Rampart::flags benchmark::benchmark benchmark::benchmark_main)
