/* Shared by the text normalizer's own files (text*.c); never installed.
 *
 * The normalizer (entry points and output in text.c) works one line at a
 * time: the line is cleaned (text_utf8.c: NFC, odd spaces, tone-mark
 * placement), then
 *   1. tokenize (text_tok.c): the line becomes tokens — runs of letters,
 *      runs of digits, single symbols, whole web/e-mail addresses — each
 *      knowing whether a space stands before it;
 *   2. classify (text_class.c): at each token, the class table tries its
 *      matchers in order; a matcher looks at the tokens around (bounded,
 *      never past the line, context stops at a sentence end) and, when
 *      the tokens are its class, fills a loai_item with what it parsed;
 *   3. verbalize: the class's say function turns the item into words.
 * A new class is one matcher, one say function and a row in the table.
 * The matchers and say functions live by subject: numbers, quantities
 * and units in text_num.c, dates, times and Roman numerals in
 * text_date.c, codes, phones, plates and addresses in text_code.c, words
 * and abbreviations in text_word.c, foreign words no table knows in
 * text_respell.c; what they read comes from voices/ (text_lexicon.c).
 * Nothing survives from one line to the next. */
#ifndef LOA_TEXT_INT_H
#define LOA_TEXT_INT_H

#include <stddef.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/text.h"
#include "buf_int.h"

/* ---- lexicon (text_lexicon.c) ---- */

/* Sections of the voices/ files ("[abbreviations]" ...). */
enum loai_lex_sec {
    LOAI_LEX_ABBR,     /* case-sensitive written form → reading (with contexts) */
    LOAI_LEX_FOREIGN,  /* case-insensitive foreign word → Vietnamese syllables */
    LOAI_LEX_ISSUER,   /* document issuer code → body name */
    LOAI_LEX_DOCTYPE,  /* document type code (NĐ, QĐ) → type name */
    LOAI_LEX_LETTER,   /* letter → its Vietnamese name for spelling */
    LOAI_LEX_UNIT,     /* unit after a number → its name */
    LOAI_LEX_DOMAIN,   /* part of a web address → how it is read */
    LOAI_LEX_CENTRAL,  /* number word → central reading */
    LOAI_LEX_SOUTH,    /* number word → southern reading */
    LOAI_LEX_CURRENCY, /* currency sign or code → its name (said after the amount) */
    LOAI_LEX_MULT,     /* multiplier glued to a number: k → nghìn, tr → triệu */
    LOAI_LEX_SERVICE,  /* service numbers read digit by digit: 113, 1022 */
    LOAI_LEX_CUE,      /* lowercase words → the roles they give what follows */
    LOAI_LEX_NSEC
};

/* One reading of a key; a key may have several, each with a context
 * ("ĐT @num = đường tỉnh", "ĐT = điện thoại"), tried in file order. */
typedef struct loai_alt {
    const char *ctx; /* "" or "@num @name ..." */
    const char *val;
    const struct loai_alt *next;
} loai_alt;

/* Reading of KEY (N bytes) in section SEC without a context, or the first
 * one, or NULL. FOREIGN, DOMAIN and CUE keys are matched case-insensitively. */
const char *loai_lex_get(const loa_lexicon *lex, int sec, const char *key, size_t n);
/* All readings of KEY, in file order, or NULL. */
const loai_alt *loai_lex_alts(const loa_lexicon *lex, int sec, const char *key, size_t n);

/* Roles of a cue word (voices/context.txt), bit flags. */
enum loai_cue {
    LOAI_CUE_DAY = 1 << 0,     /* names the day: a date after it takes no "ngày" */
    LOAI_CUE_DATE = 1 << 1,    /* a bare d/m after it is a date */
    LOAI_CUE_ROMAN = 1 << 2,   /* a Roman numeral after it is a number */
    LOAI_CUE_PHONE = 1 << 3,   /* digits after it are a phone number */
    LOAI_CUE_IDENT = 1 << 4,   /* digits after it are read one by one */
    LOAI_CUE_ORDINAL = 1 << 5, /* "thứ": 1 nhất, 4 tư */
    LOAI_CUE_MONTH = 1 << 6,   /* "tháng": 4 tư */
    LOAI_CUE_PER = 1 << 7,     /* after a price, "/WORD" is "một WORD" */
    LOAI_CUE_YEAR = 1 << 8,    /* a range after it is of years (nhiệm kỳ) */
    LOAI_CUE_TEMP = 1 << 9,    /* a bare C later in the sentence is °C */
    LOAI_CUE_COUNT = 1 << 10,  /* a count noun: "113 người" is a number */
    LOAI_CUE_SCORE = 1 << 11,  /* "9/10 điểm": a/b read "trên" */
    LOAI_CUE_NAMED = 1 << 12,  /* a named day: "Quốc khánh 2/9" takes no "ngày" */
    LOAI_CUE_QUARTER = 1 << 13, /* quý: III/2026 is a quarter of a year */
    LOAI_CUE_LABEL = 1 << 14,   /* a number after it is a name: quốc lộ 1A, lớp 12/3 */
    LOAI_CUE_DOC = 1 << 15,     /* a document: "Thông tư 304/2016" is a number and a year */
    LOAI_CUE_PLAIN = 1 << 16,   /* none: "hiện nay" hides the cue of "nay" */
    LOAI_CUE_ORG = 1 << 17,     /* heads an organisation's name: Cục, Trung tâm */
    LOAI_CUE_PLATE = 1 << 18,   /* a code after it is a licence plate (biển số) */
    LOAI_CUE_HOUSE = 1 << 19,   /* a capital glued to the number after it is a letter
                                 * of its name, no unit (số nhà 12A: mười hai a) */
    LOAI_CUE_LUNAR = 1 << 20,   /* a day 1..10 of its sentence is a lunar one: mùng */
    LOAI_CUE_NAME = 1 << 21     /* an all-caps word after it is a name: read, not spelled */
};
int loai_lex_cue(const loa_lexicon *lex, const char *key, size_t n);

/* ---- characters (text_utf8.c) ---- */

/* Lowercase N bytes of valid UTF-8 S into B (replacing its contents). */
loa_err loai_utf8_lower(loai_buf *b, const char *s, size_t n);
/* Lowercase N bytes of S into DST (CAP bytes, NUL added); its length, or
 * (size_t)-1 when it does not fit. */
size_t loai_utf8_lower_to(char *dst, size_t cap, const char *s, size_t n);
size_t loai_utf8_upper_to(char *dst, size_t cap, const char *s, size_t n);
/* Decode one code point of valid UTF-8 at S (N > 0 bytes); its length in *LEN. */
unsigned loai_utf8_get(const char *s, size_t n, size_t *len);
int loai_cp_is_upper(unsigned cp);
int loai_cp_is_lower(unsigned cp);
int loai_cp_is_letter(unsigned cp); /* letters and combining marks */
/* ASCII base letter of CP without tone or vowel marks ('đ' → 'd'), or 0. */
char loai_base_letter(unsigned cp);
/* NFC, odd spaces and punctuation, tone-mark placement: line S into B. */
loa_err loai_clean_line(loai_buf *b, const char *s, size_t len);
/* The spoken text in B from START back in the writer's tone placement
 * ("hoá" stays hoá) for the words of ORIG that clean_line moved. */
loa_err loai_keep_tone_style(loai_buf *b, size_t start, const char *orig, size_t len,
                             loai_buf *tmp);
int loai_is_syllable(const char *s, size_t len);
/* "Đăk", "Lăk": a syllable with Vietnamese marks but no tone that ends in
 * a stop, which Vietnamese never writes (and espeak-ng takes for English):
 * B gets it with a sắc mark; 1 if so, 0 if S is not one, -1 out of memory. */
int loai_add_sac(loai_buf *b, const char *s, size_t n);

/* ---- tokens (text_tok.c) ---- */

enum loai_tt {
    LOAI_T_WORD, /* letters (any script) */
    LOAI_T_NUM,  /* ASCII digits */
    LOAI_T_SYM,  /* one other character */
    LOAI_T_ADDR  /* a whole web or e-mail address */
};

/* Shape of a word token. */
enum { LOAI_SH_UPPER = 1, LOAI_SH_LOWER = 2, LOAI_SH_CAP = 4 /* first letter upper */ };

typedef struct loai_tok {
    const char *s;
    size_t len;
    size_t lw;          /* its lowercase form at n->lower.data + lw (words) */
    size_t lwlen;
    unsigned cp;        /* SYM: the character */
    unsigned char type; /* enum loai_tt */
    unsigned char sp;   /* whitespace before it (or the line start) */
    unsigned char shape;
    unsigned char kind; /* after it was said: loa_nsw_kind + 1, 0 for a plain word */
} loai_tok;

/* ---- the state of one call ---- */

typedef struct loai_norm {
    const loa_lexicon *lex;
    loa_dialect dialect;
    loai_buf *out;
    loa_nsw_fn fn;
    void *fctx;
    loa_err err;       /* sticky: first failure (out of memory) */
    int line;          /* 1-based */
    const char *lbuf;  /* the cleaned current line */
    size_t llen;
    loai_tok *tok;     /* its tokens */
    size_t ntok, tokcap;
    loai_buf lower;    /* lowercase forms of the word tokens */
    int line_start;    /* nothing said yet on this line */
    int depth;         /* nesting of loai_nsw_begin: only the outermost reports */
    size_t col_pos;    /* byte offset reached when counting columns */
    size_t col_chars;  /* characters before col_pos */
    size_t at;         /* the first token of the item being said */
    loai_buf tmp;      /* scratch */
} loai_norm;

/* Cut the line in N->lbuf into tokens. */
loa_err loai_tokenize(loai_norm *n);

/* Token helpers; I may be out of range (then they say no). */
int loai_t_is(const loai_norm *n, size_t i, int type);
int loai_t_sym(const loai_norm *n, size_t i, unsigned cp);     /* SYM CP */
int loai_t_eq(const loai_norm *n, size_t i, const char *lit);  /* exact text */
int loai_t_lw(const loai_norm *n, size_t i, const char *lit);  /* lowercase word */
const char *loai_t_lower(const loai_norm *n, size_t i);        /* "" if not a word */
int loai_t_glued(const loai_norm *n, size_t i); /* no space between I-1 and I */
/* Digits of number token I: value (saturating) and count; 0 if not a number. */
size_t loai_t_num(const loai_norm *n, size_t i, unsigned long long *v);
/* Is there a sentence end (. ! ? ;) between token A and token B (A < B)? */
int loai_sentence_break(const loai_norm *n, size_t a, size_t b);
/* Cue roles of the word(s) just before token I (longest phrase of up to
 * four words wins); SKIP_PUNCT lets ':' '(' and quotes stand between, 2
 * a comma too ("Thứ Năm, 14/8"). */
int loai_cue_before(const loai_norm *n, size_t i, int skip_punct);
/* Does a word naming the day stand before token P ("các ngày" before
 * "từ"), not a count of days ("11 ngày")? */
int loai_day_named_before(const loai_norm *n, size_t p);
/* Is token I a word of time: 1 giây, 2 phút, 3 giờ (a clock's units),
 * 4 ngày, 5 tuần, 6 tháng, 7 năm; 0 if not. Its word is
 * loai_time_words[N - 1]. */
int loai_time_word(const loai_norm *n, size_t i);
extern const char *const loai_time_words[7];
enum { LOAI_TW_CLOCK = 3 }; /* giây, phút, giờ: up to here */
/* Cue roles of word token I itself. */
int loai_cue_at(const loai_norm *n, size_t i);
/* Index of the nearest word or number token before I in the same sentence
 * (skipping ':' '(' '"'), or (size_t)-1. */
size_t loai_prev_word(const loai_norm *n, size_t i);
/* Is CP (lowercase) the first letter of word token I (its base letter:
 * "ủy" starts with u; đ only with đ)? */
int loai_t_initial(const loai_norm *n, size_t i, unsigned cp);
/* "Ban Nội chính Tỉnh ủy" for BNCTU: the first run of capitalised words in
 * the line whose initials spell the capitals CODE (LEN bytes; "và" may
 * stand between); its end, its first token in *START; 0 if none. */
size_t loai_long_form(const loai_norm *n, const char *code, size_t len, size_t *start);
/* Can T be the initial of a name: one capital (T, Đ) → 1, or a capital
 * digraph (Th, Ng, Tr) → 2; else 0. */
int loai_tok_initial(const loai_tok *t);
/* Do the words "tỷ lệ" (tỉ lệ) stand within six tokens before token I? */
int loai_ratio_before(const loai_norm *n, size_t i);
/* Is the line a formula (an "=" stands in it, not "=>")? Then "-" is
 * trừ, ":" chia, "/" trên and x the unknown. */
int loai_formula(const loai_norm *n);
/* Bytes from token A's start to token B's end (A <= B). */
size_t loai_span_len(const loai_norm *n, size_t a, size_t b);

/* ---- output (text.c) ---- */

/* Bracket one non-standard word for the explain callback. */
size_t loai_nsw_begin(loai_norm *n);
void loai_nsw_end(loai_norm *n, size_t mark, loa_nsw_kind kind, loa_nsw_guess guess,
                  const char *w, size_t wlen);

/* Words are separated by one space; punctuation attaches. */
void loai_say(loai_norm *n, const char *s);
void loai_say_n(loai_norm *n, const char *s, size_t len);
void loai_punct(loai_norm *n, const char *p);
void loai_say_lower(loai_norm *n, const char *s, size_t len);

/* ---- numbers (text_num.c) ---- */

void loai_say_numword(loai_norm *n, const char *w); /* through the dialect table */
void loai_say_cardinal(loai_norm *n, unsigned long long v);
void loai_say_digits(loai_norm *n, const char *s, size_t len); /* digit by digit */
/* Parse a run of ASCII digits at S: value (saturating at ~1e18) and count. */
size_t loai_digits(const char *s, size_t len, unsigned long long *val);

/* A number as written. */
typedef struct loai_num {
    int neg;
    int plus;              /* written with '+': "cộng" */
    unsigned long long val;
    int big;               /* integer part too long for a cardinal reading */
    const char *ip;        /* integer digits as written (with separators) */
    size_t ip_len;
    const char *frac;      /* digits after ',' (or '.' decimal) or NULL */
    size_t frac_len;
    int dot_decimal;       /* 39.7: a dot for the decimal comma */
    int section;           /* "1.1." opening a line: a section number, "chấm" */
    int lead_zero;         /* written with a leading zero: 01, 08 */
    int grouped;           /* thousands written with separators */
    size_t t0, t1;         /* its tokens */
} loai_num;
/* A number starting at token I ('-' or '+' sign included): its tokens and
 * value; 0 when there is none. Thousands with '.' or single spaces
 * (9 000 000), decimals with ',' (or '.' when not three digits). */
size_t loai_num_at(const loai_norm *n, size_t i, loai_num *out);
void loai_say_num(loai_norm *n, const loai_num *v);
void loai_say_day(loai_norm *n, unsigned long long d, int mung_said);
void loai_say_month(loai_norm *n, unsigned long long m);

/* ---- the classes (text_class.c and the files it calls) ---- */

/* A quantity: a number with what is said after it. */
typedef struct loai_qty {
    loai_num num;
    int mode;              /* LOAI_NM_*: how the bare number is read */
    const char *mult;      /* k → nghìn (NULL if none) */
    unsigned long long mult_frac; /* 1tr2: the digits after the multiplier */
    size_t mult_frac_len;
    size_t scale0, scale1; /* scale words as written: "1,2 triệu" (tokens) */
    const char *pre;       /* a currency written before the number: $100 */
    const char *unit[6];   /* what follows, in order ("đồng", "một", "ki lô gam") */
    int nunit;
    int money;             /* a currency is among them */
    int more;              /* "10+": hơn mười */
    int lost_degree;       /* 350C: 35 độ C, its degree sign typed as a 0 */
    int scale_d;           /* "5 nghìnđ": đ glued to the last scale word */
    size_t t0, t1;         /* its tokens */
} loai_qty;

enum { LOAI_NM_CARD, LOAI_NM_DIGITS, LOAI_NM_ORD, LOAI_NM_MONTH, LOAI_NM_DAY, LOAI_NM_ZEROS,
       LOAI_NM_NGAY_DAY /* "ngày" and the day: từ 18 đến 20-9 */ };

typedef struct loai_item {
    int cls;                /* index in the class table */
    loa_nsw_kind kind;      /* what the report calls it */
    loa_nsw_guess guess;    /* LOA_GUESS_NONE when sure */
    size_t t0, t1;          /* tokens [t0, t1) */
    loai_qty q[3];          /* quantities: a range uses two */
    int nq;
    unsigned long long v[8]; /* class-specific values */
    const char *r[4];        /* class-specific readings */
    int flags;
    int plain;               /* a plain word: not reported */
} loai_item;

typedef struct loai_class {
    const char *name;
    /* Does token I start this class? Fill IT (t1 at least I + 1); 1 if so. */
    int (*match)(loai_norm *n, size_t i, loai_item *it);
    void (*say)(loai_norm *n, const loai_item *it);
} loai_class;

/* Say the tokens of one line (text_class.c). */
void loai_say_line(loai_norm *n);

/* Matchers and verbalizers, by file. */
int loai_m_addr(loai_norm *n, size_t i, loai_item *it);       /* text_code.c */
void loai_s_addr(loai_norm *n, const loai_item *it);
int loai_m_phone(loai_norm *n, size_t i, loai_item *it);
void loai_s_phone(loai_norm *n, const loai_item *it);
int loai_m_doccode(loai_norm *n, size_t i, loai_item *it);
void loai_s_doccode(loai_norm *n, const loai_item *it);
int loai_m_plate(loai_norm *n, size_t i, loai_item *it);
void loai_s_plate(loai_norm *n, const loai_item *it);
int loai_m_ident(loai_norm *n, size_t i, loai_item *it);
void loai_s_ident(loai_norm *n, const loai_item *it);
int loai_m_numlex(loai_norm *n, size_t i, loai_item *it);
void loai_s_reading(loai_norm *n, const loai_item *it);
int loai_m_date(loai_norm *n, size_t i, loai_item *it);       /* text_date.c */
void loai_s_date(loai_norm *n, const loai_item *it);
int loai_m_time(loai_norm *n, size_t i, loai_item *it);
void loai_s_time(loai_norm *n, const loai_item *it);
int loai_m_weekday(loai_norm *n, size_t i, loai_item *it);
void loai_s_weekday(loai_norm *n, const loai_item *it);
int loai_m_roman(loai_norm *n, size_t i, loai_item *it);
void loai_s_roman(loai_norm *n, const loai_item *it);
int loai_m_sci(loai_norm *n, size_t i, loai_item *it);        /* text_num.c */
void loai_s_sci(loai_norm *n, const loai_item *it);
int loai_m_range(loai_norm *n, size_t i, loai_item *it);
void loai_s_range(loai_norm *n, const loai_item *it);
int loai_m_fraction(loai_norm *n, size_t i, loai_item *it);
void loai_s_fraction(loai_norm *n, const loai_item *it);
int loai_m_quantity(loai_norm *n, size_t i, loai_item *it);
void loai_s_quantity(loai_norm *n, const loai_item *it);
int loai_m_paren_abbr(loai_norm *n, size_t i, loai_item *it); /* text_word.c */
void loai_s_nothing(loai_norm *n, const loai_item *it);
int loai_m_word(loai_norm *n, size_t i, loai_item *it);
void loai_s_word(loai_norm *n, const loai_item *it);
int loai_m_sym(loai_norm *n, size_t i, loai_item *it);        /* text_class.c */
void loai_s_sym(loai_norm *n, const loai_item *it);

/* Shared pieces (numbers and units: text_num.c). */
/* A quantity at token I: number, multiplier, units; 0 if none. WANT_UNIT:
 * a bare number does not count. */
size_t loai_qty_at(loai_norm *n, size_t i, loai_qty *q, int want_unit);
void loai_say_qty(loai_norm *n, const loai_qty *q, int with_unit);
/* A unit, currency or percent at token I (up to 4 glued tokens): tokens
 * used, its reading in *R; *MONEY 1 for a currency, 2 for percent.
 * AFTER_NUM: a bare "C" may be °C when the sentence speaks of heat. */
size_t loai_unit_at(const loai_norm *n, size_t i, const char **r, int *money, int after_num);
/* Is the spaced dash at I between a name's number and a size (TBA Phú Lộc
 * 2 - 180kVA), not a range? */
int loai_name_then_size(const loai_norm *n, size_t i);
/* (text_date.c) Time at token I: 8h, 8h30, 8:30, 8:30:15, 8g30; tokens
 * used or 0. */
size_t loai_time_at(const loai_norm *n, size_t i, unsigned long long *h,
                    unsigned long long *m, unsigned long long *s, int *flags);
void loai_say_time(loai_norm *n, unsigned long long h, unsigned long long m,
                   unsigned long long s, int flags);
/* (text_code.c) Letters spelled with their Vietnamese names, digits one
 * by one. */
void loai_spell(loai_norm *n, const char *s, size_t len);
/* An identifier: digits one by one, letters spelled, separators named. */
void loai_say_ident(loai_norm *n, const char *s, size_t len);
/* Read a web address or e-mail (whole token text). */
int loai_say_address(loai_norm *n, const char *s, size_t len);
/* One part of a web address ("gov", "vip"): lexicon, syllable or spelled. */
void loai_say_addr_piece(loai_norm *n, const char *s, size_t len);
/* Is S a web or e-mail address? */
int loai_is_address(const char *s, size_t len);
/* A foreign word no table knows as Vietnamese syllables (text_respell.c):
 * B gets the reading (Texas téc xát); a word in Vietnamese letters only
 * when it needs mending (Prông pơ rông, Búk Búc). 1 if B holds one. */
int loai_respell(loai_buf *b, const char *s, size_t len);
/* Is the short lowercase word S rather letters to spell (utc, gmt)? */
int loai_respell_spells(const char *s, size_t len);
/* (text_date.c) Value of a canonical Roman numeral S (upper or lower
 * case), or 0. */
int loai_roman_value(const char *s, size_t len);

#endif
