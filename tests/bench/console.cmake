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
