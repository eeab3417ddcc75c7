#!/bin/sh
# loa speak: decoded by independent tools (ffprobe/ffmpeg, espeak-ng CLI, sox).
. tests/lib.sh
need ffprobe ffmpeg espeak-ng

# A paragraph of seed 002 (Công văn 5443/BTTTT-CĐSQG, as reported by vietnamnet), plain words only.
cat > "$T/p.txt" <<'TXT'
Trong đó, công tác tuyên truyền và thực hiện tuyên truyền về dịch vụ công trực tuyến chưa được quan tâm là một trong những nguyên nhân chính dẫn đến chưa có đủ nhận thức, kỹ năng số và chưa hình thành thói quen trong việc cung cấp, sử dụng dịch vụ công trực tuyến của cán bộ, công chức, viên chức, người dân, doanh nghiệp.
TXT

ok "speak exits 0" "$LOA" speak -t "Dịch vụ công trực tuyến" -a "Đài truyền thanh xã Tân Lập" "$T/p.txt" -o "$T/a.mp3"
expect_eq "mono" "$(ffprobe -v error -show_entries stream=channels -of default=nw=1:nk=1 "$T/a.mp3")" 1
expect_eq "44.1 kHz" "$(ffprobe -v error -show_entries stream=sample_rate -of default=nw=1:nk=1 "$T/a.mp3")" 44100
expect_eq "codec" "$(ffprobe -v error -show_entries stream=codec_name -of default=nw=1:nk=1 "$T/a.mp3")" mp3
expect_eq "CBR 64k" "$(ffprobe -v error -show_entries stream=bit_rate -of default=nw=1:nk=1 "$T/a.mp3")" 64000
# ID3v2 text read back by ffprobe's own ID3 parser, byte for byte.
expect_eq "ID3 title" "$(ffprobe -v error -show_entries format_tags=title -of default=nw=1:nk=1 "$T/a.mp3")" "Dịch vụ công trực tuyến"
expect_eq "ID3 artist" "$(ffprobe -v error -show_entries format_tags=artist -of default=nw=1:nk=1 "$T/a.mp3")" "Đài truyền thanh xã Tân Lập"
ok "ID3v2 header at byte 0" sh -c "head -c 3 '$T/a.mp3' | grep -q ID3"
ok "LAME/Xing Info tag present" sh -c "head -c 4096 '$T/a.mp3' | grep -q -a -E 'Info|Xing'"

# Duration within 15% of what espeak-ng itself makes of the same text at the same rate.
espeak-ng -v vi -s 150 -w "$T/ref.wav" -f "$T/p.txt"
ref=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$T/ref.wav")
got=$(duration "$T/a.mp3")
within "duration vs espeak-ng ($got s vs $ref s)" "$got" "$(awk -v r="$ref" 'BEGIN{print r*0.85}')" "$(awk -v r="$ref" 'BEGIN{print r*1.15}')"

# Not silent, never at full scale (ffmpeg's decoder, volumedetect).
vol=$(ffmpeg -nostats -hide_banner -i "$T/a.mp3" -af volumedetect -f null - 2>&1)
mean=$(echo "$vol" | sed -n 's/.*mean_volume: \(-*[0-9.]*\) dB/\1/p')
max=$(echo "$vol" | sed -n 's/.*max_volume: \(-*[0-9.]*\) dB/\1/p')
within "mean volume (dB) shows speech" "$mean" -35 -6
within "max volume below full scale (dB)" "$max" -60 -0.1

# 22.05 kHz low-bandwidth: the rate is what we asked, not LAME's choice.
ok "speak 22050/48k" "$LOA" speak -R 22050 -b 48 "$T/p.txt" -o "$T/low.mp3"
expect_eq "22.05 kHz" "$(ffprobe -v error -show_entries stream=sample_rate -of default=nw=1:nk=1 "$T/low.mp3")" 22050
expect_eq "48k" "$(ffprobe -v error -show_entries stream=bit_rate -of default=nw=1:nk=1 "$T/low.mp3")" 48000

# Byte-identical output for the same input and options.
"$LOA" speak -t "Dịch vụ công trực tuyến" -a "Đài truyền thanh xã Tân Lập" "$T/p.txt" -o "$T/b.mp3"
ok "deterministic MP3" cmp -s "$T/a.mp3" "$T/b.mp3"

# Three dialects give three different sounds (decoded PCM compared).
for d in north central south; do
    "$LOA" speak -d "$d" "$T/p.txt" -o "$T/$d.wav"
    ffmpeg -v error -i "$T/$d.wav" -f s16le - | md5sum | cut -d' ' -f1 > "$T/$d.md5"
done
ok "north != central" sh -c "! cmp -s '$T/north.md5' '$T/central.md5'"
ok "north != south" sh -c "! cmp -s '$T/north.md5' '$T/south.md5'"
ok "central != south" sh -c "! cmp -s '$T/central.md5' '$T/south.md5'"

# Rate 120 vs 200 wpm: slower speech lasts longer, roughly in proportion (200/120 = 1.67).
"$LOA" speak -r 120 "$T/p.txt" -o "$T/r120.wav"
"$LOA" speak -r 200 "$T/p.txt" -o "$T/r200.wav"
ratio=$(awk -v a="$(duration "$T/r120.wav")" -v b="$(duration "$T/r200.wav")" 'BEGIN{print a/b}')
within "duration ratio rate 120/200" "$ratio" 1.35 2.0

# Streaming: peak memory does not grow with the text (1 vs 30 paragraphs, ~20 s vs ~10 min).
# (Not under the sanitizers, whose quarantine keeps freed memory resident,
# nor under valgrind, whose own bookkeeping grows with what is allocated.)
case ${BUILD:-build} in *san*) san=1 ;; *) san=0 ;; esac
[ -z "${VALGRIND:-}" ] || san=1
if [ -x /usr/bin/time ] && [ $san -eq 0 ]; then
    for n in 1 30; do
        i=0; : > "$T/l$n.txt"
        while [ $i -lt $n ]; do sed -n 1p "$T/p.txt" >> "$T/l$n.txt"; i=$((i + 1)); done
        /usr/bin/time -f %M -o "$T/rss$n" "$LOA" speak "$T/l$n.txt" -o "$T/l$n.mp3"
    done
    # 12 MiB: the MP3 encoder threads' queue (at most 15 s of PCM a thread),
    # each chunk's 16-bit copy kept until its decoded check passes (the guard
    # that encodes a chunk again), and their LAME and malloc arenas fill up
    # only for a long program (8.06 MiB seen on a loaded VM); 10 min of PCM
    # held in memory would be 100 MiB.
    grow=$(( $(cat "$T/rss30") - $(cat "$T/rss1") ))
    within "peak RSS growth for 30x the text (KiB)" "$grow" -100000 12288
    within "long render duration (s)" "$(duration "$T/l30.mp3")" 400 900
fi

# Standard input works.
ok "stdin input" sh -c "'$LOA' speak - -o '$T/stdin.mp3' < '$T/p.txt'"
"$LOA" speak "$T/p.txt" -o "$T/plain.mp3"
ok "stdin output same as file" cmp -s "$T/stdin.mp3" "$T/plain.mp3"

# Bad inputs: the documented exit code, a message, no output file, no debris.
bad() { # description, want-exit, output, args...
    d=$1 want=$2 out=$3; shift 3
    "$LOA" speak "$@" -o "$out" 2>"$T/err"; rc=$?
    expect_eq "$d: exit code" "$rc" "$want"
    ok "$d: message on stderr" test -s "$T/err"
    ok "$d: no output file" test ! -e "$out"
    checks=$((checks + 1))
    if ls -a "$(dirname "$out")" 2>/dev/null | grep -q '\.tmp'; then
        failures=$((failures + 1)); echo "FAIL: $d: staging debris left" >&2
    fi
}
mkdir "$T/out"
bad "missing input" 2 "$T/out/x.mp3" "$T/nonexistent.txt"
printf 'Kính thưa bà con,\nhồ sơ \377 trực tuyến\n' > "$T/bad.txt"
bad "invalid UTF-8" 2 "$T/out/x.mp3" "$T/bad.txt"
ok "invalid UTF-8 reported at line:col" grep -q "bad.txt:2:7: lỗi:" "$T/err"
bad "unknown dialect" 2 "$T/out/x.mp3" -d west "$T/p.txt"
bad "bad bitrate" 2 "$T/out/x.mp3" -b 65 "$T/p.txt"
bad "bitrate not valid at 22.05 kHz" 2 "$T/out/x.mp3" -R 22050 -b 320 "$T/p.txt"
bad "unwritable directory" 1 "$T/nodir/x.mp3" "$T/p.txt"
printf '   \n\n' > "$T/empty.txt"
bad "empty text" 2 "$T/out/x.mp3" "$T/empty.txt"
# Disk full: a 64 KiB file system (needs root to mount; skipped otherwise).
mkdir "$T/full"
if mount -t tmpfs -o size=64k tmpfs "$T/full" 2>/dev/null; then
    "$LOA" speak "$T/p.txt" -o "$T/full/x.mp3" 2>"$T/err"; rc=$?
    expect_eq "disk full: exit code" "$rc" 1
    ok "disk full: message" grep -q "ổ đĩa đã đầy" "$T/err"
    ok "disk full: no file, no debris" test -z "$(ls -A "$T/full")"
    umount "$T/full"
fi
chmod 555 "$T/out"
if [ "$(id -u)" -ne 0 ]; then bad "read-only directory" 1 "$T/out/x.mp3" "$T/p.txt"; fi
chmod 755 "$T/out"

# A failed render never replaces a published file.
cp "$T/a.mp3" "$T/out/keep.mp3"
"$LOA" speak "$T/bad.txt" -o "$T/out/keep.mp3" 2>/dev/null
ok "previous output kept after failure" cmp -s "$T/a.mp3" "$T/out/keep.mp3"

# Help and version.
ok "loa --help" sh -c "'$LOA' --help | grep -q speak"
ok "loa speak --help" sh -c "'$LOA' speak --help | grep -q -- --dialect"
ok "loa --version" sh -c "'$LOA' --version | grep -q '^loa [0-9]'"
"$LOA" frobnicate 2>/dev/null; expect_eq "unknown command exit" "$?" 2
finish
