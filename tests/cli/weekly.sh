#!/bin/sh
# scripts/weekly.sh as cron runs it: found from the source tree and when installed (with
# cron's short PATH), one time-stamped log line per run, silent unless a person is
# needed, and an exit status for each outcome (0, 2, 4, 5, 6, 127).
. tests/lib.sh
need sox flock
W=$T/d
cp -R tests/data/small "$W"
mkdir -p "$W/jingles"
for j in intro outro chime; do sox -n -r 44100 -c 1 "$W/jingles/$j.wav" synth 0.4 sine 500 gain -12; done
# The long bulletin of the small district cannot get its 7 airings: keep it aside
# for the "deferred" case.
mv "$W/scripts/c-dai.txt" "$T/c-dai.txt"

# A source tree: scripts/weekly.sh finds ../build/loa with no LOA and cron's PATH.
mkdir -p "$T/tree/scripts" "$T/tree/build"
cp scripts/weekly.sh "$T/tree/scripts/"
ln -s "$LOA" "$T/tree/build/loa"
env -u LOA PATH=/usr/bin:/bin sh "$T/tree/scripts/weekly.sh" "$W/district.cfg" 2026-W48 \
    >"$T/out1" 2>"$T/err1"; rc=$?
expect_eq "all well: exit 0" "$rc" 0
ok "all well: nothing on stdout (cron mails nothing)" test ! -s "$T/out1"
ok "all well: nothing on stderr" test ! -s "$T/err1"
ok "published" test -s "$W/out/2026-W48/xa-a/week.m3u8"
# One line: local time stamp, week, exit status and what was published.
ok "log line: time stamp, week, exit, summary" grep -Eq \
    '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\+0700 2026-W48: exit 0: .*2 đài, 16 khung phát, 3 bản tin' \
    "$W/loa-weekly.log"
expect_eq "one line per run" "$(wc -l <"$W/loa-weekly.log" | tr -d ' ')" 1

# Installed: <prefix>/share/loa/weekly.sh finds <prefix>/bin/loa.
mkdir -p "$T/prefix/share/loa" "$T/prefix/bin"
cp scripts/weekly.sh "$T/prefix/share/loa/"
ln -s "$LOA" "$T/prefix/bin/loa"
rm -rf "$W/out/2026-W48"
env -u LOA PATH=/usr/bin:/bin sh "$T/prefix/share/loa/weekly.sh" "$W/district.cfg" 2026-W48 \
    >"$T/out2" 2>"$T/err2"; rc=$?
expect_eq "installed: exit 0" "$rc" 0
ok "installed: published" test -s "$W/out/2026-W48/xa-b/week.m3u8"

# A bulletin short of its airings: published, exit 5, and a person is told.
cp "$T/c-dai.txt" "$W/scripts/"
env -u LOA PATH=/usr/bin:/bin sh "$T/tree/scripts/weekly.sh" "$W/district.cfg" 2026-W48 \
    >"$T/out3" 2>"$T/err3"; rc=$?
expect_eq "deferred: exit 5" "$rc" 5
ok "deferred: the warning reaches stderr" grep -q "cảnh báo: bản tin \"Bản tin dài" "$T/err3"
ok "deferred: logged with its warning" grep -q "2026-W48: exit 5: .*1 hoãn" "$W/loa-weekly.log"
ok "deferred: still published" test -s "$W/out/2026-W48/xa-b/week.m3u8"
ok "deferred: the report's first line says so" sh -c \
    "head -n 1 '$W/out/2026-W48/report.txt' | grep -q '^CẢNH BÁO: bản tin \"Bản tin dài'"

# Next week every bulletin has expired: published (standing bulletins), exit 4, said.
env -u LOA PATH=/usr/bin:/bin sh "$T/tree/scripts/weekly.sh" "$W/district.cfg" 2026-W49 \
    >"$T/out4" 2>"$T/err4"; rc=$?
expect_eq "nothing new: exit 4" "$rc" 4
ok "nothing new: stderr says no bulletin is valid" \
    grep -q "không có bản tin nào còn hiệu lực trong tuần 49/2026" "$T/err4"
ok "nothing new: logged" grep -q "2026-W49: exit 4: .* 0 bản tin" "$W/loa-weekly.log"
ok "nothing new: report.json status" grep -q '"status": "nothing-new"' \
    "$W/out/2026-W49/report.json"

# A bad configuration: exit 2, the file and line on stderr, nothing published.
cp "$W/district.cfg" "$T/good.cfg"
sed 's/length = "0:40"/length = 40/' "$T/good.cfg" >"$W/district.cfg"
env -u LOA PATH=/usr/bin:/bin sh "$T/tree/scripts/weekly.sh" "$W/district.cfg" 2026-W50 \
    >"$T/out5" 2>"$T/err5"; rc=$?
expect_eq "bad config: exit 2" "$rc" 2
ok "bad config: file:line on stderr" grep -q "district.cfg:[0-9]*:[0-9]*: " "$T/err5"
ok "bad config: nothing published" test ! -e "$W/out/2026-W50"
cp "$T/good.cfg" "$W/district.cfg"

# A second run while the lock is held does nothing, says so, and exits 5.
exec 9>"$W/.loa-weekly.lock"
flock -n 9
env -u LOA PATH=/usr/bin:/bin sh "$T/tree/scripts/weekly.sh" "$W/district.cfg" 2026-W51 \
    >"$T/out6" 2>"$T/err6"; rc=$?
expect_eq "overlapping run refused: exit 6" "$rc" 6
ok "refusal on stderr" grep -q "đang giữ khóa" "$T/err6"
ok "refusal logged" grep -q "2026-W51: exit 6: " "$W/loa-weekly.log"
ok "nothing built for W51" test ! -e "$W/out/2026-W51"
exec 9>&-

# No loa anywhere: 127, said.
if PATH=/usr/bin:/bin command -v loa >/dev/null 2>&1; then
    echo "note: a loa is installed in /usr/bin or /bin: the not-found case is not run"
else
    mkdir -p "$T/bare"
    cp scripts/weekly.sh "$T/bare/"
    env -u LOA PATH=/usr/bin:/bin sh "$T/bare/weekly.sh" "$W/district.cfg" 2026-W48 \
        >"$T/out7" 2>"$T/err7"; rc=$?
    expect_eq "no loa: exit 127" "$rc" 127
    ok "no loa: said" grep -q "không tìm thấy chương trình loa" "$T/err7"
fi
finish
