#!/bin/sh
# The air folders a build leaves, the playout settings of the district file,
# loa urgent's refusals, and loa pull against a real HTTP server that can cut
# a transfer or serve a damaged file. (The playout itself on a real Icecast2
# and Liquidsoap: tests/air/onair.sh, make check-air.)
. tests/lib.sh
# The messages these tests read, in English (loa speaks Vietnamese unless asked).
LC_ALL=en_US.UTF-8
export LC_ALL
need sox liquidsoap sha256sum
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$FT" ] || { echo "skip: no libfaketime"; exit 77; }
W=$T/d
small_district "$W"
sed -i 's|^output = "out";|&\nair = { outputs = [ "alsa", "icecast" ]; fallback = "http://127.0.0.1:9/vov1.mp3"; icecast_port = 8123; };|' \
    "$W/district.cfg"
# Wednesday of 2026-W48, 10:00 in Việt Nam, whatever TZ says.
OFF=$(( $(date -d '2026-11-25 10:00:00 +0700' +%s) - $(date +%s) ))
fake() { # libfaketime wants a sign on a positive offset
    case $OFF in -*) o=$OFF ;; *) o=+$OFF ;; esac
    env FAKETIME="$o" LD_PRELOAD="$FT" TZ=America/New_York "$@"
}

fake "$LOA" build -q -c "$W/district.cfg" --week 2026-W48 >/dev/null; rc=$?
# 5: published; the small district defers one bulletin by design.
expect_eq "build" "$rc" 5
AIR=$W/out/air/xa-a
# The LAME/Info tag loa_mp3_join writes over joined pieces, read by an
# independent parser: frame and byte counts, TOC, CRCs; and where ffmpeg's
# MP3 demuxer (Liquidsoap's decoder) lands when it seeks by the tag alone.
ok "joined programs' Info tags match their frames; seeks land within a frame" \
    "$PY" tests/mp3_tag.py --seek "$W/out/2026-W48/xa-a/2026-11-23_0600_sang.mp3" \
    "$W/out/2026-W48/xa-b/2026-11-23_0630_sang.mp3"
ok "every program's and item's Info tag matches its frames" \
    "$PY" tests/mp3_tag.py "$W/out/2026-W48/xa-a/"*.mp3 "$W/out/2026-W48/xa-a/items/"*.mp3
ok "the week is a link to its first version" test "$(readlink "$W/out/2026-W48")" = .weeks/2026-W48.1
ok "air folder made" test -f "$AIR/plan.tsv" -a -f "$AIR/station.liq"
ok "the engine passes liquidsoap --check" liquidsoap --check "$AIR/station.liq"
ok "ALSA output" grep -q '^output.alsa(device=getenv(default="default"' "$AIR/station.liq"
ok "Icecast output, mount /xa-a.mp3, port 8123" sh -c \
    "grep -q 'mount=\"/xa-a.mp3\"' '$AIR/station.liq' && grep -q 'default=8123' '$AIR/station.liq'"
ok "relay fallback" grep -q 'input.http(getenv(default="http://127.0.0.1:9/vov1.mp3"' "$AIR/station.liq"
ok "the week's own station.liq relays the same by default" \
    grep -q '^loa_relay = getenv(default="http://127.0.0.1:9/vov1.mp3", "LOA_FALLBACK_URL")$' \
    "$W/out/2026-W48/xa-a/station.liq"
ok "the week's own station.liq passes liquidsoap --check" liquidsoap --check "$W/out/2026-W48/xa-a/station.liq"
# The plan: every program of the week, by start, each file there with its sha256.
n_prog=$(ls "$W/out/2026-W48/xa-a/"2026-*.mp3 | wc -l)
expect_eq "the plan holds the week's programs" "$(($(wc -l <"$AIR/plan.tsv") - 1))" "$n_prog"
expect_eq "plan header" "$(head -1 "$AIR/plan.tsv" | cut -f1,2)" "$(printf 'loa-air/1\txa-a')"
expect_eq "engine hash in the plan" "$(head -1 "$AIR/plan.tsv" | cut -f3)" \
    "$(sha256sum "$AIR/station.liq" | cut -d' ' -f1)"
bad=$(tail -n +2 "$AIR/plan.tsv" | while IFS="$(printf '\t')" read -r start len end week key path sha urg bul; do
    [ "$(sha256sum "$AIR/$path" | cut -d' ' -f1)" = "$sha" ] || echo "$path"
done)
expect_eq "every plan path resolves to its sha256" "$bad" ""
# 06:00 on Monday 23/11 in UTC+7 is 2026-11-22 23:00 UTC.
expect_eq "first program at 06:00 local as Unix time" "$(sed -n 2p "$AIR/plan.tsv" | cut -f1,5)" \
    "$(printf '%s\t2026-11-23_0600_sang' "$(date -ud '2026-11-22 23:00' +%s)")"
cp "$AIR/plan.tsv" "$T/plan1"
# Next week, published on Sunday evening: this week's programs stay in the plan.
OFF=$(( $(date -d '2026-11-29 20:00:00 +0700' +%s) - $(date +%s) ))
fake "$LOA" build -q -c "$W/district.cfg" --week 2026-W49 >/dev/null; rc=$?
# 4: published, though nothing but the standing bulletin is valid in W49.
expect_eq "build next week" "$rc" 4
ok "plan keeps this week" grep -q '2026-11-29_0600_sang' "$AIR/plan.tsv"
ok "plan has next week" grep -q 'weeks/2026-W49.1/2026-11-30_0600_sang.mp3' "$AIR/plan.tsv"
# A republish of this week: a new version, the old one kept while its week is on.
echo "# sửa" >>"$W/scripts/$(ls "$W/scripts" | head -1)"
fake "$LOA" build -q -c "$W/district.cfg" --week 2026-W48 >/dev/null; rc=$?
expect_eq "republish this week" "$rc" 5
ok "new version linked" test "$(readlink "$W/out/2026-W48")" = .weeks/2026-W48.2
ok "old version kept while its week is on" test -d "$W/out/.weeks/2026-W48.1/xa-a"
# What the republish did not change is shared with the version it replaced
# (hard links), what it changed is not.
v1=$W/out/.weeks/2026-W48.1 v2=$W/out/.weeks/2026-W48.2
same_linked=0 same_copied=0 diff_linked=0
for f in $(cd "$v2" && find . -type f | sort); do
    [ -f "$v1/$f" ] || continue
    if cmp -s "$v1/$f" "$v2/$f"; then
        if [ "$(stat -c %i "$v1/$f")" = "$(stat -c %i "$v2/$f")" ]; then
            same_linked=$((same_linked + 1)); else same_copied=$((same_copied + 1)); fi
    elif [ "$(stat -c %i "$v1/$f")" = "$(stat -c %i "$v2/$f")" ]; then
        diff_linked=$((diff_linked + 1))
    fi
done
ok "republish: unchanged files shared with the old version ($same_linked)" \
    test "$same_linked" -gt 10 -a "$same_copied" -eq 0
expect_eq "republish: no changed file shared" "$diff_linked" 0
# ---- playout settings: mistakes are named ----
sed 's|outputs = \[ "alsa", "icecast" \]|outputs = [ "radio" ]|' "$W/district.cfg" >"$W/bad1.cfg"
"$LOA" build -n -c "$W/bad1.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_eq "unknown output: exit 2" "$rc" 2
ok "unknown output: named with its line" grep -q 'bad1.cfg:[0-9]*:1: error: unknown output "radio"' "$T/err"
sed 's|fallback = "http://127.0.0.1:9/vov1.mp3"|fallback = "ftp://x/\\"y"|' "$W/district.cfg" >"$W/bad2.cfg"
"$LOA" build -n -c "$W/bad2.cfg" --week 2026-W48 2>"$T/err"; rc=$?
expect_eq "bad fallback: exit 2" "$rc" 2
ok "bad fallback: says what to write" grep -q 'neither "silence" nor an http(s)://' "$T/err"

# ---- loa urgent refuses what it cannot air ----
ls "$W/scripts" >"$T/scripts0"
printf 'Tiêu đề: Bình thường\nƯu tiên: thường\nTừ ngày: 23/11/2026\nĐến ngày: 29/11/2026\nSố lần phát: 1\nĐài: tất cả\n---\nXin chào.\n' >"$T/normal.txt"
OFF=$(( $(date -d '2026-11-25 10:00:00 +0700' +%s) - $(date +%s) ))
fake "$LOA" urgent -c "$W/district.cfg" "$T/normal.txt" 2>"$T/err"; rc=$?
expect_eq "not urgent: exit 2" "$rc" 2
ok "not urgent: says how to fix" grep -q 'Ưu tiên: khẩn cấp' "$T/err"
sed 's/Ưu tiên: thường/Ưu tiên: khẩn cấp/; s|Từ ngày: 23/11/2026|Từ ngày: 27/11/2026|' "$T/normal.txt" >"$T/later.txt"
fake "$LOA" urgent -c "$W/district.cfg" "$T/later.txt" 2>"$T/err"; rc=$?
expect_eq "not valid today: exit 2" "$rc" 2
ok "not valid today: says so" grep -q 'not valid today (25/11/2026)' "$T/err"
fake "$LOA" urgent -c "$W/district.cfg" --stations xa-z "$T/later.txt" 2>"$T/err"; rc=$?
ok "unknown station: refused" test "$rc" -ne 0
expect_eq "nothing copied into the scripts folder" "$(ls "$W/scripts")" "$(cat "$T/scripts0")"

# ---- loa pull: resumed after a cut, checked, only then current ----
cat >"$T/serve.py" <<'EOF'
# A static server with Range, which can cut the first big transfer short
# (CUT=bytes) or damage one file's bytes (DAMAGE=path suffix). Logs Range
# requests to stderr.
import http.server, os, sys
CUT = int(os.environ.get("CUT", "0"))
DAMAGE = os.environ.get("DAMAGE", "")
cut_done = False
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        global cut_done
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        if DAMAGE and path.endswith(DAMAGE):
            data = data[:-1] + bytes([data[-1] ^ 1])
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0])
            sys.stderr.write("range %s %d\n" % (self.path, start)); sys.stderr.flush()
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if CUT and not cut_done and len(body) > CUT and path.endswith(".mp3"):
            cut_done = True
            self.wfile.write(body[:CUT])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)
os.chdir(sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF
serve() { # env... : starts the server on $W/out, sets PORT and SRV
    env "$@" "$PY" "$T/serve.py" "$W/out" >"$T/port" 2>>"$T/serve.log" &
    SRV=$!
    i=0; while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    PORT=$(cat "$T/port")
}
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
OFF=$(( $(date -d '2026-11-30 08:00:00 +0700' +%s) - $(date +%s) ))
S=$T/station
serve CUT=20000
fake "$LOA" pull -q "http://127.0.0.1:$PORT/air/xa-a/" "$S" 2>"$T/err"; rc=$?
kill $SRV; wait $SRV 2>/dev/null
expect_eq "cut transfer: exit 1" "$rc" 1
ok "cut transfer: no plan current" test ! -e "$S/plan.tsv"
ok "cut transfer: no week current" test ! -d "$S/weeks"
ok "cut transfer: the part kept for next time" sh -c "find '$S/.pull' -name '*.part' -size +1 | grep -q ."
: >"$T/serve.log"; : >"$T/port"
serve CUT=0
ok "pull again" fake "$LOA" pull -q "http://127.0.0.1:$PORT/air/xa-a/" "$S"
ok "it resumed with a Range request" grep -q '^range .*\.mp3 20000$' "$T/serve.log"
ok "plan current, same as the server's" cmp -s "$S/plan.tsv" "$AIR/plan.tsv"
ok "every week file checks out" sh -c "cd '$S'/weeks/2026-W49.1 && sha256sum -c --quiet SHA256SUMS"
ok "engine copied" cmp -s "$S/station.liq" "$AIR/station.liq"
ok "nothing left in .pull" test -z "$(find "$S/.pull" -type f ! -name plan.tsv)"
kill $SRV; wait $SRV 2>/dev/null
# W49 republished with only its calendar reminder changed: the station
# fetches what changed and links the rest to the version it already has.
cp "$W/district.cfg" "$T/district.bak"
sed -i 's/^  gap = 0.5;/&\n  reminder = "15:00";/' "$W/district.cfg"
fake "$LOA" build -q -c "$W/district.cfg" --week 2026-W49 >/dev/null; rc=$?
cp "$T/district.bak" "$W/district.cfg"
expect_eq "republish W49 (reminder changed)" "$rc" 4
: >"$T/port"
serve CUT=0
ok "pull the new version" fake "$LOA" pull "http://127.0.0.1:$PORT/air/xa-a/" "$S" 2>"$T/pull2"
kill $SRV; wait $SRV 2>/dev/null
n_mp3=$(cd "$S/weeks/2026-W49.2" && find . -name '*.mp3' | wc -l)
n_shared=$(cd "$S/weeks/2026-W49.2" && for f in $(find . -name '*.mp3'); do
    [ "$(stat -c %i "$f")" = "$(stat -c %i "../2026-W49.1/$f")" ] && echo "$f"; done | wc -l)
ok "pull: every MP3 of the new version linked to the one here ($n_shared of $n_mp3)" \
    test "$n_mp3" -gt 0 -a "$n_shared" -eq "$n_mp3"
ok "pull: says what it linked" grep -q "week 2026-W49.2 complete and checked ([1-9][0-9]* files the same" "$T/pull2"
ok "pull: the changed calendar fetched" sh -c \
    "grep -q 'TRIGGER:-PT15M' '$S/weeks/2026-W49.2/schedule.ics' && ! grep -q 'TRIGGER:-PT15M' '$S/weeks/2026-W49.1/schedule.ics'"
ok "pull: the new version checks out" sh -c "cd '$S'/weeks/2026-W49.2 && sha256sum -c --quiet SHA256SUMS"
# A damaged file: never used, the plan stays as it was.
: >"$T/port"
serve DAMAGE=2026-12-01_0600_sang.mp3
S2=$T/station2
fake "$LOA" pull -q "http://127.0.0.1:$PORT/air/xa-a/" "$S2" 2>"$T/err"; rc=$?
kill $SRV; wait $SRV 2>/dev/null
expect_eq "damaged file: exit 1" "$rc" 1
ok "damaged file: named with both hashes" grep -q '2026-12-01_0600_sang.mp3: sha256 .*, the manifest says' "$T/err"
ok "damaged file: no plan current" test ! -e "$S2/plan.tsv"
ok "damaged file: its week not current" test ! -e "$S2/weeks/2026-W49.1"
# A week later both W48 versions go, W49 stays.
OFF=$(( $(date -d '2026-12-08 08:00:00 +0700' +%s) - $(date +%s) ))
fake "$LOA" build -q -c "$W/district.cfg" --week 2026-W49 >/dev/null; rc=$?
expect_eq "a later rebuild" "$rc" 4
ok "superseded W48 version removed after its week" test ! -e "$W/out/.weeks/2026-W48.1"
ok "linked W48 version kept" test -d "$W/out/.weeks/2026-W48.2"
ok "its air link removed" test ! -e "$AIR/weeks/2026-W48.1" -a ! -L "$AIR/weeks/2026-W48.1"
ok "the plan lists no week that is over" sh -c "! grep -q 2026-W48 '$AIR/plan.tsv'"

finish
