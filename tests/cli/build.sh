#!/bin/sh
# loa build on a small district: planner rules seen in the published files,
# measured audio, unchanged rebuilds, atomic publish under SIGKILL, input errors.
. tests/lib.sh
need ffprobe sox python3
W=$T/d
small_district "$W" 48000 2
OUT=$W/out/2026-W48
build() { "$LOA" build -c "$W/district.cfg" --week 2026-W48 "$@"; }
# The small district defers one bulletin by design (c-dai wants 7 airings), so a
# good build exits 5: published, something to look at.
published() { build "$@"; [ $? -eq 5 ]; }
probe_s() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

ok "build exits 5 (published, one bulletin deferred)" published -j 2 >"$T/log1" 2>&1
ok "the deferral is a warning on stderr" grep -q "loa build: cảnh báo: bản tin \"Bản tin dài" "$T/log1"
ok "one summary line on stdout" sh -c "'$LOA' build -c '$W/district.cfg' --week 2026-W48 -q 2>/dev/null | grep -c . | grep -qx 1"
cat "$T/log1" >&2
for s in xa-a xa-b; do
    for f in week.m3u8 week.pls schedule.csv schedule.ics schedule.html station.liq manifest.json; do
        ok "$s/$f exists" test -s "$OUT/$s/$f"
    done
done
ok "district report" test -s "$OUT/report.json"

# Everything the planner decided, read back from the published report.
python3 - "$OUT" > "$T/facts" <<'PY'
import json, sys, subprocess, os
out = sys.argv[1]
r = json.load(open(os.path.join(out, "report.json")))
for st in r["stations"]:
    m = json.load(open(os.path.join(out, st["id"], "manifest.json")))
    progs = {f["slot"]["date"] + " " + f["slot"]["start"]: f for f in m["files"] if f.get("kind") == "program"}
    items = {f["path"].split("/")[-1][:-4]: f["duration"] for f in m["files"] if f["path"].startswith("items/")}
    for sl in st["slots"]:
        key = sl["date"] + " " + sl["start"]
        f = progs[key]
        dur = float(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries",
              "format=duration", "-of", "csv=p=0", os.path.join(out, st["id"], f["path"])]))
        need = sum(items[b] for b in sl["bulletins"])
        print(st["id"], sl["date"], sl["start"], sl["name"], sl["length"], "%.2f" % dur,
              "%.2f" % need, ",".join(sl["bulletins"]))
for d in r["deferred"]:
    print("DEFERRED", d.get("bulletin", d.get("id", "?")), d.get("station", "?"))
PY
cat "$T/facts" >&2
# No program runs over its slot, and none is shorter than its items (nothing truncated).
awk '$1 != "DEFERRED" && ($6 > $5 || $6 < $7) { bad = 1; print "overrun/truncated: " $0 }
     END { exit bad }' "$T/facts"
ok "programs fit their slots and keep their items whole" test $? -eq 0
# The urgent notice (nhom-a = xa-a, 25-26/11) opens every xa-a slot on those days, and no other.
expect_eq "urgent slots" "$(awk '$NF ~ /u-khan/ {print $1, $2, $3, substr($NF, 1, 12)}' "$T/facts")" \
"xa-a 2026-11-25 06:00 u-khan-north
xa-a 2026-11-25 22:00 u-khan-north
xa-a 2026-11-26 06:00 u-khan-north
xa-a 2026-11-26 22:00 u-khan-north"
# Quiet hours: the night slot airs only on the urgent days.
expect_eq "night slots" "$(awk '$4 == "dem" {print $2}' "$T/facts" | tr '\n' ' ')" "2026-11-25 2026-11-26 "
# The high-priority hotline airs twice on xa-a, on different days.
expect_eq "b-hotline days" "$(awk '$NF ~ /b-hotline/ {print $2}' "$T/facts" | sort -u | wc -l)" 2
# The long bulletin cannot air 7 times with everything else: deferred and reported.
ok "deferral reported in report.json" grep -q '"c-dai' "$OUT/report.json"
ok "deferral reported in report.txt" grep -q "Bản tin dài" "$OUT/report.txt"
c_airs=$(awk '$NF ~ /c-dai/' "$T/facts" | wc -l)
within "c-dai airs fewer than 7 times" "$c_airs" 1 6
# An otherwise empty slot gets the standing bulletin, in the station's dialect.
ok "standing bulletin fills xa-b (south)" grep -q "thuong-truc-south" "$T/facts"
# Dialects: xa-b hears the southern voice.
ok "xa-b items are southern" sh -c "ls '$OUT/xa-b/items' | grep -q 'a-vneid-south'"
# Independent checks of every published file.
ok "publish_check (ffprobe durations, ICS, playlists, Liquidsoap)" \
    "$PY" tests/publish_check.py "$OUT" --probe --liquidsoap

# An unchanged week renders nothing and publishes the same bytes.
cp -RL "$OUT" "$T/first"
ok "rebuild exits 5" published -j 2 >"$T/log2" 2>&1
ok "rebuild rendered nothing" grep -q "dựng 0/" "$T/log2"
ok "rebuild found the week up to date" grep -q "không có gì thay đổi, giữ nguyên" "$T/log2"
ok "rebuild is byte-identical" diff -r "$T/first" "$OUT"
# A published file gone, or edited, is noticed: the week is published again, whole.
rm "$OUT/xa-b/week.pls"
printf '#EXTM3U\n' > "$OUT/xa-a/week.m3u8"
ok "rebuild after tampering" published -j 2 >"$T/log3" 2>&1
ok "tampering noticed: published again" grep -q "loa build: đã phát hành" "$T/log3"
ok "tampering noticed: nothing rendered" grep -q "dựng 0/" "$T/log3"
ok "tampered week restored, byte-identical" diff -r "$T/first" "$OUT"
# Slots that air the same thing share one rendered program: the published
# files hold the same MPEG audio under each slot's own ID3 title.
"$PY" - "$OUT" > "$T/share" <<'PY'
import glob, json, os, subprocess, sys
out = sys.argv[1]
def audio(p):
    b = open(p, "rb").read()
    if b[:3] == b"ID3":
        b = b[10 + (b[6] << 21 | b[7] << 14 | b[8] << 7 | b[9]):]
    return b
groups, items = {}, set()
for m in glob.glob(os.path.join(out, "*", "manifest.json")):
    st = os.path.dirname(m)
    for f in json.load(open(m))["files"]:
        if f.get("kind") == "program":
            groups.setdefault(audio(os.path.join(st, f["path"])), []).append(os.path.join(st, f["path"]))
        elif f["path"].startswith("items/"):
            items.add(audio(os.path.join(st, f["path"])))
shared = [g for g in groups.values() if len(g) > 1]
titles = set()
for g in shared:
    for p in g:
        titles.add(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries",
            "format_tags=title", "-of", "csv=p=0", p]).decode().strip())
print(sum(len(g) for g in groups.values()), len(groups), len(shared),
      sum(len(g) for g in shared) == len(titles), len(items))
PY
read nprog ndistinct nshared titles_ok nitems < "$T/share"
ok "some slots share a rendered program ($nprog slots, $ndistinct distinct)" test "$nshared" -gt 0
ok "shared programs keep each slot's own title" test "$titles_ok" = True
# Programs are joined from pieces rendered once each: every distinct item
# (bulletin x station production), the three jingles, one silent gap.
# Nothing else is encoded.
expect_eq "the cache holds one piece per distinct item, jingle and gap" \
    "$(ls "$W/out/.cache/seg" | grep -c '\.mp3$')" "$((nitems + 3 + 1))"
# A program's MPEG frames are its items' own frames, byte for byte (nothing
# re-encoded): each item file's audio, past its ID3 tag and its Info frame,
# lies whole inside every program that airs it.
"$PY" - "$OUT" > "$T/inside" <<'PY'
import json, os, sys
out = sys.argv[1]
def frames(p):
    b = open(p, "rb").read()
    if b[:3] == b"ID3":
        b = b[10 + (b[6] << 21 | b[7] << 14 | b[8] << 7 | b[9]):]
    n = 144000 * 64 // 44100 + (b[2] >> 1 & 1)  # the Info frame (default profile: 44.1 kHz, 64k)
    return b[n:] if b"Info" in b[:n] else b
r = json.load(open(os.path.join(out, "report.json")))
good = total = 0
for st in r["stations"]:
    m = json.load(open(os.path.join(out, st["id"], "manifest.json")))
    for f in m["files"]:
        if f.get("kind") != "program":
            continue
        prog = open(os.path.join(out, st["id"], f["path"]), "rb").read()
        for b in f["bulletins"]:
            total += 1
            good += frames(os.path.join(out, st["id"], "items", b["id"] + ".mp3")) in prog
print(good, total)
PY
read good total < "$T/inside"
ok "every aired item's frames lie inside its programs ($good of $total)" \
    test "$good" -eq "$total" -a "$total" -gt 10
# Loudness as an independent meter hears it: every program at the default
# profile's -16 LUFS and under its -1.5 dBTP ceiling (+0.2 for the meter).
# Each piece is normalized alone, so a program is as loud as its pieces but
# for the R128 gate's 400 ms blocks that straddle two pieces: with pieces of
# a few seconds (these test bulletins: 2-3 s of speech between two short
# sine jingles) that moves it up to 0.6 LU (measured); a program of real
# bulletins stays within 0.1 (tests/cli/demo.sh checks them at 0.3).
loudness() { # DIR: "file LUFS dBTP seconds" for each slot program
    for f in "$1"/xa-*/2026-11-2[3-9]_*.mp3; do
        ffmpeg -nostdin -nostats -i "$f" -af ebur128=peak=true -f null - 2>&1 |
            awk -v f="$(basename "$f")" -v s="$(probe_s "$f")" \
                '/^ +I:/ { i = $2 } /^ +Peak:/ { p = $2 } END { print f, i, p, s }'
    done
}
loudness "$OUT" > "$T/loud"
cat "$T/loud" >&2
ok "programs at -16 LUFS +-0.5 (+-0.8 under 10 s)" \
    awk '{ t = $4 < 10 ? 0.8 : 0.5; if ($2 < -16 - t || $2 > -16 + t) exit 1 }' "$T/loud"
ok "programs under -1.5 dBTP (+0.2)" awk '{ if ($3 > -1.3) exit 1 }' "$T/loud"
expect_eq "every program measured" "$(wc -l < "$T/loud")" 16

# With a music bed (xa-a here), each item carries its own: the bed alone
# before the speech and after it instead of a silent gap, ducked under it.
cp -R "$W" "$T/bed"
sox -n -r 44100 -c 1 -b 16 "$T/bed/jingles/bed.wav" synth 6 pinknoise lowpass 4000 gain -20
sed -i 's|^    commune = "xã A";|&\n    jingles = { bed = "jingles/bed.wav"; };|' "$T/bed/district.cfg"
rm -rf "$T/bed/out"
"$LOA" build -c "$T/bed/district.cfg" --week 2026-W48 -j 2 -q >/dev/null; rc=$?
expect_eq "build with a bed" "$rc" 5
BOUT=$T/bed/out/2026-W48
lead() { ffmpeg -nostdin -nostats -t 1.2 -i "$1" -af volumedetect -f null - 2>&1 |
         sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB.*/\1/p'; }
a_lead=$(lead "$BOUT/xa-a/items/a-vneid-north.mp3")
ok "xa-a items open on the bed alone ($a_lead dB)" awk -v v="$a_lead" 'BEGIN { exit !(v > -50) }'
# Each bedded item is 2 x 1.5 s longer than its speech: compare with xa-a's own
# items of the first build.
ok "bedded item = speech + 3 s" awk -v a="$(probe_s "$BOUT/xa-a/items/a-vneid-north.mp3")" \
    -v b="$(probe_s "$OUT/xa-a/items/a-vneid-north.mp3")" 'BEGIN { d = a - b; exit !(d > 2.95 && d < 3.05) }'
ok "bed build: publish_check" "$PY" tests/publish_check.py "$BOUT" --probe
loudness "$BOUT" > "$T/loud2"
cat "$T/loud2" >&2
ok "bed programs at -16 LUFS +-0.5" awk '{ if ($2 < -16.5 || $2 > -15.5) exit 1 }' "$T/loud2"
ok "bed programs under -1.5 dBTP (+0.2)" awk '{ if ($3 > -1.3) exit 1 }' "$T/loud2"
expect_eq "no gap piece with a bed, xa-b's slots air one item each" \
    "$(ls "$T/bed/out/.cache/seg" | grep -c '\.mp3$')" \
    "$(( $(ls "$BOUT/xa-a/items" "$BOUT/xa-b/items" | grep -c '\.mp3$') + 3 ))"
# -j1 gives the same bytes as -j2 (from a cold cache).
ok "cold -j1 build" published -j 1 --cache "$T/cache1" -q
ok "-j1 output identical to -j2" diff -r "$T/first" "$OUT"

# SIGKILL in the middle of a build: the previous publish stays, complete.
sed -i 's/định danh điện tử\./định danh điện tử ngay trong tuần này./' "$W/scripts/a-vneid.txt"
n0=$(ls -a "$W/out/.cache/seg" | wc -l)
"$LOA" build -c "$W/district.cfg" --week 2026-W48 -j 1 -q 2>/dev/null &
pid=$!
# Kill it as soon as the first new piece render appears in the cache: the
# speech is done, pieces are being made, nothing is published yet.
i=0
while [ "$(ls -a "$W/out/.cache/seg" | wc -l)" -le "$n0" ] && [ $i -lt 400 ]; do
    sleep 0.05; i=$((i + 1))
done
ok "build still running when killed" kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5 # its workers die with it (PR_SET_PDEATHSIG)
ok "no worker outlives the build" sh -c "! pgrep -f '[b]uild -c $W/district.cfg' >/dev/null"
ok "publish untouched after SIGKILL" diff -r "$T/first" "$OUT"
ok "next build succeeds" published -j 2 -q
ok "no staging debris left" sh -c "! ls -a '$W/out' | grep -q '^\.staging\|^\.old'"
ok "the change was published" sh -c "! diff -r '$T/first' '$OUT' >/dev/null"

# One bad bulletin does not silence the district: a script with errors is
# left out and everything else is published (exit 3); every error of every
# script is said in one run (file:line:col). --strict keeps all-or-nothing.
cp -RL "$OUT" "$T/second"
cp "$W/scripts/a-vneid.txt" "$T/a.bak"
cp "$W/scripts/b-hotline.txt" "$T/b.bak"
sed -i 's|^Từ ngày: 23/11/2026|Từ ngày: 31/02/2026|' "$W/scripts/a-vneid.txt"
sed -i 's|^Đài: xa-a|Đài: Xã A|' "$W/scripts/b-hotline.txt"
printf 'Xin [chú ý] nhé.\n' >>"$W/scripts/b-hotline.txt"
build --strict -q 2>"$T/err"; rc=$?
expect_eq "--strict, bad scripts: exit 2" "$rc" 2
ok "--strict: nothing published" diff -r "$T/second" "$OUT"
build -q >"$T/out" 2>"$T/err"; rc=$?
cat "$T/err" >&2
expect_eq "bad scripts left out: exit 3" "$rc" 3
ok "the bad date, at its line and column" \
    grep -q "a-vneid.txt:3:10: lỗi: 'Từ ngày' \"31/02/2026\" không phải ngày có thật" "$T/err"
ok "the station's name, with its id" \
    grep -q "b-hotline.txt:6:6: lỗi: \"Xã A\" không phải mã đài hay mã nhóm của khu vực — có phải là \"xa-a\"" "$T/err"
ok "the bad mark of the same script, in the same run" \
    grep -q "b-hotline.txt:9:5: lỗi: dấu lạ \[chú ý\]" "$T/err"
ok "a warning names each script left out" \
    grep -q "loa build: cảnh báo: kịch bản .*a-vneid.txt bị bỏ ra khỏi tuần vì có 1 lỗi" "$T/err"
ok "the summary counts them" grep -q "2 kịch bản bị bỏ ra" "$T/out"
ok "report.txt says it first" sh -c "head -1 '$OUT/report.txt' | grep -q '^CẢNH BÁO: kịch bản .*bị bỏ ra khỏi tuần'"
ok "report.txt lists them with their errors" sh -c "grep -A3 '^BỊ BỎ RA' '$OUT/report.txt' | grep -q 'a-vneid.txt:3:10'"
"$PY" - "$OUT/report.json" >"$T/lo" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
lo = {x["source"].split("/")[-1]: x for x in r["left_out"]}
print(r["status"], sorted(lo), [ (e["line"], e["col"], e["id"]) for e in lo["b-hotline.txt"]["errors"] ],
      lo["a-vneid.txt"]["title"], r["alerts"][0]["kind"])
PY
expect_eq "report.json: left_out, each error with its place and id" "$(cat "$T/lo")" \
    "left-out ['a-vneid.txt', 'b-hotline.txt'] [(6, 6, 'header-station'), (9, 5, 'mark')] Kích hoạt tài khoản VNeID left-out"
ok "the rest is published: the urgent notice airs" test -s "$OUT/xa-a/items/u-khan-north.mp3"
ok "the bulletin left out does not air" test ! -e "$OUT/xa-a/items/a-vneid-north.mp3"
LANG=C "$LOA" build --lang en -c "$W/district.cfg" --week 2026-W48 -q 2>"$T/err"
ok "--lang en: the same errors in English" \
    grep -q "a-vneid.txt:3:10: error: 'Từ ngày' \"31/02/2026\" is not a real date" "$T/err"
cp "$T/a.bak" "$W/scripts/a-vneid.txt"
cp "$T/b.bak" "$W/scripts/b-hotline.txt"

# Validity to the minute: an urgent notice from 25/11 06:15 until 26/11 06:10
# airs in the 22:00 slot of the 25th and the 06:00 slot of the 26th only
# (xa-a airs daily at 06:00 and 22:00), and stops once it has expired.
cp "$W/scripts/u-khan.txt" "$T/u.bak"
sed -i 's|^Từ ngày: 25/11/2026|Từ ngày: 25/11/2026 06:15|; s|^Đến ngày: 26/11/2026|Đến ngày: 26/11/2026 06:10|' \
    "$W/scripts/u-khan.txt"
build -q 2>/dev/null
"$PY" - "$OUT/report.json" >"$T/slots" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
st = [s for s in r["stations"] if s["id"] == "xa-a"][0]
print(" ".join(s["date"] + "T" + s["start"] for s in st["slots"] if "u-khan-north" in s["bulletins"]))
b = [b for b in r["bulletins"] if b["id"] == "u-khan-north"][0]
print(b["from"], b["to"])
PY
expect_eq "urgent notice to the minute" "$(cat "$T/slots")" "2026-11-25T22:00 2026-11-26T06:00
2026-11-25T06:15 2026-11-26T06:10"
cp "$T/u.bak" "$W/scripts/u-khan.txt"

# A bad config stops everything: file:line, exit 2, nothing published.
build -q 2>/dev/null
rm -rf "$T/second" && cp -RL "$OUT" "$T/second"
sed -i 's|start = "06:30"|start = "26:30"|' "$W/district.cfg"
build -q 2>"$T/err"; rc=$?
expect_eq "bad config: exit 2" "$rc" 2
ok "bad config: file:line" grep -q "district.cfg:[0-9]*:[0-9]*: lỗi:" "$T/err"
ok "bad config: nothing published" diff -r "$T/second" "$OUT"
cat "$T/err" >&2
# A recorded bulletin whose audio cannot be decoded is a script error: left
# out, named, the rest published (exit 3).
sed -i 's|start = "26:30"|start = "06:30"|' "$W/district.cfg"
printf 'ID3 this is not audio' > "$W/scripts/r-ghi-am.mp3"
printf 'Tiêu đề: Bản ghi âm\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: xa-a\nÂm thanh: r-ghi-am.mp3\n' \
    > "$W/scripts/r-ghi-am.txt"
build -q 2>"$T/err"; rc=$?
expect_eq "corrupt recording: left out, exit 3" "$rc" 3
ok "corrupt recording: named at its line" grep -q "r-ghi-am.txt:5:1: lỗi: không đọc được tệp ghi âm .*r-ghi-am.mp3" "$T/err"
ok "corrupt recording: the report lists it (the week is published again)" \
    grep -q "r-ghi-am.txt:5:1: không đọc được tệp ghi âm" "$OUT/report.txt"
rm "$W/scripts/r-ghi-am.mp3" "$W/scripts/r-ghi-am.txt"
cat "$T/err" >&2
build -q 2>/dev/null
rm -rf "$T/second" && cp -RL "$OUT" "$T/second"
# A silent jingle cannot be brought to the profile's loudness: the stations
# air without it (named once, exit 3), never a silent or boosted outro.
cp "$W/jingles/outro.wav" "$T/outro.bak"
sox -n -r 44100 -c 1 -b 16 "$W/jingles/outro.wav" trim 0 0.5
build -q 2>"$T/err"; rc=$?
expect_eq "silent outro: exit 3" "$rc" 3
expect_eq "silent outro: named once, both stations" \
    "$(grep -c 'outro.wav: cảnh báo: nhạc hiệu kết thúc không thể làm cho an toàn để phát (.*gần như im lặng.*): các đài sau phát không có nó trong tuần này: xa-a, xa-b' "$T/err")" 1
# The 0.5 s outro is gone from every program of xa-a's week.
within "silent outro: a program 0.5 s shorter without it" \
    "$(awk -v a="$(probe_s "$T/second/xa-a/2026-11-23_0600_sang.mp3")" \
           -v b="$(probe_s "$OUT/xa-a/2026-11-23_0600_sang.mp3")" 'BEGIN { print a - b }')" 0.4 0.6
cp "$T/outro.bak" "$W/jingles/outro.wav"
build -q 2>"$T/err"; rc=$?
ok "outro restored: published as before" diff -r "$T/second" "$OUT"
cat "$T/err" >&2
# Dry run: prints the plan, writes nothing.
rm -rf "$T/dry" && cp -R "$W/out" "$T/dry"
ok "dry run" sh -c "'$LOA' build -c '$W/district.cfg' --week 2026-W48 --dry-run > '$T/plan.txt'"
ok "dry run lists the urgent item" grep -q "u-khan-north" "$T/plan.txt"
ok "dry run wrote nothing" diff -r "$T/dry" "$W/out"
finish
