/* Shared by the web desk's files (src/serve*.c, src/db.c, src/passwd.c);
 * never installed. The HTTP library's types stay in serve_http.c, SQLite's
 * in db.c, argon2's in passwd.c: the rest sees only what is declared here. */
#ifndef LOA_SERVE_INT_H
#define LOA_SERVE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "buf_int.h"
#include "error_int.h"
#include "file_int.h"
#include "sha256_int.h"
#include "loa/check.h"
#include "loa/serve.h"

/* ---- assets embedded from web/ at build time (scripts/embed.sh) ---- */
typedef struct loai_web_asset {
    const char *name;
    const unsigned char *data;
    size_t len;
} loai_web_asset;
extern const loai_web_asset loai_web_assets[];

/* ---- the database (db.c, the one file that includes sqlite3.h) ---- */
typedef struct loai_db loai_db;
typedef struct loai_stmt loai_stmt;

/* Open (creating) the database file PATH and bring its schema up to date. */
loa_err loai_db_open(loai_db **out, const char *path, loa_diag *diag);
void loai_db_close(loai_db *db);
/* Hold the connection for several statements (recursive; a transaction
 * goes between BEGIN and COMMIT under it). */
void loai_db_lock(loai_db *db);
void loai_db_unlock(loai_db *db);
/* Run SQL with parameters described by TYPES, one letter each: 's' text
 * (const char *, NULL binds NULL), 'i' integer (long long), 'd' double.
 * No rows expected. */
loa_err loai_db_run(loai_db *db, loa_diag *diag, const char *sql, const char *types, ...);
/* As loai_db_run, and the statement stays open for loai_stmt_step; the
 * connection is held until loai_stmt_free. */
loa_err loai_db_query(loai_db *db, loai_stmt **out, loa_diag *diag, const char *sql,
                      const char *types, ...);
int loai_stmt_step(loai_stmt *st);                  /* 1 a row, 0 done, -1 failed */
const char *loai_stmt_text(loai_stmt *st, int col); /* "" for NULL; valid until the next step */
long long loai_stmt_int(loai_stmt *st, int col);
double loai_stmt_double(loai_stmt *st, int col);
int loai_stmt_null(loai_stmt *st, int col);
void loai_stmt_free(loai_stmt *st);
long long loai_db_last_id(loai_db *db);
int loai_db_changes(loai_db *db);

/* ---- passwords (passwd.c, the one file that includes argon2.h) ---- */
/* argon2id in the PHC string form ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"). */
loa_err loai_passwd_hash(const char *password, char **out, loa_diag *diag);
/* 1 when PASSWORD matches the stored ENCODED hash, else 0. */
int loai_passwd_verify(const char *encoded, const char *password);
/* N random bytes from the kernel as 2N lowercase hex digits into HEX. */
loa_err loai_random_hex(char *hex, size_t n);

/* ---- requests and responses (serve_http.c turns libmicrohttpd's into these) ---- */
typedef struct loai_kv {
    char *key, *val;
    size_t val_len;
    char *filename; /* multipart file parts: the name the browser sent */
} loai_kv;

typedef struct loai_req {
    const char *method;
    const char *path; /* as sent, percent-decoded by the library, never touched as a file name */
    const char *ip;
    const char *body; /* NUL-terminated copy; BODY_LEN bytes */
    size_t body_len;
    loai_kv *form; /* urlencoded or multipart fields (parsed on demand) */
    size_t n_form;
    loai_kv *query; /* the query string's fields */
    size_t n_query;
    int form_parsed;
    void *conn; /* the library's connection, for headers */
    int https;  /* the proxy said X-Forwarded-Proto: https */
} loai_req;

typedef struct loai_hdr {
    char *name, *val;
} loai_hdr;

typedef struct loai_resp {
    int status;
    const char *ctype;
    loai_buf body;
    int fd;            /* a file to send instead of BODY (-1: none); owned */
    uint64_t off, len; /* its range */
    loai_hdr *hdrs;
    size_t n_hdrs;
} loai_resp;

const char *loai_req_header(const loai_req *r, const char *name);
const char *loai_req_cookie(const loai_req *r, const char *name);
/* A form field (urlencoded or multipart), or NULL; LEN may be NULL. */
const char *loai_req_field(loai_req *r, const char *name, size_t *len);
const loai_kv *loai_req_file(loai_req *r, const char *name);
const char *loai_req_query(const loai_req *r, const char *name);
loa_err loai_resp_header(loai_resp *p, const char *name, const char *val);

/* ---- the server (serve.c) ---- */
typedef enum loai_role { ROLE_EDITOR = 0, ROLE_APPROVER, ROLE_OPERATOR, ROLE_ADMIN } loai_role;

typedef struct loai_user {
    long long id;
    char name[64];
    loai_role role;
    char stations[512]; /* as given: station and group ids, comma-separated ("" = all) */
    char communes[512]; /* commune names, comma-separated */
    char csrf[65];
    char sid[65]; /* the session's hashed id */
} loai_user;

/* The preview renderer and build runner (serve_work.c): a process forked
 * before any thread starts, which forks one child per job. */
typedef struct loai_work loai_work;

typedef struct loai_srv {
    const loa_serve_opts *opts;
    loa_config cfg;
    char *cfg_path;
    char *data; /* the data directory */
    char *voices;              /* loa's voices/ data (malloc'd) */
    loa_lexicon *lex;
    loa_spell *spell;         /* may be NULL (hunspell-vi missing): no spelling findings */
    pthread_mutex_t check_mu; /* hunspell is not thread-safe */
    loai_db *db;
    loai_work *work;
    /* preview de-duplication */
    pthread_mutex_t pv_mu;
    pthread_cond_t pv_cv;
    struct pv_flight *flights;
    size_t n_flights;
    unsigned long renders, joined, cache_hits, busy_rejects, max_same_key;
    /* login throttling */
    pthread_mutex_t th_mu;
    struct throttle *th;
    size_t n_th;
    /* the running build */
    pthread_mutex_t b_mu;
    long long build_id;      /* the build running now, 0 when none */
    pthread_mutex_t plan_mu; /* dry-run plans one at a time */
    char feed_secret[65];    /* makes each station's feed URL unguessable */
} loai_srv;

/* Listen and serve until *S->opts->stop (serve_http.c). */
loa_err loai_http_run(loai_srv *S, loa_diag *diag);

/* Handle one request (routing, authentication, authorization, pages). */
void loai_serve_handle(loai_srv *S, loai_req *r, loai_resp *p);

/* serve_accounts.c */
void loai_audit(loai_db *db, const char *user, const char *ip, const char *action,
                const char *object, const char *detail);
loa_err loai_account_add(loai_db *db, const loa_account *acc, const char *password, const char *by,
                         const char *ip, loa_diag *diag);
loa_err loai_account_passwd(loai_db *db, const char *name, const char *password, const char *by,
                            const char *ip, loa_diag *diag);

/* serve.c: the frame of every page and the common answers */
const char *loai_role_vi(loai_role r);
void loai_page_begin(loai_srv *S, loai_resp *p, const loai_user *u, const char *title,
                     const char *active);
void loai_page_end(loai_resp *p);
void loai_error_page(loai_srv *S, loai_resp *p, const loai_user *u, int status, const char *msg);
void loai_json_error(loai_resp *p, int status, const char *msg);
void loai_redirect(loai_resp *p, const char *location);
void loai_method_not_allowed(loai_resp *p, const char *allow);
int loai_scope_all(const loai_user *u);
int loai_can_station(loai_srv *S, const loai_user *u, const char *station);

/* Send the regular file PATH (opened without following links) with an
 * ETag, If-None-Match (304) and one byte range (206/416). */
void loai_send_file(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u, const char *path,
                    const char *ctype);

/* The handlers of each part of the site. */
void loai_serve_bulletins(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u);
void loai_serve_week(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u);
void loai_serve_feed(loai_srv *S, loai_req *r, loai_resp *p);
void loai_serve_admin(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u);

/* ---- helpers shared by the page files ---- */
void loai_html_esc(loai_buf *b, const char *s);
/* MSG, a message of loa's in either language (a library DIAG is English),
 * said in Vietnamese through the catalogue (loa_msg_translate): the
 * malloc'd text, NULL when out of memory. loai_html_msg escapes it into B. */
char *loai_serve_say(const char *msg);
void loai_html_msg(loai_buf *b, const char *msg);
void loai_json_str(loai_buf *b, const char *s);
void loai_url_esc(loai_buf *b, const char *s);
/* Write DATA to FINAL atomically (a unique temporary beside it, fsync, rename). */
loa_err loai_write_atomic(const char *final, const void *data, size_t len, loa_diag *diag);
/* 1 when S is a safe single path segment: [A-Za-z0-9._-], no leading dot. */
int loai_safe_name(const char *s);
long long loai_now(void);
loa_err loai_parse_urlencoded(const char *s, size_t n, loai_kv **list, size_t *count);
loa_err loai_parse_multipart(const char *ctype, const char *body, size_t n, loai_kv **list,
                             size_t *count);
void loai_kv_free(loai_kv *list, size_t n);
/* Keep the KEEP newest regular files of DIR (by modification time); remove the rest. */
void loai_dir_trim(const char *dir, size_t keep);

/* serve_work.c */
loa_err loai_work_start(loai_work **out, loa_diag *diag);
void loai_work_stop(loai_work *w);
/* Render the preview of the script in SCRIPT_PATH into MP3_PATH with the
 * district config CONFIG (in a child process; blocks until it is done). */
loa_err loai_work_preview(loai_work *w, const char *config, const char *script_path,
                          const char *mp3_path, const char *station, double *seconds,
                          loa_diag *diag);
/* Run the week's build (child process), its progress and log into LOG_PATH. */
loa_err loai_work_build(loai_work *w, const char *config, const char *week, const char *log_path,
                        loa_diag *diag);
/* Decode and measure an uploaded recording: its seconds, LUFS, true peak. */
loa_err loai_work_measure(loai_work *w, const char *path, double *seconds, double *lufs, double *tp,
                          loa_diag *diag);

/* "Phát ngay": loa_urgent_send in a child (it rebuilds the week). SENT gets
 * "<notice> <station>,<station>..."; the counts of stations that got it now
 * and that did not (outside its validity). */
loa_err loai_work_urgent(loai_work *w, const char *config, const char *script, char *sent,
                         size_t size, size_t *n_sent, size_t *n_missed, loa_diag *diag);

/* The hook "Phát ngay" calls (serve_urgent.c). */
loa_err loai_serve_urgent_now(loai_srv *S, const char *script_path, char *note, size_t size,
                              loa_diag *diag);

#endif
