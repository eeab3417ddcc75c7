#!/bin/sh
# Issue 20, attack by attack: nothing harmful goes on air, and nothing bad
# takes the district down. Bad audio (clicks, DC, a few-hertz rumble, NaN,
# a clicky recording), a damaged cache, concurrent and stopped builds, odd
# paths, FIFOs and devices, a Unicode file name, a 9,000-character title,
# 1 MB of text, a 3-hour recording. Every published MP3 is measured by
# ffmpeg, not by loa: true peak at or under its profile's ceiling,
# loudness within 0.5 LU of its target (0.1 more for the meters' own
# differences). tests/cli/faults.sh has the disk, kill -9 and config faults.
# LOA_FAULTS_QUICK=1 (the sanitizer and valgrind runs) leaves out the DC,
# rumble and +100 jingles and the SIGINT case. The builds that are timed
# against each other (lock, signals) run without the valgrind wrapper.
. tests/lib.sh
. tests/tiny.sh
# The messages are read in English (loa says them in Vietnamese by default:
# checked once, for the click intro).
LC_ALL=en_US.UTF-8
export LC_ALL
need sox ffmpeg ffprobe
[ -x /usr/bin/time ] || { echo "skip: no GNU time"; exit 77; }

D=$T/d
tiny_setup "$D"
# A second station in the lowband profile (22.05 kHz, -16 LUFS, -2 dBTP).
awk '/^stations = \(/ { print; print "  {\n    id = \"duc-lap\";\n    name = \"Đài truyền thanh xã Đức Lập\";\n    profile = \"lowband\";\n    slots = ( { name = \"sáng\"; days = \"T2\"; start = \"06:00\"; length = \"05:00\"; } );\n  },"; next } { print }' \
    "$D/district.cfg" >"$D/x.cfg" && mv "$D/x.cfg" "$D/district.cfg"
W=$D/out/2026-W48

# wav NAME KIND: a 2 s jingle that loa must not air as it is.
wav() {
    $PY - "$1" "$2" <<'EOF'
import math, struct, sys
name, kind = sys.argv[1], sys.argv[2]
rate = 44100
n = 2 * rate
if kind == 'clicks':      # a full-scale sample every 100 ms: +35 dBTP once
    s = [0.0] * n
    for i in range(0, n, 4410):
        s[i] = 1.0
elif kind == 'dc':        # a DC offset under a tone: LAME once asserted on such
    s = [0.5 + 0.3 * math.sin(2 * math.pi * 440 * i / rate) for i in range(n)]
elif kind == 'rumble':    # 3 Hz at -1 dBFS
    s = [0.9 * math.sin(2 * math.pi * 3 * i / rate) for i in range(n)]
elif kind in ('nan', 'big'):
    s = [0.3 * math.sin(2 * math.pi * 440 * i / rate) for i in range(n)]
    s[1000] = float('nan') if kind == 'nan' else 100.0
if kind in ('nan', 'big'):
    data, tag, bits = struct.pack('<%df' % n, *s), 3, 32
else:
    data, tag, bits = struct.pack('<%dh' % n, *[max(-32768, min(32767, int(x * 32767))) for x in s]), 1, 16
fmt = struct.pack('<HHIIHH', tag, 1, rate, rate * bits // 8, bits // 8, bits)
body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'data' + struct.pack('<I', len(data)) + data
open(name, 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
EOF
}

# kept WHAT: every MP3 of the published week, decoded by ffmpeg, keeps its
# station's promise (broadcast -23 LUFS / -1 dBTP, lowband -16 / -2).
kept() {
    bad=""
    for f in "$W"/*/*.mp3 "$W"/*/items/*.mp3; do
        [ -f "$f" ] || continue
        case $f in */duc-lap/*) want=-16 ceil=-2 ;; *) want=-23 ceil=-1 ;; esac
        m=$(ffmpeg -nostats -hide_banner -i "$f" -af ebur128=peak=true -f null - 2>&1 |
            awk '/Summary:/ { s = 1 } s && $1 == "I:" { i = $2 } s && $1 == "Peak:" { p = $2 }
                 END { print i, p }')
        awk -v m="$m" -v w="$want" -v c="$ceil" 'BEGIN { split(m, a, " ");
            exit !(a[1] != "" && a[1] - w <= 0.6 && w - a[1] <= 0.6 && a[2] <= c + 0.2) }' ||
            bad="$bad ${f#$W/}($m)"
    done
    expect_eq "$1: every published MP3 keeps its promise (ffmpeg)" "$bad" ""
}

ok "first build" tiny_build "$D"
kept "first build"
snap "$W" >"$T/snap0"
cp "$D/jingles/intro.wav" "$T/intro.wav"
cp "$D/jingles/outro.wav" "$T/outro.wav"

# ---- 1. audio no gain or limiting makes safe: left out, never aired ----
wav "$D/jingles/intro.wav" clicks
(LC_ALL=C.UTF-8 && tiny_build "$D"); rc=$?
expect_eq "click intro: exit 3 (left out)" "$rc" 3
expect_error "click intro: named in Vietnamese (C.UTF-8), both stations without it" "$rc" \
    "jingles/intro.wav: cảnh báo: nhạc hiệu mở đầu không thể làm cho an toàn để phát \(không đưa được về -[0-9]+ LUFS dưới -[0-9.]+ dBTP .*lách cách.*\): các đài sau phát không có nó trong tuần này: duc-lap, duc-minh"
tiny_build "$D"; rc=$?
expect_error "click intro: named in English" "$rc" \
    "jingles/intro.wav: warning: the intro jingle cannot be made safe to air \(cannot be brought to -[0-9]+ LUFS under -[0-9.]+ dBTP .*clicks.*\): these stations air without it this week: duc-lap, duc-minh"
kept "click intro"
# (LOA_FAULTS_QUICK: the sanitizer pass leaves these three out)
for k in $([ -n "${LOA_FAULTS_QUICK:-}" ] || echo dc rumble big); do
    wav "$D/jingles/intro.wav" $k
    tiny_build "$D"; rc=$?
    ok "$k intro: published (exit $rc)" sh -c "[ $rc -eq 0 ] || [ $rc -eq 3 ]"
    kept "$k intro"
done
cp "$T/intro.wav" "$D/jingles/intro.wav"
wav "$D/jingles/outro.wav" nan
tiny_build "$D"; rc=$?
expect_eq "NaN outro: exit 3" "$rc" 3
expect_error "NaN outro: the file and the time named" "$rc" \
    "jingles/outro.wav: warning: the outro jingle cannot be made safe to air \(.*jingles/outro.wav: damaged audio at 0:00.023 \(a sample that is not a number\)"
kept "NaN outro"
cp "$T/outro.wav" "$D/jingles/outro.wav"
# A recorded bulletin made of clicks: left out at its Âm thanh line.
wav "$D/scripts/ghi-am.wav" clicks
printf 'Tiêu đề: Bản ghi âm lạ\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\nÂm thanh: ghi-am.wav\n' \
    >"$D/scripts/02-ghi-am.txt"
tiny_build "$D"; rc=$?
expect_eq "click recording: exit 3" "$rc" 3
expect_error "click recording: left out, named at its line" "$rc" \
    "scripts/02-ghi-am.txt:5:1: warning: its recording .*ghi-am.wav cannot be made safe to air .*: the bulletin is left out"
# Not aired anywhere, and listed with the scripts left out (line 5, its Âm thanh).
expect_eq "click recording: not aired, listed as left out in report.json" "$("$PY" - "$W/report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
aired = sum(1 for st in r["stations"] for sl in st["slots"] for b in sl["bulletins"] if b.startswith("02-ghi-am"))
lo = [(l["source"].rsplit("/", 1)[-1], l["title"], e["line"], e["id"]) for l in r["left_out"] for e in l["errors"]]
print(r["status"], aired, lo)
EOF
)" "left-out 0 [('02-ghi-am.txt', 'Bản ghi âm lạ', 5, 'audio')]"
ok "click recording: report.txt says why" grep -q "02-ghi-am.txt:5:1: tệp ghi âm .*ghi-am.wav không thể làm cho an toàn để phát" "$W/report.txt"
kept "click recording"
rm "$D/scripts/02-ghi-am.txt" "$D/scripts/ghi-am.wav"
ok "inputs restored" tiny_build "$D"
expect_eq "inputs restored: debris" "$(debris "$D")" ""
snap "$W" >"$T/snap1"
ok "inputs restored: the first publish again" cmp -s "$T/snap0" "$T/snap1"

# ---- 2. a cache that verifies itself ----
C=$D/out/.cache
intro_piece=$(grep -l ' 1.200000 ' "$C"/seg/*.meta | head -1)
intro_piece=${intro_piece%.meta}
# Damaged MP3 payload in a piece the next publish joins: rendered again.
printf 'garbage garbage garbage garbage' | dd of="$intro_piece" bs=1 seek=3000 conv=notrunc 2>/dev/null
tiny_edit "$D"
tiny_build "$D"; rc=$?
expect_eq "damaged piece: exit 0" "$rc" 0
expect_error "damaged piece: said, rendered again" 1 \
    "seg/.*\.mp3: warning: damaged cache entry \(its audio is not what was rendered .*\): removed and rendered again"
expect_eq "damaged piece: programs decode cleanly (ffmpeg)" \
    "$(for f in "$W"/*/2026*.mp3; do ffmpeg -v error -i "$f" -f null - 2>&1; done)" ""
kept "damaged piece"
# A hand-edited figure in a meta: not believed.
sed -i 's/ -23\.0\([0-9][0-9]\) / -23.2\1 /' "$intro_piece.meta"
tiny_edit "$D"
tiny_build "$D"; rc=$?
expect_error "edited meta: said, rendered again" 1 \
    "seg/.*\.mp3: warning: damaged cache entry \(its \.meta is damaged\)"
# A truncated speech WAV under a piece that must be rendered again.
wav1=$(ls -t "$C"/speech/*.wav | head -1)
full=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$wav1")
truncate -s 20000 "$wav1"
rm -f "$C"/seg/*.mp3 "$C"/seg/*.meta
tiny_build "$D"; rc=$?
expect_error "truncated speech: said, rendered again" 1 \
    "speech/.*\.wav: warning: damaged cache entry \(its audio is not what was rendered"
within "truncated speech: the whole speech again" \
    "$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$wav1")" "$full" "$full"
kept "truncated speech"
# --verify-cache: decodes every entry; damage found, removed, exit 1; then 0.
printf 'garbage' | dd of="$intro_piece" bs=1 seek=2000 conv=notrunc 2>/dev/null
"$LOA" build -c "$D/district.cfg" --verify-cache >"$T/out" 2>"$T/err"; rc=$?
expect_eq "verify-cache: damage found, exit 1" "$rc" 1
ok "verify-cache: counted" grep -Eq "entries, [1-9][0-9]* damaged" "$T/out"
ok "verify-cache: named" grep -q "$(basename "$intro_piece"): warning: damaged cache entry" "$T/err"
"$LOA" build -c "$D/district.cfg" --verify-cache >"$T/out" 2>"$T/err"; rc=$?
expect_eq "verify-cache again: sound, exit 0" "$rc" 0
ok "next build" tiny_build "$D"
kept "after the cache was verified"

# ---- 3. one build at a time, never replacing a newer publish ----
# A bulletin of two and a half minutes, said again after each edit: a build that
# renders it runs long enough to be met while it renders.
long_edit() {
    long_n=$((${long_n:-0} + 1))
    {
        sed -n '1,/^---$/p' "$D/scripts/01-vneid.txt" | sed 's/^Tiêu đề: .*/Tiêu đề: Hướng dẫn dài/'
        i=0
        while [ $i -lt 30 ]; do
            echo "Lần $long_n: bà con có thể làm thủ tục hành chính trên Cổng Dịch vụ công quốc gia, ngay tại nhà."
            i=$((i + 1))
        done
    } >"$D/scripts/02-dai.txt"
}
# in_render: wait until a build is saying something (its temporary WAV).
in_render() {
    n=0
    until ls "$D"/out/.cache/speech/.*.tmp* >/dev/null 2>&1; do
        n=$((n + 1)); [ $n -lt 1000 ] || break; sleep 0.01
    done
}
long_edit
# A stale staging tree whose pid is alive (pid 1): judged by the lock, not by pid.
mkdir "$D/out/.staging-1-2026-W48"
"$LOA_REAL" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err.first" &
first=$!
in_render
tiny_build "$D"; rc=$?
expect_eq "second build meanwhile: exit 6" "$rc" 6
expect_error "second build: says who holds the lock" "$rc" \
    "another build of .*/out is running \(pid $first, [0-9T:-]+Z\) — nothing done"
tiny_build "$D" --wait; rc=$?
wait $first; rc1=$?
expect_eq "first build: exit 0" "$rc1" 0
expect_eq "--wait: waited, then built (up to date)" "$rc" 0
ok "the stale staging of a live pid is gone" [ ! -e "$D/out/.staging-1-2026-W48" ]
expect_eq "no debris" "$(debris "$D")" ""
# Published by hand while a build runs: the build does not replace it.
long_edit
"$LOA_REAL" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err" &
first=$!
in_render
target=$(readlink "$W")
ln -s "$target" "$D/out/hand" && mv -T "$D/out/hand" "$W"
hand=$(stat -c %i "$W")
wait $first; rc=$?
expect_eq "publish by hand meanwhile: exit 6" "$rc" 6
expect_error "publish by hand meanwhile: not replaced" "$rc" \
    "2026-W48 was published by another process while this build ran .* not replaced"
expect_eq "publish by hand: still there" "$(stat -c %i "$W")" "$hand"

# ---- 4. SIGTERM and SIGINT: staging and temporary files removed, said ----
for sig in TERM $([ -n "${LOA_FAULTS_QUICK:-}" ] || echo INT); do
    long_edit
    snap "$W" >"$T/snap0"
    setsid "$LOA_REAL" build -c "$D/district.cfg" --week 2026-W48 2>"$T/err" &
    pid=$!
    in_render
    # SIGTERM to the build alone (systemd, kill); SIGINT to its whole group (Ctrl-C).
    if [ $sig = INT ]; then kill -INT -$pid; want=130; else kill -TERM $pid; want=143; fi
    wait $pid; rc=$?
    expect_eq "SIG$sig: exit $want" "$rc" "$want"
    expect_error "SIG$sig: says what it removed" "$rc" \
        "loa build: warning: stopped: (the staging tree and )?[0-9]+ temporary files removed; the published week is as it was"
    expect_eq "SIG$sig: no staging or temporary file left" \
        "$(debris "$D")$(find "$C" -name '.*.tmp*')" ""
    snap "$W" >"$T/snap1"
    ok "SIG$sig: the week untouched" cmp -s "$T/snap0" "$T/snap1"
done
rm "$D/scripts/02-dai.txt"

# ---- 5. paths, FIFOs and devices, names, titles ----
for o in '""' '"/"'; do
    sed "s|^output   = .*|output   = $o;|" "$D/district.cfg" >"$D/o.cfg"
    "$LOA" build -q -c "$D/o.cfg" --week 2026-W48 2>"$T/err"; rc=$?
    expect_eq "output = $o: exit 2" "$rc" 2
    expect_error "output = $o: at its line" "$rc" "o.cfg:[0-9]+:1: error: 'output' is (empty|the root directory)"
done
for c in "" /; do
    "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 --cache "$c" 2>"$T/err"; rc=$?
    expect_eq "--cache '$c': exit 2" "$rc" 2
done
mkfifo "$D/scripts/03-fifo.txt"
timeout 20 "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
# Refused at once, and like any script that cannot be read, left out: the
# rest of the week is published (exit 3; with --strict nothing is, exit 2).
expect_error "FIFO script: refused at once" "$rc" "scripts/03-fifo.txt: error: .*scripts/03-fifo.txt is a FIFO \(named pipe\), not a file"
expect_eq "FIFO script: left out, exit 3" "$rc" 3
timeout 20 "$LOA" build -q --strict -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_eq "FIFO script, --strict: exit 2" "$rc" 2
rm "$D/scripts/03-fifo.txt"
rm "$D/jingles/intro.wav"
for dev in fifo zero; do
    if [ $dev = fifo ]; then mkfifo "$D/jingles/intro.wav"; else ln -s /dev/zero "$D/jingles/intro.wav"; fi
    timeout 20 "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
    expect_eq "$dev as a jingle: published without it, exit 3" "$rc" 3
    expect_error "$dev as a jingle: named" "$rc" "intro.wav is a (FIFO|character device)"
    rm "$D/jingles/intro.wav"
done
cp "$T/intro.wav" "$D/jingles/intro.wav"
long=$(awk 'BEGIN { for (i = 0; i < 700; i++) printf "Thông báo số "; }')
sed -e "s/^Tiêu đề: .*/Tiêu đề: $long/" -e 's/VNeID\./VNeID trước ngày 31 tháng 12./' \
    "$D/scripts/01-vneid.txt" >"$D/scripts/📢.txt"
tiny_build "$D"; rc=$?
ok "a Unicode file name and a 9,000-character title: published (exit $rc)" [ "$rc" -eq 0 ]
expect_error "build warns about the title" 1 \
    "scripts/📢.txt:1:1: warning: the title has 9[0-9]{3} characters: the MP3 tags keep the first 200"
"$LOA" check --lang en "$D/scripts/📢.txt" >"$T/out" 2>&1
ok "check warns about the title" grep -Eq "📢.txt:1:1: warning: the title has 9[0-9]{3} characters" "$T/out"
item=$(ls "$W"/duc-minh/items/bt-*-north.mp3 2>/dev/null | head -1)
ok "its item is published under an id of its own" [ -n "$item" ]
t=$(ffprobe -v error -show_entries format_tags=title -of default=nw=1:nk=1 "$item")
# 15 times "Thông báo số " (13 characters), then "Thông": cut at a character.
expect_eq "its ID3 title: the first 200 characters, whole" \
    "$(printf '%s' "$t" | $PY -c 'import sys; t = sys.stdin.buffer.read().decode("utf-8"); print(len(t), t[-10:])')" \
    "200 o số Thông"
rm "$D/scripts/📢.txt"

# ---- 6. linear and bounded ----
# loa check: 1 MB of one paragraph costs about 10 times 100 KB (it was quadratic).
body() {
    sed -n '1,/^---$/p' "$D/scripts/01-vneid.txt"
    awk -v n="$1" 'BEGIN { s = "Bà con hãy kíck hoạt tài khoản QWZX định danh hoà hòa điện tử VNeID trước ngày 25/12/2026, gọi 1800.1096. ";
        while (t < n) { printf "%s", s; t += length(s) } print "" }'
}
body 100000 >"$T/100k.txt"
body 1000000 >"$T/1m.txt"
cpu() { /usr/bin/time -f '%U %S' "$LOA_REAL" check "$1" 2>&1 >/dev/null | tail -1 | awk '{ print $1 + $2 }'; }
a=$(cpu "$T/100k.txt"); b=$(cpu "$T/1m.txt")
within "loa check 1 MB / 100 KB CPU time ($b s / $a s)" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / (a > 0.02 ? a : 0.02) }')" 1 20
# A 3-hour recording (sparse: a tone, then silence) is streamed, not loaded:
# the build that probes it stays small (940 MB once).
$PY - "$D/scripts/dai.wav" <<'EOF'
import math, struct, sys
rate, n = 8000, 8000 * 3 * 3600
with open(sys.argv[1], 'wb') as f:
    f.write(b'RIFF' + struct.pack('<I', 36 + 2 * n) + b'WAVE' + b'fmt ' +
            struct.pack('<IHHIIHH', 16, 1, 1, rate, 2 * rate, 2, 16) + b'data' + struct.pack('<I', 2 * n))
    f.write(b''.join(struct.pack('<h', int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(5 * rate)))
    f.truncate(44 + 2 * n)
EOF
printf 'Tiêu đề: Ghi âm ba giờ\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\nÂm thanh: dai.wav\n' \
    >"$D/scripts/04-dai.txt"
kb=$(/usr/bin/time -f '%M' "$LOA_REAL" build -q -c "$D/district.cfg" --week 2026-W48 2>&1 >/dev/null | tail -1)
within "3-hour recording: peak memory (KB)" "$kb" 1 150000
rm "$D/scripts/04-dai.txt" "$D/scripts/dai.wav"

finish
