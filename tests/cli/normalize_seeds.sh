#!/bin/sh
# The seed documents, normalized, hold nothing espeak-ng would misread: no
# digit, no '/', no all-caps token of two letters or more, and espeak-ng's
# Vietnamese voice never switches to another language ("(en)") on them.
# The expected readings of tests/cases/normalize.txt and every reading in
# voices/*.txt are checked the same way.
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
T=$BUILD/test-normalize-seeds
SEEDS=${SEEDS:-/work/shared/seeds}
mkdir -p "$T"
ls "$SEEDS"/*.txt > /dev/null 2>&1 || { echo "no seed documents in $SEEDS"; exit 77; }
fail=0
for f in "$SEEDS"/*.txt; do
    b=$(basename "$f" .txt)
    "$LOA" normalize < "$f" > "$T/$b.out" || { echo "FAIL: $b: exit status"; fail=1; continue; }
    if grep -n '[0-9/]' "$T/$b.out" | head -5 | grep .; then
        echo "FAIL: $b: digits or '/' left (above)"; fail=1
    fi
    python3 - "$T/$b.out" <<'PY' || fail=1
import re, sys
bad = []
for no, line in enumerate(open(sys.argv[1], encoding='utf-8'), 1):
    for w in re.findall(r'\w+', line):
        if len(w) >= 2 and w.isupper():
            bad.append('%d: %s' % (no, w))
if bad:
    print('FAIL: %s: all-caps tokens: %s' % (sys.argv[1], ', '.join(bad[:10])))
    sys.exit(1)
PY
done
# the hand-written expected readings must be plain Vietnamese too
awk '/^#/ || /^@/ { next } /^$/ { n = 0; next } { n++; if (n == 2 && $0 != "(empty)") print }' \
    tests/cases/normalize.txt > "$T/expected.txt"
if grep -n '[0-9/]' "$T/expected.txt" | head -5 | grep .; then
    echo "FAIL: expected readings hold digits or '/' (above)"; fail=1
fi
# and every reading of the pronunciation data in voices/
python3 - voices/*.txt > "$T/voices-readings.txt" <<'PY'
import sys
for path in sys.argv[1:]:
    sec = None
    for line in open(path, encoding='utf-8'):
        line = line.split('#')[0].strip()
        if line.startswith('['):
            sec = line
        elif ' = ' in line and sec not in ('[cues]', '[service]', '[doctypes]'):
            print(line.split(' = ', 1)[1].strip())
PY
[ "$(wc -l < "$T/voices-readings.txt")" -gt 900 ] || { echo "FAIL: voices readings not found"; fail=1; }
if command -v espeak-ng > /dev/null 2>&1; then
    # one word a line, so a switch can be traced back to its word
    cat "$T"/*.out "$T/expected.txt" "$T/voices-readings.txt" | tr -s ' ,.;:!?()"\t' '\n\n\n\n\n\n\n\n\n\n' | sort -u | grep . > "$T/words.txt"
    # (files, not pipes: espeak-ng reading standard input can cut a UTF-8
    # character at its buffer boundary and spell the pieces in English)
    sed 's/$/./' "$T/words.txt" > "$T/words-dot.txt"
    espeak-ng -v vi -x -q -f "$T/words-dot.txt" > "$T/phonemes.txt" 2> /dev/null
    if grep -q '(en)' "$T/phonemes.txt"; then
        if [ "$(wc -l < "$T/words.txt")" -eq "$(wc -l < "$T/phonemes.txt")" ]; then
            paste "$T/words.txt" "$T/phonemes.txt" | grep '(en)' | head -20
        else
            grep '(en)' "$T/phonemes.txt" | head -20
        fi
        echo "FAIL: espeak-ng switches to English on the words above"; fail=1
    fi
    # and on the whole text, where words meet
    for f in "$T"/*.out "$T/expected.txt"; do
        if espeak-ng -v vi -x -q -f "$f" 2> /dev/null | grep -q '(en)'; then
            echo "FAIL: $f: (en) in running text"; fail=1
        fi
    done
else
    echo "espeak-ng not installed: language check skipped"
fi
exit $fail
