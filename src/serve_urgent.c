/* "Phát ngay" from the web desk. The mechanism that makes running stations
 * air a notice within seconds (`loa urgent`, issue "On air") is being built
 * on its own branch; until its library function lands, approving as "Phát
 * ngay" publishes the script like any approval (so the next build opens
 * every targeted slot with it after the chime) and this hook records that
 * the immediate airing is still to be done, so the page says so plainly. */
#include <stdio.h>
#include <string.h>

#include "serve_int.h"

loa_err loai_serve_urgent_now(loai_srv *S, const char *script_path, const char *stations,
                              loa_diag *diag)
{
    (void)S;
    (void)script_path;
    (void)stations;
    loai_diag_set(diag, "Đã duyệt khẩn cấp và xuất bản; phát ngay tới các đài đang chạy chưa "
                        "có trong bản này (chờ lệnh loa urgent) — bản tin sẽ mở đầu mọi buổi "
                        "phát sau khi dựng lại tuần.");
    return LOA_ERR_INVALID;
}
