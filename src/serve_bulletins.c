/* The bulletin pages of the web desk: the list, the editor (header form +
 * body, live check and "what will be said", Nghe thử), saved versions and
 * their comparison, recorded uploads, the approval queue, approve (the
 * script written atomically into the scripts folder `loa build` reads),
 * reject with a comment, and "Phát ngay". */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_int.h"
#include "loa/loa.h"

#define MAX_TITLE 300
#define MAX_FIELD 300
#define MAX_BODY (128 * 1024)
#define MAX_FLIGHTS 256  /* previews being rendered at once (distinct texts) */
#define PREVIEW_KEEP 400 /* preview files kept in the cache */

typedef struct bl {
    long long id;
    char slug[96];
    char kind[8];
    char state[16];
    char title[MAX_TITLE + 1];
    char priority[32];
    char targets[1024];
    long long author_id;
    char author[64];
    long long version;
    char comment[1024];
    char published[4400];
    char urgent[200];
    long long updated;
    char *text;      /* the latest version's script (malloc'd) */
    char audio[128]; /* its recording, for a recorded bulletin */
    double a_secs, a_lufs, a_tp;
} bl;

static const char *state_vi(const char *s)
{
    if (strcmp(s, "draft") == 0)
        return "Bản nháp";
    if (strcmp(s, "submitted") == 0)
        return "Chờ duyệt";
    if (strcmp(s, "approved") == 0)
        return "Đã duyệt";
    if (strcmp(s, "rejected") == 0)
        return "Bị trả lại";
    return s;
}

/* ---- composing a script from the header form ---- */

/* Copy a one-line field: line breaks and control characters become spaces
 * (a field can never add a header line), at most MAX bytes, trimmed. */
static void one_line(char *dst, size_t size, const char *s)
{
    size_t k = 0;

    for (; s && *s && k + 1 < size; s++) {
        unsigned char c = (unsigned char)*s;

        dst[k++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
    }
    dst[k] = '\0';
    while (k > 0 && dst[k - 1] == ' ')
        dst[--k] = '\0';
    /* never cut a UTF-8 sequence in two */
    while (k > 0 && ((unsigned char)dst[k - 1] & 0xC0) == 0x80) {
        size_t j = k;

        while (j > 0 && ((unsigned char)dst[j - 1] & 0xC0) == 0x80)
            j--;
        if (j > 0) {
            unsigned char lead = (unsigned char)dst[j - 1];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

            if (k - (j - 1) < need)
                dst[k = j - 1] = '\0';
        }
        break;
    }
    while (*dst == ' ')
        memmove(dst, dst + 1, strlen(dst));
}

/* "2026-11-23" (an <input type=date>) → "23/11/2026"; anything else as written. */
static void date_field(char *dst, size_t size, const char *s)
{
    int y, m, d;
    char tail;

    if (s && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
        snprintf(dst, size, "%02d/%02d/%04d", d, m, y);
    else
        one_line(dst, size, s);
}

static int is_id(const char *s)
{
    size_t i;

    if (s == NULL || *s == '\0' || strlen(s) > 63)
        return 0;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
              s[i] == '_'))
            return 0;
    return 1;
}

typedef struct composed {
    loai_buf text;
    char targets[1024]; /* expanded station ids, or "*" for every station */
    char first_station[64];
    int hdr_lines;       /* lines before "---" */
    char fields[12][16]; /* field name of each header line */
    int recorded;
} composed;

static void add_station(composed *c, const char *id)
{
    if (c->targets[0] == '*')
        return;
    {
        /* no duplicates */
        const char *s = c->targets;
        size_t n = strlen(id);

        while (*s) {
            const char *e = strchr(s, ',');
            size_t l = e ? (size_t)(e - s) : strlen(s);

            if (l == n && strncmp(s, id, n) == 0)
                return;
            s = e ? e + 1 : s + l;
        }
    }
    if (strlen(c->targets) + strlen(id) + 2 >= sizeof c->targets)
        return;
    if (c->targets[0])
        strcat(c->targets, ",");
    strcat(c->targets, id);
    if (c->first_station[0] == '\0')
        snprintf(c->first_station, sizeof c->first_station, "%s", id);
}

static void hdr(composed *c, const char *field, const char *key, const char *val)
{
    if (c->hdr_lines < 12)
        snprintf(c->fields[c->hdr_lines], sizeof c->fields[0], "%s", field);
    c->hdr_lines++;
    loai_buf_printf(&c->text, "%s: %s\n", key, val);
}

/* The script of the header form and body in R. Fails (with MSG) only for
 * a target outside U's scope; everything else is left for the check. */
static int compose(loai_srv *S, loai_req *r, const loai_user *u, composed *c, const char *audio,
                   char *msg, size_t msize)
{
    char v[MAX_FIELD + 1], d[MAX_FIELD + 1], t[16], list[1024] = "";
    const char *s;
    size_t i, blen = 0;
    int all = 0;

    memset(c, 0, sizeof *c);
    one_line(v, sizeof v, loai_req_field(r, "title", NULL));
    hdr(c, "title", "Tiêu đề", v);
    s = loai_req_field(r, "priority", NULL);
    hdr(c, "priority", "Ưu tiên",
        s && strcmp(s, "khẩn cấp") == 0  ? "khẩn cấp"
        : s && strcmp(s, "ưu tiên") == 0 ? "ưu tiên"
                                         : "thường");
    date_field(d, sizeof d, loai_req_field(r, "from", NULL));
    one_line(t, sizeof t, loai_req_field(r, "from_time", NULL));
    if (t[0] && strlen(d) + strlen(t) + 2 < sizeof d)
        strcat(strcat(d, " "), t);
    hdr(c, "from", "Từ ngày", d);
    date_field(d, sizeof d, loai_req_field(r, "to", NULL));
    one_line(t, sizeof t, loai_req_field(r, "to_time", NULL));
    if (t[0] && strlen(d) + strlen(t) + 2 < sizeof d)
        strcat(strcat(d, " "), t);
    hdr(c, "to", "Đến ngày", d);
    one_line(v, sizeof v, loai_req_field(r, "repeat", NULL));
    if (v[0])
        hdr(c, "repeat", "Số lần phát", v);
    /* Đài: every checked box (the field repeats). */
    loai_req_field(r, "", NULL);
    for (i = 0; i < r->n_form; i++) {
        const char *id = r->form[i].val;

        if (strcmp(r->form[i].key, "dai") != 0 || r->form[i].filename)
            continue;
        if (strcmp(id, "tat-ca") == 0) {
            all = 1;
            continue;
        }
        if (!is_id(id))
            continue;
        if (strlen(list) + strlen(id) + 3 < sizeof list) {
            if (list[0])
                strcat(list, ", ");
            strcat(list, id);
        }
    }
    if (all) {
        if (!loai_scope_all(u)) {
            snprintf(msg, msize,
                     "Bạn chỉ được soạn bản tin cho đài của mình, không cho "
                     "\"tất cả\".");
            return -1;
        }
        hdr(c, "dai", "Đài", "tất cả");
        strcpy(c->targets, "*");
        if (S->cfg.n_stations)
            snprintf(c->first_station, sizeof c->first_station, "%s", S->cfg.stations[0].id);
    } else {
        const char *p = list;

        hdr(c, "dai", "Đài", list);
        while (*p) {
            const char *e = strstr(p, ", ");
            char id[64];
            const loa_config_group *g;
            size_t l = e ? (size_t)(e - p) : strlen(p), k;

            snprintf(id, sizeof id, "%.*s", (int)l, p);
            if ((g = loa_config_group_find(&S->cfg, id)) != NULL) {
                for (k = 0; k < g->n_stations; k++)
                    add_station(c, g->stations[k]);
            } else {
                add_station(c, id);
            }
            p = e ? e + 2 : p + l;
        }
        /* Every targeted station must be the user's (an unknown id is the check's). */
        p = c->targets;
        while (*p) {
            const char *e = strchr(p, ',');
            char id[64];
            size_t l = e ? (size_t)(e - p) : strlen(p);

            snprintf(id, sizeof id, "%.*s", (int)l, p);
            if (loa_config_station_find(&S->cfg, id) && !loai_can_station(S, u, id)) {
                snprintf(msg, msize, "Đài \"%s\" không thuộc phạm vi của bạn.", id);
                return -1;
            }
            p = e ? e + 1 : p + l;
        }
    }
    /* Giọng: the region and the voice in words nobody misreads (never a
     * bare "nam", which the parser takes for the south with a warning). */
    {
        const char *rg = loai_req_field(r, "region", NULL), *vc = loai_req_field(r, "voice", NULL);
        char g[64] = "";

        if (rg && (strcmp(rg, "miền Bắc") == 0 || strcmp(rg, "miền Trung") == 0 ||
                   strcmp(rg, "miền Nam") == 0))
            snprintf(g, sizeof g, "%s", rg);
        if (vc && (strcmp(vc, "nữ") == 0 || strcmp(vc, "nam giới") == 0))
            snprintf(g + strlen(g), sizeof g - strlen(g), "%s%s", g[0] ? ", " : "", vc);
        if (g[0])
            hdr(c, "dialect", "Giọng", g);
    }
    one_line(v, sizeof v, loai_req_field(r, "author", NULL));
    if (v[0])
        hdr(c, "author", "Người soạn", v);
    if (audio != NULL) {
        hdr(c, "audio", "Âm thanh", audio);
        c->recorded = 1;
        return 0;
    }
    loai_buf_puts(&c->text, "---\n");
    s = loai_req_field(r, "body", &blen);
    if (s != NULL) {
        size_t k;

        if (blen > MAX_BODY)
            blen = MAX_BODY;
        for (k = 0; k < blen; k++)
            if (s[k] != '\r' && s[k] != '\0')
                loai_buf_add(&c->text, s + k, 1);
        if (c->text.len && c->text.data[c->text.len - 1] != '\n')
            loai_buf_puts(&c->text, "\n");
    }
    return 0;
}

/* ---- bulletins in the database ---- */

static int load_bl(loai_srv *S, long long id, bl *b)
{
    loai_stmt *q;
    int found = 0;

    memset(b, 0, sizeof *b);
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT b.id, b.slug, b.kind, b.state, b.title, b.priority, b.targets, "
                      "b.author_id, COALESCE(u.name, '?'), b.version, b.comment, b.published, "
                      "b.urgent, b.updated, v.text, v.audio, v.audio_seconds, v.audio_lufs, "
                      "v.audio_tp FROM bulletins b LEFT JOIN users u ON u.id = b.author_id "
                      "LEFT JOIN versions v ON v.bulletin_id = b.id AND v.n = b.version "
                      "WHERE b.id = ?",
                      "i", id) != LOA_OK)
        return 0;
    if (loai_stmt_step(q) == 1) {
        b->id = loai_stmt_int(q, 0);
        snprintf(b->slug, sizeof b->slug, "%s", loai_stmt_text(q, 1));
        snprintf(b->kind, sizeof b->kind, "%s", loai_stmt_text(q, 2));
        snprintf(b->state, sizeof b->state, "%s", loai_stmt_text(q, 3));
        snprintf(b->title, sizeof b->title, "%s", loai_stmt_text(q, 4));
        snprintf(b->priority, sizeof b->priority, "%s", loai_stmt_text(q, 5));
        snprintf(b->targets, sizeof b->targets, "%s", loai_stmt_text(q, 6));
        b->author_id = loai_stmt_int(q, 7);
        snprintf(b->author, sizeof b->author, "%s", loai_stmt_text(q, 8));
        b->version = loai_stmt_int(q, 9);
        snprintf(b->comment, sizeof b->comment, "%s", loai_stmt_text(q, 10));
        snprintf(b->published, sizeof b->published, "%s", loai_stmt_text(q, 11));
        snprintf(b->urgent, sizeof b->urgent, "%s", loai_stmt_text(q, 12));
        b->updated = loai_stmt_int(q, 13);
        b->text = strdup(loai_stmt_text(q, 14));
        snprintf(b->audio, sizeof b->audio, "%s", loai_stmt_text(q, 15));
        b->a_secs = loai_stmt_double(q, 16);
        b->a_lufs = loai_stmt_double(q, 17);
        b->a_tp = loai_stmt_double(q, 18);
        found = b->text != NULL;
    }
    loai_stmt_free(q);
    return found;
}

/* May U see (and, by role, act on) bulletin B? Every station it targets
 * must be in U's scope; "tất cả" only for users who have every station. */
static int bl_allowed(loai_srv *S, const loai_user *u, const bl *b)
{
    const char *p = b->targets;

    if (u->role == ROLE_OPERATOR)
        return 0;
    if (loai_scope_all(u))
        return 1;
    if (b->targets[0] == '*' || b->targets[0] == '\0')
        return b->targets[0] == '\0' && b->author_id == u->id;
    while (*p) {
        const char *e = strchr(p, ',');
        char id[64];
        size_t l = e ? (size_t)(e - p) : strlen(p);

        snprintf(id, sizeof id, "%.*s", (int)l, p);
        if (!loai_can_station(S, u, id))
            return 0;
        p = e ? e + 1 : p + l;
    }
    return 1;
}

static int can_write(const loai_user *u)
{
    return u->role == ROLE_EDITOR || u->role == ROLE_ADMIN;
}

static int can_approve(const loai_user *u)
{
    return u->role == ROLE_APPROVER || u->role == ROLE_ADMIN;
}

/* The title and priority as the parser reads them (for the lists). */
static void parse_meta(const char *text, char *title, size_t tsize, char *prio, size_t psize)
{
    loa_bulletin b;

    snprintf(title, tsize, "(chưa có tiêu đề)");
    snprintf(prio, psize, "thường");
    if (loa_bulletin_parse(&b, text, strlen(text), NULL, NULL) == LOA_OK) {
        snprintf(title, tsize, "%s", b.title ? b.title : "");
        snprintf(prio, psize, "%s",
                 b.priority == LOA_PRIO_URGENT ? "khẩn cấp"
                 : b.priority == LOA_PRIO_HIGH ? "ưu tiên"
                                               : "thường");
        loa_bulletin_clear(&b);
    } else {
        /* Still show what the editor typed as the title. */
        const char *t = strstr(text, "Tiêu đề: ");

        if (t) {
            size_t l = strcspn(t + 12, "\n");

            if (l > 0)
                snprintf(title, tsize, "%.*s", (int)(l < tsize ? l : tsize - 1), t + 12);
        }
        if (strstr(text, "Ưu tiên: khẩn cấp"))
            snprintf(prio, psize, "khẩn cấp");
    }
}

/* Save TEXT as a new version of bulletin ID (0: a new bulletin); the new
 * version puts it back to draft. Returns the id, or 0. */
static long long save_version(loai_srv *S, const loai_user *u, long long id, const composed *c,
                              const char *kind, const char *audio, double secs, double lufs,
                              double tp, const char *ip, int *unchanged)
{
    char title[MAX_TITLE + 1], prio[32], slug[96], obj[32];
    long long n = 0, now = loai_now();
    loai_stmt *q;
    loa_err err = LOA_OK;

    *unchanged = 0;
    parse_meta(c->text.data, title, sizeof title, prio, sizeof prio);
    loai_db_lock(S->db);
    loai_db_run(S->db, NULL, "BEGIN IMMEDIATE", "");
    if (id == 0) {
        char *fold = NULL, tmp[MAX_TITLE + 8];

        /* A file name the build and operators can read: web-<n>-<folded title>. */
        snprintf(tmp, sizeof tmp, "%s.txt", title);
        if (loa_bulletin_id(tmp, &fold) != LOA_OK)
            fold = NULL;
        err = loai_db_run(S->db, NULL,
                          "INSERT INTO bulletins(slug, kind, title, priority, targets, "
                          "author_id, created, updated) VALUES(?,?,?,?,?,?,?,?)",
                          "sssssiii", "pending", kind, title, prio, c->targets, u->id, now, now);
        if (err == LOA_OK) {
            id = loai_db_last_id(S->db);
            snprintf(slug, sizeof slug, "web-%lld-%.40s", id, fold && *fold ? fold : "ban-tin");
            {
                size_t l = strlen(slug);

                while (l > 0 && slug[l - 1] == '-')
                    slug[--l] = '\0';
            }
            err = loai_db_run(S->db, NULL, "UPDATE bulletins SET slug = ? WHERE id = ?", "si", slug,
                              id);
        }
        free(fold);
    } else if (loai_db_query(S->db, &q, NULL,
                             "SELECT v.n, v.text, v.audio FROM bulletins b JOIN versions v ON "
                             "v.bulletin_id = b.id AND v.n = b.version WHERE b.id = ?",
                             "i", id) == LOA_OK) {
        if (loai_stmt_step(q) == 1) {
            n = loai_stmt_int(q, 0);
            *unchanged = strcmp(loai_stmt_text(q, 1), c->text.data) == 0 &&
                         strcmp(loai_stmt_text(q, 2), audio ? audio : "") == 0;
        }
        loai_stmt_free(q);
    }
    if (err == LOA_OK && !*unchanged) {
        err = loai_db_run(S->db, NULL,
                          "INSERT INTO versions(bulletin_id, n, text, author_id, created, audio, "
                          "audio_seconds, audio_lufs, audio_tp) VALUES(?,?,?,?,?,?,?,?,?)",
                          "iisiisddd", id, n + 1, c->text.data, u->id, now, audio ? audio : "",
                          secs, lufs, tp);
        if (err == LOA_OK)
            err = loai_db_run(S->db, NULL,
                              "UPDATE bulletins SET version = ?, title = ?, priority = ?, "
                              "targets = ?, updated = ?, state = 'draft' WHERE id = ?",
                              "isssii", n + 1, title, prio, c->targets, now, id);
    }
    if (err == LOA_OK) {
        loai_db_run(S->db, NULL, "COMMIT", "");
        snprintf(obj, sizeof obj, "bulletin:%lld", id);
        if (!*unchanged) {
            char det[64];

            snprintf(det, sizeof det, "version %lld", n + 1);
            loai_audit(S->db, u->name, ip, n == 0 ? "bulletin.create" : "bulletin.save", obj, det);
        }
    } else {
        loai_db_run(S->db, NULL, "ROLLBACK", "");
        id = 0;
    }
    loai_db_unlock(S->db);
    return id;
}

/* ---- the check and "what will be said" (JSON for the editor's page) ---- */

struct said {
    loai_buf *out;
    int first;
    char *line; /* the cleaned line the offsets refer to */
};

static void on_nsw(void *ctx, const loa_nsw *w)
{
    struct said *s = ctx;
    char *a = strndup(w->written, w->written_len), *b = strndup(w->reading, w->reading_len);

    if (s->line == NULL)
        s->line = strndup(w->line_text, w->line_len);
    if (a && b) {
        loai_buf_printf(s->out, "%s{\"o\":%zu,\"n\":%zu,\"w\":", s->first ? "" : ",", w->offset,
                        w->written_len);
        loai_json_str(s->out, a);
        loai_buf_puts(s->out, ",\"r\":");
        loai_json_str(s->out, b);
        loai_buf_printf(s->out, ",\"k\":\"%s\"}", loa_text_nsw_kind_name(w->kind));
        s->first = 0;
    }
    free(a);
    free(b);
}

/* Findings, estimate and the explained body of TEXT as JSON into OUT. */
static void check_json(loai_srv *S, const composed *c, loai_buf *out)
{
    loa_check_report rep;
    loa_check_opts o;
    loa_bulletin b;
    size_t i;
    int dialect = S->cfg.dialect;
    const loa_config_station *st = loa_config_station_find(&S->cfg, c->first_station);
    char updir[4200];

    loa_check_report_init(&rep);
    memset(&o, 0, sizeof o);
    o.cfg = &S->cfg;
    o.lex = S->lex;
    o.spell = S->spell;
    o.errors_only = 0;
    /* Recorded bulletins: the check finds the file where it lies until approval. */
    snprintf(updir, sizeof updir, "%s/uploads", S->data);
    pthread_mutex_lock(&S->check_mu);
    loa_check_text(&rep, c->text.data, c->text.len, c->recorded ? updir : NULL, &o, NULL);
    pthread_mutex_unlock(&S->check_mu);
    loai_buf_puts(out, "{\"findings\":[");
    for (i = 0; i < rep.n; i++) {
        const loa_check_item *it = &rep.items[i];
        char *m = loa_check_message(it, LOA_LANG_VI);
        int body_line = it->line > c->hdr_lines + 1 ? it->line - c->hdr_lines - 1 : 0;

        loai_buf_printf(out,
                        "%s{\"sev\":\"%s\",\"id\":\"%s\",\"line\":%d,\"col\":%d,"
                        "\"body_line\":%d,\"field\":",
                        out->data[out->len - 1] == '[' ? "" : ",",
                        it->sev == LOA_CHECK_ERROR ? "error" : "warning", loa_check_id_name(it->id),
                        it->line, it->col, body_line);
        /* The repeat count is the form's "repeat" field even when the
         * script has no such line (the check then points at line 1). */
        loai_json_str(out, strcmp(loa_check_id_name(it->id), "header-repeat") == 0 ? "repeat"
                           : it->line >= 1 && it->line <= c->hdr_lines && it->line <= 12
                               ? c->fields[it->line - 1]
                           : body_line ? "body"
                                       : "");
        loai_buf_puts(out, ",\"msg\":");
        loai_json_str(out, m ? m : "");
        loai_buf_puts(out, "}");
        free(m);
    }
    {
        size_t e = 0, k;

        for (k = 0; k < rep.n; k++)
            e += rep.items[k].sev == LOA_CHECK_ERROR;
        loai_buf_printf(out, "],\"errors\":%zu,\"seconds\":", e);
    }
    if (rep.seconds >= 0)
        loai_buf_printf(out, "%.1f", rep.seconds);
    else
        loai_buf_puts(out, "null");
    loai_buf_printf(out, ",\"slot_seconds\":%d,\"said\":[", rep.slot_s);
    loa_check_report_clear(&rep);
    /* What will be said: each paragraph's pieces, the rewritten words with
     * their readings (the --explain report), pauses and verbatim marks. */
    if (!c->recorded && loa_bulletin_parse(&b, c->text.data, c->text.len, NULL, NULL) == LOA_OK) {
        int open = 0;

        if (b.dialect >= 0)
            dialect = b.dialect;
        else if (st)
            dialect = st->dialect;
        for (i = 0; i < b.n_segs; i++) {
            const loa_segment *sg = &b.segs[i];

            if (sg->kind == LOA_SEG_PARAGRAPH) {
                if (open)
                    loai_buf_puts(out, "]");
                open = 0;
                continue;
            }
            if (!open) {
                loai_buf_puts(out, out->data[out->len - 1] == '[' ? "[" : ",[");
                open = 1;
            } else {
                loai_buf_puts(out, ",");
            }
            if (sg->kind == LOA_SEG_PAUSE) {
                loai_buf_printf(out, "{\"pause\":%d}", sg->pause_ms);
            } else if (sg->kind == LOA_SEG_VERBATIM) {
                loai_buf_puts(out, "{\"text\":");
                loai_json_str(out, sg->written ? sg->written : sg->text);
                loai_buf_puts(out, ",\"nsw\":[{\"o\":0,\"n\":");
                loai_buf_printf(out, "%zu,\"w\":", strlen(sg->written ? sg->written : sg->text));
                loai_json_str(out, sg->written ? sg->written : sg->text);
                loai_buf_puts(out, ",\"r\":");
                loai_json_str(out, sg->text);
                loai_buf_puts(out, ",\"k\":\"verbatim\"}]}");
            } else {
                struct said sd = {out, 1, NULL};
                char *norm = NULL;
                size_t nlen;
                loai_buf tmp = {0};

                /* The cleaned line the offsets refer to comes with each word; the
                 * text field is the segment as normalized input. */
                sd.out = &tmp;
                loa_text_normalize_explain(S->lex, (loa_dialect)dialect, sg->text, strlen(sg->text),
                                           &norm, &nlen, on_nsw, &sd, NULL);
                loai_buf_puts(out, "{\"text\":");
                loai_json_str(out, sd.line ? sd.line : sg->text);
                free(sd.line);
                loai_buf_puts(out, ",\"spoken\":");
                loai_json_str(out, norm ? norm : "");
                loai_buf_puts(out, ",\"nsw\":[");
                if (tmp.data)
                    loai_buf_add(out, tmp.data, tmp.len);
                loai_buf_puts(out, "]}");
                loai_buf_free(&tmp);
                free(norm);
            }
        }
        if (open)
            loai_buf_puts(out, "]");
        loa_bulletin_clear(&b);
    }
    loai_buf_printf(out, "],\"dialect\":\"%s\"}\n", loa_dialect_name((loa_dialect)dialect));
}

static void api_check(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    composed c;
    char msg[200];

    if (!can_write(u) && !can_approve(u)) {
        loai_json_error(p, 403, "Vai trò của bạn không soạn bản tin.");
        return;
    }
    {
        /* A recorded bulletin's page checks its header with its recording. */
        const char *bid = loai_req_field(r, "bulletin", NULL);
        bl b;
        int rc;

        memset(&b, 0, sizeof b);
        if (bid && atoll(bid) > 0 && load_bl(S, atoll(bid), &b) && b.kind[0] == 'a') {
            if (!bl_allowed(S, u, &b)) {
                free(b.text);
                loai_json_error(p, 403, "Bản tin này không thuộc phạm vi đài của bạn.");
                return;
            }
            rc = compose(S, r, u, &c, b.audio, msg, sizeof msg);
        } else {
            rc = compose(S, r, u, &c, NULL, msg, sizeof msg);
        }
        free(b.text);
        if (rc != 0) {
            loai_buf_free(&c.text);
            loai_json_error(p, 403, msg);
            return;
        }
    }
    p->ctype = "application/json; charset=utf-8";
    loai_resp_header(p, "Cache-Control", "no-store");
    check_json(S, &c, &p->body);
    loai_buf_free(&c.text);
}

/* ---- Nghe thử: previews rendered once per text, one render per text at a time ---- */

struct pv_flight {
    char key[65];
    int waiters;
    int done;
    loa_err err;
    char msg[520];
};

static int preview_cached(loai_srv *S, const char *key, double *secs)
{
    char path[4300];
    FILE *fp;
    int ok = 0;

    snprintf(path, sizeof path, "%s/preview/%s.txt", S->data, key);
    if ((fp = fopen(path, "r")) != NULL) {
        ok = fscanf(fp, "%lf", secs) == 1;
        fclose(fp);
    }
    snprintf(path, sizeof path, "%s/preview/%s.mp3", S->data, key);
    return ok && access(path, R_OK) == 0;
}

static void api_preview(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    composed c;
    char msg[520] = "", key[65];
    loai_sha256 h;
    struct pv_flight *f = NULL;
    double secs = 0;
    size_t i;
    loa_err err = LOA_OK;
    int mine = 0;
    const loa_config_station *st;

    if (!can_write(u) && !can_approve(u)) {
        loai_json_error(p, 403, "Vai trò của bạn không soạn bản tin.");
        return;
    }
    if (compose(S, r, u, &c, NULL, msg, sizeof msg) != 0) {
        loai_buf_free(&c.text);
        loai_json_error(p, 403, msg);
        return;
    }
    st = loa_config_station_find(&S->cfg, c.first_station);
    /* Key: everything that makes the preview's bytes. */
    loai_sha256_init(&h);
    loai_sha256_update(&h, "loa-preview-1\n", 14);
    loai_sha256_update(&h, c.text.data, c.text.len);
    loai_sha256_update(&h, "\n", 1);
    loai_sha256_update(&h, c.first_station, strlen(c.first_station));
    {
        /* ... and what the district file says about how it is spoken and produced. */
        char how[1300];

        snprintf(how, sizeof how, "\n%s %d %d %d %d %s %s %.1000s", LOA_VERSION, S->cfg.rate_wpm,
                 S->cfg.pitch, st ? (int)st->dialect : (int)S->cfg.dialect,
                 st ? (int)st->gender : (int)S->cfg.gender,
                 st && st->profile ? st->profile : "", S->cfg.profile ? S->cfg.profile : "",
                 st && st->jingles.bed ? st->jingles.bed : "");
        loai_sha256_update(&h, how, strlen(how));
    }
    loai_sha256_hex(&h, key);

    pthread_mutex_lock(&S->pv_mu);
    if (preview_cached(S, key, &secs)) {
        S->cache_hits++;
        pthread_mutex_unlock(&S->pv_mu);
        goto answer;
    }
    for (i = 0; i < S->n_flights; i++)
        if (strcmp(S->flights[i].key, key) == 0)
            f = &S->flights[i];
    if (f == NULL) {
        if (S->n_flights >= MAX_FLIGHTS) {
            S->busy_rejects++;
            pthread_mutex_unlock(&S->pv_mu);
            loai_buf_free(&c.text);
            loai_resp_header(p, "Retry-After", "5");
            loai_json_error(p, 503,
                            "Máy chủ đang bận đọc thử nhiều bản tin — thử lại "
                            "sau ít giây.");
            return;
        }
        {
            struct pv_flight *g = realloc(S->flights, (S->n_flights + 1) * sizeof *g);

            if (g == NULL) {
                pthread_mutex_unlock(&S->pv_mu);
                loai_buf_free(&c.text);
                loai_json_error(p, 500, "Hết bộ nhớ.");
                return;
            }
            S->flights = g;
        }
        f = &S->flights[S->n_flights++];
        memset(f, 0, sizeof *f);
        memcpy(f->key, key, sizeof key);
        mine = 1;
        S->renders++;
    } else {
        S->joined++;
    }
    f->waiters++;
    pthread_mutex_unlock(&S->pv_mu);

    if (mine) {
        /* This thread renders; others asking for the same text wait for it. */
        loa_diag d;
        char script[4300], mp3[4300], meta[4300], line[64];

        memset(&d, 0, sizeof d);
        snprintf(script, sizeof script, "%s/tmp/%s.txt", S->data, key);
        snprintf(mp3, sizeof mp3, "%s/preview/%s.mp3", S->data, key);
        snprintf(meta, sizeof meta, "%s/preview/%s.txt", S->data, key);
        err = loai_write_atomic(script, c.text.data, c.text.len, &d);
        if (err == LOA_OK) {
            double got = 0;

            err = loai_work_preview(S->work, S->cfg_path, script, mp3, c.first_station, &got, &d);
            unlink(script);
            if (err == LOA_OK) {
                snprintf(line, sizeof line, "%.3f\n", got);
                err = loai_write_atomic(meta, line, strlen(line), &d);
                secs = got;
                {
                    char dir[4300];

                    snprintf(dir, sizeof dir, "%s/preview", S->data);
                    loai_dir_trim(dir, PREVIEW_KEEP);
                }
            }
        }
        pthread_mutex_lock(&S->pv_mu);
        for (i = 0; i < S->n_flights; i++)
            if (strcmp(S->flights[i].key, key) == 0)
                f = &S->flights[i];
        f->done = 1;
        f->err = err;
        snprintf(f->msg, sizeof f->msg, "%s", d.msg[0] ? d.msg : loa_strerror(err));
        pthread_cond_broadcast(&S->pv_cv);
    } else {
        pthread_mutex_lock(&S->pv_mu);
        for (;;) {
            f = NULL;
            for (i = 0; i < S->n_flights; i++)
                if (strcmp(S->flights[i].key, key) == 0)
                    f = &S->flights[i];
            if (f == NULL || f->done)
                break;
            pthread_cond_wait(&S->pv_cv, &S->pv_mu);
        }
        if (f != NULL) {
            err = f->err;
            snprintf(msg, sizeof msg, "%s", f->msg);
        }
        if (err == LOA_OK)
            preview_cached(S, key, &secs);
    }
    if (f != NULL) {
        if (mine)
            snprintf(msg, sizeof msg, "%s", f->msg);
        if (--f->waiters == 0) {
            size_t at = (size_t)(f - S->flights);

            S->flights[at] = S->flights[--S->n_flights];
        }
    }
    pthread_mutex_unlock(&S->pv_mu);
    if (err != LOA_OK) {
        loai_buf_free(&c.text);
        loai_json_error(p, 422, msg);
        return;
    }
answer:
    loai_buf_free(&c.text);
    p->ctype = "application/json; charset=utf-8";
    loai_buf_printf(&p->body, "{\"url\":\"/preview/%s.mp3\",\"seconds\":%.3f,\"station\":", key,
                    secs);
    loai_json_str(&p->body, st ? st->name : "");
    loai_buf_puts(&p->body, "}\n");
}

/* ---- the editor's page ---- */

typedef struct form_vals {
    char title[MAX_TITLE + 1], priority[32], from[16], from_time[8], to[16], to_time[8];
    char repeat[16], dai[1024], region[32], voice[32], author[MAX_FIELD + 1], audio[128];
    const char *body;
} form_vals;

/* "Giọng" VALUE as the form's choices: the region ("miền Bắc" ...) and
 * the voice ("nữ", "nam giới"), read by the script parser itself (a bare
 * "nam" is the south, as the build takes it). Unknown: both left empty. */
static void voice_back(const char *value, form_vals *f)
{
    static const char *const regions[] = {"miền Bắc", "miền Trung", "miền Nam"};
    char t[256];
    loa_bulletin b;
    int n;

    n = snprintf(t, sizeof t,
                 "Tiêu đề: x\nTừ ngày: 01/01/2026\nĐến ngày: 01/01/2026\nĐài: tất cả\n"
                 "Giọng: %.120s\n---\nx.\n",
                 value);
    if (n <= 0 || (size_t)n >= sizeof t || loa_bulletin_parse(&b, t, (size_t)n, NULL, NULL) != LOA_OK)
        return;
    if (b.dialect >= LOA_DIALECT_NORTH && b.dialect <= LOA_DIALECT_SOUTH)
        snprintf(f->region, sizeof f->region, "%s", regions[b.dialect - LOA_DIALECT_NORTH]);
    if (b.gender == LOA_GENDER_FEMALE)
        snprintf(f->voice, sizeof f->voice, "nữ");
    else if (b.gender == LOA_GENDER_MALE)
        snprintf(f->voice, sizeof f->voice, "nam giới");
    loa_bulletin_clear(&b);
}

/* "23/11/2026 08:00" → "2026-11-23" and "08:00". */
static void date_back(const char *v, char *date, size_t dsize, char *time, size_t tsize)
{
    int d, m, y, hh, mm;

    date[0] = time[0] = '\0';
    if (sscanf(v, "%2d/%2d/%4d", &d, &m, &y) == 3) {
        snprintf(date, dsize, "%04d-%02d-%02d", y, m, d);
        if (sscanf(v, "%*d/%*d/%*d %d:%d", &hh, &mm) == 2)
            snprintf(time, tsize, "%02d:%02d", hh, mm);
    }
}

/* The form's values from a script this desk composed (its own key names). */
static void split_script(const char *text, form_vals *f)
{
    const char *s = text;

    memset(f, 0, sizeof *f);
    snprintf(f->priority, sizeof f->priority, "thường");
    snprintf(f->repeat, sizeof f->repeat, "1");
    f->body = "";
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        char line[1200], *colon;

        if (l == 3 && strncmp(s, "---", 3) == 0) {
            f->body = e ? e + 1 : s + l;
            break;
        }
        snprintf(line, sizeof line, "%.*s", (int)(l < sizeof line ? l : sizeof line - 1), s);
        if ((colon = strstr(line, ": ")) != NULL) {
            const char *v = colon + 2;

            *colon = '\0';
            if (strcmp(line, "Tiêu đề") == 0)
                snprintf(f->title, sizeof f->title, "%s", v);
            else if (strcmp(line, "Ưu tiên") == 0)
                snprintf(f->priority, sizeof f->priority, "%s", v);
            else if (strcmp(line, "Từ ngày") == 0)
                date_back(v, f->from, sizeof f->from, f->from_time, sizeof f->from_time);
            else if (strcmp(line, "Đến ngày") == 0)
                date_back(v, f->to, sizeof f->to, f->to_time, sizeof f->to_time);
            else if (strcmp(line, "Số lần phát") == 0)
                snprintf(f->repeat, sizeof f->repeat, "%s", v);
            else if (strcmp(line, "Đài") == 0)
                snprintf(f->dai, sizeof f->dai, "%s", v);
            else if (strcmp(line, "Giọng") == 0)
                voice_back(v, f);
            else if (strcmp(line, "Người soạn") == 0)
                snprintf(f->author, sizeof f->author, "%s", v);
            else if (strcmp(line, "Âm thanh") == 0)
                snprintf(f->audio, sizeof f->audio, "%s", v);
        }
        s = e ? e + 1 : s + l;
    }
}

static int dai_has(const char *dai, const char *id)
{
    const char *s = dai;
    size_t n = strlen(id);

    while (*s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);

        while (l && *s == ' ')
            s++, l--;
        if (l == n && strncmp(s, id, n) == 0)
            return 1;
        s = e ? e + 1 : s + l;
    }
    return 0;
}

static void opt(loai_buf *b, const char *val, const char *label, const char *cur)
{
    loai_buf_puts(b, "<option value=\"");
    loai_html_esc(b, val);
    loai_buf_printf(b, "\"%s>", strcmp(val, cur) == 0 ? " selected" : "");
    loai_html_esc(b, label);
    loai_buf_puts(b, "</option>");
}

static void input(loai_buf *b, const char *label, const char *name, const char *type,
                  const char *val, const char *extra)
{
    loai_buf_printf(b, "<label class=\"f-%s\">%s<input name=\"%s\" type=\"%s\" value=\"", name,
                    label, name, type);
    loai_html_esc(b, val);
    loai_buf_printf(b, "\" %s></label>", extra ? extra : "");
}

static void header_fields(loai_srv *S, loai_buf *o, const loai_user *u, const form_vals *f)
{
    size_t i;

    loai_buf_puts(o, "<fieldset class=\"header\"><legend>Thông tin bản tin</legend>");
    input(o, "Tiêu đề", "title", "text", f->title, "required maxlength=\"300\"");
    loai_buf_puts(o, "<label class=\"f-priority\">Ưu tiên<select name=\"priority\">");
    opt(o, "thường", "Thường", f->priority);
    opt(o, "ưu tiên", "Ưu tiên", f->priority);
    opt(o, "khẩn cấp", "Khẩn cấp", f->priority);
    loai_buf_puts(o, "</select></label><div class=\"dates\">");
    input(o, "Từ ngày", "from", "date", f->from, "required");
    input(o, "Từ giờ", "from_time", "time", f->from_time, NULL);
    input(o, "Đến ngày", "to", "date", f->to, "required");
    input(o, "Đến giờ", "to_time", "time", f->to_time, NULL);
    loai_buf_puts(o, "</div><p class=\"hint\">Bỏ trống giờ: phát cả ngày.</p>");
    input(o, "Số lần phát trong tuần", "repeat", "number", f->repeat,
          "min=\"1\" max=\"99\" inputmode=\"numeric\"");
    loai_buf_puts(o, "<fieldset class=\"stations\"><legend>Đài phát</legend>");
    if (loai_scope_all(u))
        loai_buf_printf(o,
                        "<label class=\"chk\"><input type=\"checkbox\" name=\"dai\" "
                        "value=\"tat-ca\"%s> Tất cả các đài</label>",
                        strcmp(f->dai, "tất cả") == 0 || dai_has(f->dai, "tat-ca") ? " checked"
                                                                                   : "");
    for (i = 0; i < S->cfg.n_groups; i++) {
        const loa_config_group *g = &S->cfg.groups[i];
        size_t k;
        int all = 1;

        for (k = 0; k < g->n_stations; k++)
            all &= loai_can_station(S, u, g->stations[k]);
        if (!all || g->n_stations == 0)
            continue;
        loai_buf_printf(o,
                        "<label class=\"chk\"><input type=\"checkbox\" name=\"dai\" "
                        "value=\"%s\"%s> Nhóm: ",
                        g->id, dai_has(f->dai, g->id) ? " checked" : "");
        loai_html_esc(o, g->name ? g->name : g->id);
        loai_buf_puts(o, "</label>");
    }
    for (i = 0; i < S->cfg.n_stations; i++) {
        const loa_config_station *st = &S->cfg.stations[i];

        if (!loai_can_station(S, u, st->id))
            continue;
        loai_buf_printf(o,
                        "<label class=\"chk\"><input type=\"checkbox\" name=\"dai\" "
                        "value=\"%s\"%s> ",
                        st->id, dai_has(f->dai, st->id) ? " checked" : "");
        loai_html_esc(o, st->name ? st->name : st->id);
        loai_buf_puts(o, "</label>");
    }
    loai_buf_puts(o, "</fieldset><div class=\"voice\"><label class=\"f-region\">Giọng vùng miền"
                     "<select name=\"region\">");
    opt(o, "", "Theo đài", f->region);
    opt(o, "miền Bắc", "Miền Bắc", f->region);
    opt(o, "miền Trung", "Miền Trung", f->region);
    opt(o, "miền Nam", "Miền Nam", f->region);
    loai_buf_puts(o, "</select></label><label class=\"f-voice\">Người đọc<select name=\"voice\">");
    opt(o, "", "Theo đài", f->voice);
    opt(o, "nữ", "Giọng nữ", f->voice);
    opt(o, "nam giới", "Giọng nam", f->voice);
    loai_buf_puts(o, "</select></label></div>");
    input(o, "Người soạn", "author", "text", f->author, "maxlength=\"200\"");
    loai_buf_puts(o, "</fieldset>");
}

static void versions_box(loai_srv *S, loai_buf *o, const bl *b)
{
    loai_stmt *q;

    loai_buf_printf(o,
                    "<section class=\"card\"><h2>Các phiên bản</h2><form method=\"get\" "
                    "action=\"/bulletins/%lld/compare\" class=\"compare\"><p class=\"note\">"
                    "Chọn bản cũ ở cột trái, bản mới ở cột phải, rồi bấm So sánh.</p>"
                    "<ul class=\"versions\">",
                    b->id);
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT v.n, v.created, COALESCE(u.name, '?') FROM versions v LEFT JOIN "
                      "users u ON u.id = v.author_id WHERE v.bulletin_id = ? ORDER BY v.n DESC "
                      "LIMIT 50",
                      "i", b->id) == LOA_OK) {
        while (loai_stmt_step(q) == 1) {
            long long n = loai_stmt_int(q, 0);
            time_t t = (time_t)loai_stmt_int(q, 1) + 7 * 3600;
            struct tm tm;
            char when[32];

            gmtime_r(&t, &tm);
            strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
            loai_buf_printf(o,
                            "<li><label><input type=\"radio\" name=\"a\" value=\"%lld\"%s "
                            "aria-label=\"bản cũ\"><input type=\"radio\" name=\"b\" "
                            "value=\"%lld\"%s aria-label=\"bản mới\"> Bản %lld</label>"
                            " · %s · ",
                            n, n == b->version - 1 ? " checked" : "", n,
                            n == b->version ? " checked" : "", n, when);
            loai_html_esc(o, loai_stmt_text(q, 2));
            loai_buf_printf(o, " · <a href=\"/bulletins/%lld/v/%lld\">xem</a></li>", b->id, n);
        }
        loai_stmt_free(q);
    }
    loai_buf_puts(o, "</ul><button type=\"submit\">So sánh hai bản đã chọn</button></form>");
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT a.decision, a.comment, a.at, a.version, COALESCE(u.name, '?') FROM "
                      "approvals a LEFT JOIN users u ON u.id = a.user_id WHERE a.bulletin_id = ? "
                      "ORDER BY a.id DESC LIMIT 20",
                      "i", b->id) == LOA_OK) {
        int any = 0;

        while (loai_stmt_step(q) == 1) {
            const char *d = loai_stmt_text(q, 0);

            if (!any)
                loai_buf_puts(o, "<h3>Duyệt</h3><ul class=\"approvals\">");
            any = 1;
            loai_buf_printf(o, "<li class=\"%s\">%s bản %lld — ", d,
                            strcmp(d, "reject") == 0   ? "Trả lại"
                            : strcmp(d, "urgent") == 0 ? "Duyệt, phát ngay"
                                                       : "Duyệt",
                            loai_stmt_int(q, 3));
            loai_html_esc(o, loai_stmt_text(q, 4));
            if (*loai_stmt_text(q, 1)) {
                loai_buf_puts(o, ": “");
                loai_html_esc(o, loai_stmt_text(q, 1));
                loai_buf_puts(o, "”");
            }
            loai_buf_puts(o, "</li>");
        }
        if (any)
            loai_buf_puts(o, "</ul>");
        loai_stmt_free(q);
    }
    loai_buf_puts(o, "</section>");
}

/* A saved version with the old "Giọng: nam" still loads; the page says
 * what the parser makes of it (its own warning) and that the form has
 * chosen the south in words that cannot be misread. */
static void old_voice_note(loai_srv *S, loai_buf *o, const bl *b)
{
    loa_check_report rep;
    loa_check_opts co;
    size_t i;

    memset(&co, 0, sizeof co);
    co.cfg = &S->cfg;
    co.errors_only = 0;
    loa_check_report_init(&rep);
    if (b->kind[0] != 'a' &&
        loa_check_text(&rep, b->text, strlen(b->text), NULL, &co, NULL) == LOA_OK)
        for (i = 0; i < rep.n; i++) {
            char *m, *note;

            if (rep.items[i].id != LOA_CK_HDR_VOICE_NAM)
                continue;
            m = loa_check_message(&rep.items[i], LOA_LANG_VI);
            note = loa_msg_format(LOA_LANG_VI,
                                  "dòng %d: %s. Mẫu soạn đã chọn sẵn 'Miền Nam' — bấm Lưu nháp "
                                  "để ghi rõ 'Giọng: miền Nam'",
                                  rep.items[i].line, m ? m : "");
            loai_buf_puts(o, "<p class=\"flash warning\" id=\"old-voice\">");
            loai_html_esc(o, note ? note : "");
            loai_buf_puts(o, "</p>");
            free(note);
            free(m);
            break;
        }
    loa_check_report_clear(&rep);
}

static void editor_page(loai_srv *S, loai_resp *p, const loai_user *u, const bl *b,
                        const char *flash)
{
    form_vals f;
    int writable = can_write(u) && b == NULL ? 1 : can_write(u);
    char action[64];

    if (b)
        split_script(b->text, &f);
    else {
        split_script("", &f);
        snprintf(f.author, sizeof f.author, "%s", u->name);
    }
    loai_page_begin(S, p, u, b ? b->title : "Bản tin mới", "bulletins");
    if (flash) {
        loai_buf_puts(&p->body, "<p class=\"flash\" role=\"status\">");
        loai_html_msg(&p->body, flash);
        loai_buf_puts(&p->body, "</p>");
    }
    if (b) {
        loai_buf_printf(&p->body, "<p class=\"kicker\">%s · bản %lld</p><h1>",
                        b->kind[0] == 'a' ? "Bản tin thu âm" : "Bản tin", b->version);
        loai_html_esc(&p->body, b->title[0] ? b->title : "(chưa có tiêu đề)");
        loai_buf_printf(&p->body, " <span class=\"state s-%s\">%s</span></h1>", b->state,
                        state_vi(b->state));
        if (strcmp(b->state, "rejected") == 0 && b->comment[0]) {
            loai_buf_puts(&p->body, "<p class=\"flash error\">Lý do trả lại: ");
            loai_html_esc(&p->body, b->comment);
            loai_buf_puts(&p->body, "</p>");
        }
        if (b->published[0]) {
            loai_buf_puts(&p->body, "<p class=\"note\">Đã xuất bản: <code>");
            loai_html_esc(&p->body, b->published);
            loai_buf_puts(&p->body, "</code></p>");
        }
        old_voice_note(S, &p->body, b);
        if (b->urgent[0]) {
            loai_buf_puts(&p->body, "<p class=\"flash urgent\">");
            loai_html_esc(&p->body, b->urgent);
            loai_buf_puts(&p->body, "</p>");
        }
        snprintf(action, sizeof action, "/bulletins/%lld", b->id);
    } else {
        loai_buf_puts(&p->body, "<h1>Bản tin mới</h1>");
        snprintf(action, sizeof action, "/bulletins/new");
    }
    if (b && can_approve(u) && strcmp(b->state, "submitted") == 0) {
        loai_buf_printf(&p->body,
                        "<section class=\"card approve\"><h2>Duyệt bản tin</h2>"
                        "<form method=\"post\" action=\"/bulletins/%lld/approve\">"
                        "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                        "<input type=\"hidden\" name=\"version\" value=\"%lld\">"
                        "<button type=\"submit\" class=\"primary\">Duyệt và xuất bản"
                        "</button>",
                        b->id, u->csrf, b->version);
        if (strcmp(b->priority, "khẩn cấp") == 0)
            loai_buf_puts(&p->body, " <button type=\"submit\" class=\"danger\" formaction=\"");
        if (strcmp(b->priority, "khẩn cấp") == 0)
            loai_buf_printf(&p->body, "/bulletins/%lld/urgent\">Duyệt và PHÁT NGAY</button>",
                            b->id);
        loai_buf_printf(&p->body,
                        "</form><form method=\"post\" action=\"/bulletins/%lld/reject\" "
                        "class=\"reject\"><input type=\"hidden\" name=\"csrf\" "
                        "value=\"%s\"><label>Lý do trả lại<textarea name=\"comment\" "
                        "class=\"short\" rows=\"2\" required maxlength=\"1000\">"
                        "</textarea></label>"
                        "<button type=\"submit\">Trả lại</button></form></section>",
                        b->id, u->csrf);
    }
    if (!writable)
        loai_buf_puts(&p->body, "<p class=\"note\">Chỉ xem: người duyệt không sửa bản tin; trả "
                                "lại kèm lý do để biên tập viên sửa.</p>");
    loai_buf_printf(&p->body,
                    "<div class=\"editor\"><form id=\"bulletin\" method=\"post\" "
                    "action=\"%s\" class=\"card\"><input type=\"hidden\" name=\"csrf\" "
                    "value=\"%s\"><input type=\"hidden\" name=\"bulletin\" "
                    "value=\"%lld\">",
                    action, u->csrf, b ? b->id : 0LL);
    header_fields(S, &p->body, u, &f);
    if (b && b->kind[0] == 'a') {
        loai_buf_printf(&p->body,
                        "<div class=\"recording\"><b>Tệp thu âm</b><audio controls "
                        "preload=\"metadata\" src=\"/bulletins/%lld/audio\"></audio>"
                        "<p class=\"note\">Đã giải mã và đo: %.1f giây · độ lớn %.1f "
                        "LUFS · đỉnh %.1f dBTP</p></div>",
                        b->id, b->a_secs, b->a_lufs, b->a_tp);
    } else {
        loai_buf_printf(&p->body,
                        "<label class=\"f-body\">Nội dung<textarea name=\"body\" "
                        "rows=\"14\" spellcheck=\"false\" required%s>",
                        writable ? "" : " readonly");
        loai_html_esc(&p->body, f.body);
        loai_buf_puts(&p->body, "</textarea></label><p class=\"hint\">Ngắt nghỉ: "
                                "<code>[nghỉ 2 giây]</code> · đọc khác chữ viết: "
                                "<code>{VNeID|vê en e ai đi}</code></p>");
    }
    loai_buf_puts(&p->body, "<div class=\"actions\">");
    if (writable)
        loai_buf_puts(&p->body, "<button type=\"submit\" name=\"do\" value=\"save\">Lưu nháp"
                                "</button>");
    if (!(b && b->kind[0] == 'a'))
        loai_buf_puts(&p->body, "<button type=\"button\" id=\"listen\">▶ Nghe thử</button>");
    if (writable && b && strcmp(b->state, "submitted") != 0)
        loai_buf_puts(&p->body, "<button type=\"submit\" name=\"do\" value=\"submit\" "
                                "class=\"primary\">Gửi duyệt</button>");
    loai_buf_puts(&p->body, "</div><div id=\"player\" class=\"player\" aria-live=\"polite\">"
                            "</div></form><aside class=\"card live\"><h2>Kiểm tra</h2>"
                            "<div id=\"findings\" aria-live=\"polite\"><p class=\"muted\">"
                            "Đang kiểm tra…</p></div><h2>Sẽ đọc là</h2><div id=\"said\" "
                            "class=\"said\"></div></aside></div>");
    if (b)
        versions_box(S, &p->body, b);
    loai_page_end(p);
}

static void list_page(loai_srv *S, loai_resp *p, const loai_user *u, int queue)
{
    loai_stmt *q;
    int rows = 0;

    loai_page_begin(S, p, u, queue ? "Chờ duyệt" : "Bản tin", queue ? "queue" : "bulletins");
    loai_buf_printf(&p->body, "<h1>%s</h1>", queue ? "Bản tin chờ duyệt" : "Bản tin");
    if (!queue && can_write(u))
        loai_buf_puts(&p->body, "<p class=\"actions\"><a class=\"button primary\" "
                                "href=\"/bulletins/new\">+ Bản tin mới</a> <a class=\"button\" "
                                "href=\"/bulletins/upload\">+ Tải lên bản thu âm</a></p>");
    loai_buf_puts(&p->body, "<table class=\"list\"><thead><tr><th>Tiêu đề</th><th>Ưu tiên</th>"
                            "<th>Đài</th><th>Trạng thái</th><th>Người soạn</th><th>Bản</th>"
                            "</tr></thead><tbody>");
    if (loai_db_query(S->db, &q, NULL,
                      queue ? "SELECT b.id FROM bulletins b WHERE b.state = 'submitted' "
                              "ORDER BY CASE b.priority WHEN 'khẩn cấp' THEN 0 WHEN 'ưu tiên' "
                              "THEN 1 ELSE 2 END, b.updated"
                            : "SELECT b.id FROM bulletins b ORDER BY b.updated DESC LIMIT 500",
                      "") == LOA_OK) {
        long long ids[500];
        size_t n = 0, i;

        while (n < 500 && loai_stmt_step(q) == 1)
            ids[n++] = loai_stmt_int(q, 0);
        loai_stmt_free(q);
        for (i = 0; i < n; i++) {
            bl b;

            if (!load_bl(S, ids[i], &b))
                continue;
            if (bl_allowed(S, u, &b)) {
                rows++;
                loai_buf_printf(&p->body, "<tr class=\"p-%s\"><td><a href=\"/bulletins/%lld\">",
                                strcmp(b.priority, "khẩn cấp") == 0 ? "urgent" : "normal", b.id);
                loai_html_esc(&p->body, b.title[0] ? b.title : "(chưa có tiêu đề)");
                loai_buf_puts(&p->body, "</a></td><td>");
                loai_html_esc(&p->body, b.priority);
                loai_buf_puts(&p->body, "</td><td>");
                if (strcmp(b.targets, "*") == 0) {
                    loai_buf_puts(&p->body, "tất cả");
                } else {
                    const char *t = b.targets;

                    while (*t) {
                        const char *e = strchr(t, ',');
                        size_t l = e ? (size_t)(e - t) : strlen(t);
                        char id[64];
                        const loa_config_station *st;

                        snprintf(id, sizeof id, "%.*s", (int)l, t);
                        st = loa_config_station_find(&S->cfg, id);
                        loai_html_esc(&p->body, st && st->name ? st->name : id);
                        if (e)
                            loai_buf_puts(&p->body, ", ");
                        t = e ? e + 1 : t + l;
                    }
                }
                loai_buf_printf(&p->body, "</td><td><span class=\"state s-%s\">%s</span></td><td>",
                                b.state, state_vi(b.state));
                loai_html_esc(&p->body, b.author);
                loai_buf_printf(&p->body, "</td><td>%lld</td></tr>", b.version);
            }
            free(b.text);
        }
    }
    if (rows == 0)
        loai_buf_printf(&p->body, "<tr><td colspan=\"6\" class=\"muted\">%s</td></tr>",
                        queue ? "Không có bản tin nào chờ duyệt." : "Chưa có bản tin nào.");
    loai_buf_puts(&p->body, "</tbody></table>");
    loai_page_end(p);
}

/* ---- state changes ---- */

static void do_save(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u, bl *b)
{
    composed c;
    char msg[200], loc[64];
    const char *act = loai_req_field(r, "do", NULL);
    long long id;
    int unchanged;

    if (!can_write(u)) {
        loai_error_page(S, p, u, 403, "Vai trò của bạn không soạn bản tin.");
        return;
    }
    if (b && b->kind[0] == 'a') {
        /* A recorded bulletin keeps its recording; only the header changes. */
        if (compose(S, r, u, &c, b->audio, msg, sizeof msg) != 0) {
            loai_buf_free(&c.text);
            loai_error_page(S, p, u, 403, msg);
            return;
        }
    } else if (compose(S, r, u, &c, NULL, msg, sizeof msg) != 0) {
        loai_buf_free(&c.text);
        loai_error_page(S, p, u, 403, msg);
        return;
    }
    id = save_version(S, u, b ? b->id : 0, &c, b ? b->kind : "text", b ? b->audio : NULL,
                      b ? b->a_secs : 0, b ? b->a_lufs : 0, b ? b->a_tp : 0, r->ip, &unchanged);
    loai_buf_free(&c.text);
    if (id == 0) {
        loai_error_page(S, p, u, 500, "Không lưu được bản tin.");
        return;
    }
    if (act && strcmp(act, "submit") == 0) {
        char obj[32];

        loai_db_run(S->db, NULL,
                    "UPDATE bulletins SET state = 'submitted', comment = '', "
                    "updated = ? WHERE id = ?",
                    "ii", loai_now(), id);
        snprintf(obj, sizeof obj, "bulletin:%lld", id);
        loai_audit(S->db, u->name, r->ip, "bulletin.submit", obj, "");
    }
    snprintf(loc, sizeof loc, "/bulletins/%lld", id);
    loai_redirect(p, loc);
}

/* Write the approved version into the scripts folder: the build reads it
 * from there, like a script written by hand. Staged and renamed. */
static int publish_script(loai_srv *S, const bl *b, char *where, size_t wsize, char *msg,
                          size_t msize)
{
    char path[4300];
    loa_diag d;

    memset(&d, 0, sizeof d);
    if (!loai_safe_name(b->slug)) {
        snprintf(msg, msize, "tên tệp của bản tin không hợp lệ");
        return -1;
    }
    if (b->kind[0] == 'a') {
        /* The recording first, so the script never names a missing file. */
        char src[4300], dst[4300];
        int in, out;
        char buf[65536];
        ssize_t k;

        if (!loai_safe_name(b->audio)) {
            snprintf(msg, msize, "tệp thu âm không hợp lệ");
            return -1;
        }
        snprintf(src, sizeof src, "%s/uploads/%s", S->data, b->audio);
        snprintf(dst, sizeof dst, "%s/.%s.tmp", S->cfg.scripts_dir, b->audio);
        if ((in = open(src, O_RDONLY | O_NOFOLLOW)) < 0 ||
            (out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644)) < 0) {
            if (in >= 0)
                close(in);
            snprintf(msg, msize, "không chép được tệp thu âm: %s", strerror(errno));
            return -1;
        }
        while ((k = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)k) != k) {
                k = -1;
                break;
            }
        close(in);
        if (k < 0 || fsync(out) != 0 || close(out) != 0) {
            unlink(dst);
            snprintf(msg, msize, "không chép được tệp thu âm: %s", strerror(errno));
            return -1;
        }
        snprintf(src, sizeof src, "%s/%s", S->cfg.scripts_dir, b->audio);
        if (rename(dst, src) != 0) {
            unlink(dst);
            snprintf(msg, msize, "không chép được tệp thu âm: %s", strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s/%s.txt", S->cfg.scripts_dir, b->slug);
    if (loai_write_atomic(path, b->text, strlen(b->text), &d) != LOA_OK) {
        snprintf(msg, msize, "%s", d.msg);
        return -1;
    }
    snprintf(where, wsize, "%s", path);
    return 0;
}

static void do_decide(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u, bl *b,
                      const char *decision)
{
    char obj[32], loc[64], msg[600] = "", where[4400] = "", det[4500];
    const char *comment = loai_req_field(r, "comment", NULL);
    const char *ver = loai_req_field(r, "version", NULL);

    if (!can_approve(u)) {
        loai_error_page(S, p, u, 403, "Chỉ lãnh đạo duyệt mới được duyệt hoặc trả lại.");
        return;
    }
    if (strcmp(b->state, "submitted") != 0) {
        loai_error_page(S, p, u, 409, "Bản tin này không ở trạng thái chờ duyệt.");
        return;
    }
    /* The approver approves the version they saw, not one saved since. */
    if (ver && atoll(ver) != b->version) {
        loai_error_page(S, p, u, 409, "Bản tin vừa được sửa — xem lại bản mới rồi duyệt.");
        return;
    }
    snprintf(obj, sizeof obj, "bulletin:%lld", b->id);
    snprintf(loc, sizeof loc, "/bulletins/%lld", b->id);
    if (strcmp(decision, "reject") == 0) {
        char c[1001];

        one_line(c, sizeof c, comment);
        if (c[0] == '\0') {
            loai_error_page(S, p, u, 400, "Hãy ghi lý do trả lại.");
            return;
        }
        loai_db_run(S->db, NULL,
                    "UPDATE bulletins SET state = 'rejected', comment = ?, "
                    "updated = ? WHERE id = ?",
                    "sii", c, loai_now(), b->id);
        loai_db_run(S->db, NULL,
                    "INSERT INTO approvals(bulletin_id, version, user_id, decision, "
                    "comment, at) VALUES(?,?,?,?,?,?)",
                    "iiissi", b->id, b->version, u->id, "reject", c, loai_now());
        loai_audit(S->db, u->name, r->ip, "bulletin.reject", obj, c);
        loai_redirect(p, loc);
        return;
    }
    {
        /* Never publish what the build would refuse. */
        composed c;
        loa_check_report rep;
        loa_check_opts o;
        size_t i;
        int errors = 0;
        char updir[4200];

        memset(&c, 0, sizeof c);
        memset(&o, 0, sizeof o);
        o.cfg = &S->cfg;
        o.lex = S->lex;
        o.errors_only = 0;
        loa_check_report_init(&rep);
        pthread_mutex_lock(&S->check_mu);
        snprintf(updir, sizeof updir, "%s/uploads", S->data);
        loa_check_text(&rep, b->text, strlen(b->text), b->kind[0] == 'a' ? updir : NULL, &o, NULL);
        pthread_mutex_unlock(&S->check_mu);
        for (i = 0; i < rep.n; i++)
            if (rep.items[i].sev == LOA_CHECK_ERROR) {
                char *m = loa_check_message(&rep.items[i], LOA_LANG_VI);

                if (!errors)
                    snprintf(msg, sizeof msg, "Bản tin còn lỗi, chưa thể duyệt: dòng %d: %s",
                             rep.items[i].line, m ? m : "");
                free(m);
                errors++;
            }
        loa_check_report_clear(&rep);
        if (errors) {
            loai_error_page(S, p, u, 422, msg);
            return;
        }
    }
    loai_db_lock(S->db);
    if (publish_script(S, b, where, sizeof where, msg, sizeof msg) != 0) {
        loai_db_unlock(S->db);
        loai_error_page(S, p, u, 500, msg);
        return;
    }
    loai_db_run(S->db, NULL,
                "UPDATE bulletins SET state = 'approved', comment = '', "
                "published = ?, updated = ? WHERE id = ?",
                "sii", where, loai_now(), b->id);
    loai_db_run(S->db, NULL,
                "INSERT INTO approvals(bulletin_id, version, user_id, decision, "
                "comment, at) VALUES(?,?,?,?,?,?)",
                "iiissi", b->id, b->version, u->id, decision, "", loai_now());
    snprintf(det, sizeof det, "version %lld → %s", b->version, where);
    loai_audit(S->db, u->name, r->ip,
               strcmp(decision, "urgent") == 0 ? "bulletin.urgent" : "bulletin.approve", obj, det);
    loai_db_unlock(S->db);
    if (strcmp(decision, "urgent") == 0) {
        loa_diag d;
        char note[600];

        memset(&d, 0, sizeof d);
        loai_serve_urgent_now(S, where, note, sizeof note, &d);
        loai_db_run(S->db, NULL, "UPDATE bulletins SET urgent = ? WHERE id = ?", "si", note, b->id);
        loai_audit(S->db, u->name, r->ip, "bulletin.urgent.hook", obj, note);
    }
    loai_redirect(p, loc);
}

/* ---- versions and their comparison ---- */

static char *version_text(loai_srv *S, long long id, long long n)
{
    loai_stmt *q;
    char *t = NULL;

    if (loai_db_query(S->db, &q, NULL, "SELECT text FROM versions WHERE bulletin_id = ? AND n = ?",
                      "ii", id, n) == LOA_OK) {
        if (loai_stmt_step(q) == 1)
            t = strdup(loai_stmt_text(q, 0));
        loai_stmt_free(q);
    }
    return t;
}

static size_t split_lines(char *t, char **lines, size_t max)
{
    size_t n = 0;

    while (*t && n < max) {
        char *e = strchr(t, '\n');

        lines[n++] = t;
        if (e == NULL)
            break;
        *e = '\0';
        t = e + 1;
    }
    return n;
}

static void compare_page(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u, bl *b)
{
    const char *qa = loai_req_query(r, "a"), *qb = loai_req_query(r, "b");
    long long va = qa ? atoll(qa) : 0, vb = qb ? atoll(qb) : 0;
    char *ta, *tb, *la[2000], *lb[2000];
    size_t na, nb, i, j;
    unsigned short *L;

    if (va < 1 || vb < 1 || va > b->version || vb > b->version) {
        loai_error_page(S, p, u, 400, "Chọn hai phiên bản có thật để so sánh.");
        return;
    }
    ta = version_text(S, b->id, va);
    tb = version_text(S, b->id, vb);
    if (ta == NULL || tb == NULL) {
        free(ta);
        free(tb);
        loai_error_page(S, p, u, 404, "Không có phiên bản này.");
        return;
    }
    na = split_lines(ta, la, 2000);
    nb = split_lines(tb, lb, 2000);
    /* Longest common subsequence of lines (scripts are short: at most 2000 lines). */
    L = calloc((na + 1) * (nb + 1), sizeof *L);
    if (L == NULL) {
        free(ta);
        free(tb);
        loai_error_page(S, p, u, 500, "Hết bộ nhớ.");
        return;
    }
    for (i = na; i-- > 0;)
        for (j = nb; j-- > 0;)
            L[i * (nb + 1) + j] =
                strcmp(la[i], lb[j]) == 0 ? (unsigned short)(L[(i + 1) * (nb + 1) + j + 1] + 1)
                : L[(i + 1) * (nb + 1) + j] > L[i * (nb + 1) + j + 1] ? L[(i + 1) * (nb + 1) + j]
                                                                      : L[i * (nb + 1) + j + 1];
    loai_page_begin(S, p, u, "So sánh phiên bản", "bulletins");
    loai_buf_printf(&p->body,
                    "<h1>So sánh bản %lld và bản %lld</h1><p><a href=\"/bulletins/%lld\">"
                    "← ",
                    va, vb, b->id);
    loai_html_esc(&p->body, b->title);
    loai_buf_puts(&p->body, "</a></p><pre class=\"diff card\">");
    i = j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && strcmp(la[i], lb[j]) == 0) {
            loai_buf_puts(&p->body, "<span class=\"same\">  ");
            loai_html_esc(&p->body, la[i]);
            i++, j++;
        } else if (i < na && (j == nb || L[(i + 1) * (nb + 1) + j] >= L[i * (nb + 1) + j + 1])) {
            loai_buf_puts(&p->body, "<del>− ");
            loai_html_esc(&p->body, la[i++]);
            loai_buf_puts(&p->body, "</del>");
            continue;
        } else {
            loai_buf_puts(&p->body, "<ins>+ ");
            loai_html_esc(&p->body, lb[j++]);
            loai_buf_puts(&p->body, "</ins>");
            continue;
        }
        loai_buf_puts(&p->body, "</span>\n");
    }
    loai_buf_puts(&p->body, "</pre>");
    loai_page_end(p);
    free(L);
    free(ta);
    free(tb);
}

/* ---- recorded bulletins ---- */

static const char *audio_ext(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    static const char *const ok[] = {".mp3", ".wav", ".flac", ".ogg", ".oga", ".opus"};
    size_t i;

    if (dot == NULL)
        return NULL;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcasecmp(dot, ok[i]) == 0)
            return ok[i];
    return NULL;
}

/* The header form's values as the browser sent them (a refused upload keeps them). */
static void form_from_req(loai_req *r, form_vals *f)
{
    const char *v;
    size_t i;

    if ((v = loai_req_field(r, "title", NULL)) != NULL)
        one_line(f->title, sizeof f->title, v);
    if ((v = loai_req_field(r, "priority", NULL)) != NULL)
        one_line(f->priority, sizeof f->priority, v);
    if ((v = loai_req_field(r, "from", NULL)) != NULL)
        one_line(f->from, sizeof f->from, v);
    if ((v = loai_req_field(r, "to", NULL)) != NULL)
        one_line(f->to, sizeof f->to, v);
    if ((v = loai_req_field(r, "repeat", NULL)) != NULL)
        one_line(f->repeat, sizeof f->repeat, v);
    if ((v = loai_req_field(r, "region", NULL)) != NULL)
        one_line(f->region, sizeof f->region, v);
    if ((v = loai_req_field(r, "voice", NULL)) != NULL)
        one_line(f->voice, sizeof f->voice, v);
    if ((v = loai_req_field(r, "author", NULL)) != NULL)
        one_line(f->author, sizeof f->author, v);
    f->dai[0] = '\0';
    for (i = 0; i < r->n_form; i++)
        if (strcmp(r->form[i].key, "dai") == 0 && is_id(r->form[i].val) &&
            strlen(f->dai) + strlen(r->form[i].val) + 3 < sizeof f->dai) {
            if (f->dai[0])
                strcat(f->dai, ", ");
            strcat(f->dai, r->form[i].val);
        }
}

static void upload_page(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u,
                        const char *flash, int status)
{
    form_vals f;

    split_script("", &f);
    snprintf(f.author, sizeof f.author, "%s", u->name);
    if (r != NULL)
        form_from_req(r, &f);
    p->status = status;
    loai_page_begin(S, p, u, "Tải lên bản thu âm", "bulletins");
    loai_buf_puts(&p->body, "<h1>Tải lên bản tin thu âm</h1><p class=\"note\">Bản tin tiếng dân "
                            "tộc hoặc bản thu tại phòng thu: MP3, WAV, FLAC hoặc OGG. Tệp được "
                            "giải mã và đo độ lớn trước khi nhận.</p>");
    if (flash) {
        loai_buf_puts(&p->body, "<p class=\"flash error\" role=\"alert\">");
        loai_html_msg(&p->body, flash);
        loai_buf_puts(&p->body, "</p>");
    }
    loai_buf_printf(&p->body,
                    "<form method=\"post\" action=\"/bulletins/upload\" "
                    "enctype=\"multipart/form-data\" class=\"card\"><input "
                    "type=\"hidden\" name=\"csrf\" value=\"%s\">",
                    u->csrf);
    header_fields(S, &p->body, u, &f);
    loai_buf_puts(&p->body,
                  "<label>Tệp thu âm<input type=\"file\" name=\"audio\" required "
                  "accept=\".mp3,.wav,.flac,.ogg,audio/*\"></label><div class=\"actions\">"
                  "<button type=\"submit\" class=\"primary\">Tải lên</button></div>"
                  "</form>");
    loai_page_end(p);
}

static void do_upload(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    const loai_kv *file = loai_req_file(r, "audio");
    const char *ext;
    char name[128], tmp[4300], final[4300], msg[600], loc[64];
    double secs = 0, lufs = 0, tp = 0;
    loa_diag d;
    composed c;
    long long id;
    int unchanged;

    if (!can_write(u)) {
        loai_error_page(S, p, u, 403, "Vai trò của bạn không soạn bản tin.");
        return;
    }
    if (file == NULL || file->val_len == 0) {
        upload_page(S, r, p, u, "Chọn một tệp thu âm.", 400);
        return;
    }
    if ((ext = audio_ext(file->filename)) == NULL) {
        upload_page(S, r, p, u, "Chỉ nhận tệp .mp3, .wav, .flac, .ogg, .opus.", 415);
        return;
    }
    {
        char hex[17];

        if (loai_random_hex(hex, 8) != LOA_OK) {
            loai_error_page(S, p, u, 500, "Không tạo được tên tệp.");
            return;
        }
        snprintf(name, sizeof name, "rec-%s%s", hex, ext);
    }
    snprintf(final, sizeof final, "%s/uploads/%s", S->data, name);
    snprintf(tmp, sizeof tmp, "%s/tmp/%s", S->data, name);
    memset(&d, 0, sizeof d);
    if (loai_write_atomic(tmp, file->val, file->val_len, &d) != LOA_OK) {
        loai_error_page(S, p, u, 500, d.msg);
        return;
    }
    /* Decoded and measured by a child process before it is accepted. */
    if (loai_work_measure(S->work, tmp, &secs, &lufs, &tp, &d) != LOA_OK || secs < 0.5 ||
        !isfinite(lufs) || lufs < -70) {
        unlink(tmp);
        loai_audit(S->db, u->name, r->ip, "upload.reject", name, d.msg[0] ? d.msg : "near silent");
        snprintf(msg, sizeof msg,
                 "Tệp \"%.120s\" không đọc được như âm thanh, hoặc gần như im "
                 "lặng — xuất lại bằng phần mềm thu âm (MP3, WAV, FLAC hoặc OGG) "
                 "rồi tải lên.",
                 file->filename);
        upload_page(S, r, p, u, msg, 422);
        return;
    }
    if (rename(tmp, final) != 0) {
        unlink(tmp);
        loai_error_page(S, p, u, 500, "Không lưu được tệp thu âm.");
        return;
    }
    if (compose(S, r, u, &c, name, msg, sizeof msg) != 0) {
        unlink(final);
        loai_buf_free(&c.text);
        loai_error_page(S, p, u, 403, msg);
        return;
    }
    id = save_version(S, u, 0, &c, "audio", name, secs, lufs, tp, r->ip, &unchanged);
    loai_buf_free(&c.text);
    if (id == 0) {
        loai_error_page(S, p, u, 500, "Không lưu được bản tin.");
        return;
    }
    snprintf(msg, sizeof msg, "%s: %.1f s, %.1f LUFS, %.1f dBTP", name, secs, lufs, tp);
    loai_audit(S->db, u->name, r->ip, "upload.accept", name, msg);
    snprintf(loc, sizeof loc, "/bulletins/%lld", id);
    loai_redirect(p, loc);
}

/* ---- routing ---- */

static int parse_id(const char *s, long long *id, const char **rest)
{
    char *end;
    long long v;

    if (*s < '1' || *s > '9')
        return 0;
    v = strtoll(s, &end, 10);
    if (v <= 0 || (*end != '\0' && *end != '/'))
        return 0;
    *id = v;
    *rest = end;
    return 1;
}

void loai_serve_bulletins(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    const char *path = r->path, *rest;
    int post = strcmp(r->method, "POST") == 0;
    long long id;
    bl b;

    if (strcmp(path, "/api/check") == 0) {
        if (!post) {
            loai_method_not_allowed(p, "POST");
            return;
        }
        api_check(S, r, p, u);
        return;
    }
    if (strcmp(path, "/api/preview") == 0) {
        if (!post) {
            loai_method_not_allowed(p, "POST");
            return;
        }
        api_preview(S, r, p, u);
        return;
    }
    if (strcmp(path, "/api/stats") == 0) {
        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        if (u->role != ROLE_ADMIN) {
            loai_json_error(p, 403, "Chỉ quản trị.");
            return;
        }
        p->ctype = "application/json; charset=utf-8";
        pthread_mutex_lock(&S->pv_mu);
        loai_buf_printf(&p->body,
                        "{\"renders\":%lu,\"joined\":%lu,\"cache_hits\":%lu,"
                        "\"busy\":%lu,\"in_flight\":%zu}\n",
                        S->renders, S->joined, S->cache_hits, S->busy_rejects, S->n_flights);
        pthread_mutex_unlock(&S->pv_mu);
        return;
    }
    if (strncmp(path, "/api/", 5) == 0) {
        loai_json_error(p, 404, "Không có API này.");
        return;
    }
    if (strncmp(path, "/preview/", 9) == 0) {
        const char *k = path + 9;
        char file[4300];

        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        if (strlen(k) != 68 || strspn(k, "0123456789abcdef") != 64 || strcmp(k + 64, ".mp3")) {
            loai_error_page(S, p, u, 404, "Không có bản nghe thử này.");
            return;
        }
        snprintf(file, sizeof file, "%s/preview/%s", S->data, k);
        loai_send_file(S, r, p, u, file, "audio/mpeg");
        return;
    }
    if (strcmp(path, "/queue") == 0) {
        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        if (!can_approve(u)) {
            loai_error_page(S, p, u, 403, "Chỉ lãnh đạo duyệt xem hàng chờ duyệt.");
            return;
        }
        list_page(S, p, u, 1);
        return;
    }
    if (u->role == ROLE_OPERATOR) {
        loai_error_page(S, p, u, 403, "Cán bộ đài không xem bản tin đang soạn.");
        return;
    }
    if (strcmp(path, "/bulletins") == 0) {
        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        list_page(S, p, u, 0);
        return;
    }
    if (strcmp(path, "/bulletins/new") == 0) {
        if (!can_write(u)) {
            loai_error_page(S, p, u, 403, "Vai trò của bạn không soạn bản tin.");
            return;
        }
        if (post) {
            do_save(S, r, p, u, NULL);
            return;
        }
        editor_page(S, p, u, NULL, NULL);
        return;
    }
    if (strcmp(path, "/bulletins/upload") == 0) {
        if (!can_write(u)) {
            loai_error_page(S, p, u, 403, "Vai trò của bạn không soạn bản tin.");
            return;
        }
        if (post) {
            do_upload(S, r, p, u);
            return;
        }
        upload_page(S, NULL, p, u, NULL, 200);
        return;
    }
    if (strncmp(path, "/bulletins/", 11) != 0 || !parse_id(path + 11, &id, &rest)) {
        loai_error_page(S, p, u, 404, "Không tìm thấy trang này.");
        return;
    }
    if (!load_bl(S, id, &b)) {
        loai_error_page(S, p, u, 404, "Không có bản tin này.");
        return;
    }
    if (!bl_allowed(S, u, &b)) {
        char obj[32];

        snprintf(obj, sizeof obj, "bulletin:%lld", id);
        loai_audit(S->db, u->name, r->ip, "forbidden", obj, path);
        free(b.text);
        loai_error_page(S, p, u, 403, "Bản tin này không thuộc phạm vi đài của bạn.");
        return;
    }
    if (*rest == '\0') {
        if (post)
            do_save(S, r, p, u, &b);
        else
            editor_page(S, p, u, &b, NULL);
    } else if (strcmp(rest, "/approve") == 0 || strcmp(rest, "/reject") == 0 ||
               strcmp(rest, "/urgent") == 0) {
        if (!post)
            loai_method_not_allowed(p, "POST");
        else
            do_decide(S, r, p, u, &b, rest + 1);
    } else if (strcmp(rest, "/compare") == 0) {
        if (post)
            loai_method_not_allowed(p, "GET, HEAD");
        else
            compare_page(S, r, p, u, &b);
    } else if (strncmp(rest, "/v/", 3) == 0) {
        long long n = atoll(rest + 3);
        char *t = n > 0 && strspn(rest + 3, "0123456789") == strlen(rest + 3)
                      ? version_text(S, id, n)
                      : NULL;

        if (post)
            loai_method_not_allowed(p, "GET, HEAD");
        else if (t == NULL)
            loai_error_page(S, p, u, 404, "Không có phiên bản này.");
        else {
            p->ctype = "text/plain; charset=utf-8";
            loai_buf_puts(&p->body, t);
        }
        free(t);
    } else if (strcmp(rest, "/audio") == 0) {
        char file[4300];

        if (post)
            loai_method_not_allowed(p, "GET, HEAD");
        else if (b.kind[0] != 'a' || !loai_safe_name(b.audio))
            loai_error_page(S, p, u, 404, "Bản tin này không có tệp thu âm.");
        else {
            const char *e = strrchr(b.audio, '.');

            snprintf(file, sizeof file, "%s/uploads/%s", S->data, b.audio);
            loai_send_file(S, r, p, u, file,
                           e && strcmp(e, ".mp3") == 0    ? "audio/mpeg"
                           : e && strcmp(e, ".wav") == 0  ? "audio/wav"
                           : e && strcmp(e, ".flac") == 0 ? "audio/flac"
                                                          : "audio/ogg");
        }
    } else {
        loai_error_page(S, p, u, 404, "Không tìm thấy trang này.");
    }
    free(b.text);
}
