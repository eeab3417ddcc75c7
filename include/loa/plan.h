#ifndef LOA_PLAN_H
#define LOA_PLAN_H

#include <stddef.h>

#include "loa/date.h"
#include "loa/error.h"

/* The week plan: what airs on which station, when, in what order.
 * Produced by the planner (sched, pure: no I/O) from the district config and
 * the bulletins; consumed by publish, which writes the operators' files.
 * Every string is UTF-8 and owned by the plan; loa_plan_clear frees all. */

typedef enum loa_priority {
    LOA_PRIO_NORMAL = 0, /* thường */
    LOA_PRIO_HIGH = 1,   /* ưu tiên */
    LOA_PRIO_URGENT = 2  /* khẩn cấp */
} loa_priority;


/* One piece of audio the plan refers to: a bulletin, a jingle or the chime. */
typedef enum loa_clip_kind {
    LOA_CLIP_BULLETIN = 0,
    LOA_CLIP_STANDING = 1, /* the district's standing bulletin for empty slots */
    LOA_CLIP_INTRO = 2,
    LOA_CLIP_OUTRO = 3,
    LOA_CLIP_CHIME = 4
} loa_clip_kind;

typedef struct loa_plan_clip {
    loa_clip_kind kind;
    char *id;              /* safe ASCII [a-z0-9-_], unique in the plan; used in file names */
    char *title;           /* UTF-8, e.g. the bulletin's "Tiêu đề" */
    loa_priority priority;
    double seconds;        /* duration of the rendered audio */
    char *audio;           /* path of the rendered clip (set by the build before publish) */
    char *source;          /* the script or audio file it came from (for reports); may be NULL */
    /* Added by the planner (sched.h): */
    int bulletin;          /* BULLETIN: index into the planner's bulletins; -1 otherwise */
    int dialect;           /* loa_dialect the clip is spoken in; -1 for jingles and
                            * recorded bulletins (one clip serves every dialect) */
} loa_plan_clip;

typedef struct loa_plan_station {
    char *id;              /* safe ASCII; the station's output directory name */
    char *name;            /* e.g. "Đài truyền thanh xã Tân Lập" */
    char *commune;         /* e.g. "xã Tân Lập" */
    int dialect;           /* loa_dialect */
} loa_plan_station;

/* A broadcast slot of one station on one day: intro, items, outro. */
typedef struct loa_plan_slot {
    int station;           /* index into stations */
    char *name;            /* slot name from the config, e.g. "sang" */
    loa_date date;         /* local date (Asia/Ho_Chi_Minh) */
    int weekday;           /* 1 = Monday (thứ hai) .. 7 = Sunday (chủ nhật) */
    int start_min;         /* minutes after local midnight */
    int length_s;          /* the slot's length in seconds; the program never exceeds it */
    int intro, outro;      /* clip indexes, -1 for none */
    int chime;             /* clip index of the urgent chime before urgent items, -1 if none */
    int *items;            /* clip indexes in play order (urgent first) */
    size_t n_items;
    double gap_s;          /* silence between items */
    double seconds;        /* planned program duration: intro+chime+items+gaps+outro */
} loa_plan_slot;

/* Something that did not air where it was asked to, and why. */
typedef struct loa_plan_deferral {
    int clip;              /* the bulletin */
    int station;           /* where it was wanted */
    int aired;             /* how many of its weekly airings were placed */
    int wanted;            /* how many were asked for */
    char *reason;          /* Vietnamese, e.g. "không đủ thời lượng trong khung phát" */
} loa_plan_deferral;

typedef struct loa_plan {
    char *district;        /* e.g. "huyện Mường Tè" */
    char *province;        /* e.g. "tỉnh Lai Châu" */
    int iso_year, iso_week;
    loa_date monday;       /* first day of the week */
    int reminder_s;        /* calendar reminder before each slot, seconds; -1 none */
    loa_plan_clip *clips;
    size_t n_clips;
    loa_plan_station *stations;
    size_t n_stations;
    loa_plan_slot *slots;  /* sorted by station, date, start time */
    size_t n_slots;
    loa_plan_deferral *deferred;
    size_t n_deferred;
} loa_plan;

/* Make P empty. */
void loa_plan_init(loa_plan *p);

/* Free everything P owns and leave it empty; NULL-safe. */
void loa_plan_clear(loa_plan *p);

/* The week at a glance, for the report's first line and unattended runs. */
typedef struct loa_plan_summary {
    size_t stations, slots;
    size_t bulletins;         /* distinct bulletins (not the standing one) that air */
    size_t airings;           /* how many times they air, all stations together */
    size_t standing_slots;    /* slots that air no bulletin but the standing one */
    size_t deferred;          /* deferrals (a bulletin short of its airings somewhere) */
    size_t urgent_deferred;   /* of which urgent */
    size_t standing_stations; /* stations that air nothing but the standing bulletin */
} loa_plan_summary;

/* Something in a plan that a person should see before it airs. */
typedef enum loa_plan_alert_kind {
    LOA_ALERT_NOTHING_NEW = 1, /* no bulletin is valid in the week: standing bulletins only */
    LOA_ALERT_URGENT_DEFERRED, /* an urgent CLIP is short of its airings at STATION */
    LOA_ALERT_STANDING_ONLY,   /* STATION airs only the standing bulletin all week */
    LOA_ALERT_DEFERRED         /* CLIP is short of its airings at STATION */
} loa_plan_alert_kind;

typedef struct loa_plan_alert {
    loa_plan_alert_kind kind;
    int station;  /* index into stations, -1 for the whole district */
    int deferral; /* index into deferred, -1 when not about a deferral */
} loa_plan_alert;

/* Count what P airs into *OUT. */
void loa_plan_summarize(const loa_plan *p, loa_plan_summary *out);

/* The alerts of P, most serious first (nothing new, urgent deferred, stations with
 * the standing bulletin only, other deferrals), into *OUT (malloc'd, NULL when
 * none) and *N. Fails only with LOA_ERR_NOMEM. */
loa_err loa_plan_alerts(const loa_plan *p, loa_plan_alert **out, size_t *n);

/* Alert A of P as one Vietnamese sentence (what, then " — " what to do);
 * malloc'd, NULL when out of memory. */
char *loa_plan_alert_text(const loa_plan *p, const loa_plan_alert *a);

#endif
