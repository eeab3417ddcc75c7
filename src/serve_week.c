/* The week and the stations: each station's plan for a week (what airs when,
 * what was deferred and why, the standing bulletin's slots), the build
 * button with its live progress and log, the district report; the
 * operators' pages (listen to each slot; the week as a zip of the USB
 * folder, M3U8/PLS with absolute URLs, ICS, the printable schedule); and
 * each station's stable feed URL for players and `loa pull`. Files are sent
 * with ETags (If-None-Match) and byte ranges. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve_int.h"
#include "loa/loa.h"

static const char *const WD[] = {"", "T2", "T3", "T4", "T5", "T6", "T7", "CN"};

/* ---- weeks and where a station's published week lies ---- */

static void current_week(char *buf, size_t size)
{
    time_t t = time(NULL) + 7 * 3600; /* Asia/Ho_Chi_Minh: UTC+7, no DST */
    struct tm tm;
    loa_date d;
    int y, w;

    gmtime_r(&t, &tm);
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    loa_date_iso_week(d, &y, &w);
    snprintf(buf, size, "%04d-W%02d", y, w);
}

/* A week from the request, canonical ("2026-W48"), or the current one. */
static int week_arg(const char *s, char *buf, size_t size)
{
    int y, w;

    if (s == NULL || *s == '\0') {
        current_week(buf, size);
        return 1;
    }
    if (strlen(s) > 10 || loa_date_iso_parse(s, &y, &w) != LOA_OK)
        return 0;
    snprintf(buf, size, "%04d-W%02d", y, w);
    return 1;
}

/* The published directory of STATION's WEEK (both already validated). */
static void station_dir(loai_srv *S, const char *week, const char *station, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s/%s", S->cfg.output_dir, week, station);
}

static void feed_key(loai_srv *S, const char *station, char out[33])
{
    loai_sha256 h;
    char hex[65];

    loai_sha256_init(&h);
    loai_sha256_update(&h, S->feed_secret, strlen(S->feed_secret));
    loai_sha256_update(&h, ":", 1);
    loai_sha256_update(&h, station, strlen(station));
    loai_sha256_hex(&h, hex);
    memcpy(out, hex, 32);
    out[32] = '\0';
}

/* "http(s)://host" of this request (the Host header, if it looks like one). */
static void base_url(loai_req *r, char *buf, size_t size)
{
    const char *host = loai_req_header(r, "Host");

    if (host == NULL || *host == '\0' || strlen(host) > 200 ||
        strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
            strlen(host))
        host = "localhost";
    snprintf(buf, size, "%s://%s", r->https ? "https" : "http", host);
}

/* ---- sending files ---- */

static const char *ctype_of(const char *name)
{
    const char *e = strrchr(name, '.');

    if (e == NULL)
        return "application/octet-stream";
    if (strcmp(e, ".mp3") == 0)
        return "audio/mpeg";
    if (strcmp(e, ".m3u8") == 0)
        return "audio/x-mpegurl; charset=utf-8";
    if (strcmp(e, ".pls") == 0)
        return "audio/x-scpls; charset=utf-8";
    if (strcmp(e, ".ics") == 0)
        return "text/calendar; charset=utf-8";
    if (strcmp(e, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(e, ".csv") == 0)
        return "text/csv; charset=utf-8";
    if (strcmp(e, ".json") == 0)
        return "application/json; charset=utf-8";
    if (strcmp(e, ".txt") == 0)
        return "text/plain; charset=utf-8";
    if (strcmp(e, ".liq") == 0)
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

static int etag_match(const char *inm, const char *etag)
{
    const char *s = inm;
    size_t n = strlen(etag);

    if (inm == NULL)
        return 0;
    if (strcmp(inm, "*") == 0)
        return 1;
    while ((s = strstr(s, etag)) != NULL) {
        if ((s == inm || s[-1] == ' ' || s[-1] == ',' || s[-1] == '/') &&
            (s[n] == '\0' || s[n] == ',' || s[n] == ' '))
            return 1;
        s += n;
    }
    return 0;
}

void loai_send_file(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u, const char *path,
                    const char *ctype)
{
    struct stat st;
    char etag[96], cr[96];
    const char *range = loai_req_header(r, "Range");
    const char *ifr = loai_req_header(r, "If-Range");
    unsigned long long size, a, b;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        if (u) {
            loai_error_page(S, p, u, 404, "Không có tệp này.");
            return;
        }
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404 Không có tệp này\n");
        return;
    }
    size = (unsigned long long)st.st_size;
    snprintf(etag, sizeof etag, "\"%llx-%llx-%llx\"", (unsigned long long)st.st_ino, size,
             (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
                 (unsigned long long)st.st_mtim.tv_nsec);
    loai_resp_header(p, "ETag", etag);
    loai_resp_header(p, "Accept-Ranges", "bytes");
    loai_resp_header(p, "Cache-Control", u ? "private, no-cache" : "no-cache");
    p->ctype = ctype ? ctype : ctype_of(path);
    if (etag_match(loai_req_header(r, "If-None-Match"), etag)) {
        close(fd);
        p->status = 304;
        return;
    }
    a = 0;
    b = size ? size - 1 : 0;
    if (range != NULL && (ifr == NULL || strcmp(ifr, etag) == 0)) {
        char *end;

        if (strncmp(range, "bytes=", 6) != 0 || strchr(range, ',') != NULL)
            goto bad_range;
        range += 6;
        if (*range == '-') { /* the last N bytes */
            unsigned long long n = strtoull(range + 1, &end, 10);

            if (*end || range[1] == '\0' || n == 0 || size == 0)
                goto bad_range;
            a = n >= size ? 0 : size - n;
        } else {
            if (*range < '0' || *range > '9')
                goto bad_range;
            a = strtoull(range, &end, 10);
            if (*end != '-')
                goto bad_range;
            if (end[1] != '\0') {
                char *e2;

                if (end[1] < '0' || end[1] > '9')
                    goto bad_range;
                b = strtoull(end + 1, &e2, 10);
                if (*e2 || b < a)
                    goto bad_range;
                if (b >= size)
                    b = size - 1;
            }
            if (a >= size)
                goto bad_range;
        }
        snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu", a, b, size);
        loai_resp_header(p, "Content-Range", cr);
        p->status = 206;
    }
    p->fd = fd;
    p->off = a;
    p->len = size ? b - a + 1 : 0;
    return;
bad_range:
    close(fd);
    snprintf(cr, sizeof cr, "bytes */%llu", size);
    loai_resp_header(p, "Content-Range", cr);
    p->status = 416;
    p->ctype = "text/plain; charset=utf-8";
    loai_buf_puts(&p->body, "416 Khoảng byte không hợp lệ\n");
}

/* ---- playlists with absolute URLs, and the USB folder as a zip ---- */

/* The published playlist NAME of a station's week with each entry made an
 * absolute URL under PREFIX (ending in '/'). */
static void playlist_abs(loai_srv *S, loai_resp *p, const char *dir, const char *name,
                         const char *prefix, const loai_user *u)
{
    char path[4600], *text = NULL;
    size_t len;
    int pls = strstr(name, ".pls") != NULL;
    const char *s;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (loa_file_read(path, &text, &len, NULL) != LOA_OK) {
        if (u) {
            loai_error_page(S, p, u, 404, "Tuần này chưa được xuất bản cho đài này.");
            return;
        }
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404\n");
        return;
    }
    p->ctype = ctype_of(name);
    for (s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        const char *eq = pls ? memchr(s, '=', l) : NULL;

        if (l > 0 && s[l - 1] == '\r')
            l--;
        if (!pls && l > 0 && s[0] != '#' && memchr(s, ':', l) == NULL) {
            loai_buf_puts(&p->body, prefix);
            loai_buf_add(&p->body, s, l);
        } else if (pls && l > 4 && strncmp(s, "File", 4) == 0 && eq != NULL &&
                   memchr(eq, ':', l - (size_t)(eq - s)) == NULL) {
            loai_buf_add(&p->body, s, (size_t)(eq - s) + 1);
            loai_buf_puts(&p->body, prefix);
            loai_buf_add(&p->body, eq + 1, l - (size_t)(eq + 1 - s));
        } else {
            loai_buf_add(&p->body, s, l);
        }
        loai_buf_puts(&p->body, pls ? "\r\n" : "\n");
        s = e ? e + 1 : s + strlen(s);
    }
    free(text);
}

static unsigned long crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    unsigned long c;
    int n, k;

    for (n = 0; n < 256; n++) {
        c = (unsigned long)n;
        for (k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static void le16(unsigned char *b, unsigned v)
{
    b[0] = v & 255;
    b[1] = (v >> 8) & 255;
}

static void le32(unsigned char *b, unsigned long v)
{
    le16(b, v & 0xffff);
    le16(b + 2, (v >> 16) & 0xffff);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The station's usb/ folder as a ZIP (stored: MP3s do not compress) in a
 * temporary file; returns an open descriptor of it (already unlinked), or -1. */
static int usb_zip(loai_srv *S, const char *dir, const char *folder, long long *size)
{
    char usb[4400], tmp[4300], path[4600];
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    unsigned char *cd = NULL;
    size_t cdlen = 0;
    unsigned long off = 0;
    int fd = -1, ok = 1;
    FILE *out;

    pthread_once(&crc_once, crc_init);
    snprintf(usb, sizeof usb, "%s/usb", dir);
    if ((d = opendir(usb)) == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char **g;

        if (!loai_safe_name(e->d_name) || strlen(e->d_name) > 200)
            continue;
        if ((g = realloc(names, (n + 1) * sizeof *g)) == NULL)
            break;
        names = g;
        if ((names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_name);
    snprintf(tmp, sizeof tmp, "%s/tmp/zip-XXXXXX", S->data);
    if ((fd = mkstemp(tmp)) < 0 || (out = fdopen(dup(fd), "w+")) == NULL) {
        ok = 0;
        goto done;
    }
    unlink(tmp);
    for (i = 0; i < n && ok; i++) {
        unsigned char h[30], c[46], buf[65536];
        char entry[300];
        unsigned long crc = 0xffffffffUL, len = 0;
        size_t k, el;
        FILE *in;
        long start = (long)off;

        snprintf(path, sizeof path, "%s/%s", usb, names[i]);
        snprintf(entry, sizeof entry, "%s/%s", folder, names[i]);
        el = strlen(entry);
        if ((in = fopen(path, "rb")) == NULL) {
            ok = 0;
            break;
        }
        while ((k = fread(buf, 1, sizeof buf, in)) > 0) {
            size_t j;

            for (j = 0; j < k; j++)
                crc = crc_table[(crc ^ buf[j]) & 255] ^ (crc >> 8);
            len += (unsigned long)k;
        }
        crc ^= 0xffffffffUL;
        rewind(in);
        memset(h, 0, sizeof h);
        le32(h, 0x04034b50UL);
        le16(h + 4, 10);
        le16(h + 6, 0x0800); /* names are UTF-8 */
        le32(h + 14, crc);
        le32(h + 18, len);
        le32(h + 22, len);
        le16(h + 26, (unsigned)el);
        fwrite(h, 1, 30, out);
        fwrite(entry, 1, el, out);
        while ((k = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, k, out);
        fclose(in);
        off += 30 + (unsigned long)el + len;
        memset(c, 0, sizeof c);
        le32(c, 0x02014b50UL);
        le16(c + 4, 0x031e); /* made by Unix, version 3.0 */
        le16(c + 6, 10);
        le16(c + 8, 0x0800);
        le32(c + 16, crc);
        le32(c + 20, len);
        le32(c + 24, len);
        le16(c + 28, (unsigned)el);
        le32(c + 38, 0100644UL << 16);
        le32(c + 42, (unsigned long)start);
        {
            unsigned char *g = realloc(cd, cdlen + 46 + el);

            if (g == NULL) {
                ok = 0;
                break;
            }
            cd = g;
            memcpy(cd + cdlen, c, 46);
            memcpy(cd + cdlen + 46, entry, el);
            cdlen += 46 + el;
        }
    }
    if (ok) {
        unsigned char end[22];

        memset(end, 0, sizeof end);
        le32(end, 0x06054b50UL);
        le16(end + 8, (unsigned)n);
        le16(end + 10, (unsigned)n);
        le32(end + 12, (unsigned long)cdlen);
        le32(end + 16, off);
        fwrite(cd, 1, cdlen, out);
        fwrite(end, 1, 22, out);
        *size = (long long)(off + cdlen + 22);
    }
    if (fclose(out) != 0)
        ok = 0;
done:
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(cd);
    if (!ok && fd >= 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* A file of STATION's WEEK: NAME is "x", "items/x" or "usb/x" with x a safe
 * name; nothing else from a request ever reaches the file system. */
static void station_file(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u,
                         const char *station, const char *week, const char *name,
                         const char *url_prefix)
{
    char dir[4300], path[4600];
    const char *leaf = name;

    station_dir(S, week, station, dir, sizeof dir);
    if (strncmp(name, "items/", 6) == 0 || strncmp(name, "usb/", 4) == 0)
        leaf = strchr(name, '/') + 1;
    if (!loai_safe_name(leaf)) {
        if (u) {
            loai_error_page(S, p, u, 404, "Không có tệp này.");
            return;
        }
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404\n");
        return;
    }
    if (strcmp(name, "usb.zip") == 0) {
        long long size = 0;
        char folder[200], cd[300];
        int fd = usb_zip(S, dir, "LOA", &size);

        if (fd < 0) {
            if (u) {
                loai_error_page(S, p, u, 404, "Tuần này chưa được xuất bản cho đài này.");
                return;
            }
            p->status = 404;
            return;
        }
        snprintf(folder, sizeof folder, "%s-%s-usb.zip", station, week);
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", folder);
        loai_resp_header(p, "Content-Disposition", cd);
        p->ctype = "application/zip";
        p->fd = fd;
        p->off = 0;
        p->len = (uint64_t)size;
        return;
    }
    if (strcmp(name, "week.m3u8") == 0 || strcmp(name, "week.pls") == 0) {
        char base[300], prefix[600], key[33];

        base_url(r, base, sizeof base);
        feed_key(S, station, key);
        /* Players have no session: the entries point at the station's feed. */
        if (*url_prefix)
            snprintf(prefix, sizeof prefix, "%s%s", base, url_prefix);
        else
            snprintf(prefix, sizeof prefix, "%s/feed/%s/%s/%s/", base, station, key, week);
        playlist_abs(S, p, dir, name, prefix, u);
        return;
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    /* The printable schedule carries its own styles: let them, and nothing else. */
    if (strstr(name, ".html"))
        loai_resp_header(p, "Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                         "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    loai_send_file(S, r, p, u, path, ctype_of(name));
}

/* The station's air folder (<output>/air/<id>/, what `loa pull` copies):
 * REL is at most four plain names joined by '/' (plan.tsv, urgent.tsv,
 * urgent/<n>.mp3, weeks/<ver>/SHA256SUMS, weeks/<ver>/items/<f>.mp3 ...). */
static void air_file(loai_srv *S, loai_req *r, loai_resp *p, const char *station, const char *rel)
{
    char path[4600], seg[256];
    const char *s = rel;
    int depth = 0;

    while (*s) {
        size_t l = strcspn(s, "/");

        if (l == 0 || l >= sizeof seg || ++depth > 4)
            goto nope;
        memcpy(seg, s, l);
        seg[l] = '\0';
        if (!loai_safe_name(seg))
            goto nope;
        s += l;
        if (*s == '/' && *++s == '\0')
            goto nope;
    }
    if (depth == 0 || snprintf(path, sizeof path, "%s/air/%s/%s", S->cfg.output_dir, station,
                               rel) >= (int)sizeof path)
        goto nope;
    loai_send_file(S, r, p, NULL, path, ctype_of(rel));
    return;
nope:
    p->status = 404;
    p->ctype = "text/plain; charset=utf-8";
    loai_buf_puts(&p->body, "404\n");
}

/* /feed/<station>/<key>/<week|current>/<file>, and /feed/<station>/<key>/air/...
 * for `loa pull`: no session (players and
 * `loa pull` have none); the key, made from a server secret, is the
 * capability. Read-only. */
void loai_serve_feed(loai_srv *S, loai_req *r, loai_resp *p)
{
    char station[64], key[40], week[16], wk[16], want[33], prefix[300];
    const char *s = r->path + 6, *name;
    int n = 0;

    if (sscanf(s, "%63[a-z0-9_-]/%39[0-9a-f]/%15[A-Za-z0-9-]/%n", station, key, week, &n) != 3 ||
        n == 0) {
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404\n");
        return;
    }
    name = s + n;
    feed_key(S, station, want);
    if (strcmp(week, "air") == 0 && strcmp(key, want) == 0 &&
        loa_config_station_find(&S->cfg, station) != NULL) {
        air_file(S, r, p, station, name);
        return;
    }
    if (loa_config_station_find(&S->cfg, station) == NULL || strlen(key) != 32 ||
        strcmp(key, want) != 0 ||
        !(strcmp(week, "current") == 0 ? (current_week(wk, sizeof wk), 1)
                                       : week_arg(week, wk, sizeof wk))) {
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404\n");
        return;
    }
    snprintf(prefix, sizeof prefix, "/feed/%s/%s/%s/", station, key, week);
    station_file(S, r, p, NULL, station, wk, name, prefix);
}

/* ---- the week page ---- */

static void fmt_dur(char *buf, size_t size, double s)
{
    int t = (int)(s + 0.5);

    snprintf(buf, size, "%d:%02d", t / 60, t % 60);
}

static void plan_html(loai_srv *S, loai_buf *o, const loai_user *u, const loa_plan *pl)
{
    size_t st, i, k;

    for (st = 0; st < pl->n_stations; st++) {
        const loa_plan_station *ps = &pl->stations[st];
        int any = 0;

        if (!loai_can_station(S, u, ps->id))
            continue;
        loai_buf_puts(o, "<section class=\"card station\"><h2>");
        loai_html_esc(o, ps->name);
        loai_buf_printf(o,
                        " <a class=\"small\" href=\"/stations/%s\">nghe, tải về →</a></h2>"
                        "<table class=\"plan\"><thead><tr><th>Ngày</th><th>Giờ</th><th>Khung"
                        "</th><th>Nội dung</th><th>Thời lượng</th></tr></thead><tbody>",
                        ps->id);
        for (i = 0; i < pl->n_slots; i++) {
            const loa_plan_slot *sl = &pl->slots[i];
            char d1[16], d2[16];

            if (sl->station != (int)st)
                continue;
            any = 1;
            fmt_dur(d1, sizeof d1, sl->seconds);
            fmt_dur(d2, sizeof d2, sl->length_s);
            loai_buf_printf(o, "<tr><td>%s %02d/%02d</td><td>%02d:%02d</td><td>", WD[sl->weekday],
                            sl->date.day, sl->date.month, sl->start_min / 60, sl->start_min % 60);
            loai_html_esc(o, sl->name);
            loai_buf_puts(o, "</td><td><ul class=\"items\">");
            for (k = 0; k < sl->n_items; k++) {
                const loa_plan_clip *c = &pl->clips[sl->items[k]];

                loai_buf_printf(o, "<li class=\"%s\">%s",
                                c->kind == LOA_CLIP_STANDING     ? "standing"
                                : c->priority == LOA_PRIO_URGENT ? "urgent"
                                                                 : "",
                                c->kind == LOA_CLIP_STANDING ? "<span class=\"tag\">thường trực"
                                                               "</span> "
                                : c->priority == LOA_PRIO_URGENT ? "<span class=\"tag u\">khẩn"
                                                                   "</span> "
                                                                 : "");
                loai_html_esc(o, c->title ? c->title : c->id);
                loai_buf_puts(o, "</li>");
            }
            loai_buf_printf(o, "</ul></td><td>%s / %s</td></tr>", d1, d2);
        }
        if (!any)
            loai_buf_puts(o, "<tr><td colspan=\"5\" class=\"muted\">Không có khung phát nào.</td>"
                             "</tr>");
        loai_buf_puts(o, "</tbody></table>");
        for (i = 0; i < pl->n_deferred; i++) {
            const loa_plan_deferral *df = &pl->deferred[i];

            if (df->station != (int)st)
                continue;
            loai_buf_puts(o, "<p class=\"deferred\">Hoãn: <b>");
            loai_html_esc(o, pl->clips[df->clip].title);
            loai_buf_printf(o, "</b> — phát %d/%d lần: ", df->aired, df->wanted);
            loai_html_esc(o, df->reason);
            loai_buf_puts(o, "</p>");
        }
        loai_buf_puts(o, "</section>");
    }
}

/* What the week page says while a build waits for another one (the weekly
 * cron job, a `loa build` by hand) to let go of the output: malloc'd. */
static char *waiting_note(void)
{
    return loa_msg_format(LOA_LANG_VI, "another build of this output is running — waiting for "
                                       "it to finish");
}

/* 1 when build ID is waiting for another build's lock (its progress file). */
static int build_waiting(loai_srv *S, long long id)
{
    char path[4400], *prog = NULL, stage[16] = "";
    size_t len;

    snprintf(path, sizeof path, "%s/builds/%lld.log.progress", S->data, id);
    if (loa_file_read(path, &prog, &len, NULL) != LOA_OK)
        return 0;
    sscanf(prog, "%15s", stage);
    free(prog);
    return strcmp(stage, "wait") == 0;
}

static void week_page(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    char week[16], path[4300], *report = NULL;
    size_t len;
    loa_build_opts bo;
    loa_build_result br;
    loa_diag d;
    loa_err err;
    loai_stmt *q;

    if (!week_arg(loai_req_query(r, "week"), week, sizeof week)) {
        loai_error_page(S, p, u, 400, "Tuần phải viết như 2026-W48.");
        return;
    }
    loai_page_begin(S, p, u, "Tuần phát", "week");
    {
        int y, w;
        loa_date a, z;

        loa_date_iso_parse(week, &y, &w);
        a = loa_date_iso_monday(y, w);
        z = loa_date_add_days(a, 6);
        loai_buf_printf(&p->body, "<p class=\"kicker\">%02d/%02d – %02d/%02d/%04d</p>", a.day,
                        a.month, z.day, z.month, z.year);
    }
    loai_buf_printf(&p->body,
                    "<h1>Tuần %s</h1><form method=\"get\" action=\"/week\" "
                    "class=\"inline\"><label>Tuần <input name=\"week\" value=\"%s\" "
                    "pattern=\"[0-9]{4}-W[0-9]{2}\" size=\"9\"></label><button "
                    "type=\"submit\">Xem</button></form>",
                    week, week);
    if (u->role == ROLE_APPROVER || u->role == ROLE_ADMIN) {
        long long bid = 0;
        char status[16] = "";

        if (loai_db_query(S->db, &q, NULL,
                          "SELECT id, status FROM builds WHERE week = ? ORDER "
                          "BY id DESC LIMIT 1",
                          "s", week) == LOA_OK) {
            if (loai_stmt_step(q) == 1) {
                bid = loai_stmt_int(q, 0);
                snprintf(status, sizeof status, "%s", loai_stmt_text(q, 1));
            }
            loai_stmt_free(q);
        }
        loai_buf_printf(&p->body,
                        "<section class=\"card build\"><h2>Dựng và xuất bản</h2>"
                        "<form id=\"build\" method=\"post\" action=\"/week/build\">"
                        "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input "
                        "type=\"hidden\" name=\"week\" value=\"%s\"><button "
                        "type=\"submit\" class=\"primary\">Dựng tuần %s</button></form>"
                        "<div id=\"build-status\" data-build=\"%lld\" data-state=\"%s\">"
                        "<progress id=\"build-progress\" max=\"1\" value=\"0\"></progress>"
                        " <span id=\"build-stage\">",
                        u->csrf, week, week, bid, status);
        if (strcmp(status, "running") == 0 && build_waiting(S, bid)) {
            char *m = waiting_note();

            loai_html_esc(&p->body, m ? m : "");
            free(m);
        }
        loai_buf_puts(&p->body, "</span><pre id=\"build-log\" class=\"log\"></pre></div></section>");
    }
    /* The plan: a dry run of the build (cached or estimated durations). */
    memset(&bo, 0, sizeof bo);
    memset(&d, 0, sizeof d);
    bo.config = S->cfg_path;
    loa_date_iso_parse(week, &bo.iso_year, &bo.iso_week);
    bo.dry_run = 1;
    bo.data_dir = S->voices;
    loa_build_result_init(&br);
    pthread_mutex_lock(&S->plan_mu);
    err = loa_build_run(&bo, &br, &d);
    pthread_mutex_unlock(&S->plan_mu);
    loai_buf_puts(&p->body, "<h2>Kế hoạch phát</h2>");
    if (err != LOA_OK) {
        loai_buf_puts(&p->body, "<p class=\"flash error\">Chưa lập được kế hoạch: ");
        if (br.err_file) {
            const char *base = strrchr(br.err_file, '/');

            loai_html_esc(&p->body, base ? base + 1 : br.err_file);
            loai_buf_printf(&p->body, ":%d:%d: ", d.line, d.col);
        }
        loai_html_msg(&p->body, d.msg[0] ? d.msg : loa_strerror(err));
        loai_buf_puts(&p->body, "</p>");
    } else {
        plan_html(S, &p->body, u, &br.plan);
    }
    loa_build_result_clear(&br);
    snprintf(path, sizeof path, "%s/%s/report.txt", S->cfg.output_dir, week);
    if (loa_file_read(path, &report, &len, NULL) == LOA_OK) {
        loai_buf_puts(&p->body, "<section class=\"card\"><h2>Báo cáo lần dựng gần nhất</h2>"
                                "<pre class=\"report\">");
        loai_html_esc(&p->body, report);
        loai_buf_puts(&p->body, "</pre></section>");
        free(report);
    } else {
        loai_buf_puts(&p->body, "<p class=\"muted\">Tuần này chưa được dựng.</p>");
    }
    loai_page_end(p);
}

/* ---- the build: a job of the launcher, watched by a thread ---- */

struct build_run {
    loai_srv *S;
    long long id;
    char week[16];
    char log[4300];
};

static void *build_thread(void *arg)
{
    struct build_run *b = arg;
    loai_srv *S = b->S;
    loa_diag d;
    loa_err err;
    char *m;

    memset(&d, 0, sizeof d);
    err = loai_work_build(S->work, S->cfg_path, b->week, b->log, &d);
    m = err == LOA_OK ? NULL : loai_serve_say(d.msg[0] ? d.msg : loa_strerror(err));
    loai_db_run(S->db, NULL,
                "UPDATE builds SET status = ?, finished = ?, message = ? "
                "WHERE id = ?",
                "sisi", err == LOA_OK ? "done" : "failed", loai_now(),
                err == LOA_OK ? ""
                : m           ? m
                              : d.msg,
                b->id);
    free(m);
    pthread_mutex_lock(&S->b_mu);
    S->build_id = 0;
    pthread_mutex_unlock(&S->b_mu);
    free(b);
    return NULL;
}

static void build_fail(loai_srv *S, loai_resp *p, const loai_user *u, int json, int status,
                       const char *msg)
{
    if (json)
        loai_json_error(p, status, msg);
    else
        loai_error_page(S, p, u, status, msg);
}

static void start_build(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    char week[16], loc[64], obj[40];
    const char *accept = loai_req_header(r, "Accept");
    int json = accept && strstr(accept, "application/json");
    struct build_run *b;
    pthread_t t;
    pthread_attr_t a;

    if (u->role != ROLE_APPROVER && u->role != ROLE_ADMIN) {
        build_fail(S, p, u, json, 403, "Chỉ lãnh đạo duyệt được dựng tuần.");
        return;
    }
    if (!week_arg(loai_req_field(r, "week", NULL), week, sizeof week)) {
        build_fail(S, p, u, json, 400, "Tuần phải viết như 2026-W48.");
        return;
    }
    pthread_mutex_lock(&S->b_mu);
    if (S->build_id != 0) {
        pthread_mutex_unlock(&S->b_mu);
        build_fail(S, p, u, json, 409, "Đang có một lần dựng chạy — chờ nó xong.");
        return;
    }
    if ((b = calloc(1, sizeof *b)) == NULL) {
        pthread_mutex_unlock(&S->b_mu);
        loai_json_error(p, 500, "Hết bộ nhớ.");
        return;
    }
    b->S = S;
    snprintf(b->week, sizeof b->week, "%s", week);
    loai_db_lock(S->db);
    loai_db_run(S->db, NULL, "INSERT INTO builds(week, user_id, started) VALUES(?,?,?)", "sii",
                week, u->id, loai_now());
    b->id = loai_db_last_id(S->db);
    loai_db_unlock(S->db);
    snprintf(b->log, sizeof b->log, "%s/builds/%lld.log", S->data, b->id);
    S->build_id = b->id;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &a, build_thread, b) != 0) {
        S->build_id = 0;
        free(b);
        pthread_mutex_unlock(&S->b_mu);
        pthread_attr_destroy(&a);
        loai_json_error(p, 500, "Không chạy được lần dựng.");
        return;
    }
    pthread_attr_destroy(&a);
    snprintf(obj, sizeof obj, "build:%lld", S->build_id);
    pthread_mutex_unlock(&S->b_mu);
    loai_audit(S->db, u->name, r->ip, "build.start", obj, week);
    if (json) {
        p->status = 202;
        p->ctype = "application/json; charset=utf-8";
        loai_buf_printf(&p->body, "{\"id\":%lld,\"url\":\"/week/build/%lld\"}\n",
                        (long long)atoll(obj + 6), (long long)atoll(obj + 6));
        return;
    }
    snprintf(loc, sizeof loc, "/week?week=%s", week);
    loai_redirect(p, loc);
}

static void build_status(loai_srv *S, loai_resp *p, const loai_user *u, long long id)
{
    loai_stmt *q;
    char status[16] = "", week[16] = "", msg[600] = "", path[4300], *log = NULL;
    char stage[64] = "";
    size_t len = 0, done = 0, total = 0;
    int found = 0;

    if (u->role != ROLE_APPROVER && u->role != ROLE_ADMIN) {
        loai_json_error(p, 403, "Chỉ lãnh đạo duyệt xem lần dựng.");
        return;
    }
    if (loai_db_query(S->db, &q, NULL, "SELECT status, week, message FROM builds WHERE id = ?", "i",
                      id) == LOA_OK) {
        if (loai_stmt_step(q) == 1) {
            found = 1;
            snprintf(status, sizeof status, "%s", loai_stmt_text(q, 0));
            snprintf(week, sizeof week, "%s", loai_stmt_text(q, 1));
            snprintf(msg, sizeof msg, "%s", loai_stmt_text(q, 2));
        }
        loai_stmt_free(q);
    }
    if (!found) {
        loai_json_error(p, 404, "Không có lần dựng này.");
        return;
    }
    snprintf(path, sizeof path, "%s/builds/%lld.log", S->data, id);
    p->ctype = "application/json; charset=utf-8";
    loai_resp_header(p, "Cache-Control", "no-store");
    loai_buf_printf(&p->body, "{\"id\":%lld,\"status\":\"%s\",\"week\":\"%s\",\"message\":", id,
                    status, week);
    loai_json_str(&p->body, msg);
    if (loa_file_read(path, &log, &len, NULL) == LOA_OK) {
        const char *tail;
        size_t lines = 0;
        char ppath[4400], *prog = NULL;
        size_t plen;

        /* Where it is: the progress file the build child rewrites at each step. */
        snprintf(ppath, sizeof ppath, "%s.progress", path);
        if (loa_file_read(ppath, &prog, &plen, NULL) == LOA_OK)
            sscanf(prog, "%63s %zu %zu", stage, &done, &total);
        free(prog);
        tail = log + len;
        while (tail > log && lines < 40)
            if (*--tail == '\n')
                lines++;
        loai_buf_printf(&p->body, ",\"stage\":");
        loai_json_str(&p->body, stage);
        if (strcmp(status, "running") == 0 && strcmp(stage, "wait") == 0) {
            char *m = waiting_note();

            loai_buf_puts(&p->body, ",\"note\":");
            loai_json_str(&p->body, m ? m : "");
            free(m);
        }
        loai_buf_printf(&p->body, ",\"done\":%zu,\"total\":%zu,\"log\":", done, total);
        loai_json_str(&p->body, tail);
        free(log);
    } else {
        loai_buf_puts(&p->body, ",\"stage\":\"\",\"done\":0,\"total\":0,\"log\":\"\"");
    }
    loai_buf_puts(&p->body, "}\n");
}

/* ---- the stations' pages ---- */

static void stations_page(loai_srv *S, loai_resp *p, const loai_user *u)
{
    size_t i;
    char week[16];

    current_week(week, sizeof week);
    loai_page_begin(S, p, u, "Đài", "stations");
    loai_buf_printf(&p->body, "<h1>Các đài — tuần %s</h1><ul class=\"stations card\">", week);
    for (i = 0; i < S->cfg.n_stations; i++) {
        const loa_config_station *st = &S->cfg.stations[i];

        if (!loai_can_station(S, u, st->id))
            continue;
        loai_buf_printf(&p->body, "<li><a href=\"/stations/%s\">", st->id);
        loai_html_esc(&p->body, st->name);
        loai_buf_puts(&p->body, "</a> <span class=\"muted\">");
        loai_html_esc(&p->body, st->commune ? st->commune : "");
        loai_buf_puts(&p->body, "</span></li>");
    }
    loai_buf_puts(&p->body, "</ul>");
    loai_page_end(p);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void station_page(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u,
                         const loa_config_station *st)
{
    char week[16], dir[4300], key[33], base[300], url[700];
    DIR *d;
    struct dirent *e;
    char *names[400];
    size_t n = 0, i;

    if (!week_arg(loai_req_query(r, "week"), week, sizeof week)) {
        loai_error_page(S, p, u, 400, "Tuần phải viết như 2026-W48.");
        return;
    }
    station_dir(S, week, st->id, dir, sizeof dir);
    feed_key(S, st->id, key);
    base_url(r, base, sizeof base);
    loai_page_begin(S, p, u, st->name, "stations");
    loai_buf_puts(&p->body, "<h1>");
    loai_html_esc(&p->body, st->name);
    loai_buf_printf(&p->body,
                    "</h1><form method=\"get\" class=\"inline\"><label>Tuần <input "
                    "name=\"week\" value=\"%s\" size=\"9\"></label><button "
                    "type=\"submit\">Xem</button></form>",
                    week);
    if ((d = opendir(dir)) == NULL) {
        loai_buf_printf(&p->body, "<p class=\"flash\">Tuần %s chưa được xuất bản cho đài này.</p>",
                        week);
    } else {
        while ((e = readdir(d)) != NULL && n < 400) {
            size_t l = strlen(e->d_name);

            if (l > 4 && strcmp(e->d_name + l - 4, ".mp3") == 0 && loai_safe_name(e->d_name))
                names[n] = strdup(e->d_name), n += names[n] != NULL;
        }
        closedir(d);
        qsort(names, n, sizeof *names, cmp_str);
        loai_buf_printf(&p->body,
                        "<section class=\"card downloads\"><h2>Tải về tuần %s</h2><p>"
                        "<a class=\"button\" href=\"/stations/%s/%s/usb.zip\">USB (zip)"
                        "</a> <a class=\"button\" href=\"/stations/%s/%s/week.m3u8\">"
                        "M3U8</a> <a class=\"button\" href=\"/stations/%s/%s/week.pls\">"
                        "PLS</a> <a class=\"button\" href=\"/stations/%s/%s/schedule.ics\">"
                        "Lịch (ICS)</a> <a class=\"button\" href=\"/stations/%s/%s/"
                        "schedule.html\">Lịch in</a></p>",
                        week, st->id, week, st->id, week, st->id, week, st->id, week, st->id, week);
        loai_buf_printf(&p->body, "<p class=\"note\">Địa chỉ cố định của tuần hiện tại (cho máy "
                                  "phát):<br><code class=\"url\">");
        snprintf(url, sizeof url, "%s/feed/%s/%s/current/week.m3u8", base, st->id, key);
        loai_html_esc(&p->body, url);
        loai_buf_puts(&p->body, "</code><br>Cho đài ở xa (<code>loa pull URL THƯ-MỤC</code>):<br>"
                                "<code class=\"url\" id=\"pull-url\">");
        snprintf(url, sizeof url, "%s/feed/%s/%s/air/", base, st->id, key);
        loai_html_esc(&p->body, url);
        loai_buf_puts(&p->body, "</code></p></section><section class=\"card\"><h2>Các buổi phát"
                                "</h2><ul class=\"slots\">");
        for (i = 0; i < n; i++) {
            int y, mo, da, hh, mi;
            char nm[64] = "";

            if (sscanf(names[i], "%4d-%2d-%2d_%2d%2d_%63[^.]", &y, &mo, &da, &hh, &mi, nm) >= 5) {
                loa_date dd = {y, mo, da};

                loai_buf_printf(&p->body,
                                "<li><span class=\"when\">%s %02d/%02d %02d:%02d %s"
                                "</span>",
                                loa_date_valid(dd) ? WD[loa_date_weekday(dd)] : "", da, mo, hh, mi,
                                nm);
            } else
                loai_buf_printf(&p->body, "<li><span class=\"when\">%s</span>", names[i]);
            loai_buf_printf(&p->body,
                            "<audio controls preload=\"none\" src=\"/stations/%s/%s/%s\">"
                            "</audio> <a href=\"/stations/%s/%s/%s\" download>tải</a></li>",
                            st->id, week, names[i], st->id, week, names[i]);
            free(names[i]);
        }
        if (n == 0)
            loai_buf_puts(&p->body, "<li class=\"muted\">Không có buổi phát nào.</li>");
        loai_buf_puts(&p->body, "</ul></section>");
    }
    loai_page_end(p);
}

void loai_serve_week(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    const char *path = r->path;
    int post = strcmp(r->method, "POST") == 0;

    if (u->role == ROLE_EDITOR) {
        loai_error_page(S, p, u, 403, "Biên tập viên không xem trang này.");
        return;
    }
    if (strcmp(path, "/week") == 0) {
        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        week_page(S, r, p, u);
        return;
    }
    if (strcmp(path, "/week/build") == 0) {
        if (!post) {
            loai_method_not_allowed(p, "POST");
            return;
        }
        start_build(S, r, p, u);
        return;
    }
    if (strncmp(path, "/week/build/", 12) == 0) {
        const char *s = path + 12;

        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        if (*s < '1' || *s > '9' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15) {
            loai_json_error(p, 404, "Không có lần dựng này.");
            return;
        }
        build_status(S, p, u, atoll(s));
        return;
    }
    if (post) {
        loai_method_not_allowed(p, "GET, HEAD");
        return;
    }
    if (strcmp(path, "/stations") == 0) {
        stations_page(S, p, u);
        return;
    }
    if (strncmp(path, "/stations/", 10) == 0) {
        char id[64], wk[16], week[16];
        int n = 0;
        const loa_config_station *st;

        if (sscanf(path + 10, "%63[a-z0-9_-]%n", id, &n) != 1 ||
            (st = loa_config_station_find(&S->cfg, id)) == NULL) {
            loai_error_page(S, p, u, 404, "Không có đài này.");
            return;
        }
        if (!loai_can_station(S, u, id)) {
            loai_audit(S->db, u->name, r->ip, "forbidden", id, path);
            loai_error_page(S, p, u, 403, "Đài này không thuộc phạm vi của bạn.");
            return;
        }
        if (path[10 + n] == '\0') {
            station_page(S, r, p, u, st);
            return;
        }
        {
            int m = 0;
            const char *rest = path + 10 + n;

            if (sscanf(rest, "/%15[0-9W-]/%n", wk, &m) != 1 || m == 0 ||
                !week_arg(wk, week, sizeof week)) {
                loai_error_page(S, p, u, 404, "Không tìm thấy trang này.");
                return;
            }
            station_file(S, r, p, u, id, week, rest + m, "");
            return;
        }
    }
    loai_error_page(S, p, u, 404, "Không tìm thấy trang này.");
}
