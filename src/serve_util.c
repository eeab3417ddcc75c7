/* The web desk's small helpers: escaping for HTML, JSON and URLs, request
 * bodies (urlencoded and multipart/form-data) parsed without trusting a
 * byte, and atomic file writes safe across threads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_int.h"
#include "loa/msg.h"

char *loai_serve_say(const char *msg)
{
    return loa_msg_translate(msg ? msg : "", LOA_LANG_VI);
}

void loai_html_msg(loai_buf *b, const char *msg)
{
    char *m = loai_serve_say(msg);

    loai_html_esc(b, m ? m : msg);
    free(m);
}

void loai_html_esc(loai_buf *b, const char *s)
{
    const char *run = s;

    if (s == NULL)
        return;
    for (; *s; s++) {
        const char *rep = NULL;

        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        loai_buf_add(b, run, (size_t)(s - run));
        loai_buf_puts(b, rep);
        run = s + 1;
    }
    loai_buf_add(b, run, (size_t)(s - run));
}

void loai_json_str(loai_buf *b, const char *s)
{
    loai_buf_add(b, "\"", 1);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            loai_buf_printf(b, "\\%c", c);
        else if (c == '\n')
            loai_buf_puts(b, "\\n");
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            loai_buf_printf(b, "\\u%04x", c); /* safe inside <script> too */
        else
            loai_buf_add(b, (const char *)&c, 1);
    }
    loai_buf_add(b, "\"", 1);
}

void loai_url_esc(loai_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            loai_buf_add(b, (const char *)&c, 1);
        else
            loai_buf_printf(b, "%%%02X", c);
    }
}

loa_err loai_write_atomic(const char *final, const void *data, size_t len, loa_diag *diag)
{
    const char *slash = strrchr(final, '/');
    size_t dirlen = slash ? (size_t)(slash - final) + 1 : 0;
    char tmp[4200];
    const char *p = data;
    int fd;

    if (snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX", (int)dirlen, final, final + dirlen) >=
        (int)sizeof tmp)
        return LOA_ERR_INVALID;
    /* mkstemp: a unique name even for two threads of one process. */
    if ((fd = mkstemp(tmp)) < 0) {
        loai_diag_set(diag, "cannot create %s: %s", tmp, strerror(errno));
        return LOA_ERR_IO;
    }
    fchmod(fd, 0644);
    while (len > 0) {
        ssize_t k = write(fd, p, len);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            loai_diag_set(diag, "cannot write %s: %s", tmp, strerror(errno));
            close(fd);
            unlink(tmp);
            return LOA_ERR_IO;
        }
        p += k;
        len -= (size_t)k;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        loai_diag_set(diag, "cannot write %s: %s", tmp, strerror(errno));
        unlink(tmp);
        return LOA_ERR_IO;
    }
    if (rename(tmp, final) != 0) {
        loai_diag_set(diag, "cannot rename %s to %s: %s", tmp, final, strerror(errno));
        unlink(tmp);
        return LOA_ERR_IO;
    }
    if (dirlen > 0) {
        char dir[4200];

        snprintf(dir, sizeof dir, "%.*s", (int)dirlen, final);
        loai_stage_sync(dir);
    }
    return LOA_OK;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode N bytes of application/x-www-form-urlencoded S (NUL bytes are
 * dropped: no field may smuggle one into a C string). */
static char *url_decode(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(n + 1);
    size_t i, k = 0;

    if (o == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];

        if (c == '+')
            c = ' ';
        else if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
            i += 2;
        }
        if (c != 0)
            o[k++] = (char)c;
    }
    o[k] = '\0';
    if (out_len)
        *out_len = k;
    return o;
}

static loa_err kv_add(loai_kv **list, size_t *n, char *key, char *val, size_t val_len,
                      char *filename)
{
    loai_kv *g;

    if (*n >= 256 || (g = realloc(*list, (*n + 1) * sizeof *g)) == NULL) {
        free(key);
        free(val);
        free(filename);
        return *n >= 256 ? LOA_ERR_INVALID : LOA_ERR_NOMEM;
    }
    *list = g;
    g[*n].key = key;
    g[*n].val = val;
    g[*n].val_len = val_len;
    g[*n].filename = filename;
    (*n)++;
    return LOA_OK;
}

loa_err loai_parse_urlencoded(const char *s, size_t n, loai_kv **list, size_t *count)
{
    size_t i = 0;

    while (i < n) {
        size_t j = i, eq;
        char *k, *v;
        size_t vl;
        loa_err err;

        while (j < n && s[j] != '&')
            j++;
        for (eq = i; eq < j && s[eq] != '='; eq++)
            ;
        if (j > i) {
            k = url_decode(s + i, eq - i, NULL);
            v = eq < j ? url_decode(s + eq + 1, j - eq - 1, &vl) : url_decode("", 0, &vl);
            if (k == NULL || v == NULL) {
                free(k);
                free(v);
                return LOA_ERR_NOMEM;
            }
            if ((err = kv_add(list, count, k, v, vl, NULL)) != LOA_OK)
                return err;
        }
        i = j + 1;
    }
    return LOA_OK;
}

static const char *memfind(const char *h, size_t hn, const char *n, size_t nn)
{
    size_t i;

    if (nn == 0 || hn < nn)
        return NULL;
    for (i = 0; i + nn <= hn; i++)
        if (h[i] == n[0] && memcmp(h + i, n, nn) == 0)
            return h + i;
    return NULL;
}

/* The value of PARAM="..." (or unquoted) in a header line; malloc'd. */
static char *header_param(const char *line, size_t n, const char *param)
{
    size_t pl = strlen(param), i;

    for (i = 0; i + pl + 1 < n; i++) {
        if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
            strncasecmp(line + i, param, pl) == 0 && line[i + pl] == '=') {
            const char *v = line + i + pl + 1, *e;
            size_t left = n - (i + pl + 1);

            if (left > 0 && *v == '"') {
                v++;
                left--;
                e = memchr(v, '"', left);
                if (e == NULL)
                    return NULL;
            } else {
                for (e = v; e < v + left && *e != ';' && *e != ' '; e++)
                    ;
            }
            return url_decode(v, (size_t)(e - v), NULL) /* %-escapes as browsers send */;
        }
    }
    return NULL;
}

loa_err loai_parse_multipart(const char *ctype, const char *body, size_t n, loai_kv **list,
                             size_t *count)
{
    const char *b = strstr(ctype, "boundary=");
    char delim[200];
    size_t dl;
    const char *p, *end = body + n;

    if (b == NULL)
        return LOA_ERR_INVALID;
    b += 9;
    if (*b == '"')
        b++;
    dl = strcspn(b, "\";, ");
    if (dl == 0 || dl > 70) /* RFC 2046: 1 to 70 characters */
        return LOA_ERR_INVALID;
    snprintf(delim, sizeof delim, "--%.*s", (int)dl, b);
    dl += 2;
    p = memfind(body, n, delim, dl);
    if (p == NULL)
        return LOA_ERR_INVALID;
    for (;;) {
        const char *h, *hend, *next, *data;
        char *name = NULL, *filename = NULL, *val;
        size_t dlen;
        loa_err err;

        p += dl;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return LOA_OK; /* the closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return LOA_ERR_INVALID;
        h = p + 2;
        hend = memfind(h, (size_t)(end - h), "\r\n\r\n", 4);
        if (hend == NULL)
            return LOA_ERR_INVALID;
        data = hend + 4;
        {
            char d2[210];

            snprintf(d2, sizeof d2, "\r\n%s", delim);
            next = memfind(data, (size_t)(end - data), d2, dl + 2);
        }
        if (next == NULL)
            return LOA_ERR_INVALID;
        dlen = (size_t)(next - data);
        /* Content-Disposition: form-data; name="x"; filename="y" */
        {
            const char *l = h;

            while (l < hend) {
                const char *le = memfind(l, (size_t)(hend + 2 - l), "\r\n", 2);
                size_t ll = le ? (size_t)(le - l) : (size_t)(hend - l);

                if (ll > 20 && strncasecmp(l, "Content-Disposition:", 20) == 0) {
                    free(name);
                    free(filename);
                    name = header_param(l, ll, "name");
                    filename = header_param(l, ll, "filename");
                }
                if (le == NULL)
                    break;
                l = le + 2;
            }
        }
        if (name == NULL) {
            free(filename);
            return LOA_ERR_INVALID;
        }
        if ((val = malloc(dlen + 1)) == NULL) {
            free(name);
            free(filename);
            return LOA_ERR_NOMEM;
        }
        memcpy(val, data, dlen);
        val[dlen] = '\0';
        if ((err = kv_add(list, count, name, val, dlen, filename)) != LOA_OK)
            return err;
        p = next + 2;
    }
}

void loai_kv_free(loai_kv *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(list[i].key);
        free(list[i].val);
        free(list[i].filename);
    }
    free(list);
}

struct aged {
    char name[256];
    long long t;
};

static int cmp_aged(const void *a, const void *b)
{
    const struct aged *x = a, *y = b;

    return x->t < y->t ? 1 : x->t > y->t ? -1 : strcmp(x->name, y->name);
}

void loai_dir_trim(const char *dir, size_t keep)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct aged *list = NULL;
    size_t n = 0, cap = 0, i;
    char path[4600];

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        struct stat st;

        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof list[0].name)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            struct aged *g = realloc(list, (cap = cap ? cap * 2 : 64) * sizeof *g);

            if (g == NULL)
                break;
            list = g;
        }
        snprintf(list[n].name, sizeof list[n].name, "%s", e->d_name);
        list[n].t = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        n++;
    }
    closedir(d);
    if (n > keep) {
        qsort(list, n, sizeof *list, cmp_aged);
        for (i = keep; i < n; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, list[i].name);
            unlink(path);
        }
    }
    free(list);
}
