/* The district configuration: a libconfig file → a plain loa_config.
 * The only file that includes libconfig.h. libconfig's strings die with
 * config_destroy(), so everything kept is copied. */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "loa/config.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"

/* DIR/REL, or REL when it is absolute. */
static char *join_path(const char *dir, const char *rel)
{
    if (rel[0] == '/' || dir == NULL || strcmp(dir, ".") == 0)
        return loai_dup_str(rel);
    return loai_file_join(dir, rel);
}

static void free_strv(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_air(loa_config_air *a)
{
    free(a->alsa_device);
    free(a->icecast_host);
    free(a->icecast_mount);
    free(a->fallback);
}

static void free_jingles(loa_config_jingles *j)
{
    free(j->intro);
    free(j->outro);
    free(j->chime);
    free(j->bed);
}

void loa_config_init(loa_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->quiet_start_min = cfg->quiet_end_min = -1;
}

void loa_config_clear(loa_config *cfg)
{
    size_t i, k;

    if (cfg == NULL)
        return;
    for (i = 0; i < cfg->n_stations; i++) {
        loa_config_station *st = &cfg->stations[i];

        free(st->id);
        free(st->name);
        free(st->commune);
        free(st->profile);
        free(st->file);
        free_jingles(&st->jingles);
        free_air(&st->air);
        free_strv(st->groups, st->n_groups);
        for (k = 0; k < st->n_slots; k++)
            free(st->slots[k].name);
        free(st->slots);
    }
    for (i = 0; i < cfg->n_groups; i++) {
        free(cfg->groups[i].id);
        free(cfg->groups[i].name);
        free_strv(cfg->groups[i].stations, cfg->groups[i].n_stations);
    }
    for (i = 0; i < cfg->n_notes; i++) {
        free(cfg->notes[i].file);
        free(cfg->notes[i].msg);
    }
    free(cfg->stations);
    free(cfg->groups);
    free(cfg->notes);
    free_strv(cfg->lexicons, cfg->n_lexicons);
    free_jingles(&cfg->jingles);
    free_air(&cfg->air);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->district);
    free(cfg->province);
    free(cfg->timezone);
    free(cfg->profile);
    free(cfg->standing);
    free(cfg->scripts_dir);
    free(cfg->output_dir);
    loa_config_init(cfg);
}

loa_err loa_config_clock_parse(const char *s, int *minutes)
{
    int h = 0, m = 0, i = 0, nd = 0;

    while (isdigit((unsigned char)s[i]) && nd < 2)
        h = h * 10 + (s[i++] - '0'), nd++;
    if (nd == 0 || s[i++] != ':')
        return LOA_ERR_INVALID;
    if (!isdigit((unsigned char)s[i]) || !isdigit((unsigned char)s[i + 1]) || s[i + 2] != '\0')
        return LOA_ERR_INVALID;
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    if (h > 23 || m > 59)
        return LOA_ERR_INVALID;
    *minutes = h * 60 + m;
    return LOA_OK;
}

/* Overlap of the half-open minute ranges [a0, a1) and [b0, b1). */
static int overlaps(int a0, int a1, int b0, int b1)
{
    return a0 < b1 && b0 < a1;
}

int loa_config_in_quiet(const loa_config *cfg, int start_min, int len_s)
{
    int end = start_min + (len_s + 59) / 60;
    int q0 = cfg->quiet_start_min, q1 = cfg->quiet_end_min;

    if (q0 < 0 || q1 < 0 || q0 == q1)
        return 0;
    if (q0 < q1)
        return overlaps(start_min, end, q0, q1);
    /* Wraps midnight: [q0, 24:00) and [0, q1). */
    return overlaps(start_min, end, q0, 24 * 60) || overlaps(start_min, end, 0, q1);
}

const loa_config_station *loa_config_station_find(const loa_config *cfg, const char *id)
{
    size_t i;

    for (i = 0; i < cfg->n_stations; i++)
        if (strcmp(cfg->stations[i].id, id) == 0)
            return &cfg->stations[i];
    return NULL;
}

const loa_config_group *loa_config_group_find(const loa_config *cfg, const char *id)
{
    size_t i;

    for (i = 0; i < cfg->n_groups; i++)
        if (strcmp(cfg->groups[i].id, id) == 0)
            return &cfg->groups[i];
    return NULL;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct reader {
    loa_config *cfg;
    const char *path;
    loa_diag *diag;
    char **err_file;
} reader;

/* The file a setting came from, as a path usable from the caller's cwd. */
static const char *setting_file(const reader *r, const config_setting_t *s)
{
    const char *f = s ? config_setting_source_file(s) : NULL;

    return f ? f : r->path;
}

static char *display_file(const reader *r, const char *f)
{
    if (f == NULL || strcmp(f, r->path) == 0)
        return loai_dup_str(r->path);
    return join_path(r->cfg->dir, f);
}

/* Report an error at the line of S (or of its parent when S has none). */
static loa_err fail_at(reader *r, const config_setting_t *s, const char *fmt, ...)
    LOAI_PRINTF(3, 4);

static loa_err fail_at(reader *r, const config_setting_t *s, const char *fmt, ...)
{
    va_list ap;
    int line = 0;
    const config_setting_t *p;

    for (p = s; p != NULL && line == 0; p = config_setting_parent(p))
        line = (int)config_setting_source_line(p);
    if (r->diag) {
        r->diag->line = line;
        r->diag->col = line ? 1 : 0;
        va_start(ap, fmt);
        vsnprintf(r->diag->msg, sizeof r->diag->msg, fmt, ap);
        va_end(ap);
    }
    if (r->err_file && line) {
        free(*r->err_file);
        *r->err_file = display_file(r, setting_file(r, s));
    }
    return LOA_ERR_CONFIG;
}

/* Every member of group S must be one of NAMES (catches typos). */
static loa_err check_names(reader *r, const config_setting_t *s, const char *const *names,
                           const char *where)
{
    int i, n = config_setting_length(s);

    for (i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *nm = config_setting_name(e);
        size_t k;

        for (k = 0; names[k]; k++)
            if (strcmp(nm, names[k]) == 0)
                break;
        if (names[k] == NULL) {
            char list[256] = "";
            for (k = 0; names[k]; k++) {
                strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
                strncat(list, names[k], sizeof list - strlen(list) - 1);
            }
            return fail_at(r, e, "unknown setting '%s' in %s — known settings: %s", nm, where,
                           list);
        }
    }
    return LOA_OK;
}

/* Copy the string setting NAME of GROUP into *OUT; missing is fine unless
 * REQUIRED. A wrong type is an error. */
static loa_err get_str(reader *r, const config_setting_t *group, const char *name, int required,
                       const char *hint, char **out)
{
    config_setting_t *s = config_setting_get_member(group, name);
    const char *v;

    if (s == NULL) {
        if (required)
            return fail_at(r, group, "missing setting '%s' — add %s", name, hint);
        return LOA_OK;
    }
    if ((v = config_setting_get_string(s)) == NULL)
        return fail_at(r, s, "'%s' is not a string — put the value in double quotes%s%s", name,
                       *hint ? ", e.g. " : "", hint);
    if (required && *v == '\0')
        return fail_at(r, s, "'%s' is empty — give it a value, e.g. %s", name, hint);
    free(*out);
    if ((*out = loai_dup_str(v)) == NULL)
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

/* A path setting: copied and joined with the config's directory. */
static loa_err get_path(reader *r, const config_setting_t *group, const char *name, int required,
                        const char *hint, char **out)
{
    char *rel = NULL;
    loa_err err = get_str(r, group, name, required, hint, &rel);

    if (err != LOA_OK || rel == NULL)
        return err;
    /* An empty path once meant the root directory for 'output' (and its
     * cache): never a place to write into or clean up. */
    if (*rel == '\0' || (strcmp(name, "output") == 0 && strspn(rel, "/") == strlen(rel))) {
        const char *what = *rel ? "the root directory" : "empty";

        free(rel);
        return fail_at(r, config_setting_get_member(group, name),
                       "'%s' is %s — give a path of its own, e.g. %s = \"%s\";", name, what, name,
                       strcmp(name, "output") == 0 ? "out" : strcmp(name, "scripts") == 0
                                                                 ? "scripts" : "file.wav");
    }
    free(*out);
    *out = join_path(r->cfg->dir, rel);
    free(rel);
    return *out ? LOA_OK : LOA_ERR_NOMEM;
}

static loa_err get_int(reader *r, const config_setting_t *group, const char *name, int lo, int hi,
                       int *out)
{
    config_setting_t *s = config_setting_get_member(group, name);
    int t;

    if (s == NULL)
        return LOA_OK;
    t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
        return fail_at(r, s, "'%s' is not a whole number — write %d to %d, without quotes", name, lo,
                       hi);
    if (config_setting_get_int64(s) < lo || config_setting_get_int64(s) > hi)
        return fail_at(r, s, "'%s' is %lld — use a whole number from %d to %d", name,
                       (long long)config_setting_get_int64(s), lo, hi);
    *out = (int)config_setting_get_int64(s);
    return LOA_OK;
}

static loa_err get_seconds(reader *r, const config_setting_t *group, const char *name, double lo,
                           double hi, double *out)
{
    config_setting_t *s = config_setting_get_member(group, name);
    int t;
    double v;

    if (s == NULL)
        return LOA_OK;
    t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
        v = (double)config_setting_get_int64(s);
    else if (t == CONFIG_TYPE_FLOAT)
        v = config_setting_get_float(s);
    else
        return fail_at(r, s, "'%s' is not a number of seconds — write it like 1.5 (decimal "
                             "point, no quotes)", name);
    if (!(v >= lo && v <= hi))
        return fail_at(r, s, "'%s' is out of range — use %g to %g seconds", name, lo, hi);
    *out = v;
    return LOA_OK;
}

/* A list or array of strings → copied vector. */
static loa_err get_strv(reader *r, const config_setting_t *group, const char *name, int paths,
                        char ***out, size_t *n_out)
{
    config_setting_t *s = config_setting_get_member(group, name);
    int i, n;
    char **v;

    if (s == NULL)
        return LOA_OK;
    if (!config_setting_is_aggregate(s) || config_setting_is_group(s))
        return fail_at(r, s, "'%s' is not a list — write it as [\"a\", \"b\"]", name);
    n = config_setting_length(s);
    if ((v = calloc((size_t)n + 1, sizeof *v)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *str = config_setting_get_string(e);

        if (str == NULL) {
            free_strv(v, (size_t)i);
            return fail_at(r, e, "'%s' holds a value that is not a string — put each in double quotes", name);
        }
        v[i] = paths ? join_path(r->cfg->dir, str) : loai_dup_str(str);
        if (v[i] == NULL) {
            free_strv(v, (size_t)i);
            return LOA_ERR_NOMEM;
        }
    }
    *out = v;
    *n_out = (size_t)n;
    return LOA_OK;
}

static loa_err add_note(reader *r, const config_setting_t *s, const char *msg)
{
    loa_config *c = r->cfg;
    loa_config_note *p = realloc(c->notes, (c->n_notes + 1) * sizeof *p);

    if (p == NULL)
        return LOA_ERR_NOMEM;
    c->notes = p;
    p += c->n_notes;
    p->line = (int)config_setting_source_line(s);
    p->file = display_file(r, setting_file(r, s));
    p->msg = loai_dup_str(msg);
    c->n_notes++;
    if (p->file == NULL || p->msg == NULL)
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

/* "T2", "cn", ... → weekday 1..7, advancing *P; 0 when not a day name. */
static int day_name(const char **p)
{
    const char *s = *p;

    if ((s[0] == 'T' || s[0] == 't') && s[1] >= '2' && s[1] <= '7') {
        *p = s + 2;
        return s[1] - '1';
    }
    if ((s[0] == 'C' || s[0] == 'c') && (s[1] == 'N' || s[1] == 'n')) {
        *p = s + 2;
        return 7;
    }
    return 0;
}

static int parse_days_str(const char *s, unsigned *mask)
{
    unsigned m = 0;

    for (;;) {
        int a, b, d;

        while (*s == ' ')
            s++;
        if ((a = day_name(&s)) == 0)
            return -1;
        b = a;
        while (*s == ' ')
            s++;
        if (*s == '-') {
            s++;
            while (*s == ' ')
                s++;
            if ((b = day_name(&s)) == 0 || b < a)
                return -1;
        }
        for (d = a; d <= b; d++)
            m |= 1u << (d - 1);
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        if (*s++ != ',')
            return -1;
    }
    *mask = m;
    return 0;
}

static loa_err get_days(reader *r, const config_setting_t *slot, unsigned *mask)
{
    static const char hint[] = "— use days = \"T2-CN\" (T2 = Monday .. CN = Sunday, e.g. "
                               "\"T2,T4,T6\") or days = [1, 3, 5] (1 = Monday .. 7 = Sunday)";
    config_setting_t *s = config_setting_get_member(slot, "days");
    int i, n;

    if (s == NULL) {
        *mask = 0x7F;
        return LOA_OK;
    }
    if (config_setting_type(s) == CONFIG_TYPE_STRING) {
        if (parse_days_str(config_setting_get_string(s), mask) != 0)
            return fail_at(r, s, "bad days \"%s\" %s", config_setting_get_string(s), hint);
        return LOA_OK;
    }
    if (!config_setting_is_array(s) && !config_setting_is_list(s))
        return fail_at(r, s, "bad days %s", hint);
    *mask = 0;
    n = config_setting_length(s);
    for (i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        int t = config_setting_type(e);
        long long d = t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 ? config_setting_get_int64(e)
                                                                     : 0;
        if (d < 1 || d > 7)
            return fail_at(r, e, "bad day in days %s", hint);
        *mask |= 1u << (d - 1);
    }
    if (*mask == 0)
        return fail_at(r, s, "days is empty %s", hint);
    return LOA_OK;
}

/* Slot length: "15:00" (minutes:seconds). A bare number is refused: "15" is as
 * likely meant as minutes as seconds, and a guess either way airs the wrong week. */
static loa_err get_length(reader *r, const config_setting_t *slot, int *len)
{
    config_setting_t *s = config_setting_get_member(slot, "length");
    int t;

    if (s == NULL)
        return fail_at(r, slot, "slot has no length — add length = \"15:00\" (minutes:seconds, "
                                "in quotes)");
    t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT) {
        double v = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                          : (double)config_setting_get_int64(s);

        if (v >= 1 && v < 60)
            return fail_at(r, s, "slot length %g is a bare number (minutes? seconds?) — write "
                                 "minutes:seconds in quotes: length = \"%d:00\" for %g minutes, "
                                 "or length = \"0:%02d\" for %g seconds", v, (int)v, v, (int)v, v);
        return fail_at(r, s, "slot length %g is a bare number (minutes? seconds?) — write "
                             "minutes:seconds in quotes, e.g. length = \"%d:%02d\" for %g seconds",
                       v, (int)v / 60, (int)v % 60, v);
    }
    if (t == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        unsigned mm, ss;
        int n = 0;

        if (v[0] >= '0' && v[0] <= '9' && sscanf(v, "%3u:%2u%n", &mm, &ss, &n) == 2 &&
            v[n] == '\0' && ss < 60 && n >= 4 && v[n - 3] == ':' && mm * 60 + ss > 0 &&
            mm * 60 + ss <= 24 * 3600) {
            *len = (int)(mm * 60 + ss);
            return LOA_OK;
        }
        return fail_at(r, s, "bad slot length \"%s\" — write minutes:seconds like \"15:00\"", v);
    }
    return fail_at(r, s, "bad slot length — write minutes:seconds in quotes, like \"15:00\"");
}

/* defaults.reminder: "MM:SS" before each slot in the calendar, or "off". */
static loa_err get_reminder(reader *r, const config_setting_t *s, int *out)
{
    const char *v = config_setting_get_string(s);
    unsigned mm, ss;
    int n = 0;

    if (v != NULL && strcmp(v, "off") == 0) {
        *out = -1;
        return LOA_OK;
    }
    if (v != NULL && v[0] >= '0' && v[0] <= '9' && sscanf(v, "%3u:%2u%n", &mm, &ss, &n) == 2 &&
        v[n] == '\0' && ss < 60 && v[n - 3] == ':' && mm * 60 + ss <= 24 * 3600) {
        *out = (int)(mm * 60 + ss);
        return LOA_OK;
    }
    return fail_at(r, s, "bad reminder — write minutes:seconds before each slot in quotes, "
                         "e.g. reminder = \"10:00\", or reminder = \"off\"");
}

static int slot_cmp(const void *a, const void *b)
{
    const loa_config_slot *x = a, *y = b;

    return (x->start_min > y->start_min) - (x->start_min < y->start_min);
}

static loa_err read_slots(reader *r, config_setting_t *ss, loa_config_station *st)
{
    static const char *const names[] = {"name", "days", "start", "length", NULL};
    int i, n;
    size_t a, b;
    loa_err err;

    if (!config_setting_is_list(ss))
        return fail_at(r, ss, "'slots' is not a list — write slots = ( { name = ...; ... }, ... )");
    n = config_setting_length(ss);
    if (n == 0)
        return fail_at(r, ss, "station '%s' has no slots — add at least one, e.g. slots = ( "
                              "{ name = \"sang\"; days = \"T2-CN\"; start = \"06:00\"; "
                              "length = \"15:00\"; } )", st->id);
    if ((st->slots = calloc((size_t)n, sizeof *st->slots)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        config_setting_t *s = config_setting_get_elem(ss, (unsigned)i);
        loa_config_slot *sl = &st->slots[st->n_slots];
        const char *start = NULL;
        config_setting_t *ws;

        if (!config_setting_is_group(s))
            return fail_at(r, s, "a slot is not a group — write { name = ...; start = ...; ... }");
        st->n_slots++;
        sl->line = (int)config_setting_source_line(s);
        if ((err = check_names(r, s, names, "a slot")) != LOA_OK ||
            (err = get_str(r, s, "name", 1, "name = \"sang\";", &sl->name)) != LOA_OK ||
            (err = get_days(r, s, &sl->weekdays)) != LOA_OK ||
            (err = get_length(r, s, &sl->length_s)) != LOA_OK)
            return err;
        ws = config_setting_get_member(s, "start");
        if (ws != NULL && (config_setting_type(ws) == CONFIG_TYPE_INT ||
                           config_setting_type(ws) == CONFIG_TYPE_INT64)) {
            long long v = config_setting_get_int64(ws);

            /* 630 was meant as 06:30, 6 as 06:00. */
            if (v >= 0 && v < 24)
                v *= 100;
            return fail_at(r, ws, "start time %lld is a bare number — write it as HH:MM in quotes, "
                                  "e.g. start = \"%02lld:%02lld\"", config_setting_get_int64(ws),
                           (v / 100) % 100, v % 100);
        }
        if (ws != NULL && config_setting_type(ws) == CONFIG_TYPE_FLOAT) {
            double v = config_setting_get_float(ws);
            int h = (int)v, m = (int)((v - h) * 100 + 0.5);

            /* 6.30 was meant as 06:30. */
            return fail_at(r, ws, "start time %g is a number — write it as HH:MM in quotes, e.g. "
                                  "start = \"%02d:%02d\"", v, h % 100, m % 100);
        }
        if (ws == NULL || (start = config_setting_get_string(ws)) == NULL)
            return fail_at(r, ws ? ws : s, "slot '%s' needs a start time — add start = "
                                           "\"06:00\" (24-hour clock, in quotes)", sl->name);
        if (loa_config_clock_parse(start, &sl->start_min) != LOA_OK)
            return fail_at(r, ws, "bad start time \"%s\" — write it as HH:MM on a 24-hour "
                                  "clock, e.g. \"06:00\" or \"17:30\"", start);
        if (sl->start_min * 60 + sl->length_s > 24 * 3600)
            return fail_at(r, s, "slot '%s' runs past midnight — shorten it or start earlier",
                           sl->name);
        for (a = 0; a + 1 < st->n_slots; a++)
            if (strcmp(st->slots[a].name, sl->name) == 0)
                return fail_at(r, s, "station '%s' has two slots named '%s' — give each slot "
                                     "its own name", st->id, sl->name);
        sl->quiet = loa_config_in_quiet(r->cfg, sl->start_min, sl->length_s);
        if (sl->quiet) {
            char msg[200];
            snprintf(msg, sizeof msg, "slot '%s' of station '%s' is in the quiet hours: only "
                                      "urgent (khẩn cấp) bulletins will air in it", sl->name,
                     st->id);
            if ((err = add_note(r, s, msg)) != LOA_OK)
                return err;
        }
    }
    /* Overlaps: two slots of the station on a common day whose times cross. */
    for (a = 0; a < st->n_slots; a++) {
        for (b = a + 1; b < st->n_slots; b++) {
            loa_config_slot *x = &st->slots[a], *y = &st->slots[b];

            if ((x->weekdays & y->weekdays) &&
                overlaps(x->start_min * 60, x->start_min * 60 + x->length_s, y->start_min * 60,
                         y->start_min * 60 + y->length_s))
                return fail_at(r, config_setting_get_elem(ss, (unsigned)b),
                               "slot '%s' overlaps slot '%s' (line %d) of station '%s' — move "
                               "its start or shorten one of them",
                               y->name, x->name, x->line, st->id);
        }
    }
    qsort(st->slots, st->n_slots, sizeof *st->slots, slot_cmp);
    return LOA_OK;
}

static loa_err read_jingles(reader *r, config_setting_t *js, loa_config_jingles *j)
{
    static const char *const names[] = {"intro", "outro", "chime", "bed", NULL};
    loa_err err;

    if (js == NULL)
        return LOA_OK;
    if (!config_setting_is_group(js))
        return fail_at(r, js, "'jingles' is not a group — write jingles = { intro = \"...\"; ... }");
    if ((err = check_names(r, js, names, "jingles")) != LOA_OK ||
        (err = get_path(r, js, "intro", 0, "", &j->intro)) != LOA_OK ||
        (err = get_path(r, js, "outro", 0, "", &j->outro)) != LOA_OK ||
        (err = get_path(r, js, "chime", 0, "", &j->chime)) != LOA_OK ||
        (err = get_path(r, js, "bed", 0, "", &j->bed)) != LOA_OK)
        return err;
    return LOA_OK;
}

static loa_err copy_jingles(loa_config_jingles *to, const loa_config_jingles *from)
{
    if ((from->intro && !(to->intro = loai_dup_str(from->intro))) ||
        (from->outro && !(to->outro = loai_dup_str(from->outro))) ||
        (from->chime && !(to->chime = loai_dup_str(from->chime))) ||
        (from->bed && !(to->bed = loai_dup_str(from->bed))))
        return LOA_ERR_NOMEM;
    return LOA_OK;
}

static loa_err get_dialect(reader *r, const config_setting_t *g, loa_dialect *d)
{
    config_setting_t *s = config_setting_get_member(g, "dialect");
    const char *v;

    if (s == NULL)
        return LOA_OK;
    if ((v = config_setting_get_string(s)) == NULL || loa_dialect_parse(v, d) != LOA_OK)
        return fail_at(r, s, "unknown dialect%s%s%s — use \"north\", \"central\" or \"south\"",
                       v ? " \"" : "", v ? v : "", v ? "\"" : "");
    return LOA_OK;
}

/* A value that goes into the generated Liquidsoap script between double
 * quotes: printable ASCII without quote, backslash, space or '#' (which
 * would start an interpolation "#{...}"). */
static int liq_safe(const char *s)
{
    for (; *s; s++)
        if (*s <= ' ' || *s > '~' || *s == '"' || *s == '\\' || *s == '#')
            return 0;
    return 1;
}

/* The playout settings of GROUP (the district's `air` group or a station):
 * outputs, fallback, alsa_device, icecast_host/port (district), icecast_mount
 * (station). What GROUP does not set stays as it is in A. */
static loa_err read_air(reader *r, const config_setting_t *g, loa_config_air *a)
{
    config_setting_t *o = config_setting_get_member(g, "outputs");
    char *fb = NULL;
    loa_err err;
    int i;

    if (o != NULL) {
        if (!config_setting_is_aggregate(o) || config_setting_is_group(o))
            return fail_at(r, o, "'outputs' is not a list — write outputs = [\"alsa\", "
                                 "\"icecast\"];");
        a->outputs = 0;
        for (i = 0; i < config_setting_length(o); i++) {
            config_setting_t *e = config_setting_get_elem(o, (unsigned)i);
            const char *v = config_setting_get_string(e);

            if (v != NULL && strcmp(v, "alsa") == 0)
                a->outputs |= LOA_AIR_OUT_ALSA;
            else if (v != NULL && strcmp(v, "icecast") == 0)
                a->outputs |= LOA_AIR_OUT_ICECAST;
            else
                return fail_at(r, e, "unknown output%s%s%s — use \"alsa\" (the sound card) "
                                     "and/or \"icecast\" (a stream)", v ? " \"" : "",
                               v ? v : "", v ? "\"" : "");
        }
        if (a->outputs == 0)
            return fail_at(r, o, "'outputs' is empty — a station needs at least one of "
                                 "\"alsa\", \"icecast\"");
    }
    if ((err = get_str(r, g, "fallback", 0, "fallback = \"silence\";", &fb)) ||
        (err = get_str(r, g, "alsa_device", 0, "alsa_device = \"default\";", &a->alsa_device)) ||
        (err = get_str(r, g, "icecast_host", 0, "icecast_host = \"127.0.0.1\";",
                       &a->icecast_host)) ||
        (err = get_int(r, g, "icecast_port", 1, 65535, &a->icecast_port)) ||
        (err = get_str(r, g, "icecast_mount", 0, "icecast_mount = \"/man-duc.mp3\";",
                       &a->icecast_mount))) {
        free(fb);
        return err;
    }
    if (fb != NULL) {
        free(a->fallback);
        a->fallback = NULL;
        if (strcmp(fb, "silence") == 0 || strcmp(fb, "im lặng") == 0) {
            free(fb);
        } else if ((strncmp(fb, "http://", 7) != 0 && strncmp(fb, "https://", 8) != 0) ||
                   !liq_safe(fb)) {
            err = fail_at(r, config_setting_get_member(g, "fallback"),
                          "fallback \"%s\" is neither \"silence\" nor an http(s):// address — "
                          "write fallback = \"silence\"; or the relay's URL, e.g. "
                          "\"http://192.0.2.1:8000/vov1.mp3\"", fb);
            free(fb);
            return err;
        } else {
            a->fallback = fb;
        }
    }
#define SAFE(f, what)                                                                          \
    if (a->f != NULL && (a->f[0] == '\0' || !liq_safe(a->f)))                                 \
        return fail_at(r, config_setting_get_member(g, #f),                                    \
                       "'" #f "' \"%s\" is empty or has spaces, quotes or other characters — " \
                       "write " what, a->f);
    SAFE(alsa_device, "an ALSA device name such as \"default\" or \"hw:1,0\"")
    SAFE(icecast_host, "a host name or address such as \"127.0.0.1\"")
    SAFE(icecast_mount, "a mount point such as \"/man-duc.mp3\"")
#undef SAFE
    if (a->icecast_mount != NULL && a->icecast_mount[0] != '/')
        return fail_at(r, config_setting_get_member(g, "icecast_mount"),
                       "'icecast_mount' \"%s\" must start with '/' — e.g. \"/man-duc.mp3\"",
                       a->icecast_mount);
    return LOA_OK;
}

/* The station's playout settings: the district's, then its own. */
static loa_err station_air(reader *r, const config_setting_t *s, loa_config_station *st)
{
    const loa_config_air *d = &r->cfg->air;
    loa_config_air *a = &st->air;
    loa_err err;

    a->outputs = d->outputs;
    a->icecast_port = d->icecast_port;
    if ((d->alsa_device && !(a->alsa_device = loai_dup_str(d->alsa_device))) ||
        (d->icecast_host && !(a->icecast_host = loai_dup_str(d->icecast_host))) ||
        (d->fallback && !(a->fallback = loai_dup_str(d->fallback))))
        return LOA_ERR_NOMEM;
    if ((err = read_air(r, s, a)) != LOA_OK)
        return err;
    if (a->icecast_mount == NULL) {
        size_t n = strlen(st->id) + 6;

        if ((a->icecast_mount = malloc(n)) == NULL)
            return LOA_ERR_NOMEM;
        snprintf(a->icecast_mount, n, "/%s.mp3", st->id);
    }
    return LOA_OK;
}

static loa_err read_station(reader *r, config_setting_t *s, loa_config_station *st)
{
    static const char *const names[] = {"id",      "name",        "commune",      "dialect",
                                        "groups",  "profile",     "jingles",      "slots",
                                        "outputs", "fallback",    "alsa_device",  "icecast_mount",
                                        NULL};
    loa_config *c = r->cfg;
    loa_err err;

    st->line = (int)config_setting_source_line(s);
    st->dialect = c->dialect;
    if ((st->file = display_file(r, setting_file(r, s))) == NULL)
        return LOA_ERR_NOMEM;
    if (!config_setting_is_group(s))
        return fail_at(r, s, "a station is not a group — write { id = ...; name = ...; ... }");
    if ((err = check_names(r, s, names, "a station")) != LOA_OK ||
        (err = get_str(r, s, "id", 1, "id = \"man-duc\";", &st->id)) != LOA_OK)
        return err;
    if (!loai_safe_id(st->id, NULL))
        return fail_at(r, config_setting_get_member(s, "id"),
                       "station id \"%s\" has other characters (it names files) — use only a-z, 0-9, '-' and '_', "
                       "e.g. \"man-duc\" for Mãn Đức", st->id);
    if ((err = get_str(r, s, "name", 1, "name = \"Đài truyền thanh xã ...\";", &st->name)) ||
        (err = get_str(r, s, "commune", 0, "commune = \"xã ...\";", &st->commune)) ||
        (err = get_dialect(r, s, &st->dialect)) ||
        (err = get_str(r, s, "profile", 0, "profile = \"broadcast\";", &st->profile)) ||
        (err = get_strv(r, s, "groups", 0, &st->groups, &st->n_groups)) ||
        (err = read_jingles(r, config_setting_get_member(s, "jingles"), &st->jingles)) ||
        (err = station_air(r, s, st)))
        return err;
    /* Overrides first, then fill what the station did not override. */
    {
        loa_config_jingles d = {0};
        if ((err = copy_jingles(&d, &c->jingles)) != LOA_OK) {
            free_jingles(&d);
            return err;
        }
#define FILL(f)                                                                                \
    if (st->jingles.f == NULL) {                                                               \
        st->jingles.f = d.f;                                                                   \
        d.f = NULL;                                                                            \
    }
        FILL(intro)
        FILL(outro)
        FILL(chime)
        FILL(bed)
#undef FILL
        free_jingles(&d);
    }
    if (st->profile == NULL && c->profile && (st->profile = loai_dup_str(c->profile)) == NULL)
        return LOA_ERR_NOMEM;
    if (config_setting_get_member(s, "slots") == NULL)
        return fail_at(r, s, "station '%s' has no slots — add slots = ( { name = \"sang\"; "
                             "days = \"T2-CN\"; start = \"06:00\"; length = \"15:00\"; } )",
                       st->id);
    return read_slots(r, config_setting_get_member(s, "slots"), st);
}

static int has_str(char **v, size_t n, const char *s)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

static loa_err push_str(char ***v, size_t *n, const char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof *p);

    if (p == NULL)
        return LOA_ERR_NOMEM;
    *v = p;
    if ((p[*n] = loai_dup_str(s)) == NULL)
        return LOA_ERR_NOMEM;
    (*n)++;
    return LOA_OK;
}

static loa_err read_groups(reader *r, config_setting_t *gs)
{
    static const char *const names[] = {"id", "name", "stations", NULL};
    loa_config *c = r->cfg;
    int i, n, k;
    loa_err err;

    if (gs == NULL)
        return LOA_OK;
    if (!config_setting_is_list(gs))
        return fail_at(r, gs, "'groups' is not a list — write groups = ( { id = ...; stations = [...]; } )");
    n = config_setting_length(gs);
    if ((c->groups = calloc((size_t)n + 1, sizeof *c->groups)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < n; i++) {
        config_setting_t *s = config_setting_get_elem(gs, (unsigned)i);
        config_setting_t *ms;
        loa_config_group *g = &c->groups[c->n_groups];

        if (!config_setting_is_group(s))
            return fail_at(r, s, "a group is not a group — write { id = ...; stations = [...]; }");
        c->n_groups++;
        if ((err = check_names(r, s, names, "a group")) ||
            (err = get_str(r, s, "id", 1, "id = \"vung-cao\";", &g->id)) ||
            (err = get_str(r, s, "name", 0, "", &g->name)))
            return err;
        if (!loai_safe_id(g->id, NULL))
            return fail_at(r, config_setting_get_member(s, "id"),
                           "group id \"%s\" has other characters — use only a-z, 0-9, '-' and '_'", g->id);
        for (k = 0; k + 1 < (int)c->n_groups; k++)
            if (strcmp(c->groups[k].id, g->id) == 0)
                return fail_at(r, s, "duplicate group id '%s' — each group needs its own id",
                               g->id);
        if (loa_config_station_find(c, g->id))
            return fail_at(r, s, "group id '%s' is also a station id — rename the group so "
                                 "bulletins can tell them apart", g->id);
        ms = config_setting_get_member(s, "stations");
        if (ms == NULL)
            continue;
        if (!config_setting_is_array(ms) && !config_setting_is_list(ms))
            return fail_at(r, ms, "'stations' is not a list — write [\"a\", \"b\"]");
        for (k = 0; k < config_setting_length(ms); k++) {
            config_setting_t *e = config_setting_get_elem(ms, (unsigned)k);
            const char *id = config_setting_get_string(e);
            loa_config_station *st;

            if (id == NULL)
                return fail_at(r, e, "'stations' holds a value that is not a string — put each id in double quotes");
            if ((st = (loa_config_station *)loa_config_station_find(c, id)) == NULL)
                return fail_at(r, e, "group '%s' lists unknown station '%s' — check the "
                                     "spelling or add the station", g->id, id);
            if (!has_str(st->groups, st->n_groups, g->id) &&
                (err = push_str(&st->groups, &st->n_groups, g->id)) != LOA_OK)
                return err;
        }
    }
    return LOA_OK;
}

static loa_err read_all(reader *r, config_t *lc)
{
    static const char *const top[] = {"district", "province", "timezone", "defaults",
                                      "jingles",  "standing", "scripts",  "output",
                                      "lexicons", "groups",   "stations", "air",
                                      NULL};
    static const char *const airs[] = {"outputs", "fallback", "alsa_device", "icecast_host",
                                       "icecast_port", NULL};
    static const char *const defs[] = {"dialect", "rate", "pitch", "profile", "quiet_hours",
                                       "gap", "reminder", NULL};
    loa_config *c = r->cfg;
    config_setting_t *root = config_root_setting(lc), *d, *ss;
    size_t i, k;
    int n;
    loa_err err;

    if ((err = check_names(r, root, top, "the district file")) ||
        (err = get_str(r, root, "district", 1, "district = \"huyện Tân Lạc\";", &c->district)) ||
        (err = get_str(r, root, "province", 1, "province = \"tỉnh Hòa Bình\";", &c->province)) ||
        (err = get_str(r, root, "timezone", 0, "", &c->timezone)))
        return err;
    if (c->timezone == NULL && (c->timezone = loai_dup_str("Asia/Ho_Chi_Minh")) == NULL)
        return LOA_ERR_NOMEM;
    if (strcmp(c->timezone, "Asia/Ho_Chi_Minh") != 0)
        return fail_at(r, config_setting_get_member(root, "timezone"),
                       "time zone \"%s\" is not supported — stations in Việt Nam use "
                       "timezone = \"Asia/Ho_Chi_Minh\" (UTC+7, no daylight saving)",
                       c->timezone);
    c->dialect = LOA_DIALECT_NORTH;
    c->rate_wpm = 150;
    c->pitch = 50;
    c->gap_s = 1.0;
    c->reminder_s = 600;
    if ((d = config_setting_get_member(root, "defaults")) != NULL) {
        char *q = NULL;
        config_setting_t *rm = config_setting_get_member(d, "reminder");

        if (!config_setting_is_group(d))
            return fail_at(r, d, "'defaults' must be a group { dialect = ...; ... }");
        if ((err = check_names(r, d, defs, "defaults")) || (err = get_dialect(r, d, &c->dialect)) ||
            (err = get_int(r, d, "rate", 80, 450, &c->rate_wpm)) ||
            (err = get_int(r, d, "pitch", 0, 99, &c->pitch)) ||
            (err = get_str(r, d, "profile", 0, "", &c->profile)) ||
            (err = get_seconds(r, d, "gap", 0.0, 60.0, &c->gap_s)) ||
            (err = get_str(r, d, "quiet_hours", 0, "", &q)))
            return err;
        if (q) {
            char a[8], b[8];
            int ok = sscanf(q, " %5[0-9:] - %5[0-9:] ", a, b) == 2 &&
                     loa_config_clock_parse(a, &c->quiet_start_min) == LOA_OK &&
                     loa_config_clock_parse(b, &c->quiet_end_min) == LOA_OK;
            if (!ok) {
                err = fail_at(r, config_setting_get_member(d, "quiet_hours"),
                              "bad quiet hours \"%s\" — write \"21:30-05:30\" (start-end, "
                              "24-hour clock)", q);
                free(q);
                return err;
            }
            free(q);
        }
        if (rm != NULL && (err = get_reminder(r, rm, &c->reminder_s)) != LOA_OK)
            return err;
    }
    if (c->profile == NULL && (c->profile = loai_dup_str("broadcast")) == NULL)
        return LOA_ERR_NOMEM;
    c->air.outputs = LOA_AIR_OUT_ALSA;
    c->air.icecast_port = 8000;
    if ((d = config_setting_get_member(root, "air")) != NULL) {
        if (!config_setting_is_group(d))
            return fail_at(r, d, "'air' must be a group { outputs = [\"alsa\"]; ... }");
        if ((err = check_names(r, d, airs, "air")) || (err = read_air(r, d, &c->air)))
            return err;
    }
    if ((c->air.alsa_device == NULL && !(c->air.alsa_device = loai_dup_str("default"))) ||
        (c->air.icecast_host == NULL && !(c->air.icecast_host = loai_dup_str("127.0.0.1"))))
        return LOA_ERR_NOMEM;
    if ((err = read_jingles(r, config_setting_get_member(root, "jingles"), &c->jingles)) ||
        (err = get_path(r, root, "standing", 1, "standing = \"scripts/thuong-truc.txt\";",
                        &c->standing)) ||
        (err = get_path(r, root, "scripts", 0, "", &c->scripts_dir)) ||
        (err = get_path(r, root, "output", 0, "", &c->output_dir)) ||
        (err = get_strv(r, root, "lexicons", 1, &c->lexicons, &c->n_lexicons)))
        return err;
    if (c->scripts_dir == NULL && (c->scripts_dir = join_path(c->dir, "scripts")) == NULL)
        return LOA_ERR_NOMEM;
    if (c->output_dir == NULL && (c->output_dir = join_path(c->dir, "out")) == NULL)
        return LOA_ERR_NOMEM;
    ss = config_setting_get_member(root, "stations");
    if (ss == NULL || !config_setting_is_list(ss) || config_setting_length(ss) == 0)
        return fail_at(r, ss ? ss : root, "no stations — add stations = ( { id = \"man-duc\"; "
                                          "name = \"...\"; slots = (...); } )");
    n = config_setting_length(ss);
    if ((c->stations = calloc((size_t)n, sizeof *c->stations)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < (size_t)n; i++) {
        config_setting_t *s = config_setting_get_elem(ss, (unsigned)i);

        c->n_stations++;
        if ((err = read_station(r, s, &c->stations[i])) != LOA_OK)
            return err;
        for (k = 0; k < i; k++)
            if (strcmp(c->stations[k].id, c->stations[i].id) == 0)
                return fail_at(r, config_setting_get_member(s, "id"),
                               "duplicate station id '%s' (first defined at %s:%d) — each "
                               "station needs its own id", c->stations[i].id,
                               c->stations[k].file, c->stations[k].line);
    }
    if ((err = read_groups(r, config_setting_get_member(root, "groups"))) != LOA_OK)
        return err;
    /* A station may name a group it belongs to; the group must exist, and
     * gets the station as a member. */
    for (i = 0; i < c->n_stations; i++) {
        loa_config_station *st = &c->stations[i];

        for (k = 0; k < st->n_groups; k++) {
            loa_config_group *g = (loa_config_group *)loa_config_group_find(c, st->groups[k]);

            if (g == NULL)
                return fail_at(r, config_setting_get_member(config_setting_get_elem(ss,
                                                                (unsigned)i), "groups"),
                               "station '%s' names unknown group '%s' — define it in groups = "
                               "( { id = \"%s\"; } ) or fix the spelling", st->id, st->groups[k],
                               st->groups[k]);
        }
    }
    /* Members in station order, whichever side named them. */
    for (k = 0; k < c->n_groups; k++) {
        loa_config_group *g = &c->groups[k];

        for (i = 0; i < c->n_stations; i++)
            if (has_str(c->stations[i].groups, c->stations[i].n_groups, g->id) &&
                (err = push_str(&g->stations, &g->n_stations, c->stations[i].id)) != LOA_OK)
                return err;
    }
    return LOA_OK;
}

/* libconfig 1.5's scanner calls exit() when it cannot read an input (an
 * @include naming a directory, or the main file being one): check every
 * file it will read first, and refuse NUL bytes, which cut an @include path
 * short ("stations/\0x.cfg" names the directory). Includes are relative
 * to INCDIR; libconfig allows 10 levels. */
static loa_err check_input(const char *file, const char *incdir, int depth, char **err_file,
                           loa_diag *diag)
{
    struct stat st;
    char *text = NULL, *p, *end;
    size_t len;
    int line = 1;
    loa_err err;

    if (stat(file, &st) == 0 && !S_ISREG(st.st_mode)) {
        loai_diag_set(diag, "%s is not a file — give the district's .cfg file", file);
        return LOA_ERR_IO;
    }
    if (depth > 10 || (err = loa_file_read(file, &text, &len, NULL)) != LOA_OK)
        return LOA_OK; /* libconfig reports these itself */
    for (p = text, end = text + len; p < end && err == LOA_OK; line++) {
        char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p, *name, *w;

        if (eol == NULL)
            eol = end;
        if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
            loai_diag_at(diag, line, 1, "a NUL byte — save the file as plain UTF-8 text");
            err = LOA_ERR_CONFIG;
            break;
        }
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        if ((size_t)(eol - q) > 9 && memcmp(q, "@include", 8) == 0) {
            for (q += 8; q < eol && (*q == ' ' || *q == '\t'); q++)
                ;
            if (q < eol && *q == '"') {
                /* The quoted name, with libconfig's \\ and \" escapes. */
                for (w = name = ++q; q < eol && *q != '"'; q++)
                    *w++ = *q == '\\' && q + 1 < eol ? *++q : *q;
                *w = '\0';
                char *inc = join_path(incdir, name);

                if (inc == NULL)
                    err = LOA_ERR_NOMEM;
                else if (stat(inc, &st) == 0 && !S_ISREG(st.st_mode)) {
                    loai_diag_at(diag, line, 1, "@include \"%s\" is not a file — name the "
                                                "station's .cfg file", name);
                    err = LOA_ERR_CONFIG;
                } else if (stat(inc, &st) == 0) {
                    err = check_input(inc, incdir, depth + 1, err_file, diag);
                }
                free(inc);
                if (err != LOA_OK)
                    break;
            }
        }
        p = eol + 1;
    }
    if (err == LOA_ERR_CONFIG && err_file != NULL && *err_file == NULL)
        *err_file = loai_dup_str(file);
    free(text);
    return err;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (slash == NULL)
        return loai_dup_str(".");
    if (slash == path)
        return loai_dup_str("/");
    if ((d = malloc((size_t)(slash - path) + 1)) == NULL)
        return NULL;
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    return d;
}

loa_err loa_config_load(loa_config *cfg, const char *path, char **err_file, loa_diag *diag)
{
    config_t lc;
    reader r;
    loa_err err = LOA_ERR_NOMEM;
    locale_t cloc, old = (locale_t)0;
    FILE *fp;
    int ok;

    loa_config_init(cfg);
    if (err_file)
        *err_file = NULL;
    r.cfg = cfg;
    r.path = path;
    r.diag = diag;
    r.err_file = err_file;
    if ((cfg->path = loai_dup_str(path)) == NULL || (cfg->dir = dir_of(path)) == NULL)
        goto fail;
    if ((err = check_input(path, cfg->dir, 0, err_file, diag)) != LOA_OK)
        goto fail;
    err = LOA_ERR_NOMEM;
    /* Open it ourselves first: libconfig reports a missing file as a parse
     * error without errno. */
    if ((fp = fopen(path, "r")) == NULL) {
        loai_diag_set(diag, "cannot open %s: %s", path, strerror(errno));
        err = LOA_ERR_IO;
        goto fail;
    }
    config_init(&lc);
    config_set_include_dir(&lc, cfg->dir);
    /* libconfig reads numbers with strtod: pin LC_NUMERIC to "C" for this
     * thread while it parses, whatever the program's locale is. */
    cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cloc)
        old = uselocale(cloc);
    ok = config_read(&lc, fp);
    if (cloc) {
        uselocale(old);
        freelocale(cloc);
    }
    fclose(fp);
    if (!ok) {
        const char *f = config_error_file(&lc);
        const char *t = config_error_text(&lc);
        int line = config_error_line(&lc);

        if (f == NULL)
            f = path;
        loai_diag_at(diag, line, line ? 1 : 0, "%s — %s", t ? t : "cannot parse",
                     t && strstr(t, "include") ? "check the @include path (relative to the "
                                                 "district file's directory)"
                                               : "check this line and the one before it for a "
                                                 "missing ';', quote, brace or bracket");
        if (err_file)
            *err_file = f == path || strcmp(f, path) == 0 ? loai_dup_str(path) : join_path(cfg->dir, f);
        config_destroy(&lc);
        err = LOA_ERR_CONFIG;
        goto fail;
    }
    err = read_all(&r, &lc);
    config_destroy(&lc);
    if (err == LOA_OK)
        return LOA_OK;
fail:
    loa_config_clear(cfg);
    return err;
}
