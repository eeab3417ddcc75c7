#!/bin/sh
# loa normalize: one output line per input line, options, errors, --explain.
set -u
LOA=${LOA:-build/loa}
BUILD=${BUILD:-build}
T=$BUILD/test-normalize
mkdir -p "$T"
fail=0
no() { echo "FAIL: $*"; fail=1; }

# one output line per input line, whatever the lines hold
printf 'Có 21 tỉnh\n\n   \n---------------\n(DVCTT)\nGọi 1800.1096\r\n| | |\nkhông xuống dòng' > "$T/in.txt"
"$LOA" normalize < "$T/in.txt" > "$T/out.txt" || no "exit status $?"
[ "$(wc -l < "$T/in.txt")" -eq "$(wc -l < "$T/out.txt")" ] || no "line count differs"
[ "$(sed -n 1p "$T/out.txt")" = "Có hai mươi mốt tỉnh" ] || no "line 1: $(sed -n 1p "$T/out.txt")"
[ "$(sed -n 6p "$T/out.txt")" = "Gọi một tám không không, một không chín sáu" ] || no "line 6 (CRLF)"
[ "$(sed -n 8p "$T/out.txt")" = "không xuống dòng" ] || no "last line without newline"
# the same for every seed document
for f in /work/shared/seeds/*.txt tests/cases/normalize.txt; do
    [ -f "$f" ] || continue
    "$LOA" normalize < "$f" > "$T/seed.txt" || no "$f: exit status"
    [ "$(wc -l < "$f")" -eq "$(wc -l < "$T/seed.txt")" ] || no "$f: line count differs"
done

# dialects
[ "$(echo 'Năm 2005' | "$LOA" normalize --dialect south)" = "Năm hai ngàn không trăm lẻ năm" ] ||
    no "south"
[ "$(echo 'Năm 2005' | "$LOA" normalize -d north)" = "Năm hai nghìn không trăm linh năm" ] ||
    no "north"
echo x | "$LOA" normalize --dialect west > /dev/null 2> "$T/err.txt"
[ $? -eq 2 ] || no "bad dialect must exit 2"
grep -q "unknown dialect 'west'" "$T/err.txt" || no "bad dialect message"

# --explain: LINE:COL, kind, written, reading, guess, tab-separated
printf 'UBND xã\nGọi 1800.1096 trước 30/11/2023\nNhận 12/7\n' | "$LOA" normalize --explain > "$T/ex.txt"
printf '1:1\tabbr\tUBND\tủy ban nhân dân\t-\n2:5\tphone\t1800.1096\tmột tám không không, một không chín sáu\t-\n2:21\tdate\t30/11/2023\tngày ba mươi tháng mười một năm hai nghìn không trăm hai mươi ba\t-\n3:6\tdate\t12/7\tngày mười hai tháng bảy\tguess:slash\n' > "$T/ex.want"
cmp -s "$T/ex.txt" "$T/ex.want" || { no "--explain output"; diff "$T/ex.want" "$T/ex.txt"; }

# invalid UTF-8: an error at line:col, nothing on stdout
printf 'dòng một\ndòng \377 hai\n' | "$LOA" normalize > "$T/bad.out" 2> "$T/bad.err"
[ $? -eq 2 ] || no "invalid UTF-8 must exit 2"
grep -q '^<stdin>:2:6: error: invalid UTF-8' "$T/bad.err" || no "invalid UTF-8 message: $(cat "$T/bad.err")"
[ -s "$T/bad.out" ] && no "invalid UTF-8 wrote output"

# control characters are cleaned
[ "$(printf 'đ\001ư\033ờng\n' | "$LOA" normalize)" = "đường" ] || no "control characters"

# a 5 MB line
python3 -c "import sys; sys.stdout.write('Ngày 25/10/2023 có 1.500 hồ sơ UBND ' * 140000 + '\n')" > "$T/big.txt"
"$LOA" normalize < "$T/big.txt" > "$T/big.out" || no "5 MB line failed"
[ "$(wc -l < "$T/big.out")" -eq 1 ] || no "5 MB line: one line out"
grep -q '[0-9]' "$T/big.out" && no "5 MB line: digits left"

# a district lexicon file, and errors in one
printf '[abbreviations]\nHTX = hợp tác xã\n' > "$T/district.txt"
[ "$(echo 'HTX Tân Lập' | "$LOA" normalize --lexicon "$T/district.txt")" = "hợp tác xã Tân Lập" ] ||
    no "--lexicon"
printf '[abbreviations]\nHTX hợp tác xã\n' > "$T/bad-lex.txt"
echo x | "$LOA" normalize --lexicon "$T/bad-lex.txt" > /dev/null 2> "$T/lex.err"
[ $? -eq 2 ] || no "bad lexicon must exit 2"
grep -q "bad-lex.txt:2:1: error: expected 'WRITTEN = SPOKEN'" "$T/lex.err" || no "bad lexicon message: $(cat "$T/lex.err")"
echo x | "$LOA" normalize --data-dir "$T/nowhere" > /dev/null 2>&1
[ $? -ne 0 ] || no "missing data dir must fail"
# a broken standard file is named in the message
mkdir -p "$T/voices"
cp voices/*.txt "$T/voices/"
printf '[units]\nkm ki lô mét\n' >> "$T/voices/units.txt"
echo x | "$LOA" normalize --data-dir "$T/voices" > /dev/null 2> "$T/std.err"
[ $? -eq 2 ] || no "broken units.txt must exit 2"
grep -q "units.txt:$(wc -l < "$T/voices/units.txt"):1: expected" "$T/std.err" || no "units.txt error: $(cat "$T/std.err")"

# loa speak reads through the normalizer: the written line and its spoken
# form give the same audio, and a different one from espeak-ng's own guess
printf 'Gọi 1800.1096 ngày 25/10/2023\n' > "$T/w.txt"
printf 'Gọi một tám không không, một không chín sáu ngày hai mươi lăm tháng mười năm hai nghìn không trăm hai mươi ba\n' > "$T/s.txt"
if "$LOA" speak "$T/w.txt" -o "$T/w.wav" 2> "$T/speak.err" && "$LOA" speak "$T/s.txt" -o "$T/s.wav"; then
    a=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/w.wav")
    b=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/s.wav")
    python3 -c "import sys; a,b=$a,$b; sys.exit(0 if abs(a-b) < 0.05 and a > 4 else 1)" ||
        no "speak: written $a s vs spoken form $b s"
    espeak-ng -v vi -w "$T/raw.wav" -f "$T/w.txt" 2> /dev/null
    r=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$T/raw.wav")
    python3 -c "import sys; sys.exit(0 if abs($r-$a) > 0.5 else 1)" ||
        no "speak: same length as espeak-ng reading the raw text ($r s)"
else
    no "loa speak failed: $(cat "$T/speak.err")"
fi

# usage, help, a full disk
"$LOA" normalize --help | grep -q '^Usage: loa normalize' || no "--help"
"$LOA" normalize extra < /dev/null > /dev/null 2>&1
[ $? -eq 2 ] || no "extra argument must exit 2"
if [ -w /dev/full ]; then
    echo 'Có 21 tỉnh' | "$LOA" normalize > /dev/full 2> /dev/null
    [ $? -eq 1 ] || no "writing to /dev/full must exit 1"
fi
exit $fail
