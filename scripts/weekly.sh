#!/bin/sh
# Cron-ready weekly build: publish NEXT week's programs for a district, under a
# lock so two runs never overlap, with one time-stamped log line per run.
#
#   # every Sunday at 20:00 (Asia/Ho_Chi_Minh), build the coming week:
#   0 20 * * 0  TZ=Asia/Ho_Chi_Minh /usr/local/share/loa/weekly.sh /srv/loa/district.cfg
#
# Usage: weekly.sh DISTRICT.cfg [WEEK]   (WEEK like 2026-W49; default: next week)
#
# Silent when all is well, so cron mails exactly when a person is needed: any
# warning or error goes to stderr, with the run's summary.
#
# Exit status (loa build's 0-5, plus 6 and 127):
#   0 published, nothing to look at       4 published, but no bulletin is valid in
#   1 a render or the disk failed           the week: only the standing bulletin airs
#     (nothing published)                 5 published, but a bulletin was deferred or
#   2 bad configuration or script           a station airs only the standing bulletin
#     (nothing published)                 6 another run holds the lock (nothing done;
#   3 published, but a script with          try later)
#     errors was left out                 127 the loa program was not found
#
# Environment: LOA (the program; default: the loa beside this script, i.e.
# ../build/loa in the source tree or <prefix>/bin/loa when installed, then
# "loa" on PATH), LOA_JOBS (default: cores), LOA_LOG (default:
# <config dir>/loa-weekly.log).
set -u
cfg=${1:-}
if [ -z "$cfg" ]; then
    echo "usage: weekly.sh DISTRICT.cfg [WEEK]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${LOA:-}" ]; then
    # cron's PATH is short (/usr/bin:/bin): look beside this script first.
    for c in "$here/../build/loa" "$here/../../bin/loa"; do
        if [ -x "$c" ]; then LOA=$c; break; fi
    done
    [ -n "${LOA:-}" ] || LOA=$(command -v loa 2>/dev/null) || LOA=
fi
jobs=${LOA_JOBS:-$(nproc 2>/dev/null || echo 1)}
dir=$(dirname "$cfg")
log=${LOA_LOG:-$dir/loa-weekly.log}
now() { TZ=Asia/Ho_Chi_Minh date +%Y-%m-%dT%H:%M:%S%z; }
if [ $# -ge 2 ]; then
    week=$2
else
    # Next week's ISO number, on Vietnam's clock (UTC+7 all year).
    week=$(TZ=Asia/Ho_Chi_Minh date -d '+7 days' +%G-W%V)
fi
if [ -z "$LOA" ] || ! [ -x "$LOA" ]; then
    msg="$(now) $week: exit 127: không tìm thấy chương trình loa — cài đặt (make install) hoặc đặt LOA=/đường/dẫn/loa"
    echo "$msg" >>"$log"
    echo "$msg" >&2
    exit 127
fi
exec 9>"$dir/.loa-weekly.lock"
if ! flock -n 9; then
    msg="$(now) $week: exit 6: một lần chạy khác đang giữ khóa $dir/.loa-weekly.lock — không làm gì, chạy lại sau"
    echo "$msg" >>"$log"
    echo "$msg" >&2
    exit 6
fi
err=$(mktemp "${TMPDIR:-/tmp}/loa-weekly.XXXXXX") || exit 1
trap 'rm -f "$err"' EXIT
summary=$("$LOA" build -c "$cfg" --week "$week" -j "$jobs" -q 2>"$err")
rc=$?
summary=$(printf '%s' "$summary" | tail -n 1)
[ -n "$summary" ] || summary="(không có dòng tóm tắt)"
echo "$(now) $week: exit $rc: $summary" >>"$log"
if [ $rc -ne 0 ] || [ -s "$err" ]; then
    {
        echo "loa weekly $week: exit $rc"
        echo "$summary"
        cat "$err"
    } >&2
    sed "s/^/$(now) $week:   /" "$err" >>"$log"
fi
exit $rc
