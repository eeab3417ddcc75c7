/* `loa serve`: set-up, sessions, login throttling, routing and the pages'
 * common frame. Every request is routed here; each handler checks the
 * session's role and station scope itself (serve_bulletins.c, serve_week.c,
 * serve_admin.c), and every POST needs the session's CSRF token. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve_int.h"
#include "loa/loa.h"
#include "loa/spell.h"

#define SESSION_IDLE_S (12 * 3600)
#define SESSION_MAX_S (7 * 24 * 3600)
#define THROTTLE_NAME_FAILS 5 /* wrong passwords for one account before it waits */
#define THROTTLE_IP_FAILS 20  /* ... from one address */
#define THROTTLE_WINDOW_S 900
#define THROTTLE_MAX 4096

struct throttle {
    char key[96];
    int fails;
    long long first, until;
};

static const char *const ROLE_VI_NAME[] = {"Biên tập viên", "Lãnh đạo duyệt", "Cán bộ đài",
                                           "Quản trị"};

const char *loai_role_vi(loai_role r)
{
    return (unsigned)r < 4 ? ROLE_VI_NAME[r] : "?";
}

/* ---- the frame of every page ---- */

void loai_page_begin(loai_srv *S, loai_resp *p, const loai_user *u, const char *title,
                     const char *active)
{
    static const struct {
        const char *href, *label, *key;
        unsigned roles; /* bit per loai_role */
    } nav[] = {
        {"/bulletins", "Bản tin", "bulletins", 1 | 2 | 8},
        {"/queue", "Chờ duyệt", "queue", 2 | 8},
        {"/week", "Tuần phát", "week", 2 | 4 | 8},
        {"/stations", "Đài", "stations", 2 | 4 | 8},
        {"/admin/users", "Tài khoản", "users", 8},
        {"/admin/audit", "Nhật ký", "audit", 8},
    };
    size_t i;

    p->ctype = "text/html; charset=utf-8";
    loai_resp_header(p, "Cache-Control", "no-store");
    loai_buf_puts(&p->body, "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                            "<meta name=\"viewport\" content=\"width=device-width, "
                            "initial-scale=1\"><title>");
    loai_html_esc(&p->body, title);
    loai_buf_puts(&p->body, " — Loa</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
                            "<script src=\"/static/app.js\" defer></script>");
    if (u != NULL) {
        loai_buf_puts(&p->body, "<meta name=\"csrf\" content=\"");
        loai_html_esc(&p->body, u->csrf);
        loai_buf_puts(&p->body, "\">");
    }
    loai_buf_puts(&p->body, "</head><body><header class=\"top\"><a class=\"brand\" "
                            "href=\"/\">Loa</a><span class=\"district\">");
    loai_html_esc(&p->body, S->cfg.district);
    loai_buf_puts(&p->body, "</span>");
    if (u != NULL) {
        loai_buf_puts(&p->body, "<nav>");
        for (i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            if (!(nav[i].roles & (1u << u->role)))
                continue;
            loai_buf_printf(&p->body, "<a href=\"%s\"%s>%s</a>", nav[i].href,
                            active && strcmp(active, nav[i].key) == 0 ? " class=\"on\"" : "",
                            nav[i].label);
        }
        loai_buf_puts(&p->body, "</nav><form class=\"who\" method=\"post\" action=\"/logout\">"
                                "<span>");
        loai_html_esc(&p->body, u->name);
        loai_buf_printf(&p->body,
                        " · %s</span><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                        "<button type=\"submit\">Đăng xuất</button></form>",
                        loai_role_vi(u->role), u->csrf);
    }
    loai_buf_puts(&p->body, "</header><main>");
}

void loai_page_end(loai_resp *p)
{
    loai_buf_puts(&p->body, "</main></body></html>\n");
}

void loai_error_page(loai_srv *S, loai_resp *p, const loai_user *u, int status, const char *msg)
{
    loai_buf_free(&p->body);
    p->status = status;
    loai_page_begin(S, p, u, "Lỗi", NULL);
    loai_buf_printf(&p->body, "<section class=\"card error\"><h1>%d</h1><p>", status);
    loai_html_msg(&p->body, msg);
    loai_buf_puts(&p->body, "</p><p><a href=\"/\">Về trang chính</a></p></section>");
    loai_page_end(p);
}

void loai_json_error(loai_resp *p, int status, const char *msg)
{
    char *m = loai_serve_say(msg);

    loai_buf_free(&p->body);
    p->status = status;
    p->ctype = "application/json; charset=utf-8";
    loai_buf_puts(&p->body, "{\"error\":");
    loai_json_str(&p->body, m ? m : msg);
    loai_buf_puts(&p->body, "}\n");
    free(m);
}

void loai_redirect(loai_resp *p, const char *location)
{
    p->status = 303;
    loai_resp_header(p, "Location", location);
    p->ctype = "text/plain; charset=utf-8";
    loai_buf_puts(&p->body, "→ ");
    loai_buf_puts(&p->body, location);
}

/* ---- scope: which stations a user may see ---- */

static int list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *s = list;

    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);

        while (l > 0 && *s == ' ')
            s++, l--;
        while (l > 0 && s[l - 1] == ' ')
            l--;
        if (l == n && strncmp(s, item, n) == 0)
            return 1;
        s = e ? e + 1 : NULL;
    }
    return 0;
}

int loai_scope_all(const loai_user *u)
{
    return u->role == ROLE_ADMIN || (u->stations[0] == '\0' && u->communes[0] == '\0');
}

int loai_can_station(loai_srv *S, const loai_user *u, const char *station)
{
    const loa_config_station *st = loa_config_station_find(&S->cfg, station);
    size_t g;

    if (st == NULL)
        return 0;
    if (loai_scope_all(u))
        return 1;
    if (list_has(u->stations, station))
        return 1;
    for (g = 0; g < st->n_groups; g++)
        if (list_has(u->stations, st->groups[g]))
            return 1;
    if (st->commune && u->communes[0]) {
        char *a = NULL;
        const char *s = u->communes;
        int hit = 0;

        /* Communes are matched folded ("Xa A" = "xã A"). */
        if (loa_script_fold(st->commune, strlen(st->commune), &a) != LOA_OK)
            return 0;
        while (*s && !hit) {
            const char *e = strchr(s, ',');
            size_t l = e ? (size_t)(e - s) : strlen(s);
            char *b = NULL;

            while (l > 0 && *s == ' ')
                s++, l--;
            if (loa_script_fold(s, l, &b) == LOA_OK) {
                size_t bl = strlen(b);

                while (bl > 0 && b[bl - 1] == ' ')
                    b[--bl] = '\0';
                hit = strcmp(a, b) == 0 || (strncmp(a, "xa ", 3) == 0 && strcmp(a + 3, b) == 0);
            }
            free(b);
            s = e ? e + 1 : s + l;
        }
        free(a);
        if (hit)
            return 1;
    }
    return 0;
}

/* ---- sessions ---- */

static void sid_hash(const char *token, char out[65])
{
    loai_sha256 h;

    loai_sha256_init(&h);
    loai_sha256_update(&h, "loa-session:", 12);
    loai_sha256_update(&h, token, strlen(token));
    loai_sha256_hex(&h, out);
}

static int session_user(loai_srv *S, loai_req *r, loai_user *u)
{
    const char *tok = loai_req_cookie(r, "loa_sid");
    char sid[65];
    loai_stmt *q;
    int found = 0;
    long long now = loai_now();

    if (tok == NULL || strlen(tok) != 64 || strspn(tok, "0123456789abcdef") != 64)
        return 0;
    sid_hash(tok, sid);
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT u.id, u.name, u.role, u.stations, u.communes, s.csrf, s.created, "
                      "s.seen FROM sessions s JOIN users u ON u.id = s.user_id "
                      "WHERE s.sid = ? AND u.disabled = 0",
                      "s", sid) != LOA_OK)
        return 0;
    if (loai_stmt_step(q) == 1 && now - loai_stmt_int(q, 6) < SESSION_MAX_S &&
        now - loai_stmt_int(q, 7) < SESSION_IDLE_S) {
        loa_role role = LOA_ROLE_EDITOR;

        memset(u, 0, sizeof *u);
        u->id = loai_stmt_int(q, 0);
        snprintf(u->name, sizeof u->name, "%s", loai_stmt_text(q, 1));
        loa_role_parse(loai_stmt_text(q, 2), &role);
        u->role = (loai_role)role;
        snprintf(u->stations, sizeof u->stations, "%s", loai_stmt_text(q, 3));
        snprintf(u->communes, sizeof u->communes, "%s", loai_stmt_text(q, 4));
        snprintf(u->csrf, sizeof u->csrf, "%s", loai_stmt_text(q, 5));
        memcpy(u->sid, sid, sizeof sid);
        found = 1;
    }
    loai_stmt_free(q);
    if (found && now - 60 > 0)
        loai_db_run(S->db, NULL, "UPDATE sessions SET seen = ? WHERE sid = ? AND seen < ?", "isi",
                    now, sid, now - 60);
    return found;
}

static int ct_equal(const char *a, const char *b)
{
    size_t i, n = strlen(a);
    unsigned d = 0;

    if (n != strlen(b) || n == 0)
        return 0;
    for (i = 0; i < n; i++)
        d |= (unsigned char)a[i] ^ (unsigned char)b[i];
    return d == 0;
}

/* The CSRF token of a state change: the form's "csrf" field or the
 * X-CSRF-Token header (fetch); and, when the browser names it, an Origin
 * of this very host. */
static int csrf_ok(loai_req *r, const loai_user *u)
{
    const char *t = loai_req_header(r, "X-CSRF-Token");
    const char *origin = loai_req_header(r, "Origin");
    const char *host = loai_req_header(r, "Host");

    if (origin != NULL && strcmp(origin, "null") != 0) {
        const char *o = strstr(origin, "://");

        if (o == NULL || host == NULL || strcmp(o + 3, host) != 0)
            return 0;
    }
    if (t == NULL) {
        const char *ct = loai_req_header(r, "Content-Type");

        if (ct && (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
                   strncmp(ct, "multipart/form-data", 19) == 0))
            t = loai_req_field(r, "csrf", NULL);
    }
    return t != NULL && ct_equal(t, u->csrf);
}

/* ---- login throttling (in memory: a restart forgets, which is fine) ---- */

static struct throttle *th_find(loai_srv *S, const char *key, int make)
{
    size_t i, old = 0;

    for (i = 0; i < S->n_th; i++)
        if (strcmp(S->th[i].key, key) == 0)
            return &S->th[i];
    if (!make)
        return NULL;
    if (S->n_th < THROTTLE_MAX) {
        struct throttle *g = realloc(S->th, (S->n_th + 1) * sizeof *g);

        if (g == NULL)
            return NULL;
        S->th = g;
        i = S->n_th++;
    } else {
        for (i = 1; i < S->n_th; i++)
            if (S->th[i].first < S->th[old].first)
                old = i;
        i = old;
    }
    memset(&S->th[i], 0, sizeof S->th[i]);
    snprintf(S->th[i].key, sizeof S->th[i].key, "%s", key);
    S->th[i].first = loai_now();
    return &S->th[i];
}

/* Seconds KEY must still wait (0: may try). */
static long long th_wait(loai_srv *S, const char *key)
{
    struct throttle *t;
    long long now = loai_now(), w = 0;

    pthread_mutex_lock(&S->th_mu);
    if ((t = th_find(S, key, 0)) != NULL && t->until > now)
        w = t->until - now;
    pthread_mutex_unlock(&S->th_mu);
    return w;
}

static void th_fail(loai_srv *S, const char *key, int limit)
{
    struct throttle *t;
    long long now = loai_now();

    pthread_mutex_lock(&S->th_mu);
    if ((t = th_find(S, key, 1)) != NULL) {
        if (now - t->first > THROTTLE_WINDOW_S && t->until <= now) {
            t->fails = 0;
            t->first = now;
        }
        t->fails++;
        if (t->fails >= limit) {
            /* 60 s after the limit, doubling with each further failure, at most 15 min. */
            int extra = t->fails - limit;
            long long wait = 60LL << (extra > 4 ? 4 : extra);

            t->until = now + (wait > 900 ? 900 : wait);
        }
    }
    pthread_mutex_unlock(&S->th_mu);
}

static void th_clear(loai_srv *S, const char *key)
{
    struct throttle *t;

    pthread_mutex_lock(&S->th_mu);
    if ((t = th_find(S, key, 0)) != NULL)
        t->fails = 0, t->until = 0;
    pthread_mutex_unlock(&S->th_mu);
}

static void login_form(loai_srv *S, loai_resp *p, int status, const char *msg, const char *name)
{
    p->status = status;
    loai_page_begin(S, p, NULL, "Đăng nhập", NULL);
    loai_buf_puts(&p->body, "<section class=\"card login\"><h1>Đăng nhập</h1>");
    if (msg) {
        loai_buf_puts(&p->body, "<p class=\"flash error\" role=\"alert\">");
        loai_html_esc(&p->body, msg);
        loai_buf_puts(&p->body, "</p>");
    }
    loai_buf_puts(&p->body, "<form method=\"post\" action=\"/login\"><label>Tên tài khoản"
                            "<input name=\"name\" autocomplete=\"username\" required "
                            "autocapitalize=\"none\" value=\"");
    loai_html_esc(&p->body, name ? name : "");
    loai_buf_puts(&p->body, "\"></label><label>Mật khẩu<input name=\"password\" "
                            "type=\"password\" autocomplete=\"current-password\" required>"
                            "</label><button type=\"submit\" class=\"primary\">Đăng nhập</button>"
                            "</form></section>");
    loai_page_end(p);
}

static void do_login(loai_srv *S, loai_req *r, loai_resp *p)
{
    const char *name = loai_req_field(r, "name", NULL);
    const char *pw = loai_req_field(r, "password", NULL);
    char kname[96], kip[96], hash[512] = "", tok[65], sid[65], csrf[65], cookie[256], msg[200];
    long long uid = 0, wait;
    loai_stmt *q;
    int ok = 0;

    if (name == NULL || pw == NULL || strlen(name) > 63 || strlen(pw) > 1024) {
        login_form(S, p, 400, "Nhập tên tài khoản và mật khẩu.", NULL);
        return;
    }
    snprintf(kname, sizeof kname, "u:%s", name);
    snprintf(kip, sizeof kip, "ip:%s", r->ip);
    wait = th_wait(S, kname);
    if (wait == 0)
        wait = th_wait(S, kip);
    if (wait > 0) {
        char w[24];

        snprintf(msg, sizeof msg, "Đăng nhập sai quá nhiều lần — thử lại sau %lld giây.", wait);
        snprintf(w, sizeof w, "%lld", wait);
        loai_resp_header(p, "Retry-After", w);
        loai_audit(S->db, name, r->ip, "login.throttled", name, "");
        login_form(S, p, 429, msg, name);
        return;
    }
    if (loai_db_query(S->db, &q, NULL, "SELECT id, hash FROM users WHERE name = ? AND disabled = 0",
                      "s", name) == LOA_OK) {
        if (loai_stmt_step(q) == 1) {
            uid = loai_stmt_int(q, 0);
            snprintf(hash, sizeof hash, "%s", loai_stmt_text(q, 1));
        }
        loai_stmt_free(q);
    }
    /* Verify against a real hash even for an unknown name: same time either way. */
    ok = loai_passwd_verify(uid ? hash
                                : "$argon2id$v=19$m=19456,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
                                  "3MUQpZkKnb8sIvl3Qb/lJ8DmbX6wgDWBKJuc5d33+3c",
                            pw) &&
         uid != 0;
    if (!ok) {
        th_fail(S, kname, THROTTLE_NAME_FAILS);
        th_fail(S, kip, THROTTLE_IP_FAILS);
        loai_audit(S->db, name, r->ip, "login.fail", name, "");
        login_form(S, p, 401, "Sai tên tài khoản hoặc mật khẩu.", name);
        return;
    }
    th_clear(S, kname);
    if (loai_random_hex(tok, 32) != LOA_OK || loai_random_hex(csrf, 32) != LOA_OK) {
        loai_error_page(S, p, NULL, 500, "Không tạo được phiên đăng nhập.");
        return;
    }
    sid_hash(tok, sid);
    loai_db_run(S->db, NULL, "DELETE FROM sessions WHERE seen < ?", "i",
                loai_now() - SESSION_IDLE_S);
    if (loai_db_run(S->db, NULL,
                    "INSERT INTO sessions(sid, user_id, csrf, created, seen) VALUES(?,?,?,?,?)",
                    "sisii", sid, uid, csrf, loai_now(), loai_now()) != LOA_OK) {
        loai_error_page(S, p, NULL, 500, "Không lưu được phiên đăng nhập.");
        return;
    }
    snprintf(cookie, sizeof cookie, "loa_sid=%s; Path=/; HttpOnly; SameSite=Strict%s", tok,
             r->https ? "; Secure" : "");
    loai_resp_header(p, "Set-Cookie", cookie);
    loai_audit(S->db, name, r->ip, "login", name, "");
    loai_redirect(p, "/");
}

static void do_logout(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    loai_db_run(S->db, NULL, "DELETE FROM sessions WHERE sid = ?", "s", u->sid);
    loai_audit(S->db, u->name, r->ip, "logout", u->name, "");
    loai_resp_header(p, "Set-Cookie", "loa_sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    loai_redirect(p, "/login");
}

static void static_asset(loai_req *r, loai_resp *p, const char *name)
{
    const loai_web_asset *a;
    const char *inm = loai_req_header(r, "If-None-Match");
    char etag[80];

    for (a = loai_web_assets; a->name; a++)
        if (strcmp(a->name, name) == 0)
            break;
    if (a->name == NULL) {
        p->status = 404;
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "404 Không tìm thấy\n");
        return;
    }
    {
        loai_sha256 h;
        char hex[65];

        loai_sha256_init(&h);
        loai_sha256_update(&h, a->data, a->len);
        loai_sha256_hex(&h, hex);
        snprintf(etag, sizeof etag, "\"%.16s\"", hex);
    }
    loai_resp_header(p, "ETag", etag);
    loai_resp_header(p, "Cache-Control", "no-cache");
    if (strstr(name, ".js"))
        p->ctype = "text/javascript; charset=utf-8";
    else if (strstr(name, ".css"))
        p->ctype = "text/css; charset=utf-8";
    else if (strstr(name, ".svg"))
        p->ctype = "image/svg+xml";
    else
        p->ctype = "text/plain; charset=utf-8";
    if (inm && strcmp(inm, etag) == 0) {
        p->status = 304;
        return;
    }
    loai_buf_add(&p->body, (const char *)a->data, a->len);
}

static int method_is(const loai_req *r, const char *m)
{
    return strcmp(r->method, m) == 0 || (strcmp(m, "GET") == 0 && strcmp(r->method, "HEAD") == 0);
}

void loai_method_not_allowed(loai_resp *p, const char *allow)
{
    loai_buf_free(&p->body);
    p->status = 405;
    p->ctype = "text/plain; charset=utf-8";
    loai_resp_header(p, "Allow", allow);
    loai_buf_puts(&p->body, "405 Phương thức không được phép\n");
}

void loai_serve_handle(loai_srv *S, loai_req *r, loai_resp *p)
{
    loai_user u;
    const char *path = r->path;
    int is_post, is_get;

    is_post = strcmp(r->method, "POST") == 0;
    is_get = method_is(r, "GET");
    if (!is_post && !is_get) {
        loai_method_not_allowed(p, "GET, HEAD, POST");
        return;
    }
    if (strncmp(path, "/static/", 8) == 0) {
        if (!is_get) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        static_asset(r, p, path + 8);
        return;
    }
    if (strcmp(path, "/healthz") == 0) {
        p->ctype = "text/plain; charset=utf-8";
        loai_buf_puts(&p->body, "ok\n");
        return;
    }
    if (strncmp(path, "/feed/", 6) == 0) {
        if (!is_get) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        loai_serve_feed(S, r, p);
        return;
    }
    if (strcmp(path, "/login") == 0) {
        if (is_post)
            do_login(S, r, p);
        else
            login_form(S, p, 200, NULL, NULL);
        return;
    }
    if (!session_user(S, r, &u)) {
        if (is_get && strncmp(path, "/api/", 5) != 0 && strncmp(path, "/preview/", 9) != 0) {
            loai_redirect(p, "/login");
        } else {
            p->status = 401;
            p->ctype = "text/plain; charset=utf-8";
            loai_buf_puts(&p->body, "401 Cần đăng nhập\n");
        }
        return;
    }
    if (is_post && !csrf_ok(r, &u)) {
        loai_audit(S->db, u.name, r->ip, "csrf.reject", path, "");
        if (strncmp(path, "/api/", 5) == 0)
            loai_json_error(p, 403, "Thiếu hoặc sai mã chống giả mạo (CSRF) — tải lại trang.");
        else
            loai_error_page(S, p, &u, 403,
                            "Thiếu hoặc sai mã chống giả mạo (CSRF) — tải lại trang rồi thử lại.");
        return;
    }
    if (strcmp(path, "/logout") == 0) {
        if (!is_post) {
            loai_method_not_allowed(p, "POST");
            return;
        }
        do_logout(S, r, p, &u);
        return;
    }
    if (strcmp(path, "/") == 0) {
        if (!is_get) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        loai_redirect(p, u.role == ROLE_OPERATOR   ? "/stations"
                         : u.role == ROLE_APPROVER ? "/queue"
                                                   : "/bulletins");
        return;
    }
    if (strncmp(path, "/bulletins", 10) == 0 || strncmp(path, "/queue", 6) == 0 ||
        strncmp(path, "/api/", 5) == 0 || strncmp(path, "/preview/", 9) == 0) {
        loai_serve_bulletins(S, r, p, &u);
        return;
    }
    if (strncmp(path, "/week", 5) == 0 || strncmp(path, "/stations", 9) == 0) {
        loai_serve_week(S, r, p, &u);
        return;
    }
    if (strncmp(path, "/admin/", 7) == 0) {
        loai_serve_admin(S, r, p, &u);
        return;
    }
    loai_error_page(S, p, &u, 404, "Không tìm thấy trang này.");
}

/* ---- set-up ---- */

static loa_err mkdir_p(const char *dir, loa_diag *diag)
{
    if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
        loai_diag_set(diag, "cannot create %s: %s — check --data", dir, strerror(errno));
        return LOA_ERR_IO;
    }
    return LOA_OK;
}

loa_err loa_serve_run(const loa_serve_opts *opts, loa_diag *diag)
{
    loai_srv *S = calloc(1, sizeof *S);
    char path[4200];
    char *err_file = NULL;
    loa_err err;
    size_t i;
    static const char *const subdirs[] = {"preview", "uploads", "builds", "tmp"};

    if (S == NULL)
        return LOA_ERR_NOMEM;
    /* One thread per connection: glibc would give each its own arena and, once
     * a big block (an argon2 hash's 19 MiB) is freed, serve such blocks from
     * them and keep them. A fixed mmap threshold hands big blocks back to the
     * system when freed, and few arenas keep the rest compact, so the server's
     * memory stays bounded under many concurrent users (tests/cli/serve_load.sh). */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_ARENA_MAX, 4);
    S->opts = opts;
    loa_config_init(&S->cfg);
    pthread_mutex_init(&S->check_mu, NULL);
    pthread_mutex_init(&S->pv_mu, NULL);
    pthread_cond_init(&S->pv_cv, NULL);
    pthread_mutex_init(&S->th_mu, NULL);
    pthread_mutex_init(&S->b_mu, NULL);
    pthread_mutex_init(&S->plan_mu, NULL);
    if (opts->config == NULL) {
        loai_diag_set(diag, "the district file is required: loa serve -c district.cfg");
        err = LOA_ERR_INVALID;
        goto out;
    }
    if ((err = loa_config_load(&S->cfg, opts->config, &err_file, diag)) != LOA_OK) {
        if (err_file && diag && diag->line > 0) {
            char m[sizeof diag->msg];

            snprintf(m, sizeof m, "%.150s:%d: %.300s", err_file, diag->line, diag->msg);
            memcpy(diag->msg, m, sizeof m);
        }
        goto out;
    }
    if ((S->cfg_path = realpath(opts->config, NULL)) == NULL) {
        err = LOA_ERR_IO;
        goto out;
    }
    if (opts->data_dir)
        S->data = strdup(opts->data_dir);
    else if ((S->data = malloc(strlen(S->cfg.dir) + 16)) != NULL)
        sprintf(S->data, "%s/loa-data", S->cfg.dir);
    if (S->data == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = mkdir_p(S->data, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", S->data, subdirs[i]);
        if ((err = mkdir_p(path, diag)) != LOA_OK)
            goto out;
    }
    if ((err = mkdir_p(S->cfg.scripts_dir, diag)) != LOA_OK)
        goto out;
    if ((err = loa_file_data_dir(opts->voices_dir, &S->voices, diag)) != LOA_OK ||
        (err = loa_text_lexicon_open(&S->lex, S->voices, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < S->cfg.n_lexicons; i++)
        if ((err = loa_text_lexicon_add_file(S->lex, S->cfg.lexicons[i], diag)) != LOA_OK)
            goto out;
    if (loa_spell_open(&S->spell, NULL, NULL) != LOA_OK)
        S->spell = NULL; /* no hunspell-vi: the other checks still run */
    snprintf(path, sizeof path, "%s/loa.db", S->data);
    if ((err = loai_db_open(&S->db, path, diag)) != LOA_OK)
        goto out;
    {
        loai_stmt *q;

        if (loai_db_query(S->db, &q, NULL, "SELECT val FROM meta WHERE key = 'feed_secret'", "") ==
            LOA_OK) {
            if (loai_stmt_step(q) == 1)
                snprintf(S->feed_secret, sizeof S->feed_secret, "%s", loai_stmt_text(q, 0));
            loai_stmt_free(q);
        }
        if (strlen(S->feed_secret) != 64) {
            if (loai_random_hex(S->feed_secret, 32) != LOA_OK) {
                err = LOA_ERR_IO;
                goto out;
            }
            loai_db_run(S->db, NULL, "INSERT OR REPLACE INTO meta VALUES('feed_secret', ?)", "s",
                        S->feed_secret);
        }
    }
    /* Builds that a previous server left running died with it. */
    loai_db_run(S->db, NULL,
                "UPDATE builds SET status = 'failed', message = 'máy chủ khởi động lại' "
                "WHERE status = 'running'",
                "");
    /* The launcher is forked before the first thread exists (serve_work.c). */
    if ((err = loai_work_start(&S->work, diag)) != LOA_OK)
        goto out;
    if (opts->log) {
        char line[600];

        snprintf(line, sizeof line, "loa serve: district %s, data %s, scripts %s",
                 S->cfg.district ? S->cfg.district : "?", S->data, S->cfg.scripts_dir);
        opts->log(opts->log_ctx, LOA_SERVE_INFO, line);
    }
    err = loai_http_run(S, diag);
    /* Let a build that is still running finish its publish or fail cleanly. */
    for (i = 0; i < 600; i++) {
        long long b;

        pthread_mutex_lock(&S->b_mu);
        b = S->build_id;
        pthread_mutex_unlock(&S->b_mu);
        if (b == 0)
            break;
        usleep(100000);
    }
out:
    loai_work_stop(S->work);
    loai_db_close(S->db);
    loa_spell_free(S->spell);
    loa_text_lexicon_free(S->lex);
    loa_config_clear(&S->cfg);
    free(S->cfg_path);
    free(S->voices);
    free(S->data);
    free(S->th);
    free(S->flights);
    free(err_file);
    free(S);
    return err;
}
