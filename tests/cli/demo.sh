#!/bin/sh
# The demo (examples/district.cfg: five communes of tỉnh Đắk Lắk, eleven
# stations, three dialects, two profiles): it builds, every station has its
# files and one program per slot of its week (counted here from the commune
# files), every program fits its slot, the urgent notice opens exactly the
# slots it should, and independent tools accept every file. Renders come
# from the cache `make demo` fills (examples/out/.cache), when there is one:
# the cache is keyed by content, so reusing it changes nothing but time.
. tests/lib.sh
need ffprobe ffmpeg sox espeak-ng lame
cp -R examples "$T/ex"
rm -rf "$T/ex/out"
sh scripts/make-demo-assets.sh "$T/ex" district.cfg >/dev/null
cache=$(pwd)/examples/out/.cache
[ -d "$cache" ] || cache=$T/cache
OUT=$T/ex/out/2026-W48
ok "demo builds" "$LOA" build -c "$T/ex/district.cfg" --week 2026-W48 -j 2 --cache "$cache" -q
# What the commune files say, read here without loa: each station's id,
# profile, groups and its slots' weekday ranges.
"$PY" - "$T/ex" > "$T/stations" <<'PY'
import re, sys
ex = sys.argv[1]
days = {"T2": 1, "T3": 2, "T4": 3, "T5": 4, "T6": 5, "T7": 6, "CN": 7}
for inc in re.findall(r'@include "(communes/[^"]+)"', open(ex + "/district.cfg", encoding="utf-8").read()):
    text = open(ex + "/" + inc, encoding="utf-8").read()
    for st in re.findall(r"\{\n  id = .*?\n\}", text, re.S):
        sid = re.search(r'id = "([^"]+)"', st).group(1)
        prof = re.search(r'profile = "([^"]+)"', st)
        groups = re.search(r"groups = \[([^]]*)\]", st).group(1).replace('"', "").replace(" ", "")
        n = 0
        for a, b in re.findall(r'days = "(T\d|CN)-(T\d|CN)"', st):
            n += days[b] - days[a] + 1
        print(sid, prof.group(1) if prof else "broadcast", groups, n)
PY
stations=$(cut -d' ' -f1 "$T/stations" | sort | tr '\n' ' ')
expect_eq "eleven stations in the demo" "$(wc -l < "$T/stations")" 11
expect_eq "three dialects" "$(sed -n 's/^ *dialect = "\(.*\)";/\1/p' $(sed -n 's|^@include "\(communes/.*\)"|'"$T/ex"'/\1|p' "$T/ex/district.cfg") | sort -u | tr '\n' ' ')" "central north south "
expect_eq "stations published" "$(cd "$OUT" && ls -d */ | tr -d / | sort | tr '\n' ' ')" "$stations"
while read -r s prof groups n; do
    for f in week.m3u8 week.pls schedule.csv schedule.ics schedule.html station.liq manifest.json; do
        ok "$s/$f" test -s "$OUT/$s/$f"
    done
    expect_eq "$s: one program per slot of the week" "$(ls "$OUT/$s"/2026-11-*.mp3 | wc -l)" "$n"
done < "$T/stations"
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
        urgent = sum(1 for b in sl["bulletins"] if b.startswith("48-07-khan"))
        print(st["id"], sl["date"], sl["start"], sl["length"], "%.2f" % d, first, urgent)
PY
expect_eq "every slot reported" "$(wc -l < "$T/facts")" "$(awk '{ n += $4 } END { print n }' "$T/stations")"
awk '$5 > $4 { print "overrun: " $0; bad = 1 } END { exit bad }' "$T/facts"
ok "every program fits its slot" test $? -eq 0
# 48-07-khan-mua-lu (khẩn cấp, group phia-dong, 26-27/11) opens every slot of
# those days at the stations of the group, and airs nowhere else.
east=$(awk '$3 ~ /(^|,)phia-dong(,|$)/ { print $1 }' "$T/stations" | tr '\n' ' ')
expect_eq "the east's stations in the demo" "$east" "tuy-hoa tuy-hoa-loa-2 o-loan o-loan-loa-2 o-loan-loa-3 "
awk -v east=" $east" '{ print (index(east, " " $1 " ") ? "E" : "W"), $0 }' "$T/facts" > "$T/facts2"
expect_eq "urgent opens every slot of the east on 26-27/11" \
    "$(awk '$1 == "E" && ($3 == "2026-11-26" || $3 == "2026-11-27") && ($7 !~ /^48-07-khan/ || $8 != 1)' "$T/facts2")" ""
expect_eq "urgent nowhere else" \
    "$(awk '($1 == "W" || ($3 != "2026-11-26" && $3 != "2026-11-27")) && $8 != 0' "$T/facts2")" ""
ok "the urgent notice airs somewhere" grep -q ' 48-07-khan' "$T/facts2"
ok "independent checks (ffmpeg decodes every MP3 to its manifest length, ICS, CSV, HTML, Liquidsoap)" \
    "$PY" tests/publish_check.py "$OUT" --probe --liquidsoap
# Programs are joined from pieces each normalized alone: the whole, as
# ffmpeg's R128 meter hears it, at its profile's loudness (+-0.3 LU) and
# under its ceiling (+0.2 dB for the meter): broadcast -23 LUFS, -1 dBTP;
# horn (the loudspeaker clusters) -14 LUFS, -1.5 dBTP. Each station's first
# program, and the urgent day's first (chime, urgent notice) in the east.
while read -r s prof groups n; do
    f=$(ls "$OUT/$s"/2026-11-23_*.mp3 | head -1)
    case " $east" in *" $s "*) f="$f $(ls "$OUT/$s"/2026-11-26_*.mp3 | head -1)" ;; esac
    for g in $f; do
        ffmpeg -nostdin -nostats -i "$g" -af ebur128=peak=true -f null - 2>&1 |
            awk -v f="$g" -v p="$prof" '/^ +I:/ { i = $2 } /^ +Peak:/ { k = $2 } END { print f, p, i, k }'
    done
done < "$T/stations" > "$T/loud"
cat "$T/loud" >&2
expect_eq "programs measured" "$(wc -l < "$T/loud")" 16
ok "broadcast programs at -23 LUFS +-0.3" awk '$2 == "broadcast" { if ($3 < -23.3 || $3 > -22.7) exit 1 }' "$T/loud"
ok "broadcast programs under -1 dBTP (+0.2)" awk '$2 == "broadcast" { if ($4 > -0.8) exit 1 }' "$T/loud"
ok "horn programs at -14 LUFS +-0.3" awk '$2 == "horn" { if ($3 < -14.3 || $3 > -13.7) exit 1 }' "$T/loud"
ok "horn programs under -1.5 dBTP (+0.2)" awk '$2 == "horn" { if ($4 > -1.3) exit 1 }' "$T/loud"
ok "both profiles measured" test "$(cut -d' ' -f2 "$T/loud" | sort -u | tr '\n' ' ')" = "broadcast horn "
cp -RL "$OUT" "$T/first"
"$LOA" build -c "$T/ex/district.cfg" --week 2026-W48 -j 2 --cache "$cache" >"$T/log" 2>&1
ok "unchanged rebuild renders nothing" grep -q "dựng 0/" "$T/log"
ok "unchanged rebuild is byte-identical" diff -r "$T/first" "$OUT"
finish
