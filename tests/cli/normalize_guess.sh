#!/bin/sh
# Issue 13 item 3: every place the normalizer guesses is in its explain
# report, `loa normalize --explain` marks it (fifth column "guess:KIND"), and
# `loa check` gives exactly one warning for each guess, saying what will be
# spoken and how to write it instead ({written|spoken}); a clean real
# bulletin gives no warning at all.
# dash (Debian's sh) loses bytes of UTF-8 text in here-documents: use bash.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
. tests/lib.sh
need python3
cd "$T"
fail() { failures=$((failures + 1)); echo "FAIL: $*" >&2; }

cat >d.cfg <<'CFG'
district = "huyện Tân Lạc";
province = "tỉnh Hòa Bình";
timezone = "Asia/Ho_Chi_Minh";
standing = "clean.txt";
stations = (
  { id = "man-duc"; name = "Đài truyền thanh xã Mãn Đức";
    slots = ( { name = "sang"; days = "T2,T4,T6"; start = "06:00"; length = "15:00"; } ); }
);
CFG
head='Tiêu đề: Thông báo
Ưu tiên: thường
Từ ngày: 23/11/2026
Đến ngày: 29/11/2026
Số lần phát: 3
Đài: man-duc
---'
# one guess of each kind, one a line
{ echo "$head"; cat <<'TXT'
Đoàn XYZQ về làm việc với xã.
Mỗi hộ dùng 5xyz mỗi ngày.
Nhận hàng 12/7 tại chợ.
Kết quả 25-11 được công bố.
Hộp thư 8011035 trả lời bà con.
Ứng dụng Glorpify vừa phát hành.
Trưa nay nhiệt độ lên tới 360C.
TXT
} >guess.txt
# Real sentences (tests/cases/real: dvctt, power-water, health rows from
# thanhnien.vn, cand.com.vn, hethongphapluat.vn, baoninhthuan.com.vn)
{ echo "$head"; cat <<'TXT'
Kính thưa bà con nhân dân!
Bước 1: Người dân truy cập Cổng dịch vụ công quốc gia (dichvucong.gov.vn) hoặc ứng dụng VNeID, chọn "Dịch vụ công liên thông khai sinh, khai tử" để nộp hồ sơ.
Thời hạn giải quyết 1 bộ hồ sơ đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT online cho trẻ dưới 6 tuổi không quá 3 ngày làm việc.
Thực hiện Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông.
Theo kế hoạch, đợt I tổ chức tiêm cho trẻ từ 1-5 tuổi tương ứng với nhóm nhà trẻ, mẫu giáo, thời gian triển khai từ ngày 15 đến 22-10-2014.
Thời gian tạm ngưng cung cấp nước: Từ 22 giờ 00 phút ngày 30/01/2026 đến 05 giờ 00 phút ngày 31/01/2026.
Mọi vướng mắc xin gọi Tổng đài 1800.1096 hoặc đường dây nóng 0905 123 456.
TXT
} >clean.txt

checks=7 # the assertions below; each failing one adds a failure
# --explain marks each guess once, with its kind
# (the body: the header is not read aloud)
sed '1,/^---$/d' guess.txt | "$LOA" normalize --explain >ex.txt || fail "normalize --explain"
got=$(cut -f5 ex.txt | grep '^guess:' | sort | tr '\n' ' ')
[ "$got" = "guess:dash guess:degree guess:foreign guess:phone guess:slash guess:spelled guess:unit " ] ||
    fail "explain guesses: $got"
[ "$(awk -F'\t' 'NF != 5' ex.txt | wc -l)" -eq 0 ] || fail "explain: five columns"
sed '1,/^---$/d' clean.txt | "$LOA" normalize --explain >ex-clean.txt ||
    fail "normalize --explain (clean)"
grep 'guess:' ex-clean.txt && fail "the clean bulletin has guesses (above)"

# loa check: one warning per guess, each with the reading and the override
"$LOA" check --json --no-spell -c d.cfg guess.txt >g.json
[ $? -eq 0 ] || fail "check guess.txt: exit status"
python3 - g.json <<'PY' || fail "check warnings for the guesses"
import json, sys
doc = json.load(open(sys.argv[1]))
f = [x for x in doc['files'] if x['path'].endswith('guess.txt')][0]
ids = sorted(x['id'] for x in f['findings'])
want = sorted(['all-caps', 'guess-unit', 'guess-slash', 'guess-dash', 'guess-phone',
               'unknown-word', 'guess-degree'])
if ids != want:
    sys.exit('warnings %s, want %s' % (ids, want))
lines = sorted(x['line'] for x in f['findings'])
if lines != list(range(8, 15)):
    sys.exit('one warning a line 8..14, got lines %s' % lines)
for x in f['findings']:
    if x['severity'] != 'warning' or '{' not in x['message'] or '|' not in x['message']:
        sys.exit('no {written|spoken} advice: ' + x['message'])
    if x['id'] != 'all-caps' and x['args'][1] not in x['message']:
        sys.exit('the reading is not said: ' + x['message'])
PY
LANG=vi_VN.UTF-8 "$LOA" check --no-spell --lang vi -c d.cfg guess.txt >g.vi 2>&1
grep -q 'máy sẽ đọc "ngày mười hai tháng bảy"' g.vi || fail "Vietnamese message: $(cat g.vi)"
grep -q 'máy sẽ đọc "ba mươi sáu độ xê"' g.vi || fail "Vietnamese message (degree): $(cat g.vi)"
"$LOA" check --json --no-spell -c d.cfg clean.txt >c.json || fail "check clean.txt"
python3 - c.json <<'PY' || fail "the clean bulletin has findings"
import json, sys
doc = json.load(open(sys.argv[1]))
f = [x for x in doc['files'] if x['path'].endswith('clean.txt')][0]
if f['findings']:
    sys.exit('\n'.join(x['message'] for x in f['findings']))
PY
finish
