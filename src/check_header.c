/* loa check, the header's part that needs the district config (the rest is
 * the script parser's, script.c): stations and groups against the config,
 * and the repeat count and slot lengths against the targeted stations'
 * slots. */
#include <stdio.h>
#include <string.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/script.h"
#include "buf_int.h"
#include "check_int.h"

loa_err loai_ck_targets(loa_check_report *rep, const loa_bulletin *b,
                        const loai_script_scan *scan, const loa_config *cfg)
{
    size_t i;
    loa_err err = LOA_OK;

    if (cfg == NULL || b->all_stations)
        return LOA_OK;
    for (i = 0; i < b->n_targets && err == LOA_OK; i++)
        if (loa_config_station_find(cfg, b->targets[i]) == NULL &&
            loa_config_group_find(cfg, b->targets[i]) == NULL)
            err = loa_check_add(rep, LOA_CK_HDR_TARGET, LOA_CHECK_ERROR, b->targets_line,
                                scan->target_col[i], b->targets[i], NULL, NULL);
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
