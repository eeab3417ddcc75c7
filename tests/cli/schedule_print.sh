#!/bin/sh
# The printable schedule as an operator prints it: headless Chromium's print-to-PDF of a
# station's schedule.html is A4 portrait, and its text holds the national motto, the title,
# every program's USB track number with its time, a "đã phát" box per program, natural
# durations and the signature block. The pages are kept as PNG under $BUILD/shots/ to look at.
. tests/lib.sh
need sox pdfinfo pdftotext pdftoppm
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
    [ "${CI:-}" = true ] && { echo "FAIL: no chromium in CI (make deps installs it)"; exit 1; }
    echo "skip: no chromium"; exit 77
fi
W=$T/d
cp -R tests/data/small "$W"
mkdir -p "$W/jingles"
for j in intro outro chime; do sox -n -r 44100 -c 1 "$W/jingles/$j.wav" synth 0.4 sine 500 gain -12; done
"$LOA" build -c "$W/district.cfg" --week 2026-W48 -q >/dev/null 2>"$T/err"; rc=$?
expect_eq "build (one bulletin deferred by design)" "$rc" 5
S=$W/out/2026-W48/xa-a
# Chromium as root needs --no-sandbox; no network, no first-run work.
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/profile" --no-pdf-header-footer --print-to-pdf="$T/s.pdf" \
    "file://$S/schedule.html" >/dev/null 2>&1
ok "print-to-PDF wrote a PDF" test -s "$T/s.pdf"
size=$(pdfinfo "$T/s.pdf" | sed -n 's/^Page size: *//p')
# A4 is 210 x 297 mm = 595.28 x 841.89 pt.
ok "A4 portrait ($size)" sh -c "echo '$size' | grep -Eq '^59[45]\.[0-9]+ x 84[12]\.[0-9]+ pts'"
pdftotext -layout "$T/s.pdf" "$T/s.txt"
ok "national motto" grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$T/s.txt"
ok "motto's second line" grep -q "Độc lập - Tự do - Hạnh phúc" "$T/s.txt"
ok "title and week" sh -c "grep -q 'LỊCH PHÁT SÓNG' '$T/s.txt' && grep -q 'Tuần 48/2026' '$T/s.txt'"
ok "station named (upper case, as printed)" grep -q "ĐÀI TRUYỀN THANH XÃ A" "$T/s.txt"
ok "signature block" sh -c "grep -q 'NGƯỜI LẬP LỊCH' '$T/s.txt' && grep -q 'LÃNH ĐẠO DUYỆT' '$T/s.txt'"
# Every usb/ file's track number is printed on the line of its start time.
for f in "$S"/usb/*.mp3; do
    b=$(basename "$f" .mp3)           # 001_T2_0600_sang
    n=${b%%_*}
    hm=$(echo "$b" | cut -d_ -f3)     # 0600
    t="$(echo "$hm" | cut -c1-2):$(echo "$hm" | cut -c3-4)"
    ok "track $n printed with its time $t" grep -Eq "^ *$n +$t–" "$T/s.txt"
done
n_usb=$(ls "$S"/usb/*.mp3 | wc -l)
expect_eq "one 'đã phát' box per program" "$(grep -o '☐' "$T/s.txt" | wc -l | tr -d ' ')" "$n_usb"
ok "durations said naturally (no '0 phút')" sh -c "! grep -q '0 phút' '$T/s.txt'"
ok "durations in giây" grep -Eq "[0-9]+ giây" "$T/s.txt"
mkdir -p "$BUILD/shots"
pdftoppm -r 70 -png "$T/s.pdf" "$BUILD/shots/schedule-xa-a"
ok "page images kept for a person to look at" test -s "$BUILD/shots/schedule-xa-a-1.png"
finish
