#ifndef LOA_TEXT_H
#define LOA_TEXT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/synth.h"

/* Check that LEN bytes of TEXT are well-formed UTF-8 (no overlongs,
 * surrogates or NUL bytes). On failure returns LOA_ERR_TEXT and sets
 * DIAG's line and column (1-based, column counted in characters) of the
 * first bad byte and its byte offset in the message. */
loa_err loa_text_check_utf8(const char *text, size_t len, loa_diag *diag);

/* Pronunciation data loaded from the voices/ directory: abbreviations,
 * foreign words, document issuers, letter names, units, dialect readings. */
typedef struct loa_lexicon loa_lexicon;

/* Load the standard files (letters, abbreviations, foreign, documents,
 * units, dialects .txt) from VOICES_DIR. Errors name FILE:LINE:COL in the
 * message (DIAG's line is 0: it is not a position in the caller's input). Sets *OUT
 * only on success; free it with loa_text_lexicon_free. */
loa_err loa_text_lexicon_open(loa_lexicon **out, const char *voices_dir, loa_diag *diag);

/* Add the entries of one more file (e.g. a district's place names); its
 * entries override earlier ones with the same key. On a syntax error
 * returns LOA_ERR_CONFIG with DIAG's line and column in PATH, and LEX is
 * unchanged. */
loa_err loa_text_lexicon_add_file(loa_lexicon *lex, const char *path, loa_diag *diag);

/* Release LEX; NULL-safe. */
void loa_text_lexicon_free(loa_lexicon *lex);

/* What kind of non-standard word (NSW) the normalizer rewrote. */
typedef enum loa_nsw_kind {
    LOA_NSW_NUMBER,   /* cardinal: 1.500, 01, -3 */
    LOA_NSW_DECIMAL,  /* 18,2 */
    LOA_NSW_PERCENT,  /* 18,2% */
    LOA_NSW_FRACTION, /* 70/100 */
    LOA_NSW_RANGE,    /* 2024 - 2025, 3-5% */
    LOA_NSW_DATE,     /* 25/10/2023, tháng 9/2023 */
    LOA_NSW_TIME,     /* 17:00, 5h30 */
    LOA_NSW_ORDINAL,  /* thứ 2, lần thứ 1, tháng 4, ngày 5 */
    LOA_NSW_ROMAN,    /* Phần IV */
    LOA_NSW_DOCCODE,  /* 42/2022/NĐ-CP */
    LOA_NSW_PHONE,    /* 0908.863.669 */
    LOA_NSW_DIGITS,   /* identifiers: Đề án 06 */
    LOA_NSW_MONEY,    /* 25.000đ, $ */
    LOA_NSW_UNIT,     /* km, °C */
    LOA_NSW_URL,      /* dichvucong.gov.vn */
    LOA_NSW_EMAIL,    /* a@b.vn */
    LOA_NSW_ABBR,     /* UBND from the lexicon */
    LOA_NSW_SPELLED,  /* unknown all-caps word spelled with letter names */
    LOA_NSW_FOREIGN,  /* Zalo, Internet from the lexicon */
    LOA_NSW_CAPS,     /* all-caps Vietnamese word lowered: QUYẾT ĐỊNH */
    LOA_NSW_SYMBOL,   /* &, +, /, |, ° */
    LOA_NSW_UNKNOWN   /* not Vietnamese and not in the lexicon: left as written */
} loa_nsw_kind;

/* Where the normalizer had to guess how a word is read: `loa check` warns
 * about each, saying what will be spoken and how to write it instead. */
typedef enum loa_nsw_guess {
    LOA_GUESS_NONE = 0,
    LOA_GUESS_SPELLED, /* an unknown all-caps word, spelled letter by letter */
    LOA_GUESS_UNIT,    /* letters after a number that are no known unit */
    LOA_GUESS_SLASH,   /* a/b that may be a date, a fraction or a score */
    LOA_GUESS_DASH,    /* a-b that may be a range, a date or a code */
    LOA_GUESS_PHONE,   /* digits that may be a phone number, or a quantity */
    LOA_GUESS_FOREIGN, /* a foreign word not in the lexicon, left to the voice */
    LOA_GUESS_DEGREE   /* 350C: a degree sign lost as a 0, read 35 độ C */
} loa_nsw_guess;

/* One rewritten word. Strings are borrowed for the callback's duration;
 * WRITTEN and READING are not NUL-terminated. LINE is 1-based; COL is the
 * 1-based character column in the cleaned (NFC, tidied) line, which is
 * LINE_TEXT; WRITTEN spans bytes OFFSET .. OFFSET + WRITTEN_LEN of it. */
typedef struct loa_nsw {
    int line;
    int col;
    loa_nsw_kind kind;
    loa_nsw_guess guess; /* LOA_GUESS_NONE unless the reading is a guess */
    const char *written;
    size_t written_len;
    const char *reading;
    size_t reading_len;
    const char *line_text;
    size_t line_len;
    size_t offset;
} loa_nsw;

typedef void (*loa_nsw_fn)(void *ctx, const loa_nsw *w);

/* Short English name of KIND ("number", "date", ...); never NULL. */
const char *loa_text_nsw_kind_name(loa_nsw_kind kind);

/* Short English name of GUESS ("spelled", "slash", ...; "" for none); never NULL. */
const char *loa_text_nsw_guess_name(loa_nsw_guess guess);

/* Turn LEN bytes of written Vietnamese IN into what an announcer says:
 * numbers, dates, codes, abbreviations become words; pauses stay as
 * punctuation, and a very long sentence gets a full stop at a clause
 * boundary (a semicolon after 30 words, a clause comma after 45). One
 * output line per input line. *OUT is malloc'd (caller frees), NUL-terminated, length in
 * *OUT_LEN. Invalid UTF-8 fails with LOA_ERR_TEXT and DIAG's line:col;
 * control characters and odd spaces are cleaned. LEX may not be NULL. */
loa_err loa_text_normalize(const loa_lexicon *lex, loa_dialect dialect, const char *in,
                           size_t len, char **out, size_t *out_len, loa_diag *diag);

/* As loa_text_normalize, and calls FN (if not NULL) for every non-standard
 * word with its position, kind and reading, in order. OUT may be NULL when
 * only the report is wanted. */
loa_err loa_text_normalize_explain(const loa_lexicon *lex, loa_dialect dialect, const char *in,
                                   size_t len, char **out, size_t *out_len, loa_nsw_fn fn,
                                   void *ctx, loa_diag *diag);

#endif
