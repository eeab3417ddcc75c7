#ifndef LOA_AIR_H
#define LOA_AIR_H

#include <stddef.h>

#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"

/* On air: what a station's playout reads, and the playout itself.
 *
 * The build publishes each week as an immutable version
 * <output>/.weeks/2026-W48.<n> and points <output>/2026-W48 at it; then
 * loa_air_update keeps one air folder per station, <output>/air/<id>/:
 *
 *   plan.tsv       the air plan: every program of every published week not
 *                  yet over, with its absolute start (Unix time, so the
 *                  process time zone does not matter) and its path under
 *                  weeks/ (replaced atomically: the "current" pointer)
 *   weeks/<ver>    the station's folder of each week version (a symlink on
 *                  the build machine, a real folder where loa pull copied it)
 *   urgent.tsv     notices to air at once (loa urgent), urgent/<id>.mp3
 *   station.liq    the Liquidsoap engine for this station (outputs, fallback)
 *   asrun/         the as-run log the playout keeps, one CSV per ISO week
 *
 * The same folder works on the build machine and, copied by loa pull, at a
 * station far away. */

/* Local (Asia/Ho_Chi_Minh, UTC+7, no DST) date D at SEC seconds after its
 * midnight, as Unix time. */
double loa_air_epoch(loa_date d, int sec);

/* The local date and seconds after midnight of Unix time T. */
void loa_air_local(double t, loa_date *d, int *sec);

/* One program of the air plan. */
typedef struct loa_air_prog {
    double start;        /* Unix time the slot starts */
    double seconds;      /* the program's length */
    double slot_end;     /* Unix time the slot ends */
    char week[16];       /* "2026-W48" */
    char *key;           /* "2026-11-23_0600_sang": the slot */
    char *path;          /* relative to the air folder, '/'-separated, no ".." */
    char sha256[65];
    int urgent;          /* 1 when it carries an urgent bulletin */
    char *bulletins;     /* bulletin ids, comma-separated ("" when none) */
} loa_air_prog;

typedef struct loa_air_plan {
    char *station;
    char engine_sha256[65]; /* of station.liq, "" when not given */
    loa_air_prog *progs;    /* by start time */
    size_t n;
} loa_air_plan;

/* Read plan.tsv at PATH into PLAN (initialised here; cleared on failure).
 * Anything malformed is refused with its line in DIAG (LOA_ERR_INVALID),
 * LOA_ERR_IO when it cannot be read. */
loa_err loa_air_plan_load(loa_air_plan *plan, const char *path, loa_diag *diag);
void loa_air_plan_clear(loa_air_plan *plan);

/* The program that should be on air at NOW: the last one whose start is at
 * or before NOW + LEAD and that has not ended at NOW; NULL when none. */
const loa_air_prog *loa_air_plan_at(const loa_air_plan *plan, double now, double lead);

/* An urgent notice to air at once. */
typedef struct loa_air_notice {
    char *id;            /* unique: "<bulletin id>-<issued>" */
    double issued;       /* Unix time loa urgent sent it */
    double until;        /* not aired at once after this (Unix time) */
    char *path;          /* relative to the air folder */
    char sha256[65];
    char *title;
} loa_air_notice;

typedef struct loa_air_notices {
    loa_air_notice *v;
    size_t n;
} loa_air_notices;

/* Read urgent.tsv at PATH (a missing file is an empty list). */
loa_err loa_air_notices_load(loa_air_notices *ns, const char *path, loa_diag *diag);
void loa_air_notices_clear(loa_air_notices *ns);

/* The Liquidsoap 2.1 engine of station ST: its outputs (ALSA and/or Icecast,
 * the password from LOA_ICECAST_PASSWORD), the fallback between programs, the
 * program and urgent queues loa air drives through a socket, and the events
 * it reports on standard output. *OUT is malloc'd. */
loa_err loa_air_script(const loa_config_station *st, char **out);

/* Bring every station's air folder under CFG's output up to date at Unix
 * time NOW: station.liq, weeks/ links to the published versions, plan.tsv
 * (replaced atomically, only when it changes); then remove week versions
 * that nothing points at any more once their week is over. */
loa_err loa_air_update(const loa_config *cfg, double now, loa_diag *diag);

/* A line of the playout's log, or of loa pull's (to the caller's stderr). */
typedef void (*loa_air_log_fn)(void *ctx, const char *msg);

typedef struct loa_air_opts {
    const char *dir;          /* the station's air folder */
    const char *liquidsoap;   /* the program; NULL: "liquidsoap" from PATH */
    const char *asrun_dir;    /* NULL: <dir>/asrun */
    double resume_min;        /* restarted later than this into a slot: resume where the
                                 schedule is; earlier: the whole program (0: 30 s) */
    loa_air_log_fn log;       /* may be NULL */
    void *log_ctx;
    volatile int *stop;       /* set non-zero (e.g. by a signal) to stop; may be NULL */
} loa_air_opts;

/* Run the station playout in DIR until *STOP: start Liquidsoap with
 * station.liq (again if it dies), play each program of plan.tsv at its start
 * (rest of the slot when started late), urgent notices as they appear in
 * urgent.tsv, re-read both when they change, and keep the as-run log. Returns
 * LOA_ERR_IO when DIR has no plan or Liquidsoap cannot be started at all. */
loa_err loa_air_run(const loa_air_opts *opts, loa_diag *diag);

/* loa urgent: air a notice now on running stations, and in the rest of its
 * validity in the published week. */
typedef struct loa_urgent_opts {
    const char *config;           /* the district file */
    const char *script;           /* the notice: a script with "Ưu tiên: khẩn cấp" */
    const char *const *stations;  /* station or group ids to air it now; NULL: the
                                     script's own "Đài" */
    size_t n_stations;
    int window_min;               /* stations (re)started or polling later than this
                                     after sending do not air it at once (0: 30) */
    int jobs;                     /* render workers (0: 1) */
    const char *data_dir;         /* NULL: loa_data_dir() */
    const char *cache_dir;        /* NULL: <output>/.cache */
    double now;                   /* Unix time; 0: the clock */
} loa_urgent_opts;

typedef struct loa_urgent_result {
    char *notice;                 /* "<bulletin id>-<unix time>" */
    char **sent;                  /* station ids whose urgent.tsv now holds it */
    size_t n_sent;
    char **missed;                /* targeted stations without the notice in this week
                                     (not in its validity or its "Đài") */
    size_t n_missed;
    char *err_file;               /* the file DIAG's line and column refer to, or NULL */
} loa_urgent_result;

void loa_urgent_result_clear(loa_urgent_result *r);

/* Copy SCRIPT into the district's scripts folder (refusing a different file
 * of the same name), rebuild and republish the current week (and next week
 * when it is published and the notice is valid then), so the notice opens
 * every remaining slot of its validity; then give each targeted station's
 * air folder urgent/<notice>.mp3 (chime + notice, as rendered for it) and a
 * line in urgent.tsv, which the running playouts pick up within a second
 * (loa pull stations on their next poll). Errors in the inputs:
 * LOA_ERR_CONFIG / LOA_ERR_TEXT with R->err_file and DIAG's line:col. */
loa_err loa_urgent_send(const loa_urgent_opts *o, loa_urgent_result *r, loa_diag *diag);

#endif
