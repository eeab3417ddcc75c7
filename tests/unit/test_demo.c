/* The demo district in examples/ is consistent: the config loads, every
 * script parses, and the week 2026-W48 plans with nothing deferred, the
 * urgent notice opening exactly the slots of 26-27/11. Durations here are
 * pessimistic estimates (10 characters a second); the real build measures. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/config.h"
#include "loa/sched.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "test.h"

#define MAXB 32

static loa_err estimate(void *ctx, const loa_plan_clip *clip, const loa_sched_bulletin *bul,
                        double *out, loa_diag *diag)
{
    size_t i;
    double s = 0;

    (void)ctx;
    (void)diag;
    if (bul == NULL) { /* jingles as make-demo-assets.sh makes them, rounded up */
        *out = clip->kind == LOA_CLIP_OUTRO ? 3.0 : 3.5;
        return LOA_OK;
    }
    if (bul->b->audio) {
        *out = 66.0; /* 08-thu-chu-tich.mp3 is 65 s */
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

int main(void)
{
    loa_config cfg;
    loa_bulletin b[MAXB], standing;
    loa_sched_bulletin sb[MAXB], ssb;
    char *names[MAXB], *ids[MAXB], *ef = NULL, path[512];
    size_t n = 0, i, k;
    int urgent = -1, recorded = 0, dialects = 0;
    loa_diag d;
    loa_plan p;
    loa_sched_input in;
    DIR *dir;
    struct dirent *e;

    if (loa_config_load(&cfg, "examples/district.cfg", &ef, &d) != LOA_OK) {
        fprintf(stderr, "%s:%d: %s\n", ef ? ef : "examples/district.cfg", d.line, d.msg);
        free(ef);
        return 1;
    }
    CHECK(cfg.n_stations == 5);
    for (i = 0; i < cfg.n_stations; i++) {
        dialects |= 1 << cfg.stations[i].dialect;
        CHECK(cfg.stations[i].n_slots == 2);
        for (k = 0; k < cfg.stations[i].n_slots; k++) {
            CHECK(cfg.stations[i].slots[k].weekdays == 0x7F);
            CHECK(cfg.stations[i].slots[k].length_s >= 600 &&
                  cfg.stations[i].slots[k].length_s <= 900);
            CHECK(!cfg.stations[i].slots[k].quiet);
        }
        CHECK(cfg.stations[i].jingles.intro && cfg.stations[i].jingles.chime);
    }
    CHECK(dialects == (1 << LOA_DIALECT_NORTH | 1 << LOA_DIALECT_CENTRAL));
    CHECK(cfg.n_notes == 0);

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
    CHECK(n >= 6 && n <= 8);
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
        if (b[i].priority == LOA_PRIO_URGENT) {
            CHECK(urgent < 0);
            urgent = (int)i;
        }
        if (b[i].audio) {
            recorded++;
            CHECK(strstr(b[i].audio, "examples/scripts/") == b[i].audio);
        }
    }
    CHECK(urgent >= 0 && recorded == 1);
    CHECK(loa_bulletin_load(&standing, cfg.standing, &d) == LOA_OK);
    ssb.b = &standing;
    ssb.id = "thuong-truc";
    ssb.source = cfg.standing;

    memset(&in, 0, sizeof in);
    in.cfg = &cfg;
    in.bulletins = sb;
    in.n_bulletins = n;
    in.standing = &ssb;
    in.iso_year = 2026;
    in.iso_week = 48;
    in.seconds = estimate;
    CHECK(loa_sched_plan(&p, &in, &d) == LOA_OK);
    CHECK(p.n_slots == 5 * 14);
    for (i = 0; i < p.n_deferred; i++)
        fprintf(stderr, "deferred: %s at %s: %s\n", p.clips[p.deferred[i].clip].id,
                p.stations[p.deferred[i].station].id, p.deferred[i].reason);
    CHECK(p.n_deferred == 0);
    for (i = 0; i < p.n_slots; i++) {
        const loa_plan_slot *s = &p.slots[i];
        int want_urgent = s->date.month == 11 && (s->date.day == 26 || s->date.day == 27);
        int first_urgent = s->n_items > 0 && p.clips[s->items[0]].bulletin == urgent;

        CHECK(s->n_items > 0 && s->seconds <= s->length_s);
        CHECK(first_urgent == want_urgent);
        CHECK((s->chime >= 0) == want_urgent);
        for (k = 1; k < s->n_items; k++)
            CHECK(p.clips[s->items[k]].bulletin != urgent);
    }
    loa_plan_clear(&p);
    for (i = 0; i < n; i++) {
        loa_bulletin_clear(&b[i]);
        free(ids[i]);
        free(names[i]);
    }
    loa_bulletin_clear(&standing);
    loa_config_clear(&cfg);
    return test_done("test_demo");
}
