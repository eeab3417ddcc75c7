#!/usr/bin/env python3
"""Check a published week tree (OUT/2026-W48) with tools independent of loa.

usage: publish_check.py WEEK_DIR [--probe] [--liquidsoap]

For every station directory (one holding manifest.json):
  - manifest.json parses; lists every file exactly once, sorted, with the
    sha256 and size hashlib/os compute; audio entries carry numbers;
  - every *.m3u8: #EXTM3U, #EXTINF:<seconds>,<title> + a relative '/' path that
    resolves to an existing file; UTF-8;
  - every *.pls: [playlist], FileN/TitleN/LengthN, NumberOfEntries, Version=2,
    and the same entries as the .m3u8 of the same name;
  - schedule.ics: CRLF only, physical lines <= 75 octets and each valid UTF-8
    on its own (folding never splits a character), parses with icalendar,
    VTIMEZONE and every DTSTART/DTEND with TZID=Asia/Ho_Chi_Minh (+07:00),
    unique UIDs, one VEVENT per slot playlist;
    one VALARM per VEVENT (ACTION DISPLAY, TRIGGER before the start, the same for
    every event);
  - schedule.csv: a UTF-8 BOM (for Excel), then RFC 4180 via the csv module,
    header row, one row per slot;
  - schedule.html: parses, lang="vi", title "Lịch phát sóng tuần ...", the national
    motto, one row per program with its USB track number (the usb/ file NNN_ that
    starts at that weekday and time), a "đã phát" box, and its duration said
    naturally ("54 giây", "12 phút", "12 phút 5 giây", never "0 phút") within 1 s
    of week.m3u8's;
  - every schedule's end (ICS DTEND, CSV end date + time, HTML "HH:MM–HH:MM"
    under its day, "(hôm sau)" past midnight) is its start plus the duration
    week.m3u8 gives the program that starts then (the HTML's rounded up to the
    minute), whether or not the program runs past midnight;
  - usb/: names sort in the play order of week.m3u8, same bytes;
  - --probe: ffprobe's duration of each playlist entry within 0.5 s of EXTINF
    (only meaningful with real MP3s); and every MP3 of the manifest decoded
    whole by ffmpeg with no complaint (once for the same bytes, however many
    files and stations hold them), to the duration the manifest gives
    (1.5 ms: what it writes is rounded to the millisecond);
  - --liquidsoap: `liquidsoap --check station.liq` succeeds.
Also report.json parses and report.txt is non-empty at WEEK_DIR.
Exits 1 listing every problem, 0 when all is well.
"""
import csv
import functools
import hashlib
import html.parser
import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta

problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


def all_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        for f in files:
            if f.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
            if rel not in ("manifest.json", "SHA256SUMS"):
                out.append(rel)
    return sorted(out, key=lambda s: s.encode())


def check_manifest(sd):
    where = os.path.join(sd, "manifest.json")
    with open(where, encoding="utf-8") as f:
        m = json.load(f)
    for key in ("format", "week", "station", "files"):
        if key not in m:
            bad(where, f"missing key {key}")
    paths = [e["path"] for e in m.get("files", [])]
    if paths != all_files(sd):
        bad(where, f"files listed {paths} != files present {all_files(sd)}")
    for e in m.get("files", []):
        p = os.path.join(sd, e["path"])
        if not os.path.isfile(p):
            bad(where, f"{e['path']} does not exist")
            continue
        if e.get("sha256") != sha256(p):
            bad(where, f"{e['path']}: sha256 differs from hashlib's")
        if e.get("bytes") != os.path.getsize(p):
            bad(where, f"{e['path']}: size differs")
        if e["path"] == "air.tsv":
            check_air_week(sd, m, e)
        if e.get("kind") in ("program", "usb", "item"):
            for k in ("duration", "lufs", "true_peak"):
                if not isinstance(e.get(k), (int, float)):
                    bad(where, f"{e['path']}: {k} is not a number")
            if not isinstance(e.get("bulletins"), list):
                bad(where, f"{e['path']}: no bulletins list")
    # SHA256SUMS: every file with hashlib's sha256, the manifest's own too,
    # in sha256sum's format ("<hex>  <path>").
    sums = os.path.join(sd, "SHA256SUMS")
    want = {e["path"]: sha256(os.path.join(sd, e["path"])) for e in m.get("files", [])}
    want["manifest.json"] = sha256(where)
    got = {}
    with open(sums, encoding="utf-8") as f:
        for line in f:
            hexd, _, path = line.rstrip("\n").partition("  ")
            got[path] = hexd
    if got != want:
        bad(sums, "does not list every file with its sha256")
    return m


def check_air_week(sd, m, e):
    """air.tsv: one line per program, its slot's start as Unix time computed
    here from the manifest's local date and time at UTC+7, its file's sha256."""
    import datetime
    where = os.path.join(sd, "air.tsv")
    with open(where, encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    if head != ["loa-air-week/1", m["station"]["id"], m["week"]]:
        bad(where, f"header {head}")
    progs = {x["path"]: x for x in m["files"] if x.get("kind") == "program"}
    rows = [l.split("\t") for l in lines[1:] if l]
    if sorted(r[4] for r in rows) != sorted(progs):
        bad(where, "programs differ from the manifest's")
    tz = datetime.timezone(datetime.timedelta(hours=7))
    for r in rows:
        p = progs.get(r[4])
        if p is None:
            continue
        sl = p["slot"]
        y, mo, d = (int(x) for x in sl["date"].split("-"))
        hh, mm = (int(x) for x in sl["start"].split(":"))
        start = datetime.datetime(y, mo, d, hh, mm, tzinfo=tz).timestamp()
        if int(r[0]) != int(start) or int(r[2]) != int(start) + sl["length"]:
            bad(where, f"{r[4]}: start/end {r[0]}/{r[2]} != {int(start)}")
        if abs(float(r[1]) - p["duration"]) > 0.002:
            bad(where, f"{r[4]}: length {r[1]} != {p['duration']}")
        if r[5] != p["sha256"]:
            bad(where, f"{r[4]}: sha256 differs")
        if r[7].split(",") != [b["id"] for b in p["bulletins"]] and not (r[7] == "" and not p["bulletins"]):
            bad(where, f"{r[4]}: bulletins {r[7]}")


def read_m3u8(sd, name):
    where = os.path.join(sd, name)
    raw = open(where, "rb").read()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "#EXTM3U":
        bad(where, "first line is not #EXTM3U")
        return []
    entries = []
    i = 1
    while i < len(lines):
        m = re.fullmatch(r"#EXTINF:(-?\d+(?:\.\d+)?),(.*)", lines[i])
        if not m or i + 1 >= len(lines):
            bad(where, f"line {i + 1}: expected #EXTINF:<seconds>,<title> then a path")
            return entries
        path = lines[i + 1]
        if path.startswith("/") or "\\" in path or ".." in path.split("/") or "://" in path:
            bad(where, f"line {i + 2}: {path!r} is not a relative forward-slash path")
        elif not os.path.isfile(os.path.join(sd, path)):
            bad(where, f"line {i + 2}: {path} does not resolve to a file")
        entries.append((float(m.group(1)), m.group(2), path))
        i += 2
    return entries


def read_pls(sd, name):
    where = os.path.join(sd, name)
    lines = open(where, encoding="utf-8").read().split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "[playlist]":
        bad(where, "first line is not [playlist]")
        return []
    kv = {}
    for ln in lines[1:]:
        if "=" not in ln:
            bad(where, f"not key=value: {ln!r}")
            continue
        k, v = ln.split("=", 1)
        kv[k] = v
    n = int(kv.get("NumberOfEntries", "-1"))
    if kv.get("Version") != "2":
        bad(where, "Version is not 2")
    entries = []
    for i in range(1, n + 1):
        try:
            entries.append((int(kv[f"Length{i}"]), kv[f"Title{i}"], kv[f"File{i}"]))
        except (KeyError, ValueError):
            bad(where, f"entry {i} incomplete")
    if len(kv) != 3 * n + 2:
        bad(where, f"{len(kv)} keys for {n} entries")
    return entries


@functools.lru_cache(maxsize=None)
def probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", path], capture_output=True, text=True)
    return float(out.stdout.strip()) if out.returncode == 0 else None


def decoded_seconds(path):
    """(seconds, complaints) as ffmpeg decodes PATH whole, gapless info applied."""
    r = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null",
                        "-progress", "pipe:1", "-"], capture_output=True, text=True)
    us = [ln.split("=", 1)[1] for ln in r.stdout.splitlines() if ln.startswith("out_time_us=")]
    err = r.stderr.strip() or ("" if r.returncode == 0 else f"ffmpeg exit {r.returncode}")
    return (int(us[-1]) / 1e6 if us and us[-1].isdigit() else None), err


# sha256 -> what ffmpeg made of those bytes: files with the same bytes (usb/
# copies of the programs, an item several stations air) are decoded once; the
# manifest's sha256 of each is checked against the file itself above.
decoded = {}


def check_decode(sd):
    from concurrent.futures import ThreadPoolExecutor
    with open(os.path.join(sd, "manifest.json"), encoding="utf-8") as f:
        m = json.load(f)
    files = [e for e in m.get("files", []) if e["path"].endswith(".mp3") and "duration" in e]
    todo = {}
    for e in files:
        if e["sha256"] not in decoded:
            todo.setdefault(e["sha256"], os.path.join(sd, e["path"]))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
        for k, r in zip(todo, ex.map(decoded_seconds, todo.values())):
            decoded[k] = r
    got = [decoded[e["sha256"]] for e in files]
    for e, (secs, err) in zip(files, got):
        if err:
            bad(os.path.join(sd, e["path"]), "ffmpeg: " + err)
        if secs is None or abs(secs - e["duration"]) > 0.0015:
            bad(os.path.join(sd, e["path"]), f"decodes to {secs} s, manifest says {e['duration']}")


def program_starts(week):
    """Start (naive local datetime) -> durations of week.m3u8's programs, from
    their file names YYYY-MM-DD_HHMM_<slot>.mp3."""
    out = {}
    for secs, _, path in week:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\d_\d{4})_[a-z0-9-]+\.mp3", path)
        if m:
            start = datetime.strptime(m.group(1), "%Y-%m-%d_%H%M")
            out.setdefault(start, []).append(secs)
    return out


def check_end(where, what, programs, start, end, slack):
    """END - START is a program's duration at START, rounded up by less than SLACK
    seconds (EXTINF is to the millisecond; ends are whole seconds or minutes)."""
    if start not in programs:
        bad(where, f"{what}: no program in week.m3u8 starts at {start}")
    elif not any(-0.001 < (end - start).total_seconds() - secs < slack
                 for secs in programs[start]):
        bad(where, f"{what}: ends {end}, but the program starting {start} lasts "
                   f"{programs[start]} s")


def check_ics(sd, n_slots, programs):
    where = os.path.join(sd, "schedule.ics")
    raw = open(where, "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        bad(where, "a line does not end in CRLF")
    if not raw.endswith(b"\r\n"):
        bad(where, "does not end with CRLF")
    for no, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if len(line) > 75:
            bad(where, f"line {no} is {len(line)} octets (> 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad(where, f"line {no}: folding split a UTF-8 sequence")
    import icalendar
    cal = icalendar.Calendar.from_ical(raw)
    tzids = [str(c["TZID"]) for c in cal.walk("VTIMEZONE")]
    if tzids != ["Asia/Ho_Chi_Minh"]:
        bad(where, f"VTIMEZONE TZIDs {tzids}")
    events = cal.walk("VEVENT")
    triggers = set()
    if len(events) != n_slots:
        bad(where, f"{len(events)} VEVENTs for {n_slots} slots")
    uids = [str(e["UID"]) for e in events]
    if len(set(uids)) != len(uids):
        bad(where, "UIDs are not unique")
    for e in events:
        for prop in ("DTSTART", "DTEND"):
            p = e[prop]
            if p.params.get("TZID") != "Asia/Ho_Chi_Minh":
                bad(where, f"{e['UID']}: {prop} lacks TZID=Asia/Ho_Chi_Minh")
            if p.dt.utcoffset() != timedelta(hours=7):
                bad(where, f"{e['UID']}: {prop} is not at +07:00 ({p.dt.utcoffset()})")
        if not (e["DTEND"].dt > e["DTSTART"].dt):
            bad(where, f"{e['UID']}: DTEND not after DTSTART")
        check_end(where, str(e["UID"]), programs, e["DTSTART"].dt.replace(tzinfo=None),
                  e["DTEND"].dt.replace(tzinfo=None), 1)
        for prop in ("SUMMARY", "DESCRIPTION", "DTSTAMP"):
            if prop not in e:
                bad(where, f"{e['UID']}: no {prop}")
        alarms = e.walk("VALARM")
        if len(alarms) != 1:
            bad(where, f"{e['UID']}: {len(alarms)} VALARMs, not 1")
            continue
        a = alarms[0]
        trig = a["TRIGGER"].dt if "TRIGGER" in a else None
        if str(a.get("ACTION")) != "DISPLAY" or not isinstance(trig, timedelta) or \
                not timedelta(days=-1) <= trig <= timedelta(0) or "DESCRIPTION" not in a:
            bad(where, f"{e['UID']}: VALARM is not a DISPLAY alarm before the start ({trig})")
        triggers.add(trig)
    if len(triggers) > 1:
        bad(where, f"VALARM triggers differ between events: {sorted(triggers)}")
    return events


CSV_HEADER = ["Ngày", "Thứ", "Bắt đầu", "Ngày kết thúc", "Kết thúc", "Khung phát", "Đài",
              "Nội dung"]


def check_csv(sd, n_slots, programs):
    where = os.path.join(sd, "schedule.csv")
    raw = open(where, "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        bad(where, "a record does not end in CRLF")
    if not raw.startswith(b"\xef\xbb\xbf"):
        bad(where, "no UTF-8 byte order mark: Excel would show mojibake")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if rows[0] != CSV_HEADER:
        bad(where, f"header {rows[0]}")
        return rows
    if len(rows) - 1 != n_slots:
        bad(where, f"{len(rows) - 1} rows for {n_slots} slots")
    for r in rows[1:]:
        if len(r) != len(CSV_HEADER):
            bad(where, f"row has {len(r)} fields: {r}")
            continue
        f = dict(zip(CSV_HEADER, r))
        try:
            start = datetime.strptime(f["Ngày"] + " " + f["Bắt đầu"], "%Y-%m-%d %H:%M:%S")
            end = datetime.strptime(f["Ngày kết thúc"] + " " + f["Kết thúc"],
                                    "%Y-%m-%d %H:%M:%S")
        except ValueError as e:
            bad(where, f"row {r}: {e}")
            continue
        check_end(where, f"row {f['Ngày']} {f['Bắt đầu']}", programs, start, end, 1)
    return rows


class Html(html.parser.HTMLParser):
    """Collects the day headings (<tr class="day">) and, per program row, the cells
    classed n (track), t (time), d (duration) and x (the "đã phát" box)."""

    def __init__(self):
        super().__init__()
        self.stack, self.title, self.lang, self.intitle = [], "", None, False
        self.day, self.inday = "", False
        self.rows = []        # (day heading, {class: text})
        self.row, self.cls = None, None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self.intitle = True
        if tag == "tr":
            self.inday = a.get("class") == "day"
            if self.inday:
                self.day = ""
            self.row = None if self.inday else {}
        if tag == "td" and self.row is not None and a.get("class") in ("n", "t", "d", "x"):
            self.cls = a.get("class")
            self.row[self.cls] = ""
        if tag not in ("meta", "br", "link", "col"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            bad("schedule.html", f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
        else:
            self.stack.pop()
        if tag == "title":
            self.intitle = False
        if tag == "td":
            self.cls = None
        if tag == "tr":
            if self.row and "t" in self.row:
                self.rows.append((self.day, self.row))
            self.row, self.inday = None, False

    def handle_data(self, data):
        self.text += data
        if self.intitle:
            self.title += data
        if self.inday:
            self.day += data
        if self.cls is not None:
            self.row[self.cls] += data


def spoken_duration(secs):
    t = int(secs + 0.5)
    if t < 60:
        return f"{t} giây"
    return f"{t // 60} phút" + (f" {t % 60} giây" if t % 60 else "")


WEEKDAY_SHORT = {0: "T2", 1: "T3", 2: "T4", 3: "T5", 4: "T6", 5: "T7", 6: "CN"}


def check_html(sd, programs):
    p = Html()
    p.feed(open(os.path.join(sd, "schedule.html"), encoding="utf-8").read())
    p.close()
    if p.lang != "vi":
        bad(sd, "schedule.html is not lang=vi")
    if not p.title.startswith("Lịch phát sóng tuần "):
        bad(sd, f"schedule.html title {p.title!r}")
    if p.stack:
        bad(sd, f"schedule.html leaves {p.stack} open")
    if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in p.text or \
            "Độc lập - Tự do - Hạnh phúc" not in p.text:
        bad(sd, "schedule.html lacks the national motto")
    usb = sorted(os.listdir(os.path.join(sd, "usb"))) if os.path.isdir(os.path.join(sd, "usb")) else []
    for day, row in p.rows:
        cell = row["t"]
        d = re.fullmatch(r".*, ngày (\d\d/\d\d/\d{4})", day)
        t = re.fullmatch(r"(\d\d:\d\d)–(\d\d:\d\d)( ?\(hôm sau\))?", cell)
        if not d or not t:
            bad(sd, f"schedule.html: time {cell!r} under {day!r} is not HH:MM–HH:MM")
            continue
        try:
            start = datetime.strptime(d.group(1) + " " + t.group(1), "%d/%m/%Y %H:%M")
            end = datetime.strptime(d.group(1) + " " + t.group(2), "%d/%m/%Y %H:%M")
        except ValueError as e:
            bad(sd, f"schedule.html: {cell!r} under {day!r}: {e}")
            continue
        if t.group(3):
            end += timedelta(days=1)
        # Whole seconds rounded up to the minute: up to 60 s more than the duration.
        check_end(os.path.join(sd, "schedule.html"), f"{day} {cell}", programs, start, end, 61)
        # The track number names the usb/ file of the program starting then.
        n = row.get("n", "")
        want = f"_{WEEKDAY_SHORT[start.weekday()]}_{start:%H%M}_"
        hits = [u for u in usb if u.startswith(n + "_")]
        if not re.fullmatch(r"\d{3,5}", n) or len(hits) != 1 or want not in hits[0]:
            bad(sd, f"schedule.html: track {n!r} at {day} {cell} is not the usb/ file "
                    f"{n}{want}... ({hits})")
        if row.get("x", "").strip() != "☐":
            bad(sd, f"schedule.html: no 'đã phát' box at {day} {cell}")
        dur = row.get("d", "")
        if start in programs and not any(dur == spoken_duration(s) or
                                         dur == spoken_duration(s - 0.5) or
                                         dur == spoken_duration(s + 0.5)
                                         for s in programs[start]):
            bad(sd, f"schedule.html: duration {dur!r} at {day} {cell} is not "
                    f"{[spoken_duration(s) for s in programs[start]]}")
    n = sum(len(v) for v in programs.values())
    if len(p.rows) != n:
        bad(sd, f"schedule.html lists {len(p.rows)} slots for {n} programs")


def check_station(sd, opts):
    check_manifest(sd)
    names = sorted(os.listdir(sd))
    slot_lists = [n for n in names if n.endswith(".m3u8") and n != "week.m3u8"]
    for n in names:
        if n.endswith(".m3u8"):
            m3u = read_m3u8(sd, n)
            pls = read_pls(sd, n[:-5] + ".pls")
            # PLS lengths are whole seconds; the M3U8's are to the millisecond.
            if len(m3u) != len(pls) or any(a[1:] != b[1:] or abs(a[0] - b[0]) > 0.5005
                                           for a, b in zip(m3u, pls)):
                bad(os.path.join(sd, n), f"M3U8 {m3u} and PLS {pls} disagree")
            if n != "week.m3u8" and len(m3u) != 1:
                bad(os.path.join(sd, n), "a slot playlist should hold its one program")
            if opts.get("probe"):
                for secs, _, path in m3u:
                    d = probe(os.path.join(sd, path))
                    if d is None or abs(d - secs) > 0.5:
                        bad(os.path.join(sd, n), f"{path}: ffprobe says {d}, playlist {secs}")
    week = read_m3u8(sd, "week.m3u8")
    if len(week) != len(slot_lists):
        bad(sd, f"week.m3u8 has {len(week)} entries for {len(slot_lists)} slot playlists")
    usb = sorted(os.listdir(os.path.join(sd, "usb")))
    if len(usb) != len(week):
        bad(sd, f"usb/ has {len(usb)} files for {len(week)} week entries")
    for u, (_, _, path) in zip(usb, week):
        if not re.fullmatch(r"\d{3,}_(T[2-7]|CN)_\d{4}_[a-z0-9-]+\.mp3", u):
            bad(sd, f"usb/{u}: not NNN_Tn_HHMM_slot.mp3")
        if not os.path.isfile(os.path.join(sd, path)):
            continue  # already reported
        if sha256(os.path.join(sd, "usb", u)) != sha256(os.path.join(sd, path)):
            bad(sd, f"usb/{u} is not {path} (play order broken)")
    if opts.get("probe"):
        check_decode(sd)
    programs = program_starts(week)
    check_ics(sd, len(slot_lists), programs)
    check_csv(sd, len(slot_lists), programs)
    check_html(sd, programs)
    if opts.get("liquidsoap"):
        r = subprocess.run(["liquidsoap", "--check", "station.liq"], cwd=sd,
                           capture_output=True, text=True)
        if r.returncode != 0:
            bad(os.path.join(sd, "station.liq"), "liquidsoap --check failed:\n" + r.stdout + r.stderr)


def main():
    args = sys.argv[1:]
    opts = {"probe": "--probe" in args, "liquidsoap": "--liquidsoap" in args}
    dirs = [a for a in args if not a.startswith("--")]
    if len(dirs) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    week = dirs[0]
    stations = sorted(d for d in os.listdir(week)
                      if os.path.isfile(os.path.join(week, d, "manifest.json")))
    if not stations:
        bad(week, "no station directory with a manifest.json")
    for st in stations:
        try:
            check_station(os.path.join(week, st), opts)
        except Exception as e:  # a parser giving up is a finding too
            bad(os.path.join(week, st), f"{type(e).__name__}: {e}")
    try:
        json.load(open(os.path.join(week, "report.json"), encoding="utf-8"))
        if not open(os.path.join(week, "report.txt"), encoding="utf-8").read().strip():
            bad(week, "report.txt is empty")
    except (OSError, ValueError) as e:
        bad(week, f"report: {e}")
    for p in problems:
        print("publish_check:", p, file=sys.stderr)
    print(f"publish_check: {len(stations)} stations, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
