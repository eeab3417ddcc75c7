#!/bin/sh
# make demo: the main job on the demo (examples/district.cfg: five communes of
# tỉnh Đắk Lắk, eleven stations, three dialects): make their jingles and the
# recorded bulletin, then build and publish week 2026-W48 for every station
# into examples/out/2026-W48/. examples/province.cfg is the whole province
# (102 communes, 209 stations); `make bench` builds it.
set -eu
LOA=${1:-build/loa}
sh scripts/make-demo-assets.sh examples district.cfg
jobs=$(nproc 2>/dev/null || echo 1)
"$LOA" build -c examples/district.cfg --week 2026-W48 -j "$jobs"
echo "demo: open examples/out/2026-W48/<station>/schedule.html, or play week.m3u8"
