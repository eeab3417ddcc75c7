/* Program assembly, measured on the rendered output: crossfade joins and
 * duration, bed ducking, speech high-pass, loudness for every profile
 * (checked by ffmpeg's ebur128 filter), silence and bad jingles. Fixtures
 * are generated here: tones and noise at several rates and channel counts,
 * and MP3 jingles encoded with LAME. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loa/audio.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/profile.h"
#include "loa/program.h"
#include "test.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static char dir[64];

static const char *path_of(const char *name)
{
    static char buf[64][160];
    static int k;

    k = (k + 1) % 64;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

enum { TONE, NOISE, SYLLABLES, SILENCE };

/* Write NAME: SECS of a signal at RATE Hz with CHANNELS channels, 15 ms
 * fades at both ends unless ABRUPT, as WAV (16-bit) or MP3 (by name). */
static void make(const char *name, int kind, double freq, double amp, int rate, int channels,
                 double secs, int abrupt)
{
    loa_audio a;
    size_t n = (size_t)(secs * rate), i, fade = (size_t)(0.015 * rate);
    unsigned seed = 12345;
    int c;
    const char *p = path_of(name);

    loa_audio_init(&a, rate, channels);
    if (loa_audio_append_silence(&a, n) != LOA_OK)
        exit(1);
    for (i = 0; i < n; i++) {
        double t = (double)i / rate, v;

        switch (kind) {
        case TONE: /* abrupt ones start and end at full amplitude */
            v = amp * (abrupt ? cos(2 * M_PI * freq * t) : sin(2 * M_PI * freq * t));
            break;
        case NOISE: v = amp * (((double)(lcg(&seed) % 20001) - 10000.0) / 10000.0); break;
        case SYLLABLES: /* 4 syllables a second: noise + voiced tone, gated */
            v = amp * (0.5 * sin(2 * M_PI * freq * t) +
                       0.3 * (((double)(lcg(&seed) % 20001) - 10000.0) / 10000.0)) *
                pow(sin(M_PI * fmod(t * 4.0, 1.0)), 2) * (fmod(t, 3.0) < 2.6);
            break;
        default: v = 0;
        }
        if (!abrupt && i < fade)
            v *= (double)i / fade;
        if (!abrupt && n - i <= fade)
            v *= (double)(n - i - 1) / fade;
        for (c = 0; c < channels; c++)
            a.data[i * (size_t)channels + (size_t)c] = (float)(v * (c ? 0.9 : 1.0));
    }
    if (strstr(name, ".mp3") != NULL) {
        loa_mp3 *enc;

        if (channels != 1 || loa_mp3_open(&enc, p, rate, NULL, NULL) != LOA_OK ||
            loa_mp3_write(enc, a.data, a.frames, NULL) != LOA_OK ||
            loa_mp3_finish(enc, NULL) != LOA_OK)
            exit(1);
        loa_mp3_free(enc);
    } else if (loa_audio_save_wav(&a, p, NULL) != LOA_OK) {
        exit(1);
    }
    loa_audio_clear(&a);
}

static size_t frames_at(const char *name, int rate)
{
    loa_audio a;
    size_t n;

    loa_audio_init(&a, rate, 1);
    if (loa_audio_load(&a, path_of(name), rate, NULL) != LOA_OK)
        return 0;
    n = a.frames;
    loa_audio_clear(&a);
    return n;
}

/* Power (dB) at F Hz over X[A..B), Goertzel. */
static double goertzel_db(const loa_audio *x, double f, double a, double b)
{
    size_t i0 = (size_t)(a * x->rate), i1 = (size_t)(b * x->rate), i;
    double w = 2 * M_PI * f / x->rate, c = 2 * cos(w), s1 = 0, s2 = 0, p;

    for (i = i0; i < i1 && i < x->frames; i++) {
        double s0 = x->data[i] + c * s1 - s2;

        s2 = s1;
        s1 = s0;
    }
    p = s1 * s1 + s2 * s2 - c * s1 * s2;
    return 10 * log10(p / ((double)(i1 - i0) * (i1 - i0)) + 1e-30);
}

/* Mean power (dB) over F0..F1 Hz in steps of STEP. */
static double band_db(const loa_audio *x, double f0, double f1, double step, double a, double b)
{
    double sum = 0, f;
    int k = 0;

    for (f = f0; f <= f1; f += step, k++)
        sum += pow(10, goertzel_db(x, f, a, b) / 10);
    return 10 * log10(sum / k);
}

/* Integrated loudness and true peak of FILE as ffmpeg's ebur128 reads them. */
static int ffmpeg_r128(const char *file, double *lufs, double *tp)
{
    char cmd[512], line[256];
    FILE *fp;
    int got = 0;

    snprintf(cmd, sizeof cmd, "ffmpeg -hide_banner -nostats -i '%s' -af ebur128=peak=true "
                              "-f null - 2>&1", file);
    if ((fp = popen(cmd, "r")) == NULL)
        return -1;
    while (fgets(line, sizeof line, fp) != NULL) {
        char *p;

        /* The summary comes last; later matches overwrite the running lines. */
        if ((p = strstr(line, "I:")) != NULL && strstr(line, "LUFS") && !strstr(line, "M:") &&
            sscanf(p + 2, "%lf", lufs) == 1)
            got |= 1;
        if ((p = strstr(line, "Peak:")) != NULL && sscanf(p + 5, "%lf", tp) == 1)
            got |= 2;
    }
    pclose(fp);
    return got == 3 ? 0 : -1;
}

static int load_out(loa_audio *a, const char *name, int rate)
{
    loa_audio_init(a, rate, 1);
    return loa_audio_load(a, path_of(name), rate, NULL) == LOA_OK ? 0 : -1;
}

static void test_joins(int crossfade_ms)
{
    loa_program_item items[2] = {{NULL, 0}, {NULL, 1}};
    loa_program_spec sp;
    loa_program_report rep;
    loa_diag diag;
    loa_audio out;
    size_t expect, xf = crossfade_ms > 0 ? (size_t)crossfade_ms * 44100 / 1000 : 0, i;
    double maxstep = 0, peak = 0;

    /* Jingles that end abruptly at full level: only the crossfade saves the join. */
    make("intro.wav", TONE, 440, 0.5, 48000, 2, 1.5, 1);
    make("chime.wav", TONE, 880, 0.5, 32000, 1, 0.5, 1);
    make("outro.mp3", TONE, 660, 0.5, 44100, 1, 1.0, 0);
    make("item1.wav", TONE, 1000, 0.3, 22050, 1, 2.0, 0);
    make("item2.wav", TONE, 700, 0.3, 16000, 2, 1.5, 0);
    items[0].path = path_of("item1.wav");
    items[1].path = path_of("item2.wav");
    memset(&sp, 0, sizeof sp);
    sp.prod.intro = path_of("intro.wav");
    sp.prod.chime = path_of("chime.wav");
    sp.prod.outro = path_of("outro.mp3");
    sp.prod.crossfade_ms = crossfade_ms;
    sp.prod.gap_ms = 800;
    sp.items = items;
    sp.n_items = 2;
    loa_diag_clear(&diag);
    CHECK(loa_program_render(&sp, path_of("joins.wav"), &rep, &diag) == LOA_OK);
    if (diag.msg[0])
        fprintf(stderr, "diag: %s\n", diag.msg);
    /* intro x item1, gap, chime x item2 x outro: three overlaps. */
    expect = frames_at("intro.wav", 44100) + frames_at("item1.wav", 44100) +
             (size_t)(0.8 * 44100) + frames_at("chime.wav", 44100) +
             frames_at("item2.wav", 44100) + frames_at("outro.mp3", 44100) - 3 * xf;
    CHECK(rep.overlap_frames == 3 * xf);
    CHECK(rep.frames == expect);
    CHECK(load_out(&out, "joins.wav", 44100) == 0);
    CHECK(out.frames == expect);
    for (i = 1; i < out.frames; i++) {
        double s = fabs(out.data[i] - out.data[i - 1]);

        if (s > maxstep)
            maxstep = s;
        if (fabs(out.data[i]) > peak)
            peak = fabs(out.data[i]);
    }
    /* The steepest content is the 880 Hz chime: a sine's largest step is
     * peak * 2 pi f / rate (0.125 peak). A butt join of these jingles
     * would step by up to twice the peak. */
    CHECK(peak > 0.1);
    CHECK(maxstep < peak * 2 * M_PI * 880 / 44100 * 1.3);
    CHECK(fabs(out.data[0]) < peak * 0.01 && fabs(out.data[out.frames - 1]) < peak * 0.01);
    /* Timeline (300 ms crossfades): intro 0-1.5 s, item1 1.2-3.2 s, pause
     * 3.2-4.0 s, chime 4.0-4.5 s, item2 (urgent) 4.2-5.7 s, outro 5.4-6.4 s.
     * The chime sounds right before the urgent item, not in the pause. */
    if (crossfade_ms == 300) {
        CHECK(goertzel_db(&out, 880, 4.02, 4.18) > goertzel_db(&out, 880, 3.3, 3.9) + 30);
        CHECK(goertzel_db(&out, 880, 4.02, 4.18) > goertzel_db(&out, 880, 1.6, 3.0) + 30);
        CHECK(goertzel_db(&out, 440, 0.2, 1.0) > goertzel_db(&out, 440, 1.6, 3.0) + 30);
        CHECK(goertzel_db(&out, 660, 5.8, 6.3) > goertzel_db(&out, 660, 4.3, 5.2) + 30);
    }
    fprintf(stderr, "joins (%d ms): %zu frames, max step %.4f of peak %.3f\n", crossfade_ms,
            out.frames, maxstep, peak);
    loa_audio_clear(&out);
}

static void test_bed(void)
{
    loa_program_item items[2] = {{NULL, 0}, {NULL, 0}};
    loa_program_spec sp;
    loa_program_report rep;
    loa_audio out;
    double open_lead, open_gap, under1, under2, before;

    make("speech1.wav", TONE, 1000, 0.3, 22050, 1, 3.0, 0);
    make("bed.wav", TONE, 200, 0.4, 48000, 2, 5.0, 0); /* shorter than the program: loops */
    items[0].path = items[1].path = path_of("speech1.wav");
    memset(&sp, 0, sizeof sp);
    sp.prod.bed = path_of("bed.wav");
    sp.prod.gap_ms = 4000; /* longer than the hold: the bed comes up between */
    sp.items = items;
    sp.n_items = 2;
    CHECK(loa_program_render(&sp, path_of("bed_out.wav"), &rep, NULL) == LOA_OK);
    CHECK(load_out(&out, "bed_out.wav", 44100) == 0);
    /* Timeline: lead 2 s (bed alone), speech 2-5 s, gap 5-9 s, speech 9-12 s, tail 2 s. */
    CHECK(fabs(rep.seconds - 14.0) < 0.01);
    open_lead = goertzel_db(&out, 200, 1.05, 1.55);
    open_gap = goertzel_db(&out, 200, 6.0, 8.5);
    under1 = goertzel_db(&out, 200, 2.5, 4.5);
    under2 = goertzel_db(&out, 200, 9.5, 11.5);
    before = goertzel_db(&out, 200, 1.88, 1.98); /* just before the first speech sample */
    fprintf(stderr, "bed: open %.1f / %.1f dB, under speech %.1f / %.1f dB, before %.1f dB\n",
            open_lead, open_gap, under1, under2, before);
    CHECK(open_lead > -60 && fabs(open_lead - open_gap) < 1.0);
    CHECK(under1 <= open_lead - 15.0);
    CHECK(under2 <= open_gap - 15.0);
    CHECK(before <= open_lead - 3.0); /* the ramp began before speech did */
    CHECK(goertzel_db(&out, 1000, 2.5, 4.5) > under1 + 20); /* speech on top */
    loa_audio_clear(&out);

    /* A pause shorter than the hold (1.5 s) keeps the bed down throughout. */
    sp.prod.gap_ms = 1000;
    CHECK(loa_program_render(&sp, path_of("bed_hold.wav"), &rep, NULL) == LOA_OK);
    CHECK(load_out(&out, "bed_hold.wav", 44100) == 0);
    /* lead 2 s, speech 2-5 s, pause 5-6 s, speech 6-9 s */
    fprintf(stderr, "bed in a short pause: %.1f dB (open %.1f dB)\n",
            goertzel_db(&out, 200, 5.1, 5.9), goertzel_db(&out, 200, 1.05, 1.55));
    CHECK(goertzel_db(&out, 200, 5.1, 5.9) <= goertzel_db(&out, 200, 1.05, 1.55) - 15.0);
    loa_audio_clear(&out);
}

static void test_highpass(void)
{
    loa_program_item it = {NULL, 0};
    loa_program_spec sp;
    loa_audio in, out;
    double in_ratio, out_ratio;

    make("noise.wav", NOISE, 0, 0.3, 44100, 1, 3.0, 0);
    it.path = path_of("noise.wav");
    memset(&sp, 0, sizeof sp);
    sp.prod.profile = loa_profile_find("horn"); /* high-pass at 250 Hz */
    sp.items = &it;
    sp.n_items = 1;
    sp.eq_items = 1;
    CHECK(loa_program_render(&sp, path_of("hp.wav"), NULL, NULL) == LOA_OK);
    CHECK(load_out(&in, "noise.wav", 44100) == 0 && load_out(&out, "hp.wav", 44100) == 0);
    in_ratio = band_db(&in, 30, 90, 1, 0.5, 2.5) - band_db(&in, 1000, 2000, 17, 0.5, 2.5);
    out_ratio = band_db(&out, 30, 90, 1, 0.5, 2.5) - band_db(&out, 1000, 2000, 17, 0.5, 2.5);
    fprintf(stderr, "high-pass: below-corner vs 1-2 kHz: %.1f dB in, %.1f dB out\n", in_ratio,
            out_ratio);
    CHECK(fabs(in_ratio) < 3.0);
    CHECK(out_ratio < in_ratio - 30.0);
    loa_audio_clear(&in);
    loa_audio_clear(&out);
}

static void test_profiles(void)
{
    static const char *names[] = {"default", "broadcast", "horn", "lowband"};
    loa_program_item items[3] = {{NULL, 0}, {NULL, 1}, {NULL, 0}};
    loa_program_spec sp;
    loa_program_report rep;
    loa_diag diag;
    size_t k;

    make("p_intro.wav", TONE, 523, 0.8, 48000, 2, 2.0, 0);
    make("p_chime.mp3", TONE, 1046, 0.9, 22050, 1, 0.6, 0);
    make("p_outro.mp3", NOISE, 0, 0.2, 44100, 1, 1.5, 0);
    make("p_item1.wav", SYLLABLES, 180, 0.5, 22050, 1, 6.0, 0);
    make("p_item2.wav", SYLLABLES, 140, 0.05, 44100, 2, 5.0, 0); /* 20 dB quieter */
    make("p_bed.wav", NOISE, 0, 0.1, 32000, 2, 4.0, 0);
    items[0].path = path_of("p_item1.wav");
    items[1].path = path_of("p_item2.wav");
    items[2].path = path_of("p_item1.wav");
    for (k = 0; k < 4; k++) {
        const loa_profile *p = loa_profile_find(names[k]);
        char name[64];
        double lufs = 0, tp = 0;

        memset(&sp, 0, sizeof sp);
        sp.prod.profile = p;
        sp.prod.intro = path_of("p_intro.wav");
        sp.prod.chime = path_of("p_chime.mp3");
        sp.prod.outro = path_of("p_outro.mp3");
        sp.prod.bed = k % 2 ? path_of("p_bed.wav") : NULL;
        sp.items = items;
        sp.n_items = 3;
        sp.eq_items = 1;
        sp.title = "Dịch vụ công trực tuyến";
        snprintf(name, sizeof name, "prof_%s.mp3", names[k]);
        loa_diag_clear(&diag);
        CHECK(loa_program_render(&sp, path_of(name), &rep, &diag) == LOA_OK);
        if (diag.msg[0])
            fprintf(stderr, "diag: %s\n", diag.msg);
        CHECK(ffmpeg_r128(path_of(name), &lufs, &tp) == 0);
        fprintf(stderr, "%s: ours %.2f LUFS %.2f dBTP LRA %.1f (%d passes, limiter %.1f dB); "
                        "ffmpeg %.1f LUFS %.1f dBTP\n",
                names[k], rep.integrated_lufs, rep.true_peak_dbtp, rep.lra_lu, rep.passes,
                rep.limiter_db, lufs, tp);
        CHECK(fabs(lufs - p->target_lufs) <= 0.5);
        CHECK(tp <= p->ceiling_dbtp + 0.2);
        CHECK(fabs(rep.integrated_lufs - p->target_lufs) <= 0.3);
        CHECK(rep.true_peak_dbtp <= p->ceiling_dbtp);
        CHECK(rep.rate == p->rate);
    }
    /* Items alone, all at 22.05 kHz and no bed: the program is mixed,
     * limited and metered at 22.05 kHz and resampled on the way to the
     * encoder. Same loudness and peak promises, the file at the profile's
     * rate and as long as the parts. */
    for (k = 0; k < 4; k++) {
        const loa_profile *p = loa_profile_find(names[k]);
        loa_program_item two[2] = {{NULL, 0}, {NULL, 0}};
        char name[64];
        double lufs = 0, tp = 0, want;

        two[0].path = two[1].path = path_of("p_item1.wav");
        memset(&sp, 0, sizeof sp);
        sp.prod.profile = p;
        sp.items = two;
        sp.n_items = 2;
        sp.eq_items = 1;
        sp.mp3_threads = 1;
        snprintf(name, sizeof name, "slow_%s.mp3", names[k]);
        loa_diag_clear(&diag);
        CHECK(loa_program_render(&sp, path_of(name), &rep, &diag) == LOA_OK);
        CHECK(ffmpeg_r128(path_of(name), &lufs, &tp) == 0);
        fprintf(stderr, "%s, 22.05 kHz items: ours %.2f LUFS %.2f dBTP (%d passes); ffmpeg %.1f "
                        "LUFS %.1f dBTP; %.3f s\n",
                names[k], rep.integrated_lufs, rep.true_peak_dbtp, rep.passes, lufs, tp,
                rep.seconds);
        CHECK(fabs(lufs - p->target_lufs) <= 0.5);
        CHECK(tp <= p->ceiling_dbtp + 0.2);
        CHECK(fabs(rep.integrated_lufs - p->target_lufs) <= 0.3);
        CHECK(rep.true_peak_dbtp <= p->ceiling_dbtp);
        CHECK(rep.rate == p->rate);
        want = 2.0 * 6.0 + 1.0; /* two 6 s items, the default 1 s gap */
        CHECK(fabs(rep.seconds - want) < 0.002);
    }
}

static void test_errors(void)
{
    loa_program_item it = {NULL, 0};
    loa_program_spec sp;
    loa_diag diag;
    FILE *fp;

    make("quiet.wav", NOISE, 0, 0.0001, 44100, 1, 3.0, 0); /* about -80 dBFS */
    make("ok.wav", TONE, 440, 0.3, 44100, 1, 1.0, 0);
    memset(&sp, 0, sizeof sp);
    it.path = path_of("quiet.wav");
    sp.items = &it;
    sp.n_items = 1;
    loa_diag_clear(&diag);
    CHECK(loa_program_render(&sp, path_of("silent.mp3"), NULL, &diag) == LOA_ERR_SILENT);
    CHECK(strstr(diag.msg, "silent") != NULL);
    CHECK(access(path_of("silent.mp3"), F_OK) != 0);

    /* Missing, corrupt, unsupported jingles: the error names the file. */
    it.path = path_of("ok.wav");
    sp.prod.intro = path_of("missing.wav");
    loa_diag_clear(&diag);
    CHECK(loa_program_render(&sp, path_of("bad.mp3"), NULL, &diag) == LOA_ERR_IO);
    CHECK(strstr(diag.msg, "missing.wav") != NULL && strstr(diag.msg, "intro") != NULL);
    if ((fp = fopen(path_of("corrupt.wav"), "wb")) != NULL) {
        fputs("RIFF\x24\x10\0\0WAVEfmt garbage garbage garbage", fp);
        fclose(fp);
    }
    sp.prod.intro = NULL;
    sp.prod.outro = path_of("corrupt.wav");
    loa_diag_clear(&diag);
    CHECK(loa_program_render(&sp, path_of("bad.mp3"), NULL, &diag) == LOA_ERR_AUDIO);
    CHECK(strstr(diag.msg, "corrupt.wav") != NULL && strstr(diag.msg, "outro") != NULL);
    if ((fp = fopen(path_of("notes.txt"), "wb")) != NULL) {
        fputs("Kính thưa bà con! This is not audio.\n", fp);
        fclose(fp);
    }
    sp.prod.outro = NULL;
    sp.prod.bed = path_of("notes.txt");
    loa_diag_clear(&diag);
    CHECK(loa_program_render(&sp, path_of("bad.mp3"), NULL, &diag) == LOA_ERR_AUDIO);
    CHECK(strstr(diag.msg, "notes.txt") != NULL && strstr(diag.msg, "bed") != NULL);
    CHECK(access(path_of("bad.mp3"), F_OK) != 0);
    fprintf(stderr, "error: %s\n", diag.msg);
}

int main(void)
{
    char cmd[128];

    snprintf(dir, sizeof dir, "/tmp/loa-test-program-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return 1;
    test_joins(300);
    test_joins(-1); /* butt joins: the jingles' own edges are de-clicked */
    test_bed();
    test_highpass();
    test_errors();
    if (system("ffmpeg -version >/dev/null 2>&1") == 0)
        test_profiles();
    else
        fprintf(stderr, "ffmpeg not found: profile loudness not checked\n");
    if (test_failures == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    } else {
        fprintf(stderr, "fixtures kept in %s\n", dir);
    }
    return test_done("test_program");
}
