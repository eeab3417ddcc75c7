/* What the playout reads: each station week's air.tsv (written with the week,
 * so it is part of the immutable version), and the station air folders
 * <output>/air/<id>/ kept by loa_air_update after every publish: links to
 * the week versions, plan.tsv (the current pointer), station.liq; then the
 * removal of week versions nothing points at any more. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "air_int.h"
#include "publish_priv.h"

loa_err loai_pub_air_week(loai_pub_week *w, const char *dir, loa_diag *diag)
{
    const loa_plan *plan = w->plan;
    loai_out o = {{0}, LOA_OK};
    loa_err err = LOA_OK;
    size_t i, k;

    loai_out_printf(&o, LOAI_AIR_WEEK_FORMAT "\t%s\t%04d-W%02d\n", w->st->id, plan->iso_year,
                    plan->iso_week);
    for (i = 0; i < w->n && err == LOA_OK; i++) {
        const loai_pub_slot *p = &w->slots[i];
        const loa_plan_slot *s = p->s;
        char hex[65], *full = loai_file_join(dir, p->file->path), num[32];
        unsigned long long bytes;
        double start = loa_air_epoch(s->date, s->start_min * 60);
        int urgent = 0, first = 1;

        if (full == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        err = loai_pub_sha256(w, full, hex, &bytes, diag);
        free(full);
        if (err != LOA_OK)
            break;
        for (k = 0; k < s->n_items; k++)
            if (plan->clips[s->items[k]].priority == LOA_PRIO_URGENT)
                urgent = 1;
        loai_pub_seconds(num, sizeof num, p->seconds);
        loai_out_printf(&o, "%.0f\t%s\t%.0f\t%s\t%s\t%s\t%d\t", start, num,
                        start + s->length_s, p->key, p->file->path, hex, urgent);
        for (k = 0; k < s->n_items; k++) {
            const loa_plan_clip *c = &plan->clips[s->items[k]];

            if (!loai_pub_is_bulletin(c))
                continue;
            loai_out_printf(&o, "%s%s", first ? "" : ",", c->id);
            first = 0;
        }
        loai_out_puts(&o, "\n");
    }
    if (err == LOA_OK)
        err = loai_pub_write(dir, "air.tsv", &o, diag);
    loai_buf_free(&o.b);
    return err;
}

int loai_air_version_name(const char *name, char week[16], long *version)
{
    const char *dot = strrchr(name, '.');
    char *end;
    int y, wk;
    size_t n;

    if (dot == NULL || (n = (size_t)(dot - name)) != 8)
        return 0;
    memcpy(week, name, n);
    week[n] = '\0';
    if (loa_date_iso_parse(week, &y, &wk) != LOA_OK)
        return 0;
    *version = strtol(dot + 1, &end, 10);
    return end != dot + 1 && *end == '\0' && *version > 0;
}

double loai_air_week_end(const char *week)
{
    int y, wk;

    if (loa_date_iso_parse(week, &y, &wk) != LOA_OK)
        return 0;
    return loa_air_epoch(loa_date_add_days(loa_date_iso_monday(y, wk), 7), 0);
}

/* A week version is kept while its week is on (plus a day: programs of Sunday
 * night may run past midnight), so a playout or a person reading inside it
 * never loses a file in mid-week. */
#define KEEP_AFTER_WEEK (86400.0)

/* The published weeks: "2026-W48" → ".weeks/2026-W48.3" for each symlink
 * of OUT that points at a version. */
typedef struct pubweek {
    char week[16];
    char version[40]; /* "2026-W48.3" */
} pubweek;

static int cmp_pubweek(const void *a, const void *b)
{
    return strcmp(((const pubweek *)a)->week, ((const pubweek *)b)->week);
}

static loa_err published_weeks(const char *out, pubweek **weeks, size_t *n, loa_diag *diag)
{
    DIR *d = opendir(out);
    struct dirent *e;
    pubweek *v = NULL;
    size_t cnt = 0;

    *weeks = NULL;
    *n = 0;
    if (d == NULL) {
        loai_diag_set(diag, "cannot list %s: %s", out, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((e = readdir(d)) != NULL) {
        char link[128], *full, week[16];
        ssize_t len;
        long ver;
        int y, wk;
        pubweek *p;

        if (strlen(e->d_name) != 8 || loa_date_iso_parse(e->d_name, &y, &wk) != LOA_OK)
            continue;
        if ((full = loai_file_join(out, e->d_name)) == NULL)
            break;
        len = readlink(full, link, sizeof link - 1);
        free(full);
        if (len <= 0 || (size_t)len <= sizeof LOAI_AIR_VERSIONS)
            continue;
        link[len] = '\0';
        if (strlen(link + sizeof LOAI_AIR_VERSIONS) >= sizeof v->version ||
            strncmp(link, LOAI_AIR_VERSIONS "/", sizeof LOAI_AIR_VERSIONS) != 0 ||
            !loai_air_version_name(link + sizeof LOAI_AIR_VERSIONS, week, &ver) ||
            strcmp(week, e->d_name) != 0)
            continue;
        if ((p = realloc(v, (cnt + 1) * sizeof *p)) == NULL) {
            closedir(d);
            free(v);
            return LOA_ERR_NOMEM;
        }
        v = p;
        snprintf(v[cnt].week, sizeof v[cnt].week, "%s", week);
        memcpy(v[cnt].version, link + sizeof LOAI_AIR_VERSIONS,
               strlen(link + sizeof LOAI_AIR_VERSIONS) + 1);
        cnt++;
    }
    closedir(d);
    if (cnt > 1)
        qsort(v, cnt, sizeof *v, cmp_pubweek);
    *weeks = v;
    *n = cnt;
    return LOA_OK;
}

/* Append the programs of VERSIONS_DIR/<version>/<station>/air.tsv to O as
 * plan lines, their paths under weeks/<version>/. */
static loa_err plan_add_week(loai_out *o, const char *versions, const pubweek *pw,
                             const char *station, loa_diag *diag)
{
    char path[4096], *text = NULL, *line, *next, *f[10];
    loa_err err;
    int lineno = 0;

    snprintf(path, sizeof path, "%s/%s/%s/air.tsv", versions, pw->version, station);
    if (access(path, F_OK) != 0)
        return LOA_OK; /* the station was not in that week */
    if ((err = loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, diag)) != LOA_OK)
        return err;
    for (line = text; line && *line; line = next) {
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (++lineno == 1)
            continue;
        if (loai_air_fields(line, f, 8) != 8) {
            loai_diag_at(diag, lineno, 1, "%s: malformed line", path);
            err = LOA_ERR_INVALID;
            break;
        }
        loai_out_printf(o, "%s\t%s\t%s\t%s\t%s\tweeks/%s/%s\t%s\t%s\t%s\n", f[0], f[1], f[2],
                        pw->week, f[3], pw->version, f[4], f[5], f[6], f[7]);
    }
    free(text);
    return err;
}

/* Write FINAL with O's text unless it already holds exactly that. */
static loa_err write_if_changed(const char *final, const loai_out *o, loa_diag *diag)
{
    char *old = NULL;
    int same;

    if (o->err != LOA_OK)
        return o->err;
    same = loai_air_read_text(final, &old, LOAI_AIR_MAX_FILE, NULL) == LOA_OK &&
           strlen(old) == o->b.len && memcmp(old, o->b.data ? o->b.data : "", o->b.len) == 0;
    free(old);
    if (same)
        return LOA_OK;
    return loai_stage_write(final, o->b.data ? o->b.data : "", o->b.len, diag);
}

/* weeks/<version> → ../../../.weeks/<version>/<station> for every version of
 * VERSIONS that has the station; links to versions gone are removed. */
static loa_err link_versions(const char *versions, const char *air, const char *station,
                             loa_diag *diag)
{
    char *wdir = loai_file_join(air, "weeks");
    DIR *d;
    struct dirent *e;
    loa_err err = LOA_OK;
    char path[4096], target[4096];

    if (wdir == NULL)
        return LOA_ERR_NOMEM;
    if ((err = loai_file_mkdirs(wdir, diag)) != LOA_OK)
        goto done;
    if ((d = opendir(versions)) != NULL) {
        while ((e = readdir(d)) != NULL && err == LOA_OK) {
            char week[16], have[4096];
            long ver;
            ssize_t len;
            struct stat st;

            if (!loai_air_version_name(e->d_name, week, &ver))
                continue;
            snprintf(path, sizeof path, "%s/%s/%s", versions, e->d_name, station);
            if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                continue;
            snprintf(path, sizeof path, "%s/%s", wdir, e->d_name);
            snprintf(target, sizeof target, "../../../" LOAI_AIR_VERSIONS "/%s/%s", e->d_name,
                     station);
            len = readlink(path, have, sizeof have - 1);
            if (len > 0 && (size_t)len == strlen(target) && memcmp(have, target, (size_t)len) == 0)
                continue;
            unlink(path);
            if (symlink(target, path) != 0) {
                loai_diag_set(diag, "cannot link %s: %s", path, strerror(errno));
                err = LOA_ERR_IO;
            }
        }
        closedir(d);
    }
    /* Links whose version is gone. */
    if (err == LOA_OK && (d = opendir(wdir)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            struct stat st;

            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", wdir, e->d_name);
            if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) != 0)
                unlink(path);
        }
        closedir(d);
    }
done:
    free(wdir);
    return err;
}

static loa_err update_station(const loa_config *cfg, const loa_config_station *st,
                              const char *versions, const pubweek *weeks, size_t n_weeks,
                              double now, loa_diag *diag)
{
    char air[4096], path[4200], hex[65];
    char *script = NULL;
    loai_out plan = {{0}, LOA_OK}, eng = {{0}, LOA_OK};
    loa_err err;
    size_t i;

    snprintf(air, sizeof air, "%s/air/%s", cfg->output_dir, st->id);
    if ((err = loai_file_mkdirs(air, diag)) != LOA_OK ||
        (err = link_versions(versions, air, st->id, diag)) != LOA_OK)
        return err;
    if ((err = loa_air_script(st, &script)) != LOA_OK)
        return err;
    {
        loai_sha256 h;

        loai_sha256_init(&h);
        loai_sha256_update(&h, script, strlen(script));
        loai_sha256_hex(&h, hex);
    }
    loai_out_puts(&eng, script);
    free(script);
    snprintf(path, sizeof path, "%s/station.liq", air);
    if ((err = write_if_changed(path, &eng, diag)) != LOA_OK)
        goto done;
    loai_out_printf(&plan, LOAI_AIR_PLAN_FORMAT "\t%s\t%s\n", st->id, hex);
    for (i = 0; i < n_weeks && err == LOA_OK; i++)
        if (loai_air_week_end(weeks[i].week) + KEEP_AFTER_WEEK > now)
            err = plan_add_week(&plan, versions, &weeks[i], st->id, diag);
    snprintf(path, sizeof path, "%s/plan.tsv", air);
    if (err == LOA_OK)
        err = write_if_changed(path, &plan, diag);
done:
    loai_buf_free(&plan.b);
    loai_buf_free(&eng.b);
    return err;
}

/* Remove every version of VERSIONS that no week link points at, once its
 * week is over; then the air folders' links to them (link_versions). */
static void gc_versions(const char *versions, const pubweek *weeks, size_t n_weeks, double now)
{
    DIR *d = opendir(versions);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char week[16], *full;
        long ver;
        size_t i;

        if (!loai_air_version_name(e->d_name, week, &ver))
            continue;
        for (i = 0; i < n_weeks; i++)
            if (strcmp(weeks[i].version, e->d_name) == 0)
                break;
        if (i < n_weeks || loai_air_week_end(week) + KEEP_AFTER_WEEK > now)
            continue;
        if ((full = loai_file_join(versions, e->d_name)) != NULL)
            loai_file_rmtree(full);
        free(full);
    }
    closedir(d);
}

loa_err loa_air_update(const loa_config *cfg, double now, loa_diag *diag)
{
    pubweek *weeks = NULL;
    size_t n_weeks = 0, i;
    char *versions;
    loa_err err;

    if (cfg == NULL || cfg->output_dir == NULL)
        return LOA_ERR_INVALID;
    if ((versions = loai_file_join(cfg->output_dir, LOAI_AIR_VERSIONS)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = published_weeks(cfg->output_dir, &weeks, &n_weeks, diag)) != LOA_OK)
        goto done;
    gc_versions(versions, weeks, n_weeks, now);
    for (i = 0; i < cfg->n_stations && err == LOA_OK; i++)
        err = update_station(cfg, &cfg->stations[i], versions, weeks, n_weeks, now, diag);
done:
    free(weeks);
    free(versions);
    return err;
}
