/* Shared by the subcommands of the loa program (never by libloa). */
#ifndef LOA_CLI_H
#define LOA_CLI_H

#include "loa/loa.h"

/* Exit codes, documented in loa(1) and README.md. */
enum {
    CLI_OK = 0,
    CLI_FAIL = 1,
    CLI_USAGE = 2,
    CLI_ATTENTION = 3, /* loa build: published, but something was deferred or left out */
    CLI_NOTHING_NEW = 4 /* loa build: published, but no bulletin is valid in the week */
};

extern const char *cli_prog; /* "loa" */

/* Print "FILE:LINE:COL: error: MSG" (position parts omitted when unknown)
 * for a library failure; returns the exit code that fits ERR. */
int cli_fail(const char *file, loa_err err, const loa_diag *diag);

/* Print "loa CMD: MSG" plus a hint to run --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Parse a whole decimal int in [LO, HI]; 0 on success. */
int cli_int(const char *s, int lo, int hi, int *out);

int cli_speak(int argc, char **argv);
int cli_normalize(int argc, char **argv);
int cli_build(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);

#endif
