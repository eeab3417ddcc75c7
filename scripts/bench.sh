#!/bin/sh
# make bench: loa against its floor and against the hand pipeline, same text and
# settings, median of RUNS runs; memory for a 60-minute bulletin; then the demo
# district's week: full builds with -j1 and -jN (N cores), an unchanged rebuild,
# one with a bulletin edited, and the hand way (every station x slot through
# espeak-ng | sox | lame). HOUR=0 leaves out the 60-minute bulletin.
# Times are CPU seconds (user + system, children included) unless marked wall:
# the machine may be shared, and CPU time is what other load disturbs least.
# Ratios are computed inside this one invocation, so they compare like with like.
# Usage: scripts/bench.sh BUILD_DIR   (env: RUNS=3, MINUTES=5, HOUR=1, DISTRICT=1)
set -eu
B=${1:-build}
LOA=$(cd "$B" && pwd)/loa
RUNS=${RUNS:-3}
MINUTES=${MINUTES:-5}
DISTRICT=${DISTRICT:-1}
HOUR=${HOUR:-1}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v /usr/bin/time >/dev/null 2>&1 || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

# A bulletin of about MINUTES minutes from the demo text (≈43 s a copy).
n=$(( (MINUTES * 60 + 42) / 43 ))
i=0; : > "$T/text.txt"
while [ $i -lt "$n" ]; do cat examples/speak/vneid.txt >> "$T/text.txt"; i=$((i + 1)); done

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# measure OUT CMD...: one run; appends "cpu wall maxrss_kib" to OUT.
measure() {
    out=$1; shift
    /usr/bin/time -f '%U %S %e %M' -o "$T/time" "$@" >/dev/null 2>&1
    awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$T/time" >> "$out"
}
# runs OUT CMD...: RUNS runs into OUT.
runs() {
    out=$1; shift; : > "$out"; r=0
    while [ $r -lt "$RUNS" ]; do measure "$out" "$@"; r=$((r + 1)); done
}
col() { cut -d' ' -f"$2" "$1" | median; }
# The district IT officer's pipeline today, as a script so time counts it all.
cat > "$T/hand.sh" <<'EOF_HAND'
espeak-ng -v vi -s 150 -a 50 -f "$1" -w "$2/h.wav" &&
sox "$2/h.wav" -r 44100 "$2/h44.wav" gain 3 &&
lame --quiet -m m -b 64 -q 3 --resample 44.1 "$2/h44.wav" "$2/h.mp3"
EOF_HAND
row() { printf '%-46s %8.3f s\n' "$1" "$2"; }

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
echo "text: $n copies of examples/speak/vneid.txt; runs: $RUNS (median); times in CPU s"

# The floor, loa and the pipeline take turns, so drifting load hits all alike.
: > "$T/floor"; : > "$T/loa"; : > "$T/hand"; r=0
while [ $r -lt "$RUNS" ]; do
    "$B/bench-floor" "$T/text.txt" "$T/f.mp3" >> "$T/floor"
    measure "$T/loa" "$LOA" speak "$T/text.txt" -o "$T/s.mp3"
    measure "$T/hand" sh "$T/hand.sh" "$T/text.txt" "$T"
    r=$((r + 1))
done
synth=$(col "$T/floor" 1)
enc=$(col "$T/floor" 2)
audio=$(cut -d' ' -f3 "$T/floor" | head -1)
floor=$(awk -v a="$synth" -v b="$enc" 'BEGIN{print a + b}')
speak=$(col "$T/loa" 1); speakw=$(col "$T/loa" 2)
handt=$(col "$T/hand" 1); handw=$(col "$T/hand" 2)

row "audio length" "$audio"
row "floor: libespeak-ng synthesis alone" "$synth"
row "floor: LAME encode alone (CBR 64, q3)" "$enc"
row "floor total" "$floor"
row "loa speak" "$speak"
row "hand pipeline (espeak-ng | sox | lame)" "$handt"
row "loa speak (wall)" "$speakw"
row "hand pipeline (wall)" "$handw"
# The floor is CPU time, i.e. one core doing only synthesis and encoding;
# loa speak encodes on every core (up to 4), so its wall time can beat it.
awk -v l="$speak" -v f="$floor" -v h="$handt" -v lw="$speakw" -v hw="$handw" 'BEGIN {
    printf "%-46s %8.2fx  (target <= 1.10)\n", "ratio loa / floor (CPU)", l / f
    printf "%-46s %8.2fx  (target >= 1.30)\n", "ratio pipeline / loa (CPU)", h / l
    printf "%-46s %8.2fx  (floor = CPU s of one core)\n", "ratio loa (wall) / floor", lw / f
    printf "%-46s %8.2fx\n", "ratio pipeline / loa (wall)", hw / lw }'
echo "loa speak encodes MP3 on min(cores, 4) = $(( $(nproc) < 4 ? $(nproc) : 4 )) threads; the floor and the hand pipeline on one"

if [ "$HOUR" = 1 ]; then
n=$(( (60 * 60 + 42) / 43 ))
i=0; : > "$T/hour.txt"
while [ $i -lt "$n" ]; do cat examples/speak/vneid.txt >> "$T/hour.txt"; i=$((i + 1)); done
: > "$T/hr"
measure "$T/hr" "$LOA" speak "$T/hour.txt" -o "$T/hour.mp3"
printf '%-46s %8d KiB  (target <= 65536)\n' "peak RSS, 60-minute bulletin" "$(cut -d' ' -f3 "$T/hr")"
row "60-minute bulletin" "$(cut -d' ' -f1 "$T/hr")"
row "60-minute bulletin (wall)" "$(cut -d' ' -f2 "$T/hr")"
fi

[ "$DISTRICT" = 1 ] || exit 0
# The demo district's week, in a copy of examples/ (its output goes beside
# the configuration). Builds run once each: they are long enough.
[ -f examples/jingles/bed.wav ] || sh scripts/make-demo-assets.sh >/dev/null
cp -R examples "$T/ex"
rm -rf "$T/ex/out" "$T/ex/.cache"
week=2026-W48
N=$(nproc)
bld() { # JOBS CACHE: the build command line
    echo "$LOA build -q -c $T/ex/district.cfg --week $week -j $1 --cache $2"
}
: > "$T/b1"; : > "$T/bn"; : > "$T/b0"; : > "$T/be"
# Wall ratios mean little while other work holds the cores (-jN then waits
# for them; its CPU time stays the same): busy CPU seconds of the whole
# machine (/proc/stat) minus the build's own, during each build.
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy() { awk -v hz="$hz" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat; }
# others OUT CMD...: measure CMD; print the CPU seconds others used meanwhile.
others() {
    out=$1; shift; a=$(busy); measure "$out" "$@"; z=$(busy)
    awk -v a="$a" -v z="$z" -v c="$(tail -1 "$out" | cut -d' ' -f1)" \
        'BEGIN { o = z - a - c; printf "%.1f\n", o < 0 ? 0 : o }'
}
o1=$(others "$T/b1" $(bld 1 "$T/c1"))
rm -rf "$T/ex/out"
on=$(others "$T/bn" $(bld "$N" "$T/cn"))
measure "$T/b0" $(bld "$N" "$T/cn")
# A usual week's change: one bulletin edited (one sentence added), the rest
# from the cache.
sed -i 's/cuộc gọi miễn phí\./cuộc gọi miễn phí. Xin trân trọng cảm ơn bà con./' \
    "$T/ex/scripts/01-vneid.txt"
grep -q 'trân trọng cảm ơn' "$T/ex/scripts/01-vneid.txt" || { echo "bench: the edit missed" >&2; exit 1; }
measure "$T/be" $(bld "$N" "$T/cn")
b1=$(cut -d' ' -f2 "$T/b1"); bn=$(cut -d' ' -f2 "$T/bn"); b0=$(cut -d' ' -f2 "$T/b0")
be=$(cut -d' ' -f2 "$T/be"); b1c=$(cut -d' ' -f1 "$T/b1")
# What the cache holds: the pieces every program is joined from.
pieces=$(ls "$T/c1/seg" | grep -c '\.mp3$')
psecs=$(cat "$T/c1"/seg/*.meta | awk '{ s += $1 } END { printf "%.1f", s }')
# The hand way: every station x slot through the pipeline, at the pipeline's
# measured CPU cost per second of audio, over the week's program seconds:
# the slot programs the build published, one #EXTINF each in the stations'
# week.m3u8.
progs=$(cat "$T/ex/out/$week"/*/week.m3u8 |
        awk -F'[:,]' '/^#EXTINF:/ { s += $2; k++ } END { printf "%d %.1f\n", k, s }')
nslots=${progs% *}; secs=${progs#* }
handweek=$(awk -v h="$handt" -v a="$audio" -v s="$secs" 'BEGIN { print h / a * s }')
echo "demo district week $week: $nslots slot programs, $secs s of programs, joined from"
echo "  $pieces pieces ($psecs s of audio, each encoded once)"
echo "other processes' CPU during the builds: -j1 $o1 s, -j$N $on s (want ~0)"
row "full build -j1 (wall)" "$b1"
row "full build -j1 (CPU)" "$b1c"
row "full build -j$N (wall)" "$bn"
row "unchanged rebuild -j$N (wall)" "$b0"
row "one bulletin edited, rebuild -j$N (wall)" "$be"
row "the hand way, estimated (CPU = wall)" "$handweek"
awk -v b1="$b1" -v bn="$bn" -v b0="$b0" -v h="$handweek" -v n="$N" 'BEGIN {
    printf "%-46s %8.2fx  (target >= 10)\n", "ratio hand way / build -j" n " (wall)", h / bn
    printf "%-46s %8.2fx\n", "ratio hand way / build -j1", h / b1
    printf "%-46s %8.2fx  (target >= 1.8 on 2 cores)\n", "ratio -j1 / -j" n " (wall)", b1 / bn
    printf "%-46s %8.2f%%  (target <= 2%%)\n", "unchanged rebuild / full build -j" n, 100 * b0 / bn }'
