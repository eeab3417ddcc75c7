/* loa speak: one text to one broadcast-ready audio file. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/check.h"
#include "loa/config.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/file.h"
#include "loa/profile.h"
#include "loa/program.h"
#include "loa/script.h"
#include "loa/speak.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "cli.h"

static void speak_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: loa speak [OPTIONS] FILE|- -o OUT.mp3|OUT.wav\n\n"
            "Read Vietnamese UTF-8 text (FILE, or standard input for -) and speak it\n"
            "into OUT: an MP3 if OUT ends in .mp3 (mono, CBR, LAME tag, UTF-16 ID3v2\n"
            "title/artist), a 16-bit WAV if it ends in .wav. Numbers, dates, codes and\n"
            "abbreviations are read through the normalizer (see loa normalize); the\n"
            "speech gets the profile's EQ, optional jingles and bed, and is loudness-\n"
            "normalized (EBU R128) with a true-peak limiter.\n\n"
            "A bulletin script (a header, '---', the text) is spoken as loa build airs\n"
            "it: the text only, its [nghỉ ...] pauses and {written|spoken} marks, in the\n"
            "voice its 'Giọng' line asks for (else -d and --voice, or the station's with\n"
            "-c and --station), the same samples as the build's items/ file. Every error\n"
            "in the script is reported (FILE:LINE:COL) and nothing is written.\n\n"
            "Options:\n"
            "  -o, --output FILE     where to write (.mp3 or .wav); required\n"
            "  -c, --config FILE     take voice, rate, pitch, profile and lexicons from the\n"
            "                        district config (its defaults, or --station's)\n"
            "  -s, --station ID      with -c: speak as this station airs it (its dialect,\n"
            "                        voice, profile and music bed)\n"
            "      --plain           read FILE as plain text even if it looks like a script\n"
            "  -d, --dialect D       north (default), central or south (also miền Bắc,\n"
            "                        miền Trung, miền Nam)\n"
            "      --voice V         female or male (default; also nữ, nam giới)\n"
            "      --lang L          messages in vi (default) or en\n"
            "  -r, --rate WPM        speaking rate, 80..450 words per minute (default 150)\n"
            "  -p, --pitch N         voice pitch 0..99 (default 50)\n"
            "  -R, --sample-rate HZ  output sample rate: 44100 or 22050 (default: the profile's)\n"
            "  -b, --bitrate KBPS    MP3 constant bitrate (default: the profile's)\n"
            "  -P, --profile NAME    audio profile: default (-16 LUFS, -1.5 dBTP, 44.1 kHz,\n"
            "                        64 kbps), broadcast (-23 LUFS, -1 dBTP), horn (-14 LUFS,\n"
            "                        250 Hz high-pass), lowband (22.05 kHz, 48 kbps, -2 dBTP)\n"
            "      --intro FILE      station jingle before the speech (WAV, FLAC, OGG, MP3)\n"
            "      --outro FILE      closing jingle after it\n"
            "      --chime FILE      attention chime, played first with --urgent\n"
            "      --urgent          an urgent notice: play the chime before the speech\n"
            "      --bed FILE        music bed under the speech, ducked while it speaks\n"
            "      --crossfade MS    jingle/speech crossfade, 0..5000 ms (default 400)\n"
            "  -t, --title TEXT      ID3 title (UTF-8)\n"
            "  -a, --artist TEXT     ID3 artist, e.g. the station's name\n"
            "      --album TEXT      ID3 album\n"
            "      --year YYYY       ID3 year\n"
            "      --data-dir DIR    loa's voices/ data (default: found automatically)\n"
            "  -v, --verbose         print duration, integrated loudness (LUFS), true peak\n"
            "                        (dBTP) and loudness range (LU) to standard error\n"
            "  -h, --help            show this help\n\n"
            "Example:\n"
            "  loa speak -t 'Dịch vụ công trực tuyến' bulletin.txt -o bulletin.mp3\n"
            "  loa speak -P horn --intro id.mp3 --outro end.mp3 --chime chime.wav --urgent \\\n"
            "      --bed music.ogg -v notice.txt -o notice.mp3\n\n"
            "Exit status: 0 success, 1 runtime failure (synthesis, disk, a jingle or bed\n"
            "that cannot be decoded, near-silent output), 2 bad usage\n"
            "or bad input (unreadable file, invalid UTF-8, unknown dialect, bad bitrate).\n");
}

/* Print every finding of the script TEXT (errors, and warnings such as an
 * ambiguous 'Giọng'); the number of errors, or -1 when it could not be
 * checked. */
static int script_findings(const char *shown, const char *text, size_t len, const char *dir,
                           const loa_config *cfg, const loa_lexicon *lex)
{
    loa_check_opts co = {cfg, lex, NULL, 1};
    loa_check_report rep;
    loa_diag d;
    size_t i;
    int errors = 0;

    loa_diag_clear(&d);
    if (loa_check_text(&rep, text, len, dir, &co, &d) != LOA_OK)
        return -1;
    fflush(stdout);
    for (i = 0; i < rep.n; i++) {
        const loa_check_item *it = &rep.items[i];
        char *msg = loa_check_message(it, cli_lang);

        errors += it->sev == LOA_CHECK_ERROR;
        if (it->line > 0)
            fprintf(stderr, "%s:%d:%d: %s: %s\n", shown, it->line, it->col,
                    cli_sev(it->sev == LOA_CHECK_ERROR), msg ? msg : "?");
        else
            fprintf(stderr, "%s: %s: %s\n", shown, cli_sev(it->sev == LOA_CHECK_ERROR),
                    msg ? msg : "?");
        free(msg);
    }
    loa_check_report_clear(&rep);
    return errors;
}

int cli_speak(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},  {"dialect", required_argument, NULL, 'd'},
        {"rate", required_argument, NULL, 'r'},    {"pitch", required_argument, NULL, 'p'},
        {"sample-rate", required_argument, NULL, 'R'},
        {"bitrate", required_argument, NULL, 'b'}, {"title", required_argument, NULL, 't'},
        {"artist", required_argument, NULL, 'a'},  {"album", required_argument, NULL, 1},
        {"year", required_argument, NULL, 2},      {"data-dir", required_argument, NULL, 3},
        {"verbose", no_argument, NULL, 'v'},       {"help", no_argument, NULL, 'h'},
        {"profile", required_argument, NULL, 'P'}, {"intro", required_argument, NULL, 4},
        {"outro", required_argument, NULL, 5},     {"chime", required_argument, NULL, 6},
        {"urgent", no_argument, NULL, 7},          {"bed", required_argument, NULL, 8},
        {"crossfade", required_argument, NULL, 9}, {"config", required_argument, NULL, 'c'},
        {"station", required_argument, NULL, 's'}, {"plain", no_argument, NULL, 10},
        {"voice", required_argument, NULL, 11},    {"lang", required_argument, NULL, 12},
        {NULL, 0, NULL, 0}};
    loa_synth_opts so = {LOA_DIALECT_NORTH, 150, 50, NULL, LOA_GENDER_MALE};
    loa_speak_opts po = {.paragraph_ms = -1};
    loa_production prod = {0};
    loa_speak_stats st;
    loa_diag diag;
    loa_synth *synth = NULL;
    loa_lexicon *lex = NULL;
    loa_config cfg;
    loa_bulletin bul;
    const loa_config_station *station = NULL;
    const char *out = NULL, *in, *shown, *data_dir = NULL, *cfg_path = NULL, *station_id = NULL;
    const char *profile_name = NULL;
    char *datadir = NULL;
    char *text = NULL;
    size_t len, k;
    int c, verbose = 0, xf, rate, kbps, plain = 0, script, set_dialect = 0, set_voice = 0;
    int set_rate = 0, set_pitch = 0, jingles = 0, rc;
    loa_err err;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:d:r:p:R:b:t:a:P:c:s:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'd':
            if (loa_dialect_parse(optarg, &so.dialect) != LOA_OK)
                return cli_usage_error("speak", "unknown dialect '%s' — use north, central or "
                                                "south", optarg);
            set_dialect = 1;
            break;
        case 'r':
            if (cli_int(optarg, 80, 450, &so.rate_wpm))
                return cli_usage_error("speak", "rate '%s' must be 80..450 words per minute",
                                       optarg);
            set_rate = 1;
            break;
        case 'p':
            if (cli_int(optarg, 0, 99, &so.pitch))
                return cli_usage_error("speak", "pitch '%s' must be 0..99", optarg);
            set_pitch = 1;
            break;
        case 'R':
            if (cli_int(optarg, 8000, 48000, &po.out_rate) ||
                (po.out_rate != 44100 && po.out_rate != 22050 && po.out_rate != 48000 &&
                 po.out_rate != 32000 && po.out_rate != 24000 && po.out_rate != 16000))
                return cli_usage_error("speak", "sample rate '%s' must be 44100 or 22050 "
                                                "(also 48000, 32000, 24000, 16000)", optarg);
            break;
        case 'b':
            if (cli_int(optarg, 8, 320, &po.bitrate_kbps))
                return cli_usage_error("speak", "bitrate '%s' must be a number of kbps, e.g. 64",
                                       optarg);
            break;
        case 't': po.title = optarg; break;
        case 'a': po.artist = optarg; break;
        case 1: po.album = optarg; break;
        case 2: po.year = optarg; break;
        case 3: data_dir = optarg; break;
        case 'P':
            if ((prod.profile = loa_profile_find(optarg)) == NULL)
                return cli_usage_error("speak", "unknown profile '%s' — use one of: %s", optarg,
                                       loa_profile_names());
            profile_name = optarg;
            break;
        case 4: prod.intro = optarg; jingles = 1; break;
        case 5: prod.outro = optarg; jingles = 1; break;
        case 6: prod.chime = optarg; jingles = 1; break;
        case 7: po.urgent = 1; jingles = 1; break;
        case 8: prod.bed = optarg; break;
        case 9:
            if (cli_int(optarg, 0, 5000, &xf))
                return cli_usage_error("speak", "crossfade '%s' must be 0..5000 ms", optarg);
            prod.crossfade_ms = xf ? xf : -1;
            jingles = 1;
            break;
        case 'c': cfg_path = optarg; break;
        case 's': station_id = optarg; break;
        case 10: plain = 1; break;
        case 11:
            if (loa_gender_parse(optarg, &so.gender) != LOA_OK)
                return cli_usage_error("speak", "unknown voice '%s' — use female or male",
                                       optarg);
            set_voice = 1;
            break;
        case 12:
            if (loa_lang_parse(optarg, &cli_lang) != LOA_OK)
                return cli_usage_error("speak", "unknown language '%s' — use vi or en", optarg);
            break;
        case 'v': verbose = 1; break;
        case 'h': speak_usage(stdout); return CLI_OK;
        default: return cli_usage_error("speak", "bad option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("speak", "expected one input FILE (or - for standard input)");
    if (out == NULL)
        return cli_usage_error("speak", "missing -o OUT.mp3 or -o OUT.wav");
    if (station_id != NULL && cfg_path == NULL)
        return cli_usage_error("speak", "--station needs -c DISTRICT.cfg");
    in = argv[optind];
    shown = strcmp(in, "-") ? in : "<stdin>";
    if (po.urgent && prod.chime == NULL)
        return cli_usage_error("speak", "--urgent needs --chime FILE (the attention chime)");
    loa_diag_clear(&diag);
    loa_config_init(&cfg);
    loa_bulletin_init(&bul);
    if (cfg_path != NULL) {
        char *err_file = NULL;

        if ((err = loa_config_load(&cfg, cfg_path, &err_file, &diag)) != LOA_OK) {
            rc = cli_fail(err_file ? err_file : cfg_path, err, &diag);
            free(err_file);
            return rc;
        }
        free(err_file);
        if (station_id != NULL && (station = loa_config_station_find(&cfg, station_id)) == NULL) {
            loa_config_clear(&cfg);
            return cli_usage_error("speak", "no station '%s' in %s", station_id, cfg_path);
        }
        /* the station's voice and production, unless an option says otherwise */
        if (!set_dialect)
            so.dialect = station ? station->dialect : cfg.dialect;
        if (!set_voice)
            so.gender = station ? station->gender : cfg.gender;
        if (!set_rate)
            so.rate_wpm = cfg.rate_wpm;
        if (!set_pitch)
            so.pitch = cfg.pitch;
        if (profile_name == NULL)
            prod.profile = loa_profile_find(station && station->profile ? station->profile
                                                                        : cfg.profile);
        if (prod.bed == NULL && station != NULL)
            prod.bed = station->jingles.bed;
    }
    po.production = &prod;
    rate = po.out_rate ? po.out_rate : (prod.profile ? prod.profile : loa_profile_find(NULL))->rate;
    kbps = po.bitrate_kbps ? po.bitrate_kbps
                           : (prod.profile ? prod.profile : loa_profile_find(NULL))->bitrate_kbps;
    if (!loa_mp3_bitrate_ok(rate, kbps)) {
        loa_config_clear(&cfg);
        return cli_usage_error("speak", "%d kbps is not an MP3 bitrate at %d Hz (e.g. 64 at "
                                        "44100, 48 at 22050)", kbps, rate);
    }
    if ((err = loa_file_data_dir(data_dir, &datadir, &diag)) == LOA_OK)
        err = loa_text_lexicon_open(&lex, datadir, &diag);
    free(datadir);
    for (k = 0; err == LOA_OK && k < cfg.n_lexicons; k++)
        if ((err = loa_text_lexicon_add_file(lex, cfg.lexicons[k], &diag)) != LOA_OK)
            diag.line = 0; /* the message names the file */
    if (err != LOA_OK) {
        loa_text_lexicon_free(lex);
        loa_config_clear(&cfg);
        return cli_fail(NULL, err, &diag);
    }
    po.lexicon = lex;
    po.dialect = so.dialect;
    /* Input problems are the user's to fix: exit 2, like a usage error. */
    if ((err = loa_file_read(in, &text, &len, &diag)) != LOA_OK ||
        (err = loa_text_check_utf8(text, len, &diag)) != LOA_OK) {
        free(text);
        loa_text_lexicon_free(lex);
        loa_config_clear(&cfg);
        return cli_fail_input(shown, err, &diag);
    }
    script = !plain && loa_script_detect(text, len);
    if (script) {
        char *dir = strcmp(in, "-") ? cli_dir_of(in) : strdup(".");
        int errors = dir ? script_findings(shown, text, len, dir,
                                           cfg_path ? &cfg : NULL, lex) : -1;
        loa_item_opts io;

        rc = CLI_OK;
        if (errors != 0) {
            rc = errors < 0 ? cli_fail(NULL, LOA_ERR_NOMEM, NULL) : CLI_USAGE;
        } else if (jingles || po.out_rate || po.bitrate_kbps) {
            rc = cli_usage_error("speak", "%s is a bulletin script: it is spoken as its item "
                                          "airs, without jingles and at the profile's rate and "
                                          "bitrate — leave out --intro, --outro, --chime, "
                                          "--urgent, --crossfade, -R and -b, or give --plain",
                                 shown);
        } else if ((err = loa_bulletin_parse(&bul, text, len, dir, &diag)) != LOA_OK) {
            rc = cli_fail_input(shown, err, &diag);
        } else {
            memset(&io, 0, sizeof io);
            io.lexicon = lex;
            io.voice = so;
            io.profile = prod.profile;
            io.bed = prod.bed;
            io.title = po.title ? po.title : bul.title;
            io.artist = po.artist;
            io.album = po.album;
            io.year = po.year;
            if ((err = loa_speak_bulletin(&bul, &io, out, &st, &diag)) != LOA_OK)
                rc = cli_fail(err == LOA_ERR_TEXT || err == LOA_ERR_INVALID ? shown : NULL, err,
                              &diag);
        }
        free(dir);
    } else if ((err = loa_synth_open(&synth, &so, &diag)) != LOA_OK) {
        rc = cli_fail(NULL, err, &diag);
    } else {
        err = loa_speak(synth, text, len, out, &po, &st, &diag);
        loa_synth_free(synth);
        rc = err != LOA_OK ? cli_fail(err == LOA_ERR_TEXT ? shown : NULL, err, &diag) : CLI_OK;
    }
    loa_bulletin_clear(&bul);
    loa_text_lexicon_free(lex);
    loa_config_clear(&cfg);
    free(text);
    if (rc != CLI_OK)
        return rc;
    if (verbose) {
        fflush(stdout);
        cli_print(stderr, "%s: %.2f s (speech %.2f s), %.1f LUFS integrated, %.1f dBTP true "
                          "peak, %.1f LU loudness range (profile %s, %d Hz, gain %+.1f dB, "
                          "limiter %.1f dB, %d passes: 1 measuring, %d encoding; %d of %d "
                          "chunks encoded again)\n",
                  out, st.seconds, st.speech_seconds, st.program.integrated_lufs,
                  st.program.true_peak_dbtp, st.program.lra_lu,
                  (prod.profile ? prod.profile : loa_profile_find(NULL))->name, st.program.rate,
                  st.program.gain_db, st.program.limiter_db, st.program.passes,
                  st.program.encodes, st.program.chunks_reencoded, st.program.chunks);
    }
    return CLI_OK;
}
