#!/bin/sh
# The man page and each command's --help list the same options: the same
# short and long names, each taking an argument in both or in neither.
. tests/lib.sh
MAN=src/cli/loa.1

# "-c --config ARG" lines from `loa CMD --help` (its Options: block).
from_help() {
    "$LOA" "$1" --help | sed -n '/^Options:/,/^$/p' | grep -E '^ +-' |
        sed -E 's/^ +//; s/  .*//' |
        awk '{ s = ""; l = ""; a = "";
               for (i = 1; i <= NF; i++) {
                   w = $i; sub(/,$/, "", w)
                   if (w ~ /^--/) l = w; else if (w ~ /^-[A-Za-z]$/) s = w; else a = " ARG"
               }
               print (s == "" ? "-" : s) " " l a }' | sort
}

# The same from the man page: the .TP items of the command's .SS section.
from_man() {
    awk -v cmd="$1" '
        /^\.S[SH] / { in_cmd = ($1 == ".SS" && $2 == cmd); next }
        in_cmd && /^\.TP/ { item = 1; next }
        in_cmd && item { print; item = 0 }' "$MAN" |
        sed -e 's/\\f[BIR]//g' -e 's/\\-/-/g' |
        awk '{ s = ""; l = ""; a = "";
               for (i = 1; i <= NF; i++) {
                   w = $i; sub(/,$/, "", w)
                   if (w ~ /^--/) l = w; else if (w ~ /^-[A-Za-z]$/) s = w; else a = " ARG"
               }
               print (s == "" ? "-" : s) " " l a }' | sort
}

for cmd in $("$LOA" --help | sed -n "/^Commands:/,/^$/p" | awk "NF > 1 { print \$1 }"); do
    h=$(from_help "$cmd")
    m=$(from_man "$cmd")
    ok "$cmd: --help lists options" test -n "$h"
    expect_eq "$cmd: the man page lists the options --help lists" "$m" "$h"
done
# Every command of `loa --help` has its section in the man page.
for cmd in $("$LOA" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }'); do
    ok "$cmd: a man page section" grep -q "^\.SS $cmd\$" "$MAN"
done
finish
