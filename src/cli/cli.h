/* Shared by the subcommands of the loa program (never by libloa). */
#ifndef LOA_CLI_H
#define LOA_CLI_H

#include <stdio.h>

#include "loa/loa.h"

/* Exit codes, documented in loa(1) and README.md. */
enum {
    CLI_OK = 0,
    CLI_FAIL = 1,
    CLI_USAGE = 2,
    /* loa build (and scripts/weekly.sh, which passes them on): */
    CLI_LEFT_OUT = 3,    /* published, but a script with errors, or a jingle, bed or
                          * recording that cannot be made safe, was left out */
    CLI_NOTHING_NEW = 4, /* published, but no bulletin is valid in the week */
    CLI_ATTENTION = 5,   /* published, but a bulletin was deferred or a station airs
                          * only the standing bulletin */
    CLI_LOCKED = 6       /* another build of the same output holds its lock */
};

extern const char *cli_prog; /* "loa" */

/* The language of every message (msg.h): --lang, else the first of LC_ALL,
 * LC_MESSAGES, LANG that is set (en* English, anything else Vietnamese). */
extern loa_lang cli_lang;

/* FMT (a catalogue message as written in the code) with its arguments, in
 * cli_lang, to FP; cli_warn adds "loa CMD: " before and "\n" after. */
void cli_print(FILE *fp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void cli_warn(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A library message (DIAG's, a config note's) put to FP in cli_lang. */
void cli_put_text(FILE *fp, const char *msg);

/* "lỗi" / "error", "cảnh báo" / "warning" in cli_lang. */
const char *cli_sev(int error);

/* The one mapping of library errors to exit codes (loa(1)): CLI_USAGE when
 * the user's own input is wrong (LOA_ERR_INVALID, _CONFIG, _TEXT, _PLAN),
 * or for any error when INPUT says the failure was reading the input named
 * on the command line; else CLI_FAIL. LOA_OK gives CLI_OK. */
int cli_exit_code(loa_err err, int input);

/* Print "FILE:LINE:COL: error: MSG" (position parts omitted when unknown)
 * for a library failure; returns cli_exit_code(ERR, 0). */
int cli_fail(const char *file, loa_err err, const loa_diag *diag);

/* The same for a failure to read the command's own input FILE: returns
 * cli_exit_code(ERR, 1). */
int cli_fail_input(const char *file, loa_err err, const loa_diag *diag);

/* Print "loa CMD: MSG" plus a hint to run --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Parse a whole decimal int in [LO, HI]; 0 on success. */
int cli_int(const char *s, int lo, int hi, int *out);
/* The directory of PATH, malloc'd ("." when it has none); NULL without memory. */
char *cli_dir_of(const char *path);

int cli_speak(int argc, char **argv);
int cli_normalize(int argc, char **argv);
int cli_build(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_air(int argc, char **argv);
int cli_urgent(int argc, char **argv);
int cli_pull(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);

#endif
