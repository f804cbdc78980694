#!/usr/bin/env bash
# The Debian packages in a clean Debian 12 root (issue 12, docs/packaging.md):
#   1. cpack builds rampart, rampartctl and rampart-data .deb files from BUILD_DIR;
#   2. debootstrap --variant=minbase bookworm makes a clean root in a temporary directory;
#   3. the packages' declared Depends (and nothing else) are installed there with apt, then
#      `dpkg -i` installs the three .deb files and must succeed;
#   4. in the root: rampartctl --version, --help (the installed data directory),
#      `plan show` and `decide` on the installed plan and example, and
#      `rampart --screenshot` (offscreen) from the installed paths;
#   5. `dpkg --purge` removes everything the packages installed.
# Everything (packages, root, apt cache) lives in one temporary directory, removed at the end.
#
#   scripts/lib/packagetest.sh [BUILD_DIR]      (root; scripts/test runs it under `timeout`)
#
# Environment: RAMPART_DEBIAN_MIRROR (default: http://deb.debian.org/debian),
# RAMPART_PACKAGETEST_KEEP=DIR copies the .deb files and the screenshot to DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build_dir="$(cd "${1:-$RAMPART_ROOT/build/dev}" && pwd)"
mirror="${RAMPART_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" -eq 0 ] || die "packagetest needs root (debootstrap, chroot)"
[ -f "$build_dir/CPackConfig.cmake" ] || die "$build_dir is not a configured build directory"
ensure_packages "${RAMPART_PACKAGING_PACKAGES[@]}"

work="$(mktemp -d /tmp/rampart-packagetest.XXXXXX)"
root="$work/root"
cleanup() {
    local rc=$?
    # Unmount before removing anything: rm must never walk into the host's /proc.
    if mountpoint -q "$root/proc" 2>/dev/null; then umount -l "$root/proc" || true; fi
    rm -rf --one-file-system "$work"
    exit "$rc"
}
trap cleanup EXIT INT TERM

started=$(date +%s)
step() { log "packagetest [$(( $(date +%s) - started )) s] $*"; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

step "cpack: building the .deb files from $build_dir"
cpack --config "$build_dir/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; die "cpack failed"; }
mkdir -p "$work/debs"
mv "$work"/cpack/*.deb "$work/debs/"
debs=("$work"/debs/*.deb)
[ ${#debs[@]} -eq 3 ] || die "expected 3 packages, cpack made ${#debs[@]}: ${debs[*]}"
for deb in "${debs[@]}"; do
    printf '    %s  %s kB\n    Depends: %s\n' "$(basename "$deb")" "$(( $(stat -c %s "$deb") / 1024 ))" \
        "$(dpkg-deb -f "$deb" Depends)" >&2
done

step "debootstrap --variant=minbase bookworm ($mirror)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"

# The declared Depends of our packages, without our own and without version constraints
# (apt picks bookworm's versions, which dpkg -i then checks against the constraints).
deps=$(for deb in "${debs[@]}"; do dpkg-deb -f "$deb" Depends; echo; done \
    | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/[[:space:]]//g' \
    | grep -v -e '^$' -e '^rampart' | sort -u | tr '\n' ' ')
step "apt-get install in the root: the declared Depends only: $deps"
in_root apt-get update -qq >/dev/null
# shellcheck disable=SC2086
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $deps \
    >"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; die "installing the declared dependencies failed"; }

step "dpkg -i ${debs[*]##*/}"
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
in_root sh -c 'dpkg -i /tmp/debs/*.deb' || die "dpkg -i failed in the clean root"

step "checks from the installed paths"
version=$(in_root rampartctl --version)
expected="rampartctl $(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")"
[ "$version" = "$expected" ] || die "rampartctl --version said '$version', expected '$expected'"
echo "    $version" >&2
in_root rampartctl --help | grep -qx 'Data directory (installed): /usr/share/rampart' \
    || die "rampartctl --help does not name /usr/share/rampart as its installed data directory"
in_root rampartctl plan show /usr/share/rampart/plans/documentation-keeper.json >"$work/plan.txt" \
    || die "rampartctl plan show on the installed plan failed"
head -1 "$work/plan.txt" | grep -qx 'Rollout plan: documentation-keeper' || die "plan show printed: $(head -3 "$work/plan.txt")"
decision=$(in_root rampartctl decide --plan /usr/share/rampart/plans/documentation-keeper.json \
    --evidence /usr/share/rampart/examples/evidence-guardrail-breach.json --now 2026-11-20T12:00:00Z)
grep -q '"decision": *"rollback"' <<<"$decision" || die "decide on the installed example did not roll back: $decision"
in_root env QT_QPA_PLATFORM=offscreen rampart --screenshot /tmp/rollout-pl.png --page rollout --lang pl >/dev/null \
    || die "rampart --screenshot failed in the clean root"
size=$(stat -c %s "$root/tmp/rollout-pl.png")
[ "$size" -gt 20000 ] || die "the screenshot is only $size bytes"
[ "$(head -c 8 "$root/tmp/rollout-pl.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || die "the screenshot is not a PNG"
for f in /usr/share/man/man1/rampartctl.1.gz /usr/lib/systemd/system/rampartctl-serve.service \
         /usr/share/applications/rampart.desktop /usr/share/metainfo/org.rampart.Rampart.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/rampart.svg /usr/share/rampart/translations/rampart_pl.qm; do
    [ -f "$root$f" ] || die "$f is not installed"
done
if [ -n "${RAMPART_PACKAGETEST_KEEP:-}" ]; then
    mkdir -p "$RAMPART_PACKAGETEST_KEEP"
    cp "${debs[@]}" "$root/tmp/rollout-pl.png" "$RAMPART_PACKAGETEST_KEEP/"
fi

step "dpkg --purge"
in_root dpkg --purge rampart rampartctl rampart-data >/dev/null || die "dpkg --purge failed"
left=$(in_root sh -c 'ls -d /usr/bin/rampart /usr/bin/rampartctl /usr/share/rampart 2>/dev/null' || true)
[ -z "$left" ] || die "left behind after purge: $left"

step "passed: the .deb files install with dpkg -i in a clean Debian 12 root and run from the installed paths"
