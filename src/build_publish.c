/* The build's last step: each slot's program joined from its pieces, the
 * items and the station files published atomically, and the stamp that
 * lets an unchanged rebuild skip all of it. See build.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loa/air.h"
#include "loa/error.h"
#include "loa/mp3.h"
#include "loa/file.h"
#include "loa/plan.h"
#include "loa/publish.h"
#include "buf_int.h"
#include "build_int.h"
#include "file_int.h"
#include "mp3_int.h"
#include "sha256_int.h"
#include "verify_int.h"

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

/* ---- step 5: publish ---- */

/* The district file's relay for station ID (its station.liq's fallback), or NULL. */
static const char *station_relay(const struct build *B, const char *id)
{
    size_t i;

    for (i = 0; id != NULL && i < B->cfg.n_stations; i++)
        if (B->cfg.stations[i].id && strcmp(B->cfg.stations[i].id, id) == 0)
            return B->cfg.stations[i].air.fallback;
    return NULL;
}

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
    loai_build_hash_str(&h, "version", BUILD_CACHE_VERSION);
    loai_build_hash_str(&h, "output", B->cfg.output_dir);
    loai_build_hash_str(&h, "publish", PUBLISH_FORMAT);
    loai_build_hash_str(&h, "district", P->district);
    loai_build_hash_str(&h, "province", P->province);
    loai_build_hash_num(&h, "reminder", P->reminder_s);
    loai_build_hash_num(&h, "week", P->iso_year * 100 + P->iso_week);
    for (i = 0; i < P->n_stations; i++) {
        const loa_plan_station *st = &P->stations[i];

        loai_build_hash_str(&h, "station", st->id);
        loai_build_hash_str(&h, "name", st->name);
        loai_build_hash_str(&h, "commune", st->commune);
        loai_build_hash_num(&h, "dialect", st->dialect);
        loai_build_hash_num(&h, "gender", st->gender);
        loai_build_hash_str(&h, "relay", station_relay(B, st->id));
    }
    for (i = 0; i < P->n_clips; i++) {
        const loa_plan_clip *c = &P->clips[i];

        loai_build_hash_num(&h, "clip", c->kind);
        loai_build_hash_str(&h, "id", c->id);
        loai_build_hash_str(&h, "title", c->title);
        loai_build_hash_num(&h, "priority", c->priority);
        loai_build_hash_num(&h, "seconds", c->seconds);
        loai_build_hash_str(&h, "source", c->source);
        loai_build_hash_num(&h, "bulletin", c->bulletin);
        loai_build_hash_num(&h, "dialect", c->dialect);
        loai_build_hash_num(&h, "gender", c->gender);
        loai_build_hash_num(&h, "from", c->from.year * 10000 + c->from.month * 100 + c->from.day);
        loai_build_hash_num(&h, "from_min", c->from_min);
        loai_build_hash_num(&h, "to", c->to.year * 10000 + c->to.month * 100 + c->to.day);
        loai_build_hash_num(&h, "to_min", c->to_min);
        for (k = 0; k < P->n_stations; k++) {
            long pi = B->item_piece[k * P->n_clips + i];

            loai_build_hash_str(&h, "item", pi >= 0 ? B->pieces[pi].key : NULL);
        }
    }
    for (i = 0; i < P->n_slots; i++) {
        const loa_plan_slot *sl = &P->slots[i];

        loai_build_hash_num(&h, "slot", sl->station);
        loai_build_hash_str(&h, "name", sl->name);
        loai_build_hash_num(&h, "date",
                            sl->date.year * 10000 + sl->date.month * 100 + sl->date.day);
        loai_build_hash_num(&h, "weekday", sl->weekday);
        loai_build_hash_num(&h, "start", sl->start_min);
        loai_build_hash_num(&h, "length", sl->length_s);
        loai_build_hash_num(&h, "intro", sl->intro);
        loai_build_hash_num(&h, "outro", sl->outro);
        loai_build_hash_num(&h, "chime", sl->chime);
        loai_build_hash_num(&h, "gap", sl->gap_s);
        for (k = 0; k < sl->n_items; k++)
            loai_build_hash_num(&h, "item", sl->items[k]);
        for (k = B->seq_at[i]; k < B->seq_at[i + 1]; k++)
            loai_build_hash_str(&h, "piece", B->pieces[B->seq[k]].key);
    }
    for (i = 0; i < P->n_deferred; i++) {
        const loa_plan_deferral *d = &P->deferred[i];

        loai_build_hash_num(&h, "deferred", d->clip);
        loai_build_hash_num(&h, "station", d->station);
        loai_build_hash_num(&h, "aired", d->aired);
        loai_build_hash_num(&h, "wanted", d->wanted);
        loai_build_hash_str(&h, "reason", d->reason);
    }
    /* the report lists the scripts left out, each error said in both languages */
    for (i = 0; i < P->n_left_out; i++) {
        const loa_plan_left_out *l = &P->left_out[i];

        loai_build_hash_str(&h, "left_out", l->source);
        loai_build_hash_str(&h, "title", l->title);
        for (k = 0; k < l->n_errors; k++) {
            loai_build_hash_num(&h, "line", l->errors[k].line);
            loai_build_hash_num(&h, "col", l->errors[k].col);
            loai_build_hash_str(&h, "id", l->errors[k].id);
            loai_build_hash_str(&h, "vi", l->errors[k].vi);
            loai_build_hash_str(&h, "en", l->errors[k].en);
        }
    }
    for (i = 0; i < B->n_pieces; i++) {
        loai_build_hash_num(&h, "seconds", B->pieces[i].seconds);
        loai_build_hash_num(&h, "lufs", isfinite(B->pieces[i].lufs) ? B->pieces[i].lufs : -999);
        loai_build_hash_num(&h, "tp", isfinite(B->pieces[i].tp) ? B->pieces[i].tp : -999);
    }
    loai_sha256_hex(&h, hex);
}

/* Append "<size> <mtime ns> <path>" for a file of the published tree. */
static loa_err stamp_line(void *ctx, const char *rel, const char *path, const struct stat *st)
{
    loai_buf *out = ctx;
    char line[64];
    loa_err err;

    (void)path;
    snprintf(line, sizeof line, "%lld %lld.%09ld ", (long long)st->st_size,
             (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec);
    if ((err = loai_buf_puts(out, line)) == LOA_OK && (err = loai_buf_puts(out, rel)) == LOA_OK)
        err = loai_buf_add(out, "\n", 1);
    return err;
}

/* The stamp of the published tree ROOT: the fingerprint HEX, then every
 * file under it (dot files left out, sorted) as stamp_line has it. */
static loa_err stamp_make(const char *root, const char hex[65], loai_buf *out)
{
    loa_err err;

    if ((err = loai_buf_puts(out, hex)) != LOA_OK || (err = loai_buf_add(out, "\n", 1)) != LOA_OK)
        return err;
    return loai_file_walk(root, stamp_line, out, NULL);
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
    char *path = stamp_path(B, target), *dir = loai_file_join(B->cache, "published");

    if (path != NULL && dir != NULL && loai_file_mkdirs(dir, NULL) == LOA_OK &&
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

/* Piece PI scanned for joining (once a build; the file stays open). */
static loa_err piece_src(struct build *B, loai_mp3_src **srcs, size_t pi, loai_mp3_src **out,
                         loa_diag *diag)
{
    loa_err err = LOA_OK;

    if (srcs[pi] == NULL)
        err = loai_mp3_src_open(&srcs[pi], B->pieces[pi].mp3, diag);
    *out = srcs[pi];
    return err;
}

/* The station's slots: their plan indexes at ORDER[AT[S]..AT[S + 1]). */
struct station_index {
    const size_t *at, *order;
};

/* urgent/<clip>.mp3 in station S's directory DIR: the chime and the urgent
 * item, joined as the slot programs have them: what `loa urgent` airs at once. */
static loa_err publish_urgent(struct build *B, size_t s, const char *dir,
                              const struct station_index *ix, loai_mp3_src **psrc,
                              loai_mp3_id3 *id3, loa_diag *diag)
{
    const loa_plan *P = &B->res->plan;
    loai_mp3_src *srcs[2];
    loa_mp3_opts tags;
    char title[512], album[256], year[8], rel[300], *dst;
    size_t i, k;
    long chime = -1;
    loa_err err = LOA_OK;

    for (i = ix->at[s]; i < ix->at[s + 1] && chime < 0; i++) {
        size_t sl = ix->order[i];

        for (k = B->seq_at[sl]; k < B->seq_at[sl + 1]; k++) {
            const struct piece *pc = &B->pieces[B->seq[k]];

            if (pc->kind == PIECE_JINGLE && pc->role && strcmp(pc->role, "chime") == 0) {
                chime = (long)B->seq[k];
                break;
            }
        }
    }
    for (i = 0; i < P->n_clips && err == LOA_OK; i++) {
        long pi = B->item_piece[s * P->n_clips + i];
        loa_mp3_info info;
        size_t n = 0;

        if (pi < 0 || P->clips[i].priority != LOA_PRIO_URGENT)
            continue;
        if (chime >= 0 && (err = piece_src(B, psrc, (size_t)chime, &srcs[n++], diag)) != LOA_OK)
            break;
        if ((err = piece_src(B, psrc, (size_t)pi, &srcs[n++], diag)) != LOA_OK)
            break;
        snprintf(rel, sizeof rel, "urgent/%s.mp3", P->clips[i].id);
        if ((dst = loai_file_join(dir, rel)) == NULL)
            return LOA_ERR_NOMEM;
        *strrchr(dst, '/') = '\0';
        err = loai_file_mkdirs(dst, diag);
        dst[strlen(dst)] = '/';
        if (err == LOA_OK) {
            publish_tags(B, -1, i, &tags, title, sizeof title, album, sizeof album, year);
            err = loai_mp3_join_srcs(dst, srcs, n, &tags, id3, &info, diag);
        }
        free(dst);
    }
    return err;
}

loa_err loai_build_publish(struct build *B, loa_diag *diag)
{
    loa_plan *P = &B->res->plan;
    loa_publish_audio *slots = calloc(P->n_slots + 1, sizeof *slots);
    loa_publish_audio *clips = calloc(P->n_clips + 1, sizeof *clips);
    char **names = calloc(P->n_slots + P->n_clips + 1, sizeof *names);
    loai_mp3_src **srcs = calloc(B->n_seq + 1, sizeof *srcs);
    loai_mp3_src **psrc = calloc(B->n_pieces + 1, sizeof *psrc);
    /* The first published item file of each piece, for hard links: an
     * item's bytes are its piece's frames under its clip's tag, the same
     * at every station that airs it. */
    char **item_at = calloc(B->n_pieces + 1, sizeof *item_at);
    long *item_clip = calloc(B->n_pieces + 1, sizeof *item_clip);
    double *item_secs = calloc(B->n_pieces + 1, sizeof *item_secs);
    size_t *station_slots = calloc(P->n_stations + 1, sizeof *station_slots);
    size_t *slot_order = calloc(P->n_slots + 1, sizeof *slot_order);
    unsigned char *timed = calloc(P->n_clips + 1, 1);
    char week[16], *stage = NULL, *dir = NULL, title[512], album[256], year[8], hex[65];
    loai_mp3_id3 *id3 = NULL;
    loa_mp3_opts tags;
    loa_publish_asrun asrun = {B->cfg.output_dir, (double)time(NULL)};
    size_t s, i;
    loa_err err = LOA_OK;

    if (slots == NULL || clips == NULL || names == NULL || srcs == NULL || psrc == NULL ||
        item_at == NULL || item_clip == NULL || item_secs == NULL || station_slots == NULL ||
        slot_order == NULL || timed == NULL || loai_mp3_id3_new(&id3) != LOA_OK) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    /* Each station's slots, in plan order, without a pass over every slot
     * for every station (a province has thousands of both). */
    for (i = 0; i < P->n_slots; i++)
        station_slots[P->slots[i].station + 1]++;
    for (s = 0; s < P->n_stations; s++)
        station_slots[s + 1] += station_slots[s];
    {
        size_t *fill = calloc(P->n_stations + 1, sizeof *fill);

        if (fill == NULL) {
            err = LOA_ERR_NOMEM;
            goto out;
        }
        for (i = 0; i < P->n_slots; i++) {
            size_t st = (size_t)P->slots[i].station;

            slot_order[station_slots[st] + fill[st]++] = i;
        }
        free(fill);
    }
    snprintf(week, sizeof week, "%04d-W%02d", P->iso_year, P->iso_week);
    if ((B->res->target = loai_file_join(B->cfg.output_dir, week)) == NULL) {
        err = LOA_ERR_NOMEM;
        goto out;
    }
    plan_digest(B, hex);
    {
        /* What aired last week and this week goes into the report: when the
         * logs say more than the published report does, publish again. */
        char ahex[65];
        loai_sha256 h;

        loa_publish_asrun_digest(P, &asrun, ahex);
        loai_sha256_init(&h);
        loai_sha256_update(&h, hex, 64);
        loai_sha256_update(&h, ahex, 64);
        loai_sha256_hex(&h, hex);
    }
    if (up_to_date(B, B->res->target, hex)) {
        B->res->up_to_date = 1;
        err = loa_air_update(&B->cfg, (double)time(NULL), diag);
        goto out;
    }
    /* The report's jingle lengths: as they air (planning counted a margin). */
    for (i = 0; i < B->n_pieces; i++)
        if (B->pieces[i].kind == PIECE_JINGLE)
            P->clips[B->pieces[i].clip].seconds = B->pieces[i].seconds;
    if ((err = loai_file_mkdirs(B->cfg.output_dir, diag)) != LOA_OK ||
        (err = loa_publish_begin(B->res->target, &stage, diag)) != LOA_OK)
        goto out;
    for (s = 0; s < P->n_stations && err == LOA_OK; s++) {
        char *items_dir;

        free(dir);
        if ((dir = loai_file_join(stage, P->stations[s].id)) == NULL ||
            (items_dir = loai_file_join(dir, "items")) == NULL) {
            err = LOA_ERR_NOMEM;
            break;
        }
        err = loai_file_mkdirs(items_dir, diag);
        free(items_dir);
        memset(clips, 0, (P->n_clips + 1) * sizeof *clips);
        for (i = 0; i < P->n_clips; i++) {
            free(names[P->n_slots + i]);
            names[P->n_slots + i] = NULL;
        }
        for (i = station_slots[s]; i < station_slots[s + 1] && err == LOA_OK; i++) {
            size_t sl = slot_order[i], a = B->seq_at[sl], z = B->seq_at[sl + 1], k;
            loa_mp3_info info;
            char base[128], *dst;

            memset(&slots[sl], 0, sizeof slots[sl]);
            if (loai_build_cancelled(B)) {
                loai_diag_set(diag, "stopped by a signal");
                err = LOA_ERR_CANCELLED;
                break;
            }
            if ((err = loa_publish_slot_name(P, sl, base, sizeof base - 5)) != LOA_OK)
                break;
            strcat(base, ".mp3");
            if ((names[sl] = strdup(base)) == NULL || (dst = loai_file_join(dir, base)) == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            publish_tags(B, (long)sl, 0, &tags, title, sizeof title, album, sizeof album, year);
            for (k = a; k < z && err == LOA_OK; k++)
                err = piece_src(B, psrc, B->seq[k], &srcs[k - a], diag);
            if (err == LOA_OK)
                err = loai_mp3_join_srcs(dst, srcs, z - a, &tags, id3, &info, diag);
            free(dst);
            slots[sl].path = names[sl];
            slots[sl].seconds = info.seconds;
            seq_loudness(B, a, z, &slots[sl].lufs, &slots[sl].true_peak_db);
            /* Its pieces each kept the promise, decoded; joined frame for
             * frame in silence, so does the whole, which is said once more
             * before anything is published. */
            if (err == LOA_OK) {
                loa_diag why;

                if (!loai_promise_kept(B->pieces[B->seq[a]].profile, slots[sl].lufs,
                                       slots[sl].true_peak_db, &why)) {
                    loai_diag_set(diag, "program %s of %s would break its promise: %s", base,
                                  P->stations[s].id, why.msg);
                    err = LOA_ERR_UNSAFE;
                }
            }
            P->slots[sl].seconds = info.seconds; /* the plan had an estimate */
        }
        for (i = 0; i < P->n_clips && err == LOA_OK; i++) {
            long pi = B->item_piece[s * P->n_clips + i];
            const struct piece *pc;
            loa_mp3_info info;
            char *rel, *dst;

            if (pi < 0)
                continue;
            pc = &B->pieces[pi];
            if ((rel = malloc(strlen(P->clips[i].id) + sizeof "items/.mp3")) == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            sprintf(rel, "items/%s.mp3", P->clips[i].id);
            names[P->n_slots + i] = rel;
            if ((dst = loai_file_join(dir, rel)) == NULL) {
                err = LOA_ERR_NOMEM;
                break;
            }
            publish_tags(B, -1, i, &tags, title, sizeof title, album, sizeof album, year);
            if (item_at[pi] != NULL && item_clip[pi] == (long)i && link(item_at[pi], dst) == 0) {
                info.seconds = item_secs[pi];
            } else {
                loai_mp3_src *src;

                if ((err = piece_src(B, psrc, (size_t)pi, &src, diag)) == LOA_OK)
                    err = loai_mp3_join_srcs(dst, &src, 1, &tags, id3, &info, diag);
                if (err == LOA_OK && item_at[pi] == NULL) {
                    item_at[pi] = dst;
                    item_clip[pi] = (long)i;
                    item_secs[pi] = info.seconds;
                    dst = NULL;
                }
            }
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
            struct station_index ix = {station_slots, slot_order};

            err = publish_urgent(B, s, dir, &ix, psrc, id3, diag);
        }
        if (err == LOA_OK) {
            loa_publish_paths paths = {slots, clips, station_relay(B, P->stations[s].id)};

            err = loa_publish_station_week(P, s, &paths, dir, diag);
        }
    }
    if (err == LOA_OK)
        err = loa_publish_district_report_asrun(P, stage, &asrun, diag);
    if (err == LOA_OK && loai_build_cancelled(B)) {
        loai_diag_set(diag, "stopped by a signal");
        err = LOA_ERR_CANCELLED;
    }
    if (err == LOA_OK)
        err = loai_build_week_unchanged(B, B->res->target, diag);
    if (err == LOA_OK) {
        if ((err = loa_publish_commit(B->res->target, stage, diag)) == LOA_OK)
            stamp_write(B, B->res->target, hex);
        if (err == LOA_OK) /* the stations' air plans follow (publish_air.c) */
            err = loa_air_update(&B->cfg, (double)time(NULL), diag);
    } else {
        loa_publish_abort(stage);
        B->stage_removed = stage != NULL;
    }
out:
    if (names != NULL)
        for (i = 0; i < P->n_slots + P->n_clips; i++)
            free(names[i]);
    if (psrc != NULL)
        for (i = 0; i < B->n_pieces; i++)
            loai_mp3_src_free(psrc[i]);
    if (item_at != NULL)
        for (i = 0; i < B->n_pieces; i++)
            free(item_at[i]);
    loai_mp3_id3_free(id3);
    free(psrc);
    free(item_at);
    free(item_clip);
    free(item_secs);
    free(station_slots);
    free(slot_order);
    free(names);
    free(srcs);
    free(timed);
    free(slots);
    free(clips);
    free(stage);
    free(dir);
    return err;
}
