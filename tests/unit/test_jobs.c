/* The worker pool: every job reported once, failures and crashes isolated. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loa/error.h"
#include "error_int.h"
#include "jobs_int.h"
#include "test.h"

#define N 40

static int seen[N];
static loa_err result[N];
static char msg[N][64];

static loa_err job(void *ctx, size_t i, loa_diag *d)
{
    (void)ctx;
    if (i == 7) {
        loai_diag_at(d, 3, 14, "job %zu has a bad date", i);
        return LOA_ERR_TEXT;
    }
    if (i == 13)
        abort(); /* a crashing synthesizer (SIGABRT: sanitizers leave it alone) */
    if (i == 21)
        for (;;)
            pause(); /* a hanging one, ended by the timeout */
    usleep((useconds_t)(1000 * (i % 5)));
    return LOA_OK;
}

/* Says which process ran it. */
static loa_err pid_job(void *ctx, size_t i, loa_diag *d)
{
    (void)ctx;
    (void)i;
    loai_diag_set(d, "%ld", (long)getpid());
    return LOA_OK;
}

static volatile sig_atomic_t *stop_flag;

static void on_usr1(int sig)
{
    (void)sig;
    *stop_flag = 1;
}

static void done(void *ctx, size_t i, loa_err err, const loa_diag *d)
{
    (void)ctx;
    seen[i]++;
    result[i] = err;
    snprintf(msg[i], sizeof msg[i], "%s", d->msg);
}

int main(void)
{
    loa_diag d;
    int workers, i;

    for (workers = 1; workers <= 3; workers++) {
        memset(seen, 0, sizeof seen);
        loa_diag_clear(&d);
        CHECK(loai_jobs_run(N, workers, 1, job, done, NULL, NULL, &d) != LOA_OK);
        for (i = 0; i < N; i++)
            CHECK(seen[i] == 1);
        CHECK(result[0] == LOA_OK && result[39] == LOA_OK);
        CHECK(result[7] == LOA_ERR_TEXT);
        CHECK(strcmp(msg[7], "job 7 has a bad date") == 0);
        CHECK(result[13] == LOA_ERR_SYNTH && strstr(msg[13], "crashed (signal 6)") != NULL);
        CHECK(result[21] == LOA_ERR_SYNTH && strstr(msg[21], "longer than 1 s") != NULL);
        for (i = 0; i < N; i++)
            if (i != 7 && i != 13 && i != 21)
                CHECK(result[i] == LOA_OK);
    }
    /* A worker takes job after job: no process per job (each cost a fork
     * and up to a poll interval), and none of them is the caller. */
    for (workers = 1; workers <= 3; workers++) {
        int pids = 0, j;

        memset(seen, 0, sizeof seen);
        CHECK(loai_jobs_run(N, workers, 0, pid_job, done, NULL, NULL, &d) == LOA_OK);
        for (i = 0; i < N; i++) {
            CHECK(seen[i] == 1 && result[i] == LOA_OK);
            CHECK(atol(msg[i]) > 0 && atol(msg[i]) != (long)getpid());
            for (j = 0; j < i && strcmp(msg[j], msg[i]) != 0; j++)
                ;
            pids += j == i;
        }
        CHECK(pids >= 1 && pids <= workers);
    }
    /* A signal's flag mid-way: the hanging job's worker is killed at once,
     * not after a timeout, and the run says it was stopped. */
    {
        static volatile sig_atomic_t stop;
        pid_t killer;

        stop = 0;
        alarm(0);
        if ((killer = fork()) == 0) {
            usleep(200000);
            kill(getppid(), SIGUSR1);
            _exit(0);
        }
        signal(SIGUSR1, on_usr1);
        stop_flag = &stop;
        loa_diag_clear(&d);
        CHECK(loai_jobs_run(N, 2, 0, job, NULL, NULL, &stop, &d) == LOA_ERR_CANCELLED);
        CHECK(stop == 1);
        CHECK(strstr(d.msg, "stopped") != NULL);
        waitpid(killer, NULL, 0);
    }
    /* All good: LOA_OK; no jobs: LOA_OK without forking. */
    CHECK(loai_jobs_run(5, 2, 0, job, done, NULL, NULL, &d) == LOA_OK);
    CHECK(loai_jobs_run(0, 2, 0, job, done, NULL, NULL, &d) == LOA_OK);
    return test_done("test_jobs");
}
