/* The message catalogue of `loa check`: one entry per message id, with the
 * Vietnamese and English text. {1} {2} {3} are the finding's arguments.
 * Every message says what is wrong, then (after " — ") how to fix it. */
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/error.h"
#include "buf_int.h"

static const struct {
    const char *name; /* stable id for --json */
    const char *vi;
    const char *en;
} catalogue[LOA_CK_COUNT] = {
    [LOA_CK_UTF8] = {"utf8",
        "byte {1} không phải UTF-8 (vị trí byte {2}) — lưu tệp dưới dạng UTF-8 "
        "(Unicode), hoặc chạy 'loa check --fix' nếu tệp gõ bằng TCVN3/VNI",
        "byte {1} is not UTF-8 (byte offset {2}) — save the file as UTF-8 "
        "(Unicode), or run 'loa check --fix' if it was typed in TCVN3/VNI"},
    [LOA_CK_LEGACY] = {"legacy",
        "tệp dùng bảng mã cũ {1} (độ tin cậy {2}%), không phải Unicode — chạy "
        "'loa check --fix' để chuyển sang Unicode (bản gốc giữ ở .orig)",
        "the file is in the legacy {1} encoding (confidence {2}%), not Unicode — run "
        "'loa check --fix' to convert it (the original is kept as .orig)"},
    [LOA_CK_NFD] = {"nfd",
        "chữ \"{1}\" viết dấu rời (tổ hợp NFD, thường do dán từ Word/Mac) — chạy "
        "'loa check --fix' để ghép dấu (NFC)",
        "\"{1}\" has decomposed diacritics (NFD, often pasted from Word or a Mac) — run "
        "'loa check --fix' to compose them (NFC)"},
    [LOA_CK_TONE_MIXED] = {"tone-placement",
        "\"{1}\" đặt dấu khác kiểu với \"{2}\" trong cùng tệp (kiểu cũ hoà/thuỷ và kiểu "
        "mới hòa/thủy lẫn lộn) — chọn một kiểu cho cả bản tin",
        "\"{1}\" places its tone mark unlike \"{2}\" in the same file (old hoà/thuỷ and "
        "new hòa/thủy mixed) — use one style in the whole bulletin"},
    [LOA_CK_HDR_KEY] = {"header-key",
        "khóa tiêu đề lạ \"{1}\" — dùng Tiêu đề, Ưu tiên, Từ ngày, Đến ngày, Số lần phát, "
        "Đài, Giọng, Người soạn hoặc Âm thanh (hoặc thêm dòng '---' trước nội dung)",
        "unknown header key \"{1}\" — use Tiêu đề, Ưu tiên, Từ ngày, Đến ngày, Số lần "
        "phát, Đài, Giọng, Người soạn or Âm thanh (or add the '---' line before the text)"},
    [LOA_CK_HDR_DATE] = {"header-date",
        "'{1}' \"{2}\" không phải ngày có thật — viết dd/mm/yyyy, ví dụ 23/11/2026",
        "'{1}' \"{2}\" is not a real date — write dd/mm/yyyy, e.g. 23/11/2026"},
    [LOA_CK_HDR_ORDER] = {"header-dates-order",
        "'Đến ngày' {1} trước 'Từ ngày' {2} (dòng {3}) — đổi chỗ hai ngày hoặc sửa lại một ngày",
        "'Đến ngày' {1} is before 'Từ ngày' {2} (line {3}) — swap the dates or correct one"},
    [LOA_CK_HDR_TARGET] = {"header-station",
        "không có đài hay nhóm \"{1}\" trong cấu hình huyện — dùng mã đài/nhóm trong "
        "tệp cấu hình, hoặc \"tất cả\"",
        "no station or group \"{1}\" in the district config — use a station or group id "
        "from the config, or \"tất cả\" (all)"},
    [LOA_CK_HDR_REPEAT] = {"header-repeat",
        "'Số lần phát' {1} nhưng đài \"{2}\" chỉ có {3} khung phát hợp lệ trong tuần — "
        "giảm số lần phát hoặc phát thêm ở đài khác",
        "'Số lần phát' is {1} but station \"{2}\" has only {3} valid slots in the week — "
        "lower the repeat count or target more stations"},
    [LOA_CK_HDR_MISSING] = {"header-missing",
        "phần đầu thiếu dòng '{1}' ({2}) — thêm dòng '{1}: ...' trước dòng '---'",
        "the header has no '{1}' ({2}) — add a line '{1}: ...' before the '---' line"},
    [LOA_CK_HDR_AUDIO] = {"header-audio",
        "không đọc được tệp ghi âm \"{1}\" ({2}) — kiểm tra tên tệp trong dòng 'Âm thanh' "
        "(tính từ thư mục của kịch bản)",
        "the recorded file \"{1}\" cannot be read ({2}) — check the name in the 'Âm thanh' "
        "line (relative to the script's directory)"},
    [LOA_CK_SCRIPT] = {"script",
        "kịch bản sai cú pháp: {1}",
        "{1}"},
    [LOA_CK_SPELL] = {"spelling",
        "\"{1}\" có thể sai chính tả (gợi ý: {2}) — sửa lại, hoặc thêm vào tệp từ vựng "
        "của huyện nếu đúng",
        "\"{1}\" may be misspelled (suggestions: {2}) — correct it, or add it to the "
        "district's lexicon file if it is right"},
    [LOA_CK_CAPS] = {"all-caps",
        "\"{1}\" viết hoa, không có trong từ điển: sẽ đọc từng chữ cái \"{2}\" — thêm vào "
        "từ vựng của huyện, hoặc viết {{1}|cách đọc}",
        "\"{1}\" is all capitals and not in the lexicon: it will be spelled letter by "
        "letter, \"{2}\" — add it to the district's lexicon, or write {{1}|reading}"},
    [LOA_CK_GUESS] = {"unknown-word",
        "\"{1}\" không phải tiếng Việt và không có trong từ điển: máy sẽ đọc đoán "
        "\"{2}\" — thêm vào từ vựng của huyện, hoặc viết {{1}|cách đọc}",
        "\"{1}\" is not Vietnamese and not in the lexicon: it will be read as a guess, "
        "\"{2}\" — add it to the district's lexicon, or write {{1}|reading}"},
    [LOA_CK_DURATION] = {"duration",
        "bản tin đọc mất khoảng {1} giây, dài hơn khung phát ngắn nhất ({2} giây, đài "
        "\"{3}\") — rút gọn bản tin hoặc chia làm hai",
        "the bulletin takes about {1} s to read, longer than the shortest slot ({2} s, "
        "station \"{3}\") — shorten it or split it in two"},
    [LOA_CK_CONFIG] = {"config",
        "cấu hình huyện sai: {1}",
        "{1}"},
    [LOA_CK_IO] = {"io",
        "không đọc/ghi được tệp: {1} — kiểm tra đường dẫn và quyền truy cập",
        "cannot read or write the file: {1} — check the path and permissions"},
    [LOA_CK_GUESS_UNIT] = {"guess-unit",
        "\"{1}\": chữ sau số không phải đơn vị đã biết, máy sẽ đọc \"{2}\" — nếu sai, "
        "viết {{1}|cách đọc}, hoặc thêm đơn vị vào voices/units.txt",
        "\"{1}\": the letters after the number are no known unit; it will be read \"{2}\" — "
        "if that is wrong, write {{1}|reading}, or add the unit to voices/units.txt"},
    [LOA_CK_GUESS_SLASH] = {"guess-slash",
        "\"{1}\" có thể là ngày, phân số hay tỉ số; máy sẽ đọc \"{2}\" — nếu sai, viết "
        "{{1}|cách đọc} hoặc viết rõ (ngày {1}, {1} điểm)",
        "\"{1}\" may be a date, a fraction or a score; it will be read \"{2}\" — if that is "
        "wrong, write {{1}|reading} or say it (ngày {1}, {1} điểm)"},
    [LOA_CK_GUESS_DASH] = {"guess-dash",
        "\"{1}\" có thể là khoảng số, ngày hay mã; máy sẽ đọc \"{2}\" — nếu sai, viết "
        "{{1}|cách đọc}",
        "\"{1}\" may be a range, a date or a code; it will be read \"{2}\" — if that is "
        "wrong, write {{1}|reading}"},
    [LOA_CK_GUESS_PHONE] = {"guess-phone",
        "\"{1}\" có thể là số điện thoại hay một số lượng; máy sẽ đọc \"{2}\" — nếu sai, "
        "viết {{1}|cách đọc}, hoặc viết \"gọi {1}\" cho số điện thoại",
        "\"{1}\" may be a phone number or an amount; it will be read \"{2}\" — if that is "
        "wrong, write {{1}|reading}, or \"gọi {1}\" for a number to call"},
    [LOA_CK_FIXED] = {"fixed",
        "đã sửa: {1}; bản gốc lưu ở {2} — kiểm tra lại rồi xóa bản gốc",
        "fixed: {1}; the original is kept as {2} — check it, then delete the original"},
    [LOA_CK_HDR_TITLE] = {"header-title",
        "tiêu đề dài {1} ký tự: thẻ MP3 chỉ giữ {2} ký tự đầu — rút gọn tiêu đề",
        "the title has {1} characters: the MP3 tags keep the first {2} — shorten it"},
};

const char *loa_check_id_name(loa_check_id id)
{
    return (unsigned)id < LOA_CK_COUNT ? catalogue[id].name : "unknown";
}

char *loa_check_message(const loa_check_item *item, loa_check_lang lang)
{
    const char *f, *p;
    loai_buf b = {0};
    loa_err err = loai_buf_add(&b, "", 0);

    if ((unsigned)item->id >= LOA_CK_COUNT)
        return NULL;
    f = lang == LOA_LANG_EN ? catalogue[item->id].en : catalogue[item->id].vi;
    for (p = f; *p && err == LOA_OK; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}') {
            const char *a = item->arg[p[1] - '1'];

            err = loai_buf_puts(&b, a ? a : "");
            p += 2;
        } else {
            err = loai_buf_add(&b, p, 1);
        }
    }
    if (err != LOA_OK) {
        loai_buf_free(&b);
        return NULL;
    }
    return b.data;
}
