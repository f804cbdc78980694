#!/usr/bin/env bash
# Renders resources/icons/rampart.svg to the PNG sizes the desktop needs
# (resources/icons/hicolor/<N>x<N>/apps/rampart.png) with rsvg-convert (Debian librsvg2-bin).
# The PNGs are checked in; tests/packaging (packaging_icons_match_svg) re-renders them and
# fails when they no longer match the SVG, so run this after changing the SVG.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/resources/icons/hicolor}"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert missing (apt-get install librsvg2-bin)" >&2; exit 2; }
for size in 16 22 24 32 48 64 128 256; do
    mkdir -p "$out/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" --format png \
        --output "$out/${size}x${size}/apps/rampart.png" "$root/resources/icons/rampart.svg"
done
