#ifndef LOA_PULL_H
#define LOA_PULL_H

#include <stddef.h>

#include "loa/air.h"
#include "loa/error.h"

/* loa pull: copy a station's air folder from the province over HTTP(S).
 * URL is the folder as published (e.g. http://host/loa/air/man-duc/), DIR
 * the station's local copy, which loa air plays from. Every week version the
 * plan needs is fetched into DIR/.pull/ first, each file resumed where an
 * earlier attempt stopped (HTTP Range) and checked against the week's
 * SHA256SUMS (the manifest's sha256); only when all of them are there does
 * it become DIR/weeks/<version>, and only then is plan.tsv replaced (one
 * rename): a cut in the middle never leaves a half week current. Urgent
 * notices and their files come the same way. */
typedef struct loa_pull_opts {
    const char *url;
    const char *dir;
    loa_air_log_fn log;       /* progress lines; may be NULL */
    void *log_ctx;
    double now;               /* Unix time for clean-up; 0: the clock */
} loa_pull_opts;

typedef struct loa_pull_result {
    size_t files;             /* files downloaded now (whole or resumed) */
    size_t reused;            /* files of a new version linked to the same bytes already
                                 here in another version of its week (not downloaded) */
    unsigned long long bytes; /* bytes received */
    int plan_changed;         /* plan.tsv was replaced */
    int urgent_changed;       /* urgent.tsv was replaced */
} loa_pull_result;

/* One pull. LOA_ERR_IO for network or disk failures (what was verified is
 * kept for the next attempt), LOA_ERR_INVALID when the server sends something
 * malformed or a file that does not match its sha256. */
loa_err loa_pull_run(const loa_pull_opts *o, loa_pull_result *r, loa_diag *diag);

#endif
