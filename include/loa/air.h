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

#endif
