/* The web desk's database: one SQLite file (loa.db in the data directory)
 * for accounts, sessions, bulletins and their versions, approvals, builds
 * and the audit log. The only file that includes sqlite3.h.
 *
 * One connection, held by one thread at a time (a recursive mutex): the
 * desk's writes are small and rare, and WAL lets `sqlite3` read it while the
 * server runs. A statement holds the connection until it is freed. */
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "serve_int.h"

struct loai_db {
    sqlite3 *h;
    pthread_mutex_t mu;
};

struct loai_stmt {
    loai_db *db;
    sqlite3_stmt *st;
};

/* Version 1 of the schema. Times are Unix seconds. */
static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, val TEXT);"
    "CREATE TABLE IF NOT EXISTS users("
    "  id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, role TEXT NOT NULL,"
    "  stations TEXT NOT NULL DEFAULT '', communes TEXT NOT NULL DEFAULT '',"
    "  hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sessions("
    "  sid TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf TEXT NOT NULL, created INTEGER NOT NULL, seen INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS bulletins("
    "  id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, kind TEXT NOT NULL DEFAULT 'text',"
    "  state TEXT NOT NULL DEFAULT 'draft', title TEXT NOT NULL DEFAULT '',"
    "  priority TEXT NOT NULL DEFAULT 'thường', targets TEXT NOT NULL DEFAULT '',"
    "  author_id INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 0, comment TEXT NOT NULL DEFAULT '',"
    "  published TEXT NOT NULL DEFAULT '', urgent TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS versions("
    "  id INTEGER PRIMARY KEY, bulletin_id INTEGER NOT NULL REFERENCES bulletins(id),"
    "  n INTEGER NOT NULL, text TEXT NOT NULL, author_id INTEGER NOT NULL,"
    "  created INTEGER NOT NULL, audio TEXT NOT NULL DEFAULT '',"
    "  audio_seconds REAL, audio_lufs REAL, audio_tp REAL, UNIQUE(bulletin_id, n));"
    "CREATE TABLE IF NOT EXISTS approvals("
    "  id INTEGER PRIMARY KEY, bulletin_id INTEGER NOT NULL, version INTEGER NOT NULL,"
    "  user_id INTEGER NOT NULL, decision TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',"
    "  at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS builds("
    "  id INTEGER PRIMARY KEY, week TEXT NOT NULL, user_id INTEGER NOT NULL,"
    "  started INTEGER NOT NULL, finished INTEGER, status TEXT NOT NULL DEFAULT 'running',"
    "  message TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS audit("
    "  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, ip TEXT NOT NULL,"
    "  action TEXT NOT NULL, object TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS versions_b ON versions(bulletin_id, n);"
    "CREATE INDEX IF NOT EXISTS bulletins_state ON bulletins(state);"
    "INSERT OR IGNORE INTO meta VALUES('schema', '1');";

static loa_err fail(loai_db *db, loa_diag *diag, const char *what)
{
    loai_diag_set(diag, "database: %s: %s", what, db && db->h ? sqlite3_errmsg(db->h) : "?");
    return LOA_ERR_IO;
}

loa_err loai_db_open(loai_db **out, const char *path, loa_diag *diag)
{
    pthread_mutexattr_t a;
    loai_db *db = calloc(1, sizeof *db);
    char *msg = NULL;

    if (db == NULL)
        return LOA_ERR_NOMEM;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&db->mu, &a);
    pthread_mutexattr_destroy(&a);
    if (sqlite3_open_v2(path, &db->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK) {
        loai_diag_set(diag,
                      "cannot open the database %s: %s — check that the data directory "
                      "is writable",
                      path, db->h ? sqlite3_errmsg(db->h) : strerror(errno));
        loai_db_close(db);
        return LOA_ERR_IO;
    }
    /* Password and session hashes: readable by the service's user and group only
     * (SQLite gives its -wal and -shm files the same mode). */
    chmod(path, 0640);
    sqlite3_busy_timeout(db->h, 5000);
    /* WAL: readers (a backup, the sqlite3 shell) never block the desk;
     * synchronous=FULL: a committed approval survives a power cut. */
    if (sqlite3_exec(db->h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;",
                     NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db->h, SCHEMA, NULL, NULL, &msg) != SQLITE_OK) {
        loai_diag_set(diag, "database %s: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        loai_db_close(db);
        return LOA_ERR_IO;
    }
    *out = db;
    return LOA_OK;
}

void loai_db_close(loai_db *db)
{
    if (db == NULL)
        return;
    if (db->h)
        sqlite3_close(db->h);
    pthread_mutex_destroy(&db->mu);
    free(db);
}

void loai_db_lock(loai_db *db)
{
    pthread_mutex_lock(&db->mu);
}

void loai_db_unlock(loai_db *db)
{
    pthread_mutex_unlock(&db->mu);
}

static loa_err prepare(loai_db *db, sqlite3_stmt **st, loa_diag *diag, const char *sql,
                       const char *types, va_list ap)
{
    int i;

    if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
        return fail(db, diag, "prepare");
    for (i = 0; types && types[i]; i++) {
        int rc = SQLITE_OK;

        switch (types[i]) {
        case 's': {
            const char *s = va_arg(ap, const char *);

            rc = s ? sqlite3_bind_text(*st, i + 1, s, -1, SQLITE_TRANSIENT)
                   : sqlite3_bind_null(*st, i + 1);
            break;
        }
        case 'i':
            rc = sqlite3_bind_int64(*st, i + 1, va_arg(ap, long long));
            break;
        case 'd':
            rc = sqlite3_bind_double(*st, i + 1, va_arg(ap, double));
            break;
        default:
            rc = SQLITE_MISUSE;
        }
        if (rc != SQLITE_OK) {
            sqlite3_finalize(*st);
            *st = NULL;
            return fail(db, diag, "bind");
        }
    }
    return LOA_OK;
}

loa_err loai_db_run(loai_db *db, loa_diag *diag, const char *sql, const char *types, ...)
{
    sqlite3_stmt *st = NULL;
    loa_err err;
    va_list ap;
    int rc;

    pthread_mutex_lock(&db->mu);
    va_start(ap, types);
    err = prepare(db, &st, diag, sql, types, ap);
    va_end(ap);
    if (err == LOA_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE)
            err = fail(db, diag, "write");
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&db->mu);
    return err;
}

loa_err loai_db_query(loai_db *db, loai_stmt **out, loa_diag *diag, const char *sql,
                      const char *types, ...)
{
    loai_stmt *q = calloc(1, sizeof *q);
    loa_err err;
    va_list ap;

    if (q == NULL)
        return LOA_ERR_NOMEM;
    pthread_mutex_lock(&db->mu);
    va_start(ap, types);
    err = prepare(db, &q->st, diag, sql, types, ap);
    va_end(ap);
    if (err != LOA_OK) {
        pthread_mutex_unlock(&db->mu);
        free(q);
        return err;
    }
    q->db = db;
    *out = q;
    return LOA_OK;
}

int loai_stmt_step(loai_stmt *q)
{
    int rc = sqlite3_step(q->st);

    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

const char *loai_stmt_text(loai_stmt *q, int col)
{
    const unsigned char *s = sqlite3_column_text(q->st, col);

    return s ? (const char *)s : "";
}

long long loai_stmt_int(loai_stmt *q, int col)
{
    return sqlite3_column_int64(q->st, col);
}

double loai_stmt_double(loai_stmt *q, int col)
{
    return sqlite3_column_double(q->st, col);
}

int loai_stmt_null(loai_stmt *q, int col)
{
    return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

void loai_stmt_free(loai_stmt *q)
{
    if (q == NULL)
        return;
    sqlite3_finalize(q->st);
    pthread_mutex_unlock(&q->db->mu);
    free(q);
}

long long loai_db_last_id(loai_db *db)
{
    return sqlite3_last_insert_rowid(db->h);
}

int loai_db_changes(loai_db *db)
{
    return sqlite3_changes(db->h);
}
