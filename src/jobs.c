/* A pool of worker processes for rendering.
 *
 * espeak-ng keeps global state, so parallel synthesis needs processes, not
 * threads. Workers are forked from the caller and take job numbers from a
 * pipe as they become free (long bulletins do not hold up short ones). Each
 * reports "started" and "finished" records on a second pipe; records are
 * smaller than PIPE_BUF, so writes from several workers never interleave.
 * A worker takes jobs until the queue is empty, so a job's end is seen at
 * once from its record and the next job starts without a fork (one process
 * per job cost a fork and up to the 100 ms poll below per job: 10 s of a
 * 90 s demo week at -j1). Jobs must therefore leave nothing behind in the
 * worker that changes a later job's result: a job that needs a fresh process
 * (speech: espeak-ng's output depends on what it said before) forks its own
 * child. A worker that crashes or hangs (espeak-ng can, on odd input) takes
 * down only its own job, which the parent reports as failed, and is replaced
 * while jobs wait in the queue. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loa/error.h"
#include "error_int.h"
#include "jobs_int.h"

enum { REC_START = 1, REC_DONE = 2 };

struct record {
    int type;
    int err;
    long pid;
    unsigned long job;
    int line, col;
    char msg[400];
};

struct worker {
    pid_t pid; /* 0 when the slot is empty */
    long job;  /* job in progress, -1 when idle */
};

static int write_full(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static void worker_main(int jobs_fd, int res_fd, unsigned timeout_s, loai_job_fn fn, void *ctx)
{
    unsigned long job;
    struct record rec;
    loa_diag diag;

    signal(SIGALRM, SIG_DFL); /* a hang past the timeout ends the worker */
    for (;;) {
        ssize_t r = read(jobs_fd, &job, sizeof job);
        loa_err err;

        if (r < 0 && errno == EINTR)
            continue;
        if (r != (ssize_t)sizeof job)
            break;
        memset(&rec, 0, sizeof rec);
        rec.type = REC_START;
        rec.pid = (long)getpid();
        rec.job = job;
        if (write_full(res_fd, &rec, sizeof rec) != 0)
            _exit(3);
        loa_diag_clear(&diag);
        if (timeout_s > 0)
            alarm(timeout_s);
        err = fn(ctx, (size_t)job, &diag);
        alarm(0);
        rec.type = REC_DONE;
        rec.err = err;
        rec.line = diag.line;
        rec.col = diag.col;
        /* Only the string: the bytes after its NUL were never written
         * (valgrind: write of uninitialised bytes). */
        memcpy(rec.msg, diag.msg, strnlen(diag.msg, sizeof rec.msg - 1));
        if (write_full(res_fd, &rec, sizeof rec) != 0)
            _exit(3);
    }
    _exit(0);
}

struct pool {
    struct worker *w;
    int nw;
    int jobs[2], res[2];
    unsigned timeout_s;
    loai_job_fn fn;
    loai_job_done_fn done;
    void *ctx;
    size_t finished, failed;
    pid_t parent;
    loa_err first_err;
    loa_diag *diag;
    struct record rec; /* a record being read */
    size_t rlen;
};

static int spawn(struct pool *p, int k)
{
    pid_t pid = fork();

    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* A build killed with SIGKILL must not leave workers rendering on. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != p->parent)
            _exit(4);
        /* The caller's handlers only set its flag: a worker told to stop
         * (Ctrl-C reaches the whole process group) stops. */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        if (p->jobs[1] >= 0)
            close(p->jobs[1]);
        close(p->res[0]);
        worker_main(p->jobs[0], p->res[1], p->timeout_s, p->fn, p->ctx);
    }
    p->w[k].pid = pid;
    p->w[k].job = -1;
    return 0;
}

static void job_over(struct pool *p, size_t job, loa_err err, const loa_diag *d)
{
    if (err != LOA_OK) {
        if (p->failed == 0) {
            p->first_err = err;
            if (p->diag != NULL)
                *p->diag = *d;
        }
        p->failed++;
    }
    p->finished++;
    if (p->done != NULL)
        p->done(p->ctx, job, err, d);
}

static void on_record(struct pool *p, const struct record *rec)
{
    loa_diag d;
    int k;

    for (k = 0; k < p->nw; k++)
        if ((long)p->w[k].pid == rec->pid)
            break;
    if (rec->type == REC_START) {
        if (k < p->nw)
            p->w[k].job = (long)rec->job;
        return;
    }
    if (k < p->nw)
        p->w[k].job = -1;
    loa_diag_clear(&d);
    d.line = rec->line;
    d.col = rec->col;
    memcpy(d.msg, rec->msg, sizeof rec->msg);
    d.msg[sizeof d.msg - 1] = '\0';
    job_over(p, rec->job, (loa_err)rec->err, &d);
}

/* Handle every record waiting in the result pipe (it does not block). */
static void read_records(struct pool *p)
{
    for (;;) {
        ssize_t r = read(p->res[0], (char *)&p->rec + p->rlen, sizeof p->rec - p->rlen);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        if ((p->rlen += (size_t)r) == sizeof p->rec) {
            on_record(p, &p->rec);
            p->rlen = 0;
        }
    }
}

/* Jobs that live workers hold. */
static size_t held(const struct pool *p)
{
    size_t n = 0;
    int k;

    for (k = 0; k < p->nw; k++)
        n += p->w[k].pid > 0 && p->w[k].job >= 0;
    return n;
}

/* Reap dead workers; a job a worker held when it died has failed. */
static int reap(struct pool *p, size_t n)
{
    int k, status;

    for (k = 0; k < p->nw; k++) {
        if (p->w[k].pid <= 0 || waitpid(p->w[k].pid, &status, WNOHANG) != p->w[k].pid)
            continue;
        /* Its last "finished" record may have come after the poll: all it
         * wrote is in the pipe now. */
        if (p->w[k].job >= 0)
            read_records(p);
        p->w[k].pid = 0;
        if (p->w[k].job >= 0) {
            loa_diag d;

            loa_diag_clear(&d);
            if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
                loai_diag_set(&d, "render took longer than %u s and was stopped", p->timeout_s);
            else if (WIFSIGNALED(status))
                loai_diag_set(&d, "render crashed (signal %d)", WTERMSIG(status));
            else
                loai_diag_set(&d, "render worker exited with status %d", WEXITSTATUS(status));
            job_over(p, (size_t)p->w[k].job, LOA_ERR_SYNTH, &d);
            p->w[k].job = -1;
        }
        /* Jobs nobody holds may still be queued: replace the worker. (One
         * that ended because the queue ran dry is not replaced; a worker
         * started in the moment between another's read and its "started"
         * record only finds the queue empty and ends.) */
        if (p->finished + held(p) < n && spawn(p, k) != 0)
            return -1;
    }
    return 0;
}

loa_err loai_jobs_run(size_t n, int workers, unsigned timeout_s, loai_job_fn fn,
                      loai_job_done_fn done, void *ctx, const volatile sig_atomic_t *cancel,
                      loa_diag *diag)
{
    struct pool p;
    size_t next = 0;
    loa_err err = LOA_OK;
    int k;

    if (n == 0)
        return LOA_OK;
    memset(&p, 0, sizeof p);
    p.nw = workers < 1 ? 1 : (size_t)workers > n ? (int)n : workers;
    p.timeout_s = timeout_s;
    p.fn = fn;
    p.done = done;
    p.ctx = ctx;
    p.diag = diag;
    p.jobs[0] = p.jobs[1] = p.res[0] = p.res[1] = -1;
    p.parent = getpid();
    if ((p.w = calloc((size_t)p.nw, sizeof *p.w)) == NULL)
        return LOA_ERR_NOMEM;
    if (pipe(p.jobs) != 0 || pipe(p.res) != 0) {
        loai_diag_set(diag, "cannot create pipes: %s", strerror(errno));
        err = LOA_ERR_IO;
        goto out;
    }
    for (k = 0; k < p.nw; k++) {
        if (spawn(&p, k) != 0) {
            loai_diag_set(diag, "cannot start a worker process: %s", strerror(errno));
            err = LOA_ERR_IO;
            goto out;
        }
    }
    fcntl(p.jobs[1], F_SETFL, fcntl(p.jobs[1], F_GETFL) | O_NONBLOCK);
    fcntl(p.res[0], F_SETFL, fcntl(p.res[0], F_GETFL) | O_NONBLOCK);
    while (p.finished < n) {
        struct pollfd pf[2];
        nfds_t np = 1;

        if (cancel != NULL && *cancel) {
            loai_diag_set(diag, "stopped by a signal");
            err = LOA_ERR_CANCELLED;
            goto out;
        }

        pf[0].fd = p.res[0];
        pf[0].events = POLLIN;
        pf[0].revents = 0;
        if (p.jobs[1] >= 0) {
            pf[1].fd = p.jobs[1];
            pf[1].events = POLLOUT;
            pf[1].revents = 0;
            np = 2;
        }
        /* A timeout, so a worker that dies silently is still noticed. */
        if (poll(pf, np, 100) < 0 && errno != EINTR) {
            loai_diag_set(diag, "poll: %s", strerror(errno));
            err = LOA_ERR_IO;
            goto out;
        }
        if (np == 2 && (pf[1].revents & POLLOUT)) {
            unsigned long job = next;

            if (write(p.jobs[1], &job, sizeof job) == (ssize_t)sizeof job && ++next == n) {
                close(p.jobs[1]); /* workers see end-of-file once the queue is empty */
                p.jobs[1] = -1;
            }
        }
        if (pf[0].revents & POLLIN)
            read_records(&p);
        if (reap(&p, n) != 0) {
            loai_diag_set(diag, "cannot restart a worker process: %s", strerror(errno));
            err = LOA_ERR_IO;
            goto out;
        }
    }
    err = p.failed ? p.first_err : LOA_OK;
out:
    if (p.jobs[1] >= 0)
        close(p.jobs[1]);
    for (k = 0; k < p.nw; k++)
        if (p.w[k].pid > 0 && err != LOA_OK && p.finished < n)
            kill(p.w[k].pid, SIGKILL); /* its speech child follows (PR_SET_PDEATHSIG) */
    for (k = 0; k < p.nw; k++)
        if (p.w[k].pid > 0)
            waitpid(p.w[k].pid, NULL, 0);
    if (p.jobs[0] >= 0)
        close(p.jobs[0]);
    if (p.res[0] >= 0)
        close(p.res[0]);
    if (p.res[1] >= 0)
        close(p.res[1]);
    free(p.w);
    return err;
}
