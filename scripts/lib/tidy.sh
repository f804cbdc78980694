#!/usr/bin/env bash
# Runs clang-tidy with the checks of .clang-tidy (docs/building.md#clang-tidy) and exits 1 on any
# finding. Needs a configured and built tree (generated sources, moc files): build/ci, else
# build/dev, or $RAMPART_TIDY_BUILD.
#
#   scripts/lib/tidy.sh                 the .cpp files changed since the base (as format.sh)
#   scripts/lib/tidy.sh --all           every .cpp of core/, models/, widgets/, app/
#   scripts/lib/tidy.sh FILE.cpp...     these files
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/changes.sh"

cd "$RAMPART_ROOT"
command -v clang-tidy >/dev/null || ensure_packages clang-tidy

build="${RAMPART_TIDY_BUILD:-}"
if [ -z "$build" ]; then
    for candidate in build/ci build/dev; do
        if [ -f "$candidate/compile_commands.json" ]; then
            build="$candidate"
            break
        fi
    done
fi
[ -n "$build" ] && [ -f "$build/compile_commands.json" ] \
    || die "no compile_commands.json: configure and build first (cmake --preset ci)"

files=()
if [ "${1:-}" = "--all" ]; then
    mapfile -t files < <(git ls-files 'core/*.cpp' 'models/*.cpp' 'widgets/*.cpp' 'app/*.cpp')
elif [ $# -gt 0 ]; then
    files=("$@")
else
    base="$(rampart_change_base)"
    mapfile -t files < <(rampart_changed_files "$base" cpp | grep -E '^(core|models|widgets|app)/' || true)
    log "clang-tidy on the .cpp files changed since $(git rev-parse --short "$base")"
fi
if [ ${#files[@]} -eq 0 ]; then
    log "tidy: no files to check"
    exit 0
fi

# The compile commands are g++'s; clang-tidy is clang and does not know a few of its warnings.
log "clang-tidy on ${#files[@]} file(s), build tree $build"
out="$(printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 1 \
    clang-tidy -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option 2>/dev/null || true)"
findings="$(printf '%s\n' "$out" | grep -cE ': (warning|error): ' || true)"
if [ "$findings" -gt 0 ]; then
    printf '%s\n' "$out"
    die "clang-tidy: $findings finding(s)"
fi
log "tidy: OK"
