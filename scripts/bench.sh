#!/bin/sh
# make bench: what loa costs, measured against its floor and the hand way.
#   1. loa speak on real bulletins of several topics (tests/cases/real/, the
#      real-text corpus: sentences from public Vietnamese pages), against its
#      floor (libespeak-ng synthesis + LAME alone) and the hand pipeline
#      (espeak-ng | sox | lame on the same normalized words): encodes, chunks
#      encoded again, CPU and wall per second of audio, the ratios; the
#      three take turns, RUNS times, medians.
#   2. memory for a 60-minute bulletin (HOUR=0 leaves it out).
#   3. the demo's week (examples/district.cfg): -j1, -jN, an unchanged
#      rebuild, one bulletin edited, and the hand way (DISTRICT=0: not).
#   4. the whole province (examples/province.cfg) at SIZES stations: time,
#      CPU, peak memory and published bytes, with the pieces rendered as the
#      province grows, then again with every piece in the cache (publishing
#      only): the cost of one more station (PROVINCE=0: not).
# Times are CPU seconds (user + system, children included) unless marked wall:
# the machine may be shared, and CPU time is what other load disturbs least.
# Ratios are computed inside this one invocation, so they compare like with like.
# Usage: scripts/bench.sh BUILD_DIR
#   env: RUNS=3, TOPICS="weather power-water health security dvctt social-insurance",
#        CHARS=5000 (a bulletin's length, ~6 min), CORPUS=tests/cases/real,
#        HOUR=1, DISTRICT=1, PROVINCE=1, SIZES="10 50 200 1000"
set -eu
B=${1:-build}
LOA=$(cd "$B" && pwd)/loa
FLOOR=$(cd "$B" && pwd)/bench-floor
RUNS=${RUNS:-3}
TOPICS=${TOPICS:-"weather power-water health security dvctt social-insurance"}
CHARS=${CHARS:-5000}
CORPUS=${CORPUS:-tests/cases/real}
DISTRICT=${DISTRICT:-1}
PROVINCE=${PROVINCE:-1}
SIZES=${SIZES:-"10 50 200 1000"}
HOUR=${HOUR:-1}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for c in /usr/bin/time espeak-ng sox soxi lame python3; do
    command -v "$c" >/dev/null 2>&1 || { echo "bench: $c is missing (make deps)" >&2; exit 1; }
done
[ -f "$CORPUS/weather.tsv" ] || { echo "bench: no real-text corpus in $CORPUS (CORPUS=dir of topic.tsv)" >&2; exit 1; }

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# measure OUT CMD...: one run; appends "cpu wall maxrss_kib" to OUT; the
# command's stdout goes to $T/out, its stderr to $T/err.
measure() {
    out=$1; shift
    /usr/bin/time -f '%U %S %e %M' -o "$T/time" "$@" >"$T/out" 2>"$T/err"
    awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$T/time" >> "$out"
}
col() { cut -d' ' -f"$2" "$1" | median; }
row() { printf '%-46s %10s\n' "$1" "$2"; }
# The district IT officer's pipeline today, as a script so time counts it all.
cat > "$T/hand.sh" <<'EOF_HAND'
espeak-ng -v vi -s 150 -a 50 -f "$1" -w "$2/h.wav" &&
sox "$2/h.wav" -r 44100 "$2/h44.wav" gain 3 &&
lame --quiet -m m -b 64 -q 3 --resample 44.1 "$2/h44.wav" "$2/h.mp3"
EOF_HAND

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. loa speak on real bulletins ---------------------------------------
# A bulletin: the topic's sentences in corpus order, four to a paragraph,
# until CHARS characters; the floor and the hand pipeline get the same text
# as loa normalize reads it (what loa speaks), loa speak the text itself.
bulletin() { # TOPIC OUT
    grep -v '^#' "$CORPUS/$1.tsv" | cut -f3 |
        awk -v max="$CHARS" 'length($0) > 0 { n += length($0); print; if (++k % 4 == 0) print ""; if (n >= max) exit }' > "$2"
}
echo
echo "loa speak on real bulletins ($CORPUS, ~$CHARS characters each), default profile;"
echo "runs: $RUNS, the floor, loa and the hand pipeline in turn, medians; per second of audio"
printf '%-17s %6s %4s %9s %8s %8s %8s %9s %8s %8s\n' topic "audio" enc "again" "loa" floor hand "loa/floor" "loa/hand" "(wall)"
printf '%-17s %6s %4s %9s %8s %8s %8s %9s %8s %8s\n' "" "s" "" "chunks" "ms/s" "ms/s" "ms/s" "CPU" "CPU" ""
: > "$T/speak_all"
for topic in $TOPICS; do
    [ -f "$CORPUS/$topic.tsv" ] || { echo "bench: no $CORPUS/$topic.tsv" >&2; exit 1; }
    bulletin "$topic" "$T/text.txt"
    "$LOA" normalize < "$T/text.txt" > "$T/norm.txt"
    : > "$T/floor"; : > "$T/loa"; : > "$T/hand"; : > "$T/loaseen"; r=0
    while [ $r -lt "$RUNS" ]; do
        "$FLOOR" "$T/norm.txt" "$T/f.mp3" >> "$T/floor"
        measure "$T/loa" "$LOA" speak --lang en -v "$T/text.txt" -o "$T/s.mp3"
        sed -n 's/.*: \([0-9.]*\) s (speech.*, \([0-9]*\) encoding; \([0-9]*\) of \([0-9]*\) chunks.*/\1 \2 \3 \4/p' "$T/err" >> "$T/loaseen"
        measure "$T/hand" sh "$T/hand.sh" "$T/norm.txt" "$T"
        r=$((r + 1))
    done
    [ -s "$T/loaseen" ] || { echo "bench: loa speak -v said nothing usable:" >&2; cat "$T/err" >&2; exit 1; }
    fs=$(col "$T/floor" 1); fe=$(col "$T/floor" 2); fa=$(cut -d' ' -f3 "$T/floor" | head -1)
    ls_=$(col "$T/loa" 1); lw=$(col "$T/loa" 2)
    la=$(cut -d' ' -f1 "$T/loaseen" | head -1)
    enc=$(cut -d' ' -f2 "$T/loaseen" | head -1); again=$(cut -d' ' -f3,4 "$T/loaseen" | head -1 | tr ' ' /)
    hs=$(col "$T/hand" 1); hw=$(col "$T/hand" 2); ha=$(soxi -D "$T/h44.wav")
    echo "$topic $la $enc $again $ls_ $lw $fs $fe $fa $hs $hw $ha" >> "$T/speak_all"
    awk -v t="$topic" -v la="$la" -v enc="$enc" -v ag="$again" -v l="$ls_" -v lw="$lw" -v f="$fs" -v fe="$fe" \
        -v fa="$fa" -v h="$hs" -v hw="$hw" -v ha="$ha" 'BEGIN {
        lm = 1000 * l / la; fm = 1000 * (f + fe) / fa; hm = 1000 * h / ha
        printf "%-17s %6.0f %4d %9s %8.2f %8.2f %8.2f %8.2fx %7.2fx %7.2fx\n", t, la, enc, ag, lm, fm, hm,
            lm / fm, lm / hm, (lw / la) / (hw / ha) }'
done
# Over all topics: total CPU over total audio.
awk '{ la += $2; l += $5; lw += $6; f += $7 + $8; fa += $9; h += $10; hw += $11; ha += $12; enc += $3 }
     END { lm = 1000 * l / la; fm = 1000 * f / fa; hm = 1000 * h / ha
        printf "%-17s %6.0f %4s %9s %8.2f %8.2f %8.2f %8.2fx %7.2fx %7.2fx\n", "all", la, "", "", lm, fm, hm,
            lm / fm, lm / hm, (lw / la) / (hw / ha)
        printf "goals: loa/floor <= 1.15 (CPU), loa/hand <= 1.0 (CPU), <= 0.7 (wall); one encode each\n"
        printf "loa speak encodes on min(cores, 4) = %d threads, the floor and the hand pipeline on one\n", '"$(nproc)"' < 4 ? '"$(nproc)"' : 4 }' "$T/speak_all"
hand_ms=$(awk '{ h += $10; ha += $12 } END { print 1000 * h / ha }' "$T/speak_all")

# ---- 2. a 60-minute bulletin ----------------------------------------------
if [ "$HOUR" = 1 ]; then
    for topic in $TOPICS; do grep -v '^#' "$CORPUS/$topic.tsv" | cut -f3; done |
        awk '{ n += length($0); print; if (++k % 4 == 0) print ""; if (n >= 52000) exit }' > "$T/hour.txt"
    : > "$T/hr"
    measure "$T/hr" "$LOA" speak --lang en -v "$T/hour.txt" -o "$T/hour.mp3"
    echo
    row "60-minute bulletin: audio s" "$(sed -n 's/.*: \([0-9.]*\) s (speech.*/\1/p' "$T/err")"
    row "  CPU s" "$(cut -d' ' -f1 "$T/hr")"
    row "  wall s" "$(cut -d' ' -f2 "$T/hr")"
    row "  peak RSS KiB (target <= 65536)" "$(cut -d' ' -f3 "$T/hr")"
    row "  encodes; chunks encoded again" "$(sed -n 's/.*, \([0-9]*\) encoding; \([0-9]* of [0-9]*\) chunks.*/\1; \2/p' "$T/err")"
fi

# Busy CPU seconds of the whole machine (/proc/stat) minus a command's own:
# what others used while it ran (wall ratios mean little while they do).
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy() { awk -v hz="$hz" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
others() { # OUT CMD...: measure CMD; print the CPU seconds others used meanwhile
    out=$1; shift; a=$(busy); measure "$out" "$@"; z=$(busy)
    awk -v a="$a" -v z="$z" -v c="$(tail -1 "$out" | cut -d' ' -f1)" \
        'BEGIN { o = z - a - c; printf "%.1f\n", o < 0 ? 0 : o }'
}
N=$(nproc)
week=2026-W48
# The seconds of audio in a cache's pieces (their metas: "loa-meta-2 sha
# bytes seconds ...").
secs_of() {
    cat "$1"/seg/*.meta | awk '$1 == "loa-meta-2" { s += $4 } END { printf "%.1f", s }'
}

# ---- 3. the demo's week ---------------------------------------------------
if [ "$DISTRICT" = 1 ]; then
    # In a copy of examples/ (the output goes beside the configuration).
    rm -rf "$T/ex"
    cp -R examples "$T/ex"
    rm -rf "$T/ex/out" "$T/ex/.cache"
    sh scripts/make-demo-assets.sh "$T/ex" district.cfg >/dev/null
    bld() { echo "$LOA build -q -c $T/ex/district.cfg --week $week -j $1 --cache $2"; }
    : > "$T/b1"; : > "$T/bn"; : > "$T/b0"; : > "$T/be"
    o1=$(others "$T/b1" $(bld 1 "$T/c1"))
    rm -rf "$T/ex/out"
    on=$(others "$T/bn" $(bld "$N" "$T/cn"))
    measure "$T/b0" $(bld "$N" "$T/cn")
    # A usual week's change: one bulletin edited (one sentence added), the
    # rest from the cache.
    sed -i 's/cuộc gọi miễn phí\./cuộc gọi miễn phí. Xin trân trọng cảm ơn bà con./' \
        "$T/ex/scripts/48-01-vneid-nop-ho-so.txt"
    grep -q 'trân trọng cảm ơn' "$T/ex/scripts/48-01-vneid-nop-ho-so.txt" ||
        { echo "bench: the edit missed" >&2; exit 1; }
    measure "$T/be" $(bld "$N" "$T/cn")
    b1=$(cut -d' ' -f2 "$T/b1"); bn=$(cut -d' ' -f2 "$T/bn"); b0=$(cut -d' ' -f2 "$T/b0")
    be=$(cut -d' ' -f2 "$T/be"); b1c=$(cut -d' ' -f1 "$T/b1")
    pieces=$(ls "$T/c1/seg" | grep -c '\.mp3$')
    psecs=$(secs_of "$T/c1")
    # The hand way: every station x slot through the pipeline, at its CPU cost
    # per second of audio measured above, over the week's program seconds.
    progs=$(cat "$T/ex/out/$week"/*/week.m3u8 |
            awk -F'[:,]' '/^#EXTINF:/ { s += $2; k++ } END { printf "%d %.1f\n", k, s }')
    nslots=${progs% *}; secs=${progs#* }
    handweek=$(awk -v h="$hand_ms" -v s="$secs" 'BEGIN { print h * s / 1000 }')
    echo
    echo "the demo's week $week (district.cfg: 11 stations): $nslots slot programs, $secs s of"
    echo "  programs, joined from $pieces pieces ($psecs s of audio, each encoded once)"
    echo "other processes' CPU during the builds: -j1 $o1 s, -j$N $on s (want ~0)"
    row "full build -j1 (wall)" "$b1"
    row "full build -j1 (CPU)" "$b1c"
    row "full build -j$N (wall)" "$bn"
    row "unchanged rebuild -j$N (wall)" "$b0"
    row "one bulletin edited, rebuild -j$N (wall)" "$be"
    row "the hand way, estimated (CPU = wall)" "$(printf '%.1f' "$handweek")"
    awk -v b1="$b1" -v bn="$bn" -v b0="$b0" -v h="$handweek" -v n="$N" 'BEGIN {
        printf "%-46s %9.2fx  (target >= 10)\n", "ratio hand way / build -j" n " (wall)", h / bn
        printf "%-46s %9.2fx\n", "ratio hand way / build -j1", h / b1
        printf "%-46s %9.2fx  (target >= 1.8 on 2 cores)\n", "ratio -j1 / -j" n " (wall)", b1 / bn
        printf "%-46s %9.2f%%  (target <= 2%%)\n", "unchanged rebuild / full build -j" n, 100 * b0 / bn }'
fi

# ---- 4. the whole province --------------------------------------------------
if [ "$PROVINCE" = 1 ]; then
    rm -rf "$T/pv"
    cp -R examples "$T/pv"
    rm -rf "$T/pv/out" "$T/pv/.cache"
    sh scripts/make-demo-assets.sh "$T/pv" >/dev/null
    # pN.cfg: province.cfg with its first N stations, in order (communes
    # whole); past its 209, more loudspeaker clusters in each commune in
    # turn, like its own (same intro, dialect, groups, horn profile), so
    # they add stations and no new pieces.
    for n in $SIZES; do
        python3 - "$T/pv" "$n" <<'PY'
import re, sys
ex, n = sys.argv[1], int(sys.argv[2])
main = open(ex + "/province.cfg", encoding="utf-8").read()
files = re.findall(r'@include "(communes/[^"]+)"', main)
stations = []
for f in files:
    text = open(ex + "/" + f, encoding="utf-8").read()
    stations += re.findall(r"\{\n  id = .*?\n\}", text, re.S)
out, k = stations[:n], 0
clusters = [s for s in stations if "-loa-2" in s]
while len(out) < n:
    base = clusters[k % len(clusters)]
    num = 4 + k // len(clusters)
    out.append(base.replace("-loa-2", "-loa-%d" % num).replace("Cụm loa số 2", "Cụm loa số %d" % num))
    k += 1
head = main[:main.index("stations = (")]
head = head.replace('output   = "out";', 'output   = "out-%d";' % n)
open("%s/p%d.cfg" % (ex, n), "w", encoding="utf-8").write(head + "stations = (\n" + ",\n".join(out) + "\n);\n")
PY
    done
    echo
    echo "the whole province (province.cfg, $(grep -c '@include "communes' examples/province.cfg) communes), week $week, -j$N, one cache;"
    echo "  cold: the pieces not yet in the cache rendered, as the province grows; warm: every"
    echo "  piece in the cache, the week published afresh (what one more station costs)"
    printf '%9s %-5s %8s %8s %9s %10s %9s %8s\n' stations build "wall s" "CPU s" "RSS KiB" "MB out" "KB/stn" pieces
    : > "$T/prov"
    for n in $SIZES; do
        for kind in cold warm; do
            rm -rf "$T/pv/out-$n"
            : > "$T/pb"
            o=$(others "$T/pb" "$LOA" build -q -c "$T/pv/p$n.cfg" --week $week -j "$N" --cache "$T/pv/cache")
            made=$(sed -n 's/.*dựng \([0-9]*\)\/\([0-9]*\) phần.*/\1/p' "$T/out" | tail -1)
            bytes=$(du -sb "$T/pv/out-$n/$week/" | cut -f1)  # the week links to its version
            set -- $(cat "$T/pb")
            echo "$n $kind $1 $2 $3 $bytes $made $o" >> "$T/prov"
            awk -v n="$n" -v k="$kind" -v c="$1" -v w="$2" -v m="$3" -v b="$bytes" -v p="${made:-?}" 'BEGIN {
                printf "%9d %-5s %8.1f %8.1f %9d %10.1f %9.0f %8s\n", n, k, w, c, m, b / 1e6, b / 1e3 / n, p }'
        done
        rm -rf "$T/pv/out-$n"
    done
    echo "other processes' CPU during these builds (s): $(awk '{ printf "%s ", $8 }' "$T/prov")(want ~0)"
    echo "distinct audio of the largest: $(ls "$T/pv/cache/seg" | grep -c '\.mp3$') pieces, $(secs_of "$T/pv/cache") s"
    # One more station, once the shared pieces exist: the warm builds' slope.
    awk '$2 == "warm" { if (pn) printf "%-46s %9.3f s CPU, %6.1f KB  (goal <= 0.05 s)\n",
            "per added station, " pn " -> " $1 " stations", ($3 - pc) / ($1 - pn), ($6 - pb) / 1e3 / ($1 - pn)
         pn = $1; pc = $3; pb = $6 }' "$T/prov"
fi
