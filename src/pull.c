/* loa pull over libcurl (the only file that includes curl.h). The server is
 * hostile until proven otherwise: only http(s), bounded sizes, strict
 * parsing, every byte checked against a sha256 before it is used. */
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "air_int.h"
#include "file_int.h"
#include "loa/version.h"
#include "loa/pull.h"
#include "publish_priv.h"

#define MAX_FILE_BYTES (2LL << 30) /* no week file is near 2 GiB */
#define PULL_DIR ".pull"

typedef struct pull {
    const loa_pull_opts *o;
    loa_pull_result *r;
    CURL *curl;
    char base[2048];     /* URL with one trailing '/' */
    char dir[PATH_MAX];
} pull;

static void say(pull *P, const char *fmt, ...) LOAI_PRINTF(2, 3);

static void say(pull *P, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (P->o->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    P->o->log(P->o->log_ctx, msg);
}

typedef struct sink {
    FILE *fp;
    loai_buf *mem;
    size_t limit;
    unsigned long long got;
} sink;

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
    sink *s = ctx;
    size_t len = size * n;

    s->got += len;
    if (s->mem) {
        if (s->mem->len + len > s->limit || loai_buf_add(s->mem, data, len) != LOA_OK)
            return 0;
        return len;
    }
    return fwrite(data, 1, len, s->fp);
}

/* GET base + REL into memory (at most LIMIT bytes) or appended to FP from
 * byte FROM. *STATUS gets the HTTP status (0 when none). */
static loa_err get(pull *P, const char *rel, loai_buf *mem, size_t limit, FILE *fp, long long from,
                   long *status, loa_diag *diag)
{
    char url[4096];
    sink s = {fp, mem, limit, 0};
    CURLcode rc;

    snprintf(url, sizeof url, "%s%s", P->base, rel);
    *status = 0;
    curl_easy_setopt(P->curl, CURLOPT_URL, url);
    curl_easy_setopt(P->curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(P->curl, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(P->curl, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)from);
    rc = curl_easy_perform(P->curl);
    curl_easy_getinfo(P->curl, CURLINFO_RESPONSE_CODE, status);
    P->r->bytes += s.got;
    if (rc == CURLE_OK && *status >= 200 && *status < 300)
        return LOA_OK;
    if (rc == CURLE_OK || rc == CURLE_HTTP_RETURNED_ERROR)
        loai_diag_set(diag, "%s: HTTP %ld", url, *status);
    else
        loai_diag_set(diag, "%s: %s", url, curl_easy_strerror(rc));
    return rc == CURLE_RANGE_ERROR ? LOA_ERR_AUDIO /* marker: no resume */ : LOA_ERR_IO;
}

static int file_sha(const char *path, char hex[65])
{
    return loai_sha256_file(path, hex, NULL, NULL) == LOA_OK;
}

/* Fetch REL into FINAL, resuming FINAL.part, and check it against HEX. */
static loa_err fetch_file(pull *P, const char *rel, const char *final, const char *hex,
                          loa_diag *diag)
{
    char part[PATH_MAX + 16], have[65];
    struct stat st;
    long status;
    long long from = 0;
    loa_err err;
    FILE *fp;
    int attempt;

    if (stat(final, &st) == 0 && file_sha(final, have) && strcmp(have, hex) == 0)
        return LOA_OK;
    snprintf(part, sizeof part, "%s.part", final);
    {
        char *parent = strdup(final);

        if (parent == NULL)
            return LOA_ERR_NOMEM;
        *strrchr(parent, '/') = '\0';
        err = loai_file_mkdirs(parent, diag);
        free(parent);
        if (err != LOA_OK)
            return err;
    }
    for (attempt = 0; attempt < 2; attempt++) {
        from = stat(part, &st) == 0 ? (long long)st.st_size : 0;
        if ((fp = fopen(part, "ab")) == NULL) {
            loai_diag_set(diag, "%s: %s", part, strerror(errno));
            return LOA_ERR_IO;
        }
        err = get(P, rel, NULL, 0, fp, from, &status, diag);
        if (fclose(fp) != 0 && err == LOA_OK) {
            loai_diag_set(diag, "%s: %s", part, strerror(errno));
            err = LOA_ERR_IO;
        }
        if (err == LOA_OK && from > 0 && status != 206) {
            err = LOA_ERR_AUDIO; /* the server sent it whole after our part: start over */
        }
        if (err == LOA_OK && file_sha(part, have) && strcmp(have, hex) == 0)
            break;
        if (err == LOA_OK || err == LOA_ERR_AUDIO || status == 416) {
            /* Wrong bytes (or no resume): what we have is useless. */
            unlink(part);
            if (err == LOA_OK) {
                loai_diag_set(diag, "%s%s: sha256 %s, the manifest says %s — not used", P->base,
                              rel, have, hex);
                err = LOA_ERR_INVALID;
            } else {
                err = LOA_ERR_IO;
            }
            if (from == 0)
                return err;
            continue; /* once more from the start */
        }
        return err;
    }
    if (attempt == 2)
        return err;
    if (rename(part, final) != 0) {
        loai_diag_set(diag, "%s: %s", final, strerror(errno));
        return LOA_ERR_IO;
    }
    P->r->files++;
    if (from > 0)
        say(P, "%s: resumed at byte %lld", rel, from);
    return LOA_OK;
}

/* Link DEST to a file of another local version of VER's week with the same
 * relative PATH and sha256 HEX (a republish changes only some files: the
 * rest need not cross the network again). 1 when done. */
static int reuse_local(pull *P, const char *ver, const char *path, const char *hex,
                       const char *dest)
{
    char wdir[PATH_MAX + 16], cand[PATH_MAX + 700], week[16], w2[16], have[65], *parent;
    DIR *d;
    struct dirent *e;
    long v;
    int done = 0;

    if (!loai_air_version_name(ver, week, &v))
        return 0;
    snprintf(wdir, sizeof wdir, "%s/weeks", P->dir);
    if ((d = opendir(wdir)) == NULL)
        return 0;
    if ((parent = strdup(dest)) == NULL) {
        closedir(d);
        return 0;
    }
    *strrchr(parent, '/') = '\0';
    while (!done && (e = readdir(d)) != NULL) {
        if (!loai_air_version_name(e->d_name, w2, &v) || strcmp(w2, week) != 0 ||
            strcmp(e->d_name, ver) == 0)
            continue;
        snprintf(cand, sizeof cand, "%s/%s/%s", wdir, e->d_name, path);
        if (!file_sha(cand, have) || strcmp(have, hex) != 0 ||
            loai_file_mkdirs(parent, NULL) != LOA_OK)
            continue;
        unlink(dest);
        done = link(cand, dest) == 0;
    }
    free(parent);
    closedir(d);
    if (done)
        P->r->reused++;
    return done;
}

/* A line "<64 hex>  <path>" of SHA256SUMS. */
static int sums_line(char *line, char **hex, char **path)
{
    if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ')
        return 0;
    line[64] = '\0';
    *hex = line;
    *path = line + 66;
    return loai_air_is_hex64(line) && loai_file_safe_rel(*path);
}

/* The week version VER (as the plan names it): complete in DIR/weeks/VER, or
 * fetched into DIR/.pull/VER, checked file by file, and renamed there. */
static loa_err fetch_version(pull *P, const char *ver, const loa_air_plan *plan, loa_diag *diag)
{
    char final[PATH_MAX + 128], stage[PATH_MAX + 128], rel[PATH_MAX + 256], *line, *next;
    loai_buf sums = {0};
    struct stat st;
    long status;
    loa_err err;
    size_t i;

    size_t reused0 = P->r->reused;

    snprintf(final, sizeof final, "%s/weeks/%s", P->dir, ver);
    if (stat(final, &st) == 0 && S_ISDIR(st.st_mode))
        return LOA_OK; /* complete: versions never change */
    snprintf(rel, sizeof rel, "weeks/%s/SHA256SUMS", ver);
    if ((err = get(P, rel, &sums, LOAI_AIR_MAX_FILE, NULL, 0, &status, diag)) != LOA_OK)
        goto done;
    if (loai_buf_add(&sums, "", 0) != LOA_OK) {
        err = LOA_ERR_NOMEM;
        goto done;
    }
    /* Every program the plan has from this version must be in the sums,
     * with the same hash. */
    for (i = 0; i < plan->n; i++) {
        const char *p = plan->progs[i].path;
        size_t vl = strlen(ver);
        char want[600];

        if (strncmp(p, "weeks/", 6) != 0 || strncmp(p + 6, ver, vl) != 0 || p[6 + vl] != '/')
            continue;
        snprintf(want, sizeof want, "%s  %s\n", plan->progs[i].sha256, p + 7 + vl);
        if (strstr(sums.data, want) == NULL) {
            loai_diag_set(diag, "%sweeks/%s/SHA256SUMS does not list %s with the plan's sha256 "
                          "— the server's files disagree; not used", P->base, ver, p);
            err = LOA_ERR_INVALID;
            goto done;
        }
    }
    snprintf(stage, sizeof stage, "%s/" PULL_DIR "/%s", P->dir, ver);
    if ((err = loai_file_mkdirs(stage, diag)) != LOA_OK)
        goto done;
    snprintf(rel, sizeof rel, "%s/SHA256SUMS", stage); /* for `sha256sum -c` here too */
    if ((err = loai_stage_write(rel, sums.data, sums.len - 1, diag)) != LOA_OK)
        goto done;
    for (line = sums.data; line && *line && err == LOA_OK; line = next) {
        char *hex, *path, dest[PATH_MAX + 600];

        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (!sums_line(line, &hex, &path)) {
            loai_diag_set(diag, "%sweeks/%s/SHA256SUMS: malformed line — not used", P->base, ver);
            err = LOA_ERR_INVALID;
            break;
        }
        snprintf(rel, sizeof rel, "weeks/%s/%s", ver, path);
        snprintf(dest, sizeof dest, "%s/%s", stage, path);
        if (!reuse_local(P, ver, path, hex, dest))
            err = fetch_file(P, rel, dest, hex, diag);
    }
    if (err == LOA_OK) {
        snprintf(rel, sizeof rel, "%s/weeks", P->dir);
        if ((err = loai_file_mkdirs(rel, diag)) == LOA_OK && rename(stage, final) != 0) {
            loai_diag_set(diag, "%s: %s", final, strerror(errno));
            err = LOA_ERR_IO;
        }
        if (err == LOA_OK)
            say(P, "week %s complete and checked (%zu files the same as in another version "
                   "here: linked, not downloaded)", ver, P->r->reused - reused0);
    }
done:
    loai_buf_free(&sums);
    return err;
}

static loa_err write_text(const char *path, const loai_buf *b, loa_diag *diag)
{
    return loai_stage_write(path, b->data ? b->data : "", b->len, diag);
}

static int same_file(const char *path, const loai_buf *b)
{
    char *old = NULL;
    int same = loai_air_read_text(path, &old, LOAI_AIR_MAX_FILE, NULL) == LOA_OK &&
               strlen(old) == b->len && memcmp(old, b->data, b->len) == 0;

    free(old);
    return same;
}

/* Local versions the plan no longer names, once their week is over. */
static void clean_versions(pull *P, const loa_air_plan *plan, double now)
{
    char wdir[PATH_MAX + 16], path[PATH_MAX + 300];
    DIR *d;
    struct dirent *e;

    snprintf(wdir, sizeof wdir, "%s/weeks", P->dir);
    if ((d = opendir(wdir)) == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        char week[16];
        long v;
        size_t i, n = strlen(e->d_name);

        if (!loai_air_version_name(e->d_name, week, &v))
            continue;
        for (i = 0; i < plan->n; i++)
            if (strncmp(plan->progs[i].path + 6, e->d_name, n) == 0 &&
                plan->progs[i].path[6 + n] == '/')
                break;
        if (i < plan->n || loai_air_week_end(week) + 86400.0 > now)
            continue;
        snprintf(path, sizeof path, "%s/%s", wdir, e->d_name);
        loai_file_rmtree(path);
    }
    closedir(d);
}

static loa_err pull_urgent(pull *P, double now, loa_diag *diag)
{
    char path[PATH_MAX + 64], tmp[PATH_MAX + 64];
    loai_buf b = {0};
    loa_air_notices ns = {0};
    long status;
    loa_err err;
    size_t i;

    err = get(P, "urgent.tsv", &b, LOAI_AIR_MAX_FILE, NULL, 0, &status, diag);
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return status == 404 ? LOA_OK : err; /* no notice ever sent */
    }
    snprintf(path, sizeof path, "%s/urgent.tsv", P->dir);
    if (b.len > 0 && same_file(path, &b)) {
        loai_buf_free(&b);
        return LOA_OK;
    }
    snprintf(tmp, sizeof tmp, "%s/" PULL_DIR "/urgent.tsv", P->dir);
    if ((err = write_text(tmp, &b, diag)) != LOA_OK ||
        (err = loa_air_notices_load(&ns, tmp, diag)) != LOA_OK)
        goto done;
    for (i = 0; i < ns.n && err == LOA_OK; i++) {
        char dest[PATH_MAX + 300];

        if (ns.v[i].until < now)
            continue; /* too late to air at once: not worth the bytes */
        snprintf(dest, sizeof dest, "%s/%s", P->dir, ns.v[i].path);
        err = fetch_file(P, ns.v[i].path, dest, ns.v[i].sha256, diag);
    }
    if (err == LOA_OK && rename(tmp, path) != 0) {
        loai_diag_set(diag, "%s: %s", path, strerror(errno));
        err = LOA_ERR_IO;
    }
    if (err == LOA_OK) {
        P->r->urgent_changed = 1;
        say(P, "urgent list updated (%zu notices)", ns.n);
    }
done:
    loa_air_notices_clear(&ns);
    loai_buf_free(&b);
    return err;
}

loa_err loa_pull_run(const loa_pull_opts *o, loa_pull_result *r, loa_diag *diag)
{
    pull P;
    loai_buf plan_text = {0};
    loa_air_plan plan = {0};
    char path[PATH_MAX + 64], tmp[PATH_MAX + 64];
    double now = o->now > 0 ? o->now : (double)time(NULL);
    long status;
    loa_err err;
    size_t i;

    memset(r, 0, sizeof *r);
    memset(&P, 0, sizeof P);
    P.o = o;
    P.r = r;
    if (o->url == NULL || o->dir == NULL ||
        (strncmp(o->url, "http://", 7) != 0 && strncmp(o->url, "https://", 8) != 0) ||
        strlen(o->url) > sizeof P.base - 2 || strpbrk(o->url, " \t\r\n") != NULL) {
        loai_diag_set(diag, "the address must start with http:// or https:// (the station's "
                            "air folder, e.g. http://192.0.2.1/loa/air/man-duc/)");
        return LOA_ERR_INVALID;
    }
    snprintf(P.base, sizeof P.base, "%s%s", o->url,
             o->url[strlen(o->url) - 1] == '/' ? "" : "/");
    if ((err = loai_file_mkdirs(o->dir, diag)) != LOA_OK)
        return err;
    if (realpath(o->dir, P.dir) == NULL) {
        loai_diag_set(diag, "%s: %s", o->dir, strerror(errno));
        return LOA_ERR_IO;
    }
    snprintf(path, sizeof path, "%s/" PULL_DIR, P.dir);
    if ((err = loai_file_mkdirs(path, diag)) != LOA_OK)
        return err;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if ((P.curl = curl_easy_init()) == NULL)
        return LOA_ERR_NOMEM;
    curl_easy_setopt(P.curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(P.curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(P.curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(P.curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(P.curl, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(P.curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(P.curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(P.curl, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(P.curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_FILE_BYTES);
    curl_easy_setopt(P.curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(P.curl, CURLOPT_USERAGENT, "loa-pull/" LOA_VERSION);

    /* 0. Urgent notices first: they cannot wait for a week's download. */
    if ((err = pull_urgent(&P, now, diag)) != LOA_OK)
        goto done;
    /* 1. The plan, checked before anything it names is fetched. */
    if ((err = get(&P, "plan.tsv", &plan_text, LOAI_AIR_MAX_FILE, NULL, 0, &status, diag)))
        goto done;
    snprintf(tmp, sizeof tmp, "%s/" PULL_DIR "/plan.tsv", P.dir);
    if ((err = write_text(tmp, &plan_text, diag)) != LOA_OK ||
        (err = loa_air_plan_load(&plan, tmp, diag)) != LOA_OK)
        goto done;
    /* 2. Every week version it names, complete and checked. */
    for (i = 0; i < plan.n && err == LOA_OK; i++) {
        const char *p = plan.progs[i].path, *slash;
        char ver[64];

        if (strncmp(p, "weeks/", 6) != 0 || (slash = strchr(p + 6, '/')) == NULL ||
            (size_t)(slash - p - 6) >= sizeof ver) {
            loai_diag_set(diag, "%splan.tsv: %s is not under weeks/<version>/", P.base, p);
            err = LOA_ERR_INVALID;
            break;
        }
        memcpy(ver, p + 6, (size_t)(slash - p - 6));
        ver[slash - p - 6] = '\0';
        if (i > 0 && strncmp(plan.progs[i - 1].path, p, (size_t)(slash - p) + 1) == 0)
            continue;
        err = fetch_version(&P, ver, &plan, diag);
    }
    /* 3. The engine, checked against the plan's hash. */
    if (err == LOA_OK && plan.engine_sha256[0]) {
        char hex[65];

        snprintf(path, sizeof path, "%s/station.liq", P.dir);
        if (!(file_sha(path, hex) && strcmp(hex, plan.engine_sha256) == 0)) {
            snprintf(tmp, sizeof tmp, "%s/" PULL_DIR "/station.liq", P.dir);
            unlink(tmp);
            err = fetch_file(&P, "station.liq", tmp, plan.engine_sha256, diag);
            if (err == LOA_OK && rename(tmp, path) != 0) {
                loai_diag_set(diag, "%s: %s", path, strerror(errno));
                err = LOA_ERR_IO;
            }
        }
    }
    /* 4. Only now the plan becomes current: one rename. */
    if (err == LOA_OK) {
        snprintf(path, sizeof path, "%s/plan.tsv", P.dir);
        if (!same_file(path, &plan_text)) {
            snprintf(tmp, sizeof tmp, "%s/" PULL_DIR "/plan.tsv", P.dir);
            if (rename(tmp, path) != 0) {
                loai_diag_set(diag, "%s: %s", path, strerror(errno));
                err = LOA_ERR_IO;
            } else {
                r->plan_changed = 1;
                say(&P, "air plan updated: %zu programs", plan.n);
            }
        }
    }
    if (err == LOA_OK)
        clean_versions(&P, &plan, now);
done:
    loa_air_plan_clear(&plan);
    loai_buf_free(&plan_text);
    curl_easy_cleanup(P.curl);
    return err;
}
