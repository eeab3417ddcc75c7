#!/bin/sh
# The as-run logs merged into the district report: hand-made logs (one
# program on time, one late, one cut and resumed, one never aired, an urgent
# notice, a row of another plan, a damaged row) against the published week,
# judged as of the build's (faked) clock; the station without a log is said
# to have none; a rebuild publishes again when the logs say more; next
# week's report carries this week's as-run.
. tests/lib.sh
need sox python3
FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1)
[ -n "$FT" ] || { echo "skip: no libfaketime"; exit 77; }
W=$T/d
small_district "$W"
at() { # YYYY-MM-DD HH:MM:SS, command...: run at that time in Việt Nam, TZ elsewhere
    o=$(( $(date -d "$1 +0700" +%s) - $(date +%s) )); shift
    case $o in -*) ;; *) o=+$o ;; esac
    # (NO_FAKE_STAT: file times stay real, as the build stamp compares them)
    env FAKETIME="$o" NO_FAKE_STAT=1 LD_PRELOAD="$FT" TZ=Europe/Paris "$@"
}
build() { at "$1" "$LOA" build -q -c "$W/district.cfg" --week "$2" >"$T/build.out" 2>&1; }

build '2026-11-26 10:00:00' 2026-W48
expect_eq "build W48" "$?" 5
R=$W/out/2026-W48/report.json
ok "no log anywhere: no as-run in the report" sh -c "! grep -q '\"asrun\"' '$R'"

# xa-a's log (as loa air writes it), made by hand from the published programs
# (mornings every day, nights 25 and 26 only: the urgent item in quiet hours):
#   23/11 06:00 on time, whole                   -> ok
#   24/11 06:00 whole, 12 s late                 -> late
#   25/11 06:00 nothing                          -> missed
#   25/11 22:00 cut at 1 s, resumed at 4 s to its end -> partial, 3 s missing
#   26/11 06:00 on time, interrupted by a notice -> ok
#   26/11 22:00 not over at 10:00                -> not judged
# plus an urgent notice, a row for a slot of no published plan, a damaged row.
mkdir -p "$W/out/air/xa-a/asrun"
"$PY" - "$W/out/2026-W48/xa-a/air.tsv" "$W/out/air/xa-a/asrun/2026-W48.csv" <<'EOF'
import sys, datetime
tz = datetime.timezone(datetime.timedelta(hours=7))
progs = {}
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    f = line.split("\t")
    progs[f[3]] = (float(f[0]), float(f[1]))
def iso(t):
    d = datetime.datetime.fromtimestamp(t, tz)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%02d" % int(round((t % 1) * 100) % 100) + "+07:00"
rows = []
def row(key, start, dur, cue=0.0, note="", kind="lịch", title="b-hotline"):
    s0 = progs[key][0] if key in progs else start
    rows.append([iso(start), iso(start + dur), kind, key, iso(s0), "%.3f" % (start - s0 - cue),
                 "%.3f" % cue, "%.3f" % dur, "có" if start - s0 - cue > 1 else "không",
                 "có" if cue > 0.5 or "cắt" in note else "không",
                 "có" if kind != "lịch" else "không", "weeks/2026-W48.1/" + key + ".mp3", title, note])
s, l = progs["2026-11-23_0600_sang"]; row("2026-11-23_0600_sang", s + 0.1, l)
s, l = progs["2026-11-24_0600_sang"]; row("2026-11-24_0600_sang", s + 12, l)
s, l = progs["2026-11-25_2200_dem"]
row("2026-11-25_2200_dem", s + 0.05, 1, note="cắt: Liquidsoap dừng")
row("2026-11-25_2200_dem", s + 4.1, l - 4, cue=4, note="tiếp tục giữa khung (khởi động lại)")
s, l = progs["2026-11-26_0600_sang"]
row("2026-11-26_0600_sang", s, l + 6, note="bị ngắt bởi tin khẩn cấp, phát tiếp sau đó")
row("u-khan-1795580000", s + 3, 6, kind="khẩn cấp", title="Cảnh báo, khẩn cấp")
row("2026-11-26_0900_khac", s + 3600, 20)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    out.write("Bắt đầu,Kết thúc,Loại,Khung phát,Giờ theo lịch,Trễ (giây),Phát từ giây,"
              "Thời lượng (giây),Trễ,Một phần,Khẩn cấp,Tệp,Bản tin,Ghi chú\r\n")
    for r in rows:
        out.write(",".join('"%s"' % c.replace('"', '""') if "," in c or '"' in c else c for c in r) + "\r\n")
    out.write("2026-11-25T08:00:00+07:00,oops\r\n")
EOF
build '2026-11-26 10:00:00' 2026-W48
expect_eq "rebuild W48 with a log" "$?" 5
ok "the logs made a new version" test "$(readlink "$W/out/2026-W48")" = .weeks/2026-W48.2
judged() { # report.json, week, station: the counts, space-separated
    "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for w in r.get("asrun", []):
    if w["week"] != sys.argv[2]: continue
    for s in w["stations"]:
        if s["id"] != sys.argv[3]: continue
        if not s["log"]: print("nolog"); continue
        print(" ".join(str(s[k]) for k in ("planned", "due", "ok", "late", "partial", "missed",
                                           "urgent", "unplanned", "unreadable")))
        for p in s["programs"]:
            print(p["slot"], p["status"], "%.2f" % p.get("missing", 0), "%.2f" % p.get("late", 0))
' "$@"
}
judged "$R" 2026-W48 xa-a >"$T/j"
# 9 programs; over at 10:00 on the 26th: four mornings and the night of the 25th.
expect_eq "xa-a W48: planned due ok late partial missed urgent unplanned unreadable" \
    "$(head -1 "$T/j")" "9 5 2 1 1 1 1 1 1"
expect_eq "23/11 06:00 on time" "$(grep '^2026-11-23_0600_sang ' "$T/j" | cut -d' ' -f2)" ok
expect_eq "25/11 06:00 missed" "$(grep '^2026-11-25_0600_sang ' "$T/j" | cut -d' ' -f2)" missed
expect_eq "24/11 06:00 late 12 s" "$(grep '^2026-11-24_0600_sang ' "$T/j" | cut -d' ' -f2,4)" "late 12.00"
expect_eq "25/11 22:00 partial, 3 s missing" \
    "$(grep '^2026-11-25_2200_dem ' "$T/j" | cut -d' ' -f2,3)" "partial 3.00"
expect_eq "26/11 06:00 whole despite the notice" \
    "$(grep '^2026-11-26_0600_sang ' "$T/j" | cut -d' ' -f2)" ok
ok "26/11 22:00 not judged before its slot" sh -c "! grep -q '^2026-11-26_2200_dem' '$T/j'"
expect_eq "xa-b: no log" "$(judged "$R" 2026-W48 xa-b)" nolog
TXT=$W/out/2026-W48/report.txt
ok "report.txt: the as-run section" grep -q '^ĐÃ PHÁT THỰC TẾ TUẦN 48/2026' "$TXT"
ok "report.txt: xa-a counted" grep -q 'xã A: 5/9 chương trình đã đến giờ — 2 đủ và đúng giờ, 1 muộn, 1 phát thiếu, 1 không phát; 1 tin khẩn cấp\.' "$TXT"
ok "report.txt: the partial one" grep -q '25/11 22:00 (2026-11-25_2200_dem): phát thiếu 3 giây (bị cắt, phát tiếp giữa khung' "$TXT"
ok "report.txt: the late one" grep -q '24/11 06:00 (2026-11-24_0600_sang): bắt đầu muộn 12 giây\.' "$TXT"
ok "report.txt: the missed one" grep -q '25/11 06:00 (2026-11-25_0600_sang): không phát\.' "$TXT"
ok "report.txt: the notice" grep -q 'khẩn cấp 26/11 06:00: Cảnh báo, khẩn cấp (6 giây)\.' "$TXT"
ok "report.txt: xa-b has no log" grep -q 'xã B: không có nhật ký phát sóng tuần này' "$TXT"
ok "report.json is JSON" "$PY" -c 'import json, sys; json.load(open(sys.argv[1]))' "$R"

build '2026-11-26 10:00:00' 2026-W48
expect_eq "same logs, same time: nothing new" "$(readlink "$W/out/2026-W48")" .weeks/2026-W48.2
# Next week's build, Sunday evening: last week as aired, as of then.
build '2026-11-29 20:00:00' 2026-W49
expect_eq "build W49" "$?" 4
judged "$W/out/2026-W49/report.json" 2026-W48 xa-a >"$T/j2"
# Over by Sunday 20:00: all 9; what the log lacks is missed.
expect_eq "W49's report: W48 as aired" "$(head -1 "$T/j2")" "9 9 2 1 1 5 1 1 1"
ok "W49's report.txt: last week's section" grep -q '^ĐÃ PHÁT THỰC TẾ TUẦN 48/2026' "$W/out/2026-W49/report.txt"
finish
