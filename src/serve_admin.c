/* The admin's pages: accounts (add, new password, disable) and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve_int.h"

static void when(char *buf, size_t size, long long t)
{
    time_t tt = (time_t)t + 7 * 3600;
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(buf, size, "%d/%m/%Y %H:%M:%S", &tm);
}

static void users_page(loai_srv *S, loai_resp *p, const loai_user *u, const char *flash, int err)
{
    loai_stmt *q;
    static const char *const roles[] = {"editor", "approver", "operator", "admin"};
    size_t i;

    loai_page_begin(S, p, u, "Tài khoản", "users");
    loai_buf_puts(&p->body, "<h1>Tài khoản</h1>");
    if (flash) {
        loai_buf_printf(&p->body, "<p class=\"flash%s\" role=\"status\">", err ? " error" : "");
        loai_html_msg(&p->body, flash);
        loai_buf_puts(&p->body, "</p>");
    }
    loai_buf_puts(&p->body, "<table class=\"list\"><thead><tr><th>Tên</th><th>Vai trò</th>"
                            "<th>Đài / nhóm</th><th>Xã</th><th>Trạng thái</th><th></th></tr>"
                            "</thead><tbody>");
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT id, name, role, stations, communes, disabled "
                      "FROM users ORDER BY name",
                      "") == LOA_OK) {
        while (loai_stmt_step(q) == 1) {
            loa_role r = LOA_ROLE_EDITOR;

            loa_role_parse(loai_stmt_text(q, 2), &r);
            loai_buf_puts(&p->body, "<tr><td>");
            loai_html_esc(&p->body, loai_stmt_text(q, 1));
            loai_buf_printf(&p->body, "</td><td>%s</td><td>", loai_role_vi((loai_role)r));
            loai_html_esc(&p->body, *loai_stmt_text(q, 3) || *loai_stmt_text(q, 4)
                                        ? loai_stmt_text(q, 3)
                                        : "tất cả");
            loai_buf_puts(&p->body, "</td><td>");
            loai_html_esc(&p->body, loai_stmt_text(q, 4));
            loai_buf_printf(&p->body,
                            "</td><td>%s</td><td><form method=\"post\" "
                            "action=\"/admin/users/%lld\" class=\"inline\"><input "
                            "type=\"hidden\" name=\"csrf\" value=\"%s\"><input "
                            "type=\"password\" name=\"password\" placeholder=\"mật khẩu "
                            "mới\" minlength=\"8\" autocomplete=\"new-password\"><button "
                            "type=\"submit\" name=\"do\" value=\"passwd\">Đổi</button> "
                            "<button type=\"submit\" name=\"do\" value=\"%s\">%s</button>"
                            "</form></td></tr>",
                            loai_stmt_int(q, 5) ? "đã khóa" : "hoạt động", loai_stmt_int(q, 0),
                            u->csrf, loai_stmt_int(q, 5) ? "enable" : "disable",
                            loai_stmt_int(q, 5) ? "Mở khóa" : "Khóa");
        }
        loai_stmt_free(q);
    }
    loai_buf_printf(&p->body,
                    "</tbody></table><section class=\"card\"><h2>Thêm tài khoản</h2>"
                    "<form method=\"post\" action=\"/admin/users\"><input type=\"hidden\" "
                    "name=\"csrf\" value=\"%s\"><label>Tên<input name=\"name\" required "
                    "pattern=\"[a-z0-9._-]{1,63}\" autocapitalize=\"none\"></label>"
                    "<label>Vai trò<select name=\"role\">",
                    u->csrf);
    for (i = 0; i < 4; i++)
        loai_buf_printf(&p->body, "<option value=\"%s\">%s</option>", roles[i],
                        loai_role_vi((loai_role)i));
    loai_buf_puts(&p->body, "</select></label><label>Đài hoặc nhóm (mã, cách nhau dấu phẩy; để "
                            "trống = tất cả)<input name=\"stations\"></label><label>Xã (tên, "
                            "cách nhau dấu phẩy)<input name=\"communes\"></label><label>Mật khẩu"
                            "<input type=\"password\" name=\"password\" required minlength=\"8\" "
                            "autocomplete=\"new-password\"></label><button type=\"submit\" "
                            "class=\"primary\">Thêm</button></form></section>");
    loai_page_end(p);
}

static void audit_page(loai_srv *S, loai_resp *p, const loai_user *u)
{
    loai_stmt *q;

    loai_page_begin(S, p, u, "Nhật ký", "audit");
    loai_buf_puts(&p->body, "<h1>Nhật ký thao tác</h1><table class=\"list audit\"><thead><tr>"
                            "<th>Lúc</th><th>Ai</th><th>Từ</th><th>Việc</th><th>Đối tượng</th>"
                            "<th>Chi tiết</th></tr></thead><tbody>");
    if (loai_db_query(S->db, &q, NULL,
                      "SELECT at, user, ip, action, object, detail FROM audit "
                      "ORDER BY id DESC LIMIT 300",
                      "") == LOA_OK) {
        while (loai_stmt_step(q) == 1) {
            char w[32];
            int c;

            when(w, sizeof w, loai_stmt_int(q, 0));
            loai_buf_printf(&p->body, "<tr><td>%s</td>", w);
            for (c = 1; c <= 5; c++) {
                loai_buf_puts(&p->body, "<td>");
                loai_html_esc(&p->body, loai_stmt_text(q, c));
                loai_buf_puts(&p->body, "</td>");
            }
            loai_buf_puts(&p->body, "</tr>");
        }
        loai_stmt_free(q);
    }
    loai_buf_puts(&p->body, "</tbody></table>");
    loai_page_end(p);
}

void loai_serve_admin(loai_srv *S, loai_req *r, loai_resp *p, const loai_user *u)
{
    int post = strcmp(r->method, "POST") == 0;
    const char *path = r->path;

    if (u->role != ROLE_ADMIN) {
        loai_audit(S->db, u->name, r->ip, "forbidden", path, "");
        loai_error_page(S, p, u, 403, "Chỉ quản trị viên vào được trang này.");
        return;
    }
    if (strcmp(path, "/admin/audit") == 0) {
        if (post) {
            loai_method_not_allowed(p, "GET, HEAD");
            return;
        }
        audit_page(S, p, u);
        return;
    }
    if (strcmp(path, "/admin/users") == 0) {
        loa_account acc;
        loa_diag d;
        loa_role role;

        if (!post) {
            users_page(S, p, u, NULL, 0);
            return;
        }
        memset(&acc, 0, sizeof acc);
        memset(&d, 0, sizeof d);
        acc.name = (char *)loai_req_field(r, "name", NULL);
        acc.stations = (char *)loai_req_field(r, "stations", NULL);
        acc.communes = (char *)loai_req_field(r, "communes", NULL);
        if (loa_role_parse(loai_req_field(r, "role", NULL), &role) != LOA_OK) {
            p->status = 400;
            users_page(S, p, u, "Vai trò không hợp lệ.", 1);
            return;
        }
        acc.role = role;
        if (loai_account_add(S->db, &acc, loai_req_field(r, "password", NULL), u->name, r->ip,
                             &d) != LOA_OK) {
            p->status = 400;
            users_page(S, p, u, d.msg, 1);
            return;
        }
        loai_redirect(p, "/admin/users");
        return;
    }
    if (strncmp(path, "/admin/users/", 13) == 0) {
        const char *s = path + 13, *act = loai_req_field(r, "do", NULL);
        long long id;
        char name[64] = "";
        loai_stmt *q;
        loa_diag d;

        if (!post) {
            loai_method_not_allowed(p, "POST");
            return;
        }
        if (*s < '1' || *s > '9' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15) {
            loai_error_page(S, p, u, 404, "Không có tài khoản này.");
            return;
        }
        id = atoll(s);
        if (loai_db_query(S->db, &q, NULL, "SELECT name FROM users WHERE id = ?", "i", id) ==
            LOA_OK) {
            if (loai_stmt_step(q) == 1)
                snprintf(name, sizeof name, "%s", loai_stmt_text(q, 0));
            loai_stmt_free(q);
        }
        if (name[0] == '\0') {
            loai_error_page(S, p, u, 404, "Không có tài khoản này.");
            return;
        }
        memset(&d, 0, sizeof d);
        if (act && strcmp(act, "passwd") == 0) {
            if (loai_account_passwd(S->db, name, loai_req_field(r, "password", NULL), u->name,
                                    r->ip, &d) != LOA_OK) {
                p->status = 400;
                users_page(S, p, u, d.msg, 1);
                return;
            }
        } else if (act && (strcmp(act, "disable") == 0 || strcmp(act, "enable") == 0)) {
            int off = strcmp(act, "disable") == 0;

            if (off && id == u->id) {
                p->status = 400;
                users_page(S, p, u, "Không thể tự khóa tài khoản của mình.", 1);
                return;
            }
            loai_db_run(S->db, NULL, "UPDATE users SET disabled = ? WHERE id = ?", "ii",
                        (long long)off, id);
            if (off)
                loai_db_run(S->db, NULL, "DELETE FROM sessions WHERE user_id = ?", "i", id);
            loai_audit(S->db, u->name, r->ip, off ? "user.disable" : "user.enable", name, "");
        } else {
            loai_error_page(S, p, u, 400, "Thao tác không hợp lệ.");
            return;
        }
        loai_redirect(p, "/admin/users");
        return;
    }
    loai_error_page(S, p, u, 404, "Không tìm thấy trang này.");
}
