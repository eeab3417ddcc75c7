/* Publish one station's week: resolve its slots, then write the playlists,
 * the USB layout, the schedules (publish_sched.c) and the manifest. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loa/date.h"
#include "loa/error.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "loa/version.h"
#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"
#include "publish_priv.h"
#include "sha256_int.h"

loa_err loa_publish_slot_name(const loa_plan *plan, size_t slot, char *buf, size_t size)
{
    const loa_plan_slot *s;
    char slug[32];
    int n;

    if (plan == NULL || slot >= plan->n_slots || buf == NULL)
        return LOA_ERR_INVALID;
    s = &plan->slots[slot];
    if (!loa_date_valid(s->date) || s->start_min < 0 || s->start_min >= 24 * 60)
        return LOA_ERR_INVALID;
    loai_pub_slug(s->name, "khung", slug, sizeof slug);
    n = snprintf(buf, size, "%04d-%02d-%02d_%02d%02d_%s", s->date.year, s->date.month,
                 s->date.day, s->start_min / 60, s->start_min % 60, slug);
    return n < 0 || (size_t)n >= size ? LOA_ERR_INVALID : LOA_OK;
}

static int clip_ok(const loa_plan *plan, int c, int none_ok)
{
    return (none_ok && c == -1) || (c >= 0 && (size_t)c < plan->n_clips);
}

static int cmp_slot(const void *a, const void *b)
{
    const loai_pub_slot *x = a, *y = b;
    int c = loa_date_cmp(x->s->date, y->s->date);

    if (c == 0)
        c = (x->s->start_min > y->s->start_min) - (x->s->start_min < y->s->start_min);
    if (c == 0)
        c = strcmp(x->key, y->key);
    if (c == 0)
        c = (x->index > y->index) - (x->index < y->index);
    return c;
}

static loa_err check_slot(const loa_plan *plan, const loa_plan_slot *s, const loa_publish_audio *f,
                          const char *dir, const char *key, loa_diag *diag)
{
    struct stat st;
    char *full;
    size_t i;
    int ok;

    if (!loa_date_valid(s->date) || loa_date_weekday(s->date) != s->weekday ||
        s->start_min < 0 || s->start_min >= 24 * 60) {
        loai_diag_set(diag, "slot %s: bad date, weekday or start time in the plan", key);
        return LOA_ERR_INVALID;
    }
    if (!clip_ok(plan, s->intro, 1) || !clip_ok(plan, s->outro, 1) ||
        !clip_ok(plan, s->chime, 1) || (s->n_items > 0 && s->items == NULL)) {
        loai_diag_set(diag, "slot %s: clip index out of range in the plan", key);
        return LOA_ERR_INVALID;
    }
    for (i = 0; i < s->n_items; i++)
        if (!clip_ok(plan, s->items[i], 0)) {
            loai_diag_set(diag, "slot %s: item %zu is not a clip of the plan", key, i + 1);
            return LOA_ERR_INVALID;
        }
    if (!loai_file_safe_rel(f->path)) {
        loai_diag_set(diag, "slot %s: program file \"%s\" is not a plain relative path "
                      "([A-Za-z0-9._-] names separated by '/')", key, f->path ? f->path : "");
        return LOA_ERR_INVALID;
    }
    if ((full = loai_file_join(dir, f->path)) == NULL)
        return LOA_ERR_NOMEM;
    ok = stat(full, &st) == 0 && S_ISREG(st.st_mode);
    if (!ok)
        loai_diag_set(diag, "slot %s: program file %s is missing — render it before "
                      "publishing", key, full);
    free(full);
    return ok ? LOA_OK : LOA_ERR_IO;
}

static void week_free(loai_pub_week *w)
{
    free(w->slots);
    free(w->hashes);
    w->slots = NULL;
    w->hashes = NULL;
    w->n = w->n_hashes = w->cap_hashes = 0;
}

loa_err loai_pub_sha256(loai_pub_week *w, const char *path, char hex[65],
                        unsigned long long *bytes, loa_diag *diag)
{
    struct stat st;
    size_t i;
    loa_err err;

    if (stat(path, &st) != 0)
        return loai_sha256_file(path, hex, bytes, diag); /* it says why */
    for (i = 0; i < w->n_hashes; i++)
        if (w->hashes[i].ino == (unsigned long long)st.st_ino &&
            w->hashes[i].dev == (unsigned long long)st.st_dev) {
            memcpy(hex, w->hashes[i].hex, 65);
            *bytes = w->hashes[i].bytes;
            return LOA_OK;
        }
    if ((err = loai_sha256_file(path, hex, bytes, diag)) != LOA_OK)
        return err;
    if (w->n_hashes == w->cap_hashes) {
        size_t cap = w->cap_hashes ? 2 * w->cap_hashes : 64;
        loai_pub_hash *h = realloc(w->hashes, cap * sizeof *h);

        if (h == NULL)
            return LOA_OK; /* only the memo is lost */
        w->hashes = h;
        w->cap_hashes = cap;
    }
    w->hashes[w->n_hashes].dev = (unsigned long long)st.st_dev;
    w->hashes[w->n_hashes].ino = (unsigned long long)st.st_ino;
    w->hashes[w->n_hashes].bytes = *bytes;
    memcpy(w->hashes[w->n_hashes].hex, hex, 65);
    w->n_hashes++;
    return LOA_OK;
}

static loa_err week_resolve(loai_pub_week *w, const loa_plan *plan, size_t station,
                            const loa_publish_paths *files, const char *dir, loa_diag *diag)
{
    size_t i, n = 0;
    loa_err err;

    memset(w, 0, sizeof *w);
    if (plan == NULL || files == NULL || files->slots == NULL || dir == NULL ||
        station >= plan->n_stations) {
        loai_diag_set(diag, "publish: no plan, files or directory, or station %zu out of range",
                      station);
        return LOA_ERR_INVALID;
    }
    if (files->relay != NULL &&
        ((strncmp(files->relay, "http://", 7) != 0 && strncmp(files->relay, "https://", 8) != 0) ||
         strpbrk(files->relay, "\"\\ \t\r\n") != NULL)) {
        loai_diag_set(diag, "publish: relay %s is not an http(s) URL without quotes or spaces",
                      files->relay);
        return LOA_ERR_INVALID;
    }
    w->plan = plan;
    w->station = station;
    w->st = &plan->stations[station];
    w->relay = files->relay;
    if (plan->n_slots > 0 && (w->slots = calloc(plan->n_slots, sizeof *w->slots)) == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < plan->n_slots; i++) {
        const loa_plan_slot *s = &plan->slots[i];
        loai_pub_slot *p = &w->slots[n];
        long end;

        if (s->station < 0 || (size_t)s->station != station)
            continue;
        p->index = i;
        p->s = s;
        p->file = &files->slots[i];
        if (loa_publish_slot_name(plan, i, p->key, sizeof p->key) != LOA_OK)
            snprintf(p->key, sizeof p->key, "slot %zu", i);
        if ((err = check_slot(plan, s, p->file, dir, p->key, diag)) != LOA_OK) {
            week_free(w);
            return err;
        }
        p->seconds = p->file->seconds > 0 ? p->file->seconds : s->seconds;
        if (!(p->seconds >= 0 && p->seconds < 86400)) {
            loai_diag_set(diag, "slot %s: duration %g s is not plausible", p->key, p->seconds);
            week_free(w);
            return LOA_ERR_INVALID;
        }
        end = s->start_min * 60L + (long)ceil(p->seconds);
        p->end_date = loa_date_add_days(s->date, (int)(end / 86400));
        p->end_sec = (int)(end % 86400);
        n++;
    }
    w->n = n;
    if (n > 1)
        qsort(w->slots, n, sizeof *w->slots, cmp_slot);
    for (i = 1; i < n; i++)
        if (strcmp(w->slots[i].key, w->slots[i - 1].key) == 0) {
            loai_diag_set(diag, "two slots of station %s are both named %s — give slots "
                          "starting at the same time different names", w->st->id, w->slots[i].key);
            week_free(w);
            return LOA_ERR_INVALID;
        }
    return LOA_OK;
}

static long whole_seconds(double s)
{
    return (long)floor(s + 0.5);
}

void loai_pub_seconds(char *buf, size_t size, double s)
{
    size_t n;

    /* Milliseconds, trailing zeros and dot dropped: 300, 37.49, 12.005. */
    snprintf(buf, size, "%.3f", floor(s * 1000 + 0.5) / 1000);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
}

/* "Thứ Hai 23/11/2026 06:00 (sang) — Đài truyền thanh xã Tân Lập" */
static void entry_title(loai_out *o, const loai_pub_week *w, const loai_pub_slot *p)
{
    char hm[16];

    loai_pub_hm(p->s->start_min * 60, hm);
    loai_out_printf(o, "%s %02d/%02d/%04d %s (", loai_pub_weekday(p->s->weekday),
                    p->s->date.day, p->s->date.month, p->s->date.year, hm);
    loai_out_line(o, p->s->name ? p->s->name : "");
    loai_out_puts(o, ") — ");
    loai_out_line(o, w->st->name ? w->st->name : w->st->id);
}

static loa_err write_playlists(const loai_pub_week *w, const loai_pub_slot *from, size_t n,
                               const char *dir, const char *base, loa_diag *diag)
{
    loai_out m3u = {{0}, LOA_OK}, pls = {{0}, LOA_OK};
    char name[80];
    loa_err err;
    size_t i;

    loai_out_puts(&m3u, "#EXTM3U\n");
    loai_out_puts(&pls, "[playlist]\n");
    for (i = 0; i < n; i++) {
        const loai_pub_slot *p = &from[i];

        /* Decimal seconds (as HLS allows): a whole number could be 0.5 s off
         * the file's length, and players that read integers stop at the dot. */
        {
            char num[32];

            loai_pub_seconds(num, sizeof num, p->seconds);
            loai_out_printf(&m3u, "#EXTINF:%s,", num);
        }
        entry_title(&m3u, w, p);
        loai_out_printf(&m3u, "\n%s\n", p->file->path);
        loai_out_printf(&pls, "File%zu=%s\nTitle%zu=", i + 1, p->file->path, i + 1);
        entry_title(&pls, w, p);
        loai_out_printf(&pls, "\nLength%zu=%ld\n", i + 1, whole_seconds(p->seconds));
    }
    loai_out_printf(&pls, "NumberOfEntries=%zu\nVersion=2\n", n);
    snprintf(name, sizeof name, "%s.m3u8", base);
    err = loai_pub_write(dir, name, &m3u, diag);
    snprintf(name, sizeof name, "%s.pls", base);
    if (err == LOA_OK)
        err = loai_pub_write(dir, name, &pls, diag);
    loai_buf_free(&m3u.b);
    loai_buf_free(&pls.b);
    return err;
}

static void usb_name(const loai_pub_week *w, size_t i, char *buf, size_t size)
{
    const loai_pub_slot *p = &w->slots[i];
    int width = loai_pub_track_width(w->n);
    const char *slug = strchr(strchr(p->key, '_') + 1, '_') + 1; /* after "date_HHMM_" */

    snprintf(buf, size, "%0*zu_%s_%02d%02d_%s.mp3", width, i + 1,
             loai_pub_weekday_short(p->s->weekday), p->s->start_min / 60, p->s->start_min % 60,
             slug);
}

static loa_err copy_file(const char *from, const char *to, loa_diag *diag)
{
    char chunk[65536], *tmp = NULL;
    int in = -1, out = -1;
    ssize_t n;
    loa_err err = LOA_ERR_IO;

    if (loai_stage_name(to, &tmp) != LOA_OK)
        return LOA_ERR_NOMEM;
    if ((in = open(from, O_RDONLY)) < 0 ||
        (out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) {
        loai_diag_set(diag, "cannot copy %s to %s: %s", from, to, strerror(errno));
        goto done;
    }
    while ((n = read(in, chunk, sizeof chunk)) > 0)
        if (write(out, chunk, (size_t)n) != n) {
            n = -1;
            break;
        }
    if (n < 0 || close(out) != 0) {
        out = -1;
        loai_diag_set(diag, "cannot copy %s to %s: %s", from, to, strerror(errno));
        loai_stage_abort(tmp, to);
        goto done;
    }
    out = -1;
    err = loai_stage_commit(tmp, to, diag);
done:
    if (in >= 0)
        close(in);
    if (out >= 0) {
        close(out);
        loai_stage_abort(tmp, to);
    }
    free(tmp);
    return err;
}

/* usb/: the week's programs again, under names that sort in play order, for the
 * USB-stick players many communes use (they play a folder in name order). Hard
 * links cost no space; across file systems (or where links are refused) we copy. */
static loa_err write_usb(const loai_pub_week *w, const char *dir, loa_diag *diag)
{
    char *usb = loai_file_join(dir, "usb");
    loa_err err = LOA_OK;
    size_t i;

    if (usb == NULL)
        return LOA_ERR_NOMEM;
    if ((err = loai_file_mkdirs(usb, diag)) != LOA_OK) {
        free(usb);
        return err;
    }
    for (i = 0; i < w->n && err == LOA_OK; i++) {
        char name[96], *from, *to;

        usb_name(w, i, name, sizeof name);
        from = loai_file_join(dir, w->slots[i].file->path);
        to = loai_file_join(usb, name);
        if (from == NULL || to == NULL) {
            err = LOA_ERR_NOMEM;
        } else {
            unlink(to);
            if (link(from, to) != 0)
                err = copy_file(from, to, diag);
        }
        free(from);
        free(to);
    }
    free(usb);
    return err;
}

/* ---- manifest ---- */

typedef struct known {
    const char *path;
    const char *kind;
    const loai_pub_slot *slot; /* programs and their USB copies */
    int clip;                  /* item MP3s, else -1 */
    const loa_publish_audio *audio;
} known;

typedef struct walk {
    char **paths;
    size_t n, cap;
} walk;

static loa_err walk_add(walk *wk, const char *rel)
{
    if (wk->n == wk->cap) {
        size_t cap = wk->cap ? 2 * wk->cap : 64;
        char **p = realloc(wk->paths, cap * sizeof *p);

        if (p == NULL)
            return LOA_ERR_NOMEM;
        wk->paths = p;
        wk->cap = cap;
    }
    if ((wk->paths[wk->n] = strdup(rel)) == NULL)
        return LOA_ERR_NOMEM;
    wk->n++;
    return LOA_OK;
}

/* A walk's regular files, the manifest itself left out. */
static loa_err walk_file(void *ctx, const char *rel, const char *path, const struct stat *st)
{
    (void)path;
    if (!S_ISREG(st->st_mode) || strcmp(rel, "manifest.json") == 0 ||
        strcmp(rel, "SHA256SUMS") == 0)
        return LOA_OK;
    return walk_add(ctx, rel);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *kind_of(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL)
        return "other";
    if (strcmp(dot, ".m3u8") == 0 || strcmp(dot, ".pls") == 0)
        return "playlist";
    if (strcmp(dot, ".csv") == 0 || strcmp(dot, ".ics") == 0 || strcmp(dot, ".html") == 0)
        return "schedule";
    if (strcmp(dot, ".liq") == 0)
        return "liquidsoap";
    if (strcmp(dot, ".mp3") == 0)
        return "audio";
    return "other";
}

static void json_clip(loai_out *o, const loa_plan_clip *c, const char *indent)
{
    loai_out_printf(o, "%s{\"id\": ", indent);
    loai_out_json_str(o, c->id ? c->id : "");
    loai_out_puts(o, ", \"title\": ");
    loai_out_json_str(o, c->title ? c->title : "");
    loai_out_puts(o, ", \"priority\": ");
    loai_out_json_str(o, loai_pub_priority(c->priority));
    loai_out_puts(o, ", \"standing\": ");
    loai_out_puts(o, c->kind == LOA_CLIP_STANDING ? "true" : "false");
    loai_out_puts(o, "}");
}

static void json_audio(loai_out *o, const loai_pub_week *w, const known *k)
{
    const loa_plan *plan = w->plan;
    size_t i, n = 0;

    loai_out_puts(o, ",\n      \"duration\": ");
    loai_out_fixed(o, k->slot ? k->slot->seconds : k->audio->seconds, 3);
    loai_out_puts(o, ",\n      \"lufs\": ");
    loai_out_fixed(o, k->audio->lufs, 2);
    loai_out_puts(o, ",\n      \"true_peak\": ");
    loai_out_fixed(o, k->audio->true_peak_db, 2);
    if (k->slot) {
        const loa_plan_slot *s = k->slot->s;
        char hm[16];

        loai_pub_hm(s->start_min * 60, hm);
        loai_out_printf(o, ",\n      \"slot\": {\"date\": \"%04d-%02d-%02d\", \"weekday\": ",
                        s->date.year, s->date.month, s->date.day);
        loai_out_json_str(o, loai_pub_weekday(s->weekday));
        loai_out_printf(o, ", \"start\": \"%s\", \"name\": ", hm);
        loai_out_json_str(o, s->name ? s->name : "");
        loai_out_printf(o, ", \"length\": %d}", s->length_s);
        loai_out_puts(o, ",\n      \"bulletins\": [");
        for (i = 0; i < s->n_items; i++) {
            const loa_plan_clip *c = &plan->clips[s->items[i]];

            if (!loai_pub_is_bulletin(c))
                continue;
            loai_out_puts(o, n++ ? ",\n" : "\n");
            json_clip(o, c, "        ");
        }
        loai_out_puts(o, n ? "\n      ]" : "]");
    } else {
        loai_out_puts(o, ",\n      \"bulletins\": [\n");
        json_clip(o, &plan->clips[k->clip], "        ");
        loai_out_puts(o, "\n      ]");
    }
}

static loa_err write_manifest(loai_pub_week *w, const loa_publish_paths *files,
                              const char *dir, loa_diag *diag)
{
    const loa_plan *plan = w->plan;
    known *kn = NULL;
    size_t nk = 0, i, j;
    char (*usb)[96] = NULL, hex0[65];
    walk wk = {0};
    loai_out o = {{0}, LOA_OK}, sums = {{0}, LOA_OK};
    loa_err err = LOA_ERR_NOMEM;

    if ((kn = calloc(2 * w->n + plan->n_clips + 1, sizeof *kn)) == NULL ||
        (usb = calloc(w->n + 1, sizeof *usb)) == NULL)
        goto done;
    for (i = 0; i < w->n; i++) {
        usb_name(w, i, usb[i] + 4, sizeof usb[i] - 4);
        memcpy(usb[i], "usb/", 4);
        kn[nk++] = (known){w->slots[i].file->path, "program", &w->slots[i], -1, w->slots[i].file};
        kn[nk++] = (known){usb[i], "usb", &w->slots[i], -1, w->slots[i].file};
    }
    for (i = 0; files->clips && i < plan->n_clips; i++)
        if (files->clips[i].path && loai_file_safe_rel(files->clips[i].path))
            kn[nk++] = (known){files->clips[i].path, "item", NULL, (int)i, &files->clips[i]};
    if ((err = loai_file_walk(dir, walk_file, &wk, diag)) != LOA_OK)
        goto done;
    if (wk.n > 1)
        qsort(wk.paths, wk.n, sizeof *wk.paths, cmp_str);

    loai_out_puts(&o, "{\n  \"format\": \"loa-manifest/1\",\n  \"generator\": \"loa " LOA_VERSION
                      "\",\n");
    loai_out_printf(&o, "  \"week\": \"%04d-W%02d\",\n  \"district\": ", plan->iso_year,
                    plan->iso_week);
    loai_out_json_str(&o, plan->district ? plan->district : "");
    loai_out_puts(&o, ",\n  \"province\": ");
    loai_out_json_str(&o, plan->province ? plan->province : "");
    loai_out_puts(&o, ",\n  \"station\": {\"id\": ");
    loai_out_json_str(&o, w->st->id ? w->st->id : "");
    loai_out_puts(&o, ", \"name\": ");
    loai_out_json_str(&o, w->st->name ? w->st->name : "");
    loai_out_puts(&o, ", \"commune\": ");
    loai_out_json_str(&o, w->st->commune ? w->st->commune : "");
    loai_out_puts(&o, "},\n  \"files\": [");
    for (i = 0; i < wk.n; i++) {
        char hex[65], *full = loai_file_join(dir, wk.paths[i]);
        unsigned long long bytes = 0;
        const known *k = NULL;

        if (full == NULL) {
            err = LOA_ERR_NOMEM;
            goto done;
        }
        /* usb/ holds hard links to the programs: one file, hashed once
         * (air.tsv has hashed the programs already). */
        err = loai_pub_sha256(w, full, hex, &bytes, diag);
        free(full);
        if (err != LOA_OK)
            goto done;
        loai_out_printf(&sums, "%s  %s\n", hex, wk.paths[i]);
        for (j = 0; j < nk && k == NULL; j++)
            if (strcmp(kn[j].path, wk.paths[i]) == 0)
                k = &kn[j];
        loai_out_puts(&o, i ? ",\n    {\n      \"path\": " : "\n    {\n      \"path\": ");
        loai_out_json_str(&o, wk.paths[i]);
        loai_out_puts(&o, ",\n      \"kind\": ");
        loai_out_json_str(&o, k ? k->kind : kind_of(wk.paths[i]));
        loai_out_printf(&o, ",\n      \"bytes\": %llu,\n      \"sha256\": \"%s\"", bytes, hex);
        if (k)
            json_audio(&o, w, k);
        loai_out_puts(&o, "\n    }");
    }
    loai_out_puts(&o, wk.n ? "\n  ]\n}\n" : "]\n}\n");
    err = loai_pub_write(dir, "manifest.json", &o, diag);
    /* SHA256SUMS: the same hashes in sha256sum's format (what loa pull and
     * `sha256sum -c` check), the manifest's own last. */
    if (err == LOA_OK) {
        char *full = loai_file_join(dir, "manifest.json");

        err = full ? loai_sha256_file(full, hex0, NULL, diag) : LOA_ERR_NOMEM;
        free(full);
        loai_out_printf(&sums, "%s  manifest.json\n", hex0);
        if (err == LOA_OK)
            err = loai_pub_write(dir, "SHA256SUMS", &sums, diag);
    }
done:
    for (i = 0; i < wk.n; i++)
        free(wk.paths[i]);
    free(wk.paths);
    free(kn);
    free(usb);
    loai_buf_free(&o.b);
    loai_buf_free(&sums.b);
    return err;
}

typedef loa_err (*sched_fn)(const loai_pub_week *w, loai_out *o);

loa_err loa_publish_station_week(const loa_plan *plan, size_t station,
                                 const loa_publish_paths *files, const char *dir,
                                 loa_diag *diag)
{
    static const struct {
        const char *name;
        sched_fn fn;
    } scheds[] = {
        {"schedule.csv", loai_pub_schedule_csv},
        {"schedule.ics", loai_pub_schedule_ics},
        {"schedule.html", loai_pub_schedule_html},
        {"station.liq", loai_pub_liquidsoap},
    };
    loai_pub_week w;
    loa_err err;
    size_t i;

    if ((err = week_resolve(&w, plan, station, files, dir, diag)) != LOA_OK)
        return err;
    for (i = 0; i < w.n && err == LOA_OK; i++)
        err = write_playlists(&w, &w.slots[i], 1, dir, w.slots[i].key, diag);
    if (err == LOA_OK)
        err = write_playlists(&w, w.slots, w.n, dir, "week", diag);
    if (err == LOA_OK)
        err = write_usb(&w, dir, diag);
    for (i = 0; i < sizeof scheds / sizeof scheds[0] && err == LOA_OK; i++) {
        loai_out o = {{0}, LOA_OK};

        err = scheds[i].fn(&w, &o);
        if (err == LOA_OK)
            err = loai_pub_write(dir, scheds[i].name, &o, diag);
        loai_buf_free(&o.b);
    }
    if (err == LOA_OK)
        err = loai_pub_air_week(&w, dir, diag);
    if (err == LOA_OK)
        err = write_manifest(&w, files, dir, diag);
    week_free(&w);
    return err;
}
