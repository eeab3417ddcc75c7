#!/bin/sh
# loa serve under load (issue 17 item 8): 50 editors in 50 sessions preview 50
# different texts at once, each also asking for one shared text at the same
# moment, then all of it again. No request may fail; each distinct text is
# rendered exactly once (so never twice at once: concurrent asks for a text
# wait for its one render, later ones come from the cache); the server's peak
# memory stays bounded. Loopback only, bounded in requests and time. With
# LOA_BENCH=1 (make bench) it prints its figures.
. tests/lib.sh
need sox curl node
# Under valgrind (CI's memory pass) tests/cli/serve.sh already runs the
# server through every request kind; timings here would measure valgrind.
[ -n "${VALGRIND:-}" ] && { echo "skip: under valgrind (serve.sh covers the server)"; exit 77; }
. tests/serve_lib.sh
EDITORS=${EDITORS:-50}
user_add admin admin mk-tai-thu-1
i=1
while [ $i -le "$EDITORS" ]; do
    user_add "ed$(printf %02d $i)" editor mk-tai-thu-1 --stations xa-a
    i=$((i + 1))
done
# The program itself, not a valgrind wrapper: 50 parallel previews under
# valgrind take far too long (serve.sh runs the server under valgrind).
serve_start "$LOA_REAL"
rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVE_PID/status"; }
rss0=$(rss VmRSS)
start=$(date +%s)
BASE=$BASE EDITORS=$EDITORS PASSWORD=mk-tai-thu-1 node tests/web/load.mjs >"$T/load.json" 2>"$T/load.err"
rc=$?
end=$(date +%s)
hwm=$(rss VmHWM)
rss1=$(rss VmRSS)
cat "$T/load.json" "$T/load.err"
expect_eq "the load run succeeded" "$rc" 0
val() { sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p" "$T/load.json"; }
expect_eq "no request failed" "$(val failed)" 0
expect_eq "every request answered" "$(val requests)" $((EDITORS * 4))
expect_eq "each distinct text rendered exactly once" "$(val renders)" $((EDITORS + 1))
expect_eq "the rest waited for a render or came from the cache" \
    $(( $(val joined)0 / 10 + $(val cache_hits)0 / 10 )) $((EDITORS * 4 - EDITORS - 1))
expect_eq "the shared text has one preview file" "$(val shared_urls)" 1
expect_eq "nothing left in flight" "$(val in_flight_after)" 0
expect_eq "nothing refused as busy" "$(val busy)" 0
# The server itself holds request bodies (<= 256 KiB each) and pages, never
# audio: its peak must stay well under 64 MiB above where it started.
# (Not under the sanitizers, whose quarantine keeps freed memory resident.)
case ${BUILD:-build} in
    *san*) echo "sanitizer build: peak RSS growth $((hwm - rss0)) KiB, not bounded here" ;;
    *) within "server peak RSS growth (KiB)" $((hwm - rss0)) 0 65536 ;;
esac
ok "the server is still healthy" curl -sf "$BASE/healthz" -o /dev/null
serve_stop
expect_eq "loa serve stops cleanly on SIGTERM" "$SERVE_RC" 0
if [ -n "${LOA_BENCH:-}" ]; then
    echo "bench serve: $EDITORS editors, $((EDITORS * 4)) previews in 2 rounds, $((end - start)) s wall;" \
         "server RSS ${rss0} KiB before, ${rss1} KiB after, peak ${hwm} KiB"
    echo "bench serve: $(cat "$T/load.json")"
fi
finish
