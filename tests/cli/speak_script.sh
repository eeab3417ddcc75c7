#!/bin/sh
# The editor's preview is the very speech the build airs: `loa speak` on a
# bulletin script against the build's items/ file for the same station
# (voice and profile), decoded by ffmpeg, sample for sample; the header is
# not read aloud (a plain read of the same file is longer), its pauses are
# silences ffmpeg finds, {written|spoken} says the spoken form (loa
# normalize on the script, read by hand); a script with errors is refused
# with every error. Female and male voices, per station and per bulletin,
# are told apart by their pitch (median F0, tests/f0.py).
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
. tests/lib.sh
need ffmpeg ffprobe sox python3
SRC=$(pwd)
W=$T/d
small_district "$W" 48000 2
# A bulletin in its own voice (the south, a woman's) at a northern station,
# with a pause and a pronunciation mark; and xa-b speaks in a woman's voice.
cat >"$W/scripts/v-giong.txt" <<'TXT'
Tiêu đề: Giọng riêng của bản tin
Ưu tiên: ưu tiên
Từ ngày: 23/11/2026
Đến ngày: 29/11/2026
Số lần phát: 1
Đài: xa-a
Giọng: miền Nam, nữ
---
Tài khoản {VNeID|vê en e ai đi} giúp bà con.
[nghỉ 1,5 giây]
Xin cảm ơn.
TXT
sed -i 's|    dialect = "south";|    dialect = "south";\n    voice = "female";|' "$W/district.cfg"
"$LOA" build -c "$W/district.cfg" --week 2026-W48 -j 2 -q >/dev/null 2>"$T/build.err"
OUT=$W/out/2026-W48
ok "the week is built" test -d "$OUT/xa-a/items"
cat "$T/build.err" >&2

pcm() { ffmpeg -v error -i "$1" -f s16le -ac 1 - | sha256sum | cut -d' ' -f1; }
samples() { ffmpeg -v error -i "$1" -f s16le -ac 1 - | wc -c; }

# 1. The station's voice and production: the same samples as its item.
for case in "xa-a a-vneid a-vneid-north" "xa-b a-vneid a-vneid-south-female" \
            "xa-b thuong-truc thuong-truc-south-female" "xa-a v-giong v-giong-south-female"; do
    set -- $case
    st=$1 script=$2 item=$3
    f=$W/scripts/$script.txt
    [ -f "$f" ] || f=$W/$script.txt
    "$LOA" speak -c "$W/district.cfg" --station "$st" "$f" -o "$T/$st-$script.mp3" 2>"$T/err"
    ok "$st/$script: spoken" test -s "$T/$st-$script.mp3"
    ok "$st/$script: the build's item is there" test -s "$OUT/$st/items/$item.mp3"
    expect_eq "$st/$script: samples of loa speak = the build's items/$item.mp3" \
        "$(pcm "$T/$st-$script.mp3")" "$(pcm "$OUT/$st/items/$item.mp3")"
    expect_eq "$st/$script: the same length" \
        "$(samples "$T/$st-$script.mp3")" "$(samples "$OUT/$st/items/$item.mp3")"
done
# ... and the header's title for the ID3 title
expect_eq "the bulletin's title as the ID3 title" \
    "$(ffprobe -v error -show_entries format_tags=title -of csv=p=0 "$T/xa-a-v-giong.mp3")" \
    "Giọng riêng của bản tin"

# 2. The header is not read aloud: the same file read as plain text is longer.
"$LOA" speak --plain "$W/scripts/v-giong.txt" -o "$T/plain.mp3"
"$LOA" speak "$W/scripts/v-giong.txt" -o "$T/script.mp3"
d_plain=$(duration "$T/plain.mp3"); d_script=$(duration "$T/script.mp3")
ok "the header is not spoken ($d_script s, as plain text $d_plain s)" \
    awk -v a="$d_script" -v b="$d_plain" 'BEGIN { exit !(b > a + 4) }'
# 3. The pause is a silence of 1.5 s (ffmpeg's silencedetect, -50 dB).
ffmpeg -nostats -i "$T/script.mp3" -af silencedetect=n=-50dB:d=1.2 -f null - 2>&1 |
    sed -n 's/.*silence_duration: \([0-9.]*\).*/\1/p' >"$T/silences"
ok "a silence for [nghỉ 1,5 giây]" awk '$1 >= 1.4 && $1 <= 1.8 { f = 1 } END { exit !f }' "$T/silences"
# 4. What is said, read by hand: the text only, the mark's spoken form, the
# pause as a line, in the dialect of the header (the south says "ngàn").
"$LOA" normalize "$W/scripts/v-giong.txt" >"$T/said" 2>"$T/err"
expect_eq "loa normalize on the script" "$(cat "$T/said")" "Tài khoản vê en e ai đi giúp bà con.
[nghỉ 1,5 giây]
Xin cảm ơn."
printf 'Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: all\nGiọng: Nam Bộ\n---\nCó 1.000 người.\n' >"$T/nam.txt"
expect_eq "the header's dialect" "$("$LOA" normalize <"$T/nam.txt")" "Có một ngàn người."
expect_eq "plain text as before" "$(printf 'Có 1.000 người.\n' | "$LOA" normalize)" "Có một nghìn người."
# 5. A script with errors: every one said, nothing written, exit 2.
printf 'Tiêu đề: x\nTừ ngày: 31/02/2026\nĐến ngày: 29/11\nĐài: all\n---\nMột [chú ý] hai.\n' >"$T/bad.txt"
"$LOA" speak "$T/bad.txt" -o "$T/bad.mp3" 2>"$T/err"; rc=$?
expect_eq "bad script: exit 2" "$rc" 2
expect_eq "bad script: every error" "$(cut -d: -f2-4 "$T/err")" "2:10: lỗi
3:11: lỗi
6:5: lỗi"
ok "bad script: nothing written" test ! -e "$T/bad.mp3"
"$LOA" normalize "$T/bad.txt" >/dev/null 2>"$T/err"; rc=$?
expect_eq "normalize, bad script: exit 2 with the same errors" "$rc:$(wc -l <"$T/err")" "2:3"

# 6. Female and male voices: the female one is higher (median F0).
printf 'Kính thưa bà con, Bộ Thông tin và Truyền thông đề nghị bà con cài đặt ứng dụng.\n' >"$T/f0.txt"
"$LOA" speak "$T/f0.txt" -o "$T/male.mp3"
"$LOA" speak --voice nữ "$T/f0.txt" -o "$T/female.mp3"
"$PY" "$SRC/tests/f0.py" "$T/male.mp3" "$T/female.mp3" \
    "$OUT/xa-a/items/a-vneid-north.mp3" "$OUT/xa-b/items/a-vneid-south-female.mp3" >"$T/f0"
cat "$T/f0" >&2
read -r _ m _ <<EOF
$(sed -n 1p "$T/f0")
EOF
read -r _ f _ <<EOF
$(sed -n 2p "$T/f0")
EOF
read -r _ sm _ <<EOF
$(sed -n 3p "$T/f0")
EOF
read -r _ sf _ <<EOF
$(sed -n 4p "$T/f0")
EOF
ok "--voice nữ is higher: median F0 $f Hz against $m Hz" awk -v f="$f" -v m="$m" 'BEGIN { exit !(m > 60 && f > 1.2 * m) }'
ok "a female station's item is higher: $sf Hz against $sm Hz" awk -v f="$sf" -v m="$sm" 'BEGIN { exit !(m > 60 && f > 1.2 * m) }'
finish
