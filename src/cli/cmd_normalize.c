/* loa normalize: written Vietnamese on stdin → what the announcer says on stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/file.h"
#include "loa/script.h"
#include "loa/speak.h"
#include "loa/text.h"
#include "cli.h"

static void normalize_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa normalize [OPTIONS] [FILE] > SPOKEN   (standard input without FILE)\n\n"
            "Read Vietnamese UTF-8 text and write its spoken form (numbers, dates,\n"
            "document codes, phone numbers, addresses, abbreviations as words), one\n"
            "output line per input line.\n\n"
            "A bulletin script (a header, '---', the text) gives what loa build will say:\n"
            "the text only, in the dialect of its 'Giọng' line, one line per stretch of\n"
            "speech, each pause on its own line as [nghỉ N giây], {written|spoken} marks\n"
            "said as marked. Every error in the script is reported (FILE:LINE:COL).\n\n"
            "Options:\n"
            "  -d, --dialect D     north (default), central or south (ngàn, lẻ)\n"
            "  -e, --explain       instead of the text, list each non-standard word:\n"
            "                      LINE:COL<TAB>KIND<TAB>WRITTEN<TAB>READING<TAB>GUESS\n"
            "                      (GUESS is '-', or 'guess:' and what was guessed:\n"
            "                      spelled, unit, slash, dash, phone, foreign or degree)\n"
            "      --plain         read a script as plain text (its header too)\n"
            "      --lang L        messages in vi (default) or en\n"
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

/* A script's explain: positions in the file, not in the segment. */
struct seg_explain {
    FILE *fp;
    const char *text;
    size_t len;
    const loa_segment *sg;
};

static void seg_explain_fn(void *ctx, const loa_nsw *w)
{
    const struct seg_explain *x = ctx;
    int line, col;

    loa_segment_pos(x->text, x->len, x->sg, w->col, &line, &col);
    fprintf(x->fp, "%d:%d\t%s\t%.*s\t%.*s\t%s%s\n", line, col, loa_text_nsw_kind_name(w->kind),
            (int)w->written_len, w->written, (int)w->reading_len, w->reading,
            w->guess ? "guess:" : "-", w->guess ? loa_text_nsw_guess_name(w->guess) : "");
}

/* "[nghỉ 1,5 giây]": a pause as a script writes it. */
static void print_pause(int ms)
{
    if (ms % 1000 == 0)
        printf("[nghỉ %d giây]\n", ms / 1000);
    else if (ms % 100 == 0)
        printf("[nghỉ %d,%d giây]\n", ms / 1000, ms % 1000 / 100);
    else
        printf("[nghỉ %d ms]\n", ms);
}

/* A bulletin script: its findings on stderr, then its speech. */
static int normalize_script(const char *shown, const char *text, size_t len,
                            const loa_lexicon *lex, loa_dialect dialect, int explain)
{
    loa_check_opts co = {NULL, lex, NULL, 1};
    loa_check_report rep;
    loa_bulletin b;
    loa_speech sp;
    loa_diag diag;
    size_t i;
    int errors = 0;
    loa_err err;

    loa_diag_clear(&diag);
    if ((err = loa_check_text(&rep, text, len, NULL, &co, &diag)) != LOA_OK)
        return cli_fail(shown, err, &diag);
    for (i = 0; i < rep.n; i++) {
        const loa_check_item *it = &rep.items[i];
        char *msg = loa_check_message(it, cli_lang);

        errors += it->sev == LOA_CHECK_ERROR;
        fprintf(stderr, "%s:%d:%d: %s: %s\n", shown, it->line, it->col,
                cli_sev(it->sev == LOA_CHECK_ERROR), msg ? msg : "?");
        free(msg);
    }
    loa_check_report_clear(&rep);
    if (errors > 0)
        return CLI_USAGE;
    if ((err = loa_bulletin_parse(&b, text, len, NULL, &diag)) != LOA_OK)
        return cli_fail_input(shown, err, &diag);
    if (b.audio != NULL) {
        loa_bulletin_clear(&b);
        fprintf(stderr, "%s: %s: ", shown, cli_sev(1));
        cli_print(stderr, "a recorded bulletin has no text to read — play its recording\n");
        return CLI_USAGE;
    }
    if (b.dialect >= 0)
        dialect = (loa_dialect)b.dialect;
    if (explain) {
        for (i = 0; i < b.n_segs && err == LOA_OK; i++) {
            struct seg_explain x = {stdout, text, len, &b.segs[i]};

            if (b.segs[i].kind == LOA_SEG_TEXT)
                err = loa_text_normalize_explain(lex, dialect, b.segs[i].text,
                                                 strlen(b.segs[i].text), NULL, NULL,
                                                 seg_explain_fn, &x, &diag);
        }
    } else if ((err = loa_bulletin_speech(&sp, &b, lex, dialect, &diag)) == LOA_OK) {
        for (i = 0; i < sp.n_parts; i++) {
            if (sp.parts[i].text != NULL)
                printf("%s\n", sp.parts[i].text);
            else
                print_pause(sp.parts[i].pause_ms);
        }
        loa_speech_clear(&sp);
    }
    loa_bulletin_clear(&b);
    if (err != LOA_OK)
        return cli_fail(shown, err, &diag);
    return CLI_OK;
}

int cli_normalize(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dialect", required_argument, NULL, 'd'}, {"explain", no_argument, NULL, 'e'},
        {"lexicon", required_argument, NULL, 'l'}, {"data-dir", required_argument, NULL, 3},
        {"plain", no_argument, NULL, 4},           {"lang", required_argument, NULL, 5},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    loa_dialect dialect = LOA_DIALECT_NORTH;
    const char *data_dir = NULL, *extra[16], *in = "-", *shown = "<stdin>";
    int nextra = 0, explain = 0, plain = 0, c, i, rc = CLI_OK;
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
        case 4: plain = 1; break;
        case 5:
            if (loa_lang_parse(optarg, &cli_lang) != LOA_OK)
                return cli_usage_error("normalize", "unknown language '%s' — use vi or en",
                                       optarg);
            break;
        case 'h': normalize_usage(stdout); return CLI_OK;
        default: return cli_usage_error("normalize", "bad option");
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("normalize", "unexpected argument '%s' — give one FILE, or the "
                                            "text on standard input", argv[optind + 1]);
    if (optind < argc && strcmp(argv[optind], "-") != 0)
        in = shown = argv[optind];
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
    if ((err = loa_file_read(in, &text, &len, &diag)) != LOA_OK) {
        loa_text_lexicon_free(lex);
        return cli_fail_input(shown, err, &diag);
    }
    if (!plain && loa_text_check_utf8(text, len, NULL) == LOA_OK && loa_script_detect(text, len)) {
        rc = normalize_script(shown, text, len, lex, dialect, explain);
    } else {
        err = loa_text_normalize_explain(lex, dialect, text, len, explain ? NULL : &out,
                                         &out_len, explain ? explain_fn : NULL, stdout, &diag);
        if (err != LOA_OK)
            rc = cli_fail(shown, err, &diag);
        else if (!explain && fwrite(out, 1, out_len, stdout) != out_len)
            rc = CLI_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s normalize: %s: ", cli_prog, cli_sev(1));
        cli_print(stderr, "cannot write standard output\n");
        rc = CLI_FAIL;
    }
    free(out);
    free(text);
    loa_text_lexicon_free(lex);
    return rc;
}
