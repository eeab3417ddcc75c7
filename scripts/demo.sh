#!/bin/sh
# make demo: the main job on the bundled demo district (huyện Đắk Mil, tỉnh Đắk Nông):
# make its jingles and recorded item, then build and publish week 2026-W48 for
# every station into examples/out/2026-W48/.
set -eu
LOA=${1:-build/loa}
sh scripts/make-demo-assets.sh examples
jobs=$(nproc 2>/dev/null || echo 1)
"$LOA" build -c examples/district.cfg --week 2026-W48 -j "$jobs"
echo "demo: open examples/out/2026-W48/<station>/schedule.html, or play week.m3u8"
