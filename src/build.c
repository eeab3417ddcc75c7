/* The weekly build: read everything, render what the cache lacks in worker
 * processes, plan, publish atomically. See include/loa/build.h for the steps.
 *
 * Rendering makes two kinds of cached artefacts, both named by the SHA-256
 * of everything that determines their bytes:
 *   speech/<key>.wav   a bulletin's raw speech in one voice (shared by every
 *                      station and profile hearing that voice);
 *   seg/<key>.mp3      an encoded piece of programs: an item (a bulletin's
 *                      speech or a recording in a station's production:
 *                      profile, EQ, bed), a jingle, or a silent gap, each
 *                      loudness-normalized and true-peak limited on its own.
 * A slot's program is not rendered at all: it is its pieces' MP3 frames
 * joined (loa_mp3_join), intro -> [chime -> urgent items] -> items with gaps
 * -> outro, under the slot's own ID3 tag. Every piece is at the profile's
 * loudness, so the whole is too, and each item, jingle and gap is encoded
 * once for the whole district however many slots air it. Pieces meet in
 * silence (a jingle's declicked edge, speech's own pauses, LAME's padding),
 * so the joins are inaudible; jingles are therefore not crossfaded into
 * speech here, and a station's music bed plays under each item on its own
 * (fading in before the speech and out after it) rather than across the
 * whole program.
 * Each artefact has a "<key>.meta" beside it holding the measured duration,
 * loudness and true peak, written after the audio; an entry counts only
 * when both exist, and both are written by rename, so a killed build never
 * leaves a half entry that a later build would trust. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "loa/build.h"
#include "loa/config.h"
#include "loa/estimate.h"
#include "loa/item.h"
#include "loa/program.h"
#include "loa/publish.h"
#include "loa/sched.h"
#include "loa/script.h"

/* Bump when rendering changes in a way that alters output bytes. */
/* 2: speech from a fresh espeak-ng; 3: untagged programs; 4: programs joined from pieces */
#define BUILD_CACHE_VERSION "loa-cache-4 " LOA_VERSION
/* The shape of the published files: a change here publishes unchanged weeks again. */
#define PUBLISH_FORMAT "loa-publish-2"
#define PARAGRAPH_MS 600
#define RENDER_TIMEOUT_S 900
/* With a music bed, each item has the bed alone this long before its
 * speech (fading in) and after it (fading out); the two stand for the
 * silent gap between items. */
#define BED_EDGE_MS 1500
/* A jingle shorter than this gets silence after it up to this length, so
 * that its loudness can be measured (BS.1770 gates 400 ms blocks). */
#define JINGLE_MIN_MS 500
/* A piece's share of a joined program beyond its own audio: the silence
 * LAME adds at its ends, 1152 to 2303 samples (26-52 ms at 44.1 kHz, up to
 * 78 ms at 22.05 kHz with 576-sample frames). Planning counts this much. */
#define PIECE_SLACK_S 0.08

struct bulletin {
    loa_bulletin b;
    char *id;
    char *path;
};

/* One bulletin's speech in one voice. */
struct unit {
    size_t bulletin;
    int dialect;
    loa_speech_part *parts;
    size_t n_parts;
    char *texts;          /* the parts' words, NUL-separated */
    char key[65];
    char *wav;
    double seconds;
    int cached;
};

/* One encoded piece of programs (see the top of this file). */
enum { PIECE_ITEM, PIECE_JINGLE, PIECE_GAP };

struct piece {
    int kind;
    const loa_profile *profile;
    const char *audio;    /* ITEM, JINGLE: the source (speech WAV, recording, jingle file) */
    const char *bed;      /* ITEM: the station's music bed, or NULL */
    const char *role;     /* JINGLE: "intro", "outro", "chime" */
    long clip;            /* ITEM, JINGLE: a plan clip it renders (for messages); -1 */
    size_t gap;           /* GAP: samples of silence */
    char key[65];
    char *mp3;
    double seconds, lufs, tp; /* measured on the piece alone */
    int cached;
};

enum { JOB_SPEECH, JOB_PIECE };

struct job {
    int kind;
    size_t idx;
    double cost;          /* for the order: seconds of audio it makes */
};

/* A file's SHA-256, hashed once per build: every slot program's key covers
 * the station's jingles and bed, and hashing them again for each of the
 * week's slots was most of the time an unchanged rebuild took. */
struct file_hash {
    char *path;
    char hex[65];
};

struct build {
    const loa_build_opts *opts;
    loa_build_result *res;
    loa_config cfg;
    loa_lexicon *lex;
    struct bulletin *bs;   /* the week's scripts, then the standing bulletin last */
    size_t n_bs;
    int has_standing;
    struct unit *units;
    size_t n_units;
    struct piece *pieces;
    size_t n_pieces;
    long *seq;             /* every slot's pieces in play order, one after another */
    size_t *seq_at;        /* slot i's are seq[seq_at[i] .. seq_at[i + 1]) */
    size_t n_seq, seq_cap;
    long *item_piece;      /* (station, clip) → its item piece, n_stations * n_clips */
    struct job *jobs;
    size_t n_jobs, jobs_done;
    long failed_job;       /* first job that failed, -1 if none */
    char *cache;
    struct file_hash *hashes;
    size_t n_hashes;
};

/* ---- small helpers ---- */

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = malloc(n);

    if (p != NULL)
        snprintf(p, n, "%s/%s", a, b);
    return p;
}

static loa_err mkdirs(const char *path, loa_diag *diag)
{
    char buf[4096];
    size_t i, n = strlen(path);

    if (n >= sizeof buf) {
        loai_diag_set(diag, "path too long: %s", path);
        return LOA_ERR_IO;
    }
    memcpy(buf, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];

            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                loai_diag_set(diag, "cannot create directory %s: %s", buf, strerror(errno));
                return LOA_ERR_IO;
            }
            buf[i] = c;
        }
    }
    return LOA_OK;
}

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

static void hash_str(loai_sha256 *h, const char *tag, const char *s)
{
    loai_sha256_update(h, tag, strlen(tag));
    loai_sha256_update(h, "=", 1);
    if (s != NULL)
        loai_sha256_update(h, s, strlen(s) + 1);
    else
        loai_sha256_update(h, "", 1);
}

static void hash_num(loai_sha256 *h, const char *tag, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, "%.6f", v);
    hash_str(h, tag, buf);
}

/* PATH's SHA-256 into HEX, from the build's memo when it was hashed before. */
static loa_err file_hex(struct build *B, const char *path, char hex[65], loa_diag *diag)
{
    struct file_hash *fh;
    size_t i;
    loa_err err;

    for (i = 0; i < B->n_hashes; i++)
        if (strcmp(B->hashes[i].path, path) == 0) {
            memcpy(hex, B->hashes[i].hex, 65);
            return LOA_OK;
        }
    if ((err = loai_sha256_file(path, hex, NULL, diag)) != LOA_OK)
        return err;
    if ((fh = realloc(B->hashes, (B->n_hashes + 1) * sizeof *fh)) == NULL)
        return LOA_ERR_NOMEM;
    B->hashes = fh;
    if ((fh[B->n_hashes].path = strdup(path)) == NULL)
        return LOA_ERR_NOMEM;
    memcpy(fh[B->n_hashes++].hex, hex, 65);
    return LOA_OK;
}

static loa_err hash_file(struct build *B, loai_sha256 *h, const char *tag, const char *path,
                         loa_diag *diag)
{
    char hex[65];
    loa_err err;

    if (path == NULL) {
        hash_str(h, tag, NULL);
        return LOA_OK;
    }
    if ((err = file_hex(B, path, hex, diag)) != LOA_OK)
        return err;
    hash_str(h, tag, hex);
    return LOA_OK;
}

/* Meta: "seconds lufs true_peak\n", C locale. */
static loa_err meta_write(const char *audio, double s, double lufs, double tp, loa_diag *diag)
{
    char path[4200], text[128];
    int n = snprintf(text, sizeof text, "%.6f %.3f %.3f\n", s, lufs, tp);

    snprintf(path, sizeof path, "%s.meta", audio);
    return loai_stage_write(path, text, (size_t)n, diag);
}

/* The meta "<base>.meta" alone: 1 if it is there and whole. */
static int meta_read_only(const char *base, double *s, double *lufs, double *tp)
{
    char path[4200];
    FILE *fp;
    int n;

    snprintf(path, sizeof path, "%s.meta", base);
    if ((fp = fopen(path, "r")) == NULL)
        return 0;
    n = fscanf(fp, "%lf %lf %lf", s, lufs, tp);
    fclose(fp);
    return n == 3;
}

/* A cache entry counts only with its audio (the meta is written last). */
static int meta_read(const char *audio, double *s, double *lufs, double *tp)
{
    return exists(audio) && meta_read_only(audio, s, lufs, tp);
}

/* Remove ".<name>.<pid>.tmp*" files left in DIR by builds that were killed. */
static void clean_debris(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp");
        const char *p;
        long pid;

        if (e->d_name[0] != '.' || t == NULL)
            continue;
        for (p = t - 1; p > e->d_name && *p >= '0' && *p <= '9'; p--)
            ;
        if (*p != '.' || (pid = strtol(p + 1, NULL, 10)) <= 0)
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char *path = join(dir, e->d_name);

            if (path != NULL)
                unlink(path);
            free(path);
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- step 1: inputs ---- */

static loa_err load_bulletin(struct build *B, const char *path, loa_diag *diag)
{
    struct bulletin *bs = realloc(B->bs, (B->n_bs + 1) * sizeof *bs), *nb;
    loa_err err;

    if (bs == NULL)
        return LOA_ERR_NOMEM;
    B->bs = bs;
    nb = &bs[B->n_bs];
    memset(nb, 0, sizeof *nb);
    if ((nb->path = strdup(path)) == NULL)
        return LOA_ERR_NOMEM;
    B->n_bs++;
    if ((err = loa_bulletin_load(&nb->b, path, diag)) != LOA_OK) {
        free(B->res->err_file);
        B->res->err_file = strdup(path);
        return err;
    }
    return loa_bulletin_id(path, &nb->id);
}

static loa_err load_scripts(struct build *B, loa_diag *diag)
{
    DIR *d = opendir(B->cfg.scripts_dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i, j;
    loa_err err = LOA_OK;

    if (d == NULL) {
        loai_diag_set(diag, "cannot open the scripts directory %s: %s — set 'scripts' in the "
                            "config", B->cfg.scripts_dir, strerror(errno));
        return LOA_ERR_CONFIG;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char **nn;

        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if ((nn = realloc(names, (n + 1) * sizeof *nn)) == NULL ||
            (nn[n] = join(B->cfg.scripts_dir, e->d_name)) == NULL) {
            names = nn ? nn : names;
            err = LOA_ERR_NOMEM;
            break;
        }
        names = nn;
        n++;
    }
    closedir(d);
    /* Sorted: the build must not depend on the directory's order. */
    if (err == LOA_OK)
        qsort(names, n, sizeof *names, cmp_str);
    for (i = 0; i < n && err == LOA_OK; i++) {
        /* The standing bulletin may live among the scripts: read it once. */
        if (B->cfg.standing != NULL && strcmp(names[i], B->cfg.standing) == 0)
            continue;
        err = load_bulletin(B, names[i], diag);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (err != LOA_OK)
        return err;
    for (i = 0; i < B->n_bs; i++)
        for (j = 0; j < i; j++)
            if (strcmp(B->bs[i].id, B->bs[j].id) == 0) {
                free(B->res->err_file);
                B->res->err_file = strdup(B->bs[i].path);
                loai_diag_at(diag, 1, 1, "two scripts have the id '%s' (%s) — rename one",
                             B->bs[i].id, B->bs[j].path);
                return LOA_ERR_TEXT;
            }
    if (B->cfg.standing != NULL) {
        if ((err = load_bulletin(B, B->cfg.standing, diag)) != LOA_OK)
            return err;
        B->has_standing = 1;
    }
    return LOA_OK;
}

/* ---- step 2: speech units ---- */

static int week_overlaps(const loa_bulletin *b, loa_date mon)
{
    loa_date sun = loa_date_add_days(mon, 6);

    return loa_date_cmp(b->from, sun) <= 0 && loa_date_cmp(b->to, mon) >= 0;
}

static int station_hears(const struct build *B, const loa_bulletin *b,
                         const loa_config_station *st)
{
    size_t i, j, k;

    if (b->all_stations)
        return 1;
    for (i = 0; i < b->n_targets; i++) {
        if (strcmp(b->targets[i], st->id) == 0)
            return 1;
        for (j = 0; j < B->cfg.n_groups; j++) {
            const loa_config_group *g = &B->cfg.groups[j];

            if (strcmp(g->id, b->targets[i]) != 0)
                continue;
            for (k = 0; k < g->n_stations; k++)
                if (strcmp(g->stations[k], st->id) == 0)
                    return 1;
        }
    }
    return 0;
}

static struct unit *find_unit(struct build *B, size_t bulletin, int dialect)
{
    size_t i;

    for (i = 0; i < B->n_units; i++)
        if (B->units[i].bulletin == bulletin && B->units[i].dialect == dialect)
            return &B->units[i];
    return NULL;
}

/* The spoken words of bulletin BI in DIALECT, as parts, and the cache key. */
static loa_err make_unit(struct build *B, size_t bi, int dialect, loa_diag *diag)
{
    const loa_bulletin *b = &B->bs[bi].b;
    loai_buf words = {0}, cur = {0};
    loa_speech_part *parts = NULL;
    size_t n = 0, i;
    struct unit *u, *units;
    loai_sha256 h;
    loa_err err = LOA_OK;
    char *p;
    /* Part list: text offsets into WORDS (-1 for pauses). */
    long *offs = calloc(b->n_segs * 2 + 2, sizeof *offs);
    int *pauses = calloc(b->n_segs * 2 + 2, sizeof *pauses);

    if (offs == NULL || pauses == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    for (i = 0; i <= b->n_segs && err == LOA_OK; i++) {
        const loa_segment *sg = i < b->n_segs ? &b->segs[i] : NULL;

        if (sg != NULL && (sg->kind == LOA_SEG_TEXT || sg->kind == LOA_SEG_VERBATIM)) {
            char *spoken = NULL;
            size_t slen = 0;

            if (sg->kind == LOA_SEG_TEXT) {
                err = loa_text_normalize(B->lex, (loa_dialect)dialect, sg->text,
                                         strlen(sg->text), &spoken, &slen, diag);
                if (err != LOA_OK) {
                    diag->line = sg->line;
                    diag->col = sg->col;
                    free(B->res->err_file);
                    B->res->err_file = strdup(B->bs[bi].path);
                    break;
                }
            }
            if (cur.len > 0)
                err = loai_buf_add(&cur, " ", 1);
            if (err == LOA_OK)
                err = sg->kind == LOA_SEG_TEXT ? loai_buf_add(&cur, spoken, slen)
                                               : loai_buf_puts(&cur, sg->text);
            free(spoken);
            continue;
        }
        /* A pause, a paragraph break or the end closes the words so far. */
        if (cur.len > 0) {
            offs[n] = (long)words.len;
            pauses[n++] = 0;
            if ((err = loai_buf_add(&words, cur.data, cur.len + 1)) != LOA_OK)
                break;
            cur.len = 0;
        }
        if (sg != NULL && (sg->kind == LOA_SEG_PAUSE || sg->kind == LOA_SEG_PARAGRAPH)) {
            offs[n] = -1;
            pauses[n++] = sg->kind == LOA_SEG_PAUSE ? sg->pause_ms : PARAGRAPH_MS;
        }
    }
    if (err != LOA_OK)
        goto out;
    /* Trailing paragraph pauses would only lengthen the item. */
    while (n > 0 && offs[n - 1] < 0)
        n--;
    if ((parts = calloc(n ? n : 1, sizeof *parts)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    loai_sha256_init(&h);
    hash_str(&h, "version", BUILD_CACHE_VERSION);
    hash_str(&h, "voice", loa_dialect_voice((loa_dialect)dialect));
    hash_num(&h, "rate", B->cfg.rate_wpm);
    hash_num(&h, "pitch", B->cfg.pitch);
    for (i = 0; i < n; i++) {
        if (offs[i] >= 0) {
            hash_str(&h, "say", words.data + offs[i]);
        } else {
            parts[i].text = NULL;
            parts[i].pause_ms = pauses[i];
            hash_num(&h, "pause", pauses[i]);
        }
    }
    if ((units = realloc(B->units, (B->n_units + 1) * sizeof *units)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    B->units = units;
    u = &units[B->n_units];
    memset(u, 0, sizeof *u);
    u->bulletin = bi;
    u->dialect = dialect;
    u->texts = words.data; /* the parts point into it: it never moves again */
    words.data = NULL;
    for (i = 0; i < n; i++)
        if (offs[i] >= 0)
            parts[i].text = u->texts + offs[i];
    u->parts = parts;
    parts = NULL;
    u->n_parts = n;
    loai_sha256_hex(&h, u->key);
    p = malloc(strlen(B->cache) + 100);
    if (p == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    sprintf(p, "%s/speech/%s.wav", B->cache, u->key);
    u->wav = p;
    B->n_units++;
    {
        double lufs, tp;

        u->cached = meta_read(u->wav, &u->seconds, &lufs, &tp);
    }
out:
    free(offs);
    free(pauses);
    free(parts);
    loai_buf_free(&words);
    loai_buf_free(&cur);
    return err;
}

static loa_err plan_units(struct build *B, loa_date mon, loa_diag *diag)
{
    size_t i, s;
    loa_err err;

    for (i = 0; i < B->n_bs; i++) {
        const loa_bulletin *b = &B->bs[i].b;
        int standing = B->has_standing && i == B->n_bs - 1;

        if (b->audio != NULL || (!standing && !week_overlaps(b, mon)))
            continue;
        for (s = 0; s < B->cfg.n_stations; s++) {
            const loa_config_station *st = &B->cfg.stations[s];
            int d = b->dialect >= 0 ? b->dialect : (int)st->dialect;

            if (!standing && !station_hears(B, b, st))
                continue;
            if (find_unit(B, i, d) == NULL && (err = make_unit(B, i, d, diag)) != LOA_OK)
                return err;
        }
    }
    return LOA_OK;
}

/* A unit's length before it is rendered: the words' estimate and the pauses. */
static double unit_estimate(const struct build *B, const struct unit *u)
{
    double s = 0;
    size_t k;

    for (k = 0; k < u->n_parts; k++)
        s += u->parts[k].text ? loa_estimate_seconds(u->parts[k].text, strlen(u->parts[k].text),
                                                     B->cfg.rate_wpm)
                              : u->parts[k].pause_ms / 1000.0;
    return s;
}

/* A bulletin far longer than every slot can never air: say so before
 * rendering it (a 10 MB script would keep the workers busy for days).
 * Twice the longest slot leaves borderline cases, and the estimate's error,
 * to the planner, which defers what does not fit. */
static loa_err check_lengths(struct build *B, loa_diag *diag)
{
    int longest = 0;
    size_t i, k;

    for (i = 0; i < B->cfg.n_stations; i++)
        for (k = 0; k < B->cfg.stations[i].n_slots; k++)
            if (B->cfg.stations[i].slots[k].length_s > longest)
                longest = B->cfg.stations[i].slots[k].length_s;
    for (i = 0; i < B->n_units; i++) {
        const struct unit *u = &B->units[i];
        const loa_bulletin *b = &B->bs[u->bulletin].b;
        double s = u->cached ? u->seconds : unit_estimate(B, u);

        if (s > 2.0 * longest) {
            free(B->res->err_file);
            B->res->err_file = strdup(B->bs[u->bulletin].path);
            loai_diag_at(diag, b->n_segs ? b->segs[0].line : 1, 1,
                         "this bulletin would run about %.0f minutes, far longer than the "
                         "longest slot (%d:%02d) — shorten it or split it into several "
                         "scripts", s / 60, longest / 60, longest % 60);
            return LOA_ERR_TEXT;
        }
    }
    return LOA_OK;
}

/* ---- step 3: plan ---- */

/* A station's audio profile, NULL if the name is unknown. */
static const loa_profile *station_profile(const struct build *B, const loa_config_station *st)
{
    return loa_profile_find(st && st->profile ? st->profile : B->cfg.profile);
}

/* Samples of silence to encode for a gap of GAP_S seconds between two
 * pieces at RATE: a piece of n samples takes ceil((n + 1152) / fs) frames
 * of fs samples, so n = F * fs - 1152 fills exactly F frames, F chosen
 * to come nearest GAP_S. 0: no gap piece (the join's own silence is near
 * enough). */
static size_t gap_samples(int rate, double gap_s)
{
    long fs = rate >= 32000 ? 1152 : 576;
    long f = lround(gap_s * rate / fs);

    return f * fs >= 1152 + fs ? (size_t)(f * fs - 1152) : 0;
}

static loa_err probe_seconds(const char *path, double *seconds, loa_diag *diag)
{
    loa_audio a;
    loa_err err;

    loa_audio_init(&a, 0, 1);
    if ((err = loa_audio_load(&a, path, 0, diag)) != LOA_OK)
        return err;
    *seconds = (double)a.frames / a.rate;
    loa_audio_clear(&a);
    return LOA_OK;
}

/* The length of the jingle or recording PATH: decoded once, then kept in
 * the cache under the file's SHA-256 (a recording is minutes of MP3 to
 * decode, every build). A dry run writes nothing. */
static loa_err clip_probe(struct build *B, const char *path, double *seconds, loa_diag *diag)
{
    char hex[65], *meta;
    double lufs, tp;
    loa_err err;

    if ((err = file_hex(B, path, hex, diag)) != LOA_OK)
        return err;
    if ((meta = malloc(strlen(B->cache) + 100)) == NULL)
        return LOA_ERR_NOMEM;
    sprintf(meta, "%s/probe/%s", B->cache, hex);
    if (meta_read_only(meta, seconds, &lufs, &tp) == 0) {
        char *dir = join(B->cache, "probe");

        err = dir ? probe_seconds(path, seconds, diag) : LOA_ERR_NOMEM;
        if (err == LOA_OK && !B->opts->dry_run && mkdirs(dir, NULL) == LOA_OK)
            meta_write(meta, *seconds, 0, 0, NULL);
        free(dir);
    }
    free(meta);
    return err;
}

static loa_err clip_seconds(void *ctx, const loa_plan_clip *clip, const loa_sched_bulletin *bul,
                            double *seconds, loa_diag *diag)
{
    struct build *B = ctx;
    struct unit *u;
    size_t i;
    loa_err err;

    if (clip->dialect < 0 || bul == NULL) {
        if (clip->audio == NULL) {
            loai_diag_set(diag, "clip %s has no audio", clip->id);
            return LOA_ERR_PLAN;
        }
        if ((err = clip_probe(B, clip->audio, seconds, diag)) != LOA_OK)
            return err;
        *seconds += PIECE_SLACK_S;
        return LOA_OK;
    }
    for (i = 0; i < B->n_bs; i++)
        if (&B->bs[i].b == bul->b)
            break;
    if (i == B->n_bs || (u = find_unit(B, i, clip->dialect)) == NULL) {
        loai_diag_set(diag, "no speech rendered for %s", clip->id);
        return LOA_ERR_PLAN;
    }
    if (!u->cached) { /* a dry run: estimate */
        B->res->estimated++;
        *seconds = unit_estimate(B, u) + PIECE_SLACK_S;
        return LOA_OK;
    }
    *seconds = u->seconds + PIECE_SLACK_S;
    return LOA_OK;
}

static loa_err make_plan(struct build *B, loa_diag *diag)
{
    loa_sched_bulletin *sb = calloc(B->n_bs ? B->n_bs : 1, sizeof *sb);
    loa_sched_input in;
    double *extra;
    size_t n = B->n_bs - (size_t)B->has_standing, i;
    loa_err err;

    if (sb == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < B->n_bs; i++) {
        sb[i].b = &B->bs[i].b;
        sb[i].id = B->bs[i].id;
        sb[i].source = B->bs[i].path;
    }
    memset(&in, 0, sizeof in);
    in.cfg = &B->cfg;
    in.bulletins = sb;
    in.n_bulletins = n;
    in.standing = B->has_standing ? &sb[n] : NULL;
    in.iso_year = B->opts->iso_year;
    in.iso_week = B->opts->iso_week;
    in.seconds = clip_seconds;
    in.ctx = B;
    /* The pieces a station's programs are joined from: with a music bed
     * every item has the bed alone before and after it, which stands for
     * the gap; without one a silent gap piece comes between items. */
    extra = calloc(2 * B->cfg.n_stations + 1, sizeof *extra);
    if (extra == NULL) {
        free(sb);
        return LOA_ERR_NOMEM;
    }
    for (i = 0; i < B->cfg.n_stations; i++) {
        const loa_config_station *st = &B->cfg.stations[i];
        const loa_profile *pf = station_profile(B, st);
        int rate = pf ? pf->rate : 44100;

        if (st->jingles.bed != NULL) {
            extra[i] = 2.0 * BED_EDGE_MS / 1000.0;
            extra[B->cfg.n_stations + i] = 0;
        } else {
            size_t gs = gap_samples(rate, B->cfg.gap_s);

            extra[i] = 0;
            extra[B->cfg.n_stations + i] = gs ? (double)(gs + 1152) / rate : 0;
        }
    }
    in.item_extra_s = extra;
    in.gap_s = extra + B->cfg.n_stations;
    err = loa_sched_plan(&B->res->plan, &in, diag);
    free(extra);
    if (err != LOA_OK && diag->line > 0) {
        /* A planning error with a line points into a bulletin's header. */
        for (i = 0; i < B->n_bs; i++)
            if (strstr(diag->msg, B->bs[i].id) != NULL) {
                free(B->res->err_file);
                B->res->err_file = strdup(B->bs[i].path);
                break;
            }
    }
    free(sb);
    return err;
}

/* ---- step 4: programs ---- */

static const loa_config_station *plan_station(const struct build *B, int station)
{
    return loa_config_station_find(&B->cfg, B->res->plan.stations[station].id);
}

/* The speech unit behind a planned text clip, or NULL (jingles, recordings). */
static struct unit *clip_unit(struct build *B, int ci)
{
    const loa_plan_clip *c = &B->res->plan.clips[ci];

    if (c->dialect < 0)
        return NULL;
    if (c->kind == LOA_CLIP_STANDING)
        return B->has_standing ? find_unit(B, B->n_bs - 1, c->dialect) : NULL;
    if (c->kind == LOA_CLIP_BULLETIN && c->bulletin >= 0)
        return find_unit(B, (size_t)c->bulletin, c->dialect);
    return NULL;
}

/* The audio file a planned clip airs from. */
static const char *clip_file(struct build *B, int ci)
{
    struct unit *u = clip_unit(B, ci);

    return u ? u->wav : B->res->plan.clips[ci].audio;
}

/* What identifies a clip's audio: its speech key, or its file's hash. */
static const char *clip_key_source(struct build *B, int ci, char hex[65], loa_diag *diag)
{
    const loa_plan_clip *c = &B->res->plan.clips[ci];
    struct unit *u = clip_unit(B, ci);

    if (u != NULL) {
        memcpy(hex, u->key, 65);
        return hex;
    }
    if (c->audio == NULL) {
        loai_diag_set(diag, "no audio for clip %s", c->id);
        return NULL;
    }
    if (file_hex(B, c->audio, hex, diag) != LOA_OK)
        return NULL;
    return hex;
}

/* Add piece T (kind, profile, sources filled in) unless an equal one is
 * there: its key covers everything that makes its bytes. Its index in *OUT. */
static loa_err add_piece(struct build *B, const struct piece *t, long *out, loa_diag *diag)
{
    struct piece *pc, *pieces;
    loai_sha256 h;
    char hex[65];
    size_t i;
    loa_err err;

    if ((pieces = realloc(B->pieces, (B->n_pieces + 1) * sizeof *pieces)) == NULL)
        return LOA_ERR_NOMEM;
    B->pieces = pieces;
    pc = &pieces[B->n_pieces];
    *pc = *t;
    pc->mp3 = NULL;
    pc->cached = 0;
    loai_sha256_init(&h);
    hash_str(&h, "version", BUILD_CACHE_VERSION);
    hash_str(&h, "profile", pc->profile->name);
    switch (pc->kind) {
    case PIECE_ITEM:
        hash_str(&h, "kind", "item");
        if (clip_key_source(B, (int)pc->clip, hex, diag) == NULL)
            return LOA_ERR_AUDIO;
        hash_str(&h, "item", hex);
        if ((err = hash_file(B, &h, "bed", pc->bed, diag)) != LOA_OK)
            return err;
        break;
    case PIECE_JINGLE:
        hash_str(&h, "kind", "jingle");
        if ((err = hash_file(B, &h, "audio", pc->audio, diag)) != LOA_OK)
            return err;
        break;
    default:
        hash_str(&h, "kind", "gap");
        hash_num(&h, "samples", (double)pc->gap);
        break;
    }
    loai_sha256_hex(&h, pc->key);
    for (i = 0; i < B->n_pieces; i++)
        if (strcmp(B->pieces[i].key, pc->key) == 0) {
            *out = (long)i;
            return LOA_OK;
        }
    if ((pc->mp3 = malloc(strlen(B->cache) + 100)) == NULL)
        return LOA_ERR_NOMEM;
    sprintf(pc->mp3, "%s/seg/%s.mp3", B->cache, pc->key);
    pc->cached = meta_read(pc->mp3, &pc->seconds, &pc->lufs, &pc->tp);
    *out = (long)B->n_pieces++;
    return LOA_OK;
}

/* Append piece T to the sequence of the slot being planned. */
static loa_err seq_add(struct build *B, const struct piece *t, long *idx, loa_diag *diag)
{
    long k;
    loa_err err;

    if ((err = add_piece(B, t, &k, diag)) != LOA_OK)
        return err;
    if (B->n_seq == B->seq_cap) {
        size_t cap = B->seq_cap ? 2 * B->seq_cap : 256;
        long *q = realloc(B->seq, cap * sizeof *q);

        if (q == NULL)
            return LOA_ERR_NOMEM;
        B->seq = q;
        B->seq_cap = cap;
    }
    B->seq[B->n_seq++] = k;
    if (idx != NULL)
        *idx = k;
    return LOA_OK;
}

/* Every slot's program as a sequence of pieces: intro, the chime before
 * the first urgent item, the items with a gap piece between them (none
 * with a bed: each item carries its own), outro. Each station's item
 * pieces are also its items/ files. */
static loa_err plan_pieces(struct build *B, loa_diag *diag)
{
    const loa_plan *P = &B->res->plan;
    size_t i, k;
    loa_err err;

    B->seq_at = calloc(P->n_slots + 1, sizeof *B->seq_at);
    B->item_piece = malloc((P->n_stations * P->n_clips + 1) * sizeof *B->item_piece);
    if (B->seq_at == NULL || B->item_piece == NULL)
        return LOA_ERR_NOMEM;
    for (i = 0; i < P->n_stations * P->n_clips; i++)
        B->item_piece[i] = -1;
    for (i = 0; i < P->n_slots; i++) {
        const loa_plan_slot *sl = &P->slots[i];
        const loa_config_station *st = plan_station(B, sl->station);
        struct piece t;
        int chimed = 0;

        memset(&t, 0, sizeof t);
        if ((t.profile = station_profile(B, st)) == NULL) {
            loai_diag_set(diag, "unknown audio profile '%s' — use one of %s",
                          st && st->profile ? st->profile : B->cfg.profile, loa_profile_names());
            return LOA_ERR_CONFIG;
        }
        B->seq_at[i] = B->n_seq;
        t.kind = PIECE_JINGLE;
        t.clip = sl->intro;
        t.role = "intro";
        if (sl->intro >= 0 && (t.audio = P->clips[sl->intro].audio) != NULL &&
            (err = seq_add(B, &t, NULL, diag)) != LOA_OK)
            return err;
        for (k = 0; k < sl->n_items; k++) {
            int ci = sl->items[k];
            long *ip = &B->item_piece[(size_t)sl->station * P->n_clips + (size_t)ci];
            const char *bed = st ? st->jingles.bed : NULL;

            t.kind = PIECE_GAP;
            t.audio = NULL;
            t.clip = -1;
            t.gap = gap_samples(t.profile->rate, sl->gap_s);
            if (k > 0 && bed == NULL && t.gap > 0 && (err = seq_add(B, &t, NULL, diag)) != LOA_OK)
                return err;
            if (P->clips[ci].priority == LOA_PRIO_URGENT && sl->chime >= 0 && !chimed) {
                t.kind = PIECE_JINGLE;
                t.clip = sl->chime;
                t.role = "chime";
                t.audio = P->clips[sl->chime].audio;
                if (t.audio != NULL && (err = seq_add(B, &t, NULL, diag)) != LOA_OK)
                    return err;
                chimed = 1;
            }
            t.kind = PIECE_ITEM;
            t.clip = ci;
            t.audio = clip_file(B, ci);
            t.bed = bed;
            t.role = "item";
            if ((err = seq_add(B, &t, ip, diag)) != LOA_OK)
                return err;
            t.bed = NULL;
        }
        t.kind = PIECE_JINGLE;
        t.clip = sl->outro;
        t.role = "outro";
        if (sl->outro >= 0 && (t.audio = P->clips[sl->outro].audio) != NULL &&
            (err = seq_add(B, &t, NULL, diag)) != LOA_OK)
            return err;
        if (B->n_seq == B->seq_at[i]) {
            loai_diag_set(diag, "slot %s %s on %02d/%02d has nothing to air — give the district "
                          "a standing bulletin or an intro jingle",
                          P->stations[sl->station].id, sl->name, sl->date.day, sl->date.month);
            return LOA_ERR_PLAN;
        }
    }
    B->seq_at[P->n_slots] = B->n_seq;
    return LOA_OK;
}

/* ---- rendering (runs in worker processes) ---- */

static loa_err render_speech_here(struct build *B, struct unit *u, loa_diag *diag)
{
    loa_synth_opts so;
    loa_synth *syn = NULL;
    double secs;
    loa_err err;

    so.dialect = (loa_dialect)u->dialect;
    so.rate_wpm = B->cfg.rate_wpm;
    so.pitch = B->cfg.pitch;
    so.data_path = NULL;
    if ((err = loa_synth_open(&syn, &so, diag)) != LOA_OK)
        return err;
    err = loa_speech_render(syn, u->parts, u->n_parts, u->wav, &secs, diag);
    loa_synth_free(syn);
    if (err != LOA_OK)
        return err;
    return meta_write(u->wav, secs, 0, 0, diag);
}

/* espeak-ng's output depends on what the same process said before (its
 * state carries across utterances: the same words come out a few samples
 * longer or shorter), so a unit rendered after others would differ from the
 * same unit rendered alone, and a rebuild that finds part of the week in the
 * cache would not be byte-identical to a clean one. So each unit is said by
 * a fresh espeak-ng, in a child of the worker (espeak-ng cannot be restarted
 * within a process). */
static loa_err render_speech(struct build *B, struct unit *u, loa_diag *diag)
{
    struct {
        loa_err err;
        loa_diag d;
    } r;
    size_t got = 0;
    int fds[2], status;
    pid_t pid;

    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        loai_diag_set(diag, "cannot start a speech process: %s", strerror(errno));
        return LOA_ERR_SYNTH;
    }
    if (pid == 0) {
        close(fds[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* a timed-out worker takes it along */
        memset(&r, 0, sizeof r);
        r.err = render_speech_here(B, u, &r.d);
        _exit(write(fds[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 3);
    }
    close(fds[1]);
    while (got < sizeof r) {
        ssize_t n = read(fds[0], (char *)&r + got, sizeof r - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got < sizeof r) {
        loai_diag_set(diag, "espeak-ng died (%s %d) while saying %s — check it for long "
                      "digit runs or odd symbols",
                      WIFSIGNALED(status) ? "signal" : "exit status",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
                      B->bs[u->bulletin].path);
        return LOA_ERR_SYNTH;
    }
    if (r.err != LOA_OK && diag != NULL)
        *diag = r.d;
    return r.err;
}

/* A gap piece: N samples of digital silence, encoded as the profile's
 * MP3 (no engine: there is nothing to measure). */
static loa_err render_gap(const struct piece *pc, loa_diag *diag)
{
    loa_mp3_opts mo;
    loa_mp3 *enc = NULL;
    float zero[4096];
    char *tmp = NULL;
    size_t left = pc->gap;
    loa_err err;

    memset(zero, 0, sizeof zero);
    memset(&mo, 0, sizeof mo);
    mo.bitrate_kbps = pc->profile->bitrate_kbps;
    mo.quality = -1;
    mo.threads = 1;
    if ((err = loai_stage_name(pc->mp3, &tmp)) != LOA_OK)
        return err;
    if ((err = loa_mp3_open(&enc, tmp, pc->profile->rate, &mo, diag)) != LOA_OK)
        goto done;
    while (left > 0 && err == LOA_OK) {
        size_t k = left < 4096 ? left : 4096;

        err = loa_mp3_write(enc, zero, k, diag);
        left -= k;
    }
    if (err == LOA_OK && (err = loa_mp3_finish(enc, diag)) == LOA_OK)
        err = loai_stage_commit(tmp, pc->mp3, diag);
done:
    loa_mp3_free(enc);
    if (err != LOA_OK)
        loai_stage_abort(tmp, pc->mp3);
    free(tmp);
    if (err != LOA_OK)
        return err;
    return meta_write(pc->mp3, (double)pc->gap / pc->profile->rate, -HUGE_VAL, -HUGE_VAL, diag);
}

/* Render piece PC into the cache: normalized to the profile's loudness and
 * limited on its own, one encoder thread (build workers are processes, one
 * a core already; and a worker forks its speech children, which must not
 * happen with threads running). */
static loa_err render_piece(struct build *B, struct piece *pc, loa_diag *diag)
{
    loa_program_spec spec;
    loa_program_item item;
    loa_program_report rep;
    loa_err err;

    if (pc->kind == PIECE_GAP)
        return render_gap(pc, diag);
    memset(&spec, 0, sizeof spec);
    spec.prod.profile = pc->profile;
    spec.mp3_threads = 1;
    if (pc->kind == PIECE_ITEM) {
        item.path = pc->audio;
        item.urgent = 0;
        spec.items = &item;
        spec.n_items = 1;
        spec.eq_items = 1;
        spec.prod.bed = pc->bed;
        spec.prod.lead_ms = spec.prod.tail_ms = pc->bed ? BED_EDGE_MS : -1;
        err = loa_program_render(&spec, pc->mp3, &rep, diag);
    } else {
        loai_part part = {.kind = LOAI_PART_JINGLE, .path = pc->audio, .role = pc->role};
        loa_mp3_opts mo;
        double secs;

        if ((err = clip_probe(B, pc->audio, &secs, diag)) != LOA_OK)
            return err;
        spec.prod.tail_ms = secs * 1000 < JINGLE_MIN_MS ? JINGLE_MIN_MS - (int)(secs * 1000) : -1;
        memset(&mo, 0, sizeof mo);
        mo.quality = -1;
        mo.threads = 1;
        err = loai_program_run(&part, 1, &spec.prod, 0, &mo, pc->mp3, &rep, diag);
    }
    if (err != LOA_OK)
        return err;
    return meta_write(pc->mp3, rep.seconds, rep.integrated_lufs, rep.true_peak_dbtp, diag);
}

/* The ID3 text of slot SLOT's program, or of clip CLIP's item file when
 * SLOT < 0: "<station> dd/mm/yyyy hh:mm <slot>" by the station, or the
 * bulletin's title by the district; album "Tuần ww/yyyy, <district>". */
static void publish_tags(const struct build *B, long slot, size_t clip, loa_mp3_opts *o,
                         char *title, size_t title_size, char *album, size_t album_size,
                         char *year)
{
    const loa_plan *P = &B->res->plan;

    memset(o, 0, sizeof *o);
    snprintf(year, 8, "%04d", P->monday.year);
    snprintf(album, album_size, "Tuần %02d/%04d, %s", P->iso_week, P->iso_year,
             P->district ? P->district : "");
    o->album = album;
    o->year = year;
    if (slot >= 0) {
        const loa_plan_slot *sl = &P->slots[slot];
        const loa_plan_station *ps = &P->stations[sl->station];

        snprintf(title, title_size, "%s %02d/%02d/%04d %02d:%02d %s", ps->name, sl->date.day,
                 sl->date.month, sl->date.year, sl->start_min / 60, sl->start_min % 60,
                 sl->name);
        o->title = title;
        o->artist = ps->name;
    } else {
        o->title = P->clips[clip].title;
        o->artist = P->district;
    }
}

static loa_err run_job(void *ctx, size_t j, loa_diag *diag)
{
    struct build *B = ctx;
    const struct job *job = &B->jobs[j];

    if (job->kind == JOB_SPEECH)
        return render_speech(B, &B->units[job->idx], diag);
    return render_piece(B, &B->pieces[job->idx], diag);
}

static void job_done(void *ctx, size_t j, loa_err err, const loa_diag *d)
{
    struct build *B = ctx;

    (void)d;
    if (err != LOA_OK && B->failed_job < 0)
        B->failed_job = (long)j;
    B->jobs_done++;
    if (B->opts->progress)
        B->opts->progress(B->opts->progress_ctx,
                          B->jobs[j].kind == JOB_SPEECH ? "speech" : "pieces",
                          B->jobs_done, B->n_jobs);
}

/* Say which bulletin or slot a failed job was rendering: loai_jobs_run
 * hands back the first failure's own message. */
static void blame(struct build *B, loa_diag *diag)
{
    const loa_plan *P = &B->res->plan;
    char msg[sizeof diag->msg];
    const struct job *jb;

    if (B->failed_job < 0)
        return;
    jb = &B->jobs[B->failed_job];
    snprintf(msg, sizeof msg, "%s", diag->msg);
    if (jb->kind == JOB_SPEECH) {
        const struct unit *u = &B->units[jb->idx];

        loai_diag_set(diag, "speaking %s (%s voice): %s", B->bs[u->bulletin].path,
                      loa_dialect_name((loa_dialect)u->dialect), msg);
    } else {
        const struct piece *pc = &B->pieces[jb->idx];

        if (pc->kind == PIECE_GAP)
            loai_diag_set(diag, "rendering a gap: %s", msg);
        else if (pc->kind == PIECE_JINGLE)
            loai_diag_set(diag, "rendering the %s jingle %s: %s", pc->role, pc->audio, msg);
        else
            loai_diag_set(diag, "rendering item %s: %s", P->clips[pc->clip].id, msg);
    }
    /* The position, if any, is in the render's own input, not a script. */
    diag->line = diag->col = 0;
}

/* 1 when process PID exists and is not a zombie (a killed render's process
 * is one until init reaps it, which can be after the next build starts). */
static int pid_running(long pid)
{
    char path[64], buf[256];
    const char *st;
    FILE *fp;
    size_t n;

    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        return 0;
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if ((fp = fopen(path, "r")) == NULL)
        return 1;
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    st = strrchr(buf, ')');
    return !(st != NULL && st[1] == ' ' && (st[2] == 'Z' || st[2] == 'X'));
}

/* Remove what killed renders left in the cache directory DIR: their staged
 * files ".<name>.<pid>.tmp<ext>" (loai_stage_name) of pids no longer
 * running. Never read as cache entries, but a killed long render can leave
 * gigabytes. Best effort: a file that cannot go stays. */
static void clean_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *t = strstr(e->d_name, ".tmp"), *p;
        char *path;
        long pid;

        if (e->d_name[0] != '.' || t == NULL)
            continue;
        for (p = t; p > e->d_name && p[-1] >= '0' && p[-1] <= '9'; p--)
            ;
        if (p == t || p[-1] != '.' || (pid = strtol(p, NULL, 10)) <= 0)
            continue;
        if (pid != (long)getpid() && pid_running(pid))
            continue;
        if ((path = join(dir, e->d_name)) != NULL)
            unlink(path);
        free(path);
    }
    closedir(d);
}

/* Longest first, so the last jobs to start are short ones and the workers
 * end together instead of one finishing a long program alone while the
 * other idles (jobs in plan order left up to a 3.5 s tail at -j2 in the
 * demo week). Ties in job order: the order never changes what is made. */
static int cmp_job(const void *a, const void *b)
{
    const struct job *x = a, *y = b;

    if (x->cost != y->cost)
        return x->cost > y->cost ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* What a job costs, in seconds of audio it makes (render time grows with
 * it): a unit's estimate, a piece's planned length. */
static double job_cost(const struct build *B, const struct job *jb)
{
    const struct piece *pc;

    if (jb->kind == JOB_SPEECH)
        return unit_estimate(B, &B->units[jb->idx]);
    pc = &B->pieces[jb->idx];
    if (pc->kind == PIECE_GAP)
        return 0;
    return B->res->plan.clips[pc->clip].seconds;
}

static loa_err render_missing(struct build *B, int speech, loa_diag *diag)
{
    size_t i, n = 0;
    loa_err err;

    free(B->jobs);
    B->jobs = calloc((speech ? B->n_units : B->n_pieces) + 1, sizeof *B->jobs);
    if (B->jobs == NULL)
        return LOA_ERR_NOMEM;
    if (speech) {
        for (i = 0; i < B->n_units; i++)
            if (!B->units[i].cached)
                B->jobs[n++] = (struct job){JOB_SPEECH, i, 0};
        B->res->jobs_total += B->n_units;
    } else {
        for (i = 0; i < B->n_pieces; i++)
            if (!B->pieces[i].cached)
                B->jobs[n++] = (struct job){JOB_PIECE, i, 0};
        B->res->jobs_total += B->n_pieces;
    }
    for (i = 0; i < n; i++)
        B->jobs[i].cost = job_cost(B, &B->jobs[i]);
    qsort(B->jobs, n, sizeof *B->jobs, cmp_job);
    B->n_jobs = n;
    B->jobs_done = 0;
    B->failed_job = -1;
    if (n == 0)
        return LOA_OK;
    if ((err = mkdirs(B->cache, diag)) != LOA_OK)
        return err;
    {
        char *sub = join(B->cache, speech ? "speech" : "seg");

        if (sub == NULL)
            return LOA_ERR_NOMEM;
        clean_debris(sub);
        err = mkdirs(sub, diag);
        if (err == LOA_OK)
            clean_stale(sub);
        free(sub);
        if (err != LOA_OK)
            return err;
    }
    err = loai_jobs_run(n, B->opts->jobs, RENDER_TIMEOUT_S, run_job, job_done, B, diag);
    if (err != LOA_OK) {
        blame(B, diag);
        return err;
    }
    B->res->jobs_rendered += n;
    /* Read back what the workers measured. */
    for (i = 0; i < n; i++) {
        double lufs, tp;
        const struct job *jb = &B->jobs[i];
        int ok = jb->kind == JOB_SPEECH
                     ? meta_read(B->units[jb->idx].wav, &B->units[jb->idx].seconds, &lufs, &tp)
                     : meta_read(B->pieces[jb->idx].mp3, &B->pieces[jb->idx].seconds,
                                 &B->pieces[jb->idx].lufs, &B->pieces[jb->idx].tp);

        if (!ok) {
            loai_diag_set(diag, "a render finished without its result in the cache %s",
                          B->cache);
            return LOA_ERR_IO;
        }
        if (jb->kind == JOB_SPEECH)
            B->units[jb->idx].cached = 1;
        else
            B->pieces[jb->idx].cached = 1;
    }
    return LOA_OK;
}

/* ---- step 5: publish ---- */

/* The published week is a pure function of the plan, the pieces each file
 * is joined from (their keys name their bytes) and what was measured on
 * them: their SHA-256 is the week's fingerprint. The cache keeps it, in
 * "<cache>/published/<SHA-256 of the week's path>" (not in the week: its
 * files must be the same bytes whenever the inputs are), with the size and
 * modification time of every file published. A build whose fingerprint
 * matches, and whose files are all still there as written, has nothing to
 * do.
 * Whatever publish reads must be hashed here: a field added to loa_plan
 * that reaches the published files belongs in this list. */
static void plan_digest(const struct build *B, char hex[65])
{
    const loa_plan *P = &B->res->plan;
    loai_sha256 h;
    size_t i, k;

    loai_sha256_init(&h);
    hash_str(&h, "version", BUILD_CACHE_VERSION);
    hash_str(&h, "output", B->cfg.output_dir);
    hash_str(&h, "publish", PUBLISH_FORMAT);
    hash_str(&h, "district", P->district);
    hash_str(&h, "province", P->province);
    hash_num(&h, "week", P->iso_year * 100 + P->iso_week);
    hash_num(&h, "reminder", P->reminder_s);
    for (i = 0; i < P->n_stations; i++) {
        const loa_plan_station *st = &P->stations[i];

        hash_str(&h, "station", st->id);
        hash_str(&h, "name", st->name);
        hash_str(&h, "commune", st->commune);
        hash_num(&h, "dialect", st->dialect);
    }
    for (i = 0; i < P->n_clips; i++) {
        const loa_plan_clip *c = &P->clips[i];

        hash_num(&h, "clip", c->kind);
        hash_str(&h, "id", c->id);
        hash_str(&h, "title", c->title);
        hash_num(&h, "priority", c->priority);
        hash_num(&h, "seconds", c->seconds);
        hash_str(&h, "source", c->source);
        hash_num(&h, "bulletin", c->bulletin);
        hash_num(&h, "dialect", c->dialect);
        for (k = 0; k < P->n_stations; k++) {
            long pi = B->item_piece[k * P->n_clips + i];

            hash_str(&h, "item", pi >= 0 ? B->pieces[pi].key : NULL);
        }
    }
    for (i = 0; i < P->n_slots; i++) {
        const loa_plan_slot *sl = &P->slots[i];

        hash_num(&h, "slot", sl->station);
        hash_str(&h, "name", sl->name);
        hash_num(&h, "date", sl->date.year * 10000 + sl->date.month * 100 + sl->date.day);
        hash_num(&h, "weekday", sl->weekday);
        hash_num(&h, "start", sl->start_min);
        hash_num(&h, "length", sl->length_s);
        hash_num(&h, "intro", sl->intro);
        hash_num(&h, "outro", sl->outro);
        hash_num(&h, "chime", sl->chime);
        hash_num(&h, "gap", sl->gap_s);
        for (k = 0; k < sl->n_items; k++)
            hash_num(&h, "item", sl->items[k]);
        for (k = B->seq_at[i]; k < B->seq_at[i + 1]; k++)
            hash_str(&h, "piece", B->pieces[B->seq[k]].key);
    }
    for (i = 0; i < P->n_deferred; i++) {
        const loa_plan_deferral *d = &P->deferred[i];

        hash_num(&h, "deferred", d->clip);
        hash_num(&h, "station", d->station);
        hash_num(&h, "aired", d->aired);
        hash_num(&h, "wanted", d->wanted);
        hash_str(&h, "reason", d->reason);
    }
    for (i = 0; i < B->n_pieces; i++) {
        hash_num(&h, "seconds", B->pieces[i].seconds);
        hash_num(&h, "lufs", isfinite(B->pieces[i].lufs) ? B->pieces[i].lufs : -999);
        hash_num(&h, "tp", isfinite(B->pieces[i].tp) ? B->pieces[i].tp : -999);
    }
    loai_sha256_hex(&h, hex);
}


/* Append a line "<size> <mtime ns> <path>" for every regular file under
 * ROOT/REL (recursively, sorted, dot files left out) to OUT. */
static loa_err stamp_list(const char *root, const char *rel, loai_buf *out)
{
    char *dir = rel[0] ? join(root, rel) : strdup(root);
    struct dirent **ents = NULL;
    int n, i;
    loa_err err = LOA_OK;

    if (dir == NULL)
        return LOA_ERR_NOMEM;
    n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0) {
        free(dir);
        return LOA_ERR_IO;
    }
    for (i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char *path = NULL, *sub = NULL, line[64];
        struct stat st;

        if (err == LOA_OK && name[0] != '.') {
            sub = rel[0] ? join(rel, name) : strdup(name);
            path = sub ? join(root, sub) : NULL;
            if (path == NULL)
                err = LOA_ERR_NOMEM;
            else if (lstat(path, &st) != 0)
                err = LOA_ERR_IO;
            else if (S_ISDIR(st.st_mode))
                err = stamp_list(root, sub, out);
            else {
                snprintf(line, sizeof line, "%lld %lld.%09ld ", (long long)st.st_size,
                         (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
                if ((err = loai_buf_puts(out, line)) == LOA_OK &&
                    (err = loai_buf_puts(out, sub)) == LOA_OK)
                    err = loai_buf_add(out, "\n", 1);
            }
        }
        free(path);
        free(sub);
        free(ents[i]);
    }
    free(ents);
    free(dir);
    return err;
}

/* The stamp of the published tree ROOT: the fingerprint HEX, then every
 * file as stamp_list has it. */
static loa_err stamp_make(const char *root, const char hex[65], loai_buf *out)
{
    loa_err err;

    if ((err = loai_buf_puts(out, hex)) != LOA_OK || (err = loai_buf_add(out, "\n", 1)) != LOA_OK)
        return err;
    return stamp_list(root, "", out);
}

/* Where the cache keeps the stamp of the week directory TARGET. */
static char *stamp_path(const struct build *B, const char *target)
{
    loai_sha256 h;
    char hex[65], *p = malloc(strlen(B->cache) + 100);

    loai_sha256_init(&h);
    loai_sha256_update(&h, target, strlen(target));
    loai_sha256_hex(&h, hex);
    if (p != NULL)
        sprintf(p, "%s/published/%s", B->cache, hex);
    return p;
}

/* 1 when the published week TARGET is this build's, untouched. */
static int up_to_date(const struct build *B, const char *target, const char hex[65])
{
    loai_buf now = {0};
    char *path = stamp_path(B, target), *old = NULL;
    size_t len = 0;
    int same = 0;

    if (path != NULL && loa_file_read(path, &old, &len, NULL) == LOA_OK &&
        stamp_make(target, hex, &now) == LOA_OK)
        same = now.len == len && memcmp(now.data, old, len) == 0;
    free(path);
    free(old);
    loai_buf_free(&now);
    return same;
}

/* Record what was just published in TARGET. Best effort: without a stamp
 * the next build only publishes again. */
static void stamp_write(const struct build *B, const char *target, const char hex[65])
{
    loai_buf b = {0};
    char *path = stamp_path(B, target), *dir = join(B->cache, "published");

    if (path != NULL && dir != NULL && mkdirs(dir, NULL) == LOA_OK &&
        stamp_make(target, hex, &b) == LOA_OK)
        loai_stage_write(path, b.data, b.len, NULL);
    free(dir);
    free(path);
    loai_buf_free(&b);
}

/* The loudness and true peak of pieces SEQ[A..Z) joined: each piece was
 * normalized on its own, so the whole is their energy mean (weighted by
 * duration; gaps are silence, which the R128 gate leaves out anyway) and
 * its peak their largest. */
static void seq_loudness(const struct build *B, size_t a, size_t z, double *lufs, double *tp)
{
    double e = 0, w = 0;

    *tp = -HUGE_VAL;
    for (; a < z; a++) {
        const struct piece *pc = &B->pieces[B->seq[a]];

        if (pc->kind == PIECE_GAP || !isfinite(pc->lufs))
            continue;
        e += pc->seconds * pow(10.0, pc->lufs / 10.0);
        w += pc->seconds;
        if (pc->tp > *tp)
            *tp = pc->tp;
    }
    *lufs = w > 0 && e > 0 ? 10.0 * log10(e / w) : -HUGE_VAL;
}

static loa_err publish(struct build *B, loa_diag *diag)
{
    loa_plan *P = &B->res->plan;
    loa_publish_audio *slots = calloc(P->n_slots + 1, sizeof *slots);
    loa_publish_audio *clips = calloc(P->n_clips + 1, sizeof *clips);
    char **names = calloc(P->n_slots + P->n_clips + 1, sizeof *names);
    const char **srcs = calloc(B->n_seq + 1, sizeof *srcs);
    unsigned char *timed = calloc(P->n_clips + 1, 1);
    char week[16], *stage = NULL, *dir = NULL, title[512], album[256], year[8], hex[65];
    loa_mp3_opts tags;
    size_t s, i;
    loa_err err = LOA_OK;

    if (slots == NULL || clips == NULL || names == NULL || srcs == NULL || timed == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    snprintf(week, sizeof week, "%04d-W%02d", P->iso_year, P->iso_week);
    if ((B->res->target = join(B->cfg.output_dir, week)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    plan_digest(B, hex);
    if (up_to_date(B, B->res->target, hex)) {
        B->res->up_to_date = 1;
        goto out;
    }
    /* The report's jingle lengths: as they air (planning counted a margin). */
    for (i = 0; i < B->n_pieces; i++)
        if (B->pieces[i].kind == PIECE_JINGLE)
            P->clips[B->pieces[i].clip].seconds = B->pieces[i].seconds;
    if ((err = mkdirs(B->cfg.output_dir, diag)) != LOA_OK ||
        (err = loa_publish_begin(B->res->target, &stage, diag)) != LOA_OK)
        goto out;
    for (s = 0; s < P->n_stations && err == LOA_OK; s++) {
        char *items_dir;

        free(dir);
        if ((dir = join(stage, P->stations[s].id)) == NULL ||
            (items_dir = join(dir, "items")) == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        err = mkdirs(items_dir, diag);
        free(items_dir);
        memset(clips, 0, (P->n_clips + 1) * sizeof *clips);
        for (i = 0; i < P->n_slots + P->n_clips; i++) {
            free(names[i]);
            names[i] = NULL;
        }
        for (i = 0; i < P->n_slots && err == LOA_OK; i++) {
            size_t a = B->seq_at[i], z = B->seq_at[i + 1], k;
            loa_mp3_info info;
            char base[128], *dst;

            memset(&slots[i], 0, sizeof slots[i]);
            if ((size_t)P->slots[i].station != s)
                continue;
            if ((err = loa_publish_slot_name(P, i, base, sizeof base - 5)) != LOA_OK)
                break;
            strcat(base, ".mp3");
            if ((names[i] = strdup(base)) == NULL || (dst = join(dir, base)) == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            publish_tags(B, (long)i, 0, &tags, title, sizeof title, album, sizeof album, year);
            for (k = a; k < z; k++)
                srcs[k - a] = B->pieces[B->seq[k]].mp3;
            err = loa_mp3_join(dst, srcs, z - a, &tags, &info, diag);
            free(dst);
            slots[i].path = names[i];
            slots[i].seconds = info.seconds;
            seq_loudness(B, a, z, &slots[i].lufs, &slots[i].true_peak_db);
            P->slots[i].seconds = info.seconds; /* the plan had an estimate */
        }
        for (i = 0; i < P->n_clips && err == LOA_OK; i++) {
            long pi = B->item_piece[s * P->n_clips + i];
            const struct piece *pc;
            loa_mp3_info info;
            char rel[300], *dst;

            if (pi < 0)
                continue;
            pc = &B->pieces[pi];
            snprintf(rel, sizeof rel, "items/%s.mp3", P->clips[i].id);
            if ((names[P->n_slots + i] = strdup(rel)) == NULL ||
                (dst = join(dir, rel)) == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            publish_tags(B, -1, i, &tags, title, sizeof title, album, sizeof album, year);
            err = loa_mp3_join(dst, (const char *const *)&pc->mp3, 1, &tags, &info, diag);
            free(dst);
            clips[i].path = names[P->n_slots + i];
            clips[i].seconds = info.seconds;
            clips[i].lufs = pc->lufs;
            clips[i].true_peak_db = pc->tp;
            if (!timed[i]) { /* the report's, as the first station airs it */
                P->clips[i].seconds = info.seconds;
                timed[i] = 1;
            }
        }
        if (err == LOA_OK) {
            loa_publish_paths paths = {slots, clips};

            err = loa_publish_station_week(P, s, &paths, dir, diag);
        }
    }
    if (err == LOA_OK)
        err = loa_publish_district_report(P, stage, diag);
    if (err == LOA_OK) {
        if ((err = loa_publish_commit(B->res->target, stage, diag)) == LOA_OK)
            stamp_write(B, B->res->target, hex);
    } else {
        loa_publish_abort(stage);
    }
out:
    if (names != NULL)
        for (i = 0; i < P->n_slots + P->n_clips; i++)
            free(names[i]);
    free(names);
    free(srcs);
    free(timed);
    free(slots);
    free(clips);
    free(stage);
    free(dir);
    return err;
}

/* ---- the whole ---- */

void loa_build_result_init(loa_build_result *r)
{
    memset(r, 0, sizeof *r);
    loa_plan_init(&r->plan);
}

void loa_build_result_clear(loa_build_result *r)
{
    if (r == NULL)
        return;
    loa_plan_clear(&r->plan);
    free(r->target);
    free(r->err_file);
    memset(r, 0, sizeof *r);
}

static void build_free(struct build *B)
{
    size_t i;

    for (i = 0; i < B->n_bs; i++) {
        loa_bulletin_clear(&B->bs[i].b);
        free(B->bs[i].id);
        free(B->bs[i].path);
    }
    for (i = 0; i < B->n_units; i++) {
        free(B->units[i].parts);
        free(B->units[i].texts);
        free(B->units[i].wav);
    }
    for (i = 0; i < B->n_pieces; i++)
        free(B->pieces[i].mp3);
    free(B->bs);
    free(B->units);
    free(B->pieces);
    free(B->seq);
    free(B->seq_at);
    free(B->item_piece);
    free(B->jobs);
    free(B->cache);
    for (i = 0; i < B->n_hashes; i++)
        free(B->hashes[i].path);
    free(B->hashes);
    loa_lexicon_free(B->lex);
    loa_config_clear(&B->cfg);
}

loa_err loa_build_run(const loa_build_opts *opts, loa_build_result *res, loa_diag *diag)
{
    struct build B;
    char datadir[4096];
    size_t i;
    loa_err err;

    memset(&B, 0, sizeof B);
    B.opts = opts;
    B.res = res;
    loa_config_init(&B.cfg);
    if ((err = loa_config_load(&B.cfg, opts->config, &res->err_file, diag)) != LOA_OK)
        goto out;
    if (res->err_file == NULL && (res->err_file = strdup(opts->config)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = loa_data_dir(opts->data_dir, datadir, sizeof datadir, diag)) != LOA_OK ||
        (err = loa_lexicon_open(&B.lex, datadir, diag)) != LOA_OK)
        goto out;
    for (i = 0; i < B.cfg.n_lexicons; i++) {
        if ((err = loa_lexicon_add_file(B.lex, B.cfg.lexicons[i], diag)) != LOA_OK) {
            free(res->err_file);
            res->err_file = strdup(B.cfg.lexicons[i]);
            goto out;
        }
    }
    free(res->err_file);
    res->err_file = NULL;
    B.cache = opts->cache_dir ? strdup(opts->cache_dir) : join(B.cfg.output_dir, ".cache");
    if (B.cache == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    if ((err = load_scripts(&B, diag)) != LOA_OK)
        goto out;
    if ((err = plan_units(&B, loa_iso_week_monday(opts->iso_year, opts->iso_week), diag)) !=
        LOA_OK)
        goto out;
    if ((err = check_lengths(&B, diag)) != LOA_OK)
        goto out;
    if (!opts->dry_run && (err = render_missing(&B, 1, diag)) != LOA_OK)
        goto out;
    if ((err = make_plan(&B, diag)) != LOA_OK)
        goto out;
    if ((err = plan_pieces(&B, diag)) != LOA_OK)
        goto out;
    if (opts->dry_run) {
        for (i = 0; i < B.n_units; i++)
            res->jobs_total++, res->jobs_rendered += !B.units[i].cached;
        for (i = 0; i < B.n_pieces; i++)
            res->jobs_total++, res->jobs_rendered += !B.pieces[i].cached;
        goto out;
    }
    if ((err = render_missing(&B, 0, diag)) != LOA_OK)
        goto out;
    err = publish(&B, diag);
out:
    build_free(&B);
    return err;
}
