/* The web desk's heavy work, out of the server's threads: previews
 * (espeak-ng + the program engine), the week's build, and decoding and
 * measuring uploaded recordings.
 *
 * espeak-ng keeps global state (one synthesizer per process) and the build
 * forks workers, and fork() from a threaded server could copy a lock some
 * other thread held. So before the server starts any thread it forks one
 * plain process, the "launcher", which forks a fresh child for each job.
 * A request travels over a SOCK_SEQPACKET pair with, attached
 * (SCM_RIGHTS), the write end of a socket on which the job's child sends
 * back its result; the requesting thread blocks reading the other end. A
 * child that dies closes it, so the thread always wakes. The launcher runs
 * at most PREVIEW_SLOTS previews and one build at a time, queues the rest
 * (bounded) and kills a job that outlives its time limit. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "loudness_int.h"
#include "serve_int.h"
#include "loa/air.h"
#include "loa/loa.h"

#define PREVIEW_SLOTS 2 /* the machine's cores; each preview is one process */
#define MAX_QUEUE 512
#define PREVIEW_LIMIT_S 300
#define BUILD_LIMIT_S 3600

enum { JOB_PREVIEW = 1, JOB_BUILD = 2, JOB_MEASURE = 3, JOB_URGENT = 4 };

struct wreq {
    int type;
    char config[1024];
    char a[1024]; /* script / recording path */
    char b[1024]; /* output path / log path */
    char c[128];  /* station id / week */
};

struct wres {
    int err;
    loa_diag d;
    double v[3];
};

struct loai_work {
    int sock;
    pid_t pid;
    pthread_mutex_t mu;
};

/* ---- the jobs (run in a child of the launcher) ---- */

static loa_err job_preview(const struct wreq *q, struct wres *res)
{
    loa_config cfg;
    loa_lexicon *lex = NULL;
    loa_bulletin b;
    loa_item_opts io;
    loa_speak_stats stats;
    char *text = NULL, *datadir = NULL;
    size_t len, i;
    const loa_config_station *st;
    loa_diag *diag = &res->d;
    loa_err err;

    loa_config_init(&cfg);
    loa_bulletin_init(&b);
    if ((err = loa_config_load(&cfg, q->config, NULL, diag)) != LOA_OK)
        goto out;
    if ((err = loa_file_data_dir(NULL, &datadir, diag)) != LOA_OK ||
        (err = loa_text_lexicon_open(&lex, datadir, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < cfg.n_lexicons; i++)
        if ((err = loa_text_lexicon_add_file(lex, cfg.lexicons[i], diag)) != LOA_OK)
            goto out;
    if ((err = loa_file_read(q->a, &text, &len, diag)) != LOA_OK ||
        (err = loa_bulletin_parse(&b, text, len, NULL, diag)) != LOA_OK)
        goto out;
    /* The station's item exactly as the build renders it (loa_speak_bulletin:
     * the build's speech units, voice, production and encoder). */
    st = loa_config_station_find(&cfg, q->c);
    memset(&io, 0, sizeof io);
    io.lexicon = lex;
    io.voice.dialect = st ? st->dialect : cfg.dialect;
    io.voice.gender = st ? st->gender : cfg.gender;
    io.voice.rate_wpm = cfg.rate_wpm;
    io.voice.pitch = cfg.pitch;
    io.voice.data_path = NULL;
    io.profile = loa_profile_find(st && st->profile ? st->profile : cfg.profile);
    io.bed = st ? st->jingles.bed : NULL;
    io.title = b.title;
    if ((err = loa_speak_bulletin(&b, &io, q->b, &stats, diag)) == LOA_OK)
        res->v[0] = stats.seconds;
out:
    free(text);
    free(datadir);
    loa_bulletin_clear(&b);
    loa_text_lexicon_free(lex);
    loa_config_clear(&cfg);
    return err;
}

struct bprog {
    FILE *log;
    char path[1100]; /* the progress file, rewritten at each step */
};

static void build_progress(void *ctx, const char *stage, size_t done, size_t total)
{
    struct bprog *b = ctx;
    FILE *fp = fopen(b->path, "w");

    if (fp != NULL) {
        fprintf(fp, "%s %zu %zu\n", stage, done, total);
        fclose(fp);
    }
    if (strcmp(stage, "wait") == 0) {
        /* Another build (the weekly cron job, loa build) holds the output:
         * this one waits for it (bo.wait) and says so. */
        char *m = loa_msg_format(LOA_LANG_VI, "another build of this output is running — "
                                              "waiting for it to finish");

        fprintf(b->log, "%s\n", m ? m : "");
        fflush(b->log);
        free(m);
        return;
    }
    fprintf(b->log, "%s: %zu/%zu\n",
            strcmp(stage, "speech") == 0   ? "Đọc bản tin"
            : strcmp(stage, "pieces") == 0 ? "Dựng các đoạn chương trình"
                                           : stage,
            done, total);
    fflush(b->log);
}

static loa_err job_build(const struct wreq *q, struct wres *res)
{
    loa_build_opts bo;
    loa_build_result br;
    FILE *fp = fopen(q->b, "a");
    struct bprog bp;
    loa_err err;
    int fd;

    if (fp == NULL) {
        loai_diag_set(&res->d, "cannot write the build log %s: %s", q->b, strerror(errno));
        return LOA_ERR_IO;
    }
    /* Anything a library prints goes to the log too. */
    if ((fd = fileno(fp)) >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
    }
    memset(&bo, 0, sizeof bo);
    bo.config = q->config;
    if ((err = loa_date_iso_parse(q->c, &bo.iso_year, &bo.iso_week)) != LOA_OK) {
        loai_diag_set(&res->d, "tuần \"%s\" không hợp lệ", q->c);
        fclose(fp);
        return err;
    }
    bo.jobs = 2;
    bo.wait = 1; /* a build from the desk never fails for the cron job's lock */
    bp.log = fp;
    snprintf(bp.path, sizeof bp.path, "%s.progress", q->b);
    bo.progress = build_progress;
    bo.progress_ctx = &bp;
    fprintf(fp, "Dựng tuần %s…\n", q->c);
    fflush(fp);
    loa_build_result_init(&br);
    err = loa_build_run(&bo, &br, &res->d);
    if (err == LOA_OK) {
        fprintf(fp, "Xong: %s %s (%zu/%zu phần phải dựng mới, còn lại lấy từ bộ nhớ đệm).\n",
                br.up_to_date ? "không có gì thay đổi ở" : "đã xuất bản",
                br.target ? br.target : "", br.jobs_rendered, br.jobs_total);
    } else {
        /* The library's message in Vietnamese, then where it is. */
        char *vi = loa_msg_translate(res->d.msg[0] ? res->d.msg : loa_strerror(err), LOA_LANG_VI);

        if (vi != NULL) {
            snprintf(res->d.msg, sizeof res->d.msg, "%s", vi);
            free(vi);
        }
        if (br.err_file && res->d.line > 0) {
            char m[sizeof res->d.msg];

            snprintf(m, sizeof m, "%.200s:%d:%d: %.290s", br.err_file, res->d.line, res->d.col,
                     res->d.msg);
            memcpy(res->d.msg, m, sizeof m);
        }
        fprintf(fp, "Thất bại: %s\n", res->d.msg);
    }
    res->v[0] = (double)br.jobs_rendered;
    res->v[1] = (double)br.jobs_total;
    loa_build_result_clear(&br);
    fclose(fp);
    return err;
}

static loa_err job_measure(const struct wreq *q, struct wres *res)
{
    loa_audio_reader *r = NULL;
    loai_meter *m = NULL;
    loai_loudness l;
    float buf[8192];
    size_t got, total = 0;
    int rate = 0;
    loa_err err;

    if ((err = loa_audio_reader_open(&r, q->a, &rate, &res->d)) != LOA_OK)
        return err;
    if ((err = loai_meter_new(&m, rate, 1, &res->d)) != LOA_OK)
        goto out;
    for (;;) {
        if ((err = loa_audio_reader_read(r, buf, 8192, &got, &res->d)) != LOA_OK)
            goto out;
        if (got == 0)
            break;
        total += got;
        if ((err = loai_meter_add(m, buf, got, &res->d)) != LOA_OK)
            goto out;
    }
    if ((err = loai_meter_read(m, &l, &res->d)) != LOA_OK)
        goto out;
    res->v[0] = (double)total / rate;
    res->v[1] = l.integrated_lufs;
    res->v[2] = l.true_peak_dbtp;
out:
    loai_meter_free(m);
    loa_audio_reader_free(r);
    return err;
}

/* "Phát ngay": loa urgent's library function (issue 16): republish the week with
 * the notice and hand it to every targeted station's running playout. */
static loa_err job_urgent(const struct wreq *q, struct wres *res)
{
    loa_urgent_opts o;
    loa_urgent_result r;
    loa_err err;
    size_t i, k = 0;

    memset(&o, 0, sizeof o);
    memset(&r, 0, sizeof r);
    o.config = q->config;
    o.script = q->a;
    o.jobs = 2;
    err = loa_urgent_send(&o, &r, &res->d);
    if (err == LOA_OK) {
        k = (size_t)snprintf(res->d.msg, sizeof res->d.msg, "%s", r.notice ? r.notice : "");
        for (i = 0; i < r.n_sent && k < sizeof res->d.msg; i++)
            k += (size_t)snprintf(res->d.msg + k, sizeof res->d.msg - k, "%s%s", i ? "," : " ",
                                  r.sent[i]);
        res->v[0] = (double)r.n_sent;
        res->v[1] = (double)r.n_missed;
    }
    loa_urgent_result_clear(&r);
    return err;
}

static void run_child(const struct wreq *q, int fd)
{
    struct wres res;

    memset(&res, 0, sizeof res);
    signal(SIGCHLD, SIG_DFL);
    if (q->type == JOB_PREVIEW)
        res.err = job_preview(q, &res);
    else if (q->type == JOB_BUILD)
        res.err = job_build(q, &res);
    else if (q->type == JOB_URGENT)
        res.err = job_urgent(q, &res);
    else
        res.err = job_measure(q, &res);
    if (write(fd, &res, sizeof res) != (ssize_t)sizeof res)
        _exit(3);
    _exit(0);
}

/* ---- the launcher ---- */

struct pending {
    struct wreq q;
    int fd;
};

struct running {
    pid_t pid;
    int type;
    time_t deadline;
};

static void launcher(int sock)
{
    static struct pending queue[MAX_QUEUE];
    struct running run[PREVIEW_SLOTS * 2 + 2];
    size_t nq = 0, nr = 0, i;

    prctl(PR_SET_PDEATHSIG, SIGTERM);
    signal(SIGINT, SIG_IGN); /* the server stops us by closing the socket */
    for (;;) {
        struct pollfd pf = {sock, POLLIN, 0};
        int rc = poll(&pf, 1, 100);
        time_t now = time(NULL);
        pid_t pid;
        int status;

        if (rc > 0 && (pf.revents & POLLIN)) {
            struct wreq q;
            struct iovec iov = {&q, sizeof q};
            union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(int))];
            } cb;
            struct msghdr mh;
            struct cmsghdr *cm;
            ssize_t k;
            int fd = -1;

            memset(&mh, 0, sizeof mh);
            mh.msg_iov = &iov;
            mh.msg_iovlen = 1;
            mh.msg_control = cb.b;
            mh.msg_controllen = sizeof cb.b;
            k = recvmsg(sock, &mh, 0);
            if (k == 0)
                break; /* the server is gone */
            if (k == (ssize_t)sizeof q && (cm = CMSG_FIRSTHDR(&mh)) != NULL &&
                cm->cmsg_type == SCM_RIGHTS)
                memcpy(&fd, CMSG_DATA(cm), sizeof fd);
            if (fd >= 0) {
                if (nq < MAX_QUEUE) {
                    queue[nq].q = q;
                    queue[nq].fd = fd;
                    nq++;
                } else {
                    close(fd); /* the waiting thread reads EOF: "busy" */
                }
            }
        } else if (rc > 0 && (pf.revents & (POLLHUP | POLLERR))) {
            break;
        }
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
            for (i = 0; i < nr; i++)
                if (run[i].pid == pid) {
                    run[i] = run[--nr];
                    break;
                }
        for (i = 0; i < nr; i++)
            if (now > run[i].deadline)
                kill(run[i].pid, SIGKILL);
        /* Start what fits, in arrival order per kind. */
        for (i = 0; i < nq;) {
            size_t busy = 0, j;
            int heavy = queue[i].q.type == JOB_BUILD || queue[i].q.type == JOB_URGENT;
            int limit = heavy ? 1 : PREVIEW_SLOTS;
            int kind = heavy ? JOB_BUILD : JOB_PREVIEW;

            for (j = 0; j < nr; j++)
                busy +=
                    (run[j].type == JOB_BUILD || run[j].type == JOB_URGENT ? JOB_BUILD
                                                                           : JOB_PREVIEW) == kind;
            if ((int)busy >= limit || nr >= sizeof run / sizeof run[0]) {
                i++;
                continue;
            }
            pid = fork();
            if (pid == 0) {
                close(sock);
                run_child(&queue[i].q, queue[i].fd);
            }
            close(queue[i].fd);
            if (pid > 0) {
                run[nr].pid = pid;
                run[nr].type = queue[i].q.type;
                run[nr].deadline =
                    now + (queue[i].q.type == JOB_BUILD || queue[i].q.type == JOB_URGENT
                               ? BUILD_LIMIT_S
                               : PREVIEW_LIMIT_S);
                nr++;
            }
            memmove(&queue[i], &queue[i + 1], (nq - i - 1) * sizeof queue[0]);
            nq--;
        }
    }
    for (i = 0; i < nr; i++)
        kill(run[i].pid, SIGKILL);
    while (waitpid(-1, NULL, 0) > 0)
        ;
    _exit(0);
}

loa_err loai_work_start(loai_work **out, loa_diag *diag)
{
    loai_work *w = calloc(1, sizeof *w);
    int sv[2];

    if (w == NULL)
        return LOA_ERR_NOMEM;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        loai_diag_set(diag, "socketpair: %s", strerror(errno));
        free(w);
        return LOA_ERR_IO;
    }
    fflush(NULL);
    w->pid = fork();
    if (w->pid < 0) {
        loai_diag_set(diag, "cannot start the render process: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        free(w);
        return LOA_ERR_IO;
    }
    if (w->pid == 0) {
        close(sv[0]);
        launcher(sv[1]);
    }
    close(sv[1]);
    w->sock = sv[0];
    pthread_mutex_init(&w->mu, NULL);
    *out = w;
    return LOA_OK;
}

void loai_work_stop(loai_work *w)
{
    if (w == NULL)
        return;
    close(w->sock);
    waitpid(w->pid, NULL, 0);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

static loa_err submit(loai_work *w, const struct wreq *q, struct wres *res, loa_diag *diag)
{
    int sv[2];
    struct iovec iov = {(void *)q, sizeof *q};
    union {
        struct cmsghdr h;
        char b[CMSG_SPACE(sizeof(int))];
    } cb;
    struct msghdr mh;
    struct cmsghdr *cm;
    size_t got = 0;
    ssize_t k;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        loai_diag_set(diag, "socketpair: %s", strerror(errno));
        return LOA_ERR_IO;
    }
    memset(&mh, 0, sizeof mh);
    memset(&cb, 0, sizeof cb);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = cb.b;
    mh.msg_controllen = sizeof cb.b;
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &sv[1], sizeof(int));
    pthread_mutex_lock(&w->mu);
    k = sendmsg(w->sock, &mh, MSG_NOSIGNAL);
    pthread_mutex_unlock(&w->mu);
    close(sv[1]);
    if (k != (ssize_t)sizeof *q) {
        close(sv[0]);
        loai_diag_set(diag, "the render process is not running");
        return LOA_ERR_IO;
    }
    while (got < sizeof *res) {
        k = read(sv[0], (char *)res + got, sizeof *res - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(sv[0]);
    if (got < sizeof *res) {
        loai_diag_set(diag, "the job's process died or the queue was full — try again");
        return LOA_ERR_SYNTH;
    }
    if (res->err != LOA_OK && diag != NULL)
        *diag = res->d;
    return (loa_err)res->err;
}

static int fill(char *dst, size_t size, const char *s)
{
    return s != NULL && (size_t)snprintf(dst, size, "%s", s) < size;
}

loa_err loai_work_preview(loai_work *w, const char *config, const char *script_path,
                          const char *mp3_path, const char *station, double *seconds,
                          loa_diag *diag)
{
    struct wreq q;
    struct wres res;
    loa_err err;

    memset(&q, 0, sizeof q);
    q.type = JOB_PREVIEW;
    if (!fill(q.config, sizeof q.config, config) || !fill(q.a, sizeof q.a, script_path) ||
        !fill(q.b, sizeof q.b, mp3_path) || !fill(q.c, sizeof q.c, station ? station : ""))
        return LOA_ERR_INVALID;
    if ((err = submit(w, &q, &res, diag)) == LOA_OK)
        *seconds = res.v[0];
    return err;
}

loa_err loai_work_build(loai_work *w, const char *config, const char *week, const char *log_path,
                        loa_diag *diag)
{
    struct wreq q;
    struct wres res;

    memset(&q, 0, sizeof q);
    q.type = JOB_BUILD;
    if (!fill(q.config, sizeof q.config, config) || !fill(q.b, sizeof q.b, log_path) ||
        !fill(q.c, sizeof q.c, week))
        return LOA_ERR_INVALID;
    return submit(w, &q, &res, diag);
}

loa_err loai_work_measure(loai_work *w, const char *path, double *seconds, double *lufs, double *tp,
                          loa_diag *diag)
{
    struct wreq q;
    struct wres res;
    loa_err err;

    memset(&q, 0, sizeof q);
    q.type = JOB_MEASURE;
    if (!fill(q.a, sizeof q.a, path))
        return LOA_ERR_INVALID;
    if ((err = submit(w, &q, &res, diag)) != LOA_OK)
        return err;
    *seconds = res.v[0];
    *lufs = res.v[1];
    *tp = res.v[2];
    return LOA_OK;
}

loa_err loai_work_urgent(loai_work *w, const char *config, const char *script, char *sent,
                         size_t size, size_t *n_sent, size_t *n_missed, loa_diag *diag)
{
    struct wreq q;
    struct wres res;
    loa_err err;

    memset(&q, 0, sizeof q);
    q.type = JOB_URGENT;
    if (!fill(q.config, sizeof q.config, config) || !fill(q.a, sizeof q.a, script))
        return LOA_ERR_INVALID;
    if ((err = submit(w, &q, &res, diag)) != LOA_OK)
        return err;
    snprintf(sent, size, "%s", res.d.msg);
    *n_sent = (size_t)res.v[0];
    *n_missed = (size_t)res.v[1];
    return LOA_OK;
}
