#!/usr/bin/env bash
# Checks that the C++ lines changed since a base commit follow .clang-format (docs/building.md).
# Only changed lines are looked at: the tree is never reformatted wholesale.
#
#   scripts/lib/format.sh            check; prints the needed diff and exits 1 if any
#   scripts/lib/format.sh --fix      reformat those changed lines in the working tree
#   scripts/lib/format.sh [--fix] BASE   compare against BASE instead of the default
#
# The base is the BASE argument, else $RAMPART_CHANGE_BASE, else the merge base with main, else
# HEAD~ (scripts/lib/changes.sh). Uncommitted changes are included.
# scripts/test runs the check first (RAMPART_FORMAT_CHECK=0 skips it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/changes.sh"

fix=0
if [ "${1:-}" = "--fix" ]; then
    fix=1
    shift
fi

cd "$RAMPART_ROOT"
command -v git-clang-format >/dev/null || ensure_packages clang-format
git rev-parse --git-dir >/dev/null 2>&1 || die "not a git checkout: $RAMPART_ROOT"

base="$(rampart_change_base "${1:-}")"
extensions=cpp,h,hpp,cc,cxx
if [ "$fix" -eq 1 ]; then
    log "formatting the lines changed since $(git rev-parse --short "$base")"
    git clang-format --force --binary clang-format --extensions "$extensions" "$base"
    exit 0
fi

log "checking the format of lines changed since $(git rev-parse --short "$base")"
diff="$(git clang-format --quiet --diff --binary clang-format --extensions "$extensions" "$base")"
if [ -n "$diff" ]; then
    printf '%s\n' "$diff"
    printf 'error: the changed lines above do not follow .clang-format; run scripts/lib/format.sh --fix %s\n' \
        "$(git rev-parse --short "$base")" >&2
    exit 1
fi
log "format: OK"
