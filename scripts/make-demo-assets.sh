#!/bin/sh
# Make the demo province's audio: jingles (intro, outro, urgent chime, music
# bed) with sox, each commune's own intro (the intro's tune moved to the
# commune's key, then its station's name said by espeak-ng), and the recorded
# bulletins (espeak-ng stands in for a studio recording; LAME encodes them).
# Deterministic: the same tools give byte-identical files (sox -R, no dither;
# no dates or random data anywhere).
# Usage: scripts/make-demo-assets.sh [EXAMPLES_DIR [CONFIG]]
#   EXAMPLES_DIR defaults to examples; the intros made are those of the
#   communes CONFIG @includes (a path inside EXAMPLES_DIR), or of all of
#   EXAMPLES_DIR/communes/ without one.
set -eu
ex=${1:-examples}
cfg=${2:-}
jd=$ex/jingles
mkdir -p "$jd" "$jd/intro"
for t in sox espeak-ng lame; do
    command -v "$t" >/dev/null 2>&1 || { echo "make-demo-assets: $t is missing (apt-get install $t)" >&2; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/loa-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

SOX="sox -R -D -V1 --no-clobber"
OUT="-r 44100 -c 1 -b 16"

# note NAME FREQ SECONDS: a soft plucked tone (sine with a quick decay).
note() {
    $SOX -n $OUT "$tmp/$1.wav" synth "$3" pluck "$2" fade q 0.005 "$3" "$(echo "$3" | awk '{print $1 * 0.6}')" gain -6
}

# melody OUT NOTE... : notes (freq:seconds) played one after another.
melody() {
    out=$1; shift
    i=0; files=""
    for n in "$@"; do
        i=$((i + 1))
        note "m$i" "${n%%:*}" "${n##*:}"
        files="$files $tmp/m$i.wav"
    done
    # shellcheck disable=SC2086
    $SOX $files "$tmp/melody.wav"
    # Two passes: sox 14.4 halves the length when a fade with a stop
    # position follows reverb in one chain.
    $SOX "$tmp/melody.wav" $OUT "$tmp/rev.wav" reverb 30 50 60 gain -n -3
    $SOX "$tmp/rev.wav" $OUT "$tmp/out.wav" fade q 0.01 -0 0.4
    rm -f "$tmp/rev.wav"
    mv "$tmp/out.wav" "$out"
    rm -f "$tmp"/m*.wav "$tmp/melody.wav"
}

# Intro (station ID): rising C major arpeggio and a held chord.
melody "$jd/intro.wav" 523.25:0.35 659.25:0.35 783.99:0.35 1046.5:0.5 783.99:0.3 1046.5:1.6
# Outro: falling back to the tonic.
melody "$jd/outro.wav" 1046.5:0.35 783.99:0.35 659.25:0.35 523.25:1.8
# Urgent chime: three two-tone "ding-dong" calls, clearly not music.
$SOX -n $OUT "$tmp/ding.wav" synth 0.45 sine 880 fade q 0.005 0.45 0.35 gain -4
$SOX -n $OUT "$tmp/dong.wav" synth 0.6 sine 659.25 fade q 0.005 0.6 0.45 gain -4
$SOX "$tmp/ding.wav" "$tmp/dong.wav" "$tmp/ding.wav" "$tmp/dong.wav" "$tmp/ding.wav" "$tmp/dong.wav" \
    $OUT "$tmp/chime.wav" gain -n -3
mv "$tmp/chime.wav" "$jd/chime.wav"
# Music bed: a quiet C-major pad, 30 s, looped by the mixer under speech.
$SOX -n $OUT "$tmp/bed.wav" synth 30 sine 261.63 sine 329.63 sine 392 \
    tremolo 0.2 40 fade q 2 30 2 gain -n -20
mv "$tmp/bed.wav" "$jd/bed.wav"

# Each commune's intro: the tune in the commune's own key (-5..+6 semitones,
# from its file name's checksum), then "Đài truyền thanh <commune>", from the
# commune's file.
if [ -n "$cfg" ]; then
    communes=$(sed -n 's|^@include "communes/\(.*\)\.cfg".*|\1|p' "$ex/$cfg")
else
    communes=$(cd "$ex/communes" && ls *.cfg | sed 's/\.cfg$//')
fi
n=0
for c in $communes; do
    out=$jd/intro/$c.wav
    name=$(sed -n 's/^ *commune = "\(.*\)";.*/\1/p' "$ex/communes/$c.cfg" | head -1)
    [ -n "$name" ] || { echo "make-demo-assets: no commune name in $ex/communes/$c.cfg" >&2; exit 1; }
    shift=$(( ($(printf '%s' "$c" | cksum | cut -d' ' -f1) % 12 - 5) * 100 ))
    espeak-ng -v vi -s 150 -a 60 -w "$tmp/name22.wav" "Đài truyền thanh $name"
    $SOX "$jd/intro.wav" "$tmp/tune.wav" pitch "$shift" trim 0 2.6 fade q 0 2.6 0.5
    $SOX "$tmp/name22.wav" $OUT "$tmp/name.wav" highpass 120 gain -n -6
    $SOX "$tmp/tune.wav" "$tmp/name.wav" $OUT "$tmp/id.wav" pad 0 0.3
    mv "$tmp/id.wav" "$out"
    rm -f "$tmp/tune.wav" "$tmp/name.wav" "$tmp/name22.wav"
    n=$((n + 1))
done

# The recorded bulletin (sidecar header: scripts/48-06-thu-chu-tich-tinh.txt).
# printf, not a here-document: dash drops the byte after a line's first
# letter when that letter starts the here-document's delimiter ("T" of
# "Tôi" against TXT).
printf '%s\n' \
    'Kính thưa bà con nhân dân trong tỉnh.' \
    'Tôi là Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk.' \
    'Năm nay, tỉnh ta phấn đấu mỗi hộ gia đình có ít nhất một người biết dùng dịch vụ công trực tuyến.' \
    'Xin bà con hãy kích hoạt tài khoản định danh điện tử, và nhờ tổ công nghệ số cộng đồng ở thôn, buôn, tổ dân phố hướng dẫn khi cần.' \
    'Chúc bà con mạnh khỏe, làm ăn phát đạt.' > "$tmp/thu.txt"
espeak-ng -v vi -s 140 -a 80 -f "$tmp/thu.txt" -w "$tmp/thu22.wav"
$SOX "$tmp/thu22.wav" $OUT "$tmp/thu.wav" highpass 120 gain -n -3 pad 0.3 0.5
lame --quiet --noreplaygain -m m -b 64 "$tmp/thu.wav" "$tmp/thu.mp3"
mv "$tmp/thu.mp3" "$ex/scripts/48-06-thu-chu-tich-tinh.mp3"
echo "make-demo-assets: wrote $jd/{intro,outro,chime,bed}.wav, $n commune intros in $jd/intro/ and the recorded bulletins"
