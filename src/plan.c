/* The week plan's memory. */
#include <stdlib.h>
#include <string.h>

#include "loa/error.h"
#include "loa/plan.h"

void loa_plan_init(loa_plan *p)
{
    memset(p, 0, sizeof *p);
}

void loa_plan_clear(loa_plan *p)
{
    size_t i;

    if (p == NULL)
        return;
    for (i = 0; i < p->n_clips; i++) {
        free(p->clips[i].id);
        free(p->clips[i].title);
        free(p->clips[i].audio);
        free(p->clips[i].source);
    }
    for (i = 0; i < p->n_stations; i++) {
        free(p->stations[i].id);
        free(p->stations[i].name);
        free(p->stations[i].commune);
    }
    for (i = 0; i < p->n_slots; i++) {
        free(p->slots[i].name);
        free(p->slots[i].items);
    }
    for (i = 0; i < p->n_deferred; i++)
        free(p->deferred[i].reason);
    free(p->clips);
    free(p->stations);
    free(p->slots);
    free(p->deferred);
    free(p->district);
    free(p->province);
    memset(p, 0, sizeof *p);
}
