#!/bin/sh
# Faults a weekly build meets unattended: full disk, unwritable output,
# SIGKILL during render and publish, broken jingles, missing espeak-ng data,
# huge scripts, wrong configs. Each must give a clear error and a non-zero
# exit, leave the previous publish byte for byte as it was with no partial
# file beside it, and the next good build must succeed.
# Runs itself again inside a private mount namespace (unshare -m) for the
# parts that need a small tmpfs or a read-only mount (root only).
# LOA_FAULTS_QUICK=1 leaves out the SIGKILL-during-render case (the slowest)
# and the comparisons with a clean build.
. tests/lib.sh
. tests/tiny.sh
need sox

D=$T/d

# untouched WHAT: the publish is as it was in $T/snap0 and nothing lies beside it.
untouched() {
    snap "$D/out/2026-W48" >"$T/snap1"
    ok "$1: previous publish untouched" cmp -s "$T/snap0" "$T/snap1"
    expect_eq "$1: no partial or staging file" "$(debris "$D")" ""
}

# same_as_clean WHAT: the publish equals a build of the same inputs from
# scratch in a fresh directory (so nothing a killed build left was used).
same_as_clean() {
    [ -z "${LOA_FAULTS_QUICK:-}" ] || return 0
    rm -rf "$T/clean"
    mkdir "$T/clean"
    cp -R "$D/district.cfg" "$D/thuong-truc.txt" "$D/scripts" "$D/jingles" "$T/clean/"
    "$LOA" build -q -c "$T/clean/district.cfg" --week 2026-W48 2>"$T/err.clean"
    # report.json names the scripts by path: the clean copy's are elsewhere.
    sed -i "s|$T/clean/|$D/|g" "$T/clean/out/2026-W48/report.json"
    snap "$T/clean/out/2026-W48" >"$T/snap.clean"
    snap "$D/out/2026-W48" >"$T/snap.now"
    ok "$1: publish identical to a clean build" cmp -s "$T/snap.clean" "$T/snap.now"
}

# republish WHAT: a good build after the fault succeeds and leaves no debris.
republish() {
    ok "$1: next build succeeds" tiny_build "$D"
    expect_eq "$1: no debris after the next build" "$(debris "$D")" ""
    snap "$D/out/2026-W48" >"$T/snap0"
}

# ---- inside the namespace: tmpfs disk full and read-only output ----
if [ "${1:-}" = "--in-namespace" ]; then
    tiny_setup "$D"
    mkdir "$D/out"
    mount -t tmpfs -o size=1m loa-test "$D/out" || exit 77
    ok "first build on a 1 MB tmpfs" tiny_build "$D"
    snap "$D/out/2026-W48" >"$T/snap0"

    # Completely full: the first write fails.
    dd if=/dev/zero of="$D/out/filler" bs=4k 2>/dev/null
    tiny_edit "$D"
    tiny_build "$D"; rc=$?
    expect_error "disk full" "$rc" "No space left on device"
    expect_eq "disk full: exit status 1" "$rc" 1
    untouched "disk full"
    # Nearly full: room for the renders, not for the whole publish (its
    # item and slot MP3s, ~2x the speech), so it fails half-way.
    rm "$D/out/filler"
    free_kb=$(df -k --output=avail "$D/out" | tail -1)
    dd if=/dev/zero of="$D/out/filler" bs=1k count=$((free_kb - 110)) 2>/dev/null
    tiny_edit "$D"
    tiny_build "$D"; rc=$?
    expect_error "disk nearly full" "$rc" "No space left on device"
    untouched "disk nearly full"
    rm "$D/out/filler"
    republish "disk full"

    # Read-only output directory (root ignores permission bits; a read-only
    # mount stops root too).
    mount -o remount,ro "$D/out"
    tiny_edit "$D"
    tiny_build "$D"; rc=$?
    expect_error "read-only output" "$rc" "Read-only file system"
    untouched "read-only output"
    mount -o remount,rw "$D/out"
    umount "$D/out"
    finish
    exit
fi

tiny_setup "$D"
ok "first build" tiny_build "$D"
snap "$D/out/2026-W48" >"$T/snap0"

# ---- disk full ----
# Single files: /dev/full takes no bytes.
printf 'Xin chào bà con.\n' >"$T/in.txt"
# (loa speak writes only .mp3/.wav: the disk-full case is the tmpfs one above and speak.sh.)
"$LOA" normalize <"$T/in.txt" >/dev/full 2>"$T/err"; rc=$?
expect_error "normalize to /dev/full" "$rc" "."
# A whole build on a small file system: in a mount namespace, as root.
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
    unshare -m sh "$0" --in-namespace; rc=$?
    if [ "$rc" -eq 77 ]; then
        echo "note: cannot mount a tmpfs; disk-full build not tested"
    else
        expect_eq "disk full and read-only output (namespace part, see above)" "$rc" 0
    fi
else
    echo "note: not root; disk-full build not tested, read-only output by permissions"
    chmod a-w "$D/out" "$D/out/.cache" "$D/out/.cache"/*
    tiny_edit "$D"
    tiny_build "$D"; rc=$?
    expect_error "unwritable output" "$rc" "Permission denied"
    chmod u+w "$D/out" "$D/out/.cache" "$D/out/.cache"/*
    untouched "unwritable output"
fi

# ---- an output directory that cannot be created ----
sed 's|^output   = "out";|output   = "thuong-truc.txt/out";|' "$D/district.cfg" >"$D/bad-out.cfg"
"$LOA" build -q -c "$D/bad-out.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "output under a file" "$rc" "Not a directory"
untouched "output under a file"

# ---- SIGKILL during publish (strace injects the signal at a given syscall) ----
if command -v strace >/dev/null 2>&1; then
    # usb/ hard links are made half-way through writing the staged tree;
    # symlink is the commit's switch, after the staged tree became its
    # version under .weeks/.
    for at in link symlink; do
        tiny_edit "$D"
        before=$(readlink "$D/out/2026-W48")
        strace -f -o /dev/null -e trace=$at -e inject=$at:signal=KILL \
            "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
        ok "killed at $at: exit non-zero" [ "$rc" -ne 0 ]
        snap "$D/out/2026-W48" >"$T/snap1"
        ok "killed at $at: previous publish untouched" cmp -s "$T/snap0" "$T/snap1"
        if [ $at = link ]; then
            ok "killed at $at: it was killed while staging" \
                sh -c "ls -d '$D'/out/.staging-* >/dev/null 2>&1"
        else
            expect_eq "killed at $at: the week still links the old version" \
                "$(readlink "$D/out/2026-W48")" "$before"
            ok "killed at $at: the new version was complete, only not linked" \
                test "$(ls "$D/out/.weeks" | wc -l)" -ge 2
        fi
        republish "killed at $at"
        same_as_clean "killed at $at"
    done
    # The process saying a bulletin killed (as by the OOM killer, or an
    # espeak-ng crash) as it opens espeak-ng's data: the build fails naming
    # the bulletin, and publishes nothing.
    phontab=$(ls /usr/lib/*/espeak-ng-data/phontab /usr/share/espeak-ng-data/phontab 2>/dev/null | head -1)
    tiny_edit "$D"
    strace -f -o /dev/null -P "$phontab" -e trace=openat,open -e inject=openat,open:signal=KILL \
        "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
    expect_error "worker killed" "$rc" "error: .*espeak-ng died \(signal 9\) while saying .*/scripts/01-vneid.txt"
    expect_eq "worker killed: exit status 1" "$rc" 1
    untouched "worker killed"
    republish "worker killed"
else
    echo "note: no strace; SIGKILL during publish not tested"
fi

# ---- SIGKILL of the whole build while it renders ----
if [ -z "${LOA_FAULTS_QUICK:-}" ]; then
    # A bulletin of about three minutes, so the render takes a while.
    {
        sed -n '1,/^---$/p' "$D/scripts/01-vneid.txt" | sed 's/^Tiêu đề: .*/Tiêu đề: Hướng dẫn dài/'
        i=0
        while [ $i -lt 24 ]; do
            echo "Bà con có thể làm thủ tục hành chính trên Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử, ngay tại nhà, vào bất cứ giờ nào."
            i=$((i + 1))
        done
    } >"$D/scripts/02-dai.txt"
    rm -f "$D"/out/.cache/speech/.*.tmp* # left by the worker killed above
    setsid "$LOA" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err" &
    pid=$!
    n=0 seen=0
    while [ $n -lt 1200 ]; do # up to 60 s
        if ls "$D"/out/.cache/speech/.*.tmp* >/dev/null 2>&1; then seen=1; break; fi
        kill -0 $pid 2>/dev/null || break
        sleep 0.05
        n=$((n + 1))
    done
    kill -KILL -$pid 2>/dev/null
    wait $pid 2>/dev/null
    ok "SIGKILL caught the build while rendering" [ "$seen" -eq 1 ]
    untouched "SIGKILL during render"
    republish "SIGKILL during render"
    expect_eq "SIGKILL during render: the next build removed the partial render" \
        "$(find "$D/out/.cache" -name '.*.tmp*')" ""
    same_as_clean "SIGKILL during render"
    rm "$D/scripts/02-dai.txt"
    ok "build without the long bulletin" tiny_build "$D"
    snap "$D/out/2026-W48" >"$T/snap0"
fi

# ---- corrupt and truncated jingles ----
# The station airs without it (exit 3, the file and the reason named): its
# bulletins matter more than its signature tune. The program is then the
# intro's 1.2 s shorter; nothing of the broken file is published.
cp "$D/jingles/intro.wav" "$T/intro.wav"
prog=$D/out/2026-W48/duc-minh/2026-11-23_0600_sang.mp3
with_intro=$(duration "$prog")
without_intro() { # what, pattern
    expect_error "$1" "$rc" "jingles/intro.wav: cảnh báo: intro cannot be made safe to air \($2.*station duc-minh airs without its intro"
    expect_eq "$1: exit 3" "$rc" 3
    within "$1: published without the intro" \
        "$(awk -v a="$with_intro" -v b="$(duration "$prog")" 'BEGIN { print a - b }')" 1.1 1.3
    expect_eq "$1: no debris" "$(debris "$D")" ""
}
head -c 20000 /dev/urandom >"$D/jingles/intro.wav"
tiny_build "$D"; rc=$?
without_intro "corrupt jingle" ".*jingles/intro.wav: not audio libsndfile can decode"
head -c 30 "$T/intro.wav" >"$D/jingles/intro.wav"
tiny_build "$D"; rc=$?
without_intro "truncated jingle" ".*jingles/intro.wav: not audio libsndfile can decode"
: >"$D/jingles/intro.wav"
tiny_build "$D"; rc=$?
without_intro "empty jingle" ".*jingles/intro.wav"
cp "$T/intro.wav" "$D/jingles/intro.wav"
republish "jingle restored"

# ---- espeak-ng voice data missing ----
mkdir "$T/no-voices"
tiny_edit "$D"
ESPEAK_DATA_PATH=$T/no-voices tiny_build "$D"; rc=$?
expect_error "no espeak-ng data" "$rc" "espeak-ng: cannot load its data"
expect_eq "no espeak-ng data: exit status 1" "$rc" 1
untouched "no espeak-ng data"

# ---- huge scripts: refused before anything is rendered ----
# (Under valgrind, reading 10 MB takes minutes: these two run unwrapped.)
head1() { sed -n '1,/^---$/p' "$D/scripts/01-vneid.txt" | sed 's/^Tiêu đề: .*/Tiêu đề: Rất dài/'; }
{ head1; awk 'BEGIN { s = "Bà con hãy kích hoạt tài khoản định danh điện tử VNeID. ";
    while (n < 10485760) { printf "%s", s; n += length(s) } print "" }'; } >"$D/scripts/02-lon.txt"
ok "10 MB script is over 10 MB" [ "$(wc -c <"$D/scripts/02-lon.txt")" -gt 10485760 ]
start=$(date +%s)
cache_kb=$(du -sk "$D/out/.cache" | cut -f1)
timeout 120 "$LOA_REAL" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "10 MB script" "$rc" "scripts/02-lon.txt:8:1: error: this bulletin would run about [0-9]+ minutes, far longer than the longest slot \(5:00\) — shorten it"
expect_eq "10 MB script: exit status 2" "$rc" 2
ok "10 MB script: refused within 60 s" [ $(($(date +%s) - start)) -lt 60 ]
untouched "10 MB script"
expect_eq "10 MB script: nothing rendered into the cache" "$(du -sk "$D/out/.cache" | cut -f1)" "$cache_kb"
{ head1; awk 'BEGIN { for (i = 0; i < 100000; i++) print "Xin bà con chú ý." }'; } >"$D/scripts/02-lon.txt"
start=$(date +%s)
timeout 120 "$LOA_REAL" build -q -c "$D/district.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "100k-line script" "$rc" "scripts/02-lon.txt:8:1: error: this bulletin would run about [0-9]+ minutes"
expect_eq "100k-line script: exit status 2" "$rc" 2
ok "100k-line script: refused within 30 s" [ $(($(date +%s) - start)) -lt 30 ]
untouched "100k-line script"
rm "$D/scripts/02-lon.txt"

# ---- wrong configs ----
awk '/^stations = \(/ { print; copy = 1; next }
     copy && /^\);/ { print "  ,"; printf "%s", block; print; copy = 0; next }
     copy { block = block $0 "\n" } { print }' "$D/district.cfg" >"$D/dup.cfg"
"$LOA" build -q -c "$D/dup.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "duplicate station id" "$rc" "dup.cfg:[0-9]+:1: error: duplicate station id 'duc-minh' \(first defined at .*dup.cfg:[0-9]+\)"
expect_eq "duplicate station id: exit status 2" "$rc" 2
untouched "duplicate station id"
sed 's|slots = ( { name = "sáng"; days = "T2"; start = "06:00"; length = "05:00"; } );|slots = ( { name = "sáng"; days = "T2"; start = "06:00"; length = "05:00"; },\n             { name = "trưa"; days = "T2-T6"; start = "06:04"; length = "02:00"; } );|' \
    "$D/district.cfg" >"$D/overlap.cfg"
"$LOA" build -q -c "$D/overlap.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_error "overlapping slots" "$rc" "overlap.cfg:[0-9]+:1: error: slot 'trưa' overlaps slot 'sáng' .* of station 'duc-minh'"
expect_eq "overlapping slots: exit status 2" "$rc" 2
untouched "overlapping slots"

finish
