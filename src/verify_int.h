/* What a published file promises, and the one check of it on the decoded
 * file (verify.c): the program engine after each encode, the build before
 * it trusts a cached piece, `loa build --verify-cache`. The encoder's own
 * checks (e.g. a parallel encoder re-encoding a chunk that overshoots) can
 * measure PCM with the same meter (loai_measure_*); never installed. */
#ifndef LOA_VERIFY_INT_H
#define LOA_VERIFY_INT_H

#include <stddef.h>

#include "loa/error.h"
#include "loa/profile.h"

/* The promise every piece and program keeps, whatever its input: true
 * peak at or under the profile's ceiling and integrated loudness within
 * this of its target (the engine aims within 0.3 LU; a meter may read
 * +-0.5 LU for a programme, EBU Tech 3341). */
#define LOAI_PROMISE_LU 0.5
/* A true peak this little over the ceiling is rounding between meters
 * (ours and ffmpeg's both interpolate 4x), not a broken promise. */
#define LOAI_PROMISE_TP_EPS 0.05

/* What was measured on decoded audio. Silence reads -HUGE_VAL. */
typedef struct loai_measure {
    size_t frames;
    int rate;
    double seconds;
    double lufs; /* integrated loudness (BS.1770-4 gating) */
    double tp;   /* 4x-interpolated true peak, dBTP */
    double lra;  /* loudness range, LU (EBU Tech 3342; 0 under 3 s) */
} loai_measure;

/* A streaming meter of both: feed it mono PCM at RATE. */
typedef struct loai_measurer loai_measurer;
loa_err loai_measurer_new(loai_measurer **out, int rate, loa_diag *diag);
loa_err loai_measurer_add(loai_measurer *m, const float *pcm, size_t n);
void loai_measurer_read(const loai_measurer *m, loai_measure *out);
void loai_measurer_free(loai_measurer *m);

/* Decode the whole of PATH (any format libsndfile reads) and measure it;
 * errors name PATH. */
loa_err loai_measure_file(const char *path, loai_measure *out, loa_diag *diag);

/* 1 when LUFS and TP keep PROFILE's promise; else 0, with what is wrong
 * in DIAG ("-18.2 LUFS, 5.2 LU over the target -23 LUFS" ...). Silence
 * (-HUGE_VAL) never keeps it. */
int loai_promise_kept(const loa_profile *pf, double lufs, double tp, loa_diag *diag);

#endif
