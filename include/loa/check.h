#ifndef LOA_CHECK_H
#define LOA_CHECK_H

#include <stddef.h>

#include "loa/config.h"
#include "loa/error.h"
#include "loa/msg.h"
#include "loa/spell.h"
#include "loa/text.h"

/* `loa check`: everything wrong with a bulletin script, found without
 * rendering. Findings are data (an id, a severity, a position, arguments);
 * loa_check_message turns one into text through the message catalogue
 * (src/check_msg.c, Vietnamese and English). */

typedef enum loa_check_sev {
    LOA_CHECK_WARNING = 1, /* "cảnh báo": airs, but the editor should look */
    LOA_CHECK_ERROR = 2    /* "lỗi": the build would refuse it or air it wrong */
} loa_check_sev;

/* Message ids; the catalogue has one entry for each. */
typedef enum loa_check_id {
    LOA_CK_UTF8 = 0,    /* invalid UTF-8: {1} byte, {2} byte offset */
    LOA_CK_LEGACY,      /* legacy encoding: {1} name, {2} confidence % */
    LOA_CK_NFD,         /* decomposed (NFD) letters: {1} the word */
    LOA_CK_TONE_MIXED,  /* {1} word in the minority placement, {2} a word in the other */
    LOA_CK_HDR_KEY,     /* unknown header key {1} */
    LOA_CK_HDR_DATE,    /* {1} key, {2} value: not a date */
    LOA_CK_HDR_ORDER,   /* {1} Đến ngày value, {2} Từ ngày value, {3} its line */
    LOA_CK_HDR_TARGET,  /* {1} unknown station or group id */
    LOA_CK_HDR_REPEAT,  /* {1} repeats, {2} station, {3} its valid slots */
    LOA_CK_HDR_MISSING, /* required header key {1} (its ASCII alias {2}) is missing */
    LOA_CK_HDR_AUDIO,   /* the recorded file {1} of 'Âm thanh' cannot be read: {2} */
    LOA_CK_SCRIPT,      /* a message {1} of loa's own (said in the chosen language) */
    LOA_CK_SPELL,       /* {1} word, {2} suggestions ("" when none) */
    LOA_CK_CAPS,        /* {1} all-caps word, {2} how it will be spelled */
    LOA_CK_GUESS,       /* {1} foreign word the lexicon lacks, {2} its guessed reading */
    LOA_CK_DURATION,    /* {1} estimated seconds, {2} shortest slot seconds, {3} station */
    LOA_CK_CONFIG,      /* the config module's message {1} (said in the chosen language) */
    LOA_CK_IO,          /* {1} the system's message */
    LOA_CK_FIXED,       /* --fix wrote the file: {1} what was converted, {2} backup */
    LOA_CK_GUESS_UNIT,  /* {1} number and letters that are no known unit, {2} reading */
    LOA_CK_GUESS_SLASH, /* {1} a/b read as a date or a fraction, {2} reading */
    LOA_CK_GUESS_DASH,  /* {1} a-b read as a range or a date, {2} reading */
    LOA_CK_GUESS_PHONE, /* {1} digits read as a phone number or a quantity, {2} reading */
    LOA_CK_HDR_TITLE,   /* the title has {1} characters; MP3 tags keep the first {2} */
    /* The script parser's findings (script.c), each with its own message: */
    LOA_CK_HDR_KEY_NEAR,    /* unknown header key {1}, the nearest key {2} */
    LOA_CK_HDR_TWICE,       /* header key {1} given twice */
    LOA_CK_HDR_EMPTY,       /* header key {1} has no value */
    LOA_CK_HDR_LINE,        /* a header line that is no "Key: value" */
    LOA_CK_HDR_NO_DASH,     /* no '---' after the header */
    LOA_CK_HDR_DATE_FORM,   /* {1} key, {2} value: no date of the form dd/mm/yyyy [HH:MM] */
    LOA_CK_HDR_DATE_YEAR,   /* {1} key, {2} value: a date without its year */
    LOA_CK_HDR_TIME,        /* {1} key, {2} value, {3} the time: no time of day */
    LOA_CK_HDR_PRIO,        /* unknown priority {1} */
    LOA_CK_HDR_PRIO_NEAR,   /* unknown priority {1}, the nearest {2} */
    LOA_CK_HDR_REPEAT_VALUE,/* 'Số lần phát' {1} is no number of airings */
    LOA_CK_HDR_VOICE,       /* 'Giọng' {1}: no region or voice */
    LOA_CK_HDR_VOICE_NAM,   /* warning: 'Giọng' {1} is read as the southern accent */
    LOA_CK_HDR_TARGET_FORM, /* {1} in 'Đài' is no id (a name, spaces, capitals) */
    LOA_CK_HDR_TARGET_NEAR, /* {1} is no station or group; {2} the id meant, {3} its name */
    LOA_CK_HDR_AUDIO_OUTSIDE, /* the recording {1} lies outside the script's folder */
    LOA_CK_BODY_EMPTY,      /* no text after '---' */
    LOA_CK_BODY_AUDIO,      /* text after '---' in a recorded bulletin ('Âm thanh' on line {1}) */
    LOA_CK_MARK_UNKNOWN,    /* unknown [mark] {1} */
    LOA_CK_MARK_PAUSE,      /* pause {1} too short or too long */
    LOA_CK_MARK_EMPTY,      /* empty {written|spoken} mark */
    LOA_CK_MARK_BAR,        /* a pronunciation mark with two '|' */
    LOA_CK_MARK_NESTED,     /* {1} inside a mark opened at column {2}, closed by {3} */
    LOA_CK_MARK_OPEN,       /* {1} not closed on its line ({2} closes it) */
    LOA_CK_MARK_CLOSE,      /* {1} without its opening {2} */
    LOA_CK_OK,              /* not a finding: a clean file, about {1} seconds */
    LOA_CK_OK_RECORDED,     /* not a finding: a clean recorded bulletin */
    LOA_CK_JINGLE,          /* {1} which jingle, {2} its file, {3} why it cannot be read */
    LOA_CK_NO_SCRIPTS,      /* the scripts folder {1} has no script */
    LOA_CK_GUESS_DEGREE,    /* {1} 350C read as a temperature with its degree sign lost, {2} reading */
    LOA_CK_COUNT
} loa_check_id;

typedef loa_lang loa_check_lang; /* the message language (msg.h) */

typedef struct loa_check_item {
    loa_check_id id;
    loa_check_sev sev;
    int line, col;  /* 1-based, col in characters; 0 when the finding has no position */
    char *arg[3];   /* UTF-8 arguments of the message; NULL when unused */
} loa_check_item;

typedef struct loa_check_report {
    loa_check_item *items; /* sorted by line, then column */
    size_t n;
    double seconds;        /* estimated spoken duration; -1 when not estimated */
    int slot_s;            /* shortest targeted slot (seconds); 0 without a config */
    int legacy;            /* a loa_legacy_enc when the text is in one, else 0 */
    double legacy_confidence;
} loa_check_report;

/* What the checks may use; every field may be NULL (the checks needing it
 * are skipped): CFG for stations, groups, slots and the speaking rate; LEX
 * for normalizing (guesses, all-caps words, duration); SPELL for spelling. */
typedef struct loa_check_opts {
    const loa_config *cfg;
    const loa_lexicon *lex;
    loa_spell *spell;
    int errors_only; /* only what loa build leaves a script out for: encoding,
                      * header, marks, stations, recordings (no warnings, no
                      * spelling, no repeat count, no duration) */
} loa_check_opts;

void loa_check_report_init(loa_check_report *rep);
/* Free what REP owns and leave it empty; NULL-safe. */
void loa_check_report_clear(loa_check_report *rep);

/* Check LEN bytes of a script TEXT (DIR: its directory, for "Âm thanh").
 * Findings go into REP (initialised by this call); fails only for
 * LOA_ERR_NOMEM or a broken normalizer/spelling library. */
loa_err loa_check_text(loa_check_report *rep, const char *text, size_t len, const char *dir,
                       const loa_check_opts *opts, loa_diag *diag);

/* LOA_OK when the audio file PATH (a recording, a jingle) can be opened
 * and decoded, as the build will need it; else the error, DIAG saying why. */
loa_err loa_check_audio(const char *path, loa_diag *diag);

/* Add a finding to REP (arguments copied; NULL allowed). */
loa_err loa_check_add(loa_check_report *rep, loa_check_id id, loa_check_sev sev, int line,
                      int col, const char *a1, const char *a2, const char *a3);

/* The repaired text of TEXT: TCVN3/VNI converted and decomposed Vietnamese
 * letters composed (NFC). *OUT malloc'd; *WHAT (static) names what was
 * done, or NULL when nothing needed fixing (then *OUT is NULL). */
loa_err loa_check_fix(const char *text, size_t len, char **out, size_t *out_len,
                      const char **what);

/* Fix the file PATH in place as loa_check_fix does: the original is first
 * kept as PATH.orig (which must not exist yet), then PATH is replaced
 * atomically (staged and renamed). *WHAT as for loa_check_fix (NULL: the
 * file needed nothing and was not touched); *ORIG the malloc'd backup name. */
loa_err loa_check_fix_file(const char *path, const char **what, char **orig, loa_diag *diag);

/* The message of ITEM in LANG: "what is wrong — how to fix". Caller frees. */
char *loa_check_message(const loa_check_item *item, loa_check_lang lang);

/* Stable name of ID for machines ("utf8", "legacy", "spelling", ...). */
const char *loa_check_id_name(loa_check_id id);

/* `loa check --json` (format "loa-check/1", shape in README.md), piece by
 * piece so a caller can print each file as it is checked: the opening,
 * then one object per file, then the closing. Each piece is a malloc'd
 * string in *OUT (the caller frees it); fails only with LOA_ERR_NOMEM. */
loa_err loa_check_json_begin(char **out);

/* PATH's report REP, messages in LANG; FIXED names what --fix converted
 * (NULL: nothing); FIRST is 1 for the first file of the document. */
loa_err loa_check_json_file(const char *path, const loa_check_report *rep, const char *fixed,
                            loa_check_lang lang, int first, char **out);

/* The closing: FILES is 0 when no file was written, ERRORS and WARNINGS
 * the totals over all files. */
loa_err loa_check_json_end(int files, int errors, int warnings, char **out);

#endif
