# Source me (after common.sh). rampart_change_base [BASE]: the commit the format and tidy checks
# compare against, in order: BASE, $RAMPART_CHANGE_BASE, the merge base with $RAMPART_MAIN_BRANCH
# (default main, else origin/main) when HEAD is not on that branch, else HEAD~ (a commit on main
# is checked for what it changed). Prints a full commit id.
rampart_change_base() {
    local given="${1:-${RAMPART_CHANGE_BASE:-}}"
    if [ -n "$given" ]; then
        git rev-parse --verify -q "$given^{commit}" || die "unknown base commit: $given"
        return 0
    fi
    local main="${RAMPART_MAIN_BRANCH:-main}" head mb
    git rev-parse --verify -q "$main^{commit}" >/dev/null || main="origin/$main"
    head="$(git rev-parse HEAD)"
    if git rev-parse --verify -q "$main^{commit}" >/dev/null; then
        mb="$(git merge-base HEAD "$main" || true)"
        if [ -n "$mb" ] && [ "$mb" != "$head" ]; then
            echo "$mb"
            return 0
        fi
    fi
    git rev-parse --verify -q "HEAD~^{commit}" || echo "$head"
}

# rampart_changed_files BASE EXT...: files changed since BASE (committed or not, still present)
# whose names end in one of EXT, relative to the repository root.
rampart_changed_files() {
    local base="$1"
    shift
    local pattern
    pattern="\\.($(IFS='|'; echo "$*"))\$"
    { git diff --name-only --diff-filter=ACMR "$base"; git ls-files --others --exclude-standard; } \
        | sort -u | grep -E "$pattern" | while read -r f; do [ -f "$f" ] && echo "$f"; done || true
}
