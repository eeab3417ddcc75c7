/* The benchmark's floor: libespeak-ng synthesis alone, then LAME encoding
 * alone of that audio (resampled outside the timed part), in-process, with
 * the same settings loa uses. Prints "synth_s encode_s audio_s" (CPU seconds). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loa/loa.h"
#include "dsp_int.h"

static loa_audio speech;

static loa_err collect(void *ctx, const float *pcm, size_t n)
{
    (void)ctx;
    return loa_audio_append(&speech, pcm, n);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    loa_synth *s = NULL;
    loa_mp3 *m = NULL;
    loa_diag d;
    char *text, *line, *save = NULL;
    size_t len;
    double t0, t1, t2;
    int rate = argc > 3 ? atoi(argv[3]) : 44100;
    /* One encoder thread: the floor is what one core needs. */
    loa_mp3_opts mo = {argc > 4 ? atoi(argv[4]) : 64, 3, NULL, NULL, NULL, NULL, NULL, 1, 0, 0.0};

    if (argc < 3) {
        fprintf(stderr, "usage: floor TEXT OUT.mp3 [RATE [KBPS]]\n");
        return 2;
    }
    if (loa_file_read(argv[1], &text, &len, &d) != LOA_OK ||
        loa_synth_open(&s, NULL, &d) != LOA_OK) {
        fprintf(stderr, "floor: %s\n", d.msg);
        return 1;
    }
    loa_audio_init(&speech, loa_synth_rate(s), 1);
    t0 = now();
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if (loa_synth_speak(s, line, strlen(line), collect, NULL, &d) != LOA_OK)
            return 1;
    t1 = now() - t0; /* synthesis alone */
    if (loai_audio_resample(&speech, rate, &d) != LOA_OK) /* not part of the floor */
        return 1;
    t2 = now();
    if (loa_mp3_open(&m, argv[2], rate, &mo, &d) != LOA_OK ||
        loa_mp3_write(m, speech.data, speech.frames, &d) != LOA_OK ||
        loa_mp3_finish(m, &d) != LOA_OK) {
        fprintf(stderr, "floor: %s\n", d.msg);
        return 1;
    }
    t2 = now() - t2;
    printf("%.3f %.3f %.1f\n", t1, t2, (double)speech.frames / rate);
    loa_mp3_free(m);
    loa_synth_free(s);
    loa_audio_clear(&speech);
    free(text);
    return 0;
}
