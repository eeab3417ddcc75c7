/* The demo in examples/ is consistent: district.cfg (five communes of tỉnh
 * Đắk Lắk, eleven stations) and province.cfg (all 102 communes) load, every
 * script parses, and each of the three weeks of bulletins plans with nothing
 * deferred, each urgent notice opening exactly the slots of its stations and
 * days. Durations here are pessimistic estimates (10 characters a second);
 * the real build measures. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/config.h"
#include "loa/sched.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "test.h"

#define MAXB 64

static loa_err estimate(void *ctx, const loa_plan_clip *clip, const loa_sched_bulletin *bul,
                        double *out, loa_diag *diag)
{
    size_t i;
    double s = 0;

    (void)ctx;
    (void)diag;
    if (bul == NULL) { /* jingles as make-demo-assets.sh makes them, rounded up */
        *out = clip->kind == LOA_CLIP_INTRO ? 7.0 : clip->kind == LOA_CLIP_OUTRO ? 3.0 : 3.5;
        return LOA_OK;
    }
    if (bul->b->audio) {
        *out = 30.0; /* 48-06-thu-chu-tich-tinh.mp3 is 26 s */
        return LOA_OK;
    }
    for (i = 0; i < bul->b->n_segs; i++) {
        const loa_segment *g = &bul->b->segs[i];
        const char *p;

        if (g->kind == LOA_SEG_PAUSE)
            s += g->pause_ms / 1000.0;
        else if (g->kind == LOA_SEG_PARAGRAPH)
            s += 0.6;
        else
            for (p = g->text; *p; p++)
                if (((unsigned char)*p & 0xC0) != 0x80)
                    s += 0.1;
    }
    *out = s;
    return LOA_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int in_group(const loa_config_station *st, const char *g)
{
    size_t i;

    for (i = 0; i < st->n_groups; i++)
        if (strcmp(st->groups[i], g) == 0)
            return 1;
    return 0;
}

static int bits(unsigned v)
{
    int n = 0;

    for (; v; v >>= 1)
        n += (int)(v & 1);
    return n;
}

/* Plan ISO week WEEK of 2026 for CFG with the demo's bulletins: nothing
 * deferred, one slot per weekday of every config slot, and the urgent
 * notice URGENT (NULL: none that week) first in every slot of DAY0-DAY1 of
 * MONTH at the stations of GROUP (NULL: all), nowhere else. */
static void check_week(const loa_config *cfg, const loa_sched_bulletin *sb, size_t n,
                       const loa_sched_bulletin *ssb, int week, const char *urgent,
                       const char *group, int month, int day0, int day1)
{
    loa_sched_input in;
    loa_plan p;
    loa_diag d;
    size_t i, k, slots = 0;
    int ub = -1, aired = 0;

    for (i = 0; i < n; i++)
        if (urgent && strcmp(sb[i].id, urgent) == 0)
            ub = (int)i;
    CHECK(urgent == NULL || ub >= 0);
    for (i = 0; i < cfg->n_stations; i++)
        for (k = 0; k < cfg->stations[i].n_slots; k++)
            slots += (size_t)bits(cfg->stations[i].slots[k].weekdays);
    memset(&in, 0, sizeof in);
    in.cfg = cfg;
    in.bulletins = sb;
    in.n_bulletins = n;
    in.standing = ssb;
    in.iso_year = 2026;
    in.iso_week = week;
    in.seconds = estimate;
    if (loa_sched_plan(&p, &in, &d) != LOA_OK) {
        fprintf(stderr, "week %d: %s\n", week, d.msg);
        CHECK(0);
        return;
    }
    CHECK(p.n_slots == slots);
    for (i = 0; i < p.n_deferred; i++)
        fprintf(stderr, "week %d: deferred: %s at %s: %s\n", week,
                p.clips[p.deferred[i].clip].id, p.stations[p.deferred[i].station].id,
                p.deferred[i].reason);
    CHECK(p.n_deferred == 0);
    for (i = 0; i < p.n_slots; i++) {
        const loa_plan_slot *s = &p.slots[i];
        const loa_config_station *st = &cfg->stations[s->station];
        int want = ub >= 0 && (group == NULL || in_group(st, group)) &&
                   s->date.month == month && s->date.day >= day0 && s->date.day <= day1;
        int first = ub >= 0 && s->n_items > 0 && p.clips[s->items[0]].bulletin == ub;

        CHECK(s->n_items > 0 && s->seconds <= s->length_s);
        if (first != want)
            fprintf(stderr, "week %d: %s %02d/%02d %s: urgent first %d, want %d\n", week, st->id,
                    s->date.day, s->date.month, s->name, first, want);
        CHECK(first == want);
        CHECK((s->chime >= 0) == want);
        aired += first;
        for (k = 1; k < s->n_items; k++)
            CHECK(ub < 0 || p.clips[s->items[k]].bulletin != ub);
    }
    CHECK(urgent == NULL || aired > 0);
    loa_plan_clear(&p);
}

/* Load CFG_PATH; 0 on failure (reported). */
static int load(loa_config *cfg, const char *cfg_path)
{
    char *ef = NULL;
    loa_diag d;

    if (loa_config_load(cfg, cfg_path, &ef, &d) != LOA_OK) {
        fprintf(stderr, "%s:%d: %s\n", ef ? ef : cfg_path, d.line, d.msg);
        free(ef);
        return 0;
    }
    return 1;
}

int main(void)
{
    loa_config cfg, prov;
    loa_bulletin b[MAXB], standing;
    loa_sched_bulletin sb[MAXB], ssb;
    char *names[MAXB], *ids[MAXB], path[512];
    size_t n = 0, i, k, phuong = 0, communes = 0;
    int urgent = 0, recorded = 0, dialects = 0;
    loa_diag d;
    DIR *dir;
    struct dirent *e;

    if (!load(&cfg, "examples/district.cfg"))
        return 1;
    if (!load(&prov, "examples/province.cfg")) {
        loa_config_clear(&cfg);
        return 1;
    }
    /* district.cfg: phường Buôn Ma Thuột (1 station), xã Ea Kar (2), xã Ea
     * Súp (3), phường Tuy Hòa (2), xã Ô Loan (3). */
    CHECK(cfg.n_stations == 11);
    for (i = 0; i < cfg.n_stations; i++) {
        const loa_config_station *st = &cfg.stations[i];
        int cluster = strstr(st->id, "-loa-") != NULL;
        const char *intro = st->jingles.intro, *base;

        dialects |= 1 << st->dialect;
        /* a commune station airs morning and evening (a phường's at noon
         * on weekdays too); a cluster morning and evening, Monday-Saturday
         * in the evening */
        CHECK(st->n_slots == (cluster ? 2 : strncmp(st->commune, "phường ", 9) == 0 ? 3 : 2));
        for (k = 0; k < st->n_slots; k++) {
            unsigned w = st->slots[k].weekdays;

            CHECK(w == 0x7F || w == 0x3F || w == 0x1F);
            CHECK(st->slots[k].length_s >= 600 && st->slots[k].length_s <= 900);
            CHECK(!st->slots[k].quiet);
        }
        /* clusters are outdoor horns; each commune has its own intro */
        CHECK(cluster == (st->profile != NULL && strcmp(st->profile, "horn") == 0));
        CHECK(intro != NULL && st->jingles.chime != NULL);
        base = intro ? strstr(intro, "jingles/intro/") : NULL;
        CHECK(base != NULL);
        if (base != NULL) {
            size_t len = strlen(base + 14) - 4; /* the commune's id, less ".wav" */

            CHECK(strncmp(base + 14, st->id, len) == 0 &&
                  (st->id[len] == '\0' || strncmp(st->id + len, "-loa-", 5) == 0));
        }
    }
    CHECK(dialects == (1 << LOA_DIALECT_NORTH | 1 << LOA_DIALECT_CENTRAL | 1 << LOA_DIALECT_SOUTH));
    CHECK(cfg.n_notes == 0);
    CHECK(cfg.n_lexicons == 1);

    /* province.cfg: the 102 communes of NQ 1660/NQ-UBTVQH15, 14 of them
     * phường, each with its station first. */
    for (i = 0; i < prov.n_stations; i++)
        if (strstr(prov.stations[i].id, "-loa-") == NULL) {
            communes++;
            phuong += strncmp(prov.stations[i].commune, "phường ", 9) == 0;
            CHECK(i == 0 || strcmp(prov.stations[i].commune, prov.stations[i - 1].commune) != 0);
        } else {
            CHECK(i > 0 && strcmp(prov.stations[i].commune, prov.stations[i - 1].commune) == 0);
        }
    CHECK(communes == 102 && phuong == 14);
    CHECK(prov.n_stations >= 200 && prov.n_stations <= 3 * 102);
    CHECK(prov.n_notes == 0);

    if ((dir = opendir(cfg.scripts_dir)) == NULL) {
        CHECK(0);
        return test_done("test_demo");
    }
    while ((e = readdir(dir)) != NULL && n < MAXB) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".txt") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, by_name);
    CHECK(n >= 30 && n <= 40); /* three weeks of province and commune bulletins */
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", cfg.scripts_dir, names[i]);
        if (loa_bulletin_load(&b[i], path, &d) != LOA_OK) {
            fprintf(stderr, "%s:%d:%d: %s\n", path, d.line, d.col, d.msg);
            CHECK(0);
            loa_bulletin_init(&b[i]);
        }
        CHECK(loa_bulletin_id(path, &ids[i]) == LOA_OK);
        sb[i].b = &b[i];
        sb[i].id = ids[i];
        sb[i].source = names[i];
        urgent += b[i].priority == LOA_PRIO_URGENT;
        if (b[i].audio) {
            recorded++;
            CHECK(strstr(b[i].audio, "examples/scripts/") == b[i].audio);
        }
    }
    CHECK(urgent == 2 && recorded == 1);
    CHECK(loa_bulletin_load(&standing, cfg.standing, &d) == LOA_OK);
    ssb.b = &standing;
    ssb.id = "thuong-truc";
    ssb.source = cfg.standing;

    /* 19 + 14 + 13 + 14 + 13 + 13 + 19 + 13 + 14 + 13 + 13 slots a week */
    check_week(&cfg, sb, n, &ssb, 48, "48-07-khan-mua-lu", "phia-dong", 11, 26, 27);
    check_week(&cfg, sb, n, &ssb, 49, NULL, NULL, 0, 0, 0);
    check_week(&cfg, sb, n, &ssb, 50, "50-06-khan-bao-tri-cong-dvc", NULL, 12, 10, 11);
    check_week(&prov, sb, n, &ssb, 48, "48-07-khan-mua-lu", "phia-dong", 11, 26, 27);
    check_week(&prov, sb, n, &ssb, 50, "50-06-khan-bao-tri-cong-dvc", NULL, 12, 10, 11);
    {
        loa_sched_input in;
        loa_plan p;

        memset(&in, 0, sizeof in);
        in.cfg = &cfg;
        in.bulletins = sb;
        in.n_bulletins = n;
        in.standing = &ssb;
        in.iso_year = 2026;
        in.iso_week = 48;
        in.seconds = estimate;
        CHECK(loa_sched_plan(&p, &in, &d) == LOA_OK && p.n_slots == 158);
        loa_plan_clear(&p);
    }
    for (i = 0; i < n; i++) {
        loa_bulletin_clear(&b[i]);
        free(ids[i]);
        free(names[i]);
    }
    loa_bulletin_clear(&standing);
    loa_config_clear(&cfg);
    loa_config_clear(&prov);
    return test_done("test_demo");
}
