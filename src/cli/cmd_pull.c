/* loa pull: copy a station's air folder over HTTP (see include/loa/pull.h). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "loa/pull.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void pull_log(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "loa pull: %s\n", msg);
}

static void pull_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa pull [--every SECONDS] URL DIR\n\n"
            "Copy a station's air folder from the province over HTTP(S): URL is the folder\n"
            "as published (http://host/.../air/<station>/), DIR the local copy loa air\n"
            "plays from. Each file is resumed where a cut stopped it and checked against\n"
            "its week's SHA256SUMS before the week becomes current; plan.tsv is replaced\n"
            "only once everything it names is there. Urgent notices are fetched first.\n\n"
            "Options:\n"
            "      --every SECONDS  poll again every SECONDS until SIGTERM (an urgent\n"
            "                       notice reaches the station at most SECONDS plus its\n"
            "                       download later); failures are logged and retried\n"
            "  -q, --quiet          only errors\n"
            "  -h, --help           show this help\n\n"
            "Exit status (single pull): 0 up to date; 1 network, disk or checksum failure\n"
            "(what was verified is kept for the next try); 2 bad usage.\n");
}

int cli_pull(int argc, char **argv)
{
    static const struct option longs[] = {{"every", required_argument, 0, 'e'},
                                           {"quiet", no_argument, 0, 'q'},
                                           {"help", no_argument, 0, 'h'},
                                           {0, 0, 0, 0}};
    loa_pull_opts o;
    loa_pull_result r;
    loa_diag diag;
    struct sigaction sa;
    int c, every = 0, quiet = 0, rc = CLI_OK;
    loa_err err;

    memset(&o, 0, sizeof o);
    while ((c = getopt_long(argc, argv, "qh", longs, NULL)) != -1) {
        switch (c) {
        case 'e':
            if (cli_int(optarg, 1, 86400, &every) != 0)
                return cli_usage_error("pull", "--every takes seconds, 1 to 86400");
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            pull_usage(stdout);
            return CLI_OK;
        default:
            return cli_usage_error("pull", "unknown option");
        }
    }
    if (optind != argc - 2)
        return cli_usage_error("pull", "give the station's URL and a local folder");
    o.url = argv[optind];
    o.dir = argv[optind + 1];
    o.log = quiet ? NULL : pull_log;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (;;) {
        memset(&diag, 0, sizeof diag);
        err = loa_pull_run(&o, &r, &diag);
        if (err != LOA_OK)
            rc = cli_fail(NULL, err, &diag);
        else
            rc = CLI_OK;
        if (err == LOA_ERR_INVALID && every == 0)
            rc = CLI_FAIL; /* the server's fault, not the user's */
        if (every == 0 || stop_flag)
            break;
        for (c = 0; c < every * 10 && !stop_flag; c++)
            usleep(100000);
        if (stop_flag)
            break;
    }
    return every ? CLI_OK : rc;
}
