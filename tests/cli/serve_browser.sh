#!/bin/sh
# loa serve in a real browser: Debian's chromium driven by playwright-core
# (npm, package.json) through every flow of issue 17 item 7 (tests/web/flow.mjs);
# screenshots of every page land in $BUILD/web-shots/. The files the operator
# downloads are then checked with unzip and ffprobe. Skips (77) only where the
# browser cannot run at all, never in CI.
. tests/lib.sh
need sox ffprobe unzip curl flock python3
# Under valgrind (CI's memory pass) tests/cli/serve.sh already runs the
# server through every request kind; timings here would measure valgrind.
[ -n "${VALGRIND:-}" ] && { echo "skip: under valgrind (serve.sh covers the server)"; exit 77; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || ! command -v node >/dev/null 2>&1 || [ ! -d node_modules/playwright-core ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: chromium, node or node_modules/playwright-core missing in CI (make deps)" >&2
        exit 1
    fi
    echo "skip: no chromium, node or playwright-core (make deps)"
    exit 77
fi
. tests/serve_lib.sh
# Under valgrind the previews and the build would take many minutes: the
# browser test runs the plain program (tests/cli/serve.sh covers valgrind).
SHOTS=${BUILD:-build}/web-shots
rm -rf "$SHOTS"
mkdir -p "$SHOTS" "$T/out"
user_add admin admin mk-quantri-1
user_add duyet approver mk-duyet-12
user_add bt-a editor mk-bientap-a --stations xa-a
user_add bt-b editor mk-bientap-b --communes "xã B"
user_add op-a operator mk-vanhanh-a --stations xa-a
# A 6-second "recording" for the upload flow.
sox -n -r 44100 -c 1 "$T/thu-am.wav" synth 6 sine 300 sine 450 gain -18
serve_start "$LOA_REAL"
# Next week in Asia/Ho_Chi_Minh: every slot of it is still to come.
mon=$(TZ=Asia/Ho_Chi_Minh date -d 'next monday' +%Y-%m-%d)
WEEK=$(date -d "$mon" +%G-W%V)
SUN=$(date -d "$mon + 6 days" +%Y-%m-%d)
TUE=$(date -d "$mon + 1 day" +%Y-%m-%d)
mkdir -p "$W/out"
LOCK=$W/out/.lock TUE=$TUE WEEK=$WEEK FROM=$mon TO=$SUN BASE=$BASE SHOTS=$SHOTS OUT=$T/out RECORDING=$T/thu-am.wav CHROMIUM=$CHROMIUM \
    node tests/web/flow.mjs >"$T/flow.log" 2>&1
rc=$?
cat "$T/flow.log"
cp "$T/serve.err" "$SHOTS/serve.log"
expect_eq "every browser flow passed" "$rc" 0
ok "no flow failed" sh -c "! grep -q '^not ok' '$T/flow.log'"
# What the operator downloaded: the USB zip lists the week's programs in play
# order and they decode; a slot MP3 from the feed decodes.
if [ -s "$T/out/usb.zip" ]; then
    unzip -q "$T/out/usb.zip" -d "$T/usb"
    ok "unzip -t finds the zip sound" unzip -tq "$T/out/usb.zip"
    n=$(ls "$T"/usb/LOA/*.mp3 | wc -l)
    within "the zip holds the week's programs" "$n" 7 30
    for f in $(ls "$T"/usb/LOA/*.mp3 | head -3); do
        d=$(duration "$f")
        within "$(basename "$f") decodes" "${d:-0}" 1 100
    done
    ok "zip entries sort in play order" sh -c "ls '$T/usb/LOA' | sort -c"
else
    ok "the zip was downloaded" false
fi
# A station far away takes its week with loa pull from the feed URL the page showed.
url=$(cat "$T/out/pull-url.txt" 2>/dev/null)
ok "the station page shows a pull URL of this server" sh -c "case '$url' in $BASE/feed/xa-a/*/air/) exit 0;; *) exit 1;; esac"
"$LOA_REAL" pull "$url" "$T/pulled" >"$T/pull.log" 2>&1
expect_eq "loa pull from the feed" "$?" 0
ok "it has the air plan" test -s "$T/pulled/plan.tsv"
v=$(ls "$T/pulled/weeks" 2>/dev/null | head -1)
ok "and a week version" test -n "$v"
ok "whose files match SHA256SUMS" sh -c "cd '$T/pulled/weeks/$v' && sha256sum -c --quiet SHA256SUMS"
d=$(duration "$T/out/slot.mp3" 2>/dev/null)
within "the feed's MP3 decodes" "${d:-0}" 1 100
# Nghe thử spoke with the voice chosen in the form: Giọng nữ is higher.
python3 tests/f0.py "$T/out/preview-male.mp3" "$T/out/preview-female.mp3" >"$T/f0" 2>&1
cat "$T/f0"
m=$(sed -n '1s/.* \([0-9.]*\) [0-9]*$/\1/p' "$T/f0"); f=$(sed -n '2s/.* \([0-9.]*\) [0-9]*$/\1/p' "$T/f0")
ok "the preview with Giọng nữ is higher: median F0 $f Hz against $m Hz" \
    awk -v f="${f:-0}" -v m="${m:-0}" 'BEGIN { exit !(m > 60 && f > 1.2 * m) }'
screens=$(ls "$SHOTS"/*.png 2>/dev/null | wc -l)
within "screenshots of every page" "$screens" 20 60
serve_stop
expect_eq "loa serve stops cleanly on SIGTERM" "$SERVE_RC" 0
finish
