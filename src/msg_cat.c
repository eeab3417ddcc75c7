/* The message catalogue: every message libloa and the loa program show a
 * person, in Vietnamese and English (loa check's findings are in
 * check_msg.c). The side the code writes is its exact printf format; the
 * other side uses {1} .. {16} for the code's conversions in order (msg.c
 * matches and renders them). tests/cli/messages.sh checks that every
 * format in src/ is here and that neither language has words of the other.
 * Each message says what is wrong, then (after " — ") how to fix it. */
#include <stddef.h>

#include "msg_int.h"

/* E: the code writes English; V: the code writes Vietnamese. */
#define E(en, vi) {NULL, vi, en}
#define V(vi, en) {NULL, vi, en}

static const loai_msg catalogue[] = {
    /* ---- error.c: loa_strerror, and the C library's messages (strerror) ---- */
    E("success",
      "thành công"),
    E("out of memory",
      "hết bộ nhớ"),
    E("invalid argument",
      "đối số không hợp lệ"),
    E("input/output error",
      "lỗi đọc ghi"),
    E("configuration error",
      "lỗi cấu hình"),
    E("text error",
      "lỗi văn bản"),
    E("speech synthesis error",
      "lỗi tổng hợp giọng nói"),
    E("audio error",
      "lỗi âm thanh"),
    E("MP3 encoding error",
      "lỗi mã hóa MP3"),
    E("output is silent",
      "âm thanh đầu ra im lặng"),
    E("planning error",
      "lỗi lập lịch phát"),
    E("unknown error",
      "lỗi không rõ"),
    E("No such file or directory",
      "không có tệp hay thư mục này"),
    E("Permission denied",
      "không có quyền truy cập"),
    E("Is a directory",
      "đây là một thư mục"),
    E("Not a directory",
      "không phải thư mục"),
    E("No space left on device",
      "ổ đĩa đã đầy"),
    E("Read-only file system",
      "hệ thống tệp chỉ cho đọc"),
    E("File exists",
      "tệp đã có"),
    E("Directory not empty",
      "thư mục không trống"),
    E("Input/output error",
      "lỗi đọc ghi của thiết bị"),
    E("Too many open files",
      "mở quá nhiều tệp"),
    E("Cannot allocate memory",
      "không cấp phát được bộ nhớ"),
    E("File name too long",
      "tên tệp quá dài"),
    E("Disk quota exceeded",
      "vượt hạn mức dung lượng đĩa"),
    E("Resource temporarily unavailable",
      "tài nguyên tạm thời không dùng được"),
    E("syntax error",
      "lỗi cú pháp"),
    E("file I/O error",
      "lỗi đọc tệp"),
    E("error",
      "lỗi"),
    E("warning",
      "cảnh báo"),
    /* ---- audio.c ---- */
    E("%s: %s",
      "{1}: {2}"),
    E("%s: %s — check the file name",
      "{1}: {2} — kiểm tra lại tên tệp"),
    E("%s: corrupt audio: %s",
      "{1}: âm thanh hỏng: {2}"),
    E("%s: no audio channels",
      "{1}: tệp không có kênh âm thanh nào"),
    E("%s: not audio libsndfile can decode (corrupt, or an unsupported format) — export it "
      "as WAV, FLAC, OGG or MP3",
      "{1}: không giải mã được âm thanh này (tệp hỏng hoặc định dạng không hỗ trợ) — xuất "
      "lại tệp dưới dạng WAV, FLAC, OGG hoặc MP3"),
    E("%s: the file holds no audio",
      "{1}: tệp không có âm thanh"),
    E("%s: write failed",
      "{1}: ghi tệp không được"),
    E("cannot create %s: %s",
      "không tạo được {1}: {2}"),
    E("cannot write %s",
      "không ghi được {1}"),
    E("cannot write %s: %s",
      "không ghi được {1}: {2}"),
    /* ---- build ---- */
    E("%zu scripts have errors (--strict: nothing is built)",
      "{1} kịch bản có lỗi (với --strict: không dựng gì cả)"),
    E("%s — set 'scripts' in the config",
      "{1} — sửa mục 'scripts' trong cấu hình"),
    E("two scripts have the id '%s' (%s) — rename one",
      "hai kịch bản trùng mã '{1}' ({2}) — đổi tên một tệp"),
    E("clip %s has no audio",
      "đoạn {1} không có âm thanh"),
    E("no audio for clip %s",
      "không có âm thanh cho đoạn {1}"),
    E("no speech rendered for %s",
      "chưa dựng giọng đọc cho {1}"),
    E("slot %s %s on %02d/%02d has nothing to air — give the district a standing bulletin "
      "or an intro jingle",
      "khung phát {2} của đài {1} ngày {3}/{4} không có gì để phát — thêm bản tin thường "
      "trực hoặc nhạc hiệu mở đầu cho huyện"),
    E("this bulletin would run about %.0f minutes, far longer than the longest slot "
      "(%d:%02d) — shorten it or split it into several scripts",
      "bản tin này sẽ dài khoảng {1} phút, dài hơn nhiều so với khung phát dài nhất "
      "({2}:{3}) — rút gọn hoặc chia thành nhiều kịch bản"),
    E("unknown audio profile '%s' — use one of %s",
      "cấu hình âm thanh lạ '{1}' — dùng một trong các cấu hình {2}"),
    E("a render finished without its result in the cache %s",
      "một lần dựng đã xong nhưng không có kết quả trong bộ nhớ đệm {1}"),
    E("cannot start a speech process: %s",
      "không khởi động được tiến trình đọc: {1}"),
    E("espeak-ng died (exit status %d) while saying %s — check it for long digit runs or "
      "odd symbols",
      "espeak-ng dừng đột ngột (mã thoát {1}) khi đọc {2} — kiểm tra chuỗi số dài hay ký "
      "hiệu lạ trong đó"),
    E("espeak-ng died (signal %d) while saying %s — check it for long digit runs or odd "
      "symbols",
      "espeak-ng dừng đột ngột (tín hiệu {1}) khi đọc {2} — kiểm tra chuỗi số dài hay ký "
      "hiệu lạ trong đó"),
    E("rendering a gap: %s",
      "dựng khoảng lặng: {1}"),
    E("rendering item %s: %s",
      "dựng mục {1}: {2}"),
    E("rendering the intro jingle %s: %s",
      "dựng nhạc hiệu mở đầu {1}: {2}"),
    E("rendering the outro jingle %s: %s",
      "dựng nhạc hiệu kết thúc {1}: {2}"),
    E("rendering the urgent chime %s: %s",
      "dựng tín hiệu khẩn cấp {1}: {2}"),
    E("speaking %s (voice %s): %s",
      "đọc {1} (giọng {2}): {3}"),
    /* ---- check ---- */
    E("%s holds no audio",
      "{1} không có âm thanh"),
    E("%s already exists — move it away, then run --fix again",
      "{1} đã có — chuyển tệp đó đi chỗ khác rồi chạy lại --fix"),
    E("U+%04X has no %s code — keep the text in Unicode",
      "ký tự U+{1} không có trong bảng mã {2} — giữ văn bản ở dạng Unicode"),
    /* ---- cli ---- */
    E("%zu render jobs, %zu not in the cache; %zu durations estimated\n",
      "{1} việc dựng, {2} chưa có trong bộ nhớ đệm; {3} thời lượng là ước tính\n"),
    E("Deferred:\n",
      "Hoãn phát:\n"),
    E("Plan of week %02d/%04d (%s, %s)\n",
      "Kế hoạch tuần {1}/{2} ({3}, {4})\n"),
    E("bad option",
      "tùy chọn sai"),
    E("jobs '%s' must be 1..256",
      "số tiến trình '{1}' phải từ 1 đến 256"),
    E("missing -c DISTRICT.cfg",
      "thiếu -c DISTRICT.cfg"),
    E("nothing changed, kept %s — %zu stations, %zu slots, %zu bulletins (%zu airings), %zu "
      "deferred (%zu urgent), %zu slots with only the standing bulletin, %zu scripts left "
      "out; rendered %zu/%zu pieces (%zu cached)\n",
      "không có gì thay đổi, giữ nguyên {1} — {2} đài, {3} khung phát, {4} bản tin ({5} "
      "lượt phát), {6} hoãn ({7} khẩn cấp), {8} khung chỉ có bản tin thường trực, {9} kịch "
      "bản bị bỏ ra; dựng {10}/{11} phần ({12} có sẵn)\n"),
    E("published %s — %zu stations, %zu slots, %zu bulletins (%zu airings), %zu deferred "
      "(%zu urgent), %zu slots with only the standing bulletin, %zu scripts left out; "
      "rendered %zu/%zu pieces (%zu cached)\n",
      "đã phát hành {1} — {2} đài, {3} khung phát, {4} bản tin ({5} lượt phát), {6} hoãn "
      "({7} khẩn cấp), {8} khung chỉ có bản tin thường trực, {9} kịch bản bị bỏ ra; dựng "
      "{10}/{11} phần ({12} có sẵn)\n"),
    E("unexpected argument '%s'",
      "đối số thừa '{1}'"),
    E("unknown language '%s' — use vi or en",
      "ngôn ngữ lạ '{1}' — dùng 'vi' hoặc 'en'"),
    E("week '%s' is not an ISO week like 2026-W48",
      "tuần '{1}' không đúng dạng tuần ISO, ví dụ 2026-W48"),
    E("%d scripts checked: %d errors, %d warnings\n",
      "đã kiểm tra {1} kịch bản: {2} lỗi, {3} cảnh báo\n"),
    E("--fix rewrites files: it cannot fix standard input",
      "--fix ghi lại tệp nên không sửa được đầu vào chuẩn"),
    E("at most 16 --lexicon files",
      "tối đa 16 tệp --lexicon"),
    E("cannot write standard output\n",
      "không ghi được ra đầu ra chuẩn\n"),
    E("no script given — name scripts or folders, or give -c DISTRICT.cfg to check "
      "everything the build reads",
      "chưa có kịch bản nào — nêu tên kịch bản hay thư mục, hoặc dùng -c DISTRICT.cfg để "
      "kiểm tra mọi thứ mà lệnh dựng sẽ đọc"),
    E("spelling not checked: %s\n",
      "không kiểm tra chính tả: {1}\n"),
    E("the intro jingle",
      "nhạc hiệu mở đầu"),
    E("the music bed",
      "nhạc nền"),
    E("the outro jingle",
      "nhạc hiệu kết thúc"),
    E("the urgent chime",
      "tín hiệu khẩn cấp"),
    E("a recorded bulletin has no text to read — play its recording\n",
      "bản tin ghi âm không có chữ để đọc — hãy nghe tệp ghi âm\n"),
    E("unexpected argument '%s' — give one FILE, or the text on standard input",
      "đối số thừa '{1}' — chỉ nêu một tệp, hoặc đưa văn bản vào đầu vào chuẩn"),
    E("unknown dialect '%s' — use north, central or south",
      "giọng vùng miền lạ '{1}' — dùng 'north' (bắc), 'central' (trung) hoặc 'south' (nam)"),
    E("%d kbps is not an MP3 bitrate at %d Hz (e.g. 64 at 44100, 48 at 22050)",
      "{1} kbps không phải tốc độ bit MP3 hợp lệ ở {2} Hz (ví dụ 64 ở 44100, 48 ở 22050)"),
    E("%s is a bulletin script: it is spoken as its item airs, without jingles and at the "
      "profile's rate and bitrate — leave out --intro, --outro, --chime, --urgent, "
      "--crossfade, -R and -b, or give --plain",
      "{1} là kịch bản bản tin: nó được đọc đúng như khi phát, không có nhạc hiệu, theo tần "
      "số và tốc độ bit của cấu hình âm thanh — bỏ --intro, --outro, --chime, --urgent, "
      "--crossfade, -R và -b, hoặc thêm --plain"),
    E("%s: %.2f s (speech %.2f s), %.1f LUFS integrated, %.1f dBTP true peak, %.1f LU "
      "loudness range (profile %s, %d Hz, gain %+.1f dB, limiter %.1f dB, %d passes)\n",
      "{1}: {2} giây (lời đọc {3} giây), độ to tích hợp {4} LUFS, đỉnh thực {5} dBTP, dải "
      "độ to {6} LU (cấu hình {7}, {8} Hz, khuếch đại {9} dB, bộ hạn biên {10} dB, {11} "
      "lượt)\n"),
    E("--station needs -c DISTRICT.cfg",
      "--station cần có -c DISTRICT.cfg"),
    E("--urgent needs --chime FILE (the attention chime)",
      "--urgent cần có --chime TỆP (tín hiệu báo khẩn)"),
    E("bitrate '%s' must be a number of kbps, e.g. 64",
      "tốc độ bit '{1}' phải là một số kbps, ví dụ 64"),
    E("crossfade '%s' must be 0..5000 ms",
      "thời gian chuyển tiếp '{1}' phải từ 0 đến 5000 ms"),
    E("expected one input FILE (or - for standard input)",
      "cần đúng một tệp đầu vào (hoặc - cho đầu vào chuẩn)"),
    E("missing -o OUT.mp3 or -o OUT.wav",
      "thiếu -o OUT.mp3 hoặc -o OUT.wav"),
    E("no station '%s' in %s",
      "không có đài '{1}' trong {2}"),
    E("pitch '%s' must be 0..99",
      "cao độ '{1}' phải từ 0 đến 99"),
    E("rate '%s' must be 80..450 words per minute",
      "tốc độ đọc '{1}' phải từ 80 đến 450 từ mỗi phút"),
    E("sample rate '%s' must be 44100 or 22050 (also 48000, 32000, 24000, 16000)",
      "tần số lấy mẫu '{1}' phải là 44100 hoặc 22050 (hoặc 48000, 32000, 24000, 16000)"),
    E("unknown profile '%s' — use one of: %s",
      "cấu hình âm thanh lạ '{1}' — dùng một trong: {2}"),
    E("unknown voice '%s' — use female or male",
      "giọng đọc lạ '{1}' — dùng 'female' (nữ) hoặc 'male' (nam giới)"),
    E("Try '%s %s --help'.\n",
      "Xem '{1} {2} --help'.\n"),
    E("unknown command '%s'\n",
      "lệnh lạ '{1}'\n"),
    E("Try '%s --help'.\n",
      "Xem '{1} --help'.\n"),
    /* ---- config.c ---- */
    E("%s is not a file — give the district's .cfg file",
      "{1} không phải một tệp — nêu tệp .cfg của huyện"),
    E("%s — check the @include path (relative to the district file's directory)",
      "{1} — kiểm tra đường dẫn @include (tính từ thư mục của tệp cấu hình huyện)"),
    E("%s — check this line and the one before it for a missing ';', quote, brace or "
      "bracket",
      "{1} — kiểm tra dòng này và dòng trước xem có thiếu ';', dấu nháy, dấu ngoặc nhọn hay "
      "ngoặc vuông không"),
    E("the file cannot be parsed",
      "không đọc được cấu trúc tệp"),
    E("'%s' holds a value that is not a string — put each in double quotes",
      "'{1}' có giá trị không phải chuỗi — đặt từng giá trị trong dấu nháy kép"),
    E("'%s' is %lld — use a whole number from %d to %d",
      "'{1}' là {2} — dùng số nguyên từ {3} đến {4}"),
    E("'%s' is empty — give it a value, e.g. %s",
      "'{1}' đang trống — cho nó một giá trị, ví dụ {2}"),
    E("'%s' is not a list — write it as [\"a\", \"b\"]",
      "'{1}' không phải danh sách — viết dạng [\"a\", \"b\"]"),
    E("'%s' is not a number of seconds — write it like 1.5 (decimal point, no quotes)",
      "'{1}' không phải số giây — viết như 1.5 (dấu chấm thập phân, không có dấu nháy)"),
    E("'%s' is not a string — put the value in double quotes",
      "'{1}' không phải chuỗi — đặt giá trị trong dấu nháy kép"),
    E("'%s' is not a string — put the value in double quotes, e.g. %s",
      "'{1}' không phải chuỗi — đặt giá trị trong dấu nháy kép, ví dụ {2}"),
    E("'%s' is not a whole number — write %d to %d, without quotes",
      "'{1}' không phải số nguyên — viết số từ {2} đến {3}, không có dấu nháy"),
    E("'%s' is out of range — use %g to %g seconds",
      "'{1}' nằm ngoài khoảng cho phép — dùng từ {2} đến {3} giây"),
    E("'defaults' must be a group { dialect = ...; ... }",
      "'defaults' phải là một nhóm { dialect = ...; ... }"),
    E("'groups' is not a list — write groups = ( { id = ...; stations = [...]; } )",
      "'groups' không phải danh sách — viết groups = ( { id = ...; stations = [...]; } )"),
    E("'jingles' is not a group — write jingles = { intro = \"...\"; ... }",
      "'jingles' không phải một nhóm — viết jingles = { intro = \"...\"; ... }"),
    E("'slots' is not a list — write slots = ( { name = ...; ... }, ... )",
      "'slots' không phải danh sách — viết slots = ( { name = ...; ... }, ... )"),
    E("'stations' holds a value that is not a string — put each id in double quotes",
      "'stations' có giá trị không phải chuỗi — đặt từng mã đài trong dấu nháy kép"),
    E("'stations' is not a list — write [\"a\", \"b\"]",
      "'stations' không phải danh sách — viết [\"a\", \"b\"]"),
    E("@include \"%s\" is not a file — name the station's .cfg file",
      "@include \"{1}\" không phải một tệp — nêu tệp .cfg của đài"),
    E("a NUL byte — save the file as plain UTF-8 text",
      "có byte NUL — lưu tệp dưới dạng văn bản UTF-8 thuần"),
    E("a group is not a group — write { id = ...; stations = [...]; }",
      "một mục trong 'groups' không phải nhóm — viết { id = ...; stations = [...]; }"),
    E("a slot is not a group — write { name = ...; start = ...; ... }",
      "một khung phát không phải nhóm — viết { name = ...; start = ...; ... }"),
    E("a station is not a group — write { id = ...; name = ...; ... }",
      "một đài không phải nhóm — viết { id = ...; name = ...; ... }"),
    E("bad day in days — use the numbers 1 (Monday) to 7 (Sunday), e.g. days = [1, 3, 5], "
      "or days = \"T2-CN\"",
      "ngày sai trong 'days' — dùng số từ 1 (thứ Hai) đến 7 (Chủ nhật), ví dụ days = [1, 3, "
      "5], hoặc days = \"T2-CN\""),
    E("bad days \"%s\" — use days = \"T2-CN\" (T2 = Monday .. CN = Sunday, e.g. "
      "\"T2,T4,T6\") or days = [1, 3, 5] (1 = Monday .. 7 = Sunday)",
      "'days' sai \"{1}\" — dùng days = \"T2-CN\" (T2 là thứ Hai, CN là Chủ nhật, ví dụ "
      "\"T2,T4,T6\") hoặc days = [1, 3, 5] (1 là thứ Hai, 7 là Chủ nhật)"),
    E("bad days — use days = \"T2-CN\" (T2 = Monday .. CN = Sunday, e.g. \"T2,T4,T6\") or "
      "days = [1, 3, 5] (1 = Monday .. 7 = Sunday)",
      "'days' sai — dùng days = \"T2-CN\" (T2 là thứ Hai, CN là Chủ nhật, ví dụ "
      "\"T2,T4,T6\") hoặc days = [1, 3, 5] (1 là thứ Hai, 7 là Chủ nhật)"),
    E("bad quiet hours \"%s\" — write \"21:30-05:30\" (start-end, 24-hour clock)",
      "giờ nghỉ sai \"{1}\" — viết \"21:30-05:30\" (bắt đầu-kết thúc, giờ 24 tiếng)"),
    E("bad reminder — write minutes:seconds before each slot in quotes, e.g. reminder = "
      "\"10:00\", or reminder = \"off\"",
      "'reminder' sai — viết số phút:giây nhắc trước mỗi khung phát trong dấu nháy, ví dụ "
      "reminder = \"10:00\", hoặc reminder = \"off\""),
    E("bad slot length \"%s\" — write minutes:seconds like \"15:00\"",
      "độ dài khung phát sai \"{1}\" — viết phút:giây như \"15:00\""),
    E("bad slot length — write minutes:seconds in quotes, like \"15:00\"",
      "độ dài khung phát sai — viết phút:giây trong dấu nháy, như \"15:00\""),
    E("bad start time \"%s\" — write it as HH:MM on a 24-hour clock, e.g. \"06:00\" or "
      "\"17:30\"",
      "giờ bắt đầu sai \"{1}\" — viết HH:MM theo giờ 24 tiếng, ví dụ \"06:00\" hoặc "
      "\"17:30\""),
    E("cannot open %s: %s",
      "không mở được {1}: {2}"),
    E("days is empty — use days = \"T2-CN\" (T2 = Monday .. CN = Sunday, e.g. \"T2,T4,T6\") "
      "or days = [1, 3, 5] (1 = Monday .. 7 = Sunday)",
      "'days' đang trống — dùng days = \"T2-CN\" (T2 là thứ Hai, CN là Chủ nhật, ví dụ "
      "\"T2,T4,T6\") hoặc days = [1, 3, 5] (1 là thứ Hai, 7 là Chủ nhật)"),
    E("duplicate group id '%s' — each group needs its own id",
      "mã nhóm '{1}' bị trùng — mỗi nhóm cần một mã riêng"),
    E("duplicate station id '%s' (first defined at %s:%d) — each station needs its own id",
      "mã đài '{1}' bị trùng (đã khai báo ở {2}:{3}) — mỗi đài cần một mã riêng"),
    E("group '%s' lists unknown station '%s' — check the spelling or add the station",
      "nhóm '{1}' có đài lạ '{2}' — kiểm tra chính tả hoặc thêm đài đó"),
    E("group id \"%s\" has other characters — use only a-z, 0-9, '-' and '_'",
      "mã nhóm \"{1}\" có ký tự không hợp lệ — chỉ dùng a-z, 0-9, '-' và '_'"),
    E("group id '%s' is also a station id — rename the group so bulletins can tell them "
      "apart",
      "mã nhóm '{1}' trùng với mã một đài — đổi tên nhóm để bản tin phân biệt được"),
    E("missing setting '%s' — add %s",
      "thiếu mục '{1}' — thêm {2}"),
    E("no stations — add stations = ( { id = \"man-duc\"; name = \"...\"; slots = (...); } "
      ")",
      "chưa có đài nào — thêm stations = ( { id = \"man-duc\"; name = \"...\"; slots = "
      "(...); } )"),
    E("slot '%s' needs a start time — add start = \"06:00\" (24-hour clock, in quotes)",
      "khung phát '{1}' cần giờ bắt đầu — thêm start = \"06:00\" (giờ 24 tiếng, trong dấu "
      "nháy)"),
    E("slot '%s' overlaps slot '%s' (line %d) of station '%s' — move its start or shorten "
      "one of them",
      "khung phát '{1}' trùng giờ với khung '{2}' (dòng {3}) của đài '{4}' — dời giờ bắt "
      "đầu hoặc rút ngắn một khung"),
    E("slot '%s' runs past midnight — shorten it or start earlier",
      "khung phát '{1}' kéo dài qua nửa đêm — rút ngắn hoặc bắt đầu sớm hơn"),
    E("slot has no length — add length = \"15:00\" (minutes:seconds, in quotes)",
      "khung phát chưa có độ dài — thêm length = \"15:00\" (phút:giây, trong dấu nháy)"),
    E("slot length %g is a bare number (minutes? seconds?) — write minutes:seconds in "
      "quotes, e.g. length = \"%d:%02d\" for %g seconds",
      "độ dài khung phát {1} là số trơn (phút hay giây?) — viết phút:giây trong dấu nháy, "
      "ví dụ length = \"{2}:{3}\" cho {4} giây"),
    E("slot length %g is a bare number (minutes? seconds?) — write minutes:seconds in "
      "quotes: length = \"%d:00\" for %g minutes, or length = \"0:%02d\" for %g seconds",
      "độ dài khung phát {1} là số trơn (phút hay giây?) — viết phút:giây trong dấu nháy: "
      "length = \"{2}:00\" cho {3} phút, hoặc length = \"0:{4}\" cho {5} giây"),
    E("start time %g is a number — write it as HH:MM in quotes, e.g. start = \"%02d:%02d\"",
      "giờ bắt đầu {1} là số — viết HH:MM trong dấu nháy, ví dụ start = \"{2}:{3}\""),
    E("start time %lld is a bare number — write it as HH:MM in quotes, e.g. start = "
      "\"%02lld:%02lld\"",
      "giờ bắt đầu {1} là số trơn — viết HH:MM trong dấu nháy, ví dụ start = \"{2}:{3}\""),
    E("station '%s' has no slots — add at least one, e.g. slots = ( { name = \"sang\"; days "
      "= \"T2-CN\"; start = \"06:00\"; length = \"15:00\"; } )",
      "đài '{1}' chưa có khung phát — thêm ít nhất một, ví dụ slots = ( { name = \"sang\"; "
      "days = \"T2-CN\"; start = \"06:00\"; length = \"15:00\"; } )"),
    E("station '%s' has no slots — add slots = ( { name = \"sang\"; days = \"T2-CN\"; start "
      "= \"06:00\"; length = \"15:00\"; } )",
      "đài '{1}' chưa có khung phát — thêm slots = ( { name = \"sang\"; days = \"T2-CN\"; "
      "start = \"06:00\"; length = \"15:00\"; } )"),
    E("station '%s' has two slots named '%s' — give each slot its own name",
      "đài '{1}' có hai khung phát cùng tên '{2}' — đặt cho mỗi khung một tên riêng"),
    E("station '%s' names unknown group '%s' — define it in groups = ( { id = \"%s\"; } ) "
      "or fix the spelling",
      "đài '{1}' ghi nhóm lạ '{2}' — khai báo nhóm trong groups = ( { id = \"{3}\"; } ) "
      "hoặc sửa chính tả"),
    E("station id \"%s\" has other characters (it names files) — use only a-z, 0-9, '-' and "
      "'_', e.g. \"man-duc\" for \"Mãn Đức\"",
      "mã đài \"{1}\" có ký tự không hợp lệ (mã đặt tên cho tệp) — chỉ dùng a-z, 0-9, '-' "
      "và '_', ví dụ \"man-duc\" cho \"Mãn Đức\""),
    E("time zone \"%s\" is not supported — stations in Vietnam use timezone = "
      "\"Asia/Ho_Chi_Minh\" (UTC+7, no daylight saving)",
      "không hỗ trợ múi giờ \"{1}\" — các đài ở Việt Nam dùng timezone = "
      "\"Asia/Ho_Chi_Minh\" (UTC+7, không đổi giờ theo mùa)"),
    E("unknown dialect%s%s%s — use \"north\", \"central\" or \"south\" (also \"miền Bắc\", "
      "\"miền Trung\", \"miền Nam\")",
      "giọng vùng miền lạ{1}{2}{3} — dùng \"north\", \"central\" hoặc \"south\" (hoặc "
      "\"miền Bắc\", \"miền Trung\", \"miền Nam\")"),
    E("unknown setting '%s' — known settings: %s",
      "mục lạ '{1}' — các mục có thể dùng: {2}"),
    E("unknown setting '%s' in '%s' — known settings: %s",
      "mục lạ '{1}' trong '{2}' — các mục có thể dùng: {3}"),
    E("unknown voice%s%s%s — use \"female\" or \"male\" (also \"nữ\", \"nam giới\")",
      "giọng đọc lạ{1}{2}{3} — dùng \"female\" hoặc \"male\" (hoặc \"nữ\", \"nam giới\")"),
    /* ---- dsp, file, jobs, lexicon, loudness ---- */
    E("invalid sample rates %d -> %d",
      "tần số lấy mẫu không hợp lệ {1} -> {2}"),
    E("libsoxr: %s",
      "libsoxr: {1}"),
    E("speech EQ corners (high-pass %.0f Hz, presence %.0f Hz, low-pass %.0f Hz) must lie "
      "between 0 and %.0f Hz",
      "các tần số của bộ lọc giọng nói (lọc thông cao {1} Hz, tăng âm sáng {2} Hz, lọc "
      "thông thấp {3} Hz) phải nằm trong khoảng 0 đến {4} Hz"),
    E("%s exists and is not a directory — move it away",
      "{1} đã có nhưng không phải thư mục — chuyển nó đi chỗ khác"),
    E("LOA_DATA_DIR=%s is not a directory",
      "LOA_DATA_DIR={1} không phải thư mục"),
    E("cannot create directory %s: %s",
      "không tạo được thư mục {1}: {2}"),
    E("cannot find loa's voices/ data (tried $LOA_DATA_DIR, beside the program, and %s) — "
      "pass --data-dir",
      "không tìm thấy dữ liệu voices/ của loa (đã thử $LOA_DATA_DIR, cạnh chương trình, và "
      "{1}) — dùng --data-dir"),
    E("cannot list %s: %s",
      "không liệt kê được {1}: {2}"),
    E("cannot open the folder %s: %s",
      "không mở được thư mục {1}: {2}"),
    E("cannot read %s: %s",
      "không đọc được {1}: {2}"),
    E("data directory %s does not exist",
      "thư mục dữ liệu {1} không tồn tại"),
    E("cannot create %s: %s — check that the output directory is writable",
      "không tạo được {1}: {2} — kiểm tra quyền ghi vào thư mục đầu ra"),
    E("cannot rename %s to %s: %s",
      "không đổi tên được {1} thành {2}: {3}"),
    E("cannot create pipes: %s",
      "không tạo được đường ống: {1}"),
    E("cannot restart a worker process: %s",
      "không khởi động lại được tiến trình dựng: {1}"),
    E("cannot start a worker process: %s",
      "không khởi động được tiến trình dựng: {1}"),
    E("poll: %s",
      "poll: {1}"),
    E("render crashed (signal %d)",
      "việc dựng bị hỏng giữa chừng (tín hiệu {1})"),
    E("render took longer than %u s and was stopped",
      "việc dựng quá {1} giây nên đã bị dừng"),
    E("render worker exited with status %d",
      "tiến trình dựng thoát với mã {1}"),
    E("empty key or reading",
      "thiếu chữ viết hoặc cách đọc"),
    E("entry before any [section] — start the file with e.g. [abbreviations]",
      "có mục trước mọi [phần] — bắt đầu tệp bằng một phần, ví dụ [abbreviations]"),
    E("expected 'WRITTEN = SPOKEN', e.g. 'UBND = ủy ban nhân dân'",
      "cần dạng 'CHỮ VIẾT = CÁCH ĐỌC', ví dụ 'UBND = ủy ban nhân dân'"),
    E("voices directory path too long",
      "đường dẫn thư mục 'voices' quá dài"),
    E("invalid sample rate %d",
      "tần số lấy mẫu không hợp lệ {1}"),
    E("libebur128: %s failed (code %d)",
      "libebur128: {1} thất bại (mã {2})"),
    E("libebur128: cannot create a meter for %d Hz",
      "libebur128: không tạo được bộ đo cho {1} Hz"),
    E("loudness is measured on mono audio",
      "độ to chỉ đo trên âm thanh đơn kênh"),
    E("limiter: bad rate %d, look-ahead %.1f ms or release %.1f ms",
      "bộ hạn biên: sai tần số {1}, thời gian nhìn trước {2} ms hoặc thời gian nhả {3} ms"),
    E("loudness model: bad rate %d, look-ahead %.1f ms or release %.1f ms",
      "mô hình độ to: sai tần số {1}, thời gian nhìn trước {2} ms hoặc thời gian nhả {3} ms"),
    E("meter: bad rate %d",
      "bộ đo: sai tần số {1}"),
    /* ---- mp3 ---- */
    E("%d kbps is not an MPEG bitrate at %d Hz",
      "{1} kbps không phải tốc độ bit MPEG ở {2} Hz"),
    E("ID3v2 tag too large (%zu bytes)",
      "thẻ ID3v2 quá lớn ({1} byte)"),
    E("LAME could not build an ID3 tag",
      "LAME không tạo được thẻ ID3"),
    E("LAME encode error %d",
      "LAME mã hóa lỗi {1}"),
    E("LAME flush error %d",
      "LAME lỗi khi ghi phần cuối {1}"),
    E("LAME rejected ID3 frame %s",
      "LAME từ chối khung ID3 {1}"),
    E("LAME rejected mono %d Hz at %d kbps",
      "LAME từ chối âm thanh đơn kênh {1} Hz ở {2} kbps"),
    E("cannot seek in %s: %s",
      "không dời vị trí đọc được trong {1}: {2}"),
    E("%s has a LAME Info tag and %s has none — encode them alike",
      "{1} có thẻ LAME Info còn {2} thì không — mã hóa chúng như nhau"),
    E("%s has no LAME Info tag and %s has one — encode them alike",
      "{1} không có thẻ LAME Info còn {2} thì có — mã hóa chúng như nhau"),
    E("%s: empty file — render it again",
      "{1}: tệp trống — dựng lại tệp"),
    E("%s: frame at byte %zu has other MPEG settings than the rest — every joined file must "
      "have one rate, bitrate and mode",
      "{1}: khung ở byte {2} có thông số MPEG khác các khung còn lại — mọi tệp được ghép "
      "phải cùng tần số, tốc độ bit và chế độ"),
    E("%s: its LAME tag could not be rewritten",
      "{1}: không ghi lại được thẻ LAME"),
    E("%s: no MPEG audio frames at byte %zu — render it again",
      "{1}: không có khung âm thanh MPEG ở byte {2} — dựng lại tệp"),
    E("%s: not an MPEG frame at byte %zu — render it again",
      "{1}: không phải khung MPEG ở byte {2} — dựng lại tệp"),
    E("%s: nothing to join",
      "{1}: không có gì để ghép"),
    E("%s: LAME's Info frame is not the expected %zu bytes",
      "{1}: khung Info của LAME không đúng {2} byte như mong đợi"),
    E("cannot start an encoder thread: %s",
      "không khởi động được luồng mã hóa: {1}"),
    /* ---- plan.c: the alerts ---- */
    E("%s airs only the standing bulletin all week: no bulletin aimed at it is valid — "
      "check the 'Đài' line of the bulletins",
      "{1} chỉ phát bản tin thường trực cả tuần: không bản tin nào nhắm tới đài này còn "
      "hiệu lực — kiểm tra dòng 'Đài' của các bản tin"),
    V("không đủ thời lượng",
      "not enough time"),
    E("no bulletin is valid in week %d/%d: every slot airs only the standing bulletin — add "
      "new bulletins or check the 'Từ ngày' and 'Đến ngày' of the bulletins",
      "không có bản tin nào còn hiệu lực trong tuần {1}/{2}: mọi khung phát chỉ có bản tin "
      "thường trực — thêm bản tin mới hoặc kiểm tra 'Từ ngày', 'Đến ngày' của các bản tin"),
    E("the bulletin \"%s\" airs only %d of %d times at %s: %s — shorten it, lower its "
      "repeat count or add slots",
      "bản tin \"{1}\" chỉ phát {2}/{3} lượt tại {4}: {5} — rút gọn bản tin, giảm số lần "
      "phát hoặc thêm khung phát"),
    E("the script %s has errors and was left out of the week — run 'loa check %s', correct "
      "it and build again",
      "kịch bản {1} có lỗi nên bị bỏ ra khỏi tuần — chạy 'loa check {2}', sửa lỗi rồi dựng "
      "lại"),
    E("the script %s was left out of the week: %zu errors, the first on line %d: %s — run "
      "'loa check %s', correct them and build again",
      "kịch bản {1} bị bỏ ra khỏi tuần vì có {2} lỗi, lỗi đầu ở dòng {3}: {4} — chạy 'loa "
      "check {5}', sửa các lỗi rồi dựng lại"),
    E("the urgent bulletin \"%s\" airs only %d of %d times at %s: %s — shorten it, lower "
      "its repeat count or add slots",
      "bản tin khẩn cấp \"{1}\" chỉ phát {2}/{3} lượt tại {4}: {5} — rút gọn bản tin, giảm "
      "số lần phát hoặc thêm khung phát"),
    /* ---- program.c ---- */
    E("%s: output must end in .mp3 or .wav",
      "{1}: tệp đầu ra phải có đuôi .mp3 hoặc .wav"),
    E("bed: %s is near-silent (below %.0f LUFS) — use a music file",
      "nhạc nền: {1} gần như im lặng (dưới {2} LUFS) — dùng một tệp nhạc"),
    E("cannot read back the program's replay file",
      "không đọc lại được tệp phát lại của chương trình"),
    E("cannot read back the program's replay file: %s",
      "không đọc lại được tệp phát lại của chương trình: {1}"),
    E("program item %zu has no audio file",
      "mục {1} của chương trình không có tệp âm thanh"),
    E("the program has no items",
      "chương trình không có mục nào"),
    E("the program has no parts",
      "chương trình không có phần nào"),
    E("the program is near-silent (%.1f LUFS, below %.0f LUFS) — check the text and the "
      "audio files",
      "chương trình gần như im lặng ({1} LUFS, dưới {2} LUFS) — kiểm tra văn bản và các tệp "
      "âm thanh"),
    E("the program is silent — check the text and the audio files",
      "chương trình im lặng — kiểm tra văn bản và các tệp âm thanh"),
    /* ---- publish ---- */
    E("cannot copy %s to %s: %s",
      "không sao chép được {1} sang {2}: {3}"),
    E("publish: no plan, files or directory, or station %zu out of range",
      "phát hành: thiếu kế hoạch, tệp hoặc thư mục, hoặc đài số {1} nằm ngoài phạm vi"),
    E("slot %s: bad date, weekday or start time in the plan",
      "khung phát {1}: ngày, thứ hoặc giờ bắt đầu trong kế hoạch bị sai"),
    E("slot %s: clip index out of range in the plan",
      "khung phát {1}: chỉ số đoạn trong kế hoạch nằm ngoài phạm vi"),
    E("slot %s: duration %g s is not plausible",
      "khung phát {1}: thời lượng {2} giây không hợp lý"),
    E("slot %s: item %zu is not a clip of the plan",
      "khung phát {1}: mục {2} không phải một đoạn của kế hoạch"),
    E("slot %s: program file \"%s\" is not a plain relative path ([A-Za-z0-9._-] names "
      "separated by '/')",
      "khung phát {1}: tệp chương trình \"{2}\" không phải đường dẫn tương đối đơn giản "
      "(các tên [A-Za-z0-9._-] cách nhau bằng '/')"),
    E("slot %s: program file %s is missing — render it before publishing",
      "khung phát {1}: thiếu tệp chương trình {2} — dựng tệp trước khi phát hành"),
    E("two slots of station %s are both named %s — give slots starting at the same time "
      "different names",
      "hai khung phát của đài {1} cùng tên {2} — đặt tên khác nhau cho các khung bắt đầu "
      "cùng giờ"),
    E("plan deferral %zu: clip or station out of range",
      "mục hoãn {1} của kế hoạch: đoạn hoặc đài nằm ngoài phạm vi"),
    E("plan slot %zu: item %zu is not a clip of the plan",
      "khung phát {1} của kế hoạch: mục {2} không phải một đoạn của kế hoạch"),
    E("plan slot %zu: station index out of range",
      "khung phát {1} của kế hoạch: chỉ số đài nằm ngoài phạm vi"),
    E("publish: no plan or directory for the district report",
      "phát hành: thiếu kế hoạch hoặc thư mục cho báo cáo của huyện"),
    E("cannot create staging directory %s: %s",
      "không tạo được thư mục tạm {1}: {2}"),
    E("cannot publish %s as %s: %s",
      "không phát hành được {1} thành {2}: {3}"),
    E("cannot remove stale %s: %s — remove it by hand",
      "không xóa được {1} còn sót lại: {2} — xóa bằng tay"),
    E("cannot restore %s to %s: %s",
      "không khôi phục được {1} về {2}: {3}"),
    E("cannot sync %s: %s",
      "không ghi xuống đĩa được {1}: {2}"),
    E("publish: no output directory given",
      "phát hành: chưa có thư mục đầu ra"),
    E("publish: output directory %s must name a directory of its own (e.g. out/2026-W48)",
      "phát hành: thư mục đầu ra {1} phải là một thư mục riêng (ví dụ out/2026-W48)"),
    /* ---- sched.c: the planner (its reasons are written in Vietnamese) ---- */
    E("%d has no week %d",
      "năm {1} không có tuần {2}"),
    E("'%s' in 'Đài' is neither a station nor a group of %s — use ids from the district "
      "config or \"tất cả\"",
      "'{1}' ở dòng 'Đài' không phải đài hay nhóm của {2} — dùng mã trong cấu hình huyện "
      "hoặc \"tất cả\""),
    E("bulletin %zu has no usable id ('%s') — ids use a-z, 0-9, '-' and '_'",
      "bản tin số {1} không có mã dùng được ('{2}') — mã chỉ gồm a-z, 0-9, '-' và '_'"),
    V("bản tin dài %.0f giây, vượt thời lượng dành cho bản tin của khung phát (%.0f giây); "
      "cần rút ngắn hoặc chia nhỏ bản tin",
      "the bulletin runs {1} s, longer than the time a slot has for bulletins ({2} s); it "
      "must be shortened or split"),
    V("bản tin khẩn cấp dài %.0f giây, vượt thời lượng khung phát; cần rút ngắn bản tin",
      "the urgent bulletin runs {1} s, longer than the slot; it must be shortened"),
    V("bản tin thường trực dài %.0f giây, vượt thời lượng khung phát; %d khung chỉ có nhạc "
      "hiệu",
      "the standing bulletin runs {1} s, longer than the slot; {2} slots have only their "
      "jingles"),
    V("chỉ có %d khung phát trong thời gian hiệu lực (%s–%s) cho %d lần phát",
      "only {1} slots inside the validity ({2}–{3}) for {4} airings"),
    E("clip '%s' has no usable duration (%g s)",
      "đoạn '{1}' không có thời lượng dùng được ({2} giây)"),
    V("không có khung phát ngoài giờ nghỉ trong thời gian hiệu lực (%s–%s)",
      "no slot outside the quiet hours inside the validity ({1}–{2})"),
    V("không đủ thời lượng cho bản tin khẩn cấp trong %d khung phát",
      "not enough time for the urgent bulletin in {1} slots"),
    V("không đủ thời lượng: các khung phát trong thời gian hiệu lực (%s–%s) đã đầy",
      "not enough time: the slots inside the validity ({1}–{2}) are full"),
    E("no duration callback given to the planner",
      "bộ lập lịch không có hàm tính thời lượng"),
    E("the standing bulletin has no usable id",
      "bản tin thường trực không có mã dùng được"),
    E("two bulletins have the id '%s' (%s and %s) — rename one of the files",
      "hai bản tin trùng mã '{1}' ({2} và {3}) — đổi tên một trong hai tệp"),
    E("two clips would share the id '%s' — rename one of the script files",
      "hai đoạn sẽ trùng mã '{1}' — đổi tên một tệp kịch bản"),
    E("week %d does not exist — use 1 to 52 (or 53)",
      "không có tuần {1} — dùng từ 1 đến 52 (hoặc 53)"),
    /* ---- speak, spell, synth, text, utf8 ---- */
    E("nothing to say: the text is empty",
      "không có gì để đọc: văn bản trống"),
    E("%s is a recorded bulletin: there is nothing to say — play the recording itself",
      "{1} là bản tin ghi âm: không có chữ để đọc — hãy phát chính tệp ghi âm"),
    E("%s: %s — install the Vietnamese dictionary ('apt-get install hunspell-vi')",
      "{1}: {2} — cài từ điển tiếng Việt ('apt-get install hunspell-vi')"),
    E("hunspell could not load %s",
      "hunspell không nạp được {1}"),
    E("cannot load its data (is espeak-ng-data installed?)",
      "không nạp được dữ liệu (đã cài espeak-ng-data chưa?)"),
    E("espeak-ng is already open in this process",
      "espeak-ng đã được mở trong tiến trình này"),
    E("espeak-ng: %s: %s",
      "espeak-ng: {1}: {2}"),
    E("pitch %d is outside 0..99",
      "cao độ {1} nằm ngoài khoảng 0 đến 99"),
    E("speech rate %d is outside 80..450 words per minute",
      "tốc độ đọc {1} nằm ngoài khoảng 80 đến 450 từ mỗi phút"),
    E("nothing to say: the bulletin has no words",
      "không có gì để đọc: bản tin không có lời nào"),
    E("cannot normalize this line (%s)",
      "không chuẩn hóa được dòng này ({1})"),
    E("loa_text_normalize: no lexicon or no text",
      "loa_text_normalize: thiếu từ điển hoặc văn bản"),
    E("NUL byte at byte offset %zu",
      "có byte NUL ở vị trí byte {1}"),
    E("invalid UTF-8 byte 0x%02X at byte offset %zu — save the file as UTF-8 (or run 'loa "
      "check --fix' for TCVN3/VNI text)",
      "byte 0x{1} không phải UTF-8, ở vị trí byte {2} — lưu tệp dưới dạng UTF-8 (hoặc chạy "
      "'loa check --fix' với văn bản TCVN3/VNI)"),
    /* ---- air, urgent, pull (issue 16) ---- */
    E("%s: %zu fields, 9 expected",
      "{1}: có {2} trường, cần 9"),
    E("%s: empty air plan",
      "{1}: kế hoạch phát trống"),
    E("%s: malformed notice line",
      "{1}: dòng thông báo sai dạng"),
    E("%s: malformed program line",
      "{1}: dòng chương trình sai dạng"),
    E("%s: not a text file of at most %zu bytes",
      "{1}: không phải tệp văn bản tối đa {2} byte"),
    E("%s: not an air plan (loa-air/1)",
      "{1}: không phải kế hoạch phát (loa-air/1)"),
    E("%s: not an urgent list (loa-urgent/1)",
      "{1}: không phải danh sách khẩn (loa-urgent/1)"),
    E("%s: too many programs",
      "{1}: quá nhiều chương trình"),
    E("%s: %s — give the station's air folder (<output>/air/<id>)",
      "{1}: {2} — nêu thư mục phát của đài (<output>/air/<id>)"),
    E("%s: %s — publish the week (loa build) or pull it (loa pull) first",
      "{1}: {2} — phát hành tuần trước ('loa build') hoặc kéo về ('loa pull')"),
    E("%s already holds a different script of that name — rename the notice, or edit that "
      "script and send it",
      "{1} đã có một kịch bản khác cùng tên — đổi tên thông báo, hoặc sửa kịch bản đó rồi "
      "gửi đi"),
    E("'%s' is neither a station nor a group of %s — check the spelling",
      "'{1}' không phải đài hay nhóm của {2} — kiểm tra chính tả"),
    E("the notice is not urgent — add the header line \"Ưu tiên: khẩn cấp\" (loa urgent "
      "airs it at once)",
      "thông báo không phải khẩn cấp — thêm dòng \"Ưu tiên: khẩn cấp\" vào phần đầu ('loa "
      "urgent' phát ngay)"),
    E("the notice is not valid today (%02d/%02d/%04d) — set 'Từ ngày' and 'Đến ngày' around "
      "today",
      "thông báo không có hiệu lực hôm nay ({1}/{2}/{3}) — đặt 'Từ ngày' và 'Đến ngày' bao "
      "quanh hôm nay"),
    E("--resume-after takes whole seconds, 1 to 3600",
      "--resume-after nhận số giây nguyên, từ 1 đến 3600"),
    E("give one air folder, e.g. /var/lib/loa/air/man-duc",
      "nêu một thư mục phát, ví dụ /var/lib/loa/air/man-duc"),
    E("unknown option",
      "tùy chọn lạ"),
    E("--every takes seconds, 1 to 86400",
      "--every nhận số giây, từ 1 đến 86400"),
    E("give the station's URL and a local folder",
      "nêu địa chỉ của đài và một thư mục trên máy"),
    E("--jobs takes 1 to 64",
      "--jobs nhận từ 1 đến 64"),
    E("--stations needs at least one id",
      "--stations cần ít nhất một mã"),
    E("--window takes minutes, 1 to 1440",
      "--window nhận số phút, từ 1 đến 1440"),
    E("give one notice script",
      "nêu một kịch bản thông báo"),
    E("give the district file with -c DISTRICT.cfg",
      "nêu tệp cấu hình huyện bằng -c DISTRICT.cfg"),
    E("'alsa_device' \"%s\" is empty or has spaces, quotes or other characters — write an "
      "ALSA device name such as \"default\" or \"hw:1,0\"",
      "'alsa_device' \"{1}\" trống hoặc có dấu cách, dấu nháy hay ký tự khác — viết tên "
      "thiết bị ALSA, như \"default\" hoặc \"hw:1,0\""),
    E("'icecast_host' \"%s\" is empty or has spaces, quotes or other characters — write a "
      "host name or address such as \"127.0.0.1\"",
      "'icecast_host' \"{1}\" trống hoặc có dấu cách, dấu nháy hay ký tự khác — viết tên "
      "máy hoặc địa chỉ, như \"127.0.0.1\""),
    E("'icecast_mount' \"%s\" is empty or has spaces, quotes or other characters — write a "
      "mount point such as \"/man-duc.mp3\"",
      "'icecast_mount' \"{1}\" trống hoặc có dấu cách, dấu nháy hay ký tự khác — viết điểm "
      "gắn, như \"/man-duc.mp3\""),
    E("'air' must be a group { outputs = [\"alsa\"]; ... }",
      "'air' phải là một nhóm { outputs = [\"alsa\"]; ... }"),
    E("'icecast_mount' \"%s\" must start with '/' — e.g. \"/man-duc.mp3\"",
      "'icecast_mount' \"{1}\" phải bắt đầu bằng '/' — ví dụ \"/man-duc.mp3\""),
    E("'outputs' is empty — a station needs at least one of \"alsa\", \"icecast\"",
      "'outputs' đang trống — mỗi đài cần ít nhất một trong \"alsa\", \"icecast\""),
    E("'outputs' is not a list — write outputs = [\"alsa\", \"icecast\"];",
      "'outputs' không phải danh sách — viết outputs = [\"alsa\", \"icecast\"];"),
    E("fallback \"%s\" is neither \"silence\" nor an http(s):// address — write fallback = "
      "\"silence\"; or the relay's URL, e.g. \"http://192.0.2.1:8000/vov1.mp3\"",
      "'fallback' \"{1}\" không phải \"silence\" cũng không phải địa chỉ http(s):// — viết "
      "fallback = \"silence\"; hoặc địa chỉ nguồn tiếp sóng, ví dụ "
      "\"http://192.0.2.1:8000/vov1.mp3\""),
    E("unknown output%s%s%s — use \"alsa\" (the sound card) and/or \"icecast\" (a stream)",
      "đầu ra lạ{1}{2}{3} — dùng \"alsa\" (thiết bị âm thanh) và/hoặc \"icecast\" (luồng "
      "phát)"),
    E("%s: malformed line",
      "{1}: dòng sai dạng"),
    E("cannot link %s: %s",
      "không tạo được liên kết {1}: {2}"),
    E("cannot create link %s: %s",
      "không tạo được liên kết {1}: {2} (tạo mới)"),
    E("cannot publish %s: %s",
      "không phát hành được {1}: {2}"),
    E("%s%s: sha256 %s, the manifest says %s — not used",
      "{1}{2}: sha256 {3}, danh mục ghi {4} — không dùng"),
    E("%s: HTTP %ld",
      "{1}: HTTP {2}"),
    E("%splan.tsv: %s is not under weeks/<version>/",
      "{1}plan.tsv: {2} không nằm trong weeks/<version>/"),
    E("%sweeks/%s/SHA256SUMS does not list %s with the plan's sha256 — the server's files "
      "disagree; not used",
      "{1}weeks/{2}/SHA256SUMS không có {3} với sha256 của kế hoạch — các tệp trên máy chủ "
      "không khớp nhau; không dùng"),
    E("%sweeks/%s/SHA256SUMS: malformed line — not used",
      "{1}weeks/{2}/SHA256SUMS: dòng sai dạng — không dùng"),
    E("the address must start with http:// or https:// (the station's air folder, e.g. "
      "http://192.0.2.1/loa/air/man-duc/)",
      "địa chỉ phải bắt đầu bằng http:// hoặc https:// (thư mục phát của đài, ví dụ "
      "http://192.0.2.1/loa/air/man-duc/)"),
    /* ---- text_lexicon.c (issue 13) ---- */
    E("unknown context — use @num, @year, @name, @colon, @end, @digits, @after=WORD or "
      "@before=WORD",
      "ngữ cảnh lạ — dùng @num, @year, @name, @colon, @end, @digits, @after=TỪ hoặc "
      "@before=TỪ"),
    E("unknown role — use day, date, roman, phone, ident, ordinal, month, per, year, temp, "
      "count, score, named, quarter, label, doc or plain",
      "vai trò lạ — dùng 'day', 'date', 'roman', 'phone', 'ident', 'ordinal', 'month', "
      "'per', 'year', 'temp', 'count', 'score', 'named', 'quarter', 'label', 'doc' hoặc "
      "'plain'"),
    E("unknown section '%.*s' — use [abbreviations], [foreign], [issuers], [doctypes], "
      "[letters], [units], [domains], [central], [south], [currencies], [multipliers], "
      "[service] or [cues]",
      "phần lạ '{1}' — dùng [abbreviations], [foreign], [issuers], [doctypes], [letters], "
      "[units], [domains], [central], [south], [currencies], [multipliers], [service] hoặc "
      "[cues]"),
};

const loai_msg *loai_msg_catalogue(size_t *n)
{
    *n = sizeof catalogue / sizeof catalogue[0];
    return catalogue;
}
