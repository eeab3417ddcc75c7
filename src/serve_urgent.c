/* "Phát ngay" from the web desk: an urgent bulletin, once approved, goes to
 * loa urgent's library function (loa_urgent_send, issue 16) in a child of
 * the launcher: the week is republished with the notice opening every
 * remaining slot of its validity, and every targeted running station plays
 * the chime and the notice within seconds (pulled stations on their next
 * poll). NOTE gets the Vietnamese line the bulletin's page shows. */
#include <stdio.h>
#include <string.h>

#include "serve_int.h"

loa_err loai_serve_urgent_now(loai_srv *S, const char *script_path, char *note, size_t size,
                              loa_diag *diag)
{
    char sent[600] = "";
    size_t n_sent = 0, n_missed = 0;
    const char *ids;
    loa_err err;

    err = loai_work_urgent(S->work, S->cfg_path, script_path, sent, sizeof sent, &n_sent, &n_missed,
                           diag);
    if (err != LOA_OK) {
        snprintf(note, size,
                 "Phát ngay thất bại: %.400s — bản tin đã được duyệt và sẽ phát "
                 "từ lần dựng tuần sau.",
                 diag && diag->msg[0] ? diag->msg : "?");
        return err;
    }
    ids = strchr(sent, ' ');
    if (n_sent > 0)
        snprintf(note, size, "Phát ngay: đã gửi tới %zu đài (%.300s)%s", n_sent, ids ? ids + 1 : "",
                 n_missed ? "; có đài ngoài thời gian hiệu lực" : ".");
    else
        snprintf(note, size,
                 "Phát ngay: không đài nào phát lúc này (ngoài thời gian hiệu lực "
                 "hoặc chưa có tuần đã xuất bản); bản tin mở đầu các buổi phát còn "
                 "lại trong hiệu lực.");
    return LOA_OK;
}
