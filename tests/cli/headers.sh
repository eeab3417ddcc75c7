#!/bin/sh
# style.md: each third-party header is included by exactly one .c file of
# src/, never by a header (public or private). A header is third-party when
# the Debian package that owns it is one of scripts/deps.sh's packages; the
# compiler says which file an include resolves to, dpkg which package owns it.
. tests/lib.sh
need cc pkg-config dpkg-query
# PKGS may go on over continuation lines.
PKGS=$(awk '/^PKGS *:=/ { on = 1; sub(/^PKGS *:= */, "") } on { c = sub(/\\$/, ""); printf "%s ", $0; if (!c) exit }' Makefile)
DEPS=$(sed -n '/^PKGS="/,/"$/p' scripts/deps.sh | tr -d '"' | sed 's/^PKGS=//')
CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null)

# Every <header> of src/ and include/, with the files that include it.
grep -rHoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<[^>]+>' src include |
    sed -E 's/^([^:]+):.*<([^>]+)>/\2 \1/' | sort -u >"$T/incs"
ok "found the includes" test -s "$T/incs"
third=0
for h in $(cut -d' ' -f1 "$T/incs" | sort -u); do
    path=$(printf '#include <%s>\n' "$h" | cc $CFLAGS -E -H -x c - -o /dev/null 2>&1 |
           sed -n 's/^\. //p' | head -n 1)
    [ -n "$path" ] || { ok "$h: resolves" false; continue; }
    pkg=$(dpkg-query -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | sed 's/[:,].*//')
    case " $(echo $DEPS) " in
        *" $pkg "*) ;;
        *) continue ;; # the C library, the compiler's own headers
    esac
    third=$((third + 1))
    users=$(awk -v h="$h" '$1 == h { print $2 }' "$T/incs")
    n=$(echo "$users" | wc -l)
    expect_eq "<$h> ($pkg) is included by one file" "$n $(echo "$users" | grep -c '\.c$')" "1 1"
done
# lame, sndfile, soxr, ebur128, libconfig, hunspell, utf8proc, openssl, espeak-ng (2), curl,
# microhttpd, sqlite3, argon2
expect_eq "third-party headers found" "$third" 14
finish
