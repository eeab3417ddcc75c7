/* loa speak: one text to one broadcast-ready audio file. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/file.h"
#include "loa/profile.h"
#include "loa/program.h"
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
            "Options:\n"
            "  -o, --output FILE     where to write (.mp3 or .wav); required\n"
            "  -d, --dialect D       north (default), central or south\n"
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
        {"crossfade", required_argument, NULL, 9},
        {NULL, 0, NULL, 0}};
    loa_synth_opts so = {LOA_DIALECT_NORTH, 150, 50, NULL};
    loa_speak_opts po = {.paragraph_ms = -1};
    loa_production prod = {0};
    loa_speak_stats st;
    loa_diag diag;
    loa_synth *synth = NULL;
    loa_lexicon *lex = NULL;
    const char *out = NULL, *in, *data_dir = NULL;
    char *datadir = NULL;
    char *text = NULL;
    size_t len;
    int c, verbose = 0, xf, rate, kbps;
    loa_err err;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:d:r:p:R:b:t:a:P:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'd':
            if (loa_dialect_parse(optarg, &so.dialect) != LOA_OK)
                return cli_usage_error("speak", "unknown dialect '%s' — use north, central or "
                                                "south", optarg);
            break;
        case 'r':
            if (cli_int(optarg, 80, 450, &so.rate_wpm))
                return cli_usage_error("speak", "rate '%s' must be 80..450 words per minute",
                                       optarg);
            break;
        case 'p':
            if (cli_int(optarg, 0, 99, &so.pitch))
                return cli_usage_error("speak", "pitch '%s' must be 0..99", optarg);
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
            break;
        case 4: prod.intro = optarg; break;
        case 5: prod.outro = optarg; break;
        case 6: prod.chime = optarg; break;
        case 7: po.urgent = 1; break;
        case 8: prod.bed = optarg; break;
        case 9:
            if (cli_int(optarg, 0, 5000, &xf))
                return cli_usage_error("speak", "crossfade '%s' must be 0..5000 ms", optarg);
            prod.crossfade_ms = xf ? xf : -1;
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
    in = argv[optind];
    if (po.urgent && prod.chime == NULL)
        return cli_usage_error("speak", "--urgent needs --chime FILE (the attention chime)");
    po.production = &prod;
    rate = po.out_rate ? po.out_rate : (prod.profile ? prod.profile : loa_profile_find(NULL))->rate;
    kbps = po.bitrate_kbps ? po.bitrate_kbps
                           : (prod.profile ? prod.profile : loa_profile_find(NULL))->bitrate_kbps;
    if (!loa_mp3_bitrate_ok(rate, kbps))
        return cli_usage_error("speak", "%d kbps is not an MP3 bitrate at %d Hz (e.g. 64 at "
                                        "44100, 48 at 22050)", kbps, rate);
    loa_diag_clear(&diag);
    if ((err = loa_file_data_dir(data_dir, &datadir, &diag)) != LOA_OK)
        return cli_fail(NULL, err, &diag);
    err = loa_text_lexicon_open(&lex, datadir, &diag);
    free(datadir);
    if (err != LOA_OK)
        return cli_fail(NULL, err, &diag);
    po.lexicon = lex;
    po.dialect = so.dialect;
    /* Input problems are the user's to fix: exit 2, like a usage error. */
    if ((err = loa_file_read(in, &text, &len, &diag)) != LOA_OK) {
        loa_text_lexicon_free(lex);
        return cli_fail_input(strcmp(in, "-") ? in : "<stdin>", err, &diag);
    }
    if ((err = loa_text_check_utf8(text, len, &diag)) != LOA_OK) {
        free(text);
        loa_text_lexicon_free(lex);
        return cli_fail_input(strcmp(in, "-") ? in : "<stdin>", err, &diag);
    }
    if ((err = loa_synth_open(&synth, &so, &diag)) != LOA_OK) {
        free(text);
        loa_text_lexicon_free(lex);
        return cli_fail(NULL, err, &diag);
    }
    err = loa_speak(synth, text, len, out, &po, &st, &diag);
    loa_synth_free(synth);
    loa_text_lexicon_free(lex);
    free(text);
    if (err != LOA_OK)
        return cli_fail(err == LOA_ERR_TEXT ? in : NULL, err, &diag);
    if (verbose)
        fprintf(stderr, "%s: %.2f s (speech %.2f s), %.1f LUFS integrated, %.1f dBTP true peak, "
                        "%.1f LU loudness range (profile %s, %d Hz, gain %+.1f dB, limiter "
                        "%.1f dB, %d passes: 1 measuring, %d encoding; %d of %d chunks "
                        "encoded again)\n",
                out, st.seconds, st.speech_seconds, st.program.integrated_lufs,
                st.program.true_peak_dbtp, st.program.lra_lu,
                (prod.profile ? prod.profile : loa_profile_find(NULL))->name, st.program.rate,
                st.program.gain_db, st.program.limiter_db, st.program.passes,
                st.program.encodes, st.program.chunks_reencoded, st.program.chunks);
    return CLI_OK;
}
