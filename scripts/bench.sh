#!/bin/sh
# make bench: loa against its floor and against the hand pipeline, same text and
# settings, median of RUNS runs; then memory for a 60-minute bulletin.
# Ratios are computed inside this one invocation, so they compare like with like.
# Usage: scripts/bench.sh BUILD_DIR   (env: RUNS=5, MINUTES=5)
set -eu
B=${1:-build}
LOA=$B/loa
RUNS=${RUNS:-5}
MINUTES=${MINUTES:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# A bulletin of about MINUTES minutes from the demo text (≈43 s a copy).
n=$(( (MINUTES * 60 + 42) / 43 ))
i=0; : > "$T/text.txt"
while [ $i -lt "$n" ]; do cat examples/speak/vneid.txt >> "$T/text.txt"; i=$((i + 1)); done

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_cmd() { # runs the command RUNS times, prints the median wall time
    r=0
    while [ $r -lt "$RUNS" ]; do
        t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
        echo "$t0 $t1" | awk '{print $2 - $1}'
        r=$((r + 1))
    done | median
}
hand() { # the district IT officer's pipeline today
    espeak-ng -v vi -s 150 -a 50 -f "$T/text.txt" -w "$T/h.wav" &&
    sox "$T/h.wav" -r 44100 "$T/h44.wav" gain 3 &&
    lame --quiet -m m -b 64 -q 3 --resample 44.1 "$T/h44.wav" "$T/h.mp3"
}

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
echo "text: $n copies of examples/speak/vneid.txt; runs: $RUNS (median)"

r=0; : > "$T/floor"
while [ $r -lt "$RUNS" ]; do "$B/bench-floor" "$T/text.txt" "$T/f.mp3" >> "$T/floor"; r=$((r + 1)); done
synth=$(cut -d' ' -f1 "$T/floor" | median)
enc=$(cut -d' ' -f2 "$T/floor" | median)
audio=$(cut -d' ' -f3 "$T/floor" | head -1)
floor=$(awk -v a="$synth" -v b="$enc" 'BEGIN{print a + b}')
speak=$(time_cmd "$LOA" speak "$T/text.txt" -o "$T/s.mp3")
handt=$(time_cmd hand)

printf '%-44s %8.3f s\n' "audio length" "$audio"
printf '%-44s %8.3f s\n' "floor: libespeak-ng synthesis alone" "$synth"
printf '%-44s %8.3f s\n' "floor: LAME encode alone (CBR 64, q3)" "$enc"
printf '%-44s %8.3f s\n' "floor total" "$floor"
printf '%-44s %8.3f s\n' "loa speak" "$speak"
printf '%-44s %8.3f s\n' "hand pipeline (espeak-ng | sox | lame)" "$handt"
awk -v l="$speak" -v f="$floor" -v h="$handt" 'BEGIN {
    printf "%-44s %8.2fx  (target <= 1.10)\n", "ratio loa / floor", l / f
    printf "%-44s %8.2fx  (target >= 1.30)\n", "ratio pipeline / loa", h / l }'

if [ -x /usr/bin/time ]; then
    n=$(( (60 * 60 + 42) / 43 ))
    i=0; : > "$T/hour.txt"
    while [ $i -lt "$n" ]; do cat examples/speak/vneid.txt >> "$T/hour.txt"; i=$((i + 1)); done
    /usr/bin/time -f %M -o "$T/rss" "$LOA" speak "$T/hour.txt" -o "$T/hour.mp3"
    printf '%-44s %8d KiB  (target <= 65536)\n' "peak RSS, 60-minute bulletin" "$(cat "$T/rss")"
fi
