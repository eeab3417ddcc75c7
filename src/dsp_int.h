/* The DSP of the program engine: resampling (dsp.c, libsoxr), filters,
 * crossfades and ducking (dsp_eq.c); never installed (tests reach it
 * through -Isrc). */
#ifndef LOA_DSP_INT_H
#define LOA_DSP_INT_H

#include <stddef.h>

#include "loa/audio.h"
#include "loa/error.h"

typedef struct loai_resampler loai_resampler; /* streaming mono resampler (libsoxr) */

/* Create a mono resampler from IN_RATE to OUT_RATE that hands its output
 * to FN. Equal rates pass audio through untouched. */
loa_err loai_resampler_new(loai_resampler **out, int in_rate, int out_rate, loa_pcm_fn fn,
                          void *ctx, loa_diag *diag);

/* Feed FRAMES frames; output reaches FN as it is produced. */
loa_err loai_resampler_write(loai_resampler *r, const float *pcm, size_t frames, loa_diag *diag);

/* Flush the resampler's delay line into FN. */
loa_err loai_resampler_finish(loai_resampler *r, loa_diag *diag);

/* Release; NULL-safe. */
void loai_resampler_free(loai_resampler *r);

/* Resample a whole buffer in place of *A to RATE (mono or multichannel). */
loa_err loai_audio_resample(loa_audio *a, int rate, loa_diag *diag);

/* One second-order IIR section (RBJ Audio EQ Cookbook), direct form I in
 * double precision. Coefficients are computed for the rate the audio runs
 * at, so a profile means the same corner at 22050 and 44100 Hz. */
typedef struct loai_biquad {
    double b0, b1, b2, a1, a2; /* normalised by a0 */
    double x1, x2, y1, y2;     /* state */
} loai_biquad;

/* Set BQ to a high-pass, low-pass or peaking filter at FC Hz for RATE Hz
 * audio (FC must be below RATE / 2) and clear its state. */
void loai_biquad_highpass(loai_biquad *bq, int rate, double fc, double q);
void loai_biquad_lowpass(loai_biquad *bq, int rate, double fc, double q);
void loai_biquad_peak(loai_biquad *bq, int rate, double fc, double q, double gain_db);
void loai_biquad_allpass(loai_biquad *bq, int rate, double fc, double q);

/* Filter N samples of PCM in place. */
void loai_biquad_run(loai_biquad *bq, float *pcm, size_t n);

/* The speech EQ for horns: a 4th-order Butterworth high-pass, a presence
 * lift (peaking, Q 1) and an optional 2nd-order low-pass. */
typedef struct loai_eq {
    loai_biquad bq[8];
    int n;
} loai_eq;

/* Build the EQ for RATE Hz audio. HP_HZ or LP_HZ of 0 and PRESENCE_DB of 0
 * leave that stage out. Corners at or above RATE / 2 are LOA_ERR_INVALID. */
loa_err loai_eq_init(loai_eq *eq, int rate, double hp_hz, double presence_db, double presence_hz,
                    double lp_hz, loa_diag *diag);

/* Add a phase rotator to EQ: four all-pass sections at 300 Hz (Q 0.7).
 * The spectrum is untouched; the lopsided glottal pulses of synthesized
 * speech become more symmetric, which lowers its peak-to-loudness ratio
 * by 1-2 dB and spares the limiter ~3 dB of work at -16 LUFS (measured on
 * two minutes of espeak-ng Vietnamese). */
void loai_eq_add_rotator(loai_eq *eq, int rate);

/* Filter N mono samples in place. */
void loai_eq_run(loai_eq *eq, float *pcm, size_t n);

/* Equal-power crossfade gains at position K of an N-frame overlap:
 * *FADE_OUT = cos, *FADE_IN = sin of the same angle, so their squares
 * sum to one at every frame. */
void loai_xfade_gains(size_t k, size_t n, float *fade_out, float *fade_in);

/* Ducking of a music bed around known speech: times in frames. */
typedef struct loai_duck {
    double duck_db;   /* attenuation under speech, positive (e.g. 18) */
    size_t attack;    /* ramp down that ends where speech starts */
    size_t release;   /* ramp up that starts where speech ends */
    size_t hold;      /* pauses shorter than this stay ducked */
} loai_duck;

/* Bed gain (linear, 1 = unducked) at offset U of a pause of LEN frames
 * between parts; PREV_SPEECH / NEXT_SPEECH say whether foreground audio
 * (speech or jingle) comes before / after it. Foreground itself is ducked:
 * loai_duck_gain(d, ...) for a pause ranges from that level to 1. */
double loai_duck_gain(const loai_duck *d, size_t u, size_t len, int prev_speech, int next_speech);

/* loai_biquad_run on A, then on B, in one sweep (dsp_eq.c): faster. */
void loai_biquad_run2(loai_biquad *a, loai_biquad *b, float *pcm, size_t n);

#endif
