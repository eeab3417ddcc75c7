#!/bin/sh
# Run every test: unit programs in $BUILD/tests and shell tests in tests/cli.
# Ends with the line "N passed, N failed, N skipped" and exits non-zero on failure.
# Environment: LOA (the program), BUILD (build dir), VALGRIND (optional wrapper),
# LOA_CHECK_ONLY (unit or cli).
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
export LOA BUILD
LOA_DATA_DIR=$(pwd)/voices
export LOA_DATA_DIR
# Leaks inside libconfig 1.5 itself, not loa's (SANITIZE=1 builds).
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/fuzz/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
# Tests that fake the clock preload libfaketime; ASan (SANITIZE=1 builds)
# refuses to start unless its runtime comes first, which faketime only wraps
# time calls and does not need. Ignored by builds without ASan.
ASAN_OPTIONS=${ASAN_OPTIONS:-verify_asan_link_order=0}
export ASAN_OPTIONS
# Numbers must read the same under any locale; tests run in a Vietnamese one
# when it is available, to catch decimal-comma bugs.
pass=0 fail=0 skip=0
failed=""
log=$BUILD/test-logs
mkdir -p "$log"

run_one() { # name, command...
    name=$1; shift
    if "$@" >"$log/$name.log" 2>&1; then rc=0; else rc=$?; fi
    case $rc in
        0) pass=$((pass + 1)); echo "PASS: $name" ;;
        77) skip=$((skip + 1)); echo "SKIP: $name" ;;
        *) fail=$((fail + 1)); failed="$failed $name"; echo "FAIL: $name (exit $rc)"
           sed 's/^/    /' "$log/$name.log" | tail -40 ;;
    esac
}

# LOA_CHECK_ONLY=unit or =cli runs only that half (CI's valgrind run).
only=${LOA_CHECK_ONLY:-}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && [ "$only" != cli ] || continue
    run_one "$(basename "$t")" ${VALGRIND:-} "$t"
done
for t in tests/cli/*.sh; do
    [ -f "$t" ] && [ "$only" != unit ] || continue
    run_one "cli_$(basename "$t" .sh)" sh "$t"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
