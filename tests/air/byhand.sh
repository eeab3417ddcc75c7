#!/bin/sh
# The week's own station.liq, run by hand as an operator would (no loa air):
# a real Liquidsoap under TZ=UTC with the clock faked (libfaketime) around a
# slot at 23:58 in Việt Nam, its ALSA output swapped for a WAV file and
# nothing else changed; the recording measured by frequency
# (tests/air/measure.py). Two runs at once:
#   1. started at 23:57:25: the relay plays (LOA_FALLBACK_URL), then the
#      program starts at 23:58:00 ±1 s, from its beginning (not 7 h late);
#   2. started at 23:58:05 with LOA_RESUME_AFTER=2 (a reboot in mid-slot):
#      the rest of the program, from where the schedule is when it starts.
# About 1.5 minutes of real time; part of make check-air.
. tests/lib.sh
need liquidsoap ffmpeg bc
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$FT" ] || { echo "skip: no libfaketime"; exit 77; }
[ -n "${VALGRIND:-}" ] && { echo "skip: real time under valgrind"; exit 77; }

W=$T/w
mkdir -p "$W/d/scripts/audio" "$W/d/audio" "$W/relay" "$W/home"
cp -R voices "$W/voices"
LOA_DATA_DIR=$W/voices
export LOA_DATA_DIR
U=""
RUN=""
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    sleep 1
    for p in $pids; do kill -9 "$p" 2>/dev/null; done
    [ -n "$U" ] && userdel "$U" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
if [ "$(id -u)" -eq 0 ]; then
    U=loa-h$$
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$U" ||
        { echo "FAIL: cannot create a test user"; exit 1; }
    RUN="runuser -u $U --"
fi

ffmpeg -loglevel error -f lavfi -i "aevalsrc='0.5*sin(2*PI*(600+20*floor(t))*t)':s=44100:d=50" \
    -ac 1 "$W/d/scripts/audio/p1.wav"
ffmpeg -loglevel error -f lavfi -i "sine=frequency=300:sample_rate=44100:duration=200" -ac 1 \
    -c:a libmp3lame -b:a 64k "$W/relay/relay.mp3"
cat >"$W/d/district.cfg" <<EOF
district = "huyện Thử";
province = "tỉnh Thử";
standing = "thuong-truc.txt";
scripts = "scripts";
output = "out";
stations = (
  { id = "xa-thu"; name = "Đài xã Thử";
    slots = ( { name = "dem"; days = "CN"; start = "23:58"; length = "01:00"; } ); }
);
EOF
printf 'Tiêu đề: Thường trực\nƯu tiên: thường\nTừ ngày: 01/01/2026\nĐến ngày: 31/12/2027\nSố lần phát: 1\nĐài: tất cả\n---\nĐài xã Thử xin kính chào bà con.\n' \
    >"$W/d/thuong-truc.txt"
printf 'Tiêu đề: Bản tin một\nƯu tiên: thường\nTừ ngày: 29/11/2026\nĐến ngày: 29/11/2026\nSố lần phát: 1\nĐài: tất cả\nÂm thanh: audio/p1.wav\n---\n' \
    >"$W/d/scripts/p1.txt"
"$LOA" build -q -c "$W/d/district.cfg" --week 2026-W48 || { echo "FAIL: build"; exit 1; }
WK=$W/d/out/2026-W48/xa-thu
ok "the week's script passes liquidsoap --check" liquidsoap --check "$WK/station.liq"
S=$(date -d '2026-11-29 23:58:00 +0700' +%s)
ok "slot start written as Unix time" grep -q "^  ($S\\., 50\\., \"2026-11-29_2358_dem.mp3\")" \
    "$WK/station.liq"
ok "no local-time clock in the script" sh -c "! grep -q 'time.local' '$WK/station.liq'"
# The same script, its ALSA output replaced by a WAV file; nothing else.
for r in 1 2; do
    sed "s|^output.alsa(.*|output.file(%wav(mono), \"$W/rec$r.wav\", radio)|" "$WK/station.liq" \
        >"$WK/rec$r.liq"
    expect_eq "run $r: only the output line differs" \
        "$(diff "$WK/station.liq" "$WK/rec$r.liq" | grep -c '^[<>]')" 2
done
# The relay: a 300 Hz stream over HTTP.
"$PY" -c '
import http.server, os, sys
os.chdir(sys.argv[1])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()' "$W/relay" >"$W/port" &
pids="$pids $!"
i=0; while [ ! -s "$W/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
RELAY=http://127.0.0.1:$(cat "$W/port")/relay.mp3
chmod -R a+rwX "$T"
[ -n "$U" ] && chown -R "$U" "$W"

run() { # n, fake start HH:MM:SS, seconds, resume-after
    off=$(($(date -d "2026-11-29 $2 +0700" +%s) - $(date +%s)))
    case $off in -*) ;; *) off=+$off ;; esac
    (cd "$WK" && $RUN env HOME="$W/home" TZ=UTC FAKETIME="$off" LD_PRELOAD="$FT" \
        LOA_FALLBACK_URL="$RELAY" LOA_RESUME_AFTER="$4" \
        timeout "$3" liquidsoap "rec$1.liq" >"$W/run$1.log" 2>&1) &
    pids="$pids $!"
}
run 1 23:57:25 92 30
run 2 23:58:05 52 2
sleep 94
for r in 1 2; do
    [ -s "$W/rec$r.wav" ] || { echo "FAIL: nothing recorded in run $r"; cat "$W/run$r.log"; exit 1; }
    ffmpeg -loglevel error -i "$W/rec$r.wav" -ac 1 -ar 8000 -c:a pcm_s16le "$W/m$r.wav"
    "$PY" tests/air/measure.py "$W/m$r.wav" >"$W/m$r.txt"
done
# What Liquidsoap says it did: "phát <file> lúc <unix time>, từ giây <cue>".
started() { sed -n 's/.*\[loa:3\] phát 2026-11-29_2358_dem.mp3 lúc \([0-9.]*\), từ giây \([0-9.]*\).*/\1 \2/p' "$1" | head -1; }
# The first program window held for half a second (a window straddling the
# switch from the relay can look like any tone), and the program second heard.
held() { awk '{ c[NR] = $2; k[NR] = $3 } END { for (i = 1; i + 4 <= NR; i++) { if (c[i] != "p1") continue
    ok = 1; for (j = 1; j <= 4; j++) if (c[i + j] != "p1" || k[i + j] < k[i] || k[i + j] > k[i] + 1) ok = 0
    if (ok) { print k[i]; exit } } }' "$1"; }

# Run 1: relay, then the program at 23:58:00 from its beginning.
set -- $(started "$W/run1.log")
t1=${1:-0}; c1=${2:-}
within "run 1: the program starts at its slot under TZ=UTC (s)" "$(echo "$t1 - $S" | bc)" -1.0 1.0
expect_eq "run 1: from the beginning" "$c1" ""
k1=$(held "$W/m1.txt")
expect_eq "run 1: the program heard from its first second" "$k1" 0
n_relay=$(awk '$2 == "p1" { exit } $2 == "relay" { n++ } END { print n + 0 }' "$W/m1.txt")
ok "run 1: the relay before the program ($n_relay windows)" test "$n_relay" -ge 30
n_p1=$(grep -c ' p1 ' "$W/m1.txt")
within "run 1: the whole program aired (s)" "$(echo "$n_p1 / 10" | bc -l)" 48 51
echo "measured: by hand, program started $(echo "$t1 - $S" | bc) s from its slot"

# Run 2: started in mid-slot, the rest of the program from where the schedule is.
set -- $(started "$W/run2.log")
t2=${1:-0}; c2=${2:-0}
ok "run 2: started after the resume threshold" test "$(echo "$t2 - $S > 2" | bc)" = 1
within "run 2: cued where the schedule is when it starts (s)" "$(echo "$c2 - ($t2 - $S)" | bc)" -0.3 0.3
k2=$(held "$W/m2.txt")
within "run 2: the program second heard first (cue $c2)" "$(echo "${k2:--9} - $c2" | bc)" -1.0 1.0
n_p2=$(grep -c ' p1 ' "$W/m2.txt")
within "run 2: the rest of the program aired (s)" "$(echo "$n_p2 / 10 - (50 - $c2)" | bc -l)" -1.5 1.5
echo "measured: by hand, resumed at $c2 s (heard from second $k2), $(echo "$t2 - $S" | bc) s into the slot"
finish
