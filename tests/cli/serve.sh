#!/bin/sh
# loa serve against curl: every endpoint with bad input (oversized, malformed,
# traversal, wrong method, no session, no or a wrong CSRF token, the wrong role
# or station), and the server still answers afterwards; `loa user`; the
# systemd unit `make install` puts in place. The server runs under VALGRIND
# when the suite does.
. tests/lib.sh
need sox curl
. tests/serve_lib.sh

# ---- loa user ----
user_add admin admin mk-quantri-1
expect_eq "user add admin" "$?" 0
user_add bt-a editor mk-bientap-a --stations xa-a
user_add op-a operator mk-vanhanh-a --stations xa-a
user_add bt-b editor mk-bientap-b --communes "xã B"
user_add admin editor mk-khac-123 2>"$T/dup.err"
expect_eq "a taken name is refused (2)" "$?" 2
ok "and says so" grep -q "đã có" "$T/dup.err"
user_add kem editor ngan 2>/dev/null
expect_eq "a short password is refused (2)" "$?" 2
user_add 'Bad Name' editor mk-12345678 2>/dev/null
expect_eq "a malformed name is refused (2)" "$?" 2
user_add x editor mk-12345678 --stations khong-co 2>/dev/null
expect_eq "an unknown station id is refused (2)" "$?" 2
printf 'mk-12345678\n' | "$LOA" user add y --role boss --data "$DATA" --password-stdin 2>/dev/null
expect_eq "an unknown role is refused (2)" "$?" 2
"$LOA" user add z --role editor --data "$DATA" </dev/null 2>/dev/null
expect_eq "no terminal and no --password-stdin: refused (2)" "$?" 2
expect_eq "the database is not world-readable" "$(stat -c %a "$DATA/loa.db")" 640
"$LOA" user list --data "$DATA" >"$T/list"
ok "user list shows the accounts" grep -q '^bt-a  *editor  *xa-a' "$T/list"
ok "with the commune scope" grep -q 'communes:xã B' "$T/list"
printf 'mk-moi-123456\n' | "$LOA" user passwd bt-a --data "$DATA" --password-stdin
expect_eq "user passwd" "$?" 0
printf 'mk-moi-123456\n' | "$LOA" user passwd khong-ai --data "$DATA" --password-stdin 2>/dev/null
expect_eq "passwd of an unknown account (2)" "$?" 2
printf 'mk-bientap-a\n' | "$LOA" user passwd bt-a --data "$DATA" --password-stdin

serve_start
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
login() { # name password jar
    curl -s -o /dev/null -c "$3" --data-urlencode "name=$1" --data-urlencode "password=$2" "$BASE/login"
}
csrf_of() { # jar
    curl -s -b "$1" "$BASE/bulletins/new" "$BASE/stations" 2>/dev/null |
        sed -n 's/.*<meta name="csrf" content="\([0-9a-f]*\)".*/\1/p' | head -1
}

# ---- no session ----
for p in / /bulletins /bulletins/new /bulletins/1 /queue /week /stations /stations/xa-a /admin/users /admin/audit; do
    expect_eq "GET $p without a session → /login" "$(code "$BASE$p")" 303
done
for p in /api/check /api/preview /bulletins/new /bulletins/1/approve /week/build /logout /admin/users; do
    expect_eq "POST $p without a session" "$(code -X POST -d x=1 "$BASE$p")" 401
done
expect_eq "preview file without a session" "$(code "$BASE/preview/$(printf '%064d' 0).mp3")" 401
expect_eq "a forged session cookie" "$(code -b "loa_sid=$(printf '%064d' 1)" "$BASE/bulletins")" 303
expect_eq "a malformed session cookie" "$(code -b 'loa_sid=../../x' "$BASE/bulletins")" 303
expect_eq "login page" "$(code "$BASE/login")" 200
expect_eq "wrong password" "$(code --data 'name=admin&password=sai' "$BASE/login")" 401
expect_eq "login without fields" "$(code -X POST "$BASE/login")" 400
expect_eq "login with a malformed body" "$(code --data-binary '%%%&&&==%zz' "$BASE/login")" 400
expect_eq "login with a 2 KB name" "$(code --data "name=$(head -c 2000 /dev/zero | tr '\0' a)&password=x" "$BASE/login")" 400

# ---- wrong method ----
expect_eq "PUT /" "$(code -X PUT "$BASE/")" 405
expect_eq "DELETE /bulletins/1" "$(code -X DELETE "$BASE/bulletins/1")" 405
expect_eq "PATCH /api/check" "$(code -X PATCH "$BASE/api/check")" 405
expect_eq "POST /static/app.js" "$(code -X POST "$BASE/static/app.js")" 405
expect_eq "HEAD /static/app.css" "$(code -I "$BASE/static/app.css")" 200

login bt-a mk-bientap-a "$T/ed"
login admin mk-quantri-1 "$T/ad"
login op-a mk-vanhanh-a "$T/op"
ED=$(csrf_of "$T/ed")
AD=$(csrf_of "$T/ad")
OP=$(csrf_of "$T/op")
expect_eq "each session has a 64-digit CSRF token" "${#ED}:${#AD}:${#OP}" 64:64:64
ok "tokens differ between sessions" test "$ED" != "$AD"
for p in /api/check /api/preview /logout /week/build; do
    expect_eq "GET $p (POST only)" "$(code -b "$T/ad" "$BASE$p")" 405
done
expect_eq "POST /bulletins (the list)" "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" -X POST "$BASE/bulletins")" 405
expect_eq "POST /stations" "$(code -b "$T/op" -H "X-CSRF-Token: $OP" -X POST "$BASE/stations")" 405

# ---- CSRF ----
form="title=T&from=2026-11-23&to=2026-11-29&dai=xa-a&body=X."
expect_eq "POST without a CSRF token" "$(code -b "$T/ed" --data "$form" "$BASE/bulletins/new")" 403
expect_eq "POST with another session's token" \
    "$(code -b "$T/ed" --data "$form&csrf=$AD" "$BASE/bulletins/new")" 403
expect_eq "API with a token in the body but not the header is fine only for forms" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: x" --data "$form&csrf=$ED" "$BASE/api/check")" 403
expect_eq "POST from another origin" \
    "$(code -b "$T/ed" -H 'Origin: http://evil.example' -H "X-CSRF-Token: $ED" --data "$form" "$BASE/api/check")" 403
expect_eq "POST with the right token" "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" --data "$form" "$BASE/api/check")" 200

# ---- oversized ----
head -c 300000 /dev/zero | tr '\0' a >"$T/big"
expect_eq "a 300 KB form is refused (413)" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" --data-binary @"$T/big" "$BASE/api/check")" 413
head -c $((65 * 1024 * 1024 + 1)) /dev/zero >"$T/huge"
c=$(code -b "$T/ed" -H "X-CSRF-Token: $ED" -F "csrf=$ED" -F "audio=@$T/huge;filename=x.mp3" "$BASE/bulletins/upload")
expect_eq "a 65 MiB upload is refused (413)" "$c" 413
rm -f "$T/huge"
expect_eq "a 40 KB header is refused" \
    "$(code -b "$T/ed" -H "X-Pad: $(head -c 40000 /dev/zero | tr '\0' a)" "$BASE/bulletins")" 431
expect_eq "a 6 MB body, chunked, is cut off (413)" \
    "$(head -c 6000000 /dev/zero | code -b "$T/ed" -H "X-CSRF-Token: $ED" -H 'Transfer-Encoding: chunked' --data-binary @- "$BASE/api/check")" 413

# ---- malformed ----
expect_eq "multipart without a boundary" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" -H 'Content-Type: multipart/form-data' --data-binary 'x' "$BASE/bulletins/upload")" 400
printf -- '--b\r\nContent-Disposition: form-data; name="audio"; filename="a.mp3"\r\n\r\nabc' >"$T/mp"
expect_eq "an unterminated multipart body" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" -H 'Content-Type: multipart/form-data; boundary=b' --data-binary @"$T/mp" "$BASE/bulletins/upload")" 400
printf 'RIFF....WAVEfmt garbage' >"$T/fake.wav"
expect_eq "an upload that is not audio (422)" \
    "$(code -b "$T/ed" -F "csrf=$ED" -F title=T -F from=2026-11-23 -F to=2026-11-29 -F dai=xa-a -F "audio=@$T/fake.wav" "$BASE/bulletins/upload")" 422
echo "text" >"$T/a.exe"
expect_eq "an upload of the wrong kind (415)" \
    "$(code -b "$T/ed" -F "csrf=$ED" -F title=T -F "audio=@$T/a.exe" "$BASE/bulletins/upload")" 415
ok "refused uploads leave nothing behind" sh -c "[ -z \"\$(ls -A '$DATA/uploads' '$DATA/tmp' | grep -v ':\$' | grep .)\" ]"
expect_eq "a bulletin id that is not a number" "$(code -b "$T/ed" "$BASE/bulletins/abc")" 404
expect_eq "bulletin 0" "$(code -b "$T/ed" "$BASE/bulletins/0")" 404
expect_eq "a bulletin that does not exist" "$(code -b "$T/ed" "$BASE/bulletins/999999")" 404
expect_eq "an id past 64 bits" "$(code -b "$T/ed" "$BASE/bulletins/99999999999999999999999")" 404
expect_eq "a week that does not exist" "$(code -b "$T/ad" "$BASE/week?week=2026-W99")" 400
expect_eq "a malformed week" "$(code -b "$T/ad" "$BASE/week?week=2026-W4%ff")" 400
expect_eq "a week with a NUL" "$(code -b "$T/ad" "$BASE/week?week=2026%00-W48")" 400
expect_eq "a build of a malformed week" \
    "$(code -b "$T/ad" -H "X-CSRF-Token: $AD" --data 'week=../../etc' "$BASE/week/build")" 400
expect_eq "a build status that is not a number" "$(code -b "$T/ad" "$BASE/week/build/1x")" 404
expect_eq "compare with no versions" "$(code -b "$T/ed" "$BASE/bulletins/1/compare")" 404
expect_eq "a check with no fields at all" "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" -X POST "$BASE/api/check")" 200
# A header field cannot smuggle a header line into the script.
curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data-urlencode "title=A
Âm thanh: /etc/passwd" --data "from=2026-11-23&to=2026-11-29&dai=xa-a&body=X." "$BASE/api/check" >"$T/inj.json"
ok "a newline in the title stays in the title" sh -c "! grep -q 'header-key\|header-audio' '$T/inj.json'"
ok "bad input never reaches a 500" sh -c "! grep -q ' 5[0-9][0-9] ' '$T/serve.err'"

# ---- traversal ----
for p in '/static/../../../etc/passwd' '/static/..%2f..%2fdistrict.cfg' '/static/.hidden' \
         '/preview/../loa.db' "/preview/$(printf '%064d' 0).mp3/../../loa.db" \
         '/stations/xa-a/2026-W48/../../district.cfg' '/stations/xa-a/2026-W48/..%2f..%2fdistrict.cfg' \
         '/stations/xa-a/2026-W48/items/../../../district.cfg' '/stations/xa-a/2026-W48/.cache' \
         '/stations/xa-a/..%2f..%2f/week.m3u8' '/stations/xa-a/2026-W48/usb/..%2f..%2fx' \
         '/bulletins/1/audio/../../loa.db' '/feed/xa-a/00000000000000000000000000000000/current/../../../district.cfg' \
         '/feed/../district.cfg' '/admin/../loa.db'; do
    c=$(code --path-as-is -b "$T/ad" "$BASE$p")
    case $c in 40[034]) ok "traversal $p → $c" true ;; *) ok "traversal $p → $c" false ;; esac
done
ok "no request read the district file" sh -c "! grep -q 'district.cfg.* 200 ' '$T/serve.err'"

# ---- role and station ----
expect_eq "an editor on the accounts page" "$(code -b "$T/ed" "$BASE/admin/users")" 403
expect_eq "an editor on the audit log" "$(code -b "$T/ed" "$BASE/admin/audit")" 403
expect_eq "an editor adding an account" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" --data 'name=x&role=admin&password=12345678' "$BASE/admin/users")" 403
expect_eq "an editor on the week" "$(code -b "$T/ed" "$BASE/week")" 403
expect_eq "an editor starting a build" "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" --data 'week=2026-W48' "$BASE/week/build")" 403
expect_eq "an editor writing for another station" \
    "$(code -b "$T/ed" -H "X-CSRF-Token: $ED" --data 'title=T&from=2026-11-23&to=2026-11-29&dai=xa-b&body=X.' "$BASE/api/check")" 403
expect_eq "an editor writing for every station" \
    "$(code -b "$T/ed" --data "csrf=$ED&title=T&from=2026-11-23&to=2026-11-29&dai=tat-ca&body=X." "$BASE/bulletins/new")" 403
expect_eq "an editor's stats" "$(code -b "$T/ed" "$BASE/api/stats")" 403
expect_eq "an operator on the bulletins" "$(code -b "$T/op" "$BASE/bulletins")" 403
expect_eq "an operator previewing" "$(code -b "$T/op" -H "X-CSRF-Token: $OP" --data "$form" "$BASE/api/preview")" 403
expect_eq "an operator on another station" "$(code -b "$T/op" "$BASE/stations/xa-b")" 403
expect_eq "an operator on another station's files" "$(code -b "$T/op" "$BASE/stations/xa-b/2026-W48/usb.zip")" 403
expect_eq "an operator approving" "$(code -b "$T/op" -H "X-CSRF-Token: $OP" --data 'x=1' "$BASE/bulletins/1/approve")" 403
expect_eq "an unknown station" "$(code -b "$T/ad" "$BASE/stations/khong-co")" 404
# An editor's draft is theirs and their station's; approving needs an approver.
c=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/ed" --data "csrf=$ED&title=T&from=2026-11-23&to=2026-11-29&dai=xa-a&body=X.&do=submit" "$BASE/bulletins/new")
id=${c##*/}
expect_eq "an editor's draft is saved" "$(code -b "$T/ed" "$BASE/bulletins/$id")" 200
expect_eq "an editor cannot approve" "$(code -b "$T/ed" --data "csrf=$ED" "$BASE/bulletins/$id/approve")" 403
login bt-b mk-bientap-b "$T/eb"
EB=$(csrf_of "$T/eb")
expect_eq "the editor of xã B cannot open it" "$(code -b "$T/eb" "$BASE/bulletins/$id")" 403
expect_eq "nor save over it" "$(code -b "$T/eb" --data "csrf=$EB&title=X&dai=xa-b" "$BASE/bulletins/$id")" 403
expect_eq "nor read its versions" "$(code -b "$T/eb" "$BASE/bulletins/$id/v/1")" 403
expect_eq "approving an old version is refused (409)" "$(code -b "$T/ad" --data "csrf=$AD&version=7" "$BASE/bulletins/$id/approve")" 409
expect_eq "rejecting without a reason (400)" "$(code -b "$T/ad" --data "csrf=$AD&comment=" "$BASE/bulletins/$id/reject")" 400
expect_eq "rejecting with a reason" "$(code -b "$T/ad" --data "csrf=$AD&comment=Sai+ngày" "$BASE/bulletins/$id/reject")" 303
ok "nothing was published" sh -c "[ -z \"\$(ls '$W/scripts')\" ]"
# An urgent bulletin approved as "Phát ngay" goes to loa urgent's library
# function: published into the scripts folder, the current week republished
# with it, and the station's air folder gets the notice for its playout.
# (Not under valgrind: it renders the week.)
if [ -z "${VALGRIND:-}" ]; then
    today=$(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)
    tomorrow=$(TZ=Asia/Ho_Chi_Minh date -d tomorrow +%d/%m/%Y)
    c=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/ad" --data-urlencode "priority=khẩn cấp" \
        --data-urlencode "from=$today" --data-urlencode "to=$tomorrow" \
        --data "csrf=$AD&title=Bao&dai=xa-a&body=Bão+số+5+sắp+đổ+bộ,+bà+con+chằng+chống+nhà+cửa.&do=submit" "$BASE/bulletins/new")
    uid=${c##*/}
    curl -s -b "$T/ad" "$BASE/bulletins/$uid" >"$T/urgent.html"
    ok "an urgent bulletin offers Phát ngay" grep -q "/bulletins/$uid/urgent" "$T/urgent.html"
    expect_eq "approve as Phát ngay" "$(code -b "$T/ad" --data "csrf=$AD&version=1" "$BASE/bulletins/$uid/urgent")" 303
    ok "its script is in the scripts folder" sh -c "grep -q 'Ưu tiên: khẩn cấp' '$W'/scripts/web-$uid-*.txt"
    curl -s -b "$T/ad" "$BASE/bulletins/$uid" >"$T/urgent2.html"
    ok "the page says it was sent to the station" grep -q "Phát ngay: đã gửi tới 1 đài (xa-a)" "$T/urgent2.html"
    ok "the station's playout has the notice" grep -q "web-$uid-" "$W/out/air/xa-a/urgent.tsv"
    ok "and its audio" sh -c "ls '$W'/out/air/xa-a/urgent/*.mp3 >/dev/null"
    ok "xã B did not get it" sh -c "! grep -q 'web-$uid-' '$W/out/air/xa-b/urgent.tsv' 2>/dev/null"
    rm -f "$W"/scripts/web-$uid-*.txt
fi
# ---- the editor's loop (issue 15) in the form ----
# Validity to the minute: a notice from 8h keeps its times (xã A airs at
# 06:00 and 22:00: 26/11 08:00 – 27/11 16:30 holds two slots).
vform="csrf=$ED&title=Cắt+điện&from=2026-11-26&from_time=08:00&to=2026-11-27&to_time=16:30&dai=xa-a"
vbody="body=Điện+lực+cắt+điện+để+sửa+chữa+đường+dây,+bà+con+chủ+động+sắp+xếp+công+việc."
curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data "$vform&$vbody" "$BASE/api/check" >"$T/times.json"
ok "a notice 26/11 08:00 – 27/11 16:30 checks clean (no finding)" grep -q '^{"findings":\[\]' "$T/times.json"
c=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/ed" --data "$vform&$vbody&do=save" "$BASE/bulletins/new")
tid=${c##*/}
curl -s -b "$T/ed" "$BASE/bulletins/$tid/v/1" >"$T/times.txt"
ok "saved as 'Từ ngày: 26/11/2026 08:00'" grep -qx 'Từ ngày: 26/11/2026 08:00' "$T/times.txt"
ok "and 'Đến ngày: 27/11/2026 16:30'" grep -qx 'Đến ngày: 27/11/2026 16:30' "$T/times.txt"
curl -s -b "$T/ed" "$BASE/bulletins/$tid" >"$T/times.html"
ok "the edit form shows 08:00 again" grep -q 'name="from_time" type="time" value="08:00"' "$T/times.html"
ok "and 16:30" grep -q 'name="to_time" type="time" value="16:30"' "$T/times.html"
ok "and the dates" grep -q 'name="to" type="date" value="2026-11-27"' "$T/times.html"
# The check uses the times: 08:00–16:30 of one day misses both slots.
curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data "$(echo "$vform" | sed 's/to=2026-11-27/to=2026-11-26/')&$vbody" "$BASE/api/check" >"$T/noslot.json"
ok "08:00–16:30 on one day: no slot of xã A in it, said at 'Số lần phát'" \
    grep -q '"id":"header-repeat",[^}]*"field":"repeat","msg":"[^}]*chỉ có 0 khung phát' "$T/noslot.json"
# A time the parser cannot take is the check's, in Vietnamese.
curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data "csrf=$ED&title=T&from=2026-11-26&from_time=25:00&to=2026-11-26&dai=xa-a&body=X." "$BASE/api/check" >"$T/badtime.json"
ok "an hour 25:00 is an error of 'Từ ngày'" grep -q '"sev":"error","id":"header-[a-z]*",[^}]*"field":"from"' "$T/badtime.json"
ok "said in Vietnamese" grep -q 'không phải giờ trong ngày — viết dd/mm/yyyy HH:MM' "$T/badtime.json"
ok "no English in the check's messages" sh -c "! grep -qiw 'write\|unknown\|must\|not a real' '$T/badtime.json'"
# Voice: region and reader in words nobody misreads.
for rv in "miền Nam|nữ|Giọng: miền Nam, nữ" "miền Bắc|nam giới|Giọng: miền Bắc, nam giới" \
          "|nữ|Giọng: nữ" "miền Trung||Giọng: miền Trung"; do
    r=${rv%%|*}; rest=${rv#*|}; v=${rest%%|*}; want=${rest#*|}
    c=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/ed" --data-urlencode "region=$r" --data-urlencode "voice=$v" \
        --data "$vform&$vbody&do=save" "$BASE/bulletins/new")
    gid=${c##*/}
    curl -s -b "$T/ed" "$BASE/bulletins/$gid/v/1" >"$T/voice.txt"
    ok "region '$r', reader '$v' → '$want'" grep -qx "$want" "$T/voice.txt"
    curl -s -b "$T/ed" "$BASE/bulletins/$gid" >"$T/voice.html"
    ok "  and the form shows them again" sh -c "grep -q '<option value=\"$r\" selected>' '$T/voice.html' && grep -q '<option value=\"$v\" selected>' '$T/voice.html'"
done
c=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$T/ed" --data "$vform&$vbody&do=save" "$BASE/bulletins/new")
curl -s -b "$T/ed" "$BASE/bulletins/${c##*/}/v/1" >"$T/voice.txt"
ok "the station's voice: no 'Giọng' line" sh -c "! grep -q '^Giọng' '$T/voice.txt'"
curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data "$vform&$vbody&region=nam&voice=nam" "$BASE/api/check" >"$T/barenam.json"
ok "a bare 'nam' posted is never written" sh -c "! grep -q 'header-voice' '$T/barenam.json'"
# A bulletin saved before with a bare "Giọng: nam" still loads, says what
# the parser makes of it, and the form offers the south in plain words.
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$DATA/loa.db" "UPDATE versions SET text = replace(text, 'Giọng: miền Trung', 'Giọng: nam') WHERE bulletin_id = $gid"
    expect_eq "an old 'Giọng: nam' bulletin loads" "$(code -b "$T/ed" "$BASE/bulletins/$gid")" 200
    curl -s -b "$T/ed" "$BASE/bulletins/$gid" >"$T/old.html"
    ok "with the parser's warning about 'nam'" grep -q 'id="old-voice">dòng 6: &#39;Giọng: nam&#39; được hiểu là giọng miền Nam' "$T/old.html"
    ok "and 'Miền Nam' chosen in the form" grep -q '<option value="miền Nam" selected>' "$T/old.html"
fi
# Nghe thử speaks with the chosen voice: the female reader is higher (median F0).
if [ -z "${VALGRIND:-}" ] && command -v ffmpeg >/dev/null 2>&1; then
    pbody="body=Kính+thưa+bà+con,+Bộ+Thông+tin+và+Truyền+thông+đề+nghị+bà+con+cài+đặt+ứng+dụng."
    for v in "nam giới" "nữ"; do
        url=$(curl -s -b "$T/ed" -H "X-CSRF-Token: $ED" --data-urlencode "voice=$v" --data "$vform&$pbody" "$BASE/api/preview" |
            sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
        curl -s -b "$T/ed" -o "$T/pv-${v% *}.mp3" "$BASE$url"
    done
    python3 tests/f0.py "$T/pv-nam.mp3" "$T/pv-nữ.mp3" >"$T/pvf0"
    cat "$T/pvf0" >&2
    m=$(sed -n '1s/.* \([0-9.]*\) [0-9]*$/\1/p' "$T/pvf0"); f=$(sed -n '2s/.* \([0-9.]*\) [0-9]*$/\1/p' "$T/pvf0")
    ok "Nghe thử with 'Giọng nữ' is higher: median F0 $f Hz against $m Hz" \
        awk -v f="${f:-0}" -v m="${m:-0}" 'BEGIN { exit !(m > 60 && f > 1.2 * m) }'
fi
# A build from the desk while another (the weekly cron job, loa build) holds
# <output>/.lock waits for it, and the week page says so; then it builds.
if [ -z "${VALGRIND:-}" ]; then
    mkdir -p "$W/out"
    mkfifo "$T/go"
    ( exec 8>"$W/out/.lock"; flock -x 8; read -r _ <"$T/go" ) &
    holder=$!
    n=0
    while flock -n "$W/out/.lock" true && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    ok "another build holds the output's lock" sh -c "! flock -n '$W/out/.lock' true"
    curl -s -b "$T/ad" -H "X-CSRF-Token: $AD" -H 'Accept: application/json' --data 'week=2026-W48' \
        -o "$T/build.json" -w '%{http_code}' "$BASE/week/build" >"$T/build.code"
    expect_eq "the build is accepted (202)" "$(cat "$T/build.code")" 202
    bid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$T/build.json")
    n=0
    until grep -q '"stage":"wait"' "$T/bs.json" 2>/dev/null || [ $n -ge 100 ]; do
        curl -s -b "$T/ad" "$BASE/week/build/$bid" >"$T/bs.json"; sleep 0.1; n=$((n + 1))
    done
    ok "its status: running, waiting" grep -q '"status":"running","week":"2026-W48".*"stage":"wait"' "$T/bs.json"
    ok "with the note from the catalogue" grep -q '"note":"một lần dựng khác của thư mục xuất bản này đang chạy — đang chờ nó xong"' "$T/bs.json"
    curl -s -b "$T/ad" "$BASE/week?week=2026-W48" >"$T/wait.html"
    ok "the week page says it is waiting" grep -q '<span id="build-stage">một lần dựng khác [^<]*đang chờ nó xong</span>' "$T/wait.html"
    sleep 1
    curl -s -b "$T/ad" "$BASE/week/build/$bid" >"$T/bs.json"
    ok "still waiting a second later, not failed" grep -q '"status":"running"' "$T/bs.json"
    echo go >"$T/go"
    wait "$holder"
    n=0
    until grep -q '"status":"\(done\|failed\)"' "$T/bs.json" || [ $n -ge 600 ]; do
        sleep 0.2; curl -s -b "$T/ad" "$BASE/week/build/$bid" >"$T/bs.json"; n=$((n + 1))
    done
    ok "once the lock is let go the build runs and is done" grep -q '"status":"done"' "$T/bs.json"
    ok "its log says it waited, then Xong" sh -c "grep -q 'đang chờ nó xong' '$T/bs.json' && grep -q 'Xong' '$T/bs.json'"
    ok "the week is published" test -d "$W/out/2026-W48"
fi
expect_eq "logout" "$(code -b "$T/ed" --data "csrf=$ED" "$BASE/logout")" 303
expect_eq "the session is gone after logout" "$(code -b "$T/ed" "$BASE/bulletins")" 303

expect_eq "still answering after all that" "$(code "$BASE/healthz")" 200
serve_stop
expect_eq "loa serve stops on SIGTERM with 0" "$SERVE_RC" 0
ok "the audit log recorded the refusals" sh -c "sqlite3 -version >/dev/null 2>&1 || exit 0; sqlite3 '$DATA/loa.db' \"select count(*) from audit where action in ('csrf.reject','forbidden')\" | awk '\$1 >= 5 {ok=1} END {exit !ok}'"

# ---- the server refuses what it cannot use ----
"$LOA" serve -c "$T/nowhere.cfg" --data "$DATA" --listen 127.0.0.1:0 >/dev/null 2>&1
expect_eq "a missing district file (2)" "$?" 2
"$LOA" serve -c "$W/district.cfg" --data "$DATA" --listen nonsense >/dev/null 2>&1
expect_eq "a bad --listen (2)" "$?" 2
"$LOA" serve >/dev/null 2>&1
expect_eq "no -c (2)" "$?" 2

# ---- make install: the unit runs as its own user ----
make -s install DESTDIR="$T/root" PREFIX=/opt/loa B="${BUILD:-build}" >/dev/null
u=$T/root/opt/loa/lib/systemd/system/loa-serve.service
ok "the systemd unit is installed" test -f "$u"
ok "it runs as the user loa" grep -q '^User=loa$' "$u"
ok "the installed program serves" grep -q '^ExecStart=/opt/loa/bin/loa serve ' "$u"
ok "with the user loa declared (sysusers.d)" grep -q '^u loa ' "$T/root/opt/loa/lib/sysusers.d/loa.conf"
if command -v systemd-analyze >/dev/null 2>&1; then
    sed "s|/opt/loa/bin/loa|$T/root/opt/loa/bin/loa|" "$u" >"$T/loa-serve.service"
    ok "systemd-analyze verify accepts it" sh -c "systemd-analyze verify '$T/loa-serve.service' 2>&1 | grep -v 'loa.*not found\|User=\|Failed to' | grep -qi 'error' && exit 1 || exit 0"
fi
make -s uninstall DESTDIR="$T/root" PREFIX=/opt/loa >/dev/null
ok "uninstall removes the unit" test ! -e "$u"
finish
