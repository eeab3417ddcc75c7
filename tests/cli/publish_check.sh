#!/bin/sh
# Publish the hand-built week of tests/unit/test_publish.c twice, then check
# it with tools independent of loa: tests/publish_check.py (hashlib, csv,
# Debian's python3-icalendar, html.parser), python3 -m json.tool, diff -r for
# byte-identical rebuilds, and liquidsoap: --check on every station.liq and a
# real run (dummy output) that must air a program at its date and minute.
# Exits 77 (skip) only when liquidsoap is absent, after every other check.
set -u
BUILD=${BUILD:-build}
T=$BUILD/tests/test_publish
fail=0
no() { echo "FAIL: $*"; fail=1; }

[ -x "$T" ] || { echo "missing $T (make $T)"; exit 1; }
tmp=$(mktemp -d /tmp/loa-publish-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$T" "$tmp/a" >"$tmp/a.log" 2>&1 || { cat "$tmp/a.log"; no "test_publish $tmp/a"; }
"$T" "$tmp/b" >"$tmp/b.log" 2>&1 || { cat "$tmp/b.log"; no "test_publish $tmp/b"; }
week=$tmp/a/out/2026-W48
st=$week/tan-lap

# Same inputs, other directory → byte-identical files (no paths, no clock inside).
diff -r "$week" "$tmp/b/out/2026-W48" || no "two publishes differ"

# Debian's python3-icalendar belongs to /usr/bin/python3 (not to a pyenv one).
PY=""
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import icalendar' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    no "python3-icalendar is missing — run scripts/deps.sh"
    PY=python3
fi

have_liq=0
command -v liquidsoap >/dev/null 2>&1 && have_liq=1
if [ $have_liq = 1 ]; then
    "$PY" tests/publish_check.py "$week" --liquidsoap || no "publish_check.py"
else
    "$PY" tests/publish_check.py "$week" || no "publish_check.py"
fi

for f in "$st/manifest.json" "$week/ka-lang/manifest.json" "$week/report.json"; do
    "$PY" -m json.tool "$f" >/dev/null || no "json.tool $f"
done

# Hand-written lines an operator's player reads.
grep -qxF '#EXTINF:300.4,Thứ Hai 23/11/2026 06:00 (sáng) — Đài truyền thanh xã Tân Lập' \
    "$st/week.m3u8" || no "week.m3u8 EXTINF line"
grep -qxF 'Length2=201' "$st/week.pls" || no "week.pls Length2"
grep -qF '<title>Lịch phát sóng tuần 48/2026 — Đài truyền thanh xã Tân Lập</title>' \
    "$st/schedule.html" || no "HTML title"
grep -qF 'chuyển sang &lt;DVCTT toàn trình&gt; &amp; thanh toán trực tuyến' \
    "$st/schedule.html" || no "HTML escaping"
grep -q '<DVCTT' "$st/schedule.html" && no "unescaped < in HTML"
# The manifest's checksum of a program agrees with sha256sum(1).
sum=$(sha256sum "$st/2026-11-23_0600_sang.mp3" | cut -d' ' -f1)
grep -q "\"sha256\": \"$sum\"" "$st/manifest.json" || no "manifest sha256 vs sha256sum"
# The ICS is CRLF throughout and folded.
[ "$(grep -c "$(printf '\r')\$" "$st/schedule.ics")" = "$(wc -l <"$st/schedule.ics")" ] ||
    no "schedule.ics has lines without CRLF"
grep -q '^ ' "$st/schedule.ics" || no "schedule.ics has no folded line"

if [ $have_liq = 0 ]; then
    echo "SKIP: liquidsoap is not installed (apt-get install liquidsoap)"
    [ $fail = 0 ] && exit 77
    exit 1
fi

# Run the generated script for real (dummy output) under TZ=UTC: the program
# whose slot started a moment ago airs; one of the same time yesterday does
# not. Only the program list and the output are replaced.
run=$tmp/run
mkdir "$run"
if ffmpeg -v error -f lavfi -i sine=frequency=440:duration=1 -ac 1 -ar 22050 -b:a 64k \
        "$run/now.mp3" </dev/null; then
    cp "$run/now.mp3" "$run/old.mp3"
    now=$(date +%s)
    {
        echo 'settings.init.allow_root.set(true)'
        # (programs of 60 s: Liquidsoap takes up to ~20 s to start here)
        awk -v now="$now" '/^loa_programs = \[/ { skip = 1
                printf "loa_programs = [(%d.5, 60., \"old.mp3\"), (%d.5, 60., \"now.mp3\")]\n", now - 86400, now }
            skip && /^\]/ { skip = 0; next } !skip && !/^output\.alsa\(/' "$st/station.liq"
        echo 'output.dummy(radio)'
    } >"$run/run.liq"
    (cd "$run" && TZ=UTC exec liquidsoap run.liq >log.txt 2>&1) &
    liq=$!
    i=0 # wait for the program to play through (1 s), at most 30 s
    while [ $i -lt 60 ] && ! grep -q 'Decoding "./now.mp3" ended' "$run/log.txt" 2>/dev/null; do
        sleep 0.5; i=$((i + 1))
    done
    sleep 1 # time enough to air anything else it (wrongly) queued
    kill "$liq" 2>/dev/null; wait "$liq" 2>/dev/null
    grep -q '\[loa:3\] phát now.mp3' "$run/log.txt" || { cat "$run/log.txt"; no "liquidsoap did not air now.mp3"; }
    grep -q 'Prepared "./now.mp3"' "$run/log.txt" || no "liquidsoap did not load now.mp3"
    grep -q 'old.mp3' "$run/log.txt" && no "liquidsoap aired yesterday's program"
else
    no "ffmpeg could not make a test MP3"
fi
exit $fail
