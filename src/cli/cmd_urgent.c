/* loa urgent: air a notice now on running stations (see include/loa/air.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "loa/air.h"

static void urgent_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa urgent SCRIPT -c DISTRICT.cfg [--stations IDS] [OPTIONS]\n\n"
            "Air an urgent notice now (\"phát ngay\"): SCRIPT is a bulletin with\n"
            "\"Ưu tiên: khẩn cấp\" valid today. It is copied into the district's scripts\n"
            "folder and the current week is built and published again (its speech rendered\n"
            "and cached as usual), so the notice opens every remaining slot of its\n"
            "validity; then every targeted station's playout (loa air) plays the chime and\n"
            "the notice within seconds, interrupting what is on air, and goes back to its\n"
            "schedule. Stations that loa pull over HTTP get it on their next poll.\n\n"
            "Options:\n"
            "  -c, --config FILE     the district configuration (required)\n"
            "  -s, --stations IDS    station or group ids, comma-separated, to air it now\n"
            "                        (default: the script's \"Đài\")\n"
            "      --window MIN      a station that comes up or polls more than MIN minutes\n"
            "                        later does not air it at once (default 30); it still\n"
            "                        opens the slots\n"
            "  -j, --jobs N          render in N worker processes (default 1)\n"
            "      --cache DIR       render cache (default <output>/.cache)\n"
            "      --data-dir DIR    loa's voices/ data\n"
            "  -h, --help            show this help\n\n"
            "Exit status: 0 sent to every targeted station; 1 a render or the disk failed,\n"
            "or some targeted station does not air the notice this week; 2 bad usage,\n"
            "configuration or script.\n");
}

int cli_urgent(int argc, char **argv)
{
    static const struct option longs[] = {
        {"config", required_argument, 0, 'c'}, {"stations", required_argument, 0, 's'},
        {"window", required_argument, 0, 'W'}, {"jobs", required_argument, 0, 'j'},
        {"cache", required_argument, 0, 'C'},  {"data-dir", required_argument, 0, 'D'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    loa_urgent_opts o;
    loa_urgent_result r;
    loa_diag diag = {0};
    char *list = NULL, **ids = NULL;
    size_t n_ids = 0, i;
    int c, rc = CLI_OK;
    loa_err err;

    memset(&o, 0, sizeof o);
    while ((c = getopt_long(argc, argv, "c:s:j:h", longs, NULL)) != -1) {
        switch (c) {
        case 'c':
            o.config = optarg;
            break;
        case 's':
            list = optarg;
            break;
        case 'W':
            if (cli_int(optarg, 1, 24 * 60, &o.window_min) != 0)
                return cli_usage_error("urgent", "--window takes minutes, 1 to 1440");
            break;
        case 'j':
            if (cli_int(optarg, 1, 64, &o.jobs) != 0)
                return cli_usage_error("urgent", "--jobs takes 1 to 64");
            break;
        case 'C':
            o.cache_dir = optarg;
            break;
        case 'D':
            o.data_dir = optarg;
            break;
        case 'h':
            urgent_usage(stdout);
            return CLI_OK;
        default:
            return cli_usage_error("urgent", "unknown option");
        }
    }
    if (o.config == NULL)
        return cli_usage_error("urgent", "give the district file with -c DISTRICT.cfg");
    if (optind != argc - 1)
        return cli_usage_error("urgent", "give one notice script");
    o.script = argv[optind];
    if (list != NULL) {
        char *copy = strdup(list), *tok, *save = NULL;

        if (copy == NULL)
            return CLI_FAIL;
        for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
            char **p = realloc(ids, (n_ids + 1) * sizeof *p);

            if (p == NULL)
                break;
            ids = p;
            ids[n_ids++] = tok;
        }
        if (n_ids == 0) {
            free(copy);
            free(ids);
            return cli_usage_error("urgent", "--stations needs at least one id");
        }
        o.stations = (const char *const *)ids;
        o.n_stations = n_ids;
        list = copy;
    }
    err = loa_urgent_send(&o, &r, &diag);
    if (err != LOA_OK) {
        cli_fail(r.err_file, err, &diag);
        rc = err == LOA_ERR_TEXT || err == LOA_ERR_CONFIG || err == LOA_ERR_INVALID ||
                     err == LOA_ERR_PLAN
                 ? CLI_USAGE
                 : CLI_FAIL;
    } else {
        for (i = 0; i < r.n_sent; i++)
            printf("%s: %s\n", r.sent[i], r.notice);
        for (i = 0; i < r.n_missed; i++)
            fprintf(stderr, "loa urgent: %s: the notice does not air there this week (not in "
                            "its \"Đài\" or its dates) — nothing sent\n", r.missed[i]);
        if (r.n_missed > 0 || r.n_sent == 0)
            rc = CLI_FAIL;
    }
    loa_urgent_result_clear(&r);
    free(ids);
    if (o.stations)
        free(list);
    return rc;
}
