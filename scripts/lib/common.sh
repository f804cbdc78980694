# Shared by scripts/demo and scripts/test. Source it; do not run it.
# Installs only the Debian packages that dpkg says are missing, and builds into a reused
# build directory, so both scripts are idempotent and fast on the second run.

RAMPART_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export RAMPART_ROOT

# Packages needed to build Rampart and run its unit tests.
RAMPART_BUILD_PACKAGES=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql
    qt6-httpserver-dev qt6-websockets-dev jq curl openssl
    libboost-math-dev
    libhiredis-dev libpqxx-dev libpq-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools qtkeychain-qt6-dev
    xvfb xauth
    poppler-utils
)

# Packaging: cpack's .deb (dpkg-shlibdeps, file), the clean Debian 12 root of
# scripts/lib/packagetest.sh (debootstrap), and the checks of tests/packaging
# (desktop-file-validate, appstreamcli, rsvg-convert, groff, systemd-analyze).
RAMPART_PACKAGING_PACKAGES=(dpkg-dev file debootstrap desktop-file-utils appstream librsvg2-bin groff-base systemd)

# Only for the libFuzzer targets (tests/fuzz/run.sh, the `fuzz` preset): clang and its
# runtime libraries, which hold libFuzzer (libclang_rt.fuzzer) in Debian 12.
RAMPART_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

# The format and lint tools (scripts/lib/format.sh runs in scripts/test; scripts/lib/tidy.sh).
RAMPART_LINT_PACKAGES=(clang-format clang-tidy git)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages PKG...: apt-get install whatever of PKG... is not installed yet.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them first"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

# build_rampart PRESET [TARGET...]: configure once, then build (incrementally) with every core:
# the named targets only (scripts/demo builds just the console), or everything.
build_rampart() {
    local preset="$1"
    shift
    local targets=()
    [ $# -gt 0 ] && targets=(--target "$@")
    local dir="$RAMPART_ROOT/build/$preset"
    cd "$RAMPART_ROOT" || die "cannot enter $RAMPART_ROOT"
    if [ ! -f "$dir/build.ninja" ]; then
        log "configuring ($preset)"
        cmake --preset "$preset" >/dev/null || die "cmake configure failed"
    fi
    log "building ($preset${targets[*]:+: $*})"
    cmake --build "$dir" -j "$(nproc)" "${targets[@]}" || die "build failed"
}
