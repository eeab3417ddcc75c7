/* Loudness internals shared with the program engine (loudness*.c); never
 * installed. */
#ifndef LOA_LOUDNESS_INT_H
#define LOA_LOUDNESS_INT_H

#include <stddef.h>

#include "loa/error.h"

/* The largest 4x-interpolated peak of a mono stream, as the limiter's
 * detector sees it (loudness.c), searched only where it could be larger
 * than the one found so far: much cheaper than a meter's true peak. */
typedef struct loai_tp_meter loai_tp_meter;
loa_err loai_tp_meter_new(loai_tp_meter **out);
loa_err loai_tp_meter_add(loai_tp_meter *t, const float *pcm, size_t n);
double loai_tp_meter_read(const loai_tp_meter *t); /* dBTP; -HUGE_VAL in silence */
void loai_tp_meter_free(loai_tp_meter *t);

/* The loudness model (loudness.c): fed a program's foreground and bed
 * once, it predicts the integrated loudness the limiter's output will
 * have for any gain, bed weight and ceiling. */
typedef struct loai_lmodel loai_lmodel;
loa_err loai_lmodel_new(loai_lmodel **out, int rate, double lookahead_ms, double release_ms,
                        loa_diag *diag);
/* Feed N frames of the foreground FG and the bed BED (NULL: none). */
loa_err loai_lmodel_add(loai_lmodel *m, const float *fg, const float *bed, size_t n);
loa_err loai_lmodel_finish(loai_lmodel *m);
/* LUFS of limit(GAIN_DB x (WF fg + WB bed)) under CEILING_DBTP (HUGE_VAL:
 * no limiting); *MIN_GAIN_DB (may be NULL): the deepest gain reduction. */
double loai_lmodel_lufs(const loai_lmodel *m, double wf, double wb, double gain_db,
                        double ceiling_dbtp, double *min_gain_db);
/* The gain (dB) that the model says gives WANT_LUFS under CEILING_DBTP. */
double loai_lmodel_solve(const loai_lmodel *m, double wf, double wb, double ceiling_dbtp,
                         double want_lufs);
void loai_lmodel_free(loai_lmodel *m);

/* The encode pass's meter (loudness.c): integrated loudness and loudness
 * range of a mono stream as libebur128 reads them (BS.1770-4 gating, EBU
 * Tech 3342), at about the cost of a K filter. read: -HUGE_VAL LUFS in
 * silence, LRA 0 under 3 s. */
typedef struct loai_kmeter loai_kmeter;
loa_err loai_kmeter_new(loai_kmeter **out, int rate, loa_diag *diag);
loa_err loai_kmeter_add(loai_kmeter *m, const float *pcm, size_t n);
loa_err loai_kmeter_read(const loai_kmeter *m, double *lufs, double *lra);
void loai_kmeter_free(loai_kmeter *m);

#endif
