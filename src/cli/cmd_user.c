/* loa user: the web desk's accounts from the command line (the first admin too). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "loa/serve.h"

static void user_usage(FILE *fp)
{
    fprintf(fp, "Usage: loa user add NAME --role ROLE [--stations IDS] [--communes NAMES] OPTIONS\n"
                "       loa user passwd NAME OPTIONS\n"
                "       loa user list OPTIONS\n\n"
                "Manage the accounts of 'loa serve'. ROLE is editor (biên tập viên), approver\n"
                "(lãnh đạo duyệt), operator (cán bộ đài) or admin (quản trị). An account\n"
                "without --stations or --communes reaches every station.\n\n"
                "Options:\n"
                "  -c, --config FILE     the district file (the data directory is loa-data\n"
                "                        beside it; station and group ids are checked)\n"
                "  -d, --data DIR        the data directory, as given to 'loa serve --data'\n"
                "  -r, --role ROLE       add: the account's role\n"
                "  -s, --stations IDS    add: station and group ids, comma-separated\n"
                "      --communes NAMES  add: commune names (\"xã A\") or ids, comma-separated\n"
                "      --password-stdin  read the password from the first line of standard input\n"
                "                        (otherwise it is asked for twice on the terminal)\n"
                "  -h, --help            show this help\n\n"
                "Exit status: 0 done, 1 runtime failure, 2 usage error (bad name, role, id).\n");
}

/* The password: one line of stdin, or asked twice with echo off. */
static int read_password(int from_stdin, char *buf, size_t size)
{
    char again[1100];
    struct termios t, quiet;
    int tty = !from_stdin && isatty(0);

    if (!from_stdin && !tty) {
        fprintf(stderr, "loa user: no terminal to ask the password on — use --password-stdin\n");
        return -1;
    }
    if (tty) {
        tcgetattr(0, &t);
        quiet = t;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSANOW, &quiet);
        fprintf(stderr, "Mật khẩu: ");
    }
    if (fgets(buf, (int)size, stdin) == NULL)
        buf[0] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    if (tty) {
        fprintf(stderr, "\nNhập lại: ");
        if (fgets(again, sizeof again, stdin) == NULL)
            again[0] = '\0';
        again[strcspn(again, "\r\n")] = '\0';
        tcsetattr(0, TCSANOW, &t);
        fprintf(stderr, "\n");
        if (strcmp(buf, again) != 0) {
            fprintf(stderr, "loa user: the two passwords differ\n");
            return -1;
        }
    }
    return 0;
}

/* Every id of IDS must be a station or group of CFG. */
static int check_ids(const loa_config *cfg, const char *ids)
{
    char *copy = strdup(ids ? ids : ""), *save = NULL, *t;
    int ok = 1;

    for (t = strtok_r(copy, ", ", &save); t && copy; t = strtok_r(NULL, ", ", &save))
        if (!loa_config_station_find(cfg, t) && !loa_config_group_find(cfg, t)) {
            fprintf(stderr, "loa user: '%s' is neither a station nor a group of %s\n", t,
                    cfg->path);
            ok = 0;
        }
    free(copy);
    return ok;
}

int cli_user(int argc, char **argv)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'},   {"data", required_argument, NULL, 'd'},
        {"role", required_argument, NULL, 'r'},     {"stations", required_argument, NULL, 's'},
        {"communes", required_argument, NULL, 'C'}, {"password-stdin", no_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *config = NULL, *data = NULL, *role_s = NULL, *stations = "", *communes = "";
    int pw_stdin = 0, c, rc = CLI_OK;
    char datadir[4200], pw[1100];
    loa_accounts *acc = NULL;
    loa_config cfg;
    loa_diag diag;
    loa_err err;
    const char *verb;

    optind = 1;
    while ((c = getopt_long(argc, argv, "c:d:r:s:h", longs, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case 'd':
            data = optarg;
            break;
        case 'r':
            role_s = optarg;
            break;
        case 's':
            stations = optarg;
            break;
        case 'C':
            communes = optarg;
            break;
        case 'P':
            pw_stdin = 1;
            break;
        case 'h':
            user_usage(stdout);
            return CLI_OK;
        default:
            user_usage(stderr);
            return CLI_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage_error("user", "say what to do: add, passwd or list");
    verb = argv[optind];
    if (config == NULL && data == NULL)
        return cli_usage_error("user", "give the district file (-c) or the data directory (-d)");
    memset(&diag, 0, sizeof diag);
    loa_config_init(&cfg);
    if (config != NULL) {
        char *ef = NULL;

        if ((err = loa_config_load(&cfg, config, &ef, &diag)) != LOA_OK) {
            rc = cli_fail(ef ? ef : config, err, &diag);
            free(ef);
            return rc;
        }
        free(ef);
    }
    if (data)
        snprintf(datadir, sizeof datadir, "%s", data);
    else
        snprintf(datadir, sizeof datadir, "%s/loa-data", cfg.dir);
    if ((err = loa_accounts_open(&acc, datadir, &diag)) != LOA_OK) {
        loa_config_clear(&cfg);
        return cli_fail(NULL, err, &diag);
    }
    if (strcmp(verb, "list") == 0) {
        loa_account *list = NULL;
        size_t n = 0, i;

        if ((err = loa_accounts_list(acc, &list, &n, &diag)) != LOA_OK) {
            rc = cli_fail(NULL, err, &diag);
        } else {
            for (i = 0; i < n; i++)
                printf("%-20s %-9s %s%s%s%s\n", list[i].name, loa_role_name(list[i].role),
                       *list[i].stations || *list[i].communes ? list[i].stations : "*",
                       *list[i].communes ? " communes:" : "", list[i].communes,
                       list[i].disabled ? " (disabled)" : "");
            loa_accounts_list_free(list, n);
        }
    } else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
        const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;

        if (name == NULL || optind + 2 < argc) {
            rc = cli_usage_error("user", "%s needs exactly one account NAME", verb);
        } else if (strcmp(verb, "add") == 0 && role_s == NULL) {
            rc = cli_usage_error("user", "add needs --role editor|approver|operator|admin");
        } else if (config != NULL && (!check_ids(&cfg, stations))) {
            rc = CLI_USAGE;
        } else if (read_password(pw_stdin, pw, sizeof pw) != 0) {
            rc = CLI_USAGE;
        } else if (strcmp(verb, "add") == 0) {
            loa_account a;
            loa_role role;

            memset(&a, 0, sizeof a);
            if (loa_role_parse(role_s, &role) != LOA_OK) {
                rc = cli_usage_error("user",
                                     "unknown role '%s' — editor, approver, operator or "
                                     "admin",
                                     role_s);
            } else {
                a.name = (char *)name;
                a.role = role;
                a.stations = (char *)stations;
                a.communes = (char *)communes;
                if ((err = loa_accounts_add(acc, &a, pw, "cli", &diag)) != LOA_OK)
                    rc = cli_fail(NULL, err, &diag);
            }
        } else if ((err = loa_accounts_passwd(acc, name, pw, "cli", &diag)) != LOA_OK) {
            rc = cli_fail(NULL, err, &diag);
        }
        memset(pw, 0, sizeof pw);
    } else {
        rc = cli_usage_error("user", "unknown action '%s': add, passwd or list", verb);
    }
    loa_accounts_free(acc);
    loa_config_clear(&cfg);
    return rc;
}
