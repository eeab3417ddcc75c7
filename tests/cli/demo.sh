#!/bin/sh
# The demo district (examples/): it builds, every station has its files, every
# slot's program fits its length, the urgent notice opens exactly the slots it
# should, and independent tools accept every file. Renders come from the cache
# `make demo` fills (examples/out/.cache), when there is one: the cache is keyed
# by content, so reusing it changes nothing but time.
. tests/lib.sh
need ffprobe sox espeak-ng lame
cp -R examples "$T/ex"
rm -rf "$T/ex/out"
sh scripts/make-demo-assets.sh "$T/ex" >/dev/null
cache=$(pwd)/examples/out/.cache
[ -d "$cache" ] || cache=$T/cache
OUT=$T/ex/out/2026-W48
ok "demo builds" "$LOA" build -c "$T/ex/district.cfg" --week 2026-W48 -j 2 --cache "$cache" -q
stations=$(sed -n 's/^ *id = "\([a-z0-9-]*\)";.*/\1/p' "$T"/ex/stations/*.cfg | sort | tr '\n' ' ')
expect_eq "stations published" "$(cd "$OUT" && ls -d */ | tr -d / | sort | tr '\n' ' ')" "$stations"
for s in $stations; do
    for f in week.m3u8 week.pls schedule.csv schedule.ics schedule.html station.liq manifest.json; do
        ok "$s/$f" test -s "$OUT/$s/$f"
    done
    ok "$s: 14 slot programs" test "$(ls "$OUT/$s"/2026-11-*.mp3 | wc -l)" -eq 14
done
# Each program, as ffprobe measures it, within its slot; urgent placement from report.json.
"$PY" - "$OUT" > "$T/facts" <<'PY'
import json, os, subprocess, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "report.json")))
for st in r["stations"]:
    m = json.load(open(os.path.join(out, st["id"], "manifest.json")))
    progs = {f["slot"]["date"] + " " + f["slot"]["start"]: f["path"] for f in m["files"] if f.get("kind") == "program"}
    for sl in st["slots"]:
        p = os.path.join(out, st["id"], progs[sl["date"] + " " + sl["start"]])
        d = float(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", p]))
        first = sl["bulletins"][0] if sl["bulletins"] else "-"
        urgent = sum(1 for b in sl["bulletins"] if b.startswith("07-khan"))
        print(st["id"], sl["date"], sl["start"], sl["length"], "%.2f" % d, first, urgent)
PY
awk '$5 > $4 { print "overrun: " $0; bad = 1 } END { exit bad }' "$T/facts"
ok "every program fits its slot" test $? -eq 0
# 07-khan-bao-tri (khẩn cấp, tất cả, 26-27/11) opens every slot of those days and airs nowhere else.
expect_eq "urgent opens every slot on 26-27/11" \
    "$(awk '($2 == "2026-11-26" || $2 == "2026-11-27") && ($6 !~ /^07-khan/ || $7 != 1)' "$T/facts")" ""
expect_eq "urgent nowhere else" \
    "$(awk '$2 != "2026-11-26" && $2 != "2026-11-27" && $7 != 0' "$T/facts")" ""
ok "independent checks (ffmpeg decodes every MP3 to its manifest length, ICS, CSV, HTML, Liquidsoap)" \
    "$PY" tests/publish_check.py "$OUT" --probe --liquidsoap
# Programs are joined from pieces each normalized alone: the whole, as
# ffmpeg's R128 meter hears it, at the broadcast profile's -23 LUFS (+-0.3)
# and under its -1 dBTP ceiling (+0.2 for the meter). Two programs a
# station: its first, and one of the urgent days (chime, urgent notice).
for f in "$OUT"/*/2026-11-23_*.mp3 "$OUT"/*/2026-11-26_*.mp3; do
    ffmpeg -nostdin -nostats -i "$f" -af ebur128=peak=true -f null - 2>&1 |
        awk -v f="$f" '/^ +I:/ { i = $2 } /^ +Peak:/ { p = $2 } END { print f, i, p }'
done > "$T/loud"
cat "$T/loud" >&2
expect_eq "programs measured" "$(wc -l < "$T/loud")" 20
ok "programs at -23 LUFS +-0.3" awk '{ if ($2 < -23.3 || $2 > -22.7) exit 1 }' "$T/loud"
ok "programs under -1 dBTP (+0.2)" awk '{ if ($3 > -0.8) exit 1 }' "$T/loud"
cp -RL "$OUT" "$T/first"
"$LOA" build -c "$T/ex/district.cfg" --week 2026-W48 -j 2 --cache "$cache" >"$T/log" 2>&1
ok "unchanged rebuild renders nothing" grep -q "dựng 0/" "$T/log"
ok "unchanged rebuild is byte-identical" diff -r "$T/first" "$OUT"
finish
