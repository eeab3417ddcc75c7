#!/bin/sh
# Ids and paths from scripts and config cannot leave their directories;
# symlinks planted in the output tree are not followed; no shell or other
# program is ever started; output file names are safe ASCII while titles
# stay Vietnamese inside the files.
. tests/lib.sh
. tests/tiny.sh
need sox ffprobe

D=$T/d
tiny_setup "$D"
mkdir "$T/victim"
echo "không được ghi đè" >"$T/victim/keep.txt"
snap "$T/victim" >"$T/victim.snap"
victim_intact() {
    snap "$T/victim" >"$T/victim.now"
    ok "$1: nothing written outside the output tree" cmp -s "$T/victim.snap" "$T/victim.now"
}

# ---- station ids name directories: only [a-z0-9_-] ----
for id in "../victim" "../../victim" "/tmp/x" "a/b" ".." "." "duc-minh/.." "Đức-minh" "duc minh"; do
    sed "s|id = \"duc-minh\";|id = \"$id\";|" "$D/district.cfg" >"$D/bad.cfg"
    "$LOA" build -q -c "$D/bad.cfg" --week 2026-W48 2>"$T/err"; rc=$?
    expect_error "station id '$id' refused" "$rc" "bad.cfg:[0-9]+:1: error: station id \".*\" has other characters \(it names files\)"
    expect_eq "station id '$id': exit status 2" "$rc" 2
done
ok "no output from refused ids" [ ! -e "$D/out" ]
victim_intact "station ids"

# Group ids are checked against the groups defined.
sed 's|    slots = (|    groups = [ "../victim" ];\n    slots = (|' "$D/district.cfg" >"$D/bad.cfg"
"$LOA" build -q -c "$D/bad.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "group id '../victim' refused" "$rc" "unknown group '../victim'"

# ---- script paths: a recording stays in the script's folder ----
rec() { # Âm thanh value
    printf 'Tiêu đề: Thư của Chủ tịch\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: tất cả\nÂm thanh: %s\n' "$1" \
        >"$D/scripts/02-thu.txt"
}
cp "$D/jingles/intro.wav" "$T/outside.wav"
for a in "../jingles/intro.wav" "$T/outside.wav" "sub/../../jingles/intro.wav" ".." "a/.." "/etc/passwd"; do
    rec "$a"
    "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
    expect_error "recording '$a' refused" "$rc" "scripts/02-thu.txt:5:11: error: the recording '.*' lies outside the script's folder"
    expect_eq "recording '$a': exit status 2" "$rc" 2
done
# Dots inside a name are not '..' segments; a missing file is a plain error.
rec "..thu..mp3"
"$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "recording '..thu..mp3' is looked for in the scripts folder" "$rc" "scripts/\.\.thu\.\.mp3: No such file"
rm "$D/scripts/02-thu.txt"
# Station targets are matched against ids, never used as paths.
printf 'Tiêu đề: T\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nĐài: ../duc-minh\n---\nXin chào.\n' >"$D/scripts/02-t.txt"
"$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "target '../duc-minh' refused" "$rc" "02-t.txt:4:[0-9]+: error: '../duc-minh' is not a station or group id"
rm "$D/scripts/02-t.txt"

# ---- file names are safe ASCII, titles stay Vietnamese inside ----
# A script file name and a slot name with Vietnamese, spaces, slashes and dots.
mv "$D/scripts/01-vneid.txt" "$D/scripts/Cài đặt VNeID (mới)!.txt"
sed 's|name = "sáng"|name = "../../Chiều tối/x"|' "$D/district.cfg" >"$D/names.cfg"
ok "build with Vietnamese script and slot names" "$LOA" build -q -c "$D/names.cfg" --week 2026-W48
W=$D/out/2026-W48
bad=$(cd "$W" && find . -mindepth 1 | grep -Ev '^\./[A-Za-z0-9._/-]+$' || true)
expect_eq "every output name is [A-Za-z0-9._/-]" "$bad" ""
bad=$(cd "$W" && find . -mindepth 1 | grep -E '/\.\.(/|$)' || true)
expect_eq "no '..' in output names" "$bad" ""
expect_eq "item named from the script, folded" \
    "$(cd "$W/duc-minh/items" && ls)" "cai-dat-vneid-moi-north.mp3"
ok "slot program named from the slot, folded" [ -f "$W/duc-minh/2026-11-23_0600_chieu-toi-x.mp3" ]
victim_intact "slot names"
ok "station and slot names in the playlist" grep -q "^#EXTINF:[0-9.]*,Thứ Hai 23/11/2026 06:00 (../../Chiều tối/x) — Đài truyền thanh xã Đức Minh$" "$W/duc-minh/week.m3u8"
ok "title in the schedule" grep -q "Kích hoạt tài khoản VNeID" "$W/duc-minh/schedule.csv"
ok "slot name in the schedule" grep -q "Chiều tối" "$W/duc-minh/schedule.html"
expect_eq "ID3 title of the item" \
    "$(ffprobe -v error -show_entries format_tags=title -of default=nw=1:nk=1 "$W/duc-minh/items/cai-dat-vneid-moi-north.mp3")" \
    "Kích hoạt tài khoản VNeID"
mv "$D/scripts/Cài đặt VNeID (mới)!.txt" "$D/scripts/01-vneid.txt"

# ---- names cannot break out of the Liquidsoap script's comments ----
sed 's|name = "Đài truyền thanh xã Đức Minh";|name = "Đài\\nprocess.run(\\"touch '"$T"'/pwned\\")\\n#";|' \
    "$D/district.cfg" >"$D/liq.cfg"
ok "build with a newline in the station name" "$LOA" build -q -c "$D/liq.cfg" --week 2026-W48
bad=$(grep -n '^process' "$W/duc-minh/station.liq" || true)
expect_eq "station name stays in a comment" "$bad" ""

# ---- symlinks planted in the output tree are not followed ----
ok "first build" tiny_build "$D"
rm -rf "$W/duc-minh"
ln -s "$T/victim" "$W/duc-minh"
tiny_edit "$D"
ok "build over a symlinked station directory" tiny_build "$D"
ok "station directory is a real directory again" sh -c "[ -d '$W/duc-minh' ] && [ ! -L '$W/duc-minh' ]"
ok "station files written" [ -f "$W/duc-minh/week.m3u8" ]
victim_intact "symlinked station directory"
# The week directory itself a symlink.
mv "$W" "$T/week-real"
ln -s "$T/victim" "$W"
tiny_edit "$D"
ok "build over a symlinked week directory" tiny_build "$D"
ok "week is our link to its version again, not the planted one" \
    sh -c "case \$(readlink '$W') in .weeks/2026-W48.*) [ -d '$W' ] ;; *) exit 1 ;; esac"
victim_intact "symlinked week directory"
# A symlink in place of a published file.
rm "$W/duc-minh/schedule.csv"
ln -s "$T/victim/keep.txt" "$W/duc-minh/schedule.csv"
ln -s "$T/victim" "$W/duc-minh/usb/victim"
tiny_edit "$D"
ok "build over symlinked files" tiny_build "$D"
ok "schedule.csv is a real file again" sh -c "[ -f '$W/duc-minh/schedule.csv' ] && [ ! -L '$W/duc-minh/schedule.csv' ]"
victim_intact "symlinked files"
expect_eq "no symlink in the publish" "$(find "$W/" -type l)" ""

# ---- no shell, no other program ----
# In the source: no call that starts a program, but loa air's one start of
# Liquidsoap (a fixed argument list, no shell).
bad=$(grep -nE '\b(system|popen|execl|execlp|execle|execv|execvp|execve|execvpe|posix_spawnp?|wordexp)[[:space:]]*\(' \
    src/*.c src/*.h src/cli/*.c src/cli/*.h |
    grep -v '^src/air_run.c:[0-9]*: *execlp(prog, prog, script, (char \*)NULL);$' || true)
expect_eq "no system/popen/exec/posix_spawn in src/" "$bad" ""
# At run time: a whole build (fresh cache: every renderer runs) starts no program.
if command -v strace >/dev/null 2>&1 && [ -z "${VALGRIND:-}" ]; then
    rm -rf "$D/out/.cache"
    tiny_edit "$D"
    strace -f -qq -e trace=execve,execveat -o "$T/exec.log" "$LOA" build -q -j 2 \
        -c "$D/district.cfg" --week 2026-W48
    expect_eq "the build exec'd only itself" "$(grep -c 'execve' "$T/exec.log")" 1
else
    echo "note: no strace (or under valgrind); run-time exec check skipped"
fi
ok "no file made by injected text" [ ! -e "$T/pwned" ]

finish
