/* loa serve: the bulletin desk in a browser (libloa's loa_serve_run). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "loa/serve.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void log_line(void *ctx, loa_serve_log_kind kind, const char *line)
{
    char when[32];
    time_t t = time(NULL);
    struct tm tm;

    (void)ctx;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s%s\n", when, kind == LOA_SERVE_ERROR ? "error: " : "", line);
}

static void ready(void *ctx, int port)
{
    (void)ctx;
    /* One line on stdout, for scripts and tests that asked for port 0. */
    printf("loa serve: listening on port %d\n", port);
    fflush(stdout);
}

static void serve_usage(FILE *fp)
{
    fprintf(fp, "Usage: loa serve -c DISTRICT.cfg [--listen HOST:PORT] [--data DIR]\n\n"
                "Serve the bulletin desk (Vietnamese web pages) for editors, approvers and\n"
                "operators: write and preview bulletins, approve them into the scripts folder\n"
                "that 'loa build' reads, build the week, fetch each station's files.\n"
                "Make the first account with 'loa user add NAME --role admin'.\n\n"
                "Options:\n"
                "  -c, --config FILE    the district file (required)\n"
                "  -l, --listen ADDR    HOST:PORT to listen on (default 127.0.0.1:8080;\n"
                "                       port 0 picks a free one, printed on stdout)\n"
                "  -d, --data DIR       accounts, drafts, previews (default: loa-data beside\n"
                "                       the district file)\n"
                "      --data-dir DIR   loa's voices/ data (default: found automatically)\n"
                "  -h, --help           show this help\n\n"
                "Put it behind a TLS reverse proxy (README shows nginx). SIGINT/SIGTERM stop it.\n"
                "Exit status: 0 stopped, 1 runtime failure, 2 usage or configuration error.\n");
}

int cli_serve(int argc, char **argv)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'}, {"listen", required_argument, NULL, 'l'},
        {"data", required_argument, NULL, 'd'},   {"data-dir", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    loa_serve_opts o;
    loa_diag diag;
    struct sigaction sa;
    loa_err err;
    int c;

    memset(&o, 0, sizeof o);
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:l:d:h", longs, NULL)) != -1) {
        switch (c) {
        case 'c':
            o.config = optarg;
            break;
        case 'l':
            o.listen = optarg;
            break;
        case 'd':
            o.data_dir = optarg;
            break;
        case 'V':
            o.voices_dir = optarg;
            break;
        case 'h':
            serve_usage(stdout);
            return CLI_OK;
        default:
            serve_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (o.config == NULL)
        return cli_usage_error("serve", "the district file is required: -c DISTRICT.cfg");
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if (access(o.config, R_OK) != 0) {
        fprintf(stderr, "%s: error: cannot read the district file: %s\n", o.config,
                strerror(errno));
        return CLI_USAGE;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    o.stop = &stop_flag;
    o.log = log_line;
    o.ready = ready;
    memset(&diag, 0, sizeof diag);
    err = loa_serve_run(&o, &diag);
    if (err != LOA_OK)
        return cli_fail(o.config, err, &diag);
    return CLI_OK;
}
