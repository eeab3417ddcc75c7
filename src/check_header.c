/* loa check, the header: every header error at once (the script parser
 * stops at the first one), stations and groups against the config, and the
 * repeat count and slot lengths against the targeted stations' slots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "buf_int.h"
#include "check_int.h"

/* The keys script.c accepts, folded with loa_script_fold, and their aliases. */
static const char *const key_names[K_COUNT][2] = {
    {"tieu de", "title"},  {"uu tien", "priority"}, {"tu ngay", "from"},
    {"den ngay", "to"},    {"so lan phat", "repeat"}, {"dai", "stations"},
    {"giong", "dialect"}, {"nguoi soan", "author"},  {"am thanh", "audio"},
};


static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

/* Fold S..E and squeeze blanks (as script.c's fold_span does). */
static loa_err fold(const char *s, const char *e, char **out)
{
    char *f, *r, *w;
    loa_err err = loa_script_fold(s, (size_t)(e - s), &f);

    if (err != LOA_OK)
        return err;
    for (r = w = f; *r; r++) {
        if (*r == ' ' || *r == '\t') {
            if (w > f && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    while (w > f && w[-1] == ' ')
        w--;
    *w = '\0';
    *out = f;
    return LOA_OK;
}

static int parse_date(const char *s, const char *e, loa_date *out)
{
    int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 0;
    const char *p;

    for (p = s; p < e; p++) {
        if (*p >= '0' && *p <= '9') {
            v[k] = v[k] * 10 + (*p - '0');
            if (++nd[k] > 4)
                return 0;
        } else if ((*p == '/' || *p == '-' || *p == '.') && k < 2 && nd[k] > 0) {
            k++;
        } else {
            return 0;
        }
    }
    if (k != 2 || nd[0] > 2 || nd[1] > 2 || nd[2] != 4)
        return 0;
    out->day = v[0];
    out->month = v[1];
    out->year = v[2];
    return loa_date_valid(*out);
}

static void mark_bad(loai_ck_header *h, int line)
{
    if (h->n_bad < sizeof h->bad_lines / sizeof h->bad_lines[0])
        h->bad_lines[h->n_bad++] = line;
}

int loai_ck_is_bad(const loai_ck_header *h, int line)
{
    size_t i;

    for (i = 0; i < h->n_bad; i++)
        if (h->bad_lines[i] == line)
            return 1;
    return 0;
}

loa_err loai_ck_scan_header(loa_check_report *rep, const loai_ck_src *s, loai_ck_header *h)
{
    size_t p = 0;
    int lineno = 0;
    loa_err err = LOA_OK;

    while (p < s->len && err == LOA_OK) {
        const char *ls = s->text + p, *nl = memchr(ls, '\n', s->len - p);
        const char *le = nl ? nl : s->text + s->len, *a = ls, *b = le, *colon, *ks, *ke, *q;
        char *f = NULL;
        int k, line, col;

        lineno++;
        p = (size_t)(le - s->text) + (nl ? 1 : 0);
        trim(&a, &b);
        if (a == b || *a == '#')
            continue;
        for (q = a; q < b && *q == '-'; q++)
            ;
        if (q == b && b - a >= 3) {
            h->dash_line = lineno;
            break;
        }
        if ((colon = memchr(a, ':', (size_t)(b - a))) == NULL)
            continue; /* the parser says what a key line looks like */
        ks = a;
        ke = colon;
        trim(&ks, &ke);
        if ((err = fold(ks, ke, &f)) != LOA_OK)
            break;
        for (k = 0; k < K_COUNT; k++)
            if (strcmp(f, key_names[k][0]) == 0 || strcmp(f, key_names[k][1]) == 0)
                break;
        free(f);
        loai_ck_pos(s, (size_t)(ks - s->text), &line, &col);
        if (k == K_COUNT) {
            char *key = loai_dup_n(ks, (size_t)(ke - ks));

            if (key == NULL)
                return LOA_ERR_NOMEM;
            err = loa_check_add(rep, LOA_CK_HDR_KEY, LOA_CHECK_ERROR, line, col, key, NULL, NULL);
            free(key);
            mark_bad(h, line);
            continue;
        }
        if (h->line[k] != 0)
            continue; /* given twice: the parser's message */
        h->line[k] = line;
        {
            const char *vs = colon + 1, *ve = b;

            trim(&vs, &ve);
            h->value_off[k] = (size_t)(vs - s->text);
            if (k == K_FROM || k == K_TO) {
                if ((h->date_text[k] = loai_dup_n(vs, (size_t)(ve - vs))) == NULL)
                    return LOA_ERR_NOMEM;
                h->date_ok[k] = parse_date(vs, ve, &h->date[k]);
                if (!h->date_ok[k] && vs < ve) {
                    loai_ck_pos(s, (size_t)(vs - s->text), &line, &col);
                    err = loa_check_add(rep, LOA_CK_HDR_DATE, LOA_CHECK_ERROR, line, col,
                                        k == K_FROM ? "Từ ngày" : "Đến ngày", h->date_text[k],
                                        NULL);
                    mark_bad(h, line);
                }
            } else if (k == K_STATIONS) {
                h->targets_off = (size_t)(vs - s->text);
                h->targets_end = (size_t)(ve - s->text);
            }
        }
    }
    if (err == LOA_OK && h->dash_line > 0) {
        static const struct { enum key k; const char *shown; } req[] = {
            {K_TITLE, "Tiêu đề"}, {K_FROM, "Từ ngày"}, {K_TO, "Đến ngày"}, {K_STATIONS, "Đài"}};
        size_t i;

        for (i = 0; i < sizeof req / sizeof req[0] && err == LOA_OK; i++)
            if (h->line[req[i].k] == 0) {
                err = loa_check_add(rep, LOA_CK_HDR_MISSING, LOA_CHECK_ERROR, h->dash_line, 1,
                                    req[i].shown, key_names[req[i].k][1], NULL);
                mark_bad(h, h->dash_line);
            }
    }
    if (err == LOA_OK && h->date_ok[K_FROM] && h->date_ok[K_TO] &&
        loa_date_cmp(h->date[K_TO], h->date[K_FROM]) < 0) {
        char from_line[16];
        int line, col;
        loai_ck_pos(s, h->value_off[K_TO], &line, &col);
        snprintf(from_line, sizeof from_line, "%d", h->line[K_FROM]);
        err = loa_check_add(rep, LOA_CK_HDR_ORDER, LOA_CHECK_ERROR, line, col, h->date_text[K_TO],
                            h->date_text[K_FROM], from_line);
        mark_bad(h, line);
    }
    return err;
}

/* Unknown station or group ids in the Đài line (needs the config). */
loa_err loai_ck_targets(loa_check_report *rep, const loai_ck_src *s, loai_ck_header *h,
                             const loa_config *cfg)
{
    const char *p = s->text + h->targets_off, *e = s->text + h->targets_end;
    char *f;
    loa_err err;
    int all;

    if (h->line[K_STATIONS] == 0 || cfg == NULL)
        return LOA_OK;
    if ((err = fold(p, e, &f)) != LOA_OK)
        return err;
    all = strcmp(f, "tat ca") == 0 || strcmp(f, "all") == 0;
    free(f);
    while (!all && p < e && err == LOA_OK) {
        const char *c = memchr(p, ',', (size_t)(e - p)), *ie = c ? c : e, *is = p;
        char *id;

        trim(&is, &ie);
        if (is < ie) {
            if ((id = loai_dup_n(is, (size_t)(ie - is))) == NULL)
                return LOA_ERR_NOMEM;
            if (loa_config_station_find(cfg, id) == NULL && loa_config_group_find(cfg, id) == NULL) {
                int line, col;

                loai_ck_pos(s, (size_t)(is - s->text), &line, &col);
                err = loa_check_add(rep, LOA_CK_HDR_TARGET, LOA_CHECK_ERROR, line, col, id, NULL,
                                    NULL);
                mark_bad(h, line);
            }
            free(id);
        }
        p = c ? c + 1 : e;
    }
    return err;
}

/* 1 when station ST is targeted by B. */
static int targeted(const loa_config *cfg, const loa_bulletin *b, const loa_config_station *st)
{
    size_t i, j;

    if (b->all_stations)
        return 1;
    for (i = 0; i < b->n_targets; i++) {
        const loa_config_group *g = loa_config_group_find(cfg, b->targets[i]);

        if (strcmp(b->targets[i], st->id) == 0)
            return 1;
        for (j = 0; g != NULL && j < g->n_stations; j++)
            if (strcmp(g->stations[j], st->id) == 0)
                return 1;
    }
    return 0;
}

/* The repeat count against each targeted station's valid slots in the first
 * week of validity, and the shortest slot the bulletin may air in. */
loa_err loai_ck_slots(loa_check_report *rep, const loa_bulletin *b, const loa_config *cfg,
                           int repeat_line, const char **short_station)
{
    const loa_config_station *worst = NULL;
    int worst_n = 0, urgent = b->priority == LOA_PRIO_URGENT;
    size_t i, j;

    rep->slot_s = 0;
    for (i = 0; i < cfg->n_stations; i++) {
        const loa_config_station *st = &cfg->stations[i];
        int n = 0, d;

        if (!targeted(cfg, b, st))
            continue;
        for (d = 0; d < 7; d++) {
            loa_date day = loa_date_add_days(b->from, d);
            int wd = loa_date_weekday(day);

            if (loa_date_cmp(day, b->to) > 0)
                break;
            for (j = 0; j < st->n_slots; j++) {
                const loa_config_slot *sl = &st->slots[j];

                if (!(sl->weekdays & (1u << (wd - 1))) || (sl->quiet && !urgent))
                    continue;
                n++;
                if (rep->slot_s == 0 || sl->length_s < rep->slot_s) {
                    rep->slot_s = sl->length_s;
                    *short_station = st->id;
                }
            }
        }
        if (worst == NULL || n < worst_n) {
            worst = st;
            worst_n = n;
        }
    }
    if (!urgent && worst != NULL && b->repeat > worst_n) {
        char a1[16], a3[16];

        snprintf(a1, sizeof a1, "%d", b->repeat);
        snprintf(a3, sizeof a3, "%d", worst_n);
        return loa_check_add(rep, LOA_CK_HDR_REPEAT, LOA_CHECK_ERROR, repeat_line ? repeat_line : 1,
                             1, a1, worst->id, a3);
    }
    return LOA_OK;
}
