/* The weekly planner (pure: no I/O). See include/loa/sched.h for the rules. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/config.h"
#include "loa/date.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/sched.h"
#include "loa/script.h"
#include "buf_int.h"
#include "error_int.h"

#define EPS 1e-6

/* One slot of one station on one day, while it is being filled. */
typedef struct wslot {
    int station;
    int cslot;       /* index into the station's config slots */
    int day;         /* 0 = Monday .. 6 */
    int start_min, length_s, quiet;
    double used;     /* seconds of chime + items + gaps so far */
    int has_urgent;
    int *items;
    size_t n_items, cap;
} wslot;

typedef struct planner {
    const loa_sched_input *in;
    loa_plan *plan;
    loa_diag *diag;
    size_t clip_cap, def_cap;
    int *order;      /* bulletin indexes in planning order */
} planner;

static loa_err fail_plan(planner *pl, int line, const char *fmt, ...) LOAI_PRINTF(3, 4);

static loa_err fail_plan(planner *pl, int line, const char *fmt, ...)
{
    va_list ap;

    if (pl->diag) {
        pl->diag->line = line;
        pl->diag->col = line ? 1 : 0;
        va_start(ap, fmt);
        vsnprintf(pl->diag->msg, sizeof pl->diag->msg, fmt, ap);
        va_end(ap);
    }
    return LOA_ERR_PLAN;
}

/* ---- clips ------------------------------------------------------------- */

static int clip_find(const loa_plan *p, const char *id)
{
    size_t i;

    for (i = 0; i < p->n_clips; i++)
        if (strcmp(p->clips[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* The clip ID, created (and measured through the callback) on first use. */
static loa_err clip_get(planner *pl, const char *id, loa_clip_kind kind, int bulletin,
                        int dialect, int gender, const char *title, const char *audio,
                        const char *source, loa_priority prio, int *out)
{
    loa_plan *p = pl->plan;
    const loa_sched_bulletin *bul = NULL;
    loa_plan_clip *c;
    loa_err err;
    int i = clip_find(p, id);

    if (i >= 0) {
        /* Same id, different thing: two bulletins whose ids collide with a
         * derived id ("a" in north is "a-north"). */
        if (p->clips[i].kind != kind || p->clips[i].bulletin != bulletin)
            return fail_plan(pl, 0, "two clips would share the id '%s' — rename one of the "
                                    "script files", id);
        *out = i;
        return LOA_OK;
    }
    if (p->n_clips == pl->clip_cap) {
        size_t cap = pl->clip_cap ? pl->clip_cap * 2 : 16;
        loa_plan_clip *v = realloc(p->clips, cap * sizeof *v);

        if (v == NULL)
            return LOA_ERR_NOMEM;
        p->clips = v;
        pl->clip_cap = cap;
    }
    c = &p->clips[p->n_clips];
    memset(c, 0, sizeof *c);
    p->n_clips++;
    c->kind = kind;
    c->priority = prio;
    c->bulletin = bulletin;
    c->dialect = dialect;
    c->gender = dialect < 0 ? -1 : gender;
    if ((c->id = loai_dup_str(id)) == NULL || (c->title = loai_dup_str(title)) == NULL ||
        (audio && (c->audio = loai_dup_str(audio)) == NULL) ||
        (source && (c->source = loai_dup_str(source)) == NULL))
        return LOA_ERR_NOMEM;
    if (kind == LOA_CLIP_BULLETIN)
        bul = &pl->in->bulletins[bulletin];
    else if (kind == LOA_CLIP_STANDING)
        bul = pl->in->standing;
    if (kind == LOA_CLIP_BULLETIN && bul != NULL) {
        c->from = bul->b->from;
        c->to = bul->b->to;
        c->from_min = bul->b->from_min;
        c->to_min = bul->b->to_min;
    }
    if ((err = pl->in->seconds(pl->in->ctx, c, bul, &c->seconds, pl->diag)) != LOA_OK)
        return err;
    if (!(c->seconds >= 0) || !isfinite(c->seconds))
        return fail_plan(pl, 0, "clip '%s' has no usable duration (%g s)", id, c->seconds);
    *out = (int)p->n_clips - 1;
    return LOA_OK;
}

static const char *jingle_title(loa_clip_kind k)
{
    return k == LOA_CLIP_INTRO ? "Nhạc hiệu mở đầu"
           : k == LOA_CLIP_OUTRO ? "Nhạc hiệu kết thúc"
                                 : "Tín hiệu bản tin khẩn cấp";
}

/* The clip for a station's jingle PATH (NULL → -1). */
static loa_err jingle_clip(planner *pl, loa_clip_kind kind, const char *path,
                           const char *district_path, const char *station_id, int *out)
{
    const char *base = kind == LOA_CLIP_INTRO ? "intro" : kind == LOA_CLIP_OUTRO ? "outro"
                                                                                 : "chime";
    char id[160];
    size_t i;

    *out = -1;
    if (path == NULL)
        return LOA_OK;
    /* The same file is one clip whoever uses it. */
    for (i = 0; i < pl->plan->n_clips; i++)
        if (pl->plan->clips[i].kind == kind && strcmp(pl->plan->clips[i].audio, path) == 0) {
            *out = (int)i;
            return LOA_OK;
        }
    if (district_path && strcmp(path, district_path) == 0)
        snprintf(id, sizeof id, "%s", base);
    else
        snprintf(id, sizeof id, "%s-%s", base, station_id);
    return clip_get(pl, id, kind, -1, -1, -1, jingle_title(kind), path, path, LOA_PRIO_NORMAL,
                    out);
}

/* The clip of bulletin BI (or the standing one when BI < 0) at station ST:
 * in the bulletin's own dialect and voice, else the station's. */
static loa_err bulletin_clip(planner *pl, int bi, const loa_config_station *st, int *out)
{
    const loa_sched_bulletin *sb = bi >= 0 ? &pl->in->bulletins[bi] : pl->in->standing;
    const loa_bulletin *b = sb->b;
    char id[200];
    int d = b->audio ? -1 : b->dialect >= 0 ? b->dialect : (int)st->dialect;
    int g = b->audio ? -1 : b->gender >= 0 ? b->gender : (int)st->gender;

    if (d < 0)
        snprintf(id, sizeof id, "%s", sb->id);
    else if (g == LOA_GENDER_FEMALE)
        snprintf(id, sizeof id, "%s-%s-female", sb->id, loa_dialect_name((loa_dialect)d));
    else
        snprintf(id, sizeof id, "%s-%s", sb->id, loa_dialect_name((loa_dialect)d));
    return clip_get(pl, id, bi >= 0 ? LOA_CLIP_BULLETIN : LOA_CLIP_STANDING, bi, d, g,
                    b->title, b->audio, sb->source ? sb->source : b->audio,
                    bi >= 0 ? b->priority : LOA_PRIO_NORMAL, out);
}

/* ---- deferrals ---------------------------------------------------------- */

static loa_err defer(planner *pl, int clip, int station, int aired, int wanted, const char *fmt,
                     ...) LOAI_PRINTF(6, 7);

static loa_err defer(planner *pl, int clip, int station, int aired, int wanted, const char *fmt,
                     ...)
{
    loa_plan *p = pl->plan;
    loa_plan_deferral *d;
    char msg[300];
    va_list ap;

    if (p->n_deferred == pl->def_cap) {
        size_t cap = pl->def_cap ? pl->def_cap * 2 : 8;
        loa_plan_deferral *v = realloc(p->deferred, cap * sizeof *v);

        if (v == NULL)
            return LOA_ERR_NOMEM;
        p->deferred = v;
        pl->def_cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d = &p->deferred[p->n_deferred];
    d->clip = clip;
    d->station = station;
    d->aired = aired;
    d->wanted = wanted;
    if ((d->reason = loai_dup_str(msg)) == NULL)
        return LOA_ERR_NOMEM;
    p->n_deferred++;
    return LOA_OK;
}

/* ---- targeting and ordering --------------------------------------------- */

/* 1 when bulletin B targets station ST (directly, by group, or all). */
static int targets(const loa_config *cfg, const loa_bulletin *b, const loa_config_station *st)
{
    size_t i, k;

    if (b->all_stations)
        return 1;
    for (i = 0; i < b->n_targets; i++) {
        if (strcmp(b->targets[i], st->id) == 0)
            return 1;
        for (k = 0; k < st->n_groups; k++)
            if (strcmp(b->targets[i], st->groups[k]) == 0 &&
                loa_config_group_find(cfg, st->groups[k]))
                return 1;
    }
    return 0;
}

static int order_cmp(const loa_sched_bulletin *x, const loa_sched_bulletin *y)
{
    int c;

    if (x->b->priority != y->b->priority)
        return x->b->priority > y->b->priority ? -1 : 1;
    if ((c = loa_date_cmp(x->b->from, y->b->from)) != 0)
        return c;
    return strcmp(x->id, y->id);
}

/* Planning order: khẩn cấp, ưu tiên, thường; then earlier "Từ ngày"; then
 * id. Ids are unique, so there are no ties. Insertion sort: a week holds
 * tens of bulletins, and qsort would need the base in a global. */
static void sort_bulletins(planner *pl)
{
    const loa_sched_bulletin *v = pl->in->bulletins;
    size_t i, j;

    for (i = 0; i < pl->in->n_bulletins; i++) {
        int x = (int)i;

        for (j = i; j > 0 && order_cmp(&v[pl->order[j - 1]], &v[x]) > 0; j--)
            pl->order[j] = pl->order[j - 1];
        pl->order[j] = x;
    }
}

static loa_err check_input(planner *pl)
{
    const loa_sched_input *in = pl->in;
    const loa_config *cfg = in->cfg;
    size_t i, k;

    for (i = 0; i < in->n_bulletins; i++) {
        const loa_sched_bulletin *sb = &in->bulletins[i];

        if (sb->b == NULL || !loai_safe_id(sb->id, NULL))
            return fail_plan(pl, 0, "bulletin %zu has no usable id ('%s') — ids use a-z, 0-9, "
                                    "'-' and '_'", i, sb->id ? sb->id : "");
        for (k = 0; k < i; k++)
            if (strcmp(in->bulletins[k].id, sb->id) == 0)
                return fail_plan(pl, 0, "two bulletins have the id '%s' (%s and %s) — rename "
                                        "one of the files", sb->id,
                                 in->bulletins[k].source ? in->bulletins[k].source : "?",
                                 sb->source ? sb->source : "?");
        for (k = 0; k < sb->b->n_targets; k++) {
            const char *t = sb->b->targets[k];

            if (!loa_config_station_find(cfg, t) && !loa_config_group_find(cfg, t))
                return fail_plan(pl, sb->b->targets_line,
                                 "'%s' in 'Đài' is neither a station nor a group of %s — use "
                                 "ids from the district config or \"tất cả\"", t,
                                 cfg->district);
        }
    }
    if (in->standing && (in->standing->b == NULL || !loai_safe_id(in->standing->id, NULL)))
        return fail_plan(pl, 0, "the standing bulletin has no usable id");
    if (in->seconds == NULL)
        return fail_plan(pl, 0, "no duration callback given to the planner");
    return LOA_OK;
}

/* ---- placing ------------------------------------------------------------ */

static loa_err slot_add(wslot *s, int clip, double need)
{
    if (s->n_items == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        int *v = realloc(s->items, cap * sizeof *v);

        if (v == NULL)
            return LOA_ERR_NOMEM;
        s->items = v;
        s->cap = cap;
    }
    s->items[s->n_items++] = clip;
    s->used += need;
    return LOA_OK;
}

static int slot_has(const wslot *s, int clip)
{
    size_t i;

    for (i = 0; i < s->n_items; i++)
        if (s->items[i] == clip)
            return 1;
    return 0;
}


static int slot_fits(const wslot *s, double base, double need)
{
    return base + s->used + need <= (double)s->length_s + EPS;
}

typedef struct station_ctx {
    int si;
    const loa_config_station *st;
    wslot *slots;      /* this station's slots of the week, in time order */
    size_t n;
    double base;       /* intro + outro + extra */
    double extra;      /* production overhead of every program (extra_s) */
    double item_extra; /* ... and of every item (item_extra_s) */
    double gap, chime_s;
} station_ctx;

/* Seconds CLIP would add to S (the gap before it, the chime if it is the
 * first urgent item). */
static double slot_need(const station_ctx *sc, const wslot *s, double clip_s, double chime_s,
                        int urgent)
{
    return clip_s + sc->item_extra + (s->n_items ? sc->gap : 0.0) +
           (urgent && !s->has_urgent ? chime_s : 0.0);
}

static loa_err place_urgent(planner *pl, station_ctx *sc, int bi)
{
    const loa_bulletin *b = pl->in->bulletins[bi].b;
    loa_date monday = pl->plan->monday;
    int clip = -1, wanted = 0, aired = 0, toolong = 0;
    size_t i;
    loa_err err;

    for (i = 0; i < sc->n; i++) {
        wslot *s = &sc->slots[i];
        loa_date d = loa_date_add_days(monday, s->day);
        double need;

        /* to the minute: an urgent notice stops airing once it has expired */
        if (!loa_bulletin_valid_at(b, d, s->start_min))
            continue;
        if (clip < 0 && (err = bulletin_clip(pl, bi, sc->st, &clip)) != LOA_OK)
            return err;
        wanted++;
        need = slot_need(sc, s, pl->plan->clips[clip].seconds, sc->chime_s, 1);
        if (!slot_fits(s, sc->base, need)) {
            if (sc->base + sc->chime_s + pl->plan->clips[clip].seconds + sc->item_extra >
                s->length_s + EPS)
                toolong = 1;
            continue;
        }
        if ((err = slot_add(s, clip, need)) != LOA_OK)
            return err;
        s->has_urgent = 1;
        aired++;
    }
    if (aired < wanted) {
        if (toolong)
            return defer(pl, clip, sc->si, aired, wanted,
                         "bản tin khẩn cấp dài %.0f giây, vượt thời lượng khung phát; cần rút "
                         "ngắn bản tin", pl->plan->clips[clip].seconds);
        return defer(pl, clip, sc->si, aired, wanted,
                     "không đủ thời lượng cho bản tin khẩn cấp trong %d khung phát",
                     wanted - aired);
    }
    return LOA_OK;
}

/* A slot a non-urgent bulletin may air in: outside the quiet hours, and
 * starting inside its validity (to the minute). */
static int slot_valid(const loa_bulletin *b, loa_date monday, const wslot *s)
{
    return !s->quiet && loa_bulletin_valid_at(b, loa_date_add_days(monday, s->day), s->start_min);
}

static loa_err place_repeats(planner *pl, station_ctx *sc, int bi)
{
    const loa_bulletin *b = pl->in->bulletins[bi].b;
    loa_date monday = pl->plan->monday;
    int days[7], n_days = 0, day_ok[7] = {0}, per_day[7] = {0}, any_valid = 0;
    int *name_use = NULL, clip = -1, aired = 0, n_cand = 0, k, start = 0;
    double free_max = 0;
    size_t i;
    char from[32], to[32];
    loa_err err = LOA_OK;

    for (k = 0; k < 7; k++)
        if (loa_bulletin_valid_on(b, loa_date_add_days(monday, k)))
            any_valid = day_ok[k] = 1;
    if (!any_valid)
        return LOA_OK; /* not this week's business */
    for (i = 0; i < sc->n; i++) {
        wslot *s = &sc->slots[i];

        if (!slot_valid(b, monday, s))
            continue;
        if (n_days == 0 || days[n_days - 1] != s->day)
            days[n_days++] = s->day;
        n_cand++;
        if (s->length_s - sc->base > free_max)
            free_max = s->length_s - sc->base;
    }
    if ((err = bulletin_clip(pl, bi, sc->st, &clip)) != LOA_OK)
        return err;
    loa_date_when_text(from, sizeof from, b->from, b->from_min, 0);
    loa_date_when_text(to, sizeof to, b->to, b->to_min, 1440);
    if (n_cand == 0)
        return defer(pl, clip, sc->si, 0, b->repeat,
                     "không có khung phát ngoài giờ nghỉ trong thời gian hiệu lực (%s–%s)", from,
                     to);
    if ((name_use = calloc(sc->st->n_slots, sizeof *name_use)) == NULL)
        return LOA_ERR_NOMEM;
    /* Start on the least loaded valid day (earliest on ties), so bulletins
     * do not all pile onto the first day; the repeats follow at even steps. */
    {
        double load[7] = {0}, best_load = -1;

        for (i = 0; i < sc->n; i++)
            if (slot_valid(b, monday, &sc->slots[i]))
                load[sc->slots[i].day] += sc->slots[i].used;
        for (k = 0; k < n_days; k++)
            if (best_load < 0 || load[days[k]] < best_load - EPS) {
                best_load = load[days[k]];
                start = k;
            }
    }
    for (k = 0; k < b->repeat; k++) {
        int ideal = days[(start + (k * n_days) / b->repeat) % n_days];
        wslot *best = NULL;
        long best_key[5] = {0, 0, 0, 0, 0};

        for (i = 0; i < sc->n; i++) {
            wslot *s = &sc->slots[i];
            long key[5];
            int j;

            if (!slot_valid(b, monday, s) || slot_has(s, clip) ||
                !slot_fits(s, sc->base,
                           slot_need(sc, s, pl->plan->clips[clip].seconds, 0, 0)))
                continue;
            key[0] = per_day[s->day];                 /* a day it has not aired yet */
            key[1] = labs((long)(s->day - ideal));    /* near the day it aims at */
            key[2] = s->day < ideal;                  /* later rather than earlier */
            key[3] = name_use[s->cslot];              /* morning/evening in turn */
            key[4] = (long)i;                         /* then time order */
            for (j = 0; j < 5 && best; j++)
                if (key[j] != best_key[j])
                    break;
            if (best == NULL || (j < 5 && key[j] < best_key[j])) {
                best = s;
                memcpy(best_key, key, sizeof key);
            }
        }
        if (best == NULL)
            break;
        if ((err = slot_add(best, clip,
                            slot_need(sc, best, pl->plan->clips[clip].seconds, 0, 0))) !=
            LOA_OK)
            goto done;
        per_day[best->day]++;
        name_use[best->cslot]++;
        aired++;
    }
    if (aired < b->repeat) {
        double secs = pl->plan->clips[clip].seconds;

        if (secs + sc->item_extra > free_max + EPS)
            err = defer(pl, clip, sc->si, aired, b->repeat,
                        "bản tin dài %.0f giây, vượt thời lượng dành cho bản tin của khung phát "
                        "(%.0f giây); cần rút ngắn hoặc chia nhỏ bản tin", secs, free_max);
        else if (aired == n_cand)
            err = defer(pl, clip, sc->si, aired, b->repeat,
                        "chỉ có %d khung phát trong thời gian hiệu lực (%s–%s) cho %d lần phát",
                        n_cand, from, to, b->repeat);
        else
            err = defer(pl, clip, sc->si, aired, b->repeat,
                        "không đủ thời lượng: các khung phát trong thời gian hiệu lực (%s–%s) "
                        "đã đầy", from, to);
    }
done:
    free(name_use);
    return err;
}

static loa_err place_standing(planner *pl, station_ctx *sc)
{
    int clip = -1, missed = 0, wanted = 0;
    size_t i;
    loa_err err;

    if (pl->in->standing == NULL)
        return LOA_OK;
    for (i = 0; i < sc->n; i++) {
        wslot *s = &sc->slots[i];
        double need;

        if (s->n_items || s->quiet)
            continue;
        if (clip < 0 && (err = bulletin_clip(pl, -1, sc->st, &clip)) != LOA_OK)
            return err;
        wanted++;
        need = slot_need(sc, s, pl->plan->clips[clip].seconds, 0, 0);
        if (!slot_fits(s, sc->base, need)) {
            missed++;
            continue;
        }
        if ((err = slot_add(s, clip, need)) != LOA_OK)
            return err;
    }
    if (missed)
        return defer(pl, clip, sc->si, wanted - missed, wanted,
                     "bản tin thường trực dài %.0f giây, vượt thời lượng khung phát; %d khung "
                     "chỉ có nhạc hiệu", pl->plan->clips[clip].seconds, missed);
    return LOA_OK;
}

/* Move the filled slots of one station into the plan. */
static loa_err emit_slots(planner *pl, station_ctx *sc, int intro, int outro, int chime)
{
    loa_plan *p = pl->plan;
    size_t i, cnt = 0;
    loa_plan_slot *v;

    for (i = 0; i < sc->n; i++)
        if (!(sc->slots[i].quiet && sc->slots[i].n_items == 0))
            cnt++;
    if (cnt == 0)
        return LOA_OK;
    if ((v = realloc(p->slots, (p->n_slots + cnt) * sizeof *v)) == NULL)
        return LOA_ERR_NOMEM;
    p->slots = v;
    for (i = 0; i < sc->n; i++) {
        wslot *s = &sc->slots[i];
        loa_plan_slot *o;
        size_t k;

        if (s->quiet && s->n_items == 0)
            continue;
        o = &p->slots[p->n_slots];
        memset(o, 0, sizeof *o);
        p->n_slots++;
        o->station = sc->si;
        o->date = loa_date_add_days(p->monday, s->day);
        o->weekday = s->day + 1;
        o->start_min = s->start_min;
        o->length_s = s->length_s;
        o->intro = intro;
        o->outro = outro;
        o->chime = s->has_urgent ? chime : -1;
        o->gap_s = sc->gap;
        o->items = s->items; /* handed over */
        o->n_items = s->n_items;
        s->items = NULL;
        s->n_items = s->cap = 0;
        o->seconds = (intro >= 0 ? p->clips[intro].seconds : 0) +
                     (outro >= 0 ? p->clips[outro].seconds : 0) +
                     (o->chime >= 0 ? p->clips[o->chime].seconds : 0);
        for (k = 0; k < o->n_items; k++)
            o->seconds += p->clips[o->items[k]].seconds + sc->item_extra + (k ? o->gap_s : 0.0);
        o->seconds += sc->extra;
        if ((o->name = loai_dup_str(sc->st->slots[s->cslot].name)) == NULL)
            return LOA_ERR_NOMEM;
    }
    return LOA_OK;
}

static loa_err plan_station(planner *pl, int si)
{
    const loa_config *cfg = pl->in->cfg;
    const loa_config_station *st = &cfg->stations[si];
    station_ctx sc;
    int intro, outro, chime, day;
    size_t i, k, oi;
    loa_err err;

    memset(&sc, 0, sizeof sc);
    sc.si = si;
    sc.st = st;
    sc.gap = pl->in->gap_s != NULL ? pl->in->gap_s[si] : cfg->gap_s;
    if (st->n_slots > SIZE_MAX / 7 / sizeof *sc.slots)
        return LOA_ERR_NOMEM;
    if ((sc.slots = calloc(st->n_slots * 7 + 1, sizeof *sc.slots)) == NULL)
        return LOA_ERR_NOMEM;
    for (day = 0; day < 7; day++)
        for (k = 0; k < st->n_slots; k++) /* config slots are sorted by start */
            if (st->slots[k].weekdays & (1u << day)) {
                wslot *s = &sc.slots[sc.n++];
                s->station = si;
                s->cslot = (int)k;
                s->day = day;
                s->start_min = st->slots[k].start_min;
                s->length_s = st->slots[k].length_s;
                s->quiet = st->slots[k].quiet;
            }
    if ((err = jingle_clip(pl, LOA_CLIP_INTRO, st->jingles.intro, cfg->jingles.intro, st->id,
                           &intro)) ||
        (err = jingle_clip(pl, LOA_CLIP_OUTRO, st->jingles.outro, cfg->jingles.outro, st->id,
                           &outro)))
        goto done;
    chime = -1;
    sc.extra = pl->in->extra_s != NULL ? pl->in->extra_s[si] : 0;
    sc.item_extra = pl->in->item_extra_s != NULL ? pl->in->item_extra_s[si] : 0;
    sc.base = (intro >= 0 ? pl->plan->clips[intro].seconds : 0) +
              (outro >= 0 ? pl->plan->clips[outro].seconds : 0) + sc.extra;
    for (oi = 0; oi < pl->in->n_bulletins; oi++) {
        int bi = pl->order[oi];
        const loa_bulletin *b = pl->in->bulletins[bi].b;

        if (!targets(cfg, b, st))
            continue;
        if (b->priority == LOA_PRIO_URGENT) {
            if (chime < 0 && (err = jingle_clip(pl, LOA_CLIP_CHIME, st->jingles.chime,
                                                cfg->jingles.chime, st->id, &chime)))
                goto done;
            sc.chime_s = chime >= 0 ? pl->plan->clips[chime].seconds : 0;
            err = place_urgent(pl, &sc, bi);
        } else {
            err = place_repeats(pl, &sc, bi);
        }
        if (err != LOA_OK)
            goto done;
    }
    if ((err = place_standing(pl, &sc)) == LOA_OK)
        err = emit_slots(pl, &sc, intro, outro, chime);
done:
    for (i = 0; i < sc.n; i++)
        free(sc.slots[i].items);
    free(sc.slots);
    return err;
}

loa_err loa_sched_plan(loa_plan *plan, const loa_sched_input *in, loa_diag *diag)
{
    planner pl;
    const loa_config *cfg = in->cfg;
    size_t i;
    int y, w;
    loa_err err = LOA_ERR_NOMEM;

    loa_plan_init(plan);
    memset(&pl, 0, sizeof pl);
    pl.in = in;
    pl.plan = plan;
    pl.diag = diag;
    if (in->iso_week < 1 || in->iso_week > 53) {
        err = fail_plan(&pl, 0, "week %d does not exist — use 1 to 52 (or 53)", in->iso_week);
        goto fail;
    }
    plan->iso_year = in->iso_year;
    plan->iso_week = in->iso_week;
    plan->monday = loa_date_iso_monday(in->iso_year, in->iso_week);
    loa_date_iso_week(plan->monday, &y, &w);
    if (y != in->iso_year || w != in->iso_week) {
        err = fail_plan(&pl, 0, "%d has no week %d", in->iso_year, in->iso_week);
        goto fail;
    }
    if ((err = check_input(&pl)) != LOA_OK)
        goto fail;
    err = LOA_ERR_NOMEM;
    plan->reminder_s = cfg->reminder_s;
    if ((plan->district = loai_dup_str(cfg->district)) == NULL ||
        (plan->province = loai_dup_str(cfg->province)) == NULL)
        goto fail;
    if ((pl.order = calloc(in->n_bulletins + 1, sizeof *pl.order)) == NULL)
        goto fail;
    sort_bulletins(&pl);
    if (cfg->n_stations &&
        (plan->stations = calloc(cfg->n_stations, sizeof *plan->stations)) == NULL)
        goto fail;
    for (i = 0; i < cfg->n_stations; i++) {
        loa_plan_station *ps = &plan->stations[i];

        plan->n_stations++;
        ps->dialect = (int)cfg->stations[i].dialect;
        ps->gender = (int)cfg->stations[i].gender;
        if ((ps->id = loai_dup_str(cfg->stations[i].id)) == NULL ||
            (ps->name = loai_dup_str(cfg->stations[i].name)) == NULL ||
            /* plan.h promises a commune: fall back to the station's name */
            (ps->commune = loai_dup_str(cfg->stations[i].commune ? cfg->stations[i].commune
                                                            : cfg->stations[i].name)) == NULL)
            goto fail;
    }
    for (i = 0; i < cfg->n_stations; i++)
        if ((err = plan_station(&pl, (int)i)) != LOA_OK)
            goto fail;
    free(pl.order);
    return LOA_OK;
fail:
    free(pl.order);
    loa_plan_clear(plan);
    return err;
}
