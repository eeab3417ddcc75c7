/* The message catalogue's part for `loa check`'s findings (the rest is
 * msg_cat.c; both are read through msg.c): one entry per finding id, with
 * its stable name for --json and the Vietnamese and English text. {1} {2}
 * {3} are the finding's arguments. Every message says what is wrong, then
 * (after " — ") how to fix it. */
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/error.h"
#include "loa/msg.h"
#include "msg_int.h"

static const loai_msg catalogue[LOA_CK_COUNT] = {
    [LOA_CK_UTF8] = {"utf8",
        "byte {1} không phải UTF-8 (vị trí byte {2}) — lưu tệp dưới dạng UTF-8 "
        "(Unicode), hoặc chạy 'loa check --fix' nếu tệp gõ bằng TCVN3, VNI hay CP1258",
        "byte {1} is not UTF-8 (byte offset {2}) — save the file as UTF-8 "
        "(Unicode), or run 'loa check --fix' if it was typed in TCVN3, VNI or CP1258"},
    [LOA_CK_LEGACY] = {"legacy",
        "tệp dùng bảng mã cũ {1} (độ tin cậy {2}%), không phải Unicode — chạy "
        "'loa check --fix' để chuyển sang Unicode (bản gốc giữ ở .orig)",
        "the file is in the legacy {1} encoding (confidence {2}%), not Unicode — run "
        "'loa check --fix' to convert it (the original is kept as .orig)"},
    [LOA_CK_NFD] = {"nfd",
        "chữ \"{1}\" viết dấu rời (tổ hợp NFD, thường do dán từ Word hay máy Mac) — chạy "
        "'loa check --fix' để ghép dấu (NFC)",
        "\"{1}\" has decomposed diacritics (NFD, often pasted from Word or a Mac) — run "
        "'loa check --fix' to compose them (NFC)"},
    [LOA_CK_TONE_MIXED] = {"tone-placement",
        "\"{1}\" đặt dấu khác kiểu với \"{2}\" trong cùng tệp (kiểu cũ \"hoà\", \"thuỷ\" và "
        "kiểu mới \"hòa\", \"thủy\" lẫn lộn) — chọn một kiểu cho cả bản tin",
        "\"{1}\" places its tone mark unlike \"{2}\" in the same file (old \"hoà\", \"thuỷ\" "
        "and new \"hòa\", \"thủy\" mixed) — use one style in the whole bulletin"},
    [LOA_CK_HDR_KEY] = {"header-key",
        "phần đầu có mục lạ \"{1}\" — dùng các mục 'Tiêu đề', 'Ưu tiên', 'Từ ngày', "
        "'Đến ngày', 'Số lần phát', 'Đài', 'Giọng', 'Người soạn' hoặc 'Âm thanh' (hoặc "
        "thêm dòng '---' trước nội dung)",
        "unknown header key \"{1}\" — use 'Tiêu đề', 'Ưu tiên', 'Từ ngày', 'Đến ngày', "
        "'Số lần phát', 'Đài', 'Giọng', 'Người soạn' or 'Âm thanh' (or add the '---' line "
        "before the text)"},
    [LOA_CK_HDR_DATE] = {"header-date",
        "'{1}' \"{2}\" không phải ngày có thật — kiểm tra ngày và tháng: viết dd/mm/yyyy, có "
        "thể thêm giờ HH:MM, ví dụ 23/11/2026 hoặc 23/11/2026 08:00",
        "'{1}' \"{2}\" is not a real date — check the day and the month: write dd/mm/yyyy, "
        "optionally followed by HH:MM, e.g. 23/11/2026 or 23/11/2026 08:00"},
    [LOA_CK_HDR_ORDER] = {"header-dates-order",
        "'Đến ngày' {1} không sau 'Từ ngày' {2} (dòng {3}) — đổi chỗ hai ngày hoặc sửa lại "
        "một ngày",
        "'Đến ngày' {1} is not after 'Từ ngày' {2} (line {3}) — swap the dates or correct "
        "one"},
    [LOA_CK_HDR_TARGET] = {"header-station",
        "không có đài hay nhóm \"{1}\" trong cấu hình khu vực — dùng mã đài hoặc mã nhóm "
        "trong tệp cấu hình, hoặc \"tất cả\"",
        "no station or group \"{1}\" in the district config — use a station or group id "
        "from the config, or \"tất cả\" (all)"},
    [LOA_CK_HDR_REPEAT] = {"header-repeat",
        "'Số lần phát' là {1} nhưng đài \"{2}\" chỉ có {3} khung phát trong thời gian hiệu "
        "lực ở tuần đầu — giảm số lần phát, kéo dài thời gian hiệu lực hoặc phát thêm ở đài "
        "khác",
        "'Số lần phát' is {1} but station \"{2}\" has only {3} slots inside the validity in "
        "its first week — lower the repeat count, lengthen the validity or target more "
        "stations"},
    [LOA_CK_HDR_MISSING] = {"header-missing",
        "phần đầu thiếu dòng '{1}' ({2}) — thêm dòng '{1}: ...' trước dòng '---'",
        "the header has no '{1}' ({2}) — add a line '{1}: ...' before the '---' line"},
    [LOA_CK_HDR_AUDIO] = {"header-audio",
        "không đọc được tệp ghi âm \"{1}\" ({2}) — kiểm tra tên tệp trong dòng 'Âm thanh' "
        "(tính từ thư mục của kịch bản)",
        "the recorded file \"{1}\" cannot be read ({2}) — check the name in the 'Âm thanh' "
        "line (relative to the script's directory)"},
    [LOA_CK_SCRIPT] = {"script", "{1}", "{1}"},
    [LOA_CK_SPELL] = {"spelling",
        "\"{1}\" có thể sai chính tả (gợi ý: {2}) — sửa lại, hoặc thêm vào tệp từ vựng "
        "của khu vực nếu đúng",
        "\"{1}\" may be misspelled (suggestions: {2}) — correct it, or add it to the "
        "district's lexicon file if it is right"},
    [LOA_CK_CAPS] = {"all-caps",
        "\"{1}\" viết hoa, không có trong từ điển: sẽ đọc từng chữ cái \"{2}\" — thêm vào "
        "từ vựng của khu vực, hoặc viết {{1}|cách đọc}",
        "\"{1}\" is all capitals and not in the lexicon: it will be spelled letter by "
        "letter, \"{2}\" — add it to the district's lexicon, or write {{1}|reading}"},
    [LOA_CK_GUESS] = {"unknown-word",
        "\"{1}\" không phải tiếng Việt và không có trong từ điển: máy sẽ đọc đoán "
        "\"{2}\" — thêm vào từ vựng của khu vực, hoặc viết {{1}|cách đọc}",
        "\"{1}\" is not Vietnamese and not in the lexicon: it will be read as a guess, "
        "\"{2}\" — add it to the district's lexicon, or write {{1}|reading}"},
    [LOA_CK_DURATION] = {"duration",
        "bản tin đọc mất khoảng {1} giây, dài hơn khung phát ngắn nhất ({2} giây, đài "
        "\"{3}\") — rút gọn bản tin hoặc chia làm hai",
        "the bulletin takes about {1} s to read, longer than the shortest slot ({2} s, "
        "station \"{3}\") — shorten it or split it in two"},
    [LOA_CK_CONFIG] = {"config", "{1}", "{1}"},
    [LOA_CK_IO] = {"io",
        "không đọc hay ghi được tệp: {1} — kiểm tra đường dẫn và quyền truy cập",
        "cannot read or write the file: {1} — check the path and permissions"},
    [LOA_CK_GUESS_UNIT] = {"guess-unit",
        "\"{1}\": chữ sau số không phải đơn vị đã biết, máy sẽ đọc \"{2}\" — nếu sai, "
        "viết {{1}|cách đọc}, hoặc thêm đơn vị vào voices/units.txt",
        "\"{1}\": the letters after the number are no known unit; it will be read \"{2}\" — "
        "if that is wrong, write {{1}|reading}, or add the unit to voices/units.txt"},
    [LOA_CK_GUESS_SLASH] = {"guess-slash",
        "\"{1}\" có thể là ngày, phân số hay tỉ số; máy sẽ đọc \"{2}\" — nếu sai, viết "
        "{{1}|cách đọc} hoặc viết rõ (\"ngày {1}\", \"{1} điểm\")",
        "\"{1}\" may be a date, a fraction or a score; it will be read \"{2}\" — if that is "
        "wrong, write {{1}|reading} or say it (\"ngày {1}\", \"{1} điểm\")"},
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
    [LOA_CK_GUESS_DEGREE] = {"guess-degree",
        "\"{1}\": có lẽ dấu độ bị mất thành số 0 (35°C thành 350C); máy sẽ đọc \"{2}\" — "
        "nếu đúng, viết lại với °C; nếu sai, viết {{1}|cách đọc}",
        "\"{1}\": a degree sign seems lost as a 0 (35 degrees C typed 350C); it will be read "
        "\"{2}\" — if so, write the degree sign; if not, write {{1}|reading}"},
    [LOA_CK_FIXED] = {"fixed",
        "đã sửa: {1}; bản gốc lưu ở {2} — kiểm tra lại rồi xóa bản gốc",
        "fixed: {1}; the original is kept as {2} — check it, then delete the original"},
    [LOA_CK_HDR_TITLE] = {"header-title",
        "tiêu đề dài {1} ký tự: thẻ MP3 chỉ giữ {2} ký tự đầu — rút gọn tiêu đề",
        "the title has {1} characters: the MP3 tags keep the first {2} — shorten it"},
    [LOA_CK_HDR_KEY_NEAR] = {"header-key",
        "phần đầu có mục lạ \"{1}\" — có phải là '{2}'? Sửa lại tên mục (các mục: 'Tiêu "
        "đề', 'Ưu tiên', 'Từ ngày', 'Đến ngày', 'Số lần phát', 'Đài', 'Giọng', 'Người soạn', "
        "'Âm thanh')",
        "unknown header key \"{1}\" — did you mean '{2}'? Correct the key (the keys: 'Tiêu "
        "đề', 'Ưu tiên', 'Từ ngày', 'Đến ngày', 'Số lần phát', 'Đài', 'Giọng', 'Người soạn', "
        "'Âm thanh')"},
    [LOA_CK_HDR_TWICE] = {"header-key",
        "mục '{1}' có hai lần — giữ lại một dòng",
        "'{1}' is given twice — keep one line"},
    [LOA_CK_HDR_EMPTY] = {"header-value",
        "mục '{1}' chưa có giá trị — viết giá trị sau dấu hai chấm",
        "'{1}' has no value — write it after the colon"},
    [LOA_CK_HDR_LINE] = {"header-line",
        "dòng này không có dạng 'Mục: giá trị' (ví dụ 'Tiêu đề: ...') và cũng không phải "
        "dòng '---' mở đầu nội dung — thêm dòng '---' còn thiếu phía trên nội dung",
        "expected 'Key: value' (e.g. 'Tiêu đề: ...') or the line '---' that starts the "
        "text — add the missing '---' above the text"},
    [LOA_CK_HDR_NO_DASH] = {"header-line",
        "sau phần đầu không có dòng '---' — thêm một dòng gồm ba dấu gạch ngang giữa phần "
        "đầu và nội dung",
        "no '---' line after the header — add a line with three dashes between the "
        "header and the text"},
    [LOA_CK_HDR_DATE_FORM] = {"header-date",
        "'{1}' \"{2}\" không phải ngày — viết dd/mm/yyyy, có thể thêm giờ HH:MM, ví dụ "
        "23/11/2026 hoặc 23/11/2026 08:00",
        "'{1}' \"{2}\" is not a date — write dd/mm/yyyy, optionally followed by HH:MM, "
        "e.g. 23/11/2026 or 23/11/2026 08:00"},
    [LOA_CK_HDR_DATE_YEAR] = {"header-date",
        "'{1}' \"{2}\" thiếu năm — viết dd/mm/yyyy, có thể thêm giờ HH:MM, ví dụ "
        "29/11/2026 hoặc 29/11/2026 08:00",
        "'{1}' \"{2}\" has no year — write dd/mm/yyyy, optionally followed by HH:MM, e.g. "
        "29/11/2026 or 29/11/2026 08:00"},
    [LOA_CK_HDR_TIME] = {"header-date",
        "'{1}' \"{2}\": \"{3}\" không phải giờ trong ngày — viết dd/mm/yyyy HH:MM với giờ "
        "từ 00:00 đến 23:59, ví dụ 26/11/2026 16:30",
        "'{1}' \"{2}\": \"{3}\" is not a time of day — write dd/mm/yyyy HH:MM with a time "
        "from 00:00 to 23:59, e.g. 26/11/2026 16:30"},
    [LOA_CK_HDR_PRIO] = {"header-value",
        "mức ưu tiên lạ \"{1}\" — viết 'thường', 'ưu tiên' hoặc 'khẩn cấp'",
        "unknown priority \"{1}\" — write 'thường', 'ưu tiên' or 'khẩn cấp' (normal, high, "
        "urgent)"},
    [LOA_CK_HDR_PRIO_NEAR] = {"header-value",
        "mức ưu tiên lạ \"{1}\" — có phải là '{2}'? Viết 'thường', 'ưu tiên' hoặc 'khẩn "
        "cấp'",
        "unknown priority \"{1}\" — did you mean '{2}'? Write 'thường', 'ưu tiên' or 'khẩn "
        "cấp' (normal, high, urgent)"},
    [LOA_CK_HDR_REPEAT_VALUE] = {"header-value",
        "'Số lần phát' \"{1}\" không phải một số lần — viết số nguyên từ 1 đến 100, ví dụ 3",
        "'Số lần phát' \"{1}\" is not a number of airings — write a whole number from 1 to "
        "100, e.g. 3"},
    [LOA_CK_HDR_VOICE] = {"header-value",
        "'Giọng' \"{1}\" không rõ — viết vùng miền ('miền Bắc', 'miền Trung', 'miền Nam') "
        "và/hoặc giọng đọc ('nữ', 'nam giới'), ví dụ 'Giọng: miền Nam, nữ'; hoặc bỏ dòng "
        "này để dùng giọng của đài",
        "unknown 'Giọng' \"{1}\" — write the region ('miền Bắc', 'miền Trung', 'miền Nam') "
        "and/or the voice ('nữ' female, 'nam giới' male), e.g. 'Giọng: miền Nam, nữ'; or "
        "leave the line out for the station's voice"},
    [LOA_CK_HDR_VOICE_NAM] = {"header-voice",
        "'Giọng: {1}' được hiểu là giọng miền Nam — nếu muốn người đọc là nam giới, viết "
        "'Giọng: nam giới'; nếu đúng là giọng miền Nam, viết 'Giọng: miền Nam' cho rõ",
        "'Giọng: {1}' is read as the southern accent ('miền Nam') — for a male voice write "
        "'Giọng: nam giới'; if the south is meant, write 'Giọng: miền Nam' to say so"},
    [LOA_CK_HDR_TARGET_FORM] = {"header-station",
        "\"{1}\" không phải mã đài hay mã nhóm — viết \"tất cả\" hoặc các mã trong cấu hình "
        "khu vực, cách nhau bằng dấu phẩy, ví dụ \"man-duc, vung-cao\"",
        "\"{1}\" is not a station or group id — write \"tất cả\" (all) or ids from the "
        "district config separated by commas, e.g. \"man-duc, vung-cao\""},
    [LOA_CK_HDR_TARGET_NEAR] = {"header-station",
        "\"{1}\" không phải mã đài hay mã nhóm của khu vực — có phải là \"{2}\" ({3})? Viết "
        "mã \"{2}\"",
        "\"{1}\" is not a station or group id of the district — did you mean \"{2}\" "
        "({3})? Write the id \"{2}\""},
    [LOA_CK_HDR_AUDIO_OUTSIDE] = {"header-audio",
        "tệp ghi âm \"{1}\" nằm ngoài thư mục của kịch bản — đặt tệp cạnh kịch bản (hoặc "
        "trong thư mục con) và viết tên tệp không có '/' ở đầu và không có '..'",
        "the recording \"{1}\" lies outside the script's folder — put it beside the script "
        "(or in a folder below it) and write its name without '/' at the start or '..'"},
    [LOA_CK_BODY_EMPTY] = {"body",
        "bản tin không có nội dung sau dòng '---' — viết nội dung, hoặc ghi 'Âm thanh: "
        "tệp.mp3' cho bản tin ghi âm",
        "the bulletin has no text after '---' — write the text, or give 'Âm thanh: "
        "file.mp3' for a recorded bulletin"},
    [LOA_CK_BODY_AUDIO] = {"body",
        "bản tin ghi âm ('Âm thanh' ở dòng {1}) không có nội dung chữ — xóa nội dung sau "
        "dòng '---' hoặc xóa dòng 'Âm thanh'",
        "a recorded bulletin ('Âm thanh' on line {1}) has no text — remove the text after "
        "'---' or the 'Âm thanh' line"},
    [LOA_CK_MARK_UNKNOWN] = {"mark",
        "dấu lạ {1} — chỗ nghỉ viết [nghỉ 2 giây] hoặc [nghỉ 500 ms]; lời ghi chú khác đặt "
        "trong ( )",
        "unknown mark {1} — a pause is written [nghỉ 2 giây] or [nghỉ 500 ms]; use ( ) for "
        "other remarks"},
    [LOA_CK_MARK_PAUSE] = {"mark",
        "chỗ nghỉ {1} phải dài từ 1 ms đến 60 giây — sửa lại độ dài",
        "the pause {1} must last from 1 ms to 60 seconds — correct its length"},
    [LOA_CK_MARK_EMPTY] = {"mark",
        "dấu cách đọc bị trống — viết {VNeID|vê en e ai đi} (chữ viết|cách đọc)",
        "empty pronunciation mark — write {VNeID|vê en e ai đi} (written form|spoken "
        "form)"},
    [LOA_CK_MARK_BAR] = {"mark",
        "dấu cách đọc chỉ có một dấu '|' — viết {chữ viết|cách đọc}",
        "a pronunciation mark has one '|' — write {written|spoken}"},
    [LOA_CK_MARK_NESTED] = {"mark",
        "'{1}' nằm trong một dấu mở ở cột {2} — đóng dấu đó bằng '{3}' trước khi mở dấu "
        "khác",
        "'{1}' inside a mark opened at column {2} — close the first mark with '{3}' before "
        "opening another"},
    [LOA_CK_MARK_OPEN] = {"mark",
        "'{1}' chưa được đóng trên dòng này — thêm '{2}' (các dấu như [nghỉ 2 giây] và "
        "{VNeID|vê en e ai đi} phải nằm trên một dòng)",
        "'{1}' is not closed on this line — add '{2}' (marks like [nghỉ 2 giây] and "
        "{VNeID|vê en e ai đi} stay on one line)"},
    [LOA_CK_MARK_CLOSE] = {"mark",
        "'{1}' không có '{2}' mở tương ứng — xóa nó hoặc thêm dấu mở",
        "'{1}' without a matching '{2}' — remove it or add the opening bracket"},
    [LOA_CK_OK] = {"ok",
        "không có lỗi — đọc mất khoảng {1} giây",
        "no problems — about {1} s to read"},
    [LOA_CK_OK_RECORDED] = {"ok",
        "không có lỗi — bản tin ghi âm",
        "no problems — a recorded bulletin"},
    [LOA_CK_JINGLE] = {"jingle",
        "không đọc được {1} \"{2}\" ({3}) — kiểm tra tệp và đường dẫn của nó trong mục "
        "'jingles' của cấu hình",
        "cannot read {1} \"{2}\" ({3}) — check the file and its path in the config's "
        "'jingles'"},
    [LOA_CK_NO_SCRIPTS] = {"scripts",
        "thư mục kịch bản \"{1}\" không có kịch bản nào (tệp .txt) — đặt kịch bản của tuần "
        "vào đó, hoặc sửa mục 'scripts' của cấu hình",
        "the scripts folder \"{1}\" holds no script (.txt file) — put the week's scripts "
        "there, or correct 'scripts' in the config"},
};

const loai_msg *loai_check_catalogue(size_t *n)
{
    *n = LOA_CK_COUNT;
    return catalogue;
}

const char *loa_check_id_name(loa_check_id id)
{
    return (unsigned)id < LOA_CK_COUNT ? catalogue[id].name : "unknown";
}

char *loa_check_message(const loa_check_item *item, loa_lang lang)
{
    const char *const args[3] = {item->arg[0], item->arg[1], item->arg[2]};

    if ((unsigned)item->id >= LOA_CK_COUNT)
        return NULL;
    return loai_msg_render(lang == LOA_LANG_EN ? catalogue[item->id].en : catalogue[item->id].vi,
                           args, 3, lang);
}
