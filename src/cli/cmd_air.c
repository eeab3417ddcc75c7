/* loa air: run a station's playout from its air folder (see include/loa/air.h). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "loa/air.h"

static volatile int stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void air_log(void *ctx, const char *msg)
{
    char when[32];
    time_t t = time(NULL);
    struct tm tm;

    (void)ctx;
    /* The journal adds its own time; a terminal or a file gets local time. */
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
    fprintf(stderr, "%s loa air: %s\n", when, msg);
}

static void air_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa air [OPTIONS] DIR\n\n"
            "Run a station's playout: DIR is its air folder (<output>/air/<station> on\n"
            "the build machine, or the folder loa pull fills). Liquidsoap plays each\n"
            "program of DIR/plan.tsv at its slot's start in Asia/Ho_Chi_Minh (whatever TZ\n"
            "says), the fallback between programs, and urgent notices from DIR/urgent.tsv\n"
            "within a second or two; new weeks are followed as they are published. What\n"
            "aired goes into DIR/asrun/<week>.csv. Runs until SIGTERM or SIGINT. Must not\n"
            "run as root (Liquidsoap refuses): install makes a 'loa' user and a systemd\n"
            "unit, loa-air@<station>.service.\n\n"
            "Options:\n"
            "      --liquidsoap PATH  the Liquidsoap program (default: liquidsoap)\n"
            "      --asrun DIR        where the as-run log goes (default DIR/asrun)\n"
            "      --resume-after S   restarted more than S seconds into a slot, resume the\n"
            "                         program where the schedule is; earlier, play it whole\n"
            "                         (default 30)\n"
            "  -h, --help             show this help\n\n"
            "Exit status: 0 stopped by a signal; 1 DIR cannot be used; 2 bad usage.\n");
}

int cli_air(int argc, char **argv)
{
    static const struct option longs[] = {
        {"liquidsoap", required_argument, 0, 'L'}, {"asrun", required_argument, 0, 'A'},
        {"resume-after", required_argument, 0, 'R'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    loa_air_opts o;
    loa_diag diag = {0};
    struct sigaction sa;
    loa_err err;
    int c, resume;

    memset(&o, 0, sizeof o);
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'L':
            o.liquidsoap = optarg;
            break;
        case 'A':
            o.asrun_dir = optarg;
            break;
        case 'R':
            if (cli_int(optarg, 1, 3600, &resume) != 0)
                return cli_usage_error("air", "--resume-after takes whole seconds, 1 to 3600");
            o.resume_min = resume;
            break;
        case 'h':
            air_usage(stdout);
            return CLI_OK;
        default:
            return cli_usage_error("air", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("air", "give one air folder, e.g. /var/lib/loa/air/man-duc");
    o.dir = argv[optind];
    o.log = air_log;
    o.stop = &stop_flag;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    if ((err = loa_air_run(&o, &diag)) != LOA_OK) {
        cli_fail(NULL, err, &diag);
        return CLI_FAIL;
    }
    return CLI_OK;
}
