/* loa: the command-line program. Each subcommand lives in its own file and
 * only calls libloa; this file dispatches and holds the shared reporting. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "loa";

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"speak", cli_speak, "render a text to a broadcast-ready MP3 or WAV"},
    {"normalize", cli_normalize, "write the spoken form of Vietnamese text (numbers, dates, codes)"},
    {"build", cli_build, "render and publish a district's week for every station"},
    {"check", cli_check, "find everything wrong with bulletin scripts before they air"},
    {"air", cli_air, "run a station's playout (Liquidsoap) from its air folder"},
    {"urgent", cli_urgent, "air an urgent notice now on the running stations"},
    {"pull", cli_pull, "copy a station's week from the province over HTTP, checked"},
    {"serve", cli_serve, "the bulletin desk in a browser (write, preview, approve, build, fetch)"},
    {"user", cli_user, "manage the accounts of loa serve (add, passwd, list)"},
};

int cli_exit_code(loa_err err, int input)
{
    switch (err) {
    case LOA_OK:
        return CLI_OK;
    case LOA_ERR_INVALID: /* a bad option or argument */
    case LOA_ERR_CONFIG:  /* the district config, a lexicon */
    case LOA_ERR_TEXT:    /* a script or text */
    case LOA_ERR_PLAN:    /* a week that cannot be planned as the scripts ask */
    case LOA_ERR_UNSAFE:  /* audio no gain or limiting makes fit to air */
        return CLI_USAGE;
    case LOA_ERR_LOCKED:  /* another build of the same output is running */
        return CLI_LOCKED;
    default:              /* the machine: disk, memory, synthesis, audio, encoding */
        return input ? CLI_USAGE : CLI_FAIL;
    }
}

/* Print the failure; the exit code for it. */
static int fail_msg(const char *file, loa_err err, const loa_diag *diag, int input)
{
    const char *msg = diag && diag->msg[0] ? diag->msg : loa_strerror(err);

    if (file && diag && diag->line > 0)
        fprintf(stderr, "%s:%d:%d: error: %s\n", file, diag->line, diag->col, msg);
    else if (file)
        fprintf(stderr, "%s: error: %s\n", file, msg);
    else
        fprintf(stderr, "%s: error: %s\n", cli_prog, msg);
    return cli_exit_code(err, input);
}

int cli_fail(const char *file, loa_err err, const loa_diag *diag)
{
    return fail_msg(file, err, diag, 0);
}

int cli_fail_input(const char *file, loa_err err, const loa_diag *diag)
{
    return fail_msg(file, err, diag, 1);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s %s: ", cli_prog, cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s %s --help'.\n", cli_prog, cmd);
    return CLI_USAGE;
}

int cli_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v;

    if (s == NULL || *s == '\0')
        return -1;
    v = strtol(s, &end, 10);
    if (*end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static void usage(FILE *fp)
{
    size_t i;

    fprintf(fp, "Usage: %s COMMAND [OPTIONS] ...\n\n"
                "Turn Vietnamese bulletins about online public services into broadcast-ready\n"
                "audio for commune loudspeaker stations, and plan each station's week.\n\n"
                "Commands:\n", cli_prog);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nRun '%s COMMAND --help' for a command's options.\n"
                "Exit status: 0 success, 1 runtime failure, 2 usage or input error.\n",
            cli_prog);
}

int main(int argc, char **argv)
{
    size_t i;

    /* Messages may use the user's locale, but numbers never do: libconfig
     * and strtod must read "1.5" the same under vi_VN (decimal comma). */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("loa %s\n", LOA_VERSION);
        return CLI_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "%s: unknown command '%s'\n", cli_prog, argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
