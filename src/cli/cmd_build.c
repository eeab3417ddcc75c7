/* loa build: the weekly build of a district (see include/loa/build.h). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "loa/build.h"

struct progress {
    int tty;
    int quiet;
    time_t start;
    size_t last;
};

static void build_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa build -c DISTRICT.cfg [--week YYYY-Www] [OPTIONS]\n\n"
            "Render and publish a district's week: for every station, the slot programs\n"
            "(MP3), item MP3s, M3U8/PLS playlists, a USB layout, schedule.csv/.ics/.html,\n"
            "a Liquidsoap script and manifest.json, plus the district report, into\n"
            "<output>/<week>/. Publishing is atomic: a failed or killed build leaves the\n"
            "previous publish untouched.\n\n"
            "Options:\n"
            "  -c, --config FILE   the district configuration (required)\n"
            "  -w, --week WEEK     ISO week, e.g. 2026-W48 (default: the current week in\n"
            "                      Asia/Ho_Chi_Minh)\n"
            "  -j, --jobs N        render in N worker processes (default 1)\n"
            "  -n, --dry-run       print the plan with cached or estimated durations;\n"
            "                      render and write nothing\n"
            "      --cache DIR     render cache (default <output>/.cache)\n"
            "      --data-dir DIR  loa's voices/ data\n"
            "      --strict        a script with errors fails the whole build (exit 2,\n"
            "                      nothing published) instead of being left out\n"
            "      --wait          if another build of the same output is running, wait\n"
            "                      for it (default: exit 6 at once)\n"
            "      --verify-cache  check every cache entry (bytes, figures, promise);\n"
            "                      remove damaged ones; render and publish nothing\n"
            "      --lang L        messages in vi (default) or en\n"
            "  -q, --quiet         no progress, only errors\n"
            "  -h, --help          show this help\n\n"
            "A script with errors is left out of the week and everything else is\n"
            "published: every error of every script is printed (file:line:col: lỗi: ...),\n"
            "and report.txt/report.json list what was left out.\n\n"
            "Output: one summary line on stdout; progress, warnings and errors on stderr.\n"
            "Warnings (loa build: cảnh báo: ...) are printed even with --quiet.\n\n"
            "Exit status: 0 published; 1 a render or the disk failed (nothing published);\n"
            "2 bad usage or configuration, or with --strict a script error (file:line:col:\n"
            "lỗi: ...; nothing published); 3 published, but a script with errors, or a\n"
            "jingle, bed or recording that cannot be made safe to air, was left out (see\n"
            "the warnings); 4 published, but no bulletin is valid in the week: only the\n"
            "standing bulletin airs; 5 published, but a bulletin was deferred or a station\n"
            "airs only the standing bulletin (see report.txt). When several apply, the\n"
            "lowest of 3, 4, 5 (the most serious) is returned. 6 another build of the\n"
            "same output holds its lock (nothing done); 130, 143 stopped by SIGINT,\n"
            "SIGTERM (staging and temporary files removed).\n"
            "--verify-cache: 0 every entry sound, 1 damaged entries were removed.\n");
}

static void on_progress(void *ctx, const char *stage, size_t done, size_t total)
{
    struct progress *p = ctx;
    double el = difftime(time(NULL), p->start);

    if (p->quiet)
        return;
    if (strcmp(stage, "wait") == 0) {
        if (p->tty)
            fputc('\n', stderr);
        cli_warn("build", "another build of this output is running — waiting for it to finish");
        return;
    }
    if (p->tty) {
        int width = 30, fill = total ? (int)(width * done / total) : width;
        double eta = done ? el * (double)(total - done) / (double)done : 0;

        fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu  ETA %02d:%02d ", stage, fill,
                "##############################", width - fill, "", done, total,
                (int)eta / 60, (int)eta % 60);
        if (done == total)
            fputc('\n', stderr);
    } else if (done == total || done - p->last >= (total + 9) / 10) {
        fprintf(stderr, "loa build: %s %zu/%zu\n", stage, done, total);
        p->last = done;
    }
}

/* The build's notes as warnings, "FILE:LINE:COL: cảnh báo: ..." in
 * cli_lang; 1 when a source was left out of the week (exit CLI_LEFT_OUT). */
static int print_notes(const loa_build_result *r)
{
    size_t i;
    int left = 0;

    fflush(stdout);
    for (i = 0; i < r->n_notes; i++) {
        const loa_build_note *n = &r->notes[i];

        if (n->file != NULL && n->line > 0)
            fprintf(stderr, "%s:%d:%d: %s: ", n->file, n->line, n->col, cli_sev(0));
        else if (n->file != NULL)
            fprintf(stderr, "%s: %s: ", n->file, cli_sev(0));
        else
            fprintf(stderr, "%s build: %s: ", cli_prog, cli_sev(0));
        cli_put_text(stderr, n->msg);
        fputc('\n', stderr);
        left |= n->kind == LOA_BUILD_LEFT_OUT || n->kind == LOA_BUILD_FALLBACK;
    }
    return left;
}

static const char *const weekday_vi[] = {"", "T2", "T3", "T4", "T5", "T6", "T7", "CN"};

/* Every error of every script left out, as FILE:LINE:COL: lỗi: ... (those left
 * out for their audio are said by their note, a warning). */
static void print_left_out(const loa_plan_left_out *lo, size_t n)
{
    size_t i, k;

    fflush(stdout);
    for (i = 0; i < n; i++)
        for (k = 0; !lo[i].unsafe && k < lo[i].n_errors; k++) {
            const loa_plan_error *e = &lo[i].errors[k];
            const char *msg = cli_lang == LOA_LANG_EN ? e->en : e->vi;

            if (e->line > 0)
                fprintf(stderr, "%s:%d:%d: %s: %s\n", lo[i].source, e->line, e->col, cli_sev(1),
                        msg);
            else
                fprintf(stderr, "%s: %s: %s\n", lo[i].source, cli_sev(1), msg);
        }
}

/* Tell a person what needs them; returns the exit status the alerts call
 * for: the most serious "published, but" (left out 3, nothing new 4,
 * attention 5). */
static int print_alerts(const loa_plan *P)
{
    loa_plan_alert *al = NULL;
    size_t i, n = 0;
    int rc;

    if (loa_plan_alerts(P, &al, &n) != LOA_OK) {
        fprintf(stderr, "loa build: %s\n", loa_strerror(LOA_ERR_NOMEM));
        return CLI_FAIL;
    }
    for (i = 0; i < n; i++) {
        char *msg;

        /* A bulletin left out for its audio: its note says it, at its line. */
        if (al[i].kind == LOA_ALERT_LEFT_OUT && al[i].left_out >= 0 &&
            P->left_out[al[i].left_out].unsafe)
            continue;
        msg = loa_plan_alert_message(P, &al[i], cli_lang);
        fprintf(stderr, "loa build: %s: %s\n", cli_sev(0), msg ? msg : "?");
        free(msg);
    }
    rc = n == 0                                  ? CLI_OK
         : al[0].kind == LOA_ALERT_LEFT_OUT      ? CLI_LEFT_OUT
         : al[0].kind == LOA_ALERT_NOTHING_NEW   ? CLI_NOTHING_NEW
                                                 : CLI_ATTENTION;
    free(al);
    return rc;
}

static void print_plan(const loa_plan *P)
{
    size_t i, k;
    int last = -1;

    cli_print(stdout, "Plan of week %02d/%04d (%s, %s)\n", P->iso_week, P->iso_year,
              P->district ? P->district : "", P->province ? P->province : "");
    for (i = 0; i < P->n_slots; i++) {
        const loa_plan_slot *s = &P->slots[i];

        if (s->station != last) {
            printf("\n%s (%s)\n", P->stations[s->station].name, P->stations[s->station].id);
            last = s->station;
        }
        printf("  %s %02d/%02d %02d:%02d %-8s %6.1f/%d s:", weekday_vi[s->weekday], s->date.day,
               s->date.month, s->start_min / 60, s->start_min % 60, s->name, s->seconds,
               s->length_s);
        for (k = 0; k < s->n_items; k++)
            printf("%s %s", k ? "," : "", P->clips[s->items[k]].id);
        printf("\n");
    }
    if (P->n_deferred > 0) {
        printf("\n");
        cli_print(stdout, "Deferred:\n");
        for (i = 0; i < P->n_deferred; i++) {
            const loa_plan_deferral *d = &P->deferred[i];

            printf("  %s @ %s: %d/%d — ", P->clips[d->clip].id, P->stations[d->station].id,
                   d->aired, d->wanted);
            cli_put_text(stdout, d->reason);
            printf("\n");
        }
    }
}

/* SIGINT, SIGTERM, SIGHUP: the first asks the build to stop cleanly (it
 * removes its staging tree and temporary files and says so); a second
 * one kills at once (the next build clears what is left, under its lock). */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
    signal(sig, SIG_DFL);
}

static const volatile sig_atomic_t *catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a wait for the lock ends at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    return &got_signal;
}

/* loa build --verify-cache */
static int verify_cache(const loa_build_opts *o)
{
    loa_build_result r;
    loa_diag diag;
    loa_err err;
    size_t i;

    loa_diag_clear(&diag);
    err = loa_build_verify_cache(o, &r, &diag);
    if (err != LOA_OK) {
        int rc = cli_fail(r.err_file, err, &diag);

        loa_build_result_clear(&r);
        return rc;
    }
    print_notes(&r);
    fprintf(stdout, "%s build: ", cli_prog);
    if (r.cache_damaged)
        cli_print(stdout, "cache %s — %zu entries, %zu damaged (removed: the next build renders "
                          "them again)\n", r.target ? r.target : "", r.cache_entries,
                  r.cache_damaged);
    else
        cli_print(stdout, "cache %s — %zu entries, %zu damaged\n", r.target ? r.target : "",
                  r.cache_entries, r.cache_damaged);
    i = r.cache_damaged;
    loa_build_result_clear(&r);
    return i ? CLI_FAIL : CLI_OK;
}

int cli_build(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'}, {"week", required_argument, NULL, 'w'},
        {"jobs", required_argument, NULL, 'j'},   {"dry-run", no_argument, NULL, 'n'},
        {"cache", required_argument, NULL, 1},    {"data-dir", required_argument, NULL, 2},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"strict", no_argument, NULL, 3},         {"lang", required_argument, NULL, 5},
        {"wait", no_argument, NULL, 6},           {"verify-cache", no_argument, NULL, 4},
        {NULL, 0, NULL, 0}};
    loa_build_opts o;
    loa_build_result r;
    struct progress pg;
    loa_diag diag;
    const char *week = NULL;
    int c, rc, verify = 0;
    loa_err err;

    memset(&o, 0, sizeof o);
    memset(&pg, 0, sizeof pg);
    o.jobs = 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:w:j:nqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o.config = optarg; break;
        case 'w': week = optarg; break;
        case 'j':
            if (cli_int(optarg, 1, 256, &o.jobs))
                return cli_usage_error("build", "jobs '%s' must be 1..256", optarg);
            break;
        case 'n': o.dry_run = 1; break;
        case 1: o.cache_dir = optarg; break;
        case 2: o.data_dir = optarg; break;
        case 'q': pg.quiet = 1; break;
        case 3: o.strict = 1; break;
        case 5:
            if (loa_lang_parse(optarg, &cli_lang) != LOA_OK)
                return cli_usage_error("build", "unknown language '%s' — use vi or en", optarg);
            break;
        case 6: o.wait = 1; break;
        case 4: verify = 1; break;
        case 'h': build_usage(stdout); return CLI_OK;
        default: return cli_usage_error("build", "bad option");
        }
    }
    if (optind != argc)
        return cli_usage_error("build", "unexpected argument '%s'", argv[optind]);
    if (o.config == NULL)
        return cli_usage_error("build", "missing -c DISTRICT.cfg");
    if (o.cache_dir != NULL && *o.cache_dir == '\0')
        return cli_usage_error("build", "--cache is empty: give a directory, or leave it out "
                                        "(<output>/.cache)");
    if (verify)
        return verify_cache(&o);
    if (week != NULL) {
        if (loa_date_iso_parse(week, &o.iso_year, &o.iso_week) != LOA_OK)
            return cli_usage_error("build", "week '%s' is not an ISO week like 2026-W48", week);
    } else {
        /* Vietnam keeps UTC+7 all year (no DST): the local date is UTC + 7 h. */
        time_t t = time(NULL) + 7 * 3600;
        struct tm tm;
        loa_date d;

        gmtime_r(&t, &tm);
        d.year = tm.tm_year + 1900;
        d.month = tm.tm_mon + 1;
        d.day = tm.tm_mday;
        loa_date_iso_week(d, &o.iso_year, &o.iso_week);
    }
    pg.tty = isatty(2);
    pg.start = time(NULL);
    o.progress = on_progress;
    o.progress_ctx = &pg;
    loa_build_result_init(&r);
    loa_diag_clear(&diag);
    o.cancel = catch_signals();
    err = loa_build_run(&o, &r, &diag);
    if (err == LOA_ERR_CANCELLED) {
        print_notes(&r);
        fprintf(stderr, "%s build: ", cli_prog);
        if (got_signal == SIGINT)
            cli_print(stderr, "stopped by SIGINT (Ctrl-C)\n");
        else if (got_signal == SIGHUP)
            cli_print(stderr, "stopped by SIGHUP\n");
        else
            cli_print(stderr, "stopped by SIGTERM\n");
        loa_build_result_clear(&r);
        return 128 + (got_signal ? (int)got_signal : SIGTERM);
    }
    /* every error of every script first: whatever happens next, they are news */
    print_left_out(r.left_out, r.n_left_out);
    if (err != LOA_OK) {
        print_notes(&r);
        rc = cli_fail(r.err_file, err, &diag);
        loa_build_result_clear(&r);
        return rc;
    }
    if (o.dry_run) {
        print_plan(&r.plan);
        printf("\n");
        cli_print(stdout, "%zu render jobs, %zu not in the cache; %zu durations estimated\n",
                  r.jobs_total, r.jobs_rendered, r.estimated);
        rc = print_alerts(&r.plan);
        print_notes(&r);
        loa_build_result_clear(&r);
        return rc == CLI_FAIL ? rc : CLI_OK;
    }
    rc = print_alerts(&r.plan);
    if (print_notes(&r) && rc != CLI_FAIL)
        rc = CLI_LEFT_OUT;
    {
        loa_plan_summary sm;

        /* One line a log can keep: what went out, and what did not. */
        loa_plan_summarize(&r.plan, &sm);
        fputs("loa build: ", stdout);
        cli_print(stdout, r.up_to_date
                              ? "nothing changed, kept %s — %zu stations, %zu slots, %zu "
                                "bulletins (%zu airings), %zu deferred (%zu urgent), %zu slots "
                                "with only the standing bulletin, %zu scripts left out; "
                                "rendered %zu/%zu pieces (%zu cached)\n"
                              : "published %s — %zu stations, %zu slots, %zu bulletins (%zu "
                                "airings), %zu deferred (%zu urgent), %zu slots with only the "
                                "standing bulletin, %zu scripts left out; rendered %zu/%zu "
                                "pieces (%zu cached)\n",
                  r.target, sm.stations, sm.slots, sm.bulletins, sm.airings, sm.deferred,
                  sm.urgent_deferred, sm.standing_slots, r.n_left_out, r.jobs_rendered,
                  r.jobs_total, r.jobs_total - r.jobs_rendered);
    }
    loa_build_result_clear(&r);
    return rc;
}
