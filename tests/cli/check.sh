#!/bin/sh
# loa check end to end: messages in both languages, exit codes, every
# finding in one run, folders and a whole district, invalid UTF-8 at a known
# byte, TCVN3 and CP1258 (made by glibc iconv, independent of loa's tables)
# and VNI (made by an independent Python encoder) detected and fixed
# back to the exact Unicode text with FILE.orig kept, NFD fixed, --json
# against tests/check-schema.json, and the duration estimate within 10% of
# the rendered speech of every demo bulletin (loa build, measured by ffprobe).
# dash (Debian's sh) loses bytes of UTF-8 text in here-documents: use bash.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
. tests/lib.sh
need python3
SRC=$(pwd)
cd "$T"

cat >d.cfg <<'CFG'
district = "huyện Tân Lạc";
province = "tỉnh Hòa Bình";
timezone = "Asia/Ho_Chi_Minh";
standing = "clean.txt";
groups = ( { id = "vung-cao"; name = "Các xã vùng cao"; } );
stations = (
  { id = "man-duc"; name = "Đài truyền thanh xã Mãn Đức"; groups = [ "vung-cao" ];
    slots = ( { name = "sang"; days = "T2,T4,T6"; start = "06:00"; length = "10:00"; } ); }
);
CFG
# From the seeds (Công văn 5443/BTTTT-CĐSQG) and the demo's VNeID bulletin.
cat >clean.txt <<'TXT'
Tiêu đề: Dịch vụ công trực tuyến
Ưu tiên: thường
Từ ngày: 23/11/2026
Đến ngày: 29/11/2026
Số lần phát: 3
Đài: man-duc
---
Kính thưa bà con nhân dân!

Bộ Thông tin và Truyền thông đề nghị đẩy mạnh công tác tuyên truyền dịch vụ công trực tuyến. Bà con có thể nộp hồ sơ và theo dõi kết quả ngay trên điện thoại, mọi vướng mắc xin gọi Tổng đài 1800.1096, cuộc gọi miễn phí.
TXT
cat >bad.txt <<'TXT'
Tiêu đề: Kích hoạt tài khoản
Tác giả: Phòng Văn hóa
Từ ngày: 31/02/2026
Đài: man-duc, xa-la
---
Bà con cần kíck hoạt tài khoản.
TXT

# A clean script: exit 0, one line with its estimated duration.
LANG=vi_VN.UTF-8 "$LOA" check -c d.cfg clean.txt >out 2>err; rc=$?
expect_eq "clean: exit" "$rc" 0
ok "clean: one line with the duration" grep -qx 'clean.txt: không có lỗi — đọc mất khoảng [0-9]* giây' out
expect_eq "clean: one line only" "$(wc -l <out)" 1
expect_eq "clean: stderr" "$(cat err)" ""

# Vietnamese by default (C, POSIX and C.UTF-8 too), English with --lang en or
# an en_* locale.
LANG=C.UTF-8 "$LOA" check -c d.cfg bad.txt >out 2>err; rc=$?
expect_eq "bad: exit" "$rc" 1
expect_eq "bad: vi lines" "$(cat out)" "bad.txt:2:1: lỗi: phần đầu có mục lạ \"Tác giả\" — dùng các mục 'Tiêu đề', 'Ưu tiên', 'Từ ngày', 'Đến ngày', 'Số lần phát', 'Đài', 'Giọng', 'Người soạn' hoặc 'Âm thanh' (hoặc thêm dòng '---' trước nội dung)
bad.txt:3:10: lỗi: 'Từ ngày' \"31/02/2026\" không phải ngày có thật — kiểm tra ngày và tháng: viết dd/mm/yyyy, có thể thêm giờ HH:MM, ví dụ 23/11/2026 hoặc 23/11/2026 08:00
bad.txt:4:15: lỗi: không có đài hay nhóm \"xa-la\" trong cấu hình khu vực — dùng mã đài hoặc mã nhóm trong tệp cấu hình, hoặc \"tất cả\"
bad.txt:5:1: lỗi: phần đầu thiếu dòng 'Đến ngày' (to) — thêm dòng 'Đến ngày: ...' trước dòng '---'
bad.txt:6:12: cảnh báo: \"kíck\" có thể sai chính tả (gợi ý: kích) — sửa lại, hoặc thêm vào tệp từ vựng của khu vực nếu đúng"
LANG=en_US.UTF-8 "$LOA" check -c d.cfg bad.txt >out 2>&1
expect_eq "bad: LANG=en_US" "$(sed -n 2p out)" "bad.txt:3:10: error: 'Từ ngày' \"31/02/2026\" is not a real date — check the day and the month: write dd/mm/yyyy, optionally followed by HH:MM, e.g. 23/11/2026 or 23/11/2026 08:00"
LANG=vi_VN.UTF-8 LC_MESSAGES=en_GB.UTF-8 "$LOA" check -c d.cfg bad.txt >out 2>&1
expect_eq "bad: LC_MESSAGES=en_GB" "$(sed -n 5p out | cut -d: -f1-4)" "bad.txt:6:12: warning"
LANG=C "$LOA" check --lang en -c d.cfg bad.txt >out 2>&1
expect_eq "bad: --lang en" "$(grep -c ': error: ' out)" 4

# Usage errors exit 2.
"$LOA" check >/dev/null 2>&1; expect_eq "no file: exit" "$?" 2
"$LOA" check --lang fr clean.txt >/dev/null 2>&1; expect_eq "bad --lang: exit" "$?" 2
"$LOA" check missing.txt >out 2>&1; expect_eq "missing file: exit" "$?" 1
"$LOA" check --fix - <clean.txt >/dev/null 2>&1; expect_eq "--fix of stdin: exit" "$?" 2
# Standard input; a header error still lets the text be checked.
printf 'Tiêu đề: x\nĐài: all\n---\nBà con cần kíck hoạt.\n' | LANG=C "$LOA" check - >out 2>&1
expect_eq "stdin: findings" "$(cut -d: -f1-4 out)" "<stdin>:3:1: lỗi
<stdin>:3:1: lỗi
<stdin>:4:12: cảnh báo"

# Every finding of every file in one run: the header's, each bad line of the
# body (not only the first), with the key and the station meant.
cat >many.txt <<'TXT'
Tiêu đề: Mất điện
Ưu tên: khẩn cấp
Từ ngày: 29/11
Đến ngày: 30/11/2026 25:00
Giọng: nam
Đài: Mãn Đức
---
Bà con chú ý [chú ý] mất điện.
Từ 8 giờ {VNeID|vê|en} đến 16 giờ.
Xin cảm ơn [nghỉ 90 giây] bà con.
TXT
LANG=en_US.UTF-8 "$LOA" check --no-spell -c d.cfg many.txt >out 2>&1; rc=$?
expect_eq "many: exit" "$rc" 1
expect_eq "many: every finding, in order" "$(cut -d: -f1-4 out)" "many.txt:2:1: error
many.txt:3:10: error
many.txt:4:22: error
many.txt:5:8: warning
many.txt:6:6: error
many.txt:8:14: error
many.txt:9:10: error
many.txt:10:12: error"
ok "many: the key meant" grep -q "unknown header key \"Ưu tên\" — did you mean 'Ưu tiên'?" out
ok "many: a date without its year" grep -q "'Từ ngày' \"29/11\" has no year — write dd/mm/yyyy, optionally followed by HH:MM" out
ok "many: no such time" grep -q "\"25:00\" is not a time of day" out
ok "many: 'Giọng: nam' says which it means" grep -q "'Giọng: nam' is read as the southern accent ('miền Nam') — for a male voice write 'Giọng: nam giới'" out
ok "many: the station id for its name" grep -q "\"Mãn Đức\" is not a station or group id of the district — did you mean \"man-duc\" (Đài truyền thanh xã Mãn Đức)?" out

# Validity to the minute: man-duc airs Mon, Wed, Fri at 06:00. From Monday
# 06:30 until Friday 06:00 leaves Wednesday alone: 1 slot for 3 airings.
sed 's|^Từ ngày:.*|Từ ngày: 23/11/2026 06:30|; s|^Đến ngày:.*|Đến ngày: 27/11/2026 06:00|' clean.txt >minute.txt
sed -i 's|^Đài:.*|Đài: man-duc|' minute.txt
LANG=en_US.UTF-8 "$LOA" check --no-spell -c d.cfg minute.txt >out 2>&1
ok "minute: one slot inside the validity" grep -q "minute.txt:5:1: error: 'Số lần phát' is 3 but station \"man-duc\" has only 1 slots inside the validity" out

# Folders, and with -c alone everything the build reads: the standing
# bulletin, every script of the scripts folder, the config's jingles.
mkdir -p scripts folder
cp clean.txt folder/a.txt
cp bad.txt folder/b.txt
: >folder/ignored.md
LANG=C "$LOA" check -c d.cfg folder >out 2>&1; rc=$?
expect_eq "folder: exit" "$rc" 1
ok "folder: the clean script's line" grep -qx 'folder/a.txt: không có lỗi — đọc mất khoảng [0-9]* giây' out
expect_eq "folder: the bad script's findings" "$(grep -c '^folder/b.txt:' out)" 5
ok "folder: the total" grep -qx 'đã kiểm tra 2 kịch bản: 4 lỗi, 1 cảnh báo' out
LANG=C "$LOA" check folder/ >out 2>&1
ok "folder/: its files named with one '/'" grep -q '^folder/a.txt: không có lỗi' out
cp bad.txt scripts/01-bad.txt
cp clean.txt scripts/02-ok.txt
printf '[abbreviations]\nUBND = ủy ban nhân dân\nHTX\n' >lex.txt
sed 's|^standing = .*|standing = "clean.txt";\njingles = { intro = "khong-co.wav"; };\nlexicons = [ "lex.txt" ];|' d.cfg >all.cfg
LANG=C "$LOA" check -c all.cfg >out 2>&1; rc=$?
expect_eq "whole district: exit" "$rc" 1
ok "whole district: the standing bulletin" grep -q '^clean.txt: không có lỗi' out
ok "whole district: each script" sh -c "grep -q '^scripts/01-bad.txt:3:10: lỗi' out && grep -q '^scripts/02-ok.txt: không có lỗi' out"
ok "whole district: the missing jingle" grep -q "^all.cfg: lỗi: không đọc được nhạc hiệu mở đầu \"khong-co.wav\"" out
ok "whole district: the lexicon's line" grep -q "^lex.txt:3:1: lỗi: cần dạng 'CHỮ VIẾT = CÁCH ĐỌC'" out
ok "whole district: the total" grep -qx "đã kiểm tra 3 kịch bản: 6 lỗi, 1 cảnh báo" out

# Invalid UTF-8: byte 0xFF at offset 42 = line 2, column 12.
printf 'Tiêu đề: Thông báo\nĐài: tất cả\377\n---\nx\n' >u.txt
expect_eq "0xFF at byte 42" "$(od -An -tx1 -j42 -N1 u.txt | tr -d ' ')" ff
LANG=en_US.UTF-8 "$LOA" check u.txt >out 2>&1; rc=$?
expect_eq "utf8: exit" "$rc" 1
expect_eq "utf8: line" "$(cat out)" "u.txt:2:12: error: byte 0xFF is not UTF-8 (byte offset 42) — save the file as UTF-8 (Unicode), or run 'loa check --fix' if it was typed in TCVN3, VNI or CP1258"

# TCVN3 by glibc iconv (TCVN5712-1), independent of loa's tables.
if command -v iconv >/dev/null 2>&1 && iconv -f UTF-8 -t TCVN5712-1 clean.txt >tcvn.txt 2>/dev/null; then
    cp tcvn.txt tcvn.bytes
    LANG=en_US.UTF-8 "$LOA" check tcvn.txt >out 2>&1; rc=$?
    expect_eq "tcvn: exit" "$rc" 1
    ok "tcvn: detected" grep -q "tcvn.txt:1:1: error: the file is in the legacy TCVN3 encoding (confidence 100%)" out
    LANG=en_US.UTF-8 "$LOA" check -c d.cfg --fix tcvn.txt >out 2>err; rc=$?
    expect_eq "tcvn --fix: exit" "$rc" 0
    ok "tcvn --fix: clean" grep -qx 'tcvn.txt: no problems — about [0-9]* s to read' out
    ok "tcvn --fix: says so" grep -q "fixed: TCVN3" err
    ok "tcvn --fix: exact Unicode text" cmp -s tcvn.txt clean.txt
    ok "tcvn --fix: original kept" cmp -s tcvn.txt.orig tcvn.bytes
    # Nothing left to fix: the file and the backup stay as they are.
    "$LOA" check --fix tcvn.txt >/dev/null 2>&1
    ok "tcvn: second --fix leaves the backup" cmp -s tcvn.txt.orig tcvn.bytes
else
    echo "no iconv TCVN5712-1: iconv cross-check skipped" >&2
fi

# Windows-1258 ("ANSI" on a Vietnamese Windows: Word, Notepad) by glibc iconv,
# which writes some toned letters as one byte and the others as a base
# letter and a combining tone mark.
if command -v iconv >/dev/null 2>&1 && iconv -f UTF-8 -t CP1258 clean.txt >cp.txt 2>/dev/null; then
    cp cp.txt cp.bytes
    ok "cp1258: iconv wrote combining tone marks" sh -c "od -An -tx1 cp.txt | grep -Eq ' (cc|ec|d2|de|f2)( |$)'"
    LANG=en_US.UTF-8 "$LOA" check cp.txt >out 2>&1; rc=$?
    expect_eq "cp1258: exit" "$rc" 1
    conf=$(sed -n 's/.*legacy CP1258 encoding (confidence \([0-9]*\)%).*/\1/p' out)
    ok "cp1258: detected at 1:1" grep -q "^cp.txt:1:1: error: the file is in the legacy CP1258 encoding" out
    within "cp1258: confidence" "${conf:-0}" 90 100
    LANG=en_US.UTF-8 "$LOA" check -c d.cfg --fix cp.txt >out 2>err; rc=$?
    expect_eq "cp1258 --fix: exit" "$rc" 0
    ok "cp1258 --fix: says so" grep -q "fixed: CP1258 → Unicode NFC" err
    ok "cp1258 --fix: exact Unicode text (NFC)" cmp -s cp.txt clean.txt
    ok "cp1258 --fix: original kept" cmp -s cp.txt.orig cp.bytes
    # each of the other encodings is still told apart from it
    iconv -f UTF-8 -t CP1258 bad.txt >cp2.txt
    LANG=en_US.UTF-8 "$LOA" check cp2.txt >out 2>&1
    ok "cp1258: a short file too" grep -q "legacy CP1258 encoding" out
else
    echo "no iconv CP1258: skipped" >&2
fi

# VNI by a Python encoder written from the VNI-Windows layout (decomposes each
# letter with unicodedata; loa's tables are precomposed rows: independent).
python3 - clean.txt vni.txt <<'PY'
import sys, unicodedata as ud
TONE = {'\u0300': 0, '\u0301': 1, '\u0309': 2, '\u0303': 3, '\u0323': 4}
LO_T, UP_T = [0xF8, 0xF9, 0xFB, 0xF5, 0xEF], [0xD8, 0xD9, 0xDB, 0xD5, 0xCF]
LO_C, UP_C = [0xE0, 0xE1, 0xE5, 0xE3, 0xE4], [0xC0, 0xC1, 0xC5, 0xC3, 0xC4]   # â + tone
LO_B, UP_B = [0xE8, 0xE9, 0xFA, 0xFC, 0xEB], [0xC8, 0xC9, 0xDA, 0xDC, 0xCB]   # ă + tone
LO_I, UP_I = [0xEC, 0xED, 0xE6, 0xF3, 0xF2], [0xCC, 0xCD, 0xC6, 0xD3, 0xD2]
out = bytearray()
for ch in open(sys.argv[1], encoding='utf-8').read():
    if ord(ch) < 0x80:
        out += ch.encode(); continue
    if ch in 'đĐ':
        out.append(0xF1 if ch == 'đ' else 0xD1); continue
    d = ud.normalize('NFD', ch)
    base, marks = d[0], d[1:]
    up = base.isupper()
    tone = next((TONE[m] for m in marks if m in TONE), None)
    if base in 'iI' :
        out.append((UP_I if up else LO_I)[tone]); continue
    if base in 'yY' and tone == 4:
        out.append(0xCE if up else 0xEE); continue
    if '\u031b' in marks:                      # horn: ơ ư are single bytes
        out.append({'o': 0xF4, 'O': 0xD4, 'u': 0xF6, 'U': 0xD6}[base])
    else:
        out += base.encode()
    if '\u0302' in marks:
        out.append(((UP_C if up else LO_C)[tone]) if tone is not None else (0xC2 if up else 0xE2))
    elif '\u0306' in marks:
        out.append(((UP_B if up else LO_B)[tone]) if tone is not None else (0xCA if up else 0xEA))
    elif tone is not None:
        out.append((UP_T if up else LO_T)[tone])
open(sys.argv[2], 'wb').write(out)
PY
cp vni.txt vni.bytes
LANG=en_US.UTF-8 "$LOA" check vni.txt >out 2>&1; rc=$?
expect_eq "vni: exit" "$rc" 1
ok "vni: detected" grep -q "vni.txt:1:1: error: the file is in the legacy VNI encoding" out
LANG=en_US.UTF-8 "$LOA" check -c d.cfg --fix vni.txt >out 2>err; rc=$?
expect_eq "vni --fix: exit" "$rc" 0
ok "vni --fix: exact Unicode text" cmp -s vni.txt clean.txt
ok "vni --fix: original kept" cmp -s vni.txt.orig vni.bytes
# An existing backup is never overwritten.
cp vni.bytes vni2.txt; : >vni2.txt.orig
LANG=C "$LOA" check --fix vni2.txt >out 2>&1; rc=$?
expect_eq "fix with an existing .orig: exit" "$rc" 1
ok "fix with an existing .orig: file untouched" cmp -s vni2.txt vni.bytes

# NFD (as pasted from a Mac or Word): warned, then composed by --fix.
python3 -c "import sys,unicodedata as u; sys.stdout.write(u.normalize('NFD', open('clean.txt',encoding='utf-8').read()))" >nfd.txt
LANG=en_US.UTF-8 "$LOA" check -c d.cfg nfd.txt >out 2>&1; rc=$?
expect_eq "nfd: exit (warnings only)" "$rc" 0
ok "nfd: warned at line 1" grep -q '^nfd.txt:1:1: warning: "T[^"]*" has decomposed diacritics' out
"$LOA" check --fix nfd.txt >/dev/null 2>&1
ok "nfd --fix: NFC text" cmp -s nfd.txt clean.txt

# --json validates against the documented shape.
cp vni.bytes vni3.txt
"$LOA" check --json -c d.cfg clean.txt bad.txt u.txt vni3.txt missing.txt >out.json 2>err; rc=$?
expect_eq "json: exit" "$rc" 1
ok "json: valid shape" python3 "$SRC/tests/check_json.py" "$SRC/tests/check-schema.json" <out.json
expect_eq "json: what it says" "$(python3 -c "
import json; d = json.load(open('out.json'))
f = {x['path']: x for x in d['files']}
print(len(d['files']), f['clean.txt']['errors'], f['bad.txt']['errors'], f['vni3.txt']['encoding'],
      [x['id'] for x in f['bad.txt']['findings']], f['u.txt']['findings'][0]['line'],
      f['clean.txt']['slot_seconds'])")" \
    "5 0 4 VNI ['header-key', 'header-date', 'header-station', 'header-missing', 'spelling'] 2 600"
# and the checker itself rejects a wrong shape
echo '{"format": "loa-check/1", "files": [], "errors": -1}' >wrong.json
ok "json: checker rejects a wrong document" sh -c "! python3 '$SRC/tests/check_json.py' '$SRC/tests/check-schema.json' <wrong.json 2>/dev/null"

# Duration: the estimate against the rendered speech of the demo's bulletins
# of its first week (48-*). One station, one Monday slot, every bulletin
# valid that day once: `loa build` renders each bulletin's speech once and
# publishes it as an item MP3.
if command -v ffprobe >/dev/null 2>&1; then
    mkdir -p dur/scripts
    for f in "$SRC"/examples/scripts/48-*.txt; do
        grep -q '^Âm thanh' "$f" && continue   # a recorded bulletin: nothing to estimate
        sed 's/^Từ ngày:.*/Từ ngày: 23\/11\/2026/; s/^Đến ngày:.*/Đến ngày: 23\/11\/2026/;
             s/^Số lần phát:.*/Số lần phát: 1/; s/^Đài:.*/Đài: tất cả/; /^Giọng:/d' "$f" \
            >dur/scripts/"$(basename "$f")"
    done
    cp "$SRC"/examples/thuong-truc.txt dur/
    rate=$(sed -n 's/^ *rate *= *\([0-9]*\);.*/\1/p' "$SRC"/examples/district.cfg)
    cat >dur/d.cfg <<CFG
district = "xã Ea Kar";
province = "tỉnh Đắk Lắk";
timezone = "Asia/Ho_Chi_Minh";
defaults = { rate = $rate; };
standing = "thuong-truc.txt";
stations = (
  { id = "dai-thu"; name = "Đài thử"; slots = ( { name = "sang"; days = "T2"; start = "06:00"; length = "60:00"; } ); }
);
CFG
    if "$LOA" build -c dur/d.cfg -w 2026-W48 -j 4 -q >build.log 2>&1; then
        "$LOA" check --json -c dur/d.cfg dur/scripts/*.txt >dur.json 2>/dev/null
        n=0
        for f in dur/scripts/*.txt; do
            id=$(basename "$f" .txt)
            mp3=dur/out/2026-W48/dai-thu/items/$id-north.mp3
            est=$(python3 -c "import json,sys; d=json.load(open('dur.json')); print([x['seconds'] for x in d['files'] if x['path']==sys.argv[1]][0])" "$f")
            if [ -f "$mp3" ]; then
                got=$(duration "$mp3")
                lo=$(awk -v g="$got" 'BEGIN { print g * 0.9 }'); hi=$(awk -v g="$got" 'BEGIN { print g * 1.1 }')
                within "duration of $id: estimate $est s vs rendered $got s" "$est" "$lo" "$hi"
                n=$((n + 1))
            else
                ok "rendered item for $id" false
            fi
        done
        expect_eq "demo bulletins compared" "$n" \
            "$(grep -L '^Âm thanh' "$SRC"/examples/scripts/48-*.txt | wc -l)"
    else
        cat build.log >&2
        ok "loa build of the demo bulletins" false
    fi
else
    echo "no ffprobe: duration check skipped" >&2
fi
finish
