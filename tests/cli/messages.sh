#!/bin/sh
# Every message format in src/ is in the catalogue (tests/msg_cover.py), and
# every command speaks Vietnamese by default, English only when asked
# (--lang en, an en_* locale): C, POSIX and C.UTF-8 give Vietnamese. The
# words of each message are judged in test_msg (both languages, no word of
# the other); here the program as a person runs it.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
. tests/lib.sh
need python3
ok "every message format is in the catalogue" python3 tests/msg_cover.py src

cd "$T"
printf 'Tiêu đề: x\nTừ ngày: 23/11/2026\nĐến ngày: 29/11\nĐài: all\n---\nxin chào.\n' >s.txt
# stderr and stdout of a few failures, in each locale
for loc in C POSIX C.UTF-8 vi_VN.UTF-8; do
    LC_ALL= LC_MESSAGES= LANG=$loc "$LOA" check --no-spell s.txt >out 2>&1
    ok "LANG=$loc: check in Vietnamese" grep -q "s.txt:3:11: lỗi: 'Đến ngày' \"29/11\" thiếu năm" out
    LC_ALL= LC_MESSAGES= LANG=$loc "$LOA" speak -r 900 s.txt -o x.mp3 >out 2>&1
    ok "LANG=$loc: speak in Vietnamese" grep -q "tốc độ đọc '900' phải từ 80 đến 450 từ mỗi phút" out
done
LC_ALL= LC_MESSAGES= LANG=en_GB.UTF-8 "$LOA" check --no-spell s.txt >out 2>&1
ok "LANG=en_GB: English" grep -q "s.txt:3:11: error: 'Đến ngày' \"29/11\" has no year" out
LC_ALL=en_US.UTF-8 LANG=vi_VN.UTF-8 "$LOA" check --no-spell s.txt >out 2>&1
ok "LC_ALL wins over LANG" grep -q ": error: " out
LC_ALL= LANG=vi_VN.UTF-8 LC_MESSAGES=en_US "$LOA" check --no-spell s.txt >out 2>&1
ok "LC_MESSAGES wins over LANG" grep -q ": error: " out
LANG=en_US.UTF-8 "$LOA" check --lang vi --no-spell s.txt >out 2>&1
ok "--lang vi wins over the locale" grep -q ": lỗi: " out
LANG=C "$LOA" --lang en speak -r 900 s.txt -o x.mp3 >out 2>&1
ok "--lang en before the command" grep -q "rate '900' must be 80..450 words per minute" out
ok "--lang en: the hint too" grep -q "Try 'loa speak --help'" out
# a message of the C library inside one of loa's, said in Vietnamese
LANG=C "$LOA" normalize no-such-file >out 2>&1
ok "strerror in Vietnamese" grep -q "no-such-file: lỗi: không mở được no-such-file: không có tệp hay thư mục này" out
LANG=C "$LOA" normalize --lang en no-such-file >out 2>&1
ok "strerror in English" grep -q "cannot open no-such-file: No such file or directory" out
# no English word in a Vietnamese run of each command's usual failures
LANG=C "$LOA" build -c no.cfg >out 2>&1
LANG=C "$LOA" frobnicate >>out 2>&1
LANG=C "$LOA" normalize -d west </dev/null >>out 2>&1
ok "no English in Vietnamese failures" sh -c "! grep -Ei '\\b(cannot|unknown|error|warning|missing|must)\\b' out"
cat out >&2
finish
