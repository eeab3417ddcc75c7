/* The air plan (plan.tsv) and urgent list (urgent.tsv) a playout reads: local
 * time in Asia/Ho_Chi_Minh as Unix time, and strict readers for both files
 * (they may come over the network: anything malformed is refused). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "air_int.h"
#include "file_int.h"

/* Days from 1970-01-01 to the civil date Y-M-D (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

double loa_air_epoch(loa_date d, int sec)
{
    return (double)days_from_civil(d.year, d.month, d.day) * 86400.0 + sec - LOAI_AIR_UTC_OFFSET;
}

void loa_air_local(double t, loa_date *d, int *sec)
{
    double local = floor(t) + LOAI_AIR_UTC_OFFSET;
    long days = (long)floor(local / 86400.0);
    long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

    d->year = (int)(yoe + era * 400 + (mm <= 2));
    d->month = mm;
    d->day = dd;
    *sec = (int)(local - (double)days * 86400.0);
}

int loai_air_parse_dec(const char *s, double *out)
{
    double v = 0, scale = 1;
    int neg = 0, digits = 0;

    if (*s == '-') {
        neg = 1;
        s++;
    }
    for (; *s >= '0' && *s <= '9'; s++, digits++)
        if (digits < 15)
            v = v * 10 + (*s - '0');
        else
            return 0;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            if ((scale /= 10) > 1e-9)
                v += (*s - '0') * scale;
    if (*s != '\0' || digits == 0)
        return 0;
    *out = neg ? -v : v;
    return 1;
}

int loai_air_is_hex64(const char *s)
{
    size_t i;

    for (i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[64] == '\0';
}

/* Split LINE in place at tabs into at most MAX fields; the count. */
size_t loai_air_fields(char *line, char **f, size_t max)
{
    size_t n = 0;

    while (n < max) {
        f[n++] = line;
        if ((line = strchr(line, '\t')) == NULL)
            break;
        *line++ = '\0';
    }
    return line ? max + 1 : n;
}

loa_err loai_air_read_text(const char *path, char **out, size_t limit, loa_diag *diag)
{
    FILE *fp = fopen(path, "rb");
    loai_buf b = {0};
    char chunk[8192];
    size_t n;

    *out = NULL;
    if (fp == NULL) {
        loai_diag_set(diag, "%s: %s", path, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > limit || memchr(chunk, '\0', n) != NULL) {
            loai_diag_set(diag, "%s: not a text file of at most %zu bytes", path, limit);
            fclose(fp);
            loai_buf_free(&b);
            return LOA_ERR_INVALID;
        }
        if (loai_buf_add(&b, chunk, n) != LOA_OK) {
            fclose(fp);
            loai_buf_free(&b);
            return LOA_ERR_NOMEM;
        }
    }
    if (ferror(fp)) {
        loai_diag_set(diag, "%s: %s", path, strerror(errno));
        fclose(fp);
        loai_buf_free(&b);
        return LOA_ERR_IO;
    }
    fclose(fp);
    if (loai_buf_add(&b, "", 0) != LOA_OK) {
        loai_buf_free(&b);
        return LOA_ERR_NOMEM;
    }
    *out = b.data ? b.data : strdup("");
    return *out ? LOA_OK : LOA_ERR_NOMEM;
}

static int plain_text(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ')
            return 0;
    return 1;
}

void loa_air_plan_clear(loa_air_plan *plan)
{
    size_t i;

    if (plan == NULL)
        return;
    for (i = 0; i < plan->n; i++) {
        free(plan->progs[i].key);
        free(plan->progs[i].path);
        free(plan->progs[i].bulletins);
    }
    free(plan->progs);
    free(plan->station);
    memset(plan, 0, sizeof *plan);
}

loa_err loa_air_plan_load(loa_air_plan *plan, const char *path, loa_diag *diag)
{
    char *text = NULL, *line, *next, *f[10];
    loa_err err;
    size_t cap = 0, n;
    int lineno = 0;

    memset(plan, 0, sizeof *plan);
    if ((err = loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, diag)) != LOA_OK)
        return err;
    err = LOA_OK;
    for (line = text; line && *line && err == LOA_OK; line = next) {
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        lineno++;
        n = loai_air_fields(line, f, 9);
        if (lineno == 1) {
            if (n != 3 || strcmp(f[0], LOAI_AIR_PLAN_FORMAT) != 0 || !loai_file_safe_rel(f[1]) ||
                strchr(f[1], '/') || (strcmp(f[2], "-") != 0 && !loai_air_is_hex64(f[2]))) {
                loai_diag_at(diag, 1, 1, "%s: not an air plan (" LOAI_AIR_PLAN_FORMAT ")", path);
                err = LOA_ERR_INVALID;
            } else if ((plan->station = strdup(f[1])) == NULL) {
                err = LOA_ERR_NOMEM;
            } else if (strcmp(f[2], "-") != 0) {
                memcpy(plan->engine_sha256, f[2], 65);
            }
            continue;
        }
        if (n != 9) {
            loai_diag_at(diag, lineno, 1, "%s: %zu fields, 9 expected", path, n);
            err = LOA_ERR_INVALID;
            break;
        }
        if (plan->n == cap) {
            loa_air_prog *p;

            cap = cap ? 2 * cap : 64;
            if (cap > LOAI_AIR_MAX_PROGS ||
                (p = realloc(plan->progs, cap * sizeof *p)) == NULL) {
                err = cap > LOAI_AIR_MAX_PROGS ? LOA_ERR_INVALID : LOA_ERR_NOMEM;
                loai_diag_at(diag, lineno, 1, "%s: too many programs", path);
                break;
            }
            plan->progs = p;
        }
        {
            loa_air_prog *p = &plan->progs[plan->n];

            memset(p, 0, sizeof *p);
            if (!loai_air_parse_dec(f[0], &p->start) || !loai_air_parse_dec(f[1], &p->seconds) ||
                !loai_air_parse_dec(f[2], &p->slot_end) || p->seconds < 0 ||
                p->seconds > 86400 || p->slot_end < p->start || strlen(f[3]) >= sizeof p->week ||
                !loai_file_safe_rel(f[3]) || !loai_file_safe_rel(f[4]) ||
                !loai_file_safe_rel(f[5]) || !loai_air_is_hex64(f[6]) ||
                (strcmp(f[7], "0") != 0 && strcmp(f[7], "1") != 0) || !plain_text(f[8]) ||
                (plan->n > 0 && p->start < plan->progs[plan->n - 1].start)) {
                loai_diag_at(diag, lineno, 1, "%s: malformed program line", path);
                err = LOA_ERR_INVALID;
                break;
            }
            strcpy(p->week, f[3]);
            memcpy(p->sha256, f[6], 65);
            p->urgent = f[7][0] == '1';
            if ((p->key = strdup(f[4])) == NULL || (p->path = strdup(f[5])) == NULL ||
                (p->bulletins = strdup(f[8])) == NULL) {
                free(p->key);
                free(p->path);
                err = LOA_ERR_NOMEM;
                break;
            }
            plan->n++;
        }
    }
    if (err == LOA_OK && plan->station == NULL) {
        loai_diag_set(diag, "%s: empty air plan", path);
        err = LOA_ERR_INVALID;
    }
    free(text);
    if (err != LOA_OK)
        loa_air_plan_clear(plan);
    return err;
}

const loa_air_prog *loa_air_plan_at(const loa_air_plan *plan, double now, double lead)
{
    const loa_air_prog *best = NULL;
    size_t i;

    for (i = 0; i < plan->n; i++) {
        const loa_air_prog *p = &plan->progs[i];

        if (p->start > now + lead)
            break;
        if (p->start + p->seconds > now)
            best = p;
    }
    return best;
}

void loa_air_notices_clear(loa_air_notices *ns)
{
    size_t i;

    if (ns == NULL)
        return;
    for (i = 0; i < ns->n; i++) {
        free(ns->v[i].id);
        free(ns->v[i].path);
        free(ns->v[i].title);
    }
    free(ns->v);
    ns->v = NULL;
    ns->n = 0;
}

loa_err loa_air_notices_load(loa_air_notices *ns, const char *path, loa_diag *diag)
{
    char *text = NULL, *line, *next, *f[8];
    loa_err err;
    size_t n;
    int lineno = 0;

    ns->v = NULL;
    ns->n = 0;
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return LOA_OK;
    if ((err = loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, diag)) != LOA_OK)
        return err;
    for (line = text; line && *line && err == LOA_OK; line = next) {
        loa_air_notice *p, *v;

        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        lineno++;
        n = loai_air_fields(line, f, 6);
        if (lineno == 1) {
            if (n != 2 || strcmp(f[0], LOAI_AIR_URGENT_FORMAT) != 0) {
                loai_diag_at(diag, 1, 1, "%s: not an urgent list (" LOAI_AIR_URGENT_FORMAT ")",
                             path);
                err = LOA_ERR_INVALID;
            }
            continue;
        }
        if (ns->n >= LOAI_AIR_MAX_PROGS ||
            (v = realloc(ns->v, (ns->n + 1) * sizeof *v)) == NULL) {
            err = ns->n >= LOAI_AIR_MAX_PROGS ? LOA_ERR_INVALID : LOA_ERR_NOMEM;
            break;
        }
        ns->v = v;
        p = &ns->v[ns->n];
        memset(p, 0, sizeof *p);
        if (n != 6 || !loai_file_safe_rel(f[0]) || strchr(f[0], '/') ||
            !loai_air_parse_dec(f[1], &p->issued) || !loai_air_parse_dec(f[2], &p->until) ||
            !loai_file_safe_rel(f[3]) || !loai_air_is_hex64(f[4]) || !plain_text(f[5])) {
            loai_diag_at(diag, lineno, 1, "%s: malformed notice line", path);
            err = LOA_ERR_INVALID;
            break;
        }
        memcpy(p->sha256, f[4], 65);
        if ((p->id = strdup(f[0])) == NULL || (p->path = strdup(f[3])) == NULL ||
            (p->title = strdup(f[5])) == NULL) {
            free(p->id);
            free(p->path);
            err = LOA_ERR_NOMEM;
            break;
        }
        ns->n++;
    }
    free(text);
    if (err != LOA_OK)
        loa_air_notices_clear(ns);
    return err;
}
