#!/bin/sh
# Make the demo district's audio: jingles (intro, a commune's own intro,
# outro, urgent chime, music bed) with sox, and the recorded bulletin
# 08-thu-chu-tich.mp3 (espeak-ng stands in for a studio recording; LAME
# encodes it). Deterministic: the same tools give byte-identical files
# (sox -R, no dither; no dates or random data anywhere).
# Usage: scripts/make-demo-assets.sh [EXAMPLES_DIR]   (default: examples)
set -eu
ex=${1:-examples}
jd=$ex/jingles
mkdir -p "$jd"
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
# xã Đắk Gằn's own intro: the same idea in G, so the two are told apart.
melody "$jd/intro-dak-gan.wav" 392:0.35 493.88:0.35 587.33:0.35 783.99:0.5 587.33:0.3 783.99:1.6
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

# The recorded bulletin (sidecar header: scripts/08-thu-chu-tich.txt).
cat > "$tmp/thu.txt" <<'TXT'
Kính thưa bà con nhân dân trong huyện.
Tôi là Chủ tịch Ủy ban nhân dân huyện Đắk Mil.
Năm nay, huyện ta phấn đấu mỗi hộ gia đình có ít nhất một người biết dùng dịch vụ công trực tuyến.
Xin bà con hãy kích hoạt tài khoản định danh điện tử, và nhờ tổ công nghệ số cộng đồng hướng dẫn khi cần.
Chúc bà con mạnh khỏe, làm ăn phát đạt.
TXT
espeak-ng -v vi -s 140 -a 80 -f "$tmp/thu.txt" -w "$tmp/thu22.wav"
$SOX "$tmp/thu22.wav" $OUT "$tmp/thu.wav" highpass 120 gain -n -3 pad 0.3 0.5
lame --quiet --noreplaygain -m m -b 64 "$tmp/thu.wav" "$tmp/thu.mp3"
mv "$tmp/thu.mp3" "$ex/scripts/08-thu-chu-tich.mp3"
echo "make-demo-assets: wrote $jd/{intro,intro-dak-gan,outro,chime,bed}.wav and $ex/scripts/08-thu-chu-tich.mp3"
