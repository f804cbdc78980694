# The console's UI-thread costs (offscreen platform): a decision refresh and the rollback
# click-to-banner path. Run: build/dev/tests/bench/rampart_bench_console
find_package(Qt6 REQUIRED COMPONENTS Widgets Test)
add_executable(rampart_bench_console bench_console.cpp)
target_link_libraries(rampart_bench_console PRIVATE Rampart::console Rampart::flags Qt6::Test benchmark::benchmark)

# The floor of the console's cold start (tests/bench/coldstart.py).
add_executable(rampart_bench_minimal_window minimal_window.cpp)
target_link_libraries(rampart_bench_minimal_window PRIVATE Qt6::Widgets)

# The floor of the HTTP API's throughput (docs/benchmarks.md, "HTTP API on a rollout in progress").
find_package(Qt6 REQUIRED COMPONENTS HttpServer)
add_executable(rampart_bench_minimal_http minimal_http.cpp)
target_link_libraries(rampart_bench_minimal_http PRIVATE Qt6::HttpServer)

# The console's report export beside `rampartctl report` (docs/benchmarks.md).
add_executable(rampart_bench_report_export report_export.cpp)
target_link_libraries(rampart_bench_report_export PRIVATE Rampart::widgets Qt6::Widgets)

# Team mode on loopback: click → confirmed and server event → repaint beside HTTP round trips
# (docs/benchmarks.md). Run with RAMPART_TEST_REDIS_URL set.
find_package(Qt6 REQUIRED COMPONENTS Network)
add_executable(rampart_bench_team_mode team_mode.cpp)
target_link_libraries(rampart_bench_team_mode PRIVATE Rampart::console Qt6::Test Qt6::Network)
target_include_directories(rampart_bench_team_mode PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
target_compile_definitions(rampart_bench_team_mode PRIVATE
    RAMPARTCTL_PATH="$<TARGET_FILE:rampartctl>"
    RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(rampart_bench_team_mode rampartctl)
