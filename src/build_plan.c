/* The build's planning steps: each bulletin's speech units (one per voice
 * that hears it), the week's plan, and every slot's program as a sequence
 * of cached pieces. See build.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loa/audio.h"
#include "loa/config.h"
#include "loa/date.h"
#include "loa/dialect.h"
#include "loa/error.h"
#include "loa/estimate.h"
#include "loa/plan.h"
#include "loa/profile.h"
#include "loa/sched.h"
#include "loa/script.h"
#include "loa/synth.h"
#include "loa/text.h"
#include "buf_int.h"
#include "build_int.h"
#include "error_int.h"
#include "file_int.h"
#include "program_int.h"
#include "sha256_int.h"
#include "verify_int.h"

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
    loa_synth_part *parts = NULL;
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
    loai_build_hash_str(&h, "version", BUILD_CACHE_VERSION);
    loai_build_hash_str(&h, "voice", loa_dialect_voice((loa_dialect)dialect));
    loai_build_hash_num(&h, "rate", B->cfg.rate_wpm);
    loai_build_hash_num(&h, "pitch", B->cfg.pitch);
    for (i = 0; i < n; i++) {
        if (offs[i] >= 0) {
            loai_build_hash_str(&h, "say", words.data + offs[i]);
        } else {
            parts[i].text = NULL;
            parts[i].pause_ms = pauses[i];
            loai_build_hash_num(&h, "pause", pauses[i]);
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
        struct build_meta m;
        char why[256];
        int st = loai_build_entry(u->wav, &m, why, sizeof why);

        /* Hashing every speech WAV the week uses is cheap next to trusting
         * a truncated one (bulletins cut mid-sentence). */
        if (st < 0 && (err = loai_build_note_damaged(B, u->wav, why)) != LOA_OK)
            goto out;
        u->cached = st > 0;
        u->seconds = st > 0 ? m.seconds : 0;
    }
out:
    free(offs);
    free(pauses);
    free(parts);
    loai_buf_free(&words);
    loai_buf_free(&cur);
    return err;
}

loa_err loai_build_plan_units(struct build *B, loa_date mon, loa_diag *diag)
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
double loai_build_unit_estimate(const struct build *B, const struct unit *u)
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
loa_err loai_build_check_lengths(struct build *B, loa_diag *diag)
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
        double s = u->cached ? u->seconds : loai_build_unit_estimate(B, u);

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

/* Decode PATH whole, a block at a time (a 3-hour recording costs a block
 * of memory), through the same source the renders read it with (damaged
 * samples refused, DC taken out), and measure it. */
static loa_err probe(const char *path, struct build_meta *m, loa_diag *diag)
{
    loai_src *src = NULL;
    loai_measurer *ms = NULL;
    loai_measure r;
    float buf[4096];
    size_t got;
    loa_err err;

    if ((err = loai_src_file(path, &src, diag)) != LOA_OK)
        return err;
    if ((err = loai_measurer_new(&ms, src->rate, diag)) != LOA_OK)
        goto done;
    do {
        if ((err = src->read(src, buf, sizeof buf / sizeof *buf, &got, diag)) != LOA_OK ||
            (err = loai_measurer_add(ms, buf, got)) != LOA_OK)
            goto done;
    } while (got > 0);
    loai_measurer_read(ms, &r);
    memset(m, 0, sizeof *m);
    m->seconds = r.seconds;
    m->lufs = r.lufs;
    m->tp = r.tp;
done:
    loai_measurer_free(ms);
    src->free(src);
    return err;
}

/* The length of the jingle or recording PATH: decoded once, then kept in
 * the cache under the file's SHA-256 (a recording is minutes of MP3 to
 * decode, every build). A dry run writes nothing. */
loa_err loai_build_clip_probe(struct build *B, const char *path, double *seconds, double *lufs,
                              loa_diag *diag)
{
    char hex[65], *meta;
    struct build_meta m;
    loa_err err;

    if ((err = loai_build_file_hex(B, path, hex, diag)) != LOA_OK)
        return err;
    if ((meta = malloc(strlen(B->cache) + 100)) == NULL)
        return LOA_ERR_NOMEM;
    sprintf(meta, "%s/probe/%s", B->cache, hex);
    if (loai_build_meta_read_only(meta, &m) == 0) {
        char *dir = loai_file_join(B->cache, "probe");

        err = dir ? probe(path, &m, diag) : LOA_ERR_NOMEM;
        if (err == LOA_OK && !B->opts->dry_run && loai_file_mkdirs(dir, NULL) == LOA_OK)
            loai_build_meta_write(meta, m.seconds, m.lufs, m.tp, NULL, NULL);
        free(dir);
    }
    free(meta);
    if (err == LOA_OK) {
        *seconds = m.seconds;
        if (lufs != NULL)
            *lufs = m.lufs;
    }
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
        if ((err = loai_build_clip_probe(B, clip->audio, seconds, NULL, diag)) != LOA_OK)
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
        *seconds = loai_build_unit_estimate(B, u) + PIECE_SLACK_S;
        return LOA_OK;
    }
    *seconds = u->seconds + PIECE_SLACK_S;
    return LOA_OK;
}

loa_err loai_build_make_plan(struct build *B, loa_diag *diag)
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
    if (loai_build_file_hex(B, c->audio, hex, diag) != LOA_OK)
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
    loai_build_hash_str(&h, "version", BUILD_CACHE_VERSION);
    loai_build_hash_str(&h, "profile", pc->profile->name);
    switch (pc->kind) {
    case PIECE_ITEM:
        loai_build_hash_str(&h, "kind", "item");
        if (clip_key_source(B, (int)pc->clip, hex, diag) == NULL)
            return LOA_ERR_AUDIO;
        loai_build_hash_str(&h, "item", hex);
        if ((err = loai_build_hash_file(B, &h, "bed", pc->bed, diag)) != LOA_OK)
            return err;
        break;
    case PIECE_JINGLE:
        loai_build_hash_str(&h, "kind", "jingle");
        if ((err = loai_build_hash_file(B, &h, "audio", pc->audio, diag)) != LOA_OK)
            return err;
        break;
    default:
        loai_build_hash_str(&h, "kind", "gap");
        loai_build_hash_num(&h, "samples", (double)pc->gap);
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
    *out = (long)B->n_pieces++;
    {
        struct build_meta m;
        char why[640];
        int st = loai_build_entry(pc->mp3, &m, why, sizeof why);
        loa_diag d;

        /* An entry's bytes are what was rendered and checked then; its
         * figures must still keep the promise (a meta edited by hand). */
        if (st > 0 && m.profile != pc->profile) {
            snprintf(why, sizeof why, "its meta names another profile");
            st = -1;
        } else if (st > 0 && pc->kind == PIECE_GAP &&
            !(isinf(m.lufs) && isinf(m.tp) &&
              fabs(m.seconds * pc->profile->rate - (double)pc->gap) < 1)) {
            snprintf(why, sizeof why, "its figures are not a gap's");
            st = -1;
        } else if (st > 0 && pc->kind != PIECE_GAP &&
                   !loai_promise_kept(pc->profile, m.lufs, m.tp, &d)) {
            snprintf(why, sizeof why, "its recorded figures break the promise: %.560s", d.msg);
            st = -1;
        }
        if (st < 0 && (err = loai_build_note_damaged(B, pc->mp3, why)) != LOA_OK)
            return err;
        pc->cached = st > 0;
        if (st > 0) {
            pc->seconds = m.seconds;
            pc->lufs = m.lufs;
            pc->tp = m.tp;
        }
    }
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
loa_err loai_build_plan_pieces(struct build *B, loa_diag *diag)
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
