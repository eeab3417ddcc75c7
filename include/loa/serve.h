#ifndef LOA_SERVE_H
#define LOA_SERVE_H

#include <stddef.h>

#include "loa/error.h"

/* `loa serve`: the bulletin desk in a browser. Editors write and preview
 * bulletins, approvers publish them into the scripts folder `loa build`
 * reads, operators fetch their stations' weeks. One SQLite database file in
 * the data directory (loa.db) holds accounts, sessions, bulletins and every
 * saved version, approvals, builds and the audit log. */

/* What a line of the server's log is about. */
typedef enum loa_serve_log_kind { LOA_SERVE_INFO = 0, LOA_SERVE_ERROR = 1 } loa_serve_log_kind;

typedef void (*loa_serve_log_fn)(void *ctx, loa_serve_log_kind kind, const char *line);

typedef struct loa_serve_opts {
    const char *config;       /* the district file (required) */
    const char *listen;       /* "HOST:PORT"; NULL: "127.0.0.1:8080" (IPv4 or [IPv6]:PORT) */
    const char *data_dir;     /* NULL: "<district file's dir>/loa-data" */
    const char *voices_dir;   /* NULL: loa_data_dir() */
    size_t max_body;          /* form and API requests; 0: 256 KiB */
    size_t max_upload;        /* recordings; 0: 64 MiB */
    int threads;              /* unused (one thread per connection) */
    unsigned max_conns;       /* 0: 256 */
    volatile const int *stop; /* the server returns once *STOP becomes non-zero */
    loa_serve_log_fn log;     /* access and error lines; may be NULL */
    void *log_ctx;
    /* Called once the server listens, with the port it got (LISTEN may ask for port 0). */
    void (*ready)(void *ctx, int port);
} loa_serve_opts;

/* Serve until *OPTS->STOP is set. Fails with LOA_ERR_CONFIG for a bad
 * district file, LOA_ERR_IO when the data directory or the port cannot be
 * had, LOA_ERR_INVALID for a bad LISTEN. */
loa_err loa_serve_run(const loa_serve_opts *opts, loa_diag *diag);

/* ---- accounts (`loa user`) ---- */

typedef enum loa_role {
    LOA_ROLE_EDITOR = 0,   /* biên tập viên: writes bulletins of their communes/stations */
    LOA_ROLE_APPROVER = 1, /* lãnh đạo duyệt: approves (publishes) or rejects them */
    LOA_ROLE_OPERATOR = 2, /* cán bộ đài: sees and downloads their stations' weeks */
    LOA_ROLE_ADMIN = 3     /* quản trị: manages accounts; sees everything */
} loa_role;

/* "editor", "approver", "operator", "admin" (or the Vietnamese words) → ROLE. */
loa_err loa_role_parse(const char *s, loa_role *role);
const char *loa_role_name(loa_role role);

typedef struct loa_account {
    char *name;
    loa_role role;
    char *stations; /* station and group ids, comma-separated; "" = every station */
    char *communes; /* commune names ("xã A") or ids, comma-separated; "" = none */
    int disabled;
    long long created; /* Unix time */
} loa_account;

typedef struct loa_accounts loa_accounts; /* the accounts of one data directory */

/* Open (creating) the database of DATA_DIR. */
loa_err loa_accounts_open(loa_accounts **out, const char *data_dir, loa_diag *diag);
void loa_accounts_free(loa_accounts *a);

/* Add the account NAME ([a-z0-9._-], 1-63 characters) with PASSWORD (at
 * least 8 characters), hashed with argon2id. LOA_ERR_INVALID when NAME is
 * taken or malformed. BY names who did it, for the audit log. */
loa_err loa_accounts_add(loa_accounts *a, const loa_account *acc, const char *password,
                         const char *by, loa_diag *diag);
/* Set NAME's password (and end its sessions). */
loa_err loa_accounts_passwd(loa_accounts *a, const char *name, const char *password, const char *by,
                            loa_diag *diag);
/* Every account, by name; free with loa_accounts_list_free. */
loa_err loa_accounts_list(loa_accounts *a, loa_account **out, size_t *n, loa_diag *diag);
void loa_accounts_list_free(loa_account *list, size_t n);

#endif
