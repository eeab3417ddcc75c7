/* Helpers shared by the publish_*.c files only (not part of libloa's API). */
#ifndef LOA_PUBLISH_PRIV_H
#define LOA_PUBLISH_PRIV_H

#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "buf_int.h"
#include "error_int.h"

/* Fold UTF-8 S to a file-name-safe lowercase ASCII slug ([a-z0-9-]), Vietnamese
 * letters to their base letter ("sáng" → "sang"). Never empty: FALLBACK. */
void loai_pub_slug(const char *s, const char *fallback, char *out, size_t size);
const char *loai_pub_weekday(int wd);       /* "Thứ Hai" .. "Chủ Nhật" */
const char *loai_pub_weekday_short(int wd); /* "T2" .. "T7", "CN" */
const char *loai_pub_priority(loa_priority p); /* "thường", "ưu tiên", "khẩn cấp" */

/* Write DATA to DIR/NAME through a temporary name and a rename, with no
 * fsync: DIR is inside a staged tree, which loa_publish_commit syncs whole. */
loa_err loai_pub_write(const char *dir, const char *name, const loai_out *o, loa_diag *diag);

/* One station's week, resolved once and shared by the writers. */
typedef struct loai_pub_slot {
    size_t index;            /* into plan->slots */
    const loa_plan_slot *s;
    const loa_publish_audio *file;
    char key[64];            /* "2026-11-23_0600_sang" */
    double seconds;          /* measured, else planned */
    long start_sec;          /* seconds from the week's Monday 00:00 local */
    loa_date end_date;
    int end_sec;             /* seconds after local midnight of END_DATE */
} loai_pub_slot;

/* A file's SHA-256 by its inode: what air.tsv and the manifest both need
 * is hashed once (a program and its usb/ link once too). */
typedef struct loai_pub_hash {
    unsigned long long dev, ino, bytes;
    char hex[65];
} loai_pub_hash;

typedef struct loai_pub_week {
    const loa_plan *plan;
    const loa_plan_station *st;
    size_t station;
    loai_pub_slot *slots;    /* in play order */
    size_t n;
    loai_pub_hash *hashes;   /* the station's files hashed so far */
    size_t n_hashes, cap_hashes;
    const char *relay;       /* the station's relay between programs, or NULL */
} loai_pub_week;

/* PATH's SHA-256 (lowercase hex) and size, from W's memo when a file with
 * its inode was hashed before. */
loa_err loai_pub_sha256(loai_pub_week *w, const char *path, char hex[65],
                        unsigned long long *bytes, loa_diag *diag);

loa_err loai_pub_schedule_csv(const loai_pub_week *w, loai_out *o);
loa_err loai_pub_schedule_ics(const loai_pub_week *w, loai_out *o);
loa_err loai_pub_schedule_html(const loai_pub_week *w, loai_out *o);
loa_err loai_pub_liquidsoap(const loai_pub_week *w, loai_out *o);
/* DIR/air.tsv: the week's programs as the playout reads them (publish_air.c). */
loa_err loai_pub_air_week(loai_pub_week *w, const char *dir, loa_diag *diag);

/* "HH:MM:SS" and "HH:MM" of seconds after midnight. */
void loai_pub_hms(int sec, char buf[16]);
void loai_pub_hm(int sec, char buf[16]);
/* SECONDS as an announcer would write it: "54 giây", "12 phút", "12 phút 5 giây". */
void loai_pub_duration_vi(double seconds, char buf[48]);
/* Digits of the USB track numbers of a week of N programs (001 .. 999, then 4, 5). */
int loai_pub_track_width(size_t n);
/* Is clip C one of the bulletins a listener hears (not a jingle or chime)? */
int loai_pub_is_bulletin(const loa_plan_clip *c);

/* The as-run part of the district report (publish_asrun.c): JSON array
 * elements into JSON, the text sections into TEXT (either may be NULL). */
loa_err loai_pub_asrun(const loa_plan *plan, const loa_publish_asrun *ar, loai_out *json,
                       loai_out *text);

/* Replace every file under STAGE whose bytes are those of the same path under
 * PREV (the version it supersedes; NULL or missing: nothing) with a hard link
 * to that file; *BYTES and *FILES (may be NULL) get what is now shared. Best
 * effort: fails only with LOA_ERR_NOMEM (publish_link.c). */
loa_err loai_pub_link_same(const char *stage, const char *prev, unsigned long long *bytes,
                           size_t *files);

/* Seconds as a short decimal (milliseconds, no trailing zeros), C locale. */
void loai_pub_seconds(char *buf, size_t size, double s);

#endif
