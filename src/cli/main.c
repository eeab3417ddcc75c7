/* loa: the command-line program. Each subcommand lives in its own file and
 * only calls libloa; this file dispatches and holds the shared reporting. */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "loa";
loa_lang cli_lang = LOA_LANG_VI;

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

void cli_print(FILE *fp, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = loa_msg_vformat(cli_lang, fmt, ap);
    va_end(ap);
    if (s != NULL)
        fputs(s, fp);
    else
        fputs(loa_strerror(LOA_ERR_NOMEM), fp);
    free(s);
}

void cli_warn(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = loa_msg_vformat(cli_lang, fmt, ap);
    va_end(ap);
    fflush(stdout); /* keep stdout and stderr lines in order on a terminal */
    fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, s ? s : loa_strerror(LOA_ERR_NOMEM));
    free(s);
}

void cli_put_text(FILE *fp, const char *msg)
{
    char *s = loa_msg_translate(msg, cli_lang);

    fputs(s ? s : msg, fp);
    free(s);
}

const char *cli_sev(int error)
{
    if (cli_lang == LOA_LANG_EN)
        return error ? "error" : "warning";
    return error ? "lỗi" : "cảnh báo";
}

/* Print the failure; the exit code for it. */
static int fail_msg(const char *file, loa_err err, const loa_diag *diag, int input)
{
    const char *msg = diag && diag->msg[0] ? diag->msg : loa_strerror(err);

    fflush(stdout);
    if (file && diag && diag->line > 0)
        fprintf(stderr, "%s:%d:%d: %s: ", file, diag->line, diag->col, cli_sev(1));
    else
        fprintf(stderr, "%s: %s: ", file ? file : cli_prog, cli_sev(1));
    cli_put_text(stderr, msg);
    fputc('\n', stderr);
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
    char *s;

    va_start(ap, fmt);
    s = loa_msg_vformat(cli_lang, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s %s: %s\n", cli_prog, cmd, s ? s : loa_strerror(LOA_ERR_NOMEM));
    free(s);
    cli_print(stderr, "Try '%s %s --help'.\n", cli_prog, cmd);
    return CLI_USAGE;
}

/* The directory of PATH, malloc'd ("." when it has none). */
char *cli_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 2);

    if (d != NULL)
        snprintf(d, n + 2, "%.*s", (int)(n ? n : 1), n ? path : ".");
    return d;
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

/* The message language: --lang anywhere among the arguments (each command
 * also accepts it), else the environment as gettext reads it: the first of
 * LC_ALL, LC_MESSAGES, LANG that is set; "en..." is English, anything else
 * (C, POSIX and C.UTF-8 included: Debian's default) Vietnamese. */
static loa_lang pick_lang(int argc, char **argv)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    loa_lang lang = LOA_LANG_VI;
    size_t i;
    int k;

    for (i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);

        if (v != NULL && *v != '\0') {
            lang = loa_lang_from_locale(v);
            break;
        }
    }
    for (k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--") == 0)
            break;
        if (strncmp(argv[k], "--lang=", 7) == 0)
            loa_lang_parse(argv[k] + 7, &lang);
        else if (strcmp(argv[k], "--lang") == 0 && k + 1 < argc)
            loa_lang_parse(argv[k + 1], &lang);
    }
    return lang;
}

int main(int argc, char **argv)
{
    size_t i;

    /* Numbers never follow the locale: libconfig and strtod must read "1.5"
     * the same under vi_VN (decimal comma). Nor do the C library's own
     * messages (strerror): they are English, and the catalogue says them in
     * the user's language. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    setlocale(LC_MESSAGES, "C");
    cli_lang = pick_lang(argc, argv);
    /* --lang before the command ("loa --lang en build ...") */
    while (argc >= 2 && strncmp(argv[1], "--lang", 6) == 0) {
        int k = argv[1][6] == '=' ? 1 : argv[1][6] == '\0' && argc >= 3 ? 2 : 0;

        if (k == 0)
            break;
        argv[k] = argv[0];
        argc -= k;
        argv += k;
    }
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
    fprintf(stderr, "%s: ", cli_prog);
    cli_print(stderr, "unknown command '%s'\n", argv[1]);
    cli_print(stderr, "Try '%s --help'.\n", cli_prog);
    return CLI_USAGE;
}
