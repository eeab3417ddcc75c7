#!/bin/sh
# Cron-ready weekly build: publish NEXT week's programs for a district, with a
# lock so two runs never overlap, and a log line per run. Exit status is loa's.
#
#   # every Sunday at 20:00 (Asia/Ho_Chi_Minh), build the coming week:
#   0 20 * * 0  TZ=Asia/Ho_Chi_Minh /usr/local/share/loa/weekly.sh /srv/loa/district.cfg
#
# Usage: weekly.sh DISTRICT.cfg [WEEK]   (WEEK like 2026-W49; default: next week)
# Environment: LOA (the program, default "loa" on PATH), LOA_JOBS (default: cores),
# LOA_LOG (default: <config dir>/loa-weekly.log).
set -u
cfg=${1:?usage: weekly.sh DISTRICT.cfg [WEEK]}
LOA=${LOA:-loa}
jobs=${LOA_JOBS:-$(nproc 2>/dev/null || echo 1)}
dir=$(dirname "$cfg")
log=${LOA_LOG:-$dir/loa-weekly.log}
if [ $# -ge 2 ]; then
    week=$2
else
    # Next week's ISO number, on Vietnam's clock (UTC+7 all year).
    week=$(TZ=Asia/Ho_Chi_Minh date -d '+7 days' +%G-W%V)
fi
exec 9>"$dir/.loa-weekly.lock"
if ! flock -n 9; then
    echo "$(date -u +%FT%TZ) $week: another build is running; nothing done" >>"$log"
    exit 1
fi
"$LOA" build -c "$cfg" --week "$week" -j "$jobs" -q 2>>"$log"
rc=$?
echo "$(date -u +%FT%TZ) $week: exit $rc" >>"$log"
exit $rc
