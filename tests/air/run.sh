#!/bin/sh
# make check-air: the real-stack playout test, reported like make check.
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
export LOA BUILD
mkdir -p "$BUILD/test-logs"
if sh tests/air/onair.sh >"$BUILD/test-logs/air_onair.log" 2>&1; then rc=0; else rc=$?; fi
grep '^measured:' "$BUILD/test-logs/air_onair.log"
case $rc in
    0) echo "PASS: air_onair"; echo "1 passed, 0 failed, 0 skipped" ;;
    77) echo "SKIP: air_onair"; echo "0 passed, 0 failed, 1 skipped" ;;
    *) echo "FAIL: air_onair (exit $rc)"; sed 's/^/    /' "$BUILD/test-logs/air_onair.log" | tail -60
       echo "0 passed, 1 failed, 0 skipped"; exit 1 ;;
esac
