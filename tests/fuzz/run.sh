#!/bin/sh
# Run each libFuzzer harness for SECONDS: usage run.sh SECONDS NAME...
# Every input in tests/fuzz/corpus-NAME/ (seeds and kept crash-* regression
# inputs) runs first; new coverage goes to build/fuzz/corpus-NAME/, a crash
# to build/fuzz/crash-NAME-*. Fails when any harness fails. Prints each
# harness's exec count.
set -u
secs=$1; shift
fail=0
LSAN_OPTIONS=suppressions=$(pwd)/tests/fuzz/lsan.supp:print_suppressions=0
export LSAN_OPTIONS
for n in "$@"; do
    bin=build/fuzz/fuzz_$n
    mkdir -p "build/fuzz/corpus-$n"
    log=build/fuzz/$n.log
    if "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/crash-$n-" \
        "build/fuzz/corpus-$n" "tests/fuzz/corpus-$n" >"$log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz $n: ok, $execs execs in ${secs}s"
    else
        fail=1
        echo "fuzz $n: FAILED (see $log)"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
    fi
done
exit $fail
