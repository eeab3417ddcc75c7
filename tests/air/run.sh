#!/bin/sh
# make check-air: the real-stack playout tests, reported like make check.
#   onair.sh   loa air on a real Icecast2 and Liquidsoap (~3.5 min)
#   byhand.sh  the week's own station.liq, run by hand (~2 min)
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
export LOA BUILD
mkdir -p "$BUILD/test-logs"
pass=0 fail=0 skip=0
for t in onair byhand; do
    if sh "tests/air/$t.sh" >"$BUILD/test-logs/air_$t.log" 2>&1; then rc=0; else rc=$?; fi
    grep '^measured:' "$BUILD/test-logs/air_$t.log"
    case $rc in
        0) echo "PASS: air_$t"; pass=$((pass + 1)) ;;
        77) echo "SKIP: air_$t"; skip=$((skip + 1)) ;;
        *) echo "FAIL: air_$t (exit $rc)"; sed 's/^/    /' "$BUILD/test-logs/air_$t.log" | tail -60
           fail=$((fail + 1)) ;;
    esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
