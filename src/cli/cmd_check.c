/* loa check: tell the district editor everything wrong with a script before it airs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/msg.h"
#include "loa/spell.h"
#include "loa/text.h"
#include "cli.h"

static void check_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa check [OPTIONS] [FILE|DIR...]   (- for standard input)\n\n"
            "Check bulletin scripts (and the district config with -c) without rendering:\n"
            "encoding (invalid UTF-8, TCVN3/VNI/CP1258, NFD, mixed tone-mark placement),\n"
            "header (keys, dates and times, voices, stations and groups, repeats that\n"
            "cannot fit the week's slots), marks, spelling (hunspell-vi), all-caps words\n"
            "that will be spelled letter by letter, words the normalizer had to guess, and\n"
            "the estimated duration against the shortest targeted slot. Every finding of\n"
            "every file is printed, one a line:\n"
            "  FILE:LINE:COL: lỗi|cảnh báo: what is wrong — how to fix\n"
            "and a file with none gets one line with its estimated duration. A DIR means\n"
            "its *.txt scripts; with -c and no FILE, everything the build reads: the\n"
            "config, its lexicons and jingles, the standing bulletin and every script.\n"
            "Messages are Vietnamese, English with --lang en or an en_* locale.\n\n"
            "Options:\n"
            "  -c, --config FILE   the district config: checked too, and needed for the\n"
            "                      station, repeat and duration checks\n"
            "      --lang L        vi or en (default: vi, or en when LC_ALL, LC_MESSAGES\n"
            "                      or LANG names an English locale)\n"
            "      --json          one JSON document on standard output (shape in README.md)\n"
            "      --fix           convert TCVN3/VNI/CP1258 and NFD text to Unicode NFC in\n"
            "                      place (the original is kept as FILE.orig), then check it\n"
            "      --no-spell      skip the spelling check\n"
            "  -l, --lexicon FILE  add a district's lexicon file (repeatable)\n"
            "      --data-dir DIR  loa's voices/ data (default: found automatically)\n"
            "  -h, --help          show this help\n\n"
            "Exit status: 0 no errors (warnings allowed), 1 errors found (or a file could\n"
            "not be read or fixed), 2 bad usage.\n");
}

struct out {
    int json;
    int files;        /* files reported */
    int checked;      /* scripts checked */
    int errors, warnings;
    loa_err failed;   /* JSON: a piece could not be made */
};

/* Print the findings of one file (or its one "no problems" line); returns
 * its error count. */
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
            char *msg = loa_check_message(it, cli_lang);

            if (it->line > 0)
                printf("%s:%d:%d: %s: %s\n", path, it->line, it->col,
                       cli_sev(it->sev == LOA_CHECK_ERROR), msg ? msg : "?");
            else
                printf("%s: %s: %s\n", path, cli_sev(it->sev == LOA_CHECK_ERROR),
                       msg ? msg : "?");
            free(msg);
        }
        if (rep->n == 0) {
            char secs[32];
            loa_check_item ok;
            char *msg;

            memset(&ok, 0, sizeof ok);
            snprintf(secs, sizeof secs, "%.0f", rep->seconds);
            ok.id = rep->seconds >= 0 ? LOA_CK_OK : LOA_CK_OK_RECORDED;
            ok.arg[0] = secs;
            msg = loa_check_message(&ok, cli_lang);
            printf("%s: %s\n", path, msg ? msg : "OK");
            free(msg);
        }
        o->files++;
        return errors;
    }
    {
        char *json = NULL;
        loa_err err = loa_check_json_file(path, rep, fixed, cli_lang, o->files++ == 0, &json);

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

/* A report of one finding about PATH (config, I/O, a jingle). */
static void report_one(struct out *o, const char *path, loa_check_id id, loa_check_sev sev,
                       int line, int col, const char *a1, const char *a2, const char *a3)
{
    loa_check_report rep;

    loa_check_report_init(&rep);
    if (loa_check_add(&rep, id, sev, line, col, a1, a2, a3) == LOA_OK)
        report(o, path, &rep, NULL);
    loa_check_report_clear(&rep);
}

/* A growing list of paths to check (each malloc'd). */
struct paths {
    char **v;
    size_t n;
};

static int paths_add(struct paths *p, const char *path)
{
    char **v = realloc(p->v, (p->n + 1) * sizeof *v);

    if (v == NULL)
        return -1;
    p->v = v;
    if ((v[p->n] = strdup(path)) == NULL)
        return -1;
    p->n++;
    return 0;
}

/* Add the scripts of directory DIR (as the build lists them), except SKIP. */
static int paths_add_dir(struct out *o, struct paths *p, const char *dir, const char *skip,
                         int say_empty)
{
    char **v = NULL;
    size_t n = 0, i, added = 0;
    loa_diag d;
    int rc = 0;

    loa_diag_clear(&d);
    if (loa_file_scripts(dir, &v, &n, &d) != LOA_OK) {
        report_one(o, dir, LOA_CK_IO, LOA_CHECK_ERROR, 0, 0, d.msg, NULL, NULL);
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (rc == 0 && (skip == NULL || strcmp(v[i], skip) != 0)) {
            rc = paths_add(p, v[i]);
            added++;
        }
        free(v[i]);
    }
    free(v);
    if (rc == 0 && added == 0 && say_empty)
        report_one(o, dir, LOA_CK_NO_SCRIPTS, LOA_CHECK_WARNING, 0, 0, dir, NULL, NULL);
    return rc;
}

/* The config's jingles and beds, each read as the build will: the
 * district's in its file, a station's own in the file defining it. */
static void check_jingles(struct out *o, const loa_config *cfg)
{
    static const char *const roles[4] = {LOA_MSG("the intro jingle"),
                                         LOA_MSG("the outro jingle"),
                                         LOA_MSG("the urgent chime"), LOA_MSG("the music bed")};
    const char **seen = calloc(4 * (cfg->n_stations + 1) + 1, sizeof *seen);
    size_t n_seen = 0, i, k, j;

    if (seen == NULL)
        return;
    for (i = 0; i <= cfg->n_stations; i++) {
        const loa_config_jingles *jg = i == 0 ? &cfg->jingles : &cfg->stations[i - 1].jingles;
        const char *files[4] = {jg->intro, jg->outro, jg->chime, jg->bed};
        const char *where = i == 0 || cfg->stations[i - 1].file == NULL
                                ? cfg->path
                                : cfg->stations[i - 1].file;

        for (k = 0; k < 4; k++) {
            loa_diag d;

            if (files[k] == NULL)
                continue;
            for (j = 0; j < n_seen && strcmp(seen[j], files[k]) != 0; j++)
                ;
            if (j < n_seen)
                continue;
            seen[n_seen++] = files[k];
            loa_diag_clear(&d);
            if (loa_check_audio(files[k], &d) != LOA_OK) {
                char *role = loa_msg_translate(roles[k], cli_lang);

                report_one(o, where, LOA_CK_JINGLE, LOA_CHECK_ERROR, 0, 0,
                           role ? role : roles[k], files[k], d.msg);
                free(role);
            }
        }
    }
    free(seen);
}

/* Check the script PATH (its findings and --fix's note printed). */
static void check_file(struct out *o, const char *path, int fix, const loa_check_opts *opts)
{
    const char *what = NULL;
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *text = NULL, *orig = NULL, *sdir, fixed[512];
    size_t len;
    loa_check_report rep;
    loa_diag diag;
    loa_err err;

    fixed[0] = '\0';
    o->checked++;
    loa_diag_clear(&diag);
    if (fix) {
        if (loa_check_fix_file(path, &what, &orig, &diag) != LOA_OK) {
            report_one(o, path, LOA_CK_IO, LOA_CHECK_ERROR, 0, 0, diag.msg, NULL, NULL);
            return;
        }
        if (what != NULL) {
            loa_check_item note = {LOA_CK_FIXED, LOA_CHECK_WARNING, 0, 0,
                                   {(char *)what, orig, NULL}};
            char *msg = loa_check_message(&note, cli_lang);

            snprintf(fixed, sizeof fixed, "%s", what);
            if (!o->json) {
                fflush(stdout); /* keep the lines in order on a terminal */
                fprintf(stderr, "%s: %s\n", path, msg ? msg : what);
            }
            free(msg);
        }
        free(orig);
    }
    if (loa_file_read(path, &text, &len, &diag) != LOA_OK) {
        report_one(o, shown, LOA_CK_IO, LOA_CHECK_ERROR, 0, 0, diag.msg, NULL, NULL);
        return;
    }
    if ((sdir = cli_dir_of(path)) == NULL) {
        free(text);
        report_one(o, shown, LOA_CK_IO, LOA_CHECK_ERROR, 0, 0, loa_strerror(LOA_ERR_NOMEM),
                   NULL, NULL);
        return;
    }
    err = loa_check_text(&rep, text, len, sdir, opts, &diag);
    free(sdir);
    free(text);
    if (err != LOA_OK) {
        report_one(o, shown, LOA_CK_IO, LOA_CHECK_ERROR, 0, 0,
                   diag.msg[0] ? diag.msg : loa_strerror(err), NULL, NULL);
        return;
    }
    report(o, shown, &rep, fixed[0] ? fixed : NULL);
    loa_check_report_clear(&rep);
}

int cli_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'}, {"lang", required_argument, NULL, 1},
        {"json", no_argument, NULL, 2},           {"fix", no_argument, NULL, 3},
        {"no-spell", no_argument, NULL, 4},       {"lexicon", required_argument, NULL, 'l'},
        {"data-dir", required_argument, NULL, 5}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct out o = {0, 0, 0, 0, 0, LOA_OK};
    struct paths todo = {NULL, 0};
    const char *cfg_path = NULL, *data_dir = NULL, *extra[16];
    int nextra = 0, fix = 0, spell_on = 1, c, i, have_cfg = 0, oom = 0;
    char *dir = NULL;
    loa_config cfg;
    loa_lexicon *lex = NULL;
    loa_spell *spell = NULL;
    loa_check_opts opts;
    loa_diag diag;
    loa_err err;
    size_t k;

    optind = 1;
    while ((c = getopt_long(argc, argv, "c:l:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': cfg_path = optarg; break;
        case 1:
            if (loa_lang_parse(optarg, &cli_lang) != LOA_OK)
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
    if (optind == argc && cfg_path == NULL)
        return cli_usage_error("check", "no script given — name scripts or folders, or give "
                                        "-c DISTRICT.cfg to check everything the build reads");
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
        fprintf(stderr, "%s check: ", cli_prog);
        cli_print(stderr, "spelling not checked: %s\n", diag.msg);
        spell = NULL;
    }
    if (o.json)
        json_piece(&o, loa_check_json_begin);
    loa_config_init(&cfg);
    if (cfg_path != NULL) {
        char *err_file = NULL;

        loa_diag_clear(&diag);
        if (loa_config_load(&cfg, cfg_path, &err_file, &diag) != LOA_OK) {
            report_one(&o, err_file ? err_file : cfg_path, LOA_CK_CONFIG, LOA_CHECK_ERROR,
                       diag.line, diag.col, diag.msg, NULL, NULL);
            loa_config_init(&cfg);
        } else {
            have_cfg = 1;
            for (k = 0; k < cfg.n_lexicons; k++) {
                loa_diag_clear(&diag);
                if (loa_text_lexicon_add_file(lex, cfg.lexicons[k], &diag) != LOA_OK)
                    report_one(&o, cfg.lexicons[k], LOA_CK_CONFIG, LOA_CHECK_ERROR, diag.line,
                               diag.col, diag.msg, NULL, NULL);
            }
            for (k = 0; k < cfg.n_notes; k++)
                report_one(&o, cfg.notes[k].file, LOA_CK_CONFIG, LOA_CHECK_WARNING,
                           cfg.notes[k].line, 1, cfg.notes[k].msg, NULL, NULL);
        }
        free(err_file);
    }
    /* What to check: the files and folders named, or everything the build reads. */
    for (i = optind; i < argc && !oom; i++) {
        struct stat st;

        if (strcmp(argv[i], "-") != 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            oom = paths_add_dir(&o, &todo, argv[i], NULL, 1) != 0;
        else
            oom = paths_add(&todo, argv[i]) != 0;
    }
    if (optind == argc && have_cfg) {
        check_jingles(&o, &cfg);
        if (cfg.standing != NULL)
            oom = paths_add(&todo, cfg.standing) != 0;
        if (!oom)
            oom = paths_add_dir(&o, &todo, cfg.scripts_dir, cfg.standing, 1) != 0;
    }
    opts.cfg = have_cfg ? &cfg : NULL;
    opts.lex = lex;
    opts.spell = spell;
    opts.errors_only = 0;
    for (k = 0; k < todo.n && !oom; k++)
        check_file(&o, todo.v[k], fix, &opts);
    for (k = 0; k < todo.n; k++)
        free(todo.v[k]);
    free(todo.v);
    if (oom)
        o.failed = LOA_ERR_NOMEM;
    if (o.json) {
        char *json = NULL;

        if ((err = loa_check_json_end(o.files, o.errors, o.warnings, &json)) != LOA_OK)
            o.failed = err;
        else
            fputs(json, stdout);
        free(json);
    } else if (o.checked > 1) {
        cli_print(stdout, "%d scripts checked: %d errors, %d warnings\n", o.checked, o.errors,
                  o.warnings);
    }
    loa_spell_free(spell);
    loa_text_lexicon_free(lex);
    loa_config_clear(&cfg);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s check: %s: ", cli_prog, cli_sev(1));
        cli_print(stderr, "cannot write standard output\n");
        return CLI_FAIL;
    }
    if (o.failed != LOA_OK)
        return cli_fail(NULL, o.failed, NULL);
    return o.errors > 0 ? CLI_FAIL : CLI_OK;
}
