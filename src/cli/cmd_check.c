/* loa check: tell the district editor everything wrong with a script before it airs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/spell.h"
#include "loa/text.h"
#include "cli.h"

static void check_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa check [OPTIONS] FILE...   (- for standard input)\n\n"
            "Check bulletin scripts (and the district config with -c) without rendering:\n"
            "encoding (invalid UTF-8, TCVN3/VNI, NFD, mixed tone-mark placement), header\n"
            "(keys, dates, stations and groups, repeats that cannot fit the week's slots),\n"
            "spelling (hunspell-vi), all-caps words that will be spelled letter by letter,\n"
            "words the normalizer had to guess, and the estimated duration against the\n"
            "shortest targeted slot. Each finding is printed as\n"
            "  FILE:LINE:COL: lỗi|cảnh báo: what is wrong — how to fix\n"
            "in Vietnamese, or in English with --lang en or LANG=C / LC_MESSAGES=C.\n\n"
            "Options:\n"
            "  -c, --config FILE   the district config: checked too, and needed for the\n"
            "                      station, repeat and duration checks\n"
            "      --lang L        vi or en (default: from LC_ALL, LC_MESSAGES, LANG)\n"
            "      --json          one JSON document on standard output (shape in README.md)\n"
            "      --fix           convert TCVN3/VNI and NFD text to Unicode NFC in place\n"
            "                      (the original is kept as FILE.orig), then check it\n"
            "      --no-spell      skip the spelling check\n"
            "  -l, --lexicon FILE  add a district's lexicon file (repeatable)\n"
            "      --data-dir DIR  loa's voices/ data (default: found automatically)\n"
            "  -h, --help          show this help\n\n"
            "Exit status: 0 no errors (warnings allowed), 1 errors found (or a file could\n"
            "not be read or fixed), 2 bad usage.\n");
}

/* Messages follow the environment like gettext would: the first of LC_ALL,
 * LC_MESSAGES, LANG that is set; C/POSIX or en* mean English. */
static loa_check_lang env_lang(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    size_t i;

    for (i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);

        if (v != NULL && *v != '\0')
            return strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 || strcmp(v, "POSIX") == 0 ||
                           strncmp(v, "en", 2) == 0
                       ? LOA_LANG_EN
                       : LOA_LANG_VI;
    }
    return LOA_LANG_VI;
}

struct out {
    loa_check_lang lang;
    int json;
    int files;        /* JSON: files written so far */
    int errors, warnings;
    loa_err failed;   /* JSON: a piece could not be made */
};

static const char *sev_name(loa_check_sev sev, loa_check_lang lang)
{
    if (lang == LOA_LANG_EN)
        return sev == LOA_CHECK_ERROR ? "error" : "warning";
    return sev == LOA_CHECK_ERROR ? "lỗi" : "cảnh báo";
}

/* Print the findings of one file; returns its error count. */
static int report(struct out *o, const char *path, const loa_check_report *rep,
                  const char *fixed)
{
    size_t i;
    int errors = 0, warnings = 0;

    for (i = 0; i < rep->n; i++) {
        if (rep->items[i].sev == LOA_CHECK_ERROR)
            errors++;
        else
            warnings++;
    }
    o->errors += errors;
    o->warnings += warnings;
    if (!o->json) {
        for (i = 0; i < rep->n; i++) {
            const loa_check_item *it = &rep->items[i];
            char *msg = loa_check_message(it, o->lang);

            if (it->line > 0)
                printf("%s:%d:%d: %s: %s\n", path, it->line, it->col, sev_name(it->sev, o->lang),
                       msg ? msg : "?");
            else
                printf("%s: %s: %s\n", path, sev_name(it->sev, o->lang), msg ? msg : "?");
            free(msg);
        }
        return errors;
    }
    {
        char *json = NULL;
        loa_err err = loa_check_json_file(path, rep, fixed, o->lang, o->files++ == 0, &json);

        if (err != LOA_OK)
            o->failed = err;
        else
            fputs(json, stdout);
        free(json);
    }
    return errors;
}

/* Print the JSON piece FN makes. */
static void json_piece(struct out *o, loa_err (*fn)(char **))
{
    char *json = NULL;
    loa_err err = fn(&json);

    if (err != LOA_OK)
        o->failed = err;
    else
        fputs(json, stdout);
    free(json);
}

/* A one-finding report for a file-level failure (config, I/O). */
static void report_one(struct out *o, const char *path, loa_check_id id, int line, int col,
                       const char *arg)
{
    loa_check_report rep;

    loa_check_report_init(&rep);
    if (loa_check_add(&rep, id, LOA_CHECK_ERROR, line, col, arg, NULL, NULL) == LOA_OK)
        report(o, path, &rep, NULL);
    loa_check_report_clear(&rep);
}

/* The directory part of PATH, malloc'd ("." when it has none). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 2);

    if (d != NULL)
        snprintf(d, n + 2, "%.*s", (int)(n ? n : 1), n ? path : ".");
    return d;
}

int cli_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'}, {"lang", required_argument, NULL, 1},
        {"json", no_argument, NULL, 2},           {"fix", no_argument, NULL, 3},
        {"no-spell", no_argument, NULL, 4},       {"lexicon", required_argument, NULL, 'l'},
        {"data-dir", required_argument, NULL, 5}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct out o = {LOA_LANG_VI, 0, 0, 0, 0, LOA_OK};
    const char *cfg_path = NULL, *data_dir = NULL, *extra[16];
    int nextra = 0, fix = 0, spell_on = 1, c, i, have_cfg = 0;
    char *dir = NULL;
    loa_config cfg;
    loa_lexicon *lex = NULL;
    loa_spell *spell = NULL;
    loa_check_opts opts;
    loa_diag diag;
    loa_err err;
    size_t k;

    o.lang = env_lang();
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:l:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': cfg_path = optarg; break;
        case 1:
            if (strcmp(optarg, "vi") == 0)
                o.lang = LOA_LANG_VI;
            else if (strcmp(optarg, "en") == 0)
                o.lang = LOA_LANG_EN;
            else
                return cli_usage_error("check", "unknown language '%s' — use vi or en", optarg);
            break;
        case 2: o.json = 1; break;
        case 3: fix = 1; break;
        case 4: spell_on = 0; break;
        case 'l':
            if (nextra == 16)
                return cli_usage_error("check", "at most 16 --lexicon files");
            extra[nextra++] = optarg;
            break;
        case 5: data_dir = optarg; break;
        case 'h': check_usage(stdout); return CLI_OK;
        default: return cli_usage_error("check", "bad option");
        }
    }
    if (optind == argc)
        return cli_usage_error("check", "no script given — name one or more FILEs");
    for (i = optind; fix && i < argc; i++)
        if (strcmp(argv[i], "-") == 0)
            return cli_usage_error("check", "--fix rewrites files: it cannot fix standard input");
    loa_diag_clear(&diag);
    if ((err = loa_file_data_dir(data_dir, &dir, &diag)) == LOA_OK)
        err = loa_text_lexicon_open(&lex, dir, &diag);
    free(dir);
    if (err != LOA_OK)
        return cli_fail(NULL, err, &diag);
    for (i = 0; i < nextra; i++) {
        if ((err = loa_text_lexicon_add_file(lex, extra[i], &diag)) != LOA_OK) {
            loa_text_lexicon_free(lex);
            diag.line = 0; /* the message names FILE:LINE */
            return cli_fail(NULL, err, &diag);
        }
    }
    if (spell_on && loa_spell_open(&spell, NULL, &diag) != LOA_OK) {
        fprintf(stderr, "%s check: %s: %s\n", cli_prog,
                o.lang == LOA_LANG_EN ? "spelling not checked" : "không kiểm tra chính tả",
                diag.msg);
        spell = NULL;
    }
    if (o.json)
        json_piece(&o, loa_check_json_begin);
    loa_config_init(&cfg);
    if (cfg_path != NULL) {
        char *err_file = NULL;

        loa_diag_clear(&diag);
        if (loa_config_load(&cfg, cfg_path, &err_file, &diag) != LOA_OK) {
            report_one(&o, err_file ? err_file : cfg_path, LOA_CK_CONFIG, diag.line, diag.col,
                       diag.msg);
            loa_config_init(&cfg);
        } else {
            have_cfg = 1;
            for (k = 0; k < cfg.n_lexicons; k++) {
                if (loa_text_lexicon_add_file(lex, cfg.lexicons[k], &diag) != LOA_OK)
                    report_one(&o, cfg.lexicons[k], LOA_CK_CONFIG, 0, 0, diag.msg);
            }
            for (k = 0; k < cfg.n_notes; k++) {
                loa_check_report one;

                loa_check_report_init(&one);
                if (loa_check_add(&one, LOA_CK_CONFIG, LOA_CHECK_WARNING, cfg.notes[k].line, 1,
                                  cfg.notes[k].msg, NULL, NULL) == LOA_OK)
                    report(&o, cfg.notes[k].file, &one, NULL);
                loa_check_report_clear(&one);
            }
        }
        free(err_file);
    }
    opts.cfg = have_cfg ? &cfg : NULL;
    opts.lex = lex;
    opts.spell = spell;
    for (i = optind; i < argc; i++) {
        const char *path = argv[i], *what = NULL;
        const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
        char *text = NULL, *orig = NULL, *sdir, fixed[512];
        size_t len;
        loa_check_report rep;

        fixed[0] = '\0';
        loa_diag_clear(&diag);
        if (fix) {
            if (loa_check_fix_file(path, &what, &orig, &diag) != LOA_OK) {
                report_one(&o, path, LOA_CK_IO, 0, 0, diag.msg);
                continue;
            }
            if (what != NULL) {
                loa_check_item note = {LOA_CK_FIXED, LOA_CHECK_WARNING, 0, 0,
                                       {(char *)what, orig, NULL}};
                char *msg = loa_check_message(&note, o.lang);

                snprintf(fixed, sizeof fixed, "%s", what);
                if (!o.json) {
                    fflush(stdout); /* keep the lines in order on a terminal */
                    fprintf(stderr, "%s: %s\n", path, msg ? msg : what);
                }
                free(msg);
            }
            free(orig);
        }
        if (loa_file_read(path, &text, &len, &diag) != LOA_OK) {
            report_one(&o, shown, LOA_CK_IO, 0, 0, diag.msg);
            continue;
        }
        if ((sdir = dir_of(path)) == NULL) {
            free(text);
            report_one(&o, shown, LOA_CK_IO, 0, 0, loa_strerror(LOA_ERR_NOMEM));
            continue;
        }
        err = loa_check_text(&rep, text, len, sdir, &opts, &diag);
        free(sdir);
        if (err != LOA_OK) {
            free(text);
            report_one(&o, shown, LOA_CK_IO, 0, 0, diag.msg[0] ? diag.msg : loa_strerror(err));
            continue;
        }
        report(&o, shown, &rep, fixed[0] ? fixed : NULL);
        loa_check_report_clear(&rep);
        free(text);
    }
    if (o.json) {
        char *json = NULL;

        if ((err = loa_check_json_end(o.files, o.errors, o.warnings, &json)) != LOA_OK)
            o.failed = err;
        else
            fputs(json, stdout);
        free(json);
    }
    loa_spell_free(spell);
    loa_text_lexicon_free(lex);
    loa_config_clear(&cfg);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s check: error: cannot write standard output\n", cli_prog);
        return CLI_FAIL;
    }
    if (o.failed != LOA_OK)
        return cli_fail(NULL, o.failed, NULL);
    return o.errors > 0 ? CLI_FAIL : CLI_OK;
}
