/* loa normalize: written Vietnamese on stdin → what the announcer says on stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/text.h"
#include "cli.h"

static void normalize_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa normalize [OPTIONS] < TEXT > SPOKEN\n\n"
            "Read Vietnamese UTF-8 text on standard input and write its spoken form\n"
            "(numbers, dates, document codes, phone numbers, addresses, abbreviations\n"
            "as words), one output line per input line.\n\n"
            "Options:\n"
            "  -d, --dialect D     north (default), central or south (ngàn, lẻ)\n"
            "  -e, --explain       instead of the text, list each non-standard word:\n"
            "                      LINE:COL<TAB>KIND<TAB>WRITTEN<TAB>READING<TAB>GUESS\n"
            "                      (GUESS is '-', or 'guess:' and what was guessed:\n"
            "                      spelled, unit, slash, dash, phone or foreign)\n"
            "  -l, --lexicon FILE  add a district's lexicon file (repeatable)\n"
            "      --data-dir DIR  loa's voices/ data (default: found automatically)\n"
            "  -h, --help          show this help\n\n"
            "Example:\n"
            "  echo 'Hotline 1800.1096' | loa normalize\n\n"
            "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input\n"
            "(invalid UTF-8 is reported as <stdin>:LINE:COL).\n");
}

static void explain_fn(void *ctx, const loa_nsw *w)
{
    FILE *fp = ctx;

    /* a fifth column marks the guesses: "guess:slash"; "-" when sure */
    fprintf(fp, "%d:%d\t%s\t%.*s\t%.*s\t%s%s\n", w->line, w->col, loa_text_nsw_kind_name(w->kind),
            (int)w->written_len, w->written, (int)w->reading_len, w->reading,
            w->guess ? "guess:" : "-", w->guess ? loa_text_nsw_guess_name(w->guess) : "");
}

int cli_normalize(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dialect", required_argument, NULL, 'd'}, {"explain", no_argument, NULL, 'e'},
        {"lexicon", required_argument, NULL, 'l'}, {"data-dir", required_argument, NULL, 3},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    loa_dialect dialect = LOA_DIALECT_NORTH;
    const char *data_dir = NULL, *extra[16];
    int nextra = 0, explain = 0, c, i, rc = CLI_OK;
    char *dir = NULL;
    char *text = NULL, *out = NULL;
    size_t len, out_len;
    loa_lexicon *lex = NULL;
    loa_diag diag;
    loa_err err;

    optind = 1;
    while ((c = getopt_long(argc, argv, "d:el:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (loa_dialect_parse(optarg, &dialect) != LOA_OK)
                return cli_usage_error("normalize", "unknown dialect '%s' — use north, "
                                                    "central or south", optarg);
            break;
        case 'e': explain = 1; break;
        case 'l':
            if (nextra == 16)
                return cli_usage_error("normalize", "at most 16 --lexicon files");
            extra[nextra++] = optarg;
            break;
        case 3: data_dir = optarg; break;
        case 'h': normalize_usage(stdout); return CLI_OK;
        default: return cli_usage_error("normalize", "bad option");
        }
    }
    if (optind != argc)
        return cli_usage_error("normalize", "unexpected argument '%s' — the text comes on "
                                            "standard input", argv[optind]);
    loa_diag_clear(&diag);
    if ((err = loa_file_data_dir(data_dir, &dir, &diag)) != LOA_OK)
        return cli_fail(NULL, err, &diag);
    err = loa_text_lexicon_open(&lex, dir, &diag);
    free(dir);
    if (err != LOA_OK)
        return cli_fail(NULL, err, &diag);
    for (i = 0; i < nextra; i++) {
        if ((err = loa_text_lexicon_add_file(lex, extra[i], &diag)) != LOA_OK) {
            loa_text_lexicon_free(lex);
            return cli_fail(extra[i], err, &diag);
        }
    }
    if ((err = loa_file_read("-", &text, &len, &diag)) != LOA_OK) {
        loa_text_lexicon_free(lex);
        return cli_fail("<stdin>", err, &diag);
    }
    err = loa_text_normalize_explain(lex, dialect, text, len, explain ? NULL : &out, &out_len,
                                     explain ? explain_fn : NULL, stdout, &diag);
    if (err != LOA_OK) {
        rc = cli_fail("<stdin>", err, &diag);
    } else if (!explain && fwrite(out, 1, out_len, stdout) != out_len) {
        rc = CLI_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s normalize: error: cannot write standard output\n", cli_prog);
        rc = CLI_FAIL;
    }
    free(out);
    free(text);
    loa_text_lexicon_free(lex);
    return rc;
}
