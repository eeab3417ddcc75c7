/* The web desk's HTTP layer: libmicrohttpd (the one file that includes
 * microhttpd.h) turned into loai_req / loai_resp for serve.c. Request
 * bodies are bounded before they are buffered (413), headers by the
 * library's per-connection memory (431), connections by a limit and a
 * timeout; every response gets the security headers. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve_int.h"

#define DISCARD_MAX (16u << 20) /* bytes of an oversize chunked body read and dropped */

struct conn {
    loai_buf body;
    size_t limit;
    size_t discarded;
    int too_big;
    struct timespec t0;
};

const char *loai_req_header(const loai_req *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

const char *loai_req_cookie(const loai_req *r, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_COOKIE_KIND, name);
}

const char *loai_req_query(const loai_req *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->n_query; i++)
        if (strcmp(r->query[i].key, name) == 0)
            return r->query[i].val;
    return NULL;
}

static void parse_form(loai_req *r)
{
    const char *ct;

    if (r->form_parsed)
        return;
    r->form_parsed = 1;
    ct = loai_req_header(r, "Content-Type");
    if (ct == NULL || r->body == NULL)
        return;
    if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0)
        loai_parse_urlencoded(r->body, r->body_len, &r->form, &r->n_form);
    else if (strncmp(ct, "multipart/form-data", 19) == 0)
        loai_parse_multipart(ct, r->body, r->body_len, &r->form, &r->n_form);
}

const char *loai_req_field(loai_req *r, const char *name, size_t *len)
{
    size_t i;

    parse_form(r);
    for (i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, name) == 0 && r->form[i].filename == NULL) {
            if (len)
                *len = r->form[i].val_len;
            return r->form[i].val;
        }
    return NULL;
}

const loai_kv *loai_req_file(loai_req *r, const char *name)
{
    size_t i;

    parse_form(r);
    for (i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, name) == 0 && r->form[i].filename != NULL)
            return &r->form[i];
    return NULL;
}

loa_err loai_resp_header(loai_resp *p, const char *name, const char *val)
{
    loai_hdr *g = realloc(p->hdrs, (p->n_hdrs + 1) * sizeof *g);

    if (g == NULL)
        return LOA_ERR_NOMEM;
    p->hdrs = g;
    g[p->n_hdrs].name = strdup(name);
    g[p->n_hdrs].val = strdup(val);
    p->n_hdrs++;
    return LOA_OK;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    loai_req *r = cls;
    loai_kv *g;

    (void)kind;
    if (r->n_query >= 64 || (g = realloc(r->query, (r->n_query + 1) * sizeof *g)) == NULL)
        return MHD_NO;
    r->query = g;
    g[r->n_query].key = strdup(key);
    g[r->n_query].val = strdup(value ? value : "");
    g[r->n_query].val_len = value ? strlen(value) : 0;
    g[r->n_query].filename = NULL;
    if (g[r->n_query].key == NULL || g[r->n_query].val == NULL) {
        free(g[r->n_query].key);
        free(g[r->n_query].val);
        return MHD_NO;
    }
    r->n_query++;
    return MHD_YES;
}

static int is_loopback(const struct sockaddr *sa)
{
    if (sa == NULL)
        return 0;
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

        return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
    }
    return 0;
}

static size_t body_limit(const loai_srv *S, const char *url)
{
    if (strncmp(url, "/bulletins/upload", 17) == 0)
        return S->opts->max_upload ? S->opts->max_upload : 64u << 20;
    return S->opts->max_body ? S->opts->max_body : 256u << 10;
}

static enum MHD_Result send_simple(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *rs =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    if (rs == NULL)
        return MHD_NO;
    MHD_add_response_header(rs, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(rs, "Connection", "close");
    ret = MHD_queue_response(c, status, rs);
    MHD_destroy_response(rs);
    return ret;
}

static void access_log(loai_srv *S, const loai_req *r, int status, const struct timespec *t0)
{
    struct timespec t1;
    char line[700];

    if (S->opts->log == NULL)
        return;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    snprintf(line, sizeof line, "%s %s %.300s %d %.1f ms", r->ip, r->method, r->path, status,
             (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6);
    S->opts->log(S->opts->log_ctx, status >= 500 ? LOA_SERVE_ERROR : LOA_SERVE_INFO, line);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    loai_srv *S = cls;
    struct conn *cn = *con_cls;
    struct MHD_Response *rs;
    const union MHD_ConnectionInfo *ci;
    loai_req r;
    loai_resp p;
    enum MHD_Result ret;
    char ip[INET6_ADDRSTRLEN + 1] = "?";
    size_t i;

    (void)version;
    if (cn == NULL) {
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");

        if ((cn = calloc(1, sizeof *cn)) == NULL)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &cn->t0);
        cn->limit = body_limit(S, url);
        *con_cls = cn;
        /* Refuse an announced oversize body before reading any of it. */
        if (cl != NULL && strtoull(cl, NULL, 10) > cn->limit) {
            cn->too_big = 1;
            return send_simple(c, MHD_HTTP_CONTENT_TOO_LARGE,
                               "413 Yêu cầu quá lớn (request too large)\n");
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!cn->too_big) {
            if (cn->body.len + *upload_size > cn->limit ||
                loai_buf_add(&cn->body, upload, *upload_size) != LOA_OK) {
                cn->too_big = 1;
                loai_buf_free(&cn->body);
            }
        }
        if (cn->too_big) {
            /* A body of unannounced size (chunked) past the limit: read and drop
             * it, so the client gets its 413, up to DISCARD_MAX more; then close. */
            cn->discarded += *upload_size;
            if (cn->discarded > DISCARD_MAX)
                return MHD_NO;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (cn->too_big)
        return send_simple(c, MHD_HTTP_CONTENT_TOO_LARGE,
                           "413 Yêu cầu quá lớn (request too large)\n");

    memset(&r, 0, sizeof r);
    memset(&p, 0, sizeof p);
    p.fd = -1;
    p.status = 200;
    r.method = method;
    r.path = url;
    r.conn = c;
    r.body = cn->body.data ? cn->body.data : "";
    r.body_len = cn->body.len;
    ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;

        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
        /* Behind the reverse proxy on this machine: the client it names. */
        if (is_loopback(sa)) {
            const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
            const char *xfp = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");

            if (xff && strlen(xff) < sizeof ip &&
                strspn(xff, "0123456789abcdefABCDEF.:") == strlen(xff) && *xff)
                snprintf(ip, sizeof ip, "%s", xff);
            r.https = xfp && strcmp(xfp, "https") == 0;
        }
    }
    r.ip = ip;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &r);

    loai_serve_handle(S, &r, &p);

    if (p.fd >= 0) {
        rs = MHD_create_response_from_fd_at_offset64(p.len, p.fd, p.off);
        if (rs == NULL)
            close(p.fd);
    } else {
        size_t n = p.body.len;

        rs = MHD_create_response_from_buffer(n, p.body.data ? p.body.data : (void *)"",
                                             p.body.data ? MHD_RESPMEM_MUST_FREE
                                                         : MHD_RESPMEM_PERSISTENT);
        if (rs != NULL)
            p.body.data = NULL;
    }
    if (rs == NULL) {
        ret = MHD_NO;
        goto out;
    }
    if (p.ctype)
        MHD_add_response_header(rs, "Content-Type", p.ctype);
    MHD_add_response_header(rs, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(rs, "X-Frame-Options", "DENY");
    MHD_add_response_header(rs, "Referrer-Policy", "same-origin");
    {
        int own = 0;

        for (i = 0; i < p.n_hdrs; i++)
            own |= strcasecmp(p.hdrs[i].name, "Content-Security-Policy") == 0;
        if (!own)
            MHD_add_response_header(rs, "Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; media-src 'self'; "
                                    "script-src 'self'; style-src 'self'; object-src 'none'; "
                                    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
    for (i = 0; i < p.n_hdrs; i++)
        MHD_add_response_header(rs, p.hdrs[i].name, p.hdrs[i].val);
    ret = MHD_queue_response(c, (unsigned)p.status, rs);
    MHD_destroy_response(rs);
    access_log(S, &r, p.status, &cn->t0);
out:
    loai_buf_free(&p.body);
    for (i = 0; i < p.n_hdrs; i++) {
        free(p.hdrs[i].name);
        free(p.hdrs[i].val);
    }
    free(p.hdrs);
    loai_kv_free(r.form, r.n_form);
    loai_kv_free(r.query, r.n_query);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    struct conn *cn = *con_cls;

    (void)cls;
    (void)c;
    (void)toe;
    if (cn != NULL) {
        loai_buf_free(&cn->body);
        free(cn);
        *con_cls = NULL;
    }
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" into SA. */
static loa_err parse_listen(const char *s, struct sockaddr_storage *sa, socklen_t *len)
{
    char host[256];
    const char *colon;
    char *end;
    long port;

    memset(sa, 0, sizeof *sa);
    if (s[0] == '[') {
        const char *rb = strchr(s, ']');

        if (rb == NULL || rb[1] != ':' || (size_t)(rb - s - 1) >= sizeof host)
            return LOA_ERR_INVALID;
        snprintf(host, sizeof host, "%.*s", (int)(rb - s - 1), s + 1);
        colon = rb + 1;
    } else {
        colon = strrchr(s, ':');
        if (colon == NULL || (size_t)(colon - s) >= sizeof host)
            return LOA_ERR_INVALID;
        snprintf(host, sizeof host, "%.*s", (int)(colon - s), s);
    }
    port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
        return LOA_ERR_INVALID;
    if (strchr(host, ':') != NULL) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;

        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
            return LOA_ERR_INVALID;
        *len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)sa;

        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (host[0] == '\0')
            a->sin_addr.s_addr = htonl(INADDR_ANY);
        else if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
            return LOA_ERR_INVALID;
        *len = sizeof *a;
    }
    return LOA_OK;
}

loa_err loai_http_run(loai_srv *S, loa_diag *diag)
{
    struct sockaddr_storage sa;
    socklen_t salen;
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *di;
    const char *listen = S->opts->listen ? S->opts->listen : "127.0.0.1:8080";
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    int port = 0;

    if (parse_listen(listen, &sa, &salen) != LOA_OK) {
        loai_diag_set(diag,
                      "--listen \"%s\" is not HOST:PORT — e.g. 127.0.0.1:8080 or "
                      "[::1]:8080",
                      listen);
        return LOA_ERR_INVALID;
    }
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, S, MHD_OPTION_SOCK_ADDR,
                         (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, S,
                         MHD_OPTION_CONNECTION_LIMIT,
                         (unsigned)(S->opts->max_conns ? S->opts->max_conns : 256),
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                         /* request line + headers of one request: 32 KiB */
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
                         MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)128, MHD_OPTION_END);
    if (d == NULL) {
        loai_diag_set(diag, "cannot listen on %s: %s — is the port in use?", listen,
                      strerror(errno));
        return LOA_ERR_IO;
    }
    di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (di)
        port = di->port;
    if (S->opts->ready)
        S->opts->ready(S->opts->log_ctx, port);
    while (S->opts->stop == NULL || !*S->opts->stop) {
        struct timespec ts = {0, 100 * 1000 * 1000};

        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    return LOA_OK;
}
