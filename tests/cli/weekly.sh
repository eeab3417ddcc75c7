#!/bin/sh
# scripts/weekly.sh: runs the build for the given week, logs, refuses to overlap.
. tests/lib.sh
need sox flock
W=$T/d
cp -R tests/data/small "$W"
mkdir -p "$W/jingles"
for j in intro outro chime; do sox -n -r 44100 -c 1 "$W/jingles/$j.wav" synth 0.4 sine 500 gain -12; done
LOA=$LOA sh scripts/weekly.sh "$W/district.cfg" 2026-W48; rc=$?
expect_eq "weekly build exit" "$rc" 0
ok "published" test -s "$W/out/2026-W48/xa-a/week.m3u8"
ok "logged" grep -q "2026-W48: exit 0" "$W/loa-weekly.log"
# A second run while the lock is held does nothing and says so.
exec 9>"$W/.loa-weekly.lock"
flock -n 9
LOA=$LOA sh scripts/weekly.sh "$W/district.cfg" 2026-W49; rc=$?
expect_eq "overlapping run refused" "$rc" 1
ok "refusal logged" grep -q "another build is running" "$W/loa-weekly.log"
ok "nothing built for W49" test ! -e "$W/out/2026-W49"
exec 9>&-
finish
