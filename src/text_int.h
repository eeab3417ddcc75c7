/* Shared by the text normalizer's own files (text*.c, lexicon.c); never
 * installed. Kept apart from internal.h because no other module needs it. */
#ifndef LOA_TEXT_INT_H
#define LOA_TEXT_INT_H

#include <stddef.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/text.h"
#include "buf_int.h"

/* Sections of the lexicon files ("[abbreviations]" ...). */
enum loai_lex_sec {
    LOAI_LEX_ABBR,     /* case-sensitive written form → reading */
    LOAI_LEX_FOREIGN,  /* case-insensitive foreign word → Vietnamese syllables */
    LOAI_LEX_ISSUER,   /* document issuer code → body name */
    LOAI_LEX_DOCTYPE,  /* document type code (NĐ, QĐ) → type name */
    LOAI_LEX_LETTER,   /* letter → its Vietnamese name for spelling */
    LOAI_LEX_UNIT,     /* unit after a number → its name */
    LOAI_LEX_DOMAIN,   /* part of a web address → how it is read */
    LOAI_LEX_CENTRAL,  /* number word → central reading */
    LOAI_LEX_SOUTH,    /* number word → southern reading */
    LOAI_LEX_NSEC
};

/* Reading of KEY (N bytes) in section SEC, or NULL. FOREIGN and DOMAIN
 * keys are matched case-insensitively. */
const char *loai_lex_get(const loa_lexicon *lex, int sec, const char *key, size_t n);

/* Lowercase N bytes of valid UTF-8 S into B (replacing its contents). */
loa_err loai_utf8_lower(loai_buf *b, const char *s, size_t n);

/* Decode one code point of valid UTF-8 at S (N > 0 bytes); its length in *LEN. */
unsigned loai_utf8_get(const char *s, size_t n, size_t *len);
int loai_cp_is_upper(unsigned cp);
int loai_cp_is_lower(unsigned cp);
int loai_cp_is_letter(unsigned cp);
/* ASCII base letter of CP without tone or vowel marks ('đ' → 'd'), or 0. */
char loai_base_letter(unsigned cp);
/* NFC, odd spaces and punctuation, tone-mark placement: line S into B. */
loa_err loai_clean_line(loai_buf *b, const char *s, size_t len);

/* The normalizer's state for one call. */
typedef struct loai_norm {
    const loa_lexicon *lex;
    loa_dialect dialect;
    loai_buf *out;
    loa_nsw_fn fn;
    void *fctx;
    loa_err err;           /* sticky: first failure (out of memory) */
    int line;              /* 1-based */
    const char *lbuf;      /* the cleaned current line */
    size_t llen;
    char prev[2][48];      /* last two plain words, lowercased; prev[0] nearest */
    int last_num;          /* the previous chunk was read as a quantity (5 km) */
    int num_said;          /* the current chunk was read as a quantity */
    int unit_said;         /* ... and ended in a unit or currency: đ/kg */
    int line_start;        /* nothing said yet on this line */
    int force_roman;       /* "I." opening a line: a section number */
    int next_phut;         /* the next word is "phút" (6 giờ 15 phút) */
    int nest;              /* recursion guard for odd codes */
    int depth;             /* nesting of loai_nsw_begin: only the outermost reports */
    size_t col_pos;        /* byte offset reached when counting columns */
    size_t col_chars;      /* characters before col_pos */
    loai_buf tmp;          /* scratch */
} loai_norm;

/* Output: words are separated by one space; punctuation attaches. */
void loai_say(loai_norm *n, const char *s);
void loai_say_n(loai_norm *n, const char *s, size_t len);
void loai_punct(loai_norm *n, const char *p);
/* Bracket one non-standard word for the explain callback. */
size_t loai_nsw_begin(loai_norm *n);
void loai_nsw_end(loai_norm *n, size_t mark, loa_nsw_kind kind, const char *w, size_t wlen);
/* Is the previous plain word (0 nearest, 1 before) equal to W (lowercase)? */
int loai_prev_is(const loai_norm *n, int i, const char *w);

/* text_num.c */
void loai_say_numword(loai_norm *n, const char *w); /* through the dialect table */
void loai_say_cardinal(loai_norm *n, unsigned long long v);
void loai_say_digits(loai_norm *n, const char *s, size_t len); /* digit by digit */
/* Parse a whole decimal number token: [-]D[.DDD]*[,D+] ; 1 if it is one.
 * Sets *VAL (integer part, saturating), and the fraction digits span. */
typedef struct loai_num {
    int neg;
    unsigned long long val;
    int big;               /* integer part too long for a cardinal reading */
    const char *ip;        /* integer digits as written (with dots) */
    size_t ip_len;
    const char *frac;      /* digits after ',' (or '.' decimal) or NULL */
    size_t frac_len;
    int dot_decimal;       /* 4.0 (read "chấm") */
    int lead_zero;         /* written with a leading zero: 01, 08 */
} loai_num;
int loai_parse_num(const char *s, size_t len, loai_num *out);
void loai_say_num(loai_norm *n, const loai_num *v);
/* Parse a run of ASCII digits at S: value (saturating at ~1e18) and count. */
size_t loai_digits(const char *s, size_t len, unsigned long long *val);

/* text_date.c: each returns 1 when it read S (LEN bytes), 0 otherwise. */
int loai_try_date(loai_norm *n, const char *s, size_t len);
int loai_try_time(loai_norm *n, const char *s, size_t len, int say);
int loai_try_roman(loai_norm *n, const char *s, size_t len, int force);
void loai_say_day(loai_norm *n, unsigned long long d);
void loai_say_month(loai_norm *n, unsigned long long m);

/* text_code.c */
size_t loai_try_doccode(loai_norm *n, const char *s, size_t len);
int loai_try_phone(loai_norm *n, const char *s, size_t len, int context);
int loai_try_url(loai_norm *n, const char *s, size_t len);
int loai_try_email(loai_norm *n, const char *s, size_t len);
void loai_spell(loai_norm *n, const char *s, size_t len);
/* Read a word made of letters (and maybe digits) that is not a plain
 * Vietnamese word: lexicon, foreign, spelled. Defined in text.c. */
void loai_say_word(loai_norm *n, const char *s, size_t len);
int loai_is_syllable(const char *s, size_t len);

/* text.c: the chunk reader, re-entered for the parts of a split word */
void loai_say_core(loai_norm *n, const char *s, size_t len, int level);
/* Remember W as the nearest previous word ("#" for a number). */
void loai_push_prev(loai_norm *n, const char *w, size_t len);

/* text_word.c */
int loai_phone_context(const loai_norm *n);
const char *loai_money_suffix(const char *s, size_t len); /* "đồng", "đô la" or NULL */
int loai_quantity_like(const loai_norm *n, const char *s, size_t len);
int loai_date_like(const char *s, size_t len);
void loai_say_numeric(loai_norm *n, const char *s, size_t len);
/* An identifier: digits one by one, letters spelled, separators named. */
void loai_say_ident(loai_norm *n, const char *s, size_t len);

#endif
