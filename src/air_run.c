/* loa air: the station playout. Liquidsoap (station.liq, air_script.c) makes
 * the sound; this loop decides what plays when, from plan.tsv and urgent.tsv
 * in the station's air folder, re-read whenever they change:
 *
 *   - a program is queued LEAD_S before its slot with a gate at the slot's
 *     start, so it starts on the second whatever the request takes to load;
 *   - started (or restarted) late into a slot: less than RESUME_MIN in, the
 *     whole program plays at once; later, it resumes where the schedule is
 *     (cue-in at now - start), so it still ends on time;
 *   - an urgent notice is pushed as soon as it appears (within its window),
 *     interrupting the program, which carries on where it was cut;
 *   - every program and notice goes into the as-run log when it ends;
 *   - Liquidsoap is started again if it dies (the slot then resumes).
 * All times are Unix times, so the process time zone never matters. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "air_int.h"
#include "publish_priv.h"

#define LEAD_S 3.0          /* queue a program this long before its start */
#define LATE_START_S 1.0    /* a late program's gate: this long after it is queued */
#define RESUME_MIN_S 30.0   /* default: later than this into a slot, resume */
#define MAX_URGENT 16

typedef struct rec {
    int used, urgent, on_air;
    char tag[160];
    char key[128];       /* slot key, or notice id */
    char week[16];
    char *path, *bulletins;
    double sched;        /* slot start, or the notice's issue time */
    double cue_in, gate, started;
    int interrupted, resumed;
} rec;

typedef struct air {
    const loa_air_opts *o;
    char dir[PATH_MAX], asrun[PATH_MAX + 16], sock[108];
    loa_air_plan plan;
    struct stat plan_st, urg_st;
    int have_plan, plan_bad, urg_bad;
    loa_air_notices notices;
    char **done_urgent;  /* notice ids aired (asrun/.urgent-aired) */
    size_t n_done;
    pid_t ls;
    int ls_out, ready;
    double ls_started, next_start;
    int restarts;
    char line[4096];
    size_t line_len;
    rec prog;
    char last_key[128];  /* the last program queued: never queued twice in a run */
    double last_start;
    rec urg[MAX_URGENT];
    unsigned seq;
} air;

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void say(air *A, const char *fmt, ...) LOAI_PRINTF(2, 3);

static void say(air *A, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (A->o->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    A->o->log(A->o->log_ctx, msg);
}

/* V with 3 decimals, whatever the locale. */
static void dec3(char *buf, size_t size, double v)
{
    long long ms = llround(v * 1000);

    snprintf(buf, size, "%s%lld.%03lld", ms < 0 ? "-" : "", llabs(ms) / 1000, llabs(ms) % 1000);
}

static void rec_clear(rec *r)
{
    free(r->path);
    free(r->bulletins);
    memset(r, 0, sizeof *r);
}

/* ---- as-run log ---- */

/* Local time T as "2026-11-23T06:30:00.12+07:00". */
static void iso_local(char *buf, size_t size, double t)
{
    loa_date d;
    int sec;
    long cs = (long)llround((t - floor(t)) * 100);

    if (cs >= 100) {
        t = floor(t) + 1;
        cs = 0;
    }
    loa_air_local(t, &d, &sec);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%02ld+07:00", d.year, d.month, d.day,
             sec / 3600, sec / 60 % 60, sec % 60, cs);
}

static void csv_field(FILE *fp, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* One row per program or notice aired, in asrun/<ISO week of its start>.csv. */
static void asrun_row(air *A, const rec *r, double end, const char *note)
{
    char path[PATH_MAX + 64], a[96], b[96], c[96], late[32], from[32], len[32];
    loa_date d;
    int sec, y, w, fresh;
    double late_s = r->started - (r->sched + r->cue_in);
    int partial = r->cue_in > 0.5 || (note && *note && strstr(note, "cắt") != NULL);
    FILE *fp;
    struct stat st;

    if (!r->urgent && late_s < 0)
        late_s = 0;
    loa_air_local(r->started, &d, &sec);
    loa_date_iso_week(d, &y, &w);
    snprintf(path, sizeof path, "%s/%04d-W%02d.csv", A->asrun, y, w);
    fresh = stat(path, &st) != 0 || st.st_size == 0;
    if ((fp = fopen(path, "a")) == NULL) {
        say(A, "nhật ký phát sóng: không ghi được %s: %s", path, strerror(errno));
        return;
    }
    if (fresh)
        fputs("Bắt đầu,Kết thúc,Loại,Khung phát,Giờ theo lịch,Trễ (giây),Phát từ giây,"
              "Thời lượng (giây),Trễ,Một phần,Khẩn cấp,Tệp,Bản tin,Ghi chú\r\n", fp);
    iso_local(a, sizeof a, r->started);
    iso_local(b, sizeof b, end);
    iso_local(c, sizeof c, r->sched);
    dec3(late, sizeof late, r->urgent ? late_s : late_s);
    dec3(from, sizeof from, r->cue_in);
    dec3(len, sizeof len, end - r->started);
    fprintf(fp, "%s,%s,%s,", a, b, r->urgent ? "khẩn cấp" : "lịch");
    csv_field(fp, r->key);
    fprintf(fp, ",%s,%s,%s,%s,%s,%s,%s,", c, late, from, len,
            !r->urgent && late_s > 1.0 ? "có" : "không", partial ? "có" : "không",
            r->urgent ? "có" : "không");
    csv_field(fp, r->path ? r->path : "");
    fputc(',', fp);
    csv_field(fp, r->bulletins ? r->bulletins : "");
    fputc(',', fp);
    csv_field(fp, note ? note : "");
    fputs("\r\n", fp);
    if (fclose(fp) != 0)
        say(A, "nhật ký phát sóng: không ghi được %s: %s", path, strerror(errno));
}

static void urgent_done_load(air *A)
{
    char path[PATH_MAX + 64], *text = NULL, *line, *next;

    snprintf(path, sizeof path, "%s/.urgent-aired", A->asrun);
    if (access(path, F_OK) != 0 || loai_air_read_text(path, &text, LOAI_AIR_MAX_FILE, NULL))
        return;
    for (line = text; line && *line; line = next) {
        char **v;

        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        if (*line && (v = realloc(A->done_urgent, (A->n_done + 1) * sizeof *v)) != NULL) {
            A->done_urgent = v;
            if ((v[A->n_done] = strdup(line)) != NULL)
                A->n_done++;
        }
    }
    free(text);
}

static int urgent_done(const air *A, const char *id)
{
    size_t i;

    for (i = 0; i < A->n_done; i++)
        if (strcmp(A->done_urgent[i], id) == 0)
            return 1;
    return 0;
}

static void urgent_mark(air *A, const char *id)
{
    char path[PATH_MAX + 64], **v;
    FILE *fp;

    if (urgent_done(A, id))
        return;
    if ((v = realloc(A->done_urgent, (A->n_done + 1) * sizeof *v)) != NULL) {
        A->done_urgent = v;
        if ((v[A->n_done] = strdup(id)) != NULL)
            A->n_done++;
    }
    snprintf(path, sizeof path, "%s/.urgent-aired", A->asrun);
    if ((fp = fopen(path, "a")) != NULL) {
        fprintf(fp, "%s\n", id);
        fclose(fp);
    }
}

/* ---- Liquidsoap ---- */

/* Send CMD on the server socket; the reply (up to "END") into REPLY. */
static int ls_cmd(air *A, const char *cmd, char *reply, size_t size)
{
    struct sockaddr_un sa;
    char buf[2048];
    size_t got = 0;
    int fd, ok = 0;
    double until = now_s() + 3.0;

    if (reply && size)
        reply[0] = '\0';
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, A->sock, strlen(A->sock) + 1);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return 0;
    }
    snprintf(buf, sizeof buf, "%s\n", cmd);
    if (write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf)) {
        close(fd);
        return 0;
    }
    while (got < sizeof buf - 1) {
        struct pollfd p = {fd, POLLIN, 0};
        double left = until - now_s();
        ssize_t n;

        if (left <= 0 || poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            break;
        if ((n = read(fd, buf + got, sizeof buf - 1 - got)) <= 0)
            break;
        got += (size_t)n;
        buf[got] = '\0';
        if (strstr(buf, "END\r\n") || strstr(buf, "END\n")) {
            ok = 1;
            break;
        }
    }
    if (write(fd, "quit\n", 5) < 0) {
        /* closing anyway */
    }
    close(fd);
    if (reply && size) {
        buf[got] = '\0';
        snprintf(reply, size, "%s", buf);
    }
    return ok;
}

static void ls_start(air *A)
{
    int pfd[2];
    char script[PATH_MAX + 16];
    pid_t pid;

    snprintf(script, sizeof script, "%s/station.liq", A->dir);
    if (pipe2(pfd, O_CLOEXEC) != 0) {
        say(A, "pipe: %s", strerror(errno));
        return;
    }
    unlink(A->sock);
    if ((pid = fork()) < 0) {
        say(A, "fork: %s", strerror(errno));
        close(pfd[0]);
        close(pfd[1]);
        return;
    }
    if (pid == 0) {
        const char *prog = A->o->liquidsoap ? A->o->liquidsoap : "liquidsoap";

        dup2(pfd[1], 1);
        setenv("LOA_AIR_SOCKET", A->sock, 1);
        execlp(prog, prog, script, (char *)NULL);
        fprintf(stderr, "loa air: cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    close(pfd[1]);
    fcntl(pfd[0], F_SETFL, O_NONBLOCK);
    A->ls = pid;
    A->ls_out = pfd[0];
    A->ready = 0;
    A->line_len = 0;
    A->ls_started = now_s();
    say(A, "Liquidsoap started (pid %ld): %s", (long)pid, script);
}

/* What was on air when Liquidsoap stopped goes into the log as cut. */
static void cut_all(air *A, double t, const char *why)
{
    size_t i;

    if (A->prog.used && A->prog.on_air)
        asrun_row(A, &A->prog, t, why);
    rec_clear(&A->prog);
    for (i = 0; i < MAX_URGENT; i++) {
        if (A->urg[i].used && A->urg[i].on_air)
            asrun_row(A, &A->urg[i], t, why);
        rec_clear(&A->urg[i]);
    }
}

static void ls_stop(air *A)
{
    int st, i;

    if (A->ls <= 0)
        return;
    kill(A->ls, SIGTERM);
    for (i = 0; i < 50 && waitpid(A->ls, &st, WNOHANG) == 0; i++)
        usleep(100000);
    if (i == 50) {
        kill(A->ls, SIGKILL);
        waitpid(A->ls, &st, 0);
    }
    A->ls = 0;
    if (A->ls_out >= 0)
        close(A->ls_out);
    A->ls_out = -1;
    A->ready = 0;
    unlink(A->sock);
}

/* ---- events ---- */

static rec *find_tag(air *A, const char *tag)
{
    size_t i;

    if (A->prog.used && strcmp(A->prog.tag, tag) == 0)
        return &A->prog;
    for (i = 0; i < MAX_URGENT; i++)
        if (A->urg[i].used && strcmp(A->urg[i].tag, tag) == 0)
            return &A->urg[i];
    return NULL;
}

static void on_event(air *A, char *line)
{
    char *f[5];
    double t;
    rec *r;

    if (loai_air_fields(line, f, 4) != 4 || !loai_air_parse_dec(f[3], &t) ||
        (r = find_tag(A, f[2])) == NULL)
        return;
    if (strcmp(f[1], "start") == 0 && !r->on_air) {
        r->on_air = 1;
        r->started = t;
        if (r->urgent) {
            urgent_mark(A, r->key);
            if (A->prog.used && A->prog.on_air)
                A->prog.interrupted = 1;
            say(A, "urgent notice %s on air", r->key);
        } else {
            char late[32];

            dec3(late, sizeof late, t - (r->sched + r->cue_in));
            say(A, "program %s on air (%s s from its time%s)", r->key, late,
                r->cue_in > 0 ? ", resumed in mid-slot" : "");
        }
    } else if (strcmp(f[1], "end") == 0 && r->on_air) {
        const char *note = r->urgent       ? ""
                           : r->resumed && r->interrupted ? "tiếp tục giữa khung; bị ngắt bởi tin khẩn cấp"
                           : r->resumed    ? "tiếp tục giữa khung (khởi động lại)"
                           : r->interrupted ? "bị ngắt bởi tin khẩn cấp, phát tiếp sau đó"
                                            : "";
        asrun_row(A, r, t, note);
        say(A, "%s %s ended", r->urgent ? "urgent notice" : "program", r->key);
        rec_clear(r);
    }
}

static void read_events(air *A)
{
    for (;;) {
        ssize_t n = read(A->ls_out, A->line + A->line_len, sizeof A->line - 1 - A->line_len);
        char *nl;

        if (n <= 0)
            return;
        A->line_len += (size_t)n;
        A->line[A->line_len] = '\0';
        while ((nl = memchr(A->line, '\n', A->line_len)) != NULL) {
            *nl = '\0';
            if (strncmp(A->line, "LOA\t", 4) == 0)
                on_event(A, A->line);
            else if (A->line[0])
                say(A, "liquidsoap: %s", A->line);
            A->line_len -= (size_t)(nl + 1 - A->line);
            memmove(A->line, nl + 1, A->line_len);
        }
        if (A->line_len == sizeof A->line - 1)
            A->line_len = 0; /* an overlong line: dropped */
    }
}

/* ---- what to play ---- */

static int changed(const char *path, struct stat *old)
{
    struct stat st;

    if (stat(path, &st) != 0)
        memset(&st, 0, sizeof st);
    if (st.st_ino == old->st_ino && st.st_size == old->st_size &&
        st.st_mtim.tv_sec == old->st_mtim.tv_sec && st.st_mtim.tv_nsec == old->st_mtim.tv_nsec &&
        st.st_dev == old->st_dev)
        return 0;
    *old = st;
    return 1;
}

static void reload(air *A)
{
    char path[PATH_MAX + 32];
    loa_diag diag = {0};

    snprintf(path, sizeof path, "%s/plan.tsv", A->dir);
    if (changed(path, &A->plan_st)) {
        loa_air_plan p;

        if (loa_air_plan_load(&p, path, &diag) == LOA_OK) {
            loa_air_plan_clear(&A->plan);
            A->plan = p;
            A->have_plan = 1;
            A->plan_bad = 0;
            say(A, "air plan read: %zu programs", p.n);
        } else if (!A->plan_bad) {
            say(A, "air plan not read (%s:%d): %s — keeping the previous one", path, diag.line,
                diag.msg);
            A->plan_bad = 1;
        }
    }
    snprintf(path, sizeof path, "%s/urgent.tsv", A->dir);
    if (changed(path, &A->urg_st)) {
        loa_air_notices ns;

        memset(&diag, 0, sizeof diag);
        if (loa_air_notices_load(&ns, path, &diag) == LOA_OK) {
            loa_air_notices_clear(&A->notices);
            A->notices = ns;
            A->urg_bad = 0;
        } else if (!A->urg_bad) {
            say(A, "urgent list not read (%s:%d): %s", path, diag.line, diag.msg);
            A->urg_bad = 1;
        }
    }
}

static int push(air *A, const char *queue, const rec *r, const char *abs)
{
    char cmd[2 * PATH_MAX + 1024], reply[256], cue[32];

    dec3(cue, sizeof cue, r->cue_in);
    snprintf(cmd, sizeof cmd, "%s.push annotate:loa_tag=\"%s\",liq_cue_in=\"%s\":%s", queue,
             r->tag, cue, abs);
    return ls_cmd(A, cmd, reply, sizeof reply);
}

static void schedule_prog(air *A, double now)
{
    const loa_air_prog *p;
    double resume_min = A->o->resume_min > 0 ? A->o->resume_min : RESUME_MIN_S;
    char cmd[64], abs[PATH_MAX + 300], g[32];
    rec r;

    if (!A->have_plan || (p = loa_air_plan_at(&A->plan, now, LEAD_S)) == NULL)
        return;
    if (strcmp(p->key, A->last_key) == 0 && p->start == A->last_start)
        return;
    /* A program still on air past the next one's start (it was interrupted,
     * or started late): the next one waits for its own time, then cuts it. */
    if (A->prog.used && A->prog.on_air && now < p->start)
        return;
    memset(&r, 0, sizeof r);
    r.used = 1;
    r.sched = p->start;
    if (now + 0.05 < p->start) {
        r.gate = p->start;
    } else if (now - p->start < resume_min) {
        r.gate = now + LATE_START_S;  /* little has passed: the whole program, late */
    } else {
        r.gate = now + LATE_START_S;
        r.cue_in = r.gate - p->start; /* resume where the schedule is */
        r.resumed = 1;
        if (r.cue_in > p->seconds - 1.0) {
            snprintf(A->last_key, sizeof A->last_key, "%s", p->key);
            A->last_start = p->start;
            return;
        }
    }
    snprintf(r.key, sizeof r.key, "%s", p->key);
    snprintf(r.week, sizeof r.week, "%s", p->week);
    snprintf(r.tag, sizeof r.tag, "p%u-%s", ++A->seq, p->key);
    if ((r.path = strdup(p->path)) == NULL || (r.bulletins = strdup(p->bulletins)) == NULL) {
        rec_clear(&r);
        return;
    }
    snprintf(abs, sizeof abs, "%s/%s", A->dir, p->path);
    if (access(abs, R_OK) != 0) {
        say(A, "program %s: %s cannot be read (%s) — skipped", p->key, abs, strerror(errno));
        snprintf(A->last_key, sizeof A->last_key, "%s", p->key);
        A->last_start = p->start;
        rec_clear(&r);
        return;
    }
    if (A->prog.used && A->prog.on_air) {
        asrun_row(A, &A->prog, now, "cắt: đến giờ chương trình sau");
        rec_clear(&A->prog);
        ls_cmd(A, "prog.flush_and_skip", NULL, 0);
    } else if (A->prog.used) {
        rec_clear(&A->prog);
        ls_cmd(A, "prog.flush_and_skip", NULL, 0);
    }
    dec3(g, sizeof g, r.gate);
    snprintf(cmd, sizeof cmd, "gate %s", g);
    if (!ls_cmd(A, cmd, NULL, 0) || !push(A, "prog", &r, abs)) {
        say(A, "program %s: Liquidsoap did not take it; will try again", p->key);
        rec_clear(&r);
        return;
    }
    snprintf(A->last_key, sizeof A->last_key, "%s", p->key);
    A->last_start = p->start;
    A->prog = r;
    if (r.cue_in > 0) {
        char c[32];

        dec3(c, sizeof c, r.cue_in);
        say(A, "program %s queued: resumes at %s s (restarted in mid-slot)", p->key, c);
    } else {
        say(A, "program %s queued for %s", p->key, g);
    }
}

static void schedule_urgent(air *A, double now)
{
    size_t i, k;

    for (i = 0; i < A->notices.n; i++) {
        const loa_air_notice *n = &A->notices.v[i];
        char abs[PATH_MAX + 300];
        rec *slot = NULL;

        if (now > n->until || now < n->issued - 300 || urgent_done(A, n->id))
            continue;
        for (k = 0; k < MAX_URGENT; k++)
            if (A->urg[k].used && strcmp(A->urg[k].key, n->id) == 0)
                break;
        if (k < MAX_URGENT)
            continue; /* queued or on air */
        for (k = 0; k < MAX_URGENT && slot == NULL; k++)
            if (!A->urg[k].used)
                slot = &A->urg[k];
        if (slot == NULL)
            return;
        snprintf(abs, sizeof abs, "%s/%s", A->dir, n->path);
        if (access(abs, R_OK) != 0)
            continue; /* not there yet (loa pull still copying) */
        memset(slot, 0, sizeof *slot);
        slot->used = 1;
        slot->urgent = 1;
        slot->sched = n->issued;
        snprintf(slot->key, sizeof slot->key, "%s", n->id);
        snprintf(slot->tag, sizeof slot->tag, "u%u-%s", ++A->seq, n->id);
        slot->path = strdup(n->path);
        slot->bulletins = strdup(n->title);
        if (!push(A, "urgent", slot, abs)) {
            rec_clear(slot);
            say(A, "urgent notice %s: Liquidsoap did not take it; will try again", n->id);
        } else {
            say(A, "urgent notice %s queued", n->id);
        }
    }
}

static void tick(air *A)
{
    double now = now_s();
    int st;

    if (A->ls > 0 && waitpid(A->ls, &st, WNOHANG) == A->ls) {
        say(A, "Liquidsoap stopped (%s %d); starting it again",
            WIFEXITED(st) ? "exit" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
        A->ls = 0;
        read_events(A);
        close(A->ls_out);
        A->ls_out = -1;
        cut_all(A, now, "cắt: Liquidsoap dừng");
        A->last_key[0] = '\0'; /* the slot resumes */
        A->restarts++;
        A->next_start = now + (A->restarts > 5 ? 10.0 : 1.0);
    }
    if (A->ls <= 0 && now >= A->next_start)
        ls_start(A);
    if (A->ls <= 0)
        return;
    if (!A->ready) {
        if (ls_cmd(A, "version", NULL, 0)) {
            A->ready = 1;
            say(A, "Liquidsoap ready after %.1f s", now_s() - A->ls_started);
        } else {
            if (now - A->ls_started > 60) {
                say(A, "Liquidsoap does not answer on %s after 60 s; restarting it", A->sock);
                ls_stop(A);
                A->next_start = now + 5;
            }
            return;
        }
    }
    reload(A);
    schedule_urgent(A, now);
    schedule_prog(A, now);
}

loa_err loa_air_run(const loa_air_opts *opts, loa_diag *diag)
{
    air *A = calloc(1, sizeof *A);
    char path[PATH_MAX + 32];
    loa_err err = LOA_OK;
    size_t i;

    if (A == NULL)
        return LOA_ERR_NOMEM;
    A->o = opts;
    A->ls_out = -1;
    if (opts->dir == NULL || realpath(opts->dir, A->dir) == NULL) {
        loai_diag_set(diag, "%s: %s — give the station's air folder (<output>/air/<id>)",
                      opts->dir ? opts->dir : "(none)", strerror(errno));
        err = LOA_ERR_IO;
        goto done;
    }
    snprintf(path, sizeof path, "%s/station.liq", A->dir);
    if (access(path, R_OK) != 0) {
        loai_diag_set(diag, "%s: %s — publish the week (loa build) or pull it (loa pull) first",
                      path, strerror(errno));
        err = LOA_ERR_IO;
        goto done;
    }
    if (opts->asrun_dir)
        snprintf(A->asrun, sizeof A->asrun, "%s", opts->asrun_dir);
    else
        snprintf(A->asrun, sizeof A->asrun, "%s/asrun", A->dir);
    if ((err = loai_file_mkdirs(A->asrun, diag)) != LOA_OK)
        goto done;
    /* The socket's path must fit sockaddr_un: beside the plan when it does. */
    if (strlen(A->dir) + sizeof "/.air.sock" <= sizeof A->sock)
        snprintf(A->sock, sizeof A->sock, "%s/.air.sock", A->dir);
    else
        snprintf(A->sock, sizeof A->sock, "/tmp/loa-air-%ld.sock", (long)getpid());
    urgent_done_load(A);
    reload(A);
    if (!A->have_plan)
        say(A, "no air plan yet in %s: waiting for one", A->dir);
    while (!(opts->stop && *opts->stop)) {
        struct pollfd p = {A->ls_out, POLLIN, 0};

        tick(A);
        if (A->ls_out >= 0) {
            if (poll(&p, 1, 100) > 0)
                read_events(A);
        } else {
            usleep(100000);
        }
    }
    say(A, "stopping");
    if (A->ls_out >= 0)
        read_events(A);
    cut_all(A, now_s(), "cắt: loa air dừng");
    ls_stop(A);
done:
    loa_air_plan_clear(&A->plan);
    loa_air_notices_clear(&A->notices);
    for (i = 0; i < A->n_done; i++)
        free(A->done_urgent[i]);
    free(A->done_urgent);
    rec_clear(&A->prog);
    for (i = 0; i < MAX_URGENT; i++)
        rec_clear(&A->urg[i]);
    free(A);
    return err;
}
