#!/bin/sh
# make demo: run loa on the bundled demo and say where the results are.
set -eu
LOA=${1:-build/loa}
out=demo-out
mkdir -p "$out"
"$LOA" speak -t "Dịch vụ công trực tuyến" -a "Đài truyền thanh xã" \
    examples/speak/vneid.txt -o "$out/vneid.mp3" -v
echo "demo: wrote $out/vneid.mp3"
