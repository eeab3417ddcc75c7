/* Render jobs in worker processes (jobs.c); never installed. */
#ifndef LOA_JOBS_INT_H
#define LOA_JOBS_INT_H

#include <signal.h>
#include <stddef.h>

#include "loa/error.h"

/* A render job: do job number JOB (0-based) in a worker process. */
typedef loa_err (*loai_job_fn)(void *ctx, size_t job, loa_diag *diag);
/* Called in the parent as each job ends, in completion order. */
typedef void (*loai_job_done_fn)(void *ctx, size_t job, loa_err err, const loa_diag *diag);

/* Run jobs 0..N-1 in WORKERS forked processes (at least one, so a crash or
 * a hang past TIMEOUT_S seconds, 0 = none, fails only its job). Returns the
 * first failure's code and detail after every job has ended. When *CANCEL
 * (may be NULL) is set, by a signal handler, the workers are killed and
 * reaped and LOA_ERR_CANCELLED returned within 100 ms. Workers take the
 * default action on SIGINT and SIGTERM whatever the caller installed. */
loa_err loai_jobs_run(size_t n, int workers, unsigned timeout_s, loai_job_fn fn,
                      loai_job_done_fn done, void *ctx, const volatile sig_atomic_t *cancel,
                      loa_diag *diag);

#endif
