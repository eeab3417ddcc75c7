/* Accounts of the web desk (`loa user`, the admin page) and the audit log. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "serve_int.h"

struct loa_accounts {
    loai_db *db;
};

static const char *const ROLE_NAMES[] = {"editor", "approver", "operator", "admin"};
static const char *const ROLE_VI[] = {"bien-tap", "duyet", "van-hanh", "quan-tri"};

loa_err loa_role_parse(const char *s, loa_role *role)
{
    int i;

    for (i = 0; i < 4; i++)
        if (s && (strcmp(s, ROLE_NAMES[i]) == 0 || strcmp(s, ROLE_VI[i]) == 0)) {
            *role = (loa_role)i;
            return LOA_OK;
        }
    return LOA_ERR_INVALID;
}

const char *loa_role_name(loa_role role)
{
    return (unsigned)role < 4 ? ROLE_NAMES[role] : "?";
}

long long loai_now(void)
{
    return (long long)time(NULL);
}

int loai_safe_name(const char *s)
{
    size_t i;

    if (s == NULL || *s == '\0' || *s == '.' || strlen(s) > 200)
        return 0;
    for (i = 0; s[i]; i++) {
        char c = s[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return strstr(s, "..") == NULL;
}

static int valid_user_name(const char *s)
{
    size_t i, n = s ? strlen(s) : 0;

    if (n == 0 || n > 63)
        return 0;
    for (i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
              s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

/* A comma-separated list without spaces, control characters or quotes. */
static int valid_list(const char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s < 0x20 || *s == '"' || *s == '<' || *s == '>' || *s == '\\')
            return 0;
    return 1;
}

loa_err loa_accounts_open(loa_accounts **out, const char *data_dir, loa_diag *diag)
{
    loa_accounts *a;
    char path[4096];
    loa_err err;

    if (mkdir(data_dir, 0750) != 0 && errno != EEXIST) {
        loai_diag_set(diag, "cannot create the data directory %s: %s", data_dir, strerror(errno));
        return LOA_ERR_IO;
    }
    if (snprintf(path, sizeof path, "%s/loa.db", data_dir) >= (int)sizeof path)
        return LOA_ERR_INVALID;
    if ((a = calloc(1, sizeof *a)) == NULL)
        return LOA_ERR_NOMEM;
    if ((err = loai_db_open(&a->db, path, diag)) != LOA_OK) {
        free(a);
        return err;
    }
    *out = a;
    return LOA_OK;
}

void loa_accounts_free(loa_accounts *a)
{
    if (a == NULL)
        return;
    loai_db_close(a->db);
    free(a);
}

void loai_audit(loai_db *db, const char *user, const char *ip, const char *action,
                const char *object, const char *detail)
{
    loai_db_run(db, NULL,
                "INSERT INTO audit(at, user, ip, action, object, detail) VALUES(?,?,?,?,?,?)",
                "isssss", loai_now(), user ? user : "", ip ? ip : "", action, object ? object : "",
                detail ? detail : "");
}

loa_err loai_account_add(loai_db *db, const loa_account *acc, const char *password, const char *by,
                         const char *ip, loa_diag *diag)
{
    char *hash = NULL;
    loa_err err;
    loai_stmt *q;
    int taken;

    if (!valid_user_name(acc->name)) {
        loai_diag_set(diag, "tên tài khoản \"%s\" không hợp lệ — dùng 1–63 ký tự a-z, 0-9, . _ -",
                      acc->name ? acc->name : "");
        return LOA_ERR_INVALID;
    }
    if (password == NULL || strlen(password) < 8 || strlen(password) > 1024) {
        loai_diag_set(diag, "mật khẩu phải có từ 8 đến 1024 ký tự");
        return LOA_ERR_INVALID;
    }
    if (!valid_list(acc->stations) || !valid_list(acc->communes)) {
        loai_diag_set(diag, "danh sách đài/xã có ký tự không hợp lệ");
        return LOA_ERR_INVALID;
    }
    if ((err = loai_passwd_hash(password, &hash, diag)) != LOA_OK)
        return err;
    loai_db_lock(db);
    err = loai_db_query(db, &q, diag, "SELECT 1 FROM users WHERE name = ?", "s", acc->name);
    if (err == LOA_OK) {
        taken = loai_stmt_step(q) == 1;
        loai_stmt_free(q);
        if (taken) {
            loai_diag_set(diag,
                          "tài khoản \"%s\" đã có — chọn tên khác, hoặc đổi mật khẩu bằng "
                          "'loa user passwd'",
                          acc->name);
            err = LOA_ERR_INVALID;
        } else {
            err = loai_db_run(db, diag,
                              "INSERT INTO users(name, role, stations, communes, hash, created) "
                              "VALUES(?,?,?,?,?,?)",
                              "sssssi", acc->name, loa_role_name(acc->role),
                              acc->stations ? acc->stations : "",
                              acc->communes ? acc->communes : "", hash, loai_now());
        }
    }
    if (err == LOA_OK) {
        char detail[1200];

        snprintf(detail, sizeof detail, "role=%s stations=%s communes=%s", loa_role_name(acc->role),
                 acc->stations ? acc->stations : "", acc->communes ? acc->communes : "");
        loai_audit(db, by, ip, "user.add", acc->name, detail);
    }
    loai_db_unlock(db);
    free(hash);
    return err;
}

loa_err loai_account_passwd(loai_db *db, const char *name, const char *password, const char *by,
                            const char *ip, loa_diag *diag)
{
    char *hash = NULL;
    loa_err err;

    if (password == NULL || strlen(password) < 8 || strlen(password) > 1024) {
        loai_diag_set(diag, "mật khẩu phải có từ 8 đến 1024 ký tự");
        return LOA_ERR_INVALID;
    }
    if ((err = loai_passwd_hash(password, &hash, diag)) != LOA_OK)
        return err;
    loai_db_lock(db);
    err = loai_db_run(db, diag, "UPDATE users SET hash = ? WHERE name = ?", "ss", hash, name);
    if (err == LOA_OK && loai_db_changes(db) == 0) {
        loai_diag_set(diag, "không có tài khoản \"%s\" — xem 'loa user list'", name);
        err = LOA_ERR_INVALID;
    }
    if (err == LOA_OK) {
        /* A new password ends every session of the account. */
        loai_db_run(db, NULL,
                    "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)",
                    "s", name);
        loai_audit(db, by, ip, "user.passwd", name, "");
    }
    loai_db_unlock(db);
    free(hash);
    return err;
}

loa_err loa_accounts_add(loa_accounts *a, const loa_account *acc, const char *password,
                         const char *by, loa_diag *diag)
{
    return loai_account_add(a->db, acc, password, by, "cli", diag);
}

loa_err loa_accounts_passwd(loa_accounts *a, const char *name, const char *password, const char *by,
                            loa_diag *diag)
{
    return loai_account_passwd(a->db, name, password, by, "cli", diag);
}

loa_err loa_accounts_list(loa_accounts *a, loa_account **out, size_t *n, loa_diag *diag)
{
    loa_account *list = NULL;
    size_t k = 0;
    loai_stmt *q;
    loa_err err;
    int rc;

    err = loai_db_query(a->db, &q, diag,
                        "SELECT name, role, stations, communes, disabled, created FROM users "
                        "ORDER BY name",
                        "");
    if (err != LOA_OK)
        return err;
    while ((rc = loai_stmt_step(q)) == 1) {
        loa_account *g = realloc(list, (k + 1) * sizeof *list);
        loa_role role = LOA_ROLE_EDITOR;

        if (g == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        list = g;
        loa_role_parse(loai_stmt_text(q, 1), &role);
        list[k].name = strdup(loai_stmt_text(q, 0));
        list[k].role = role;
        list[k].stations = strdup(loai_stmt_text(q, 2));
        list[k].communes = strdup(loai_stmt_text(q, 3));
        list[k].disabled = (int)loai_stmt_int(q, 4);
        list[k].created = loai_stmt_int(q, 5);
        k++;
        if (!list[k - 1].name || !list[k - 1].stations || !list[k - 1].communes) {
            err = LOA_ERR_NOMEM;
            break;
        }
    }
    if (rc < 0 && err == LOA_OK)
        err = LOA_ERR_IO;
    loai_stmt_free(q);
    if (err != LOA_OK) {
        loa_accounts_list_free(list, k);
        return err;
    }
    *out = list;
    *n = k;
    return LOA_OK;
}

void loa_accounts_list_free(loa_account *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].stations);
        free(list[i].communes);
    }
    free(list);
}
