#!/bin/sh
# loa speak audio production, measured with independent tools: ffmpeg's
# ebur128 meter (loudness, true peak) for every profile, ffprobe (rate,
# bitrate), sox (energy below the high-pass corner). Fixtures are made here
# with sox and lame: jingles as FLAC, OGG, MP3 and WAV at several rates and
# channel counts.
set -u
LOA=${LOA:-build/loa}
# The messages these tests read, in English (loa speaks Vietnamese unless asked).
LC_ALL=en_US.UTF-8
export LC_ALL
for tool in sox lame ffmpeg ffprobe espeak-ng; do
    command -v $tool >/dev/null 2>&1 || { echo "skip: $tool not installed"; exit 77; }
done
T=$(mktemp -d /tmp/loa-speak-audio.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cat >"$T/tin.txt" <<'TXT'
Kính thưa bà con! Từ ngày hai mươi ba tháng mười một năm hai nghìn không trăm hai mươi sáu, bà con có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia.

Mọi thắc mắc xin gọi đường dây nóng một tám không không, một không chín sáu.
TXT
sox -R -n -r 48000 -c 2 "$T/intro.flac" synth 2 sine 523 sine 659 fade 0.01 2 0.4 vol 0.5
sox -R -n -r 32000 -c 1 "$T/outro.ogg" synth 1.5 pinknoise fade 0.1 1.5 0.5 vol 0.3
sox -R -n -r 22050 -c 1 "$T/chime.wav" synth 0.6 sine 1046 fade 0 0.6 0.2 vol 0.8
lame --quiet -b 64 "$T/chime.wav" "$T/chime.mp3"
sox -R -n -r 44100 -c 2 "$T/bed.wav" synth 6 sine 200 sine 300 vol 0.3

# ffmpeg's reading: "I LUFS TP dBTP" of file $1
r128() {
    ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
        awk '/^ +I:/ {i=$2} /^ +Peak:/ {p=$2} END {print i, p}'
}
# is |$1 - $2| <= $3 ?
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {d=a-b; if (d<0) d=-d; exit !(d<=t)}'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a<=b)}'; }

for spec in "default -16 -1.5 44100 64000" "broadcast -23 -1 44100 64000" \
            "horn -14 -1.5 44100 64000" "lowband -16 -2 22050 48000"; do
    set -- $spec
    p=$1 target=$2 ceil=$3 rate=$4 br=$5
    for mode in plain full; do
        out="$T/$p-$mode.mp3"
        if [ $mode = full ]; then
            extra="--intro $T/intro.flac --outro $T/outro.ogg --chime $T/chime.mp3 --urgent --bed $T/bed.wav"
        else
            extra=""
        fi
        # shellcheck disable=SC2086
        if ! "$LOA" speak -v --profile "$p" $extra "$T/tin.txt" -o "$out" 2>"$T/err"; then
            bad "$p $mode: loa speak failed: $(cat "$T/err")"
            continue
        fi
        grep -q "LUFS integrated" "$T/err" && grep -q "dBTP true peak" "$T/err" &&
            grep -q "LU loudness range" "$T/err" || bad "$p $mode: --verbose lacks figures: $(cat "$T/err")"
        set -- $(r128 "$out")
        echo "$p $mode: ffmpeg $1 LUFS $2 dBTP (target $target, ceiling $ceil) | $(cat "$T/err")"
        near "$1" "$target" 0.5 || bad "$p $mode: integrated $1 LUFS, want $target +- 0.5"
        le "$2" "$(awk -v c="$ceil" 'BEGIN {print c + 0.2}')" || bad "$p $mode: true peak $2 over $ceil + 0.2"
        got_rate=$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate -of csv=p=0 "$out")
        got_br=$(ffprobe -v error -select_streams a:0 -show_entries stream=bit_rate -of csv=p=0 "$out")
        [ "$got_rate" = "$rate" ] || bad "$p $mode: sample rate $got_rate, want $rate"
        [ "$got_br" = "$br" ] || bad "$p $mode: bitrate $got_br, want $br"
    done
done

# The jingles and the bed make the program longer than the speech alone.
d_plain=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/default-plain.mp3")
d_full=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/default-full.mp3")
le "$(awk -v a="$d_plain" 'BEGIN {print a + 5}')" "$d_full" ||
    bad "with jingles and bed $d_full s is not ~7 s longer than $d_plain s"

# High-pass: energy below a frequency under the corner, relative to the
# whole, in espeak-ng's own output and in loa's: 160 Hz 4th order below
# 80 Hz (broadcast profile: the limiter idle, so only the EQ acts), horn
# (250 Hz, limiter working hard) below 120 Hz. espeak-ng's voice has its
# fundamental around 100-120 Hz, so the raw speech has plenty there.
low_ratio() { # file, Hz: dB of (RMS below Hz) / (RMS of all)
    lo=$(sox "$1" -n sinc -t 20 -"$2" stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
    all=$(sox "$1" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
    awk -v l="$lo" -v a="$all" 'BEGIN {printf "%.1f", 20 * log(l / a) / log(10)}'
}
espeak-ng -v vi -w "$T/raw.wav" -f "$T/tin.txt"
"$LOA" speak --profile broadcast "$T/tin.txt" -o "$T/eq.wav" || bad "speak to WAV failed"
"$LOA" speak --profile horn "$T/tin.txt" -o "$T/horn.wav" || bad "speak horn to WAV failed"
for c in "eq 80" "horn 120"; do
    set -- $c
    raw=$(low_ratio "$T/raw.wav" $2)
    ours=$(low_ratio "$T/$1.wav" $2)
    echo "$1: below $2 Hz: espeak-ng $raw dB, loa $ours dB"
    le "$ours" "$(awk -v r="$raw" 'BEGIN {print r - 20}')" ||
        bad "$1: high-pass left $ours dB below $2 Hz (raw speech $raw dB)"
done

# Errors name the file, exit non-zero, and leave no output behind.
printf 'not audio' >"$T/corrupt.mp3"
check_err() { # expected-text, args...
    want=$1; shift
    if "$LOA" speak "$@" "$T/tin.txt" -o "$T/bad.mp3" 2>"$T/err"; then
        bad "loa speak $* succeeded"
    fi
    grep -q -- "$want" "$T/err" || bad "loa speak $*: error does not name $want: $(cat "$T/err")"
    [ ! -e "$T/bad.mp3" ] || bad "loa speak $*: left $T/bad.mp3"
    ls -a "$T" | grep -q '\.tmp' && bad "loa speak $*: left a temporary file"
    return 0
}
check_err "missing.flac" --intro "$T/missing.flac"
check_err "corrupt.mp3" --outro "$T/corrupt.mp3"
check_err "tin.txt" --chime "$T/tin.txt" --urgent
check_err "bed.txt" --bed "$T/bed.txt"
check_err "unknown profile 'loud'" --profile loud
check_err "--urgent needs --chime" --urgent

# A near-silent program is refused: no output file.
printf '...\n' >"$T/dots.txt"
if "$LOA" speak "$T/dots.txt" -o "$T/silent.mp3" 2>"$T/err"; then
    bad "a silent program was written"
fi
grep -q "silent" "$T/err" || bad "silence error unclear: $(cat "$T/err")"
[ ! -e "$T/silent.mp3" ] || bad "silent.mp3 was left behind"
exit $fail
