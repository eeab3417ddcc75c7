# Shared by tests/cli/*.sh (sourced as ". tests/lib.sh"): counters and checks. Source it; end with `finish`.
set -u
LOA=${LOA:-build/loa}
case $LOA in /*) ;; *) LOA=$(pwd)/$LOA ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/loa-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
# `make check VALGRIND="valgrind --error-exitcode=1 -q"`: every "$LOA" call
# goes through the wrapper (a wrapper script, since tests quote "$LOA").
# Each process's report goes to its own log (forked workers too: their
# errors would not change the program's exit status); finish fails the test
# when any log is not empty. LOA_REAL is the program without the wrapper.
LOA_REAL=$LOA
if [ -n "${VALGRIND:-}" ]; then
    mkdir "$T/valgrind"
    printf '#!/bin/sh\nexec %s --log-file="%s/valgrind/%%p.log" "%s" "$@"\n' \
        "$VALGRIND" "$T" "$LOA" >"$T/loa-valgrind"
    chmod +x "$T/loa-valgrind"
    LOA=$T/loa-valgrind
fi
checks=0 failures=0

ok() { # description, command...
    d=$1; shift
    checks=$((checks + 1))
    if "$@"; then :; else failures=$((failures + 1)); echo "FAIL: $d" >&2; fi
}
# expect_eq description got want
expect_eq() {
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        failures=$((failures + 1)); printf 'FAIL: %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3" >&2
    fi
}
# within description value lo hi (floating point, inclusive)
within() {
    checks=$((checks + 1))
    if ! awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
        failures=$((failures + 1)); printf 'FAIL: %s: %s not in [%s, %s]\n' "$1" "$2" "$3" "$4" >&2
    fi
}
# small_district DIR [OUTRO_RATE OUTRO_CHANNELS]: tests/data/small copied to
# DIR with its three jingles made by sox (the outro 44.1 kHz mono unless told).
small_district() {
    cp -R tests/data/small "$1"
    mkdir -p "$1/jingles"
    sox -n -r 44100 -c 1 -b 16 "$1/jingles/intro.wav" synth 0.6 sine 660 fade 0.01 0.6 0.1 gain -12
    sox -n -r "${2:-44100}" -c "${3:-1}" -b 16 "$1/jingles/outro.wav" synth 0.5 sine 440 fade 0.01 0.5 0.1 gain -12
    sox -n -r 22050 -c 1 -b 16 "$1/jingles/chime.wav" synth 0.4 sine 880 fade 0.01 0.4 0.1 gain -10
}
need() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || { echo "skip: no $c"; exit 77; }; done; }
# Debian's own python3 (its python3-icalendar is not in other interpreters).
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi
duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }
finish() {
    if [ -d "$T/valgrind" ]; then
        for f in "$T"/valgrind/*.log; do
            [ -s "$f" ] || continue
            checks=$((checks + 1)); failures=$((failures + 1))
            echo "FAIL: valgrind: $(basename "$f" .log)" >&2
            sed 's/^/    /' "$f" | head -60 >&2
        done
    fi
    echo "$(basename "$0"): $checks checks, $failures failed" >&2
    [ "$failures" -eq 0 ]
}
