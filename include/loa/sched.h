#ifndef LOA_SCHED_H
#define LOA_SCHED_H

#include <stddef.h>

#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"

/* The weekly planner: district config + bulletins + ISO week → loa_plan.
 * Pure (no I/O): durations come from a callback, so the caller decides how
 * to know them (render and measure, read a cache, or estimate for a dry run).
 *
 * Rules, per station, over the week's slots in time order:
 * - Clips: a text bulletin becomes one clip per voice it is heard in (its
 *   "Giọng" if given, else each targeted station's dialect and voice), id
 *   "<id>-<dialect>" (e.g. "vneid-north"), "<id>-<dialect>-female" in a
 *   female voice; a recorded bulletin is one clip
 *   "<id>" for all; jingles are clips "intro", "outro", "chime" (a station's
 *   own jingle file: "intro-<station>"); the standing bulletin is
 *   "<standing id>-<dialect>". Jingle and recorded clips get AUDIO set to
 *   their file; text clips get AUDIO NULL (the build sets it).
 * - A bulletin airs in a slot when the slot starts inside its validity, to
 *   the minute ("Từ ngày: 26/11/2026 08:00" to "Đến ngày: 26/11/2026 16:30"
 *   airs in slots starting 08:00 to 16:29; a date alone is the whole day).
 * - Urgent (khẩn cấp) bulletins open every slot of every targeted station
 *   that starts inside their validity (quiet-hours slots included), after
 *   the chime, and stop once they have expired; their "Số lần phát" is
 *   ignored.
 * - Other bulletins, in order ưu tiên before thường, then earlier "Từ ngày",
 *   then id: their weekly repeats go to slots on days inside validity and
 *   outside the quiet hours, spread evenly over the valid days: the first
 *   airing aims at the least loaded valid day (earliest on ties), repeat k
 *   at k·n/R valid days after it (wrapping around; n valid days, R
 *   repeats); a day already used is taken again only when no other fits;
 *   within a day the less used slot name wins, so morning and evening
 *   alternate; never twice in one slot; when the aimed day is full the
 *   nearest day is taken, a later one before an earlier one.
 * - A slot's program is intro + chime (if it has urgent items) + items +
 *   gap_s between consecutive items + outro, never more than its length;
 *   items are whole (speech is never cut). What does not fit is reported in
 *   plan.deferred with a Vietnamese reason.
 * - A slot left empty gets the standing bulletin (its dates, targets and
 *   repeat count are not used); a quiet-hours slot with no
 *   urgent item is left out of the plan (nothing airs).
 * - Same input → same plan (ties broken by the orders above). */

typedef struct loa_sched_bulletin {
    const loa_bulletin *b; /* borrowed */
    const char *id;        /* [a-z0-9_-]+, unique among the bulletins (see loa_bulletin_id) */
    const char *source;    /* the script file, for reports and messages; may be NULL */
} loa_sched_bulletin;

/* Store in *SECONDS the duration of CLIP as it will air. BUL is the
 * bulletin behind a BULLETIN or STANDING clip (NULL for jingles); the clip's
 * kind, dialect and audio say which rendering is meant. Called once per clip,
 * only for clips the plan needs. A non-OK return stops planning with it. */
typedef loa_err (*loa_sched_seconds_fn)(void *ctx, const loa_plan_clip *clip,
                                        const loa_sched_bulletin *bul, double *seconds,
                                        loa_diag *diag);

typedef struct loa_sched_input {
    const loa_config *cfg;
    const loa_sched_bulletin *bulletins;
    size_t n_bulletins;
    const loa_sched_bulletin *standing; /* NULL: an empty slot keeps only its jingles */
    int iso_year, iso_week;
    loa_sched_seconds_fn seconds;
    void *ctx;
    /* Seconds a station's programs run beyond their parts (production
     * overhead, e.g. a music bed's lead-in and tail), indexed like
     * cfg->stations; NULL for none. Counted in every slot's length check. */
    const double *extra_s;
    /* ... and each item beyond its clip's seconds (e.g. a bed under every
     * item); NULL for none. */
    const double *item_extra_s;
    /* The silence between items at each station; NULL: cfg->gap_s everywhere. */
    const double *gap_s;
} loa_sched_input;

/* Plan the week into PLAN (which this call initialises). Fails with
 * LOA_ERR_PLAN when a bulletin targets an id that is neither a station nor
 * a group (DIAG line: the bulletin's "Đài" line), or ids clash; returns the
 * callback's error when it fails. On failure PLAN is left empty. */
loa_err loa_sched_plan(loa_plan *plan, const loa_sched_input *in, loa_diag *diag);

#endif
