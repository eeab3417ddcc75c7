#!/bin/sh
# make install: program, voices/ data and man page land under DESTDIR/PREFIX,
# and the installed program finds its data there without help.
. tests/lib.sh
need ffprobe
make -s install DESTDIR="$T/root" PREFIX=/opt/loa B="${BUILD:-build}" >/dev/null
ok "program installed" test -x "$T/root/opt/loa/bin/loa"
ok "man page installed" test -f "$T/root/opt/loa/share/man/man1/loa.1"
ok "voices installed" test -f "$T/root/opt/loa/share/loa/voices/README.md"
U=$T/root/opt/loa/lib/systemd/system/loa-air@.service
ok "playout unit installed" test -f "$U"
expect_eq "the unit runs as its own user" "$(grep '^User=' "$U")" "User=loa"
expect_eq "the unit runs the installed loa" "$(grep '^ExecStart=' "$U")" \
    "ExecStart=/opt/loa/bin/loa air /var/lib/loa/air/%i"
ok "pull unit installed" grep -q '^ExecStart=/opt/loa/bin/loa pull --every' \
    "$T/root/opt/loa/lib/systemd/system/loa-pull@.service"
ok "sysusers file declares user loa" grep -q '^u loa ' "$T/root/opt/loa/lib/sysusers.d/loa.conf"
if command -v systemd-analyze >/dev/null 2>&1; then
    ok "systemd-analyze verify accepts the unit" sh -c \
        "systemd-analyze verify '$U' 2>&1 | grep -v 'loa.*executable\|Failed to\|not found\|/opt/loa' | grep -q . && exit 1 || exit 0"
fi
echo "Kính thưa bà con." > "$T/in.txt"
ok "installed program runs without LOA_DATA_DIR" env -u LOA_DATA_DIR "$T/root/opt/loa/bin/loa" speak "$T/in.txt" -o "$T/x.mp3"
ok "it wrote an MP3" test -s "$T/x.mp3"
"$T/root/opt/loa/bin/loa" speak --data-dir "$T/nowhere" "$T/in.txt" -o "$T/y.mp3" 2>/dev/null
expect_eq "--data-dir to a missing directory fails" "$?" 1
ok "and writes nothing" test ! -e "$T/y.mp3"
make -s uninstall DESTDIR="$T/root" PREFIX=/opt/loa >/dev/null
ok "uninstalled" test ! -e "$T/root/opt/loa/bin/loa"
ok "units uninstalled" test ! -e "$U"
finish
