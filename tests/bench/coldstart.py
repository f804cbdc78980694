#!/usr/bin/python3
"""Cold start of the processes that load the plan, beside their floors in the same run (issue 16).

  rampartctl decide on a shipped example        vs  rampartctl --version
  rampart --quit-after-first-frame --no-demo    vs  a minimal Qt Widgets window (offscreen)

Each pair runs interleaved N times (default 15); CPU is user + sys of the child from
getrusage (microseconds, unlike /usr/bin/time's 10 ms), wall from a monotonic clock. Prints
the median of each and the ratio to the floor.

  tests/bench/coldstart.py BUILD_DIR [N]
"""
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(argv, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    ctl = os.path.join(build, "app", "rampartctl")
    console = os.path.join(build, "app", "rampart", "rampart")
    window = os.path.join(build, "tests", "bench", "rampart_bench_minimal_window")
    plan = os.path.join(ROOT, "resources", "plans", "documentation-keeper.json")
    evidence = os.path.join(ROOT, "resources", "examples", "evidence-ready-for-signoff.json")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as work:
        commands = {
            "version": [ctl, "--version"],
            "decide": [ctl, "decide", "--plan", plan, "--evidence", evidence],
            "window": [window],
            "console": [console, "--quit-after-first-frame", "--no-demo", "--demo-dir", os.path.join(work, "ws")],
        }
        samples = {name: [] for name in commands}
        for _ in range(n):
            for name, argv in commands.items():
                samples[name].append(run(argv, env))
    print(f"Cold start, median of {n} interleaved runs; {cpu_model()}, {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    for name, floor in (("decide", "version"), ("console", "window")):
        cpu = statistics.median(s[0] for s in samples[name])
        wall = statistics.median(s[1] for s in samples[name])
        fcpu = statistics.median(s[0] for s in samples[floor])
        fwall = statistics.median(s[1] for s in samples[floor])
        print(f"{name:8s} CPU {cpu * 1e3:7.1f} ms  wall {wall * 1e3:7.1f} ms | floor {floor:8s} "
              f"CPU {fcpu * 1e3:7.1f} ms  wall {fwall * 1e3:7.1f} ms | CPU ratio {cpu / fcpu:.1f}")


if __name__ == "__main__":
    main()
