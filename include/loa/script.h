#ifndef LOA_SCRIPT_H
#define LOA_SCRIPT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/plan.h"

/* A bulletin script: UTF-8 text (a BOM and CRLF line ends are accepted),
 * header lines "Key: value", a line "---", then the body.
 *
 * Header keys (Vietnamese or the ASCII alias; case, diacritics and NFC/NFD
 * do not matter, so "Tieu de" and a Word-pasted NFD "Tiêu đề" both match):
 *   Tiêu đề / title         required
 *   Ưu tiên / priority      thường | ưu tiên | khẩn cấp  ~ normal | high | urgent
 *                           (default thường)
 *   Từ ngày / from          dd/mm/yyyy, optionally followed by HH:MM (from that
 *                           minute; the date alone: from the start of the day);
 *                           required
 *   Đến ngày / to           dd/mm/yyyy, optionally followed by HH:MM (until that
 *                           minute; the date alone: to the end of the day);
 *                           required, after "Từ ngày"
 *   Số lần phát / repeat    airings per week, a positive number (default 1;
 *                           urgent bulletins open every targeted slot instead)
 *   Đài / stations          "tất cả" / "all", or comma-separated station and
 *                           group ids; required
 *   Giọng / voice, dialect  optional: the region (miền Bắc | miền Trung | miền Nam,
 *                           also Bắc Bộ, Nam Bộ, bắc, trung ~ north, central,
 *                           south) and/or the voice (nữ | nam giới ~ female,
 *                           male), e.g. "miền Nam, nữ"; a bare "nam" means the
 *                           south (with a warning: it also reads as "male")
 *   Người soạn / author     optional
 *   Âm thanh / audio        optional: a recorded audio file (relative to the
 *                           script's directory, which it cannot leave: no
 *                           leading '/', no '..'); the script is then a header-only
 *                           sidecar and "---" with a body is not allowed
 * Lines starting with '#' in the header are comments.
 *
 * Body: paragraphs. A line ends a paragraph when it ends with . ! ? : ; or
 * a pause mark, or
 * when the next line is blank or starts a list item ("-", "+", "•", "*");
 * other line breaks are read as spaces (hard-wrapped text). Inline marks,
 * each on one line:
 *   [nghỉ 2 giây], [nghỉ 1,5 giây], [nghỉ 500 ms]  a pause (ASCII: [pause 2 s])
 *   {VNeID|vê en e ai đi}   say "vê en e ai đi" where "VNeID" is written
 *   {1800.1096}             say it exactly as written, without normalizing */

typedef enum loa_seg_kind {
    LOA_SEG_TEXT = 0,      /* editor's text: normalize, then speak */
    LOA_SEG_VERBATIM = 1,  /* speak TEXT as given, no normalization */
    LOA_SEG_PAUSE = 2,     /* silence of PAUSE_MS */
    LOA_SEG_PARAGRAPH = 3  /* paragraph break (the renderer's paragraph pause) */
} loa_seg_kind;

typedef struct loa_segment {
    loa_seg_kind kind;
    char *text;     /* TEXT: the words (line breaks joined by spaces, trimmed;
                     * never empty); VERBATIM: the spoken form; else NULL */
    char *written;  /* VERBATIM: what the editor wrote ("VNeID"); else NULL */
    int pause_ms;   /* PAUSE: 1..60000 */
    int line, col;  /* 1-based position in the file (col in characters) */
} loa_segment;

typedef struct loa_bulletin {
    char *title;
    loa_priority priority;
    loa_date from, to;      /* validity: from FROM at FROM_MIN until TO at TO_MIN */
    int from_min;           /* minutes after midnight: 0 when no time was given */
    int to_min;             /* until this minute of TO (excluded): 1440 (the whole
                             * day) when no time was given */
    int repeat;             /* airings per week, >= 1 */
    int all_stations;       /* "tất cả" */
    char **targets;         /* station or group ids when not all_stations */
    size_t n_targets;
    int dialect;            /* a loa_dialect, or -1 for the station's own */
    int gender;             /* a loa_gender, or -1 for the station's own */
    char *author;           /* NULL when not given */
    char *audio;            /* recorded bulletin: path joined with the script's dir; else NULL */
    loa_segment *segs;      /* body; no segments for a recorded bulletin */
    size_t n_segs;
    /* Lines of header fields (0 when absent), so a later check can point at them. */
    int title_line, from_line, to_line, targets_line, audio_line;
} loa_bulletin;

/* Make B empty. */
void loa_bulletin_init(loa_bulletin *b);

/* Free everything B owns and leave it empty; NULL-safe. */
void loa_bulletin_clear(loa_bulletin *b);

/* Parse LEN bytes of TEXT into B (which this call initialises). DIR, when
 * not NULL, is joined to a relative "Âm thanh" path. Pure: no I/O. On
 * failure B stays empty and DIAG gets line, col and "what — how to fix";
 * returns LOA_ERR_TEXT (or LOA_ERR_NOMEM). */
loa_err loa_bulletin_parse(loa_bulletin *b, const char *text, size_t len, const char *dir,
                           loa_diag *diag);

/* 1 when B airs at MINUTE (after midnight) of DAY: inside its validity. */
int loa_bulletin_valid_at(const loa_bulletin *b, loa_date day, int minute);

/* 1 when some minute of DAY lies inside B's validity. */
int loa_bulletin_valid_on(const loa_bulletin *b, loa_date day);

/* 1 when LEN bytes of TEXT look like a bulletin script rather than plain
 * text: its first line that is not blank or a '#' comment is "Key: value"
 * with a known header key, or every such line before a line "---" is
 * "Key: value". For tools that take either (loa speak, loa normalize). */
int loa_script_detect(const char *text, size_t len);

/* Where character COL (1-based) of segment SG's text stands in the script
 * TEXT (LEN bytes) it was parsed from: *LINE and *FCOL (1-based, in
 * characters). A segment's text is the file's with line breaks and runs of
 * blanks turned into single spaces; this walks both together. */
void loa_segment_pos(const char *text, size_t len, const loa_segment *sg, int col, int *line,
                     int *fcol);

/* Read the script file PATH and parse it (audio paths relative to its directory). */
loa_err loa_bulletin_load(loa_bulletin *b, const char *path, loa_diag *diag);

/* A safe id ([a-z0-9-]) from a script path: the file name without directory
 * and extension, Vietnamese letters folded to ASCII, anything else → '-'
 * ("scripts/Cài đặt VNeID.txt" → "cai-dat-vneid"). Caller frees *OUT. */
loa_err loa_bulletin_id(const char *path, char **out);

/* Fold UTF-8 S to lower-case ASCII for matching: Vietnamese letters lose
 * their marks (precomposed or combining, so NFC and NFD fold alike), đ → d.
 * Other non-ASCII characters are kept. Caller frees *OUT. */
loa_err loa_script_fold(const char *s, size_t len, char **out);

#endif
