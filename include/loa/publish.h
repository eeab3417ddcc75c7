#ifndef LOA_PUBLISH_H
#define LOA_PUBLISH_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/plan.h"

/* Publishing: a week plan plus the rendered program MP3s → the files a
 * commune station's operator loads (playlists, USB layout, schedules,
 * Liquidsoap script, manifest), and the district report. Output is a pure
 * function of the inputs: no wall-clock time, no randomness, fixed ordering,
 * numbers written the same under any locale, so a rebuild is byte-identical.
 *
 * Typical build:
 *   loa_publish_begin(OUT/2026-W48, &stage)    stage = OUT/.staging-<pid>-2026-W48
 *   for each station: render slot MP3s into stage/<station-id>/<slot name>.mp3,
 *                     loa_publish_station_week(plan, s, &files, stage/<station-id>)
 *   loa_publish_district_report(plan, stage)
 *   loa_publish_commit(OUT/2026-W48, stage)    or loa_publish_abort(stage) on failure */

/* What the build measured about one MP3 it placed in a station directory.
 * sha256 and size are not passed: publish hashes the file as it lies on disk,
 * so the manifest cannot disagree with the bytes an operator receives. */
typedef struct loa_publish_audio {
    const char *path;    /* relative to the station directory, '/'-separated,
                            [A-Za-z0-9._-] segments, no ".."; NULL = no file */
    double seconds;      /* measured duration; <= 0 means "use the plan's" */
    double lufs;         /* integrated loudness (EBU R128), LUFS */
    double true_peak_db; /* true peak, dBTP */
} loa_publish_audio;

/* The files of one station's week, indexed like the plan's arrays. */
typedef struct loa_publish_paths {
    const loa_publish_audio *slots; /* plan->n_slots entries; only the station's are read,
                                       each of which needs a path to an existing file */
    const loa_publish_audio *clips; /* NULL, or plan->n_clips entries: item MP3s the build
                                       placed in the station directory (path NULL = none);
                                       they are listed in manifest.json */
    const char *relay;              /* NULL, or the station's relay between programs (an
                                       http(s) URL without quotes, backslashes or spaces):
                                       station.liq's default for LOA_FALLBACK_URL */
} loa_publish_paths;

/* The suggested base name of slot SLOT's files, e.g. "2026-11-23_0600_sang" (date,
 * start HHMM, slot name folded to ASCII): the build names the program MP3
 * "<name>.mp3" and publish names its playlists "<name>.m3u8"/".pls". Fails with
 * LOA_ERR_INVALID for a bad index or a too small BUF (64 bytes always suffice). */
loa_err loa_publish_slot_name(const loa_plan *plan, size_t slot, char *buf, size_t size);

/* Write station STATION's week into DIR (which exists and holds the slot MP3s):
 *   <slot>.m3u8, <slot>.pls    one per slot: the slot's program MP3
 *   week.m3u8, week.pls        every slot of the week in play order
 *   usb/NNN_T2_0600_<slot>.mp3 hard links (copies across file systems) whose names
 *                              sort in play order: NNN counts the week's slots from 001
 *   schedule.csv               RFC 4180, CRLF, UTF-8 with a BOM (for Excel), header row
 *   schedule.ics               RFC 5545, VTIMEZONE Asia/Ho_Chi_Minh, a VEVENT per slot,
 *                              each with a VALARM plan->reminder_s before (none if < 0)
 *   schedule.html              printable "Lịch phát sóng" on A4 in Vietnamese: motto,
 *                              USB track numbers, a "đã phát" box per program, signatures
 *   station.liq                Liquidsoap 2.1 script that airs the week by itself, run by
 *                              hand: slot starts as Unix times, loa air's resume rule,
 *                              a relay (LOA_FALLBACK_URL) or silence between programs
 *   manifest.json              every file under DIR: sha256, bytes, and for MP3s duration,
 *                              LUFS, true peak and the bulletins inside (written last)
 * Each file is written under a temporary name and renamed into place. Fails with
 * LOA_ERR_INVALID (bad plan or paths, named in DIAG) or LOA_ERR_IO. */
loa_err loa_publish_station_week(const loa_plan *plan, size_t station,
                                 const loa_publish_paths *files, const char *dir,
                                 loa_diag *diag);

/* Write the district report into DIR: report.json (every station's slots with their
 * bulletins, each bulletin's airings per station, the deferrals with their reasons)
 * and report.txt, a short Vietnamese summary for people. */
loa_err loa_publish_district_report(const loa_plan *plan, const char *dir, loa_diag *diag);

/* Where the district report finds what actually aired: each station's as-run
 * log <output_dir>/air/<id>/asrun/<week>.csv (loa air's), compared with that
 * week's published programs <output_dir>/<week>/<id>/air.tsv. */
typedef struct loa_publish_asrun {
    const char *output_dir;
    double now;          /* Unix time: programs whose slot is not over are not judged */
} loa_publish_asrun;

/* loa_publish_district_report, plus, when ASRUN is not NULL, what aired in the
 * plan's week and the week before, for every week that has a station's log:
 * per station the programs due, on time and whole, late (> 1 s), partial (more
 * than 2 s not aired: cut, or resumed in mid-slot), missed, and the urgent
 * notices aired ("asrun" in report.json, "ĐÃ PHÁT THỰC TẾ" in report.txt).
 * Unreadable log rows are counted, never fatal. */
loa_err loa_publish_district_report_asrun(const loa_plan *plan, const char *dir,
                                          const loa_publish_asrun *asrun, loa_diag *diag);

/* The SHA-256 (hex) of what the as-run part of the report would say now: a
 * build whose week is otherwise unchanged publishes again when it differs. */
void loa_publish_asrun_digest(const loa_plan *plan, const loa_publish_asrun *asrun, char hex[65]);

/* Start publishing the tree TARGET (e.g. "out/2026-W48"): create TARGET's parent if
 * needed, remove debris of killed builds there (every .staging-*, .link-*; a tree
 * left aside by a commit that was killed is put back if TARGET is missing), then
 * create an empty staging directory "<parent>/.staging-<pid>-<name>" and return its
 * path in *STAGING (caller frees). The caller holds the output's lock (as
 * loa_build_run does): any staging tree there is a killed build's. */
loa_err loa_publish_begin(const char *target, char **staging, loa_diag *diag);

/* Make STAGING the new TARGET atomically: fsync the staged tree, then swap the two
 * names with renameat2(RENAME_EXCHANGE) (or, where the file system cannot, rename
 * TARGET aside to "<parent>/.old-<pid>-<name>" and STAGING into place), then delete
 * the old tree. A crash at any point leaves the old or the new tree complete at
 * TARGET (or aside, where the next loa_publish_begin restores it). */
loa_err loa_publish_commit(const char *target, const char *staging, loa_diag *diag);

/* Remove the staging tree of a failed build; TARGET stays as it was. NULL-safe. */
void loa_publish_abort(const char *staging);

#endif
