/* loa urgent: a notice into the week (through the build, so its speech is
 * rendered and cached as usual and it opens every remaining slot of its
 * validity), then into the targeted stations' urgent lists, which running
 * playouts read within a second. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "air_int.h"
#include "loa/build.h"
#include "loa/script.h"
#include "publish_priv.h"

#define KEEP_NOTICE_S 86400.0 /* urgent.tsv keeps a day of notices */

void loa_urgent_result_clear(loa_urgent_result *r)
{
    size_t i;

    if (r == NULL)
        return;
    free(r->notice);
    for (i = 0; i < r->n_sent; i++)
        free(r->sent[i]);
    for (i = 0; i < r->n_missed; i++)
        free(r->missed[i]);
    free(r->sent);
    free(r->missed);
    free(r->err_file);
    memset(r, 0, sizeof *r);
}

static loa_err push(char ***v, size_t *n, const char *s)
{
    char **p;
    size_t i;

    for (i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return LOA_OK;
    if ((p = realloc(*v, (*n + 1) * sizeof *p)) == NULL)
        return LOA_ERR_NOMEM;
    *v = p;
    if ((p[*n] = strdup(s)) == NULL)
        return LOA_ERR_NOMEM;
    (*n)++;
    return LOA_OK;
}

/* Station or group ID → its stations added to V. */
static loa_err add_target(const loa_config *cfg, const char *id, char ***v, size_t *n,
                          loa_diag *diag)
{
    const loa_config_group *g;
    size_t i;
    loa_err err = LOA_OK;

    if (loa_config_station_find(cfg, id))
        return push(v, n, id);
    if ((g = loa_config_group_find(cfg, id)) == NULL) {
        loai_diag_set(diag, "'%s' is neither a station nor a group of %s — check the spelling",
                      id, cfg->path);
        return LOA_ERR_CONFIG;
    }
    for (i = 0; i < g->n_stations && err == LOA_OK; i++)
        err = push(v, n, g->stations[i]);
    return err;
}

/* The script into the scripts folder, unless it is there already. */
static loa_err place_script(const loa_config *cfg, const char *script, loa_diag *diag)
{
    char a[PATH_MAX], b[PATH_MAX], *dest, *text = NULL, *old = NULL;
    const char *base = strrchr(script, '/');
    char *sdir = strdup(script);
    loa_err err;

    if (sdir == NULL)
        return LOA_ERR_NOMEM;
    base = base ? base + 1 : script;
    if (strrchr(sdir, '/'))
        *strrchr(sdir, '/') = '\0';
    else
        strcpy(sdir, ".");
    if (realpath(sdir, a) != NULL && realpath(cfg->scripts_dir, b) != NULL &&
        strcmp(a, b) == 0) {
        free(sdir);
        return LOA_OK;
    }
    free(sdir);
    if ((dest = loai_file_join(cfg->scripts_dir, base)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = loai_air_read_text(script, &text, 1u << 20, diag)) != LOA_OK)
        goto done;
    if (access(dest, F_OK) == 0) {
        if (loai_air_read_text(dest, &old, 1u << 20, NULL) != LOA_OK || strcmp(old, text) != 0) {
            loai_diag_set(diag, "%s already holds a different script of that name — rename "
                          "the notice, or edit that script and send it", dest);
            err = LOA_ERR_CONFIG;
        }
        goto done;
    }
    err = loai_stage_write(dest, text, strlen(text), diag);
done:
    free(dest);
    free(text);
    free(old);
    return err;
}

/* urgent/<bulletin id>[-dialect].mp3 in the station's folder of WEEKDIR. */
static char *find_file(const char *weekdir, const char *station, const char *id)
{
    char path[PATH_MAX + 128];
    DIR *d;
    struct dirent *e;
    char *found = NULL;
    size_t n = strlen(id);

    snprintf(path, sizeof path, "%s/%s/urgent", weekdir, station);
    if ((d = opendir(path)) == NULL)
        return NULL;
    while ((e = readdir(d)) != NULL && found == NULL) {
        const char *rest = e->d_name + n;

        if (strncmp(e->d_name, id, n) != 0)
            continue;
        if (strcmp(rest, ".mp3") == 0 || strcmp(rest, "-north.mp3") == 0 ||
            strcmp(rest, "-central.mp3") == 0 || strcmp(rest, "-south.mp3") == 0) {
            size_t len = strlen(path) + strlen(e->d_name) + 2;

            if ((found = malloc(len)) != NULL)
                snprintf(found, len, "%s/%s", path, e->d_name);
        }
    }
    closedir(d);
    return found;
}

static loa_err copy_or_link(const char *from, const char *to, loa_diag *diag)
{
    FILE *in;
    loai_buf b = {0};
    char chunk[65536];
    size_t n;
    loa_err err;

    unlink(to);
    if (link(from, to) == 0)
        return LOA_OK;
    if ((in = fopen(from, "rb")) == NULL) {
        loai_diag_set(diag, "%s: %s", from, strerror(errno));
        return LOA_ERR_IO;
    }
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        if (loai_buf_add(&b, chunk, n) != LOA_OK) {
            fclose(in);
            loai_buf_free(&b);
            return LOA_ERR_NOMEM;
        }
    fclose(in);
    err = loai_stage_write(to, b.data ? b.data : "", b.len, diag);
    loai_buf_free(&b);
    return err;
}

/* Add the notice to AIR/urgent.tsv (atomically), dropping day-old ones. */
static loa_err list_add(const char *air, const char *station, const char *line, double now,
                        loa_diag *diag)
{
    char path[PATH_MAX + 256];
    loa_air_notices ns;
    loai_buf b = {0};
    size_t i;
    loa_err err;

    snprintf(path, sizeof path, "%s/urgent.tsv", air);
    /* A damaged list is replaced. */
    if (loa_air_notices_load(&ns, path, NULL) != LOA_OK)
        ns.n = 0, ns.v = NULL;
    loai_buf_printf(&b, LOAI_AIR_URGENT_FORMAT "\t%s\n", station);
    for (i = 0; i < ns.n; i++) {
        const loa_air_notice *p = &ns.v[i];

        if (p->until + KEEP_NOTICE_S < now)
            continue;
        loai_buf_printf(&b, "%s\t%.0f\t%.0f\t%s\t%s\t%s\n", p->id, p->issued, p->until, p->path,
                        p->sha256, p->title);
    }
    loa_air_notices_clear(&ns);
    if ((err = loai_buf_puts(&b, line)) == LOA_OK)
        err = loai_stage_write(path, b.data, b.len, diag);
    loai_buf_free(&b);
    return err;
}

static loa_err build_week(const loa_urgent_opts *o, loa_urgent_result *r, int y, int w,
                          loa_diag *diag)
{
    loa_build_opts bo;
    loa_build_result br;
    loa_err err;

    memset(&bo, 0, sizeof bo);
    bo.config = o->config;
    bo.iso_year = y;
    bo.iso_week = w;
    bo.jobs = o->jobs > 0 ? o->jobs : 1;
    bo.data_dir = o->data_dir;
    bo.wait = 1; /* a weekly build running: the notice follows it, never fails on it */
    bo.cache_dir = o->cache_dir;
    loa_build_result_init(&br);
    err = loa_build_run(&bo, &br, diag);
    if (err != LOA_OK && br.err_file && r->err_file == NULL) {
        r->err_file = br.err_file;
        br.err_file = NULL;
    }
    loa_build_result_clear(&br);
    return err;
}

loa_err loa_urgent_send(const loa_urgent_opts *o, loa_urgent_result *r, loa_diag *diag)
{
    loa_config cfg;
    loa_bulletin bul;
    char **targets = NULL, *id = NULL, week[16], weekdir[PATH_MAX];
    size_t n_targets = 0, i;
    double now = o->now > 0 ? o->now : (double)time(NULL);
    double until = now + 60.0 * (o->window_min > 0 ? o->window_min : 30);
    loa_date today, next_monday;
    int sec, y, w, ny, nw;
    loa_err err;

    memset(r, 0, sizeof *r);
    memset(&bul, 0, sizeof bul);
    if ((err = loa_config_load(&cfg, o->config, &r->err_file, diag)) != LOA_OK)
        return err;
    if ((err = loa_bulletin_load(&bul, o->script, diag)) != LOA_OK) {
        r->err_file = strdup(o->script);
        goto done;
    }
    loa_air_local(now, &today, &sec);
    if (bul.priority != LOA_PRIO_URGENT) {
        loai_diag_at(diag, 1, 1, "the notice is not urgent — add the header line "
                     "\"Ưu tiên: khẩn cấp\" (loa urgent airs it at once)");
        r->err_file = strdup(o->script);
        err = LOA_ERR_TEXT;
        goto done;
    }
    if (loa_date_cmp(today, bul.from) < 0 || loa_date_cmp(today, bul.to) > 0) {
        loai_diag_at(diag, bul.from_line > 0 ? bul.from_line : 1, 1,
                     "the notice is not valid today (%02d/%02d/%04d) — set 'Từ ngày' and "
                     "'Đến ngày' around today", today.day, today.month, today.year);
        r->err_file = strdup(o->script);
        err = LOA_ERR_TEXT;
        goto done;
    }
    if (o->stations != NULL) {
        for (i = 0; i < o->n_stations && err == LOA_OK; i++)
            err = add_target(&cfg, o->stations[i], &targets, &n_targets, diag);
    } else if (bul.all_stations) {
        for (i = 0; i < cfg.n_stations && err == LOA_OK; i++)
            err = push(&targets, &n_targets, cfg.stations[i].id);
    } else {
        for (i = 0; i < bul.n_targets && err == LOA_OK; i++)
            err = add_target(&cfg, bul.targets[i], &targets, &n_targets, diag);
    }
    if (err != LOA_OK || (err = loa_bulletin_id(o->script, &id)) != LOA_OK ||
        (err = place_script(&cfg, o->script, diag)) != LOA_OK)
        goto done;
    /* This week, and next week too when it is out already and the notice
     * reaches it: the notice opens every remaining slot of its validity. */
    loa_date_iso_week(today, &y, &w);
    if ((err = build_week(o, r, y, w, diag)) != LOA_OK)
        goto done;
    next_monday = loa_date_add_days(loa_date_iso_monday(y, w), 7);
    loa_date_iso_week(next_monday, &ny, &nw);
    snprintf(week, sizeof week, "%04d-W%02d", ny, nw);
    snprintf(weekdir, sizeof weekdir, "%s/%s", cfg.output_dir, week);
    if (loa_date_cmp(bul.to, next_monday) >= 0 && access(weekdir, F_OK) == 0 &&
        (err = build_week(o, r, ny, nw, diag)) != LOA_OK)
        goto done;
    snprintf(week, sizeof week, "%04d-W%02d", y, w);
    snprintf(weekdir, sizeof weekdir, "%s/%s", cfg.output_dir, week);
    {
        size_t len = strlen(id) + 24;

        if ((r->notice = malloc(len)) == NULL) {
            err = LOA_ERR_NOMEM;
            goto done;
        }
        snprintf(r->notice, len, "%s-%.0f", id, floor(now));
    }
    for (i = 0; i < n_targets && err == LOA_OK; i++) {
        char air[PATH_MAX + 128], dest[PATH_MAX + 256], line[1024], hex[65], title[256];
        char *file = find_file(weekdir, targets[i], id);
        size_t k;

        if (file == NULL) {
            err = push(&r->missed, &r->n_missed, targets[i]);
            continue;
        }
        snprintf(air, sizeof air, "%s/air/%s/urgent", cfg.output_dir, targets[i]);
        if ((err = loai_file_mkdirs(air, diag)) == LOA_OK) {
            snprintf(dest, sizeof dest, "%s/%s.mp3", air, r->notice);
            err = copy_or_link(file, dest, diag);
        }
        if (err == LOA_OK)
            err = loai_sha256_file(dest, hex, NULL, diag);
        free(file);
        if (err != LOA_OK)
            break;
        /* The title on one line, without tabs. */
        snprintf(title, sizeof title, "%s", bul.title ? bul.title : id);
        for (k = 0; title[k]; k++)
            if ((unsigned char)title[k] < ' ')
                title[k] = ' ';
        snprintf(line, sizeof line, "%s\t%.0f\t%.0f\turgent/%s.mp3\t%s\t%s\n", r->notice,
                 floor(now), floor(until), r->notice, hex, title);
        snprintf(air, sizeof air, "%s/air/%s", cfg.output_dir, targets[i]);
        if ((err = list_add(air, targets[i], line, now, diag)) == LOA_OK)
            err = push(&r->sent, &r->n_sent, targets[i]);
    }
done:
    for (i = 0; i < n_targets; i++)
        free(targets[i]);
    free(targets);
    free(id);
    loa_bulletin_clear(&bul);
    loa_config_clear(&cfg);
    return err;
}
